/*
 * split.c - a full name into family name, given name and patronymic.
 *
 * Every word ("token": hyphenated names are one token, initials are tokens
 * of their own) is first scored for each role it could play, from the
 * evidence it carries alone: is it a given name of the table, a patronymic
 * (table or ending), an initial, the one ALL-CAPS word, before a comma,
 * does it end like a surname.  Then every reading is enumerated: a given
 * name (or none), the patronymic right after it (or none), and all other
 * words the family name.  A reading's score is the sum of its tokens'
 * scores plus a prior for the order (family first is the order of official
 * lists) and a penalty when the family name is split around the given
 * name.  Scores become confidences by a softmax; the readings within reach
 * of the best are returned.  There are at most 2n + 1 readings of n
 * tokens, so the enumeration is cheap; the table lookups dominate.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/names.h"
#include "names/names_int.h"
#include "core/banned.h"

#define MAX_TOKENS 16
#define CANON_MAX 256
#define SOFTMAX_T 2.0
#define KEEP_MIN 0.05

struct tok {
	size_t from, to;        /* in the prepared text, without a final dot */
	char canon[CANON_MAX];
	int initial, caps, before_comma;
	int given;              /* 0 none, 1 typo, 2 exact */
	struct hw_given_name_hit g;
	int patr;               /* 0 none, 1 by ending, 2 table */
	struct hw_patronymic_hit p;
	int surname;            /* 0, 1 weak ending, 2 strong ending */
	enum hw_sex family_sex;
	int sc_given, sc_patr, sc_family;
};

struct reading {
	int g, p;               /* token indices or -1 */
	int score;
};

struct ctx {
	struct ntext t;
	struct tok tok[MAX_TOKENS];
	size_t n;
	struct reading r[2 * MAX_TOKENS + 2];
	size_t nr;
};

static int ends(const char *s, const char *e)
{
	size_t n = strlen(s), k = strlen(e);

	return n > k + 1 && !memcmp(s + n - k, e, k);
}

static void surname_evidence(struct tok *k)
{
	static const char *const strong_m[] = { "ski", "cki", "ov", "ev" };
	static const char *const strong_f[] = { "ska", "cka", "ova", "eva" };
	static const char *const strong[] = { "enko", "uk", "Cuk" };
	static const char *const weak[] = { "ko", "in", "ina", "ak", "ec", "ar", "ik" };
	size_t i;

	k->surname = 0;
	k->family_sex = HW_SEX_UNKNOWN;
	for (i = 0; i < 4; i++) {
		if (ends(k->canon, strong_m[i])) {
			k->surname = 2;
			k->family_sex = HW_SEX_MALE;
		}
		if (ends(k->canon, strong_f[i])) {
			k->surname = 2;
			k->family_sex = HW_SEX_FEMALE;
		}
	}
	for (i = 0; !k->surname && i < 3; i++)
		if (ends(k->canon, strong[i]))
			k->surname = 2;
	for (i = 0; !k->surname && i < 7; i++)
		if (ends(k->canon, weak[i]))
			k->surname = 1;
}

static size_t letters(const struct ntext *t, size_t from, size_t to, size_t *upper)
{
	size_t i, n = 0;

	*upper = 0;
	for (i = from; i < to; i++) {
		enum nt_class c = nt_class_of(t->cp[i]);

		if (c == NT_LATIN || c == NT_CYRILLIC || c == NT_LETTER) {
			n++;
			*upper += nt_lower(t->cp[i]) != t->cp[i];
		}
	}
	return n;
}

static void encode(const struct ntext *t, size_t from, size_t to, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = from; i < to && o + 5 < size; i++)
		o += nt_put_utf8(out + o, t->cp[i]);
	out[o] = '\0';
}

/* Table and ending evidence for one token; only real failures are errors. */
static enum hw_err judge(struct tok *k, const struct ntext *t, struct hw_error *err)
{
	char text[HW_NAME_PART_MAX];
	struct hw_error e;
	enum hw_err rc;

	nt_canon_range(t, k->from, k->to, k->canon, sizeof(k->canon));
	surname_evidence(k);
	if (k->initial)
		return HW_OK;
	encode(t, k->from, k->to, text, sizeof(text));
	rc = hw_given_name_find(text, HW_NAME_NUL, HW_SEX_UNKNOWN, &k->g, &e);
	if (rc == HW_OK)
		k->given = k->g.distance ? 1 : 2;
	if (rc == HW_OK || rc == HW_NOT_FOUND)
		rc = hw_patronymic_parse(text, HW_NAME_NUL, &k->p, &e);
	if (rc == HW_OK)
		k->patr = k->p.father ? 2 : 1;
	if (rc == HW_OK || rc == HW_NOT_FOUND)
		return HW_OK;
	if (err)
		*err = e;
	return rc;
}

static void score_roles(struct tok *k, int mixed_case)
{
	if (k->initial) {
		k->sc_given = 2;
		k->sc_patr = 2;
		k->sc_family = -10;
		return;
	}
	k->sc_given = k->given == 2 ? 6 : k->given == 1 ? 3 : -2;
	if (k->patr)
		k->sc_given -= 6;
	else if (k->surname == 2 && k->given != 2)
		k->sc_given -= 2;
	k->sc_patr = k->patr == 2 ? 6 : k->patr == 1 ? 4 : -8;
	k->sc_family = 2 * (k->surname == 2) + (k->surname == 1);
	if (k->given == 2 && k->surname != 2)
		k->sc_family -= 3;
	if (k->patr)
		k->sc_family -= k->patr == 2 ? 4 : 2;
	if (k->caps && mixed_case)
		k->sc_family += 3;
	if (k->before_comma)
		k->sc_family += 5;
}

/* Cuts the prepared text into tokens. */
static enum hw_err tokenize(struct ctx *c, struct hw_error *err)
{
	const struct ntext *t = &c->t;
	size_t i = 0, k, commas = 0;

	c->n = 0;
	while (i < t->n) {
		struct tok *tk;
		size_t start, nl, up;

		if (!nt_is_word_cp(t->cp[i])) {
			if (t->cp[i] == ',' && !commas++)
				for (k = 0; k < c->n; k++)
					c->tok[k].before_comma = 1;
			i++;
			continue;
		}
		start = i;
		while (i < t->n && (nt_is_word_cp(t->cp[i]) ||
				    (t->cp[i] == '-' && i + 1 < t->n && nt_is_word_cp(t->cp[i + 1]))))
			i++;
		if (c->n == MAX_TOKENS)
			return hw_error_set(err, HW_INVALID, "name: more than %d words", MAX_TOKENS);
		tk = &c->tok[c->n++];
		memset(tk, 0, sizeof(*tk));
		tk->from = start;
		tk->to = i;
		nl = letters(t, start, i, &up);
		tk->initial = nl == 1 || (nl == 2 && i < t->n && t->cp[i] == '.' &&
					  nt_class_of(t->cp[start]) == NT_LATIN);
		tk->caps = nl > 1 && up == nl;
	}
	if (!c->n)
		return hw_error_set(err, HW_INVALID, "name: no letters");
	if (commas && c->tok[c->n - 1].before_comma)
		for (k = 0; k < c->n; k++)
			c->tok[k].before_comma = 0;
	return HW_OK;
}

static int reading_score(const struct ctx *c, int g, int p)
{
	size_t i;
	int s = 0, fam = 0, before = 0, after = 0;

	for (i = 0; i < c->n; i++) {
		if ((int)i == g) {
			s += c->tok[i].sc_given;
		} else if ((int)i == p) {
			s += c->tok[i].sc_patr;
			if (!c->tok[i].initial && c->tok[g].initial)
				s -= 3;
		} else {
			s += c->tok[i].sc_family;
			fam++;
			before += g >= 0 && (int)i < g;
			after += g >= 0 && (int)i > g;
		}
	}
	if (g < 0)
		s -= 4;
	if (before && after)
		s -= 5;
	else if (before)
		s += 1;
	if (!fam)
		s -= 6;
	return s;
}

static void add_reading(struct ctx *c, int g, int p)
{
	struct reading *r = &c->r[c->nr++];

	r->g = g;
	r->p = p;
	r->score = reading_score(c, g, p);
}

static void enumerate(struct ctx *c)
{
	int g, n = (int)c->n;

	c->nr = 0;
	for (g = -1; g < n; g++) {
		add_reading(c, g, -1);
		if (g >= 0 && g + 1 < n)
			add_reading(c, g, g + 1);
	}
}

static int cmp_reading(const void *a, const void *b)
{
	const struct reading *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return x->g - y->g;
}

static void join_family(const struct ctx *c, const struct reading *r, char *out)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < c->n; i++) {
		const struct tok *k = &c->tok[i];

		if ((int)i == r->g || (int)i == r->p)
			continue;
		if (o && o + 1 < HW_NAME_PART_MAX)
			out[o++] = ' ';
		encode(&c->t, k->from, k->to, out + o, HW_NAME_PART_MAX - o);
		o += strlen(out + o);
	}
}

static enum hw_sex reading_sex(const struct ctx *c, const struct reading *r)
{
	size_t i;

	if (r->p >= 0 && c->tok[r->p].patr)
		return c->tok[r->p].p.sex;
	if (r->g >= 0 && c->tok[r->g].given)
		return c->tok[r->g].g.row->sex;
	for (i = c->n; i-- > 0;)
		if ((int)i != r->g && (int)i != r->p && c->tok[i].family_sex != HW_SEX_UNKNOWN)
			return c->tok[i].family_sex;
	return HW_SEX_UNKNOWN;
}

static void fill(const struct ctx *c, const struct reading *r, int mixed_case,
		 unsigned confidence, struct hw_name_parts *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	join_family(c, r, out->family);
	if (r->g >= 0) {
		const struct tok *k = &c->tok[r->g];

		encode(&c->t, k->from, k->to, out->given, sizeof(out->given));
		out->flags |= k->initial ? HW_SPLIT_GIVEN_INITIAL : 0;
		out->flags |= k->given ? HW_SPLIT_GIVEN_KNOWN : 0;
		out->given_row = k->given ? k->g.row : NULL;
	}
	if (r->p >= 0) {
		const struct tok *k = &c->tok[r->p];

		encode(&c->t, k->from, k->to, out->patronymic, sizeof(out->patronymic));
		out->flags |= k->initial ? HW_SPLIT_PATRONYMIC_INITIAL : 0;
		out->flags |= k->patr ? HW_SPLIT_PATRONYMIC_KNOWN : 0;
		out->father_row = k->patr ? k->p.father : NULL;
	}
	for (i = 0; i < c->n; i++) {
		if ((int)i == r->g || (int)i == r->p)
			continue;
		out->flags |= c->tok[i].caps && mixed_case ? HW_SPLIT_FAMILY_CAPS : 0;
		out->flags |= c->tok[i].before_comma ? HW_SPLIT_COMMA : 0;
	}
	out->sex = reading_sex(c, r);
	out->confidence = confidence;
}

static int is_mixed_case(const struct ctx *c)
{
	size_t i, caps = 0, lower = 0;

	for (i = 0; i < c->n; i++) {
		caps += c->tok[i].caps;
		lower += !c->tok[i].caps && !c->tok[i].initial;
	}
	return caps && lower;
}

/* Softmax over the sorted readings; fills `out` with those worth keeping. */
static void choose(const struct ctx *c, struct hw_name_split *out)
{
	double w[2 * MAX_TOKENS + 2], sum = 0, kept = 0;
	int mixed = is_mixed_case(c);
	size_t i, n = 0;

	for (i = 0; i < c->nr; i++) {
		w[i] = exp((c->r[i].score - c->r[0].score) / SOFTMAX_T);
		sum += w[i];
	}
	for (i = 0; i < c->nr && n < HW_NAME_SPLIT_MAX; i++, n++) {
		if (i && w[i] / sum < KEEP_MIN)
			break;
		kept += w[i];
	}
	out->count = n;
	for (i = 0; i < n; i++)
		fill(c, &c->r[i], mixed, (unsigned)lround(100.0 * w[i] / kept), &out->alt[i]);
}

enum hw_err hw_name_split(const char *full, size_t len, struct hw_name_split *out,
			  struct hw_error *err)
{
	struct ctx *c = NULL;
	enum hw_err rc;
	size_t i;

	out->count = 0;
	rc = nt_check(full, &len, err);
	if (rc)
		return rc;
	c = hw_malloc(sizeof(*c));
	if (!c)
		return hw_error_set(err, HW_NOMEM, NULL);
	c->n = c->nr = 0;
	rc = nt_prepare(full, len, 0, &c->t, err);
	if (!rc)
		rc = tokenize(c, err);
	for (i = 0; !rc && i < c->n; i++)
		rc = judge(&c->tok[i], &c->t, err);
	if (rc)
		goto out;
	for (i = 0; i < c->n; i++)
		score_roles(&c->tok[i], is_mixed_case(c));
	enumerate(c);
	qsort(c->r, c->nr, sizeof(c->r[0]), cmp_reading);
	choose(c, out);
out:
	hw_free(c);
	return rc;
}
