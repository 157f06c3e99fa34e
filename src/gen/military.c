/*
 * military.c - category details of a generated person: the special group
 * (Mariupol, Snake Island, Chornobyl NPP), branch, rank, unit and service
 * number.
 *
 * Unit numbers are drawn from a pool per seed and branch, so that persons
 * share units as they do in a real registry.  The service number format is
 * invented for this generator; it imitates no real document.
 */
#include <stdio.h>

#include "gen/gen_int.h"
#include "core/banned.h"

#define RANK_KNOWN_SHARE 0.90
#define UNIT_KNOWN_SHARE 0.85
#define SERVICE_NUMBER_SHARE 0.70
#define UNIT_POOL 300

static const struct gen_weighted groups[] = {
	{ GEN_GROUP_NONE, 9420 },
	{ GEN_GROUP_MARIUPOL, 500 },
	{ GEN_GROUP_SNAKE_ISLAND, 30 },
	{ GEN_GROUP_CHORNOBYL, 50 },
};

/* Per mille. */
static const struct gen_weighted branches[] = {
	{ HW_BRANCH_ARMY, 400 },      { HW_BRANCH_TDF, 150 },   { HW_BRANCH_NGU, 120 },
	{ HW_BRANCH_MARINES, 80 },    { HW_BRANCH_AIR_ASSAULT, 70 }, { HW_BRANCH_NAVY, 50 },
	{ HW_BRANCH_SBGS, 45 },       { HW_BRANCH_AIR_FORCE, 30 }, { HW_BRANCH_SSO, 20 },
	{ HW_BRANCH_POLICE, 20 },     { HW_BRANCH_SBU, 5 },
};
static const struct gen_weighted branches_mariupol[] = {
	{ HW_BRANCH_MARINES, 35 }, { HW_BRANCH_NGU, 30 }, { HW_BRANCH_ARMY, 12 },
	{ HW_BRANCH_SBGS, 10 },    { HW_BRANCH_POLICE, 8 }, { HW_BRANCH_TDF, 5 },
};
static const struct gen_weighted branches_snake_island[] = {
	{ HW_BRANCH_SBGS, 50 }, { HW_BRANCH_MARINES, 30 }, { HW_BRANCH_NAVY, 20 },
};

static const struct gen_weighted classes[] = {
	{ HW_RANK_CLASS_ENLISTED, 80 }, { HW_RANK_CLASS_NCO, 15 }, { HW_RANK_CLASS_OFFICER, 5 },
};

static const struct gen_weighted land_enlisted[] = {
	{ HW_RANK_RECRUIT, 3 }, { HW_RANK_SOLDIER, 62 }, { HW_RANK_SENIOR_SOLDIER, 35 },
};
static const struct gen_weighted land_nco[] = {
	{ HW_RANK_JUNIOR_SERGEANT, 300 }, { HW_RANK_SERGEANT, 300 },
	{ HW_RANK_SENIOR_SERGEANT, 200 }, { HW_RANK_CHIEF_SERGEANT, 80 },
	{ HW_RANK_STAFF_SERGEANT, 60 },   { HW_RANK_MASTER_SERGEANT, 40 },
	{ HW_RANK_SENIOR_MASTER_SERGEANT, 15 }, { HW_RANK_CHIEF_MASTER_SERGEANT, 5 },
};
static const struct gen_weighted land_officer[] = {
	{ HW_RANK_JUNIOR_LIEUTENANT, 15 }, { HW_RANK_LIEUTENANT, 25 },
	{ HW_RANK_SENIOR_LIEUTENANT, 25 }, { HW_RANK_CAPTAIN, 17 }, { HW_RANK_MAJOR, 10 },
	{ HW_RANK_LIEUTENANT_COLONEL, 6 }, { HW_RANK_COLONEL, 2 },
};
static const struct gen_weighted naval_enlisted[] = {
	{ HW_RANK_SEAMAN, 65 }, { HW_RANK_SENIOR_SEAMAN, 35 },
};
static const struct gen_weighted naval_nco[] = {
	{ HW_RANK_PETTY_OFFICER_2, 45 }, { HW_RANK_PETTY_OFFICER_1, 35 },
	{ HW_RANK_CHIEF_PETTY_OFFICER, 20 },
};
static const struct gen_weighted naval_officer[] = {
	{ HW_RANK_JUNIOR_LIEUTENANT, 20 }, { HW_RANK_LIEUTENANT, 30 },
	{ HW_RANK_SENIOR_LIEUTENANT, 25 }, { HW_RANK_CAPTAIN_3RD_RANK, 15 },
	{ HW_RANK_CAPTAIN_2ND_RANK, 7 },   { HW_RANK_CAPTAIN_1ST_RANK, 3 },
};

/* Letters of the invented detainee service numbers. */
static const char *const ru_letters[] = {
	"А", "Б", "В", "Г", "Д", "Е", "Ж", "И", "К", "Л",
	"М", "Н", "О", "П", "Р", "С", "Т", "У", "Ф", "Х",
};

static enum hw_branch draw_branch(struct gen_rng *r, enum gen_group group)
{
	switch (group) {
	case GEN_GROUP_MARIUPOL:
		return gen_pick_small(r, branches_mariupol, GEN_COUNT(branches_mariupol));
	case GEN_GROUP_SNAKE_ISLAND:
		return gen_pick_small(r, branches_snake_island, GEN_COUNT(branches_snake_island));
	case GEN_GROUP_CHORNOBYL:
		return HW_BRANCH_NGU;
	case GEN_GROUP_NONE:
		break;
	}
	return gen_pick_small(r, branches, GEN_COUNT(branches));
}

void gen_draw_service(const struct hw_gen *g, struct gen_draft *d, struct hw_person *p)
{
	struct gen_rng r;

	p->category = d->category;
	d->group = GEN_GROUP_NONE;
	d->rank_class = HW_RANK_CLASS_NONE;
	if (d->category == HW_CATEGORY_CIVILIAN)
		return;
	if (d->id.held_by == HW_CUSTODY_ADVERSARY) {
		gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_GROUP);
		d->group = gen_pick_small(&r, groups, GEN_COUNT(groups));
		gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_BRANCH);
		p->branch = draw_branch(&r, d->group);
	} else {
		p->branch = HW_BRANCH_OTHER;
	}
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_RANK_CLASS);
	d->rank_class = gen_pick_small(&r, classes, GEN_COUNT(classes));
}

static enum hw_rank draw_rank(struct gen_rng *r, enum hw_rank_class cls, int naval)
{
	switch (cls) {
	case HW_RANK_CLASS_NCO:
		return naval ? gen_pick_small(r, naval_nco, GEN_COUNT(naval_nco))
			     : gen_pick_small(r, land_nco, GEN_COUNT(land_nco));
	case HW_RANK_CLASS_OFFICER:
		return naval ? gen_pick_small(r, naval_officer, GEN_COUNT(naval_officer))
			     : gen_pick_small(r, land_officer, GEN_COUNT(land_officer));
	case HW_RANK_CLASS_ENLISTED:
	case HW_RANK_CLASS_NONE:
		break;
	}
	return naval ? gen_pick_small(r, naval_enlisted, GEN_COUNT(naval_enlisted))
		     : gen_pick_small(r, land_enlisted, GEN_COUNT(land_enlisted));
}

/* "в/ч А1234" and the like, or "" when the branch has no unit numbers. */
static void format_unit(const struct hw_gen *g, enum hw_branch b, uint64_t k, char *out,
			size_t size)
{
	uint64_t h = gen_hash3(g->opt.seed, (uint64_t)b + 1000, k);

	out[0] = '\0';
	switch (hw_branch_group_of(b)) {
	case HW_GROUP_AFU:
		snprintf(out, size, "в/ч А%04u", (unsigned)(100 + h % 7900));
		break;
	case HW_GROUP_MIA:
		if (b == HW_BRANCH_NGU)
			snprintf(out, size, "в/ч %04u", (unsigned)(3001 + h % 99));
		else if (b == HW_BRANCH_SBGS)
			snprintf(out, size, "в/ч %04u", (unsigned)(1000 + h % 9000));
		break;
	case HW_GROUP_OTHER:
		snprintf(out, size, "в/ч %05u", (unsigned)(10000 + h % 90000));
		break;
	case HW_GROUP_SBU:
	case HW_GROUP_NONE:
		break;
	}
}

static void format_service_number(struct gen_rng *r, int russian, char *out, size_t size)
{
	unsigned digits = (unsigned)gen_below(r, 1000000);

	if (russian)
		snprintf(out, size, "%s-%06u", ru_letters[gen_below(r, GEN_COUNT(ru_letters))],
			 digits);
	else
		snprintf(out, size, "ВС-%06u", digits);
}

enum hw_err gen_fill_service(const struct hw_gen *g, const struct gen_draft *d,
			     struct hw_person *p)
{
	struct gen_rng r;
	char text[64];
	enum hw_err rc;

	if (d->category == HW_CATEGORY_CIVILIAN)
		return HW_OK;
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_RANK);
	if (gen_chance(&r, RANK_KNOWN_SHARE))
		p->rank = draw_rank(&r, d->rank_class, p->branch == HW_BRANCH_NAVY);
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_UNIT);
	if (gen_chance(&r, UNIT_KNOWN_SHARE)) {
		format_unit(g, p->branch, gen_below(&r, UNIT_POOL), text, sizeof(text));
		rc = hw_person_set_str(&p->unit, text);
		if (rc)
			return rc;
	}
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_SERVICE_NUMBER);
	if (!gen_chance(&r, SERVICE_NUMBER_SHARE))
		return HW_OK;
	format_service_number(&r, d->id.held_by == HW_CUSTODY_US, text, sizeof(text));
	return hw_person_set_str(&p->service_number, text);
}
