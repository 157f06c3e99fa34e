/*
 * test_exchange.c - the exchange ledger: every state transition, stages
 * and references, the incoming list through the matcher, verification,
 * the one-open-list rule, the outgoing list, completion in one
 * transaction (also when it fails in the middle), forced completion,
 * count reconciliation, historic counts, cancellation, proposing names.
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

#include "homeward/alloc.h"
#include "homeward/exchange.h"
#include "homeward/list.h"
#include "homeward/match.h"
#include "homeward/registry.h"
#include "homeward/store.h"
#include "tmpdb.h"

/* Ten of ours held by the other side (a..j), three detainees (x, y, z). */
static const char registry_csv[] =
	"ref,family_name,given_name,patronymic,sex,birth_date,category,branch,rank,status,"
	"held_by,captured_on,tags,notes\n"
	"a,Коваленко,Олександр,Петрович,M,1987-03-14,military,army,soldier,captive,adversary,"
	"2022-05-01,,\n"
	"b,Поліщук,Андрій,Іванович,M,1990-07-02,military,navy,sergeant,captive,adversary,"
	"2022-02-24,snake_island,\n"
	"c,Білоуський,Тарас,Миколайович,M,1979-11-30,military,ngu,captain,captive,adversary,"
	"2022-02-24,chornobyl_npp,\n"
	"d,Гудзь,Оксана,Василівна,F,1995-01-09,civilian,,,captive,adversary,2023-01-15,,\n"
	"e,Ярошенко,Богдан,Степанович,M,1968-06-21,military,tdf,soldier,captive,adversary,"
	"2024-03-03,,\n"
	"f,Кравчук,Роман,Олегович,M,1999-12-12,military,sbgs,soldier,missing,adversary,"
	"2022-04-20,mariupol,\n"
	"g,Лисенко,Ірина,Петрівна,F,1985-05-05,civilian,,,captive,adversary,2022-03-10,,\n"
	"h,Ткаченко,Василь,Юрійович,M,1992-02-02,military,army,soldier,returned,adversary,"
	"2022-06-01,,\n"
	"i,Дорошенко,Максим,Ігорович,M,1997-08-08,military,army,soldier,captive,adversary,"
	",,\n"
	"j,Сидоренко,Павло,Андрійович,M,1975-04-04,military,marines,soldier,captive,adversary,"
	"2022-04-15,mariupol,\n"
	"x,Смирнов,Алексей,Викторович,M,1991-01-01,military,other,soldier,captive,us,2023-01-01,,\n"
	"y,Кузнецов,Игорь,Петрович,M,1993-02-02,military,other,soldier,captive,us,2023-02-02,,\n"
	"z,Попов,Дмитрий,Олегович,M,1989-03-03,military,other,soldier,captive,us,2023-03-03,,\n";

/* How the other side writes three of them, and one stranger. */
static const char list_csv[] =
	"line,full_name,birth_date\n"
	"1,Коваленко Александр Петрович,14.03.1987\n"
	"2,POLISHCHUK Andrii Ivanovych,1990\n"
	"3,Гудзь Оксана,09.01.1995\n"
	"4,Невідомий Йосип Карлович,01.01.1950\n";

struct fixture {
	struct tmpdb db;
	struct hw_match_index *ix;
	int64_t x;      /* an agreement */
	int64_t s1, s2; /* its stages */
	char diag[4096];
};

static int64_t person(struct fixture *f, const char *ref)
{
	int64_t id = 0;

	assert_int_equal(hw_store_person_by_extref(f->db.st, "test", ref, &id, NULL), HW_OK);
	return id;
}

static enum hw_status status_of(struct fixture *f, const char *ref)
{
	struct hw_person p;
	enum hw_status s;

	hw_person_init(&p);
	assert_int_equal(hw_store_person_get(f->db.st, person(f, ref), &p, NULL), HW_OK);
	s = p.status;
	hw_person_release(&p);
	return s;
}

static int setup(void **state)
{
	struct hw_import_options o = { .source_label = "test", .max_errors = 50 };
	struct hw_import_result res;
	struct hw_exchange x;
	struct hw_stage s;
	struct fixture *f;
	FILE *in;

	if (tmpdb_setup(state, sizeof(struct fixture)))
		return -1;
	f = *state;
	in = fmemopen((void *)registry_csv, strlen(registry_csv), "r");
	o.diagnostics = stderr;
	if (hw_registry_import_persons(f->db.st, in, "reg.csv", &o, &res, NULL))
		return -1;
	fclose(in);
	if (hw_match_index_build(&f->ix, f->db.st, NULL))
		return -1;
	hw_exchange_init(&x);
	x.name = hw_strdup("Test 3 for 3");
	x.quota_in = 3;
	x.quota_out = 3;
	x.national_number = 60;
	hw_date_parse("2025-01-10", &x.agreed_on, NULL);
	if (hw_exchange_create(f->db.st, &x, "coordinator", NULL))
		return -1;
	f->x = x.id;
	hw_exchange_release(&x);
	hw_stage_init(&s);
	s.exchange_id = f->x;
	s.planned_in = 3;
	s.planned_out = 1;
	hw_date_parse("2025-01-15", &s.date, NULL);
	if (hw_stage_add(f->db.st, &s, "coordinator", NULL))
		return -1;
	f->s1 = s.id;
	hw_stage_init(&s);
	s.exchange_id = f->x;
	s.planned_in = 0;
	s.planned_out = 2;
	if (hw_stage_add(f->db.st, &s, "coordinator", NULL))
		return -1;
	f->s2 = s.id;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	hw_match_index_free(f->ix);
	return tmpdb_teardown(state);
}

static enum hw_err import_list(struct fixture *f, int64_t stage, const char *csv,
			       struct hw_xlist_result *res, struct hw_error *e)
{
	FILE *in = fmemopen((void *)csv, strlen(csv), "r");
	FILE *diag = fmemopen(f->diag, sizeof(f->diag) - 1, "w");
	enum hw_err rc;

	memset(f->diag, 0, sizeof(f->diag));
	rc = hw_xlist_import(f->db.st, f->ix, stage, in, "list.csv", diag, 1, "verifier", res, e);
	fclose(in);
	fclose(diag);
	return rc;
}

static int64_t entry(struct fixture *f, int64_t stage, const char *line)
{
	int64_t id = 0;

	assert_int_equal(hw_xentry_by_line(f->db.st, stage, line, &id, NULL), HW_OK);
	return id;
}

static struct hw_xentry get_entry(struct fixture *f, int64_t id)
{
	struct hw_xentry e;

	hw_xentry_init(&e);
	assert_int_equal(hw_xentry_get(f->db.st, id, &e, NULL), HW_OK);
	return e;
}

static enum hw_xstate stage_state(struct fixture *f, int64_t id)
{
	struct hw_stage s;
	enum hw_xstate st;

	hw_stage_init(&s);
	assert_int_equal(hw_stage_get(f->db.st, id, &s, NULL), HW_OK);
	st = s.state;
	hw_stage_release(&s);
	return st;
}

static enum hw_xstate exchange_state(struct fixture *f)
{
	struct hw_exchange x;
	enum hw_xstate st;

	hw_exchange_init(&x);
	assert_int_equal(hw_exchange_get(f->db.st, f->x, &x, NULL), HW_OK);
	st = x.state;
	hw_exchange_release(&x);
	return st;
}

struct count_events {
	enum hw_event_type type;
	int64_t stage;
	int n;
	struct hw_date date;
};

static int count_event(void *ctx, const struct hw_event *e)
{
	struct count_events *c = ctx;

	if (e->type == c->type && (!c->stage || e->stage_id == c->stage)) {
		c->n++;
		c->date = e->date;
	}
	return 0;
}

static int events_of(struct fixture *f, const char *ref, enum hw_event_type type, int64_t stage)
{
	struct count_events c = { type, stage, 0, { 0, 0, 0 } };

	assert_int_equal(hw_store_event_each(f->db.st, person(f, ref), count_event, &c, NULL),
			 HW_OK);
	return c.n;
}

/* Imports the list into stage 1 and confirms lines 1-3 as a, b and d. */
static void verified_stage(struct fixture *f)
{
	struct hw_xlist_result res;

	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, f->s1, "1"), person(f, "a"), NULL,
					   "verifier", NULL), HW_OK);
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, f->s1, "2"), person(f, "b"), NULL,
					   "verifier", NULL), HW_OK);
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, f->s1, "3"), person(f, "d"), NULL,
					   "verifier", NULL), HW_OK);
	assert_int_equal(hw_xentry_reject(f->db.st, entry(f, f->s1, "4"), "not in our registry",
					  "verifier", NULL), HW_OK);
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s1, person(f, "x"), "coordinator", NULL),
			 HW_OK);
}

/* ---- states -------------------------------------------------------------- */

static void transition_table(void **state)
{
	static const int allowed[4][4] = {
		/* to: planned in_progress completed cancelled */
		[HW_XSTATE_PLANNED] = { 0, 1, 0, 1 },
		[HW_XSTATE_IN_PROGRESS] = { 0, 0, 1, 1 },
		[HW_XSTATE_COMPLETED] = { 0, 0, 0, 0 },
		[HW_XSTATE_CANCELLED] = { 0, 0, 0, 0 },
	};
	int from, to;

	(void)state;
	for (from = 0; from < 4; from++)
		for (to = 0; to < 4; to++)
			assert_int_equal(hw_xstate_allowed(from, to), allowed[from][to]);
	assert_int_equal(hw_xstate_allowed(-1, 1), 0);
	assert_int_equal(hw_xstate_allowed(0, 9), 0);
}

static void agreement_states(void **state)
{
	struct fixture *f = *state;
	struct hw_error e;

	hw_error_clear(&e);
	assert_int_equal(exchange_state(f), HW_XSTATE_PLANNED);
	/* planned -> completed skips a state */
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_COMPLETED, NULL, "c", &e),
			 HW_REFUSED);
	assert_non_null(strstr(e.message, "planned cannot become completed"));
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_IN_PROGRESS, NULL, "c",
					       NULL), HW_OK);
	/* completing needs every stage closed */
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_COMPLETED, NULL, "c", &e),
			 HW_REFUSED);
	assert_non_null(strstr(e.message, "2 stages"));
	/* cancelling needs a reason, and cancels the open stages */
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_CANCELLED, NULL, "c", &e),
			 HW_INVALID);
	assert_string_equal(e.field, "reason");
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_CANCELLED, "talks failed",
					       "c", NULL), HW_OK);
	assert_int_equal(exchange_state(f), HW_XSTATE_CANCELLED);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_CANCELLED);
	assert_int_equal(stage_state(f, f->s2), HW_XSTATE_CANCELLED);
	/* final */
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_IN_PROGRESS, NULL, "c",
					       &e), HW_REFUSED);
	assert_non_null(strstr(e.message, "final"));
}

static void agreement_completes_when_stages_closed(void **state)
{
	struct fixture *f = *state;

	verified_stage(f);
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "line 4 not ours", "c", NULL),
			 HW_OK);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s2, HW_XSTATE_CANCELLED, "postponed", "c",
					    NULL), HW_OK);
	assert_int_equal(exchange_state(f), HW_XSTATE_IN_PROGRESS);
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_COMPLETED, NULL, "c",
					       NULL), HW_OK);
	assert_int_equal(exchange_state(f), HW_XSTATE_COMPLETED);
}

static void stage_states(void **state)
{
	struct fixture *f = *state;
	struct hw_error e;

	hw_error_clear(&e);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_PLANNED);
	/* only hw_stage_complete completes */
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_COMPLETED, NULL, "c", &e),
			 HW_REFUSED);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_IN_PROGRESS, NULL, "c", NULL),
			 HW_OK);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_IN_PROGRESS);
	/* a stage in progress moves its agreement in progress */
	assert_int_equal(exchange_state(f), HW_XSTATE_IN_PROGRESS);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_IN_PROGRESS, NULL, "c", &e),
			 HW_REFUSED);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_PLANNED, NULL, "c", &e),
			 HW_REFUSED);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_CANCELLED, "", "c", &e),
			 HW_INVALID);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_CANCELLED, "postponed", "c",
					    NULL), HW_OK);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_IN_PROGRESS, NULL, "c", &e),
			 HW_REFUSED);
	/* a cancelled stage takes no list and cannot be completed */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s1, person(f, "x"), "c", &e), HW_REFUSED);
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "why", "c", &e), HW_REFUSED);
}

/* ---- agreements, stages, references ----------------------------------------- */

static void create_validates(void **state)
{
	struct fixture *f = *state;
	struct hw_exchange x;
	struct hw_error e;

	hw_error_clear(&e);
	hw_exchange_init(&x);
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", &e), HW_INVALID);
	assert_string_equal(e.field, "name");
	x.name = hw_strdup("Test 3 for 3");
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", &e), HW_CONFLICT);
	hw_free(x.name);
	x.name = hw_strdup("EX-12");
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", &e), HW_INVALID);
	hw_free(x.name);
	x.name = hw_strdup("a/b");
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", &e), HW_INVALID);
	hw_free(x.name);
	x.name = hw_strdup("Another");
	x.quota_in = -5;
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", &e), HW_INVALID);
	assert_string_equal(e.field, "quota_in");
	x.quota_in = 10;
	x.national_number = -1;
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", &e), HW_INVALID);
	x.national_number = 61;
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", NULL), HW_OK);
	assert_true(x.id > f->x);
	assert_int_equal(x.state, HW_XSTATE_PLANNED);
	hw_exchange_release(&x);
}

static void references(void **state)
{
	struct fixture *f = *state;
	struct hw_error e;
	char ref[HW_XREF_MAX], buf[64];
	int64_t id;

	hw_error_clear(&e);
	hw_exchange_ref_format(f->x, ref);
	assert_string_equal(ref, "EX-000001");
	assert_int_equal(hw_exchange_resolve(f->db.st, "EX-000001", &id, NULL), HW_OK);
	assert_int_equal(id, f->x);
	assert_int_equal(hw_exchange_resolve(f->db.st, "1", &id, NULL), HW_OK);
	assert_int_equal(hw_exchange_resolve(f->db.st, "Test 3 for 3", &id, NULL), HW_OK);
	assert_int_equal(id, f->x);
	assert_int_equal(hw_exchange_resolve(f->db.st, "EX-000009", &id, &e), HW_NOT_FOUND);
	assert_int_equal(hw_exchange_resolve(f->db.st, "nothing", &id, &e), HW_NOT_FOUND);
	assert_int_equal(hw_exchange_resolve(f->db.st, "", &id, &e), HW_INVALID);
	hw_stage_ref_format(f->x, 2, ref);
	assert_string_equal(ref, "EX-000001/2");
	assert_int_equal(hw_stage_resolve(f->db.st, ref, &id, NULL), HW_OK);
	assert_int_equal(id, f->s2);
	assert_int_equal(hw_stage_resolve(f->db.st, "Test 3 for 3/1", &id, NULL), HW_OK);
	assert_int_equal(id, f->s1);
	assert_int_equal(hw_stage_resolve(f->db.st, "EX-000001/3", &id, &e), HW_NOT_FOUND);
	assert_int_equal(hw_stage_resolve(f->db.st, "EX-000001/x", &id, &e), HW_INVALID);
	assert_int_equal(hw_stage_resolve(f->db.st, "EX-000001/", &id, &e), HW_INVALID);
	/* an agreement with two stages is not a stage */
	assert_int_equal(hw_stage_resolve(f->db.st, "EX-000001", &id, &e), HW_INVALID);
	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	assert_int_equal(hw_stage_resolve(f->db.st, buf, &id, &e), HW_NOT_FOUND);
}

static void stages_numbered(void **state)
{
	struct fixture *f = *state;
	struct hw_stage s;
	struct hw_error e;

	hw_error_clear(&e);
	hw_stage_init(&s);
	assert_int_equal(hw_stage_get(f->db.st, f->s2, &s, NULL), HW_OK);
	assert_int_equal(s.number, 2);
	assert_int_equal(s.planned_out, 2);
	hw_stage_release(&s);
	/* counts are for historic exchanges only */
	s.exchange_id = f->x;
	s.counted_in = 5;
	assert_int_equal(hw_stage_add(f->db.st, &s, "c", &e), HW_INVALID);
	s.counted_in = -7;
	assert_int_equal(hw_stage_add(f->db.st, &s, "c", &e), HW_INVALID);
	hw_stage_init(&s);
	s.exchange_id = 999;
	assert_int_equal(hw_stage_add(f->db.st, &s, "c", &e), HW_NOT_FOUND);
}

static void historic_counts_only(void **state)
{
	struct fixture *f = *state;
	struct hw_exchange x;
	struct hw_stage s;
	struct hw_xcounts c;
	struct hw_error e;

	hw_error_clear(&e);
	hw_exchange_init(&x);
	x.name = hw_strdup("Exchanges before 2025 (counts only)");
	x.historic = 1;
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", NULL), HW_OK);
	assert_int_equal(x.state, HW_XSTATE_COMPLETED);
	hw_stage_init(&s);
	s.exchange_id = x.id;
	assert_int_equal(hw_stage_add(f->db.st, &s, "c", &e), HW_INVALID);
	s.counted_in = 3135;
	s.counted_out = 3000;
	assert_int_equal(hw_stage_add(f->db.st, &s, "c", NULL), HW_OK);
	assert_int_equal(s.state, HW_XSTATE_COMPLETED);
	/* no lists, no completion */
	assert_int_equal(hw_xlist_add_out(f->db.st, s.id, person(f, "x"), "c", &e), HW_REFUSED);
	assert_non_null(strstr(e.message, "counts only"));
	assert_int_equal(hw_stage_complete(f->db.st, s.id, NULL, 0, NULL, "c", &e), HW_REFUSED);
	assert_int_equal(hw_exchange_counts(f->db.st, x.id, &c, NULL), HW_OK);
	assert_int_equal(c.counted_in, 3135);
	assert_int_equal(c.counted_out, 3000);
	assert_int_equal(c.returned, 0);
	hw_stage_release(&s);
	hw_exchange_release(&x);
}

/* ---- the incoming list ---------------------------------------------------------- */

static void import_matches_every_line(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	struct hw_xentry e;

	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	assert_int_equal(res.entries, 4);
	assert_int_equal(res.pending + res.ambiguous + res.not_found, 4);
	assert_int_equal(res.not_found, 1);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_IN_PROGRESS);
	assert_int_equal(exchange_state(f), HW_XSTATE_IN_PROGRESS);
	/* stored as written, with the matcher's proposal and evidence */
	e = get_entry(f, entry(f, f->s1, "1"));
	assert_string_equal(e.full_name, "Коваленко Александр Петрович");
	assert_string_equal(e.birth_date, "14.03.1987");
	assert_int_equal(e.state, HW_VERIFY_PENDING);
	assert_int_equal(e.decision, HW_MATCH_MATCH);
	assert_int_equal(e.proposed_id, person(f, "a"));
	assert_int_equal(e.person_id, 0);
	assert_non_null(strstr(e.candidates, "\"evidence\""));
	assert_non_null(strstr(e.candidates, "birth_date"));
	assert_string_equal(e.decided_by, "matcher");
	hw_xentry_release(&e);
	e = get_entry(f, entry(f, f->s1, "4"));
	assert_int_equal(e.state, HW_VERIFY_NOT_FOUND);
	assert_int_equal(e.proposed_id, 0);
	hw_xentry_release(&e);
	/* nothing is confirmed by the matcher: nobody is listed yet */
	assert_int_equal(status_of(f, "a"), HW_STATUS_CAPTIVE);
}

/* What a front end's diagnostics function was told. */
struct told {
	int errors, warnings;
	long line[8], column[8];
	char field[8][HW_ERROR_FIELD_MAX];
};

static void tell(void *ctx, const struct hw_error *e, int warning)
{
	struct told *t = ctx;
	int i = t->errors + t->warnings;

	if (i < 8) {
		t->line[i] = e->line;
		t->column[i] = e->column;
		snprintf(t->field[i], sizeof(t->field[i]), "%s", e->field);
	}
	if (warning)
		t->warnings++;
	else
		t->errors++;
}

static enum hw_err prepare(struct fixture *f, int64_t stage, const char *csv, struct told *t,
			   struct hw_xlist_batch **b, struct hw_error *e)
{
	struct hw_list_diag diag = { NULL, tell, t };
	FILE *in = fmemopen((void *)csv, strlen(csv), "r");
	enum hw_err rc;

	memset(t, 0, sizeof(*t));
	rc = hw_xlist_prepare(f->db.st, f->ix, stage, in, "list", &diag, 1, b, e);
	fclose(in);
	return rc;
}

static long listed_in(struct fixture *f, int64_t stage)
{
	struct hw_xcounts c;

	assert_int_equal(hw_stage_counts(f->db.st, stage, &c, NULL), HW_OK);
	return c.listed_in;
}

/* The import in two steps: matching writes nothing; storing joins the
 * caller's transaction (so a rollback takes it back). */
static void import_in_two_steps(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_batch *b = NULL;
	struct hw_xlist_result res;
	struct hw_xentry e;
	struct told t;

	assert_int_equal(prepare(f, f->s1, list_csv, &t, &b, NULL), HW_OK);
	assert_non_null(b);
	assert_int_equal(t.errors + t.warnings, 0);
	assert_int_equal(listed_in(f, f->s1), 0);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_PLANNED);
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_xlist_store(f->db.st, b, "verifier", &res, NULL), HW_OK);
	assert_int_equal(res.entries, 4);
	assert_int_equal(res.not_found, 1);
	assert_int_equal(listed_in(f, f->s1), 4);
	hw_store_rollback(f->db.st);
	hw_xlist_batch_free(b);
	assert_int_equal(listed_in(f, f->s1), 0);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_PLANNED);
	/* again, committed */
	assert_int_equal(prepare(f, f->s1, list_csv, &t, &b, NULL), HW_OK);
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_xlist_store(f->db.st, b, "verifier", &res, NULL), HW_OK);
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	hw_xlist_batch_free(b);
	assert_int_equal(listed_in(f, f->s1), 4);
	e = get_entry(f, entry(f, f->s1, "1"));
	assert_int_equal(e.state, HW_VERIFY_PENDING);
	hw_xentry_release(&e);
	hw_xlist_batch_free(NULL);
}

/* Every error and warning reaches the diagnostics function with its line,
 * column and field, and a bad list gives no batch. */
static void import_tells_each_error(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_batch *b = NULL;
	struct hw_error e;
	struct told t;

	hw_error_clear(&e);
	assert_int_equal(prepare(f, f->s1, "line,full_name,sex,birth_date\n"
					   "1,Коваленко Олександр,Q,31.02.1990\n"
					   "2,,M,\n", &t, &b, &e), HW_INVALID);
	assert_null(b);
	assert_int_equal(t.errors, 2);
	assert_int_equal(t.warnings, 1);
	/* the warning of line 2 comes first, then its error, then line 3 */
	assert_int_equal(t.line[0], 2);
	assert_string_equal(t.field[0], "birth_date");
	assert_int_equal(t.line[1], 2);
	assert_int_equal(t.column[1], 23);
	assert_string_equal(t.field[1], "sex");
	assert_int_equal(t.line[2], 3);
	assert_string_equal(t.field[2], "full_name");
	/* a name the matcher cannot use: told with its line */
	assert_int_equal(prepare(f, f->s1, "line,full_name\n1,Коваленко Олександр\n2,---\n", &t,
				 &b, &e), HW_INVALID);
	assert_int_equal(t.errors, 1);
	assert_int_equal(t.line[0], 3);
	assert_int_equal(e.line, 3);
	assert_int_equal(listed_in(f, f->s1), 0);
}

/* A stage closed between matching and storing takes nothing. */
static void import_store_rechecks_stage(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_batch *b = NULL;
	struct hw_xlist_result res;
	struct hw_error e;
	struct told t;

	hw_error_clear(&e);
	assert_int_equal(prepare(f, f->s1, list_csv, &t, &b, NULL), HW_OK);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_CANCELLED, "postponed",
					    "coordinator", NULL), HW_OK);
	assert_int_equal(hw_xlist_store(f->db.st, b, "verifier", &res, &e), HW_REFUSED);
	assert_string_equal(e.field, "stage");
	assert_int_equal(res.entries, 0);
	hw_xlist_batch_free(b);
	assert_int_equal(listed_in(f, f->s1), 0);
	/* and a closed stage is refused before its list is even read */
	assert_int_equal(prepare(f, f->s1, list_csv, &t, &b, &e), HW_REFUSED);
	assert_null(b);
}

static void bad_list_stores_nothing(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	struct hw_xcounts c;
	struct hw_error e;

	hw_error_clear(&e);
	/* a row without a name */
	assert_int_equal(import_list(f, f->s1, "line,full_name\n1,Коваленко Олександр\n2,\n", &res,
				     &e), HW_INVALID);
	assert_non_null(strstr(f->diag, "list.csv:3"));
	/* no name column at all */
	assert_int_equal(import_list(f, f->s1, "line,birth_date\n1,1990\n", &res, &e), HW_INVALID);
	/* a line label twice */
	assert_int_equal(import_list(f, f->s1, "line,full_name\n7,Коваленко Олександр\n"
				     "7,Поліщук Андрій\n", &res, &e), HW_CONFLICT);
	assert_int_equal(e.line, 3);
	/* an empty list */
	assert_int_equal(import_list(f, f->s1, "line,full_name\n", &res, &e), HW_INVALID);
	assert_int_equal(hw_stage_counts(f->db.st, f->s1, &c, NULL), HW_OK);
	assert_int_equal(c.listed_in, 0);
	assert_int_equal(res.entries, 0);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_PLANNED);
	/* the same labels again in a second list of the stage */
	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	assert_int_equal(import_list(f, f->s1, list_csv, &res, &e), HW_CONFLICT);
	assert_int_equal(hw_stage_counts(f->db.st, f->s1, &c, NULL), HW_OK);
	assert_int_equal(c.listed_in, 4);
}

/* ---- verification ------------------------------------------------------------------ */

static int collect_history(void *ctx, const struct hw_xdecision *d)
{
	char *out = ctx;

	snprintf(out + strlen(out), 1024 - strlen(out), "%s:%s:%s;",
		 hw_vocab_code(&hw_vocab_verify, d->state), d->decided_by ? d->decided_by : "",
		 d->reason ? d->reason : "");
	return 0;
}

static void confirm_and_reject(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	struct hw_xentry e;
	struct hw_error err;
	char history[1024] = "";
	int64_t l1, l4;

	hw_error_clear(&err);
	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	l1 = entry(f, f->s1, "1");
	l4 = entry(f, f->s1, "4");
	/* the proposal */
	assert_int_equal(hw_xentry_confirm(f->db.st, l1, 0, NULL, "ver1", NULL), HW_OK);
	e = get_entry(f, l1);
	assert_int_equal(e.state, HW_VERIFY_CONFIRMED);
	assert_int_equal(e.person_id, person(f, "a"));
	assert_string_equal(e.decided_by, "ver1");
	hw_xentry_release(&e);
	assert_int_equal(status_of(f, "a"), HW_STATUS_LISTED);
	assert_int_equal(events_of(f, "a", HW_EVENT_LISTED, f->s1), 1);
	/* again as the same person */
	assert_int_equal(hw_xentry_confirm(f->db.st, l1, 0, NULL, "ver1", &err), HW_INVALID);
	assert_int_equal(hw_xentry_confirm(f->db.st, l1, person(f, "a"), NULL, "ver1", &err),
			 HW_REFUSED);
	/* a not_found entry needs the person named, and a reason when the
	 * matcher did not propose them */
	assert_int_equal(hw_xentry_confirm(f->db.st, l4, 0, NULL, "ver1", &err), HW_INVALID);
	assert_string_equal(err.field, "person");
	assert_int_equal(hw_xentry_confirm(f->db.st, l4, person(f, "g"), NULL, "ver1", &err),
			 HW_INVALID);
	assert_string_equal(err.field, "reason");
	/* the person must be one of ours, missing or captive */
	assert_int_equal(hw_xentry_confirm(f->db.st, l4, person(f, "x"), "why", "ver1", &err),
			 HW_REFUSED);
	assert_non_null(strstr(err.message, "custody"));
	assert_int_equal(hw_xentry_confirm(f->db.st, l4, person(f, "h"), "why", "ver1", &err),
			 HW_REFUSED);
	assert_non_null(strstr(err.message, "returned"));
	assert_int_equal(hw_xentry_confirm(f->db.st, l4, 9999, "why", "ver1", &err), HW_NOT_FOUND);
	/* confirming the entry as another person takes the first off */
	assert_int_equal(hw_xentry_confirm(f->db.st, l1, person(f, "g"), "the photo", "ver2", NULL),
			 HW_OK);
	assert_int_equal(status_of(f, "a"), HW_STATUS_CAPTIVE);
	assert_int_equal(events_of(f, "a", HW_EVENT_REMOVED_FROM_LIST, f->s1), 1);
	assert_int_equal(status_of(f, "g"), HW_STATUS_LISTED);
	/* reject: a reason, and the person goes back */
	assert_int_equal(hw_xentry_reject(f->db.st, l1, NULL, "ver2", &err), HW_INVALID);
	assert_int_equal(hw_xentry_reject(f->db.st, l1, "a duplicate of line 3", "ver2", NULL),
			 HW_OK);
	assert_int_equal(status_of(f, "g"), HW_STATUS_CAPTIVE);
	assert_int_equal(hw_xentry_reject(f->db.st, l1, "again", "ver2", &err), HW_REFUSED);
	e = get_entry(f, l1);
	assert_int_equal(e.state, HW_VERIFY_REJECTED);
	assert_int_equal(e.person_id, 0);
	assert_string_equal(e.reason, "a duplicate of line 3");
	hw_xentry_release(&e);
	/* every decision is kept */
	assert_int_equal(hw_xentry_history(f->db.st, l1, collect_history, history, NULL), HW_OK);
	assert_non_null(strstr(history, "pending:matcher:"));
	assert_non_null(strstr(history, "confirmed:ver1:;confirmed:ver2:the photo;"
				       "rejected:ver2:a duplicate of line 3;"));
	/* a rejected entry may be confirmed after all */
	assert_int_equal(hw_xentry_confirm(f->db.st, l1, person(f, "a"), NULL, "ver3", NULL), HW_OK);
	assert_int_equal(status_of(f, "a"), HW_STATUS_LISTED);
}

static void one_open_list(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	struct hw_error err;
	struct hw_exchange x;
	struct hw_stage s;

	hw_error_clear(&err);
	hw_exchange_init(&x);
	hw_stage_init(&s);
	x.name = hw_strdup("Another agreement");
	assert_int_equal(hw_exchange_create(f->db.st, &x, "c", NULL), HW_OK);
	s.exchange_id = x.id;
	assert_int_equal(hw_stage_add(f->db.st, &s, "c", NULL), HW_OK);
	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	assert_int_equal(import_list(f, s.id, list_csv, &res, NULL), HW_OK);
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, f->s1, "1"), 0, NULL, "v", NULL),
			 HW_OK);
	/* on the other agreement's list, or twice on this one: refused */
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, s.id, "1"), 0, NULL, "v", &err),
			 HW_CONFLICT);
	assert_non_null(strstr(err.message, "EX-000001/1, incoming line 1"));
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, f->s1, "4"), person(f, "a"), "same",
					   "v", &err), HW_CONFLICT);
	/* the outgoing list too */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s1, person(f, "x"), "c", NULL), HW_OK);
	assert_int_equal(hw_xlist_add_out(f->db.st, s.id, person(f, "x"), "c", &err), HW_CONFLICT);
	/* once the first list closes, the person may be listed again */
	assert_int_equal(hw_stage_set_state(f->db.st, f->s1, HW_XSTATE_CANCELLED, "postponed", "c",
					    NULL), HW_OK);
	assert_int_equal(status_of(f, "a"), HW_STATUS_CAPTIVE);
	assert_int_equal(status_of(f, "x"), HW_STATUS_CAPTIVE);
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, s.id, "1"), 0, NULL, "v", NULL), HW_OK);
	assert_int_equal(hw_xlist_add_out(f->db.st, s.id, person(f, "x"), "c", NULL), HW_OK);
	hw_exchange_release(&x);
	hw_stage_release(&s);
}

static void store_enforces_one_open_list(void **state)
{
	struct fixture *f = *state;
	struct hw_xentry e;
	struct hw_error err;

	/* below the checks of the exchange layer, the store itself refuses */
	hw_error_clear(&err);
	hw_xentry_init(&e);
	e.stage_id = f->s1;
	e.direction = HW_DIRECTION_OUT;
	e.line = hw_strdup("p1");
	e.person_id = person(f, "y");
	e.state = HW_VERIFY_CONFIRMED;
	assert_int_equal(hw_store_xentry_insert(f->db.st, &e, "t", NULL), HW_OK);
	hw_free(e.line);
	e.line = hw_strdup("p2");
	e.stage_id = f->s2;
	assert_int_equal(hw_store_xentry_insert(f->db.st, &e, "t", &err), HW_CONFLICT);
	assert_non_null(strstr(err.message, "one open list"));
	hw_xentry_release(&e);
}

/* ---- the outgoing list ------------------------------------------------------------------ */

static void outgoing_list(void **state)
{
	struct fixture *f = *state;
	struct hw_error err;
	char pub[HW_PUBREF_MAX];
	int64_t id;

	hw_error_clear(&err);
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "x"), "c", NULL), HW_OK);
	assert_int_equal(status_of(f, "x"), HW_STATUS_LISTED);
	assert_int_equal(stage_state(f, f->s2), HW_XSTATE_IN_PROGRESS);
	/* ours are not handed over */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "a"), "c", &err), HW_REFUSED);
	/* twice */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "x"), "c", &err), HW_CONFLICT);
	/* taking someone off needs a reason */
	hw_pubref_format(person(f, "x"), pub);
	id = entry(f, f->s2, pub);
	assert_int_equal(hw_xlist_remove(f->db.st, id, NULL, "c", &err), HW_INVALID);
	assert_int_equal(hw_xlist_remove(f->db.st, id, "stays for trial", "c", NULL), HW_OK);
	assert_int_equal(status_of(f, "x"), HW_STATUS_CAPTIVE);
	assert_int_equal(hw_xlist_remove(f->db.st, id, "again", "c", &err), HW_REFUSED);
	/* and put back on the same list after all: the same entry again */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "x"), "c", NULL), HW_OK);
	assert_int_equal(status_of(f, "x"), HW_STATUS_LISTED);
	assert_int_equal(entry(f, f->s2, pub), id);
	assert_int_equal(events_of(f, "x", HW_EVENT_LISTED, f->s2), 2);
	/* incoming entries are rejected, not removed; outgoing ones not verified */
	assert_int_equal(hw_xentry_reject(f->db.st, id, "x", "c", &err), HW_REFUSED);
}

/* ---- the lists a person was on --------------------------------------------------------- */

/* What hw_xentry_each_for_person gave, in order. */
struct listed {
	int n, stop_after;
	int64_t entry[8], stage[8];
	enum hw_direction direction[8];
	enum hw_verify state[8];
	int proposed[8], number[8];
	char exchange[8][64];
	struct hw_store *st;
};

static int listed_one(void *ctx, const struct hw_person_listing *l)
{
	struct listed *c = ctx;
	struct hw_xentry e;

	assert_true(c->n < 8);
	/* the callback may call the store */
	hw_xentry_init(&e);
	assert_int_equal(hw_xentry_get(c->st, l->entry->id, &e, NULL), HW_OK);
	assert_int_equal(e.stage_id, l->stage->id);
	hw_xentry_release(&e);
	assert_int_equal(l->stage->exchange_id, l->exchange->id);
	c->entry[c->n] = l->entry->id;
	c->stage[c->n] = l->stage->id;
	c->direction[c->n] = l->entry->direction;
	c->state[c->n] = l->entry->state;
	c->proposed[c->n] = l->proposed;
	c->number[c->n] = l->stage->number;
	snprintf(c->exchange[c->n], sizeof(c->exchange[0]), "%s", l->exchange->name);
	return ++c->n == c->stop_after;
}

static struct listed lists_of(struct fixture *f, const char *ref)
{
	struct listed c;

	memset(&c, 0, sizeof(c));
	c.st = f->db.st;
	assert_int_equal(hw_xentry_each_for_person(f->db.st, person(f, ref), listed_one, &c, NULL),
			 HW_OK);
	return c;
}

static void lists_of_a_person(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	struct listed c;
	int64_t e1, e2, e4, out;
	char pub[HW_PUBREF_MAX];

	/* nobody is on a list yet */
	assert_int_equal(lists_of(f, "a").n, 0);
	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	e1 = entry(f, f->s1, "1");
	e2 = entry(f, f->s1, "2");
	e4 = entry(f, f->s1, "4");
	/* a pending entry proposes a: shown, as proposed */
	c = lists_of(f, "a");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.entry[0], e1);
	assert_int_equal(c.state[0], HW_VERIFY_PENDING);
	assert_int_equal(c.proposed[0], 1);
	assert_int_equal(c.stage[0], f->s1);
	assert_int_equal(c.number[0], 1);
	assert_string_equal(c.exchange[0], "Test 3 for 3");
	/* confirmed: on the list */
	assert_int_equal(hw_xentry_confirm(f->db.st, e2, person(f, "b"), "dates checked", "v",
					   NULL), HW_OK);
	c = lists_of(f, "b");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.entry[0], e2);
	assert_int_equal(c.state[0], HW_VERIFY_CONFIRMED);
	assert_int_equal(c.direction[0], HW_DIRECTION_IN);
	assert_int_equal(c.proposed[0], 0);
	/* taken off: the entry no longer names b */
	assert_int_equal(hw_xentry_reject(f->db.st, e2, "not ours", "v", NULL), HW_OK);
	assert_int_equal(lists_of(f, "b").n, 0);
	/* a rejected proposal is not a's either */
	assert_int_equal(hw_xentry_reject(f->db.st, e1, "not ours", "v", NULL), HW_OK);
	assert_int_equal(lists_of(f, "a").n, 0);
	assert_int_equal(hw_xentry_confirm(f->db.st, e1, person(f, "a"), "checked again", "v",
					   NULL), HW_OK);
	/* a stranger confirmed as j, whom the matcher never proposed */
	assert_int_equal(hw_xentry_confirm(f->db.st, e4, person(f, "j"), "asked ICRC", "v", NULL),
			 HW_OK);
	assert_int_equal(lists_of(f, "j").entry[0], e4);
	/* the outgoing list */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s1, person(f, "x"), "c", NULL), HW_OK);
	hw_pubref_format(person(f, "x"), pub);
	out = entry(f, f->s1, pub);
	c = lists_of(f, "x");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.entry[0], out);
	assert_int_equal(c.direction[0], HW_DIRECTION_OUT);
	assert_int_equal(c.proposed[0], 0);
	/* completed: still there, with the stage */
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "a test", "c", NULL), HW_OK);
	c = lists_of(f, "a");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.entry[0], e1);
	assert_int_equal(c.state[0], HW_VERIFY_CONFIRMED);
	assert_int_equal(lists_of(f, "x").n, 1);
	/* a cancelled stage takes its persons off: y was on stage 2 */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "y"), "c", NULL), HW_OK);
	assert_int_equal(lists_of(f, "y").n, 1);
	assert_int_equal(hw_stage_set_state(f->db.st, f->s2, HW_XSTATE_CANCELLED, "postponed", "c",
					    NULL), HW_OK);
	assert_int_equal(lists_of(f, "y").n, 0);
	/* an unknown person has none; none at all for id 0 */
	memset(&c, 0, sizeof(c));
	c.st = f->db.st;
	assert_int_equal(hw_xentry_each_for_person(f->db.st, 999999, listed_one, &c, NULL), HW_OK);
	assert_int_equal(hw_xentry_each_for_person(f->db.st, 0, listed_one, &c, NULL), HW_OK);
	assert_int_equal(c.n, 0);
}

/* By stage date, an undated stage last; the walk stops when told. */
static void lists_of_a_person_in_order(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	struct hw_stage s;
	struct listed c;
	int64_t later;

	/* stage 2 has no date; stage 3 is dated before stage 1 */
	hw_stage_init(&s);
	s.exchange_id = f->x;
	hw_date_parse("2025-01-12", &s.date, NULL);
	assert_int_equal(hw_stage_add(f->db.st, &s, "c", NULL), HW_OK);
	later = s.id;
	/* a on stage 2, proposed; then on stage 3 after stage 2 is completed */
	assert_int_equal(import_list(f, f->s2, list_csv, &res, NULL), HW_OK);
	assert_int_equal(hw_stage_complete(f->db.st, f->s2, NULL, 1, "a test", "c", NULL), HW_OK);
	assert_int_equal(import_list(f, later, list_csv, &res, NULL), HW_OK);
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, later, "1"), 0, NULL, "v", NULL),
			 HW_OK);
	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	c = lists_of(f, "a");
	assert_int_equal(c.n, 3);
	assert_int_equal(c.stage[0], later);  /* 2025-01-12 */
	assert_int_equal(c.proposed[0], 0);
	assert_int_equal(c.stage[1], f->s1);  /* 2025-01-15 */
	assert_int_equal(c.proposed[1], 1);
	assert_int_equal(c.stage[2], f->s2);  /* no date */
	assert_int_equal(c.proposed[2], 1);
	memset(&c, 0, sizeof(c));
	c.st = f->db.st;
	c.stop_after = 1;
	assert_int_equal(hw_xentry_each_for_person(f->db.st, person(f, "a"), listed_one, &c, NULL),
			 HW_OK);
	assert_int_equal(c.n, 1);
	hw_stage_release(&s);
}

/* ---- completion ---------------------------------------------------------------------------- */

static void complete_refuses_open_entries(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	struct hw_error err;

	hw_error_clear(&err);
	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 0, NULL, "c", &err), HW_REFUSED);
	assert_non_null(strstr(err.message, "not decided"));
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, NULL, "c", &err), HW_INVALID);
	assert_string_equal(err.field, "reason");
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_IN_PROGRESS);
}

static void complete_records_every_movement(void **state)
{
	struct fixture *f = *state;
	struct hw_xcounts c;
	struct hw_xblockers b;
	struct hw_stage s;
	struct hw_error err;
	struct count_events ev = { HW_EVENT_RETURNED, 0, 0, { 0, 0, 0 } };

	hw_error_clear(&err);
	verified_stage(f);
	/* three confirmed of four on their list, planned 3 in, 1 out */
	assert_int_equal(hw_stage_counts(f->db.st, f->s1, &c, NULL), HW_OK);
	assert_int_equal(c.listed_in, 4);
	assert_int_equal(c.by_state[HW_VERIFY_CONFIRMED], 3);
	assert_int_equal(c.by_state[HW_VERIFY_REJECTED], 1);
	assert_int_equal(c.listed_out, 1);
	assert_int_equal(hw_xcounts_blockers(&c, &b), 1);
	assert_int_equal(b.open_in, 0);
	assert_int_equal(b.in_diff, 0);
	assert_int_equal(b.out_diff, 0);
	assert_int_equal(b.list_diff, -1);
	/* their list had four: the count differs, so it takes force */
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 0, NULL, "c", &err), HW_REFUSED);
	assert_non_null(strstr(err.message, "3 confirmed of the 4"));
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "line 4 is not ours", "coord",
					   NULL), HW_OK);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_COMPLETED);
	hw_stage_init(&s);
	assert_int_equal(hw_stage_get(f->db.st, f->s1, &s, NULL), HW_OK);
	assert_int_equal(s.forced, 1);
	assert_string_equal(s.force_reason, "line 4 is not ours");
	assert_string_equal(s.completed_by, "coord");
	hw_stage_release(&s);
	assert_int_equal(status_of(f, "a"), HW_STATUS_RETURNED);
	assert_int_equal(status_of(f, "b"), HW_STATUS_RETURNED);
	assert_int_equal(status_of(f, "d"), HW_STATUS_RETURNED);
	assert_int_equal(status_of(f, "x"), HW_STATUS_HANDED_OVER);
	assert_int_equal(status_of(f, "g"), HW_STATUS_CAPTIVE);
	/* the events carry the stage and its date */
	assert_int_equal(hw_store_event_each(f->db.st, person(f, "a"), count_event, &ev, NULL),
			 HW_OK);
	assert_int_equal(ev.n, 1);
	assert_int_equal(ev.date.year, 2025);
	assert_int_equal(ev.date.day, 15);
	assert_int_equal(events_of(f, "x", HW_EVENT_HANDED_OVER, f->s1), 1);
	assert_int_equal(hw_stage_counts(f->db.st, f->s1, &c, NULL), HW_OK);
	assert_int_equal(c.returned, 3);
	assert_int_equal(c.handed_over, 1);
	/* the lists are closed: no second completion, no more decisions */
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "x", "c", &err), HW_REFUSED);
	assert_int_equal(hw_xentry_reject(f->db.st, entry(f, f->s1, "1"), "x", "c", &err),
			 HW_REFUSED);
	assert_non_null(strstr(err.message, "closed"));
}

static void complete_unforced_when_counts_agree(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;

	assert_int_equal(import_list(f, f->s1, "line,full_name,birth_date\n"
				     "1,Коваленко Александр Петрович,14.03.1987\n", &res, NULL),
			 HW_OK);
	assert_int_equal(hw_xentry_confirm(f->db.st, entry(f, f->s1, "1"), 0, NULL, "v", NULL),
			 HW_OK);
	/* planned 3 in and 1 out: still short */
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 0, NULL, "c", NULL), HW_REFUSED);
	/* stage 2 plans 0 in and 2 out */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "y"), "c", NULL), HW_OK);
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "z"), "c", NULL), HW_OK);
	assert_int_equal(hw_stage_complete(f->db.st, f->s2, NULL, 0, NULL, "c", NULL), HW_OK);
	assert_int_equal(status_of(f, "y"), HW_STATUS_HANDED_OVER);
}

static void complete_is_one_transaction(void **state)
{
	struct fixture *f = *state;
	struct hw_event e;
	struct hw_error err;
	struct hw_xcounts c;

	hw_error_clear(&err);
	verified_stage(f);
	/* one of them dies before the day: `returned` is not allowed for him,
	 * so nothing at all is completed */
	hw_event_init(&e);
	e.person_id = person(f, "b");
	e.type = HW_EVENT_DIED;
	assert_int_equal(hw_registry_event_add(f->db.st, &e, HW_STATUS_NONE, NULL), HW_OK);
	hw_event_release(&e);
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "forced", "c", &err),
			 HW_REFUSED);
	assert_non_null(strstr(err.message, "nothing was completed"));
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_IN_PROGRESS);
	assert_int_equal(status_of(f, "a"), HW_STATUS_LISTED);
	assert_int_equal(status_of(f, "d"), HW_STATUS_LISTED);
	assert_int_equal(status_of(f, "x"), HW_STATUS_LISTED);
	assert_int_equal(events_of(f, "a", HW_EVENT_RETURNED, 0), 0);
	assert_int_equal(hw_stage_counts(f->db.st, f->s1, &c, NULL), HW_OK);
	assert_int_equal(c.returned, 0);
	assert_int_equal(c.handed_over, 0);
	/* and inside a caller's transaction, rolled back to where it began */
	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "forced", "c", &err),
			 HW_REFUSED);
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	assert_int_equal(status_of(f, "a"), HW_STATUS_LISTED);
	/* out of memory half way leaves nothing either */
	assert_int_equal(hw_xentry_reject(f->db.st, entry(f, f->s1, "2"), "died", "v", NULL), HW_OK);
	hw_alloc_fail_after(40);
	assert_int_not_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "forced", "c", &err), HW_OK);
	hw_alloc_fail_after(-1);
	assert_int_equal(stage_state(f, f->s1), HW_XSTATE_IN_PROGRESS);
	assert_int_equal(events_of(f, "a", HW_EVENT_RETURNED, 0), 0);
	assert_int_equal(events_of(f, "d", HW_EVENT_RETURNED, 0), 0);
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "forced", "c", NULL), HW_OK);
	assert_int_equal(status_of(f, "a"), HW_STATUS_RETURNED);
}

static void complete_date_rules(void **state)
{
	struct fixture *f = *state;
	struct hw_date future = hw_date_today(), past = { 2025, 1, 16 };
	struct hw_stage s;
	struct hw_error err;

	hw_error_clear(&err);
	future.year++;
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "y"), "c", NULL), HW_OK);
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "z"), "c", NULL), HW_OK);
	assert_int_equal(hw_stage_complete(f->db.st, f->s2, &future, 0, NULL, "c", &err),
			 HW_INVALID);
	assert_string_equal(err.field, "date");
	assert_int_equal(hw_stage_complete(f->db.st, f->s2, &past, 0, NULL, "c", NULL), HW_OK);
	hw_stage_init(&s);
	assert_int_equal(hw_stage_get(f->db.st, f->s2, &s, NULL), HW_OK);
	assert_int_equal(s.date.day, 16);
	hw_stage_release(&s);
	assert_int_equal(events_of(f, "y", HW_EVENT_HANDED_OVER, f->s2), 1);
}

static void entries_stay_as_written(void **state)
{
	struct fixture *f = *state;
	struct hw_xlist_result res;
	sqlite3 *db;

	assert_int_equal(import_list(f, f->s1, list_csv, &res, NULL), HW_OK);
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE list_entries SET full_name = 'x'", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE list_entries SET proposed_id = NULL", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM list_entries", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE list_decisions SET reason = 'x'", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM list_decisions", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM exchange_log", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM stages", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM exchanges", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void agreement_counts_reconcile(void **state)
{
	struct fixture *f = *state;
	struct hw_xcounts c;
	struct hw_xblockers b;

	verified_stage(f);
	assert_int_equal(hw_stage_complete(f->db.st, f->s1, NULL, 1, "line 4", "c", NULL), HW_OK);
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s2, person(f, "y"), "c", NULL), HW_OK);
	assert_int_equal(hw_exchange_counts(f->db.st, f->x, &c, NULL), HW_OK);
	assert_int_equal(c.planned_in, 3);  /* the quotas */
	assert_int_equal(c.planned_out, 3);
	assert_int_equal(c.returned, 3);
	assert_int_equal(c.handed_over, 1);
	assert_int_equal(c.listed_out, 2);
	assert_int_equal(c.listed_in, 4);
	hw_xcounts_blockers(&c, &b);
	assert_int_equal(b.in_diff, 0);
	assert_int_equal(b.out_diff, -1);
}

/* ---- proposing names -------------------------------------------------------------------------- */

struct proposals {
	int64_t ids[16];
	char why[16][256];
	int n;
};

static int collect_proposal(void *ctx, const struct hw_proposal *p)
{
	struct proposals *ps = ctx;

	assert_int_equal(p->rank, ps->n + 1);
	ps->ids[ps->n] = p->person_id;
	snprintf(ps->why[ps->n], sizeof(ps->why[0]), "%s", p->why);
	ps->n++;
	return 0;
}

static void propose_by_priority(void **state)
{
	struct fixture *f = *state;
	struct hw_priority prio;
	struct proposals ps;
	struct hw_person p;
	struct hw_date today = { 2026, 1, 1 };
	struct hw_error err;

	hw_error_clear(&err);
	/* e is seriously ill, j wounded */
	hw_person_init(&p);
	assert_int_equal(hw_store_person_get(f->db.st, person(f, "e"), &p, NULL), HW_OK);
	p.health = HW_HEALTH_SERIOUSLY_ILL;
	assert_int_equal(hw_registry_person_edit(f->db.st, &p, p.version, NULL), HW_OK);
	hw_person_release(&p);
	assert_int_equal(hw_store_person_get(f->db.st, person(f, "j"), &p, NULL), HW_OK);
	p.health = HW_HEALTH_WOUNDED;
	assert_int_equal(hw_registry_person_edit(f->db.st, &p, p.version, NULL), HW_OK);
	hw_person_release(&p);
	assert_int_equal(hw_priority_parse(NULL, &prio, NULL), HW_OK);
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(hw_exchange_propose(f->db.st, f->x, HW_CUSTODY_ADVERSARY, 10, &prio, &today,
					     collect_proposal, &ps, NULL), HW_OK);
	/* captive ones of ours: a b c d e g i j (f missing, h returned) */
	assert_int_equal(ps.n, 8);
	assert_int_equal(ps.ids[0], person(f, "e"));
	assert_non_null(strstr(ps.why[0], "seriously ill"));
	assert_int_equal(ps.ids[1], person(f, "j"));
	assert_non_null(strstr(ps.why[1], "wounded"));
	/* then civilians, the longest held first: g (2022-03) before d (2023) */
	assert_int_equal(ps.ids[2], person(f, "g"));
	assert_int_equal(ps.ids[3], person(f, "d"));
	assert_non_null(strstr(ps.why[2], "civilian"));
	assert_non_null(strstr(ps.why[2], "days in captivity"));
	/* then the longest in captivity: b, c (2022-02-24), a (2022-05), i unknown last */
	assert_int_equal(ps.ids[4], person(f, "b"));
	assert_int_equal(ps.ids[5], person(f, "c"));
	assert_int_equal(ps.ids[6], person(f, "a"));
	assert_int_equal(ps.ids[7], person(f, "i"));
	assert_non_null(strstr(ps.why[7], "capture date not known"));
	/* a listed person is not proposed again; --count limits */
	assert_int_equal(hw_xlist_add_out(f->db.st, f->s1, person(f, "x"), "c", NULL), HW_OK);
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(hw_exchange_propose(f->db.st, f->x, HW_CUSTODY_US, 10, &prio, &today,
					     collect_proposal, &ps, NULL), HW_OK);
	assert_int_equal(ps.n, 2);
	assert_true(ps.ids[0] != person(f, "x") && ps.ids[1] != person(f, "x"));
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(hw_exchange_propose(f->db.st, f->x, HW_CUSTODY_ADVERSARY, 3, &prio, &today,
					     collect_proposal, &ps, NULL), HW_OK);
	assert_int_equal(ps.n, 3);
	/* a configured order: women first, then the oldest */
	assert_int_equal(hw_priority_parse("woman,oldest", &prio, NULL), HW_OK);
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(hw_exchange_propose(f->db.st, f->x, HW_CUSTODY_ADVERSARY, 3, &prio, &today,
					     collect_proposal, &ps, NULL), HW_OK);
	assert_int_equal(ps.ids[0], person(f, "g")); /* 1985 */
	assert_int_equal(ps.ids[1], person(f, "d")); /* 1995 */
	assert_int_equal(ps.ids[2], person(f, "e")); /* 1968 */
	assert_int_equal(hw_exchange_propose(f->db.st, f->x, HW_CUSTODY_ADVERSARY, 0, &prio, &today,
					     collect_proposal, &ps, &err), HW_INVALID);
}

static void priority_parse(void **state)
{
	struct hw_priority p;
	struct hw_error err;

	(void)state;
	hw_error_clear(&err);
	assert_int_equal(hw_priority_parse(HW_PRIORITY_DEFAULT, &p, NULL), HW_OK);
	assert_int_equal(p.nrules, 5);
	assert_int_equal(p.rules[0], HW_PRIORITY_SERIOUSLY_ILL);
	assert_int_equal(p.rules[4], HW_PRIORITY_LONGEST);
	assert_int_equal(hw_priority_parse("civilian,nonsense", &p, &err), HW_INVALID);
	assert_non_null(strstr(err.message, "nonsense"));
	assert_non_null(strstr(err.message, "longest"));
	assert_int_equal(hw_priority_parse("civilian,civilian", &p, &err), HW_INVALID);
	assert_int_equal(hw_priority_parse("civilian,,longest", &p, &err), HW_INVALID);
	assert_int_equal(hw_priority_parse("longest", &p, NULL), HW_OK);
	assert_int_equal(p.nrules, 1);
}

static void propose_closed_agreement(void **state)
{
	struct fixture *f = *state;
	struct hw_priority prio;
	struct proposals ps;
	struct hw_date today = { 2026, 1, 1 };
	struct hw_error err;

	hw_error_clear(&err);
	hw_priority_parse(NULL, &prio, NULL);
	assert_int_equal(hw_exchange_set_state(f->db.st, f->x, HW_XSTATE_CANCELLED, "off", "c", NULL),
			 HW_OK);
	assert_int_equal(hw_exchange_propose(f->db.st, f->x, HW_CUSTODY_ADVERSARY, 3, &prio, &today,
					     collect_proposal, &ps, &err), HW_REFUSED);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(transition_table),
		cmocka_unit_test(priority_parse),
		T(agreement_states),
		T(agreement_completes_when_stages_closed),
		T(stage_states),
		T(create_validates),
		T(references),
		T(stages_numbered),
		T(historic_counts_only),
		T(import_matches_every_line),
		T(bad_list_stores_nothing),
		T(import_in_two_steps),
		T(import_tells_each_error),
		T(import_store_rechecks_stage),
		T(confirm_and_reject),
		T(one_open_list),
		T(store_enforces_one_open_list),
		T(outgoing_list),
		T(lists_of_a_person),
		T(lists_of_a_person_in_order),
		T(complete_refuses_open_entries),
		T(complete_records_every_movement),
		T(complete_unforced_when_counts_agree),
		T(complete_is_one_transaction),
		T(complete_date_rules),
		T(entries_stay_as_written),
		T(agreement_counts_reconcile),
		T(propose_by_priority),
		T(propose_closed_agreement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
