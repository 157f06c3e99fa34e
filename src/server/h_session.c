/*
 * h_session.c - the health check, logging in and out, and who the session
 * is (GET /healthz, POST /api/v1/login, POST /api/v1/logout,
 * GET /api/v1/me), and the OpenAPI document (GET /api/v1/openapi.json).
 *
 * A login answers the token in the body, for API clients, and sets it as
 * the cookie homeward_session (HttpOnly, SameSite=Strict, Path=/, Secure
 * with --secure-cookies) for browsers, with the CSRF token that every
 * write authenticated by that cookie must send in X-CSRF-Token.  The CSRF
 * token is a keyed BLAKE2b hash of the session token: bound to the
 * session, nothing to store, and unknowable without the cookie.
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server/server_int.h"
#include "core/banned.h"

#define COOKIE_ATTRS "HttpOnly; SameSite=Strict; Path=/"

static json_t *time_json(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return json_null();
	return json_string(buf);
}

void hw_h_openapi(struct hw_request *r)
{
	hw_reply_json(r, 200, json_loadb((const char *)hw_openapi_json, hw_openapi_json_len, 0,
					 NULL));
}

void hw_h_healthz(struct hw_request *r)
{
	hw_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static const struct hw_jfield login_fields[] = {
	{ "user", HW_J_STRING, 1 }, { "password", HW_J_STRING, 1 }, { NULL, 0, 0 },
};

static json_t *session_json(const struct hw_session *s, const char *token, int with_token)
{
	char csrf[HW_TOKEN_SIZE];
	json_t *o;

	hw_csrf_token(token, csrf);
	o = json_pack("{s:s, s:s, s:s, s:o, s:o}", "user", s->user, "role",
		      hw_role_name(s->role), "csrf_token", csrf, "expires_at",
		      time_json(s->expires_at), "idle_expires_at", time_json(s->idle_expires_at));
	if (o && with_token)
		json_object_set_new(o, "token", json_string(token));
	sodium_memzero(csrf, sizeof(csrf));
	return o;
}

void hw_h_login(struct hw_request *r)
{
	const struct hw_auth_policy *policy = hw_server_policy(r->srv);
	struct hw_actor who = { NULL, r->address };
	char token[HW_TOKEN_SIZE];
	struct hw_error err;
	enum hw_err rc;

	hw_error_clear(&err);
	if (hw_json_check_fields(r->body, login_fields, "", &err)) {
		hw_json_wipe_string(r->body, "password");
		hw_reply_error(r, &err);
		return;
	}
	rc = hw_auth_login(r->st, json_string_value(json_object_get(r->body, "user")),
			   json_string_value(json_object_get(r->body, "password")), &who, policy,
			   r->now, token, &r->sess, &err);
	hw_json_wipe_string(r->body, "password");
	if (rc == HW_THROTTLED)
		snprintf(r->retry_after, sizeof(r->retry_after), "%lld",
			 (long long)policy->lockout);
	if (rc) {
		hw_reply_error(r, &err);
		return;
	}
	r->authed = 1;
	snprintf(r->cookie, sizeof(r->cookie), "homeward_session=%s; " COOKIE_ATTRS
		 "; Max-Age=%lld%s", token, (long long)(r->sess.expires_at - r->now),
		 hw_server_secure_cookies(r->srv) ? "; Secure" : "");
	hw_reply_json(r, 200, session_json(&r->sess, token, 1));
	sodium_memzero(token, sizeof(token));
}

void hw_h_logout(struct hw_request *r)
{
	struct hw_actor who = { r->sess.user, r->address };
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_auth_logout(r->st, r->token, &who, r->now, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	hw_h_session_cookie_clear(r);
	hw_reply_json(r, 204, NULL);
}

void hw_h_session_cookie_clear(struct hw_request *r)
{
	snprintf(r->cookie, sizeof(r->cookie), "homeward_session=; " COOKIE_ATTRS "; Max-Age=0%s",
		 hw_server_secure_cookies(r->srv) ? "; Secure" : "");
}

void hw_h_me(struct hw_request *r)
{
	json_t *o = session_json(&r->sess, r->token, 0), *perms = json_array();
	int p;

	for (p = 0; p < HW_PERM__COUNT; p++)
		if (hw_role_can(r->sess.role, (enum hw_perm)p))
			json_array_append_new(perms, json_string(hw_perm_name((enum hw_perm)p)));
	if (o)
		json_object_set_new(o, "permissions", perms);
	else
		json_decref(perms);
	hw_reply_json(r, 200, o);
}
