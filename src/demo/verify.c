/*
 * verify.c - a stage's incoming list written, imported and verified
 * (verify.h).
 *
 * The list is written to memory and read back through a FILE
 * (fmemopen), so that it takes the path of a list a user uploads:
 * hw_list_read_csv, the matcher, the ledger.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/exchange.h"
#include "demo/verify.h"
#include "core/banned.h"

#define REASON_RIGHT "demo verifier: checked against the registry record"
#define REASON_CHOSEN "demo verifier: chose the candidate whose registry record fits " \
	"(birth date, unit, patronymic)"
#define REASON_CORRECTED "demo verifier: the matcher proposed another person; the " \
	"registry record of this one fits the line"
#define REASON_BY_HAND "demo verifier: found in the registry by hand; the list's " \
	"spelling is far from the registry's"
#define REASON_ABSENT "demo verifier: not in the registry; the other side is asked " \
	"who this is"

/* An incoming entry as the verifier sees it. */
struct entry {
	int64_t id;
	long line;
	enum hw_verify state;
	int64_t proposed;
};

struct entries {
	struct entry *e;
	size_t n, cap;
	int failed;
};

void demo_verify_init(struct demo_verify *v, struct hw_store *st, struct hw_match_index *ix,
		      unsigned threads, const char *actor)
{
	memset(v, 0, sizeof(*v));
	v->st = st;
	v->ix = ix;
	v->threads = threads;
	v->actor = actor;
}

void demo_verify_release(struct demo_verify *v)
{
	hw_free(v->truth);
	v->truth = NULL;
	v->ntruth = 0;
}

/* ---- the list ------------------------------------------------------------ */

static enum hw_err write_list(struct demo_verify *v, const struct hw_person *const *who,
			      size_t n, enum demo_list_format format, uint64_t seed,
			      struct hw_buf *out, struct hw_error *err)
{
	struct demo_list_writer w;
	struct gen_rng r;
	char label[24];
	size_t i;
	enum hw_err rc;

	rc = demo_list_begin(&w, out, format, err);
	for (i = 0; !rc && i < n; i++) {
		snprintf(label, sizeof(label), "%zu", i + 1);
		r.state = gen_hash3(seed, i + 1, 0);
		rc = demo_list_write(&w, label, who[i], &r, NULL, err);
	}
	v->lines = (long)n;
	return rc;
}

static enum hw_err import(struct demo_verify *v, const struct hw_buf *list, const char *name,
			  struct hw_error *err)
{
	struct hw_xlist_result res;
	enum hw_err rc;
	FILE *f;

	if ((rc = hw_match_index_sync(v->ix, v->st, err)))
		return rc;
	f = fmemopen(list->data, list->len, "r");
	if (!f)
		return hw_error_set(err, HW_NOMEM, "cannot read the list '%s' from memory", name);
	rc = hw_xlist_import(v->st, v->ix, v->stage_id, f, name, NULL, v->threads, v->actor,
			     &res, err);
	fclose(f);
	return rc;
}

/* Puts the lines in the other side's order, not the registry's. */
static void shuffle(const struct hw_person **who, int64_t *truth, size_t n, uint64_t seed)
{
	const struct hw_person *p;
	struct gen_rng r;
	int64_t t;
	size_t i, j;

	r.state = gen_hash3(seed, 0, 1);
	for (i = n; i > 1; i--) {
		j = (size_t)gen_below(&r, i);
		p = who[i - 1], who[i - 1] = who[j], who[j] = p;
		t = truth[i - 1], truth[i - 1] = truth[j], truth[j] = t;
	}
}

enum hw_err demo_verify_list(struct demo_verify *v, int64_t stage_id,
			     const struct hw_person *ours, size_t n,
			     const struct hw_person *absent, size_t nabsent,
			     enum demo_list_format format, uint64_t seed, const char *name,
			     struct hw_error *err)
{
	const struct hw_person **who = NULL;
	struct hw_buf list = HW_BUF_INIT;
	size_t total = n + nabsent, i;
	enum hw_err rc;

	v->stage_id = stage_id;
	who = hw_calloc(total ? total : 1, sizeof(*who));
	v->truth = hw_calloc(total ? total : 1, sizeof(*v->truth));
	if (!who || !v->truth) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	v->ntruth = total;
	for (i = 0; i < total; i++) {
		who[i] = i < n ? &ours[i] : &absent[i - n];
		v->truth[i] = i < n ? ours[i].id : 0;
	}
	shuffle(who, v->truth, total, seed);
	rc = write_list(v, who, total, format, seed, &list, err);
	if (!rc)
		rc = import(v, &list, name, err);
out:
	hw_buf_release(&list);
	hw_free(who);
	return rc;
}

/* ---- decisions ------------------------------------------------------------ */

static int collect(void *ctx, const struct hw_xentry *e)
{
	struct entries *l = ctx;
	struct entry *grown;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		grown = hw_reallocarray(l->e, l->cap, sizeof(*l->e));
		if (!grown) {
			l->failed = 1;
			return 1;
		}
		l->e = grown;
	}
	l->e[l->n].id = e->id;
	l->e[l->n].line = e->line ? strtol(e->line, NULL, 10) : 0;
	l->e[l->n].state = e->state;
	l->e[l->n].proposed = e->proposed_id;
	l->n++;
	return 0;
}

static enum hw_err entries_load(struct demo_verify *v, struct entries *l, struct hw_error *err)
{
	struct hw_xentry_filter f;
	enum hw_err rc;

	memset(&f, 0, sizeof(f));
	memset(l, 0, sizeof(*l));
	f.has_direction = 1;
	f.direction = HW_DIRECTION_IN;
	rc = hw_xentry_each(v->st, v->stage_id, &f, collect, l, err);
	if (!rc && l->failed)
		rc = hw_error_set(err, HW_NOMEM, NULL);
	return rc;
}

/* The true person of an entry, 0 when the registry does not hold them. */
static int64_t truth_of(const struct demo_verify *v, const struct entry *e)
{
	return e->line >= 1 && (size_t)e->line <= v->ntruth ? v->truth[e->line - 1] : 0;
}

static enum hw_err decide(struct demo_verify *v, const struct entry *e, struct hw_error *err)
{
	int64_t person = truth_of(v, e);
	const char *reason;
	enum hw_err rc;

	if (!person) {
		v->rejected++;
		v->decided++;
		return hw_xentry_reject(v->st, e->id, REASON_ABSENT, v->actor, err);
	}
	if (e->state == HW_VERIFY_PENDING && e->proposed == person) {
		reason = REASON_RIGHT;
		v->right++;
	} else if (e->state == HW_VERIFY_AMBIGUOUS) {
		reason = REASON_CHOSEN;
		v->chosen++;
	} else if (e->state == HW_VERIFY_PENDING) {
		reason = REASON_CORRECTED;
		v->corrected++;
	} else {
		reason = REASON_BY_HAND;
		v->by_hand++;
	}
	rc = hw_xentry_confirm(v->st, e->id, person, reason, v->actor, err);
	if (!rc)
		v->decided++;
	return rc;
}

enum hw_err demo_verify_decide_all(struct demo_verify *v, struct hw_error *err)
{
	struct entries l;
	size_t i;
	enum hw_err rc = entries_load(v, &l, err);

	for (i = 0; !rc && i < l.n; i++)
		rc = decide(v, &l.e[i], err);
	hw_free(l.e);
	return rc;
}

enum hw_err demo_verify_decide_some(struct demo_verify *v, struct hw_error *err)
{
	struct entries l;
	size_t i;
	int rejected = 0;
	enum hw_err rc = entries_load(v, &l, err);

	for (i = 0; !rc && i < l.n; i++) {
		const struct entry *e = &l.e[i];
		int64_t person = truth_of(v, e);

		if (!person && !rejected) {
			rejected = 1;
			rc = decide(v, e, err);
		} else if (person && e->state == HW_VERIFY_PENDING && e->proposed == person &&
			   (size_t)e->line <= v->ntruth / 2) {
			rc = decide(v, e, err);
		}
	}
	hw_free(l.e);
	return rc;
}
