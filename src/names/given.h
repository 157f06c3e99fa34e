/*
 * given.h - the lookup index over the given-name table (given.c), internal.
 */
#ifndef HOMEWARD_NAMES_GIVEN_H
#define HOMEWARD_NAMES_GIVEN_H

#include <stddef.h>

#include "homeward/buf.h"
#include "homeward/error.h"
#include "homeward/nametable.h"

/* One form of one row, in canonical form. */
struct gn_entry {
	size_t off;         /* of the canonical form in the arena */
	unsigned row;       /* index in hw_given_names() */
	unsigned char kind; /* enum hw_name_form */
	unsigned char sex;  /* names: sex of the row; patronymics: of the bearer */
};

struct gn_list {
	struct gn_entry *e; /* sorted by canonical form, then row */
	size_t n, cap;
};

struct gn_index {
	const struct hw_given_name *rows;
	size_t count;
	unsigned *class_of;   /* class id of each row */
	struct gn_list names; /* given-name forms */
	struct gn_list patr;  /* patronymic forms */
	struct hw_buf arena;  /* the canonical strings, NUL-separated */
};

/* The index, built on first use (thread-safe); NULL on failure. */
const struct gn_index *gn_index(struct hw_error *err);

/* Canonical form of an entry. */
const char *gn_canon(const struct gn_index *x, const struct gn_entry *e);

/* First entry of `l` whose canonical form is >= canon. */
size_t gn_lower_bound(const struct gn_index *x, const struct gn_list *l, const char *canon);

#endif
