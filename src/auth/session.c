/*
 * session.c - logging in and out, checking a session, throttling failed
 * logins, and a user changing their own password (which proves the
 * current one, throttled as a login).
 *
 * A login that fails does the same work whether the user exists or not:
 * the user is looked up, and the password verified against the user's
 * hash or against a dummy hash (password.c), before anything is decided;
 * the answer is the same HW_UNAUTHORIZED.  The Argon2id verification runs
 * outside any transaction of ours, so that logins do not hold the write
 * lock; the bookkeeping after it (failure, session, audit) is one unit.
 * Two attempts racing may therefore both be counted after the limit was
 * reached: the excess is bounded by the number of concurrent requests.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "auth/auth_int.h"
#include "core/banned.h"

#define AUTH_TOUCH_EVERY 60 /* seconds: the idle expiry is written at most this often */
#define AUTH_NAME_KEY_MAX 256

static const char denied_msg[] = "invalid user name or password";

void hw_auth_policy_default(struct hw_auth_policy *p)
{
	p->idle_timeout = 30 * 60;
	p->absolute_timeout = 12 * 60 * 60;
	p->max_failures_user = 5;
	p->max_failures_address = 20;
	p->failure_window = 15 * 60;
	p->lockout = 15 * 60;
}

static const struct hw_auth_policy *policy_or_default(const struct hw_auth_policy *p,
						      struct hw_auth_policy *buf)
{
	if (p)
		return p;
	hw_auth_policy_default(buf);
	return buf;
}

/* The key failures of a user name are counted under: the hex BLAKE2b of
 * the name as typed (which may be a password typed in the wrong field). */
static void user_key(const char *name, char out[65])
{
	unsigned char h[32];
	size_t n = strlen(name);

	crypto_generichash(h, sizeof(h), (const unsigned char *)name,
			   n > AUTH_NAME_KEY_MAX ? AUTH_NAME_KEY_MAX : n, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static int token_well_formed(const char *token)
{
	size_t i;

	if (!token || strlen(token) != HW_TOKEN_LEN)
		return 0;
	for (i = 0; i < HW_TOKEN_LEN; i++) {
		char c = token[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, HW_TOKEN_LEN, NULL, 0);
}

/*
 * Whether the failures counted under `key` (or `address`) lock logins out
 * at `now`: the last failure is less than `lockout` ago, and `max` or more
 * failures fell within `failure_window` up to it.
 */
static enum hw_err locked_out(struct hw_store *st, const char *key, const char *address,
			      int max, const struct hw_auth_policy *p, int64_t now, int *locked,
			      struct hw_error *err)
{
	int64_t count = 0, last = 0;
	enum hw_err rc = hw_store_login_failures(st, key, address, now - p->lockout, &count,
						 &last, err);

	if (rc || count == 0)
		return rc;
	rc = hw_store_login_failures(st, key, address, last - p->failure_window, &count, &last,
				     err);
	if (!rc && count >= max)
		*locked = 1;
	return rc;
}

static enum hw_err throttled(struct hw_store *st, const char *key, const char *address,
			     const struct hw_auth_policy *p, int64_t now, int *locked,
			     struct hw_error *err)
{
	enum hw_err rc;

	*locked = 0;
	if ((rc = locked_out(st, key, NULL, p->max_failures_user, p, now, locked, err)) || *locked)
		return rc;
	return locked_out(st, NULL, address, p->max_failures_address, p, now, locked, err);
}

/* Records the refusal of a login, or of a password change (`action`),
 * the failure counted unless throttled. */
static enum hw_err record_refusal(struct hw_store *st, const char *key, const char *user,
				  const char *address, const char *action, const char *reason,
				  int count_it, int64_t now, struct hw_error *err)
{
	struct hw_actor who = { user ? user : "?", address };
	char after[64];
	enum hw_err rc;

	snprintf(after, sizeof(after), "{\"reason\":\"%s\"}", reason);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	if (count_it)
		rc = hw_store_login_failure_add(st, key, address, now, err);
	if (!rc)
		rc = auth_audit(st, &who, now, action, "user", user, NULL, after, HW_AUDIT_DENIED,
				err);
	return hw_store_unit_end(st, rc, err);
}

/* Opens the session of a logged-in user: a new token, stored hashed. */
static enum hw_err open_session(struct hw_store *st, const struct hw_user *u,
				const char *address, const struct hw_auth_policy *p,
				int64_t now, char token[HW_TOKEN_SIZE], struct hw_session *s,
				struct hw_error *err)
{
	unsigned char raw[32], h[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, HW_TOKEN_SIZE, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	token_hash(token, h);
	memset(s, 0, sizeof(*s));
	s->user_id = u->id;
	snprintf(s->user, sizeof(s->user), "%s", u->name);
	s->role = u->role;
	s->created_at = now;
	s->expires_at = now + p->absolute_timeout;
	s->idle_expires_at = now + p->idle_timeout < s->expires_at ? now + p->idle_timeout
								    : s->expires_at;
	return hw_store_session_insert(st, h, s, address, err);
}

/* The bookkeeping of a successful login, in one unit. */
static enum hw_err login_ok(struct hw_store *st, const struct hw_user *u, const char *key,
			    const char *password, const char *pwhash, const char *address,
			    const struct hw_auth_policy *p, int64_t now, char token[HW_TOKEN_SIZE],
			    struct hw_session *s, struct hw_error *err)
{
	struct hw_actor who = { u->name, address };
	char fresh[AUTH_HASH_SIZE];
	int upgrade = auth_hash_needs_upgrade(pwhash);
	enum hw_err rc = HW_OK;

	if (upgrade && auth_hash_password(password, fresh, NULL))
		upgrade = 0; /* the old hash still works; try again next time */
	if ((rc = hw_store_unit_begin(st, err)))
		goto out;
	rc = hw_store_login_failures_clear(st, key, err);
	if (!rc)
		rc = open_session(st, u, address, p, now, token, s, err);
	if (!rc && upgrade)
		rc = hw_store_user_set_password(st, u->id, fresh, now, err);
	if (!rc)
		rc = auth_audit(st, &who, now, "session.login", "user", u->name, NULL,
				upgrade ? "{\"password_rehashed\":true}" : NULL, HW_AUDIT_OK, err);
	rc = hw_store_unit_end(st, rc, err);
out:
	sodium_memzero(fresh, sizeof(fresh));
	if (rc)
		sodium_memzero(token, HW_TOKEN_SIZE);
	return rc;
}

enum hw_err hw_auth_login(struct hw_store *st, const char *name, const char *password,
			  const struct hw_actor *who, const struct hw_auth_policy *policy,
			  int64_t now, char token[HW_TOKEN_SIZE], struct hw_session *out,
			  struct hw_error *err)
{
	const char *address = who && who->address ? who->address : "";
	struct hw_auth_policy defaults;
	const struct hw_auth_policy *p = policy_or_default(policy, &defaults);
	struct hw_session session;
	char key[65], *pwhash = NULL;
	struct hw_user u;
	enum hw_err rc;
	int locked = 0, found, ok;

	token[0] = '\0';
	hw_user_init(&u);
	if ((rc = hw_auth_init(err)))
		return rc;
	name = name ? name : "";
	password = password ? password : "";
	user_key(name, key);
	if ((rc = throttled(st, key, address, p, now, &locked, err)))
		return rc;
	rc = hw_store_user_get(st, name, &u, &pwhash, NULL);
	if (rc && rc != HW_NOT_FOUND) {
		rc = hw_error_set(err, rc, "cannot log in: the user cannot be read");
		goto out;
	}
	found = rc == HW_OK;
	if (locked) {
		rc = record_refusal(st, key, found ? u.name : NULL, address, "session.login",
				    "throttled", 0, now, err);
		rc = rc ? rc : hw_error_set(err, HW_THROTTLED, "too many failed logins; try "
					    "again later");
		goto out;
	}
	ok = auth_password_verify(found ? pwhash : NULL, password) && found && !u.disabled;
	if (!ok) {
		rc = record_refusal(st, key, found ? u.name : NULL, address, "session.login",
				    !found ? "unknown user" : u.disabled ? "disabled" : "password",
				    1, now, err);
		rc = rc ? rc : hw_error_set(err, HW_UNAUTHORIZED, "%s", denied_msg);
		goto out;
	}
	rc = login_ok(st, &u, key, password, pwhash, address, p, now, token, &session, err);
	if (!rc && out)
		*out = session;
out:
	hw_auth_secret_free(pwhash);
	hw_user_release(&u);
	return rc;
}

/* The refusal of a password change: audited, and counted as a failed
 * login unless throttled. */
static enum hw_err change_refused(struct hw_store *st, const char *key, const char *user,
				  const char *address, int locked, int64_t now,
				  struct hw_error *err)
{
	enum hw_err rc = record_refusal(st, key, user, address, "user.passwd",
					locked ? "throttled" : "password", !locked, now, err);

	if (rc)
		return rc;
	if (locked)
		return hw_error_set(err, HW_THROTTLED, "too many failed attempts; try again later");
	return hw_error_set_field(err, HW_FORBIDDEN, "current_password",
				  "the current password is not right");
}

enum hw_err hw_auth_password_change(struct hw_store *st, const char *name, const char *current,
				    const char *password, char **generated,
				    const struct hw_actor *who, const struct hw_auth_policy *policy,
				    int64_t now, struct hw_error *err)
{
	const char *address = who && who->address ? who->address : "";
	struct hw_auth_policy defaults;
	const struct hw_auth_policy *p = policy_or_default(policy, &defaults);
	char key[65], *pwhash = NULL;
	struct hw_user u;
	enum hw_err rc;
	int locked = 0;

	if (generated)
		*generated = NULL;
	hw_user_init(&u);
	if ((rc = hw_auth_init(err)))
		return rc;
	current = current ? current : "";
	user_key(name, key);
	if ((rc = throttled(st, key, address, p, now, &locked, err)) ||
	    (rc = hw_store_user_get(st, name, &u, &pwhash, err)))
		goto out;
	if (locked || u.disabled || !auth_password_verify(pwhash, current)) {
		rc = change_refused(st, key, u.name, address, locked, now, err);
		goto out;
	}
	if (password && !strcmp(password, current)) {
		rc = hw_error_set_field(err, HW_INVALID, "password",
					"the new password is the current one");
		goto out;
	}
	rc = hw_auth_user_passwd(st, name, password, generated, who, now, err);
out:
	hw_auth_secret_free(pwhash);
	hw_user_release(&u);
	return rc;
}

/* How far the idle expiry must move before it is written: a minute, or
 * for a short idle timeout a thirtieth of it (at least a second), so that
 * a session in use does not expire for want of a write. */
static int64_t touch_every(const struct hw_auth_policy *p)
{
	int64_t t = p->idle_timeout / 30;

	return t < 1 ? 1 : t > AUTH_TOUCH_EVERY ? AUTH_TOUCH_EVERY : t;
}

enum hw_err hw_auth_session_check(struct hw_store *st, const char *token,
				  const struct hw_auth_policy *policy, int64_t now,
				  struct hw_session *out, struct hw_error *err)
{
	struct hw_auth_policy defaults;
	const struct hw_auth_policy *p = policy_or_default(policy, &defaults);
	unsigned char h[32];
	struct hw_session s;
	int64_t idle;
	enum hw_err rc;

	if ((rc = hw_auth_init(err)))
		return rc;
	if (!token_well_formed(token))
		return hw_error_set(err, HW_UNAUTHORIZED, "not a session token");
	token_hash(token, h);
	rc = hw_store_session_get(st, h, &s, err);
	if (rc == HW_NOT_FOUND || (!rc && (now >= s.expires_at || now >= s.idle_expires_at)))
		return hw_error_set(err, HW_UNAUTHORIZED, "the session has ended; log in again");
	if (rc)
		return rc;
	idle = now + p->idle_timeout < s.expires_at ? now + p->idle_timeout : s.expires_at;
	if (idle - s.idle_expires_at >= touch_every(p)) {
		if ((rc = hw_store_session_touch(st, h, idle, err)))
			return rc;
		s.idle_expires_at = idle;
	}
	if (out)
		*out = s;
	return HW_OK;
}

enum hw_err hw_auth_logout(struct hw_store *st, const char *token, const struct hw_actor *who,
			   int64_t now, struct hw_error *err)
{
	struct hw_actor as;
	unsigned char h[32];
	struct hw_session s;
	enum hw_err rc;
	int changed = 0;

	if ((rc = hw_auth_init(err)))
		return rc;
	if (!token_well_formed(token))
		return hw_error_set(err, HW_UNAUTHORIZED, "not a session token");
	token_hash(token, h);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = hw_store_session_get(st, h, &s, err);
	if (!rc && (now >= s.expires_at || now >= s.idle_expires_at))
		rc = HW_NOT_FOUND;
	if (!rc)
		rc = hw_store_session_revoke(st, h, now, &changed, err);
	if (!rc) {
		as.actor = s.user;
		as.address = who ? who->address : NULL;
		rc = auth_audit(st, &as, now, "session.logout", "user", s.user, NULL, NULL,
				HW_AUDIT_OK, err);
	}
	rc = hw_store_unit_end(st, rc, err);
	if (rc == HW_NOT_FOUND)
		return hw_error_set(err, HW_UNAUTHORIZED, "the session has ended already");
	return rc;
}

enum hw_err hw_auth_purge(struct hw_store *st, const struct hw_auth_policy *policy,
			  int64_t now, struct hw_error *err)
{
	struct hw_auth_policy defaults;
	const struct hw_auth_policy *p = policy_or_default(policy, &defaults);
	enum hw_err rc;

	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = hw_store_session_purge(st, now, err);
	if (!rc)
		rc = hw_store_login_failures_purge(st, now - p->failure_window - p->lockout, err);
	return hw_store_unit_end(st, rc, err);
}
