/*
 * test_audit.c - the audit trail: appending, the canonical hash, the
 * filters of hw_audit_each, and hw_audit_verify naming the first record
 * that was altered, removed or inserted behind the program's back (raw
 * SQL, with the protecting triggers dropped first), and the triggers
 * refusing updates, deletes and out-of-order inserts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "homeward/audit.h"
#include "homeward/store.h"
#include "audit/audit_int.h"
#include "tmpdb.h"

#define T0 1735725600 /* 2025-01-01T10:00:00Z */

static const char drop_triggers[] =
	"DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
	"DROP TRIGGER audit_in_order; DROP TRIGGER audit_advance;"
	"DROP TRIGGER audit_head_forward; DROP TRIGGER audit_head_no_insert;"
	"DROP TRIGGER audit_head_no_delete;";

static int setup(void **state)
{
	return tmpdb_setup(state, sizeof(struct tmpdb));
}

static int teardown(void **state)
{
	return tmpdb_teardown(state);
}

static void append(struct tmpdb *t, int64_t at, const char *actor, const char *action,
		   int64_t person_id, const char *before, const char *after)
{
	struct hw_audit_record r;
	struct hw_error e;

	memset(&r, 0, sizeof(r));
	r.at = at;
	r.actor = actor;
	r.address = "127.0.0.1";
	r.action = action;
	r.object_type = person_id ? "person" : "user";
	r.object_id = person_id ? "HW-000001" : actor;
	r.person_id = person_id;
	r.before = before;
	r.after = after;
	r.outcome = HW_AUDIT_OK;
	hw_error_clear(&e);
	assert_int_equal(hw_audit_append(t->st, &r, &e), HW_OK);
}

/* Ten records: 1..10, person 7 read in 3 and 6, alice and bob. */
static void fill(struct tmpdb *t)
{
	int i;

	for (i = 1; i <= 10; i++)
		append(t, T0 + i * 3600, i % 2 ? "alice" : "bob",
		       i % 3 == 0 ? "person.read" : "person.update", i % 3 == 0 ? 7 : 0,
		       i % 3 == 0 ? NULL : "{\"unit\":\"A\"}", i % 3 == 0 ? NULL : "{\"unit\":\"B\"}");
}

/* Runs SQL on the database file with a connection of its own. */
static int raw(struct tmpdb *t, const char *sql)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void expect_verdict(struct tmpdb *t, enum hw_audit_flaw flaw, int64_t bad_id,
			   const char *words)
{
	struct hw_audit_verdict v;

	assert_int_equal(hw_audit_verify(t->st, &v, NULL), HW_OK);
	if (v.flaw != flaw || v.bad_id != bad_id)
		fail_msg("verdict %d on record %lld (%s), expected %d on %lld", v.flaw,
			 (long long)v.bad_id, v.message, flaw, (long long)bad_id);
	if (words)
		assert_non_null(strstr(v.message, words));
}

static void test_empty_chain_intact(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_verdict v;

	assert_int_equal(hw_audit_verify(t->st, &v, NULL), HW_OK);
	assert_int_equal(v.flaw, HW_AUDIT_INTACT);
	assert_int_equal(v.records, 0);
	assert_true(v.head.present);
	assert_int_equal(v.head.last_id, 0);
}

static void test_append_and_verify(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_verdict v;
	struct hw_audit_record r;
	unsigned char zero[HW_AUDIT_HASH_SIZE] = { 0 }, h[HW_AUDIT_HASH_SIZE], first[32];

	memset(&r, 0, sizeof(r));
	r.at = T0;
	r.actor = "alice";
	r.action = "user.add";
	r.outcome = HW_AUDIT_OK;
	assert_int_equal(hw_audit_append(t->st, &r, NULL), HW_OK);
	assert_int_equal(r.id, 1);
	assert_memory_equal(r.prev_hash, zero, sizeof(zero));
	hw_audit_hash(&r, h);
	assert_memory_equal(r.hash, h, sizeof(h));
	memcpy(first, r.hash, sizeof(first));
	r.at = T0 + 1;
	assert_int_equal(hw_audit_append(t->st, &r, NULL), HW_OK);
	assert_int_equal(r.id, 2);
	assert_memory_equal(r.prev_hash, first, sizeof(first));
	fill(t);
	assert_int_equal(hw_audit_verify(t->st, &v, NULL), HW_OK);
	assert_int_equal(v.flaw, HW_AUDIT_INTACT);
	assert_int_equal(v.records, 12);
	assert_int_equal(v.head.count, 12);
	assert_int_equal(v.head.last_id, 12);
}

/* The encoding tells NULL from "", and field boundaries apart. */
static void test_hash_unambiguous(void **state)
{
	struct hw_audit_record a, b;
	unsigned char ha[32], hb[32];

	(void)state;
	memset(&a, 0, sizeof(a));
	a.actor = "ab";
	a.action = "c";
	b = a;
	b.actor = "a";
	b.action = "bc";
	hw_audit_hash(&a, ha);
	hw_audit_hash(&b, hb);
	assert_memory_not_equal(ha, hb, 32);
	b = a;
	b.address = "";
	hw_audit_hash(&b, hb);
	assert_memory_not_equal(ha, hb, 32);
	b = a;
	b.outcome = HW_AUDIT_DENIED;
	hw_audit_hash(&b, hb);
	assert_memory_not_equal(ha, hb, 32);
	b = a;
	b.id = 1;
	hw_audit_hash(&b, hb);
	assert_memory_not_equal(ha, hb, 32);
	b = a;
	hw_audit_hash(&b, hb);
	assert_memory_equal(ha, hb, 32);
}

static void test_append_refuses_bad_records(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_record r;
	struct hw_error e;

	memset(&r, 0, sizeof(r));
	r.at = T0;
	r.action = "person.read";
	assert_int_equal(hw_audit_append(t->st, &r, &e), HW_INVALID);
	assert_string_equal(e.field, "actor");
	r.actor = "alice";
	r.action = "Person Read";
	assert_int_equal(hw_audit_append(t->st, &r, &e), HW_INVALID);
	assert_string_equal(e.field, "action");
	r.action = "person.update";
	r.after = "{\"unit\":";
	assert_int_equal(hw_audit_append(t->st, &r, &e), HW_INVALID);
	assert_string_equal(e.field, "after");
	r.after = NULL;
	r.outcome = HW_AUDIT__COUNT;
	assert_int_equal(hw_audit_append(t->st, &r, &e), HW_INVALID);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "0 records");
}

struct collect {
	int64_t ids[32];
	int n;
};

static int collect(void *ctx, const struct hw_audit_record *r)
{
	struct collect *c = ctx;

	c->ids[c->n++] = r->id;
	return 0;
}

static void expect_ids(struct tmpdb *t, const struct hw_audit_filter *f, int n, ...)
{
	struct collect c = { { 0 }, 0 };
	va_list ap;
	int i;

	assert_int_equal(hw_audit_each(t->st, f, collect, &c, NULL), HW_OK);
	assert_int_equal(c.n, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_int_equal(c.ids[i], va_arg(ap, int));
	va_end(ap);
}

static void test_each_filters(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_filter f;

	fill(t);
	expect_ids(t, NULL, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
	memset(&f, 0, sizeof(f));
	f.actor = "bob";
	expect_ids(t, &f, 5, 2, 4, 6, 8, 10);
	memset(&f, 0, sizeof(f));
	f.person_id = 7;
	expect_ids(t, &f, 3, 3, 6, 9);
	memset(&f, 0, sizeof(f));
	f.from = T0 + 4 * 3600;
	f.to = T0 + 6 * 3600;
	expect_ids(t, &f, 3, 4, 5, 6);
	memset(&f, 0, sizeof(f));
	f.action = "person.read";
	expect_ids(t, &f, 3, 3, 6, 9);
	f.action = "person.*";
	expect_ids(t, &f, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
	f.action = "person.up*";
	f.actor = "alice";
	f.after_id = 3;
	f.limit = 2;
	expect_ids(t, &f, 2, 5, 7);
}

static void test_triggers_refuse_changes(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_not_equal(raw(t, "UPDATE audit SET actor = 'mallory' WHERE id = 4"), SQLITE_OK);
	assert_int_not_equal(raw(t, "DELETE FROM audit WHERE id = 4"), SQLITE_OK);
	assert_int_not_equal(raw(t, "DELETE FROM audit WHERE id = 10"), SQLITE_OK);
	assert_int_not_equal(raw(t, "DELETE FROM audit_head"), SQLITE_OK);
	assert_int_not_equal(raw(t, "UPDATE audit_head SET count = 3"), SQLITE_OK);
	assert_int_not_equal(raw(t, "UPDATE audit_head SET last_id = 11, count = 11"),
			     SQLITE_OK);
	assert_int_not_equal(raw(t, "INSERT INTO audit_head VALUES (2, 0, zeroblob(32), 0)"),
			     SQLITE_OK);
	/* an insert that does not follow the head */
	assert_int_not_equal(raw(t, "INSERT INTO audit SELECT 12, at, actor, address, action, "
				    "object_type, object_id, person_id, before, after, outcome, "
				    "hash, hash FROM audit WHERE id = 10"), SQLITE_OK);
	assert_int_not_equal(raw(t, "INSERT INTO audit SELECT 11, at, actor, address, action, "
				    "object_type, object_id, person_id, before, after, outcome, "
				    "prev_hash, hash FROM audit WHERE id = 10"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "10 records, intact");
}

static void test_altered_middle(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	assert_int_equal(raw(t, "UPDATE audit SET after = '{\"unit\":\"C\"}' WHERE id = 5"),
			 SQLITE_OK);
	expect_verdict(t, HW_AUDIT_ALTERED, 5, "record 5 was altered");
}

static void test_altered_each_field(void **state)
{
	static const char *const changes[] = {
		"at = at + 1", "actor = 'mallory'", "address = NULL", "action = 'person.read'",
		"object_type = 'person'", "object_id = 'HW-000002'", "person_id = 8",
		"before = NULL", "outcome = 'denied'",
	};
	struct tmpdb *t = *state;
	char sql[160];
	size_t i;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		snprintf(sql, sizeof(sql), "CREATE TABLE keep AS SELECT * FROM audit WHERE id = 4;"
			 "UPDATE audit SET %s WHERE id = 4", changes[i]);
		assert_int_equal(raw(t, sql), SQLITE_OK);
		expect_verdict(t, HW_AUDIT_ALTERED, 4, "record 4 was altered");
		assert_int_equal(raw(t, "DELETE FROM audit WHERE id = 4;"
					"INSERT INTO audit SELECT * FROM keep; DROP TABLE keep"),
				 SQLITE_OK);
		expect_verdict(t, HW_AUDIT_INTACT, 0, NULL);
	}
}

/* Rewriting a record together with its own hash breaks the next link. */
static void test_rewritten_with_hash(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	assert_int_equal(raw(t, "UPDATE audit SET hash = randomblob(32) WHERE id = 6"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_ALTERED, 6, "record 6 was altered");
	assert_int_equal(raw(t, "UPDATE audit SET hash = randomblob(31) WHERE id = 6"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_ALTERED, 6, NULL);
}

static void test_deleted_middle(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	assert_int_equal(raw(t, "DELETE FROM audit WHERE id = 4"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_REMOVED, 4, "record 4 was removed");
}

static void test_deleted_first(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	assert_int_equal(raw(t, "DELETE FROM audit WHERE id = 1"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_REMOVED, 1, "record 1 was removed");
}

/* Deleting the last records leaves an intact-looking chain: the head
 * knows better. */
static void test_deleted_last(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	assert_int_equal(raw(t, "DELETE FROM audit WHERE id = 10"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_REMOVED, 10, "record 10 was removed");
	assert_int_equal(raw(t, "DELETE FROM audit WHERE id >= 8"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_REMOVED, 8, "record 8 was removed");
	/* and the head moved back to match, but its count left as it was */
	assert_int_equal(raw(t, "UPDATE audit_head SET last_id = 7, last_hash = "
				"(SELECT hash FROM audit WHERE id = 7)"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_HEAD, 0, "the head of the chain was altered");
	assert_int_equal(raw(t, "DELETE FROM audit_head"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_HEAD, 0, "the head of the chain is missing");
}

/* A forged record appended with a correct link and hash (the algorithm
 * is no secret) but without moving the head. */
static void test_inserted_at_end(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_record r;
	sqlite3_stmt *s;
	sqlite3 *db;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	memset(&r, 0, sizeof(r));
	r.id = 11;
	r.at = T0 + 11 * 3600;
	r.actor = "alice";
	r.action = "person.read";
	r.outcome = HW_AUDIT_OK;
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash FROM audit WHERE id = 10", -1, &s,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	memcpy(r.prev_hash, sqlite3_column_blob(s, 0), 32);
	sqlite3_finalize(s);
	hw_audit_hash(&r, r.hash);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO audit (id, at, actor, action, "
					    "outcome, prev_hash, hash) VALUES (11, ?1, 'alice', "
					    "'person.read', 'ok', ?2, ?3)", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, r.at);
	sqlite3_bind_blob(s, 2, r.prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, r.hash, 32, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	sqlite3_close(db);
	expect_verdict(t, HW_AUDIT_INSERTED, 11, "record 11 was inserted");
}

/* A forged record in a gap made for it, and one before the first. */
static void test_inserted_middle(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_equal(raw(t, drop_triggers), SQLITE_OK);
	assert_int_equal(raw(t, "CREATE TABLE keep AS SELECT * FROM audit WHERE id = 5;"
				"DELETE FROM audit WHERE id = 5;"
				"INSERT INTO audit SELECT 5, at, 'mallory', address, action, "
				"object_type, object_id, person_id, before, after, outcome, "
				"prev_hash, hash FROM keep"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_ALTERED, 5, "record 5 was altered");
	assert_int_equal(raw(t, "DELETE FROM audit WHERE id = 5;"
				"INSERT INTO audit SELECT 5, at, actor, address, action, "
				"object_type, object_id, person_id, before, after, outcome, "
				"zeroblob(32), hash FROM keep"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_INSERTED, 5, "record 5 does not chain");
	assert_int_equal(raw(t, "DELETE FROM audit WHERE id = 5;"
				"INSERT INTO audit SELECT * FROM keep;"
				"INSERT INTO audit SELECT 0, at, actor, address, action, "
				"object_type, object_id, person_id, before, after, outcome, "
				"prev_hash, hash FROM keep"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_INSERTED, 0, "record 0 was inserted");
	assert_int_equal(raw(t, "DELETE FROM audit WHERE id = 0;"
				"INSERT INTO audit SELECT 500, at, actor, address, action, "
				"object_type, object_id, person_id, before, after, outcome, "
				"prev_hash, hash FROM keep"), SQLITE_OK);
	expect_verdict(t, HW_AUDIT_INSERTED, 500, "record 500 was inserted");
}

/* Appends go on after a verified chain, in the caller's transaction. */
static void test_append_in_transaction(void **state)
{
	struct tmpdb *t = *state;

	fill(t);
	assert_int_equal(hw_store_begin(t->st, NULL), HW_OK);
	append(t, T0, "carol", "person.read", 3, NULL, NULL);
	hw_store_rollback(t->st);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "10 records");
	assert_int_equal(hw_store_begin(t->st, NULL), HW_OK);
	append(t, T0, "carol", "person.read", 3, NULL, NULL);
	assert_int_equal(hw_store_commit(t->st, NULL), HW_OK);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "11 records");
}

/* ---- group commit --------------------------------------------------- */

/* The size of the test database's audit journal, -1 when there is none. */
static long journal_size(struct tmpdb *t)
{
	char path[160];
	struct stat sb;

	snprintf(path, sizeof(path), "%s" AUDIT_JOURNAL_SUFFIX, t->path);
	return stat(path, &sb) ? -1 : (long)sb.st_size;
}

#define WRITERS 8
#define PER_WRITER 50

struct appender {
	struct hw_audit_writer *w;
	int n;
	int failures;
};

static void *append_many(void *arg)
{
	struct appender *a = arg;
	struct hw_audit_record r;
	struct hw_error e;
	char id[16];
	int i;

	for (i = 0; i < PER_WRITER; i++) {
		memset(&r, 0, sizeof(r));
		snprintf(id, sizeof(id), "HW-%06d", a->n * 1000 + i + 1);
		r.at = T0 + i;
		r.actor = "reader";
		r.address = "127.0.0.1";
		r.action = "person.read";
		r.object_type = "person";
		r.object_id = id;
		r.person_id = a->n * 1000 + i + 1;
		r.outcome = HW_AUDIT_OK;
		hw_error_clear(&e);
		if (hw_audit_writer_append(a->w, &r, &e) != HW_OK)
			a->failures++;
	}
	return NULL;
}

static int count_cb(void *ctx, const struct hw_audit_record *r)
{
	(void)r;
	++*(int *)ctx;
	return 0;
}

/* Eight threads append at once: every record is in the chain, each
 * once, the chain verifies, and records share transactions. */
static void test_writer_concurrent(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_writer *w;
	struct appender a[WRITERS];
	pthread_t th[WRITERS];
	struct hw_audit_filter f;
	struct hw_audit_writer_stats ws;
	int i, n;

	fill(t);
	assert_int_equal(hw_audit_writer_start(t->path, NULL, &w, NULL), HW_OK);
	for (i = 0; i < WRITERS; i++) {
		a[i].w = w;
		a[i].n = i + 1;
		a[i].failures = 0;
		assert_int_equal(pthread_create(&th[i], NULL, append_many, &a[i]), 0);
	}
	for (i = 0; i < WRITERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(a[i].failures, 0);
	}
	hw_audit_writer_stats(w, &ws);
	assert_int_equal(ws.journal, 1);
	hw_audit_writer_stop(w);
	assert_int_equal(ws.records, WRITERS * PER_WRITER);
	assert_int_equal(ws.journaled, WRITERS * PER_WRITER);
	assert_true(ws.batches >= 1 && ws.batches <= ws.records);
	/* stopping brought the whole journal into the chain, and emptied it */
	expect_verdict(t, HW_AUDIT_INTACT, 0, "410 records");
	assert_int_equal(journal_size(t), 0);
	/* each reader's record is there exactly once */
	memset(&f, 0, sizeof(f));
	for (i = 1; i <= WRITERS; i++) {
		f.person_id = i * 1000 + PER_WRITER;
		n = 0;
		assert_int_equal(hw_audit_each(t->st, &f, count_cb, &n, NULL), HW_OK);
		assert_int_equal(n, 1);
	}
}

/* A record the checks refuse fails alone, in the caller's thread, and
 * the writer goes on; after stop, appends are refused. */
static void test_writer_refusals(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_writer *w;
	struct hw_audit_record r;
	struct hw_error e;

	assert_int_equal(hw_audit_writer_start(t->path, NULL, &w, NULL), HW_OK);
	memset(&r, 0, sizeof(r));
	r.at = T0;
	r.actor = "reader";
	r.action = "Person Read";
	r.outcome = HW_AUDIT_OK;
	hw_error_clear(&e);
	assert_int_equal(hw_audit_writer_append(w, &r, &e), HW_INVALID);
	assert_string_equal(e.field, "action");
	r.action = "person.read";
	r.after = "{not json";
	assert_int_equal(hw_audit_writer_append(w, &r, &e), HW_INVALID);
	r.after = NULL;
	assert_int_equal(hw_audit_writer_append(w, &r, &e), HW_OK);
	hw_audit_writer_stop(w);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "1 record");
	/* a database that is not there */
	assert_int_equal(hw_audit_writer_start("/nonexistent/dir/x.db", NULL, &w, &e) != HW_OK, 1);
	assert_null(w);
}

/* ---- the journal -------------------------------------------------------- */

static void read_record(struct hw_audit_record *r, int i)
{
	static char ids[8][16];

	memset(r, 0, sizeof(*r));
	snprintf(ids[i % 8], sizeof(ids[0]), "HW-%06d", i + 1);
	r->at = T0 + i;
	r->actor = i % 2 ? "alice" : "bob";
	r->address = i % 3 ? "127.0.0.1" : NULL;
	r->action = i % 4 == 3 ? "person.update" : "person.read";
	r->object_type = "person";
	r->object_id = ids[i % 8];
	r->person_id = i + 1;
	r->before = i % 4 == 3 ? "{\"unit\":\"A\"}" : NULL;
	r->after = i % 4 == 3 ? "{\"unit\":\"Б\"}" : NULL;
	r->outcome = i % 5 == 4 ? HW_AUDIT_DENIED : HW_AUDIT_OK;
}

/* A journal as a server leaves it when killed: `n` records of generation
 * `gen`, then `torn` bytes of a frame that was never acknowledged; of the
 * database with the id `id`, NULL for the test database's own. */
static void leave_journal_of(struct tmpdb *t, const unsigned char *id, uint64_t gen, int n,
			     size_t torn)
{
	struct audit_journal j;
	struct hw_audit_record r;
	struct hw_buf b = HW_BUF_INIT;
	unsigned char own[16];
	uint64_t g, o;
	int busy, i;

	assert_int_equal(hw_store_audit_journal_get(t->st, own, &g, &o, NULL), HW_OK);
	assert_int_equal(audit_journal_open(t->path, &j, &busy, NULL), HW_OK);
	assert_int_equal(busy, 0);
	assert_int_equal(audit_journal_restart(&j, id ? id : own, gen, NULL), HW_OK);
	for (i = 0; i < n; i++) {
		read_record(&r, i);
		assert_int_equal(audit_journal_frame(&b, gen, &r, NULL), HW_OK);
	}
	assert_int_equal(audit_journal_append(&j, b.data, b.len, NULL), HW_OK);
	if (torn) {
		hw_buf_reset(&b);
		read_record(&r, n);
		assert_int_equal(audit_journal_frame(&b, gen, &r, NULL), HW_OK);
		assert_true(torn < b.len);
		assert_int_equal(pwrite(j.fd, b.data, torn, (off_t)j.size), (ssize_t)torn);
	}
	hw_buf_release(&b);
	audit_journal_close(&j);
}

static void leave_journal(struct tmpdb *t, uint64_t gen, int n, size_t torn)
{
	leave_journal_of(t, NULL, gen, n, torn);
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int check_recovered(void *ctx, const struct hw_audit_record *got)
{
	struct hw_audit_record want;
	int *i = ctx;

	read_record(&want, *i);
	assert_int_equal(got->at, want.at);
	assert_true(same(got->actor, want.actor));
	assert_true(same(got->address, want.address));
	assert_true(same(got->action, want.action));
	assert_true(same(got->object_id, want.object_id));
	assert_int_equal(got->person_id, want.person_id);
	assert_true(same(got->before, want.before));
	assert_true(same(got->after, want.after));
	assert_int_equal(got->outcome, want.outcome);
	++*i;
	return 0;
}

/* What a killed server journaled enters the chain, field for field and
 * in order; the torn frame nobody was answered for does not; a second
 * recovery imports nothing, and the journal is left empty. */
static void test_journal_recover(void **state)
{
	struct tmpdb *t = *state;
	size_t n = 99;
	int i = 0;

	assert_int_equal(hw_audit_recover(t->st, t->path, &n, NULL), HW_OK);
	assert_int_equal(n, 0); /* no journal at all */
	assert_int_equal(journal_size(t), -1);
	leave_journal(t, 7, 6, 40);
	assert_int_equal(hw_audit_recover(t->st, t->path, &n, NULL), HW_OK);
	assert_int_equal(n, 6);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "6 records");
	assert_int_equal(hw_audit_each(t->st, NULL, check_recovered, &i, NULL), HW_OK);
	assert_int_equal(i, 6);
	assert_int_equal(journal_size(t), 0);
	assert_int_equal(hw_audit_recover(t->st, t->path, &n, NULL), HW_OK);
	assert_int_equal(n, 0);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "6 records");
}

/* The database's mark says how far a journal was imported: a crash after
 * an import committed but before the file was emptied imports nothing
 * twice, and a journal older than the mark nothing at all. */
static void test_journal_mark(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_record r;
	struct hw_buf b = HW_BUF_INIT;
	size_t n;

	leave_journal(t, 3, 5, 0);
	/* the first two records were imported, as an importer would have */
	read_record(&r, 0);
	assert_int_equal(audit_journal_frame(&b, 3, &r, NULL), HW_OK);
	read_record(&r, 1);
	assert_int_equal(audit_journal_frame(&b, 3, &r, NULL), HW_OK);
	assert_int_equal(hw_store_begin(t->st, NULL), HW_OK);
	read_record(&r, 0);
	assert_int_equal(hw_audit_append(t->st, &r, NULL), HW_OK);
	read_record(&r, 1);
	assert_int_equal(hw_audit_append(t->st, &r, NULL), HW_OK);
	assert_int_equal(hw_store_audit_journal_set(t->st, 3, AUDIT_JOURNAL_HEADER + b.len, NULL),
			 HW_OK);
	assert_int_equal(hw_store_commit(t->st, NULL), HW_OK);
	hw_buf_release(&b);
	assert_int_equal(hw_audit_recover(t->st, t->path, &n, NULL), HW_OK);
	assert_int_equal(n, 3);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "5 records");
	/* generation 2 is older than the mark (3): already imported */
	leave_journal(t, 2, 4, 0);
	assert_int_equal(hw_audit_recover(t->st, t->path, &n, NULL), HW_OK);
	assert_int_equal(n, 0);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "5 records");
}

/* Every single changed bit of two frames stops the reading at or before
 * the frame it is in: nothing damaged is ever imported. */
static void test_journal_decode_damage(void **state)
{
	struct hw_audit_record r;
	struct hw_buf b = HW_BUF_INIT;
	unsigned char *copy;
	size_t first, i, got;
	int bit;

	(void)state;
	read_record(&r, 3);
	assert_int_equal(audit_journal_frame(&b, 9, &r, NULL), HW_OK);
	first = b.len;
	read_record(&r, 4);
	assert_int_equal(audit_journal_frame(&b, 9, &r, NULL), HW_OK);
	assert_int_equal(audit_journal_decode((unsigned char *)b.data, b.len, 9, NULL, NULL),
			 b.len);
	/* another generation's frames do not check out */
	assert_int_equal(audit_journal_decode((unsigned char *)b.data, b.len, 10, NULL, NULL), 0);
	copy = malloc(b.len);
	assert_non_null(copy);
	for (i = 0; i < b.len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, b.data, b.len);
			copy[i] ^= (unsigned char)(1u << bit);
			got = audit_journal_decode(copy, b.len, 9, NULL, NULL);
			assert_int_equal(got, i < first ? 0 : first);
		}
	/* and every cut is read up to the last whole frame */
	for (i = 0; i < b.len; i++)
		assert_int_equal(audit_journal_decode((unsigned char *)b.data, i, 9, NULL, NULL),
				 i < first ? 0 : first);
	free(copy);
	hw_buf_release(&b);
}

/* A journal whose header does not check out is not thrown away: recovery
 * and the writer refuse, naming the file. */
static void test_journal_damaged(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_writer *w = NULL;
	struct hw_error e;
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s" AUDIT_JOURNAL_SUFFIX, t->path);
	assert_non_null(f = fopen(path, "w"));
	fputs("this is not an audit journal, but it is long enough to be one", f);
	fclose(f);
	hw_error_clear(&e);
	assert_int_equal(hw_audit_recover(t->st, t->path, NULL, &e), HW_STORE);
	assert_non_null(strstr(e.message, "damaged"));
	assert_non_null(strstr(e.message, path));
	hw_error_clear(&e);
	assert_int_equal(hw_audit_writer_start(t->path, NULL, &w, &e), HW_STORE);
	assert_null(w);
	assert_non_null(strstr(e.message, "damaged"));
}

/* A journal another database left (a database made again in the place of
 * one whose server was killed) is not imported into this one. */
static void test_journal_other_database(void **state)
{
	static const unsigned char other[16] = "another database";
	struct tmpdb *t = *state;
	struct hw_audit_writer *w = NULL;
	struct hw_error e;

	leave_journal_of(t, other, 1, 3, 0);
	hw_error_clear(&e);
	assert_int_equal(hw_audit_recover(t->st, t->path, NULL, &e), HW_STORE);
	assert_non_null(strstr(e.message, "another database"));
	hw_error_clear(&e);
	assert_int_equal(hw_audit_writer_start(t->path, NULL, &w, &e), HW_STORE);
	assert_null(w);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "0 records");
}

/* A writer that starts over a journal a killed server left imports it
 * first; while it runs, hw_audit_writer_sync brings what it journaled
 * into the chain, and recovery from another handle leaves its journal
 * alone. */
static void test_writer_journal(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_writer *w;
	struct hw_audit_writer_stats ws;
	struct hw_audit_record r;
	size_t n = 99;
	int i;

	leave_journal(t, 1, 2, 10);
	assert_int_equal(hw_audit_writer_start(t->path, NULL, &w, NULL), HW_OK);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "2 records");
	for (i = 2; i < 5; i++) {
		read_record(&r, i);
		assert_int_equal(hw_audit_writer_append(w, &r, NULL), HW_OK);
	}
	assert_int_equal(hw_audit_recover(t->st, t->path, &n, NULL), HW_OK);
	assert_int_equal(n, 0); /* the running writer's */
	assert_int_equal(hw_audit_writer_sync(w, NULL), HW_OK);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "5 records");
	hw_audit_writer_stats(w, &ws);
	assert_int_equal(ws.journaled, 3);
	assert_int_equal(ws.imported, 3);
	assert_true(ws.imports >= 1);
	i = 0;
	assert_int_equal(hw_audit_each(t->st, NULL, check_recovered, &i, NULL), HW_OK);
	assert_int_equal(i, 5);
	hw_audit_writer_stop(w);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "5 records");
	assert_int_equal(journal_size(t), 0);
}

/* The journal starts again once everything in it is imported and it has
 * grown past its limit; the records of each generation enter the chain
 * once.  Imported blocks are given back to the file system meanwhile. */
static void test_writer_journal_rotates(void **state)
{
	struct tmpdb *t = *state;
	struct hw_audit_writer *w;
	struct hw_audit_writer_stats ws;
	struct hw_audit_record r;
	static char big[2048];
	char path[160];
	struct stat sb;
	int i, k;

	snprintf(path, sizeof(path), "%s" AUDIT_JOURNAL_SUFFIX, t->path);
	assert_int_equal(hw_audit_writer_start(t->path, NULL, &w, NULL), HW_OK);
	/* first without starting again: 200 records of 2 kB, imported, are
	 * mostly holes */
	audit_writer_rotate_at(w, UINT64_MAX);
	memset(big, 'x', sizeof(big) - 3);
	big[0] = '"';
	big[sizeof(big) - 3] = '"';
	for (i = 0; i < 200; i++) {
		read_record(&r, i);
		r.after = big;
		assert_int_equal(hw_audit_writer_append(w, &r, NULL), HW_OK);
	}
	assert_int_equal(hw_audit_writer_sync(w, NULL), HW_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size > 400000);
	assert_true((long long)sb.st_blocks * 512 < sb.st_size / 4);
	/* then starting again after every imported batch */
	audit_writer_rotate_at(w, 1);
	for (k = 0; k < 5; k++) {
		for (i = 0; i < 3; i++) {
			read_record(&r, i);
			assert_int_equal(hw_audit_writer_append(w, &r, NULL), HW_OK);
		}
		assert_int_equal(hw_audit_writer_sync(w, NULL), HW_OK);
	}
	read_record(&r, 0);
	assert_int_equal(hw_audit_writer_append(w, &r, NULL), HW_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size < 4096); /* started again: a header and a frame */
	hw_audit_writer_stats(w, &ws);
	hw_audit_writer_stop(w);
	assert_int_equal(ws.journaled, 216);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "216 records");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_chain_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_and_verify, setup, teardown),
		cmocka_unit_test(test_hash_unambiguous),
		cmocka_unit_test_setup_teardown(test_append_refuses_bad_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_each_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_with_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inserted_at_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inserted_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_in_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_recover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_mark, setup, teardown),
		cmocka_unit_test(test_journal_decode_damage),
		cmocka_unit_test_setup_teardown(test_journal_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_other_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_journal_rotates, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
