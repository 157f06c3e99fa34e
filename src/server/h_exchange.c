/*
 * h_exchange.c - the agreements of the exchange ledger over HTTP (list,
 * record, read with the reconciliation of counts, change of state, the
 * names to propose), and what the ledger's handlers share (h_stage.c,
 * h_xlist.c, h_xentry.c): finding the agreement and the stage a path
 * names, and who writes the audit records of the ledger.
 *
 * Stages are addressed as /api/v1/exchanges/{exchange}/stages/{stage}:
 * the agreement (EX-000052, its number or its name) and the stage's
 * number, since a stage's reference ("EX-000052/2") holds a '/' and a
 * route parameter is one path segment.
 *
 * Agreements, stages and counts hold no names (exchange.read, which the
 * analyst holds); a proposal names persons and is audited person by
 * person before it is sent.  Every write runs in one transaction with its
 * audit record.  The JSON is the command line's (homeward/exchange_json.h),
 * and so are the records (homeward/exchange_audit.h).
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/exchange_json.h"
#include "homeward/registry.h"
#include "server/server_int.h"
#include "core/banned.h"

#define PROPOSE_MAX 1000

/* ---- shared by the ledger's handlers ------------------------------------ */

int hw_h_load_exchange(struct hw_request *r, int64_t *id)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_exchange_resolve(r->st, hw_route_param(&r->params, "exchange"), id, &err)) {
		hw_reply_error(r, &err);
		return -1;
	}
	return 0;
}

int hw_h_load_stage(struct hw_request *r, int64_t *id, char ref[HW_XREF_MAX])
{
	const char *n = hw_route_param(&r->params, "stage");
	char xref[HW_XREF_MAX], sref[2 * HW_XREF_MAX];
	struct hw_error err;
	int64_t xid;
	char *end;
	long number;

	hw_error_clear(&err);
	if (hw_h_load_exchange(r, &xid))
		return -1;
	number = strtol(n, &end, 10);
	if (*n < '1' || *n > '9' || *end || number > 100000) {
		hw_reply_fail(r, HW_NOT_FOUND, "stage", "'%.40s' is not a stage number (1, 2, ...)",
			      n);
		return -1;
	}
	hw_exchange_ref_format(xid, xref);
	snprintf(sref, sizeof(sref), "%s/%ld", xref, number);
	if (hw_stage_resolve(r->st, sref, id, &err)) {
		hw_reply_error(r, &err);
		return -1;
	}
	hw_stage_ref_format(xid, (int)number, ref);
	return 0;
}

static enum hw_err request_append(void *ctx, const char *action, const char *object_type,
				  const char *object_id, int64_t person_id, json_t *before,
				  json_t *after, struct hw_error *err)
{
	return hw_request_audit(ctx, action, object_type, object_id, person_id, before, after,
				HW_AUDIT_OK, err);
}

void hw_h_xaudit(struct hw_request *r, struct hw_xaudit *au)
{
	au->append = request_append;
	au->ctx = r;
	au->actor = r->sess.user;
}

void hw_h_sync_index(struct hw_request *r)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_match_index_sync(hw_server_index(r->srv), r->st, &err))
		hw_server_log(r->srv, "updating the candidate index", &err);
}

/* Rolls back and answers `err` (out of memory when it holds no error). */
void hw_h_fail(struct hw_request *r, struct hw_error *err)
{
	hw_store_rollback(r->st);
	if (!err->code)
		hw_error_set(err, HW_NOMEM, NULL);
	hw_reply_error(r, err);
}

/* ---- reading agreements ------------------------------------------------- */

static int list_one(void *ctx, const struct hw_exchange *x)
{
	return json_array_append_new(ctx, hw_exchange_json(x)) ? 1 : 0;
}

void hw_h_exchanges_list(struct hw_request *r)
{
	static const char *const none[] = { NULL };
	struct hw_error err;
	json_t *arr = json_array();

	hw_error_clear(&err);
	if (!arr) {
		hw_reply_json(r, 500, NULL);
		return;
	}
	if (hw_request_check_args(r, none, &err) ||
	    hw_exchange_each(r->st, list_one, arr, &err)) {
		json_decref(arr);
		hw_reply_error(r, &err);
		return;
	}
	hw_reply_json(r, 200, json_pack("{s:o}", "exchanges", arr));
}

struct show_ctx {
	struct hw_store *st;
	json_t *stages;
	struct hw_error *err;
	enum hw_err rc;
};

static int show_stage(void *ctx, const struct hw_stage *s)
{
	struct show_ctx *sc = ctx;
	struct hw_xcounts c;

	if ((sc->rc = hw_stage_counts(sc->st, s->id, &c, sc->err)))
		return 1;
	if (json_array_append_new(sc->stages, hw_stage_json(s, &c))) {
		sc->rc = hw_error_set(sc->err, HW_NOMEM, NULL);
		return 1;
	}
	return 0;
}

/* The agreement with its stages and their counts, and its totals (the
 * form of `homeward exchange show --format json`). */
static json_t *exchange_show(struct hw_store *st, int64_t id, struct hw_error *err)
{
	struct show_ctx sc = { st, json_array(), err, HW_OK };
	struct hw_exchange x;
	struct hw_xcounts total;
	json_t *o = NULL;

	hw_exchange_init(&x);
	if (!sc.stages || hw_exchange_get(st, id, &x, err) ||
	    hw_exchange_counts(st, id, &total, err) ||
	    hw_stage_each(st, id, show_stage, &sc, err) || sc.rc)
		goto out;
	if ((o = hw_exchange_json(&x)) &&
	    (json_object_set(o, "stages", sc.stages) ||
	     json_object_set_new(o, "totals", hw_xcounts_json(&total)))) {
		json_decref(o);
		o = NULL;
	}
out:
	json_decref(sc.stages);
	hw_exchange_release(&x);
	return o;
}

static void reply_show(struct hw_request *r, int64_t id, unsigned status)
{
	struct hw_error err;
	json_t *o;

	hw_error_clear(&err);
	if (!(o = exchange_show(r->st, id, &err))) {
		if (!err.code)
			hw_error_set(&err, HW_NOMEM, NULL);
		hw_reply_error(r, &err);
		return;
	}
	hw_reply_json(r, status, o);
}

void hw_h_exchange_get(struct hw_request *r)
{
	static const char *const none[] = { NULL };
	struct hw_error err;
	int64_t id;

	hw_error_clear(&err);
	if (hw_request_check_args(r, none, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	if (!hw_h_load_exchange(r, &id))
		reply_show(r, id, 200);
}

/* ---- recording an agreement --------------------------------------------- */

static const struct hw_jfield create_fields[] = {
	{ "name", HW_J_STRING, 1 },
	{ "agreed_on", HW_J_STRING | HW_J_NULL, 0 },
	{ "place", HW_J_STRING | HW_J_NULL, 0 },
	{ "mediators", HW_J_STRING | HW_J_NULL, 0 },
	{ "quota_in", HW_J_INT | HW_J_NULL, 0 },
	{ "quota_out", HW_J_INT | HW_J_NULL, 0 },
	{ "national_number", HW_J_INT | HW_J_NULL, 0 },
	{ "historic", HW_J_BOOL, 0 },
	{ "notes", HW_J_STRING | HW_J_NULL, 0 },
	{ NULL, 0, 0 },
};

enum hw_err hw_h_json_count(json_t *obj, const char *name, long min, int *out,
			    struct hw_error *err)
{
	json_t *v = json_object_get(obj, name);
	json_int_t n;

	if (!v || json_is_null(v))
		return HW_OK;
	n = json_integer_value(v);
	if (n < min || n > 1000000)
		return hw_error_set_field(err, HW_INVALID, name, "'%s' must be %ld to 1000000", name,
					  min);
	*out = (int)n;
	return HW_OK;
}

enum hw_err hw_h_json_date(json_t *obj, const char *name, struct hw_date *out,
			   struct hw_error *err)
{
	const char *s = json_string_value(json_object_get(obj, name));
	struct hw_error why;

	hw_error_clear(&why);
	if (s && hw_date_parse(s, out, &why))
		return hw_error_set_field(err, HW_INVALID, name, "'%s': '%.40s' is not a date (%s)",
					  name, s, why.message);
	return HW_OK;
}

static enum hw_err str_field(json_t *obj, const char *name, char **out, struct hw_error *err)
{
	const char *s = json_string_value(json_object_get(obj, name));

	if (s && hw_person_set_str(out, s))
		return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

static enum hw_err exchange_from_json(struct hw_exchange *x, json_t *o, struct hw_error *err)
{
	if (hw_json_check_fields(o, create_fields, "", err) ||
	    str_field(o, "name", &x->name, err) || str_field(o, "place", &x->place, err) ||
	    str_field(o, "mediators", &x->mediators, err) ||
	    str_field(o, "notes", &x->notes, err) ||
	    hw_h_json_date(o, "agreed_on", &x->agreed_on, err) ||
	    hw_h_json_count(o, "quota_in", 0, &x->quota_in, err) ||
	    hw_h_json_count(o, "quota_out", 0, &x->quota_out, err) ||
	    hw_h_json_count(o, "national_number", 1, &x->national_number, err))
		return HW_INVALID;
	x->historic = json_is_true(json_object_get(o, "historic"));
	return HW_OK;
}

void hw_h_exchange_create(struct hw_request *r)
{
	char ref[HW_XREF_MAX];
	struct hw_exchange x;
	struct hw_xaudit au;
	struct hw_error err;

	hw_exchange_init(&x);
	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (exchange_from_json(&x, r->body, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_store_begin(r->st, &err) || hw_xaudit_exchange_create(r->st, &au, &x, &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		goto out;
	}
	hw_exchange_ref_format(x.id, ref);
	snprintf(r->location, sizeof(r->location), "/api/v1/exchanges/%s", ref);
	reply_show(r, x.id, 201);
out:
	hw_exchange_release(&x);
}

/* ---- changing an agreement's state -------------------------------------- */

static const struct hw_jfield state_fields[] = {
	{ "state", HW_J_STRING, 1 },
	{ "reason", HW_J_STRING | HW_J_NULL, 0 },
	{ NULL, 0, 0 },
};

enum hw_err hw_h_json_state(json_t *body, enum hw_xstate *to, const char **reason,
			    struct hw_error *err)
{
	int v;

	if (hw_json_check_fields(body, state_fields, "", err))
		return HW_INVALID;
	if (hw_vocab_parse(&hw_vocab_xstate, json_string_value(json_object_get(body, "state")),
			   &v, err)) {
		snprintf(err->field, sizeof(err->field), "state");
		return HW_INVALID;
	}
	*to = (enum hw_xstate)v;
	*reason = json_string_value(json_object_get(body, "reason"));
	return HW_OK;
}

void hw_h_exchange_state(struct hw_request *r)
{
	struct hw_xaudit au;
	struct hw_error err;
	enum hw_xstate to;
	const char *reason;
	int64_t id;

	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (hw_h_json_state(r->body, &to, &reason, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	if (hw_h_load_exchange(r, &id))
		return;
	/* with a record for each person taken off a list, when cancelled */
	if (hw_store_begin(r->st, &err) ||
	    hw_xaudit_exchange_state(r->st, &au, id, to, reason, &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		return;
	}
	hw_h_sync_index(r);
	reply_show(r, id, 200);
}

/* ---- proposing names ---------------------------------------------------- */

struct propose_ctx {
	struct hw_store *st;
	json_t *arr;
	struct hw_ids ids;
	int failed;
};

static int propose_one(void *ctx, const struct hw_proposal *p)
{
	struct propose_ctx *pc = ctx;
	char name[512];

	hw_registry_person_name(pc->st, p->person_id, name, sizeof(name));
	if (json_array_append_new(pc->arr, hw_proposal_json(p, name)) ||
	    hw_ids_push(&pc->ids, p->person_id)) {
		pc->failed = 1;
		return 1;
	}
	return 0;
}

static const char *const propose_args[] = { "count", "priority", "held_by", NULL };

static enum hw_err propose_query(struct hw_request *r, size_t *count, struct hw_priority *prio,
				 int *held, json_t *q, struct hw_error *err)
{
	const char *s = hw_request_arg(r, "count");
	char *end;

	*held = HW_CUSTODY_ADVERSARY;
	if (hw_request_check_args(r, propose_args, err))
		return HW_INVALID;
	if (!s || !*s || (*count = strtoul(s, &end, 10)) < 1 || *count > PROPOSE_MAX || *end)
		return hw_error_set_field(err, HW_INVALID, "count",
					  "count: how many to propose, 1 to %d", PROPOSE_MAX);
	if (hw_priority_parse(hw_request_arg(r, "priority"), prio, err)) {
		snprintf(err->field, sizeof(err->field), "priority");
		return HW_INVALID;
	}
	if (hw_request_vocab_arg(r, "held_by", &hw_vocab_custody, held, NULL, q, err))
		return HW_INVALID;
	if (*held != HW_CUSTODY_ADVERSARY && *held != HW_CUSTODY_US)
		return hw_error_set_field(err, HW_INVALID, "held_by", "held_by: adversary or us");
	return HW_OK;
}

void hw_h_exchange_propose(struct hw_request *r)
{
	struct propose_ctx pc = { r->st, json_array(), { NULL, 0, 0, 0 }, 0 };
	struct hw_priority prio;
	struct hw_date today = hw_date_today();
	struct hw_xaudit au;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	json_t *q = json_object();
	size_t count = 0;
	int64_t id;
	int held;

	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (!pc.arr || !q) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (propose_query(r, &count, &prio, &held, q, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_h_load_exchange(r, &id))
		goto out;
	hw_exchange_ref_format(id, ref);
	if (hw_exchange_propose(r->st, id, (enum hw_custody)held, count, &prio, &today,
				propose_one, &pc, &err) ||
	    pc.failed) {
		if (pc.failed)
			hw_error_set(&err, HW_NOMEM, NULL);
		hw_reply_error(r, &err);
		goto out;
	}
	/* no audit, no answer: every person proposed is named in the trail */
	if (hw_store_begin(r->st, &err) ||
	    hw_xaudit_propose(&au, ref, count, (enum hw_custody)held, &prio, &pc.ids, &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_pack("{s:s, s:s, s:o, s:O}", "exchange", ref, "held_by",
					hw_vocab_code(&hw_vocab_custody, held), "priority",
					hw_priority_json(&prio), "proposals", pc.arr));
out:
	json_decref(q);
	json_decref(pc.arr);
	hw_ids_release(&pc.ids);
}
