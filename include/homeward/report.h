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

#include "homeward/buf.h"
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

/*
 * As hw_report_write, appending to `out` instead (on failure `out` is as
 * it was): how a front end that answers from memory (the server) gives
 * the very bytes of the command line.
 */
enum hw_err hw_report_render(const struct hw_report *r, enum hw_report_format format,
			     enum hw_report_lang lang, struct hw_buf *out, struct hw_error *err);

/*
 * The scope a front end names with its texts: exactly one of `stage`
 * (EX-000052/2, AGREEMENT/2, or an agreement of one stage), `exchange`
 * (EX-000052, its id or its exact name), or a period given by `from`
 * and/or `to` (YYYY-MM-DD, YYYY-MM or YYYY; NULL: open).  Errors name the
 * parameter at fault ("stage", "exchange", "from", "to"): HW_INVALID for
 * none or two scopes (naming the second), a date that is not one, or a
 * period that ends before it starts; HW_NOT_FOUND for an unknown stage or
 * agreement.  Reads only.
 */
enum hw_err hw_report_scope_parse(struct hw_store *st, const char *stage, const char *exchange,
				  const char *from, const char *to, struct hw_report_scope *out,
				  struct hw_error *err);

/* Parses "text", "json" or "csv" / "en" or "uk": HW_INVALID naming the
 * field "format" / "lang" and listing the values allowed. */
enum hw_err hw_report_format_parse(const char *s, enum hw_report_format *out,
				   struct hw_error *err);
enum hw_err hw_report_lang_parse(const char *s, enum hw_report_lang *out, struct hw_error *err);

#define HW_REPORT_FILENAME_MAX 96

/*
 * A file name for the report in `format`, made of the scope's references
 * and dates only (letters, digits, '-', '_', '.'): "report-EX-000052-2.csv",
 * "report-EX-000052.json", "report-2024-05-01_2024-06.csv",
 * "report-from-2024-05.txt", "report-to-2024.csv".
 */
void hw_report_filename(const struct hw_report *r, enum hw_report_format format,
			char out[HW_REPORT_FILENAME_MAX]);

/* The report as a JSON document (the caller frees it with free()). */
char *hw_report_json(const struct hw_report *r);

/*
 * The plain-language summary the office announces, in `lang`:
 * "390 people are home: 270 military and 120 civilians; 3 women and 387
 * men. ..."  The caller frees it with hw_free().
 */
char *hw_report_summary(const struct hw_report *r, enum hw_report_lang lang);

#endif
