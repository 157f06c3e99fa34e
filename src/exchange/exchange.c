/*
 * exchange.c - agreements and stages: the vocabularies of the ledger, the
 * one table of state transitions, references, and the operations that
 * create agreements and stages and move them between states.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "homeward/alloc.h"
#include "homeward/exchange.h"
#include "homeward/registry.h"
#include "exchange/exchange_int.h"
#include "core/banned.h"

#define ROW4(e, c, en, uk) { c, en, uk },
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct hw_vocab_entry xstate_e[] = { HW_XSTATE_MAP(ROW4) };
static const struct hw_vocab_entry verify_e[] = { HW_VERIFY_MAP(ROW4) };
static const struct hw_vocab_entry direction_e[] = { HW_DIRECTION_MAP(ROW4) };
static const struct hw_vocab_entry priority_e[] = { HW_PRIORITY_MAP(ROW4) };

const struct hw_vocab hw_vocab_xstate = { "state", xstate_e, COUNT(xstate_e), 0 };
const struct hw_vocab hw_vocab_verify = { "verification state", verify_e, COUNT(verify_e), 0 };
const struct hw_vocab hw_vocab_direction = { "direction", direction_e, COUNT(direction_e), 0 };
const struct hw_vocab hw_vocab_priority = { "priority rule", priority_e, COUNT(priority_e), 0 };

#define XS(x) (1u << HW_XSTATE_##x)

/* The states each state may go to; completed and cancelled are final. */
static const unsigned next_states[] = {
	[HW_XSTATE_PLANNED] = XS(IN_PROGRESS) | XS(CANCELLED),
	[HW_XSTATE_IN_PROGRESS] = XS(COMPLETED) | XS(CANCELLED),
	[HW_XSTATE_COMPLETED] = 0,
	[HW_XSTATE_CANCELLED] = 0,
};

int hw_xstate_allowed(enum hw_xstate from, enum hw_xstate to)
{
	return (int)from >= 0 && from <= HW_XSTATE_CANCELLED && (int)to >= 0 &&
	       to <= HW_XSTATE_CANCELLED && (next_states[from] & (1u << to));
}

enum hw_err xstate_check(const char *what, enum hw_xstate from, enum hw_xstate to,
			 struct hw_error *err)
{
	if (hw_xstate_allowed(from, to))
		return HW_OK;
	if (from == to)
		return hw_error_set_field(err, HW_REFUSED, "state", "the %s is %s already", what,
					  hw_vocab_code(&hw_vocab_xstate, from));
	if (!next_states[from])
		return hw_error_set_field(err, HW_REFUSED, "state",
					  "the %s is %s, which is final: it cannot become %s", what,
					  hw_vocab_code(&hw_vocab_xstate, from),
					  hw_vocab_code(&hw_vocab_xstate, to));
	return hw_error_set_field(err, HW_REFUSED, "state", "%s %s that is %s cannot become %s",
				  strchr("aeiou", what[0]) ? "an" : "a", what,
				  hw_vocab_code(&hw_vocab_xstate, from),
				  hw_vocab_code(&hw_vocab_xstate, to));
}

void hw_exchange_ref_format(int64_t id, char out[HW_XREF_MAX])
{
	snprintf(out, HW_XREF_MAX, "EX-%06" PRId64, id);
}

void hw_stage_ref_format(int64_t exchange_id, int number, char out[HW_XREF_MAX])
{
	snprintf(out, HW_XREF_MAX, "EX-%06" PRId64 "/%d", exchange_id, number);
}

void hw_exchange_init(struct hw_exchange *x)
{
	memset(x, 0, sizeof(*x));
	x->quota_in = x->quota_out = HW_COUNT_UNKNOWN;
}

void hw_exchange_release(struct hw_exchange *x)
{
	hw_free(x->name);
	hw_free(x->place);
	hw_free(x->mediators);
	hw_free(x->notes);
	hw_free(x->created_at);
	hw_free(x->created_by);
	hw_exchange_init(x);
}

void hw_stage_init(struct hw_stage *s)
{
	memset(s, 0, sizeof(*s));
	s->planned_in = s->planned_out = HW_COUNT_UNKNOWN;
	s->counted_in = s->counted_out = HW_COUNT_UNKNOWN;
}

void hw_stage_release(struct hw_stage *s)
{
	hw_free(s->force_reason);
	hw_free(s->completed_at);
	hw_free(s->completed_by);
	hw_stage_init(s);
}

void hw_xentry_init(struct hw_xentry *e)
{
	memset(e, 0, sizeof(*e));
}

void hw_xentry_release(struct hw_xentry *e)
{
	hw_free(e->line);
	hw_free(e->full_name);
	hw_free(e->family);
	hw_free(e->given);
	hw_free(e->patronymic);
	hw_free(e->birth_date);
	hw_free(e->unit);
	hw_free(e->notes);
	hw_free(e->candidates);
	hw_free(e->decided_by);
	hw_free(e->decided_at);
	hw_free(e->reason);
	hw_xentry_init(e);
}

/* ---- validation ----------------------------------------------------------- */

enum hw_err xtext_check(const char *field, const char *text, size_t max, int required,
			struct hw_error *err)
{
	const char *p;

	if (!text || !*text)
		return required ? hw_error_set_field(err, HW_INVALID, field, "%s is required", field)
				: HW_OK;
	if (strlen(text) > max)
		return hw_error_set_field(err, HW_INVALID, field, "longer than %zu bytes", max);
	for (p = text; *p; p++)
		if ((unsigned char)*p < 0x20)
			return hw_error_set_field(err, HW_INVALID, field,
						  "contains a control character");
	return HW_OK;
}

static enum hw_err count_check(const char *field, int n, struct hw_error *err)
{
	if (n < HW_COUNT_UNKNOWN || n > 1000000)
		return hw_error_set_field(err, HW_INVALID, field, "must be 0 to 1000000");
	return HW_OK;
}

static enum hw_err date_check(const char *field, const struct hw_date *d, struct hw_error *err)
{
	struct hw_date today = hw_date_today();

	if (hw_date_is_known(d) && hw_date_cmp(d, &today) > 0 && d->year > today.year + 5)
		return hw_error_set_field(err, HW_INVALID, field, "too far in the future");
	if (hw_date_is_known(d) && d->year < 1900)
		return hw_error_set_field(err, HW_INVALID, field, "before 1900");
	return HW_OK;
}

static enum hw_err exchange_check(const struct hw_exchange *x, struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = xtext_check("name", x->name, 200, 1, err)) ||
	    (rc = xtext_check("place", x->place, 200, 0, err)) ||
	    (rc = xtext_check("mediators", x->mediators, 500, 0, err)) ||
	    (rc = xtext_check("notes", x->notes, 4000, 0, err)) ||
	    (rc = count_check("quota_in", x->quota_in, err)) ||
	    (rc = count_check("quota_out", x->quota_out, err)) ||
	    (rc = date_check("agreed_on", &x->agreed_on, err)))
		return rc;
	if (x->national_number < 0 || x->national_number > 100000)
		return hw_error_set_field(err, HW_INVALID, "national_number", "must be 1 to 100000");
	if (x->name[0] == ' ' || x->name[strlen(x->name) - 1] == ' ')
		return hw_error_set_field(err, HW_INVALID, "name", "starts or ends with a blank");
	if (!strncmp(x->name, "EX-", 3) || strchr(x->name, '/'))
		return hw_error_set_field(err, HW_INVALID, "name",
					  "may not start with 'EX-' or contain '/' (they name "
					  "references)");
	return HW_OK;
}

/* ---- agreements ------------------------------------------------------------ */

enum hw_err hw_exchange_create(struct hw_store *st, struct hw_exchange *x, const char *actor,
			       struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = exchange_check(x, err)))
		return rc;
	x->state = x->historic ? HW_XSTATE_COMPLETED : HW_XSTATE_PLANNED;
	hw_free(x->created_by);
	if (actor && !(x->created_by = hw_strdup(actor)))
		return hw_error_set(err, HW_NOMEM, NULL);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = hw_store_exchange_insert(st, x, err);
	if (!rc)
		rc = hw_store_xlog_append(st, x->id, 0, "agreement recorded", NULL,
					  hw_vocab_code(&hw_vocab_xstate, x->state), NULL, actor,
					  err);
	return hw_store_unit_end(st, rc, err);
}

enum hw_err hw_exchange_get(struct hw_store *st, int64_t id, struct hw_exchange *out,
			    struct hw_error *err)
{
	return hw_store_exchange_get(st, id, out, err);
}

/* Parses "EX-000052" or "52"; 1 when it is one. */
static int parse_exchange_id(const char *ref, int64_t *id)
{
	const char *p = ref;
	char *end;
	long long v;

	if (!strncmp(p, "EX-", 3) || !strncmp(p, "ex-", 3))
		p += 3;
	if (!isdigit((unsigned char)*p))
		return 0;
	v = strtoll(p, &end, 10);
	if (*end || v <= 0)
		return 0;
	*id = v;
	return 1;
}

enum hw_err hw_exchange_resolve(struct hw_store *st, const char *ref, int64_t *id,
				struct hw_error *err)
{
	struct hw_exchange x;
	enum hw_err rc;
	int64_t v;

	if (!ref || !*ref)
		return hw_error_set_field(err, HW_INVALID, "exchange", "no agreement given");
	if (hw_store_exchange_by_name(st, ref, id, NULL) == HW_OK)
		return HW_OK;
	if (!parse_exchange_id(ref, &v))
		return hw_error_set_field(err, HW_NOT_FOUND, "exchange",
					  "no agreement '%s' (give its name, EX-NNNNNN or its "
					  "number)", ref);
	hw_exchange_init(&x);
	rc = hw_store_exchange_get(st, v, &x, NULL);
	hw_exchange_release(&x);
	if (rc == HW_NOT_FOUND)
		return hw_error_set_field(err, HW_NOT_FOUND, "exchange", "no agreement '%s'", ref);
	if (rc)
		return hw_store_exchange_get(st, v, &x, err);
	*id = v;
	return HW_OK;
}

enum hw_err hw_exchange_each(struct hw_store *st, hw_exchange_cb cb, void *ctx,
			     struct hw_error *err)
{
	return hw_store_exchange_each(st, cb, ctx, err);
}

struct open_stages {
	int64_t ids[256];
	size_t n;
	int more;
};

static int collect_open(void *ctx, const struct hw_stage *s)
{
	struct open_stages *o = ctx;

	if (s->state == HW_XSTATE_COMPLETED || s->state == HW_XSTATE_CANCELLED)
		return 0;
	if (o->n == sizeof(o->ids) / sizeof(o->ids[0])) {
		o->more = 1;
		return 1;
	}
	o->ids[o->n++] = s->id;
	return 0;
}

static enum hw_err set_exchange_state(struct hw_store *st, struct hw_exchange *x,
				      enum hw_xstate to, const char *reason, const char *actor,
				      struct hw_error *err)
{
	struct open_stages open;
	enum hw_err rc;
	size_t i;

	if ((rc = xstate_check("agreement", x->state, to, err)))
		return rc;
	memset(&open, 0, sizeof(open));
	if ((rc = hw_store_stage_each(st, x->id, collect_open, &open, err)))
		return rc;
	if (open.more)
		return hw_error_set(err, HW_REFUSED, "the agreement has too many open stages");
	if (to == HW_XSTATE_COMPLETED && open.n)
		return hw_error_set_field(err, HW_REFUSED, "state",
					  "%zu stage%s of the agreement %s still open: complete or "
					  "cancel %s first", open.n, open.n == 1 ? "" : "s",
					  open.n == 1 ? "is" : "are", open.n == 1 ? "it" : "them");
	for (i = 0; to == HW_XSTATE_CANCELLED && i < open.n; i++)
		if ((rc = stage_cancel(st, open.ids[i], reason, actor, err)))
			return rc;
	if ((rc = hw_store_exchange_set_state(st, x->id, to, err)))
		return rc;
	return hw_store_xlog_append(st, x->id, 0, "agreement state",
				    hw_vocab_code(&hw_vocab_xstate, x->state),
				    hw_vocab_code(&hw_vocab_xstate, to), reason, actor, err);
}

enum hw_err hw_exchange_set_state(struct hw_store *st, int64_t id, enum hw_xstate to,
				  const char *reason, const char *actor, struct hw_error *err)
{
	struct hw_exchange x;
	enum hw_err rc;

	if (to == HW_XSTATE_CANCELLED && (!reason || !*reason))
		return hw_error_set_field(err, HW_INVALID, "reason",
					  "cancelling an agreement needs a reason");
	if ((rc = xtext_check("reason", reason, 2000, 0, err)))
		return rc;
	hw_exchange_init(&x);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = hw_store_exchange_get(st, id, &x, err);
	if (!rc)
		rc = set_exchange_state(st, &x, to, reason, actor, err);
	hw_exchange_release(&x);
	return hw_store_unit_end(st, rc, err);
}

/* Moves the agreement in progress when it is still planned. */
enum hw_err exchange_touch(struct hw_store *st, int64_t exchange_id, const char *actor,
			   struct hw_error *err)
{
	struct hw_exchange x;
	enum hw_err rc;

	hw_exchange_init(&x);
	rc = hw_store_exchange_get(st, exchange_id, &x, err);
	if (!rc && x.state == HW_XSTATE_PLANNED)
		rc = set_exchange_state(st, &x, HW_XSTATE_IN_PROGRESS, "a stage began", actor, err);
	hw_exchange_release(&x);
	return rc;
}

/* ---- stages ----------------------------------------------------------------- */

static enum hw_err add_stage(struct hw_store *st, struct hw_stage *s, const char *actor,
			     struct hw_error *err)
{
	struct hw_exchange x;
	char now[32];
	enum hw_err rc;

	hw_exchange_init(&x);
	if ((rc = hw_store_exchange_get(st, s->exchange_id, &x, err)))
		goto out;
	if (x.state == HW_XSTATE_COMPLETED && !x.historic) {
		rc = hw_error_set(err, HW_REFUSED, "the agreement is completed: no new stage");
		goto out;
	}
	if (x.state == HW_XSTATE_CANCELLED) {
		rc = hw_error_set(err, HW_REFUSED, "the agreement is cancelled: no new stage");
		goto out;
	}
	if (x.historic) {
		if (s->counted_in < 0 && s->counted_out < 0) {
			rc = hw_error_set_field(err, HW_INVALID, "counted_in",
						"a stage of a historic exchange needs its counts");
			goto out;
		}
		s->state = HW_XSTATE_COMPLETED;
		xnow(now);
		hw_free(s->completed_at);
		hw_free(s->completed_by);
		s->completed_at = hw_strdup(now);
		s->completed_by = actor ? hw_strdup(actor) : NULL;
		if (!s->completed_at || (actor && !s->completed_by)) {
			rc = hw_error_set(err, HW_NOMEM, NULL);
			goto out;
		}
	} else {
		if (s->counted_in >= 0 || s->counted_out >= 0) {
			rc = hw_error_set_field(err, HW_INVALID, "counted_in",
						"counts are recorded for historic exchanges only; "
						"this one counts its persons");
			goto out;
		}
		s->state = HW_XSTATE_PLANNED;
	}
	if ((rc = hw_store_stage_insert(st, s, err)))
		goto out;
	rc = hw_store_xlog_append(st, s->exchange_id, s->id, "stage added", NULL,
				  hw_vocab_code(&hw_vocab_xstate, s->state), NULL, actor, err);
out:
	hw_exchange_release(&x);
	return rc;
}

enum hw_err hw_stage_add(struct hw_store *st, struct hw_stage *s, const char *actor,
			 struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = count_check("planned_in", s->planned_in, err)) ||
	    (rc = count_check("planned_out", s->planned_out, err)) ||
	    (rc = count_check("counted_in", s->counted_in, err)) ||
	    (rc = count_check("counted_out", s->counted_out, err)) ||
	    (rc = date_check("date", &s->date, err)))
		return rc;
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = add_stage(st, s, actor, err);
	return hw_store_unit_end(st, rc, err);
}

enum hw_err hw_stage_get(struct hw_store *st, int64_t id, struct hw_stage *out,
			 struct hw_error *err)
{
	return hw_store_stage_get(st, id, out, err);
}

static int count_stages(void *ctx, const struct hw_stage *s)
{
	int64_t *only = ctx;

	only[0]++;
	only[1] = s->id;
	return 0;
}

enum hw_err hw_stage_resolve(struct hw_store *st, const char *ref, int64_t *id,
			     struct hw_error *err)
{
	const char *slash;
	char agreement[256];
	int64_t xid, only[2] = { 0, 0 };
	enum hw_err rc;
	char *end;
	long number;

	if (!ref || !*ref)
		return hw_error_set_field(err, HW_INVALID, "stage", "no stage given");
	slash = strrchr(ref, '/');
	if (!slash) {
		if ((rc = hw_exchange_resolve(st, ref, &xid, err)))
			return rc;
		if ((rc = hw_store_stage_each(st, xid, count_stages, only, err)))
			return rc;
		if (only[0] != 1)
			return hw_error_set_field(err, HW_INVALID, "stage",
						  "the agreement has %" PRId64 " stages: name one "
						  "as %s/N", only[0], ref);
		*id = only[1];
		return HW_OK;
	}
	if ((size_t)(slash - ref) >= sizeof(agreement))
		return hw_error_set_field(err, HW_INVALID, "stage", "reference too long");
	memcpy(agreement, ref, (size_t)(slash - ref));
	agreement[slash - ref] = '\0';
	number = strtol(slash + 1, &end, 10);
	if (!slash[1] || *end || number < 1 || number > 100000)
		return hw_error_set_field(err, HW_INVALID, "stage",
					  "'%s' is not a stage (AGREEMENT/NUMBER, e.g. EX-000052/1)",
					  ref);
	if ((rc = hw_exchange_resolve(st, agreement, &xid, err)))
		return rc;
	rc = hw_store_stage_by_number(st, xid, (int)number, id, err);
	if (rc == HW_NOT_FOUND)
		hw_error_set_field(err, HW_NOT_FOUND, "stage", "no stage %s", ref);
	return rc;
}

enum hw_err hw_stage_each(struct hw_store *st, int64_t exchange_id, hw_stage_cb cb, void *ctx,
			  struct hw_error *err)
{
	return hw_store_stage_each(st, exchange_id, cb, ctx, err);
}

static int entry_ids(void *ctx, const struct hw_xentry *e)
{
	struct hw_ids *l = ctx;

	if (e->person_id <= 0 || e->state == HW_VERIFY_REJECTED)
		return 0;
	return hw_ids_push(l, e->id) ? 1 : 0;
}

/* Takes every listed person of the stage off its lists (cancellation). */
static enum hw_err unlist_all(struct hw_store *st, int64_t stage_id, const char *reason,
			      const char *actor, struct hw_error *err)
{
	struct hw_ids ids = { NULL, 0, 0, 0 };
	enum hw_err rc;
	size_t i;

	rc = hw_store_xentry_each(st, stage_id, NULL, entry_ids, &ids, err);
	if (!rc && ids.failed)
		rc = hw_error_set(err, HW_NOMEM, NULL);
	for (i = 0; !rc && i < ids.n; i++)
		rc = entry_unlist(st, ids.v[i], reason, actor, err);
	hw_ids_release(&ids);
	return rc;
}

enum hw_err stage_cancel(struct hw_store *st, int64_t stage_id, const char *reason,
			 const char *actor, struct hw_error *err)
{
	struct hw_stage s;
	enum hw_err rc;
	enum hw_xstate from;

	hw_stage_init(&s);
	if ((rc = hw_store_stage_get(st, stage_id, &s, err)))
		goto out;
	if ((rc = xstate_check("stage", s.state, HW_XSTATE_CANCELLED, err)))
		goto out;
	if ((rc = unlist_all(st, stage_id, reason, actor, err)))
		goto out;
	from = s.state;
	s.state = HW_XSTATE_CANCELLED;
	if ((rc = hw_store_stage_update(st, &s, err)) ||
	    (rc = hw_store_stage_close_lists(st, stage_id, err)))
		goto out;
	rc = hw_store_xlog_append(st, s.exchange_id, s.id, "stage state",
				  hw_vocab_code(&hw_vocab_xstate, from),
				  hw_vocab_code(&hw_vocab_xstate, s.state), reason, actor, err);
out:
	hw_stage_release(&s);
	return rc;
}

enum hw_err stage_start(struct hw_store *st, struct hw_stage *s, const char *actor,
			struct hw_error *err)
{
	enum hw_err rc;

	if (s->state == HW_XSTATE_IN_PROGRESS)
		return HW_OK;
	if ((rc = xstate_check("stage", s->state, HW_XSTATE_IN_PROGRESS, err)))
		return rc;
	s->state = HW_XSTATE_IN_PROGRESS;
	if ((rc = hw_store_stage_update(st, s, err)) ||
	    (rc = hw_store_xlog_append(st, s->exchange_id, s->id, "stage state", "planned",
				       "in_progress", NULL, actor, err)))
		return rc;
	return exchange_touch(st, s->exchange_id, actor, err);
}

enum hw_err hw_stage_set_state(struct hw_store *st, int64_t id, enum hw_xstate to,
			       const char *reason, const char *actor, struct hw_error *err)
{
	struct hw_stage s;
	enum hw_err rc;

	if (to == HW_XSTATE_COMPLETED)
		return hw_error_set_field(err, HW_REFUSED, "state",
					  "a stage is completed by completing it "
					  "(hw_stage_complete, `homeward exchange complete`)");
	if (to == HW_XSTATE_CANCELLED && (!reason || !*reason))
		return hw_error_set_field(err, HW_INVALID, "reason",
					  "cancelling a stage needs a reason");
	if ((rc = xtext_check("reason", reason, 2000, 0, err)))
		return rc;
	hw_stage_init(&s);
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	if (to == HW_XSTATE_CANCELLED) {
		rc = stage_cancel(st, id, reason, actor, err);
	} else if (!(rc = hw_store_stage_get(st, id, &s, err))) {
		if (s.state == to)
			rc = xstate_check("stage", s.state, to, err);
		else if (to == HW_XSTATE_IN_PROGRESS)
			rc = stage_start(st, &s, actor, err);
		else
			rc = xstate_check("stage", s.state, to, err);
	}
	hw_stage_release(&s);
	return hw_store_unit_end(st, rc, err);
}

void xnow(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

