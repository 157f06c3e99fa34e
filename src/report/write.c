/*
 * write.c - a report as text (for people, in one language) or CSV (one
 * row per figure: section,key,label,count), and hw_report_render /
 * hw_report_write, which also give the JSON of json.c.
 *
 * The text leaves out the rows that count nobody, the JSON and the CSV
 * give every row.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/csv.h"
#include "report/report_int.h"
#include "core/banned.h"

/* Column of the counts in the text. */
#define TEXT_COLUMN 56

static const char *const titles_en[SEC__COUNT] = {
	"Totals", "Category", "Sex", "Rank class (military)", "Branch (military)",
	"Branch group (military)", "As announced (military)", "Region or direction of capture",
	"Year of capture", "Time in captivity", "Groups", "Health",
	"The agreement so far", "Since the full-scale invasion (24 February 2022)",
};
static const char *const titles_uk[SEC__COUNT] = {
	"Підсумки", "Категорія", "Стать", "Склад (військові)", "Вид, рід військ (військові)",
	"Відомство (військові)", "Як в оголошенні (військові)", "Область або напрямок полону",
	"Рік потрапляння в полон", "Час у полоні", "Групи", "Стан здоров'я",
	"За домовленістю досі", "Від початку повномасштабного вторгнення (24 лютого 2022 року)",
};

struct out {
	struct hw_buf *b;
	enum hw_report_lang lang;
	enum hw_err rc;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->rc)
		return;
	va_start(ap, fmt);
	o->rc = hw_buf_vaddf(o->b, fmt, ap);
	va_end(ap);
}

static void put_date(struct out *o, const struct hw_date *d)
{
	if (!o->rc)
		o->rc = report_date(o->b, d, o->lang);
}

/* "  label ........ 1,234" */
static void line(struct out *o, const char *label, long n)
{
	size_t w = report_width(label) + 2;

	put(o, "  %s ", label);
	while (!o->rc && ++w < TEXT_COLUMN)
		o->rc = hw_buf_addch(o->b, ' ');
	if (!o->rc)
		o->rc = report_num(o->b, n, o->lang);
	put(o, "\n");
}

static void text_scope(struct out *o, const struct hw_report *r)
{
	int uk = o->lang == HW_REPORT_UK;
	char *summary;
	size_t i;

	if (r->has_exchange) {
		put(o, uk ? "Обмін: %s (%s)\n" : "Exchange: %s (%s)\n", r->name, r->xref);
		if (r->national_number)
			put(o, uk ? "Номер обміну: %d\n" : "National number: %d\n",
			    r->national_number);
		if (r->place)
			put(o, uk ? "Місце: %s\n" : "Place: %s\n", r->place);
		if (r->mediators)
			put(o, uk ? "Посередники: %s\n" : "Mediators: %s\n", r->mediators);
	}
	if (r->stage) {
		put(o, uk ? "Етап: %d (%s), " : "Stage: %d (%s), ", r->stage->number, r->stage->ref);
		put_date(o, &r->stage->date);
		put(o, "\n");
	}
	if (!r->has_exchange) {
		put(o, "%s", uk ? "Період:" : "Period:");
		if (hw_date_is_known(&r->from)) {
			put(o, "%s", uk ? " з " : " from ");
			put_date(o, &r->from);
		}
		if (hw_date_is_known(&r->to)) {
			if (r->to.day)
				put(o, "%s", uk ? " по " : " to ");
			else /* a month or a year: to its end */
				put(o, "%s", uk ? " до кінця " : " to the end of ");
			put_date(o, &r->to);
		}
		put(o, "\n");
	}
	for (i = 0; r->scope.kind == HW_REPORT_EXCHANGE && i < r->nstages; i++) {
		const struct report_stage *s = &r->stages[i];

		put(o, uk ? "Етап %d (%s), " : "Stage %d (%s), ", s->number, s->ref);
		put_date(o, &s->date);
		put(o, uk ? ": повернулися %ld, передано %ld\n" : ": returned %ld, handed over %ld\n",
		    s->returned ? s->returned : s->counted_in > 0 ? s->counted_in : 0,
		    s->handed_over ? s->handed_over : s->counted_out > 0 ? s->counted_out : 0);
	}
	summary = hw_report_summary(r, o->lang);
	if (!summary && !o->rc)
		o->rc = HW_NOMEM;
	put(o, "\n%s\n", summary ? summary : "");
	hw_free(summary);
}

static void text_section(struct out *o, const struct hw_report *r, int sec)
{
	const struct report_section *s = &r->sec[sec];
	int all = sec == SEC_TOTAL || sec == SEC_RUNNING || sec == SEC_CUMULATIVE;
	size_t i, shown = 0;

	if (!s->present)
		return;
	put(o, "\n%s\n", (o->lang == HW_REPORT_UK ? titles_uk : titles_en)[sec]);
	for (i = 0; i < s->n; i++) {
		if (!all && !s->rows[i].count)
			continue;
		line(o, o->lang == HW_REPORT_UK ? s->rows[i].uk : s->rows[i].en, s->rows[i].count);
		shown++;
	}
	if (!shown)
		put(o, "  %s\n", o->lang == HW_REPORT_UK ? "(немає)" : "(none)");
}

static enum hw_err write_text(const struct hw_report *r, enum hw_report_lang lang,
			      struct hw_buf *b)
{
	struct out o = { b, lang, HW_OK };
	int i;

	text_scope(&o, r);
	for (i = 0; i < SEC__COUNT; i++)
		text_section(&o, r, i);
	return o.rc;
}

/* ---- CSV -------------------------------------------------------------- */

static enum hw_err csv_row(struct hw_csv_writer *w, const char *section, const char *key,
			   const char *label, long count)
{
	char n[32];
	const char *f[4] = { section, key, label, n };

	snprintf(n, sizeof(n), "%ld", count);
	return hw_csv_write_row(w, f, 4);
}

/* The scope's numbers: national number, stage number, each stage's totals. */
static enum hw_err csv_scope(struct hw_csv_writer *w, const struct hw_report *r, int uk)
{
	enum hw_err rc = HW_OK;
	char key[16];
	size_t i;

	if (r->national_number)
		rc = csv_row(w, "scope", "national_number", uk ? "номер обміну" : "national number",
			     r->national_number);
	if (!rc && r->stage)
		rc = csv_row(w, "scope", "stage_number", uk ? "номер етапу" : "stage number",
			     r->stage->number);
	for (i = 0; !rc && r->scope.kind == HW_REPORT_EXCHANGE && i < r->nstages; i++) {
		const struct report_stage *s = &r->stages[i];

		snprintf(key, sizeof(key), "%d", s->number);
		rc = csv_row(w, "stage_returned", key, s->ref, s->returned);
		if (!rc)
			rc = csv_row(w, "stage_handed_over", key, s->ref, s->handed_over);
	}
	return rc;
}

static enum hw_err write_csv(const struct hw_report *r, enum hw_report_lang lang,
			     struct hw_buf *b)
{
	static const char *const header[] = { "section", "key", "label", "count" };
	struct hw_csv_writer w;
	enum hw_err rc;
	size_t i;
	int sec;

	hw_csv_writer_init(&w, b);
	rc = hw_csv_write_row(&w, header, 4);
	if (!rc)
		rc = csv_scope(&w, r, lang == HW_REPORT_UK);
	for (sec = 0; !rc && sec < SEC__COUNT; sec++) {
		const struct report_section *s = &r->sec[sec];

		for (i = 0; !rc && s->present && i < s->n; i++)
			rc = csv_row(&w, report_section_names[sec], s->rows[i].key,
				     lang == HW_REPORT_UK ? s->rows[i].uk : s->rows[i].en,
				     s->rows[i].count);
	}
	return rc;
}

enum hw_err hw_report_render(const struct hw_report *r, enum hw_report_format format,
			     enum hw_report_lang lang, struct hw_buf *out, struct hw_error *err)
{
	size_t len = out->len;
	enum hw_err rc;
	char *json;

	if (format == HW_REPORT_TEXT) {
		rc = write_text(r, lang, out);
	} else if (format == HW_REPORT_CSV) {
		rc = write_csv(r, lang, out);
	} else if (!(json = hw_report_json(r))) {
		rc = HW_NOMEM;
	} else {
		rc = hw_buf_addstr(out, json);
		if (!rc)
			rc = hw_buf_addch(out, '\n');
		free(json);
	}
	if (rc)
		hw_buf_truncate(out, len);
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}

enum hw_err hw_report_write(const struct hw_report *r, enum hw_report_format format,
			    enum hw_report_lang lang, FILE *out, struct hw_error *err)
{
	struct hw_buf b = HW_BUF_INIT;
	enum hw_err rc = hw_report_render(r, format, lang, &b, err);

	if (!rc && fwrite(b.data, 1, b.len, out) != b.len)
		rc = hw_error_set(err, HW_IO, "writing the report failed");
	hw_buf_release(&b);
	return rc;
}
