/*
 * homeward/exchange.h - the exchange ledger: agreements, their stages,
 * the lists of each stage and the verification of every entry.
 *
 * An agreement ("1000 for 1000") is carried out in stages (390, then 307,
 * then 303 people on three days).  Each stage has two lists: the incoming
 * list is the other side's, as written, each entry run through the
 * matcher and then confirmed or rejected by a verifier; the outgoing list
 * holds people in our custody handed over in that stage.  Completing a
 * stage records, in one transaction, `returned` for every confirmed
 * incoming person and `handed_over` for every outgoing one.
 *
 * States of agreements and stages (one transition table, exchange.c):
 *
 *     planned -> in_progress -> completed
 *        \            \
 *         +------------+----> cancelled
 *
 * A stage goes in_progress when its first list entry arrives (or when
 * started by hand) and completed only through hw_stage_complete().  An
 * agreement goes in_progress with its first stage in progress and is
 * completed by hand once no stage is open.  Completed and cancelled are
 * final.  Every change of state is logged with who, when and why.
 *
 * Verification states of an entry:
 *   pending    the matcher proposes one person (decision `match`); a
 *              verifier still has to confirm
 *   ambiguous  several candidates (decision `review`); a verifier chooses
 *   not_found  nobody in the registry; a verifier registers the person
 *              and confirms, or rejects
 *   confirmed  a verifier linked the entry to a registry person, who is
 *              then `listed` for the exchange
 *   rejected   a verifier refused the entry (not our person, a duplicate,
 *              a wrong identity); the reason is required
 * Nothing is confirmed automatically: the matcher proposes, a verifier
 * decides, and every decision is kept (the entry's history).
 *
 * A person may be on only one open list (a list is open until its stage
 * is completed or cancelled); the store enforces it.
 *
 * Historic exchanges are recorded as counts only: an agreement marked
 * historic has stages with counted_in/counted_out and no lists, so that
 * cumulative figures are right from the first day.
 */
#ifndef HOMEWARD_EXCHANGE_H
#define HOMEWARD_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "homeward/date.h"
#include "homeward/error.h"
#include "homeward/match.h"
#include "homeward/store.h"
#include "homeward/vocab.h"

/* X(ENUM, "code", "English", "Ukrainian") */
#define HW_XSTATE_MAP(X) \
	X(PLANNED, "planned", "planned", "заплановано") \
	X(IN_PROGRESS, "in_progress", "in progress", "триває") \
	X(COMPLETED, "completed", "completed", "завершено") \
	X(CANCELLED, "cancelled", "cancelled", "скасовано")

#define HW_VERIFY_MAP(X) \
	X(PENDING, "pending", "pending", "очікує перевірки") \
	X(CONFIRMED, "confirmed", "confirmed", "підтверджено") \
	X(REJECTED, "rejected", "rejected", "відхилено") \
	X(NOT_FOUND, "not_found", "not found", "не знайдено") \
	X(AMBIGUOUS, "ambiguous", "ambiguous", "неоднозначно")

#define HW_DIRECTION_MAP(X) \
	X(IN, "in", "returned to us", "повертаються") \
	X(OUT, "out", "handed over", "передаються")

enum hw_xstate {
#define X(e, c, en, uk) HW_XSTATE_##e,
	HW_XSTATE_MAP(X)
#undef X
};
enum hw_verify {
#define X(e, c, en, uk) HW_VERIFY_##e,
	HW_VERIFY_MAP(X)
#undef X
};
enum hw_direction {
#define X(e, c, en, uk) HW_DIRECTION_##e,
	HW_DIRECTION_MAP(X)
#undef X
};

extern const struct hw_vocab hw_vocab_xstate, hw_vocab_verify, hw_vocab_direction;

/* 1 when an agreement or a stage may go from `from` to `to`. */
int hw_xstate_allowed(enum hw_xstate from, enum hw_xstate to);

/* Public references: "EX-000052" for an agreement, "EX-000052/2" for its
 * second stage. */
#define HW_XREF_MAX 32
void hw_exchange_ref_format(int64_t id, char out[HW_XREF_MAX]);
void hw_stage_ref_format(int64_t exchange_id, int number, char out[HW_XREF_MAX]);

/* A count not known: quotas and planned counts may be unknown. */
#define HW_COUNT_UNKNOWN (-1)

struct hw_exchange {
	int64_t id;                /* 0 until stored */
	char *name;                /* required, unique: "1000 for 1000" */
	struct hw_date agreed_on;
	char *place;               /* where it was negotiated: "Istanbul, Türkiye" */
	char *mediators;           /* "; "-separated: "United Arab Emirates" */
	int quota_in;              /* people to come home; HW_COUNT_UNKNOWN */
	int quota_out;             /* people to hand over; HW_COUNT_UNKNOWN */
	int national_number;       /* its number in the national count; 0 not known */
	int historic;              /* counts only, no lists */
	enum hw_xstate state;
	char *notes;
	char *created_at;          /* set by the store */
	char *created_by;
};

struct hw_stage {
	int64_t id;                /* 0 until stored */
	int64_t exchange_id;
	int number;                /* 1, 2, 3 within the agreement; set by the store */
	struct hw_date date;
	int planned_in, planned_out;  /* HW_COUNT_UNKNOWN when not agreed */
	int counted_in, counted_out;  /* historic stages: the recorded counts; else -1 */
	enum hw_xstate state;
	int forced;                /* completed with --force */
	char *force_reason;
	char *completed_at, *completed_by;
};

/* An entry of a stage's list. */
struct hw_xentry {
	int64_t id;                /* 0 until stored */
	int64_t stage_id;
	enum hw_direction direction;
	char *line;                /* the list's own line label ("17") */
	/* as written on the incoming list (NULL for outgoing entries) */
	char *full_name, *family, *given, *patronymic, *birth_date, *unit, *notes;
	int64_t person_id;         /* confirmed (in) or handed over (out); 0 none */
	int64_t proposed_id;       /* the matcher's best candidate; 0 none */
	enum hw_match_decision decision;
	double score;
	char *candidates;          /* JSON: the matcher's ranked candidates with evidence */
	enum hw_verify state;
	char *decided_by, *decided_at, *reason;
};

void hw_exchange_init(struct hw_exchange *x);
void hw_exchange_release(struct hw_exchange *x);
void hw_stage_init(struct hw_stage *s);
void hw_stage_release(struct hw_stage *s);
void hw_xentry_init(struct hw_xentry *e);
void hw_xentry_release(struct hw_xentry *e);

/* ---- agreements and stages ------------------------------------------- */

/*
 * Records an agreement (state planned; historic ones completed).  The
 * name is required and unique (HW_CONFLICT), counts are >= 0 or unknown.
 * Sets x->id.
 */
enum hw_err hw_exchange_create(struct hw_store *st, struct hw_exchange *x, const char *actor,
			       struct hw_error *err);
enum hw_err hw_exchange_get(struct hw_store *st, int64_t id, struct hw_exchange *out,
			    struct hw_error *err);
/* An agreement by "EX-000052", "52" (its id) or its exact name. */
enum hw_err hw_exchange_resolve(struct hw_store *st, const char *ref, int64_t *id,
				struct hw_error *err);
typedef int (*hw_exchange_cb)(void *ctx, const struct hw_exchange *x);
/* Every agreement, oldest agreed first. */
enum hw_err hw_exchange_each(struct hw_store *st, hw_exchange_cb cb, void *ctx,
			     struct hw_error *err);
/*
 * Moves an agreement to `to` when the transition table allows it
 * (HW_REFUSED otherwise, naming both states).  Completing needs every
 * stage completed or cancelled; cancelling needs a reason and cancels the
 * open stages (their listed persons go back to captive).
 */
enum hw_err hw_exchange_set_state(struct hw_store *st, int64_t id, enum hw_xstate to,
				  const char *reason, const char *actor, struct hw_error *err);

/*
 * Adds stage s->number = next to agreement s->exchange_id (not completed
 * or cancelled).  Historic agreements take counted_in/counted_out and the
 * stage is completed at once.  Sets s->id and s->number.
 */
enum hw_err hw_stage_add(struct hw_store *st, struct hw_stage *s, const char *actor,
			 struct hw_error *err);
enum hw_err hw_stage_get(struct hw_store *st, int64_t id, struct hw_stage *out,
			 struct hw_error *err);
/* A stage by "EX-000052/2", "AGREEMENT/2" (ref, id or name) or, when the
 * agreement has one stage, the agreement alone. */
enum hw_err hw_stage_resolve(struct hw_store *st, const char *ref, int64_t *id,
			     struct hw_error *err);
typedef int (*hw_stage_cb)(void *ctx, const struct hw_stage *s);
/* The stages of an agreement, by number. */
enum hw_err hw_stage_each(struct hw_store *st, int64_t exchange_id, hw_stage_cb cb, void *ctx,
			  struct hw_error *err);
/* Starts (in_progress) or cancels a stage; cancelling needs a reason and
 * takes its listed persons off the list. */
enum hw_err hw_stage_set_state(struct hw_store *st, int64_t id, enum hw_xstate to,
			       const char *reason, const char *actor, struct hw_error *err);

/* ---- lists ------------------------------------------------------------ */

struct hw_xlist_result {
	long entries;     /* lines read */
	long pending;     /* one person proposed */
	long ambiguous;   /* several candidates */
	long not_found;   /* nobody */
	long warnings;    /* dates read with a warning */
};

/*
 * Imports the other side's list for stage `stage_id` (DESIGN.md section
 * 6, read by hw_list_read_csv) and runs every line through the matcher:
 * each entry is stored as written, with the matcher's decision, candidates
 * and evidence, as pending, ambiguous or not_found.  All or nothing: a
 * bad file stores no entry (errors to `diagnostics` as FILE:LINE:COLUMN).
 * `ix` is the candidate index of this store; `threads` as hw_match_many.
 * The stage must be planned or in progress; it goes in progress.
 */
enum hw_err hw_xlist_import(struct hw_store *st, struct hw_match_index *ix, int64_t stage_id,
			    FILE *in, const char *name, FILE *diagnostics, unsigned threads,
			    const char *actor, struct hw_xlist_result *res, struct hw_error *err);

/*
 * hw_xlist_import in two steps, for a caller that must not hold the
 * database's write lock while the matcher runs (the server, which also
 * writes its audit record in the transaction of the import):
 * hw_xlist_prepare() reads and checks the list and matches every line,
 * writing nothing; on success *out owns the entries as they will be
 * stored (free with hw_xlist_batch_free; NULL allowed).  Diagnostics go to
 * `diag` (homeward/list.h; NULL: none).  hw_xlist_store() then stores
 * them, all or nothing, in the caller's transaction when one is open: the
 * stage is checked again there (it may have closed meanwhile).  A batch is
 * stored once.
 */
struct hw_list_diag;
struct hw_xlist_batch;
enum hw_err hw_xlist_prepare(struct hw_store *st, struct hw_match_index *ix, int64_t stage_id,
			     FILE *in, const char *name, const struct hw_list_diag *diag,
			     unsigned threads, struct hw_xlist_batch **out,
			     struct hw_error *err);
enum hw_err hw_xlist_store(struct hw_store *st, struct hw_xlist_batch *b, const char *actor,
			   struct hw_xlist_result *res, struct hw_error *err);
void hw_xlist_batch_free(struct hw_xlist_batch *b);

/*
 * Adds person `person_id` to the outgoing list of stage `stage_id`: the
 * person must be in our custody (held_by us), captive, and on no other
 * open list.  Appends `listed` to the person's history.
 */
enum hw_err hw_xlist_add_out(struct hw_store *st, int64_t stage_id, int64_t person_id,
			     const char *actor, struct hw_error *err);

/*
 * Takes an entry off its list (an outgoing person who will not be handed
 * over after all; reason required): the entry is rejected and a listed
 * person gets `removed_from_list`.
 */
enum hw_err hw_xlist_remove(struct hw_store *st, int64_t entry_id, const char *reason,
			    const char *actor, struct hw_error *err);

/* Which entries to list; zero-initialised means all of the stage. */
struct hw_xentry_filter {
	int has_direction;
	enum hw_direction direction;
	int has_state;
	enum hw_verify state;
};
typedef int (*hw_xentry_cb)(void *ctx, const struct hw_xentry *e);
/* The entries of a stage, incoming first, in list order. */
enum hw_err hw_xentry_each(struct hw_store *st, int64_t stage_id,
			   const struct hw_xentry_filter *filter, hw_xentry_cb cb, void *ctx,
			   struct hw_error *err);
enum hw_err hw_xentry_get(struct hw_store *st, int64_t id, struct hw_xentry *out,
			  struct hw_error *err);
/* An entry by the list's line label within a stage. */
enum hw_err hw_xentry_by_line(struct hw_store *st, int64_t stage_id, const char *line,
			      int64_t *id, struct hw_error *err);

/*
 * The lists a person was on: one entry naming the person, with its stage
 * and agreement, all borrowed for the call.
 */
struct hw_person_listing {
	int64_t person_id;         /* the person */
	const struct hw_xentry *entry;
	const struct hw_stage *stage;
	const struct hw_exchange *exchange;
	int proposed;              /* 1: a pending entry whose proposal is the person */
};
typedef int (*hw_person_listing_cb)(void *ctx, const struct hw_person_listing *l);

/*
 * Calls `cb` for every entry of every list that names person `person_id`:
 * those that hold the person (incoming confirmed, outgoing not taken off:
 * on an open list, or returned or handed over with a completed stage),
 * and the pending incoming entries the matcher proposes the person for
 * (`proposed`: no verifier has decided them, on an open list or one a
 * forced completion closed).  Not included: an entry where the person is
 * only a candidate (ambiguous, not found), and one the person was taken
 * off (rejected, removed, the stage cancelled), which no longer names
 * them; their history (`listed`, `removed_from_list`) keeps that.  By
 * stage date (unknown last), then stage, incoming first, list order.
 * Reads only; a non-zero return of `cb` stops the walk (HW_OK); `cb` may
 * call the store.  An unknown person has no entries.
 */
enum hw_err hw_xentry_each_for_person(struct hw_store *st, int64_t person_id,
				      hw_person_listing_cb cb, void *ctx, struct hw_error *err);

/* ---- verification ----------------------------------------------------- */

/*
 * A verifier's decision on an incoming entry of an open stage.
 * Confirm: links the entry to `person_id` (0: the matcher's proposal,
 * which only a pending entry has); the person must be one of ours held by
 * the other side, missing or captive, and on no other open list; the
 * person becomes `listed`.  A confirmed entry may be confirmed again for
 * another person (the first goes back to captive).
 * Reject: `reason` required; a confirmed person goes back to captive.
 * The decision, `actor` and the reason are kept in the entry's history.
 */
enum hw_err hw_xentry_confirm(struct hw_store *st, int64_t entry_id, int64_t person_id,
			      const char *reason, const char *actor, struct hw_error *err);
enum hw_err hw_xentry_reject(struct hw_store *st, int64_t entry_id, const char *reason,
			     const char *actor, struct hw_error *err);

/* One decision of an entry's history, oldest first. */
struct hw_xdecision {
	enum hw_verify state;
	int64_t person_id;
	const char *decided_by, *decided_at, *reason;
};
typedef int (*hw_xdecision_cb)(void *ctx, const struct hw_xdecision *d);
enum hw_err hw_xentry_history(struct hw_store *st, int64_t entry_id, hw_xdecision_cb cb,
			      void *ctx, struct hw_error *err);

/* ---- counts and completion -------------------------------------------- */

/* Counts of a stage (or, summed, of an agreement). */
struct hw_xcounts {
	int planned_in, planned_out;   /* HW_COUNT_UNKNOWN when not agreed */
	long listed_in;                /* entries on the other side's list */
	long by_state[5];              /* incoming entries by hw_verify state */
	long listed_out;               /* outgoing entries not removed */
	long returned, handed_over;    /* events recorded with the stage */
	long counted_in, counted_out;  /* historic counts (0 when none) */
	/* on the lists of stages still open (neither completed nor cancelled): */
	long undecided;                /* incoming pending, ambiguous or not_found */
	long coming_in;                /* incoming confirmed, not yet returned */
	long going_out;                /* outgoing, not yet handed over */
};

/*
 * The differences of a stage or an agreement, planned against actual: the
 * actual count in is those returned (and counted, for historic stages)
 * plus those confirmed on open lists; out likewise.  A count not planned
 * has no difference.
 */
struct hw_xdiff {
	long in, out;           /* actual - planned */
	long actual_in, actual_out;
	long undecided;         /* entries still to decide on open lists */
	long list;              /* confirmed - entries on the other side's list */
};
void hw_xcounts_diff(const struct hw_xcounts *c, struct hw_xdiff *out);

enum hw_err hw_stage_counts(struct hw_store *st, int64_t stage_id, struct hw_xcounts *out,
			    struct hw_error *err);
/* Sums of the agreement's stages; planned are the quotas. */
enum hw_err hw_exchange_counts(struct hw_store *st, int64_t exchange_id,
			       struct hw_xcounts *out, struct hw_error *err);

/* Why a stage cannot be completed as it is; out of the counts. */
struct hw_xblockers {
	long open_in;           /* incoming entries pending, ambiguous or not_found */
	long in_diff;           /* confirmed incoming - planned_in (0 when unknown) */
	long out_diff;          /* outgoing - planned_out (0 when unknown) */
	long list_diff;         /* confirmed incoming - entries on their list */
};
/* Returns 1 when anything blocks completion, and says what in `out`. */
int hw_xcounts_blockers(const struct hw_xcounts *c, struct hw_xblockers *out);
/* What blocks completion, in a sentence ("2 incoming entries not decided
 * (pending 1, ...); ...") into out[size]; "" when nothing does. */
void hw_xblockers_describe(const struct hw_xblockers *b, const struct hw_xcounts *c, char *out,
			   size_t size);

/*
 * Completes stage `stage_id` on `date` in one transaction: `returned` for
 * every confirmed incoming person and `handed_over` for every outgoing
 * one, with the stage and date; the stage is completed and its lists
 * closed.  When anything blocks (hw_xcounts_blockers), HW_REFUSED saying
 * what, unless `force` with a `reason`, which is recorded with the stage.
 * Any failure leaves nothing changed.
 */
enum hw_err hw_stage_complete(struct hw_store *st, int64_t stage_id, const struct hw_date *date,
			      int force, const char *reason, const char *actor,
			      struct hw_error *err);

/* ---- proposing names -------------------------------------------------- */

/*
 * The order in which people are proposed for an exchange: criteria in
 * turn, each putting the persons who meet it first.  Default (GC III
 * Art. 109-110, then civilians, then the longest in captivity):
 * "seriously_ill,wounded,disability,civilian,longest".
 */
#define HW_PRIORITY_MAP(X) \
	X(SERIOUSLY_ILL, "seriously_ill", "seriously ill (GC III Art. 110)", "тяжкохворий (ЖК III ст. 110)") \
	X(WOUNDED, "wounded", "wounded (GC III Art. 110)", "поранений (ЖК III ст. 110)") \
	X(DISABILITY, "disability", "disability (GC III Art. 110)", "інвалідність (ЖК III ст. 110)") \
	X(CIVILIAN, "civilian", "civilian", "цивільний") \
	X(WOMAN, "woman", "woman", "жінка") \
	X(OLDEST, "oldest", "oldest first", "старші першими") \
	X(LONGEST, "longest", "longest in captivity", "найдовше в полоні")

enum hw_priority_rule {
#define X(e, c, en, uk) HW_PRIORITY_##e,
	HW_PRIORITY_MAP(X)
#undef X
	HW_PRIORITY__COUNT
};
extern const struct hw_vocab hw_vocab_priority;

#define HW_PRIORITY_DEFAULT "seriously_ill,wounded,disability,civilian,longest"
#define HW_PRIORITY_MAX 8

struct hw_priority {
	enum hw_priority_rule rules[HW_PRIORITY_MAX];
	int nrules;
};
/* Parses "rule,rule,..." (HW_INVALID naming the unknown rule). */
enum hw_err hw_priority_parse(const char *text, struct hw_priority *out, struct hw_error *err);

struct hw_proposal {
	int64_t person_id;
	int rank;                  /* 1, 2, ... */
	char why[256];             /* "seriously ill (GC III Art. 110); 1,120 days in captivity" */
	long days_captive;         /* -1 when the capture date is not known */
};
typedef int (*hw_proposal_cb)(void *ctx, const struct hw_proposal *p);

/*
 * Ranks up to `count` persons for agreement `exchange_id`: held by
 * `held_by` (adversary: whom to ask for; us: whom to offer), captive (not
 * yet listed) and on no open list, ordered by `prio`, ties by id.  Reads
 * only.  `today` dates the time in captivity.
 */
enum hw_err hw_exchange_propose(struct hw_store *st, int64_t exchange_id,
				enum hw_custody held_by, size_t count,
				const struct hw_priority *prio, const struct hw_date *today,
				hw_proposal_cb cb, void *ctx, struct hw_error *err);

#endif
