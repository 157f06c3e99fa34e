/*
 * auth_json.c - users, audit records and the audit chain's verdict as
 * JSON (homeward/auth_json.h), for the command line and the server alike.
 */
#include <stdlib.h>

#include "homeward/auth_json.h"
#include "homeward/date.h"
#include "homeward/person.h"
#include "homeward/store.h"
#include "core/banned.h"

json_t *hw_user_to_json(const struct hw_user *u)
{
	char created[HW_TIME_STR_MAX], changed[HW_TIME_STR_MAX], disabled[HW_TIME_STR_MAX];

	hw_time_format(u->created_at, created);
	hw_time_format(u->password_changed_at, changed);
	hw_time_format(u->disabled_at, disabled);
	return json_pack("{s:s, s:s, s:b, s:s, s:s, s:s?}", "name", u->name, "role",
			 hw_role_name(u->role), "disabled", u->disabled, "created_at", created,
			 "password_changed_at", changed, "disabled_at",
			 u->disabled ? disabled : NULL);
}

/* A JSON field stored as text: parsed when it is JSON, else the string. */
static json_t *json_or_null(const char *s)
{
	json_t *j;

	if (!s)
		return json_null();
	j = json_loads(s, JSON_DECODE_ANY, NULL);
	return j ? j : json_string(s);
}

enum hw_err hw_audit_append_json(struct hw_store *st, struct hw_audit_writer *w,
				 struct hw_audit_record *r, json_t *before, json_t *after,
				 struct hw_error *err)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	enum hw_err rc;

	if ((before && !b) || (after && !a))
		rc = hw_error_set(err, HW_NOMEM, NULL);
	else {
		r->before = b;
		r->after = a;
		rc = w && !hw_store_in_transaction(st) ? hw_audit_writer_append(w, r, err)
						       : hw_audit_append(st, r, err);
		r->before = r->after = NULL;
	}
	free(b);
	free(a);
	return rc;
}

json_t *hw_audit_record_to_json(const struct hw_audit_record *r)
{
	char at[HW_TIME_STR_MAX], ref[HW_PUBREF_MAX], prev[65], hash[65];
	const char *outcome = hw_audit_outcome_name(r->outcome);

	hw_time_format(r->at, at);
	hw_audit_hash_hex(r->prev_hash, prev);
	hw_audit_hash_hex(r->hash, hash);
	if (r->person_id)
		hw_pubref_format(r->person_id, ref);
	return json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:s, s:s, "
			 "s:s}",
			 "id", (json_int_t)r->id, "at", at, "actor", r->actor, "address",
			 r->address, "action", r->action, "object_type", r->object_type,
			 "object_id", r->object_id, "person", r->person_id ? ref : NULL, "before",
			 json_or_null(r->before), "after", json_or_null(r->after), "outcome",
			 outcome ? outcome : "?", "prev_hash", prev, "hash", hash);
}

const char *hw_audit_flaw_name(enum hw_audit_flaw flaw)
{
	switch (flaw) {
	case HW_AUDIT_INTACT: return "intact";
	case HW_AUDIT_ALTERED: return "altered";
	case HW_AUDIT_REMOVED: return "removed";
	case HW_AUDIT_INSERTED: return "inserted";
	case HW_AUDIT_HEAD: return "head";
	}
	return "?";
}

json_t *hw_audit_verdict_to_json(const struct hw_audit_verdict *v)
{
	char hash[65];
	json_t *head, *bad;

	hw_audit_hash_hex(v->head.hash, hash);
	head = json_pack("{s:b, s:I, s:I, s:s}", "present", v->head.present, "last_id",
			 (json_int_t)v->head.last_id, "count", (json_int_t)v->head.count, "hash",
			 hash);
	bad = v->flaw != HW_AUDIT_INTACT && v->bad_id ? json_integer(v->bad_id) : json_null();
	return json_pack("{s:b, s:s, s:I, s:o, s:s, s:o}", "intact", v->flaw == HW_AUDIT_INTACT,
			 "flaw", hw_audit_flaw_name(v->flaw), "records", (json_int_t)v->records,
			 "bad_id", bad, "message", v->message, "head", head);
}
