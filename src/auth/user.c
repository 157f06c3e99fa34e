/*
 * user.c - adding users, changing passwords, disabling users, listing
 * them.  Each change and its audit record commit together; the slow
 * Argon2id hashing runs before the transaction opens, so that it never
 * holds the database's write lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "auth/auth_int.h"
#include "core/banned.h"

void hw_user_init(struct hw_user *u)
{
	memset(u, 0, sizeof(*u));
}

void hw_user_release(struct hw_user *u)
{
	hw_free(u->name);
	hw_user_init(u);
}

enum hw_err auth_audit(struct hw_store *st, const struct hw_actor *who, int64_t now,
		       const char *action, const char *object_type, const char *object_id,
		       const char *before, const char *after, enum hw_audit_outcome outcome,
		       struct hw_error *err)
{
	struct hw_audit_record r;

	memset(&r, 0, sizeof(r));
	r.at = now;
	r.actor = who && who->actor ? who->actor : "?";
	r.address = who ? who->address : NULL;
	r.action = action;
	r.object_type = object_type;
	r.object_id = object_id;
	r.before = before;
	r.after = after;
	r.outcome = outcome;
	return hw_audit_append(st, &r, err);
}

/* The JSON of a user's visible state for the audit trail (never the
 * password or its hash); NULL when out of memory. */
static char *user_json(const char *name, enum hw_role role, int disabled)
{
	json_t *j = json_pack("{s:s, s:s, s:b}", "name", name, "role", hw_role_name(role),
			      "disabled", disabled);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *copy = s ? hw_strdup(s) : NULL;

	json_decref(j);
	free(s);
	return copy;
}

/* The password to set: `password` after checking it, or a generated one
 * handed out in *generated. */
static enum hw_err choose_password(const char *name, const char *password, char **generated,
				   const char **use, struct hw_error *err)
{
	enum hw_err rc;

	if (generated)
		*generated = NULL;
	if (password) {
		if ((rc = hw_auth_check_password(name, password, err)))
			return rc;
		*use = password;
		return HW_OK;
	}
	if (!generated)
		return hw_error_set(err, HW_INTERNAL, "no password and nowhere to put one");
	if (!(*generated = hw_auth_password_generate()))
		return hw_error_set(err, HW_NOMEM, NULL);
	*use = *generated;
	return HW_OK;
}

enum hw_err hw_auth_user_add(struct hw_store *st, const char *name, enum hw_role role,
			     const char *password, char **generated,
			     const struct hw_actor *who, int64_t now, struct hw_error *err)
{
	char hash[AUTH_HASH_SIZE];
	const char *use = NULL;
	char *after = NULL;
	struct hw_user u;
	enum hw_err rc;

	hw_user_init(&u);
	if ((rc = hw_auth_check_name(name, err)))
		return rc;
	if (!hw_role_name(role))
		return hw_error_set_field(err, HW_INVALID, "role", "unknown role");
	if ((rc = choose_password(name, password, generated, &use, err)) ||
	    (rc = auth_hash_password(use, hash, err)))
		goto out;
	if (!(after = user_json(name, role, 0))) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	u.name = (char *)name;
	u.role = role;
	u.created_at = now;
	if (!(rc = hw_store_unit_begin(st, err))) {
		rc = hw_store_user_insert(st, &u, hash, err);
		if (!rc)
			rc = auth_audit(st, who, now, "user.add", "user", name, NULL, after,
					HW_AUDIT_OK, err);
		rc = hw_store_unit_end(st, rc, err);
	}
out:
	sodium_memzero(hash, sizeof(hash));
	hw_free(after);
	if (rc && generated) {
		hw_auth_secret_free(*generated);
		*generated = NULL;
	}
	return rc;
}

enum hw_err hw_auth_user_get(struct hw_store *st, const char *name, struct hw_user *out,
			     struct hw_error *err)
{
	return hw_store_user_get(st, name, out, NULL, err);
}

enum hw_err hw_auth_user_each(struct hw_store *st,
			      int (*cb)(void *ctx, const struct hw_user *u), void *ctx,
			      struct hw_error *err)
{
	return hw_store_user_each(st, cb, ctx, err);
}

enum hw_err hw_auth_user_passwd(struct hw_store *st, const char *name, const char *password,
				char **generated, const struct hw_actor *who, int64_t now,
				struct hw_error *err)
{
	char hash[AUTH_HASH_SIZE], after[96];
	const char *use = NULL;
	struct hw_user u;
	enum hw_err rc;

	hw_user_init(&u);
	if ((rc = hw_store_user_get(st, name, &u, NULL, err)) ||
	    (rc = choose_password(name, password, generated, &use, err)) ||
	    (rc = auth_hash_password(use, hash, err)))
		goto out;
	snprintf(after, sizeof(after), "{\"password_changed_at\":%lld,\"sessions_ended\":true}",
		 (long long)now);
	if (!(rc = hw_store_unit_begin(st, err))) {
		rc = hw_store_user_set_password(st, u.id, hash, now, err);
		if (!rc)
			rc = hw_store_session_revoke_user(st, u.id, now, err);
		if (!rc)
			rc = auth_audit(st, who, now, "user.passwd", "user", name, NULL, after,
					HW_AUDIT_OK, err);
		rc = hw_store_unit_end(st, rc, err);
	}
out:
	sodium_memzero(hash, sizeof(hash));
	hw_user_release(&u);
	if (rc && generated) {
		hw_auth_secret_free(*generated);
		*generated = NULL;
	}
	return rc;
}

/* Refuses to disable the last enabled admin. */
static enum hw_err keep_one_admin(struct hw_store *st, const struct hw_user *u,
				  struct hw_error *err)
{
	int64_t n = 0;
	enum hw_err rc;

	if (u->role != HW_ROLE_ADMIN)
		return HW_OK;
	if ((rc = hw_store_user_count_role(st, hw_role_name(HW_ROLE_ADMIN), &n, err)))
		return rc;
	if (n <= 1)
		return hw_error_set(err, HW_REFUSED, "'%s' is the last enabled admin; add "
				    "another admin before disabling it", u->name);
	return HW_OK;
}

static enum hw_err disable_in_unit(struct hw_store *st, struct hw_user *u,
				   const struct hw_actor *who, int64_t now, struct hw_error *err)
{
	char *before = NULL, *after = NULL;
	enum hw_err rc;
	int changed = 0;

	if ((rc = keep_one_admin(st, u, err)) ||
	    (rc = hw_store_user_disable(st, u->id, now, &changed, err)) || !changed ||
	    (rc = hw_store_session_revoke_user(st, u->id, now, err)))
		return rc;
	before = user_json(u->name, u->role, 0);
	after = user_json(u->name, u->role, 1);
	if (!before || !after)
		rc = hw_error_set(err, HW_NOMEM, NULL);
	else
		rc = auth_audit(st, who, now, "user.disable", "user", u->name, before, after,
				HW_AUDIT_OK, err);
	hw_free(before);
	hw_free(after);
	return rc;
}

enum hw_err hw_auth_user_disable(struct hw_store *st, const char *name,
				 const struct hw_actor *who, int64_t now, struct hw_error *err)
{
	struct hw_user u;
	enum hw_err rc;

	hw_user_init(&u);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = hw_store_user_get(st, name, &u, NULL, err);
	if (!rc && !u.disabled)
		rc = disable_in_unit(st, &u, who, now, err);
	rc = hw_store_unit_end(st, rc, err);
	hw_user_release(&u);
	return rc;
}
