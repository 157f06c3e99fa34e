/*
 * h_xentry.c - one entry of a stage's lists over HTTP: reading it (the
 * line as written, the matcher's candidates with every weight, the
 * decisions), a verifier's decision on it, and taking an outgoing person
 * off the list (/api/v1/entries/{entry}...).
 *
 * Two verifiers working the same queue must never silently overwrite
 * each other.  An entry's ETag is the number of decisions made on it,
 * "dN" (the history is append-only, and every decision appends one, so the
 * number grows with each change); a decision needs If-Match with the ETag
 * the verifier saw: 428 without it, 412 when another decision came first.
 * The check and the decision run in one write transaction (BEGIN
 * IMMEDIATE), so no decision can come between them.
 *
 * An entry names persons (the line as written, the person confirmed, the
 * candidates): reading one appends an audit record for each person it
 * reveals before it is sent, and each decision is audited with the entry
 * before and after, in the transaction of the decision.
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/exchange_json.h"
#include "server/server_int.h"
#include "core/banned.h"

/* ---- the version of an entry ------------------------------------------------ */

static int count_decision(void *ctx, const struct hw_xdecision *d)
{
	(void)d;
	(*(long *)ctx)++;
	return 0;
}

static enum hw_err entry_version(struct hw_store *st, int64_t id, long *n, struct hw_error *err)
{
	*n = 0;
	return hw_xentry_history(st, id, count_decision, n, err);
}

json_t *hw_h_entry_json(struct hw_request *r, const struct hw_xentry *e, unsigned flags,
			long *version, struct hw_error *err)
{
	char etag[32];
	long n;
	json_t *o;

	if (entry_version(r->st, e->id, &n, err))
		return NULL;
	snprintf(etag, sizeof(etag), "\"d%ld\"", n);
	if (version)
		*version = n;
	o = hw_xentry_json(e, flags | HW_XENTRY_JSON_ID, hw_h_person_name, r->st);
	if (!o || json_object_set_new(o, "etag", json_string(etag))) {
		json_decref(o);
		hw_error_set(err, HW_NOMEM, NULL);
		return NULL;
	}
	return o;
}

/* The entry of the path's {entry} (its id): 0, or -1 with the error answered. */
static int load_entry(struct hw_request *r, struct hw_xentry *e)
{
	const char *s = hw_route_param(&r->params, "entry");
	struct hw_error err;
	char *end;
	long long id;

	hw_error_clear(&err);
	id = strtoll(s, &end, 10);
	if (*s < '1' || *s > '9' || *end || id < 1) {
		hw_reply_fail(r, HW_NOT_FOUND, "entry", "'%.40s' is not a list entry's id", s);
		return -1;
	}
	if (hw_xentry_get(r->st, id, e, &err)) {
		if (err.code == HW_NOT_FOUND)
			hw_error_set_field(&err, HW_NOT_FOUND, "entry", "no list entry %lld", id);
		hw_reply_error(r, &err);
		return -1;
	}
	return 0;
}

static void set_etag(struct hw_request *r, long version)
{
	snprintf(r->etag, sizeof(r->etag), "\"d%ld\"", version);
}

/* ---- reading an entry ------------------------------------------------------- */

struct reveal {
	json_t *history;
	struct hw_ids *ids;
};

static int history_one(void *ctx, const struct hw_xdecision *d)
{
	struct reveal *rv = ctx;

	if (json_array_append_new(rv->history, hw_xdecision_json(d)) ||
	    (d->person_id > 0 && hw_ids_push(rv->ids, d->person_id)))
		return 1;
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

/* The entry with its stage, candidates and history; the persons it names
 * into `ids`. */
static json_t *entry_full(struct hw_request *r, const struct hw_xentry *e, long *version,
			  struct hw_ids *ids, struct hw_error *err)
{
	struct reveal rv = { json_array(), ids };
	struct hw_stage s;
	char ref[HW_XREF_MAX];
	json_t *o = NULL;

	hw_stage_init(&s);
	if (!rv.history || hw_stage_get(r->st, e->stage_id, &s, err) ||
	    hw_xentry_history(r->st, e->id, history_one, &rv, err))
		goto out;
	hw_stage_ref_format(s.exchange_id, s.number, ref);
	hw_ids_push(ids, e->person_id);
	hw_ids_push(ids, e->proposed_id);
	candidate_ids(e, ids);
	if (ids->failed || !(o = hw_h_entry_json(r, e, HW_XENTRY_JSON_MATCHER, version, err)))
		goto out;
	if (json_object_set_new(o, "stage", json_string(ref)) ||
	    json_object_set(o, "history", rv.history)) {
		json_decref(o);
		o = NULL;
	}
out:
	if (!o && !err->code)
		hw_error_set(err, HW_NOMEM, NULL);
	json_decref(rv.history);
	hw_stage_release(&s);
	return o;
}

void hw_h_entry_get(struct hw_request *r)
{
	static const char *const none[] = { NULL };
	struct hw_ids ids = { NULL, 0, 0, 0 };
	struct hw_xentry e;
	struct hw_error err;
	char object[24];
	json_t *o = NULL;
	long version = 0;

	hw_xentry_init(&e);
	hw_error_clear(&err);
	if (hw_request_check_args(r, none, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (load_entry(r, &e))
		goto out;
	snprintf(object, sizeof(object), "%lld", (long long)e.id);
	/* no audit, no answer */
	if (!(o = entry_full(r, &e, &version, &ids, &err)) || hw_store_begin(r->st, &err) ||
	    hw_h_audit_persons(r, "exchange.entry", "entry", object, &ids, NULL, &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		goto out;
	}
	set_etag(r, version);
	hw_reply_json(r, 200, json_incref(o));
out:
	json_decref(o);
	hw_ids_release(&ids);
	hw_xentry_release(&e);
}

/* ---- decisions -------------------------------------------------------------- */

/* The version If-Match names: 0, or -1 with the error answered (428 when
 * missing, 400 when it is not an entry's ETag). */
static int if_match(struct hw_request *r, long *version)
{
	const char *h = hw_request_header(r, "If-Match");
	char *end;

	if (!h) {
		hw_reply_fail(r, HW_PRECONDITION, "If-Match",
			      "a decision needs If-Match with the ETag of the entry as it was "
			      "seen (GET /api/v1/entries/ID)");
		return -1;
	}
	if (strncmp(h, "\"d", 2) || h[2] < '0' || h[2] > '9' ||
	    (*version = strtol(h + 2, &end, 10)) < 0 || strcmp(end, "\"")) {
		hw_reply_fail(r, HW_INVALID, "If-Match", "If-Match must be an entry's ETag such as "
			      "\"d2\"");
		return -1;
	}
	return 0;
}

/* What a decision does, with the body's person (confirm) and reason. */
enum decision { CONFIRM, REJECT, REMOVE };

struct decide {
	enum decision what;
	const char *action;
	int64_t person;
	const char *reason;
};

static const struct hw_jfield confirm_fields[] = {
	{ "person", HW_J_STRING | HW_J_NULL, 0 },
	{ "reason", HW_J_STRING | HW_J_NULL, 0 },
	{ NULL, 0, 0 },
};

static const struct hw_jfield reason_fields[] = {
	{ "reason", HW_J_STRING, 1 },
	{ NULL, 0, 0 },
};

static enum hw_err decide_from_json(struct hw_request *r, struct decide *d,
				    struct hw_error *err)
{
	const char *person;

	if (hw_json_check_fields(r->body, d->what == CONFIRM ? confirm_fields : reason_fields, "",
				 err))
		return HW_INVALID;
	d->reason = json_string_value(json_object_get(r->body, "reason"));
	person = json_string_value(json_object_get(r->body, "person"));
	if (person && hw_store_person_resolve(r->st, person, &d->person, err))
		return hw_error_set_field(err, HW_INVALID, "person", "person: no person '%.60s'",
					  person);
	return HW_OK;
}

static enum hw_err apply(struct hw_request *r, const struct decide *d, int64_t id,
			 struct hw_error *err)
{
	switch (d->what) {
	case CONFIRM:
		return hw_xentry_confirm(r->st, id, d->person, d->reason, r->sess.user, err);
	case REJECT:
		return hw_xentry_reject(r->st, id, d->reason, r->sess.user, err);
	default:
		return hw_xlist_remove(r->st, id, d->reason, r->sess.user, err);
	}
}

/* One audit record for the person the entry names after the decision and
 * one for the person it named before, when another (or one naming nobody
 * when neither names anyone), each with the entry before and after. */
static enum hw_err audit_decision(struct hw_request *r, const char *action, const char *object,
				  int64_t was, int64_t is, json_t *before, json_t *after,
				  struct hw_error *err)
{
	enum hw_err rc = hw_request_audit(r, action, "entry", object, is > 0 ? is : was, before,
					  after, HW_AUDIT_OK, err);

	if (!rc && was > 0 && is > 0 && was != is)
		rc = hw_request_audit(r, action, "entry", object, was, before, after, HW_AUDIT_OK,
				      err);
	return rc;
}

/* In the open transaction: checks the version, decides, reloads the entry
 * into `e` and audits the decision. */
static enum hw_err decide_in_tx(struct hw_request *r, const struct decide *d, long want,
				struct hw_xentry *e, json_t **after, long *version,
				struct hw_error *err)
{
	char object[24];
	json_t *before;
	int64_t was = e->person_id, id = e->id;
	long now;
	enum hw_err rc;

	snprintf(object, sizeof(object), "%lld", (long long)id);
	if (!(before = hw_h_entry_json(r, e, 0, &now, err)))
		return err->code ? err->code : HW_NOMEM;
	if (now != want) {
		rc = hw_error_set_field(err, HW_STALE, "If-Match",
					"the entry was decided meanwhile (now \"d%ld\"): read it "
					"again", now);
	} else if (!(rc = apply(r, d, id, err))) {
		hw_xentry_release(e);
		if (!(rc = hw_xentry_get(r->st, id, e, err))) {
			if (!(*after = hw_h_entry_json(r, e, 0, version, err)))
				rc = err->code ? err->code : HW_NOMEM;
			else
				rc = audit_decision(r, d->action, object, was, e->person_id, before,
						    *after, err);
		}
	}
	json_decref(before);
	return rc;
}

static void decide(struct hw_request *r, struct decide *d)
{
	struct hw_xentry e;
	struct hw_error err;
	json_t *after = NULL;
	long want = 0, version = 0;

	hw_xentry_init(&e);
	hw_error_clear(&err);
	if (if_match(r, &want))
		goto out;
	if (decide_from_json(r, d, &err) || hw_store_begin(r->st, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (load_entry(r, &e)) {
		hw_store_rollback(r->st);
		goto out;
	}
	if (decide_in_tx(r, d, want, &e, &after, &version, &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		goto out;
	}
	hw_h_sync_index(r);
	set_etag(r, version);
	hw_reply_json(r, 200, json_incref(after));
out:
	json_decref(after);
	hw_xentry_release(&e);
}

void hw_h_entry_confirm(struct hw_request *r)
{
	struct decide d = { CONFIRM, "exchange.confirm", 0, NULL };

	decide(r, &d);
}

void hw_h_entry_reject(struct hw_request *r)
{
	struct decide d = { REJECT, "exchange.reject", 0, NULL };

	decide(r, &d);
}

void hw_h_entry_remove(struct hw_request *r)
{
	struct decide d = { REMOVE, "exchange.out_remove", 0, NULL };

	decide(r, &d);
}
