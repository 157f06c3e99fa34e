/*
 * exchange_json.c - the exchange ledger as JSON (homeward/exchange_json.h).
 *
 * The command line prints these objects with JSON_PRESERVE_ORDER, so the
 * order in which members are added here is the order of its output.
 */
#include <string.h>

#include "homeward/exchange_json.h"
#include "homeward/person.h"
#include "core/banned.h"

static json_t *count_json(int n)
{
	return n < 0 ? json_null() : json_integer(n);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *hw_exchange_json(const struct hw_exchange *x)
{
	char ref[HW_XREF_MAX], date[HW_DATE_STR_MAX];

	hw_exchange_ref_format(x->id, ref);
	hw_date_format(&x->agreed_on, date);
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
			 "ref", ref, "name", x->name, "state",
			 hw_vocab_code(&hw_vocab_xstate, x->state),
			 "agreed_on", date[0] ? json_string(date) : json_null(),
			 "place", str_or_null(x->place),
			 "mediators", str_or_null(x->mediators),
			 "quota_in", count_json(x->quota_in), "quota_out", count_json(x->quota_out),
			 "national_number", x->national_number ? json_integer(x->national_number)
							       : json_null(),
			 "historic", x->historic,
			 "notes", str_or_null(x->notes));
}

json_t *hw_xcounts_json(const struct hw_xcounts *c)
{
	struct hw_xdiff d;
	json_t *o;

	hw_xcounts_diff(c, &d);
	o = json_pack("{s:o, s:o, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:I, s:I, s:I, s:I, s:I, "
		      "s:I, s:I}",
		      "planned_in", count_json(c->planned_in),
		      "planned_out", count_json(c->planned_out),
		      "on_their_list", (json_int_t)c->listed_in,
		      "entries", "pending", (json_int_t)c->by_state[HW_VERIFY_PENDING],
		      "confirmed", (json_int_t)c->by_state[HW_VERIFY_CONFIRMED],
		      "rejected", (json_int_t)c->by_state[HW_VERIFY_REJECTED],
		      "not_found", (json_int_t)c->by_state[HW_VERIFY_NOT_FOUND],
		      "ambiguous", (json_int_t)c->by_state[HW_VERIFY_AMBIGUOUS],
		      "outgoing", (json_int_t)c->listed_out,
		      "returned", (json_int_t)c->returned,
		      "handed_over", (json_int_t)c->handed_over,
		      "counted_in", (json_int_t)c->counted_in,
		      "counted_out", (json_int_t)c->counted_out,
		      "actual_in", (json_int_t)d.actual_in,
		      "actual_out", (json_int_t)d.actual_out);
	if (o && json_object_set_new(o, "differences",
				     json_pack("{s:I, s:I, s:I, s:I}", "undecided",
					       (json_int_t)d.undecided, "confirmed_vs_their_list",
					       (json_int_t)d.list, "in_vs_planned", (json_int_t)d.in,
					       "out_vs_planned", (json_int_t)d.out))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

json_t *hw_stage_json(const struct hw_stage *s, const struct hw_xcounts *c)
{
	char ref[HW_XREF_MAX], date[HW_DATE_STR_MAX];

	hw_stage_ref_format(s->exchange_id, s->number, ref);
	hw_date_format(&s->date, date);
	return json_pack("{s:s, s:i, s:o, s:s, s:b, s:o, s:o, s:o}", "ref", ref, "number",
			 s->number, "date", date[0] ? json_string(date) : json_null(),
			 "state", hw_vocab_code(&hw_vocab_xstate, s->state), "forced", s->forced,
			 "force_reason", str_or_null(s->force_reason),
			 "completed_by", str_or_null(s->completed_by),
			 "counts", hw_xcounts_json(c));
}

json_t *hw_xblockers_json(const struct hw_xcounts *c)
{
	struct hw_xblockers b;
	char why[1024];
	int blocked = hw_xcounts_blockers(c, &b);

	why[0] = '\0';
	if (blocked)
		hw_xblockers_describe(&b, c, why, sizeof(why));
	return json_pack("{s:b, s:I, s:I, s:I, s:I, s:o}", "blocked", blocked, "open_in",
			 (json_int_t)b.open_in, "in_diff", (json_int_t)b.in_diff, "out_diff",
			 (json_int_t)b.out_diff, "list_diff", (json_int_t)b.list_diff, "why",
			 why[0] ? json_string(why) : json_null());
}

static json_t *as_written(const struct hw_xentry *e)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "full_name", str_or_null(e->full_name),
			 "family_name", str_or_null(e->family),
			 "given_name", str_or_null(e->given),
			 "patronymic", str_or_null(e->patronymic),
			 "birth_date", str_or_null(e->birth_date),
			 "unit", str_or_null(e->unit),
			 "notes", str_or_null(e->notes));
}

/* Adds the members of `more` (stolen) to `o`; NULL (o released) on failure. */
static json_t *extend(json_t *o, json_t *more)
{
	if (!o || !more || json_object_update(o, more)) {
		json_decref(o);
		o = NULL;
	}
	json_decref(more);
	return o;
}

json_t *hw_xentry_json(const struct hw_xentry *e, unsigned flags, hw_xname_fn name, void *ctx)
{
	char pub[HW_PUBREF_MAX], prop[HW_PUBREF_MAX], who[512];
	json_t *o, *cands;

	hw_pubref_format(e->person_id, pub);
	hw_pubref_format(e->proposed_id, prop);
	who[0] = '\0';
	if (e->person_id > 0 && name)
		name(ctx, e->person_id, who, sizeof(who));
	o = flags & HW_XENTRY_JSON_ID ? json_pack("{s:I}", "id", (json_int_t)e->id)
				      : json_object();
	o = extend(o, json_pack("{s:s, s:s, s:s, s:s, s:f, s:o, s:o, s:o}", "line", e->line,
				"direction", hw_vocab_code(&hw_vocab_direction, e->direction),
				"state", hw_vocab_code(&hw_vocab_verify, e->state),
				"decision", hw_match_decision_name(e->decision), "score", e->score,
				"person", e->person_id > 0 ? json_string(pub) : json_null(),
				"person_name", who[0] ? json_string(who) : json_null(),
				"proposed", e->proposed_id > 0 ? json_string(prop) : json_null()));
	o = extend(o, json_pack("{s:o, s:o, s:o, s:o}", "as_written", as_written(e),
				"decided_by", str_or_null(e->decided_by),
				"decided_at", str_or_null(e->decided_at),
				"reason", str_or_null(e->reason)));
	if (o && (flags & HW_XENTRY_JSON_MATCHER) && e->candidates &&
	    (cands = json_loads(e->candidates, 0, NULL)) &&
	    json_object_set_new(o, "matcher", cands)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

json_t *hw_xdecision_json(const struct hw_xdecision *d)
{
	char pub[HW_PUBREF_MAX];

	hw_pubref_format(d->person_id, pub);
	return json_pack("{s:s, s:o, s:o, s:s, s:o}", "state",
			 hw_vocab_code(&hw_vocab_verify, d->state),
			 "person", d->person_id > 0 ? json_string(pub) : json_null(),
			 "by", str_or_null(d->decided_by), "at", d->decided_at ? d->decided_at : "",
			 "reason", str_or_null(d->reason));
}

json_t *hw_proposal_json(const struct hw_proposal *p, const char *name)
{
	char pub[HW_PUBREF_MAX];

	hw_pubref_format(p->person_id, pub);
	return json_pack("{s:i, s:s, s:s, s:s, s:o}", "rank", p->rank, "person", pub, "name", name,
			 "why", p->why, "days_in_captivity",
			 p->days_captive >= 0 ? json_integer(p->days_captive) : json_null());
}

json_t *hw_priority_json(const struct hw_priority *prio)
{
	json_t *a = json_array();
	int i;

	for (i = 0; a && i < prio->nrules; i++)
		if (json_array_append_new(a, json_string(hw_vocab_code(&hw_vocab_priority,
								       prio->rules[i])))) {
			json_decref(a);
			return NULL;
		}
	return a;
}
