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
};

static struct hw_match_index *ix;

static void put(int64_t id, const char *family, const char *given, const char *patronymic,
		const char *birth, const char *unit, enum hw_sex sex)
{
	struct hw_person p;

	hw_person_init(&p);
	p.id = id;
	p.sex = sex;
	assert_int_equal(hw_person_add_name(&p, HW_NAME_PRIMARY, family, given, patronymic,
					    HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	assert_int_equal(hw_date_parse(birth, &p.birth_date, NULL), HW_OK);
	hw_person_set_str(&p.unit, unit);
	p.status = HW_STATUS_CAPTIVE;
	assert_int_equal(hw_match_index_put(ix, &p, NULL), HW_OK);
	hw_person_release(&p);
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
		cmocka_unit_test(test_sync_with_store),
		cmocka_unit_test(test_bad_queries),
	};

	return cmocka_run_group_tests_name("match", tests, setup, teardown);
}
