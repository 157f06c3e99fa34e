/*
 * report_int.h - internals of src/report, shared by its files (build.c
 * counts, json.c and write.c write, summary.c and words.c speak).
 *
 * A report is a list of sections, each a list of rows (key, labels in
 * both languages, count).  Every output is written from these rows, so
 * the text, the JSON and the CSV cannot disagree.
 */
#ifndef HOMEWARD_REPORT_INT_H
#define HOMEWARD_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/buf.h"
#include "homeward/exchange.h"
#include "homeward/report.h"

/* The sections, in the order every output gives them.  X(ENUM, "name") */
#define REPORT_SECTION_MAP(X) \
	X(TOTAL, "total") \
	X(CATEGORY, "category") \
	X(SEX, "sex") \
	X(RANK_CLASS, "rank_class") \
	X(BRANCH, "branch") \
	X(BRANCH_GROUP, "branch_group") \
	X(ANNOUNCED, "announced") \
	X(REGION, "region") \
	X(CAPTURE_YEAR, "capture_year") \
	X(CAPTIVITY, "captivity") \
	X(TAGS, "tags") \
	X(HEALTH, "health") \
	X(RUNNING, "running_total") \
	X(CUMULATIVE, "cumulative")

enum report_sec {
#define X(e, name) SEC_##e,
	REPORT_SECTION_MAP(X)
#undef X
	SEC__COUNT
};

extern const char *const report_section_names[SEC__COUNT];

/* The key of every "not recorded" row. */
#define REPORT_UNKNOWN "unknown"

struct report_row {
	char *key;
	char *en, *uk;   /* labels */
	long count;
};

struct report_section {
	struct report_row *rows;
	size_t n, cap;
	int present;     /* 0: not applicable to this scope (JSON null, no CSV rows) */
};

/* A stage of the agreement in scope, with what was counted in it. */
struct report_stage {
	int64_t id;
	int number;
	struct hw_date date;
	char ref[HW_XREF_MAX];
	enum hw_xstate state;
	int counted_in, counted_out;   /* historic counts; -1 none */
	long returned, handed_over;    /* movements recorded with it */
};

struct hw_report {
	struct hw_report_scope scope;
	struct hw_date from, to;       /* dates covered (stage dates, or the period) */

	/* agreement (stage and agreement scopes) */
	int has_exchange;
	int64_t exchange_id;
	char xref[HW_XREF_MAX];
	char *name, *place, *mediators;
	struct hw_date agreed_on;
	int national_number;           /* 0: not known */
	int historic;
	int quota_in, quota_out;
	struct report_stage *stages;   /* by number */
	size_t nstages;
	const struct report_stage *stage;  /* stage scope: the stage */

	struct report_section sec[SEC__COUNT];
	struct hw_date cumulative_to;  /* unknown: up to now */
};

/* sections.c */
/* The fixed rows of every section, all present, counts 0. */
enum hw_err report_sections_init(struct hw_report *r);
void report_sections_release(struct hw_report *r);
/* Adds n to the row `key` of a section (no-op when there is none). */
void report_add(struct hw_report *r, enum report_sec sec, const char *key, long n);
/* Counts one in the row `key`, adding it with its labels when new. */
enum hw_err report_bump_new(struct hw_report *r, enum report_sec sec, const char *key,
			    const char *en, const char *uk);
/* Years of capture ascending (unknown last), tags most frequent first. */
void report_sections_sort(struct hw_report *r);
/* A row's count, or -1 when the section is absent or has no such row. */
long report_get(const struct hw_report *r, enum report_sec sec, const char *key);
const struct report_row *report_row_of(const struct hw_report *r, enum report_sec sec,
				       const char *key);

/* words.c: numbers, dates and plural forms in English and Ukrainian */
enum uk_form { UK_ONE, UK_FEW, UK_MANY };
enum uk_form report_uk_form(long n);
/* "1" "1,000" "3,210" (en); "3 210" with U+202F (uk) */
enum hw_err report_num(struct hw_buf *b, long n, enum hw_report_lang lang);
/* the number and the noun form for it: en {one, other}, uk {one, few, many} */
enum hw_err report_count_en(struct hw_buf *b, long n, const char *one, const char *other);
enum hw_err report_count_uk(struct hw_buf *b, long n, const char *one, const char *few,
			    const char *many);
/* "31 May 2024", "May 2024", "2024"; "31 травня 2024 року", "травня 2024 року" */
enum hw_err report_date(struct hw_buf *b, const struct hw_date *d, enum hw_report_lang lang);
/* "52nd", "52-й" */
enum hw_err report_ordinal(struct hw_buf *b, long n, enum hw_report_lang lang);
/* Joins items: "a", "a and b", "a, b and c" ("і" in Ukrainian). */
enum hw_err report_join(struct hw_buf *b, char *const *items, size_t n,
			enum hw_report_lang lang);
/* The groups the office names, with their forms for the summaries
 * ("19 defenders of Snake Island", "19 захисників острова Зміїний"). */
struct report_tag {
	const char *tag;
	const char *en_one, *en_many;
	const char *uk_one, *uk_few, *uk_many;
};
/* The known group `tag`, or NULL. */
const struct report_tag *report_tag_find(const char *tag);

/* Display width of UTF-8 text (code points), for aligning columns. */
size_t report_width(const char *s);

#endif
