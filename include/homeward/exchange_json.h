/*
 * homeward/exchange_json.h - the exchange ledger as JSON: the one form in
 * which the command line (`homeward exchange ... --format json`) and the
 * server (/api/v1/exchanges, /api/v1/entries) write agreements, stages,
 * their counts, list entries, decisions and proposals.
 *
 *   agreement  {"ref", "name", "state", "agreed_on", "place", "mediators",
 *               "quota_in", "quota_out", "national_number", "historic",
 *               "notes"}
 *   stage      {"ref", "number", "date", "state", "forced", "force_reason",
 *               "completed_by", "counts"}
 *   counts     {"planned_in", "planned_out", "on_their_list",
 *               "entries": {"pending", "confirmed", "rejected", "not_found",
 *               "ambiguous"}, "outgoing", "returned", "handed_over",
 *               "counted_in", "counted_out", "actual_in", "actual_out",
 *               "differences": {"undecided", "confirmed_vs_their_list",
 *               "in_vs_planned", "out_vs_planned"}}
 *   entry      {"line", "direction", "state", "decision", "score", "person",
 *               "person_name", "proposed", "as_written": {...}, "decided_by",
 *               "decided_at", "reason"} (+ "matcher", "id" on request)
 *   decision   {"state", "person", "by", "at", "reason"}
 *   proposal   {"rank", "person", "name", "why", "days_in_captivity"}
 *   priority   ["seriously_ill", "wounded", ...]
 *
 * Counts not known (a quota, a planned count) are null.  Agreements,
 * stages and counts hold no name of a person; entries and proposals do,
 * and a front end shows them only to those allowed (docs/security.md).
 * Every function returns a new object, or NULL when out of memory.
 */
#ifndef HOMEWARD_EXCHANGE_JSON_H
#define HOMEWARD_EXCHANGE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "homeward/exchange.h"

/* Writes the name person `id` is known by into out[size] ("" when none);
 * hw_registry_person_name() is the one the front ends use. */
typedef void (*hw_xname_fn)(void *ctx, int64_t id, char *out, size_t size);

json_t *hw_exchange_json(const struct hw_exchange *x);

/* The counts of a stage or an agreement, with their differences
 * (hw_xcounts_diff). */
json_t *hw_xcounts_json(const struct hw_xcounts *c);

/* A stage with its counts `c`. */
json_t *hw_stage_json(const struct hw_stage *s, const struct hw_xcounts *c);

/*
 * What blocks the completion of a stage with counts `c`
 * (hw_xcounts_blockers): {"blocked", "open_in", "in_diff", "out_diff",
 * "list_diff", "why"}, "why" the sentence of hw_xblockers_describe or null.
 */
json_t *hw_xblockers_json(const struct hw_xcounts *c);

enum hw_xentry_json_flags {
	HW_XENTRY_JSON_MATCHER = 1 << 0, /* "matcher": the stored candidates and weights */
	HW_XENTRY_JSON_ID = 1 << 1,      /* "id": the entry's id, first */
};

/* An entry; `name` names the person confirmed ("person_name"). */
json_t *hw_xentry_json(const struct hw_xentry *e, unsigned flags, hw_xname_fn name, void *ctx);

/* One decision of an entry's history. */
json_t *hw_xdecision_json(const struct hw_xdecision *d);

/* A person proposed, known by `name`. */
json_t *hw_proposal_json(const struct hw_proposal *p, const char *name);

/*
 * An entry naming a person (hw_xentry_each_for_person): `entry`, the
 * entry's JSON as the front end gives it (stolen, also on failure), with
 * where it is: {"on_list" (false: proposed, not decided), "stage" (its
 * reference), "stage_id", "stage_number", "stage_date", "stage_state",
 * "exchange" (the agreement's reference), "exchange_name"}.  Its
 * "proposed" is set to null when it names someone else: a front end that
 * audits the person alone names nobody else.
 */
json_t *hw_person_listing_json(const struct hw_person_listing *l, json_t *entry);

/* The rules of a priority in order, as codes: ["wounded", "longest"]. */
json_t *hw_priority_json(const struct hw_priority *prio);

#endif
