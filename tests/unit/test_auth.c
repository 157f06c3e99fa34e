/*
 * test_auth.c - roles and permissions (every role against every
 * permission of the documented table, and docs/security.md showing the
 * same table), user names and passwords, Argon2id hashing, generated
 * passwords, sessions (login, check, idle and absolute expiry, logout,
 * revocation by disabling and by a new password), the throttling of
 * failed logins per user name and per address, that an unknown user
 * and a wrong password are answered alike, a user changing their own
 * password, and users and audit records as JSON (auth_json.h).  Time is
 * moved by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "homeward/audit.h"
#include "homeward/auth.h"
#include "homeward/auth_json.h"
#include "homeward/store.h"
#include "tmpdb.h"

#define T0 1735725600 /* 2025-01-01T10:00:00Z */
#define MIN 60
#define HOUR 3600

static const struct hw_actor cli = { "cli:test", "local" };
static const struct hw_actor from_a = { NULL, "10.0.0.1" };
static const struct hw_actor from_b = { NULL, "10.0.0.2" };

/* ---- the permission table, written out independently of the code ----- */

static const struct {
	const char *perm;
	const char *roles; /* the roles that hold it, space-separated */
} expected[] = {
	{ "person.read", "admin coordinator registrar verifier medical" },
	{ "person.read_health", "admin coordinator medical" },
	{ "person.write", "registrar" },
	{ "health.write", "medical" },
	{ "event.write", "registrar" },
	{ "name.search", "admin coordinator registrar verifier medical" },
	{ "list.match", "coordinator registrar verifier" },
	{ "exchange.read", "admin coordinator registrar verifier medical analyst" },
	{ "list.read", "admin coordinator registrar verifier medical" },
	{ "exchange.write", "coordinator" },
	{ "list.verify", "verifier" },
	{ "report.read", "admin coordinator registrar verifier medical analyst" },
	{ "user.admin", "admin" },
	{ "settings.admin", "admin" },
	{ "audit.read", "admin" },
};

static int holds(const char *roles, const char *role)
{
	size_t n = strlen(role);
	const char *p;

	for (p = roles; (p = strstr(p, role)); p += n)
		if ((p == roles || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static void test_permission_table(void **state)
{
	enum hw_perm p;
	enum hw_role r;
	size_t i;
	int pi, ri;

	(void)state;
	assert_int_equal(HW_PERM__COUNT, sizeof(expected) / sizeof(expected[0]));
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		assert_int_equal(hw_perm_parse(expected[i].perm, &p, NULL), HW_OK);
		for (ri = 0; ri < HW_ROLE__COUNT; ri++) {
			r = (enum hw_role)ri;
			if (hw_role_can(r, p) != holds(expected[i].roles, hw_role_name(r)))
				fail_msg("%s %s %s", hw_role_name(r),
					 hw_role_can(r, p) ? "may" : "may not", expected[i].perm);
			assert_int_equal(hw_auth_require(r, p, NULL),
					 hw_role_can(r, p) ? HW_OK : HW_FORBIDDEN);
		}
	}
	/* names round trip, out of range holds nothing */
	for (ri = 0; ri < HW_ROLE__COUNT; ri++) {
		assert_int_equal(hw_role_parse(hw_role_name((enum hw_role)ri), &r, NULL), HW_OK);
		assert_int_equal(r, ri);
	}
	for (pi = 0; pi < HW_PERM__COUNT; pi++)
		assert_false(hw_role_can(HW_ROLE__COUNT, (enum hw_perm)pi));
	assert_false(hw_role_can(HW_ROLE_ADMIN, HW_PERM__COUNT));
	assert_false(hw_role_can((enum hw_role)-1, HW_PERM_REPORT_READ));
	assert_int_equal(hw_role_parse("root", &r, NULL), HW_INVALID);
	assert_int_equal(hw_role_parse("Admin", &r, NULL), HW_INVALID);
	assert_int_equal(hw_perm_parse("person.delete", &p, NULL), HW_INVALID);
}

/* The rules of the security model, checked on the table itself. */
static void test_analyst_and_health_rules(void **state)
{
	int pi, ri;

	(void)state;
	for (pi = 0; pi < HW_PERM__COUNT; pi++) {
		enum hw_perm p = (enum hw_perm)pi;

		if (hw_perm_reveals_names(p))
			assert_false(hw_role_can(HW_ROLE_ANALYST, p));
		for (ri = 0; ri < HW_ROLE__COUNT; ri++) {
			enum hw_role r = (enum hw_role)ri;

			if (hw_perm_reveals_health(p) && hw_role_can(r, p))
				assert_true(r == HW_ROLE_MEDICAL || r == HW_ROLE_COORDINATOR ||
					    r == HW_ROLE_ADMIN);
		}
	}
	assert_true(hw_perm_reveals_health(HW_PERM_PERSON_READ_HEALTH));
	assert_true(hw_perm_reveals_names(HW_PERM_PERSON_READ));
	assert_false(hw_perm_reveals_names(HW_PERM_REPORT_READ));
	assert_true(hw_role_can(HW_ROLE_ANALYST, HW_PERM_REPORT_READ));
	assert_false(hw_role_can(HW_ROLE_ANALYST, HW_PERM_PERSON_READ));
	assert_false(hw_role_can(HW_ROLE_ANALYST, HW_PERM_NAME_SEARCH));
	assert_false(hw_role_can(HW_ROLE_REGISTRAR, HW_PERM_PERSON_READ_HEALTH));
	assert_false(hw_role_can(HW_ROLE_VERIFIER, HW_PERM_PERSON_READ_HEALTH));
}

/* The table as docs/security.md shows it (a markdown table). */
static void table_markdown(char *out, size_t size)
{
	size_t n = 0;
	int pi, ri;

	n += (size_t)snprintf(out + n, size - n, "| permission |");
	for (ri = 0; ri < HW_ROLE__COUNT; ri++)
		n += (size_t)snprintf(out + n, size - n, " %s |", hw_role_name((enum hw_role)ri));
	n += (size_t)snprintf(out + n, size - n, "\n|---|");
	for (ri = 0; ri < HW_ROLE__COUNT; ri++)
		n += (size_t)snprintf(out + n, size - n, ":-:|");
	for (pi = 0; pi < HW_PERM__COUNT; pi++) {
		n += (size_t)snprintf(out + n, size - n, "\n| `%s` |",
				      hw_perm_name((enum hw_perm)pi));
		for (ri = 0; ri < HW_ROLE__COUNT; ri++)
			n += (size_t)snprintf(out + n, size - n, " %s |",
					      hw_role_can((enum hw_role)ri, (enum hw_perm)pi) ? "yes"
											       : "-");
	}
	snprintf(out + n, size - n, "\n");
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void test_docs_show_the_table(void **state)
{
	char table[8192], path[4096];
	const char *src = getenv("HOMEWARD_SOURCE_DIR");
	const char *slash = strrchr(__FILE__, '/');
	char *doc;

	(void)state;
	table_markdown(table, sizeof(table));
	if (src)
		snprintf(path, sizeof(path), "%s/docs/security.md", src);
	else
		snprintf(path, sizeof(path), "%.*s/../../docs/security.md",
			 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	doc = slurp(path);
	if (!doc)
		fail_msg("cannot read %s (set HOMEWARD_SOURCE_DIR)", path);
	if (!strstr(doc, table))
		fail_msg("docs/security.md does not show the permission table of the code; "
			 "it should hold:\n%s", table);
	free(doc);
}

/* ---- names and passwords ------------------------------------------------ */

static void test_name_rules(void **state)
{
	struct hw_error e;

	(void)state;
	assert_int_equal(hw_auth_check_name("alice", NULL), HW_OK);
	assert_int_equal(hw_auth_check_name("o.kovalenko-2_b", NULL), HW_OK);
	assert_int_equal(hw_auth_check_name("ab", NULL), HW_OK);
	assert_int_equal(hw_auth_check_name("a", &e), HW_INVALID);
	assert_string_equal(e.field, "name");
	assert_int_equal(hw_auth_check_name("", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_name(NULL, NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_name("Alice", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_name("1alice", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_name("al ice", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_name("cli:root", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_name("олена", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_name("abcdefghijklmnopqrstuvwxyz012345", NULL), HW_OK);
	assert_int_equal(hw_auth_check_name("abcdefghijklmnopqrstuvwxyz0123456", NULL),
			 HW_INVALID);
}

static void test_password_rules(void **state)
{
	char big[HW_PASSWORD_MAX_BYTES + 2];
	struct hw_error e;

	(void)state;
	assert_int_equal(hw_auth_check_password("alice", "correct-horse", NULL), HW_OK);
	assert_int_equal(hw_auth_check_password("alice", "12345678901", &e), HW_INVALID);
	assert_string_equal(e.field, "password");
	assert_non_null(strstr(e.message, "at least 12"));
	assert_int_equal(hw_auth_check_password("alice", "123456789012", NULL), HW_OK);
	/* characters, not bytes: 11 Cyrillic letters are 22 bytes and too short */
	assert_int_equal(hw_auth_check_password("alice", "парольпарол", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_password("alice", "парольпароль", NULL), HW_OK);
	/* not the user name, in any case */
	assert_int_equal(hw_auth_check_password("administrator", "administrator", &e), HW_INVALID);
	assert_non_null(strstr(e.message, "user name"));
	assert_int_equal(hw_auth_check_password("administrator", "ADMINISTRATOR", NULL),
			 HW_INVALID);
	assert_int_equal(hw_auth_check_password("alice", "tab\there-is-long", NULL), HW_INVALID);
	assert_int_equal(hw_auth_check_password("alice", "bad-utf8-\xff\xfe-long", NULL),
			 HW_INVALID);
	assert_int_equal(hw_auth_check_password("alice", NULL, NULL), HW_INVALID);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(hw_auth_check_password("alice", big, NULL), HW_INVALID);
	big[HW_PASSWORD_MAX_BYTES] = '\0';
	assert_int_equal(hw_auth_check_password("alice", big, NULL), HW_OK);
}

static void test_generated_passwords(void **state)
{
	char *a = hw_auth_password_generate(), *b = hw_auth_password_generate();
	size_t i;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(strlen(a), HW_PASSWORD_GENERATED_LEN);
	assert_true(HW_PASSWORD_GENERATED_LEN >= 20);
	assert_string_not_equal(a, b);
	for (i = 0; a[i]; i++)
		assert_null(strchr("0O1lI", a[i]));
	assert_int_equal(hw_auth_check_password("alice", a, NULL), HW_OK);
	hw_auth_secret_free(a);
	hw_auth_secret_free(b);
	hw_auth_secret_free(NULL);
}

/* ---- users in a database ------------------------------------------------- */

struct fixture {
	struct tmpdb db;
	struct hw_auth_policy policy;
};

static int setup(void **state)
{
	struct fixture *f;

	if (tmpdb_setup(state, sizeof(struct fixture)))
		return -1;
	f = *state;
	hw_auth_policy_default(&f->policy);
	if (hw_auth_user_add(f->db.st, "admin", HW_ROLE_ADMIN, "admin-password-1", NULL, &cli,
			     T0, NULL) ||
	    hw_auth_user_add(f->db.st, "alice", HW_ROLE_REGISTRAR, "alice-password-1", NULL,
			     &cli, T0, NULL))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	return tmpdb_teardown(state);
}

/* A text column of the first row of `sql`, copied (or NULL). */
static char *query_text(struct fixture *f, const char *sql)
{
	sqlite3_stmt *s;
	sqlite3 *db;
	char *out = NULL;

	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return out;
}

static int contains(const char *buf, size_t len, const char *needle, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(buf + i, needle, n))
			return 1;
	return 0;
}

/* 1 when `needle` occurs in the database file or its WAL. */
static int in_files(struct fixture *f, const char *needle)
{
	char path[160], *buf;
	const char *suffix[] = { "", "-wal" };
	size_t i, n = strlen(needle);
	long len;
	FILE *fp;
	int found = 0;

	for (i = 0; i < 2 && !found; i++) {
		snprintf(path, sizeof(path), "%s%s", f->db.path, suffix[i]);
		if (!(fp = fopen(path, "rb")))
			continue;
		fseek(fp, 0, SEEK_END);
		len = ftell(fp);
		rewind(fp);
		buf = malloc((size_t)len + 1);
		assert_non_null(buf);
		assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
		fclose(fp);
		found = contains(buf, (size_t)len, needle, n);
		free(buf);
	}
	return found;
}

static void test_user_add_hashes(void **state)
{
	struct fixture *f = *state;
	struct hw_user u;
	struct hw_error e;
	char *hash;

	hash = query_text(f, "SELECT password_hash FROM users WHERE name = 'alice'");
	assert_non_null(hash);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_non_null(strstr(hash, "m=65536,t=2")); /* at least INTERACTIVE */
	assert_null(strstr(hash, "alice-password-1"));
	free(hash);
	assert_false(in_files(f, "alice-password-1"));
	/* the same password, a different salt */
	assert_int_equal(hw_auth_user_add(f->db.st, "bob", HW_ROLE_MEDICAL, "alice-password-1",
					  NULL, &cli, T0, NULL), HW_OK);
	hash = query_text(f, "SELECT count(DISTINCT password_hash) FROM users "
			     "WHERE name IN ('alice', 'bob')");
	assert_string_equal(hash, "2");
	free(hash);

	hw_user_init(&u);
	assert_int_equal(hw_auth_user_get(f->db.st, "alice", &u, NULL), HW_OK);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.role, HW_ROLE_REGISTRAR);
	assert_false(u.disabled);
	assert_int_equal(u.created_at, T0);
	hw_user_release(&u);

	assert_int_equal(hw_auth_user_add(f->db.st, "alice", HW_ROLE_ANALYST, "another-password",
					  NULL, &cli, T0, &e), HW_CONFLICT);
	assert_int_equal(hw_auth_user_add(f->db.st, "carol", HW_ROLE_ANALYST, "short", NULL,
					  &cli, T0, &e), HW_INVALID);
	assert_int_equal(hw_auth_user_add(f->db.st, "carol", HW_ROLE_ANALYST, "carol", NULL,
					  &cli, T0, &e), HW_INVALID);
	assert_int_equal(hw_auth_user_add(f->db.st, "Carol", HW_ROLE_ANALYST, "carol-password",
					  NULL, &cli, T0, &e), HW_INVALID);
	assert_int_equal(hw_auth_user_get(f->db.st, "carol", &u, &e), HW_NOT_FOUND);
	/* the audit trail has the additions, never a password */
	hash = query_text(f, "SELECT group_concat(action || ':' || object_id, ' ') FROM audit");
	assert_string_equal(hash, "user.add:admin user.add:alice user.add:bob");
	free(hash);
	hash = query_text(f, "SELECT count(*) FROM audit WHERE after LIKE '%password-1%' "
			     "OR after LIKE '%argon%'");
	assert_string_equal(hash, "0");
	free(hash);
}

static void test_user_add_generated(void **state)
{
	struct fixture *f = *state;
	char *pw = NULL, token[HW_TOKEN_SIZE];

	assert_int_equal(hw_auth_user_add(f->db.st, "carol", HW_ROLE_VERIFIER, NULL, &pw, &cli,
					  T0, NULL), HW_OK);
	assert_non_null(pw);
	assert_int_equal(strlen(pw), HW_PASSWORD_GENERATED_LEN);
	assert_false(in_files(f, pw));
	assert_int_equal(hw_auth_login(f->db.st, "carol", pw, &from_a, NULL, T0, token, NULL,
				       NULL), HW_OK);
	hw_auth_secret_free(pw);
}

static int count_user(void *ctx, const struct hw_user *u)
{
	(*(int *)ctx)++;
	return u->disabled;
}

static void test_user_list(void **state)
{
	struct fixture *f = *state;
	int n = 0;

	assert_int_equal(hw_auth_user_each(f->db.st, count_user, &n, NULL), HW_OK);
	assert_int_equal(n, 2);
}

/* ---- sessions ------------------------------------------------------------ */

static void login_ok(struct fixture *f, const char *name, const char *pw,
		     const struct hw_actor *who, int64_t now, char token[HW_TOKEN_SIZE])
{
	struct hw_error e;

	hw_error_clear(&e);
	if (hw_auth_login(f->db.st, name, pw, who, &f->policy, now, token, NULL, &e))
		fail_msg("login of %s at +%lld refused: %s", name, (long long)(now - T0),
			 e.message);
}

static enum hw_err check(struct fixture *f, const char *token, int64_t now)
{
	struct hw_session s;

	return hw_auth_session_check(f->db.st, token, &f->policy, now, &s, NULL);
}

static void test_login_and_check(void **state)
{
	struct fixture *f = *state;
	struct hw_session s;
	char token[HW_TOKEN_SIZE], *n;
	size_t i;

	assert_int_equal(hw_auth_login(f->db.st, "alice", "alice-password-1", &from_a,
				       &f->policy, T0, token, &s, NULL), HW_OK);
	assert_int_equal(strlen(token), 43); /* 256 bits in base64url */
	for (i = 0; token[i]; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789-_", token[i]));
	assert_string_equal(s.user, "alice");
	assert_int_equal(s.role, HW_ROLE_REGISTRAR);
	assert_int_equal(s.expires_at, T0 + 12 * HOUR);
	assert_int_equal(s.idle_expires_at, T0 + 30 * MIN);
	memset(&s, 0, sizeof(s));
	assert_int_equal(hw_auth_session_check(f->db.st, token, &f->policy, T0 + 5 * MIN, &s,
					       NULL), HW_OK);
	assert_string_equal(s.user, "alice");
	assert_int_equal(s.role, HW_ROLE_REGISTRAR);
	assert_int_equal(s.idle_expires_at, T0 + 35 * MIN);
	/* stored hashed only */
	assert_false(in_files(f, token));
	n = query_text(f, "SELECT count(*) FROM sessions WHERE length(token_hash) = 32");
	assert_string_equal(n, "1");
	free(n);
	/* not tokens */
	assert_int_equal(check(f, "", T0), HW_UNAUTHORIZED);
	assert_int_equal(check(f, NULL, T0), HW_UNAUTHORIZED);
	assert_int_equal(check(f, "not a token", T0), HW_UNAUTHORIZED);
	token[5] = token[5] == 'A' ? 'B' : 'A';
	assert_int_equal(check(f, token, T0), HW_UNAUTHORIZED);
	/* two logins, two sessions */
	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	n = query_text(f, "SELECT count(*) FROM sessions");
	assert_string_equal(n, "2");
	free(n);
}

static void test_idle_expiry(void **state)
{
	struct fixture *f = *state;
	char token[HW_TOKEN_SIZE];

	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	assert_int_equal(check(f, token, T0 + 29 * MIN), HW_OK);        /* refreshed */
	assert_int_equal(check(f, token, T0 + 58 * MIN), HW_OK);        /* 29 min idle */
	assert_int_equal(check(f, token, T0 + 88 * MIN), HW_UNAUTHORIZED); /* 30 min idle */
}

static void test_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	char token[HW_TOKEN_SIZE];
	int64_t t;

	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	for (t = T0 + 20 * MIN; t < T0 + 12 * HOUR; t += 20 * MIN)
		assert_int_equal(check(f, token, t), HW_OK);
	assert_int_equal(check(f, token, T0 + 12 * HOUR - 1), HW_OK);
	assert_int_equal(check(f, token, T0 + 12 * HOUR), HW_UNAUTHORIZED);
	/* a shorter policy */
	f->policy.absolute_timeout = HOUR;
	f->policy.idle_timeout = 10 * MIN;
	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	assert_int_equal(check(f, token, T0 + 9 * MIN), HW_OK);
	assert_int_equal(check(f, token, T0 + 29 * MIN), HW_UNAUTHORIZED);
}

static void test_logout(void **state)
{
	struct fixture *f = *state;
	char token[HW_TOKEN_SIZE], other[HW_TOKEN_SIZE];

	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	login_ok(f, "alice", "alice-password-1", &from_b, T0, other);
	assert_int_equal(hw_auth_logout(f->db.st, token, &from_a, T0 + MIN, NULL), HW_OK);
	assert_int_equal(check(f, token, T0 + MIN), HW_UNAUTHORIZED);
	assert_int_equal(check(f, other, T0 + MIN), HW_OK); /* the other session lives */
	assert_int_equal(hw_auth_logout(f->db.st, token, &from_a, T0 + MIN, NULL),
			 HW_UNAUTHORIZED);
	assert_int_equal(hw_auth_logout(f->db.st, "junk", &from_a, T0 + MIN, NULL),
			 HW_UNAUTHORIZED);
	assert_int_equal(hw_auth_purge(f->db.st, &f->policy, T0 + 2 * MIN, NULL), HW_OK);
	assert_int_equal(check(f, other, T0 + 2 * MIN), HW_OK);
}

static void test_disable_revokes(void **state)
{
	struct fixture *f = *state;
	char token[HW_TOKEN_SIZE];
	struct hw_error e;
	struct hw_user u;

	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	assert_int_equal(hw_auth_user_disable(f->db.st, "alice", &cli, T0 + MIN, NULL), HW_OK);
	assert_int_equal(check(f, token, T0 + MIN), HW_UNAUTHORIZED);
	hw_error_clear(&e);
	assert_int_equal(hw_auth_login(f->db.st, "alice", "alice-password-1", &from_a,
				       &f->policy, T0 + 2 * MIN, token, NULL, &e), HW_UNAUTHORIZED);
	assert_string_equal(e.message, "invalid user name or password");
	assert_string_equal(token, "");
	hw_user_init(&u);
	assert_int_equal(hw_auth_user_get(f->db.st, "alice", &u, NULL), HW_OK);
	assert_true(u.disabled);
	assert_int_equal(u.disabled_at, T0 + MIN);
	hw_user_release(&u);
	/* again: nothing changes */
	assert_int_equal(hw_auth_user_disable(f->db.st, "alice", &cli, T0 + 3 * MIN, NULL), HW_OK);
	assert_int_equal(hw_auth_user_disable(f->db.st, "nobody", &cli, T0, NULL), HW_NOT_FOUND);
	/* the last admin stays */
	assert_int_equal(hw_auth_user_disable(f->db.st, "admin", &cli, T0, &e), HW_REFUSED);
	assert_non_null(strstr(e.message, "last enabled admin"));
	assert_int_equal(hw_auth_user_add(f->db.st, "admin2", HW_ROLE_ADMIN, "admin2-password",
					  NULL, &cli, T0, NULL), HW_OK);
	assert_int_equal(hw_auth_user_disable(f->db.st, "admin", &cli, T0, NULL), HW_OK);
	assert_int_equal(hw_auth_user_disable(f->db.st, "admin2", &cli, T0, NULL), HW_REFUSED);
}

static void test_passwd_revokes(void **state)
{
	struct fixture *f = *state;
	char token[HW_TOKEN_SIZE], *pw = NULL;

	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	assert_int_equal(hw_auth_user_passwd(f->db.st, "alice", "alice-password-2", NULL, &cli,
					     T0 + MIN, NULL), HW_OK);
	assert_int_equal(check(f, token, T0 + MIN), HW_UNAUTHORIZED);
	assert_int_equal(hw_auth_login(f->db.st, "alice", "alice-password-1", &from_a,
				       &f->policy, T0 + MIN, token, NULL, NULL), HW_UNAUTHORIZED);
	login_ok(f, "alice", "alice-password-2", &from_a, T0 + MIN, token);
	assert_int_equal(hw_auth_user_passwd(f->db.st, "alice", NULL, &pw, &cli, T0 + 2 * MIN,
					     NULL), HW_OK);
	assert_non_null(pw);
	login_ok(f, "alice", pw, &from_a, T0 + 2 * MIN, token);
	hw_auth_secret_free(pw);
	assert_int_equal(hw_auth_user_passwd(f->db.st, "alice", "alice", NULL, &cli, T0, NULL),
			 HW_INVALID);
	assert_int_equal(hw_auth_user_passwd(f->db.st, "nobody", "nobody-password", NULL, &cli,
					     T0, NULL), HW_NOT_FOUND);
}

/* ---- failed logins ------------------------------------------------------- */

static enum hw_err try_login(struct fixture *f, const char *name, const char *pw,
			     const struct hw_actor *who, int64_t now, struct hw_error *e)
{
	char token[HW_TOKEN_SIZE];

	hw_error_clear(e);
	return hw_auth_login(f->db.st, name, pw, who, &f->policy, now, token, NULL, e);
}

static void test_unknown_user_like_wrong_password(void **state)
{
	struct fixture *f = *state;
	struct hw_error a, b;

	assert_int_equal(try_login(f, "alice", "wrong-password", &from_a, T0, &a),
			 HW_UNAUTHORIZED);
	assert_int_equal(try_login(f, "nobody", "wrong-password", &from_b, T0, &b),
			 HW_UNAUTHORIZED);
	assert_string_equal(a.message, b.message);
	assert_string_equal(a.field, b.field);
	assert_int_equal(try_login(f, "", "", &from_b, T0, &b), HW_UNAUTHORIZED);
	assert_string_equal(a.message, b.message);
	/* throttled alike too */
	f->policy.max_failures_user = 2;
	assert_int_equal(try_login(f, "alice", "wrong-password", &from_a, T0, &a),
			 HW_UNAUTHORIZED);
	assert_int_equal(try_login(f, "nobody", "wrong-password", &from_b, T0, &b),
			 HW_UNAUTHORIZED);
	assert_int_equal(try_login(f, "alice", "wrong-password", &from_a, T0, &a), HW_THROTTLED);
	assert_int_equal(try_login(f, "nobody", "wrong-password", &from_b, T0, &b), HW_THROTTLED);
	assert_string_equal(a.message, b.message);
}

static void test_throttle_per_user(void **state)
{
	struct fixture *f = *state;
	struct hw_error e;
	char *n;
	int i;

	for (i = 0; i < 5; i++)
		assert_int_equal(try_login(f, "alice", "wrong-password", i % 2 ? &from_a : &from_b,
					   T0 + i * MIN, &e), HW_UNAUTHORIZED);
	/* the sixth is refused, even with the right password, from anywhere */
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_a, T0 + 5 * MIN, &e),
			 HW_THROTTLED);
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_b, T0 + 18 * MIN, &e),
			 HW_THROTTLED);
	/* other users are not concerned */
	assert_int_equal(try_login(f, "admin", "admin-password-1", &from_a, T0 + 5 * MIN, &e),
			 HW_OK);
	/* 15 minutes after the last failure (at +4 min) */
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_a, T0 + 19 * MIN - 1,
				   &e), HW_THROTTLED);
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_a, T0 + 19 * MIN, &e),
			 HW_OK);
	/* success cleared alice's count: four more failures do not lock */
	for (i = 0; i < 4; i++)
		assert_int_equal(try_login(f, "alice", "wrong-password", &from_a,
					   T0 + 20 * MIN, &e), HW_UNAUTHORIZED);
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_a, T0 + 20 * MIN, &e),
			 HW_OK);
	/* failures spread wider than the window never lock */
	for (i = 0; i < 8; i++)
		assert_int_equal(try_login(f, "alice", "wrong-password", &from_b,
					   T0 + HOUR + i * 4 * MIN, &e), HW_UNAUTHORIZED);
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_b, T0 + 2 * HOUR, &e),
			 HW_OK);
	n = query_text(f, "SELECT count(*) FROM audit WHERE action = 'session.login' "
			     "AND outcome = 'denied'");
	assert_string_equal(n, "20"); /* 5 + 3 throttled + 4 + 8 */
	free(n);
}

static void test_throttle_per_address(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "u1", "u2", "u3", "u4", "u5", "u6" };
	struct hw_error e;
	int i;

	f->policy.max_failures_address = 5;
	/* four failures of other names from address A */
	for (i = 0; i < 4; i++)
		assert_int_equal(try_login(f, names[i], "wrong-password", &from_a, T0, &e),
				 HW_UNAUTHORIZED);
	/* alice logs in from A: that clears alice's failures, not A's */
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_a, T0, &e), HW_OK);
	assert_int_equal(try_login(f, names[4], "wrong-password", &from_a, T0 + MIN, &e),
			 HW_UNAUTHORIZED);
	/* five failures from A: A is locked for everyone, B is not */
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_a, T0 + 2 * MIN, &e),
			 HW_THROTTLED);
	assert_int_equal(try_login(f, "admin", "admin-password-1", &from_a, T0 + 2 * MIN, &e),
			 HW_THROTTLED);
	assert_int_equal(try_login(f, "alice", "alice-password-1", &from_b, T0 + 2 * MIN, &e),
			 HW_OK);
	/* until 15 minutes after the last failure */
	assert_int_equal(try_login(f, "admin", "admin-password-1", &from_a, T0 + 16 * MIN, &e),
			 HW_OK);
	/* the default limit per address is higher than per user */
	hw_auth_policy_default(&f->policy);
	assert_true(f->policy.max_failures_address >= f->policy.max_failures_user);
	assert_int_equal(f->policy.max_failures_user, 5);
	assert_int_equal(f->policy.failure_window, 15 * MIN);
	assert_int_equal(f->policy.lockout, 15 * MIN);
	(void)names[5];
}

/* The counts live in the database: another connection (another process
 * or thread of the server) sees the same lockout. */
static void test_throttle_across_handles(void **state)
{
	struct fixture *f = *state;
	char token[HW_TOKEN_SIZE];
	struct hw_store *other = NULL;
	struct hw_error e;
	int i;

	assert_int_equal(hw_store_open(&other, f->db.path, 0, NULL), HW_OK);
	for (i = 0; i < 5; i++)
		assert_int_equal(try_login(f, "alice", "wrong-password", &from_a, T0, &e),
				 HW_UNAUTHORIZED);
	assert_int_equal(hw_auth_login(other, "alice", "alice-password-1", &from_b, &f->policy,
				       T0 + MIN, token, NULL, &e), HW_THROTTLED);
	assert_string_equal(token, "");
	/* and a session opened on one is valid on the other */
	login_ok(f, "admin", "admin-password-1", &from_a, T0, token);
	assert_int_equal(hw_auth_session_check(other, token, &f->policy, T0 + MIN, NULL, NULL),
			 HW_OK);
	hw_store_close(other);
}

/* Every change above leaves an intact audit chain. */
static void test_audit_chain_of_logins(void **state)
{
	struct fixture *f = *state;
	struct hw_audit_verdict v;
	char token[HW_TOKEN_SIZE], *n;
	struct hw_error e;

	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	assert_int_equal(hw_auth_logout(f->db.st, token, &from_a, T0 + 1, NULL), HW_OK);
	assert_int_equal(try_login(f, "nobody", "wrong-password", &from_b, T0 + 2, &e),
			 HW_UNAUTHORIZED);
	assert_int_equal(hw_audit_verify(f->db.st, &v, NULL), HW_OK);
	assert_int_equal(v.flaw, HW_AUDIT_INTACT);
	n = query_text(f, "SELECT group_concat(actor || ' ' || coalesce(address, '-') || ' ' || "
			     "action || ' ' || outcome, '; ') FROM audit WHERE id > 2");
	assert_string_equal(n, "alice 10.0.0.1 session.login ok; alice 10.0.0.1 session.logout "
			       "ok; ? 10.0.0.2 session.login denied");
	free(n);
	/* the name typed for an unknown user is not kept anywhere */
	assert_false(in_files(f, "nobody"));
}

/* A short idle timeout (as `homeward serve --session-idle 2` sets): a
 * session in use is refreshed every second, not once a minute. */
static void test_short_idle_refreshed(void **state)
{
	struct fixture *f = *state;
	char token[HW_TOKEN_SIZE];
	int64_t t;

	f->policy.idle_timeout = 2;
	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	for (t = T0 + 1; t < T0 + 10; t++)
		assert_int_equal(check(f, token, t), HW_OK);
	assert_int_equal(check(f, token, T0 + 9 + 2), HW_UNAUTHORIZED);
	/* the default still writes at most once a minute */
	f->policy.idle_timeout = 30 * MIN;
	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	assert_int_equal(check(f, token, T0 + 30), HW_OK);
	assert_int_equal(check(f, token, T0 + 30 * MIN + 1), HW_UNAUTHORIZED);
}

/* A user changing their own password proves the current one, throttled
 * as a login; the change ends every session and is audited. */
static void test_password_change(void **state)
{
	struct fixture *f = *state;
	const struct hw_actor alice = { "alice", "10.0.0.1" };
	char token[HW_TOKEN_SIZE], *pw = NULL, *n;
	struct hw_error e;
	int i;

	login_ok(f, "alice", "alice-password-1", &from_a, T0, token);
	hw_error_clear(&e);
	assert_int_equal(hw_auth_password_change(f->db.st, "alice", "wrong-password-1",
						 "alice-password-2", NULL, &alice, &f->policy,
						 T0 + 1, &e), HW_FORBIDDEN);
	assert_string_equal(e.field, "current_password");
	assert_int_equal(check(f, token, T0 + 1), HW_OK); /* nothing changed */
	assert_int_equal(hw_auth_password_change(f->db.st, "alice", "alice-password-1",
						 "alice-password-1", NULL, &alice, &f->policy,
						 T0 + 2, &e), HW_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(hw_auth_password_change(f->db.st, "alice", "alice-password-1", "short",
						 NULL, &alice, &f->policy, T0 + 2, &e), HW_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(hw_auth_password_change(f->db.st, "alice", "alice-password-1",
						 "alice-password-2", NULL, &alice, &f->policy,
						 T0 + 3, NULL), HW_OK);
	assert_int_equal(check(f, token, T0 + 3), HW_UNAUTHORIZED);
	login_ok(f, "alice", "alice-password-2", &from_a, T0 + 4, token);
	/* generated */
	assert_int_equal(hw_auth_password_change(f->db.st, "alice", "alice-password-2", NULL, &pw,
						 &alice, &f->policy, T0 + 5, NULL), HW_OK);
	assert_non_null(pw);
	login_ok(f, "alice", pw, &from_a, T0 + 6, token);
	hw_auth_secret_free(pw);
	n = query_text(f, "SELECT group_concat(actor || ' ' || action || ' ' || outcome, '; ') "
			     "FROM audit WHERE action = 'user.passwd'");
	assert_string_equal(n, "alice user.passwd denied; alice user.passwd ok; "
			       "alice user.passwd ok");
	free(n);
	/* guessing is throttled: the failures count with the logins' */
	for (i = 0; i < 5; i++)
		assert_int_equal(hw_auth_password_change(f->db.st, "alice", "guess-password-1",
							 "alice-password-3", NULL, &alice,
							 &f->policy, T0 + 10 + i, NULL),
				 HW_FORBIDDEN);
	assert_int_equal(hw_auth_password_change(f->db.st, "alice", "guess-password-1",
						 "alice-password-3", NULL, &alice, &f->policy,
						 T0 + 20, NULL), HW_THROTTLED);
	assert_int_equal(try_login(f, "alice", "whatever-password", &from_b, T0 + 21, &e),
			 HW_THROTTLED);
	assert_int_equal(hw_auth_password_change(f->db.st, "nobody", "x", NULL, &pw, &alice,
						 &f->policy, T0 + 22, NULL), HW_NOT_FOUND);
	assert_null(pw);
}

/* The JSON of a user, as `user list --format json` and GET /api/v1/users
 * give it: never the password or its hash. */
static void test_user_json(void **state)
{
	struct fixture *f = *state;
	struct hw_user u;
	json_t *j;
	char *s;

	hw_user_init(&u);
	assert_int_equal(hw_auth_user_get(f->db.st, "alice", &u, NULL), HW_OK);
	j = hw_user_to_json(&u);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"created_at\":\"2025-01-01T10:00:00Z\",\"disabled\":false,"
			       "\"disabled_at\":null,\"name\":\"alice\",\"password_changed_at\":"
			       "\"2025-01-01T10:00:00Z\",\"role\":\"registrar\"}");
	free(s);
	json_decref(j);
	hw_user_release(&u);
	assert_int_equal(hw_auth_user_disable(f->db.st, "alice", &cli, T0 + HOUR, NULL), HW_OK);
	assert_int_equal(hw_auth_user_get(f->db.st, "alice", &u, NULL), HW_OK);
	j = hw_user_to_json(&u);
	assert_string_equal(json_string_value(json_object_get(j, "disabled_at")),
			    "2025-01-01T11:00:00Z");
	assert_true(json_is_true(json_object_get(j, "disabled")));
	json_decref(j);
	hw_user_release(&u);
}

/* An audit record and the chain's verdict as JSON. */
static void test_audit_json(void **state)
{
	struct fixture *f = *state;
	struct hw_audit_record r;
	struct hw_audit_verdict v;
	json_t *j;

	memset(&r, 0, sizeof(r));
	r.at = T0;
	r.actor = "alice";
	r.address = "10.0.0.1";
	r.action = "person.update";
	r.object_type = "person";
	r.object_id = "HW-000007";
	r.person_id = 7;
	r.before = "{\"unit\":\"A1\"}";
	r.outcome = HW_AUDIT_OK;
	assert_int_equal(hw_audit_append(f->db.st, &r, NULL), HW_OK);
	j = hw_audit_record_to_json(&r);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "at")), "2025-01-01T10:00:00Z");
	assert_string_equal(json_string_value(json_object_get(j, "person")), "HW-000007");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "before"),
							      "unit")), "A1");
	assert_true(json_is_null(json_object_get(j, "after")));
	assert_string_equal(json_string_value(json_object_get(j, "outcome")), "ok");
	assert_int_equal(strlen(json_string_value(json_object_get(j, "hash"))), 64);
	json_decref(j);
	assert_int_equal(hw_audit_verify(f->db.st, &v, NULL), HW_OK);
	j = hw_audit_verdict_to_json(&v);
	assert_true(json_is_true(json_object_get(j, "intact")));
	assert_string_equal(json_string_value(json_object_get(j, "flaw")), "intact");
	assert_true(json_is_null(json_object_get(j, "bad_id")));
	assert_int_equal(json_integer_value(json_object_get(j, "records")), v.records);
	json_decref(j);
	v.flaw = HW_AUDIT_ALTERED;
	v.bad_id = 2;
	j = hw_audit_verdict_to_json(&v);
	assert_true(json_is_false(json_object_get(j, "intact")));
	assert_string_equal(json_string_value(json_object_get(j, "flaw")), "altered");
	assert_int_equal(json_integer_value(json_object_get(j, "bad_id")), 2);
	json_decref(j);
	assert_string_equal(hw_audit_flaw_name(HW_AUDIT_INSERTED), "inserted");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permission_table),
		cmocka_unit_test(test_analyst_and_health_rules),
		cmocka_unit_test(test_docs_show_the_table),
		cmocka_unit_test(test_name_rules),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_generated_passwords),
		cmocka_unit_test_setup_teardown(test_user_add_hashes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_add_generated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_and_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable_revokes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passwd_revokes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_user_like_wrong_password, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_throttle_per_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_per_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_across_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain_of_logins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_idle_refreshed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
