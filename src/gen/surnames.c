/*
 * surnames.c - loading the generator's family names (gen/surnames.h).
 *
 * Each line of data/surnames.tsv is "surname freq decl ru ru_freq".  The
 * strings are copied into one arena together with the female forms, which
 * are made here from the declension and checked against the ending, so a
 * slip in the data file (an adjectival surname marked invariant is fine,
 * an invariant one marked adjectival is not) fails the load and the tests
 * instead of producing a wrong female name.
 */
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/person.h"
#include "gen/surnames.h"
#include "core/banned.h"

#define FIELDS 5

struct field {
	const char *p;
	size_t n;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !memcmp(s + n - k, suffix, k);
}

static int ends_with_any(const char *s, const char *const *suffixes)
{
	for (; *suffixes; suffixes++)
		if (ends_with(s, *suffixes))
			return 1;
	return 0;
}

/* Appends `n` bytes and a NUL to the arena; returns the copy. */
static char *arena_add(char **a, const char *p, size_t n)
{
	char *s = *a;

	memcpy(s, p, n);
	s[n] = '\0';
	*a += n + 1;
	return s;
}

/* Replaces the last `cut` bytes of `male` by `add`, in the arena. */
static char *arena_form(char **a, const char *male, size_t cut, const char *add)
{
	size_t keep = strlen(male) - cut, k = strlen(add);
	char *s = *a;

	memcpy(s, male, keep);
	memcpy(s + keep, add, k + 1);
	*a += keep + k + 1;
	return s;
}

static const char *female_form(char **a, const char *male, enum gen_decl d, int russian)
{
	static const char *const uk_adj[] = { "ий", NULL };
	static const char *const ru_adj[] = { "ый", "ий", "ой", NULL };
	static const char *const uk_poss[] = { "ов", "ев", "єв", "ін", "їн", "ин", NULL };
	static const char *const ru_poss[] = { "ов", "ев", "ин", NULL };

	switch (d) {
	case GEN_DECL_INV:
		return male;
	case GEN_DECL_ADJ:
		if (!ends_with_any(male, russian ? ru_adj : uk_adj))
			return NULL;
		return arena_form(a, male, strlen("ий"), russian ? "ая" : "а");
	case GEN_DECL_POSS:
		if (!ends_with_any(male, russian ? ru_poss : uk_poss))
			return NULL;
		return arena_form(a, male, 0, "а");
	}
	return NULL;
}

/* A decimal number of up to 9 digits; -1 when it is not one. */
static long parse_count(const struct field *f)
{
	long v = 0;
	size_t i;

	if (f->n == 0 || f->n > 9)
		return -1;
	for (i = 0; i < f->n; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		v = v * 10 + (f->p[i] - '0');
	}
	return v;
}

static int parse_decl(const struct field *f, enum gen_decl *out)
{
	static const char *const names[] = { "inv", "adj", "poss" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (f->n == strlen(names[i]) && !memcmp(f->p, names[i], f->n)) {
			*out = (enum gen_decl)i;
			return 1;
		}
	}
	return 0;
}

static size_t split(const char *line, size_t n, struct field *f)
{
	size_t count = 0;
	const char *end = line + n, *tab;

	while (count < FIELDS) {
		tab = memchr(line, '\t', (size_t)(end - line));
		f[count].p = line;
		f[count].n = (size_t)((tab ? tab : end) - line);
		count++;
		if (!tab)
			return count;
		line = tab + 1;
	}
	return count + 1; /* too many */
}

static const char *parse_row(const char *line, size_t n, struct gen_surname *row, char **a)
{
	struct field f[FIELDS];
	long freq, ru_freq;

	if (split(line, n, f) != FIELDS)
		return "expected 5 tab-separated columns";
	if (!f[0].n || !f[3].n)
		return "empty surname";
	freq = parse_count(&f[1]);
	ru_freq = parse_count(&f[4]);
	if (freq < 1 || ru_freq < 0)
		return "freq must be a number >= 1, ru_freq a number >= 0";
	if (!parse_decl(&f[2], &row->decl))
		return "decl must be inv, adj or poss";
	row->uk = arena_add(a, f[0].p, f[0].n);
	row->ru = arena_add(a, f[3].p, f[3].n);
	if (!hw_text_valid(row->uk, 0) || !hw_text_valid(row->ru, 0))
		return "invalid UTF-8 or a control character";
	row->uk_f = female_form(a, row->uk, row->decl, 0);
	row->ru_f = female_form(a, row->ru, row->decl, 1);
	if (!row->uk_f || !row->ru_f)
		return "the ending does not fit the declension";
	row->freq = (unsigned)freq;
	row->ru_freq = (unsigned)ru_freq;
	return NULL;
}

static size_t count_lines(const char *text, size_t len)
{
	size_t i, n = 1;

	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

static enum hw_err parse_lines(struct gen_surnames *s, const char *text, size_t len,
			       struct hw_error *err)
{
	char *a = s->arena;
	const char *line, *nl, *why;
	uint64_t uk = 0, ru = 0;
	size_t pos = 0, n;
	long lineno = 0;

	while (pos < len) {
		line = text + pos;
		nl = memchr(line, '\n', len - pos);
		n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + 1;
		lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		if (!n || line[0] == '#')
			continue;
		why = parse_row(line, n, &s->rows[s->n], &a);
		if (why) {
			hw_error_set(err, HW_INVALID, "%s", why);
			hw_error_at(err, "surnames.tsv", lineno, 0);
			return HW_INVALID;
		}
		uk += s->rows[s->n].freq;
		ru += s->rows[s->n].ru_freq;
		s->cum_uk[s->n] = uk;
		s->cum_ru[s->n] = ru;
		s->n++;
	}
	if (!uk || !ru)
		return hw_error_set(err, HW_INVALID, "surnames.tsv: no surnames with a weight");
	return HW_OK;
}

enum hw_err gen_surnames_parse(struct gen_surnames *s, const char *text, size_t len,
			       struct hw_error *err)
{
	size_t lines = count_lines(text, len);
	enum hw_err rc;

	memset(s, 0, sizeof(*s));
	if (len > (size_t)-1 / 32)
		return hw_error_set(err, HW_TOO_LARGE, "surname table too large");
	/* Per row: two copies and two female forms, each at most 3 bytes longer. */
	s->arena = hw_malloc(2 * len + 16 * lines + 16);
	s->rows = hw_calloc(lines, sizeof(*s->rows));
	s->cum_uk = hw_calloc(lines, sizeof(*s->cum_uk));
	s->cum_ru = hw_calloc(lines, sizeof(*s->cum_ru));
	if (!s->arena || !s->rows || !s->cum_uk || !s->cum_ru) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	rc = parse_lines(s, text, len, err);
out:
	if (rc)
		gen_surnames_release(s);
	return rc;
}

void gen_surnames_release(struct gen_surnames *s)
{
	hw_free(s->rows);
	hw_free(s->cum_uk);
	hw_free(s->cum_ru);
	hw_free(s->arena);
	memset(s, 0, sizeof(*s));
}

uint64_t gen_surnames_total(const struct gen_surnames *s, int russian)
{
	const uint64_t *cum = russian ? s->cum_ru : s->cum_uk;

	return s->n ? cum[s->n - 1] : 0;
}

const struct gen_surname *gen_surnames_at(const struct gen_surnames *s, int russian,
					  uint64_t x)
{
	const uint64_t *cum = russian ? s->cum_ru : s->cum_uk;
	size_t lo = 0, hi = s->n - 1, mid;

	/* The first row whose running sum passes x: rows of weight 0 never are. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &s->rows[lo];
}
