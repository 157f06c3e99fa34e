/*
 * spell.c - our names as the other side's clerk writes them (spell.h).
 *
 * A clerk on the other side writes a Ukrainian name in Russian: the given
 * name and patronymic in their Russian forms (the given-name table knows
 * them: Олександр Петрович -> Александр Петрович), the family name letter
 * by letter as it sounds to a Russian speaker (і ї -> и, є -> е, ґ -> г,
 * the apostrophe -> ь, -ський -> -ский, -ець -> -ец, adjectival -ий ->
 * -ый) with a few stems whose vowel Russian writes otherwise (Біл- ->
 * Бел-, Риб- -> Рыб-).  The family-name rules are those of
 * bench/listgen.py, written again in C; they share nothing with the
 * matcher's canonical form (src/names), so the demo's lists can show a
 * spelling the matcher misses.  Given names and patronymics take their
 * Russian forms from the given-name table, as a clerk knows them.  Text is
 * handled as code points; only Cyrillic and ASCII letters change case.
 */
#include <stdint.h>
#include <string.h>

#include "homeward/names.h"
#include "demo/spell.h"
#include "core/banned.h"

#define MAX_CPS 256

struct cps {
	uint32_t c[MAX_CPS];
	size_t n;
};

/* Decodes UTF-8 into code points; -1 when invalid or too long. */
static int decode(const char *s, size_t len, struct cps *o)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint32_t c;
	int more;

	o->n = 0;
	while (p < end) {
		if (o->n == MAX_CPS)
			return -1;
		if (*p < 0x80) {
			c = *p++;
			more = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			c = *p++ & 0x1f;
			more = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p++ & 0x0f;
			more = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			c = *p++ & 0x07;
			more = 3;
		} else {
			return -1;
		}
		for (; more; more--) {
			if (p == end || (*p & 0xc0) != 0x80)
				return -1;
			c = c << 6 | (*p++ & 0x3f);
		}
		o->c[o->n++] = c;
	}
	return 0;
}

static enum hw_err put_cp(struct hw_buf *out, uint32_t c)
{
	char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | c >> 12);
		b[1] = (char)(0x80 | (c >> 6 & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | c >> 18);
		b[1] = (char)(0x80 | (c >> 12 & 0x3f));
		b[2] = (char)(0x80 | (c >> 6 & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	return hw_buf_add(out, b, n);
}

/* Appends code points; on failure `out` is as it was. */
static enum hw_err encode(const uint32_t *c, size_t n, struct hw_buf *out)
{
	size_t keep = out->len, i;

	for (i = 0; i < n; i++) {
		if (put_cp(out, c[i])) {
			hw_buf_truncate(out, keep);
			return HW_NOMEM;
		}
	}
	return HW_OK;
}

static uint32_t cp_lower(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0x410 && c <= 0x42f))
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	if (c == 0x490)
		return 0x491;
	return c;
}

static uint32_t cp_upper(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 0x430 && c <= 0x44f))
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45f)
		return c - 0x50;
	if (c == 0x491)
		return 0x490;
	return c;
}

static int cp_is_upper(uint32_t c)
{
	return cp_lower(c) != c;
}

static int cp_is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0x24f) ||
	       (c >= 0x400 && c <= 0x4ff);
}

static int cp_is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2bc || c == 0x2019 || c == 0x2018 || c == '`';
}

/* Cyrillic vowels of both languages, lower case. */
static int cp_is_vowel(uint32_t c)
{
	static const uint32_t v[] = { 0x430, 0x435, 0x451, 0x438, 0x43e, 0x443, 0x44b, 0x44d,
				      0x44e, 0x44f, 0x456, 0x457, 0x454 };
	size_t i;

	for (i = 0; i < GEN_COUNT(v); i++)
		if (v[i] == c)
			return 1;
	return 0;
}

/* ---- Russian spelling of a family name -------------------------------- */

struct pair {
	const char *uk, *ru;
};

static const struct pair endings[] = {
	{ "ський", "ский" }, { "цький", "цкий" }, { "зький", "зкий" },
	{ "ська", "ская" },  { "цька", "цкая" },  { "зька", "зкая" }, { "ець", "ец" },
};

/* Word-initial stems whose vowel Russian writes otherwise. */
static const struct pair stems[] = {
	{ "рибал", "рыбал" }, { "рибак", "рыбак" }, { "рибч", "рыбч" }, { "бик", "бык" },
	{ "бистр", "быстр" }, { "крил", "крыл" },   { "лисенк", "лысенк" },
	{ "лисак", "лысак" }, { "біл", "бел" },     { "сір", "сер" },   { "чорн", "черн" },
	{ "світл", "светл" }, { "хліб", "хлеб" },
};

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && !memcmp(s + n - k, suffix, k);
}

/* 1 when the word `w` of `n` bytes ends in к г х ж ш ч or щ. */
static int after_velar(const char *w, size_t n)
{
	static const char *const letters[] = { "к", "г", "х", "ж", "ш", "ч", "щ" };
	size_t i;

	for (i = 0; i < GEN_COUNT(letters); i++)
		if (n >= 2 && !memcmp(w + n - 2, letters[i], 2))
			return 1;
	return 0;
}

/* A Ukrainian letter that Russian spelling writes as one other letter. */
static uint32_t ru_letter(uint32_t c)
{
	switch (c) {
	case 0x456: /* і */
	case 0x457: /* ї */
		return 0x438; /* и */
	case 0x454: /* є */
		return 0x435; /* е */
	case 0x491: /* ґ */
		return 0x433; /* г */
	}
	return cp_is_apostrophe(c) ? 0x44c /* ь */ : c;
}

/* Letter by letter, lower case in and out (see the top of the file). */
static enum hw_err ru_letters(const uint32_t *c, size_t n, int yi, struct hw_buf *out)
{
	static const uint32_t yi_ru[] = { 0x439, 0x438 }, ye_ru[] = { 0x44c, 0x435 };
	uint32_t prev, next;
	size_t i;
	enum hw_err rc = HW_OK;

	for (i = 0; i < n && !rc; i++) {
		prev = i ? c[i - 1] : 0;
		next = i + 1 < n ? c[i + 1] : 0;
		if (c[i] == 0x457 && yi && (!prev || cp_is_vowel(prev))) {
			rc = encode(yi_ru, 2, out);        /* Заїка -> Зайика */
		} else if (c[i] == 0x435 && i == 0) {
			rc = put_cp(out, 0x44d);           /* initial е -> э */
		} else if (c[i] == 0x44c && next == 0x43e) {
			rc = put_cp(out, 0x435);           /* Сльозко -> Слезко */
			i++;
		} else if (c[i] == 0x439 && next == 0x43e && prev && !cp_is_vowel(prev)) {
			rc = encode(ye_ru, 2, out);        /* Воробйов -> Воробьев */
			i++;
		} else {
			rc = put_cp(out, ru_letter(c[i]));
		}
	}
	return rc;
}

/* One word (lower case UTF-8, `n` bytes) of a family name, in Russian. */
static enum hw_err ru_family_word(const char *w, size_t n, int yi, int full, struct hw_buf *out)
{
	struct hw_buf tmp = HW_BUF_INIT;
	struct cps c;
	const char *suffix = "";
	size_t i;
	enum hw_err rc = HW_OK;

	for (i = 0; full && i < GEN_COUNT(endings); i++) {
		if (ends_with(w, n, endings[i].uk)) {
			n -= strlen(endings[i].uk);
			suffix = endings[i].ru;
			break;
		}
	}
	if (full && !*suffix && ends_with(w, n, "ий") && n > 8) {
		n -= strlen("ий");
		/* adjectival: Сірий -> Серый; after к г х ж ш ч щ Russian keeps -ий */
		suffix = after_velar(w, n) ? "ий" : "ый";
	}
	for (i = 0; full && i < GEN_COUNT(stems); i++) {
		size_t k = strlen(stems[i].uk);

		if (n >= k && !memcmp(w, stems[i].uk, k)) {
			rc = hw_buf_addstr(&tmp, stems[i].ru);
			w += k;
			n -= k;
			break;
		}
	}
	if (!rc)
		rc = hw_buf_add(&tmp, w, n);
	if (!rc && decode(tmp.data, tmp.len, &c))
		rc = HW_INVALID;
	if (!rc)
		rc = ru_letters(c.c, c.n, yi, out);
	if (!rc)
		rc = hw_buf_addstr(out, suffix);
	hw_buf_release(&tmp);
	return rc;
}

/* How a word was written: 0 lower, 1 capitalised, 2 ALL CAPS. */
static int case_of(const uint32_t *c, size_t n)
{
	size_t i, letters = 0, upper = 0;

	for (i = 0; i < n; i++) {
		if (!cp_is_letter(c[i]))
			continue;
		letters++;
		upper += cp_is_upper(c[i]);
	}
	if (letters > 1 && upper == letters)
		return 2;
	return n && cp_is_upper(c[0]);
}

static enum hw_err recase(const char *s, size_t n, int how, struct hw_buf *out)
{
	struct cps c;
	size_t i;

	if (decode(s, n, &c))
		return HW_INVALID;
	for (i = 0; i < c.n; i++)
		if (how == 2 || (how == 1 && i == 0))
			c.c[i] = cp_upper(c.c[i]);
	return encode(c.c, c.n, out);
}

/*
 * Converts each word of `uk` (split at spaces and hyphens) with
 * ru_family_word, keeping its case; `full` applies endings and stems too.
 */
static enum hw_err ru_words(const char *uk, int yi, int full, struct hw_buf *out)
{
	struct hw_buf low = HW_BUF_INIT, word = HW_BUF_INIT;
	struct cps c;
	size_t i, k, start, keep = out->len;
	enum hw_err rc = HW_OK;

	if (decode(uk, strlen(uk), &c))
		return HW_INVALID;
	for (i = 0; i < c.n && !rc;) {
		if (c.c[i] == ' ' || c.c[i] == '-') {
			rc = put_cp(out, c.c[i++]);
			continue;
		}
		start = i;
		while (i < c.n && c.c[i] != ' ' && c.c[i] != '-')
			i++;
		hw_buf_reset(&low);
		hw_buf_reset(&word);
		for (k = start; k < i && !rc; k++)
			rc = put_cp(&low, cp_lower(c.c[k]));
		if (!rc)
			rc = ru_family_word(low.data, low.len, yi, full, &word);
		if (!rc)
			rc = recase(word.data, word.len, case_of(c.c + start, i - start), out);
	}
	hw_buf_release(&low);
	hw_buf_release(&word);
	if (rc)
		hw_buf_truncate(out, keep);
	return rc;
}

enum hw_err demo_spell_family_ru(const char *uk, struct gen_rng *r, struct hw_buf *out,
				 struct hw_error *err)
{
	enum hw_err rc = ru_words(uk, gen_chance(r, 0.25), 1, out);

	return rc ? hw_error_set(err, rc, "cannot spell '%.60s' in Russian", uk) : HW_OK;
}

enum hw_err demo_spell_given_ru(const char *uk, enum hw_sex sex, struct gen_rng *r,
				struct hw_buf *out, struct hw_error *err)
{
	struct hw_given_name_hit hit;
	const char *ru;
	enum hw_err rc;

	if (hw_given_name_find(uk, HW_NAME_NUL, sex, &hit, NULL) == HW_OK && hit.distance == 0 &&
	    hit.row->ru[0]) {
		ru = hit.row->ru[0];
		if (hit.row->ru[1] && gen_chance(r, 0.3))
			ru = hit.row->ru[1];
		rc = hw_buf_addstr(out, ru);
	} else {
		rc = ru_words(uk, 0, 0, out);
	}
	return rc ? hw_error_set(err, rc, "cannot spell '%.60s' in Russian", uk) : HW_OK;
}

enum hw_err demo_spell_patronymic_ru(const char *uk, enum hw_sex sex, struct hw_buf *out,
				     struct hw_error *err)
{
	struct hw_patronymic_hit hit;
	const char *ru = NULL;
	enum hw_err rc;

	if (hw_patronymic_parse(uk, HW_NAME_NUL, &hit, NULL) == HW_OK && hit.father &&
	    hit.distance == 0) {
		if (sex == HW_SEX_UNKNOWN)
			sex = hit.sex;
		ru = sex == HW_SEX_FEMALE ? hit.father->ru_patronymic_f : hit.father->ru_patronymic_m;
	}
	rc = ru ? hw_buf_addstr(out, ru) : ru_words(uk, 0, 0, out);
	return rc ? hw_error_set(err, rc, "cannot spell '%.60s' in Russian", uk) : HW_OK;
}

/* ---- initials, case and slips ------------------------------------------ */

enum hw_err demo_spell_initial(const char *name, struct hw_buf *out)
{
	static const char *const digraphs[] = { "Yu", "Zh", "Kh", "Ch", "Sh", "Ts", "Ya", "Ye",
						"Yi" };
	struct cps c;
	size_t i, n = 1, keep = out->len;

	if (decode(name, strlen(name), &c) || !c.n)
		return HW_INVALID;
	for (i = 0; c.n > 1 && i < GEN_COUNT(digraphs); i++)
		if (c.c[0] == (uint32_t)digraphs[i][0] && c.c[1] == (uint32_t)digraphs[i][1])
			n = 2;
	if (encode(c.c, n, out) || hw_buf_addch(out, '.')) {
		hw_buf_truncate(out, keep);
		return HW_NOMEM;
	}
	return HW_OK;
}

enum hw_err demo_spell_upper(const char *name, struct hw_buf *out)
{
	struct cps c;
	size_t i;

	if (decode(name, strlen(name), &c))
		return HW_INVALID;
	for (i = 0; i < c.n; i++)
		c.c[i] = cp_upper(c.c[i]);
	return encode(c.c, c.n, out);
}

enum hw_err demo_spell_typo(const char *name, enum demo_typo kind, struct gen_rng *r,
			    struct hw_buf *out, int *done)
{
	struct cps c;
	uint32_t t;
	size_t pos, tries;

	*done = 0;
	if (decode(name, strlen(name), &c))
		return HW_INVALID;
	for (tries = 0; c.n >= 4 && !*done && tries < 8; tries++) {
		pos = 1 + (size_t)gen_below(r, c.n - 2); /* 1 .. n-2: never the first letter */
		if (!cp_is_letter(c.c[pos]) || !cp_is_letter(c.c[pos + 1]))
			continue;
		if (kind == DEMO_TYPO_SWAP) {
			if (c.c[pos] == c.c[pos + 1])
				continue;
			t = c.c[pos];
			c.c[pos] = c.c[pos + 1];
			c.c[pos + 1] = t;
		} else if (kind == DEMO_TYPO_DROP) {
			memmove(c.c + pos, c.c + pos + 1, (c.n - pos - 1) * sizeof(c.c[0]));
			c.n--;
		} else {
			if (c.n == MAX_CPS)
				break;
			memmove(c.c + pos + 1, c.c + pos, (c.n - pos) * sizeof(c.c[0]));
			c.n++;
		}
		*done = 1;
	}
	return encode(c.c, c.n, out);
}
