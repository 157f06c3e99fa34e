/*
 * xaudit_write.c - the writes of the exchange ledger with their audit
 * records (homeward/exchange_audit.h), in the caller's transaction:
 * agreements and stages, their states and completion, the lists and the
 * decisions on their entries.
 *
 * A write that moves persons (cancelling, completing, a decision) names
 * each of them in a record of its own, so that the history of a person in
 * the trail (`audit log --person`) shows every list they were put on or
 * taken off, whichever front end did it.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/exchange_audit.h"
#include "homeward/exchange_json.h"
#include "homeward/person.h"
#include "exchange/exchange_int.h"
#include "core/banned.h"

/* The error `err` holds, else out of memory (`err` may be NULL). */
static enum hw_err nomem(struct hw_error *err)
{
	return err && err->code ? err->code : hw_error_set(err, HW_NOMEM, NULL);
}

/* Hands `o` to *out when all went well and it is asked for, else
 * releases it. */
static void give(json_t *o, enum hw_err rc, json_t **out)
{
	if (!rc && out)
		*out = o;
	else
		json_decref(o);
}

/* The record of a new object `after` (taken; NULL: out of memory), which
 * goes to *out (may be NULL). */
static enum hw_err record_new(const struct hw_xaudit *au, const char *action,
			      const char *object_type, const char *object_id, json_t *after,
			      json_t **out, struct hw_error *err)
{
	enum hw_err rc;

	if (!after)
		return nomem(err);
	rc = au->append(au->ctx, action, object_type, object_id, 0, NULL, after, err);
	give(after, rc, out);
	return rc;
}

/* ---- agreements ------------------------------------------------------------- */

enum hw_err hw_xaudit_exchange_create(struct hw_store *st, const struct hw_xaudit *au,
				      struct hw_exchange *x, struct hw_error *err)
{
	char ref[HW_XREF_MAX];
	enum hw_err rc;

	if ((rc = hw_exchange_create(st, x, au->actor, err)))
		return rc;
	hw_exchange_ref_format(x->id, ref);
	return record_new(au, "exchange.create", "exchange", ref, hw_exchange_json(x), NULL, err);
}

struct open_persons {
	struct hw_store *st;
	struct hw_ids *ids;
	struct hw_error *err;
	enum hw_err rc;
};

static int open_stage_persons(void *ctx, const struct hw_stage *s)
{
	struct open_persons *op = ctx;

	if (s->state != HW_XSTATE_PLANNED && s->state != HW_XSTATE_IN_PROGRESS)
		return 0;
	op->rc = hw_xaudit_stage_persons(op->st, s->id, op->ids, op->err);
	return op->rc ? 1 : 0;
}

/* One record for the agreement and, when it is cancelled, one for each
 * person taken off the list of an open stage. */
enum hw_err hw_xaudit_exchange_state(struct hw_store *st, const struct hw_xaudit *au, int64_t id,
				     enum hw_xstate to, const char *reason, struct hw_error *err)
{
	struct hw_ids persons = { NULL, 0, 0, 0 };
	struct open_persons op = { st, &persons, err, HW_OK };
	struct hw_exchange x;
	char ref[HW_XREF_MAX];
	json_t *before = NULL, *after = NULL;
	enum hw_err rc;

	hw_exchange_init(&x);
	hw_exchange_ref_format(id, ref);
	if ((rc = hw_exchange_get(st, id, &x, err)))
		goto out;
	before = json_pack("{s:s}", "state", hw_vocab_code(&hw_vocab_xstate, x.state));
	after = json_pack("{s:s, s:s?}", "state", hw_vocab_code(&hw_vocab_xstate, to), "reason",
			  reason);
	if (!before || !after) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	if (to == HW_XSTATE_CANCELLED &&
	    ((rc = hw_stage_each(st, id, open_stage_persons, &op, err)) || (rc = op.rc)))
		goto out;
	if ((rc = hw_exchange_set_state(st, id, to, reason, au->actor, err)) ||
	    (rc = au->append(au->ctx, "exchange.state", "exchange", ref, 0, before, after, err)))
		goto out;
	if (persons.n)
		rc = hw_xaudit_persons(au, "exchange.state", "exchange", ref, &persons, after, err);
out:
	json_decref(before);
	json_decref(after);
	hw_ids_release(&persons);
	hw_exchange_release(&x);
	return rc;
}

/* ---- stages ------------------------------------------------------------------ */

enum hw_err hw_xaudit_stage_add(struct hw_store *st, const struct hw_xaudit *au,
				struct hw_stage *s, json_t **after, struct hw_error *err)
{
	char ref[HW_XREF_MAX];
	struct hw_xcounts c;
	enum hw_err rc;

	if ((rc = hw_stage_add(st, s, au->actor, err)) ||
	    (rc = hw_stage_counts(st, s->id, &c, err)))
		return rc;
	hw_stage_ref_format(s->exchange_id, s->number, ref);
	return record_new(au, "exchange.stage_add", "stage", ref, hw_stage_json(s, &c), after, err);
}

/* What changes a stage: its state, or its completion. */
struct stage_change {
	const char *action;
	int complete;
	enum hw_xstate to;
	const struct hw_date *date;
	int force;
	const char *reason;
};

static enum hw_err stage_apply(struct hw_store *st, const struct hw_xaudit *au, int64_t id,
			       const struct stage_change *c, struct hw_error *err)
{
	if (c->complete)
		return hw_stage_complete(st, id, c->date, c->force, c->reason, au->actor, err);
	return hw_stage_set_state(st, id, c->to, c->reason, au->actor, err);
}

/*
 * The change with the records: the stage before and after, and one record
 * per person confirmed on its lists before the change (those it moves).
 */
static enum hw_err stage_change(struct hw_store *st, const struct hw_xaudit *au, int64_t id,
				const struct stage_change *c, json_t **out, struct hw_error *err)
{
	struct hw_ids persons = { NULL, 0, 0, 0 };
	json_t *before = NULL, *after = NULL, *moved = NULL;
	const char *ref;
	enum hw_err rc;

	if ((rc = hw_xaudit_stage_persons(st, id, &persons, err)))
		goto out;
	if (!(before = hw_xaudit_stage_json(st, id, err)) ||
	    (rc = stage_apply(st, au, id, c, err)) ||
	    !(after = hw_xaudit_stage_json(st, id, err))) {
		rc = nomem(err);
		goto out;
	}
	ref = json_string_value(json_object_get(before, "ref"));
	if (!(moved = json_pack("{s:s, s:O}", "stage", ref, "state",
				json_object_get(after, "state")))) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	if ((rc = au->append(au->ctx, c->action, "stage", ref, 0, before, after, err)) ||
	    (persons.n &&
	     (rc = hw_xaudit_persons(au, c->action, "stage", ref, &persons, moved, err))))
		goto out;
	give(after, rc, out);
	after = NULL;
out:
	json_decref(before);
	json_decref(after);
	json_decref(moved);
	hw_ids_release(&persons);
	return rc;
}

enum hw_err hw_xaudit_stage_state(struct hw_store *st, const struct hw_xaudit *au, int64_t id,
				  enum hw_xstate to, const char *reason, json_t **after,
				  struct hw_error *err)
{
	struct stage_change c = { "exchange.stage_state", 0, to, NULL, 0, reason };

	return stage_change(st, au, id, &c, after, err);
}

enum hw_err hw_xaudit_stage_complete(struct hw_store *st, const struct hw_xaudit *au,
				     int64_t id, const struct hw_date *date, int force,
				     const char *reason, json_t **after, struct hw_error *err)
{
	struct stage_change c = { "exchange.complete", 1, HW_XSTATE_COMPLETED, date, force,
				  reason };

	return stage_change(st, au, id, &c, after, err);
}

/* ---- lists ----------------------------------------------------------------------- */

enum hw_err hw_xaudit_list_store(struct hw_store *st, const struct hw_xaudit *au,
				 struct hw_xlist_batch *b, const char *ref,
				 struct hw_xlist_result *res, json_t **result,
				 struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = hw_xlist_store(st, b, au->actor, res, err)))
		return rc;
	return record_new(au, "exchange.import", "stage", ref,
			  json_pack("{s:s, s:I, s:I, s:I, s:I}", "stage", ref, "entries",
				    (json_int_t)res->entries, "pending", (json_int_t)res->pending,
				    "ambiguous", (json_int_t)res->ambiguous, "not_found",
				    (json_int_t)res->not_found),
			  result, err);
}

enum hw_err hw_xaudit_out_add(struct hw_store *st, const struct hw_xaudit *au, int64_t stage_id,
			      const char *ref, int64_t person, json_t **entry,
			      struct hw_error *err)
{
	char pub[HW_PUBREF_MAX];
	struct hw_xentry e;
	json_t *o = NULL;
	int64_t id;
	enum hw_err rc;

	hw_xentry_init(&e);
	hw_pubref_format(person, pub);
	if ((rc = hw_xlist_add_out(st, stage_id, person, au->actor, err)) ||
	    (rc = xlist_out_entry(st, stage_id, pub, HW_VERIFY_CONFIRMED, &id, err)) ||
	    (rc = hw_xentry_get(st, id, &e, err)))
		goto out;
	if (!(o = hw_xaudit_entry_json(st, &e, 0, NULL, err))) {
		rc = nomem(err);
		goto out;
	}
	rc = au->append(au->ctx, "exchange.out_add", "stage", ref, person, NULL, o, err);
out:
	give(o, rc, entry);
	hw_xentry_release(&e);
	return rc;
}

/* ---- decisions -------------------------------------------------------------------- */

static enum hw_err decide_apply(struct hw_store *st, const struct hw_xaudit *au,
				const struct hw_xdecide *d, int64_t id, struct hw_error *err)
{
	switch (d->what) {
	case HW_XDECIDE_CONFIRM:
		return hw_xentry_confirm(st, id, d->person, d->reason, au->actor, err);
	case HW_XDECIDE_REJECT:
		return hw_xentry_reject(st, id, d->reason, au->actor, err);
	default:
		return hw_xlist_remove(st, id, d->reason, au->actor, err);
	}
}

/* One record for the person the entry names after the decision and one
 * for the person it named before, when another (or one naming nobody when
 * neither names anyone), each with the entry before and after. */
static enum hw_err decision_records(const struct hw_xaudit *au, const char *action,
				    const char *object, int64_t was, int64_t is, json_t *before,
				    json_t *after, struct hw_error *err)
{
	enum hw_err rc = au->append(au->ctx, action, "entry", object, is > 0 ? is : was, before,
				    after, err);

	if (!rc && was > 0 && is > 0 && was != is)
		rc = au->append(au->ctx, action, "entry", object, was, before, after, err);
	return rc;
}

enum hw_err hw_xaudit_decide(struct hw_store *st, const struct hw_xaudit *au,
			     const struct hw_xdecide *d, struct hw_xentry *e, json_t **after,
			     long *version, struct hw_error *err)
{
	static const char *const actions[] = { "exchange.confirm", "exchange.reject",
					       "exchange.out_remove" };
	char object[24];
	json_t *before, *o = NULL;
	int64_t was = e->person_id, id = e->id;
	enum hw_err rc;

	snprintf(object, sizeof(object), "%lld", (long long)id);
	if (!(before = hw_xaudit_entry_json(st, e, 0, NULL, err)))
		return nomem(err);
	if ((rc = decide_apply(st, au, d, id, err)))
		goto out;
	hw_xentry_release(e);
	if ((rc = hw_xentry_get(st, id, e, err)))
		goto out;
	if (!(o = hw_xaudit_entry_json(st, e, 0, version, err))) {
		rc = nomem(err);
		goto out;
	}
	rc = decision_records(au, actions[d->what], object, was, e->person_id, before, o, err);
out:
	give(o, rc, after);
	json_decref(before);
	return rc;
}

/* ---- confirming every proposal ------------------------------------------------------ */

struct pending {
	json_t *arr;
	int failed;
};

static int collect_pending(void *ctx, const struct hw_xentry *e)
{
	struct pending *p = ctx;

	if (e->state != HW_VERIFY_PENDING || e->proposed_id <= 0)
		return 0;
	if (json_array_append_new(p->arr, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)e->id,
						    "line", e->line, "proposed",
						    (json_int_t)e->proposed_id))) {
		p->failed = 1;
		return 1;
	}
	return 0;
}

/* Confirms entry `o` ({id, line, proposed}) as proposed with its record,
 * into `done`, or hands it to `left` with why it stays pending. */
static enum hw_err confirm_one(struct hw_store *st, const struct hw_xaudit *au, json_t *o,
			       const char *reason, json_t *done, hw_xleft_fn left, void *ctx,
			       struct hw_error *err)
{
	int64_t id = json_integer_value(json_object_get(o, "id"));
	int64_t person = json_integer_value(json_object_get(o, "proposed"));
	const char *line = json_string_value(json_object_get(o, "line"));
	char object[24], pub[HW_PUBREF_MAX];
	struct hw_error one;
	json_t *after;
	enum hw_err rc;

	hw_error_clear(&one);
	rc = hw_xentry_confirm(st, id, 0, reason, au->actor, &one);
	if (rc == HW_REFUSED || rc == HW_CONFLICT) {
		/* left pending for a verifier to look at */
		if (left && left(ctx, id, line, &one))
			return hw_error_set(err, HW_NOMEM, NULL);
		return HW_OK;
	}
	if (rc) {
		if (err)
			*err = one;
		return rc;
	}
	hw_pubref_format(person, pub);
	snprintf(object, sizeof(object), "%lld", (long long)id);
	if (!(after = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "line", line, "person",
				pub)) ||
	    json_array_append(done, after)) {
		json_decref(after);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	rc = au->append(au->ctx, "exchange.confirm_proposed", "entry", object, person, NULL, after,
			err);
	json_decref(after);
	return rc;
}

enum hw_err hw_xaudit_confirm_proposed(struct hw_store *st, const struct hw_xaudit *au,
				       int64_t stage_id, const char *reason, json_t *done,
				       hw_xleft_fn left, void *ctx, struct hw_error *err)
{
	struct pending p = { json_array(), 0 };
	enum hw_err rc;
	size_t i;

	/* the pending entries as they are inside the transaction: one another
	 * verifier decided meanwhile is no longer pending, and is left alone */
	if (!p.arr)
		return hw_error_set(err, HW_NOMEM, NULL);
	if (!(rc = hw_xentry_each(st, stage_id, NULL, collect_pending, &p, err)) && p.failed)
		rc = hw_error_set(err, HW_NOMEM, NULL);
	for (i = 0; !rc && i < json_array_size(p.arr); i++)
		rc = confirm_one(st, au, json_array_get(p.arr, i), reason, done, left, ctx, err);
	json_decref(p.arr);
	return rc;
}
