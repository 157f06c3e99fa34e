/*
 * test_demo.c - the demo database (homeward/demo.h) and the list writer
 * that makes the other side's lists (src/demo/listwrite.h, spell.h).
 *
 * The list writer: Russian spellings of known names, initials and slips;
 * the same stream gives the same line; every kind of slip happens over a
 * list; every list reads back with hw_list_read_csv.  The demo: a small
 * build, counted again person by person with hw_store_move_each (not with
 * the report module, so that the two check each other), and determinism.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "homeward/alloc.h"
#include "homeward/demo.h"
#include "homeward/exchange.h"
#include "homeward/generate.h"
#include "homeward/list.h"
#include "demo/listwrite.h"
#include "demo/spell.h"
#include "tmpdb.h"

/* ---- spelling ----------------------------------------------------------- */

static void expect_family_ru(const char *uk, const char *ru)
{
	struct hw_buf b = HW_BUF_INIT;
	struct gen_rng r = { 1 };

	assert_int_equal(demo_spell_family_ru(uk, &r, &b, NULL), HW_OK);
	assert_string_equal(b.data, ru);
	hw_buf_release(&b);
}

static void spell_family(void **state)
{
	(void)state;
	expect_family_ru("Ковальський", "Ковальский");
	expect_family_ru("Ковальська", "Ковальская");
	expect_family_ru("Висоцький", "Висоцкий");
	expect_family_ru("Кравець", "Кравец");
	expect_family_ru("Білоус", "Белоус");
	expect_family_ru("Рибак", "Рыбак");
	expect_family_ru("Сірий", "Серый");
	expect_family_ru("Глухий", "Глухий");
	expect_family_ru("Воробйов", "Воробьев");
	expect_family_ru("Сльозко", "Слезко");
	expect_family_ru("Гончарук", "Гончарук");
	expect_family_ru("Ґалаґан", "Галаган");
	expect_family_ru("Пам'ятний", "Памьятный");
	expect_family_ru("Євтушенко", "Евтушенко");
	expect_family_ru("Петренко-Коваль", "Петренко-Коваль");
	expect_family_ru("КОВАЛЬСЬКИЙ", "КОВАЛЬСКИЙ");
	expect_family_ru("Іваненко", "Иваненко");
}

static void spell_given(void **state)
{
	struct hw_buf b = HW_BUF_INIT;
	struct gen_rng r = { 1 };

	(void)state;
	assert_int_equal(demo_spell_given_ru("Олександр", HW_SEX_MALE, &r, &b, NULL), HW_OK);
	assert_string_equal(b.data, "Александр");
	hw_buf_reset(&b);
	assert_int_equal(demo_spell_patronymic_ru("Олександрівна", HW_SEX_FEMALE, &b, NULL),
			 HW_OK);
	assert_string_equal(b.data, "Александровна");
	hw_buf_reset(&b);
	assert_int_equal(demo_spell_patronymic_ru("Миколайович", HW_SEX_MALE, &b, NULL), HW_OK);
	assert_string_equal(b.data, "Николаевич");
	hw_buf_reset(&b);
	assert_int_equal(demo_spell_initial("Yurii", &b), HW_OK);
	assert_string_equal(b.data, "Yu.");
	hw_buf_reset(&b);
	assert_int_equal(demo_spell_initial("Олег", &b), HW_OK);
	assert_string_equal(b.data, "О.");
	hw_buf_reset(&b);
	assert_int_equal(demo_spell_upper("Щербак-їжак", &b), HW_OK);
	assert_string_equal(b.data, "ЩЕРБАК-ЇЖАК");
	hw_buf_release(&b);
}

static void spell_typo(void **state)
{
	struct hw_buf b = HW_BUF_INIT;
	struct gen_rng r = { 7 };
	int kind, i, done;

	(void)state;
	for (kind = 0; kind < DEMO_TYPO__COUNT; kind++) {
		for (i = 0; i < 50; i++) {
			hw_buf_reset(&b);
			assert_int_equal(demo_spell_typo("Коваленко", (enum demo_typo)kind, &r, &b,
							 &done), HW_OK);
			assert_true(done);
			assert_string_not_equal(b.data, "Коваленко");
			assert_memory_equal(b.data, "К", strlen("К")); /* never the first */
			assert_int_equal(b.len, strlen("Коваленко") +
					 (kind == DEMO_TYPO_DROP ? -2 : kind == DEMO_TYPO_DOUBLE ? 2 : 0));
		}
	}
	hw_buf_reset(&b);
	assert_int_equal(demo_spell_typo("Бут", DEMO_TYPO_DROP, &r, &b, &done), HW_OK);
	assert_false(done);
	assert_string_equal(b.data, "Бут");
	hw_buf_release(&b);
}

/* ---- the list writer ------------------------------------------------------ */

/* A list of `n` generated persons (ours only) written with `seed`. */
static void write_list(struct hw_buf *out, struct demo_list_writer *w, enum demo_list_format f,
		       long n, uint64_t seed)
{
	struct hw_gen_options go;
	struct hw_gen *g = NULL;
	struct hw_person p;
	struct gen_rng r;
	char label[24];
	uint64_t i;
	long lines = 0;

	hw_gen_options_init(&go);
	go.seed = 11;
	assert_int_equal(hw_gen_new(&g, &go, NULL), HW_OK);
	assert_int_equal(demo_list_begin(w, out, f, NULL), HW_OK);
	for (i = 0; lines < n; i++) {
		hw_person_init(&p);
		assert_int_equal(hw_gen_person(g, i, &p, NULL), HW_OK);
		if (p.held_by == HW_CUSTODY_ADVERSARY) {
			snprintf(label, sizeof(label), "%ld", ++lines);
			r.state = gen_hash3(seed, i, 0);
			assert_int_equal(demo_list_write(w, label, &p, &r, NULL, NULL), HW_OK);
		}
		hw_person_release(&p);
	}
	hw_gen_free(g);
}

static void list_deterministic(void **state)
{
	struct hw_buf a = HW_BUF_INIT, b = HW_BUF_INIT, c = HW_BUF_INIT;
	struct demo_list_writer w;

	(void)state;
	write_list(&a, &w, DEMO_LIST_FULL, 300, 5);
	write_list(&b, &w, DEMO_LIST_FULL, 300, 5);
	write_list(&c, &w, DEMO_LIST_FULL, 300, 6);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_true(a.len != c.len || memcmp(a.data, c.data, a.len));
	hw_buf_release(&a);
	hw_buf_release(&b);
	hw_buf_release(&c);
}

static void read_back(const struct hw_buf *b, long lines)
{
	struct hw_list l = { NULL, 0 };
	FILE *f = fmemopen(b->data, b->len, "r");
	size_t i;

	assert_non_null(f);
	assert_int_equal(hw_list_read_csv(f, "list.csv", NULL, &l, NULL), HW_OK);
	fclose(f);
	assert_int_equal(l.count, (size_t)lines);
	for (i = 0; i < l.count; i++)
		assert_true(l.entries[i].full_name || l.entries[i].family);
	hw_list_release(&l);
}

static void list_slips(void **state)
{
	struct hw_buf b = HW_BUF_INIT;
	struct demo_list_writer w;
	int s;

	(void)state;
	write_list(&b, &w, DEMO_LIST_FULL, 2000, 1);
	assert_int_equal(w.lines, 2000);
	for (s = 0; s < DEMO_SLIP__COUNT; s++) {
		print_message("%-16s %5ld\n", demo_slip_name((enum demo_slip)s), w.slips[s]);
		assert_true(w.slips[s] > 0);
	}
	/* moderate rates: most lines keep the name readable */
	assert_true(w.slips[DEMO_SLIP_TYPO] < 2000 / 8);
	assert_true(w.slips[DEMO_SLIP_RUSSIAN] > 2000 / 2);
	assert_true(w.slips[DEMO_SLIP_LATIN] < 2000 / 4);
	read_back(&b, 2000);
	hw_buf_release(&b);

	write_list(&b, &w, DEMO_LIST_SPLIT, 500, 2);
	assert_true(w.slips[DEMO_SLIP_INITIALS] > 0);
	assert_int_equal(w.slips[DEMO_SLIP_GIVEN_FIRST], 0);
	read_back(&b, 500);
	hw_buf_release(&b);
}

/* Every allocation failing in turn: HW_NOMEM, and the list as it was. */
static void list_out_of_memory(void **state)
{
	struct hw_gen *g = NULL;
	struct hw_buf b = HW_BUF_INIT;
	struct demo_list_writer w;
	struct hw_person p;
	struct gen_rng r;
	size_t before;
	uint64_t i;
	long n;
	enum hw_err rc;

	(void)state;
	assert_int_equal(hw_gen_new(&g, NULL, NULL), HW_OK);
	assert_int_equal(demo_list_begin(&w, &b, DEMO_LIST_FULL, NULL), HW_OK);
	for (i = 0; i < 40; i++) {
		hw_person_init(&p);
		assert_int_equal(hw_gen_person(g, i, &p, NULL), HW_OK);
		for (n = 0; n < 200; n++) {
			before = b.len;
			r.state = i;
			hw_alloc_fail_after(n);
			rc = demo_list_write(&w, "1", &p, &r, NULL, NULL);
			hw_alloc_fail_after(-1);
			if (rc == HW_OK)
				break;
			assert_int_equal(rc, HW_NOMEM);
			assert_int_equal(b.len, before);
		}
		hw_person_release(&p);
	}
	read_back(&b, w.lines);
	hw_buf_release(&b);
	hw_gen_free(g);
}

/* ---- the demo -------------------------------------------------------------- */

/* Person-level counts of the movements of one stage date. */
struct tally {
	struct hw_date date;      /* count only this date; unknown: all */
	long returned, handed_over;
	long men, women, civilian, military, officer, ranks, wounded_any;
	long branch[HW_BRANCH_OTHER + 1];
	long mariupol, snake_island, chornobyl;
};

static int count_move(void *ctx, const struct hw_move *m)
{
	struct tally *t = ctx;
	const struct hw_person *p = m->person;
	enum hw_rank_class cls = hw_rank_class_of(p->rank);

	if (hw_date_is_known(&t->date) && hw_date_cmp(&t->date, &m->date))
		return 0;
	if (m->type == HW_EVENT_HANDED_OVER) {
		assert_int_equal(p->held_by, HW_CUSTODY_US);
		t->handed_over++;
		return 0;
	}
	assert_int_equal(m->type, HW_EVENT_RETURNED);
	assert_true(hw_date_cmp(&p->captured_on, &m->date) < 0);
	t->returned++;
	t->men += p->sex == HW_SEX_MALE;
	t->women += p->sex == HW_SEX_FEMALE;
	if (p->category == HW_CATEGORY_CIVILIAN) {
		assert_int_equal(p->branch, HW_BRANCH_NONE);
		assert_int_equal(p->rank, HW_RANK_NONE);
		assert_null(p->service_number);
		t->civilian++;
	} else {
		t->military++;
		t->officer += cls == HW_RANK_CLASS_OFFICER;
		t->ranks += cls == HW_RANK_CLASS_ENLISTED || cls == HW_RANK_CLASS_NCO;
		t->branch[p->branch]++;
	}
	t->wounded_any += p->health != 0;
	t->mariupol += hw_person_has_tag(p, "mariupol");
	t->snake_island += hw_person_has_tag(p, "snake_island");
	t->chornobyl += hw_person_has_tag(p, "chornobyl_npp");
	if (hw_person_has_tag(p, "snake_island")) {
		assert_int_equal(p->region, HW_REGION_OTHER);
		assert_true(p->branch == HW_BRANCH_NAVY || p->branch == HW_BRANCH_MARINES ||
			    p->branch == HW_BRANCH_SBGS);
	}
	if (hw_person_has_tag(p, "chornobyl_npp"))
		assert_true(p->region == HW_REGION_KYIV && p->branch == HW_BRANCH_NGU);
	if (hw_person_has_tag(p, "mariupol"))
		assert_true(p->region == HW_REGION_DONETSK && p->captured_on.year == 2022);
	return 0;
}

static void tally(struct hw_store *st, int64_t exchange_id, short y, signed char m,
		  signed char d, struct tally *t)
{
	struct hw_move_filter f;

	memset(t, 0, sizeof(*t));
	memset(&f, 0, sizeof(f));
	f.exchange_id = exchange_id;
	t->date.year = y;
	t->date.month = m;
	t->date.day = d;
	assert_int_equal(hw_store_move_each(st, &f, count_move, t, NULL), HW_OK);
}

static long afu(const struct tally *t)
{
	long n = 0;
	int b;

	for (b = HW_BRANCH_ARMY; b <= HW_BRANCH_OTHER; b++)
		if (hw_branch_group_of((enum hw_branch)b) == HW_GROUP_AFU)
			n += t->branch[b];
	return n;
}

static void check_52nd(struct hw_store *st, const struct hw_demo_result *res)
{
	static const struct hw_date after = { 2024, 5, 31 };
	long historic = 0, persons = 0;
	struct tally t;

	tally(st, res->exchange52_id, 0, 0, 0, &t);
	assert_int_equal(t.returned, 75);
	assert_int_equal(t.handed_over, 75);
	assert_int_equal(t.men, 70);
	assert_int_equal(t.women, 5);
	assert_int_equal(t.civilian, 4);
	assert_int_equal(t.military, 71);
	assert_int_equal(t.officer, 6);
	assert_int_equal(t.ranks, 65);
	assert_int_equal(afu(&t), 43);
	assert_int_equal(afu(&t) - t.branch[HW_BRANCH_TDF], 37);
	assert_int_equal(t.branch[HW_BRANCH_NAVY], 13);
	assert_int_equal(t.branch[HW_BRANCH_AIR_FORCE], 2);
	assert_int_equal(t.branch[HW_BRANCH_TDF], 6);
	assert_int_equal(t.branch[HW_BRANCH_NGU], 21);
	assert_int_equal(t.branch[HW_BRANCH_SBGS], 7);
	assert_int_equal(t.snake_island, 19);
	assert_int_equal(t.chornobyl, 14);
	assert_int_equal(t.mariupol, 10);
	assert_true(t.wounded_any * 3 >= 75);
	assert_int_equal(hw_store_returned_total(st, NULL, &after, &historic, &persons, NULL), HW_OK);
	assert_int_equal(historic + persons, 3210);
}

static void check_thousand(struct hw_store *st, const struct hw_demo_result *res)
{
	struct tally t1, t2, t3, all;

	tally(st, res->thousand_id, 2025, 5, 23, &t1);
	tally(st, res->thousand_id, 2025, 5, 24, &t2);
	tally(st, res->thousand_id, 2025, 5, 25, &t3);
	tally(st, res->thousand_id, 0, 0, 0, &all);
	assert_int_equal(t1.returned, 390);
	assert_int_equal(t1.handed_over, 390);
	assert_int_equal(t1.military, 270);
	assert_int_equal(t1.civilian, 120);
	assert_int_equal(t1.women, 3);
	assert_int_equal(t1.men, 387);
	assert_int_equal(t2.returned, 307);
	assert_int_equal(t2.handed_over, 307);
	assert_int_equal(t2.men, 307);
	assert_int_equal(t2.ranks, 307);
	assert_int_equal(t2.mariupol, 27);
	assert_int_equal(t1.returned + t2.returned, 697);
	assert_int_equal(t3.returned, 303);
	assert_int_equal(t3.handed_over, 303);
	assert_int_equal(t3.branch[HW_BRANCH_SBGS], 36);
	assert_int_equal(t3.branch[HW_BRANCH_NGU], 10);
	assert_int_equal(all.returned, 1000);
	assert_int_equal(all.handed_over, 1000);
	assert_int_equal(all.branch[HW_BRANCH_SBGS], 55);
	assert_int_equal(all.branch[HW_BRANCH_NGU], 31);
	assert_int_equal(all.branch[HW_BRANCH_POLICE], 0);
}

/* The open agreement: in progress, some entries still to verify. */
static void check_open(struct hw_store *st, const struct hw_demo_result *res)
{
	struct hw_xcounts c;
	struct hw_exchange x;

	hw_exchange_init(&x);
	assert_int_equal(hw_exchange_get(st, res->open_id, &x, NULL), HW_OK);
	assert_int_equal(x.state, HW_XSTATE_IN_PROGRESS);
	hw_exchange_release(&x);
	assert_int_equal(hw_stage_counts(st, res->open_stage_id, &c, NULL), HW_OK);
	assert_true(c.by_state[HW_VERIFY_CONFIRMED] > 0);
	assert_true(c.by_state[HW_VERIFY_REJECTED] == 1);
	assert_true(c.by_state[HW_VERIFY_PENDING] + c.by_state[HW_VERIFY_AMBIGUOUS] +
		    c.by_state[HW_VERIFY_NOT_FOUND] == res->open_pending);
	assert_true(res->open_pending > 0);
	assert_true(c.listed_out > 0);
}

static void demo_build(void **state)
{
	struct tmpdb *t = *state;
	struct hw_demo_options o;
	struct hw_demo_result res;
	struct hw_error err;
	int64_t captive = 0, again = 0;
	struct hw_person_filter f;

	hw_demo_options_init(&o);
	o.background = 500;
	o.seed = 3;
	hw_error_clear(&err);
	if (hw_demo_build(t->st, &o, &res, &err))
		fail_msg("demo: %s", err.message);
	assert_true(res.lines >= 1075);
	assert_true(res.proposed_right * 10 > res.lines * 8); /* most lines match at once */
	check_52nd(t->st, &res);
	check_thousand(t->st, &res);
	check_open(t->st, &res);
	memset(&f, 0, sizeof(f));
	f.status = HW_STATUS_CAPTIVE;
	f.has_held_by = 1;
	f.held_by = HW_CUSTODY_ADVERSARY;
	assert_int_equal(hw_store_person_count(t->st, &f, &captive, NULL), HW_OK);
	assert_true(captive > 100); /* people left for `exchange propose` */
	/* a second build into the same store is refused before it writes */
	assert_int_equal(hw_demo_build(t->st, &o, NULL, &err), HW_CONFLICT);
	assert_int_equal(hw_store_person_count(t->st, &f, &again, NULL), HW_OK);
	assert_int_equal(again, captive);
}

/* The incoming list of the 52nd as written, for comparing two builds. */
static int collect_line(void *ctx, const struct hw_xentry *e)
{
	struct hw_buf *b = ctx;

	hw_buf_addf(b, "%s|%s|%s|%s|%s\n", e->line, e->full_name ? e->full_name : "",
		    e->birth_date ? e->birth_date : "", e->unit ? e->unit : "",
		    hw_vocab_code(&hw_vocab_verify, e->state));
	return 0;
}

static void build_lines(uint64_t seed, struct hw_buf *out)
{
	struct hw_demo_options o;
	struct hw_demo_result res;
	struct hw_xentry_filter all;
	struct tmpdb t;
	int64_t stage;

	assert_int_equal(tmpdb_open(&t), 0);
	hw_demo_options_init(&o);
	o.background = 200;
	o.seed = seed;
	assert_int_equal(hw_demo_build(t.st, &o, &res, NULL), HW_OK);
	assert_int_equal(hw_stage_resolve(t.st, "EX-000002/1", &stage, NULL), HW_OK);
	memset(&all, 0, sizeof(all));
	assert_int_equal(hw_xentry_each(t.st, stage, &all, collect_line, out, NULL), HW_OK);
	assert_int_equal(tmpdb_close(&t), 0);
}

static void demo_deterministic(void **state)
{
	struct hw_buf a = HW_BUF_INIT, b = HW_BUF_INIT, c = HW_BUF_INIT;

	(void)state;
	build_lines(9, &a);
	build_lines(9, &b);
	build_lines(10, &c);
	assert_true(a.len > 0);
	assert_string_equal(a.data, b.data);
	assert_string_not_equal(a.data, c.data);
	hw_buf_release(&a);
	hw_buf_release(&b);
	hw_buf_release(&c);
}

static void demo_bad_options(void **state)
{
	struct tmpdb *t = *state;
	struct hw_demo_options o;

	hw_demo_options_init(&o);
	o.background = -1;
	assert_int_equal(hw_demo_build(t->st, &o, NULL, NULL), HW_INVALID);
}

static int setup(void **state)
{
	return tmpdb_setup(state, sizeof(struct tmpdb));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spell_family),
		cmocka_unit_test(spell_given),
		cmocka_unit_test(spell_typo),
		cmocka_unit_test(list_deterministic),
		cmocka_unit_test(list_slips),
		cmocka_unit_test(list_out_of_memory),
		cmocka_unit_test_setup_teardown(demo_build, setup, tmpdb_teardown),
		cmocka_unit_test(demo_deterministic),
		cmocka_unit_test_setup_teardown(demo_bad_options, setup, tmpdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
