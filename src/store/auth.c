/*
 * auth.c - users, sessions, failed logins and the audit trail in the
 * SQLite back end (schema: migration 3 -> 4 of schema.c).
 *
 * This file only stores and loads: hashing, expiry, throttling and the
 * verification of the audit chain are the business of src/auth and
 * src/audit.  Roles are stored by name and read back through
 * hw_role_parse, so that a role the program does not know (a hand-edited
 * row) fails closed as an error instead of granting anything.
 */
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/audit.h"
#include "homeward/auth.h"
#include "store/sqlite_int.h"
#include "core/banned.h"

static int bind_time(sqlite3_stmt *s, int col, int64_t t)
{
	return t ? sqlite3_bind_int64(s, col, t) : sqlite3_bind_null(s, col);
}

static int bind_hash(sqlite3_stmt *s, int col, const unsigned char h[32])
{
	return sqlite3_bind_blob(s, col, h, 32, SQLITE_STATIC);
}

/* ---- users ------------------------------------------------------------- */

enum hw_err hw_store_user_insert(struct hw_store *st, struct hw_user *u, const char *pwhash,
				 struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_USER_INSERT, err);
	int step;

	if (!s)
		return HW_STORE;
	store_bind_text(s, 1, u->name);
	sqlite3_bind_text(s, 2, hw_role_name(u->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, u->created_at);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
			return hw_error_set_field(err, HW_CONFLICT, "name",
						  "a user named '%s' exists already", u->name);
		return store_fail(st, err, "storing a user");
	}
	u->id = sqlite3_last_insert_rowid(st->db);
	u->password_changed_at = u->created_at;
	return HW_OK;
}

/* Reads the columns of STORE_USER_COLUMNS into u (released first). */
static enum hw_err read_user(sqlite3_stmt *s, struct hw_user *u, struct hw_error *err)
{
	const char *role = (const char *)sqlite3_column_text(s, 2);
	enum hw_role r;

	hw_user_release(u);
	if (!role || hw_role_parse(role, &r, NULL))
		return hw_error_set(err, HW_STORE, "user %lld has an unknown role '%s'",
				    (long long)sqlite3_column_int64(s, 0), role ? role : "");
	u->id = sqlite3_column_int64(s, 0);
	u->role = r;
	u->created_at = sqlite3_column_int64(s, 3);
	u->password_changed_at = sqlite3_column_int64(s, 4);
	u->disabled_at = sqlite3_column_int64(s, 5);
	u->disabled = sqlite3_column_type(s, 5) != SQLITE_NULL;
	if (!(u->name = store_col_text(s, 1)))
		return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

enum hw_err hw_store_user_get(struct hw_store *st, const char *name, struct hw_user *out,
			      char **pwhash, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_USER_GET, err);
	enum hw_err rc;
	int step;

	if (pwhash)
		*pwhash = NULL;
	if (!s)
		return HW_STORE;
	store_bind_text(s, 1, name);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE)
		rc = hw_error_set(err, HW_NOT_FOUND, "no user named '%s'", name);
	else if (step != SQLITE_ROW)
		rc = store_fail(st, err, "loading a user");
	else if (!(rc = read_user(s, out, err)) && pwhash && !(*pwhash = store_col_text(s, 6)))
		rc = hw_error_set(err, HW_NOMEM, NULL);
	sqlite3_reset(s);
	return rc;
}

enum hw_err hw_store_user_each(struct hw_store *st,
			       int (*cb)(void *ctx, const struct hw_user *u), void *ctx,
			       struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_USER_ALL, err);
	struct hw_user u;
	enum hw_err rc = HW_OK;
	int step;

	if (!s)
		return HW_STORE;
	hw_user_init(&u);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = read_user(s, &u, err)) || cb(ctx, &u))
			break;
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(st, err, "listing users");
	hw_user_release(&u);
	sqlite3_finalize(s);
	return rc;
}

enum hw_err hw_store_user_set_password(struct hw_store *st, int64_t id, const char *pwhash,
				       int64_t now, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_USER_SET_PASSWORD, err);
	int step;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_fail(st, err, "changing a password");
	if (sqlite3_changes(st->db) != 1)
		return hw_error_set(err, HW_NOT_FOUND, "no user with id %lld", (long long)id);
	return HW_OK;
}

enum hw_err hw_store_user_disable(struct hw_store *st, int64_t id, int64_t now, int *changed,
				  struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_USER_DISABLE, err);
	int step;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_fail(st, err, "disabling a user");
	*changed = sqlite3_changes(st->db) > 0;
	return HW_OK;
}

/* Runs a statement answering one row of integers (count, max): a NULL
 * column reads as 0. */
static enum hw_err query_ints(struct hw_store *st, sqlite3_stmt *s, int64_t *a, int64_t *b,
			      struct hw_error *err, const char *what)
{
	int step = sqlite3_step(s);

	if (step == SQLITE_ROW) {
		*a = sqlite3_column_int64(s, 0);
		if (b)
			*b = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return step == SQLITE_ROW ? HW_OK : store_fail(st, err, what);
}

enum hw_err hw_store_user_count_role(struct hw_store *st, const char *role, int64_t *n,
				     struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_USER_COUNT_ROLE, err);

	if (!s)
		return HW_STORE;
	store_bind_text(s, 1, role);
	return query_ints(st, s, n, NULL, err, "counting users");
}

/* ---- sessions ------------------------------------------------------------ */

/* Runs a statement that writes and returns no rows. */
static enum hw_err step_done(struct hw_store *st, sqlite3_stmt *s, struct hw_error *err,
			     const char *what)
{
	int step = sqlite3_step(s);

	sqlite3_reset(s);
	return step == SQLITE_DONE ? HW_OK : store_fail(st, err, what);
}

enum hw_err hw_store_session_insert(struct hw_store *st, const unsigned char token_hash[32],
				    const struct hw_session *ss, const char *address,
				    struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SESSION_INSERT, err);

	if (!s)
		return HW_STORE;
	bind_hash(s, 1, token_hash);
	sqlite3_bind_int64(s, 2, ss->user_id);
	sqlite3_bind_int64(s, 3, ss->created_at);
	sqlite3_bind_int64(s, 4, ss->idle_expires_at);
	sqlite3_bind_int64(s, 5, ss->expires_at);
	store_bind_text(s, 6, address);
	return step_done(st, s, err, "storing a session");
}

enum hw_err hw_store_session_get(struct hw_store *st, const unsigned char token_hash[32],
				 struct hw_session *out, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SESSION_GET, err);
	const char *name, *role;
	enum hw_err rc = HW_OK;
	int step;

	if (!s)
		return HW_STORE;
	bind_hash(s, 1, token_hash);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		rc = hw_error_set(err, HW_NOT_FOUND, "no such session");
	} else if (step != SQLITE_ROW) {
		rc = store_fail(st, err, "loading a session");
	} else {
		memset(out, 0, sizeof(*out));
		out->user_id = sqlite3_column_int64(s, 0);
		name = (const char *)sqlite3_column_text(s, 1);
		role = (const char *)sqlite3_column_text(s, 2);
		out->created_at = sqlite3_column_int64(s, 3);
		out->idle_expires_at = sqlite3_column_int64(s, 4);
		out->expires_at = sqlite3_column_int64(s, 5);
		if (!name || strlen(name) > HW_USER_NAME_MAX || !role ||
		    hw_role_parse(role, &out->role, NULL))
			rc = hw_error_set(err, HW_STORE, "the user of a session is not valid");
		else
			memcpy(out->user, name, strlen(name) + 1);
	}
	sqlite3_reset(s);
	return rc;
}

enum hw_err hw_store_session_touch(struct hw_store *st, const unsigned char token_hash[32],
				   int64_t idle_expires_at, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SESSION_TOUCH, err);

	if (!s)
		return HW_STORE;
	bind_hash(s, 1, token_hash);
	sqlite3_bind_int64(s, 2, idle_expires_at);
	return step_done(st, s, err, "refreshing a session");
}

enum hw_err hw_store_session_revoke(struct hw_store *st, const unsigned char token_hash[32],
				    int64_t now, int *changed, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SESSION_REVOKE, err);
	enum hw_err rc;

	if (!s)
		return HW_STORE;
	bind_hash(s, 1, token_hash);
	sqlite3_bind_int64(s, 2, now);
	rc = step_done(st, s, err, "ending a session");
	*changed = !rc && sqlite3_changes(st->db) > 0;
	return rc;
}

enum hw_err hw_store_session_revoke_user(struct hw_store *st, int64_t user_id, int64_t now,
					 struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SESSION_REVOKE_USER, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, now);
	return step_done(st, s, err, "ending the sessions of a user");
}

enum hw_err hw_store_session_purge(struct hw_store *st, int64_t now, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SESSION_PURGE, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, now);
	return step_done(st, s, err, "deleting ended sessions");
}

/* ---- failed logins ------------------------------------------------------- */

enum hw_err hw_store_login_failure_add(struct hw_store *st, const char *user_key,
				       const char *address, int64_t at, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_FAILURE_INSERT, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, at);
	sqlite3_bind_text(s, 2, user_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, address ? address : "", -1, SQLITE_STATIC);
	return step_done(st, s, err, "recording a failed login");
}

enum hw_err hw_store_login_failures(struct hw_store *st, const char *user_key,
				    const char *address, int64_t since, int64_t *count,
				    int64_t *last_at, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, user_key ? STMT_FAILURES_OF_USER : STMT_FAILURES_OF_ADDRESS,
				     err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_text(s, 1, user_key ? user_key : address ? address : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since);
	return query_ints(st, s, count, last_at, err, "counting failed logins");
}

enum hw_err hw_store_login_failures_clear(struct hw_store *st, const char *user_key,
					  struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_FAILURES_CLEAR_USER, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_text(s, 1, user_key, -1, SQLITE_STATIC);
	return step_done(st, s, err, "clearing failed logins");
}

enum hw_err hw_store_login_failures_purge(struct hw_store *st, int64_t before,
					  struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_FAILURES_PURGE, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, before);
	return step_done(st, s, err, "deleting old failed logins");
}

/* ---- the audit trail ----------------------------------------------------- */

/* A stored hash of the wrong size reads as 0xff bytes: it then matches
 * neither a computed hash nor the zero hash before the first record. */
static void col_hash(sqlite3_stmt *s, int col, unsigned char out[32])
{
	const void *b = sqlite3_column_blob(s, col);

	if (b && sqlite3_column_bytes(s, col) == 32)
		memcpy(out, b, 32);
	else
		memset(out, 0xff, 32);
}

enum hw_err hw_store_audit_head(struct hw_store *st, struct hw_audit_head *out,
				struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_AUDIT_HEAD, err);
	int step;

	if (!s)
		return HW_STORE;
	memset(out, 0, sizeof(*out));
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->present = 1;
		out->last_id = sqlite3_column_int64(s, 0);
		out->count = sqlite3_column_int64(s, 1);
		col_hash(s, 2, out->hash);
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(st, err, "reading the head of the audit trail");
	return HW_OK;
}

enum hw_err hw_store_audit_journal_get(struct hw_store *st, unsigned char database_id[16],
				       uint64_t *generation, uint64_t *offset,
				       struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_AUDIT_JOURNAL_GET, err);
	int step;

	if (!s)
		return HW_STORE;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*generation = (uint64_t)sqlite3_column_int64(s, 0);
		*offset = (uint64_t)sqlite3_column_int64(s, 1);
		if (sqlite3_column_bytes(s, 2) == 16)
			memcpy(database_id, sqlite3_column_blob(s, 2), 16);
		else
			step = SQLITE_CORRUPT;
	}
	sqlite3_reset(s);
	if (step == SQLITE_CORRUPT)
		return hw_error_set(err, HW_STORE, "the id of the database is damaged");
	if (step == SQLITE_DONE)
		return hw_error_set(err, HW_STORE, "the mark of the audit journal is missing");
	if (step != SQLITE_ROW)
		return store_fail(st, err, "reading the mark of the audit journal");
	return HW_OK;
}

enum hw_err hw_store_audit_journal_set(struct hw_store *st, uint64_t generation,
				       uint64_t offset, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_AUDIT_JOURNAL_SET, err);
	int step;

	if (!s)
		return HW_STORE;
	if (generation > INT64_MAX || offset > INT64_MAX)
		return hw_error_set(err, HW_INTERNAL, "an audit journal mark out of range");
	sqlite3_bind_int64(s, 1, (int64_t)generation);
	sqlite3_bind_int64(s, 2, (int64_t)offset);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_fail(st, err, "moving the mark of the audit journal");
	if (sqlite3_changes(st->db) != 1)
		return hw_error_set(err, HW_STORE, "the mark of the audit journal is missing");
	return HW_OK;
}

enum hw_err hw_store_audit_insert(struct hw_store *st, const struct hw_audit_record *r,
				  struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_AUDIT_INSERT, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, r->id);
	sqlite3_bind_int64(s, 2, r->at);
	sqlite3_bind_text(s, 3, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->object_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, r->object_id, -1, SQLITE_STATIC);
	store_bind_id(s, 8, r->person_id);
	sqlite3_bind_text(s, 9, r->before, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, r->after, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, hw_audit_outcome_name(r->outcome), -1, SQLITE_STATIC);
	bind_hash(s, 12, r->prev_hash);
	bind_hash(s, 13, r->hash);
	return step_done(st, s, err, "appending to the audit trail");
}

/* The row of STORE_AUDIT_COLUMNS as a record borrowing the row's text.
 * An outcome the program does not know reads as HW_AUDIT__COUNT, which
 * hashes differently from every known one. */
static void read_audit(sqlite3_stmt *s, struct hw_audit_record *r)
{
	const char *outcome;
	int o;

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->at = sqlite3_column_int64(s, 1);
	r->actor = (const char *)sqlite3_column_text(s, 2);
	r->address = (const char *)sqlite3_column_text(s, 3);
	r->action = (const char *)sqlite3_column_text(s, 4);
	r->object_type = (const char *)sqlite3_column_text(s, 5);
	r->object_id = (const char *)sqlite3_column_text(s, 6);
	r->person_id = sqlite3_column_int64(s, 7);
	r->before = (const char *)sqlite3_column_text(s, 8);
	r->after = (const char *)sqlite3_column_text(s, 9);
	outcome = (const char *)sqlite3_column_text(s, 10);
	r->outcome = HW_AUDIT__COUNT;
	for (o = 0; outcome && o < HW_AUDIT__COUNT; o++)
		if (!strcmp(outcome, hw_audit_outcome_name((enum hw_audit_outcome)o)))
			r->outcome = (enum hw_audit_outcome)o;
	col_hash(s, 11, r->prev_hash);
	col_hash(s, 12, r->hash);
}

static enum hw_err audit_rows(struct hw_store *st, sqlite3_stmt *s,
			      int (*cb)(void *ctx, const struct hw_audit_record *r), void *ctx,
			      struct hw_error *err)
{
	struct hw_audit_record r;
	int step;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		read_audit(s, &r);
		if (cb(ctx, &r))
			return HW_OK;
	}
	return step == SQLITE_DONE ? HW_OK : store_fail(st, err, "reading the audit trail");
}

static void bind_filter(sqlite3_stmt *s, const struct hw_audit_filter *f)
{
	size_t n;

	sqlite3_bind_int64(s, 1, f->after_id);
	sqlite3_bind_text(s, 2, f->actor, -1, SQLITE_STATIC);
	store_bind_id(s, 3, f->person_id);
	bind_time(s, 4, f->from);
	bind_time(s, 5, f->to);
	if (f->action && (n = strlen(f->action)) > 0 && f->action[n - 1] == '*')
		sqlite3_bind_text(s, 7, f->action, (int)n - 1, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, 6, f->action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, f->limit ? (sqlite3_int64)f->limit : -1);
}

enum hw_err hw_store_audit_each(struct hw_store *st, const struct hw_audit_filter *filter,
				int (*cb)(void *ctx, const struct hw_audit_record *r), void *ctx,
				struct hw_error *err)
{
	static const struct hw_audit_filter all;
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_AUDIT_FIND, err);
	enum hw_err rc;

	if (!s)
		return HW_STORE;
	bind_filter(s, filter ? filter : &all);
	rc = audit_rows(st, s, cb, ctx, err);
	sqlite3_finalize(s);
	return rc;
}

enum hw_err hw_store_audit_walk(struct hw_store *st, struct hw_audit_head *head,
				int (*cb)(void *ctx, const struct hw_audit_record *r), void *ctx,
				struct hw_error *err)
{
	sqlite3_stmt *s = NULL;
	int own = !st->in_tx && sqlite3_get_autocommit(st->db);
	enum hw_err rc;

	/* a deferred transaction: the head and the rows are one snapshot,
	 * and writers are not held up while the chain is walked */
	if (own && (rc = store_exec(st, STMT_READ_BEGIN, err)))
		return rc;
	rc = hw_store_audit_head(st, head, err);
	if (!rc && !(s = store_stmt_fresh(st, STMT_AUDIT_ALL, err)))
		rc = HW_STORE;
	if (!rc)
		rc = audit_rows(st, s, cb, ctx, err);
	sqlite3_finalize(s);
	if (own)
		store_exec(st, STMT_COMMIT, NULL);
	return rc;
}
