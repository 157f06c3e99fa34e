/*
 * test_gen.c - the synthetic data generator: determinism, validity of
 * every person, the distributions within tolerance over 20,000 persons,
 * namesakes, options, and the surname table with its female forms.
 *
 * Tolerances are about four standard deviations of the binomial share
 * (sqrt(p(1-p)/n)), so the tests are exact for a given seed and would
 * also hold for almost any other.
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
#include "homeward/generate.h"
#include "homeward/person.h"
#include "gen/surnames.h"

#define N 20000
#define SEED 42

static struct hw_person persons[N];
static struct hw_gen *gen;

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !memcmp(s + n - k, suffix, k);
}

static int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static int date_eq(const struct hw_date *a, const struct hw_date *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day;
}

static int person_eq(const struct hw_person *a, const struct hw_person *b)
{
	size_t i;

	if (a->nnames != b->nnames || a->ntags != b->ntags || a->nrefs != b->nrefs)
		return 0;
	for (i = 0; i < a->nnames; i++)
		if (a->names[i].kind != b->names[i].kind ||
		    a->names[i].script != b->names[i].script ||
		    !str_eq(a->names[i].family, b->names[i].family) ||
		    !str_eq(a->names[i].given, b->names[i].given) ||
		    !str_eq(a->names[i].patronymic, b->names[i].patronymic))
			return 0;
	for (i = 0; i < a->ntags; i++)
		if (!str_eq(a->tags[i], b->tags[i]))
			return 0;
	for (i = 0; i < a->nrefs; i++)
		if (!str_eq(a->refs[i].source, b->refs[i].source) ||
		    !str_eq(a->refs[i].ref, b->refs[i].ref))
			return 0;
	return a->sex == b->sex && date_eq(&a->birth_date, &b->birth_date) &&
	       str_eq(a->birth_place, b->birth_place) && !strcmp(a->citizenship, b->citizenship) &&
	       a->category == b->category && a->branch == b->branch && str_eq(a->unit, b->unit) &&
	       a->rank == b->rank && str_eq(a->service_number, b->service_number) &&
	       a->status == b->status && a->held_by == b->held_by &&
	       date_eq(&a->captured_on, &b->captured_on) &&
	       str_eq(a->capture_place, b->capture_place) && a->region == b->region &&
	       a->health == b->health && str_eq(a->next_of_kin, b->next_of_kin) &&
	       str_eq(a->notes, b->notes);
}

static void generate(const struct hw_gen *g, uint64_t index, struct hw_person *p)
{
	struct hw_error err;

	hw_person_init(p);
	if (hw_gen_person(g, index, p, &err))
		fail_msg("person %llu: %s", (unsigned long long)index, err.message);
}

static void assert_share(long count, long total, double expected, double tolerance,
			 const char *what)
{
	double share = total ? (double)count / (double)total : 0.0;

	if (share < expected - tolerance || share > expected + tolerance)
		fail_msg("%s: %ld of %ld = %.4f, expected %.4f +- %.4f", what, count, total, share,
			 expected, tolerance);
}

static int setup(void **state)
{
	struct hw_gen_options o;
	struct hw_error err;
	uint64_t i;

	(void)state;
	hw_gen_options_init(&o);
	o.seed = SEED;
	if (hw_gen_new(&gen, &o, &err)) {
		fprintf(stderr, "hw_gen_new: %s\n", err.message);
		return -1;
	}
	for (i = 0; i < N; i++)
		generate(gen, i, &persons[i]);
	return 0;
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N; i++)
		hw_person_release(&persons[i]);
	hw_gen_free(gen);
	return 0;
}

/* ---- determinism ------------------------------------------------------ */

static void test_same_seed_same_person(void **state)
{
	static const uint64_t indices[] = { 0, 1, 2, 17, 999, 19999, 123456, 1000000000000ULL };
	struct hw_gen_options o;
	struct hw_gen *g2;
	struct hw_person a, b;
	size_t i;

	(void)state;
	hw_gen_options_init(&o);
	o.seed = SEED;
	assert_int_equal(hw_gen_new(&g2, &o, NULL), HW_OK);
	/* Backwards, from another generator: no dependence on order or count. */
	for (i = sizeof(indices) / sizeof(indices[0]); i-- > 0;) {
		generate(g2, indices[i], &a);
		generate(gen, indices[i], &b);
		assert_true(person_eq(&a, &b));
		if (indices[i] < N)
			assert_true(person_eq(&a, &persons[indices[i]]));
		hw_person_release(&a);
		hw_person_release(&b);
	}
	hw_gen_free(g2);
}

static void test_other_seed_other_persons(void **state)
{
	struct hw_gen_options o;
	struct hw_gen *g2;
	struct hw_person p;
	int differ = 0, i;
	char ref[32];

	(void)state;
	hw_gen_options_init(&o);
	o.seed = SEED + 1;
	assert_int_equal(hw_gen_new(&g2, &o, NULL), HW_OK);
	for (i = 0; i < 200; i++) {
		generate(g2, (uint64_t)i, &p);
		differ += !person_eq(&p, &persons[i]) &&
			  (strcmp(p.names[0].family, persons[i].names[0].family) ||
			   !date_eq(&p.birth_date, &persons[i].birth_date));
		snprintf(ref, sizeof(ref), "%d-%d", SEED + 1, i);
		assert_string_equal(p.refs[0].ref, ref);
		hw_person_release(&p);
	}
	assert_true(differ >= 195);
	hw_gen_free(g2);
}

/*
 * Pins values that depend on this module alone (not on the given-name
 * table): the random streams and the tables of when.c and military.c.
 * Generated data must be the same on every machine and build; a change
 * here means every seed's data changed, which must be deliberate.
 */
static void test_pinned_values(void **state)
{
	static const struct {
		const char *captured_on, *region, *place, *unit;
	} want[] = {
		{ "2022-06-15", "donetsk", "Часів Яр", NULL },
		{ "2024-12-19", "zaporizhzhia", "Енергодар", "в/ч А6866" },
		{ "2024-05-27", "donetsk", "Вугледар", "в/ч А7533" },
	};
	char date[HW_DATE_STR_MAX];
	uint64_t of = 99, i;

	(void)state;
	for (i = 1; i < 12; i++)
		assert_false(hw_gen_namesake_of(gen, i, NULL));
	assert_true(hw_gen_namesake_of(gen, 12, &of));
	assert_int_equal(of, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		hw_date_format(&persons[i].captured_on, date);
		assert_string_equal(date, want[i].captured_on);
		assert_string_equal(hw_vocab_code(&hw_vocab_region, persons[i].region),
				    want[i].region);
		assert_string_equal(persons[i].capture_place, want[i].place);
		assert_true(str_eq(persons[i].unit, want[i].unit));
	}
}

/* Captures fit the history: 2014 Crimea in February-March, Donbas from
 * April; the north only in February-April 2022. */
static void test_capture_windows(void **state)
{
	long crimea = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		const struct hw_date *c = &p->captured_on;
		int north = p->region == HW_REGION_KYIV || p->region == HW_REGION_CHERNIHIV;

		if (c->year == 2014 && c->month && p->region == HW_REGION_CRIMEA) {
			crimea++;
			assert_true(c->month == 2 || c->month == 3);
			if (c->month == 2 && c->day)
				assert_true(c->day >= 27);
		} else if (c->year == 2014 && c->month) {
			assert_true(c->month >= 4);
		}
		if (c->year == 2022 && c->month)
			assert_true(c->month > 2 || c->day == 0 || c->day >= 24);
		if (north) {
			assert_int_equal(c->year, 2022);
			assert_true(c->month >= 0 && c->month <= 4);
		}
		if (p->region == HW_REGION_CRIMEA)
			assert_int_equal(c->year, 2014);
	}
	assert_true(crimea > 50);
}

/* ---- validity ----------------------------------------------------------- */

static void test_all_valid(void **state)
{
	struct hw_error err;
	char ref[32];
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		int us = p->held_by == HW_CUSTODY_US;

		if (hw_person_validate(p, &err))
			fail_msg("person %zu: %s: %s", i, err.field, err.message);
		assert_int_equal(p->nnames, 1);
		assert_int_equal(p->names[0].kind, HW_NAME_PRIMARY);
		assert_int_equal(p->names[0].script, us ? HW_SCRIPT_RU : HW_SCRIPT_UK);
		assert_true(p->sex == HW_SEX_MALE || p->sex == HW_SEX_FEMALE);
		assert_int_equal(p->nrefs, 1);
		assert_string_equal(p->refs[0].source, "gen");
		snprintf(ref, sizeof(ref), "%d-%zu", SEED, i);
		assert_string_equal(p->refs[0].ref, ref);
		assert_true(hw_date_is_known(&p->captured_on));
		assert_true(p->captured_on.year >= 2014 && p->captured_on.year <= 2025);
		assert_true(hw_date_is_known(&p->birth_date));
		assert_true(p->birth_date.year >= 1940 && p->birth_date.year <= 2008);
		assert_true(p->region != HW_REGION_NONE);
	}
}

/* ---- distributions ------------------------------------------------------ */

static void test_shares(void **state)
{
	long civ = 0, us = 0, ns = 0, year_only = 0, month_only = 0, kin = 0, wounded = 0;
	long missing = 0, captive = 0, ours = 0, modern = 0, donetsk = 0, luhansk = 0;
	uint64_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		enum hw_date_precision prec = hw_date_precision(&p->birth_date);

		civ += p->category == HW_CATEGORY_CIVILIAN;
		us += p->held_by == HW_CUSTODY_US;
		ns += hw_gen_namesake_of(gen, i, NULL);
		year_only += prec == HW_DATE_YEAR;
		month_only += prec == HW_DATE_MONTH;
		kin += p->next_of_kin != NULL;
		wounded += (p->health & HW_HEALTH_WOUNDED) != 0;
		modern += p->captured_on.year >= 2022 && p->captured_on.year <= 2024;
		donetsk += p->region == HW_REGION_DONETSK;
		luhansk += p->region == HW_REGION_LUHANSK;
		if (p->held_by == HW_CUSTODY_ADVERSARY) {
			ours++;
			missing += p->status == HW_STATUS_MISSING;
			captive += p->status == HW_STATUS_CAPTIVE;
		} else {
			assert_true(p->status == HW_STATUS_CAPTIVE ||
				    p->status == HW_STATUS_HANDED_OVER);
		}
	}
	assert_share(civ, N, 0.92 * 0.15 + 0.08 * 0.03, 0.01, "civilians");
	assert_share(us, N, 0.08, 0.008, "detainees");
	assert_share(ns, N, 0.02, 0.004, "namesakes");
	assert_share(year_only, N, 0.05, 0.007, "year-only birth dates");
	assert_share(month_only, N, 0.02, 0.004, "month-only birth dates");
	assert_share(kin, N, 0.50, 0.015, "next of kin");
	assert_share(wounded, N, 0.15, 0.01, "wounded");
	assert_share(missing, ours, 0.30, 0.015, "missing among ours");
	assert_share(captive, ours, 0.60, 0.015, "captive among ours");
	assert_share(modern, N, 0.85, 0.02, "captured 2022-2024");
	assert_true(donetsk > 2 * luhansk);
}

static void test_sex(void **state)
{
	long mil = 0, mil_f = 0, civ = 0, civ_f = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];

		if (p->category == HW_CATEGORY_CIVILIAN) {
			civ++;
			civ_f += p->sex == HW_SEX_FEMALE;
		} else {
			mil++;
			mil_f += p->sex == HW_SEX_FEMALE;
		}
	}
	/* A namesake takes the sex of the person copied, whatever the category. */
	assert_share(mil_f, mil, 0.05, 0.01, "women among the military");
	assert_share(civ_f, civ, 0.30, 0.04, "women among civilians");
}

static void test_surname_forms(void **state)
{
	long women = 0, adj_women = 0, poss_women = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		const char *f = p->names[0].family;
		int uk = p->names[0].script == HW_SCRIPT_UK;

		if (p->sex == HW_SEX_MALE) {
			assert_false(ends_with(f, uk ? "ська" : "ская"));
			assert_false(ends_with(f, uk ? "цька" : "цкая"));
			continue;
		}
		women++;
		assert_false(ends_with(f, uk ? "ський" : "ский"));
		assert_false(ends_with(f, uk ? "цький" : "цкий"));
		assert_false(ends_with(f, "ов") || ends_with(f, "ев") || ends_with(f, "ін"));
		assert_false(ends_with(f, "ый"));
		adj_women += ends_with(f, uk ? "ська" : "ская") || ends_with(f, uk ? "цька" : "цкая");
		poss_women += ends_with(f, "ова") || ends_with(f, "ева") || ends_with(f, "іна");
	}
	assert_true(women > 500);
	assert_true(adj_women > 10);
	assert_true(poss_women > 10);
}

static void test_patronymics(void **state)
{
	long none = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_name *n = &persons[i].names[0];

		if (!n->patronymic) {
			none++;
			continue;
		}
		if (persons[i].sex == HW_SEX_MALE) /* -ович, -йович, Лукич; Ілліч */
			assert_true(ends_with(n->patronymic, "ич") || ends_with(n->patronymic, "іч"));
		else
			assert_true(ends_with(n->patronymic, "на"));
	}
	assert_share(none, N, 0.03, 0.006, "without patronymic");
}

static void test_military(void **state)
{
	long ranked = 0, officers = 0, ncos = 0, mil = 0, army = 0, tdf = 0, enlisted = 0;
	double officer_years = 0, enlisted_years = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		enum hw_rank_class cls = hw_rank_class_of(p->rank);

		if (p->category == HW_CATEGORY_CIVILIAN) {
			assert_int_equal(p->branch, HW_BRANCH_NONE);
			assert_int_equal(p->rank, HW_RANK_NONE);
			assert_null(p->unit);
			assert_null(p->service_number);
			assert_int_equal(p->ntags, 0);
			continue;
		}
		mil++;
		assert_true(p->captured_on.year - p->birth_date.year >= 19);
		army += p->branch == HW_BRANCH_ARMY;
		tdf += p->branch == HW_BRANCH_TDF;
		if (p->held_by == HW_CUSTODY_US)
			assert_int_equal(p->branch, HW_BRANCH_OTHER);
		else
			assert_int_not_equal(p->branch, HW_BRANCH_OTHER);
		if (p->rank == HW_RANK_NONE)
			continue;
		ranked++;
		officers += cls == HW_RANK_CLASS_OFFICER;
		ncos += cls == HW_RANK_CLASS_NCO;
		if (cls == HW_RANK_CLASS_OFFICER)
			officer_years += p->birth_date.year;
		if (cls == HW_RANK_CLASS_ENLISTED) {
			enlisted++;
			enlisted_years += p->birth_date.year;
		}
		if (p->branch == HW_BRANCH_NAVY)
			assert_true(p->rank == HW_RANK_SEAMAN || p->rank == HW_RANK_SENIOR_SEAMAN ||
				    p->rank >= HW_RANK_PETTY_OFFICER_2);
		else
			assert_true(p->rank != HW_RANK_SEAMAN && p->rank != HW_RANK_SENIOR_SEAMAN &&
				    p->rank < HW_RANK_CAPTAIN_3RD_RANK &&
				    (p->rank < HW_RANK_PETTY_OFFICER_2 ||
				     p->rank > HW_RANK_CHIEF_PETTY_OFFICER));
	}
	assert_share(ranked, mil, 0.90, 0.015, "rank recorded");
	assert_share(officers, ranked, 0.05, 0.007, "officers");
	assert_share(ncos, ranked, 0.15, 0.012, "NCOs");
	assert_true(army > tdf && tdf > 0);
	/* Officers are older: born on average at least three years earlier. */
	assert_true(officer_years / (double)officers + 3.0 < enlisted_years / (double)enlisted);
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

static void test_units_and_numbers(void **state)
{
	long afu = 0, ngu = 0, numbers = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		const char *u = p->unit, *s = p->service_number;

		if (u && hw_branch_group_of(p->branch) == HW_GROUP_AFU) {
			afu++;
			assert_int_equal(strncmp(u, "в/ч А", strlen("в/ч А")), 0);
			assert_true(all_digits(u + strlen("в/ч А"), 4));
		}
		if (u && p->branch == HW_BRANCH_NGU) {
			ngu++;
			assert_int_equal(strncmp(u, "в/ч 30", strlen("в/ч 30")), 0);
			assert_true(all_digits(u + strlen("в/ч "), 4));
		}
		if (p->branch == HW_BRANCH_POLICE || p->branch == HW_BRANCH_SBU)
			assert_null(u);
		if (s && p->held_by == HW_CUSTODY_ADVERSARY) {
			numbers++;
			assert_int_equal(strncmp(s, "ВС-", strlen("ВС-")), 0);
			assert_true(all_digits(s + strlen("ВС-"), 6));
		}
	}
	assert_true(afu > 5000 && ngu > 500 && numbers > 5000);
}

static void test_groups(void **state)
{
	long mil_ours = 0, mariupol = 0, snake = 0, npp = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		const struct hw_date *c = &p->captured_on;

		if (p->category == HW_CATEGORY_MILITARY && p->held_by == HW_CUSTODY_ADVERSARY)
			mil_ours++;
		if (hw_person_has_tag(p, "mariupol")) {
			mariupol++;
			assert_int_equal(p->region, HW_REGION_DONETSK);
			assert_string_equal(p->capture_place, "Маріуполь");
			assert_true(c->year == 2022 && (c->month == 0 || c->month == 4 || c->month == 5));
		}
		if (hw_person_has_tag(p, "snake_island")) {
			snake++;
			assert_true(p->branch == HW_BRANCH_NAVY || p->branch == HW_BRANCH_MARINES ||
				    p->branch == HW_BRANCH_SBGS);
			assert_true(c->year == 2022 && (c->month == 0 || c->month == 2));
		}
		if (hw_person_has_tag(p, "chornobyl_npp")) {
			npp++;
			assert_int_equal(p->branch, HW_BRANCH_NGU);
			assert_int_equal(p->region, HW_REGION_KYIV);
			assert_true(c->year == 2022 && (c->month == 0 || c->month == 2));
			assert_true(c->day == 0 || c->day == 24);
		}
	}
	assert_share(mariupol, mil_ours, 0.05, 0.008, "defenders of Mariupol");
	assert_share(npp, mil_ours, 0.005, 0.0025, "Chornobyl NPP");
	assert_true(snake > 0 && snake < mariupol / 5);
}

static void test_detainees(void **state)
{
	long n = 0, ru = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];

		if (p->held_by != HW_CUSTODY_US)
			continue;
		n++;
		ru += !strcmp(p->citizenship, "RU");
		assert_int_equal(p->ntags, 0);
		assert_true(hw_script_detect(p->names[0].family) != HW_SCRIPT_UK);
		assert_true(hw_script_detect(p->names[0].given) != HW_SCRIPT_UK);
		if (p->next_of_kin)
			assert_true(!strncmp(p->next_of_kin, "мать, ", strlen("мать, ")) ||
				    !strncmp(p->next_of_kin, "отец, ", strlen("отец, ")) ||
				    !strncmp(p->next_of_kin, "жена, ", strlen("жена, ")) ||
				    !strncmp(p->next_of_kin, "муж, ", strlen("муж, ")) ||
				    !strncmp(p->next_of_kin, "сестра, ", strlen("сестра, ")) ||
				    !strncmp(p->next_of_kin, "брат, ", strlen("брат, ")));
	}
	assert_true(n > 1000);
	assert_share(ru, n, 0.97, 0.02, "RU citizenship among detainees");
}

static void test_next_of_kin(void **state)
{
	char want[256];
	long checked = 0;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i];
		const char *k = p->next_of_kin, *f = p->names[0].family;

		if (!k || p->held_by != HW_CUSTODY_ADVERSARY)
			continue;
		assert_null(strpbrk(k, "0123456789+@"));
		/* A brother shares the male form of the family name. */
		if (p->sex == HW_SEX_MALE && !strncmp(k, "брат, ", strlen("брат, "))) {
			snprintf(want, sizeof(want), "брат, %s ", f);
			assert_int_equal(strncmp(k, want, strlen(want)), 0);
			checked++;
		}
		/* The mother of a man with an -ський name is -ська. */
		if (p->sex == HW_SEX_MALE && ends_with(f, "ський") &&
		    !strncmp(k, "мати, ", strlen("мати, "))) {
			snprintf(want, sizeof(want), "мати, %.*sа ", (int)(strlen(f) - strlen("ий")), f);
			assert_int_equal(strncmp(k, want, strlen(want)), 0);
			checked++;
		}
		/* The father bears the name of the patronymic. */
		if (p->sex == HW_SEX_MALE && p->names[0].patronymic &&
		    !strncmp(k, "батько, ", strlen("батько, "))) {
			const char *given = strrchr(k, ' ') + 1;

			assert_int_equal(strncmp(p->names[0].patronymic, given,
						 strlen(given) > 4 ? strlen(given) - 4 : 0), 0);
			checked++;
		}
	}
	assert_true(checked > 100);
}

/* ---- namesakes ---------------------------------------------------------- */

static void test_namesakes(void **state)
{
	long pairs = 0, same_patronymic = 0, same_birth = 0;
	uint64_t i, of;

	(void)state;
	for (i = 0; i < N; i++) {
		const struct hw_person *p = &persons[i], *q;

		if (!hw_gen_namesake_of(gen, i, &of))
			continue;
		assert_true(of < i);
		q = &persons[of];
		pairs++;
		assert_string_equal(p->names[0].family, q->names[0].family);
		assert_string_equal(p->names[0].given, q->names[0].given);
		assert_int_equal(p->sex, q->sex);
		assert_int_equal(p->held_by, q->held_by);
		same_patronymic += str_eq(p->names[0].patronymic, q->names[0].patronymic);
		same_birth += date_eq(&p->birth_date, &q->birth_date);
		assert_string_not_equal(p->refs[0].ref, q->refs[0].ref);
	}
	assert_false(hw_gen_namesake_of(gen, 0, &of));
	assert_true(pairs > 300);
	assert_share(same_patronymic, pairs, 0.86, 0.06, "namesakes sharing the patronymic");
	assert_true(same_birth < pairs / 20);
}

/* ---- options ------------------------------------------------------------ */

static void test_options(void **state)
{
	struct hw_gen_options o;
	struct hw_gen *g = (struct hw_gen *)1;
	struct hw_person p;
	struct hw_error err;
	uint64_t i;

	(void)state;
	hw_gen_options_init(&o);
	assert_int_equal(o.seed, 1);
	assert_true(o.civilian_share == 0.15 && o.female_share == 0.05 &&
		    o.civilian_female_share == 0.30 && o.namesake_share == 0.02 &&
		    o.detainee_share == 0.08);
	o.detainee_share = 1.5;
	assert_int_equal(hw_gen_new(&g, &o, &err), HW_INVALID);
	assert_null(g);
	assert_string_equal(err.field, "detainee_share");

	hw_gen_options_init(&o);
	o.civilian_share = 1.0;
	o.detainee_share = 0.0;
	o.namesake_share = 0.0;
	o.civilian_female_share = 1.0;
	assert_int_equal(hw_gen_new(&g, &o, NULL), HW_OK);
	for (i = 0; i < 500; i++) {
		generate(g, i, &p);
		assert_int_equal(p.category, HW_CATEGORY_CIVILIAN);
		assert_int_equal(p.held_by, HW_CUSTODY_ADVERSARY);
		assert_int_equal(p.sex, HW_SEX_FEMALE);
		assert_false(hw_gen_namesake_of(g, i, NULL));
		hw_person_release(&p);
	}
	hw_gen_free(g);
	hw_gen_free(NULL);

	assert_int_equal(hw_gen_new(&g, NULL, NULL), HW_OK);
	generate(g, 7, &p);
	assert_string_equal(p.refs[0].ref, "1-7");
	hw_person_release(&p);
	hw_gen_free(g);
}

static void test_out_of_memory(void **state)
{
	struct hw_person p;
	struct hw_error err;
	long n, failed = 0;

	(void)state;
	/* Fail each allocation of one person in turn: never a leak or a half person. */
	for (n = 0; n < 40; n++) {
		enum hw_err rc;

		hw_person_init(&p);
		hw_alloc_fail_after(n);
		rc = hw_gen_person(gen, 3, &p, &err);
		hw_alloc_fail_after(-1);
		if (rc) {
			assert_int_equal(rc, HW_NOMEM);
			assert_int_equal(p.nnames, 0);
			assert_null(p.refs);
			failed++;
		}
		hw_person_release(&p);
	}
	assert_true(failed > 3);
}

static void test_new_out_of_memory(void **state)
{
	struct hw_gen *g;
	struct hw_error err;
	long n, failed = 0;
	enum hw_err rc = HW_NOMEM;

	(void)state;
	for (n = 0; n < 100 && rc; n++) {
		hw_alloc_fail_after(n);
		rc = hw_gen_new(&g, NULL, &err);
		hw_alloc_fail_after(-1);
		if (rc) {
			assert_int_equal(rc, HW_NOMEM);
			assert_null(g);
			failed++;
		}
	}
	assert_int_equal(rc, HW_OK);
	assert_true(failed >= 4);
	hw_gen_free(g);
}

/* ---- the surname table --------------------------------------------------- */

static void test_surname_table(void **state)
{
	static const char table[] =
		"# comment\n"
		"\n"
		"Ковальський\t10\tadj\tКовальский\t5\n"
		"Білий\t5\tadj\tБелый\t2\r\n"
		"Глухий\t5\tadj\tГлухой\t2\n"
		"Іванов\t3\tposs\tИванов\t9\n"
		"Кузьмін\t2\tposs\tКузьмин\t1\n"
		"Ільїн\t2\tposs\tИльин\t1\n"
		"Шевченко\t20\tinv\tШевченко\t0\n"
		"Іванів\t1\tinv\tИванив\t0";
	struct gen_surnames s;
	struct hw_error err;

	(void)state;
	assert_int_equal(gen_surnames_parse(&s, table, strlen(table), &err), HW_OK);
	assert_int_equal(s.n, 8);
	assert_string_equal(s.rows[0].uk_f, "Ковальська");
	assert_string_equal(s.rows[0].ru_f, "Ковальская");
	assert_string_equal(s.rows[1].uk_f, "Біла");
	assert_string_equal(s.rows[1].ru_f, "Белая");
	assert_string_equal(s.rows[2].uk_f, "Глуха");
	assert_string_equal(s.rows[2].ru_f, "Глухая");
	assert_string_equal(s.rows[3].uk_f, "Іванова");
	assert_string_equal(s.rows[3].ru_f, "Иванова");
	assert_string_equal(s.rows[4].uk_f, "Кузьміна");
	assert_string_equal(s.rows[5].uk_f, "Ільїна");
	assert_string_equal(s.rows[6].uk_f, "Шевченко");
	assert_string_equal(s.rows[7].uk_f, "Іванів");
	assert_int_equal(gen_surnames_total(&s, 0), 48);
	assert_int_equal(gen_surnames_total(&s, 1), 20);
	assert_string_equal(gen_surnames_at(&s, 0, 0)->uk, "Ковальський");
	assert_string_equal(gen_surnames_at(&s, 0, 9)->uk, "Ковальський");
	assert_string_equal(gen_surnames_at(&s, 0, 10)->uk, "Білий");
	assert_string_equal(gen_surnames_at(&s, 0, 47)->uk, "Іванів");
	/* Rows of Russian weight 0 are never drawn for Russian speakers. */
	assert_string_equal(gen_surnames_at(&s, 1, 19)->uk, "Ільїн");
	gen_surnames_release(&s);
}

static void test_surname_table_errors(void **state)
{
	static const char *const bad[] = {
		"# c\nШевченко\t20\tinv\tШевченко\n",         /* 4 columns */
		"# c\nШевченко\t0\tinv\tШевченко\t1\n",       /* freq 0 */
		"# c\nШевченко\t2\tadj\tШевченко\t1\n",       /* not adjectival */
		"# c\nШевченко\t2\tposs\tШевченко\t1\n",      /* not possessive */
		"# c\nШевченко\t2\tfem\tШевченко\t1\n",       /* unknown decl */
		"# c\nШевченко\t2x\tinv\tШевченко\t1\n",      /* not a number */
		"# c\nШевченко\t2\tinv\tШевченко\t1\textra\n", /* 6 columns */
	};
	struct gen_surnames s;
	struct hw_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hw_error_clear(&err);
		assert_int_equal(gen_surnames_parse(&s, bad[i], strlen(bad[i]), &err), HW_INVALID);
		assert_int_equal(err.line, 2);
		assert_string_equal(err.file, "surnames.tsv");
		assert_null(s.rows);
	}
	assert_int_equal(gen_surnames_parse(&s, "# only\n", 7, &err), HW_INVALID);
}

static void test_embedded_surnames(void **state)
{
	long enko = 0, uk = 0, sky = 0, ich = 0, iv = 0, ov = 0, adj = 0;
	struct gen_surnames s;
	struct hw_error err;
	size_t i;

	(void)state;
	if (gen_surnames_parse(&s, (const char *)hw_data_surnames, hw_data_surnames_len, &err))
		fail_msg("surnames.tsv:%ld: %s", err.line, err.message);
	assert_true(s.n >= 600);
	for (i = 0; i < s.n; i++) {
		const char *n = s.rows[i].uk;

		enko += ends_with(n, "енко");
		uk += ends_with(n, "ук") || ends_with(n, "юк");
		sky += ends_with(n, "ський") || ends_with(n, "цький");
		ich += ends_with(n, "ич");
		iv += ends_with(n, "ів") || ends_with(n, "ишин");
		ov += s.rows[i].decl == GEN_DECL_POSS && !ends_with(n, "ишин");
		adj += s.rows[i].decl == GEN_DECL_ADJ && !ends_with(n, "ський") &&
		       !ends_with(n, "цький");
		assert_int_equal(hw_script_detect(s.rows[i].ru) == HW_SCRIPT_UK, 0);
	}
	assert_true(enko >= 100 && uk >= 80 && sky >= 50 && ich >= 20 && iv >= 30 &&
		    ov >= 150 && adj >= 20);
	assert_string_equal(s.rows[0].uk, "Мельник");
	gen_surnames_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_person),
		cmocka_unit_test(test_other_seed_other_persons),
		cmocka_unit_test(test_pinned_values),
		cmocka_unit_test(test_capture_windows),
		cmocka_unit_test(test_all_valid),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_sex),
		cmocka_unit_test(test_surname_forms),
		cmocka_unit_test(test_patronymics),
		cmocka_unit_test(test_military),
		cmocka_unit_test(test_units_and_numbers),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_detainees),
		cmocka_unit_test(test_next_of_kin),
		cmocka_unit_test(test_namesakes),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_new_out_of_memory),
		cmocka_unit_test(test_surname_table),
		cmocka_unit_test(test_surname_table_errors),
		cmocka_unit_test(test_embedded_surnames),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
