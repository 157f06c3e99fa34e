/*
 * h_dashboard.c - the figures of the web interface's first page
 * (GET /api/v1/dashboard, permission report.read): how many of our people
 * are in captivity, listed and missing, how many came home (in all since
 * the full-scale invasion, and this year), the latest agreements with
 * their stages (the open ones first, then the most recently active), and the returns of every dated stage for a timeline.
 *
 * Counts only, never a name or a person, so the analyst sees it too.  The
 * figures come from the library (person counts of the store, the ledger's
 * counts, hw_store_returned_total as the reports count them); no SQL here.
 * Nothing is audited: no person's record is read.
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/exchange.h"
#include "server/server_int.h"
#include "core/banned.h"

#define LATEST_EXCHANGES 5

static const struct hw_date invasion_day = { 2022, 2, 24 };

/* A date as JSON: "YYYY-MM-DD" (or shorter), null when unknown. */
static json_t *date_json(const struct hw_date *d)
{
	char s[HW_DATE_STR_MAX];

	hw_date_format(d, s);
	return s[0] ? json_string(s) : json_null();
}

/* A count as JSON: null when not known. */
static json_t *count_json(long n)
{
	return n == HW_COUNT_UNKNOWN ? json_null() : json_integer(n);
}

static enum hw_err held_count(struct hw_store *st, enum hw_status status, json_t *o,
			      const char *key, struct hw_error *err)
{
	struct hw_person_filter f;
	int64_t n = 0;
	enum hw_err rc;

	memset(&f, 0, sizeof(f));
	f.status = status;
	f.has_held_by = 1;
	f.held_by = HW_CUSTODY_ADVERSARY;
	if (!(rc = hw_store_person_count(st, &f, &n, err)))
		json_object_set_new(o, key, json_integer(n));
	return rc;
}

static enum hw_err registry_json(struct hw_store *st, json_t *o, struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = held_count(st, HW_STATUS_CAPTIVE, o, "captive", err)) ||
	    (rc = held_count(st, HW_STATUS_LISTED, o, "listed", err)) ||
	    (rc = held_count(st, HW_STATUS_MISSING, o, "missing", err)))
		return rc;
	json_object_set_new(o, "in_captivity",
			    json_integer(json_integer_value(json_object_get(o, "captive")) +
					 json_integer_value(json_object_get(o, "listed"))));
	return HW_OK;
}

/* The total as the reports count it (hw_store_returned_total: historic
 * stages without a date included); this year's from the stages dated in
 * it, as an undated stage cannot be placed in a year. */
static enum hw_err returned_json(struct hw_store *st, const struct hw_date *today,
				 long this_year, json_t *o, struct hw_error *err)
{
	long historic = 0, persons = 0;
	enum hw_err rc;

	if ((rc = hw_store_returned_total(st, &invasion_day, NULL, &historic, &persons, err)))
		return rc;
	json_object_set_new(o, "since", date_json(&invasion_day));
	json_object_set_new(o, "total", json_integer(historic + persons));
	json_object_set_new(o, "year", json_integer(today->year));
	json_object_set_new(o, "this_year", json_integer(this_year));
	return HW_OK;
}

/* What walking the ledger collects. */
struct walk {
	struct hw_store *st;
	json_t *exchanges;   /* every agreement, oldest agreed first */
	json_t *stages;      /* the stages of the agreement being walked */
	json_t *timeline;    /* every dated stage */
	const struct hw_exchange *x;
	int year;            /* this year */
	long year_returned;  /* returned by the stages dated this year */
	enum hw_err rc;
	struct hw_error *err;
};

static int stage_one(void *ctx, const struct hw_stage *s)
{
	struct walk *w = ctx;
	struct hw_xcounts c;
	char ref[HW_XREF_MAX], xref[HW_XREF_MAX];
	long returned;

	if ((w->rc = hw_stage_counts(w->st, s->id, &c, w->err)))
		return 1;
	hw_stage_ref_format(s->exchange_id, s->number, ref);
	hw_exchange_ref_format(s->exchange_id, xref);
	returned = c.returned + c.counted_in;
	json_array_append_new(
		w->stages,
		json_pack("{s:s, s:i, s:o, s:s, s:o, s:o, s:I, s:I, s:I, s:I}", "ref", ref,
			  "number", s->number, "date", date_json(&s->date), "state",
			  hw_vocab_code(&hw_vocab_xstate, s->state), "planned_in",
			  count_json(s->planned_in), "planned_out", count_json(s->planned_out),
			  "listed_in", (json_int_t)c.listed_in, "confirmed",
			  (json_int_t)c.by_state[HW_VERIFY_CONFIRMED], "returned",
			  (json_int_t)returned, "handed_over",
			  (json_int_t)(c.handed_over + c.counted_out)));
	if (s->date.year == w->year)
		w->year_returned += returned;
	if (hw_date_is_known(&s->date) && returned > 0)
		json_array_append_new(w->timeline,
				      json_pack("{s:o, s:s, s:s, s:s, s:I}", "date",
						date_json(&s->date), "stage", ref, "exchange", xref,
						"name", w->x->name, "returned",
						(json_int_t)returned));
	return 0;
}

static int exchange_one(void *ctx, const struct hw_exchange *x)
{
	struct walk *w = ctx;
	char ref[HW_XREF_MAX];
	enum hw_err rc;
	json_t *o;

	w->x = x;
	w->stages = json_array();
	/* a stage's failure stops the walk with w->rc set */
	if ((rc = hw_stage_each(w->st, x->id, stage_one, w, w->err)) && !w->rc)
		w->rc = rc;
	if (w->rc)
		return 1;
	hw_exchange_ref_format(x->id, ref);
	o = json_pack("{s:s, s:s, s:o, s:s, s:b, s:o, s:o, s:o}", "ref", ref, "name", x->name,
		      "agreed_on", date_json(&x->agreed_on), "state",
		      hw_vocab_code(&hw_vocab_xstate, x->state), "historic", x->historic,
		      "quota_in", count_json(x->quota_in), "quota_out", count_json(x->quota_out),
		      "stages", w->stages);
	w->stages = NULL;
	json_array_append_new(w->exchanges, o);
	return 0;
}

/* Orders the timeline by date (stable for equal dates). */
static void sort_timeline(json_t *t)
{
	size_t n = json_array_size(t), i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			const char *a = json_string_value(json_object_get(json_array_get(t, j - 1),
									  "date"));
			const char *b = json_string_value(json_object_get(json_array_get(t, j),
									  "date"));
			json_t *tmp;

			if (strcmp(a, b) <= 0)
				break;
			tmp = json_incref(json_array_get(t, j));
			json_array_remove(t, j);
			json_array_insert_new(t, j - 1, tmp);
		}
}

/* The date an agreement was last active: its latest stage date, else the
 * day it was agreed; "" when it has neither. */
static const char *last_active(json_t *x)
{
	const char *best = json_string_value(json_object_get(x, "agreed_on"));
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(x, "stages"), i, s) {
		const char *d = json_string_value(json_object_get(s, "date"));

		if (d && (!best || strcmp(d, best) > 0))
			best = d;
	}
	return best ? best : "";
}

static int is_open(json_t *x)
{
	const char *state = json_string_value(json_object_get(x, "state"));

	return !strcmp(state, "planned") || !strcmp(state, "in_progress");
}

/* Open agreements first, then the most recently active; the walk's order
 * (oldest agreed first) breaks ties, later first. */
static int by_recency(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = is_open(y) - is_open(x);

	if (!c)
		c = strcmp(last_active(y), last_active(x));
	if (!c)
		c = (int)(json_integer_value(json_object_get(y, "order")) -
			  json_integer_value(json_object_get(x, "order")));
	return c;
}

/* The latest agreements, the open ones and then the most recently active. */
static json_t *latest(json_t *all)
{
	size_t n = json_array_size(all), i;
	json_t **v = hw_calloc(n + 1, sizeof(*v)), *out = json_array();

	if (!v || !out) {
		hw_free(v);
		json_decref(out);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		v[i] = json_array_get(all, i);
		json_object_set_new(v[i], "order", json_integer((json_int_t)i));
	}
	qsort(v, n, sizeof(*v), by_recency);
	for (i = 0; i < n && i < LATEST_EXCHANGES; i++)
		json_array_append(out, v[i]);
	for (i = 0; i < n; i++)
		json_object_del(v[i], "order");
	hw_free(v);
	return out;
}

void hw_h_dashboard(struct hw_request *r)
{
	struct hw_date today = hw_date_today();
	struct hw_error err;
	struct walk w;
	char day[HW_DATE_STR_MAX];
	json_t *reg = json_object(), *ret = json_object(), *out = NULL;

	memset(&w, 0, sizeof(w));
	hw_error_clear(&err);
	w.st = r->st;
	w.err = &err;
	w.exchanges = json_array();
	w.timeline = json_array();
	w.year = today.year;
	if (hw_request_check_args(r, (const char *const[]){ NULL }, &err) ||
	    registry_json(r->st, reg, &err) || hw_exchange_each(r->st, exchange_one, &w, &err) ||
	    w.rc || returned_json(r->st, &today, w.year_returned, ret, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	sort_timeline(w.timeline);
	hw_date_format(&today, day);
	out = json_pack("{s:s, s:O, s:O, s:o, s:O}", "as_of", day, "registry", reg, "returned",
			ret, "exchanges", latest(w.exchanges), "timeline", w.timeline);
	hw_reply_json(r, 200, out);
out:
	json_decref(w.stages);
	json_decref(w.exchanges);
	json_decref(w.timeline);
	json_decref(reg);
	json_decref(ret);
}
