/*
 * homeward/list.h - a list of names to match, as another side sends it
 * (DESIGN.md section 6): CSV with either `full_name` (any order, any
 * script) or `family_name,given_name,patronymic`, and optionally `line`,
 * `birth_date`, `unit`, `sex`, `notes`.
 *
 * A list is read whole and checked whole: any invalid row fails the read
 * with every error listed (FILE:LINE:COLUMN: field: message) to the
 * diagnostics stream, so that nothing is matched from half a list.
 *
 * A birth date is the other side's, written its own way, and evidence
 * rather than a registry fact: besides the interchange forms, DD.MM.YYYY
 * that is only valid as MM.DD.YYYY is read month first (and the query
 * says so), and a date that is no date at all is a warning on the
 * diagnostics stream: the line is matched without it (`date_note` says
 * why), never refused, since the list must be checked as it came.
 */
#ifndef HOMEWARD_LIST_H
#define HOMEWARD_LIST_H

#include <stddef.h>
#include <stdio.h>

#include "homeward/error.h"
#include "homeward/match.h"

struct hw_list_entry {
	long file_line;              /* where the row starts in the file */
	char *line;                  /* the `line` column, else the row number */
	char *full_name, *family, *given, *patronymic, *unit, *notes;
	char *birth_date;            /* as written, or NULL */
	char *date_note;             /* why the birth date was read as it was, or NULL */
	struct hw_match_query query; /* points into the strings above */
};

struct hw_list {
	struct hw_list_entry *entries;
	size_t count;
};

/*
 * A birth date as another side writes it: the interchange forms, and
 * DD.MM.YYYY that is only valid read month first (*month_first is then
 * set).  HW_INVALID otherwise, as hw_date_parse.
 */
enum hw_err hw_list_date_parse(const char *text, struct hw_date *out, int *month_first,
			       struct hw_error *err);

/*
 * Where the diagnostics of reading a list go.  Each error, and each
 * warning (a line read all the same), is written to `stream` as a line
 * "homeward: FILE:LINE:COLUMN: field: message" ("homeward: warning: ..."
 * for a warning) and handed to `fn` as it is, with its file, line, column
 * and field: a front end that answers in JSON needs no parsing.  Either
 * may be NULL.  At most 50 errors are told (then a last line saying so).
 */
struct hw_list_diag {
	FILE *stream;
	void (*fn)(void *ctx, const struct hw_error *e, int warning);
	void *ctx;
};

/* Reads a list from `in` (named `name` in messages); `diag` may be NULL. */
enum hw_err hw_list_read(FILE *in, const char *name, const struct hw_list_diag *diag,
			 struct hw_list *out, struct hw_error *err);
/* As hw_list_read, with the diagnostics to the stream `diagnostics` only. */
enum hw_err hw_list_read_csv(FILE *in, const char *name, FILE *diagnostics,
			     struct hw_list *out, struct hw_error *err);
void hw_list_release(struct hw_list *l);

#endif
