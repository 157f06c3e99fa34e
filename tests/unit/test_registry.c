/*
 * test_registry.c - registry operations and the persons import: all or
 * nothing, every error listed with its position, --skip-invalid with
 * rejects, idempotent re-import, updates through references, status
 * changes through events, and an export that re-imports to the same
 * registry.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "homeward/persons_csv.h"
#include "homeward/registry.h"
#include "homeward/store.h"
#include "tmpdb.h"

#define HEADER "ref,family_name,given_name,patronymic,sex,birth_date,category,branch,rank," \
	       "status,held_by,region,tags\n"

/* A test's database (first, for tmpdb_setup) and what the test keeps beside it. */
struct fixture {
	struct tmpdb db;
	char diag[8192];
	char rejects[8192];
	struct hw_import_result res;
};


static int setup(void **state)
{
	return tmpdb_setup(state, sizeof(struct fixture));
}

static int teardown(void **state)
{
	return tmpdb_teardown(state);
}

static enum hw_err import(struct fixture *f, const char *csv, int skip)
{
	struct hw_import_options o = { .source_label = "test", .skip_invalid = skip,
					  .max_errors = 50 };
	FILE *in = fmemopen((void *)csv, strlen(csv), "r");
	FILE *diag = fmemopen(f->diag, sizeof(f->diag) - 1, "w");
	FILE *rej = fmemopen(f->rejects, sizeof(f->rejects) - 1, "w");
	struct hw_error e;
	enum hw_err rc;

	memset(f->diag, 0, sizeof(f->diag));
	memset(f->rejects, 0, sizeof(f->rejects));
	o.diagnostics = diag;
	o.rejects = skip ? rej : NULL;
	hw_error_clear(&e);
	rc = hw_registry_import_persons(f->db.st, in, "p.csv", &o, &f->res, &e);
	fclose(in);
	fclose(diag);
	fclose(rej);
	return rc;
}

static int64_t count(struct fixture *f)
{
	struct hw_person_filter all = { 0 };
	int64_t n = -1;

	assert_int_equal(hw_store_person_count(f->db.st, &all, &n, NULL), HW_OK);
	return n;
}

static void get(struct fixture *f, const char *ref, struct hw_person *p)
{
	int64_t id;

	hw_person_init(p);
	assert_int_equal(hw_store_person_resolve(f->db.st, ref, &id, NULL), HW_OK);
	assert_int_equal(hw_store_person_get(f->db.st, id, p, NULL), HW_OK);
}

static const char good[] =
	"\xef\xbb\xbf" HEADER
	"a-1,Коваленко,Олександр,Петрович,M,1987-03-14,military,marines,senior_soldier,captive,"
	"adversary,donetsk,mariupol\r\n"
	"a-2,Мельник,Ганна,Іванівна,F,14.03.1990,civilian,,,missing,adversary,kherson,\r\n"
	"a-3,\"Петренко-Коваль\",Сергій,,M,1979,military,ngu,lieutenant,listed,,,\"chornobyl_npp;"
	"mariupol\"\r\n";

static void test_import_good(void **state)
{
	struct fixture *f = *state;
	struct hw_person p;

	assert_int_equal(import(f, good, 0), HW_OK);
	assert_int_equal(f->res.rows, 3);
	assert_int_equal(f->res.created, 3);
	assert_int_equal(count(f), 3);
	get(f, "test:a-3", &p);
	assert_string_equal(p.names[0].family, "Петренко-Коваль");
	assert_int_equal(p.status, HW_STATUS_LISTED);
	assert_int_equal(p.rank, HW_RANK_LIEUTENANT);
	assert_int_equal(p.ntags, 2);
	hw_person_release(&p);
	get(f, "a-2", &p);
	assert_int_equal(p.birth_date.day, 14);
	assert_int_equal(p.category, HW_CATEGORY_CIVILIAN);
	hw_person_release(&p);
}

static void test_reimport_is_idempotent(void **state)
{
	struct fixture *f = *state;
	struct hw_person p;

	assert_int_equal(import(f, good, 0), HW_OK);
	assert_int_equal(import(f, good, 0), HW_OK);
	assert_int_equal(f->res.created, 0);
	assert_int_equal(f->res.updated, 0);
	assert_int_equal(f->res.unchanged, 3);
	assert_int_equal(count(f), 3);
	get(f, "a-1", &p);
	assert_int_equal(p.version, 1);
	hw_person_release(&p);
}

static void test_reimport_updates(void **state)
{
	struct fixture *f = *state;
	static const char changed[] = HEADER
		"a-1,Коваленко,Олександр,Петрович,M,1987-03-14,military,marines,sergeant,returned,"
		"adversary,donetsk,mariupol\n";
	struct hw_person p;

	assert_int_equal(import(f, good, 0), HW_OK);
	assert_int_equal(import(f, changed, 0), HW_OK);
	assert_int_equal(f->res.updated, 1);
	assert_int_equal(count(f), 3);
	get(f, "a-1", &p);
	assert_int_equal(p.rank, HW_RANK_SERGEANT);
	assert_int_equal(p.status, HW_STATUS_RETURNED);
	/* the edit of the fields, then the new status (an event) */
	assert_int_equal(p.version, 3);
	hw_person_release(&p);
}

static void test_impossible_status_change(void **state)
{
	struct fixture *f = *state;
	static const char back[] = HEADER
		"a-1,Коваленко,Олександр,Петрович,M,1987-03-14,military,marines,senior_soldier,"
		"handed_over,adversary,donetsk,mariupol\n";
	struct hw_person p;

	assert_int_equal(import(f, good, 0), HW_OK);
	assert_int_equal(import(f, back, 0), HW_INVALID);
	assert_non_null(strstr(f->diag, "p.csv:2:"));
	assert_non_null(strstr(f->diag, "cannot change from 'captive' to 'handed_over'"));
	get(f, "a-1", &p);
	assert_int_equal(p.status, HW_STATUS_CAPTIVE);
	assert_int_equal(p.version, 1);
	hw_person_release(&p);
}

static const char bad[] = HEADER
	"b-1,Бойко,Тарас,,M,1990-01-01,military,army,soldier,captive,adversary,kharkiv,\n"
	"b-2,Бондар,Іван,,M,31.02.1990,military,army,soldier,captive,adversary,kharkiv,\n"
	"b-3,Ткаченко,Андрій,,M,1990,military,cavalry,soldier,captive,adversary,kharkiv,\n"
	"b-4,Лисенко,,,M,1990,military,army,soldier,captive,adversary,kharkiv,\n"
	"b-5,Савченко,Остап,,M,1991,civilian,army,,missing,adversary,kyiv,\n"
	"b-6,Руденко,Ігор,,M,1992,military,army,soldier,captive,adversary,atlantis,\n"
	"b-7,Гончар,Петро,,M,1992\n";

static void test_invalid_rows_abort_everything(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import(f, bad, 0), HW_INVALID);
	assert_int_equal(count(f), 0);
	assert_int_equal(f->res.rejected, 6);
	assert_non_null(strstr(f->diag, "p.csv:3:20: birth_date: '31.02.1990' is not a date"));
	assert_non_null(strstr(f->diag, "p.csv:4:"));
	assert_non_null(strstr(f->diag, "branch: unknown branch 'cavalry' (allowed: army,"));
	assert_non_null(strstr(f->diag, "p.csv:5:13: given_name: is required"));
	assert_non_null(strstr(f->diag, "p.csv:6:"));
	assert_non_null(strstr(f->diag, "a civilian has no branch"));
	assert_non_null(strstr(f->diag, "region: unknown region 'atlantis'"));
	assert_non_null(strstr(f->diag, "p.csv:8"));
	assert_non_null(strstr(f->diag, "expected 13 fields, found 6"));
}

static void test_skip_invalid_writes_rejects(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import(f, bad, 1), HW_OK);
	assert_int_equal(count(f), 1);
	assert_int_equal(f->res.created, 1);
	assert_int_equal(f->res.rejected, 6);
	assert_non_null(strstr(f->rejects, "tags,reason\n"));
	assert_non_null(strstr(f->rejects, "b-2,Бондар,Іван,,M,31.02.1990,"));
	assert_non_null(strstr(f->rejects, "is not a date"));
	assert_non_null(strstr(f->rejects, "b-7,Гончар,Петро,,M,1992,"));
}

static void test_header_errors(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import(f, "ref,family_name,given,notes\nx,y,z,w\n", 0), HW_INVALID);
	assert_int_equal(import(f, "ref,given_name\nx,y\n", 0), HW_INVALID);
	assert_int_equal(import(f, "family_name,given_name,family_name\nx,y,z\n", 0), HW_INVALID);
	assert_int_equal(import(f, "", 0), HW_INVALID);
	assert_int_equal(import(f, HEADER "c-1,Бойко,\xff\xfe,,,,,,,,,,\n", 0), HW_INVALID);
	assert_int_equal(import(f, HEADER "c-1,\"Бойко,Тарас,,,,,,,,,,\n", 0), HW_INVALID);
	assert_int_equal(count(f), 0);
}

static void test_conflicting_references(void **state)
{
	struct fixture *f = *state;
	static const char two[] = HEADER
		"test:a-1;test:a-2,Коваленко,Олександр,,M,1987,military,,,captive,,,\n";

	assert_int_equal(import(f, good, 0), HW_OK);
	assert_int_equal(import(f, two, 0), HW_INVALID);
	assert_non_null(strstr(f->diag, "the references name different persons"));
}

struct export_ctx {
	struct hw_buf buf;
	struct hw_csv_writer w;
};

static int write_one(void *ctx, const struct hw_person *p)
{
	struct export_ctx *x = ctx;

	assert_int_equal(hw_persons_csv_write(&x->w, p), HW_OK);
	return 0;
}

static char *export_all(struct hw_store *st)
{
	struct export_ctx x = { HW_BUF_INIT, { NULL, 0, 0 } };
	struct hw_person_filter all = { 0 };

	hw_csv_writer_init(&x.w, &x.buf);
	assert_int_equal(hw_persons_csv_write_header(&x.w), HW_OK);
	assert_int_equal(hw_store_person_each(st, &all, write_one, &x, NULL), HW_OK);
	return hw_buf_detach(&x.buf, NULL);
}

static void test_export_reimports_to_same_registry(void **state)
{
	struct fixture *f = *state;
	struct hw_person p;
	char *first, *second;
	struct hw_store *other = NULL;
	char path[160];

	assert_int_equal(import(f, good, 0), HW_OK);
	/* a person without external refs, and one with a gap in the ids */
	hw_person_init(&p);
	hw_person_add_name(&p, HW_NAME_PRIMARY, "Гребінь", "Соломія", NULL, HW_SCRIPT_UNKNOWN,
			   NULL);
	p.id = 10;
	hw_person_set_str(&p.notes, "нотатка, з комою\nі новим рядком");
	p.health = HW_HEALTH_SERIOUSLY_ILL;
	assert_int_equal(hw_registry_person_add(f->db.st, &p, HW_STATUS_NONE, NULL, 0, NULL, NULL),
			 HW_OK);
	hw_person_release(&p);
	first = export_all(f->db.st);

	snprintf(path, sizeof(path), "%s/copy.db", f->db.dir);
	assert_int_equal(hw_store_open(&other, path, HW_STORE_CREATE, NULL), HW_OK);
	{
		struct hw_store *mine = f->db.st;

		f->db.st = other;
		assert_int_equal(import(f, first, 0), HW_OK);
		assert_int_equal(f->res.created, 4);
		f->db.st = mine;
	}
	second = export_all(other);
	assert_string_equal(first, second);
	hw_store_close(other);
	free(first);
	free(second);
}

/* What the before_commit hook of an import saw. */
struct hook {
	int calls, in_tx;
	enum hw_err rc;
	struct hw_import_result seen;
};

static enum hw_err before_commit(void *ctx, struct hw_store *st,
				 const struct hw_import_result *res, struct hw_error *err)
{
	struct hook *h = ctx;

	h->calls++;
	h->in_tx = hw_store_in_transaction(st);
	h->seen = *res;
	return h->rc ? hw_error_set(err, h->rc, "refused by the hook") : HW_OK;
}

static enum hw_err import_hooked(struct fixture *f, const char *csv, struct hook *h)
{
	struct hw_import_options o = { .source_label = "test", .max_errors = 50,
					  .before_commit = before_commit, .before_commit_ctx = h };
	FILE *in = fmemopen((void *)csv, strlen(csv), "r");
	enum hw_err rc = hw_registry_import_persons(f->db.st, in, "p.csv", &o, &f->res, NULL);

	fclose(in);
	return rc;
}

/* The hook runs in the import's transaction, with the size and SHA-256 of
 * all that was read; its error undoes the import; a failed import does not
 * call it. */
static void test_import_before_commit(void **state)
{
	struct fixture *f = *state;
	struct hook h = { 0, 0, HW_STORE, { 0 } };
	unsigned char want[32];

	assert_int_equal(import_hooked(f, good, &h), HW_STORE);
	assert_int_equal(h.calls, 1);
	assert_int_equal(h.in_tx, 1);
	assert_int_equal(h.seen.created, 3);
	assert_int_equal(h.seen.bytes, strlen(good));
	crypto_hash_sha256(want, (const unsigned char *)good, strlen(good));
	assert_memory_equal(h.seen.sha256, want, sizeof(want));
	assert_int_equal(count(f), 0);
	h.rc = HW_OK;
	assert_int_equal(import_hooked(f, good, &h), HW_OK);
	assert_int_equal(h.calls, 2);
	assert_int_equal(count(f), 3);
	assert_memory_equal(f->res.sha256, want, sizeof(want));
	assert_int_equal(import_hooked(f, HEADER "a-9,Бойко,,,X,,,,,,,,\n", &h), HW_INVALID);
	assert_int_equal(h.calls, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_impossible_status_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_rows_abort_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_invalid_writes_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_before_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicting_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_reimports_to_same_registry, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
