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
 * before and after, in the transaction of the decision, as the command
 * line audits them (homeward/exchange_audit.h).
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/exchange_json.h"
#include "server/server_int.h"
#include "core/banned.h"

/* ---- the version of an entry ------------------------------------------------ */

json_t *hw_h_entry_json(struct hw_request *r, const struct hw_xentry *e, unsigned flags,
			long *version, struct hw_error *err)
{
	return hw_xaudit_entry_json(r->st, e, flags, version, err);
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

/* The entry with its stage, candidates and history; the persons it names
 * into `ids`. */
static json_t *entry_full(struct hw_request *r, const struct hw_xentry *e, long *version,
			  struct hw_ids *ids, struct hw_error *err)
{
	json_t *history = json_array(), *o = NULL;
	struct hw_stage s;
	char ref[HW_XREF_MAX];

	hw_stage_init(&s);
	if (!history || hw_stage_get(r->st, e->stage_id, &s, err) ||
	    hw_xaudit_entry_persons(r->st, e, ids, history, err))
		goto out;
	hw_stage_ref_format(s.exchange_id, s.number, ref);
	if (!(o = hw_h_entry_json(r, e, HW_XENTRY_JSON_MATCHER, version, err)))
		goto out;
	if (json_object_set_new(o, "stage", json_string(ref)) ||
	    json_object_set(o, "history", history)) {
		json_decref(o);
		o = NULL;
	}
out:
	if (!o && !err->code)
		hw_error_set(err, HW_NOMEM, NULL);
	json_decref(history);
	hw_stage_release(&s);
	return o;
}

void hw_h_entry_get(struct hw_request *r)
{
	static const char *const none[] = { NULL };
	struct hw_ids ids = { NULL, 0, 0, 0 };
	struct hw_xaudit au;
	struct hw_xentry e;
	struct hw_error err;
	json_t *o = NULL;
	long version = 0;

	hw_xentry_init(&e);
	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (hw_request_check_args(r, none, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (load_entry(r, &e))
		goto out;
	/* no audit, no answer */
	if (!(o = entry_full(r, &e, &version, &ids, &err)) || hw_store_begin(r->st, &err) ||
	    hw_xaudit_entry_read(&au, e.id, &ids, &err) || hw_store_commit(r->st, &err)) {
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

static const struct hw_jfield confirm_fields[] = {
	{ "person", HW_J_STRING | HW_J_NULL, 0 },
	{ "reason", HW_J_STRING | HW_J_NULL, 0 },
	{ NULL, 0, 0 },
};

static const struct hw_jfield reason_fields[] = {
	{ "reason", HW_J_STRING, 1 },
	{ NULL, 0, 0 },
};

/* The decision the body asks for: its person (confirm) and reason. */
static enum hw_err decide_from_json(struct hw_request *r, struct hw_xdecide *d,
				    struct hw_error *err)
{
	const char *person;

	if (hw_json_check_fields(r->body,
				 d->what == HW_XDECIDE_CONFIRM ? confirm_fields : reason_fields, "",
				 err))
		return HW_INVALID;
	d->reason = json_string_value(json_object_get(r->body, "reason"));
	person = json_string_value(json_object_get(r->body, "person"));
	if (person && hw_store_person_resolve(r->st, person, &d->person, err))
		return hw_error_set_field(err, HW_INVALID, "person", "person: no person '%.60s'",
					  person);
	return HW_OK;
}

/* In the open transaction: checks the version, decides with the audit
 * records and reloads the entry into `e`. */
static enum hw_err decide_in_tx(struct hw_request *r, const struct hw_xdecide *d, long want,
				struct hw_xentry *e, json_t **after, long *version,
				struct hw_error *err)
{
	struct hw_xaudit au;
	long now;
	enum hw_err rc;

	hw_h_xaudit(r, &au);
	if ((rc = hw_xentry_version(r->st, e->id, &now, err)))
		return rc;
	if (now != want)
		return hw_error_set_field(err, HW_STALE, "If-Match",
					  "the entry was decided meanwhile (now \"d%ld\"): read it "
					  "again", now);
	return hw_xaudit_decide(r->st, &au, d, e, after, version, err);
}

static void decide(struct hw_request *r, struct hw_xdecide *d)
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
	struct hw_xdecide d = { HW_XDECIDE_CONFIRM, 0, NULL };

	decide(r, &d);
}

void hw_h_entry_reject(struct hw_request *r)
{
	struct hw_xdecide d = { HW_XDECIDE_REJECT, 0, NULL };

	decide(r, &d);
}

void hw_h_entry_remove(struct hw_request *r)
{
	struct hw_xdecide d = { HW_XDECIDE_REMOVE, 0, NULL };

	decide(r, &d);
}
