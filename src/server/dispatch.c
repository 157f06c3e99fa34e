/*
 * dispatch.c - one request, from libmicrohttpd's callbacks to the
 * handler and back: the body with its size limit, the route, the session,
 * the permission, the CSRF check, the body (JSON, or the CSV of a list
 * import, by the route's body kind), and the response with the security
 * headers.
 *
 * libmicrohttpd calls the access handler several times per request: first
 * with the headers (the per-request state is made then, and a declared
 * body over the limit is answered 413 at once), then with each piece of
 * the body (kept up to the limit), then once more with nothing, when the
 * request is dispatched.  The state is freed in the completion callback.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "homeward/alloc.h"
#include "homeward/auth_json.h"
#include "homeward/buf.h"
#include "server/server_priv.h"
#include "core/banned.h"

struct conn_state {
	struct hw_buf body;
	int too_large;
	int answered;
	int64_t deadline_ms;         /* to arrive and be answered (monotonic) */
};

/* ---- answers ---------------------------------------------------------- */

json_t *hw_json_text(const char *s)
{
	size_t n = strlen(s);
	json_t *j;

	while (!(j = json_stringn(s, n)) && n)
		n--;
	return j ? j : json_string("");
}

void hw_reply_json(struct hw_request *r, unsigned status, json_t *json)
{
	json_decref(r->json);
	r->json = json;
	r->status = status;
	if (!json && status != 204) {
		struct hw_error err;

		hw_error_clear(&err);
		hw_error_set(&err, HW_NOMEM, NULL);
		hw_reply_error(r, &err);
	}
}

void hw_reply_error(struct hw_request *r, const struct hw_error *err)
{
	int status = hw_err_http_status(err->code);
	json_t *e;

	if (status >= 500)
		hw_server_log(r->srv, r->route ? r->route->pattern : "request", err);
	e = json_object();
	if (err->code == HW_TIMEOUT) {
		/* the client's to know, with nothing of where it stopped */
		json_object_set_new(e, "code", json_string(hw_err_name(HW_TIMEOUT)));
		json_object_set_new(e, "message",
				    json_string("the answer took longer than the time limit of "
						"a request; nothing was changed"));
		json_object_set_new(e, "field", json_null());
	} else if (status >= 500) {
		json_object_set_new(e, "code", json_string("internal"));
		json_object_set_new(e, "message", json_string("internal error"));
		json_object_set_new(e, "field", json_null());
	} else {
		json_object_set_new(e, "code", json_string(hw_err_name(err->code)));
		json_object_set_new(e, "message", hw_json_text(err->message[0] ? err->message
								: hw_err_message(err->code)));
		json_object_set_new(e, "field", err->field[0] ? hw_json_text(err->field) : json_null());
	}
	json_decref(r->json);
	r->json = json_pack("{s:o}", "error", e);
	r->status = (unsigned)status;
}

void hw_reply_fail(struct hw_request *r, enum hw_err code, const char *field, const char *fmt,
		   ...)
{
	struct hw_error err;
	va_list ap;

	hw_error_clear(&err);
	err.code = code;
	va_start(ap, fmt);
	vsnprintf(err.message, sizeof(err.message), fmt, ap);
	va_end(ap);
	if (field)
		snprintf(err.field, sizeof(err.field), "%s", field);
	hw_reply_error(r, &err);
}

static void add_security_headers(struct MHD_Response *resp, const struct hw_request *r)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				r->csp ? r->csp : "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cache-Control", r->cache ? r->cache : "no-store");
}

static enum MHD_Result send_reply(struct hw_request *r, const char *allow)
{
	static const char oom[] = "{\"error\":{\"code\":\"internal\",\"message\":\"internal "
				  "error\",\"field\":null}}";
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *text = r->json ? json_dumps(r->json, JSON_COMPACT) : NULL;
	unsigned status = r->status;

	if (r->json && !text)
		status = 500;
	if (r->file && !r->json)
		resp = MHD_create_response_from_buffer(r->file_len, r->file,
						       MHD_RESPMEM_MUST_COPY);
	else if (r->json)
		resp = MHD_create_response_from_buffer(text ? strlen(text) : sizeof(oom) - 1,
						       text ? text : (char *)oom,
						       MHD_RESPMEM_MUST_COPY);
	else
		resp = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
	free(text);
	if (!resp)
		return MHD_NO;
	if (r->json)
		r->csp = r->cache = NULL;
	add_security_headers(resp, r);
	if (r->json)
		MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	else if (r->file)
		MHD_add_response_header(resp, "Content-Type", r->file_type);
	if (allow && *allow)
		MHD_add_response_header(resp, "Allow", allow);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->etag[0])
		MHD_add_response_header(resp, "ETag", r->etag);
	if (r->cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->cookie);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	if (r->retry_after[0])
		MHD_add_response_header(resp, "Retry-After", r->retry_after);
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- what handlers ask of a request --------------------------------- */

const char *hw_request_arg(struct hw_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *hw_request_header(struct hw_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

struct args_ctx {
	const char *const *allowed;
	const char *bad;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct args_ctx *c = cls;
	size_t i;

	(void)kind;
	(void)value;
	for (i = 0; c->allowed[i]; i++)
		if (!strcmp(c->allowed[i], key))
			return MHD_YES;
	c->bad = key;
	return MHD_NO;
}

enum hw_err hw_request_check_args(struct hw_request *r, const char *const *allowed,
				  struct hw_error *err)
{
	struct args_ctx c = { allowed, NULL };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
	if (c.bad)
		return hw_error_set_field(err, HW_INVALID, c.bad,
					  "unknown query parameter '%.64s'", c.bad);
	return HW_OK;
}

int hw_request_can(const struct hw_request *r, enum hw_perm perm)
{
	return r->authed && hw_role_can(r->sess.role, perm);
}

enum hw_err hw_request_audit(struct hw_request *r, const char *action, const char *object_type,
			     const char *object_id, int64_t person_id, json_t *before,
			     json_t *after, enum hw_audit_outcome outcome, struct hw_error *err)
{
	struct hw_audit_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.at = r->now;
	rec.actor = r->authed ? r->sess.user : "?";
	rec.address = r->address;
	rec.action = action;
	rec.object_type = object_type;
	rec.object_id = object_id;
	rec.person_id = person_id;
	rec.outcome = outcome;
	return hw_audit_append_json(r->st, hw_server_audit(r->srv), &rec, before, after, err);
}

enum hw_err hw_request_audit_sync(struct hw_request *r, struct hw_error *err)
{
	struct hw_audit_writer *w = hw_server_audit(r->srv);

	return w ? hw_audit_writer_sync(w, err) : HW_OK;
}

void hw_csrf_token(const char *token, char out[HW_TOKEN_SIZE])
{
	static const unsigned char key[16] = "homeward-csrf-v1";
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), key,
			   sizeof(key));
	sodium_bin2base64(out, HW_TOKEN_SIZE, h, sizeof(h),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* ---- the steps of dispatch ------------------------------------------ */

static void client_address(struct hw_request *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(r->address, sizeof(r->address), "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->address,
			  sizeof(r->address));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->address,
			  sizeof(r->address));
}

/* The session of the request: 0 when valid, else the reply is set. */
static int authenticate(struct hw_request *r)
{
	const char *auth = hw_request_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *token = NULL;
	struct hw_error err;
	enum hw_err rc;

	hw_error_clear(&err);
	if (auth && !strncasecmp(auth, "Bearer ", 7)) {
		token = auth + 7;
	} else if (!auth) {
		token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "homeward_session");
		r->by_cookie = token != NULL;
	}
	if (!token || strlen(token) != HW_TOKEN_LEN) {
		hw_reply_fail(r, HW_UNAUTHORIZED, NULL,
			      "authentication required: log in with POST /api/v1/login");
		return -1;
	}
	rc = hw_auth_session_check(r->st, token, hw_server_policy(r->srv), r->now, &r->sess, &err);
	if (rc == HW_UNAUTHORIZED) {
		hw_reply_fail(r, HW_UNAUTHORIZED, NULL,
			      "the session is not valid (expired, ended or unknown): log in again");
		return -1;
	}
	if (rc) {
		hw_reply_error(r, &err);
		return -1;
	}
	memcpy(r->token, token, HW_TOKEN_SIZE);
	r->authed = 1;
	return 0;
}

/* Audits a refusal of an authenticated request and answers 403. */
static void deny(struct hw_request *r, const char *field, const char *why)
{
	struct hw_error err;
	const char *ref = hw_route_param(&r->params, "ref");
	int64_t person_id = 0;

	/* the person concerned, when the reference names one */
	if (ref && hw_store_person_resolve(r->st, ref, &person_id, NULL))
		person_id = 0;
	hw_error_clear(&err);
	if (hw_request_audit(r, r->route->action, ref ? "person" : NULL, ref, person_id, NULL,
			     NULL, HW_AUDIT_DENIED, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	hw_reply_fail(r, HW_FORBIDDEN, field, "%s", why);
}

static int check_csrf(struct hw_request *r, const char *method)
{
	const char *sent = hw_request_header(r, "X-CSRF-Token");
	char want[HW_TOKEN_SIZE];

	if (!r->by_cookie || !strcmp(method, "GET"))
		return 0;
	hw_csrf_token(r->token, want);
	if (sent && strlen(sent) == HW_TOKEN_LEN && !sodium_memcmp(sent, want, HW_TOKEN_LEN))
		return 0;
	deny(r, "X-CSRF-Token",
	     "a request authenticated by the session cookie needs the X-CSRF-Token header "
	     "of its session");
	return -1;
}

/* 1 when the Content-Type is `type` ("application/json") in UTF-8. */
static int is_type(const char *ct, const char *type)
{
	size_t n = strlen(type);
	const char *p;

	if (!ct || strncasecmp(ct, type, n))
		return 0;
	p = ct + n;
	while (*p == ' ')
		p++;
	if (!*p)
		return 1;
	if (*p++ != ';')
		return 0;
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "charset=", 8))
		return 1;
	p += 8;
	return !strcasecmp(p, "utf-8") || !strcasecmp(p, "\"utf-8\"");
}

static int read_body(struct hw_request *r, struct conn_state *cs)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (r->route->body == HW_BODY_NONE) {
		if (!cs->body.len)
			return 0;
		hw_reply_fail(r, HW_INVALID, "body", "this request takes no body");
		return -1;
	}
	if (r->route->body == HW_BODY_CSV) {
		if (!is_type(hw_request_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), "text/csv")) {
			hw_reply_fail(r, HW_MEDIA_TYPE, "Content-Type",
				      "the body must be a list in CSV (Content-Type: text/csv)");
			return -1;
		}
		r->csv = cs->body.data;
		r->csv_len = cs->body.len;
		return 0;
	}
	if (!is_type(hw_request_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), "application/json")) {
		hw_reply_fail(r, HW_MEDIA_TYPE, "Content-Type",
			      "the body must be JSON (Content-Type: application/json)");
		return -1;
	}
	if (hw_json_parse_body(cs->body.data, cs->body.len, HW_SERVER_JSON_DEPTH, &r->body,
			       &err)) {
		hw_reply_error(r, &err);
		return -1;
	}
	return 0;
}

static void run_route(struct hw_request *r, struct conn_state *cs, const char *method)
{
	struct hw_error err;
	char why[160];

	hw_error_clear(&err);
	if (hw_server_store_take(r->srv, &r->st, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	/* what the request still has of its time: a statement still running
	 * then stops, and the answer is 503 timeout */
	hw_store_set_deadline(r->st, cs->deadline_ms);
	if (r->route->access != HW_ACCESS_PUBLIC) {
		if (authenticate(r))
			return;
		if (r->route->access == HW_ACCESS_PERM && !hw_request_can(r, r->route->perm)) {
			snprintf(why, sizeof(why), "the role %s does not have the permission %s",
				 hw_role_name(r->sess.role), hw_perm_name(r->route->perm));
			deny(r, NULL, why);
			return;
		}
		if (check_csrf(r, method))
			return;
	}
	if (read_body(r, cs))
		return;
	/* the records of the reads answered before this write enter the chain
	 * before the write's own, so that the trail keeps their order */
	if (strcmp(method, "GET") && hw_request_audit_sync(r, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	r->route->handler(r);
}

static enum MHD_Result dispatch(struct hw_server *s, struct MHD_Connection *conn,
				const char *url, const char *method, struct conn_state *cs)
{
	struct hw_request r;
	enum MHD_Result ret;
	char allow[64];
	int known;

	memset(&r, 0, sizeof(r));
	r.srv = s;
	r.conn = conn;
	r.now = (int64_t)time(NULL);
	client_address(&r);
	r.route = hw_route_find(method, url, &r.params, &known, allow, sizeof(allow));
	if (!r.route && known) {
		hw_reply_fail(&r, HW_METHOD, NULL, "method %s is not allowed here (allowed: %s)",
			      method, allow);
	} else if (!r.route)
		hw_reply_fail(&r, HW_NOT_FOUND, NULL, "no such resource");
	else if (cs->too_large)
		hw_reply_fail(&r, HW_TOO_LARGE, "body", "the body is larger than %zu bytes",
			      s->opt.max_body);
	else
		run_route(&r, cs, method);
	hw_server_store_give(s, r.st);
	ret = send_reply(&r, r.status == 405 ? allow : NULL);
	json_decref(r.json);
	json_decref(r.body);
	hw_free(r.file);
	sodium_memzero(r.token, sizeof(r.token));
	return ret;
}

/* A declared body over the limit: 413 before reading it. */
static enum MHD_Result refuse_large(struct hw_server *s, struct MHD_Connection *conn,
				    struct conn_state *cs)
{
	struct hw_request r;
	enum MHD_Result ret;

	memset(&r, 0, sizeof(r));
	r.srv = s;
	r.conn = conn;
	hw_reply_fail(&r, HW_TOO_LARGE, "body", "the body is larger than %zu bytes",
		      s->opt.max_body);
	cs->answered = 1;
	ret = send_reply(&r, NULL);
	json_decref(r.json);
	return ret;
}

enum MHD_Result hw_server_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version,
				 const char *upload_data, size_t *upload_data_size,
				 void **con_cls)
{
	struct hw_server *s = cls;
	struct conn_state *cs = *con_cls;
	const char *cl;
	char *end;

	(void)version;
	if (!cs) {
		if (!(cs = hw_calloc(1, sizeof(*cs))))
			return MHD_NO;
		hw_buf_init(&cs->body, s->opt.max_body);
		cs->deadline_ms = hw_store_clock_ms() + (int64_t)s->opt.request_timeout * 1000;
		*con_cls = cs;
		hw_server_flight(s, 1);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && (strtoull(cl, &end, 10) > s->opt.max_body || *end))
			return refuse_large(s, conn, cs);
		return MHD_YES;
	}
	if (cs->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	/* a body still arriving after the time limit: the connection is
	 * closed (libmicrohttpd cannot answer in the middle of a body); a
	 * client that drips its body holds no worker meanwhile, only its
	 * connection, and not for longer than the limit */
	if (*upload_data_size && hw_store_clock_ms() >= cs->deadline_ms) {
		cs->answered = 1;
		return MHD_NO;
	}
	if (*upload_data_size) {
		if (!cs->too_large && hw_buf_add(&cs->body, upload_data, *upload_data_size))
			cs->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	cs->answered = 1;
	return dispatch(s, conn, url, method, cs);
}

void hw_server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct hw_server *s = cls;
	struct conn_state *cs = *con_cls;

	(void)conn;
	(void)toe;
	if (!cs)
		return;
	/* the body may hold a password (login, users): overwritten, not only freed */
	sodium_memzero(cs->body.data, cs->body.len);
	hw_buf_release(&cs->body);
	hw_free(cs);
	*con_cls = NULL;
	hw_server_flight(s, -1);
}
