/*
 * specs.c - who came home in each exchange of the demo (homeward/demo.h).
 *
 * The figures are the published ones; the rows split them into persons.
 * Where an announcement does not say (which branch the civilians' and
 * women's neighbours served in, the rank classes of a stage that gave none),
 * the rows choose plausible values, and the report shows them as the data
 * says.  Checks: every sum is noted beside its rows, and test_demo.c counts
 * the persons again from the database.
 */
#include "demo/demo_int.h"
#include "demo/specs.h"
#include "core/banned.h"

#define M HW_SEX_MALE
#define F HW_SEX_FEMALE
#define MIL HW_CATEGORY_MILITARY
#define CIV HW_CATEGORY_CIVILIAN
#define EN HW_RANK_CLASS_ENLISTED
#define NCO HW_RANK_CLASS_NCO
#define OFF HW_RANK_CLASS_OFFICER
#define ANY DEMO_CLASS_ANY
#define RANKS DEMO_CLASS_RANKS
#define B(x) HW_BRANCH_##x

/*
 * 31 May 2024, the 52nd exchange: 75 = 70 men + 5 women; 4 civilians and
 * 71 military (6 officers, 65 privates and sergeants); Armed Forces 43
 * (army 22, navy 13, air force 2, territorial defence 6), National Guard
 * 21, Border Guard Service 7; Snake Island 19 (navy 12, border guards 7),
 * Chornobyl NPP 14 (National Guard), Mariupol 10.
 */
static const struct demo_row ex52[] = {
	/* civilians: 2 women, 2 men */
	{ 2, F, CIV, B(NONE), 0, DG_NONE },
	{ 2, M, CIV, B(NONE), 0, DG_NONE },
	/* Snake Island: navy 8 + 2 + 2, border guards 4 + 2 + 1 */
	{ 8, M, MIL, B(NAVY), EN, DG_SNAKE_ISLAND },
	{ 2, M, MIL, B(NAVY), NCO, DG_SNAKE_ISLAND },
	{ 2, M, MIL, B(NAVY), OFF, DG_SNAKE_ISLAND },
	{ 4, M, MIL, B(SBGS), EN, DG_SNAKE_ISLAND },
	{ 2, M, MIL, B(SBGS), NCO, DG_SNAKE_ISLAND },
	{ 1, M, MIL, B(SBGS), OFF, DG_SNAKE_ISLAND },
	/* Chornobyl NPP: National Guard 10 + 3 + 1 */
	{ 10, M, MIL, B(NGU), EN, DG_CHORNOBYL },
	{ 3, M, MIL, B(NGU), NCO, DG_CHORNOBYL },
	{ 1, M, MIL, B(NGU), OFF, DG_CHORNOBYL },
	/* Mariupol: navy 1, National Guard 3 + 1 woman + 1 officer, army 4 */
	{ 1, M, MIL, B(NAVY), NCO, DG_MARIUPOL },
	{ 3, M, MIL, B(NGU), EN, DG_MARIUPOL },
	{ 1, F, MIL, B(NGU), NCO, DG_MARIUPOL },
	{ 1, M, MIL, B(NGU), OFF, DG_MARIUPOL },
	{ 4, M, MIL, B(ARMY), EN, DG_MARIUPOL },
	/* the rest: National Guard 2, army 18 (2 women, 1 officer), air force 2, TDF 6 */
	{ 2, M, MIL, B(NGU), EN, DG_NONE },
	{ 12, M, MIL, B(ARMY), EN, DG_NONE },
	{ 3, M, MIL, B(ARMY), NCO, DG_NONE },
	{ 1, M, MIL, B(ARMY), OFF, DG_NONE },
	{ 2, F, MIL, B(ARMY), EN, DG_NONE },
	{ 1, M, MIL, B(AIR_FORCE), EN, DG_NONE },
	{ 1, M, MIL, B(AIR_FORCE), NCO, DG_NONE },
	{ 5, M, MIL, B(TDF), EN, DG_NONE },
	{ 1, M, MIL, B(TDF), NCO, DG_NONE },
};

/*
 * 23 May 2025, stage 1 of "1000 for 1000": 390 = 270 military + 120
 * civilians; 3 women.  Military: Border Guard Service 10, National Guard
 * 11, Armed Forces 249.
 */
static const struct demo_row k1[] = {
	{ 2, F, CIV, B(NONE), 0, DG_NONE },
	{ 118, M, CIV, B(NONE), 0, DG_NONE },
	{ 10, M, MIL, B(SBGS), ANY, DG_NONE },
	{ 11, M, MIL, B(NGU), ANY, DG_NONE },
	{ 1, F, MIL, B(ARMY), EN, DG_NONE },
	{ 124, M, MIL, B(ARMY), ANY, DG_NONE },
	{ 45, M, MIL, B(TDF), ANY, DG_NONE },
	{ 30, M, MIL, B(MARINES), ANY, DG_NONE },
	{ 25, M, MIL, B(AIR_ASSAULT), ANY, DG_NONE },
	{ 12, M, MIL, B(NAVY), ANY, DG_NONE },
	{ 8, M, MIL, B(AIR_FORCE), ANY, DG_NONE },
	{ 4, M, MIL, B(SSO), ANY, DG_NONE },
};

/*
 * 24 May 2025, stage 2: 307 men, all privates and sergeants, 27 of them
 * defenders of Mariupol (marines 12, National Guard 6, army 5, border
 * guards 2, navy 2).  National Guard 10, Border Guard Service 9.
 */
static const struct demo_row k2[] = {
	{ 12, M, MIL, B(MARINES), RANKS, DG_MARIUPOL },
	{ 6, M, MIL, B(NGU), RANKS, DG_MARIUPOL },
	{ 5, M, MIL, B(ARMY), RANKS, DG_MARIUPOL },
	{ 2, M, MIL, B(SBGS), RANKS, DG_MARIUPOL },
	{ 2, M, MIL, B(NAVY), RANKS, DG_MARIUPOL },
	{ 4, M, MIL, B(NGU), RANKS, DG_NONE },
	{ 7, M, MIL, B(SBGS), RANKS, DG_NONE },
	{ 146, M, MIL, B(ARMY), RANKS, DG_NONE },
	{ 60, M, MIL, B(TDF), RANKS, DG_NONE },
	{ 20, M, MIL, B(MARINES), RANKS, DG_NONE },
	{ 30, M, MIL, B(AIR_ASSAULT), RANKS, DG_NONE },
	{ 6, M, MIL, B(NAVY), RANKS, DG_NONE },
	{ 5, M, MIL, B(AIR_FORCE), RANKS, DG_NONE },
	{ 2, M, MIL, B(SSO), RANKS, DG_NONE },
};

/*
 * 25 May 2025, stage 3: 303 men, Border Guard Service 36, National Guard
 * 10, Armed Forces 257.  Over the three stages the Ministry of Internal
 * Affairs counts 55 border guards and 31 National Guard: no police.
 */
static const struct demo_row k3[] = {
	{ 36, M, MIL, B(SBGS), ANY, DG_NONE },
	{ 10, M, MIL, B(NGU), ANY, DG_NONE },
	{ 130, M, MIL, B(ARMY), ANY, DG_NONE },
	{ 50, M, MIL, B(TDF), ANY, DG_NONE },
	{ 25, M, MIL, B(MARINES), ANY, DG_NONE },
	{ 30, M, MIL, B(AIR_ASSAULT), ANY, DG_NONE },
	{ 8, M, MIL, B(NAVY), ANY, DG_NONE },
	{ 8, M, MIL, B(AIR_FORCE), ANY, DG_NONE },
	{ 6, M, MIL, B(SSO), ANY, DG_NONE },
};

/* The open agreement: a list still being verified. */
static const struct demo_row next[] = {
	{ 2, F, CIV, B(NONE), 0, DG_NONE },
	{ 4, M, CIV, B(NONE), 0, DG_NONE },
	{ 1, F, MIL, B(NGU), ANY, DG_NONE },
	{ 14, M, MIL, B(ARMY), ANY, DG_NONE },
	{ 5, M, MIL, B(MARINES), ANY, DG_NONE },
	{ 4, M, MIL, B(TDF), ANY, DG_NONE },
};

#define SPEC(key, y, m, d, rows, health) \
	{ key, { y, m, d }, rows, sizeof(rows) / sizeof(rows[0]), health }

const struct demo_spec demo_specs[DEMO_SPEC__COUNT] = {
	/* "at least a third wounded, seriously ill or disabled": 26 of 75 */
	[DEMO_SPEC_52] = SPEC(52, 2024, 5, 31, ex52, 26),
	[DEMO_SPEC_K1] = SPEC(1001, 2025, 5, 23, k1, -1),
	[DEMO_SPEC_K2] = SPEC(1002, 2025, 5, 24, k2, -1),
	[DEMO_SPEC_K3] = SPEC(1003, 2025, 5, 25, k3, -1),
	[DEMO_SPEC_NEXT] = SPEC(9001, 0, 0, 0, next, -1),
};
