/*
 * test_match.c - the matcher on pairs that are the same person and pairs
 * that are not.
 *
 * The registry is 20,000 generated persons (so that name frequencies are
 * realistic) plus the persons of the table below; every query is checked
 * for its decision and for who comes first.  Synthetic names only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/generate.h"
#include "homeward/match.h"
#include "homeward/registry.h"
#include "tmpdb.h"

#define FILLER 20000
#define BASE_ID 1000000

static const struct {
	const char *family, *given, *patronymic, *birth, *unit;
	enum hw_sex sex;
} people[] = {
	/* 0 */ { "Коваленко", "Олександр", "Петрович", "1987-03-14", "в/ч А1234", HW_SEX_MALE },
	/* 1 */ { "Коваленко", "Олексій", "Петрович", "1987-05-02", NULL, HW_SEX_MALE },
	/* 2 */ { "Мельник", "Сергій", "Іванович", "1980-01-01", NULL, HW_SEX_MALE },
	/* 3 */ { "Мельник", "Сергій", "Іванович", "1992-06-30", NULL, HW_SEX_MALE },
	/* 4 */ { "Поліщук", "Василь", "Олегович", "1975-02-11", NULL, HW_SEX_MALE },
	/* 5 */ { "Білоуський", "Андрій", "Миколайович", "1990-09-09", NULL, HW_SEX_MALE },
	/* 6 */ { "Ґудзь", "Богдан", "Степанович", "1985-12-12", NULL, HW_SEX_MALE },
	/* 7 */ { "Шевчук", "Ганна", "Петрівна", "1993-04-04", NULL, HW_SEX_FEMALE },
	/* 8 */ { "Ковалевський", "Остап", "Ігорович", "1989-07-21", NULL, HW_SEX_MALE },
	/* 9 */ { "Воробйов", "Микола", "Данилович", "1996-02-19", NULL, HW_SEX_MALE },
	/* 10 */ { "Іщенко", "Андрій", "Дмитрович", "1992-04-15", NULL, HW_SEX_MALE },
	/* 11 */ { "Гнатюк", "Ярослав", "Юрійович", "1978-10-05", NULL, HW_SEX_MALE },
	/* 12 */ { "Прохоров", "Станіслав", "Аркадійович", "1983-05-07", NULL, HW_SEX_MALE },
	/* 13 */ { "Маковецький", "Тарас", "Остапович", "1981-02-17", NULL, HW_SEX_MALE },
	/* 14 */ { "Вовк", "Максим", NULL, "1978-06-12", NULL, HW_SEX_MALE },
	/* 15 */ { "Шумейко", "Іван", "Степанович", "1977-05-23", NULL, HW_SEX_MALE },
	/* 16 */ { "Шумейко", "Ян", "Богданович", "1977-08-01", NULL, HW_SEX_MALE },
	/* 17 */ { "Павлов", "Аркадій", "Дмитрович", "1996-01-30", NULL, HW_SEX_MALE },
	/* 18 */ { "Панов", "Ігор", "Петрович", "1970-04-04", NULL, HW_SEX_MALE },
	/* 19 */ { "Мазуренко", "Борис", "Сергійович", "1997-11-22", NULL, HW_SEX_MALE },
	/* 20 */ { "Михайленко", "Арсен", "Тарасович", "1966-09-01", NULL, HW_SEX_MALE },
	/* 21 */ { "Белик", "Сергій", "Іванович", "1985-03-03", NULL, HW_SEX_MALE },
};

enum expect { MATCH, FOUND, NOT };

static const struct {
	const char *name, *birth;
	int person;        /* index in people[] */
	enum expect want;  /* MATCH: decision match and first; FOUND: first
			      candidate, match or review; NOT: this person is not
			      matched */
} cases[] = {
	/* the same man, as lists write him */
	{ "Коваленко Олександр Петрович", "1987-03-14", 0, MATCH },
	{ "Коваленко Александр Петрович", "1987-03-14", 0, MATCH },
	{ "KOVALENKO Oleksandr", "1987-03-14", 0, MATCH },
	{ "Aleksandr Kovalenko", "1987-03-14", 0, MATCH },
	{ "Olexandr Kovalenko", "14.03.1987", 0, MATCH },
	{ "Kovalenko Aleksandr Petrovich", "1987-03-14", 0, MATCH },
	{ "Коваленко Олекасндр", "1987-03-14", 0, MATCH },
	{ "Коваленко О.П.", "1987-03-14", 0, MATCH },
	{ "Олександр Петрович Коваленко", "1987-03-14", 0, MATCH },
	{ "Коваленко, Олександр Петрович", "1988-03-14", 0, FOUND },
	{ "Коваленко Олександр Петрович", "1987", 0, FOUND },
	{ "Коваленко Олександр Петрович", "1987-03-11", 0, FOUND },
	{ "Коваленко Олександр Петрович", "", 0, FOUND },
	/* surnames across spelling rules */
	{ "Полищук Василий Олегович", "1975-02-11", 4, MATCH },
	{ "POLISHCHUK Vasyl", "1975-02-11", 4, MATCH },
	{ "Polischuk Vasily Olegovich", "1975-02-11", 4, MATCH },
	{ "Белоуский Андрей Николаевич", "1990-09-09", 5, MATCH },
	{ "Bilouskyi Andrii", "1990-09-09", 5, MATCH },
	{ "Gudz Bohdan", "1985-12-12", 6, MATCH },
	{ "Hudz Bogdan Stepanovich", "1985-12-12", 6, MATCH },
	{ "Гудзь Богдан", "1985-12-12", 6, MATCH },
	{ "Kovalevskyy Ostap", "1989-07-21", 8, MATCH },
	{ "Kovalevsky Ostap", "1989-07-21", 8, MATCH },
	{ "Kovalevskyi Ostap Ihorovych", "1989-07-21", 8, MATCH },
	{ "Kovalevskiy Ostap Igorevich", "1989-07-21", 8, MATCH },
	{ "Воробьев Николай Данилович", "1996-02-19", 9, MATCH },
	{ "Воробьёв Н.Д.", "1996-02-19", 9, MATCH },
	{ "Ищенко Андрей", "1992-04-15", 10, MATCH },
	{ "Ищееко Андрей Дмитриевич", "1992-04-15", 10, MATCH },
	{ "Gnatyuk Yaroslav", "1978-10-05", 11, MATCH },
	{ "Hnatiuk Iaroslav Yuriiovych", "1978-10-05", 11, MATCH },
	{ "Анна Петровна Шевчук", "1993-04-04", 7, MATCH },
	{ "SHEVCHUK Hanna", "1993-04-04", 7, MATCH },
	/* namesakes: the birth date tells them apart */
	{ "Мельник Сергій Іванович", "1992-06-30", 3, MATCH },
	{ "Мельник Сергей Иванович", "30.06.1992", 3, MATCH },
	{ "Мельник Сергій Іванович", "1980-01-01", 2, MATCH },
	{ "Мельник Сергій Іванович", "1980-01-01", 3, NOT },
	{ "Мельник Сергій Іванович", "1992-06-30", 2, NOT },
	{ "Мельник Сергій Іванович", "", 2, NOT },
	{ "Мельник Сергій Іванович", "", 3, NOT },
	{ "Мельник Сергій Іванович", "1975-05-05", 2, NOT },
	{ "Мельник Сергій Іванович", "1975-05-05", 3, NOT },
	/* different people with similar names */
	{ "Коваленко Олексій Петрович", "1987-05-02", 1, MATCH },
	{ "Коваленко Олексій Петрович", "1987-05-02", 0, NOT },
	{ "Коваленко Олександр Петрович", "1987-03-14", 1, NOT },
	{ "Шевчук Ганна Петрівна", "1961-11-30", 7, NOT },
	{ "Шевчук Іван Петрович", "1993-04-04", 7, NOT },
	/* two letters off the family name: only the same full birth date lets
	 * it through (two slips are likelier than another man with the same
	 * names and birth date); without it, a verifier decides */
	{ "Мельничук Сергій Іванович", "1992-06-30", 3, FOUND },
	{ "Мельничук Сергій Іванович", "1992", 3, NOT },
	{ "Мельничук Сергій Іванович", "1992-06-03", 3, NOT },
	{ "Коваль Олександр Петрович", "1987-03-14", 0, NOT },
	{ "Коваленко Олександра Петрівна", "1987-03-14", 0, NOT },
	/* two slips that both hit the consonant frame (two wrong keys), a
	 * lost leading letter with another slip, or a Latin slip that breaks
	 * a digraph: the keys with two symbols deleted still meet, with no
	 * birth date for the fallback to go by */
	{ "Lrokhofov Stanislav Arkadiiovych", "", 12, FOUND },
	{ "Амоквецький Тарас Остапович", "", 13, FOUND },
	{ "ахуренко Борис Сергійович", "", 19, FOUND },
	{ "Myhkailenko Arsen Tarasovych", "", 20, FOUND },
	/* a short family name two slips off: the given name and year find it */
	{ "окв Максим", "12.06.1978", 14, FOUND },
	/* a slip that turns Іван into another name (Іан reads as Ян) */
	{ "Шумейко Іан", "1977-05-23", 15, FOUND },
	/* the family name as written is another registered one: two slips
	 * (Панов for Павлов) do not confirm a person on their own */
	{ "Панов Аркадій", "1996-01-30", 17, NOT },
	{ "Панов Аркадій", "1996-01-30", 17, FOUND },
};

static struct hw_match_index *ix;

static void put_status(int64_t id, const char *family, const char *given,
		       const char *patronymic, const char *birth, const char *unit, enum hw_sex sex,
		       enum hw_status status)
{
	struct hw_person p;

	hw_person_init(&p);
	p.id = id;
	p.sex = sex;
	assert_int_equal(hw_person_add_name(&p, HW_NAME_PRIMARY, family, given, patronymic,
					    HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	assert_int_equal(hw_date_parse(birth, &p.birth_date, NULL), HW_OK);
	hw_person_set_str(&p.unit, unit);
	p.status = status;
	assert_int_equal(hw_match_index_put(ix, &p, NULL), HW_OK);
	hw_person_release(&p);
}

static void put(int64_t id, const char *family, const char *given, const char *patronymic,
		const char *birth, const char *unit, enum hw_sex sex)
{
	put_status(id, family, given, patronymic, birth, unit, sex, HW_STATUS_CAPTIVE);
}

static int setup(void **state)
{
	struct hw_gen_options o;
	struct hw_gen *g = NULL;
	struct hw_person p;
	size_t i;

	(void)state;
	if (hw_match_index_new(&ix, NULL))
		return -1;
	hw_gen_options_init(&o);
	o.seed = 77;
	if (hw_gen_new(&g, &o, NULL))
		return -1;
	for (i = 0; i < FILLER; i++) {
		hw_person_init(&p);
		if (hw_gen_person(g, i, &p, NULL))
			return -1;
		p.id = (int64_t)i + 1;
		if (hw_match_index_put(ix, &p, NULL))
			return -1;
		hw_person_release(&p);
	}
	hw_gen_free(g);
	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++)
		put(BASE_ID + (int64_t)i, people[i].family, people[i].given, people[i].patronymic,
		    people[i].birth, people[i].unit, people[i].sex);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hw_match_index_free(ix);
	return 0;
}

static void find(const char *name, const char *birth, struct hw_match_result *res)
{
	struct hw_match_query q;
	struct hw_error err;

	memset(&q, 0, sizeof(q));
	q.full_name = name;
	hw_error_clear(&err);
	assert_int_equal(hw_date_parse(birth, &q.birth_date, NULL), HW_OK);
	assert_int_equal(hw_match_find(ix, &q, 5, res, &err), HW_OK);
}

static void test_pairs(void **state)
{
	struct hw_match_result res;
	size_t i, failures = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t want = BASE_ID + cases[i].person, first;
		int ok;

		find(cases[i].name, cases[i].birth, &res);
		first = res.ncandidates ? res.candidates[0].person_id : 0;
		switch (cases[i].want) {
		case MATCH:
			ok = res.decision == HW_MATCH_MATCH && first == want;
			break;
		case FOUND:
			ok = res.decision != HW_MATCH_NONE && first == want;
			break;
		default:
			ok = !(res.decision == HW_MATCH_MATCH && first == want);
			break;
		}
		if (!ok) {
			failures++;
			fprintf(stderr, "case %zu: '%s' %s: decision %s, first %lld (%s), want person %d\n",
				    i, cases[i].name, cases[i].birth,
				    hw_match_decision_name(res.decision), (long long)first,
				    res.why, cases[i].person);
		}
	}
	assert_int_equal(failures, 0);
}

static void test_namesakes_both_proposed(void **state)
{
	struct hw_match_result res;
	int seen = 0;
	size_t i;

	(void)state;
	find("Мельник Сергій Іванович", "", &res);
	assert_int_equal(res.decision, HW_MATCH_REVIEW);
	for (i = 0; i < res.ncandidates; i++)
		seen |= (res.candidates[i].person_id == BASE_ID + 2 ? 1 : 0) |
			(res.candidates[i].person_id == BASE_ID + 3 ? 2 : 0);
	assert_int_equal(seen, 3);
}

static void test_explanation(void **state)
{
	struct hw_match_result res;
	const struct hw_match_candidate *c;
	double sum = 0;
	size_t i;
	int fields = 0;

	(void)state;
	find("KOVALENKO Oleksandr Petrovych", "14.03.1987", &res);
	assert_int_equal(res.decision, HW_MATCH_MATCH);
	c = &res.candidates[0];
	assert_string_equal(c->name_seen, "Коваленко Олександр Петрович");
	for (i = 0; i < c->nevidence; i++) {
		sum += c->evidence[i].weight;
		assert_true(c->evidence[i].reason[0] != '\0');
		if (!strcmp(c->evidence[i].field, "family_name"))
			fields |= 1;
		if (!strcmp(c->evidence[i].field, "given_name"))
			fields |= 2;
		if (!strcmp(c->evidence[i].field, "patronymic"))
			fields |= 4;
		if (!strcmp(c->evidence[i].field, "birth_date"))
			fields |= 8;
	}
	assert_int_equal(fields, 15);
	assert_true(sum > c->score - 0.01 && sum < c->score + 0.01);
	assert_non_null(strstr(res.why, "stands out"));
}

static void test_slips_of_the_birth_date(void **state)
{
	struct hw_match_query q;
	struct hw_match_result res;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.full_name = "Коваленко Олександр Петрович";
	/* day and month swapped by the list */
	hw_date_parse("1987-03-14", &q.birth_date, NULL);
	q.birth_date.day = 3;
	q.birth_date.month = 3;
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.candidates[0].person_id, BASE_ID);
	/* the list wrote it month first */
	hw_date_parse("1987-03-14", &q.birth_date, NULL);
	q.birth_date_month_first = 1;
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.decision, HW_MATCH_MATCH);
	assert_non_null(strstr(res.candidates[0].evidence[3].reason, "month first"));
}

static void test_edits_are_seen(void **state)
{
	struct hw_match_result res;

	(void)state;
	/* a new name record: the person is found by it at once */
	put(BASE_ID + 100, "Гребінь", "Соломія", "Остапівна", "1999-09-19", NULL, HW_SEX_FEMALE);
	find("Гребень Соломия Остаповна", "1999-09-19", &res);
	assert_int_equal(res.decision, HW_MATCH_MATCH);
	assert_int_equal(res.candidates[0].person_id, BASE_ID + 100);
	/* re-put with another name: the old one no longer matches */
	put(BASE_ID + 100, "Гребінь-Коваль", "Соломія", "Остапівна", "1999-09-19", NULL,
	    HW_SEX_FEMALE);
	find("Гребінь Соломія Остапівна", "1999-09-19", &res);
	assert_true(res.decision != HW_MATCH_MATCH || res.candidates[0].person_id != BASE_ID + 100 ||
		    strstr(res.candidates[0].name_seen, "Гребінь-Коваль"));
}

static double evidence(const struct hw_match_candidate *c, const char *field)
{
	size_t i;

	for (i = 0; i < c->nevidence; i++)
		if (!strcmp(c->evidence[i].field, field))
			return c->evidence[i].weight;
	return 0;
}

/* "А-1234" is the unit А1234, as "А1234" and "в/ч А1234" are. */
static void test_unit_written_with_hyphen(void **state)
{
	struct hw_match_query q;
	struct hw_match_result res;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.full_name = "Коваленко Олександр Петрович";
	q.unit = "в/ч А-1234";
	hw_date_parse("1987-03-14", &q.birth_date, NULL);
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.candidates[0].person_id, BASE_ID);
	assert_true(evidence(&res.candidates[0], "unit") > 0);
	q.unit = "A-1234";
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_true(evidence(&res.candidates[0], "unit") > 0);
	q.unit = "в/ч А-4321";
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_true(evidence(&res.candidates[0], "unit") < 0);
}

/*
 * A family name two letters off a rare one never outweighs the name as
 * written when that is a common family of the registry: "Мельник С. І."
 * is one of the Мельник, not Белик with two slips.
 */
static void test_common_family_as_written(void **state)
{
	struct hw_match_result res;
	size_t i;

	(void)state;
	find("Мельник С. І.", "", &res);
	assert_true(res.ncandidates > 0);
	for (i = 0; i < res.ncandidates; i++)
		if (res.candidates[i].family_distance)
			assert_true(res.candidates[i].score < res.candidates[0].score);
	assert_int_equal(res.candidates[0].family_distance, 0);
	assert_int_not_equal(res.candidates[0].person_id, BASE_ID + 21);
}

/*
 * Namesakes with the same evidence are ordered with the persons still held
 * or missing first: an incoming list names them far more often than
 * persons already returned.  The returned one is put first, so that the
 * order of the index alone would put it first.
 */
static void test_equal_namesakes_open_cases_first(void **state)
{
	struct hw_match_result res;

	(void)state;
	put_status(BASE_ID + 200, "Кравчишин", "Орест", "Мирославович", "1979-07-07", NULL,
		   HW_SEX_MALE, HW_STATUS_RETURNED);
	put_status(BASE_ID + 201, "Кравчишин", "Орест", "Мирославович", "1983-03-03", NULL,
		   HW_SEX_MALE, HW_STATUS_CAPTIVE);
	find("Кравчишин Орест Мирославович", "", &res);
	assert_int_equal(res.decision, HW_MATCH_REVIEW);
	assert_true(res.ncandidates >= 2);
	assert_true(res.candidates[0].score == res.candidates[1].score);
	assert_int_equal(res.candidates[0].person_id, BASE_ID + 201);
	assert_int_equal(res.candidates[1].person_id, BASE_ID + 200);
}

/* An incoming list names our own people: a detainee of the same name and
 * birth date is no candidate when the query says so. */
static void test_custody_restricted(void **state)
{
	struct hw_match_query q;
	struct hw_match_result res;
	struct hw_person p;
	size_t i;

	(void)state;
	put(BASE_ID + 300, "Остапчук", "Лука", "Іванович", "1981-02-03", NULL, HW_SEX_MALE);
	hw_person_init(&p);
	p.id = BASE_ID + 301;
	p.sex = HW_SEX_MALE;
	p.held_by = HW_CUSTODY_US;
	assert_int_equal(hw_person_add_name(&p, HW_NAME_PRIMARY, "Остапчук", "Лука", "Иванович",
					    HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	assert_int_equal(hw_date_parse("1981-02-03", &p.birth_date, NULL), HW_OK);
	assert_int_equal(hw_match_index_put(ix, &p, NULL), HW_OK);
	hw_person_release(&p);
	memset(&q, 0, sizeof(q));
	q.full_name = "Остапчук Лука Иванович";
	assert_int_equal(hw_date_parse("1981-02-03", &q.birth_date, NULL), HW_OK);
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.decision, HW_MATCH_REVIEW);
	q.restrict_custody = 1;
	q.held_by = HW_CUSTODY_ADVERSARY;
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.decision, HW_MATCH_MATCH);
	assert_int_equal(res.candidates[0].person_id, BASE_ID + 300);
	for (i = 0; i < res.ncandidates; i++)
		assert_true(res.candidates[i].person_id != BASE_ID + 301);
	q.held_by = HW_CUSTODY_US;
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.candidates[0].person_id, BASE_ID + 301);
}

/*
 * A query that brings many persons (the table of each one's best score
 * grows on the way) ranks exactly what was scored: every candidate once,
 * best first, its score the sum of its evidence.
 */
static void test_many_candidates(void **state)
{
	struct hw_match_result res;
	double sum;
	size_t i, j, k;

	(void)state;
	find("Коваленко О.", "", &res);
	assert_true(res.ncandidates == 5);
	for (i = 0; i < res.ncandidates; i++) {
		for (sum = 0, k = 0; k < res.candidates[i].nevidence; k++)
			sum += res.candidates[i].evidence[k].weight;
		assert_true(sum > res.candidates[i].score - 0.01 &&
			    sum < res.candidates[i].score + 0.01);
		if (i)
			assert_true(res.candidates[i].score <= res.candidates[i - 1].score);
		for (j = 0; j < i; j++)
			assert_int_not_equal(res.candidates[i].person_id,
					     res.candidates[j].person_id);
	}
}

/* A list in columns with the family and given names the wrong way round. */
static void test_columns_swapped(void **state)
{
	struct hw_match_query q;
	struct hw_match_result res;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.family = "Остап";
	q.given = "Ковалевський";
	q.patronymic = "Ігорович";
	hw_date_parse("1989-07-21", &q.birth_date, NULL);
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.decision, HW_MATCH_MATCH);
	assert_int_equal(res.candidates[0].person_id, BASE_ID + 8);
	/* both columns given names: read only as written */
	q.family = "Остап";
	q.given = "Ігор";
	assert_int_equal(hw_match_find(ix, &q, 5, &res, NULL), HW_OK);
	assert_true(res.decision != HW_MATCH_MATCH || res.candidates[0].person_id != BASE_ID + 8);
}

/* A registry that keeps its index current through hw_match_index_sync. */
static void test_sync_with_store(void **state)
{
	struct hw_match_index *live = NULL;
	struct hw_match_result res;
	struct hw_match_query q;
	struct hw_person p;
	struct tmpdb db;

	(void)state;
	assert_int_equal(tmpdb_open(&db), 0);
	assert_int_equal(hw_match_index_build(&live, db.st, NULL), HW_OK);
	hw_person_init(&p);
	hw_person_add_name(&p, HW_NAME_PRIMARY, "Кожум'яка", "Гордій", "Ростиславович",
			   HW_SCRIPT_UNKNOWN, NULL);
	hw_date_parse("1964-01-30", &p.birth_date, NULL);
	assert_int_equal(hw_registry_person_add(db.st, &p, HW_STATUS_CAPTIVE, NULL, 0, NULL, NULL),
			 HW_OK);
	memset(&q, 0, sizeof(q));
	q.full_name = "KOZHUMIAKA Gordei Rostislavovich";
	assert_int_equal(hw_match_find(live, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.ncandidates, 0);
	assert_int_equal(hw_match_index_sync(live, db.st, NULL), HW_OK);
	assert_int_equal(hw_match_find(live, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.ncandidates, 1);
	assert_int_equal(res.candidates[0].person_id, p.id);
	/* an edit of the name is seen after the next sync */
	assert_int_equal(hw_registry_set_primary_name(&p, "Кожемяка", "Гордій", "Ростиславович",
						      NULL), HW_OK);
	assert_int_equal(hw_registry_person_edit(db.st, &p, p.version, NULL), HW_OK);
	assert_int_equal(hw_match_index_sync(live, db.st, NULL), HW_OK);
	q.full_name = "Кожемяка Гордій";
	assert_int_equal(hw_match_find(live, &q, 5, &res, NULL), HW_OK);
	assert_int_equal(res.candidates[0].person_id, p.id);
	assert_string_equal(res.candidates[0].name_seen, "Кожемяка Гордій Ростиславович");
	hw_person_release(&p);
	hw_match_index_free(live);
	assert_int_equal(tmpdb_close(&db), 0);
}

static void test_bad_queries(void **state)
{
	struct hw_match_query q;
	struct hw_match_result res;
	struct hw_error err;

	(void)state;
	memset(&q, 0, sizeof(q));
	hw_error_clear(&err);
	assert_int_equal(hw_match_find(ix, &q, 5, &res, &err), HW_INVALID);
	assert_string_equal(err.field, "full_name");
	q.full_name = "12345 !!!";
	assert_int_equal(hw_match_find(ix, &q, 5, &res, &err), HW_INVALID);
	q.full_name = "\xff\xfe";
	assert_int_equal(hw_match_find(ix, &q, 5, &res, &err), HW_INVALID);
	q.full_name = "Зовсім Невідомий Чоловік";
	assert_int_equal(hw_match_find(ix, &q, 5, &res, &err), HW_OK);
	assert_int_equal(res.decision, HW_MATCH_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_namesakes_both_proposed),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_slips_of_the_birth_date),
		cmocka_unit_test(test_edits_are_seen),
		cmocka_unit_test(test_unit_written_with_hyphen),
		cmocka_unit_test(test_common_family_as_written),
		cmocka_unit_test(test_equal_namesakes_open_cases_first),
		cmocka_unit_test(test_custody_restricted),
		cmocka_unit_test(test_many_candidates),
		cmocka_unit_test(test_columns_swapped),
		cmocka_unit_test(test_sync_with_store),
		cmocka_unit_test(test_bad_queries),
	};

	return cmocka_run_group_tests_name("match", tests, setup, teardown);
}
