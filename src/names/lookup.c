/*
 * lookup.c - hw_given_name_find and hw_patronymic_parse over the index of
 * given.c.  Exact canonical matches first; then, for long enough words, a
 * table form at distance 1 when all such forms belong to one class of
 * names (a typo that could be two different names is not guessed); then,
 * for patronymics only, the endings.
 */
#include <string.h>

#include "homeward/names.h"
#include "names/given.h"
#include "names/names_int.h"
#include "core/banned.h"

#define TYPO_MIN_NAME 5
#define TYPO_MIN_PATRONYMIC 7
#define ENDING_MIN 6

struct found {
	const struct gn_entry *e;
	unsigned distance;
	int ambiguous;
};

static enum hw_err canon_of(const char *in, size_t len, char *out, size_t size,
			    struct hw_error *err)
{
	struct ntext t;
	enum hw_err rc = nt_check(in, &len, err);

	if (!rc)
		rc = nt_prepare(in, len, NT_FOLD, &t, err);
	if (!rc)
		nt_canon_text(&t, out, size);
	return rc;
}

static int rank(unsigned char kind)
{
	switch (kind) {
	case HW_FORM_UK: return 0;
	case HW_FORM_TRANSLIT: return 1;
	case HW_FORM_RU: return 2;
	default: return 3;
	}
}

static int better(const struct gn_index *x, const struct gn_entry *a, const struct gn_entry *b)
{
	if (!b)
		return 1;
	if (rank(a->kind) != rank(b->kind))
		return rank(a->kind) < rank(b->kind);
	if (x->rows[a->row].freq != x->rows[b->row].freq)
		return x->rows[a->row].freq > x->rows[b->row].freq;
	return a->row < b->row;
}

static int sex_ok(const struct gn_entry *e, enum hw_sex sex)
{
	return sex == HW_SEX_UNKNOWN || e->sex == (unsigned char)sex;
}

static void search(const struct gn_index *x, const struct gn_list *l, const char *canon,
		   enum hw_sex sex, size_t typo_min, struct found *f)
{
	size_t i, len = strlen(canon);
	int known = 0;

	memset(f, 0, sizeof(*f));
	for (i = gn_lower_bound(x, l, canon); i < l->n; i++) {
		const struct gn_entry *e = &l->e[i];

		if (strcmp(gn_canon(x, e), canon))
			break;
		known = 1;
		if (sex_ok(e, sex) && better(x, e, f->e))
			f->e = e;
	}
	/* a known name of the other sex is not a typo of this sex's names */
	if (f->e || known || len < typo_min)
		return;
	for (i = 0; i < l->n; i++) {
		const struct gn_entry *e = &l->e[i];
		const char *c = gn_canon(x, e);
		size_t clen = strlen(c);

		/* one edit leaves one of the first two symbols in place */
		if (!sex_ok(e, sex) || clen + 1 < len || clen > len + 1 ||
		    (c[0] != canon[0] && c[1] != canon[1] && c[0] != canon[1] &&
		     c[1] != canon[0]) ||
		    hw_name_distance(canon, len, c, clen, 1) > 1)
			continue;
		if (f->e && x->class_of[f->e->row] != x->class_of[e->row])
			f->ambiguous = 1;
		if (better(x, e, f->e))
			f->e = e;
	}
	f->distance = 1;
	if (f->ambiguous)
		f->e = NULL;
}

static const struct gn_index *index_or_error(struct hw_error *err, enum hw_err *rc)
{
	struct hw_error local;
	const struct gn_index *x;

	hw_error_clear(&local);
	x = gn_index(err ? err : &local);
	*rc = x ? HW_OK : (err ? err->code : local.code);
	return x;
}

/* The table's index and the canonical form of `s`, as both lookups start. */
static const struct gn_index *prepare(const char *s, size_t len, char *canon, size_t size,
				      struct hw_error *err, enum hw_err *rc)
{
	const struct gn_index *x = index_or_error(err, rc);

	if (!*rc)
		*rc = canon_of(s, len, canon, size, err);
	return x;
}

enum hw_err hw_given_name_find(const char *name, size_t len, enum hw_sex sex,
			       struct hw_given_name_hit *hit, struct hw_error *err)
{
	char canon[4 * NT_MAX_CP + 2];
	const struct gn_index *x;
	struct found f;
	enum hw_err rc;

	memset(hit, 0, sizeof(*hit));
	x = prepare(name, len, canon, sizeof(canon), err, &rc);
	if (rc)
		return rc;
	search(x, &x->names, canon, sex, TYPO_MIN_NAME, &f);
	if (!f.e)
		return hw_error_set(err, HW_NOT_FOUND, "'%s' is not a known given name", canon);
	hit->row = &x->rows[f.e->row];
	hit->index = f.e->row;
	hit->class_id = x->class_of[f.e->row];
	hit->form = (enum hw_name_form)f.e->kind;
	hit->distance = f.distance;
	return HW_OK;
}

static int ends_with(const char *s, size_t n, const char *end)
{
	size_t k = strlen(end);

	return n >= k && !memcmp(s + n - k, end, k);
}

/* Patronymic endings in canonical form: -ович/-евич/-йович, -івна... */
static enum hw_sex sex_by_ending(const char *c)
{
	size_t n = strlen(c);

	if (n < ENDING_MIN || strchr(c, ' ') || strchr(c, '-'))
		return HW_SEX_UNKNOWN;
	if (ends_with(c, n, "oviC") || ends_with(c, n, "eviC"))
		return HW_SEX_MALE;
	if (ends_with(c, n, "ivna") || ends_with(c, n, "ovna") || ends_with(c, n, "evna") ||
	    ends_with(c, n, "iCna"))
		return HW_SEX_FEMALE;
	return HW_SEX_UNKNOWN;
}

enum hw_err hw_patronymic_parse(const char *word, size_t len,
				struct hw_patronymic_hit *hit, struct hw_error *err)
{
	char canon[4 * NT_MAX_CP + 2];
	const struct gn_index *x;
	struct found f;
	enum hw_err rc;

	memset(hit, 0, sizeof(*hit));
	x = prepare(word, len, canon, sizeof(canon), err, &rc);
	if (rc)
		return rc;
	search(x, &x->patr, canon, HW_SEX_UNKNOWN, TYPO_MIN_PATRONYMIC, &f);
	if (f.e) {
		hit->father = &x->rows[f.e->row];
		hit->index = f.e->row;
		hit->class_id = x->class_of[f.e->row];
		hit->sex = (enum hw_sex)f.e->sex;
		hit->distance = f.distance;
		return HW_OK;
	}
	hit->sex = sex_by_ending(canon);
	if (hit->sex == HW_SEX_UNKNOWN)
		return hw_error_set(err, HW_NOT_FOUND, "'%s' is not a patronymic", canon);
	return HW_OK;
}
