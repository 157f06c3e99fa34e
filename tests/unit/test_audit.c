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

#include <sqlite3.h>

#include "homeward/audit.h"
#include "homeward/store.h"
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
		if (hw_audit_writer_append(a->w, &r, &e) != HW_OK || r.id < 1)
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
	uint64_t batches, records;
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
	hw_audit_writer_stats(w, &batches, &records);
	hw_audit_writer_stop(w);
	assert_int_equal(records, WRITERS * PER_WRITER);
	assert_true(batches >= 1 && batches <= records);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "410 records");
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
	assert_int_equal(r.id, 1);
	hw_audit_writer_stop(w);
	expect_verdict(t, HW_AUDIT_INTACT, 0, "1 record");
	/* a database that is not there */
	assert_int_equal(hw_audit_writer_start("/nonexistent/dir/x.db", NULL, &w, &e) != HW_OK, 1);
	assert_null(w);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
