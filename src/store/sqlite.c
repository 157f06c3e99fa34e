/*
 * sqlite.c - the SQLite back end: opening a database, migrations,
 * transactions, the statement cache and the small helpers the other files
 * of the back end share.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "homeward/alloc.h"
#include "store/sqlite_int.h"
#include "core/banned.h"

static const char *const stmt_sql[STMT__COUNT] = {
#define X(e, sql) sql,
	STORE_STMT_MAP(X)
#undef X
};

int hw_store_schema_latest(void)
{
	return store_migration_count();
}

enum hw_err store_fail(struct hw_store *st, struct hw_error *err, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);

	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return hw_error_set(err, HW_CONFLICT, "%s: %s", what, msg);
	if ((code & 0xff) == SQLITE_INTERRUPT && st->deadline_ms)
		return hw_error_set(err, HW_TIMEOUT, "%s: the time limit of the request was reached",
				    what);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return hw_error_set(err, HW_STORE, "%s: the database is busy (another writer)", what);
	return hw_error_set(err, HW_STORE, "%s: %s", what, msg);
}

sqlite3_stmt *store_stmt(struct hw_store *st, enum store_stmt id, struct hw_error *err)
{
	sqlite3_stmt *s = st->stmts[id];

	if (!s) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s,
				       NULL) != SQLITE_OK) {
			store_fail(st, err, "preparing a statement");
			return NULL;
		}
		st->stmts[id] = s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

sqlite3_stmt *store_stmt_fresh(struct hw_store *st, enum store_stmt id, struct hw_error *err)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(st->db, stmt_sql[id], -1, &s, NULL) != SQLITE_OK) {
		store_fail(st, err, "preparing a statement");
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

/* Stops the statement running on the handle once its deadline passed. */
static int past_deadline(void *arg)
{
	struct hw_store *st = arg;

	return st->deadline_ms && hw_store_clock_ms() >= st->deadline_ms;
}

int64_t hw_store_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void hw_store_set_deadline(struct hw_store *st, int64_t deadline_ms)
{
	st->deadline_ms = deadline_ms;
	/* checked every 1000 virtual machine steps: a few microseconds */
	sqlite3_progress_handler(st->db, deadline_ms ? 1000 : 0, deadline_ms ? past_deadline : NULL,
				 st);
}

/* Undoing is never interrupted: a rollback that stopped half way would
 * leave the transaction open. */
static int is_unwind(enum store_stmt id)
{
	return id == STMT_ROLLBACK || id == STMT_ROLLBACK_TO || id == STMT_RELEASE;
}

enum hw_err store_exec(struct hw_store *st, enum store_stmt id, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, id, err);
	int64_t deadline = st->deadline_ms;
	int rc;

	if (!s)
		return HW_STORE;
	if (deadline && is_unwind(id))
		sqlite3_progress_handler(st->db, 0, NULL, NULL);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (deadline && is_unwind(id))
		hw_store_set_deadline(st, deadline);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, "executing a statement");
	return HW_OK;
}

enum hw_err store_exec_id(struct hw_store *st, enum store_stmt stmt, int64_t id,
			  struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, stmt, err);
	int rc;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, "executing a statement");
	return HW_OK;
}

int store_bind_text(sqlite3_stmt *s, int col, const char *text)
{
	if (!text || !*text)
		return sqlite3_bind_null(s, col);
	return sqlite3_bind_text(s, col, text, -1, SQLITE_STATIC);
}

int store_bind_date(sqlite3_stmt *s, int col, const struct hw_date *d)
{
	char buf[HW_DATE_STR_MAX];

	if (!hw_date_is_known(d))
		return sqlite3_bind_null(s, col);
	hw_date_format(d, buf);
	return sqlite3_bind_text(s, col, buf, -1, SQLITE_TRANSIENT);
}

int store_bind_code(sqlite3_stmt *s, int col, const struct hw_vocab *v, int value)
{
	return store_bind_text(s, col, hw_vocab_code(v, value));
}

int store_bind_id(sqlite3_stmt *s, int col, int64_t id)
{
	if (id <= 0)
		return sqlite3_bind_null(s, col);
	return sqlite3_bind_int64(s, col, id);
}

char *store_col_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? hw_strdup((const char *)t) : NULL;
}

void store_col_date(sqlite3_stmt *s, int col, struct hw_date *d)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	memset(d, 0, sizeof(*d));
	if (t)
		hw_date_parse((const char *)t, d, NULL);
}

int store_col_code(sqlite3_stmt *s, int col, const struct hw_vocab *v)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	int value = 0;

	if (t)
		hw_vocab_parse(v, (const char *)t, &value, NULL);
	return value;
}

void store_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static enum hw_err exec_sql(struct hw_store *st, const char *sql, struct hw_error *err,
			    const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		hw_error_set(err, HW_STORE, "%s: %s", what, msg ? msg : "failed");
		sqlite3_free(msg);
		return HW_STORE;
	}
	return HW_OK;
}

static int pragma_int(struct hw_store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Runs a pragma that answers with text; 1 when the answer is `want`. */
static int pragma_text_is(struct hw_store *st, const char *sql, const char *want)
{
	sqlite3_stmt *s = NULL;
	int same = 0;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		same = !strcmp((const char *)sqlite3_column_text(s, 0), want);
	sqlite3_finalize(s);
	return same;
}

static enum hw_err configure(struct hw_store *st, unsigned flags, struct hw_error *err)
{
	if (exec_sql(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
			 "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32000;",
		     err, "configuring the database"))
		return HW_STORE;
	if (!(flags & HW_STORE_READONLY) &&
	    exec_sql(st, "PRAGMA journal_mode = WAL;", err, "switching to WAL mode"))
		return HW_STORE;
	return HW_OK;
}

static enum hw_err migrate(struct hw_store *st, int max_version, struct hw_error *err)
{
	char sql[96];
	int v;

	for (v = st->version; v < max_version; v++) {
		if (exec_sql(st, "BEGIN IMMEDIATE", err, "starting a migration"))
			return HW_STORE;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; PRAGMA application_id = %d;",
			 v + 1, STORE_APPLICATION_ID);
		if (exec_sql(st, store_migration(v), err, "migrating the schema") ||
		    exec_sql(st, sql, err, "migrating the schema") ||
		    exec_sql(st, "COMMIT", err, "committing a migration")) {
			exec_sql(st, "ROLLBACK", NULL, "");
			hw_error_set(err, HW_STORE, "migrating the schema from version %d to %d "
				     "failed; the database is unchanged at version %d",
				     v, v + 1, v);
			return HW_STORE;
		}
		st->version = v + 1;
	}
	return HW_OK;
}

/* Checks what the file holds before anything is written to it. */
static enum hw_err check_identity(struct hw_store *st, unsigned flags, const char *path,
				  struct hw_error *err)
{
	int app = pragma_int(st, "PRAGMA application_id");
	int tables = pragma_int(st, "SELECT count(*) FROM sqlite_schema");

	st->version = pragma_int(st, "PRAGMA user_version");
	if (app < 0 || tables < 0 || st->version < 0)
		return hw_error_set(err, HW_SCHEMA, "'%s' is not a SQLite database", path);
	if (tables > 0 && app != STORE_APPLICATION_ID)
		return hw_error_set(err, HW_SCHEMA, "'%s' is not a Homeward database", path);
	if (st->version > store_migration_count())
		return hw_error_set(err, HW_SCHEMA,
				    "'%s' has schema version %d, newer than this Homeward "
				    "understands (%d): upgrade Homeward to open it",
				    path, st->version, store_migration_count());
	if ((flags & HW_STORE_CREATE) && st->version > 0)
		return hw_error_set(err, HW_CONFLICT, "'%s' already holds a Homeward database",
				    path);
	if (!(flags & HW_STORE_CREATE) && st->version == 0)
		return hw_error_set(err, HW_SCHEMA, "'%s' holds no Homeward database (run "
				    "'homeward init' first)", path);
	if ((flags & HW_STORE_READONLY) && st->version < store_migration_count())
		return hw_error_set(err, HW_SCHEMA, "'%s' needs a schema upgrade; open it once "
				    "for writing", path);
	return HW_OK;
}

/*
 * SQLite as the store uses it, set once per process before its first
 * connection: without its count of the memory in use, which takes one
 * process-wide mutex around every allocation (and this build of SQLite
 * has no lookaside, so every small allocation is a malloc).  Each handle
 * is opened with SQLITE_OPEN_NOMUTEX: the server lends each request its
 * own.  When something else initialised SQLite first this fails,
 * harmlessly: SQLite then counts, slower but as correct.
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_initialize();
}

enum hw_err store_open_at(struct hw_store **out, const char *path, unsigned flags,
			  int max_version, struct hw_error *err)
{
	struct hw_store *st = NULL;
	struct stat sb;
	int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	enum hw_err rc;

	*out = NULL;
	if (!(flags & HW_STORE_CREATE) && stat(path, &sb) != 0)
		return hw_error_set(err, HW_NOT_FOUND, "no database at '%s' (%s; run 'homeward "
				    "init' to create one)", path, strerror(errno));
	/* SQLite would open it for reading only, and fail later with less to say */
	if (!(flags & (HW_STORE_CREATE | HW_STORE_READONLY)) && access(path, R_OK | W_OK) != 0)
		return hw_error_set(err, HW_FORBIDDEN, "cannot open '%s' for writing (%s)", path,
				    strerror(errno));
	pthread_once(&sqlite_once, sqlite_setup);
	st = hw_calloc(1, sizeof(*st));
	if (!st || !(st->path = hw_strdup(path))) {
		hw_free(st);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	oflags |= (flags & HW_STORE_READONLY) ? SQLITE_OPEN_READONLY
					      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		rc = hw_error_set(err, HW_STORE, "cannot open '%s': %s", path,
				  st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	/* what the file holds is checked before anything is written to it */
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	rc = check_identity(st, flags, path, err);
	if (!rc)
		rc = configure(st, flags, err);
	if (!rc && !(flags & HW_STORE_READONLY))
		rc = migrate(st, max_version, err);
	if (rc)
		goto fail;
	*out = st;
	return HW_OK;
fail:
	hw_store_close(st);
	return rc;
}

enum hw_err hw_store_open(struct hw_store **out, const char *path, unsigned flags,
			  struct hw_error *err)
{
	return store_open_at(out, path, flags, store_migration_count(), err);
}

void hw_store_close(struct hw_store *st)
{
	int i;

	if (!st)
		return;
	if (st->in_tx)
		hw_store_rollback(st);
	hw_store_snapshot_end(st);
	for (i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	if (st->bulk_journal)
		exec_sql(st, "PRAGMA journal_mode = WAL", NULL, "");
	sqlite3_close(st->db);
	hw_free(st->pending.v);
	hw_free(st->committed.v);
	hw_free(st->path);
	hw_free(st);
}

int hw_store_schema_version(struct hw_store *st)
{
	return st->version;
}

void hw_store_tune_for_bulk(struct hw_store *st)
{
	exec_sql(st, "PRAGMA cache_size = -1000000", NULL, "");
	/*
	 * In WAL mode a large transaction is written twice: into the WAL at
	 * commit, then into the database by the checkpoint.  A rollback
	 * journal writes new pages once and is as durable (synchronous=FULL,
	 * atomic commit), so a bulk load uses one while it can have the
	 * database to itself; with other connections open the switch fails
	 * harmlessly and the load stays in WAL mode.  hw_store_close()
	 * switches back.
	 */
	if (pragma_text_is(st, "PRAGMA journal_mode = DELETE", "delete"))
		st->bulk_journal = 1;
}

/* ---- the write gate ----------------------------------------------------- */

struct hw_store_gate {
	pthread_mutex_t lock;
};

enum hw_err hw_store_gate_new(struct hw_store_gate **out, struct hw_error *err)
{
	if (!(*out = hw_calloc(1, sizeof(**out))))
		return hw_error_set(err, HW_NOMEM, NULL);
	pthread_mutex_init(&(*out)->lock, NULL);
	return HW_OK;
}

void hw_store_gate_free(struct hw_store_gate *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->lock);
	hw_free(g);
}

void hw_store_set_gate(struct hw_store *st, struct hw_store_gate *g)
{
	st->gate = g;
}

/* Before BEGIN IMMEDIATE: wait for the other writers of this process. */
static void gate_enter(struct hw_store *st)
{
	if (st->gate && !st->gate_held) {
		pthread_mutex_lock(&st->gate->lock);
		st->gate_held = 1;
	}
}

/* After the write transaction ended (committed or rolled back). */
static void gate_leave(struct hw_store *st)
{
	if (st->gate_held) {
		st->gate_held = 0;
		pthread_mutex_unlock(&st->gate->lock);
	}
}

enum hw_err hw_store_begin(struct hw_store *st, struct hw_error *err)
{
	if (st->in_tx || st->in_read)
		return hw_error_set(err, HW_INTERNAL, "a transaction is already open");
	gate_enter(st);
	if (store_exec(st, STMT_BEGIN, err)) {
		gate_leave(st);
		return HW_STORE;
	}
	st->in_tx = 1;
	return HW_OK;
}

/* ---- persons written, for caches ------------------------------------- */

static int ids_push(struct store_ids *ids, int64_t id)
{
	int64_t *v;

	if (ids->n && ids->v[ids->n - 1] == id)
		return 0;
	if (ids->n == ids->cap) {
		v = hw_reallocarray(ids->v, ids->cap ? ids->cap * 2 : 64, sizeof(*v));
		if (!v)
			return -1;
		ids->v = v;
		ids->cap = ids->cap ? ids->cap * 2 : 64;
	}
	ids->v[ids->n++] = id;
	return 0;
}

void store_changed(struct hw_store *st, int64_t id)
{
	/* out of memory: the cache misses this write until it is rebuilt */
	ids_push(&st->pending, id);
}

/* The open transaction committed: what it wrote is reported. */
static void changes_committed(struct hw_store *st)
{
	size_t i;

	for (i = 0; i < st->pending.n; i++)
		ids_push(&st->committed, st->pending.v[i]);
	st->pending.n = 0;
	st->nmarks = 0;
}

static void changes_dropped(struct hw_store *st)
{
	st->pending.n = 0;
	st->nmarks = 0;
}

enum hw_err hw_store_take_changed(struct hw_store *st, int64_t **ids, size_t *n,
				  struct hw_error *err)
{
	*ids = st->committed.v;
	*n = st->committed.n;
	memset(&st->committed, 0, sizeof(st->committed));
	(void)err;
	return HW_OK;
}

enum hw_err hw_store_commit(struct hw_store *st, struct hw_error *err)
{
	if (!st->in_tx)
		return hw_error_set(err, HW_INTERNAL, "no transaction is open");
	if (store_exec(st, STMT_COMMIT, err)) {
		hw_store_rollback(st);
		return HW_STORE;
	}
	st->in_tx = 0;
	st->unit_depth = st->unit_owns_tx = 0;
	gate_leave(st);
	changes_committed(st);
	return HW_OK;
}

void hw_store_rollback(struct hw_store *st)
{
	if (!st->in_tx)
		return;
	store_exec(st, STMT_ROLLBACK, NULL);
	st->in_tx = 0;
	st->unit_depth = st->unit_owns_tx = 0;
	gate_leave(st);
	changes_dropped(st);
}

int hw_store_in_transaction(struct hw_store *st)
{
	return st->in_tx;
}

enum hw_err hw_store_read_begin(struct hw_store *st, struct hw_error *err)
{
	if (st->in_tx || st->in_read)
		return hw_error_set(err, HW_INTERNAL, "a transaction is already open");
	if (store_exec(st, STMT_READ_BEGIN, err))
		return HW_STORE;
	st->in_read = 1;
	return HW_OK;
}

void hw_store_read_end(struct hw_store *st)
{
	if (!st->in_read)
		return;
	st->in_read = 0;
	if (store_exec(st, STMT_COMMIT, NULL))
		store_exec(st, STMT_ROLLBACK, NULL);
}

enum hw_err hw_store_snapshot_begin(struct hw_store *st, struct hw_error *err)
{
	if (st->in_tx || st->in_snapshot)
		return hw_error_set(err, HW_INTERNAL, "a transaction is already open");
	/* a deferred transaction takes its snapshot at its first read */
	if (store_exec(st, STMT_READ_BEGIN, err))
		return HW_STORE;
	if (exec_sql(st, "SELECT count(*) FROM sqlite_schema", err, "starting a snapshot")) {
		store_exec(st, STMT_ROLLBACK, NULL);
		return HW_STORE;
	}
	st->in_snapshot = 1;
	return HW_OK;
}

void hw_store_snapshot_end(struct hw_store *st)
{
	if (!st->in_snapshot)
		return;
	store_exec(st, STMT_ROLLBACK, NULL);
	st->in_snapshot = 0;
}

enum hw_err store_op_begin(struct hw_store *st, struct hw_error *err)
{
	enum hw_err rc;

	if (!st->in_tx)
		gate_enter(st);
	rc = store_exec(st, st->in_tx ? STMT_SAVEPOINT : STMT_BEGIN, err);
	if (rc && !st->in_tx)
		gate_leave(st);
	if (!rc && st->in_tx && st->nmarks < (int)(sizeof(st->marks) / sizeof(st->marks[0])))
		st->marks[st->nmarks++] = st->pending.n;
	return rc;
}

enum hw_err store_op_end(struct hw_store *st, enum hw_err rc, struct hw_error *err)
{
	if (st->in_tx) {
		size_t mark = st->nmarks ? st->marks[--st->nmarks] : st->pending.n;

		if (rc) {
			store_exec(st, STMT_ROLLBACK_TO, NULL);
			store_exec(st, STMT_RELEASE, NULL);
			st->pending.n = mark; /* what the unit wrote is undone */
			return rc;
		}
		return store_exec(st, STMT_RELEASE, err);
	}
	if (rc) {
		store_exec(st, STMT_ROLLBACK, NULL);
		gate_leave(st);
		changes_dropped(st);
		return rc;
	}
	if (store_exec(st, STMT_COMMIT, err)) {
		store_exec(st, STMT_ROLLBACK, NULL);
		gate_leave(st);
		changes_dropped(st);
		return HW_STORE;
	}
	gate_leave(st);
	changes_committed(st);
	return HW_OK;
}

enum hw_err hw_store_unit_begin(struct hw_store *st, struct hw_error *err)
{
	enum hw_err rc;

	if (!st->in_tx) {
		/* the outermost unit is a transaction of its own, so that the
		 * units and single operations inside it nest as savepoints */
		if ((rc = hw_store_begin(st, err)))
			return rc;
		st->unit_depth = 1;
		st->unit_owns_tx = 1;
		return HW_OK;
	}
	if ((rc = store_op_begin(st, err)))
		return rc;
	st->unit_depth++;
	return HW_OK;
}

enum hw_err hw_store_unit_end(struct hw_store *st, enum hw_err rc, struct hw_error *err)
{
	if (st->unit_owns_tx && st->unit_depth == 1) {
		st->unit_depth = 0;
		st->unit_owns_tx = 0;
		if (rc) {
			hw_store_rollback(st);
			return rc;
		}
		return hw_store_commit(st, err);
	}
	if (st->unit_depth > 0)
		st->unit_depth--;
	return store_op_end(st, rc, err);
}
