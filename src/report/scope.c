/*
 * scope.c - what a report covers, from the texts a front end was given
 * (the command line's options, the server's query parameters), its
 * format and language by name, and a file name for it.  Both front ends call hw_report_scope_parse, so that the
 * same text means the same scope and is refused with the same words.
 */
#include <string.h>

#include "homeward/exchange.h"
#include "report/report_int.h"
#include "core/banned.h"

/* The error of `rc`, now naming `field`. */
static enum hw_err name_field(enum hw_err rc, const char *field, struct hw_error *err)
{
	char msg[HW_ERROR_MSG_MAX];

	if (err) {
		snprintf(msg, sizeof(msg), "%s", err->message);
		hw_error_set_field(err, rc, field, "%s", msg);
	}
	return rc;
}

static enum hw_err parse_date(const char *text, const char *field, struct hw_date *d,
			      struct hw_error *err)
{
	enum hw_err rc = hw_date_parse(text, d, err);

	return rc ? name_field(rc, field, err) : HW_OK;
}

static enum hw_err parse_period(const char *from, const char *to, struct hw_report_scope *s,
				struct hw_error *err)
{
	enum hw_err rc;

	s->kind = HW_REPORT_PERIOD;
	if (from && (rc = parse_date(from, "from", &s->from, err)))
		return rc;
	if (to && (rc = parse_date(to, "to", &s->to, err)))
		return rc;
	if (from && to && hw_date_cmp(&s->from, &s->to) > 0)
		return hw_error_set_field(err, HW_INVALID, "to",
					  "the period ends (%s) before it starts (%s)", to, from);
	return HW_OK;
}

enum hw_err hw_report_scope_parse(struct hw_store *st, const char *stage, const char *exchange,
				  const char *from, const char *to, struct hw_report_scope *out,
				  struct hw_error *err)
{
	const char *second = stage && exchange ? "exchange"
			     : (stage || exchange) && from ? "from"
			     : (stage || exchange) && to   ? "to"
							   : NULL;
	enum hw_err rc;

	memset(out, 0, sizeof(*out));
	if (second)
		return hw_error_set_field(err, HW_INVALID, second,
					  "give one of stage, exchange or a period (from, to), "
					  "not two");
	if (!stage && !exchange && !from && !to)
		return hw_error_set(err, HW_INVALID,
				    "give one of stage, exchange or a period (from, to)");
	if (stage) {
		out->kind = HW_REPORT_STAGE;
		/* a stage's agreement that does not exist is the stage's fault */
		rc = hw_stage_resolve(st, stage, &out->id, err);
		return rc && err && err->field[0] ? name_field(rc, "stage", err) : rc;
	}
	if (exchange) {
		out->kind = HW_REPORT_EXCHANGE;
		return hw_exchange_resolve(st, exchange, &out->id, err);
	}
	return parse_period(from, to, out, err);
}

enum hw_err hw_report_format_parse(const char *s, enum hw_report_format *out,
				   struct hw_error *err)
{
	if (!strcmp(s, "text"))
		*out = HW_REPORT_TEXT;
	else if (!strcmp(s, "json"))
		*out = HW_REPORT_JSON;
	else if (!strcmp(s, "csv"))
		*out = HW_REPORT_CSV;
	else
		return hw_error_set_field(err, HW_INVALID, "format",
					  "unknown format '%.40s' (allowed: text, json, csv)", s);
	return HW_OK;
}

enum hw_err hw_report_lang_parse(const char *s, enum hw_report_lang *out, struct hw_error *err)
{
	if (!strcmp(s, "en"))
		*out = HW_REPORT_EN;
	else if (!strcmp(s, "uk"))
		*out = HW_REPORT_UK;
	else
		return hw_error_set_field(err, HW_INVALID, "lang",
					  "unknown language '%.40s' (allowed: en, uk)", s);
	return HW_OK;
}

/* Appends `s` with every character but [A-Za-z0-9._-] as '-'. */
static void put_safe(char *out, size_t *used, const char *s)
{
	for (; *s && *used + 1 < HW_REPORT_FILENAME_MAX; s++) {
		char c = *s;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		out[(*used)++] = ok ? c : '-';
	}
	out[*used] = '\0';
}

void hw_report_filename(const struct hw_report *r, enum hw_report_format format,
			char out[HW_REPORT_FILENAME_MAX])
{
	static const char *const ext[] = { ".txt", ".json", ".csv" };
	char from[HW_DATE_STR_MAX], to[HW_DATE_STR_MAX];
	size_t used = 0;

	out[0] = '\0';
	put_safe(out, &used, "report-");
	hw_date_format(&r->scope.from, from);
	hw_date_format(&r->scope.to, to);
	if (r->stage) {
		put_safe(out, &used, r->stage->ref);
	} else if (r->has_exchange) {
		put_safe(out, &used, r->xref);
	} else if (*from && *to) {
		put_safe(out, &used, from);
		put_safe(out, &used, "_");
		put_safe(out, &used, to);
	} else if (*from || *to) {
		put_safe(out, &used, *from ? "from-" : "to-");
		put_safe(out, &used, *from ? from : to);
	} else {
		put_safe(out, &used, "all");
	}
	put_safe(out, &used, ext[format <= HW_REPORT_CSV ? format : HW_REPORT_JSON]);
}
