/*
 * xaudit.c - the audit records of the exchange ledger
 * (homeward/exchange_audit.h): the persons a record names, the JSON of
 * entries and stages in records, and the records of the reads that reveal
 * persons.  The writes with their records are in xaudit_write.c.
 *
 * The server and the command line both call these, so that the trail says
 * the same of the same act whichever front end did it.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/exchange_audit.h"
#include "homeward/exchange_json.h"
#include "homeward/registry.h"
#include "core/banned.h"

/* ---- the persons a record names ---------------------------------------- */

int hw_ids_push(struct hw_ids *l, int64_t id)
{
	int64_t *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 32;
		if (!(v = hw_reallocarray(l->v, cap, sizeof(*v)))) {
			l->failed = 1;
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = id;
	return 0;
}

void hw_ids_release(struct hw_ids *l)
{
	hw_free(l->v);
	memset(l, 0, sizeof(*l));
}

static int seen_before(const struct hw_ids *ids, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (ids->v[j] == ids->v[i])
			return 1;
	return 0;
}

enum hw_err hw_xaudit_persons(const struct hw_xaudit *au, const char *action,
			      const char *object_type, const char *object_id,
			      const struct hw_ids *ids, json_t *after, struct hw_error *err)
{
	size_t i, told = 0;
	enum hw_err rc;

	for (i = 0; i < ids->n; i++) {
		if (ids->v[i] <= 0 || seen_before(ids, i))
			continue;
		rc = au->append(au->ctx, action, object_type, object_id, ids->v[i], NULL, after,
				err);
		if (rc)
			return rc;
		told++;
	}
	if (told)
		return HW_OK;
	return au->append(au->ctx, action, object_type, object_id, 0, NULL, after, err);
}

static int confirmed_person(void *ctx, const struct hw_xentry *e)
{
	if (e->state != HW_VERIFY_CONFIRMED || e->person_id <= 0)
		return 0;
	return hw_ids_push(ctx, e->person_id) ? 1 : 0;
}

enum hw_err hw_xaudit_stage_persons(struct hw_store *st, int64_t stage_id, struct hw_ids *ids,
				    struct hw_error *err)
{
	enum hw_err rc = hw_xentry_each(st, stage_id, NULL, confirmed_person, ids, err);

	if (!rc && ids->failed)
		rc = hw_error_set(err, HW_NOMEM, NULL);
	return rc;
}

/* ---- the JSON of records ------------------------------------------------ */

static int count_decision(void *ctx, const struct hw_xdecision *d)
{
	(void)d;
	(*(long *)ctx)++;
	return 0;
}

enum hw_err hw_xentry_version(struct hw_store *st, int64_t id, long *n, struct hw_error *err)
{
	*n = 0;
	return hw_xentry_history(st, id, count_decision, n, err);
}

static void person_name(void *st, int64_t id, char *out, size_t size)
{
	hw_registry_person_name(st, id, out, size);
}

json_t *hw_xaudit_entry_json(struct hw_store *st, const struct hw_xentry *e, unsigned flags,
			     long *version, struct hw_error *err)
{
	char etag[32];
	long n;
	json_t *o;

	if (hw_xentry_version(st, e->id, &n, err))
		return NULL;
	snprintf(etag, sizeof(etag), "\"d%ld\"", n);
	if (version)
		*version = n;
	o = hw_xentry_json(e, flags | HW_XENTRY_JSON_ID, person_name, st);
	if (!o || json_object_set_new(o, "etag", json_string(etag))) {
		json_decref(o);
		hw_error_set(err, HW_NOMEM, NULL);
		return NULL;
	}
	return o;
}

json_t *hw_xaudit_stage_json(struct hw_store *st, int64_t id, struct hw_error *err)
{
	struct hw_stage s;
	struct hw_xcounts c;
	json_t *o = NULL;

	hw_stage_init(&s);
	if (!hw_stage_get(st, id, &s, err) && !hw_stage_counts(st, id, &c, err) &&
	    !(o = hw_stage_json(&s, &c)))
		hw_error_set(err, HW_NOMEM, NULL);
	hw_stage_release(&s);
	return o;
}

/* ---- reading an entry ----------------------------------------------------- */

struct reveal {
	json_t *history;
	struct hw_ids *ids;
	int failed;
};

static int history_one(void *ctx, const struct hw_xdecision *d)
{
	struct reveal *rv = ctx;

	if ((rv->history && json_array_append_new(rv->history, hw_xdecision_json(d))) ||
	    (d->person_id > 0 && hw_ids_push(rv->ids, d->person_id))) {
		rv->failed = 1;
		return 1;
	}
	return 0;
}

/* The persons among the matcher's candidates of `e`. */
static void candidate_ids(const struct hw_xentry *e, struct hw_ids *ids)
{
	json_t *o = e->candidates ? json_loads(e->candidates, 0, NULL) : NULL, *c;
	size_t i;

	json_array_foreach(json_object_get(o, "candidates"), i, c)
		hw_ids_push(ids, json_integer_value(json_object_get(c, "id")));
	json_decref(o);
}

enum hw_err hw_xaudit_entry_persons(struct hw_store *st, const struct hw_xentry *e,
				    struct hw_ids *ids, json_t *history, struct hw_error *err)
{
	struct reveal rv = { history, ids, 0 };
	enum hw_err rc;

	if ((rc = hw_xentry_history(st, e->id, history_one, &rv, err)))
		return rc;
	hw_ids_push(ids, e->person_id);
	hw_ids_push(ids, e->proposed_id);
	candidate_ids(e, ids);
	return rv.failed || ids->failed ? hw_error_set(err, HW_NOMEM, NULL) : HW_OK;
}

/* ---- the records of reads -------------------------------------------------- */

enum hw_err hw_xaudit_entry_read(const struct hw_xaudit *au, int64_t entry_id,
				 const struct hw_ids *ids, struct hw_error *err)
{
	char object[24];

	snprintf(object, sizeof(object), "%lld", (long long)entry_id);
	return hw_xaudit_persons(au, "exchange.entry", "entry", object, ids, NULL, err);
}

/* hw_xaudit_persons with `after` taken (NULL: out of memory). */
static enum hw_err persons_taking(const struct hw_xaudit *au, const char *action,
				  const char *object_type, const char *object_id,
				  const struct hw_ids *ids, json_t *after, struct hw_error *err)
{
	enum hw_err rc;

	if (!after)
		return hw_error_set(err, HW_NOMEM, NULL);
	rc = hw_xaudit_persons(au, action, object_type, object_id, ids, after, err);
	json_decref(after);
	return rc;
}

enum hw_err hw_xaudit_entries(const struct hw_xaudit *au, const char *ref, json_t *query,
			      size_t offset, size_t count, const struct hw_ids *ids,
			      struct hw_error *err)
{
	return persons_taking(au, "exchange.entries", "stage", ref, ids,
			      json_pack("{s:O, s:I, s:I}", "query", query, "offset",
					(json_int_t)offset, "entries", (json_int_t)count),
			      err);
}

enum hw_err hw_xaudit_propose(const struct hw_xaudit *au, const char *ref, size_t count,
			      enum hw_custody held_by, const struct hw_priority *prio,
			      const struct hw_ids *ids, struct hw_error *err)
{
	return persons_taking(au, "exchange.propose", "exchange", ref, ids,
			      json_pack("{s:I, s:s, s:o}", "count", (json_int_t)count, "held_by",
					hw_vocab_code(&hw_vocab_custody, held_by), "priority",
					hw_priority_json(prio)),
			      err);
}
