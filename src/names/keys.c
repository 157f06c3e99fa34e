/*
 * keys.c - keys of a canonical form for the candidate index.
 *
 * The primary key is the consonant frame of the canonical form: vowels are
 * where spellings and typists disagree most (і/е/и, о/а, dropped or doubled
 * vowels, transposed vowel and consonant as in "Олекасндр"), so dropping
 * them makes all those meet on one key.  A leading vowel is kept as '@' so
 * that "Арсен" and "Рсен"-like truncations stay apart, and щ is folded into
 * ш (informal "Polishuk" for Поліщук).  For one wrong consonant the index
 * also stores the frame with each consonant deleted in turn (a symmetric
 * deletion neighbourhood, as in SymSpell): two frames at distance 1 always
 * share one of these keys.  Short frames (under 4 consonants) get no
 * deletion keys: "Бут" minus one letter would match half the registry.
 */
#include <string.h>

#include "homeward/names.h"
#include "core/banned.h"

#define MIN_DELETE 4
#define MAX_DELETE 15

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static size_t frame(const char *canon, size_t len, char *out)
{
	size_t i, o = 0;
	int first = 1;

	for (i = 0; i < len && o < HW_NAME_KEY_MAX - 1; i++) {
		char c = canon[i];

		if (c == ' ' || c == '-' || c == '\'')
			continue;
		if (is_vowel(c)) {
			if (first)
				out[o++] = '@';
		} else {
			out[o++] = c == 'Q' ? 'S' : c;
		}
		first = 0;
	}
	out[o] = '\0';
	return o;
}

static int have(const struct hw_name_keys *keys, const char *k)
{
	size_t i;

	for (i = 0; i < keys->count; i++)
		if (!strcmp(keys->key[i], k))
			return 1;
	return 0;
}

void hw_name_keys(const char *canon, size_t len, struct hw_name_keys *keys)
{
	char *k0 = keys->key[0];
	size_t n, i, start, consonants;

	keys->count = 0;
	if (!canon)
		return;
	if (len == HW_NAME_NUL)
		len = strlen(canon);
	n = frame(canon, len, k0);
	if (!n)
		return;
	keys->count = 1;
	start = k0[0] == '@';
	consonants = n - start;
	if (consonants < MIN_DELETE || consonants > MAX_DELETE)
		return;
	for (i = start; i < n && keys->count < HW_NAME_KEYS_MAX; i++) {
		char *k = keys->key[keys->count];

		memcpy(k, k0, i);
		memcpy(k + i, k0 + i + 1, n - i);
		if (!have(keys, k))
			keys->count++;
	}
}
