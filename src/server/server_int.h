/*
 * server_int.h - what the files of src/server share: the request a
 * handler works on, how it answers, the body parsers and the schemas of
 * the JSON it accepts.
 *
 * A handler gets a struct hw_request whose session, store handle, path
 * parameters and parsed body are ready, and answers through
 * hw_reply_json() / hw_reply_error(): the dispatcher (server.c) turns that
 * into the HTTP response with the security headers.
 */
#ifndef HOMEWARD_SERVER_INT_H
#define HOMEWARD_SERVER_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "homeward/audit.h"
#include "homeward/auth.h"
#include "homeward/exchange.h"
#include "homeward/exchange_audit.h"
#include "homeward/match.h"
#include "homeward/server.h"
#include "homeward/store.h"

struct MHD_Connection;

#define HW_ADDRESS_MAX 64

struct hw_request {
	struct hw_server *srv;
	struct MHD_Connection *conn;
	const struct hw_route *route;
	struct hw_route_params params;
	struct hw_store *st;         /* the handle of this request */
	json_t *body;                /* the parsed body of a JSON route */
	const char *csv;             /* the body of a CSV route (not NUL-terminated) */
	size_t csv_len;
	int64_t now;
	char address[HW_ADDRESS_MAX];

	int authed;                  /* a valid session was presented */
	int by_cookie;               /* ... by the cookie, not by Bearer */
	struct hw_session sess;
	char token[HW_TOKEN_SIZE];

	/* the answer */
	unsigned status;
	json_t *json;                /* owned; NULL: no body (204) */
	char location[128];
	char etag[32];
	char cookie[256];            /* a Set-Cookie value, or "" */
	char retry_after[24];
	/* a body other than JSON (the web interface's files, a report as CSV
	 * or text): owned (hw_malloc), freed by the dispatcher; cache and csp
	 * replace the API's no-store and policy */
	char *file;
	size_t file_len;
	const char *file_type;       /* its Content-Type */
	const char *cache;           /* Cache-Control; NULL: no-store */
	const char *csp;             /* Content-Security-Policy; NULL: the API's */
	char disposition[128];       /* a Content-Disposition value, or "" */
};

/* What handlers need of the server. */
struct hw_match_index *hw_server_index(struct hw_server *s);
/* The group committer of audit records made outside a transaction. */
/* The records of reads journaled so far, brought into the audit chain
 * (hw_audit_writer_sync): before the trail is read, and before a write
 * appends its own record. */
enum hw_err hw_request_audit_sync(struct hw_request *r, struct hw_error *err);
struct hw_audit_writer *hw_server_audit(struct hw_server *s);
const struct hw_auth_policy *hw_server_policy(struct hw_server *s);
int hw_server_secure_cookies(struct hw_server *s);
/* Logs one line about an internal error (never sent to the client). */
void hw_server_log(struct hw_server *s, const char *what, const struct hw_error *err);

/* Answers `status` with `json` (a new reference, stolen; NULL: no body).
 * A NULL json with a status other than 204 is an out-of-memory 500. */
void hw_reply_json(struct hw_request *r, unsigned status, json_t *json);
/* Answers the error: its HTTP status and {"error": {...}}; a 5xx says
 * only "internal error" to the client and logs the detail. */
void hw_reply_error(struct hw_request *r, const struct hw_error *err);
/* A JSON string of `s`, cut at the last point where it is valid UTF-8 (a
 * message may quote a cut piece of the input). */
json_t *hw_json_text(const char *s);

/* As hw_reply_error for a new error. */
void hw_reply_fail(struct hw_request *r, enum hw_err code, const char *field,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The value of query argument `name` (URL-decoded), or NULL. */
const char *hw_request_arg(struct hw_request *r, const char *name);
/* HW_OK when every query argument is one of `allowed` (NULL-terminated);
 * HW_INVALID naming the first other one. */
enum hw_err hw_request_check_args(struct hw_request *r, const char *const *allowed,
				  struct hw_error *err);
/* A query argument `name` that is a code of `v`: HW_OK (also when absent),
 * *out the value, *given (may be NULL) 1, and the code kept in `q`;
 * HW_INVALID naming the argument otherwise. */
struct hw_vocab;
enum hw_err hw_request_vocab_arg(struct hw_request *r, const char *name,
				 const struct hw_vocab *v, int *out, int *given, json_t *q,
				 struct hw_error *err);
/* The value of request header `name`, or NULL. */
const char *hw_request_header(struct hw_request *r, const char *name);

/* Appends an audit record on behalf of the request's user: in the open
 * transaction when there is one (a write and its record commit
 * together), else through the server's group committer; either way the
 * record is committed when the call returns HW_OK. */
enum hw_err hw_request_audit(struct hw_request *r, const char *action, const char *object_type,
			     const char *object_id, int64_t person_id, json_t *before,
			     json_t *after, enum hw_audit_outcome outcome, struct hw_error *err);

/* 1 when the request's role holds `perm`. */
int hw_request_can(const struct hw_request *r, enum hw_perm perm);

/* ---- bodies (body.c) ----------------------------------------------- */

/*
 * HW_OK when `data` nests arrays and objects at most `max_depth` deep
 * (counting brackets outside strings, without recursion); HW_INVALID
 * (field "body") otherwise.  Says nothing else about the JSON.
 */
enum hw_err hw_json_check_depth(const char *data, size_t len, int max_depth,
				struct hw_error *err);

/*
 * Parses a request body: the depth check, then jansson (valid UTF-8, no
 * NUL in strings, no duplicate keys, nothing after the value).  The value
 * must be an object.  On success *out owns it.  HW_INVALID, field "body".
 */
enum hw_err hw_json_parse_body(const char *data, size_t len, int max_depth, json_t **out,
			       struct hw_error *err);

/* The JSON types a field may have (bits). */
enum hw_jtype {
	HW_J_STRING = 1 << 0,
	HW_J_NULL = 1 << 1,
	HW_J_INT = 1 << 2,
	HW_J_BOOL = 1 << 3,
	HW_J_ARRAY = 1 << 4,
	HW_J_OBJECT = 1 << 5,
};

/* One field of an object a request may send. */
struct hw_jfield {
	const char *name;
	unsigned types;   /* HW_J_* */
	int required;
};

/*
 * Checks object `obj` against `fields` (terminated by a NULL name):
 * HW_INVALID naming the first field that is unknown, of a wrong type, or
 * missing.  `prefix` ("lines[3].") is put before the field names.
 */
enum hw_err hw_json_check_fields(json_t *obj, const struct hw_jfield *fields,
				 const char *prefix, struct hw_error *err);

/* ---- persons from JSON (person_in.c) -------------------------------- */

enum hw_person_in_mode {
	HW_PERSON_IN_CREATE,   /* names required; status, aliases allowed */
	HW_PERSON_IN_PATCH,    /* fields given replace; null clears */
	HW_PERSON_IN_HEALTH,   /* only health and next_of_kin */
};

/*
 * Applies the fields of `obj` to `p` (after hw_json_check_fields with the
 * mode's fields, done here).  Health fields need `may_health` (else
 * HW_FORBIDDEN naming the field).  For CREATE, *status gets the status
 * asked (HW_STATUS_NONE when none).  Errors name the field.
 */
enum hw_err hw_person_from_json(struct hw_person *p, json_t *obj, enum hw_person_in_mode mode,
				int may_health, enum hw_status *status, struct hw_error *err);

/* A name record to add: {family_name, given_name, patronymic, kind, script}. */
enum hw_err hw_name_from_json(struct hw_person *p, json_t *obj, struct hw_error *err);

/* An event to append: {type, date, note, status}; *target for
 * status_corrected. */
enum hw_err hw_event_from_json(struct hw_event *e, json_t *obj, enum hw_status *target,
			       struct hw_error *err);

/* Line `i` of a list to match ({line, full_name | family_name, given_name,
 * patronymic, birth_date, unit, sex, notes}) into `q`, whose strings point
 * into `o`; errors name "lines[i].FIELD". */
enum hw_err hw_match_line_from_json(json_t *o, size_t i, struct hw_match_query *q,
				    struct hw_error *err);

/* ---- filters of a search by name (search_filter.c) ------------------ */

/* The filters status, category, branch, region, held_by and tag of the
 * query into `f` (zeroed first), their codes kept in `q`: the listing of
 * persons and the search by name take the same. */
enum hw_err hw_person_filter_from_query(struct hw_request *r, struct hw_person_filter *f,
					json_t *q, struct hw_error *err);
/* 1 when `f` filters anything. */
int hw_search_filter_any(const struct hw_person_filter *f);
/* Keeps the candidates of `res` that `f` accepts, best first, at most
 * `limit`; the decision becomes none when none is left, and at most review
 * when the best was dropped. */
enum hw_err hw_search_filter_apply(struct hw_store *st, const struct hw_person_filter *f,
				   struct hw_match_result *res, size_t limit,
				   struct hw_error *err);

/* ---- handlers ------------------------------------------------------- */

/* Loads the person of the path's {ref}: 0, or -1 with the error replied. */
int hw_h_load_person(struct hw_request *r, struct hw_person *p);

void hw_h_healthz(struct hw_request *r);
void hw_h_login(struct hw_request *r);
void hw_h_logout(struct hw_request *r);
void hw_h_me(struct hw_request *r);
void hw_h_openapi(struct hw_request *r);
void hw_h_persons_list(struct hw_request *r);
void hw_h_person_get(struct hw_request *r);
void hw_h_person_create(struct hw_request *r);
void hw_h_person_patch(struct hw_request *r);
void hw_h_person_health(struct hw_request *r);
void hw_h_person_name_add(struct hw_request *r);
void hw_h_events_list(struct hw_request *r);
void hw_h_event_add(struct hw_request *r);
void hw_h_search(struct hw_request *r);
void hw_h_match(struct hw_request *r);

/* ---- the exchange ledger (h_exchange.c, h_stage.c, h_xlist.c, h_xentry.c) */

/* The agreement of the path's {exchange} (EX-NNNNNN, its number or its
 * name): 0 with *id set, or -1 with the error answered. */
int hw_h_load_exchange(struct hw_request *r, int64_t *id);
/* Stage number {stage} of agreement {exchange}: 0 with *id and its
 * reference ("EX-000052/2") set, or -1 with the error answered. */
int hw_h_load_stage(struct hw_request *r, int64_t *id, char ref[HW_XREF_MAX]);
/* The ledger's records (homeward/exchange_audit.h) as the request's user,
 * through hw_request_audit. */
void hw_h_xaudit(struct hw_request *r, struct hw_xaudit *au);
/* The candidate index learns the persons just written (failures logged). */
void hw_h_sync_index(struct hw_request *r);
/* Rolls back and answers `err` (out of memory when it holds none). */
void hw_h_fail(struct hw_request *r, struct hw_error *err);
/* Members of a body: a count from `min` to 1000000 (null/absent: left),
 * a date, an agreement's or stage's new state with its reason. */
enum hw_err hw_h_json_count(json_t *obj, const char *name, long min, int *out,
			    struct hw_error *err);
enum hw_err hw_h_json_date(json_t *obj, const char *name, struct hw_date *out,
			   struct hw_error *err);
enum hw_err hw_h_json_state(json_t *body, enum hw_xstate *to, const char **reason,
			    struct hw_error *err);

void hw_h_exchanges_list(struct hw_request *r);
void hw_h_exchange_create(struct hw_request *r);
void hw_h_exchange_get(struct hw_request *r);
void hw_h_exchange_state(struct hw_request *r);
void hw_h_exchange_propose(struct hw_request *r);
void hw_h_stage_add(struct hw_request *r);
void hw_h_stage_get(struct hw_request *r);
void hw_h_stage_state(struct hw_request *r);
void hw_h_stage_completion(struct hw_request *r);
void hw_h_stage_complete(struct hw_request *r);
void hw_h_list_import(struct hw_request *r);
void hw_h_entries_list(struct hw_request *r);
void hw_h_outgoing_add(struct hw_request *r);
void hw_h_verify_proposed(struct hw_request *r);
void hw_h_entry_get(struct hw_request *r);
void hw_h_entry_confirm(struct hw_request *r);
void hw_h_entry_reject(struct hw_request *r);
void hw_h_entry_remove(struct hw_request *r);
/* The entries of every list naming the person {ref} (h_person_lists.c). */
void hw_h_person_lists(struct hw_request *r);
/* An entry as the API gives it: its JSON (homeward/exchange_json.h) with
 * its id and its "etag"; *version (may be NULL) gets the ETag's number. */
json_t *hw_h_entry_json(struct hw_request *r, const struct hw_xentry *e, unsigned flags,
			long *version, struct hw_error *err);

/* Reports, users and the audit trail (h_report.c, h_users.c, h_audit.c). */
void hw_h_report(struct hw_request *r);
void hw_h_users_list(struct hw_request *r);
void hw_h_user_add(struct hw_request *r);
void hw_h_user_get(struct hw_request *r);
void hw_h_user_password(struct hw_request *r);
void hw_h_user_disable(struct hw_request *r);
void hw_h_audit_log(struct hw_request *r);
void hw_h_audit_verify(struct hw_request *r);
/* Overwrites the string `key` of a parsed body (a password) once used,
 * before the body is freed; nothing when it is not a string. */
void hw_json_wipe_string(json_t *obj, const char *key);
/* Sets the Set-Cookie that clears the session cookie (h_session.c). */
void hw_h_session_cookie_clear(struct hw_request *r);

/* The dashboard's figures (h_dashboard.c). */
void hw_h_dashboard(struct hw_request *r);

/* The web interface's files (static.c). */
void hw_h_web_index(struct hw_request *r);
void hw_h_web_asset(struct hw_request *r);
/* 1 when `name` may be served: letters, digits, '.', '_', '-', not
 * starting with '.', with a known extension. */
int hw_web_name_ok(const char *name);
/* 1 when `name` carries a content hash ("app-5ZQ3KX7M.js"): cacheable. */
int hw_web_name_hashed(const char *name);
/* The Content-Security-Policy of the interface's page. */
extern const char hw_web_csp[];

/* docs/openapi.json, built into the program (tools/embed.py). */
extern const unsigned char hw_openapi_json[];
extern const unsigned long hw_openapi_json_len;

/* The CSRF token of a session token (base64url, HW_TOKEN_SIZE). */
void hw_csrf_token(const char *token, char out[HW_TOKEN_SIZE]);

#endif
