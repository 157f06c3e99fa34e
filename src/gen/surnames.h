/*
 * surnames.h - the generator's table of family names (data/surnames.tsv).
 *
 * Internal to src/gen.  The table is parsed from the embedded file into an
 * owned copy, with the female forms made once at load time according to
 * each row's declension (see the header of data/surnames.tsv), so that
 * drawing a surname is a binary search and nothing more.
 */
#ifndef HOMEWARD_GEN_SURNAMES_H
#define HOMEWARD_GEN_SURNAMES_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/error.h"

/* The embedded data/surnames.tsv (tools/embed.py), NUL-terminated. */
extern const unsigned char hw_data_surnames[];
extern const unsigned long hw_data_surnames_len;

enum gen_decl {
	GEN_DECL_INV,  /* the same for women */
	GEN_DECL_ADJ,  /* -ий -> -а; Russian -ый/-ий/-ой -> -ая */
	GEN_DECL_POSS, /* -ов/-ев/-ін/-ин: add -а in both languages */
};

struct gen_surname {
	const char *uk, *uk_f; /* Ukrainian male and female forms */
	const char *ru, *ru_f; /* Russian male and female forms */
	enum gen_decl decl;
	unsigned freq, ru_freq;
};

struct gen_surnames {
	struct gen_surname *rows;
	size_t n;
	uint64_t *cum_uk, *cum_ru; /* running sums of freq and ru_freq */
	char *arena;               /* every string of rows[] */
};

/*
 * Parses a table in the format of data/surnames.tsv (`len` bytes of
 * `text`, not necessarily NUL-terminated) into `s`, which owns the result
 * and is released with gen_surnames_release().  A malformed line, an
 * unknown declension, a surname whose ending does not fit its declension
 * or a table without weights is HW_INVALID naming the line (as
 * "surnames.tsv", line N); HW_NOMEM.  On failure `s` is left empty.
 */
enum hw_err gen_surnames_parse(struct gen_surnames *s, const char *text, size_t len,
			       struct hw_error *err);

/* Frees what `s` owns and leaves it empty; an empty `s` is allowed. */
void gen_surnames_release(struct gen_surnames *s);

/*
 * The surname at weight position x (0 <= x < total weight) of the Ukrainian
 * (`russian` 0) or Russian weights: draw x uniformly to draw by frequency.
 */
const struct gen_surname *gen_surnames_at(const struct gen_surnames *s, int russian,
					  uint64_t x);

/* The total weight of the Ukrainian or Russian frequencies. */
uint64_t gen_surnames_total(const struct gen_surnames *s, int russian);

#endif
