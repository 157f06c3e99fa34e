/*
 * build.c - computing a report from the person-level data.
 *
 * One walk over the movements (hw_store_move_each) of the scope counts
 * every breakdown.  For a stage the walk covers its whole agreement, so
 * that the same pass gives each stage's totals and the agreement's running
 * total; only the stage's own movements go into the breakdowns.  The
 * breakdowns describe the people who came home (`returned`); people handed
 * over are only counted.  The one figure that is not counted from persons
 * is the cumulative total, which adds the counts of historic exchanges
 * (hw_store_returned_total).  docs/reports.md describes every figure.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "report/report_int.h"
#include "core/banned.h"

/* The day of the full-scale invasion: the cumulative total counts the
 * exchanges from it on. */
static const struct hw_date invasion_day = { 2022, 2, 24 };

struct tally {
	struct hw_report *r;
	struct hw_date today;
	enum hw_err rc;
};

/* ---- scope ------------------------------------------------------------ */

static int add_stage(void *ctx, const struct hw_stage *s)
{
	struct tally *t = ctx;
	struct hw_report *r = t->r;
	struct report_stage *v, *rs;

	if (!(v = hw_reallocarray(r->stages, r->nstages + 1, sizeof(*v)))) {
		t->rc = HW_NOMEM;
		return 1;
	}
	r->stages = v;
	rs = &v[r->nstages++];
	memset(rs, 0, sizeof(*rs));
	rs->id = s->id;
	rs->number = s->number;
	rs->date = s->date;
	rs->state = s->state;
	rs->counted_in = s->counted_in;
	rs->counted_out = s->counted_out;
	hw_stage_ref_format(s->exchange_id, s->number, rs->ref);
	return 0;
}

static void take_dates(struct hw_report *r)
{
	size_t i;

	for (i = 0; i < r->nstages; i++) {
		const struct hw_date *d = &r->stages[i].date;

		if (!hw_date_is_known(d))
			continue;
		if (!hw_date_is_known(&r->from) || hw_date_cmp(d, &r->from) < 0)
			r->from = *d;
		if (!hw_date_is_known(&r->to) || hw_date_cmp(d, &r->to) > 0)
			r->to = *d;
	}
}

static enum hw_err load_exchange(struct hw_store *st, struct tally *t, int64_t id,
				 struct hw_error *err)
{
	struct hw_report *r = t->r;
	struct hw_exchange x;
	enum hw_err rc;

	hw_exchange_init(&x);
	if ((rc = hw_exchange_get(st, id, &x, err)))
		goto out;
	r->has_exchange = 1;
	r->exchange_id = x.id;
	hw_exchange_ref_format(x.id, r->xref);
	r->name = x.name;
	r->place = x.place;
	r->mediators = x.mediators;
	x.name = x.place = x.mediators = NULL;
	r->agreed_on = x.agreed_on;
	r->national_number = x.national_number;
	r->historic = x.historic;
	r->quota_in = x.quota_in;
	r->quota_out = x.quota_out;
	rc = hw_stage_each(st, id, add_stage, t, err);
	if (!rc && t->rc)
		rc = hw_error_set(err, t->rc, NULL);
out:
	hw_exchange_release(&x);
	return rc;
}

static enum hw_err load_scope(struct hw_store *st, struct tally *t, struct hw_error *err)
{
	struct hw_report *r = t->r;
	struct hw_stage s;
	enum hw_err rc = HW_OK;
	size_t i;

	if (r->scope.kind == HW_REPORT_PERIOD) {
		r->from = r->scope.from;
		r->to = r->scope.to;
		return HW_OK;
	}
	if (r->scope.kind == HW_REPORT_EXCHANGE) {
		if (!(rc = load_exchange(st, t, r->scope.id, err)))
			take_dates(r);
		return rc;
	}
	hw_stage_init(&s);
	if (!(rc = hw_stage_get(st, r->scope.id, &s, err)))
		rc = load_exchange(st, t, s.exchange_id, err);
	hw_stage_release(&s);
	for (i = 0; !rc && i < r->nstages; i++)
		if (r->stages[i].id == r->scope.id)
			r->stage = &r->stages[i];
	if (!rc && !r->stage)
		rc = hw_error_set(err, HW_INTERNAL, "stage %lld is not among its agreement's",
				  (long long)r->scope.id);
	if (!rc)
		r->from = r->to = r->stage->date;
	return rc;
}

/* ---- counting a person ------------------------------------------------ */

static const char *code_or_unknown(const struct hw_vocab *v, int value)
{
	return value ? hw_vocab_code(v, value) : REPORT_UNKNOWN;
}

/* The rows of the "as announced" breakdown a branch counts in (NULL-ended). */
static void announced_keys(enum hw_branch b, const char *keys[3])
{
	keys[1] = keys[2] = NULL;
	switch (b) {
	case HW_BRANCH_NAVY: keys[0] = "armed_forces"; keys[1] = "navy"; break;
	case HW_BRANCH_AIR_FORCE: keys[0] = "armed_forces"; keys[1] = "air_force"; break;
	case HW_BRANCH_ARMY: case HW_BRANCH_MARINES: case HW_BRANCH_AIR_ASSAULT:
	case HW_BRANCH_SSO: keys[0] = "armed_forces"; break;
	case HW_BRANCH_TDF: keys[0] = "territorial_defence"; break;
	case HW_BRANCH_NGU: keys[0] = "national_guard"; break;
	case HW_BRANCH_SBGS: keys[0] = "border_guard"; break;
	case HW_BRANCH_POLICE: keys[0] = "police"; break;
	case HW_BRANCH_SBU: keys[0] = "sbu"; break;
	case HW_BRANCH_OTHER: keys[0] = "other"; break;
	default: keys[0] = REPORT_UNKNOWN; break;
	}
}

static void count_military(struct hw_report *r, const struct hw_person *p)
{
	enum hw_rank_class c = hw_rank_class_of(p->rank);
	const char *keys[3];
	int i;

	report_add(r, SEC_RANK_CLASS, code_or_unknown(&hw_vocab_rank_class, c), 1);
	if (c == HW_RANK_CLASS_ENLISTED || c == HW_RANK_CLASS_NCO)
		report_add(r, SEC_RANK_CLASS, "privates_and_sergeants", 1);
	report_add(r, SEC_BRANCH, code_or_unknown(&hw_vocab_branch, p->branch), 1);
	report_add(r, SEC_BRANCH_GROUP,
		   code_or_unknown(&hw_vocab_branch_group, hw_branch_group_of(p->branch)), 1);
	announced_keys(p->branch, keys);
	for (i = 0; keys[i]; i++)
		report_add(r, SEC_ANNOUNCED, keys[i], 1);
}

/*
 * The time in captivity in whole months, from the capture to the return,
 * each taken at its first possible day; -1 when the capture is not dated
 * or comes after the return.
 */
static long months_captive(const struct hw_date *cap, const struct hw_date *ret)
{
	int cm = cap->month ? cap->month : 1, cd = cap->day ? cap->day : 1;
	int rm = ret->month ? ret->month : 1, rd = ret->day ? ret->day : 1;
	long months;

	if (!hw_date_is_known(cap) || !hw_date_is_known(ret))
		return -1;
	months = (long)(ret->year - cap->year) * 12 + (rm - cm) - (rd < cd);
	return months < 0 ? -1 : months;
}

static const char *captivity_key(long months)
{
	if (months < 0)
		return REPORT_UNKNOWN;
	if (months < 6)
		return "under_6_months";
	if (months < 12)
		return "6_to_12_months";
	if (months < 24)
		return "1_to_2_years";
	return months < 36 ? "2_to_3_years" : "3_years_or_more";
}

static void count_health(struct hw_report *r, unsigned health)
{
	int i;

	for (i = 0; i < HW_HEALTH_BIT__COUNT; i++)
		if (health & (1u << i))
			report_add(r, SEC_HEALTH, hw_vocab_code(&hw_vocab_health, i), 1);
	report_add(r, SEC_HEALTH, health ? "any" : "none", 1);
}

static enum hw_err count_person(struct tally *t, const struct hw_move *m)
{
	struct hw_report *r = t->r;
	const struct hw_person *p = m->person;
	const struct hw_date *back = hw_date_is_known(&m->date) ? &m->date : &t->today;
	const char *sex = p->sex == HW_SEX_MALE ? "men" : p->sex == HW_SEX_FEMALE ? "women"
									 : REPORT_UNKNOWN;
	char year[8];
	size_t i;

	report_add(r, SEC_CATEGORY, hw_vocab_code(&hw_vocab_category, p->category), 1);
	report_add(r, SEC_SEX, sex, 1);
	if (p->category == HW_CATEGORY_MILITARY)
		count_military(r, p);
	report_add(r, SEC_REGION, code_or_unknown(&hw_vocab_region, p->region), 1);
	report_add(r, SEC_CAPTIVITY, captivity_key(months_captive(&p->captured_on, back)), 1);
	count_health(r, p->health);
	if (p->captured_on.year)
		snprintf(year, sizeof(year), "%d", p->captured_on.year);
	if (report_bump_new(r, SEC_CAPTURE_YEAR, p->captured_on.year ? year : REPORT_UNKNOWN,
			    p->captured_on.year ? year : "date of capture not recorded",
			    p->captured_on.year ? year : "дату полону не зазначено"))
		return HW_NOMEM;
	for (i = 0; i < p->ntags; i++) {
		const struct report_tag *k = report_tag_find(p->tags[i]);

		if (report_bump_new(r, SEC_TAGS, p->tags[i], k ? k->en_many : p->tags[i],
				    k ? k->uk_few : p->tags[i]))
			return HW_NOMEM;
	}
	return HW_OK;
}

static struct report_stage *stage_of(struct hw_report *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->nstages; i++)
		if (r->stages[i].id == id)
			return &r->stages[i];
	return NULL;
}

static int on_move(void *ctx, const struct hw_move *m)
{
	struct tally *t = ctx;
	struct hw_report *r = t->r;
	struct report_stage *s = stage_of(r, m->stage_id);
	int in = m->type == HW_EVENT_RETURNED;

	if (s) {
		s->returned += in;
		s->handed_over += !in;
	}
	if (r->scope.kind == HW_REPORT_STAGE && m->stage_id != r->scope.id)
		return 0;
	report_add(r, SEC_TOTAL, in ? "returned" : "handed_over", 1);
	if (in)
		t->rc = count_person(t, m);
	return t->rc != HW_OK;
}

/* ---- totals ----------------------------------------------------------- */

/* A stage's people: the persons recorded, or its historic counts. */
static long stage_in(const struct report_stage *s)
{
	return s->returned ? s->returned : s->counted_in > 0 ? s->counted_in : 0;
}

static long stage_out(const struct report_stage *s)
{
	return s->handed_over ? s->handed_over : s->counted_out > 0 ? s->counted_out : 0;
}

static void running_total(struct hw_report *r)
{
	size_t i;

	if (!r->has_exchange) {
		r->sec[SEC_RUNNING].present = 0;
		return;
	}
	for (i = 0; i < r->nstages; i++) {
		if (r->stage && r->stages[i].number > r->stage->number)
			continue;
		report_add(r, SEC_RUNNING, "returned", stage_in(&r->stages[i]));
		report_add(r, SEC_RUNNING, "handed_over", stage_out(&r->stages[i]));
	}
}

/* Returned since the full-scale invasion up to r->cumulative_to (undated
 * stages count, as they cannot be placed). */
static enum hw_err cumulative(struct hw_store *st, struct hw_report *r, struct hw_error *err)
{
	long h, p;
	enum hw_err rc;

	if ((rc = hw_store_returned_total(st, &invasion_day, &r->cumulative_to, &h, &p, err)))
		return rc;
	report_add(r, SEC_CUMULATIVE, "historic", h);
	report_add(r, SEC_CUMULATIVE, "persons", p);
	report_add(r, SEC_CUMULATIVE, "returned", h + p);
	return HW_OK;
}

/* ---- the report ------------------------------------------------------- */

static enum hw_err count(struct hw_store *st, struct tally *t, struct hw_error *err)
{
	struct hw_report *r = t->r;
	struct hw_move_filter f;
	enum hw_err rc;

	memset(&f, 0, sizeof(f));
	if (r->has_exchange)
		f.exchange_id = r->exchange_id;
	else {
		f.from = r->scope.from;
		f.to = r->scope.to;
	}
	rc = hw_store_move_each(st, &f, on_move, t, err);
	if (!rc && t->rc)
		rc = hw_error_set(err, t->rc, NULL);
	return rc;
}

enum hw_err hw_report_build(struct hw_store *st, const struct hw_report_scope *scope,
			    const struct hw_date *today, struct hw_report **out,
			    struct hw_error *err)
{
	struct hw_report *r = hw_calloc(1, sizeof(*r));
	struct tally t;
	enum hw_err rc;

	*out = NULL;
	if (!r)
		return hw_error_set(err, HW_NOMEM, NULL);
	r->scope = *scope;
	t.r = r;
	t.today = today && hw_date_is_known(today) ? *today : hw_date_today();
	t.rc = HW_OK;
	if ((rc = report_sections_init(r)))
		hw_error_set(err, rc, NULL);
	else if (!(rc = load_scope(st, &t, err)) && !(rc = count(st, &t, err))) {
		running_total(r);
		r->cumulative_to = r->to;
		rc = cumulative(st, r, err);
		report_sections_sort(r);
	}
	if (rc) {
		hw_report_free(r);
		return rc;
	}
	*out = r;
	return HW_OK;
}

void hw_report_free(struct hw_report *r)
{
	if (!r)
		return;
	report_sections_release(r);
	hw_free(r->name);
	hw_free(r->place);
	hw_free(r->mediators);
	hw_free(r->stages);
	hw_free(r);
}
