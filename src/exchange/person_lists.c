/*
 * person_lists.c - the exchange lists a person was on: every entry that
 * names the person, each with its stage and agreement, for a person's
 * page (GET /api/v1/persons/{ref}/lists) and `homeward history`.
 *
 * "Was on the list" means held by an entry: an incoming entry confirmed
 * as the person, an outgoing entry not taken off; and, shown as such, a
 * pending incoming entry the matcher proposes the person for, which no
 * verifier has decided yet.  Being one of several candidates is not being
 * on a list.  The store gives the entries in order (stage date, stage,
 * direction, list order); the stage and its agreement are loaded here
 * once for each run of entries of one stage.
 */
#include <stdint.h>

#include "homeward/exchange.h"
#include "homeward/store.h"
#include "core/banned.h"

struct walk {
	struct hw_store *st;
	int64_t person_id;
	hw_person_listing_cb cb;
	void *ctx;
	struct hw_stage stage;       /* of the last entry; id 0 when none is loaded */
	struct hw_exchange exchange; /* the agreement of `stage` */
	struct hw_error *err;
	enum hw_err rc;              /* a failure inside the walk */
};

/* Loads stage `stage_id` and its agreement into `w`, unless there. */
static enum hw_err load_stage(struct walk *w, int64_t stage_id)
{
	enum hw_err rc;

	if (w->stage.id > 0 && w->stage.id == stage_id)
		return HW_OK;
	w->stage.id = 0;
	if ((rc = hw_store_stage_get(w->st, stage_id, &w->stage, w->err)))
		return rc;
	if ((rc = hw_store_exchange_get(w->st, w->stage.exchange_id, &w->exchange, w->err))) {
		w->stage.id = 0;
		return rc;
	}
	return HW_OK;
}

static int one_entry(void *ctx, const struct hw_xentry *e)
{
	struct walk *w = ctx;
	struct hw_person_listing l;

	if ((w->rc = load_stage(w, e->stage_id)))
		return 1;
	l.person_id = w->person_id;
	l.entry = e;
	l.stage = &w->stage;
	l.exchange = &w->exchange;
	l.proposed = e->person_id != w->person_id;
	return w->cb(w->ctx, &l);
}

enum hw_err hw_xentry_each_for_person(struct hw_store *st, int64_t person_id,
				      hw_person_listing_cb cb, void *ctx, struct hw_error *err)
{
	struct walk w;
	enum hw_err rc;

	w.st = st;
	w.person_id = person_id;
	w.cb = cb;
	w.ctx = ctx;
	w.err = err;
	w.rc = HW_OK;
	hw_stage_init(&w.stage);
	hw_exchange_init(&w.exchange);
	rc = person_id > 0 ? hw_store_person_xentry_each(st, person_id, one_entry, &w, err)
			   : HW_OK;
	if (!rc)
		rc = w.rc;
	hw_stage_release(&w.stage);
	hw_exchange_release(&w.exchange);
	return rc;
}
