/*
 * h_stage.c - the stages of an agreement over HTTP: adding one, reading
 * it with its counts, starting or cancelling it, what blocks its
 * completion, and completing it
 * (/api/v1/exchanges/{exchange}/stages/{stage}...).
 *
 * Completing and cancelling move persons (returned, handed over, back to
 * captive): besides the record of the stage (before and after), each
 * person moved gets an audit record of their own, in the same transaction,
 * so that `homeward audit log --person` finds it (homeward/exchange_audit.h,
 * as the command line records it).
 */
#include <string.h>

#include "homeward/exchange_json.h"
#include "server/server_int.h"
#include "core/banned.h"

static void reply_stage(struct hw_request *r, int64_t id, unsigned status)
{
	struct hw_error err;
	json_t *o;

	hw_error_clear(&err);
	if (!(o = hw_xaudit_stage_json(r->st, id, &err))) {
		if (!err.code)
			hw_error_set(&err, HW_NOMEM, NULL);
		hw_reply_error(r, &err);
		return;
	}
	hw_reply_json(r, status, o);
}

static int no_args(struct hw_request *r)
{
	static const char *const none[] = { NULL };
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_request_check_args(r, none, &err)) {
		hw_reply_error(r, &err);
		return -1;
	}
	return 0;
}

void hw_h_stage_get(struct hw_request *r)
{
	char ref[HW_XREF_MAX];
	int64_t id;

	if (!no_args(r) && !hw_h_load_stage(r, &id, ref))
		reply_stage(r, id, 200);
}

/* ---- adding a stage ----------------------------------------------------- */

static const struct hw_jfield stage_fields[] = {
	{ "date", HW_J_STRING | HW_J_NULL, 0 },
	{ "planned_in", HW_J_INT | HW_J_NULL, 0 },
	{ "planned_out", HW_J_INT | HW_J_NULL, 0 },
	{ "counted_in", HW_J_INT | HW_J_NULL, 0 },
	{ "counted_out", HW_J_INT | HW_J_NULL, 0 },
	{ NULL, 0, 0 },
};

static enum hw_err stage_from_json(struct hw_stage *s, json_t *o, struct hw_error *err)
{
	if (hw_json_check_fields(o, stage_fields, "", err) ||
	    hw_h_json_date(o, "date", &s->date, err) ||
	    hw_h_json_count(o, "planned_in", 0, &s->planned_in, err) ||
	    hw_h_json_count(o, "planned_out", 0, &s->planned_out, err) ||
	    hw_h_json_count(o, "counted_in", 0, &s->counted_in, err) ||
	    hw_h_json_count(o, "counted_out", 0, &s->counted_out, err))
		return HW_INVALID;
	return HW_OK;
}

void hw_h_stage_add(struct hw_request *r)
{
	char xref[HW_XREF_MAX];
	struct hw_stage s;
	struct hw_xaudit au;
	struct hw_error err;
	json_t *after = NULL;

	hw_stage_init(&s);
	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (stage_from_json(&s, r->body, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_h_load_exchange(r, &s.exchange_id))
		goto out;
	if (hw_store_begin(r->st, &err) || hw_xaudit_stage_add(r->st, &au, &s, &after, &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		goto out;
	}
	hw_exchange_ref_format(s.exchange_id, xref);
	snprintf(r->location, sizeof(r->location), "/api/v1/exchanges/%s/stages/%d", xref,
		 s.number);
	hw_reply_json(r, 201, json_incref(after));
out:
	json_decref(after);
	hw_stage_release(&s);
}

/* ---- writes that move the persons of a stage ------------------------------ */

/* What changes the path's stage: its state, or its completion. */
struct stage_arg {
	int complete;
	enum hw_xstate to;
	struct hw_date date;
	int force;
	const char *reason;
};

static void add_blockers(struct hw_request *r, int64_t id);

/*
 * Changes the path's stage in one transaction with the audit records (the
 * stage before and after, and one record per person it moves) and answers
 * the stage; a refusal to complete says what blocks it (`blockers`).
 */
static void change_stage(struct hw_request *r, const struct stage_arg *a)
{
	struct hw_xaudit au;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	json_t *after = NULL;
	int64_t id;

	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (hw_h_load_stage(r, &id, ref))
		return;
	if (hw_store_begin(r->st, &err) ||
	    (a->complete ? hw_xaudit_stage_complete(r->st, &au, id, &a->date, a->force, a->reason,
						    &after, &err)
			 : hw_xaudit_stage_state(r->st, &au, id, a->to, a->reason, &after, &err)) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		if (err.code == HW_REFUSED && a->complete)
			add_blockers(r, id);
		goto out;
	}
	hw_h_sync_index(r);
	hw_reply_json(r, 200, json_incref(after));
out:
	json_decref(after);
}

void hw_h_stage_state(struct hw_request *r)
{
	struct stage_arg a;
	struct hw_error err;

	memset(&a, 0, sizeof(a));
	hw_error_clear(&err);
	if (hw_h_json_state(r->body, &a.to, &a.reason, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	if (a.to == HW_XSTATE_COMPLETED) {
		hw_reply_fail(r, HW_REFUSED, "state",
			      "a stage is completed by completing it: POST .../complete");
		return;
	}
	change_stage(r, &a);
}

/* ---- completion ---------------------------------------------------------- */

void hw_h_stage_completion(struct hw_request *r)
{
	char ref[HW_XREF_MAX];
	struct hw_stage s;
	struct hw_xcounts c;
	struct hw_error err;
	json_t *o = NULL;
	int64_t id;

	hw_stage_init(&s);
	hw_error_clear(&err);
	if (no_args(r) || hw_h_load_stage(r, &id, ref))
		goto out;
	if (hw_stage_get(r->st, id, &s, &err) || hw_stage_counts(r->st, id, &c, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	/* only an open stage has anything left to block it */
	o = hw_stage_json(&s, &c);
	if (o && json_object_set_new(o, "blockers",
				     s.state == HW_XSTATE_PLANNED || s.state == HW_XSTATE_IN_PROGRESS
					     ? hw_xblockers_json(&c)
					     : json_null())) {
		json_decref(o);
		o = NULL;
	}
	hw_reply_json(r, 200, o);
out:
	hw_stage_release(&s);
}

static const struct hw_jfield complete_fields[] = {
	{ "date", HW_J_STRING | HW_J_NULL, 0 },
	{ "force", HW_J_BOOL, 0 },
	{ "reason", HW_J_STRING | HW_J_NULL, 0 },
	{ NULL, 0, 0 },
};

/* Adds what blocks stage `id`, when it is open and something does, to the
 * error answered. */
static void add_blockers(struct hw_request *r, int64_t id)
{
	struct hw_stage s;
	struct hw_xcounts c;
	struct hw_xblockers b;
	json_t *e = json_object_get(r->json, "error");

	hw_stage_init(&s);
	if (e && !hw_stage_get(r->st, id, &s, NULL) &&
	    (s.state == HW_XSTATE_PLANNED || s.state == HW_XSTATE_IN_PROGRESS) &&
	    !hw_stage_counts(r->st, id, &c, NULL) && hw_xcounts_blockers(&c, &b))
		json_object_set_new(e, "blockers", hw_xblockers_json(&c));
	hw_stage_release(&s);
}

void hw_h_stage_complete(struct hw_request *r)
{
	struct stage_arg a;
	struct hw_error err;

	memset(&a, 0, sizeof(a));
	a.complete = 1;
	hw_error_clear(&err);
	if (hw_json_check_fields(r->body, complete_fields, "", &err) ||
	    hw_h_json_date(r->body, "date", &a.date, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	a.force = json_is_true(json_object_get(r->body, "force"));
	a.reason = json_string_value(json_object_get(r->body, "reason"));
	if (a.reason && !a.force) {
		hw_reply_fail(r, HW_INVALID, "reason",
			      "a reason goes with force (completing despite what blocks it)");
		return;
	}
	change_stage(r, &a);
}
