/*
 * test_exchange_audit.c - the audit records of the exchange ledger
 * (homeward/exchange_audit.h), through a front end's `append` that keeps
 * them: one record per person named, each once; a decision with the entry
 * before and after and the persons before and after it; a completion with
 * the stage and every person it moves; and a write whose record cannot be
 * appended, which the caller rolls back whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/exchange_audit.h"
#include "homeward/match.h"
#include "homeward/registry.h"
#include "tmpdb.h"

/* Three of ours held by the other side; the other side's list of two. */
static const char registry_csv[] =
	"ref,family_name,given_name,patronymic,sex,birth_date,status,held_by,captured_on\n"
	"a,Коваленко,Олександр,Петрович,M,1987-03-14,captive,adversary,2022-05-01\n"
	"b,Поліщук,Андрій,Іванович,M,1990-07-02,captive,adversary,2022-02-24\n"
	"c,Гудзь,Оксана,Василівна,F,1995-01-09,captive,adversary,2023-01-15\n";
static const char list_csv[] =
	"line,full_name,birth_date\n"
	"1,Коваленко Александр Петрович,14.03.1987\n"
	"2,Гудзь Оксана Васильевна,09.01.1995\n";

struct fixture {
	struct tmpdb db;
	int64_t stage;
	json_t *records;  /* what `append` was handed, as JSON */
	int fail_at;      /* the record `append` refuses (1, 2, ...); 0: none */
	struct hw_xaudit au;
};

static enum hw_err keep(void *ctx, const char *action, const char *object_type,
			const char *object_id, int64_t person_id, json_t *before, json_t *after,
			struct hw_error *err)
{
	struct fixture *f = ctx;

	if (f->fail_at && (int)json_array_size(f->records) + 1 == f->fail_at)
		return hw_error_set(err, HW_IO, "the trail is full");
	json_array_append_new(f->records,
			      json_pack("{s:s, s:s?, s:s?, s:I, s:O?, s:O?}", "action", action,
					"type", object_type, "id", object_id, "person",
					(json_int_t)person_id, "before", before, "after", after));
	return HW_OK;
}

static int64_t person(struct fixture *f, const char *ref)
{
	int64_t id = 0;

	assert_int_equal(hw_store_person_by_extref(f->db.st, "test", ref, &id, NULL), HW_OK);
	return id;
}

static int setup(void **state)
{
	struct hw_import_options o = { .source_label = "test", .max_errors = 50 };
	struct hw_import_result res;
	struct hw_match_index *ix = NULL;
	struct hw_xlist_result xres;
	struct hw_exchange x;
	struct hw_stage s;
	struct fixture *f;
	FILE *in;
	int rc = -1;

	if (tmpdb_setup(state, sizeof(struct fixture)))
		return -1;
	f = *state;
	f->records = json_array();
	f->au.append = keep;
	f->au.ctx = f;
	f->au.actor = "verifier";
	hw_exchange_init(&x);
	hw_stage_init(&s);
	x.name = hw_strdup("Test");
	in = fmemopen((void *)registry_csv, strlen(registry_csv), "r");
	if (!in || hw_registry_import_persons(f->db.st, in, "reg.csv", &o, &res, NULL))
		goto out;
	fclose(in);
	in = NULL;
	if (hw_exchange_create(f->db.st, &x, "coordinator", NULL))
		goto out;
	s.exchange_id = x.id;
	if (hw_stage_add(f->db.st, &s, "coordinator", NULL) ||
	    hw_match_index_build(&ix, f->db.st, NULL))
		goto out;
	f->stage = s.id;
	in = fmemopen((void *)list_csv, strlen(list_csv), "r");
	rc = hw_xlist_import(f->db.st, ix, s.id, in, "list.csv", NULL, 1, "coordinator", &xres,
			     NULL) ? -1 : 0;
	assert_int_equal(xres.pending, 2);
out:
	if (in)
		fclose(in);
	hw_match_index_free(ix);
	hw_exchange_release(&x);
	hw_stage_release(&s);
	return rc;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	json_decref(f->records);
	return tmpdb_teardown(state);
}

/* Member `key` of record `i`, a string ("" when none). */
static const char *rec(struct fixture *f, size_t i, const char *path)
{
	json_t *o = json_array_get(f->records, i);
	char key[64], *dot;
	const char *s;

	snprintf(key, sizeof(key), "%s", path);
	while ((dot = strchr(key, '.'))) {
		*dot = '\0';
		o = json_object_get(o, key);
		memmove(key, dot + 1, strlen(dot + 1) + 1);
	}
	o = json_object_get(o, key);
	s = json_string_value(o);
	return s ? s : "";
}

static int64_t rec_person(struct fixture *f, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(f->records, i), "person"));
}

static void entry_of_line(struct fixture *f, const char *line, struct hw_xentry *e)
{
	int64_t id;

	assert_int_equal(hw_xentry_by_line(f->db.st, f->stage, line, &id, NULL), HW_OK);
	hw_xentry_init(e);
	assert_int_equal(hw_xentry_get(f->db.st, id, e, NULL), HW_OK);
}

/* Each person once, in order; nobody: one record naming nobody. */
static void persons_once_each(void **state)
{
	struct fixture *f = *state;
	int64_t v[] = { 3, 0, 3, -1, 5, 3 };
	struct hw_ids ids = { v, 6, 6, 0 }, none = { NULL, 0, 0, 0 };
	json_t *after = json_pack("{s:i}", "entries", 2);

	assert_int_equal(hw_xaudit_persons(&f->au, "exchange.entries", "stage", "EX-000001/1",
					   &ids, after, NULL),
			 HW_OK);
	assert_int_equal(json_array_size(f->records), 2);
	assert_int_equal(rec_person(f, 0), 3);
	assert_int_equal(rec_person(f, 1), 5);
	assert_true(json_equal(json_object_get(json_array_get(f->records, 1), "after"), after));
	assert_int_equal(hw_xaudit_persons(&f->au, "exchange.entry", "entry", "1", &none, NULL,
					   NULL),
			 HW_OK);
	assert_int_equal(json_array_size(f->records), 3);
	assert_int_equal(rec_person(f, 2), 0);
	json_decref(after);
}

/* A decision: the entry before and after; when it names another person,
 * a record for the one after and one for the one before. */
static void decision_records(void **state)
{
	struct fixture *f = *state;
	struct hw_xdecide d = { HW_XDECIDE_CONFIRM, 0, NULL };
	struct hw_xentry e;
	json_t *after = NULL;
	long version = 0;

	entry_of_line(f, "1", &e);
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_xaudit_decide(f->db.st, &f->au, &d, &e, &after, &version, NULL),
			 HW_OK);
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	assert_int_equal(json_array_size(f->records), 1);
	assert_string_equal(rec(f, 0, "action"), "exchange.confirm");
	assert_string_equal(rec(f, 0, "type"), "entry");
	assert_int_equal(atoll(rec(f, 0, "id")), e.id);
	assert_int_equal(rec_person(f, 0), person(f, "a"));
	assert_string_equal(rec(f, 0, "before.state"), "pending");
	assert_string_equal(rec(f, 0, "before.etag"), "\"d1\"");
	assert_string_equal(rec(f, 0, "after.state"), "confirmed");
	assert_string_equal(rec(f, 0, "after.etag"), "\"d2\"");
	assert_string_equal(rec(f, 0, "after.decided_by"), "verifier");
	assert_int_equal(version, 2);
	assert_true(json_equal(json_object_get(json_array_get(f->records, 0), "after"), after));
	json_decref(after);

	/* confirmed again as another: the person after, then the one before */
	d.person = person(f, "b");
	d.reason = "the family knows him";
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_xaudit_decide(f->db.st, &f->au, &d, &e, NULL, NULL, NULL), HW_OK);
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	assert_int_equal(json_array_size(f->records), 3);
	assert_int_equal(rec_person(f, 1), person(f, "b"));
	assert_int_equal(rec_person(f, 2), person(f, "a"));
	assert_string_equal(rec(f, 2, "before.person"), "HW-000001");
	assert_string_equal(rec(f, 2, "after.person"), "HW-000002");
	hw_xentry_release(&e);
}

/* Completing: the stage before and after, then every person it moves. */
static void completion_records(void **state)
{
	struct fixture *f = *state;
	struct hw_date none = { 0, 0, 0 };
	json_t *done = json_array();

	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_xaudit_confirm_proposed(f->db.st, &f->au, f->stage, "checked", done,
						    NULL, NULL, NULL),
			 HW_OK);
	assert_int_equal(hw_xaudit_stage_complete(f->db.st, &f->au, f->stage, &none, 0, NULL,
						  NULL, NULL),
			 HW_OK);
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	assert_int_equal(json_array_size(done), 2);
	assert_int_equal(json_array_size(f->records), 5);
	assert_string_equal(rec(f, 0, "action"), "exchange.confirm_proposed");
	assert_string_equal(rec(f, 0, "after.person"), "HW-000001");
	assert_string_equal(rec(f, 2, "action"), "exchange.complete");
	assert_string_equal(rec(f, 2, "id"), "EX-000001/1");
	assert_int_equal(rec_person(f, 2), 0);
	assert_string_equal(rec(f, 2, "before.state"), "in_progress");
	assert_string_equal(rec(f, 2, "after.state"), "completed");
	assert_int_equal(rec_person(f, 3), person(f, "a"));
	assert_int_equal(rec_person(f, 4), person(f, "c"));
	assert_string_equal(rec(f, 4, "after.stage"), "EX-000001/1");
	assert_string_equal(rec(f, 4, "after.state"), "completed");
	json_decref(done);
}

/* A record that cannot be appended fails the write, which the caller
 * rolls back whole: the entry, the person, the stage as they were. */
static void failed_record_fails_the_write(void **state)
{
	struct fixture *f = *state;
	struct hw_date none = { 0, 0, 0 };
	struct hw_error err;
	struct hw_person p;
	struct hw_stage s;
	json_t *done = json_array();

	hw_error_clear(&err);
	f->fail_at = 2;
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_xaudit_confirm_proposed(f->db.st, &f->au, f->stage, "checked", done,
						    NULL, NULL, &err),
			 HW_IO);
	hw_store_rollback(f->db.st);
	hw_person_init(&p);
	assert_int_equal(hw_store_person_get(f->db.st, person(f, "a"), &p, NULL), HW_OK);
	assert_int_equal(p.status, HW_STATUS_CAPTIVE);
	hw_person_release(&p);

	json_array_clear(f->records);
	f->fail_at = 1;
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_xaudit_stage_complete(f->db.st, &f->au, f->stage, &none, 1, "test",
						  NULL, &err),
			 HW_IO);
	hw_store_rollback(f->db.st);
	hw_stage_init(&s);
	assert_int_equal(hw_stage_get(f->db.st, f->stage, &s, NULL), HW_OK);
	assert_int_equal(s.state, HW_XSTATE_IN_PROGRESS);
	hw_stage_release(&s);
	json_decref(done);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(persons_once_each),
		T(decision_records),
		T(completion_records),
		T(failed_record_fails_the_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
