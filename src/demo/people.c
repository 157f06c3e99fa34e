/*
 * people.c - the persons of an exchange stage, made to a specification.
 *
 * The published figures of an exchange say how many came home and who
 * they were: men and women, civilians and military, branches, officers,
 * defenders of Mariupol.  The demo reproduces them from persons: each row
 * of a stage's specification (demo_int.h) is filled with persons drawn
 * from the generator's pool with the right custody and sex, so that the
 * names, birth dates and relatives are the generator's, and then given
 * the attributes that do not change a name: category, branch, rank, unit,
 * the group and its capture (Snake Island on 24-25 February 2022, the
 * Chornobyl plant on 24 February 2022, Mariupol in April-May 2022), and
 * health.  A birth date that would make someone too young at capture is
 * moved back.  Everything is drawn from streams keyed by the demo's seed
 * and the stage, so the same seed gives the same persons.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "demo/demo_int.h"
#include "core/banned.h"

#define POOL_MAX_SCAN 2000000
#define UNIT_KNOWN_SHARE 0.85
#define SERVICE_NUMBER_SHARE 0.70
#define UNIT_POOL 40

static void stream(struct gen_rng *r, uint64_t seed, uint64_t key, enum demo_stream s,
		   uint64_t i)
{
	r->state = gen_hash3(gen_hash3(seed, key, (uint64_t)s), i, UINT64_C(0x64656d6f));
}

/* ---- the pool ---------------------------------------------------------- */

enum hw_err demo_pool_init(struct demo_pool *pool, uint64_t seed, struct hw_error *err)
{
	struct hw_gen_options o;

	memset(pool, 0, sizeof(*pool));
	pool->seed = seed;
	hw_gen_options_init(&o);
	/* a seed of its own, so that the background persons and these differ */
	o.seed = gen_hash3(seed, DEMO_S_POOL_SEED, 0) % 1000000000u;
	o.namesake_share = 0.01;
	return hw_gen_new(&pool->gen, &o, err);
}

void demo_pool_release(struct demo_pool *pool)
{
	hw_gen_free(pool->gen);
	memset(pool, 0, sizeof(*pool));
}

static int captured_before(const struct hw_person *p, const struct hw_date *before)
{
	if (!before || !hw_date_is_known(before))
		return 1;
	return hw_date_is_known(&p->captured_on) &&
	       hw_date_days_between(&p->captured_on, before) >= 30;
}

enum hw_err demo_pool_draw(struct demo_pool *pool, enum hw_custody held_by, enum hw_sex sex,
			   const struct hw_date *before, struct hw_person *out,
			   struct hw_error *err)
{
	uint64_t *next = &pool->next[held_by][sex];
	long scanned;
	enum hw_err rc;

	for (scanned = 0; scanned < POOL_MAX_SCAN; scanned++) {
		rc = hw_gen_person(pool->gen, (*next)++, out, err);
		if (rc)
			return rc;
		if (out->held_by == held_by && (sex == HW_SEX_UNKNOWN || out->sex == sex) &&
		    !out->ntags && captured_before(out, before))
			return HW_OK;
		hw_person_release(out);
	}
	return hw_error_set(err, HW_INTERNAL, "the generator's pool has no more persons "
			    "of this kind");
}

/* ---- military details --------------------------------------------------- */

static const enum hw_rank land[3][5] = {
	{ HW_RANK_SOLDIER, HW_RANK_SOLDIER, HW_RANK_SENIOR_SOLDIER, HW_RANK_SOLDIER,
	  HW_RANK_SENIOR_SOLDIER },
	{ HW_RANK_JUNIOR_SERGEANT, HW_RANK_SERGEANT, HW_RANK_SENIOR_SERGEANT,
	  HW_RANK_CHIEF_SERGEANT, HW_RANK_STAFF_SERGEANT },
	{ HW_RANK_JUNIOR_LIEUTENANT, HW_RANK_LIEUTENANT, HW_RANK_SENIOR_LIEUTENANT,
	  HW_RANK_CAPTAIN, HW_RANK_MAJOR },
};
static const enum hw_rank naval[3][5] = {
	{ HW_RANK_SEAMAN, HW_RANK_SEAMAN, HW_RANK_SENIOR_SEAMAN, HW_RANK_SEAMAN,
	  HW_RANK_SENIOR_SEAMAN },
	{ HW_RANK_PETTY_OFFICER_2, HW_RANK_PETTY_OFFICER_1, HW_RANK_CHIEF_PETTY_OFFICER,
	  HW_RANK_PETTY_OFFICER_2, HW_RANK_PETTY_OFFICER_1 },
	{ HW_RANK_LIEUTENANT, HW_RANK_SENIOR_LIEUTENANT, HW_RANK_CAPTAIN_3RD_RANK,
	  HW_RANK_LIEUTENANT, HW_RANK_SENIOR_LIEUTENANT },
};

static enum hw_rank_class draw_class(int cls, struct gen_rng *r)
{
	double u;

	if (cls >= 0)
		return (enum hw_rank_class)cls;
	u = gen_unit(r);
	if (cls == DEMO_CLASS_RANKS)
		return u < 0.83 ? HW_RANK_CLASS_ENLISTED : HW_RANK_CLASS_NCO;
	return u < 0.80 ? HW_RANK_CLASS_ENLISTED
			: u < 0.96 ? HW_RANK_CLASS_NCO : HW_RANK_CLASS_OFFICER;
}

/* "в/ч А1234" as the generator writes units, or "" for a branch without. */
static void unit_name(uint64_t seed, enum hw_branch b, uint64_t k, char *out, size_t size)
{
	uint64_t h = gen_hash3(seed, (uint64_t)b + 2000, k);

	out[0] = '\0';
	if (hw_branch_group_of(b) == HW_GROUP_AFU)
		snprintf(out, size, "в/ч А%04u", (unsigned)(100 + h % 7900));
	else if (b == HW_BRANCH_NGU)
		snprintf(out, size, "в/ч %04u", (unsigned)(3001 + h % 99));
	else if (b == HW_BRANCH_SBGS)
		snprintf(out, size, "в/ч %04u", (unsigned)(1000 + h % 9000));
}

static enum hw_err make_civilian(struct hw_person *p)
{
	p->category = HW_CATEGORY_CIVILIAN;
	p->branch = HW_BRANCH_NONE;
	p->rank = HW_RANK_NONE;
	if (hw_person_set_str(&p->unit, NULL) || hw_person_set_str(&p->service_number, NULL))
		return HW_NOMEM;
	return HW_OK;
}

static enum hw_err make_military(struct hw_person *p, const struct demo_row *row,
				 uint64_t seed, struct gen_rng *r)
{
	enum hw_rank_class cls = draw_class(row->rank_class, r);
	const enum hw_rank(*table)[5] = row->branch == HW_BRANCH_NAVY ? naval : land;
	char text[64];

	p->category = HW_CATEGORY_MILITARY;
	p->branch = row->branch;
	p->rank = table[cls - HW_RANK_CLASS_ENLISTED][gen_below(r, 5)];
	text[0] = '\0';
	if (gen_chance(r, UNIT_KNOWN_SHARE))
		unit_name(seed, row->branch, row->group ? (uint64_t)row->group
							: gen_below(r, UNIT_POOL),
			  text, sizeof(text));
	if (hw_person_set_str(&p->unit, text))
		return HW_NOMEM;
	if (p->service_number || !gen_chance(r, SERVICE_NUMBER_SHARE))
		return HW_OK;
	snprintf(text, sizeof(text), "ВС-%06u", (unsigned)gen_below(r, 1000000));
	return hw_person_set_str(&p->service_number, text) ? HW_NOMEM : HW_OK;
}

/* ---- capture, birth, health --------------------------------------------- */

static enum hw_err set_group(struct hw_person *p, enum demo_group g, struct gen_rng *r,
			     struct hw_error *err)
{
	static const char *const tags[] = { NULL, "mariupol", "snake_island", "chornobyl_npp" };
	static const char *const places[] = { NULL, "Маріуполь", "острів Зміїний",
					      "Чорнобильська АЕС" };
	static const enum hw_region regions[] = { HW_REGION_NONE, HW_REGION_DONETSK,
						  HW_REGION_OTHER, HW_REGION_KYIV };
	struct hw_date d = { 2022, 2, 24 };
	int day;

	if (g == DG_NONE)
		return HW_OK;
	if (g == DG_SNAKE_ISLAND && gen_chance(r, 0.4))
		d.day = 25;
	if (g == DG_MARIUPOL) { /* 1 April - 20 May 2022: the siege, then Azovstal */
		day = gen_range(r, 0, 49);
		d.month = (signed char)(day < 30 ? 4 : 5);
		d.day = (signed char)(day < 30 ? day + 1 : day - 29);
	}
	p->captured_on = d;
	p->region = regions[g];
	if (hw_person_set_str(&p->capture_place, places[g]))
		return hw_error_set(err, HW_NOMEM, NULL);
	return hw_person_add_tag(p, tags[g], err);
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Moves the birth back when the person would be too young at capture. */
static void fix_birth(struct hw_person *p, struct gen_rng *r)
{
	int min = p->category == HW_CATEGORY_CIVILIAN ? 16
		  : hw_rank_class_of(p->rank) == HW_RANK_CLASS_OFFICER ? 22 : 19;

	if (!hw_date_is_known(&p->birth_date) || !hw_date_is_known(&p->captured_on) ||
	    p->birth_date.year <= p->captured_on.year - min - 1)
		return;
	p->birth_date.year = (short)(p->captured_on.year - min - 1 - gen_range(r, 0, 14));
	if (p->birth_date.month == 2 && p->birth_date.day == 29 && !leap(p->birth_date.year))
		p->birth_date.day = 28;
}

static unsigned draw_health(struct gen_rng *r)
{
	static const unsigned flags[] = { HW_HEALTH_WOUNDED, HW_HEALTH_WOUNDED,
					  HW_HEALTH_WOUNDED, HW_HEALTH_SERIOUSLY_ILL,
					  HW_HEALTH_SERIOUSLY_ILL, HW_HEALTH_DISABILITY };
	unsigned h = flags[gen_below(r, GEN_COUNT(flags))];

	if (gen_chance(r, 0.2))
		h |= flags[gen_below(r, GEN_COUNT(flags))];
	return h;
}

/* ---- a stage's persons ---------------------------------------------------- */

size_t demo_spec_count(const struct demo_spec *spec)
{
	size_t i, n = 0;

	for (i = 0; i < spec->nrows; i++)
		n += (size_t)spec->rows[i].count;
	return n;
}

static enum hw_err make_one(struct demo_pool *pool, const struct demo_spec *spec,
			    const struct demo_row *row, uint64_t i, struct hw_person *p,
			    struct hw_error *err)
{
	struct gen_rng r;
	enum hw_err rc;

	rc = demo_pool_draw(pool, HW_CUSTODY_ADVERSARY, row->sex,
			    row->group ? NULL : &spec->date, p, err);
	if (rc)
		return rc;
	stream(&r, pool->seed, spec->key, DEMO_S_RANK, i);
	rc = row->category == HW_CATEGORY_CIVILIAN ? make_civilian(p)
						   : make_military(p, row, pool->seed, &r);
	if (rc)
		return hw_error_set(err, rc, NULL);
	stream(&r, pool->seed, spec->key, DEMO_S_CAPTURE, i);
	rc = set_group(p, row->group, &r, err);
	if (rc)
		return rc;
	stream(&r, pool->seed, spec->key, DEMO_S_BIRTH, i);
	fix_birth(p, &r);
	p->status = HW_STATUS_CAPTIVE;
	return hw_person_validate(p, err);
}

void demo_people_free(struct hw_person *p, size_t n)
{
	size_t i;

	for (i = 0; p && i < n; i++)
		hw_person_release(&p[i]);
	hw_free(p);
}

static void shuffle(struct hw_person *p, size_t n, struct gen_rng *r)
{
	struct hw_person t;
	size_t i, j;

	for (i = n; i > 1; i--) {
		j = (size_t)gen_below(r, i);
		t = p[i - 1];
		p[i - 1] = p[j];
		p[j] = t;
	}
}

enum hw_err demo_people_make(struct demo_pool *pool, const struct demo_spec *spec,
			     struct hw_person **out, size_t *n, struct hw_error *err)
{
	size_t total = demo_spec_count(spec), i, k = 0;
	struct hw_person *p;
	struct gen_rng r;
	enum hw_err rc = HW_OK;
	short j;

	*out = NULL;
	*n = 0;
	p = hw_calloc(total ? total : 1, sizeof(*p));
	if (!p)
		return hw_error_set(err, HW_NOMEM, NULL);
	for (i = 0; i < spec->nrows && !rc; i++)
		for (j = 0; j < spec->rows[i].count && !rc; j++, k++)
			rc = make_one(pool, spec, &spec->rows[i], k, &p[k], err);
	if (rc) {
		demo_people_free(p, k);
		return rc;
	}
	stream(&r, pool->seed, spec->key, DEMO_S_SHUFFLE, 0);
	shuffle(p, total, &r);
	for (i = 0; spec->health_count >= 0 && i < total; i++) {
		stream(&r, pool->seed, spec->key, DEMO_S_HEALTH, i);
		p[i].health = i < (size_t)spec->health_count ? draw_health(&r) : 0;
	}
	*out = p;
	*n = total;
	return HW_OK;
}
