/*
 * cyrillize.c - a best guess at the Ukrainian Cyrillic spelling of a Latin
 * name (hw_name_cyrillize_uk), for display and manual search.
 *
 * The 2010 system is not reversible: i stands for і, ї and й; ь and the
 * apostrophe are dropped; ia/iu/ie stand for я/ю/є after a consonant but
 * are written ya/yu/ye at the start of a word.  The guesses:
 *   word-initial ye yi yu ya yo -> є ї ю я йо; y/j + vowel elsewhere too
 *   ia iu ie io after a consonant -> я ю є ьо; at the start or after a
 *     vowel -> я ю є йо (Iaroshenko -> Ярошенко, Zoia -> Зоя)
 *   ii at the end -> ій (Serhii), before v -> ії (Andriivna), before a
 *     vowel -> і + the iotated vowel (Mariia -> Марія), else -> ій (Oliinyk)
 *   i after a vowel -> й (Mykolai, Maiboroda); y after a vowel -> й, else и
 *   -sky/-ski -> -ськ (Bilouskyi -> Білоуський), -ets at the end -> -ець
 *   h and g -> г (ґ cannot be told from informal g); x -> кс
 * The canonical form, not this guess, is what matching uses.
 */
#include <string.h>
#include <utf8proc.h>

#include "homeward/names.h"
#include "names/names_int.h"
#include "core/banned.h"

struct cw {
	int32_t out[2 * NT_MAX_CP];
	size_t o;
};

static void emit(struct cw *w, const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;

	while (*s) {
		int32_t c;

		if (*s < 0x80) {
			c = *s++;
		} else {
			c = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
			s += 2;
		}
		w->out[w->o++] = c;
	}
}

static int latin_vowel(int32_t c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int cyr_vowel(int32_t c)
{
	switch (c) {
	case 0x430: case 0x435: case 0x454: case 0x438: case 0x456: case 0x457:
	case 0x43E: case 0x443: case 0x44E: case 0x44F:
		return 1;
	default:
		return 0;
	}
}

static const char *iotated(int32_t v, int after_consonant)
{
	switch (v) {
	case 'a': return "я";
	case 'u': return "ю";
	case 'e': return "є";
	case 'i': return "ї";
	default: return after_consonant ? "ьо" : "йо";
	}
}

static int memcmp_cp(const int32_t *l, const char *s, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (l[i] != s[i])
			return 1;
	return 0;
}

struct rule {
	const char *latin;
	const char *cyr;
};

static const struct rule clusters[] = {
	{ "shch", "щ" }, { "sch", "щ" }, { "zgh", "зг" }, { "zh", "ж" }, { "kh", "х" },
	{ "tch", "ч" }, { "ch", "ч" }, { "sh", "ш" }, { "tz", "ц" }, { "ph", "ф" },
	{ "ck", "к" }, { "gh", "г" },
};

static const char *const single[26] = {
	"а", "б", NULL, "д", "е", "ф", "г", "г", NULL, "й", "к", "л", "м",
	"н", "о", "п", "к", "р", "с", "т", "у", "в", "в", "кс", NULL, "з",
};

/*
 * The adjectival ending -ий at the end of a word: -yi -yy -y -yj after a
 * consonant (Bilyi, -skyy, -sky), and -i -ii -iy -ij after -ськ/-цьк
 * (-ski, -skii, -skiy); elsewhere "ii" is -ій (Serhii).  Returns the
 * Latin letters it covers, or 0.
 */
static size_t adjective_end(const int32_t *l, size_t n, size_t p, const struct cw *w)
{
	static const char *const ends[] = { "yi", "yy", "yj", "y", "iy", "ii", "ij", "i" };
	size_t i, k;

	if (!w->o || cyr_vowel(w->out[w->o - 1]) || (l[p] != 'y' && l[p] != 'i'))
		return 0;
	if (l[p] == 'i' && !(w->o >= 3 && w->out[w->o - 1] == 0x43A && w->out[w->o - 2] == 0x44C))
		return 0;
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		k = strlen(ends[i]);
		if (p + k == n && !memcmp_cp(l + p, ends[i], k))
			return k;
	}
	return 0;
}

static size_t step_i(const int32_t *l, size_t n, size_t p, int prev_vowel, struct cw *w)
{
	int32_t n1 = p + 1 < n ? l[p + 1] : 0, n2 = p + 2 < n ? l[p + 2] : 0;

	if (n1 == 'i') {
		if (n2 == 'a' || n2 == 'u' || n2 == 'e') {
			emit(w, "і");
			return 1;
		}
		emit(w, n2 == 'v' ? "ії" : "ій");
		return 2;
	}
	if (n1 == 'a' || n1 == 'u' || n1 == 'e' || n1 == 'o') {
		emit(w, iotated(n1, !prev_vowel));
		return 2;
	}
	emit(w, prev_vowel && p ? "й" : "і");
	return 1;
}

static size_t step(const int32_t *l, size_t n, size_t p, struct cw *w)
{
	int32_t c = l[p], n1 = p + 1 < n ? l[p + 1] : 0, n2 = p + 2 < n ? l[p + 2] : 0;
	int prev_vowel = !w->o || cyr_vowel(w->out[w->o - 1]);
	size_t r;

	r = adjective_end(l, n, p, w);
	if (r) {
		emit(w, "ий");
		return r;
	}
	if ((c == 'y' || c == 'j') && latin_vowel(n1)) {
		emit(w, iotated(n1, !prev_vowel));
		return 2;
	}
	if (c == 'y' || c == 'j') {
		emit(w, (prev_vowel && p) || c == 'j' ? "й" : "и");
		return 1;
	}
	if (c == 'i')
		return step_i(l, n, p, prev_vowel, w);
	if (c == 't' && n1 == 's') {
		emit(w, p + 2 == n && p && l[p - 1] == 'e' ? "ць" :
			(n2 == 'k' && p + 3 < n ? "цьк" : "ц"));
		return n2 == 'k' && p + 3 < n ? 3 : 2;
	}
	if (c == 's' && n1 == 'k' && (n2 == 'y' || n2 == 'i') && p) {
		emit(w, w->out[w->o - 1] == 0x43B ? "ьськ" : "ськ"); /* Ковальський */
		return 2;
	}
	for (r = 0; r < sizeof(clusters) / sizeof(clusters[0]); r++) {
		size_t k = strlen(clusters[r].latin), j;

		for (j = 0; j < k && p + j < n && l[p + j] == clusters[r].latin[j]; j++)
			;
		if (j == k) {
			emit(w, clusters[r].cyr);
			return k;
		}
	}
	if (c == 'c') {
		emit(w, n1 == 'e' || n1 == 'i' || n1 == 'y' || !n1 ? "ц" : "к");
		return 1;
	}
	if (c >= 'a' && c <= 'z' && single[c - 'a']) {
		emit(w, single[c - 'a']);
		return 1;
	}
	if (c == '\'') {
		emit(w, "'");
		return 1;
	}
	w->out[w->o++] = c;
	return 1;
}

/* One word t->cp[from, to) into the output code points, with its case. */
static void word(const struct ntext *t, size_t from, size_t to, struct cw *w)
{
	int32_t l[NT_MAX_CP];
	size_t i, p = 0, start = w->o, letters = 0, upper = 0;

	for (i = from; i < to; i++) {
		l[i - from] = nt_lower(t->cp[i]);
		if (nt_class_of(t->cp[i]) == NT_LATIN) {
			letters++;
			upper += l[i - from] != t->cp[i];
		}
	}
	while (p < to - from)
		p += step(l, to - from, p, w);
	if (letters > 1 && upper == letters) {
		for (i = start; i < w->o; i++)
			w->out[i] = utf8proc_toupper(w->out[i]);
	} else if (w->o > start && letters && t->cp[from] != l[0]) {
		w->out[start] = utf8proc_toupper(w->out[start]);
	}
}

enum hw_err hw_name_cyrillize_uk(const char *in, size_t len, struct hw_buf *out,
				 struct hw_error *err)
{
	struct ntext t;
	struct cw w;
	char text[4 * 2 * NT_MAX_CP];
	size_t i = 0, o = 0;
	enum hw_err rc;

	rc = nt_check(in, &len, err);
	if (!rc)
		rc = nt_prepare(in, len, 0, &t, err);
	if (rc)
		return rc;
	w.o = 0;
	while (i < t.n) {
		size_t start = i;

		if (!nt_is_word_cp(t.cp[i])) {
			w.out[w.o++] = t.cp[i++];
			continue;
		}
		while (i < t.n && nt_is_word_cp(t.cp[i]))
			i++;
		if (nt_word_script(&t, start, i) == HW_SCRIPT_LATN) {
			word(&t, start, i, &w);
		} else {
			memcpy(w.out + w.o, t.cp + start, (i - start) * sizeof(*t.cp));
			w.o += i - start;
		}
	}
	for (i = 0; i < w.o; i++)
		o += nt_put_utf8(text + o, w.out[i]);
	rc = hw_buf_add(out, text, o);
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}
