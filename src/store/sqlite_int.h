/*
 * sqlite_int.h - internals of the SQLite back end, shared by its files
 * (sqlite.c: connection, migrations, transactions; persons.c; events.c).
 * Nothing outside src/store includes this.
 */
#ifndef HOMEWARD_STORE_SQLITE_INT_H
#define HOMEWARD_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "homeward/store.h"

/* Homeward's SQLite application_id: "HWRD". */
#define STORE_APPLICATION_ID 0x48575244

/* Columns of the exchange ledger's rows, in the order the readers expect. */
#define STORE_EXCHANGE_COLUMNS "id, name, agreed_on, place, mediators, quota_in, quota_out, " \
	"national_number, historic, state, notes, created_at, created_by"
#define STORE_STAGE_COLUMNS "id, exchange_id, number, date, planned_in, planned_out, " \
	"counted_in, counted_out, state, forced, force_reason, completed_at, completed_by"
#define STORE_XENTRY_COLUMNS "id, stage_id, direction, line, full_name, family, given, " \
	"patronymic, birth_date, unit, notes, person_id, proposed_id, decision, score, " \
	"candidates, state, decided_by, decided_at, reason"

/* Users, sessions, failed logins and the audit trail (auth.c). */
#define STORE_USER_COLUMNS "id, name, role, created_at, password_changed_at, disabled_at"
#define STORE_AUDIT_COLUMNS "id, at, actor, address, action, object_type, object_id, " \
	"person_id, before, after, outcome, prev_hash, hash"
#define STORE_AUTH_STMT_MAP(X) \
	X(USER_INSERT, "INSERT INTO users (name, role, password_hash, created_at, " \
		"password_changed_at) VALUES (?1, ?2, ?3, ?4, ?4)") \
	X(USER_GET, "SELECT " STORE_USER_COLUMNS ", password_hash FROM users WHERE name = ?1") \
	X(USER_ALL, "SELECT " STORE_USER_COLUMNS " FROM users ORDER BY name") \
	X(USER_SET_PASSWORD, "UPDATE users SET password_hash = ?2, password_changed_at = ?3 " \
		"WHERE id = ?1") \
	X(USER_DISABLE, "UPDATE users SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL") \
	X(USER_COUNT_ROLE, "SELECT count(*) FROM users WHERE role = ?1 AND disabled_at IS NULL") \
	X(SESSION_INSERT, "INSERT INTO sessions (token_hash, user_id, created_at, " \
		"idle_expires_at, expires_at, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(SESSION_GET, "SELECT s.user_id, u.name, u.role, s.created_at, s.idle_expires_at, " \
		"s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id " \
		"WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND u.disabled_at IS NULL") \
	X(SESSION_TOUCH, "UPDATE sessions SET idle_expires_at = ?2 WHERE token_hash = ?1") \
	X(SESSION_REVOKE, "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 " \
		"AND revoked_at IS NULL") \
	X(SESSION_REVOKE_USER, "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 " \
		"AND revoked_at IS NULL") \
	X(SESSION_PURGE, "DELETE FROM sessions WHERE revoked_at IS NOT NULL " \
		"OR expires_at <= ?1 OR idle_expires_at <= ?1") \
	X(FAILURE_INSERT, "INSERT INTO login_failures (at, user_key, address) VALUES (?1, ?2, ?3)") \
	X(FAILURES_OF_USER, "SELECT count(*), max(at) FROM login_failures " \
		"WHERE user_key = ?1 AND at > ?2") \
	X(FAILURES_OF_ADDRESS, "SELECT count(*), max(at) FROM login_failures " \
		"WHERE address = ?1 AND at > ?2") \
	X(FAILURES_CLEAR_USER, "DELETE FROM login_failures WHERE user_key = ?1") \
	X(FAILURES_PURGE, "DELETE FROM login_failures WHERE at <= ?1") \
	X(AUDIT_HEAD, "SELECT last_id, count, last_hash FROM audit_head WHERE one = 1") \
	X(AUDIT_INSERT, "INSERT INTO audit (" STORE_AUDIT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, " \
		"?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)") \
	X(AUDIT_ALL, "SELECT " STORE_AUDIT_COLUMNS " FROM audit ORDER BY id") \
	X(AUDIT_JOURNAL_GET, "SELECT generation, offset, database_id FROM audit_journal " \
		"WHERE one = 1") \
	X(AUDIT_JOURNAL_SET, "UPDATE audit_journal SET generation = ?1, offset = ?2 " \
		"WHERE one = 1") \
	X(AUDIT_FIND, "SELECT " STORE_AUDIT_COLUMNS " FROM audit WHERE id > ?1 " \
		"AND (?2 IS NULL OR actor = ?2) AND (?3 IS NULL OR person_id = ?3) " \
		"AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at <= ?5) " \
		"AND (?6 IS NULL OR action = ?6) " \
		"AND (?7 IS NULL OR substr(action, 1, length(?7)) = ?7) " \
		"ORDER BY id LIMIT ?8") \
	X(READ_BEGIN, "BEGIN")

/* Every statement, prepared once per handle on first use. */
/* Saves the person's row as it is (the version it replaces) in
 * person_versions: ?1 the person, ?2 when. */
#define PERSON_SNAPSHOT_SQL \
	"INSERT INTO person_versions SELECT id, version, sex, birth_date, " \
	"birth_place, citizenship, category, branch, unit, rank, service_number, held_by, " \
	"captured_on, capture_place, region, health, next_of_kin, notes, " \
	"(SELECT group_concat(tag, ';') FROM (SELECT tag FROM person_tags " \
	"WHERE person_id = ?1 ORDER BY tag)), updated_at, ?2 FROM persons WHERE id = ?1"

#define STORE_STMT_MAP(X) \
	X(BEGIN, "BEGIN IMMEDIATE") \
	X(COMMIT, "COMMIT") \
	X(ROLLBACK, "ROLLBACK") \
	X(SAVEPOINT, "SAVEPOINT hw_op") \
	X(RELEASE, "RELEASE hw_op") \
	X(ROLLBACK_TO, "ROLLBACK TO hw_op") \
	X(SOURCE_INSERT, "INSERT INTO sources (kind, title, date, reliability, recorded_at) " \
		"VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))") \
	X(SOURCE_GET, "SELECT kind, title, date, reliability, recorded_at FROM sources WHERE id = ?1") \
	X(PERSON_INSERT, "INSERT INTO persons (id, version, sex, birth_date, birth_place, " \
		"citizenship, category, branch, unit, rank, service_number, status, held_by, " \
		"captured_on, capture_place, region, health, next_of_kin, notes, created_at, " \
		"updated_at) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, " \
		"?14, ?15, ?16, ?17, ?18, ?19, ?19)") \
	X(PERSON_SNAPSHOT, PERSON_SNAPSHOT_SQL) \
	X(PERSON_SNAPSHOT_IF_STATUS, PERSON_SNAPSHOT_SQL " AND status != ?3") \
	X(PERSON_UPDATE, "UPDATE persons SET version = version + 1, sex = ?2, birth_date = ?3, " \
		"birth_place = ?4, citizenship = ?5, category = ?6, branch = ?7, unit = ?8, " \
		"rank = ?9, service_number = ?10, held_by = ?12, captured_on = ?13, " \
		"capture_place = ?14, region = ?15, health = ?16, next_of_kin = ?17, notes = ?18, " \
		"updated_at = ?19 WHERE id = ?1 AND version = ?20") \
	X(PERSON_GET, "SELECT id, version, sex, birth_date, birth_place, citizenship, category, " \
		"branch, unit, rank, service_number, status, held_by, captured_on, capture_place, " \
		"region, health, next_of_kin, notes, created_at, updated_at FROM persons WHERE id = ?1") \
	X(PERSON_VERSION, "SELECT version FROM persons WHERE id = ?1") \
	X(PERSON_STATUS_SET, "UPDATE persons SET status = ?2, version = version + 1 " \
		"WHERE id = ?1 AND status != ?2") \
	X(PERSON_EXISTS, "SELECT 1 FROM persons WHERE id = ?1") \
	X(NAME_INSERT, "INSERT INTO names (person_id, kind, script, family, given, patronymic, " \
		"source_id, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") \
	X(NAME_SET_KIND, "UPDATE names SET kind = ?2 WHERE id = ?1 AND person_id = ?3") \
	X(NAMES_OF, "SELECT id, kind, script, family, given, patronymic, source_id, recorded_at " \
		"FROM names WHERE person_id = ?1 ORDER BY id") \
	X(NAMES_ALL, "SELECT person_id, id, kind, script, family, given, patronymic, source_id, " \
		"recorded_at FROM names ORDER BY person_id, id") \
	X(NAME_ROWS, "SELECT n.person_id, n.id, n.kind, n.script, n.family, n.given, " \
		"n.patronymic, p.sex, p.birth_date, p.unit, p.status, p.held_by FROM names n " \
		"JOIN persons p ON p.id = n.person_id ORDER BY n.person_id, n.id") \
	X(REF_INSERT, "INSERT INTO external_refs (source, ref, person_id) VALUES (?1, ?2, ?3)") \
	X(REF_FIND, "SELECT person_id FROM external_refs WHERE source = ?1 AND ref = ?2") \
	X(REF_FIND_BARE, "SELECT person_id, source FROM external_refs WHERE ref = ?1 LIMIT 5") \
	X(REFS_OF, "SELECT source, ref FROM external_refs WHERE person_id = ?1 ORDER BY ref, source") \
	X(REFS_ALL, "SELECT person_id, source, ref FROM external_refs ORDER BY person_id, ref, source") \
	X(TAGS_ALL, "SELECT person_id, tag FROM person_tags ORDER BY person_id, tag") \
	X(TAG_INSERT, "INSERT OR IGNORE INTO person_tags (person_id, tag) VALUES (?1, ?2)") \
	X(TAGS_DELETE, "DELETE FROM person_tags WHERE person_id = ?1") \
	X(TAGS_OF, "SELECT tag FROM person_tags WHERE person_id = ?1 ORDER BY tag") \
	X(EVENT_INSERT, "INSERT INTO events (person_id, type, date, status_after, note, " \
		"source_id, stage_id, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " \
		"?7, ?9, ?8)") \
	X(EVENTS_OF, "SELECT id, type, date, status_after, note, source_id, stage_id, " \
		"recorded_at, recorded_by FROM events WHERE person_id = ?1 ORDER BY id") \
	X(EXCHANGE_INSERT, "INSERT INTO exchanges (name, agreed_on, place, mediators, quota_in, " \
		"quota_out, national_number, historic, state, notes, created_at, created_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)") \
	X(EXCHANGE_GET, "SELECT " STORE_EXCHANGE_COLUMNS " FROM exchanges WHERE id = ?1") \
	X(EXCHANGE_BY_NAME, "SELECT id FROM exchanges WHERE name = ?1") \
	X(EXCHANGE_ALL, "SELECT " STORE_EXCHANGE_COLUMNS " FROM exchanges " \
		"ORDER BY agreed_on IS NOT NULL, agreed_on, id") \
	X(EXCHANGE_SET_STATE, "UPDATE exchanges SET state = ?2 WHERE id = ?1") \
	X(STAGE_INSERT, "INSERT INTO stages (exchange_id, number, date, planned_in, planned_out, " \
		"counted_in, counted_out, state, forced, force_reason, completed_at, completed_by) " \
		"VALUES (?1, (SELECT coalesce(max(number), 0) + 1 FROM stages WHERE exchange_id = ?1), " \
		"?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING number") \
	X(STAGE_GET, "SELECT " STORE_STAGE_COLUMNS " FROM stages WHERE id = ?1") \
	X(STAGE_BY_NUMBER, "SELECT id FROM stages WHERE exchange_id = ?1 AND number = ?2") \
	X(STAGES_OF, "SELECT " STORE_STAGE_COLUMNS " FROM stages WHERE exchange_id = ?1 " \
		"ORDER BY number") \
	X(STAGE_UPDATE, "UPDATE stages SET state = ?2, forced = ?3, force_reason = ?4, " \
		"completed_at = ?5, completed_by = ?6, date = ?7 WHERE id = ?1") \
	X(STAGE_CLOSE, "UPDATE list_entries SET open = 0 WHERE stage_id = ?1 AND open = 1") \
	X(XLOG_INSERT, "INSERT INTO exchange_log (exchange_id, stage_id, what, from_state, " \
		"to_state, reason, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") \
	X(XENTRY_INSERT, "INSERT INTO list_entries (stage_id, direction, line, full_name, family, " \
		"given, patronymic, birth_date, unit, notes, person_id, proposed_id, decision, score, " \
		"candidates, state, decided_by, decided_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " \
		"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)") \
	X(XENTRY_GET, "SELECT " STORE_XENTRY_COLUMNS " FROM list_entries WHERE id = ?1") \
	X(XENTRY_BY_LINE, "SELECT id FROM list_entries WHERE stage_id = ?1 AND line = ?2 " \
		"ORDER BY direction LIMIT 2") \
	X(XENTRIES_OF, "SELECT " STORE_XENTRY_COLUMNS " FROM list_entries WHERE stage_id = ?1 " \
		"AND (?2 IS NULL OR direction = ?2) AND (?3 IS NULL OR state = ?3) " \
		"ORDER BY direction, id") \
	X(XENTRY_DECIDE, "UPDATE list_entries SET state = ?2, person_id = ?3, reason = ?4, " \
		"decided_by = ?5, decided_at = ?6 WHERE id = ?1") \
	X(XDECISION_INSERT, "INSERT INTO list_decisions (entry_id, state, person_id, decided_by, " \
		"decided_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(XDECISIONS_OF, "SELECT state, person_id, decided_by, decided_at, reason " \
		"FROM list_decisions WHERE entry_id = ?1 ORDER BY id") \
	X(PERSON_OPEN_ENTRY, "SELECT id FROM list_entries WHERE person_id = ?1 AND open = 1") \
	X(PERSON_XENTRIES, "WITH e AS (SELECT " STORE_XENTRY_COLUMNS " FROM list_entries " \
		"WHERE person_id = ?1 OR (state = 'pending' AND proposed_id = ?1)) " \
		"SELECT e.* FROM e JOIN stages s ON s.id = e.stage_id " \
		"ORDER BY s.date IS NULL, s.date, s.id, e.direction, e.id") \
	X(STAGE_ENTRY_COUNTS, "SELECT direction, state, count(*) FROM list_entries " \
		"WHERE stage_id = ?1 GROUP BY direction, state") \
	X(STAGE_EVENT_COUNTS, "SELECT type, count(*) FROM events WHERE stage_id = ?1 " \
		"AND type IN ('returned', 'handed_over') GROUP BY type") \
	X(PROPOSE_ROWS, "SELECT id, sex, category, health, birth_date, captured_on FROM persons p " \
		"WHERE status = 'captive' AND held_by = ?1 AND NOT EXISTS (SELECT 1 FROM " \
		"list_entries e WHERE e.person_id = p.id AND e.open = 1) ORDER BY id") \
	STORE_AUTH_STMT_MAP(X)

enum store_stmt {
#define X(e, sql) STMT_##e,
	STORE_STMT_MAP(X)
#undef X
	STMT__COUNT
};

struct hw_store {
	sqlite3 *db;
	sqlite3_stmt *stmts[STMT__COUNT];
	int in_tx;
	int version;
	int bulk_journal; /* switched to a rollback journal for a bulk load */
	/* persons written: in the open transaction, and committed not yet taken */
	struct store_ids { int64_t *v; size_t n, cap; } pending, committed;
	size_t marks[32];  /* pending.n at each open unit (savepoint) */
	int nmarks;
	int unit_depth;    /* units open (hw_store_unit_begin) */
	int unit_owns_tx;  /* the outermost unit began the transaction */
	char *path;
	int64_t deadline_ms; /* CLOCK_MONOTONIC; 0: none (hw_store_set_deadline) */
	struct hw_store_gate *gate; /* shared with the process's other handles */
	int gate_held;     /* this handle's write transaction holds the gate */
	int in_read;       /* a read transaction (hw_store_read_begin) is open */
	int in_snapshot;   /* a read snapshot is open (hw_store_snapshot_begin) */
};

/* The prepared statement `id`, reset and unbound, or NULL (error set). */
sqlite3_stmt *store_stmt(struct hw_store *st, enum store_stmt id, struct hw_error *err);

/* A fresh statement of `id` the caller finalizes: for walks whose
 * callbacks may call the store again (the shared one would be reset under
 * them).  NULL with the error set. */
sqlite3_stmt *store_stmt_fresh(struct hw_store *st, enum store_stmt id, struct hw_error *err);

/* Records the connection's last error as HW_STORE (or HW_CONFLICT for a
 * constraint) with `what` as context, and returns the code. */
enum hw_err store_fail(struct hw_store *st, struct hw_error *err, const char *what);

/* Runs a statement that returns no rows. */
enum hw_err store_exec(struct hw_store *st, enum store_stmt id, struct hw_error *err);

/* Runs a statement that returns no rows with ?1 bound to `id`. */
enum hw_err store_exec_id(struct hw_store *st, enum store_stmt stmt, int64_t id,
			  struct hw_error *err);

/* Columns of PERSON_GET, in order; list queries select the same. */
#define STORE_PERSON_COLUMNS "id, version, sex, birth_date, birth_place, citizenship, " \
	"category, branch, unit, rank, service_number, status, held_by, captured_on, " \
	"capture_place, region, health, next_of_kin, notes, created_at, updated_at"

/* persons.c, for list.c: the row of PERSON_GET and one name record. */
void store_read_person_row(sqlite3_stmt *s, struct hw_person *p);
enum hw_err store_read_name(sqlite3_stmt *s, int base, struct hw_person *p,
			    struct hw_error *err);
enum hw_err store_load_details(struct hw_store *st, struct hw_person *p, struct hw_error *err);
/* Moves the primary name record to names[0]. */
void store_primary_first(struct hw_person *p);

/* Notes that person `id` was written in the open transaction or unit. */
void store_changed(struct hw_store *st, int64_t id);

/* Binding helpers: NULL or "" strings bind as NULL. */
int store_bind_text(sqlite3_stmt *s, int col, const char *text);
int store_bind_date(sqlite3_stmt *s, int col, const struct hw_date *d);
int store_bind_code(sqlite3_stmt *s, int col, const struct hw_vocab *v, int value);
int store_bind_id(sqlite3_stmt *s, int col, int64_t id);
/* Column readers; text is copied (NULL for SQL NULL). */
char *store_col_text(sqlite3_stmt *s, int col);
void store_col_date(sqlite3_stmt *s, int col, struct hw_date *d);
int store_col_code(sqlite3_stmt *s, int col, const struct hw_vocab *v);

/* A single-operation transaction: a savepoint when the caller's
 * transaction is open, else a transaction of its own. */
enum hw_err store_op_begin(struct hw_store *st, struct hw_error *err);
enum hw_err store_op_end(struct hw_store *st, enum hw_err rc, struct hw_error *err);

/* The current time as stored: "YYYY-MM-DDTHH:MM:SSZ". */
void store_now(char out[32]);

int store_migration_count(void);
const char *store_migration(int from_version);

/* Test hook: open applying migrations only up to `max_version`. */
enum hw_err store_open_at(struct hw_store **out, const char *path, unsigned flags,
			  int max_version, struct hw_error *err);

#endif
