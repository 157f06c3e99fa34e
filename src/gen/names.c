/*
 * names.c - who a generated person is by name: sex, family name, given
 * name, patronymic, and the relative to inform.
 *
 * Given names and fathers' names are drawn by the frequency weights of
 * the given-name table (homeward/nametable.h), surnames by those of
 * data/surnames.tsv.  Persons in our custody get the Russian forms, drawn
 * by the Russian surname weights and from the given names that have a
 * Russian form; given names keep the Ukrainian weights, the table having
 * no others.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "gen/gen_int.h"
#include "core/banned.h"

#define NO_PATRONYMIC_SHARE 0.03
#define PATRONYMIC_COPY_SHARE 0.85
#define KIN_SHARE 0.50

enum relation { MOTHER, FATHER, SPOUSE, SISTER, BROTHER, RELATION_COUNT };

static const char *const relation_uk[2][RELATION_COUNT] = {
	/* of a man */   { "мати", "батько", "дружина", "сестра", "брат" },
	/* of a woman */ { "мати", "батько", "чоловік", "сестра", "брат" },
};
static const char *const relation_ru[2][RELATION_COUNT] = {
	{ "мать", "отец", "жена", "сестра", "брат" },
	{ "мать", "отец", "муж", "сестра", "брат" },
};

/* Room for `cap` rows: the tables never hold more than the given-name table. */
static enum hw_err names_alloc(struct gen_names *t, size_t cap)
{
	t->rows = hw_calloc(cap, sizeof(*t->rows));
	t->cum = hw_calloc(cap, sizeof(*t->cum));
	return t->rows && t->cum ? HW_OK : HW_NOMEM;
}

static void names_add(struct gen_names *t, const struct hw_given_name *row)
{
	t->rows[t->n] = row;
	t->cum[t->n] = (t->n ? t->cum[t->n - 1] : 0) + row->freq;
	t->n++;
}

static void names_release(struct gen_names *t)
{
	hw_free(t->rows);
	hw_free(t->cum);
	memset(t, 0, sizeof(*t));
}

static void names_add_row(struct hw_gen *g, const struct hw_given_name *row)
{
	int female = row->sex == HW_SEX_FEMALE, lang;

	for (lang = 0; lang < 2; lang++) {
		if (lang && !row->ru[0])
			continue;
		names_add(&g->given[lang][female], row);
		if (female)
			continue;
		if (lang ? row->ru_patronymic_m && row->ru_patronymic_f
			 : row->uk_patronymic_m && row->uk_patronymic_f)
			names_add(&g->fathers[lang], row);
	}
}

enum hw_err gen_names_load(struct hw_gen *g, struct hw_error *err)
{
	const struct hw_given_name *table;
	enum hw_err rc = HW_OK;
	size_t i, count = 0;
	int lang;

	table = hw_given_names(&count, err);
	if (!table)
		return err ? err->code : HW_INTERNAL;
	for (lang = 0; lang < 2 && !rc; lang++)
		if (names_alloc(&g->given[lang][0], count) || names_alloc(&g->given[lang][1], count) ||
		    names_alloc(&g->fathers[lang], count))
			rc = HW_NOMEM;
	if (rc)
		return hw_error_set(err, rc, NULL);
	for (i = 0; i < count; i++)
		if (table[i].freq && (table[i].sex == HW_SEX_MALE || table[i].sex == HW_SEX_FEMALE))
			names_add_row(g, &table[i]);
	for (lang = 0; lang < 2; lang++)
		if (!g->given[lang][0].n || !g->given[lang][1].n || !g->fathers[lang].n)
			return hw_error_set(err, HW_INTERNAL, "the given-name table lacks male, "
					    "female or father's names in %s",
					    lang ? "Russian" : "Ukrainian");
	return HW_OK;
}

void gen_names_release(struct hw_gen *g)
{
	int lang;

	for (lang = 0; lang < 2; lang++) {
		names_release(&g->given[lang][0]);
		names_release(&g->given[lang][1]);
		names_release(&g->fathers[lang]);
	}
}

static const struct hw_given_name *names_pick(const struct gen_names *t, struct gen_rng *r)
{
	uint64_t x = gen_below(r, t->cum[t->n - 1]);
	size_t lo = 0, hi = t->n - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return t->rows[lo];
}

static const struct hw_given_name *draw_father(const struct hw_gen *g, uint64_t index,
					       int russian)
{
	struct gen_rng r;

	gen_rng_seed(&r, g->opt.seed, index, GEN_F_FATHER);
	if (gen_chance(&r, NO_PATRONYMIC_SHARE))
		return NULL;
	return names_pick(&g->fathers[russian], &r);
}

/*
 * A namesake copies the names of an earlier person, who may be a namesake
 * too: the recursion follows the chain down to a person with names of
 * their own.  Each step goes to a uniformly drawn earlier index, so the
 * chain is about ln(index) long even if every person were a namesake.
 */
void gen_ident_of(const struct hw_gen *g, uint64_t index, struct gen_ident *id)
{
	struct gen_rng r;
	enum hw_category cat;
	uint64_t of;
	int russian;

	if (hw_gen_namesake_of(g, index, &of)) {
		gen_ident_of(g, of, id);
		gen_rng_seed(&r, g->opt.seed, index, GEN_F_PATRONYMIC_COPY);
		if (!gen_chance(&r, PATRONYMIC_COPY_SHARE))
			id->father = draw_father(g, index, id->held_by == HW_CUSTODY_US);
		return;
	}
	id->held_by = gen_custody(g, index);
	russian = id->held_by == HW_CUSTODY_US;
	cat = gen_category(g, index, id->held_by);
	gen_rng_seed(&r, g->opt.seed, index, GEN_F_SEX);
	id->sex = gen_chance(&r, cat == HW_CATEGORY_CIVILIAN ? g->opt.civilian_female_share
							     : g->opt.female_share)
			  ? HW_SEX_FEMALE : HW_SEX_MALE;
	gen_rng_seed(&r, g->opt.seed, index, GEN_F_SURNAME);
	id->surname = gen_surnames_at(&g->surnames, russian,
				      gen_below(&r, gen_surnames_total(&g->surnames, russian)));
	gen_rng_seed(&r, g->opt.seed, index, GEN_F_GIVEN);
	id->given = names_pick(&g->given[russian][id->sex == HW_SEX_FEMALE], &r);
	id->father = draw_father(g, index, russian);
}

static const char *family_form(const struct gen_surname *s, enum hw_sex sex, int russian)
{
	if (sex == HW_SEX_FEMALE)
		return russian ? s->ru_f : s->uk_f;
	return russian ? s->ru : s->uk;
}

static const char *given_form(const struct hw_given_name *n, int russian)
{
	return russian ? n->ru[0] : n->uk;
}

static const char *patronymic_form(const struct hw_given_name *father, enum hw_sex sex,
				   int russian)
{
	const char *uk, *ru;

	if (!father)
		return NULL;
	uk = sex == HW_SEX_FEMALE ? father->uk_patronymic_f : father->uk_patronymic_m;
	ru = sex == HW_SEX_FEMALE ? father->ru_patronymic_f : father->ru_patronymic_m;
	return russian ? ru : uk;
}

static enum hw_err fill_kin(const struct hw_gen *g, const struct gen_draft *d,
			    struct hw_person *p)
{
	static const struct gen_weighted of_man[] = {
		{ MOTHER, 40 }, { SPOUSE, 30 }, { FATHER, 15 }, { SISTER, 8 }, { BROTHER, 7 },
	};
	static const struct gen_weighted of_woman[] = {
		{ MOTHER, 40 }, { SPOUSE, 25 }, { FATHER, 15 }, { SISTER, 10 }, { BROTHER, 10 },
	};
	const struct gen_ident *id = &d->id;
	int woman = id->sex == HW_SEX_FEMALE, russian = id->held_by == HW_CUSTODY_US;
	const struct hw_given_name *given;
	enum hw_sex sex;
	struct gen_rng r;
	char text[256];
	int rel;

	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_KIN);
	if (!gen_chance(&r, KIN_SHARE))
		return HW_OK;
	rel = woman ? gen_pick_small(&r, of_woman, GEN_COUNT(of_woman))
		    : gen_pick_small(&r, of_man, GEN_COUNT(of_man));
	sex = rel == MOTHER || rel == SISTER || (rel == SPOUSE && !woman) ? HW_SEX_FEMALE
									    : HW_SEX_MALE;
	given = rel == FATHER && id->father ? id->father
					    : names_pick(&g->given[russian][sex == HW_SEX_FEMALE], &r);
	snprintf(text, sizeof(text), "%s, %s %s",
		 (russian ? relation_ru : relation_uk)[woman][rel],
		 family_form(id->surname, sex, russian), given_form(given, russian));
	return hw_person_set_str(&p->next_of_kin, text);
}

enum hw_err gen_fill_names(const struct hw_gen *g, const struct gen_draft *d, struct hw_person *p,
			   struct hw_error *err)
{
	const struct gen_ident *id = &d->id;
	int russian = id->held_by == HW_CUSTODY_US;
	enum hw_err rc;

	p->sex = id->sex;
	rc = hw_person_add_name(p, HW_NAME_PRIMARY, family_form(id->surname, id->sex, russian),
				given_form(id->given, russian),
				patronymic_form(id->father, id->sex, russian),
				russian ? HW_SCRIPT_RU : HW_SCRIPT_UK, err);
	if (rc)
		return rc;
	rc = fill_kin(g, d, p);
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}
