/*
 * gen_int.h - internals shared by the files of src/gen.
 *
 * gen.c draws the skeleton of a person (custody, category, names through
 * names.c) and fills the struct; military.c, when.c and names.c each draw
 * and fill their part.  All of them read the generator only.
 */
#ifndef HOMEWARD_GEN_INT_H
#define HOMEWARD_GEN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/generate.h"
#include "homeward/nametable.h"
#include "gen/rng.h"
#include "gen/surnames.h"

/* Rows of the given-name table with their running sum of weights. */
struct gen_names {
	const struct hw_given_name **rows;
	uint64_t *cum;
	size_t n;
};

struct hw_gen {
	struct hw_gen_options opt;
	struct gen_surnames surnames;
	/*
	 * Given names by [russian][female], and fathers' names (male names with
	 * both patronymics) by [russian]; the Russian tables hold only the rows
	 * that have the Russian forms.
	 */
	struct gen_names given[2][2];
	struct gen_names fathers[2];
};

/* Special groups of our military, each with its tag. */
enum gen_group {
	GEN_GROUP_NONE,
	GEN_GROUP_MARIUPOL,
	GEN_GROUP_SNAKE_ISLAND,
	GEN_GROUP_CHORNOBYL,
};

/* Who a person is by name: what a namesake copies. */
struct gen_ident {
	enum hw_custody held_by;
	enum hw_sex sex;
	const struct gen_surname *surname;
	const struct hw_given_name *given;
	const struct hw_given_name *father; /* NULL: no patronymic recorded */
};

/* What the parts of a person drawn so far say, for the parts that depend on them. */
struct gen_draft {
	uint64_t index;
	struct gen_ident id;
	enum hw_category category;
	enum gen_group group;
	enum hw_rank_class rank_class;
};

/* gen.c */
enum hw_custody gen_custody(const struct hw_gen *g, uint64_t index);
enum hw_category gen_category(const struct hw_gen *g, uint64_t index, enum hw_custody held_by);

/* names.c */
enum hw_err gen_names_load(struct hw_gen *g, struct hw_error *err);
void gen_names_release(struct hw_gen *g);
/* The names of person `index`, following namesakes to the person copied. */
void gen_ident_of(const struct hw_gen *g, uint64_t index, struct gen_ident *id);
/* The primary name record and the next of kin. */
enum hw_err gen_fill_names(const struct hw_gen *g, const struct gen_draft *d, struct hw_person *p,
			   struct hw_error *err);

/* military.c: group, branch, rank class (into d), then the rest (into p). */
void gen_draw_service(const struct hw_gen *g, struct gen_draft *d, struct hw_person *p);
enum hw_err gen_fill_service(const struct hw_gen *g, const struct gen_draft *d,
			     struct hw_person *p);

/* when.c: capture (date, region, place, tag), birth date and place. */
enum hw_err gen_fill_capture(const struct hw_gen *g, const struct gen_draft *d,
			     struct hw_person *p, struct hw_error *err);
enum hw_err gen_fill_birth(const struct hw_gen *g, const struct gen_draft *d, struct hw_person *p);

#endif
