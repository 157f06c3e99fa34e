/*
 * demo_int.h - internals shared by the files of src/demo.
 *
 * people.c makes the persons of an exchange stage from a specification
 * (how many men and women, civilians, branches, rank classes, groups),
 * drawing them from the generator's pool; demo.c records the exchanges
 * (homeward/demo.h); listwrite.c writes the other side's lists.
 */
#ifndef HOMEWARD_DEMO_INT_H
#define HOMEWARD_DEMO_INT_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/date.h"
#include "homeward/error.h"
#include "homeward/generate.h"
#include "homeward/person.h"
#include "gen/rng.h"

/* Streams of the demo's own random choices (gen/rng.h); append only. */
enum demo_stream {
	DEMO_S_SHUFFLE = 1,  /* the order of a stage's persons */
	DEMO_S_CAPTURE,      /* a group's capture */
	DEMO_S_RANK,         /* rank, unit, service number */
	DEMO_S_HEALTH,
	DEMO_S_BIRTH,        /* a birth date moved back */
	DEMO_S_LIST,         /* the lines of a stage's list */
	DEMO_S_POOL_SEED,    /* the seed of the generator's pool */
};

/* The special groups that announcements count. */
enum demo_group { DG_NONE, DG_MARIUPOL, DG_SNAKE_ISLAND, DG_CHORNOBYL };

/* Rank class of a row: a class, or drawn. */
#define DEMO_CLASS_ANY (-1)   /* enlisted 80%, NCO 16%, officers 4% */
#define DEMO_CLASS_RANKS (-2) /* privates and sergeants: enlisted 83%, NCO 17% */

/* `count` persons alike.  Civilians have branch NONE. */
struct demo_row {
	short count;
	enum hw_sex sex;
	enum hw_category category;
	enum hw_branch branch;
	int rank_class;           /* enum hw_rank_class or DEMO_CLASS_* */
	enum demo_group group;
};

/* Who comes home in one stage. */
struct demo_spec {
	uint64_t key;             /* keys this stage's random streams */
	struct hw_date date;      /* the stage; everyone was captured before it */
	const struct demo_row *rows;
	size_t nrows;
	int health_count;         /* -1: health as generated; else exactly this many
				     wounded, seriously ill or disabled */
};

/* The generator's pool of persons, drawn in order by custody and sex. */
struct demo_pool {
	struct hw_gen *gen;
	uint64_t seed;            /* of the demo */
	uint64_t next[2][3];      /* next index to look at, by custody and sex */
};

enum hw_err demo_pool_init(struct demo_pool *pool, uint64_t seed, struct hw_error *err);
void demo_pool_release(struct demo_pool *pool);

/*
 * The next pool person held by `held_by` (of sex `sex`, any when
 * HW_SEX_UNKNOWN) without tags and captured at least 30 days before
 * `before` (any when NULL or unknown).  `out` must be empty.  The pool
 * keeps one cursor per custody and sex, so a custody must always be drawn
 * the same way (the demo draws our people by sex, detainees with
 * HW_SEX_UNKNOWN), or a person could be drawn twice.
 */
enum hw_err demo_pool_draw(struct demo_pool *pool, enum hw_custody held_by, enum hw_sex sex,
			   const struct hw_date *before, struct hw_person *out,
			   struct hw_error *err);

/*
 * Makes the persons of `spec`, shuffled, into a new array *out of *n
 * persons (free each with hw_person_release, then the array with
 * hw_free): our people, captive, with the category, branch, rank, group,
 * capture and health the rows say.
 */
enum hw_err demo_people_make(struct demo_pool *pool, const struct demo_spec *spec,
			     struct hw_person **out, size_t *n, struct hw_error *err);

/* Frees an array of demo_people_make. */
void demo_people_free(struct hw_person *p, size_t n);

/* Sum of the rows' counts. */
size_t demo_spec_count(const struct demo_spec *spec);

#endif
