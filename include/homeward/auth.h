/*
 * homeward/auth.h - roles and permissions, users, passwords, sessions and
 * the throttling of failed logins.
 *
 * Permissions.  HW_PERM_MAP below is the one permission table of the
 * program: every front end asks hw_role_can() and nothing else decides who
 * may do what (docs/security.md shows the same table, and a unit test
 * checks that it does).  Each permission also says whether it reveals
 * names of persons and whether it reveals health details, so that the two
 * rules of the security model are checked against the table itself: the
 * analyst holds no permission that reveals a name, and only medical,
 * coordinator and admin hold one that reveals health.
 *
 * Users.  A user has a name (2 to 32 characters: a lower-case letter, then
 * lower-case letters, digits, '.', '_' or '-'), one role, a password
 * stored as an Argon2id hash (libsodium crypto_pwhash_str, at least the
 * INTERACTIVE limits), and may be disabled; users are never deleted, so
 * that the audit trail keeps naming someone who existed.  A password has
 * at least 12 characters (code points), at most 1024 bytes of UTF-8
 * without control characters, and is not the user name.
 *
 * Sessions.  hw_auth_login() answers with a token of 256 random bits
 * (base64url, 43 characters).  Only its BLAKE2b hash is stored, so a copy
 * of the database does not let anyone in.  A session ends at the first of:
 * idle timeout since its last use, absolute timeout since login, logout,
 * the user's password change, the user's disabling.
 *
 * Throttling.  Failed logins are counted in the database (so the limit
 * holds across processes and restarts), per user name as typed and per
 * address.  When the failures of the last `failure_window` seconds reach
 * the limit, further attempts are refused for `lockout` seconds after the
 * last failure, whatever the password.  Unknown user, wrong password and
 * disabled user give the same answer (HW_UNAUTHORIZED "invalid user name
 * or password") after the same work (an Argon2 verification against a
 * dummy hash for an unknown name); a throttled attempt is HW_THROTTLED for
 * known and unknown names alike.  A successful login clears the failures
 * of that user name only: failures of other names from the same address
 * still count against the address.
 *
 * Time.  The library never reads the clock: every call that depends on
 * time takes `now` (seconds since the epoch, UTC) from its caller.
 *
 * Audit.  Every change (user added, password changed, user disabled,
 * login, failed or throttled login, logout) appends an audit record
 * (homeward/audit.h) in the same transaction, on behalf of `who`.
 *
 * Thread safety: the functions are safe to call from several threads,
 * each with its own store handle.  libsodium is initialised once
 * (hw_auth_init, called by every function that needs it).
 */
#ifndef HOMEWARD_AUTH_H
#define HOMEWARD_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/audit.h"
#include "homeward/error.h"
#include "homeward/store.h"

/* ---- roles and permissions -------------------------------------------- */

/*   X(ENUM,        "name",        "what the role is for") */
#define HW_ROLE_MAP(X)                                                        \
	X(ADMIN,       "admin",       "users and settings")                   \
	X(COORDINATOR, "coordinator", "exchanges and stages")                 \
	X(REGISTRAR,   "registrar",   "persons and events")                   \
	X(VERIFIER,    "verifier",    "verification of exchange lists")       \
	X(MEDICAL,     "medical",     "health and aftercare")                 \
	X(ANALYST,     "analyst",     "aggregates only, never a name")

enum hw_role {
#define HW_ROLE_ENUM_(e, name, what) HW_ROLE_##e,
	HW_ROLE_MAP(HW_ROLE_ENUM_)
#undef HW_ROLE_ENUM_
	HW_ROLE__COUNT
};

/*
 * The permission table.  Columns: the permission, its name, whether it
 * reveals names of persons (N), whether it reveals health details (H),
 * then one column per role in the order of HW_ROLE_MAP:
 * admin, coordinator, registrar, verifier, medical, analyst.
 *
 *   X(ENUM,               "name",               N, H, ad co re ve me an, "what it allows")
 */
#define HW_PERM_MAP(X)                                                                     \
	X(PERSON_READ,        "person.read",        1, 0, 1, 1, 1, 1, 1, 0,                   \
	  "read a person's record (names, references, history), without health")          \
	X(PERSON_READ_HEALTH, "person.read_health", 1, 1, 1, 1, 0, 0, 1, 0,                   \
	  "read a person's health details and next of kin")                               \
	X(PERSON_WRITE,       "person.write",       1, 0, 0, 0, 1, 0, 0, 0,                   \
	  "add and edit persons, names, references, import")                              \
	X(HEALTH_WRITE,       "health.write",       1, 1, 0, 0, 0, 0, 1, 0,                   \
	  "record health details and aftercare")                                          \
	X(EVENT_WRITE,        "event.write",        1, 0, 0, 0, 1, 0, 0, 0,                   \
	  "append events to a person's history")                                          \
	X(NAME_SEARCH,        "name.search",        1, 0, 1, 1, 1, 1, 1, 0,                   \
	  "search the registry by name")                                                  \
	X(LIST_MATCH,         "list.match",         1, 0, 0, 1, 1, 1, 0, 0,                   \
	  "match a list of names against the registry")                                   \
	X(EXCHANGE_READ,      "exchange.read",      0, 0, 1, 1, 1, 1, 1, 1,                   \
	  "read agreements and stages with their counts (no names)")                      \
	X(LIST_READ,          "list.read",          1, 0, 1, 1, 1, 1, 1, 0,                   \
	  "read the entries of exchange lists (names)")                                   \
	X(EXCHANGE_WRITE,     "exchange.write",     1, 0, 0, 1, 0, 0, 0, 0,                   \
	  "create agreements and stages, upload lists, propose, complete")                \
	X(LIST_VERIFY,        "list.verify",        1, 0, 0, 0, 0, 1, 0, 0,                   \
	  "confirm or reject the entries of exchange lists")                              \
	X(REPORT_READ,        "report.read",        0, 0, 1, 1, 1, 1, 1, 1,                   \
	  "read aggregate reports (no names)")                                            \
	X(USER_ADMIN,         "user.admin",         0, 0, 1, 0, 0, 0, 0, 0,                   \
	  "add, change and disable users")                                                \
	X(SETTINGS_ADMIN,     "settings.admin",     0, 0, 1, 0, 0, 0, 0, 0,                   \
	  "change the settings of the installation")                                      \
	X(AUDIT_READ,         "audit.read",         1, 0, 1, 0, 0, 0, 0, 0,                   \
	  "read and verify the audit trail")

enum hw_perm {
#define HW_PERM_ENUM_(e, name, n, h, ad, co, re, ve, me, an, what) HW_PERM_##e,
	HW_PERM_MAP(HW_PERM_ENUM_)
#undef HW_PERM_ENUM_
	HW_PERM__COUNT
};

/* The stable name of a role ("coordinator"); NULL when out of range. */
const char *hw_role_name(enum hw_role role);
/* What a role is for, as in the table. */
const char *hw_role_description(enum hw_role role);
/* Parses a role name; HW_INVALID (field "role") listing the roles. */
enum hw_err hw_role_parse(const char *s, enum hw_role *out, struct hw_error *err);

/* The stable name of a permission ("person.read"); NULL when out of range. */
const char *hw_perm_name(enum hw_perm perm);
const char *hw_perm_description(enum hw_perm perm);
/* Parses a permission name; HW_INVALID when unknown. */
enum hw_err hw_perm_parse(const char *s, enum hw_perm *out, struct hw_error *err);
/* 1 when the permission reveals names of persons / health details. */
int hw_perm_reveals_names(enum hw_perm perm);
int hw_perm_reveals_health(enum hw_perm perm);

/* 1 when `role` holds `perm`; 0 otherwise, also for values out of range. */
int hw_role_can(enum hw_role role, enum hw_perm perm);

/*
 * As hw_role_can, as an error: HW_OK, or HW_FORBIDDEN naming the role and
 * the permission it lacks.
 */
enum hw_err hw_auth_require(enum hw_role role, enum hw_perm perm, struct hw_error *err);

/* ---- libsodium -------------------------------------------------------- */

/* Initialises libsodium once per process (thread-safe); HW_INTERNAL when
 * it cannot be initialised.  The other functions call it themselves. */
enum hw_err hw_auth_init(struct hw_error *err);

/* ---- users ------------------------------------------------------------ */

#define HW_USER_NAME_MAX 32
#define HW_PASSWORD_MIN 12           /* code points */
#define HW_PASSWORD_MAX_BYTES 1024
#define HW_PASSWORD_GENERATED_LEN 24 /* of an alphabet of 56: about 139 bits */

struct hw_user {
	int64_t id;
	char *name;
	enum hw_role role;
	int disabled;
	int64_t created_at;          /* seconds since the epoch */
	int64_t password_changed_at;
	int64_t disabled_at;         /* 0 while enabled */
};

void hw_user_init(struct hw_user *u);
void hw_user_release(struct hw_user *u);

/* HW_OK when `name` follows the rules of a user name; HW_INVALID (field
 * "name") saying which rule it breaks. */
enum hw_err hw_auth_check_name(const char *name, struct hw_error *err);
/* HW_OK when `password` may be the password of user `name`; HW_INVALID
 * (field "password") saying which rule it breaks. */
enum hw_err hw_auth_check_password(const char *name, const char *password,
				   struct hw_error *err);

/*
 * A new random password of HW_PASSWORD_GENERATED_LEN characters from an
 * alphabet without look-alikes (no 0/O, 1/l/I).  Returns a heap string
 * for hw_auth_secret_free, or NULL when out of memory.
 */
char *hw_auth_password_generate(void);

/* Wipes and frees a secret (a password or a token); NULL is allowed. */
void hw_auth_secret_free(char *secret);

/*
 * Adds user `name` with `role`.  `password` NULL: a password is generated
 * and handed to the caller in *generated (shown once; free it with
 * hw_auth_secret_free); otherwise *generated is set to NULL (generated
 * may be NULL then).  A name in use is HW_CONFLICT.  Audited as
 * "user.add" (the record never holds the password or its hash).
 */
enum hw_err hw_auth_user_add(struct hw_store *st, const char *name, enum hw_role role,
			     const char *password, char **generated,
			     const struct hw_actor *who, int64_t now, struct hw_error *err);

/*
 * Sets the password of user `name` (NULL: generated, as for user_add) and
 * ends every session of the user.  Audited as "user.passwd".
 */
enum hw_err hw_auth_user_passwd(struct hw_store *st, const char *name, const char *password,
				char **generated, const struct hw_actor *who, int64_t now,
				struct hw_error *err);

/*
 * Disables user `name` and ends every session of the user.  Disabling the
 * last enabled admin is HW_REFUSED (nobody could manage users any more);
 * an already disabled user is HW_OK with nothing changed.  Audited as
 * "user.disable".
 */
enum hw_err hw_auth_user_disable(struct hw_store *st, const char *name,
				 const struct hw_actor *who, int64_t now, struct hw_error *err);

/* Loads user `name` (without its password hash); HW_NOT_FOUND. */
enum hw_err hw_auth_user_get(struct hw_store *st, const char *name, struct hw_user *out,
			     struct hw_error *err);

/* Calls `cb` for every user, by name; the user is borrowed for the call.
 * Return non-zero from `cb` to stop. */
enum hw_err hw_auth_user_each(struct hw_store *st,
			      int (*cb)(void *ctx, const struct hw_user *u), void *ctx,
			      struct hw_error *err);

/* ---- sessions --------------------------------------------------------- */

/* Timeouts and limits; hw_auth_policy_default() gives the defaults, which
 * a NULL policy also means. */
struct hw_auth_policy {
	int64_t idle_timeout;      /* seconds a session lives unused: 30 min */
	int64_t absolute_timeout;  /* seconds a session lives at most: 12 h */
	int max_failures_user;     /* failed logins of one user name: 5 */
	int max_failures_address;  /* failed logins from one address: 20 */
	int64_t failure_window;    /* the failures of this many seconds count: 15 min */
	int64_t lockout;           /* refused this long after the last failure: 15 min */
};

void hw_auth_policy_default(struct hw_auth_policy *p);

/* base64url of 32 random bytes, without padding, and its NUL */
#define HW_TOKEN_LEN 43
#define HW_TOKEN_SIZE (HW_TOKEN_LEN + 1)

/* What a valid session says about its user. */
struct hw_session {
	int64_t user_id;
	char user[HW_USER_NAME_MAX + 1];
	enum hw_role role;
	int64_t created_at;
	int64_t idle_expires_at;   /* after the refresh of hw_auth_session_check */
	int64_t expires_at;        /* absolute */
};

/*
 * Logs `name` in with `password` from `who->address` at `now`: on success
 * writes a new token into `token` (wipe it with sodium_memzero when done)
 * and, when `out` is not NULL, the session.  HW_UNAUTHORIZED for an
 * unknown user, a wrong password or a disabled user, all alike;
 * HW_THROTTLED when the user name or the address is locked out.  A hash
 * made with weaker limits than today's is upgraded on success.
 * `who->actor` is ignored: the record names the user when it exists.
 */
enum hw_err hw_auth_login(struct hw_store *st, const char *name, const char *password,
			  const struct hw_actor *who, const struct hw_auth_policy *policy,
			  int64_t now, char token[HW_TOKEN_SIZE], struct hw_session *out,
			  struct hw_error *err);

/*
 * The session of `token` at `now`: HW_OK with *out filled, and the idle
 * expiry moved to now + idle_timeout (never past the absolute expiry;
 * written at most once a minute, so that checks stay cheap);
 * HW_UNAUTHORIZED when the token is malformed, unknown, expired, revoked,
 * or its user disabled.
 */
enum hw_err hw_auth_session_check(struct hw_store *st, const char *token,
				  const struct hw_auth_policy *policy, int64_t now,
				  struct hw_session *out, struct hw_error *err);

/* Ends the session of `token` (audited as "session.logout");
 * HW_UNAUTHORIZED when it is not a live session. */
enum hw_err hw_auth_logout(struct hw_store *st, const char *token, const struct hw_actor *who,
			   int64_t now, struct hw_error *err);

/*
 * A user changing their own password: verifies `current` (throttled as a
 * login: the failures count against the user name and `who->address`, and
 * once either is locked out the call is HW_THROTTLED whatever `current`),
 * then sets `password` (NULL: generated, as for user_add) and ends every
 * session of the user, as hw_auth_user_passwd.  A wrong `current`, or a
 * disabled user, is HW_FORBIDDEN naming "current_password", counted as a
 * failed login and audited as "user.passwd" denied; a new password equal
 * to the current one is HW_INVALID naming "password"; an unknown user
 * HW_NOT_FOUND.  `policy` NULL: the defaults.
 */
enum hw_err hw_auth_password_change(struct hw_store *st, const char *name, const char *current,
				    const char *password, char **generated,
				    const struct hw_actor *who, const struct hw_auth_policy *policy,
				    int64_t now, struct hw_error *err);

/* Deletes sessions that ended (expired or revoked) before `now` and
 * failed logins that can no longer count (window + lockout); housekeeping. */
enum hw_err hw_auth_purge(struct hw_store *st, const struct hw_auth_policy *policy,
			  int64_t now, struct hw_error *err);

#endif
