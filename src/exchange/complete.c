/*
 * complete.c - reconciling the counts of a stage and completing it: in
 * one transaction, `returned` for every confirmed incoming person and
 * `handed_over` for every outgoing one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "homeward/exchange.h"
#include "homeward/registry.h"
#include "exchange/exchange_int.h"
#include "core/banned.h"

static void counts_init(struct hw_xcounts *c)
{
	memset(c, 0, sizeof(*c));
	c->planned_in = c->planned_out = HW_COUNT_UNKNOWN;
}

enum hw_err hw_stage_counts(struct hw_store *st, int64_t stage_id, struct hw_xcounts *out,
			    struct hw_error *err)
{
	struct hw_stage s;
	enum hw_err rc;

	counts_init(out);
	hw_stage_init(&s);
	if ((rc = hw_store_stage_get(st, stage_id, &s, err)))
		return rc;
	out->planned_in = s.planned_in;
	out->planned_out = s.planned_out;
	out->counted_in = s.counted_in > 0 ? s.counted_in : 0;
	out->counted_out = s.counted_out > 0 ? s.counted_out : 0;
	if ((rc = hw_store_stage_counts(st, stage_id, out, err)))
		goto out;
	if (s.state == HW_XSTATE_PLANNED || s.state == HW_XSTATE_IN_PROGRESS) {
		out->undecided = out->by_state[HW_VERIFY_PENDING] +
				 out->by_state[HW_VERIFY_AMBIGUOUS] +
				 out->by_state[HW_VERIFY_NOT_FOUND];
		out->coming_in = out->by_state[HW_VERIFY_CONFIRMED];
		out->going_out = out->listed_out;
	}
out:
	hw_stage_release(&s);
	return rc;
}

void hw_xcounts_diff(const struct hw_xcounts *c, struct hw_xdiff *d)
{
	memset(d, 0, sizeof(*d));
	d->actual_in = c->returned + c->counted_in + c->coming_in;
	d->actual_out = c->handed_over + c->counted_out + c->going_out;
	if (c->planned_in >= 0)
		d->in = d->actual_in - c->planned_in;
	if (c->planned_out >= 0)
		d->out = d->actual_out - c->planned_out;
	d->undecided = c->undecided;
	if (c->listed_in)
		d->list = c->by_state[HW_VERIFY_CONFIRMED] - c->listed_in;
}

struct sum {
	struct hw_store *st;
	struct hw_xcounts *total;
	enum hw_err rc;
	struct hw_error *err;
};

static int add_stage(void *ctx, const struct hw_stage *s)
{
	struct sum *sum = ctx;
	struct hw_xcounts c;
	size_t i;

	if (s->state == HW_XSTATE_CANCELLED)
		return 0;
	if ((sum->rc = hw_stage_counts(sum->st, s->id, &c, sum->err)))
		return 1;
	sum->total->listed_in += c.listed_in;
	for (i = 0; i < sizeof(c.by_state) / sizeof(c.by_state[0]); i++) {
		/* what a completed stage left undecided did not come home: it
		 * shows as a difference, no longer as work to do */
		if (s->state == HW_XSTATE_COMPLETED && i != HW_VERIFY_CONFIRMED &&
		    i != HW_VERIFY_REJECTED)
			continue;
		sum->total->by_state[i] += c.by_state[i];
	}
	sum->total->listed_out += c.listed_out;
	sum->total->returned += c.returned;
	sum->total->handed_over += c.handed_over;
	sum->total->counted_in += c.counted_in;
	sum->total->counted_out += c.counted_out;
	sum->total->undecided += c.undecided;
	sum->total->coming_in += c.coming_in;
	sum->total->going_out += c.going_out;
	return 0;
}

enum hw_err hw_exchange_counts(struct hw_store *st, int64_t exchange_id,
			       struct hw_xcounts *out, struct hw_error *err)
{
	struct hw_exchange x;
	struct sum sum = { st, out, HW_OK, err };
	enum hw_err rc;

	counts_init(out);
	hw_exchange_init(&x);
	if ((rc = hw_store_exchange_get(st, exchange_id, &x, err)))
		return rc;
	out->planned_in = x.quota_in;
	out->planned_out = x.quota_out;
	hw_exchange_release(&x);
	if ((rc = hw_store_stage_each(st, exchange_id, add_stage, &sum, err)))
		return rc;
	return sum.rc;
}

int hw_xcounts_blockers(const struct hw_xcounts *c, struct hw_xblockers *out)
{
	long confirmed = c->by_state[HW_VERIFY_CONFIRMED];

	memset(out, 0, sizeof(*out));
	out->open_in = c->undecided;
	if (c->planned_in >= 0)
		out->in_diff = confirmed - c->planned_in;
	if (c->planned_out >= 0)
		out->out_diff = c->listed_out - c->planned_out;
	out->list_diff = confirmed - c->listed_in;
	return out->open_in || out->in_diff || out->out_diff || out->list_diff;
}

/* What blocks completion, in a sentence. */
static void describe(const struct hw_xblockers *b, const struct hw_xcounts *c, struct hw_buf *out)
{
	const char *sep = "";

	if (b->open_in) {
		hw_buf_addf(out, "%ld incoming entr%s not decided (pending %ld, ambiguous %ld, "
			    "not found %ld)", b->open_in, b->open_in == 1 ? "y" : "ies",
			    c->by_state[HW_VERIFY_PENDING], c->by_state[HW_VERIFY_AMBIGUOUS],
			    c->by_state[HW_VERIFY_NOT_FOUND]);
		sep = "; ";
	}
	if (b->list_diff) {
		hw_buf_addf(out, "%s%ld confirmed of the %ld on the other side's list", sep,
			    c->by_state[HW_VERIFY_CONFIRMED], c->listed_in);
		sep = "; ";
	}
	if (b->in_diff) {
		hw_buf_addf(out, "%s%ld confirmed to come home, %d planned (%+ld)", sep,
			    c->by_state[HW_VERIFY_CONFIRMED], c->planned_in, b->in_diff);
		sep = "; ";
	}
	if (b->out_diff)
		hw_buf_addf(out, "%s%ld on the outgoing list, %d planned (%+ld)", sep, c->listed_out,
			    c->planned_out, b->out_diff);
}

void hw_xblockers_describe(const struct hw_xblockers *b, const struct hw_xcounts *c, char *out,
			   size_t size)
{
	struct hw_buf why = HW_BUF_INIT;

	describe(b, c, &why);
	snprintf(out, size, "%s", why.data);
	hw_buf_release(&why);
}

struct movers {
	struct hw_ids in, out;
};

static int collect_movers(void *ctx, const struct hw_xentry *e)
{
	struct movers *m = ctx;

	if (e->state != HW_VERIFY_CONFIRMED || e->person_id <= 0)
		return 0;
	return hw_ids_push(e->direction == HW_DIRECTION_IN ? &m->in : &m->out, e->person_id) ? 1
											      : 0;
}

static enum hw_err move(struct hw_store *st, const struct hw_stage *s, int64_t person_id,
			enum hw_event_type type, const char *actor, struct hw_error *err)
{
	char ref[HW_XREF_MAX], note[64];
	struct hw_event e;
	enum hw_err rc;

	hw_stage_ref_format(s->exchange_id, s->number, ref);
	snprintf(note, sizeof(note), "exchange %s", ref);
	hw_event_init(&e);
	e.person_id = person_id;
	e.type = type;
	e.date = s->date;
	e.stage_id = s->id;
	e.note = note;
	e.recorded_by = (char *)actor;
	rc = hw_registry_event_add(st, &e, HW_STATUS_NONE, err);
	if (rc) {
		char pub[HW_PUBREF_MAX], why[HW_ERROR_MSG_MAX];

		hw_pubref_format(person_id, pub);
		snprintf(why, sizeof(why), "%s", err ? err->message : "");
		hw_error_set(err, rc, "%s: %s; nothing was completed", pub, why);
	}
	e.note = NULL;
	e.recorded_by = NULL;
	hw_event_release(&e);
	return rc;
}

static enum hw_err complete(struct hw_store *st, struct hw_stage *s, int force,
			    const char *reason, const char *actor, struct hw_error *err)
{
	struct movers m;
	struct hw_xcounts c;
	struct hw_xblockers b;
	struct hw_buf why = HW_BUF_INIT;
	enum hw_xstate from = s->state;
	char now[32], ref[HW_XREF_MAX];
	enum hw_err rc;
	size_t i;

	memset(&m, 0, sizeof(m));
	hw_stage_ref_format(s->exchange_id, s->number, ref);
	if ((rc = hw_stage_counts(st, s->id, &c, err)))
		goto out;
	if (hw_xcounts_blockers(&c, &b)) {
		describe(&b, &c, &why);
		if (!force) {
			rc = hw_error_set(err, HW_REFUSED, "stage %s cannot be completed: %s "
					  "(complete it anyway with force and a reason)", ref,
					  why.data ? why.data : "");
			goto out;
		}
	}
	if ((rc = hw_store_xentry_each(st, s->id, NULL, collect_movers, &m, err)))
		goto out;
	if (m.in.failed || m.out.failed) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	for (i = 0; !rc && i < m.in.n; i++)
		rc = move(st, s, m.in.v[i], HW_EVENT_RETURNED, actor, err);
	for (i = 0; !rc && i < m.out.n; i++)
		rc = move(st, s, m.out.v[i], HW_EVENT_HANDED_OVER, actor, err);
	if (rc)
		goto out;
	xnow(now);
	s->state = HW_XSTATE_COMPLETED;
	s->forced = force && why.len ? 1 : 0;
	hw_free(s->force_reason);
	hw_free(s->completed_at);
	hw_free(s->completed_by);
	s->force_reason = s->forced ? hw_strdup(reason) : NULL;
	s->completed_at = hw_strdup(now);
	s->completed_by = actor ? hw_strdup(actor) : NULL;
	if (!s->completed_at || (s->forced && !s->force_reason) || (actor && !s->completed_by)) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	if ((rc = hw_store_stage_update(st, s, err)) ||
	    (rc = hw_store_stage_close_lists(st, s->id, err)))
		goto out;
	if (s->forced) {
		char *what = NULL;

		hw_buf_addf(&why, " -- forced: %s", reason);
		what = why.data;
		rc = hw_store_xlog_append(st, s->exchange_id, s->id, "stage completed by force",
					  hw_vocab_code(&hw_vocab_xstate, from), "completed", what,
					  actor, err);
	} else {
		rc = hw_store_xlog_append(st, s->exchange_id, s->id, "stage state",
					  hw_vocab_code(&hw_vocab_xstate, from), "completed", NULL,
					  actor, err);
	}
out:
	hw_buf_release(&why);
	hw_ids_release(&m.in);
	hw_ids_release(&m.out);
	return rc;
}

enum hw_err hw_stage_complete(struct hw_store *st, int64_t stage_id, const struct hw_date *date,
			      int force, const char *reason, const char *actor,
			      struct hw_error *err)
{
	struct hw_exchange x;
	struct hw_stage s;
	struct hw_date today;
	enum hw_err rc;

	if (force && (!reason || !*reason))
		return hw_error_set_field(err, HW_INVALID, "reason",
					  "completing by force needs a reason");
	if ((rc = xtext_check("reason", reason, 2000, 0, err)))
		return rc;
	today = hw_date_today();
	if (date && hw_date_is_known(date) && hw_date_cmp(date, &today) > 0)
		return hw_error_set_field(err, HW_INVALID, "date",
					  "a stage is completed on the day it happens, not later "
					  "than today");
	hw_stage_init(&s);
	hw_exchange_init(&x);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	if ((rc = hw_store_stage_get(st, stage_id, &s, err)) ||
	    (rc = hw_store_exchange_get(st, s.exchange_id, &x, err)))
		goto out;
	if (x.historic) {
		rc = hw_error_set(err, HW_REFUSED, "a stage of a historic exchange is completed "
				  "when it is recorded");
		goto out;
	}
	if (s.state == HW_XSTATE_PLANNED && (rc = stage_start(st, &s, actor, err)))
		goto out;
	if ((rc = xstate_check("stage", s.state, HW_XSTATE_COMPLETED, err)))
		goto out;
	if (date && hw_date_is_known(date))
		s.date = *date;
	if (!hw_date_is_known(&s.date) || hw_date_cmp(&s.date, &today) > 0) {
		if (hw_date_is_known(&s.date) && !(date && hw_date_is_known(date))) {
			rc = hw_error_set_field(err, HW_REFUSED, "date",
						"the stage is planned for a later day: give the "
						"day it happened (--date)");
			goto out;
		}
		s.date = today;
	}
	rc = complete(st, &s, force, reason, actor, err);
out:
	hw_exchange_release(&x);
	hw_stage_release(&s);
	return hw_store_unit_end(st, rc, err);
}
