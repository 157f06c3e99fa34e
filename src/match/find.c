/*
 * find.c - a query: the readings of the name, the candidates from the
 * index, their scores, and the decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "match/match_int.h"
#include "core/banned.h"

const char *hw_match_decision_name(enum hw_match_decision d)
{
	switch (d) {
	case HW_MATCH_MATCH:
		return "match";
	case HW_MATCH_REVIEW:
		return "review";
	default:
		return "none";
	}
}

/* ---- readings of the query -------------------------------------------- */

static enum hw_err part(const struct hw_match_index *ix, int kind, const char *raw,
			enum hw_sex sex, char *canon_out, struct mx_part *p, struct hw_buf *buf,
			struct hw_error *err)
{
	enum hw_err rc = mx_part_query(ix, kind, raw, sex, buf, p, err);

	snprintf(canon_out, HW_NAME_PART_MAX, "%s", rc ? "" : buf->data);
	return rc;
}

static enum hw_err reading(const struct hw_match_index *ix, const char *family, const char *given,
			   const char *patronymic, const struct hw_match_query *q,
			   struct mx_query *r, struct hw_buf *buf, struct hw_error *err)
{
	struct mx_part fam;
	enum hw_err rc;

	memset(r, 0, sizeof(*r));
	r->restrict_custody = q->restrict_custody;
	r->held_by = (uint8_t)q->held_by;
	r->sex = q->sex;
	r->birth_date = q->birth_date;
	r->birth_date_month_first = q->birth_date_month_first;
	r->has_unit = mx_unit_key(q->unit, r->unit);
	if ((rc = part(ix, 'f', family, HW_SEX_UNKNOWN, r->family_canon, &fam, buf, err)))
		return rc;
	r->family_len = strlen(r->family_canon);
	if (fam.canon != INTERN_NONE && fam.canon < ix->family_cap)
		r->family_count = ix->family_names[fam.canon].n;
	if (!r->family_len)
		return hw_error_set_field(err, HW_INVALID, "family_name", "no family name in '%s'",
					  family);
	mx_family_keys(r->family_canon, r->family_len, &r->family_keys);
	if ((rc = part(ix, 'p', patronymic, q->sex, r->patronymic_canon, &r->patronymic, buf,
		       err)))
		return rc;
	if (r->sex == HW_SEX_UNKNOWN)
		r->sex = (enum hw_sex)r->patronymic.sex;
	if ((rc = part(ix, 'g', given, r->sex, r->given_canon, &r->given, buf, err)))
		return rc;
	if (r->sex == HW_SEX_UNKNOWN)
		r->sex = (enum hw_sex)r->given.sex;
	return HW_OK;
}

/*
 * Whether a list in columns may have the family and given names the wrong
 * way round (Ярослав | Антонюк): the family column holds a given name of
 * the table and the given column a word that is none.  The swapped
 * reading is then tried as well; the best reading of each person counts.
 */
static int columns_swapped(const struct hw_match_query *q)
{
	struct hw_given_name_hit hit;

	if (!q->given || !*q->given || hw_given_name_find(q->family, HW_NAME_NUL, q->sex, &hit,
							  NULL) != HW_OK)
		return 0;
	return hw_given_name_find(q->given, HW_NAME_NUL, q->sex, &hit, NULL) == HW_NOT_FOUND;
}

static enum hw_err readings(const struct hw_match_index *ix, const struct hw_match_query *q,
			    struct mx_query *r, size_t *n, struct hw_error *err)
{
	struct hw_name_split split;
	struct hw_buf buf = HW_BUF_INIT;
	enum hw_err rc = HW_OK;
	size_t i;

	*n = 0;
	if (q->family && *q->family) {
		rc = reading(ix, q->family, q->given, q->patronymic, q, &r[0], &buf, err);
		*n = rc ? 0 : 1;
		if (!rc && columns_swapped(q) &&
		    !reading(ix, q->given, q->family, q->patronymic, q, &r[1], &buf, NULL)) {
			r[1].reading = 1;
			r[1].reading_index = 1;
			(*n)++;
		}
		goto out;
	}
	if (!q->full_name || !*q->full_name) {
		rc = hw_error_set_field(err, HW_INVALID, "full_name", "no name given");
		goto out;
	}
	if ((rc = hw_name_split(q->full_name, HW_NAME_NUL, &split, err))) {
		if (err && !strncmp(err->message, "name: ", 6))
			memmove(err->message, err->message + 6, strlen(err->message + 6) + 1);
		if (err)
			snprintf(err->field, sizeof(err->field), "full_name");
		goto out;
	}
	for (i = 0; i < split.count; i++) {
		const struct hw_name_parts *a = &split.alt[i];

		if (reading(ix, a->family, a->given, a->patronymic, q, &r[*n], &buf, NULL))
			continue;
		r[*n].reading = (int)i;
		r[*n].reading_index = (int)*n;
		r[*n].confidence = a->confidence;
		(*n)++;
	}
	if (!*n)
		rc = hw_error_set_field(err, HW_INVALID, "full_name", "no family name in '%s'",
					q->full_name);
out:
	hw_buf_release(&buf);
	return rc;
}

/* ---- candidates ------------------------------------------------------- */

#define NEAR_SLOTS 1024

/* What decided a person's best score, to explain it at the end. */
struct best_entry {
	double score;
	uint32_t name;          /* index in ix->names */
	uint8_t fdist;
	uint8_t reading;
	uint8_t closed;         /* case_closed() of the person */
};

/* The best score so far of each person, in a small open-addressing table. */
struct best {
	struct best_entry *c;          /* by slot */
	uint32_t *person;              /* person index + 1 by slot, 0 empty */
	size_t nslots, count;
	double top;                    /* the best score offered */
	struct hw_match_candidate scratch;
	struct best_entry offer;       /* what scratch was scored from */
	struct near_slot {             /* one_letter_apart(), by form id */
		uint32_t canon;        /* form id + 1; 0 empty */
		uint8_t reading, near;
	} near[NEAR_SLOTS];
};

static int best_alloc(struct best *b, size_t nslots)
{
	b->nslots = nslots;
	b->person = hw_calloc(nslots, sizeof(*b->person));
	b->c = hw_malloc(nslots * sizeof(*b->c));
	return b->person && b->c ? 0 : -1;
}

static int best_init(struct best *b, size_t nslots)
{
	memset(b->near, 0, sizeof(b->near));
	b->count = 0;
	b->top = -1e9;
	return best_alloc(b, nslots);
}

static void best_release(struct best *b)
{
	hw_free(b->person);
	hw_free(b->c);
}

/* Doubles the table, keeping the rest of *b (the offer being made, the
 * memo) as it is. */
static int best_grow(struct best *b)
{
	struct best nb;
	size_t i, j;

	if (best_alloc(&nb, b->nslots * 2)) {
		best_release(&nb);
		return -1;
	}
	for (i = 0; i < b->nslots; i++) {
		if (!b->person[i])
			continue;
		for (j = (b->person[i] * 2654435761u) & (nb.nslots - 1); nb.person[j];
		     j = (j + 1) & (nb.nslots - 1))
			;
		nb.person[j] = b->person[i];
		nb.c[j] = b->c[i];
	}
	best_release(b);
	b->person = nb.person;
	b->c = nb.c;
	b->nslots = nb.nslots;
	return 0;
}

/* Keeps b->scratch for person `pi` when it beats what that person has. */
static int best_offer(struct best *b, uint32_t pi)
{
	size_t j;

	if ((b->count + 1) * 2 > b->nslots && best_grow(b))
		return -1;
	b->offer.score = b->scratch.score;
	if (b->scratch.score > b->top)
		b->top = b->scratch.score;
	for (j = ((pi + 1) * 2654435761u) & (b->nslots - 1); b->person[j];
	     j = (j + 1) & (b->nslots - 1)) {
		if (b->person[j] == pi + 1) {
			if (b->offer.score > b->c[j].score)
				b->c[j] = b->offer;
			return 0;
		}
	}
	b->person[j] = pi + 1;
	b->c[j] = b->offer;
	b->count++;
	return 0;
}

/*
 * Whether the given name `canon` of a registry record, recognised as
 * another name than the query's, is spelled at most one letter from it: a
 * slip can turn one name into another (Іан for Іван reads as Ян), so such
 * a record stays a candidate and score.c weighs the names as neither
 * agreeing nor differing.  Most records of a family have another name, so
 * the answer is memoised per query in a small direct-mapped table by the
 * form's id and the reading.
 */
static inline int one_letter_apart(const struct hw_match_index *ix, const struct mx_query *r,
				   uint32_t canon, struct best *b)
{
	struct near_slot *s = &b->near[canon & (NEAR_SLOTS - 1)];

	if (s->canon != canon + 1 || s->reading != r->reading_index) {
		s->canon = canon + 1;
		s->reading = (uint8_t)r->reading_index;
		s->near = mx_canon_distance(ix, r->given_canon, canon, 1) <= 1;
	}
	return s->near;
}

/* Whether name `n` can be a candidate at all: a cheap test before scoring,
 * dropping names whose given name is known to be another, and not by a
 * slip of one letter. */
static int plausible(const struct hw_match_index *ix, const struct mx_query *r,
		     const struct mx_name *n, struct best *b)
{
	if (!n->alive)
		return 0;
	if (r->given.class_id != NO_CLASS && n->given.class_id != NO_CLASS &&
	    r->given.class_id != n->given.class_id)
		return one_letter_apart(ix, r, n->given.canon, b);
	return 1;
}

/*
 * Whether the person's case is closed: an incoming list names people who
 * are held or missing, far more often than people already returned,
 * released, handed over or dead.  Used only to order candidates whose
 * scores are equal (namesakes without a birth date), never as evidence.
 */
static uint8_t case_closed(enum hw_status s)
{
	switch (s) {
	case HW_STATUS_MISSING:
	case HW_STATUS_CAPTIVE:
	case HW_STATUS_LISTED:
		return 0;
	case HW_STATUS_NONE:
		return 1;
	default:
		return 2;
	}
}

/* Scores name record `id` (family `d` edits off) and offers it when it
 * reaches `floor`. */
static int offer_name(const struct hw_match_index *ix, const struct mx_query *r, uint32_t id,
		      unsigned d, double floor, struct best *b)
{
	const struct mx_name *n = &ix->names[id];

	if (r->restrict_custody && ix->persons[n->person].held_by != r->held_by)
		return 0;
	mx_score(ix, r, n, d, 0, &b->scratch);
	if (b->scratch.score < floor)
		return 0;
	b->offer.name = id;
	b->offer.fdist = (uint8_t)d;
	b->offer.reading = (uint8_t)r->reading_index;
	b->offer.closed = case_closed((enum hw_status)ix->persons[n->person].status);
	return best_offer(b, n->person);
}

static int offer_family(const struct hw_match_index *ix, const struct mx_query *r, uint32_t f,
			unsigned d, struct best *b)
{
	const struct vec32 *v = &ix->family_names[f];
	uint32_t i;

	for (i = 0; i < v->n; i++)
		if (plausible(ix, r, &ix->names[v->v[i]], b) &&
		    offer_name(ix, r, v->v[i], d, -1e9, b))
			return -1;
	return 0;
}

/* Family forms within reach of the query's, through their keys. */
static int by_family(const struct hw_match_index *ix, const struct mx_query *r, struct best *b)
{
	uint32_t seen[512], nseen = 0, k, f, i, j;
	unsigned max = r->family_len <= 4 ? 1 : 2, d;
	size_t ki;

	for (ki = 0; ki < r->family_keys.count; ki++) {
		k = intern_find(&ix->keys, r->family_keys.key[ki], strlen(r->family_keys.key[ki]));
		if (k == INTERN_NONE)
			continue;
		for (i = 0; i < ix->key_families[k].n; i++) {
			f = ix->key_families[k].v[i];
			for (j = 0; j < nseen && seen[j] != f; j++)
				;
			if (j < nseen)
				continue;
			if (nseen < sizeof(seen) / sizeof(seen[0]))
				seen[nseen++] = f;
			d = mx_canon_distance(ix, r->family_canon, f, max);
			if (d <= max && offer_family(ix, r, f, d, b))
				return -1;
		}
	}
	return 0;
}

/* A small set of family ids, so that a family met through several keys
 * is checked once; when it is full, families are just checked again. */
#define SEEN_SLOTS 4096
struct seen {
	uint32_t slot[SEEN_SLOTS]; /* family id + 1, 0 empty */
	size_t count;
};

/* 1 when `f` was in the set; adds it. */
static int seen_add(struct seen *s, uint32_t f)
{
	size_t i;

	if (s->count * 2 >= SEEN_SLOTS)
		return 0;
	for (i = (f * 2654435761u) & (SEEN_SLOTS - 1); s->slot[i];
	     i = (i + 1) & (SEEN_SLOTS - 1))
		if (s->slot[i] == f + 1)
			return 1;
	s->slot[i] = f + 1;
	s->count++;
	return 0;
}

static int offer_key(const struct hw_match_index *ix, const struct mx_query *r,
		     const struct intern *map, const struct vec32 *vecs, const char *key,
		     unsigned max, struct seen *seen, struct best *b)
{
	uint32_t k = intern_find(map, key, strlen(key)), i, f;
	unsigned d;

	if (k == INTERN_NONE)
		return 0;
	for (i = 0; i < vecs[k].n; i++) {
		f = vecs[k].v[i];
		if (seen_add(seen, f))
			continue;
		d = mx_canon_distance(ix, r->family_canon, f, max);
		if (d <= max && offer_family(ix, r, f, d, b))
			return -1;
	}
	return 0;
}

/*
 * Family forms two edits away that the keys of by_family() miss.  What
 * those keys reach was offered already (or is too far), so it is marked
 * seen first.
 */
static int by_two_edits(const struct hw_match_index *ix, const struct mx_query *r,
			struct best *b)
{
	unsigned max = r->family_len <= 4 ? 1 : 2;
	struct mx_keys2 keys;
	struct seen *seen;
	uint32_t k, j;
	size_t i;
	int rc = 0;

	mx_family_keys2(r->family_canon, r->family_len, 1, &keys);
	if (!keys.count)
		return 0;
	if (!(seen = hw_calloc(1, sizeof(*seen))))
		return -1;
	for (i = 0; i < r->family_keys.count; i++) {
		k = intern_find(&ix->keys, r->family_keys.key[i], strlen(r->family_keys.key[i]));
		for (j = 0; k != INTERN_NONE && j < ix->key_families[k].n; j++)
			seen_add(seen, ix->key_families[k].v[j]);
	}
	for (i = 0; !rc && i < keys.count; i++)
		rc = offer_key(ix, r, &ix->keys, ix->key_families, keys.key[i], max, seen, b) ||
		     offer_key(ix, r, &ix->keys2, ix->key2_families, keys.key[i], max, seen, b);
	hw_free(seen);
	return rc;
}

/* Given name and year of birth, for a family name too damaged for its keys. */
static int by_given_and_year(const struct hw_match_index *ix, const struct mx_query *r,
			     struct best *b)
{
	char key[32];
	uint32_t id, i;
	int y, len;
	unsigned d;

	if (r->given.class_id == NO_CLASS || !r->birth_date.year)
		return 0;
	for (y = r->birth_date.year - 1; y <= r->birth_date.year + 1; y++) {
		len = snprintf(key, sizeof(key), "%d/%d", (int)r->given.class_id, y);
		id = intern_find(&ix->yearly, key, (size_t)len);
		if (id == INTERN_NONE)
			continue;
		for (i = 0; i < ix->yearly_names[id].n; i++) {
			const struct mx_name *n = &ix->names[ix->yearly_names[id].v[i]];

			if (!plausible(ix, r, n, b))
				continue;
			/* a family two letters off that no key reached (a short
			 * one: окв for Вовк) is weighed as two letters off */
			d = mx_canon_distance(ix, r->family_canon, n->family, 2);
			if (offer_name(ix, r, ix->yearly_names[id].v[i], d, MX_CANDIDATE_FLOOR, b))
				return -1;
		}
	}
	return 0;
}

static int by_score(const void *a, const void *b)
{
	const struct best_entry *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->closed != y->closed)
		return x->closed < y->closed ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/*
 * What speaks against a candidate, as the end of a sentence, or NULL.  A
 * person is never confirmed automatically against the birth date or sex,
 * however high the score, nor on an initial alone or with a family name
 * two letters off without the whole birth date, nor with a family name
 * two letters off that is, as written, another family of the registry: a
 * verifier looks.  (A slightly different given name is priced into the
 * score; a unit changes when people are transferred.)
 */
static const char *contradiction(const struct mx_query *r, const struct hw_match_candidate *c)
{
	double given = 0, birth = 0;
	size_t i;

	for (i = 0; i < c->nevidence; i++) {
		if (c->evidence[i].weight < 0 && !strcmp(c->evidence[i].field, "birth_date"))
			return "the birth date does not agree";
		if (c->evidence[i].weight < 0 && !strcmp(c->evidence[i].field, "sex"))
			return "the sex does not agree";
		if (!strcmp(c->evidence[i].field, "given_name"))
			given = c->evidence[i].weight;
		else if (!strcmp(c->evidence[i].field, "birth_date"))
			birth = c->evidence[i].weight;
	}
	/* an initial (or no given name) says little: only the full birth
	 * date may settle it */
	if (given < MX_FULL_GIVEN_NAME && birth < MX_FULL_BIRTH_DATE)
		return "no whole given name and no full birth date";
	/* two letters apart: two slips, or another family (Мельник,
	 * Мельничук); only the same full birth date makes it the person */
	if (c->family_distance >= 2 && birth < MX_FULL_BIRTH_DATE)
		return "the family name is two letters off, without the birth date";
	/* two slips that turn one registered family name into another
	 * (Панов for Павлов) are far less likely than a bearer of the
	 * name as written, who may simply be missing from the registry */
	if (c->family_distance >= 2 && r->family_count)
		return "the family name is two letters from another registered one";
	return NULL;
}

static void decide(const struct hw_match_index *ix, const struct mx_query *r, struct best *b,
		   size_t limit, struct hw_match_result *out)
{
	const char *against;
	size_t i, n = 0;
	double second;

	for (i = 0; i < b->nslots; i++)
		if (b->person[i] && b->c[i].score >= MX_CANDIDATE_FLOOR)
			b->c[n++] = b->c[i];
	qsort(b->c, n, sizeof(*b->c), by_score);
	out->ncandidates = n < limit ? n : limit;
	for (i = 0; i < out->ncandidates; i++)
		mx_score(ix, &r[b->c[i].reading], &ix->names[b->c[i].name], b->c[i].fdist, 1,
			 &out->candidates[i]);
	second = n > 1 ? b->c[1].score : MX_CANDIDATE_FLOOR;
	against = n ? contradiction(&r[b->c[0].reading], &out->candidates[0]) : NULL;
	if (n && b->c[0].score >= MX_MATCH_SCORE && b->c[0].score - second >= MX_MATCH_MARGIN &&
	    against) {
		out->decision = HW_MATCH_REVIEW;
		snprintf(out->why, sizeof(out->why), "one stands out (%.1f bits), but %s",
			 b->c[0].score, against);
	} else if (n && b->c[0].score >= MX_MATCH_SCORE &&
		   b->c[0].score - second >= MX_MATCH_MARGIN) {
		out->decision = HW_MATCH_MATCH;
		snprintf(out->why, sizeof(out->why), "one person stands out (%.1f bits, next %.1f)",
			 b->c[0].score, n > 1 ? b->c[1].score : 0.0);
	} else if (n && b->c[0].score >= MX_REVIEW_SCORE) {
		out->decision = HW_MATCH_REVIEW;
		snprintf(out->why, sizeof(out->why), b->c[0].score >= MX_MATCH_SCORE
			 ? "several persons fit (%.1f and %.1f bits)"
			 : "the best fit is not certain (%.1f bits)", b->c[0].score, second);
	} else {
		out->decision = HW_MATCH_NONE;
		if (n)
			snprintf(out->why, sizeof(out->why), "nobody fits well enough (best %.1f bits)",
				 b->c[0].score);
		else if (b->count)
			snprintf(out->why, sizeof(out->why), "similar names, but nobody fits "
				 "(best %.1f bits)", b->top);
		else
			snprintf(out->why, sizeof(out->why), "nobody with a similar name");
	}
}

enum hw_err hw_match_find(struct hw_match_index *ix, const struct hw_match_query *q,
			  size_t limit, struct hw_match_result *out, struct hw_error *err)
{
	struct mx_query r[HW_NAME_SPLIT_MAX];
	struct best b;
	size_t nr = 0, i;
	enum hw_err rc;
	int failed = 0;

	memset(out, 0, sizeof(*out));
	if (limit == 0 || limit > HW_MATCH_MAX_CANDIDATES)
		limit = limit ? HW_MATCH_MAX_CANDIDATES : 5;
	if (best_init(&b, 256)) {
		best_release(&b);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	pthread_rwlock_rdlock(&ix->lock);
	rc = readings(ix, q, r, &nr, err);
	for (i = 0; !rc && i < nr && !failed; i++)
		failed = by_family(ix, &r[i], &b);
	/* the fallbacks only when the family names found nobody certain */
	for (i = 0; !rc && i < nr && !failed && b.top < MX_MATCH_SCORE; i++)
		failed = by_two_edits(ix, &r[i], &b);
	for (i = 0; !rc && i < nr && !failed && b.top < MX_MATCH_SCORE; i++)
		failed = by_given_and_year(ix, &r[i], &b);
	if (!rc && !failed)
		decide(ix, r, &b, limit, out);
	pthread_rwlock_unlock(&ix->lock);
	best_release(&b);
	if (failed)
		return hw_error_set(err, HW_NOMEM, NULL);
	return rc;
}
