/*
 * script.c - which script a word is written in, and look-alike letters.
 *
 * Lists typed on the wrong keyboard layout, or read by OCR, mix Latin and
 * Cyrillic letters that look the same: "Коваленкo" with a Latin o.  A word
 * whose other letters are all Cyrillic gets its Latin look-alikes mapped to
 * Cyrillic, and the other way round.  Case matters for a few letters: a
 * capital B imitates В, a small b imitates ь; a capital H imitates Н.
 * When a word has letters of both scripts that are not look-alikes, the
 * look-alikes follow the majority and the word's script is unknown.
 *
 * Language is decided by letters only Ukrainian (і ї є ґ, the apostrophe
 * inside a word) or only Russian (ы э ё ъ) has; a word with neither, or
 * with both, is HW_SCRIPT_CYRL.
 */
#include <utf8proc.h>

#include "homeward/names.h"
#include "names/names_int.h"
#include "core/banned.h"

struct pair {
	int32_t from, to;
};

/* Latin letters that imitate Cyrillic ones. */
static const struct pair lat_to_cyr[] = {
	{ 'A', 0x410 }, { 'B', 0x412 }, { 'C', 0x421 }, { 'E', 0x415 },
	{ 'H', 0x41D }, { 'I', 0x406 }, { 'K', 0x41A }, { 'M', 0x41C },
	{ 'O', 0x41E }, { 'P', 0x420 }, { 'T', 0x422 }, { 'X', 0x425 },
	{ 'Y', 0x423 }, { 'a', 0x430 }, { 'b', 0x44C }, { 'c', 0x441 },
	{ 'e', 0x435 }, { 'h', 0x43D }, { 'i', 0x456 }, { 'k', 0x43A },
	{ 'm', 0x43C }, { 'o', 0x43E }, { 'p', 0x440 }, { 't', 0x442 },
	{ 'x', 0x445 }, { 'y', 0x443 }, { 0xCB, 0x401 }, { 0xCF, 0x407 },
	{ 0xEB, 0x451 }, { 0xEF, 0x457 },
};

/* Cyrillic letters that imitate Latin ones. */
static const struct pair cyr_to_lat[] = {
	{ 0x405, 'S' }, { 0x406, 'I' }, { 0x408, 'J' }, { 0x410, 'A' },
	{ 0x412, 'B' }, { 0x415, 'E' }, { 0x41A, 'K' }, { 0x41C, 'M' },
	{ 0x41D, 'H' }, { 0x41E, 'O' }, { 0x420, 'P' }, { 0x421, 'C' },
	{ 0x422, 'T' }, { 0x423, 'Y' }, { 0x425, 'X' }, { 0x430, 'a' },
	{ 0x435, 'e' }, { 0x43A, 'k' }, { 0x43E, 'o' }, { 0x440, 'p' },
	{ 0x441, 'c' }, { 0x443, 'y' }, { 0x445, 'x' }, { 0x455, 's' },
	{ 0x456, 'i' }, { 0x458, 'j' }, { 0x401, 0xCB }, { 0x407, 0xCF },
	{ 0x451, 0xEB }, { 0x457, 0xEF },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int32_t find(const struct pair *p, size_t n, int32_t cp)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].from == cp)
			return p[i].to;
	return -1;
}

struct counts {
	size_t lat, lat_alike, cyr, cyr_alike;
};

/*
 * The letter as it was written: folded text keeps the case in `upper`, and
 * the look-alike tables are case-sensitive.
 */
static int32_t as_written(const struct ntext *t, size_t i)
{
	return t->upper[i] && nt_lower(t->cp[i]) == t->cp[i] ? utf8proc_toupper(t->cp[i])
							      : t->cp[i];
}

/*
 * A letter with a combining mark after it is taken as written: mapping it
 * would let NFKC compose the pair into another letter on the next pass.
 */
static int may_map(const struct ntext *t, size_t i, size_t to)
{
	return !(i + 1 < to && nt_class_of(t->cp[i + 1]) == NT_MARK);
}

static void count_word(const struct ntext *t, size_t from, size_t to, struct counts *c)
{
	size_t i;

	c->lat = c->lat_alike = c->cyr = c->cyr_alike = 0;
	for (i = from; i < to; i++) {
		int32_t cp = as_written(t, i);
		enum nt_class k = nt_class_of(cp);

		if (k == NT_LATIN) {
			if (may_map(t, i, to) && find(lat_to_cyr, NELEM(lat_to_cyr), cp) >= 0)
				c->lat_alike++;
			else
				c->lat++;
		} else if (k == NT_CYRILLIC) {
			if (may_map(t, i, to) && find(cyr_to_lat, NELEM(cyr_to_lat), cp) >= 0)
				c->cyr_alike++;
			else
				c->cyr++;
		}
	}
}

static void map_word(struct ntext *t, size_t from, size_t to, const struct pair *p,
		     size_t np, enum nt_class cls, int folded)
{
	size_t i;

	for (i = from; i < to; i++) {
		int32_t cp = as_written(t, i), mapped;

		if (nt_class_of(cp) != cls || !may_map(t, i, to))
			continue;
		mapped = find(p, np, cp);
		if (mapped >= 0)
			t->cp[i] = folded ? nt_lower(mapped) : mapped;
	}
}

static void fix_word(struct ntext *t, size_t from, size_t to, int folded)
{
	struct counts c;
	int to_cyr;

	count_word(t, from, to, &c);
	if (!c.lat_alike && !c.cyr_alike)
		return;
	if (c.lat || c.cyr)
		to_cyr = c.cyr >= c.lat;
	else
		to_cyr = c.cyr_alike >= c.lat_alike;
	if (to_cyr && c.lat_alike)
		map_word(t, from, to, lat_to_cyr, NELEM(lat_to_cyr), NT_LATIN, folded);
	else if (!to_cyr && c.cyr_alike)
		map_word(t, from, to, cyr_to_lat, NELEM(cyr_to_lat), NT_CYRILLIC, folded);
}

void nt_fix_lookalikes(struct ntext *t, int folded)
{
	size_t i = 0, start;

	while (i < t->n) {
		while (i < t->n && (!nt_is_word_cp(t->cp[i]) || t->cp[i] == '\''))
			i++;
		start = i;
		while (i < t->n && nt_is_word_cp(t->cp[i]))
			i++;
		if (i > start)
			fix_word(t, start, i, folded);
	}
}

static int is_uk_letter(int32_t cp)
{
	switch (cp) {
	case 0x404: case 0x406: case 0x407: case 0x490:
	case 0x454: case 0x456: case 0x457: case 0x491:
		return 1;
	default:
		return 0;
	}
}

static int is_ru_letter(int32_t cp)
{
	switch (cp) {
	case 0x401: case 0x42A: case 0x42B: case 0x42D:
	case 0x451: case 0x44A: case 0x44B: case 0x44D:
		return 1;
	default:
		return 0;
	}
}

enum hw_script nt_word_script(const struct ntext *t, size_t from, size_t to)
{
	size_t i, lat = 0, cyr = 0, other = 0;
	int uk = 0, ru = 0;

	for (i = from; i < to; i++) {
		int32_t cp = t->cp[i];

		switch (nt_class_of(cp)) {
		case NT_LATIN:
			lat++;
			break;
		case NT_CYRILLIC:
			cyr++;
			uk |= is_uk_letter(cp);
			ru |= is_ru_letter(cp);
			break;
		case NT_LETTER:
			other++;
			break;
		default:
			if (cp == '\'' && i > from && i + 1 < to &&
			    nt_class_of(t->cp[i - 1]) == NT_CYRILLIC &&
			    nt_class_of(t->cp[i + 1]) == NT_CYRILLIC)
				uk = 1;
			break;
		}
	}
	if ((lat && cyr) || other || (!lat && !cyr))
		return HW_SCRIPT_UNKNOWN;
	if (lat)
		return HW_SCRIPT_LATN;
	if (uk != ru)
		return uk ? HW_SCRIPT_UK : HW_SCRIPT_RU;
	return HW_SCRIPT_CYRL;
}

enum hw_script hw_name_script(const char *token, size_t len)
{
	struct ntext t;

	if (nt_check(token, &len, NULL) || nt_prepare(token, len, NT_FOLD, &t, NULL))
		return HW_SCRIPT_UNKNOWN;
	return nt_word_script(&t, 0, t.n);
}
