/*
 * json.c - a report as a JSON document (docs/reports.md gives it key by
 * key).  Every section is an object of counts with the same keys whatever
 * the data (zeros included), except tags and years of capture, which
 * hold the values seen; a section that does not apply to the scope is
 * null.  Both summaries are inside.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "report/report_int.h"
#include "core/banned.h"

/* Sets obj[key] = v, noting a failure (v NULL or no memory) in *ok. */
static void set(json_t *obj, const char *key, json_t *v, int *ok)
{
	if (!v || json_object_set_new(obj, key, v))
		*ok = 0;
}

static json_t *date_json(const struct hw_date *d)
{
	char s[HW_DATE_STR_MAX];

	if (!hw_date_is_known(d))
		return json_null();
	hw_date_format(d, s);
	return json_string(s);
}

static json_t *str_json(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *count_json(int n)
{
	return n >= 0 ? json_integer(n) : json_null();
}

static json_t *section_json(const struct report_section *s, int *ok)
{
	json_t *o;
	size_t i;

	if (!s->present)
		return json_null();
	if (!(o = json_object()))
		return NULL;
	for (i = 0; i < s->n; i++)
		set(o, s->rows[i].key, json_integer(s->rows[i].count), ok);
	return o;
}

/* "United Arab Emirates; Türkiye" as an array of names */
static json_t *mediators_json(const char *m)
{
	json_t *a = json_array();
	const char *end;

	while (a && m && *m) {
		while (*m == ' ')
			m++;
		end = strchr(m, ';');
		if (!end)
			end = m + strlen(m);
		if (end > m && json_array_append_new(a, json_stringn(m, (size_t)(end - m)))) {
			json_decref(a);
			return NULL;
		}
		m = *end ? end + 1 : end;
	}
	return a;
}

static json_t *exchange_json(const struct hw_report *r, int *ok)
{
	json_t *o;

	if (!r->has_exchange)
		return json_null();
	if (!(o = json_object()))
		return NULL;
	set(o, "ref", json_string(r->xref), ok);
	set(o, "name", str_json(r->name), ok);
	set(o, "national_number", r->national_number ? json_integer(r->national_number)
						     : json_null(), ok);
	set(o, "agreed_on", date_json(&r->agreed_on), ok);
	set(o, "place", str_json(r->place), ok);
	set(o, "mediators", mediators_json(r->mediators), ok);
	set(o, "quota_in", count_json(r->quota_in), ok);
	set(o, "quota_out", count_json(r->quota_out), ok);
	set(o, "historic", json_boolean(r->historic), ok);
	set(o, "stage_count", json_integer((json_int_t)r->nstages), ok);
	return o;
}

static json_t *stage_json(const struct report_stage *s, int with_counts, int *ok)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "ref", json_string(s->ref), ok);
	set(o, "number", json_integer(s->number), ok);
	set(o, "date", date_json(&s->date), ok);
	set(o, "state", json_string(hw_vocab_code(&hw_vocab_xstate, s->state)), ok);
	if (with_counts) {
		set(o, "returned", json_integer(s->returned), ok);
		set(o, "handed_over", json_integer(s->handed_over), ok);
		set(o, "counted_in", count_json(s->counted_in), ok);
		set(o, "counted_out", count_json(s->counted_out), ok);
	}
	return o;
}

static json_t *stages_json(const struct hw_report *r, int *ok)
{
	json_t *a;
	size_t i;

	if (r->scope.kind != HW_REPORT_EXCHANGE)
		return json_null();
	if (!(a = json_array()))
		return NULL;
	for (i = 0; i < r->nstages; i++) {
		json_t *s = stage_json(&r->stages[i], 1, ok);

		if (!s || json_array_append_new(a, s))
			*ok = 0;
	}
	return a;
}

static json_t *scope_json(const struct hw_report *r, int *ok)
{
	static const char *const kinds[] = { "stage", "exchange", "period" };
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "kind", json_string(kinds[r->scope.kind]), ok);
	set(o, "from", date_json(&r->from), ok);
	set(o, "to", date_json(&r->to), ok);
	set(o, "exchange", exchange_json(r, ok), ok);
	set(o, "stage", r->stage ? stage_json(r->stage, 0, ok) : json_null(), ok);
	set(o, "stages", stages_json(r, ok), ok);
	return o;
}

static json_t *cumulative_json(const struct hw_report *r, int *ok)
{
	json_t *o = section_json(&r->sec[SEC_CUMULATIVE], ok);

	if (o) {
		set(o, "since", json_string("2022-02-24"), ok);
		set(o, "to", date_json(&r->cumulative_to), ok);
	}
	return o;
}

static json_t *summary_json(const struct hw_report *r, int *ok)
{
	char *en = hw_report_summary(r, HW_REPORT_EN), *uk = hw_report_summary(r, HW_REPORT_UK);
	json_t *o = json_object();

	if (o) {
		set(o, "en", en ? json_string(en) : NULL, ok);
		set(o, "uk", uk ? json_string(uk) : NULL, ok);
	}
	hw_free(en);
	hw_free(uk);
	return o;
}

char *hw_report_json(const struct hw_report *r)
{
	json_t *doc = json_object();
	char *text = NULL;
	int ok = 1, i;

	if (!doc)
		return NULL;
	set(doc, "scope", scope_json(r, &ok), &ok);
	set(doc, "returned", json_integer(report_get(r, SEC_TOTAL, "returned")), &ok);
	set(doc, "handed_over", json_integer(report_get(r, SEC_TOTAL, "handed_over")), &ok);
	for (i = SEC_TOTAL + 1; i < SEC_CUMULATIVE; i++)
		set(doc, report_section_names[i], section_json(&r->sec[i], &ok), &ok);
	set(doc, "cumulative", cumulative_json(r, &ok), &ok);
	set(doc, "summary", summary_json(r, &ok), &ok);
	if (ok)
		text = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	return text;
}
