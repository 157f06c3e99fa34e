/*
 * demo.c - the demo database (homeward/demo.h).
 *
 * The order of the build is that of an office's work:
 *   1. the background registry: generated persons, as reported over the
 *      years (missing, captive, some returned);
 *   2. the persons of each exchange, registered as captive (people.c,
 *      specs.c), and the detainees who will be handed over;
 *   3. the candidate index of the registry;
 *   4. for each agreement and stage: the agreement and stage recorded, the
 *      other side's list written (listwrite.c), imported through the
 *      matcher, every entry decided by the verifier (verify.c), the
 *      detainees put on the outgoing list, the stage completed on its
 *      date; the agreement completed;
 *   5. the open agreement, its list imported and partly verified.
 * Each step is atomic (a transaction, or a ledger call's own); the whole
 * is not, which is why the command builds into a temporary file.
 */
#include <stdarg.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/demo.h"
#include "homeward/exchange.h"
#include "homeward/generate.h"
#include "homeward/match.h"
#include "homeward/registry.h"
#include "demo/demo_int.h"
#include "demo/specs.h"
#include "demo/verify.h"
#include "core/banned.h"

#define ACTOR "demo"
#define HISTORIC_NAME "Exchanges 1 to 51 (before 31 May 2024)"
#define OPEN_NAME "Demo: next exchange"

/* What the build holds while it runs. */
struct build {
	struct hw_store *st;
	const struct hw_demo_options *o;
	struct hw_demo_result *res;
	struct demo_pool pool;
	struct hw_match_index *ix;
	int64_t source_id;
	/* our people and the detainees of each stage, registered */
	struct hw_person *ours[DEMO_SPEC__COUNT];
	size_t nours[DEMO_SPEC__COUNT];
	int64_t *theirs[DEMO_SPEC__COUNT];
	size_t ntheirs[DEMO_SPEC__COUNT];
};

void hw_demo_options_init(struct hw_demo_options *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->background = HW_DEMO_BACKGROUND_DEFAULT;
	o->threads = 1;
}

__attribute__((format(printf, 2, 3)))
static void say(const struct build *b, const char *fmt, ...)
{
	va_list ap;

	if (!b->o->progress)
		return;
	va_start(ap, fmt);
	fputs("demo: ", b->o->progress);
	vfprintf(b->o->progress, fmt, ap);
	fputc('\n', b->o->progress);
	va_end(ap);
	fflush(b->o->progress);
}

/* ---- the registry -------------------------------------------------------- */

static enum hw_err add_source(struct build *b, struct hw_error *err)
{
	struct hw_source s;
	enum hw_err rc;

	memset(&s, 0, sizeof(s));
	s.kind = HW_SOURCE_REGISTRY_IMPORT;
	s.title = (char *)"demo: synthetic registry (homeward demo; no real person)";
	s.reliability = HW_RELIABILITY_MEDIUM;
	rc = hw_store_source_add(b->st, &s, err);
	b->source_id = s.id;
	s.title = NULL;
	hw_source_release(&s);
	return rc;
}

static enum hw_err register_person(struct build *b, struct hw_person *p, enum hw_status status,
				   struct hw_error *err)
{
	return hw_registry_person_add(b->st, p, status, &p->captured_on, b->source_id, ACTOR, err);
}

static enum hw_err add_background(struct build *b, struct hw_error *err)
{
	struct hw_gen_options go;
	struct hw_gen *g = NULL;
	struct hw_person p;
	long i;
	enum hw_err rc;

	hw_gen_options_init(&go);
	go.seed = b->o->seed;
	if ((rc = hw_gen_new(&g, &go, err)))
		return rc;
	hw_person_init(&p);
	for (i = 0; i < b->o->background && !rc; i++) {
		rc = hw_gen_person(g, (uint64_t)i, &p, err);
		if (!rc)
			rc = register_person(b, &p, p.status, err);
		hw_person_release(&p);
	}
	hw_gen_free(g);
	return rc;
}

/* Registers the persons of every stage and their detainees. */
static enum hw_err add_exchange_persons(struct build *b, struct hw_error *err)
{
	struct hw_person p;
	size_t s, i, n;
	enum hw_err rc = HW_OK;

	for (s = 0; s < DEMO_SPEC__COUNT && !rc; s++) {
		rc = demo_people_make(&b->pool, &demo_specs[s], &b->ours[s], &b->nours[s], err);
		for (i = 0; !rc && i < b->nours[s]; i++)
			rc = register_person(b, &b->ours[s][i], HW_STATUS_CAPTIVE, err);
		n = s == DEMO_SPEC_NEXT ? 10 : b->nours[s];
		if (!rc && !(b->theirs[s] = hw_calloc(n, sizeof(int64_t))))
			rc = hw_error_set(err, HW_NOMEM, NULL);
		for (i = 0; !rc && i < n; i++) {
			hw_person_init(&p);
			rc = demo_pool_draw(&b->pool, HW_CUSTODY_US, HW_SEX_UNKNOWN,
					    &demo_specs[s].date, &p, err);
			if (!rc)
				rc = register_person(b, &p, HW_STATUS_CAPTIVE, err);
			b->theirs[s][i] = p.id;
			hw_person_release(&p);
		}
		if (!rc)
			b->ntheirs[s] = n;
	}
	return rc;
}

static enum hw_err in_transaction(struct build *b,
				  enum hw_err (*fn)(struct build *, struct hw_error *),
				  struct hw_error *err)
{
	enum hw_err rc = hw_store_begin(b->st, err);

	if (rc)
		return rc;
	rc = fn(b, err);
	if (rc) {
		hw_store_rollback(b->st);
		return rc;
	}
	return hw_store_commit(b->st, err);
}

static enum hw_err registry(struct build *b, struct hw_error *err)
{
	struct hw_person_filter all;
	int64_t n = 0, *changed = NULL;
	size_t nchanged = 0;
	enum hw_err rc;

	memset(&all, 0, sizeof(all));
	if ((rc = in_transaction(b, add_source, err)) ||
	    (rc = in_transaction(b, add_background, err)))
		return rc;
	say(b, "registry: %ld background persons", b->o->background);
	if ((rc = in_transaction(b, add_exchange_persons, err)))
		return rc;
	if ((rc = hw_store_person_count(b->st, &all, &n, err)))
		return rc;
	b->res->persons = (long)n;
	say(b, "registry: %ld persons in all, with those of the exchanges", (long)n);
	/* the index is built from what is stored now: forget the writes so far,
	 * so that the first hw_match_index_sync does not put them again */
	if ((rc = hw_store_take_changed(b->st, &changed, &nchanged, err)))
		return rc;
	hw_free(changed);
	return hw_match_index_build(&b->ix, b->st, err);
}

/* ---- agreements and stages ------------------------------------------------- */

static enum hw_err agreement(struct build *b, const char *name, const struct hw_date *agreed,
			     const char *place, const char *mediators, int quota, int number,
			     int historic, const char *notes, int64_t *id, struct hw_error *err)
{
	struct hw_exchange x;
	enum hw_err rc;

	hw_exchange_init(&x);
	if (agreed)
		x.agreed_on = *agreed;
	x.quota_in = x.quota_out = quota;
	x.national_number = number;
	x.historic = historic;
	if (!(x.name = hw_strdup(name)) || (place && !(x.place = hw_strdup(place))) ||
	    (mediators && !(x.mediators = hw_strdup(mediators))) ||
	    (notes && !(x.notes = hw_strdup(notes))))
		rc = hw_error_set(err, HW_NOMEM, NULL);
	else
		rc = hw_exchange_create(b->st, &x, ACTOR, err);
	*id = x.id;
	hw_exchange_release(&x);
	return rc;
}

static enum hw_err stage(struct build *b, int64_t exchange_id, const struct hw_date *date,
			 int planned, int64_t *id, struct hw_error *err)
{
	struct hw_stage s;
	enum hw_err rc;

	hw_stage_init(&s);
	s.exchange_id = exchange_id;
	s.date = *date;
	s.planned_in = s.planned_out = planned;
	rc = hw_stage_add(b->st, &s, ACTOR, err);
	*id = s.id;
	hw_stage_release(&s);
	return rc;
}

static enum hw_err historic(struct build *b, struct hw_error *err)
{
	struct hw_stage s;
	enum hw_err rc;

	rc = agreement(b, HISTORIC_NAME, NULL, NULL, NULL,
		       HW_COUNT_UNKNOWN, 0, 1,
		       "the national exchanges 1 to 51 since 24 February 2022, as one count: "
		       "3,135 returned, so that 3,210 had returned after the 52nd; the number "
		       "handed over is not recorded",
		       &b->res->historic_id, err);
	if (rc)
		return rc;
	hw_stage_init(&s);
	s.exchange_id = b->res->historic_id;
	s.counted_in = 3135;
	rc = hw_stage_add(b->st, &s, ACTOR, err);
	hw_stage_release(&s);
	return rc;
}

/*
 * One stage carried out: its list written, imported and verified, the
 * detainees listed, the stage completed on its date.
 */
static enum hw_err carry_out(struct build *b, int64_t exchange_id, enum demo_spec_id which,
			     const char *label, struct hw_error *err)
{
	const struct demo_spec *spec = &demo_specs[which];
	struct demo_verify v;
	int64_t stage_id;
	size_t i;
	enum hw_err rc;

	if ((rc = stage(b, exchange_id, &spec->date, (int)b->nours[which], &stage_id, err)))
		return rc;
	demo_verify_init(&v, b->st, b->ix, b->o->threads, ACTOR);
	rc = demo_verify_list(&v, stage_id, b->ours[which], b->nours[which], NULL, 0,
			      which == DEMO_SPEC_K1 ? DEMO_LIST_SPLIT : DEMO_LIST_FULL,
			      gen_hash3(b->o->seed, spec->key, DEMO_S_LIST), label, err);
	if (!rc)
		rc = hw_store_begin(b->st, err);
	if (!rc) {
		rc = demo_verify_decide_all(&v, err);
		for (i = 0; !rc && i < b->ntheirs[which]; i++)
			rc = hw_xlist_add_out(b->st, stage_id, b->theirs[which][i], ACTOR, err);
		if (rc)
			hw_store_rollback(b->st);
		else
			rc = hw_store_commit(b->st, err);
	}
	if (!rc)
		rc = hw_stage_complete(b->st, stage_id, &spec->date, 0, NULL, ACTOR, err);
	if (!rc)
		say(b, "%s: %zu returned, %zu handed over; their list of %ld lines: %ld "
		    "proposed right, %ld chosen among candidates, %ld corrected, %ld found by "
		    "hand", label, b->nours[which], b->ntheirs[which], v.lines, v.right,
		    v.chosen, v.corrected, v.by_hand);
	if (!rc) {
		b->res->lines += v.lines;
		b->res->proposed_right += v.right;
	}
	demo_verify_release(&v);
	return rc;
}

static enum hw_err complete(struct build *b, int64_t id, struct hw_error *err)
{
	return hw_exchange_set_state(b->st, id, HW_XSTATE_COMPLETED, "all stages completed",
				     ACTOR, err);
}

static enum hw_err exchange52(struct build *b, struct hw_error *err)
{
	enum hw_err rc;

	rc = agreement(b, "52nd exchange", NULL, NULL, "United Arab Emirates", 75, 52, 0,
		       "31 May 2024: 75 returned, 75 handed over", &b->res->exchange52_id, err);
	if (!rc)
		rc = carry_out(b, b->res->exchange52_id, DEMO_SPEC_52, "52nd exchange", err);
	if (!rc)
		rc = complete(b, b->res->exchange52_id, err);
	return rc;
}

static enum hw_err thousand(struct build *b, struct hw_error *err)
{
	static const struct hw_date agreed = { 2025, 5, 16 };
	enum hw_err rc;

	rc = agreement(b, "1000 for 1000", &agreed, "Istanbul, Türkiye", NULL, 1000, 0, 0,
		       "agreed at the Istanbul talks; carried out on 23, 24 and 25 May 2025",
		       &b->res->thousand_id, err);
	if (!rc)
		rc = carry_out(b, b->res->thousand_id, DEMO_SPEC_K1, "1000 for 1000, stage 1", err);
	if (!rc)
		rc = carry_out(b, b->res->thousand_id, DEMO_SPEC_K2, "1000 for 1000, stage 2", err);
	if (!rc)
		rc = carry_out(b, b->res->thousand_id, DEMO_SPEC_K3, "1000 for 1000, stage 3", err);
	if (!rc)
		rc = complete(b, b->res->thousand_id, err);
	return rc;
}

/* The open agreement: its list imported, half of it decided. */
static enum hw_err open_exchange(struct build *b, struct hw_error *err)
{
	static const struct hw_date undated;
	struct hw_person absent[3];
	struct demo_verify v;
	size_t i;
	enum hw_err rc;

	rc = agreement(b, OPEN_NAME, NULL, NULL, NULL, HW_COUNT_UNKNOWN, 0, 0,
		       "a demo agreement in progress: verify the pending entries of its list",
		       &b->res->open_id, err);
	if (!rc)
		rc = stage(b, b->res->open_id, &undated, HW_COUNT_UNKNOWN, &b->res->open_stage_id,
			   err);
	for (i = 0; i < 3; i++)
		hw_person_init(&absent[i]);
	/* three people on their list whom our registry does not know */
	for (i = 0; !rc && i < 3; i++)
		rc = demo_pool_draw(&b->pool, HW_CUSTODY_ADVERSARY, HW_SEX_MALE, NULL, &absent[i],
				    err);
	demo_verify_init(&v, b->st, b->ix, b->o->threads, ACTOR);
	if (!rc)
		rc = demo_verify_list(&v, b->res->open_stage_id, b->ours[DEMO_SPEC_NEXT],
				      b->nours[DEMO_SPEC_NEXT], absent, 3, DEMO_LIST_FULL,
				      gen_hash3(b->o->seed, 9001, DEMO_S_LIST), "next exchange",
				      err);
	if (!rc)
		rc = demo_verify_decide_some(&v, err);
	for (i = 0; !rc && i < b->ntheirs[DEMO_SPEC_NEXT]; i++)
		rc = hw_xlist_add_out(b->st, b->res->open_stage_id, b->theirs[DEMO_SPEC_NEXT][i],
				      ACTOR, err);
	if (!rc) {
		b->res->open_pending = v.lines - v.decided;
		say(b, "Demo: next exchange: list of %ld lines, %ld decided, %ld to verify; "
		    "%zu on the outgoing list", v.lines, v.decided, v.lines - v.decided,
		    b->ntheirs[DEMO_SPEC_NEXT]);
	}
	demo_verify_release(&v);
	for (i = 0; i < 3; i++)
		hw_person_release(&absent[i]);
	return rc;
}

/* Refuses a store that holds the demo already (or anything of that name). */
static enum hw_err check_empty(struct hw_store *st, struct hw_error *err)
{
	static const char *const names[] = { HISTORIC_NAME, "52nd exchange", "1000 for 1000",
					     OPEN_NAME };
	int64_t id;
	size_t i;
	enum hw_err rc;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		rc = hw_store_exchange_by_name(st, names[i], &id, NULL);
		if (rc == HW_OK)
			return hw_error_set(err, HW_CONFLICT, "the database holds an agreement "
					    "named '%s' already: build the demo in a new one",
					    names[i]);
		if (rc != HW_NOT_FOUND)
			return hw_store_exchange_by_name(st, names[i], &id, err);
	}
	return HW_OK;
}

/* ---- the whole ---------------------------------------------------------------- */

static void build_release(struct build *b)
{
	size_t s;

	for (s = 0; s < DEMO_SPEC__COUNT; s++) {
		demo_people_free(b->ours[s], b->nours[s]);
		hw_free(b->theirs[s]);
	}
	hw_match_index_free(b->ix);
	demo_pool_release(&b->pool);
}

enum hw_err hw_demo_build(struct hw_store *st, const struct hw_demo_options *o,
			  struct hw_demo_result *res, struct hw_error *err)
{
	struct hw_demo_options defaults;
	struct hw_demo_result local;
	struct build b;
	enum hw_err rc;

	if (!o) {
		hw_demo_options_init(&defaults);
		o = &defaults;
	}
	if (o->background < 0 || o->background > HW_DEMO_BACKGROUND_MAX)
		return hw_error_set_field(err, HW_INVALID, "background",
					  "must be 0 to %d persons", HW_DEMO_BACKGROUND_MAX);
	memset(&b, 0, sizeof(b));
	memset(res ? res : &local, 0, sizeof(local));
	b.st = st;
	b.o = o;
	b.res = res ? res : &local;
	rc = check_empty(st, err);
	if (!rc)
		rc = demo_pool_init(&b.pool, o->seed, err);
	if (!rc)
		rc = registry(&b, err);
	if (!rc)
		rc = historic(&b, err);
	if (!rc)
		rc = exchange52(&b, err);
	if (!rc)
		rc = thousand(&b, err);
	if (!rc)
		rc = open_exchange(&b, err);
	build_release(&b);
	return rc;
}
