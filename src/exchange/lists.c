/*
 * lists.c - the lists of a stage: the other side's incoming list run
 * through the matcher, the outgoing list of persons in our custody, and
 * the verifier's decisions on every incoming entry.
 *
 * Being on a list is part of a person's history: confirming an incoming
 * entry or adding an outgoing person appends `listed` (with the stage),
 * taking the person off again appends `removed_from_list`.  The entry
 * keeps every decision made on it (list_decisions).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/exchange.h"
#include "homeward/list.h"
#include "homeward/match_json.h"
#include "homeward/registry.h"
#include "exchange/exchange_int.h"
#include "core/banned.h"

/* ---- checks shared by every list operation -------------------------------- */

/* Loads stage `stage_id` and checks that its lists may change. */
static enum hw_err open_stage(struct hw_store *st, int64_t stage_id, struct hw_stage *s,
			      struct hw_error *err)
{
	struct hw_exchange x;
	char ref[HW_XREF_MAX];
	enum hw_err rc;

	if ((rc = hw_store_stage_get(st, stage_id, s, err)))
		return rc;
	hw_stage_ref_format(s->exchange_id, s->number, ref);
	hw_exchange_init(&x);
	if ((rc = hw_store_exchange_get(st, s->exchange_id, &x, err)))
		return rc;
	if (x.historic)
		rc = hw_error_set_field(err, HW_REFUSED, "stage",
					"%s belongs to a historic exchange recorded as counts "
					"only: it has no lists", ref);
	else if (s->state != HW_XSTATE_PLANNED && s->state != HW_XSTATE_IN_PROGRESS)
		rc = hw_error_set_field(err, HW_REFUSED, "stage",
					"stage %s is %s: its lists are closed", ref,
					hw_vocab_code(&hw_vocab_xstate, s->state));
	hw_exchange_release(&x);
	return rc;
}

static enum hw_err list_event(struct hw_store *st, int64_t person_id, enum hw_event_type type,
			      const struct hw_stage *s, const char *line, const char *reason,
			      const char *actor, struct hw_error *err)
{
	char ref[HW_XREF_MAX], note[512];
	struct hw_event e;
	enum hw_err rc;

	hw_stage_ref_format(s->exchange_id, s->number, ref);
	if (reason && *reason)
		snprintf(note, sizeof(note), "%s, line %s: %s", ref, line, reason);
	else
		snprintf(note, sizeof(note), "%s, line %s", ref, line);
	hw_event_init(&e);
	e.person_id = person_id;
	e.type = type;
	/* a stage recorded after the fact is listed no later than its date */
	e.date = hw_date_today();
	if (hw_date_is_known(&s->date) && hw_date_cmp(&s->date, &e.date) < 0)
		e.date = s->date;
	e.stage_id = s->id;
	e.note = note;
	e.recorded_by = (char *)actor;
	rc = hw_registry_event_add(st, &e, HW_STATUS_NONE, err);
	e.note = NULL;
	e.recorded_by = NULL;
	hw_event_release(&e);
	return rc;
}

/* Loads entry `id` and its stage, whose lists must still be open. */
static enum hw_err open_entry(struct hw_store *st, int64_t id, struct hw_xentry *e,
			      struct hw_stage *s, struct hw_error *err)
{
	enum hw_err rc = hw_store_xentry_get(st, id, e, err);

	return rc ? rc : open_stage(st, e->stage_id, s, err);
}

/* ---- the incoming list -------------------------------------------------------- */

/*
 * A list read and matched, not yet stored: the entries as they will be
 * stored (without their stage), where each starts in the file, and their
 * counts.  The matcher runs before any write, so that a caller holding a
 * transaction for the store step does not hold it while matching.
 */
struct hw_xlist_batch {
	int64_t stage_id;
	char *name;
	size_t n;
	struct hw_xentry *entries;
	long *file_lines;
	struct hw_xlist_result res;
};

void hw_xlist_batch_free(struct hw_xlist_batch *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++)
		hw_xentry_release(&b->entries[i]);
	hw_free(b->entries);
	hw_free(b->file_lines);
	hw_free(b->name);
	hw_free(b);
}

/* Takes a string of the list entry (which no longer owns it). */
static char *take(char **s)
{
	char *t = *s;

	*s = NULL;
	return t;
}

/* Entry `e`, as it will be stored, from list entry `le` (whose strings it
 * takes) and its match `r`; counts it in `res`. */
static enum hw_err make_entry(struct hw_list_entry *le, const struct hw_match_result *r,
			      struct hw_xentry *e, struct hw_xlist_result *res,
			      struct hw_error *err)
{
	json_t *j = hw_match_result_json(r, HW_MATCH_JSON_ID | HW_MATCH_JSON_EVIDENCE,
					 NULL, NULL);

	hw_xentry_init(e);
	e->direction = HW_DIRECTION_IN;
	e->line = take(&le->line);
	e->full_name = take(&le->full_name);
	e->family = take(&le->family);
	e->given = take(&le->given);
	e->patronymic = take(&le->patronymic);
	e->birth_date = take(&le->birth_date);
	e->unit = take(&le->unit);
	e->notes = take(&le->notes);
	e->decision = r->decision;
	e->score = r->ncandidates ? r->candidates[0].score : 0;
	e->candidates = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	e->reason = hw_strdup(le->date_note ? le->date_note : r->why);
	if (!e->candidates || !e->reason)
		return hw_error_set(err, HW_NOMEM, NULL);
	switch (r->decision) {
	case HW_MATCH_MATCH:
		e->state = HW_VERIFY_PENDING;
		e->proposed_id = r->candidates[0].person_id;
		res->pending++;
		break;
	case HW_MATCH_REVIEW:
		e->state = HW_VERIFY_AMBIGUOUS;
		res->ambiguous++;
		break;
	default:
		e->state = HW_VERIFY_NOT_FOUND;
		res->not_found++;
		break;
	}
	if (le->date_note)
		res->warnings++;
	res->entries++;
	return HW_OK;
}

static void tell(const struct hw_list_diag *diag, const struct hw_error *e)
{
	char msg[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128];

	if (diag && diag->fn)
		diag->fn(diag->ctx, e, 0);
	if (diag && diag->stream) {
		hw_error_format(e, msg, sizeof(msg));
		fprintf(diag->stream, "homeward: %s\n", msg);
	}
}

/* Every line's name must be usable: else the file is bad, nothing stored. */
static enum hw_err check_lines(const struct hw_list *l, const enum hw_err *codes,
			       struct hw_error *errs, const char *name,
			       const struct hw_list_diag *diag, struct hw_error *err)
{
	size_t i, bad = 0;

	for (i = 0; i < l->count; i++) {
		if (!codes[i])
			continue;
		hw_error_at(&errs[i], name, l->entries[i].file_line, 0);
		tell(diag, &errs[i]);
		if (!bad++)
			*err = errs[i];
	}
	if (bad)
		return hw_error_set(err, HW_INVALID, "%s: %zu unreadable name%s in the list; "
				    "nothing was stored", name, bad, bad == 1 ? "" : "s");
	return HW_OK;
}

/* The matched list as a batch of entries. */
static enum hw_err make_batch(struct hw_list *l, const struct hw_match_result *results,
			      int64_t stage_id, const char *name, struct hw_xlist_batch **out,
			      struct hw_error *err)
{
	struct hw_xlist_batch *b = hw_calloc(1, sizeof(*b));
	enum hw_err rc = HW_OK;
	size_t i;

	if (!b || !(b->entries = hw_calloc(l->count, sizeof(*b->entries))) ||
	    !(b->file_lines = hw_calloc(l->count, sizeof(*b->file_lines))) ||
	    !(b->name = hw_strdup(name))) {
		hw_xlist_batch_free(b);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	b->stage_id = stage_id;
	for (i = 0; !rc && i < l->count; i++, b->n++) {
		b->file_lines[i] = l->entries[i].file_line;
		rc = make_entry(&l->entries[i], &results[i], &b->entries[i], &b->res, err);
	}
	if (rc) {
		hw_xlist_batch_free(b);
		return rc;
	}
	*out = b;
	return HW_OK;
}

enum hw_err hw_xlist_prepare(struct hw_store *st, struct hw_match_index *ix, int64_t stage_id,
			     FILE *in, const char *name, const struct hw_list_diag *diag,
			     unsigned threads, struct hw_xlist_batch **out,
			     struct hw_error *err)
{
	const struct hw_match_query **qs = NULL;
	struct hw_match_result *results = NULL;
	struct hw_error *errs = NULL;
	enum hw_err *codes = NULL, rc;
	struct hw_list list = { NULL, 0 };
	struct hw_stage s;
	size_t i;

	*out = NULL;
	hw_stage_init(&s);
	if ((rc = open_stage(st, stage_id, &s, err)))
		goto out;
	if ((rc = hw_list_read(in, name, diag, &list, err)))
		goto out;
	if (!list.count) {
		rc = hw_error_set(err, HW_INVALID, "%s: the list has no entries", name);
		goto out;
	}
	qs = hw_calloc(list.count, sizeof(*qs));
	results = hw_calloc(list.count, sizeof(*results));
	codes = hw_calloc(list.count, sizeof(*codes));
	errs = hw_calloc(list.count, sizeof(*errs));
	if (!qs || !results || !codes || !errs) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	for (i = 0; i < list.count; i++) {
		/* the other side hands over our own people */
		list.entries[i].query.restrict_custody = 1;
		list.entries[i].query.held_by = HW_CUSTODY_ADVERSARY;
		qs[i] = &list.entries[i].query;
	}
	if ((rc = hw_match_many(ix, qs, list.count, 5, threads, results, codes, errs, err)) ||
	    (rc = check_lines(&list, codes, errs, name, diag, err)))
		goto out;
	rc = make_batch(&list, results, stage_id, name, out, err);
out:
	hw_stage_release(&s);
	hw_list_release(&list);
	hw_free(qs);
	hw_free(results);
	hw_free(codes);
	hw_free(errs);
	return rc;
}

static enum hw_err store_entries(struct hw_store *st, struct hw_stage *s,
				 struct hw_xlist_batch *b, const char *actor, struct hw_error *err)
{
	char what[HW_ERROR_FILE_MAX + 160];
	enum hw_err rc;
	size_t i;

	if ((rc = stage_start(st, s, actor, err)))
		return rc;
	for (i = 0; i < b->n; i++) {
		b->entries[i].stage_id = s->id;
		if ((rc = hw_store_xentry_insert(st, &b->entries[i], "matcher", err))) {
			if (rc == HW_CONFLICT)
				hw_error_at(err, b->name, b->file_lines[i], 0);
			return rc;
		}
	}
	snprintf(what, sizeof(what), "list imported: %ld entries from %s (%ld pending, "
		 "%ld ambiguous, %ld not found)", b->res.entries, b->name, b->res.pending,
		 b->res.ambiguous, b->res.not_found);
	return hw_store_xlog_append(st, s->exchange_id, s->id, what, NULL, NULL, NULL, actor, err);
}

enum hw_err hw_xlist_store(struct hw_store *st, struct hw_xlist_batch *b, const char *actor,
			   struct hw_xlist_result *res, struct hw_error *err)
{
	struct hw_stage s;
	enum hw_err rc;

	memset(res, 0, sizeof(*res));
	hw_stage_init(&s);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = open_stage(st, b->stage_id, &s, err);
	if (!rc)
		rc = store_entries(st, &s, b, actor, err);
	rc = hw_store_unit_end(st, rc, err);
	if (!rc)
		*res = b->res;
	hw_stage_release(&s);
	return rc;
}

enum hw_err hw_xlist_import(struct hw_store *st, struct hw_match_index *ix, int64_t stage_id,
			    FILE *in, const char *name, FILE *diagnostics, unsigned threads,
			    const char *actor, struct hw_xlist_result *res, struct hw_error *err)
{
	struct hw_list_diag diag = { diagnostics, NULL, NULL };
	struct hw_xlist_batch *b = NULL;
	enum hw_err rc;

	memset(res, 0, sizeof(*res));
	rc = hw_xlist_prepare(st, ix, stage_id, in, name, &diag, threads, &b, err);
	if (!rc)
		rc = hw_xlist_store(st, b, actor, res, err);
	hw_xlist_batch_free(b);
	return rc;
}

/* ---- the outgoing list ----------------------------------------------------------- */

struct find_out {
	const char *line;
	int64_t id;
};

static int find_out_line(void *ctx, const struct hw_xentry *e)
{
	struct find_out *f = ctx;

	if (strcmp(e->line, f->line))
		return 0;
	f->id = e->id;
	return 1;
}

enum hw_err xlist_out_entry(struct hw_store *st, int64_t stage_id, const char *line,
			    enum hw_verify state, int64_t *id, struct hw_error *err)
{
	struct hw_xentry_filter f;
	struct find_out fo = { line, 0 };
	enum hw_err rc;

	memset(&f, 0, sizeof(f));
	f.has_direction = 1;
	f.direction = HW_DIRECTION_OUT;
	f.has_state = 1;
	f.state = state;
	rc = hw_store_xentry_each(st, stage_id, &f, find_out_line, &fo, err);
	*id = fo.id;
	return rc;
}

static enum hw_err add_out(struct hw_store *st, struct hw_stage *s, int64_t person_id,
			   const char *actor, struct hw_error *err)
{
	char pub[HW_PUBREF_MAX];
	struct hw_person p;
	struct hw_xentry e;
	int64_t again = 0;
	enum hw_err rc;

	hw_person_init(&p);
	hw_xentry_init(&e);
	hw_pubref_format(person_id, pub);
	if ((rc = hw_store_person_get(st, person_id, &p, err)))
		goto out;
	if (p.held_by != HW_CUSTODY_US) {
		rc = hw_error_set_field(err, HW_REFUSED, "person",
					"%s is one of ours held by the other side: the outgoing "
					"list holds persons in our custody", pub);
		goto out;
	}
	/* a listed person is refused by the store, naming the open list */
	if (p.status != HW_STATUS_CAPTIVE && p.status != HW_STATUS_LISTED) {
		rc = hw_error_set_field(err, HW_REFUSED, "person",
					"%s is %s: only a captive person can be handed over", pub,
					hw_vocab_code(&hw_vocab_status, p.status));
		goto out;
	}
	if ((rc = stage_start(st, s, actor, err)))
		goto out;
	if ((rc = xlist_out_entry(st, s->id, pub, HW_VERIFY_REJECTED, &again, err)))
		goto out;
	if (again) {
		/* taken off this list before: the same entry is confirmed again */
		rc = hw_store_xentry_decide(st, again, HW_VERIFY_CONFIRMED, person_id,
					    "added to the outgoing list again", actor, err);
		if (!rc)
			rc = list_event(st, person_id, HW_EVENT_LISTED, s, pub, NULL, actor, err);
		goto out;
	}
	e.stage_id = s->id;
	e.direction = HW_DIRECTION_OUT;
	e.line = pub;
	e.person_id = person_id;
	e.decision = HW_MATCH_NONE;
	e.state = HW_VERIFY_CONFIRMED;
	e.reason = (char *)"added to the outgoing list";
	rc = hw_store_xentry_insert(st, &e, actor, err);
	e.line = e.reason = NULL;
	if (!rc)
		rc = list_event(st, person_id, HW_EVENT_LISTED, s, pub, NULL, actor, err);
out:
	hw_xentry_release(&e);
	hw_person_release(&p);
	return rc;
}

enum hw_err hw_xlist_add_out(struct hw_store *st, int64_t stage_id, int64_t person_id,
			     const char *actor, struct hw_error *err)
{
	struct hw_stage s;
	enum hw_err rc;

	hw_stage_init(&s);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = open_stage(st, stage_id, &s, err);
	if (!rc)
		rc = add_out(st, &s, person_id, actor, err);
	hw_stage_release(&s);
	return hw_store_unit_end(st, rc, err);
}

enum hw_err entry_unlist(struct hw_store *st, int64_t entry_id, const char *reason,
			 const char *actor, struct hw_error *err)
{
	struct hw_xentry e;
	struct hw_stage s;
	struct hw_person p;
	enum hw_err rc;

	hw_xentry_init(&e);
	hw_stage_init(&s);
	hw_person_init(&p);
	if ((rc = hw_store_xentry_get(st, entry_id, &e, err)) ||
	    (rc = hw_store_stage_get(st, e.stage_id, &s, err)))
		goto out;
	if (e.person_id > 0 && e.state == HW_VERIFY_CONFIRMED) {
		if ((rc = hw_store_person_get(st, e.person_id, &p, err)))
			goto out;
		if (p.status == HW_STATUS_LISTED &&
		    (rc = list_event(st, e.person_id, HW_EVENT_REMOVED_FROM_LIST, &s, e.line, reason,
				     actor, err)))
			goto out;
	}
	rc = hw_store_xentry_decide(st, entry_id, HW_VERIFY_REJECTED, 0, reason, actor, err);
out:
	hw_xentry_release(&e);
	hw_stage_release(&s);
	hw_person_release(&p);
	return rc;
}

static enum hw_err unlist_open(struct hw_store *st, int64_t entry_id, enum hw_direction dir,
			       const char *reason, const char *actor, struct hw_error *err)
{
	struct hw_xentry e;
	struct hw_stage s;
	enum hw_err rc;

	hw_xentry_init(&e);
	hw_stage_init(&s);
	if ((rc = open_entry(st, entry_id, &e, &s, err)))
		goto out;
	if (e.direction != dir)
		rc = hw_error_set(err, HW_REFUSED, dir == HW_DIRECTION_IN
				  ? "line %s is on the outgoing list: take the person off it instead"
				  : "line %s is on the incoming list: reject it instead", e.line);
	else if (e.state == HW_VERIFY_REJECTED)
		rc = hw_error_set(err, HW_REFUSED, "line %s is %s already", e.line,
				  dir == HW_DIRECTION_IN ? "rejected" : "off the list");
	else
		rc = entry_unlist(st, entry_id, reason, actor, err);
out:
	hw_xentry_release(&e);
	hw_stage_release(&s);
	return rc;
}

/* Rejects an incoming entry, or takes an outgoing person off the list. */
static enum hw_err take_off(struct hw_store *st, int64_t entry_id, enum hw_direction dir,
			    const char *reason, const char *actor, struct hw_error *err)
{
	enum hw_err rc;

	if (!reason || !*reason)
		return hw_error_set_field(err, HW_INVALID, "reason", "%s needs a reason",
					  dir == HW_DIRECTION_IN ? "a rejection"
								 : "taking someone off a list");
	if ((rc = xtext_check("reason", reason, 2000, 1, err)))
		return rc;
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = unlist_open(st, entry_id, dir, reason, actor, err);
	return hw_store_unit_end(st, rc, err);
}

enum hw_err hw_xlist_remove(struct hw_store *st, int64_t entry_id, const char *reason,
			    const char *actor, struct hw_error *err)
{
	return take_off(st, entry_id, HW_DIRECTION_OUT, reason, actor, err);
}

enum hw_err hw_xentry_each(struct hw_store *st, int64_t stage_id,
			   const struct hw_xentry_filter *filter, hw_xentry_cb cb, void *ctx,
			   struct hw_error *err)
{
	return hw_store_xentry_each(st, stage_id, filter, cb, ctx, err);
}

enum hw_err hw_xentry_get(struct hw_store *st, int64_t id, struct hw_xentry *out,
			  struct hw_error *err)
{
	return hw_store_xentry_get(st, id, out, err);
}

enum hw_err hw_xentry_by_line(struct hw_store *st, int64_t stage_id, const char *line,
			      int64_t *id, struct hw_error *err)
{
	return hw_store_xentry_by_line(st, stage_id, line, id, err);
}

enum hw_err hw_xentry_history(struct hw_store *st, int64_t entry_id, hw_xdecision_cb cb,
			      void *ctx, struct hw_error *err)
{
	return hw_store_xentry_history(st, entry_id, cb, ctx, err);
}

/* ---- verification ------------------------------------------------------------------ */

/* 1 when the matcher proposed `person_id` among the entry's candidates. */
static int among_candidates(const struct hw_xentry *e, int64_t person_id)
{
	json_t *o, *arr, *c;
	size_t i;
	int found = 0;

	if (!e->candidates || !(o = json_loads(e->candidates, 0, NULL)))
		return 0;
	arr = json_object_get(o, "candidates");
	json_array_foreach(arr, i, c)
		if (json_integer_value(json_object_get(c, "id")) == person_id)
			found = 1;
	json_decref(o);
	return found;
}

static enum hw_err check_returnee(struct hw_store *st, int64_t person_id, struct hw_error *err)
{
	char pub[HW_PUBREF_MAX];
	struct hw_person p;
	enum hw_err rc;

	hw_person_init(&p);
	hw_pubref_format(person_id, pub);
	if ((rc = hw_store_person_get(st, person_id, &p, err)))
		goto out;
	if (p.held_by != HW_CUSTODY_ADVERSARY)
		rc = hw_error_set_field(err, HW_REFUSED, "person",
					"%s is in our custody: the incoming list names our people "
					"held by the other side", pub);
	else if (p.status != HW_STATUS_CAPTIVE && p.status != HW_STATUS_MISSING &&
		 p.status != HW_STATUS_LISTED)
		rc = hw_error_set_field(err, HW_REFUSED, "person",
					"%s is %s: only a person missing or in captivity can come "
					"home in an exchange", pub,
					hw_vocab_code(&hw_vocab_status, p.status));
out:
	hw_person_release(&p);
	return rc;
}

static enum hw_err confirm(struct hw_store *st, int64_t entry_id, int64_t person_id,
			   const char *reason, const char *actor, struct hw_error *err)
{
	char pub[HW_PUBREF_MAX];
	struct hw_xentry e;
	struct hw_stage s;
	enum hw_err rc;

	hw_xentry_init(&e);
	hw_stage_init(&s);
	if ((rc = open_entry(st, entry_id, &e, &s, err)))
		goto out;
	if (e.direction != HW_DIRECTION_IN) {
		rc = hw_error_set(err, HW_REFUSED, "line %s is on the outgoing list: only incoming "
				  "entries are verified", e.line);
		goto out;
	}
	if (!person_id)
		person_id = e.state == HW_VERIFY_PENDING ? e.proposed_id : 0;
	if (!person_id) {
		rc = hw_error_set_field(err, HW_INVALID, "person",
					"line %s is %s: name the person to confirm (--person; the "
					"candidates: homeward exchange entry)", e.line,
					hw_vocab_code(&hw_vocab_verify, e.state));
		goto out;
	}
	hw_pubref_format(person_id, pub);
	if (e.state == HW_VERIFY_CONFIRMED && e.person_id == person_id) {
		rc = hw_error_set(err, HW_REFUSED, "line %s is confirmed as %s already", e.line,
				  pub);
		goto out;
	}
	if ((!reason || !*reason) && !among_candidates(&e, person_id)) {
		rc = hw_error_set_field(err, HW_INVALID, "reason",
					"%s is not among the matcher's candidates for line %s: "
					"say why it is this person", pub, e.line);
		goto out;
	}
	if ((rc = check_returnee(st, person_id, err)))
		goto out;
	if (e.state == HW_VERIFY_CONFIRMED && e.person_id > 0 &&
	    (rc = list_event(st, e.person_id, HW_EVENT_REMOVED_FROM_LIST, &s, e.line,
			     "the entry was confirmed as another person", actor, err)))
		goto out;
	if ((rc = hw_store_xentry_decide(st, entry_id, HW_VERIFY_CONFIRMED, person_id, reason,
					 actor, err)))
		goto out;
	rc = list_event(st, person_id, HW_EVENT_LISTED, &s, e.line, reason, actor, err);
out:
	hw_xentry_release(&e);
	hw_stage_release(&s);
	return rc;
}

enum hw_err hw_xentry_confirm(struct hw_store *st, int64_t entry_id, int64_t person_id,
			      const char *reason, const char *actor, struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = xtext_check("reason", reason, 2000, 0, err)))
		return rc;
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = confirm(st, entry_id, person_id, reason, actor, err);
	return hw_store_unit_end(st, rc, err);
}

enum hw_err hw_xentry_reject(struct hw_store *st, int64_t entry_id, const char *reason,
			     const char *actor, struct hw_error *err)
{
	return take_off(st, entry_id, HW_DIRECTION_IN, reason, actor, err);
}
