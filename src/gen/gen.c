/*
 * gen.c - the synthetic person generator (homeward/generate.h): options,
 * the generator's tables, and the assembly of one person.
 *
 * A person is assembled in a fixed order, because later parts depend on
 * earlier ones: names (custody and sex come with them, a namesake taking
 * them from the person copied), category, group/branch/rank class,
 * capture, birth (after the capture year), then the independent rest.
 * Each part draws from its own stream (gen/rng.h), so the order of the
 * code is not the order of the random numbers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "gen/gen_int.h"
#include "core/banned.h"

#define DETAINEE_CIVILIAN_SHARE 0.03
#define NO_CITIZENSHIP_SHARE 0.01
#define DETAINEE_NO_CITIZENSHIP_SHARE 0.03
#define WOUNDED_SHARE 0.15
#define SERIOUSLY_ILL_SHARE 0.04
#define DISABILITY_SHARE 0.02

static const struct gen_weighted status_ours[] = {
	{ HW_STATUS_CAPTIVE, 600 }, { HW_STATUS_MISSING, 300 }, { HW_STATUS_RETURNED, 80 },
	{ HW_STATUS_DECEASED, 12 }, { HW_STATUS_RELEASED, 8 },
};
static const struct gen_weighted status_detainees[] = {
	{ HW_STATUS_CAPTIVE, 85 }, { HW_STATUS_HANDED_OVER, 15 },
};

void hw_gen_options_init(struct hw_gen_options *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->civilian_share = 0.15;
	o->female_share = 0.05;
	o->civilian_female_share = 0.30;
	o->namesake_share = 0.02;
	o->detainee_share = 0.08;
}

static enum hw_err check_share(double v, const char *name, struct hw_error *err)
{
	if (v >= 0.0 && v <= 1.0) /* also false for NaN */
		return HW_OK;
	return hw_error_set_field(err, HW_INVALID, name, "must be between 0 and 1, not %g", v);
}

static enum hw_err check_options(const struct hw_gen_options *o, struct hw_error *err)
{
	if (check_share(o->civilian_share, "civilian_share", err) ||
	    check_share(o->female_share, "female_share", err) ||
	    check_share(o->civilian_female_share, "civilian_female_share", err) ||
	    check_share(o->namesake_share, "namesake_share", err) ||
	    check_share(o->detainee_share, "detainee_share", err))
		return HW_INVALID;
	return HW_OK;
}

enum hw_err hw_gen_new(struct hw_gen **out, const struct hw_gen_options *o,
		       struct hw_error *err)
{
	struct hw_gen *g = NULL;
	enum hw_err rc;

	*out = NULL;
	g = hw_calloc(1, sizeof(*g));
	if (!g)
		return hw_error_set(err, HW_NOMEM, NULL);
	if (o)
		g->opt = *o;
	else
		hw_gen_options_init(&g->opt);
	rc = check_options(&g->opt, err);
	if (rc)
		goto out;
	rc = gen_surnames_parse(&g->surnames, (const char *)hw_data_surnames,
				hw_data_surnames_len, err);
	if (rc == HW_INVALID) { /* the embedded table: a build defect */
		rc = HW_INTERNAL;
		if (err)
			err->code = rc;
	}
	if (rc)
		goto out;
	rc = gen_names_load(g, err);
out:
	if (rc) {
		hw_gen_free(g);
		return rc;
	}
	*out = g;
	return HW_OK;
}

void hw_gen_free(struct hw_gen *g)
{
	if (!g)
		return;
	gen_surnames_release(&g->surnames);
	gen_names_release(g);
	hw_free(g);
}

int hw_gen_namesake_of(const struct hw_gen *g, uint64_t index, uint64_t *of)
{
	struct gen_rng r;

	if (index == 0)
		return 0;
	gen_rng_seed(&r, g->opt.seed, index, GEN_F_NAMESAKE);
	if (!gen_chance(&r, g->opt.namesake_share))
		return 0;
	gen_rng_seed(&r, g->opt.seed, index, GEN_F_NAMESAKE_OF);
	if (of)
		*of = gen_below(&r, index);
	return 1;
}

enum hw_custody gen_custody(const struct hw_gen *g, uint64_t index)
{
	struct gen_rng r;

	gen_rng_seed(&r, g->opt.seed, index, GEN_F_CUSTODY);
	return gen_chance(&r, g->opt.detainee_share) ? HW_CUSTODY_US : HW_CUSTODY_ADVERSARY;
}

enum hw_category gen_category(const struct hw_gen *g, uint64_t index, enum hw_custody held_by)
{
	struct gen_rng r;
	double share = held_by == HW_CUSTODY_US ? DETAINEE_CIVILIAN_SHARE : g->opt.civilian_share;

	gen_rng_seed(&r, g->opt.seed, index, GEN_F_CATEGORY);
	return gen_chance(&r, share) ? HW_CATEGORY_CIVILIAN : HW_CATEGORY_MILITARY;
}

static void fill_plain(const struct hw_gen *g, const struct gen_draft *d, struct hw_person *p)
{
	int us = d->id.held_by == HW_CUSTODY_US;
	struct gen_rng r;

	p->held_by = d->id.held_by;
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_STATUS);
	p->status = us ? gen_pick_small(&r, status_detainees, GEN_COUNT(status_detainees))
		       : gen_pick_small(&r, status_ours, GEN_COUNT(status_ours));
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_CITIZENSHIP);
	if (!gen_chance(&r, us ? DETAINEE_NO_CITIZENSHIP_SHARE : NO_CITIZENSHIP_SHARE))
		memcpy(p->citizenship, us ? "RU" : "UA", 3);
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_HEALTH);
	p->health = 0;
	if (gen_chance(&r, WOUNDED_SHARE))
		p->health |= HW_HEALTH_WOUNDED;
	if (gen_chance(&r, SERIOUSLY_ILL_SHARE))
		p->health |= HW_HEALTH_SERIOUSLY_ILL;
	if (gen_chance(&r, DISABILITY_SHARE))
		p->health |= HW_HEALTH_DISABILITY;
}

enum hw_err hw_gen_person(const struct hw_gen *g, uint64_t index, struct hw_person *out,
			  struct hw_error *err)
{
	struct gen_draft d;
	char ref[48];
	enum hw_err rc;

	memset(&d, 0, sizeof(d));
	d.index = index;
	gen_ident_of(g, index, &d.id);
	d.category = gen_category(g, index, d.id.held_by);
	rc = gen_fill_names(g, &d, out, err);
	if (rc)
		goto out;
	gen_draw_service(g, &d, out);
	rc = gen_fill_capture(g, &d, out, err);
	if (rc)
		goto out;
	rc = gen_fill_birth(g, &d, out);
	if (!rc)
		rc = gen_fill_service(g, &d, out);
	if (rc) {
		rc = hw_error_set(err, rc, NULL);
		goto out;
	}
	fill_plain(g, &d, out);
	snprintf(ref, sizeof(ref), "%" PRIu64 "-%" PRIu64, g->opt.seed, index);
	rc = hw_person_add_ref(out, "gen", ref, err);
out:
	if (rc)
		hw_person_release(out);
	return rc;
}
