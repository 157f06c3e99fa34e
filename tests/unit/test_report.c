/*
 * test_report.c - reports: every breakdown counted from the persons, the
 * "as announced" convention (Armed Forces without Territorial Defence),
 * the running total of an agreement and the cumulative total with
 * historic counts-only stages, the period scope, persons with missing
 * fields, the JSON document and the CSV rows, the summaries in both
 * languages with their plural forms, and what front ends share: the scope
 * from their texts, the output in memory and a file name.
 *
 * The data are built with the library as completing a stage does: persons
 * added captive, then a `returned` (or `handed_over`) event with the stage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/exchange.h"
#include "homeward/registry.h"
#include "homeward/report.h"
#include "report/report_int.h"
#include "tmpdb.h"

struct fixture {
	struct tmpdb db;
	struct hw_report *r;
};

static int setup(void **state)
{
	return tmpdb_setup(state, sizeof(struct fixture));
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	hw_report_free(f->r);
	return tmpdb_teardown(state);
}

static struct hw_date day(const char *s)
{
	struct hw_date d;

	assert_int_equal(hw_date_parse(s ? s : "", &d, NULL), HW_OK);
	return d;
}

/* n persons alike, returned (or handed over) in `stage` on `date`. */
struct group {
	int n;
	enum hw_category category;
	enum hw_sex sex;
	enum hw_branch branch;
	enum hw_rank rank;
	const char *captured;
	enum hw_region region;
	unsigned health;
	const char *tag1, *tag2;
	enum hw_custody held_by;
};

static void add_group(struct fixture *f, const struct group *g, int64_t stage, const char *date)
{
	struct hw_date d = day(date);
	int i;

	for (i = 0; i < g->n; i++) {
		struct hw_person p;
		struct hw_event e;
		struct hw_error err;

		hw_person_init(&p);
		hw_error_clear(&err);
		assert_int_equal(hw_person_add_name(&p, HW_NAME_PRIMARY, "Тестовий", "Особа", NULL,
						    HW_SCRIPT_UNKNOWN, NULL), HW_OK);
		p.category = g->category;
		p.sex = g->sex;
		p.branch = g->branch;
		p.rank = g->rank;
		p.captured_on = day(g->captured);
		p.region = g->region;
		p.health = g->health;
		p.held_by = g->held_by;
		if (g->tag1)
			assert_int_equal(hw_person_add_tag(&p, g->tag1, NULL), HW_OK);
		if (g->tag2)
			assert_int_equal(hw_person_add_tag(&p, g->tag2, NULL), HW_OK);
		if (hw_registry_person_add(f->db.st, &p, HW_STATUS_CAPTIVE, NULL, 0, "test", &err))
			fail_msg("person add: %s", err.message);
		hw_event_init(&e);
		e.person_id = p.id;
		e.type = g->held_by == HW_CUSTODY_US ? HW_EVENT_HANDED_OVER : HW_EVENT_RETURNED;
		e.date = d;
		e.stage_id = stage;
		if (hw_registry_event_add(f->db.st, &e, HW_STATUS_NONE, &err))
			fail_msg("event add: %s", err.message);
		hw_event_release(&e);
		hw_person_release(&p);
	}
}

static int64_t add_exchange(struct fixture *f, const char *name, int national, int historic,
			    const char *mediators)
{
	struct hw_exchange x;
	int64_t id;

	hw_exchange_init(&x);
	x.name = hw_strdup(name);
	x.mediators = mediators ? hw_strdup(mediators) : NULL;
	x.national_number = national;
	x.historic = historic;
	x.state = historic ? HW_XSTATE_COMPLETED : HW_XSTATE_IN_PROGRESS;
	assert_int_equal(hw_store_exchange_insert(f->db.st, &x, NULL), HW_OK);
	id = x.id;
	hw_exchange_release(&x);
	return id;
}

/* A stage; counted >= 0 makes it a counts-only (historic) stage. */
static int64_t add_stage(struct fixture *f, int64_t exchange, const char *date, int counted)
{
	struct hw_stage s;
	int64_t id;

	hw_stage_init(&s);
	s.exchange_id = exchange;
	s.date = day(date);
	s.counted_in = counted;
	s.counted_out = counted;
	s.state = HW_XSTATE_COMPLETED;
	assert_int_equal(hw_store_stage_insert(f->db.st, &s, NULL), HW_OK);
	id = s.id;
	hw_stage_release(&s);
	return id;
}

static void build(struct fixture *f, enum hw_report_scope_kind kind, int64_t id,
		  const char *from, const char *to)
{
	struct hw_report_scope scope = { kind, id, day(from), day(to) };
	struct hw_date today = day("2025-06-01");
	struct hw_error err;

	hw_error_clear(&err);
	hw_report_free(f->r);
	f->r = NULL;
	if (hw_report_build(f->db.st, &scope, &today, &f->r, &err))
		fail_msg("report: %s", err.message);
}

static long n(struct fixture *f, const char *section, const char *key)
{
	return hw_report_count(f->r, section, key);
}

/* ---- the 52nd exchange, 31 May 2024 ----------------------------------- */

#define MIL HW_CATEGORY_MILITARY
#define CIV HW_CATEGORY_CIVILIAN
#define M HW_SEX_MALE
#define F HW_SEX_FEMALE

/*
 * 75 returned: 70 men and 5 women; 71 military (6 officers, 52 privates
 * and 13 sergeants), 4 civilians; Navy 13, Air Force 2, Ground Forces 22
 * (Armed Forces 37 as announced), National Guard 21, Border Guard 7,
 * Territorial Defence 6; Snake Island 19, Chornobyl NPP 14, Mariupol 10;
 * 25 with a health flag.  Three detainees handed over.
 */
static const struct group g52[] = {
	{ 13, MIL, M, HW_BRANCH_NAVY, HW_RANK_SENIOR_SEAMAN, "2022-02-24", HW_REGION_KHERSON, 0,
	  "snake_island", NULL, 0 },
	{ 6, MIL, M, HW_BRANCH_SBGS, HW_RANK_SERGEANT, "2022-02-24", HW_REGION_KHERSON,
	  HW_HEALTH_WOUNDED, "snake_island", NULL, 0 },
	{ 1, MIL, M, HW_BRANCH_SBGS, HW_RANK_LIEUTENANT, "2022-03-01", HW_REGION_KHARKIV, 0,
	  NULL, NULL, 0 },
	{ 14, MIL, M, HW_BRANCH_NGU, HW_RANK_SOLDIER, "2022-02-24", HW_REGION_KYIV, 0,
	  "chornobyl_npp", NULL, 0 },
	{ 5, MIL, M, HW_BRANCH_NGU, HW_RANK_CAPTAIN, "2022-05", HW_REGION_DONETSK,
	  HW_HEALTH_WOUNDED | HW_HEALTH_DISABILITY, "mariupol", NULL, 0 },
	{ 2, MIL, F, HW_BRANCH_NGU, HW_RANK_JUNIOR_SERGEANT, "2022-05-20", HW_REGION_DONETSK,
	  HW_HEALTH_SERIOUSLY_ILL, "mariupol", NULL, 0 },
	{ 2, MIL, M, HW_BRANCH_AIR_FORCE, HW_RANK_SERGEANT, "2023-06-01",
	  HW_REGION_ZAPORIZHZHIA, HW_HEALTH_DISABILITY, NULL, NULL, 0 },
	{ 10, MIL, M, HW_BRANCH_ARMY, HW_RANK_SOLDIER, "2024-01-10", HW_REGION_DONETSK,
	  HW_HEALTH_WOUNDED, NULL, NULL, 0 },
	{ 9, MIL, M, HW_BRANCH_ARMY, HW_RANK_SOLDIER, "2024-01-10", HW_REGION_DONETSK, 0,
	  NULL, NULL, 0 },
	{ 3, MIL, M, HW_BRANCH_ARMY, HW_RANK_SENIOR_SERGEANT, "2022-05-17", HW_REGION_DONETSK,
	  0, "mariupol", NULL, 0 },
	{ 6, MIL, M, HW_BRANCH_TDF, HW_RANK_SOLDIER, "2023-02", HW_REGION_KHARKIV, 0,
	  NULL, NULL, 0 },
	{ 3, CIV, F, 0, 0, "2022-03-15", HW_REGION_KHERSON, 0, NULL, NULL, 0 },
	{ 1, CIV, M, 0, 0, NULL, 0, 0, NULL, NULL, 0 },
	{ 3, MIL, M, HW_BRANCH_OTHER, HW_RANK_SOLDIER, "2024-02-01", HW_REGION_DONETSK, 0,
	  NULL, NULL, HW_CUSTODY_US },
};

/* The 52nd and, around it, counts-only history: 35 before the invasion,
 * 3,135 after it and before the 52nd, 90 after it.  Returns its stage. */
static int64_t exchange_52(struct fixture *f)
{
	int64_t old = add_exchange(f, "history", 0, 1, NULL), x, stage;
	size_t i;

	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	add_stage(f, old, "2019-09-07", 35);
	add_stage(f, old, "2022-04-01", 3000);
	add_stage(f, old, "2024-05", 135);
	add_stage(f, old, "2024-06-25", 90);
	x = add_exchange(f, "UAE-mediated exchange", 52, 0, "United Arab Emirates");
	stage = add_stage(f, x, "2024-05-31", -1);
	for (i = 0; i < sizeof(g52) / sizeof(g52[0]); i++)
		add_group(f, &g52[i], stage, "2024-05-31");
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
	return stage;
}

static void test_stage_breakdowns(void **state)
{
	struct fixture *f = *state;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	assert_int_equal(n(f, "total", "returned"), 75);
	assert_int_equal(n(f, "total", "handed_over"), 3);
	assert_int_equal(n(f, "category", "military"), 71);
	assert_int_equal(n(f, "category", "civilian"), 4);
	assert_int_equal(n(f, "sex", "men"), 70);
	assert_int_equal(n(f, "sex", "women"), 5);
	assert_int_equal(n(f, "sex", "unknown"), 0);
	assert_int_equal(n(f, "rank_class", "officer"), 6);
	assert_int_equal(n(f, "rank_class", "nco"), 13);
	assert_int_equal(n(f, "rank_class", "enlisted"), 52);
	assert_int_equal(n(f, "rank_class", "privates_and_sergeants"), 65);
	assert_int_equal(n(f, "rank_class", "unknown"), 0);
	assert_int_equal(n(f, "branch", "navy"), 13);
	assert_int_equal(n(f, "branch", "air_force"), 2);
	assert_int_equal(n(f, "branch", "army"), 22);
	assert_int_equal(n(f, "branch", "ngu"), 21);
	assert_int_equal(n(f, "branch", "sbgs"), 7);
	assert_int_equal(n(f, "branch", "tdf"), 6);
	assert_int_equal(n(f, "branch", "marines"), 0);
	assert_int_equal(n(f, "branch", "unknown"), 0);
	assert_int_equal(n(f, "branch_group", "afu"), 43);
	assert_int_equal(n(f, "branch_group", "mia"), 28);
	assert_int_equal(n(f, "branch_group", "sbu"), 0);
	assert_int_equal(n(f, "region", "donetsk"), 29);
	assert_int_equal(n(f, "region", "kherson"), 22);
	assert_int_equal(n(f, "region", "kyiv"), 14);
	assert_int_equal(n(f, "region", "kharkiv"), 7);
	assert_int_equal(n(f, "region", "zaporizhzhia"), 2);
	assert_int_equal(n(f, "region", "unknown"), 1);
	assert_int_equal(n(f, "capture_year", "2022"), 47);
	assert_int_equal(n(f, "capture_year", "2023"), 8);
	assert_int_equal(n(f, "capture_year", "2024"), 19);
	assert_int_equal(n(f, "capture_year", "unknown"), 1);
	assert_int_equal(n(f, "capture_year", "2021"), -1);
	assert_int_equal(n(f, "tags", "snake_island"), 19);
	assert_int_equal(n(f, "tags", "chornobyl_npp"), 14);
	assert_int_equal(n(f, "tags", "mariupol"), 10);
	assert_int_equal(n(f, "tags", "azovstal"), -1);
	assert_int_equal(n(f, "health", "wounded"), 21);
	assert_int_equal(n(f, "health", "seriously_ill"), 2);
	assert_int_equal(n(f, "health", "disability"), 7);
	assert_int_equal(n(f, "health", "any"), 25);
	assert_int_equal(n(f, "health", "none"), 50);
	assert_int_equal(n(f, "nonsense", "any"), -1);
}

/* Capture 2022-05 counts from 1 May; 24 months to 31 May 2024. */
static void test_stage_captivity(void **state)
{
	struct fixture *f = *state;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	assert_int_equal(n(f, "captivity", "under_6_months"), 19);
	assert_int_equal(n(f, "captivity", "6_to_12_months"), 2);
	assert_int_equal(n(f, "captivity", "1_to_2_years"), 6);
	assert_int_equal(n(f, "captivity", "2_to_3_years"), 47);
	assert_int_equal(n(f, "captivity", "3_years_or_more"), 0);
	assert_int_equal(n(f, "captivity", "unknown"), 1);
}

/* As the office announces: Armed Forces 37 without the 6 of the
 * Territorial Defence, of them Navy 13 and Air Force 2. */
static void test_announced(void **state)
{
	struct fixture *f = *state;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	assert_int_equal(n(f, "announced", "armed_forces"), 37);
	assert_int_equal(n(f, "announced", "navy"), 13);
	assert_int_equal(n(f, "announced", "air_force"), 2);
	assert_int_equal(n(f, "announced", "national_guard"), 21);
	assert_int_equal(n(f, "announced", "border_guard"), 7);
	assert_int_equal(n(f, "announced", "territorial_defence"), 6);
	assert_int_equal(n(f, "announced", "police"), 0);
	assert_int_equal(n(f, "announced", "sbu"), 0);
	assert_int_equal(n(f, "announced", "other"), 0);
	assert_int_equal(n(f, "announced", "unknown"), 0);
}

/* Historic counts before the invasion and after the stage are left out. */
static void test_cumulative(void **state)
{
	struct fixture *f = *state;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	assert_int_equal(n(f, "cumulative", "returned"), 3210);
	assert_int_equal(n(f, "cumulative", "historic"), 3135);
	assert_int_equal(n(f, "cumulative", "persons"), 75);
	assert_int_equal(n(f, "running_total", "returned"), 75);
	assert_int_equal(n(f, "running_total", "handed_over"), 3);
	/* up to the end of June 2024: the 90 of 25 June too */
	build(f, HW_REPORT_PERIOD, 0, NULL, "2024-06");
	assert_int_equal(n(f, "cumulative", "returned"), 3300);
	assert_int_equal(n(f, "running_total", "returned"), -1);
	/* everything */
	build(f, HW_REPORT_PERIOD, 0, "2024-01-01", NULL);
	assert_int_equal(n(f, "cumulative", "returned"), 3300);
}

static void test_store_totals(void **state)
{
	struct fixture *f = *state;
	struct hw_date to = day("2024-05-31"), all = day(NULL), y = day("2024");
	long h, p;

	exchange_52(f);
	assert_int_equal(hw_store_returned_total(f->db.st, NULL, &to, &h, &p, NULL), HW_OK);
	assert_int_equal(h, 35 + 3000 + 135);
	assert_int_equal(p, 75);
	assert_int_equal(hw_store_returned_total(f->db.st, NULL, &all, &h, &p, NULL), HW_OK);
	assert_int_equal(h, 35 + 3000 + 135 + 90);
	/* a year bound covers the whole year */
	assert_int_equal(hw_store_returned_total(f->db.st, NULL, &y, &h, &p, NULL), HW_OK);
	assert_int_equal(h, 35 + 3000 + 135 + 90);
	assert_int_equal(p, 75);
}

static const char sum52_en[] =
	"The 52nd exchange, “UAE-mediated exchange”, 31 May 2024. Mediator: United Arab "
	"Emirates. 75 people are home: 71 military and 4 civilians; 5 women and 70 men. "
	"Of the military, 6 officers and 65 privates and sergeants. By service: Armed Forces "
	"of Ukraine 37 (of them Navy 13 and Air Force 2), National Guard 21, State Border "
	"Guard Service 7, Territorial Defence Forces 6. Among them: 19 defenders of Snake "
	"Island, 14 defenders of the Chornobyl NPP and 10 defenders of Mariupol. 25 are "
	"wounded, seriously ill or disabled (21 wounded, 2 seriously ill and 7 with a "
	"disability). 3 people were handed over. By 31 May 2024, 3,210 people had come home "
	"since the full-scale invasion.";

static const char sum52_uk[] =
	"52-й обмін, «UAE-mediated exchange», 31 травня 2024 року. Посередник: United Arab "
	"Emirates. Додому повернулися 75 осіб: 71 військовий і 4 цивільних; 5 жінок і 70 "
	"чоловіків. Серед військових: офіцерів — 6, рядового і сержантського складу — 65. "
	"За приналежністю: Збройні сили України — 37 (з них Військово-морські сили — 13, "
	"Повітряні сили — 2), Національна гвардія України — 21, Державна прикордонна служба "
	"України — 7, Сили територіальної оборони — 6. Серед звільнених — 19 захисників "
	"острова Зміїний, 14 захисників ЧАЕС і 10 захисників Маріуполя. Поранених, "
	"тяжкохворих або з інвалідністю — 25 (поранених — 21, тяжкохворих — 2, з "
	"інвалідністю — 7). Передано 3 особи. Станом на 31 травня 2024 року від початку "
	"повномасштабного вторгнення додому повернулися 3\u202f210 осіб.";

static void test_summary_stage(void **state)
{
	struct fixture *f = *state;
	char *en, *uk;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_non_null(en);
	assert_non_null(uk);
	assert_string_equal(en, sum52_en);
	assert_string_equal(uk, sum52_uk);
	hw_free(en);
	hw_free(uk);
}

/* ---- an agreement in three stages -------------------------------------- */

static const struct group day1[] = {
	{ 2, MIL, M, HW_BRANCH_SBGS, HW_RANK_SOLDIER, "2022-03-01", HW_REGION_DONETSK, 0,
	  "mariupol", NULL, 0 },
	{ 1, CIV, F, 0, 0, "2022-03-01", HW_REGION_DONETSK, 0, NULL, NULL, 0 },
	{ 3, MIL, M, HW_BRANCH_OTHER, HW_RANK_SOLDIER, NULL, 0, 0, NULL, NULL, HW_CUSTODY_US },
};
static const struct group day2[] = {
	{ 2, MIL, M, HW_BRANCH_NGU, HW_RANK_SERGEANT, "2022-04-01", HW_REGION_DONETSK, 0,
	  "mariupol", NULL, 0 },
	{ 2, MIL, M, HW_BRANCH_OTHER, HW_RANK_SOLDIER, NULL, 0, 0, NULL, NULL, HW_CUSTODY_US },
};
static const struct group day3[] = {
	{ 3, MIL, M, HW_BRANCH_SBGS, HW_RANK_SOLDIER, "2021-05-01", HW_REGION_LUHANSK, 0,
	  NULL, NULL, 0 },
	{ 1, MIL, M, HW_BRANCH_NGU, HW_RANK_SOLDIER, "2025-01-01", HW_REGION_DONETSK, 0,
	  NULL, NULL, 0 },
	{ 4, MIL, M, HW_BRANCH_OTHER, HW_RANK_SOLDIER, NULL, 0, 0, NULL, NULL, HW_CUSTODY_US },
};

struct agreement {
	int64_t x, s1, s2, s3;
};

static void agreement(struct fixture *f, struct agreement *a)
{
	size_t i;

	assert_int_equal(hw_store_begin(f->db.st, NULL), HW_OK);
	add_stage(f, add_exchange(f, "history", 0, 1, NULL), "2025-01-10", 500);
	a->x = add_exchange(f, "1000 for 1000", 0, 0, "Türkiye");
	a->s1 = add_stage(f, a->x, "2025-05-23", -1);
	a->s2 = add_stage(f, a->x, "2025-05-24", -1);
	a->s3 = add_stage(f, a->x, "2025-05-25", -1);
	for (i = 0; i < sizeof(day1) / sizeof(day1[0]); i++)
		add_group(f, &day1[i], a->s1, "2025-05-23");
	for (i = 0; i < sizeof(day2) / sizeof(day2[0]); i++)
		add_group(f, &day2[i], a->s2, "2025-05-24");
	for (i = 0; i < sizeof(day3) / sizeof(day3[0]); i++)
		add_group(f, &day3[i], a->s3, "2025-05-25");
	assert_int_equal(hw_store_commit(f->db.st, NULL), HW_OK);
}

static void test_running_total(void **state)
{
	struct fixture *f = *state;
	struct agreement a;

	agreement(f, &a);
	build(f, HW_REPORT_STAGE, a.s1, NULL, NULL);
	assert_int_equal(n(f, "total", "returned"), 3);
	assert_int_equal(n(f, "running_total", "returned"), 3);
	assert_int_equal(n(f, "cumulative", "returned"), 503);
	build(f, HW_REPORT_STAGE, a.s2, NULL, NULL);
	assert_int_equal(n(f, "total", "returned"), 2);
	assert_int_equal(n(f, "total", "handed_over"), 2);
	assert_int_equal(n(f, "running_total", "returned"), 5);
	assert_int_equal(n(f, "running_total", "handed_over"), 5);
	assert_int_equal(n(f, "rank_class", "privates_and_sergeants"), 2);
	assert_int_equal(n(f, "tags", "mariupol"), 2);
	assert_int_equal(n(f, "cumulative", "returned"), 505);
	build(f, HW_REPORT_STAGE, a.s3, NULL, NULL);
	assert_int_equal(n(f, "total", "returned"), 4);
	assert_int_equal(n(f, "running_total", "returned"), 9);
	assert_int_equal(n(f, "announced", "border_guard"), 3);
	assert_int_equal(n(f, "announced", "national_guard"), 1);
	assert_int_equal(n(f, "captivity", "3_years_or_more"), 3);
	assert_int_equal(n(f, "captivity", "1_to_2_years"), 0);
	assert_int_equal(n(f, "captivity", "under_6_months"), 1);
}

static void test_agreement_scope(void **state)
{
	struct fixture *f = *state;
	struct agreement a;
	char *en, *uk;

	agreement(f, &a);
	build(f, HW_REPORT_EXCHANGE, a.x, NULL, NULL);
	assert_int_equal(n(f, "total", "returned"), 9);
	assert_int_equal(n(f, "total", "handed_over"), 9);
	assert_int_equal(n(f, "branch_group", "mia"), 8);
	assert_int_equal(n(f, "branch", "sbgs"), 5);
	assert_int_equal(n(f, "branch", "ngu"), 3);
	assert_int_equal(n(f, "running_total", "returned"), 9);
	assert_int_equal(n(f, "cumulative", "returned"), 509);
	assert_int_equal(f->r->nstages, 3);
	assert_int_equal(f->r->stages[0].returned, 3);
	assert_int_equal(f->r->stages[1].returned, 2);
	assert_int_equal(f->r->stages[2].handed_over, 4);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_non_null(strstr(en, "Exchange “1000 for 1000”, in 3 stages, from 23 May 2025 to "
				   "25 May 2025. Mediator: Türkiye. 9 people are home: 8 "
				   "military and 1 civilian; 1 woman and 8 men. All the military "
				   "are privates and sergeants."));
	assert_non_null(strstr(uk, "Обмін «1000 for 1000», у 3 етапи, з 23 травня 2025 року по "
				   "25 травня 2025 року. Посередник: Türkiye. Додому повернулися "
				   "9 осіб: 8 військових і 1 цивільний; 1 жінка і 8 чоловіків. Усі "
				   "військові — рядового і сержантського складу."));
	hw_free(en);
	hw_free(uk);
	/* the second stage says what the agreement has brought home so far */
	build(f, HW_REPORT_STAGE, a.s2, NULL, NULL);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_non_null(strstr(en, "Exchange “1000 for 1000”, stage 2, 24 May 2025. "));
	assert_non_null(strstr(en, " 2 people are home: all military; all men. "));
	assert_non_null(strstr(en, " Over stages 1–2 of this agreement, 5 people have come home."));
	assert_non_null(strstr(uk, " За етапи 1–2 цієї домовленості додому повернулися 5 осіб."));
	assert_non_null(strstr(uk, " Додому повернулися 2 особи: усі військові; усі чоловіки. "));
	hw_free(en);
	hw_free(uk);
}

/* ---- a period --------------------------------------------------------- */

static void test_period(void **state)
{
	struct fixture *f = *state;
	struct agreement a;

	agreement(f, &a);
	build(f, HW_REPORT_PERIOD, 0, "2025-05-24", "2025-05-25");
	assert_int_equal(n(f, "total", "returned"), 6);
	assert_int_equal(n(f, "total", "handed_over"), 6);
	assert_int_equal(n(f, "cumulative", "returned"), 509);
	build(f, HW_REPORT_PERIOD, 0, NULL, "2025-05-23");
	assert_int_equal(n(f, "total", "returned"), 3);
	assert_int_equal(n(f, "cumulative", "returned"), 503);
	build(f, HW_REPORT_PERIOD, 0, "2025-05-25", NULL);
	assert_int_equal(n(f, "total", "returned"), 4);
	/* a month covers its days, at both ends */
	build(f, HW_REPORT_PERIOD, 0, "2025-05", "2025-05");
	assert_int_equal(n(f, "total", "returned"), 9);
	build(f, HW_REPORT_PERIOD, 0, "2025-06", NULL);
	assert_int_equal(n(f, "total", "returned"), 0);
	assert_int_equal(n(f, "sex", "men"), 0);
}

static void test_period_summary(void **state)
{
	struct fixture *f = *state;
	struct agreement a;
	char *en, *uk;

	agreement(f, &a);
	build(f, HW_REPORT_PERIOD, 0, "2025-05-24", "2025-05-25");
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_non_null(strstr(en, "Exchanges from 24 May 2025 to 25 May 2025. 6 people are home"));
	assert_non_null(strstr(uk, "Обміни з 24 травня 2025 року по 25 травня 2025 року. Додому "
				   "повернулися 6 осіб"));
	hw_free(en);
	hw_free(uk);
	build(f, HW_REPORT_PERIOD, 0, "2026", NULL);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_string_equal(en, "Exchanges from 2026. No return is recorded person by person. "
				"509 people have come home since the full-scale invasion.");
	assert_string_equal(uk, "Обміни з 2026 року. Повернень поіменно не внесено. Від початку "
				"повномасштабного вторгнення додому повернулися 509 осіб.");
	hw_free(en);
	hw_free(uk);
}

/* ---- missing fields ---------------------------------------------------- */

static void test_missing_fields(void **state)
{
	struct fixture *f = *state;
	static const struct group g[] = {
		{ 2, MIL, HW_SEX_UNKNOWN, 0, 0, NULL, 0, 0, NULL, NULL, 0 },
		{ 1, MIL, M, HW_BRANCH_NGU, 0, "2024", 0, 0, NULL, NULL, 0 },
		{ 1, CIV, HW_SEX_UNKNOWN, 0, 0, NULL, 0, 0, NULL, NULL, 0 },
	};
	int64_t x, s;
	size_t i;
	char *en, *uk;

	x = add_exchange(f, "gaps", 0, 0, NULL);
	s = add_stage(f, x, NULL, -1);
	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		add_group(f, &g[i], s, NULL);
	build(f, HW_REPORT_STAGE, s, NULL, NULL);
	assert_int_equal(n(f, "total", "returned"), 4);
	assert_int_equal(n(f, "sex", "unknown"), 3);
	assert_int_equal(n(f, "rank_class", "unknown"), 3);
	assert_int_equal(n(f, "rank_class", "privates_and_sergeants"), 0);
	assert_int_equal(n(f, "branch", "unknown"), 2);
	assert_int_equal(n(f, "branch_group", "unknown"), 2);
	assert_int_equal(n(f, "branch_group", "mia"), 1);
	assert_int_equal(n(f, "announced", "unknown"), 2);
	assert_int_equal(n(f, "region", "unknown"), 4);
	assert_int_equal(n(f, "capture_year", "unknown"), 3);
	assert_int_equal(n(f, "capture_year", "2024"), 1);
	/* undated return: time in captivity up to `today` (2025-06-01) */
	assert_int_equal(n(f, "captivity", "unknown"), 3);
	assert_int_equal(n(f, "captivity", "1_to_2_years"), 1);
	assert_int_equal(n(f, "health", "none"), 4);
	assert_int_equal(n(f, "cumulative", "returned"), 4);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_string_equal(en, "Exchange “gaps”. 4 people are home: 3 military and 1 civilian; "
				"1 man and 3 people of unrecorded sex. Of the military, 3 with no "
				"rank recorded. By service: National Guard 1, not recorded 2. 4 "
				"people have come home since the full-scale invasion.");
	assert_string_equal(uk, "Обмін «gaps». Додому повернулися 4 особи: 3 військових і 1 "
				"цивільний; 1 чоловік і 3 особи без зазначеної статі. Серед "
				"військових: звання не зазначено — 3. За приналежністю: "
				"Національна гвардія України — 1, не зазначено — 2. Від початку "
				"повномасштабного вторгнення додому повернулися 4 особи.");
	hw_free(en);
	hw_free(uk);
}

/* ---- words ------------------------------------------------------------ */

static char *words(long count, int uk)
{
	struct hw_buf b = HW_BUF_INIT;

	if (uk)
		assert_int_equal(report_count_uk(&b, count, "особа", "особи", "осіб"), HW_OK);
	else
		assert_int_equal(report_count_en(&b, count, "woman", "women"), HW_OK);
	return hw_buf_detach(&b, NULL);
}

static void expect_words(long count, int uk, const char *want)
{
	char *got = words(count, uk);

	assert_string_equal(got, want);
	hw_free(got);
}

static void test_plural_forms(void **state)
{
	(void)state;
	expect_words(1, 1, "1 особа");
	expect_words(2, 1, "2 особи");
	expect_words(4, 1, "4 особи");
	expect_words(5, 1, "5 осіб");
	expect_words(11, 1, "11 осіб");
	expect_words(12, 1, "12 осіб");
	expect_words(14, 1, "14 осіб");
	expect_words(21, 1, "21 особа");
	expect_words(22, 1, "22 особи");
	expect_words(0, 1, "0 осіб");
	expect_words(111, 1, "111 осіб");
	expect_words(101, 1, "101 особа");
	expect_words(1000, 1, "1\u202f000 осіб");
	expect_words(3210, 1, "3\u202f210 осіб");
	expect_words(1, 0, "1 woman");
	expect_words(2, 0, "2 women");
	expect_words(21, 0, "21 women");
	expect_words(3210, 0, "3,210 women");
	expect_words(1234567, 0, "1,234,567 women");
}

static void test_ordinals_and_dates(void **state)
{
	static const struct { long n; const char *want; } ord[] = {
		{ 1, "1st" }, { 2, "2nd" }, { 3, "3rd" }, { 4, "4th" }, { 11, "11th" },
		{ 12, "12th" }, { 13, "13th" }, { 21, "21st" }, { 52, "52nd" }, { 111, "111th" },
		{ 123, "123rd" },
	};
	struct hw_buf b = HW_BUF_INIT;
	struct hw_date d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ord) / sizeof(ord[0]); i++) {
		hw_buf_reset(&b);
		assert_int_equal(report_ordinal(&b, ord[i].n, HW_REPORT_EN), HW_OK);
		assert_string_equal(b.data, ord[i].want);
	}
	hw_buf_reset(&b);
	report_ordinal(&b, 52, HW_REPORT_UK);
	assert_string_equal(b.data, "52-й");
	d = day("2022-02-24");
	hw_buf_reset(&b);
	report_date(&b, &d, HW_REPORT_UK);
	assert_string_equal(b.data, "24 лютого 2022 року");
	hw_buf_reset(&b);
	report_date(&b, &d, HW_REPORT_EN);
	assert_string_equal(b.data, "24 February 2022");
	d = day("2024-05");
	hw_buf_reset(&b);
	report_date(&b, &d, HW_REPORT_UK);
	assert_string_equal(b.data, "травня 2024 року");
	hw_buf_release(&b);
}

/* One person: singular everywhere; 21: Ukrainian singular agreement. */
static void test_summary_singular(void **state)
{
	struct fixture *f = *state;
	static const struct group one = { 1, CIV, F, 0, 0, "2024-01-01", HW_REGION_KHERSON,
					   HW_HEALTH_WOUNDED, "mariupol", NULL, 0 };
	static const struct group more = { 20, MIL, M, HW_BRANCH_ARMY, HW_RANK_MAJOR,
					    "2024-01-01", 0, 0, NULL, NULL, 0 };
	int64_t x = add_exchange(f, "one", 0, 0, NULL), s = add_stage(f, x, "2024-06-01", -1);
	char *en, *uk;

	add_group(f, &one, s, "2024-06-01");
	build(f, HW_REPORT_STAGE, s, NULL, NULL);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_string_equal(en, "Exchange “one”, 1 June 2024. 1 person is home: 1 civilian; 1 "
				"woman. Among them: 1 defender of Mariupol. 1 is wounded, "
				"seriously ill or disabled (1 wounded). By 1 June 2024, 1 person "
				"had come home since the full-scale invasion.");
	assert_string_equal(uk, "Обмін «one», 1 червня 2024 року. Додому повернулася 1 особа: 1 "
				"цивільний; 1 жінка. Серед звільнених — 1 захисник Маріуполя. "
				"Поранених, тяжкохворих або з інвалідністю — 1 (поранених — 1). "
				"Станом на 1 червня 2024 року від початку повномасштабного "
				"вторгнення додому повернулася 1 особа.");
	hw_free(en);
	hw_free(uk);
	add_group(f, &more, s, "2024-06-01");
	build(f, HW_REPORT_STAGE, s, NULL, NULL);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	assert_non_null(strstr(uk, "Додому повернулася 21 особа: 20 військових і 1 цивільний; "
				   "1 жінка і 20 чоловіків. Усі військові — офіцери."));
	assert_non_null(strstr(en, "21 people are home: 20 military and 1 civilian; 1 woman and "
				   "20 men. All the military are officers."));
	hw_free(en);
	hw_free(uk);
}

/* An agreement named by its number is not named twice. */
static void test_summary_named_by_number(void **state)
{
	struct fixture *f = *state;
	static const struct group one = { 2, MIL, M, HW_BRANCH_ARMY, HW_RANK_SOLDIER, NULL, 0, 0,
					   NULL, NULL, 0 };
	int64_t x = add_exchange(f, "52nd exchange", 52, 0, "United Arab Emirates; Türkiye");
	int64_t s = add_stage(f, x, "2024-05-31", -1);
	char *en, *uk;

	add_group(f, &one, s, "2024-05-31");
	build(f, HW_REPORT_STAGE, s, NULL, NULL);
	en = hw_report_summary(f->r, HW_REPORT_EN);
	uk = hw_report_summary(f->r, HW_REPORT_UK);
	assert_non_null(strstr(en, "The 52nd exchange, 31 May 2024. Mediators: United Arab "
				   "Emirates, Türkiye. 2 people are home: all military; all men. "
				   "All the military are privates and sergeants. By service: Armed "
				   "Forces of Ukraine 2."));
	assert_non_null(strstr(uk, "52-й обмін, 31 травня 2024 року. Посередники: United Arab "
				   "Emirates, Türkiye. Додому повернулися 2 особи: усі військові; "
				   "усі чоловіки."));
	hw_free(en);
	hw_free(uk);
}

/* ---- the JSON document and the CSV ------------------------------------- */

static json_int_t ji(json_t *doc, const char *a, const char *b)
{
	json_t *v = json_object_get(doc, a);

	if (b)
		v = json_object_get(v, b);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void test_json(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *scope, *x;
	char *text;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	text = hw_report_json(f->r);
	assert_non_null(text);
	doc = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(doc);
	assert_int_equal(ji(doc, "returned", NULL), 75);
	assert_int_equal(ji(doc, "handed_over", NULL), 3);
	assert_int_equal(ji(doc, "sex", "women"), 5);
	assert_int_equal(ji(doc, "category", "civilian"), 4);
	assert_int_equal(ji(doc, "rank_class", "privates_and_sergeants"), 65);
	assert_int_equal(ji(doc, "announced", "armed_forces"), 37);
	assert_int_equal(ji(doc, "announced", "territorial_defence"), 6);
	assert_int_equal(ji(doc, "branch_group", "mia"), 28);
	assert_int_equal(ji(doc, "tags", "snake_island"), 19);
	assert_int_equal(ji(doc, "health", "any"), 25);
	assert_int_equal(ji(doc, "captivity", "2_to_3_years"), 47);
	assert_int_equal(ji(doc, "capture_year", "2023"), 8);
	assert_int_equal(ji(doc, "region", "kyiv"), 14);
	assert_int_equal(ji(doc, "cumulative", "returned"), 3210);
	assert_int_equal(ji(doc, "running_total", "returned"), 75);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "cumulative"),
							      "to")), "2024-05-31");
	scope = json_object_get(doc, "scope");
	assert_string_equal(json_string_value(json_object_get(scope, "kind")), "stage");
	assert_string_equal(json_string_value(json_object_get(scope, "from")), "2024-05-31");
	x = json_object_get(scope, "exchange");
	assert_int_equal(json_integer_value(json_object_get(x, "national_number")), 52);
	assert_string_equal(json_string_value(json_array_get(json_object_get(x, "mediators"), 0)),
			    "United Arab Emirates");
	assert_string_equal(json_string_value(json_object_get(json_object_get(scope, "stage"),
							      "ref")), "EX-000002/1");
	assert_true(json_is_null(json_object_get(scope, "stages")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "summary"),
							      "en")), sum52_en);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "summary"),
							      "uk")), sum52_uk);
	json_decref(doc);
}

static void test_json_period_and_agreement(void **state)
{
	struct fixture *f = *state;
	struct agreement a;
	json_t *doc, *stages;
	char *text;

	agreement(f, &a);
	build(f, HW_REPORT_EXCHANGE, a.x, NULL, NULL);
	text = hw_report_json(f->r);
	doc = json_loads(text, 0, NULL);
	free(text);
	stages = json_object_get(json_object_get(doc, "scope"), "stages");
	assert_int_equal(json_array_size(stages), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(stages, 1),
							    "returned")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(stages, 2), "ref")),
			    "EX-000002/3");
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(doc, "scope"),
								 "exchange"),
						 "national_number")));
	json_decref(doc);
	build(f, HW_REPORT_PERIOD, 0, "2025-05-24", NULL);
	text = hw_report_json(f->r);
	doc = json_loads(text, 0, NULL);
	free(text);
	assert_true(json_is_null(json_object_get(doc, "running_total")));
	assert_true(json_is_null(json_object_get(json_object_get(doc, "scope"), "exchange")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "scope"),
							      "from")), "2025-05-24");
	assert_true(json_is_null(json_object_get(json_object_get(doc, "scope"), "to")));
	assert_int_equal(ji(doc, "returned", NULL), 6);
	json_decref(doc);
}

static char *written(struct fixture *f, enum hw_report_format fmt, enum hw_report_lang lang)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(hw_report_write(f->r, fmt, lang, out, NULL), HW_OK);
	fclose(out);
	return buf;
}

static void test_csv(void **state)
{
	struct fixture *f = *state;
	char *csv;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	csv = written(f, HW_REPORT_CSV, HW_REPORT_EN);
	assert_memory_equal(csv, "section,key,label,count\n", 24);
	assert_non_null(strstr(csv, "\nscope,national_number,national number,52\n"));
	assert_non_null(strstr(csv, "\ntotal,returned,returned home,75\n"));
	assert_non_null(strstr(csv, "\nannounced,armed_forces,Armed Forces of Ukraine (without "
				    "Territorial Defence),37\n"));
	assert_non_null(strstr(csv, "\nhealth,any,\"wounded, seriously ill or disabled\",25\n"));
	assert_non_null(strstr(csv, "\ntags,snake_island,defenders of Snake Island,19\n"));
	assert_non_null(strstr(csv, "\ncumulative,returned,returned home since 24 February "
				    "2022,3210\n"));
	free(csv);
	csv = written(f, HW_REPORT_CSV, HW_REPORT_UK);
	assert_non_null(strstr(csv, "\nbranch,ngu,Національна гвардія України,21\n"));
	assert_non_null(strstr(csv, "\nsex,women,жінки,5\n"));
	free(csv);
}

static void test_text(void **state)
{
	struct fixture *f = *state;
	char *text;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	text = written(f, HW_REPORT_TEXT, HW_REPORT_EN);
	assert_non_null(strstr(text, "Exchange: UAE-mediated exchange (EX-000002)\n"));
	assert_non_null(strstr(text, "National number: 52\n"));
	assert_non_null(strstr(text, sum52_en));
	assert_non_null(strstr(text, "\nAs announced (military)\n"));
	assert_non_null(strstr(text, "\n  returned home since 24 February 2022"));
	assert_non_null(strstr(text, " 3,210\n"));
	/* rows of nobody are left out of the text */
	assert_null(strstr(text, "Marine Corps"));
	free(text);
	text = written(f, HW_REPORT_TEXT, HW_REPORT_UK);
	assert_non_null(strstr(text, sum52_uk));
	assert_non_null(strstr(text, "\n  Сили територіальної оборони"));
	free(text);
}

static void test_unknown_scope(void **state)
{
	struct fixture *f = *state;
	struct hw_report_scope scope = { HW_REPORT_STAGE, 77, { 0, 0, 0 }, { 0, 0, 0 } };
	struct hw_report *r = NULL;

	assert_int_equal(hw_report_build(f->db.st, &scope, NULL, &r, NULL), HW_NOT_FOUND);
	assert_null(r);
	scope.kind = HW_REPORT_EXCHANGE;
	assert_int_equal(hw_report_build(f->db.st, &scope, NULL, &r, NULL), HW_NOT_FOUND);
	assert_null(r);
}

/* Every allocation failing in turn: an error, never a crash or a leak. */
static void test_out_of_memory(void **state)
{
	struct fixture *f = *state;
	struct hw_report_scope scope = { HW_REPORT_STAGE, 0, { 0, 0, 0 }, { 0, 0, 0 } };
	struct hw_report *r = NULL;
	long i;
	int ok = 0;

	scope.id = exchange_52(f);
	for (i = 0; i < 100000 && !ok; i += 1 + i / 50) {
		char *json;

		hw_alloc_fail_after(i);
		if (!hw_report_build(f->db.st, &scope, NULL, &r, NULL)) {
			json = hw_report_json(r);
			ok = json != NULL;
			free(json);
			hw_report_free(r);
			r = NULL;
		}
		hw_alloc_fail_after(-1);
	}
	assert_true(ok);
}

/* The scope from a front end's texts, refused naming the parameter. */
static void test_scope_parse(void **state)
{
	struct fixture *f = *state;
	struct hw_report_scope s;
	struct hw_error e;
	int64_t stage = exchange_52(f);

#define PARSE(a, b, c, d) hw_report_scope_parse(f->db.st, a, b, c, d, &s, &e)
	hw_error_clear(&e);
	assert_int_equal(PARSE("EX-000002/1", NULL, NULL, NULL), HW_OK);
	assert_int_equal(s.kind, HW_REPORT_STAGE);
	assert_int_equal(s.id, stage);
	assert_int_equal(PARSE(NULL, "EX-000002", NULL, NULL), HW_OK);
	assert_int_equal(s.kind, HW_REPORT_EXCHANGE);
	assert_int_equal(s.id, 2);
	assert_int_equal(PARSE(NULL, NULL, "2024-05", "2024-06-30"), HW_OK);
	assert_int_equal(s.kind, HW_REPORT_PERIOD);
	assert_int_equal(s.from.month, 5);
	assert_int_equal(s.to.day, 30);
	assert_int_equal(PARSE(NULL, NULL, NULL, "2024"), HW_OK);
	assert_false(hw_date_is_known(&s.from));
	/* none, or two */
	assert_int_equal(PARSE(NULL, NULL, NULL, NULL), HW_INVALID);
	assert_string_equal(e.field, "");
	assert_int_equal(PARSE("EX-000002/1", "EX-000002", NULL, NULL), HW_INVALID);
	assert_string_equal(e.field, "exchange");
	assert_int_equal(PARSE(NULL, "EX-000002", "2024", NULL), HW_INVALID);
	assert_string_equal(e.field, "from");
	assert_int_equal(PARSE("EX-000002/1", NULL, NULL, "2024"), HW_INVALID);
	assert_string_equal(e.field, "to");
	/* what is not there, and what is not a date */
	assert_int_equal(PARSE("EX-000002/9", NULL, NULL, NULL), HW_NOT_FOUND);
	assert_string_equal(e.field, "stage");
	assert_int_equal(PARSE("EX-000077/1", NULL, NULL, NULL), HW_NOT_FOUND);
	assert_string_equal(e.field, "stage");
	assert_int_equal(PARSE("EX-000002/x", NULL, NULL, NULL), HW_INVALID);
	assert_string_equal(e.field, "stage");
	assert_int_equal(PARSE(NULL, "EX-000077", NULL, NULL), HW_NOT_FOUND);
	assert_string_equal(e.field, "exchange");
	assert_int_equal(PARSE(NULL, NULL, "31.02.2024", NULL), HW_INVALID);
	assert_string_equal(e.field, "from");
	assert_non_null(strstr(e.message, "31.02.2024"));
	assert_int_equal(PARSE(NULL, NULL, NULL, "soon"), HW_INVALID);
	assert_string_equal(e.field, "to");
	assert_int_equal(PARSE(NULL, NULL, "2024-06-01", "2024-01-01"), HW_INVALID);
	assert_string_equal(e.field, "to");
	assert_string_equal(e.message, "the period ends (2024-01-01) before it starts (2024-06-01)");
#undef PARSE
}

static void test_format_and_lang(void **state)
{
	enum hw_report_format fmt = HW_REPORT_JSON;
	enum hw_report_lang lang = HW_REPORT_EN;
	struct hw_error e;

	(void)state;
	hw_error_clear(&e);
	assert_int_equal(hw_report_format_parse("csv", &fmt, NULL), HW_OK);
	assert_int_equal(fmt, HW_REPORT_CSV);
	assert_int_equal(hw_report_format_parse("text", &fmt, NULL), HW_OK);
	assert_int_equal(fmt, HW_REPORT_TEXT);
	assert_int_equal(hw_report_format_parse("xml", &fmt, &e), HW_INVALID);
	assert_string_equal(e.field, "format");
	assert_string_equal(e.message, "unknown format 'xml' (allowed: text, json, csv)");
	assert_int_equal(hw_report_lang_parse("uk", &lang, NULL), HW_OK);
	assert_int_equal(lang, HW_REPORT_UK);
	assert_int_equal(hw_report_lang_parse("fr", &lang, &e), HW_INVALID);
	assert_string_equal(e.field, "lang");
}

/* hw_report_render gives the bytes hw_report_write writes, after what the
 * buffer held; on failure the buffer is as it was. */
static void test_render(void **state)
{
	static const enum hw_report_format fmts[] = { HW_REPORT_TEXT, HW_REPORT_JSON,
						      HW_REPORT_CSV };
	struct fixture *f = *state;
	struct hw_buf b = HW_BUF_INIT;
	char *want;
	size_t i;

	build(f, HW_REPORT_STAGE, exchange_52(f), NULL, NULL);
	for (i = 0; i < 3; i++) {
		want = written(f, fmts[i], HW_REPORT_UK);
		hw_buf_reset(&b);
		assert_int_equal(hw_buf_addstr(&b, "before:"), HW_OK);
		assert_int_equal(hw_report_render(f->r, fmts[i], HW_REPORT_UK, &b, NULL), HW_OK);
		assert_int_equal(b.len, 7 + strlen(want));
		assert_memory_equal(b.data + 7, want, strlen(want));
		free(want);
	}
	hw_buf_release(&b);
	assert_int_equal(hw_buf_addstr(&b, "before:"), HW_OK);
	hw_alloc_fail_after(0);
	assert_int_equal(hw_report_render(f->r, HW_REPORT_CSV, HW_REPORT_EN, &b, NULL), HW_NOMEM);
	hw_alloc_fail_after(-1);
	assert_int_equal(b.len, 7);
	hw_buf_release(&b);
}

static void test_filename(void **state)
{
	struct fixture *f = *state;
	char name[HW_REPORT_FILENAME_MAX];
	int64_t stage = exchange_52(f);

	build(f, HW_REPORT_STAGE, stage, NULL, NULL);
	hw_report_filename(f->r, HW_REPORT_CSV, name);
	assert_string_equal(name, "report-EX-000002-1.csv");
	build(f, HW_REPORT_EXCHANGE, 2, NULL, NULL);
	hw_report_filename(f->r, HW_REPORT_JSON, name);
	assert_string_equal(name, "report-EX-000002.json");
	build(f, HW_REPORT_PERIOD, 0, "2024-05-01", "2024-06");
	hw_report_filename(f->r, HW_REPORT_TEXT, name);
	assert_string_equal(name, "report-2024-05-01_2024-06.txt");
	build(f, HW_REPORT_PERIOD, 0, "2024", NULL);
	hw_report_filename(f->r, HW_REPORT_CSV, name);
	assert_string_equal(name, "report-from-2024.csv");
	build(f, HW_REPORT_PERIOD, 0, NULL, "2024-06");
	hw_report_filename(f->r, HW_REPORT_CSV, name);
	assert_string_equal(name, "report-to-2024-06.csv");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stage_breakdowns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage_captivity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_announced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cumulative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_stage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running_total, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agreement_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_fields, setup, teardown),
		cmocka_unit_test(test_plural_forms),
		cmocka_unit_test(test_ordinals_and_dates),
		cmocka_unit_test_setup_teardown(test_summary_singular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_named_by_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_period_and_agreement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_parse, setup, teardown),
		cmocka_unit_test(test_format_and_lang),
		cmocka_unit_test_setup_teardown(test_render, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filename, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
