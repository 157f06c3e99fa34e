/*
 * homeward/report.h - the breakdowns the office publishes after an
 * exchange, computed from person-level data.
 *
 * A report covers a stage, an agreement or a period (dates of return).
 * Every figure is counted from the persons who have a `returned` (or
 * `handed_over`) event recorded with an exchange stage in that scope
 * (hw_store_move_each), never from stored totals; the one exception is
 * the cumulative total since the full-scale invasion, which adds the
 * counts of historic exchanges recorded without persons.
 *
 * docs/reports.md describes every figure, the JSON document and the CSV
 * columns.
 */
#ifndef HOMEWARD_REPORT_H
#define HOMEWARD_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "homeward/date.h"
#include "homeward/error.h"
#include "homeward/store.h"

enum hw_report_scope_kind {
	HW_REPORT_STAGE,     /* id: the stage */
	HW_REPORT_EXCHANGE,  /* id: the agreement */
	HW_REPORT_PERIOD,    /* from..to, inclusive; either may be unknown (open) */
};

struct hw_report_scope {
	enum hw_report_scope_kind kind;
	int64_t id;
	struct hw_date from, to;
};

enum hw_report_format { HW_REPORT_TEXT, HW_REPORT_JSON, HW_REPORT_CSV };
enum hw_report_lang { HW_REPORT_EN, HW_REPORT_UK };

struct hw_report;

/*
 * Computes the report of `scope`.  `today` dates the time in captivity of
 * persons whose return is not dated (NULL or unknown: today's date).  On
 * success *out owns the report (free with hw_report_free); on failure
 * *out is NULL: HW_NOT_FOUND for an unknown stage or agreement, HW_NOMEM,
 * HW_STORE.  A period's dates bound the movements' dates inclusively; an
 * end of month or year precision covers all of it.  Reads only.
 */
enum hw_err hw_report_build(struct hw_store *st, const struct hw_report_scope *scope,
			    const struct hw_date *today, struct hw_report **out,
			    struct hw_error *err);
void hw_report_free(struct hw_report *r);

/*
 * One figure of the report by its CSV section and key, as docs/reports.md
 * lists them: ("total", "returned"), ("branch", "navy"), ("announced",
 * "armed_forces"), ("tags", "mariupol"), ("cumulative", "returned") ...
 * Returns -1 when the report has no such figure (an unknown key, a tag
 * nobody has, a section the scope does not have).
 */
long hw_report_count(const struct hw_report *r, const char *section, const char *key);

/* Writes the report as text (in `lang`), JSON (both summaries inside) or
 * CSV (one row per figure: section,key,label,count). */
enum hw_err hw_report_write(const struct hw_report *r, enum hw_report_format format,
			    enum hw_report_lang lang, FILE *out, struct hw_error *err);

/* The report as a JSON document (the caller frees it with free()). */
char *hw_report_json(const struct hw_report *r);

/*
 * The plain-language summary the office announces, in `lang`:
 * "390 people are home: 270 military and 120 civilians; 3 women and 387
 * men. ..."  The caller frees it with hw_free().
 */
char *hw_report_summary(const struct hw_report *r, enum hw_report_lang lang);

#endif
