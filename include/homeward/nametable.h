/*
 * homeward/nametable.h - the table of given names and their forms.
 *
 * Built into the binary from data/given_names.tsv (see the comment at the
 * top of that file for its columns and sources).  One row per given name:
 * its Ukrainian form, its Russian form(s), the patronymics formed from it
 * in both languages, common Latin spellings, and a relative frequency
 * among Ukrainians (used by the generator; the matcher uses it for the
 * weight of a given-name agreement).
 *
 * The table is parsed once, on first use, thread-safely, and lives until
 * the process ends; everything returned is borrowed and read-only.
 */
#ifndef HOMEWARD_NAMETABLE_H
#define HOMEWARD_NAMETABLE_H

#include <stddef.h>

#include "homeward/error.h"
#include "homeward/vocab.h"

#define HW_GIVEN_NAME_MAX_VARIANTS 8

struct hw_given_name {
	enum hw_sex sex;             /* HW_SEX_MALE or HW_SEX_FEMALE */
	const char *uk;              /* Ukrainian form: "Олександр" */
	const char *ru[HW_GIVEN_NAME_MAX_VARIANTS]; /* Russian forms, NULL-terminated */
	const char *uk_patronymic_m; /* "Олександрович"; NULL for female names */
	const char *uk_patronymic_f; /* "Олександрівна"; NULL for female names */
	const char *ru_patronymic_m; /* "Александрович"; NULL for female names */
	const char *ru_patronymic_f; /* "Александровна"; NULL for female names */
	const char *latin[HW_GIVEN_NAME_MAX_VARIANTS]; /* extra Latin spellings, NULL-terminated */
	unsigned freq;               /* relative frequency weight, >= 1 */
};

/*
 * The whole table, in file order; *count receives the number of rows.
 * Returns NULL only when the embedded table cannot be parsed (a build
 * defect; the error says which line) or memory runs out.
 */
const struct hw_given_name *hw_given_names(size_t *count, struct hw_error *err);

#endif
