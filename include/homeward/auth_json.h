/*
 * homeward/auth_json.h - users, audit records and the verdict of the
 * audit chain as JSON (jansson): the one form the command line
 * (`homeward user list --format json`, `homeward audit log --format json`)
 * and the server (/api/v1/users, /api/v1/audit) write them in.
 *
 *   user:    {"name", "role", "disabled", "created_at",
 *             "password_changed_at", "disabled_at"}   (never a password
 *             or its hash; disabled_at null while enabled)
 *   record:  {"id", "at", "actor", "address", "action", "object_type",
 *             "object_id", "person", "before", "after", "outcome",
 *             "prev_hash", "hash"}   (person as HW-NNNNNN or null; before
 *             and after as the JSON they hold, or null; hashes in hex)
 *   verdict: {"intact", "flaw", "records", "bad_id", "message",
 *             "head": {"present", "last_id", "count", "hash"}}
 *
 * Times are "YYYY-MM-DDTHH:MM:SSZ" (UTC).  Every function returns a new
 * reference (json_decref it), or NULL when memory runs out.
 */
#ifndef HOMEWARD_AUTH_JSON_H
#define HOMEWARD_AUTH_JSON_H

#include <jansson.h>

#include "homeward/audit.h"
#include "homeward/auth.h"

json_t *hw_user_to_json(const struct hw_user *u);
json_t *hw_audit_record_to_json(const struct hw_audit_record *r);
json_t *hw_audit_verdict_to_json(const struct hw_audit_verdict *v);

/*
 * Appends `r` with `before` and `after` (NULL: none) as its JSON, dumped
 * canonically (compact, keys sorted): through the group committer `w` when
 * one is given and `st` has no transaction open (a read's record), else
 * with hw_audit_append in `st`, in its transaction when one is open (a
 * write's).  r->before and r->after are set for the call only.  HW_NOMEM
 * when the JSON cannot be dumped; hw_audit_append's errors otherwise.
 */
enum hw_err hw_audit_append_json(struct hw_store *st, struct hw_audit_writer *w,
				 struct hw_audit_record *r, json_t *before, json_t *after,
				 struct hw_error *err);

/* The stable name of a flaw: "intact", "altered", "removed", "inserted",
 * "head"; "?" when out of range. */
const char *hw_audit_flaw_name(enum hw_audit_flaw flaw);

#endif
