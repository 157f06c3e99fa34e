/*
 * homeward/exchange_audit.h - the audit records of the exchange ledger,
 * one set of choices for every front end (docs/security.md, "The audit
 * trail"): which action each write and each read of the ledger records,
 * about which object, naming which persons, with which JSON before and
 * after.  The server and the command line differ only in who writes a
 * record (the signed-in user from an address, or "cli:LOGIN" from
 * "local"): each hands its own `append` in a struct hw_xaudit.
 *
 *   action                     object        person      before / after
 *   exchange.create            exchange REF  -           - / the agreement
 *   exchange.stage_add         stage REF     -           - / the stage with counts
 *   exchange.state             exchange REF  -           {"state"} / {"state", "reason"}
 *     cancelling: and one record per person confirmed on an open stage's
 *     lists, with the same `after`
 *   exchange.stage_state,      stage REF     -           the stage / the stage (with counts)
 *   exchange.complete
 *     and one record per person confirmed on the stage's lists before the
 *     change, `after` {"stage", "state"}
 *   exchange.import            stage REF     -           - / {"stage", "entries", "pending",
 *                                                             "ambiguous", "not_found"}
 *   exchange.out_add           stage REF     the person  - / the entry
 *   exchange.confirm, .reject, entry ID      the person  the entry / the entry
 *   .out_remove                              after; a second record for the one before
 *                                            when another
 *   exchange.confirm_proposed  entry ID      the person  - / {"id", "line", "person"}
 *   exchange.entries (read)    stage REF     each one    - / {"query", "offset", "entries"}
 *   exchange.entry (read)      entry ID      each one    - / -
 *   exchange.propose (read)    exchange REF  each one    - / {"count", "held_by", "priority"}
 *
 * REF is EX-000052 or EX-000052/2, ID an entry's id.  An entry in a record
 * is hw_xentry_json with its "id" and "etag" ("dN", N the decisions made
 * on it: the server's ETag).  A read that names persons appends one record
 * per person named ("each one": so that `audit log --person` finds it), or
 * one naming nobody when it names none.
 *
 * The writes here run in the caller's open transaction (hw_store_begin)
 * and append their records in it: the caller commits, or rolls back on
 * any error, so that a write and its records are stored together or not
 * at all.  The records of a read are appended wherever `append` puts them;
 * a front end commits them before it shows anything of the read.
 */
#ifndef HOMEWARD_EXCHANGE_AUDIT_H
#define HOMEWARD_EXCHANGE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "homeward/error.h"
#include "homeward/exchange.h"
#include "homeward/store.h"

/*
 * Who records: `append` appends one record (outcome ok) with `before` and
 * `after` (borrowed, may be NULL) and returns HW_OK or the error; `actor`
 * is who decides, as the ledger keeps it with each change.
 */
struct hw_xaudit {
	enum hw_err (*append)(void *ctx, const char *action, const char *object_type,
			      const char *object_id, int64_t person_id, json_t *before,
			      json_t *after, struct hw_error *err);
	void *ctx;
	const char *actor;
};

/* The persons a record names: a growing list of ids, zero-initialised;
 * `failed` is set when it could not grow. */
struct hw_ids {
	int64_t *v;
	size_t n, cap;
	int failed;
};
/* Appends `id`; -1 (and `failed` set) when out of memory. */
int hw_ids_push(struct hw_ids *l, int64_t id);
void hw_ids_release(struct hw_ids *l);

/*
 * One record `action` per person of `ids`, each once, in order (ids of 0
 * or less are passed over), all with `after` (borrowed, may be NULL); one
 * record naming nobody when `ids` names no one.
 */
enum hw_err hw_xaudit_persons(const struct hw_xaudit *au, const char *action,
			      const char *object_type, const char *object_id,
			      const struct hw_ids *ids, json_t *after, struct hw_error *err);

/* ---- the JSON of records --------------------------------------------- */

/* The number of decisions made on entry `id`: its version. */
enum hw_err hw_xentry_version(struct hw_store *st, int64_t id, long *n, struct hw_error *err);

/* Entry `e` as records and the server show it: hw_xentry_json (`flags`
 * and the id, the confirmed person named) and "etag"; its version into
 * *version (may be NULL).  NULL with `err` set. */
json_t *hw_xaudit_entry_json(struct hw_store *st, const struct hw_xentry *e, unsigned flags,
			     long *version, struct hw_error *err);

/* Stage `id` with its counts (hw_stage_json).  NULL with `err` set. */
json_t *hw_xaudit_stage_json(struct hw_store *st, int64_t id, struct hw_error *err);

/* ---- writes, with their records, in the caller's transaction ---------- */

/* hw_exchange_create. */
enum hw_err hw_xaudit_exchange_create(struct hw_store *st, const struct hw_xaudit *au,
				      struct hw_exchange *x, struct hw_error *err);
/* hw_exchange_set_state. */
enum hw_err hw_xaudit_exchange_state(struct hw_store *st, const struct hw_xaudit *au, int64_t id,
				     enum hw_xstate to, const char *reason, struct hw_error *err);
/* hw_stage_add; the stage with its counts into *after (may be NULL; the
 * caller's to release). */
enum hw_err hw_xaudit_stage_add(struct hw_store *st, const struct hw_xaudit *au,
				struct hw_stage *s, json_t **after, struct hw_error *err);
/* hw_stage_set_state and hw_stage_complete; the stage after into *after
 * (may be NULL). */
enum hw_err hw_xaudit_stage_state(struct hw_store *st, const struct hw_xaudit *au, int64_t id,
				  enum hw_xstate to, const char *reason, json_t **after,
				  struct hw_error *err);
enum hw_err hw_xaudit_stage_complete(struct hw_store *st, const struct hw_xaudit *au,
				     int64_t id, const struct hw_date *date, int force,
				     const char *reason, json_t **after, struct hw_error *err);

/* hw_xlist_store of the list of stage `ref`; its result into *res and, as
 * recorded, into *result (may be NULL). */
enum hw_err hw_xaudit_list_store(struct hw_store *st, const struct hw_xaudit *au,
				 struct hw_xlist_batch *b, const char *ref,
				 struct hw_xlist_result *res, json_t **result,
				 struct hw_error *err);

/* hw_xlist_add_out of `person` to stage `stage_id` (`ref`); the new entry
 * into *entry (may be NULL). */
enum hw_err hw_xaudit_out_add(struct hw_store *st, const struct hw_xaudit *au, int64_t stage_id,
			      const char *ref, int64_t person, json_t **entry,
			      struct hw_error *err);

/* A decision on an entry: hw_xentry_confirm (`person`, 0 the proposal),
 * hw_xentry_reject, or hw_xlist_remove of an outgoing entry. */
enum hw_xdecide_kind { HW_XDECIDE_CONFIRM, HW_XDECIDE_REJECT, HW_XDECIDE_REMOVE };
struct hw_xdecide {
	enum hw_xdecide_kind what;
	int64_t person;
	const char *reason;
};
/* Decides on entry `e` (as loaded in the transaction) and reloads it into
 * `e`; the entry after into *after (may be NULL) and its version into
 * *version (may be NULL). */
enum hw_err hw_xaudit_decide(struct hw_store *st, const struct hw_xaudit *au,
			     const struct hw_xdecide *d, struct hw_xentry *e, json_t **after,
			     long *version, struct hw_error *err);

/*
 * Confirms every pending entry of stage `stage_id` as proposed, with
 * `reason`, each with its record; appends each record's `after` to `done`.
 * An entry whose person cannot be listed (HW_REFUSED, HW_CONFLICT) stays
 * pending and is handed to `left` (may be NULL) with why; `left` returns
 * non-zero when out of memory.
 */
typedef int (*hw_xleft_fn)(void *ctx, int64_t entry_id, const char *line,
			   const struct hw_error *why);
enum hw_err hw_xaudit_confirm_proposed(struct hw_store *st, const struct hw_xaudit *au,
				       int64_t stage_id, const char *reason, json_t *done,
				       hw_xleft_fn left, void *ctx, struct hw_error *err);

/* ---- reads that reveal persons ---------------------------------------- */

/* The persons confirmed on the lists of stage `stage_id`, into `ids`. */
enum hw_err hw_xaudit_stage_persons(struct hw_store *st, int64_t stage_id, struct hw_ids *ids,
				    struct hw_error *err);

/* The persons entry `e` names, into `ids`: those of its decisions, the
 * person confirmed, the proposal, the matcher's candidates.  Its decisions
 * go to `history` (may be NULL) as hw_xdecision_json. */
enum hw_err hw_xaudit_entry_persons(struct hw_store *st, const struct hw_xentry *e,
				    struct hw_ids *ids, json_t *history, struct hw_error *err);

/* The records of reading entry `entry_id`, which names `ids`. */
enum hw_err hw_xaudit_entry_read(const struct hw_xaudit *au, int64_t entry_id,
				 const struct hw_ids *ids, struct hw_error *err);

/* The records of `count` entries of stage `ref` from `offset`, asked with
 * `query` (borrowed: the filters given, as codes), which name `ids`. */
enum hw_err hw_xaudit_entries(const struct hw_xaudit *au, const char *ref, json_t *query,
			      size_t offset, size_t count, const struct hw_ids *ids,
			      struct hw_error *err);

/* The records of proposing `count` persons held by `held_by` for agreement
 * `ref` in the order `prio`: those proposed, `ids`. */
enum hw_err hw_xaudit_propose(const struct hw_xaudit *au, const char *ref, size_t count,
			      enum hw_custody held_by, const struct hw_priority *prio,
			      const struct hw_ids *ids, struct hw_error *err);

#endif
