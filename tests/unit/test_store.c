/*
 * test_store.c - the SQLite back end: creation, migrations, refusal of
 * foreign and newer databases, persons round trip, versioned updates,
 * references, append-only history, listing, transactions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "homeward/registry.h"
#include "homeward/store.h"
#include "tmpdb.h"
#include "store/sqlite_int.h"

/* A test's database (first, for tmpdb_setup) and what the test keeps beside it. */
struct fixture {
	struct tmpdb db;
};


static int setup(void **state)
{
	return tmpdb_setup(state, sizeof(struct fixture));
}

static int teardown(void **state)
{
	return tmpdb_teardown(state);
}

static void raw_exec(const char *path, const char *sql, int expect_ok)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	if (expect_ok)
		assert_int_equal(rc, SQLITE_OK);
	else
		assert_int_not_equal(rc, SQLITE_OK);
}

static void person(struct hw_person *p, const char *family, const char *given, const char *ref)
{
	hw_person_init(p);
	assert_int_equal(hw_person_add_name(p, HW_NAME_PRIMARY, family, given, "Петрович",
					    HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	p->sex = HW_SEX_MALE;
	hw_date_parse("1987-03-14", &p->birth_date, NULL);
	p->category = HW_CATEGORY_MILITARY;
	p->branch = HW_BRANCH_MARINES;
	p->rank = HW_RANK_SENIOR_SOLDIER;
	p->region = HW_REGION_DONETSK;
	p->status = HW_STATUS_CAPTIVE;
	hw_person_set_str(&p->unit, "в/ч А0001");
	memcpy(p->citizenship, "UA", 3);
	p->health = HW_HEALTH_WOUNDED;
	if (ref)
		assert_int_equal(hw_person_add_ref(p, "test", ref, NULL), HW_OK);
	assert_int_equal(hw_person_add_tag(p, "mariupol", NULL), HW_OK);
}

static int64_t put(struct fixture *f, const char *family, const char *given, const char *ref)
{
	struct hw_person p;
	int64_t id;

	person(&p, family, given, ref);
	assert_int_equal(hw_registry_person_add(f->db.st, &p, HW_STATUS_CAPTIVE, NULL, 0, NULL, NULL),
			 HW_OK);
	id = p.id;
	hw_person_release(&p);
	return id;
}

static void test_create_and_reopen(void **state)
{
	struct fixture *f = *state;
	struct hw_store *st = NULL;
	struct hw_error e;
	char missing[160];

	assert_int_equal(hw_store_schema_version(f->db.st), hw_store_schema_latest());
	hw_error_clear(&e);
	assert_int_equal(hw_store_open(&st, f->db.path, HW_STORE_CREATE, &e), HW_CONFLICT);
	assert_null(st);
	assert_int_equal(hw_store_open(&st, f->db.path, HW_STORE_READONLY, &e), HW_OK);
	hw_store_close(st);
	snprintf(missing, sizeof(missing), "%s/none.db", f->db.dir);
	assert_int_equal(hw_store_open(&st, missing, 0, &e), HW_NOT_FOUND);
	assert_non_null(strstr(e.message, "homeward init"));
	assert_int_equal(access(missing, F_OK), -1);
}

static void test_migration_from_v1(void **state)
{
	struct fixture *f = *state;
	struct hw_store *st = NULL;
	struct hw_person p;
	char path[160];
	int64_t id;

	snprintf(path, sizeof(path), "%s/old.db", f->db.dir);
	assert_int_equal(store_open_at(&st, path, HW_STORE_CREATE, 1, NULL), HW_OK);
	assert_int_equal(hw_store_schema_version(st), 1);
	person(&p, "Бондар", "Іван", "old-1");
	assert_int_equal(hw_registry_person_add(st, &p, HW_STATUS_MISSING, NULL, 0, NULL, NULL),
			 HW_OK);
	id = p.id;
	hw_person_release(&p);
	hw_store_close(st);

	assert_int_equal(hw_store_open(&st, path, 0, NULL), HW_OK);
	assert_int_equal(hw_store_schema_version(st), hw_store_schema_latest());
	hw_person_init(&p);
	assert_int_equal(hw_store_person_get(st, id, &p, NULL), HW_OK);
	assert_string_equal(p.names[0].family, "Бондар");
	/* version 2 keeps earlier versions: an update now works and is kept */
	hw_person_set_str(&p.unit, "в/ч А0002");
	assert_int_equal(hw_registry_person_edit(st, &p, p.version, NULL), HW_OK);
	hw_person_release(&p);
	hw_store_close(st);
}

static void test_refuses_newer_and_foreign(void **state)
{
	struct fixture *f = *state;
	struct hw_store *st = NULL;
	struct hw_error e;
	char path[160];

	hw_store_close(f->db.st);
	f->db.st = NULL;
	raw_exec(f->db.path, "PRAGMA user_version = 99", 1);
	hw_error_clear(&e);
	assert_int_equal(hw_store_open(&st, f->db.path, 0, &e), HW_SCHEMA);
	assert_non_null(strstr(e.message, "newer than this Homeward"));
	snprintf(path, sizeof(path), "PRAGMA user_version = %d", hw_store_schema_latest());
	raw_exec(f->db.path, path, 1);
	assert_int_equal(hw_store_open(&f->db.st, f->db.path, 0, NULL), HW_OK);

	snprintf(path, sizeof(path), "%s/other.db", f->db.dir);
	raw_exec(path, "CREATE TABLE t (x)", 1);
	assert_int_equal(hw_store_open(&st, path, 0, &e), HW_SCHEMA);
	assert_non_null(strstr(e.message, "not a Homeward database"));
	assert_int_equal(hw_store_open(&st, path, HW_STORE_CREATE, &e), HW_SCHEMA);

	snprintf(path, sizeof(path), "%s/text.db", f->db.dir);
	raw_exec(path, "", 1);
	assert_int_equal(hw_store_open(&st, path, 0, &e), HW_SCHEMA);
}

static void test_person_round_trip(void **state)
{
	struct fixture *f = *state;
	struct hw_person p, q;
	char date[HW_DATE_STR_MAX];

	person(&p, "Поліщук", "Сергій", "A-1");
	assert_int_equal(hw_person_add_name(&p, HW_NAME_ALIAS, "Полищук", "Сергей", "Петрович",
					    HW_SCRIPT_RU, NULL), HW_OK);
	assert_int_equal(hw_person_add_tag(&p, "chornobyl_npp", NULL), HW_OK);
	hw_person_set_str(&p.notes, "рядок один\nрядок два");
	assert_int_equal(hw_registry_person_add(f->db.st, &p, HW_STATUS_CAPTIVE, NULL, 0, NULL, NULL),
			 HW_OK);
	assert_true(p.id > 0);
	hw_person_init(&q);
	assert_int_equal(hw_store_person_get(f->db.st, p.id, &q, NULL), HW_OK);
	assert_int_equal(q.version, 1);
	assert_int_equal(q.nnames, 2);
	assert_string_equal(q.names[0].family, "Поліщук");
	assert_int_equal(q.names[0].kind, HW_NAME_PRIMARY);
	assert_int_equal(q.names[0].script, HW_SCRIPT_UK);
	assert_string_equal(q.names[1].given, "Сергей");
	assert_int_equal(q.names[1].script, HW_SCRIPT_RU);
	hw_date_format(&q.birth_date, date);
	assert_string_equal(date, "1987-03-14");
	assert_int_equal(q.branch, HW_BRANCH_MARINES);
	assert_int_equal(q.rank, HW_RANK_SENIOR_SOLDIER);
	assert_int_equal(q.region, HW_REGION_DONETSK);
	assert_int_equal(q.status, HW_STATUS_CAPTIVE);
	assert_int_equal(q.health, HW_HEALTH_WOUNDED);
	assert_string_equal(q.citizenship, "UA");
	assert_string_equal(q.unit, "в/ч А0001");
	assert_string_equal(q.notes, "рядок один\nрядок два");
	assert_int_equal(q.ntags, 2);
	assert_string_equal(q.tags[0], "chornobyl_npp");
	assert_string_equal(q.tags[1], "mariupol");
	assert_int_equal(q.nrefs, 1);
	assert_string_equal(q.refs[0].source, "test");
	assert_string_equal(q.refs[0].ref, "A-1");
	assert_non_null(q.created_at);
	hw_person_release(&p);
	hw_person_release(&q);
	assert_int_equal(hw_store_person_get(f->db.st, 999, &q, NULL), HW_NOT_FOUND);
}

static void test_versioned_update(void **state)
{
	struct fixture *f = *state;
	int64_t id = put(f, "Шевчук", "Андрій", "B-1");
	struct hw_person a, b;
	struct hw_error e;
	sqlite3 *db;
	sqlite3_stmt *s;

	hw_person_init(&a);
	hw_person_init(&b);
	assert_int_equal(hw_store_person_get(f->db.st, id, &a, NULL), HW_OK);
	assert_int_equal(hw_store_person_get(f->db.st, id, &b, NULL), HW_OK);
	hw_person_set_str(&a.unit, "в/ч А0100");
	assert_int_equal(hw_registry_person_edit(f->db.st, &a, a.version, NULL), HW_OK);
	assert_int_equal(a.version, 2);
	hw_person_set_str(&b.unit, "в/ч А0200");
	hw_error_clear(&e);
	assert_int_equal(hw_registry_person_edit(f->db.st, &b, b.version, &e), HW_STALE);
	hw_person_release(&b);
	assert_int_equal(hw_store_person_get(f->db.st, id, &b, NULL), HW_OK);
	assert_string_equal(b.unit, "в/ч А0100");

	/* the replaced version is kept */
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT version, unit, tags FROM person_versions "
					    "WHERE person_id = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	assert_string_equal((const char *)sqlite3_column_text(s, 1), "в/ч А0001");
	assert_string_equal((const char *)sqlite3_column_text(s, 2), "mariupol");
	sqlite3_finalize(s);
	sqlite3_close(db);

	/* a new primary name keeps the old one as former */
	assert_int_equal(hw_registry_set_primary_name(&b, "Шевчук-Коваль", "Андрій", NULL, NULL),
			 HW_OK);
	assert_int_equal(hw_registry_person_edit(f->db.st, &b, b.version, NULL), HW_OK);
	hw_person_release(&a);
	assert_int_equal(hw_store_person_get(f->db.st, id, &a, NULL), HW_OK);
	assert_int_equal(a.nnames, 2);
	assert_string_equal(a.names[0].family, "Шевчук-Коваль");
	assert_int_equal(a.names[0].kind, HW_NAME_PRIMARY);
	assert_int_equal(a.names[1].kind, HW_NAME_FORMER);
	assert_int_equal(a.version, 3);
	hw_person_release(&a);
	hw_person_release(&b);
}

static void test_references(void **state)
{
	struct fixture *f = *state;
	int64_t a = put(f, "Мельник", "Сергій", "R-1"), b, id = 0;
	struct hw_person p;
	struct hw_error e;
	char ref[HW_PUBREF_MAX];

	hw_pubref_format(a, ref);
	assert_int_equal(hw_store_person_resolve(f->db.st, ref, &id, NULL), HW_OK);
	assert_int_equal(id, a);
	assert_int_equal(hw_store_person_resolve(f->db.st, "test:R-1", &id, NULL), HW_OK);
	assert_int_equal(id, a);
	assert_int_equal(hw_store_person_resolve(f->db.st, "R-1", &id, NULL), HW_OK);
	assert_int_equal(hw_store_person_resolve(f->db.st, "HW-999999", &id, NULL), HW_NOT_FOUND);
	assert_int_equal(hw_store_person_resolve(f->db.st, "nope", &id, NULL), HW_NOT_FOUND);

	/* the same ref in another source: a bare ref is now ambiguous */
	person(&p, "Мельник", "Сергій", NULL);
	hw_person_add_ref(&p, "icrc", "R-1", NULL);
	assert_int_equal(hw_registry_person_add(f->db.st, &p, 0, NULL, 0, NULL, NULL), HW_OK);
	b = p.id;
	hw_person_release(&p);
	hw_error_clear(&e);
	assert_int_equal(hw_store_person_resolve(f->db.st, "R-1", &id, &e), HW_CONFLICT);
	assert_non_null(strstr(e.message, "icrc:R-1"));
	assert_int_equal(hw_store_person_resolve(f->db.st, "icrc:R-1", &id, NULL), HW_OK);
	assert_int_equal(id, b);

	/* a ref belongs to one person only; the failed insert leaves nothing */
	person(&p, "Ткаченко", "Іван", "R-1");
	assert_int_equal(hw_registry_person_add(f->db.st, &p, 0, NULL, 0, NULL, &e), HW_CONFLICT);
	assert_string_equal(e.field, "ref");
	hw_person_release(&p);
	{
		struct hw_person_filter all = { 0 };
		int64_t n = 0;

		assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
		assert_int_equal(n, 2);
	}
}

static int count_event(void *ctx, const struct hw_event *e)
{
	int *n = ctx;

	(*n)++;
	if (*n == 1)
		assert_int_equal(e->type, HW_EVENT_REGISTERED);
	if (*n == 2) {
		assert_int_equal(e->type, HW_EVENT_LISTED);
		assert_string_equal(e->note, "список №3");
	}
	return 0;
}

static void test_history_append_only(void **state)
{
	struct fixture *f = *state;
	int64_t id = put(f, "Бойко", "Тарас", "H-1");
	struct hw_event e;
	struct hw_person p;
	int n = 0;

	hw_event_init(&e);
	e.person_id = id;
	e.type = HW_EVENT_LISTED;
	e.note = strdup("список №3");
	assert_int_equal(hw_registry_event_add(f->db.st, &e, 0, NULL), HW_OK);
	assert_int_equal(e.status_after, HW_STATUS_LISTED);
	hw_event_release(&e);
	hw_person_init(&p);
	assert_int_equal(hw_store_person_get(f->db.st, id, &p, NULL), HW_OK);
	assert_int_equal(p.status, HW_STATUS_LISTED);
	hw_person_release(&p);
	assert_int_equal(hw_store_event_each(f->db.st, id, count_event, &n, NULL), HW_OK);
	assert_int_equal(n, 2);

	/* an edit, so that a person version exists to protect */
	hw_person_init(&p);
	assert_int_equal(hw_store_person_get(f->db.st, id, &p, NULL), HW_OK);
	hw_person_set_str(&p.unit, "в/ч А0300");
	assert_int_equal(hw_registry_person_edit(f->db.st, &p, p.version, NULL), HW_OK);
	hw_person_release(&p);
	raw_exec(f->db.path, "UPDATE events SET note = 'x'", 0);
	raw_exec(f->db.path, "DELETE FROM events", 0);
	raw_exec(f->db.path, "UPDATE names SET family = 'x'", 0);
	raw_exec(f->db.path, "DELETE FROM names", 0);
	raw_exec(f->db.path, "DELETE FROM persons", 0);
	raw_exec(f->db.path, "DELETE FROM person_versions", 0);
	raw_exec(f->db.path, "UPDATE person_versions SET unit = 'x'", 0);
	n = 0;
	assert_int_equal(hw_store_event_each(f->db.st, id, count_event, &n, NULL), HW_OK);
	assert_int_equal(n, 2);
}

struct collect {
	int64_t ids[64];
	int n;
};

static int collect(void *ctx, const struct hw_person *p)
{
	struct collect *c = ctx;

	assert_true(p->nnames >= 1);
	assert_int_equal(p->names[0].kind, HW_NAME_PRIMARY);
	c->ids[c->n++] = p->id;
	return c->n >= 64;
}

static void test_listing(void **state)
{
	struct fixture *f = *state;
	struct hw_person_filter flt = { 0 };
	struct collect a = { { 0 }, 0 }, b = { { 0 }, 0 };
	struct hw_person p;
	int64_t n;
	int i;

	for (i = 0; i < 10; i++) {
		person(&p, i % 2 ? "Коваль" : "Лисенко", "Петро", NULL);
		if (i % 3 == 0)
			p.region = HW_REGION_KHERSON;
		if (i == 4) {
			hw_person_add_tag(&p, "snake_island", NULL);
			assert_int_equal(hw_registry_set_primary_name(&p, "Лисенко-Гай", "Петро",
								      NULL, NULL), HW_OK);
		}
		assert_int_equal(hw_registry_person_add(f->db.st, &p, i < 7 ? HW_STATUS_CAPTIVE
								 : HW_STATUS_MISSING,
							NULL, 0, NULL, NULL), HW_OK);
		hw_person_release(&p);
	}
	/* the whole-table walk and the page-by-page loads agree */
	assert_int_equal(hw_store_person_each(f->db.st, &flt, collect, &a, NULL), HW_OK);
	flt.limit = 100;
	assert_int_equal(hw_store_person_each(f->db.st, &flt, collect, &b, NULL), HW_OK);
	assert_int_equal(a.n, 10);
	assert_memory_equal(a.ids, b.ids, sizeof(a.ids));

	memset(&flt, 0, sizeof(flt));
	flt.status = HW_STATUS_MISSING;
	assert_int_equal(hw_store_person_count(f->db.st, &flt, &n, NULL), HW_OK);
	assert_int_equal(n, 3);
	flt.status = HW_STATUS_NONE;
	flt.region = HW_REGION_KHERSON;
	assert_int_equal(hw_store_person_count(f->db.st, &flt, &n, NULL), HW_OK);
	assert_int_equal(n, 4);
	flt.region = HW_REGION_NONE;
	flt.tag = "snake_island";
	assert_int_equal(hw_store_person_count(f->db.st, &flt, &n, NULL), HW_OK);
	assert_int_equal(n, 1);
	flt.tag = NULL;
	flt.after_id = a.ids[4];
	flt.limit = 2;
	memset(&b, 0, sizeof(b));
	assert_int_equal(hw_store_person_each(f->db.st, &flt, collect, &b, NULL), HW_OK);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.ids[0], a.ids[5]);
}

static void test_transactions(void **state)
{
	struct fixture *f = *state;
	struct hw_person_filter all = { 0 };
	int64_t n = -1;

	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_INTERNAL);
	put(f, "Гребінь", "Остап", "T-1");
	hw_store_rollback(f->db.st);
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 0);

	/* a failing unit inside a transaction undoes only itself */
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	put(f, "Гребінь", "Остап", "T-1");
	assert_int_equal(hw_store_unit_begin(f->db.st, NULL), HW_OK);
	put(f, "Ґудзь", "Богдан", "T-2");
	assert_int_equal(hw_store_unit_end(f->db.st, HW_INVALID, NULL), HW_INVALID);
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 1);
}

/* A deadline stops a long statement with HW_TIMEOUT; rolling back still
 * works; cleared, the handle is as before. */
static void test_deadline(void **state)
{
	struct fixture *f = *state;
	/* a tag: the count walks the persons' rows, many steps */
	struct hw_person_filter all = { .tag = "mariupol" };
	struct hw_error e;
	char ref[16];
	int64_t n = -1;
	int i;

	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	for (i = 0; i < 300; i++) {
		snprintf(ref, sizeof(ref), "D-%d", i);
		put(f, "Гребінь", "Остап", ref);
	}
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);

	hw_store_set_deadline(f->db.st, hw_store_clock_ms() + 60000);
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 300);

	hw_store_set_deadline(f->db.st, hw_store_clock_ms() - 1);
	hw_error_clear(&e);
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, &e), HW_TIMEOUT);
	assert_non_null(strstr(e.message, "time limit"));
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	put(f, "Ґудзь", "Богдан", "D-new");
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_TIMEOUT);
	hw_store_rollback(f->db.st);
	assert_false(hw_store_in_transaction(f->db.st));

	hw_store_set_deadline(f->db.st, 0);
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 300);
}

struct gated {
	struct hw_store *st;
	volatile int entered;        /* the second writer is in */
	volatile int first_done;     /* the first writer committed */
	int saw_first_done;
};

static void *second_writer(void *arg)
{
	struct gated *g = arg;

	if (hw_store_begin(g->st, NULL) != HW_OK)
		return NULL;
	g->saw_first_done = g->first_done;
	g->entered = 1;
	hw_store_commit(g->st, NULL);
	return NULL;
}

/* Two handles sharing a gate: the second writer waits on the gate until
 * the first one commits, then goes in. */
static void test_write_gate(void **state)
{
	struct fixture *f = *state;
	struct hw_store_gate *gate;
	struct gated g;
	pthread_t th;

	memset(&g, 0, sizeof(g));
	assert_int_equal(hw_store_gate_new(&gate, NULL), HW_OK);
	assert_int_equal(hw_store_open(&g.st, f->db.path, 0, NULL), HW_OK);
	hw_store_set_gate(f->db.st, gate);
	hw_store_set_gate(g.st, gate);
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	put(f, "Гребінь", "Остап", "G-1");
	assert_int_equal(pthread_create(&th, NULL, second_writer, &g), 0);
	usleep(200 * 1000);
	assert_int_equal(g.entered, 0);
	g.first_done = 1;
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	pthread_join(th, NULL);
	assert_int_equal(g.entered, 1);
	assert_int_equal(g.saw_first_done, 1);
	/* a rollback and a single write release it too */
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	hw_store_rollback(f->db.st);
	put(f, "Ґудзь", "Богдан", "G-2");
	assert_int_equal(hw_store_begin(g.st, NULL), HW_OK);
	hw_store_rollback(g.st);
	hw_store_close(g.st);
	hw_store_set_gate(f->db.st, NULL);
	hw_store_gate_free(gate);
}

/* A read transaction: one snapshot for its reads; none within another;
 * ended, writes go on as before. */
static void test_read_transaction(void **state)
{
	struct fixture *f = *state;
	struct hw_person_filter all = { 0 };
	struct hw_store *other = NULL;
	int64_t n = -1;

	put(f, "Гребінь", "Остап", "R-1");
	assert_int_equal(hw_store_read_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_store_read_begin(f->db.st, NULL), HW_INTERNAL);
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_INTERNAL); /* no write inside */
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 1);
	/* another handle's write is not seen inside the snapshot */
	assert_int_equal(hw_store_open(&other, f->db.path, 0, NULL), HW_OK);
	{
		struct hw_person p;

		person(&p, "Ґудзь", "Богдан", "R-2");
		assert_int_equal(hw_registry_person_add(other, &p, HW_STATUS_CAPTIVE, NULL, 0, NULL,
							NULL), HW_OK);
		hw_person_release(&p);
	}
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 1);
	hw_store_read_end(f->db.st);
	hw_store_read_end(f->db.st);
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 2);
	hw_store_close(other);
	put(f, "Гребінь", "Остап", "R-3");
}

static void test_changes_reported(void **state)
{
	struct fixture *f = *state;
	int64_t *ids = NULL, a, b;
	size_t n = 9;

	a = put(f, "Бойко", "Тарас", "C-1");
	assert_int_equal(hw_store_take_changed(f->db.st, &ids, &n, NULL), HW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], a);
	free(ids);
	assert_int_equal(hw_store_take_changed(f->db.st, &ids, &n, NULL), HW_OK);
	assert_int_equal(n, 0);

	/* a unit that fails inside a transaction reports nothing of itself */
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	b = put(f, "Гребінь", "Остап", "C-2");
	assert_int_equal(hw_store_unit_begin(f->db.st, NULL), HW_OK);
	put(f, "Ґудзь", "Богдан", "C-3");
	assert_int_equal(hw_store_unit_end(f->db.st, HW_INVALID, NULL), HW_INVALID);
	assert_int_equal(hw_store_take_changed(f->db.st, &ids, &n, NULL), HW_OK);
	assert_int_equal(n, 0); /* not committed yet */
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_store_take_changed(f->db.st, &ids, &n, NULL), HW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], b);
	free(ids);

	/* a rolled-back transaction reports nothing */
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	put(f, "Мороз", "Іван", "C-4");
	hw_store_rollback(f->db.st);
	assert_int_equal(hw_store_take_changed(f->db.st, &ids, &n, NULL), HW_OK);
	assert_int_equal(n, 0);
}

/* A snapshot sees what was there at its begin, while another handle writes. */
static void test_snapshot(void **state)
{
	struct fixture *f = *state;
	struct hw_person_filter all = { 0 };
	struct hw_store *other = NULL;
	int64_t n = 0;

	put(f, "Бойко", "Тарас", "S-1");
	assert_int_equal(hw_store_open(&other, f->db.path, 0, NULL), HW_OK);
	assert_int_equal(hw_store_snapshot_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_store_snapshot_begin(f->db.st, NULL), HW_INTERNAL);
	{
		struct hw_person p;

		person(&p, "Гребінь", "Остап", "S-2");
		assert_int_equal(hw_registry_person_add(other, &p, HW_STATUS_CAPTIVE, NULL, 0, NULL,
							NULL),
				 HW_OK);
		hw_person_release(&p);
	}
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 1);
	/* no write through the handle while it holds the snapshot */
	assert_int_not_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	hw_store_snapshot_end(f->db.st);
	hw_store_snapshot_end(f->db.st);
	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	assert_int_equal(n, 2);
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	hw_store_rollback(f->db.st);
	/* not inside a transaction */
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_store_snapshot_begin(f->db.st, NULL), HW_INTERNAL);
	hw_store_rollback(f->db.st);
	hw_store_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_newer_and_foreign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versioned_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_gate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changes_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
