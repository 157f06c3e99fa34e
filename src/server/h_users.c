/*
 * h_users.c - the users of the server (the /api/v1/users routes), as
 * `homeward user add|passwd|disable|list` manages them.
 *
 * The auth library does the work and audits it in the same transaction
 * (user.add, user.passwd, user.disable), on behalf of the session's user
 * from the request's address; the handlers only translate.  As on the
 * command line, a user added or reset without a password gets a generated
 * one, returned once in the answer and never again.  A user changes
 * their own password with their session and the current password, whatever
 * their role (throttled as a login); changing another's needs user.admin.
 * A new password and disabling end the user's sessions at once.  Answers
 * never hold a password hash.
 *
 * Passwords in the request body are wiped from the parsed body once used
 * (hw_json_wipe_string), and a generated one is wiped by the library's
 * hw_auth_secret_free once copied into the answer.
 */
#include <string.h>

#include <sodium.h>

#include "homeward/auth_json.h"
#include "server/server_int.h"
#include "core/banned.h"

void hw_json_wipe_string(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	/* jansson owns the bytes, which are ours to overwrite before they are
	 * freed: the length stays, the contents go */
	if (json_is_string(v) && json_string_length(v))
		sodium_memzero((char *)json_string_value(v), json_string_length(v));
}

static const char *body_str(struct hw_request *r, const char *key)
{
	return json_string_value(json_object_get(r->body, key));
}

/* The user `name` as JSON, with `generated` (when not NULL) as
 * "password"; the reply is set on failure.  NULL when it failed. */
static json_t *user_answer(struct hw_request *r, const char *name, const char *generated)
{
	struct hw_error err;
	struct hw_user u;
	json_t *j = NULL;

	hw_user_init(&u);
	hw_error_clear(&err);
	if (hw_auth_user_get(r->st, name, &u, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	j = hw_user_to_json(&u);
	if (j && generated && json_object_set_new(j, "password", json_string(generated))) {
		json_decref(j);
		j = NULL;
	}
	if (!j)
		hw_reply_json(r, 500, NULL);
out:
	hw_user_release(&u);
	return j;
}

/* ---- list and read ------------------------------------------------------- */

static int add_user(void *ctx, const struct hw_user *u)
{
	json_t *j = hw_user_to_json(u);

	return !j || json_array_append_new(ctx, j);
}

void hw_h_users_list(struct hw_request *r)
{
	struct hw_error err;
	json_t *users = json_array();

	hw_error_clear(&err);
	if (!users) {
		hw_reply_json(r, 500, NULL);
		return;
	}
	if (hw_auth_user_each(r->st, add_user, users, &err)) {
		json_decref(users);
		hw_reply_error(r, &err);
		return;
	}
	hw_reply_json(r, 200, json_pack("{s:o}", "users", users));
}

void hw_h_user_get(struct hw_request *r)
{
	json_t *j = user_answer(r, hw_route_param(&r->params, "name"), NULL);

	if (j)
		hw_reply_json(r, 200, j);
}

/* ---- add ----------------------------------------------------------------- */

static const struct hw_jfield add_fields[] = {
	{ "name", HW_J_STRING, 1 },
	{ "role", HW_J_STRING, 1 },
	{ "password", HW_J_STRING, 0 },
	{ NULL, 0, 0 },
};

void hw_h_user_add(struct hw_request *r)
{
	struct hw_actor who = { r->sess.user, r->address };
	const char *name;
	char *generated = NULL;
	enum hw_role role;
	struct hw_error err;
	json_t *j;

	hw_error_clear(&err);
	name = body_str(r, "name");
	if (hw_json_check_fields(r->body, add_fields, "", &err) ||
	    hw_role_parse(body_str(r, "role"), &role, &err) ||
	    hw_auth_user_add(r->st, name, role, body_str(r, "password"), &generated, &who,
			     r->now, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (!(j = user_answer(r, name, generated)))
		goto out;
	snprintf(r->location, sizeof(r->location), "/api/v1/users/%s", name);
	hw_reply_json(r, 201, j);
out:
	hw_json_wipe_string(r->body, "password");
	hw_auth_secret_free(generated);
}

/* ---- passwords ----------------------------------------------------------- */

/* An admin sets another user's password. */
static const struct hw_jfield reset_fields[] = {
	{ "password", HW_J_STRING, 0 },
	{ NULL, 0, 0 },
};

/* A user changes their own, proving the current one. */
static const struct hw_jfield own_fields[] = {
	{ "current_password", HW_J_STRING, 1 },
	{ "password", HW_J_STRING, 0 },
	{ NULL, 0, 0 },
};

/* Refuses a change of another user's password without user.admin:
 * audited as denied, 403. */
static void refuse_reset(struct hw_request *r, const char *name)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_request_audit(r, "user.passwd", "user", name, 0, NULL, NULL, HW_AUDIT_DENIED,
			     &err)) {
		hw_reply_error(r, &err);
		return;
	}
	hw_reply_fail(r, HW_FORBIDDEN, NULL,
		      "the role %s does not have the permission %s: a user may change only "
		      "their own password", hw_role_name(r->sess.role),
		      hw_perm_name(HW_PERM_USER_ADMIN));
}

void hw_h_user_password(struct hw_request *r)
{
	const char *name = hw_route_param(&r->params, "name");
	struct hw_actor who = { r->sess.user, r->address };
	int own = !strcmp(name, r->sess.user);
	char *generated = NULL;
	struct hw_error err;
	enum hw_err rc;
	json_t *j;

	hw_error_clear(&err);
	if (!own && !hw_request_can(r, HW_PERM_USER_ADMIN)) {
		refuse_reset(r, name);
		goto out;
	}
	rc = hw_json_check_fields(r->body, own ? own_fields : reset_fields, "", &err);
	if (!rc && own)
		rc = hw_auth_password_change(r->st, name, body_str(r, "current_password"),
					     body_str(r, "password"), &generated, &who,
					     hw_server_policy(r->srv), r->now, &err);
	else if (!rc)
		rc = hw_auth_user_passwd(r->st, name, body_str(r, "password"), &generated, &who,
					 r->now, &err);
	if (rc) {
		if (rc == HW_THROTTLED)
			snprintf(r->retry_after, sizeof(r->retry_after), "%lld",
				 (long long)hw_server_policy(r->srv)->lockout);
		hw_reply_error(r, &err);
		goto out;
	}
	if (!(j = user_answer(r, name, generated)))
		goto out;
	/* the session of this request ended with the others */
	if (own)
		hw_h_session_cookie_clear(r);
	hw_reply_json(r, 200, j);
out:
	hw_json_wipe_string(r->body, "password");
	hw_json_wipe_string(r->body, "current_password");
	hw_auth_secret_free(generated);
}

/* ---- disable ------------------------------------------------------------- */

void hw_h_user_disable(struct hw_request *r)
{
	const char *name = hw_route_param(&r->params, "name");
	struct hw_actor who = { r->sess.user, r->address };
	struct hw_error err;
	json_t *j;

	hw_error_clear(&err);
	if (hw_auth_user_disable(r->st, name, &who, r->now, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	if ((j = user_answer(r, name, NULL)))
		hw_reply_json(r, 200, j);
}
