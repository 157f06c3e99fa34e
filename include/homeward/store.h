/*
 * homeward/store.h - the storage interface.
 *
 * A domain-level interface, not a SQL pass-through: put a person, load
 * one, resolve a reference, append an event, list, iterate every name for
 * the candidate index, run in a transaction.  Every SQL statement of the
 * program lives behind it, in src/store/.  The back end today is SQLite
 * (src/store/sqlite.c): WAL mode, foreign keys on, synchronous=FULL,
 * STRICT tables, versioned migrations applied at open.
 *
 * Handles: a struct hw_store is one connection and must be used by one
 * thread at a time; a program that works from several threads opens one
 * handle per thread (SQLite in WAL mode lets readers proceed beside the
 * one writer; a writer waits up to the busy timeout for another).
 *
 * Transactions: calls that write several rows run in their own
 * transaction unless the caller has opened one with hw_store_begin(); in
 * that case nothing is written until hw_store_commit(), and
 * hw_store_rollback() undoes everything since begin.  Nested begins are
 * refused.
 *
 * Nothing is ever lost: events, name records and earlier versions of a
 * person are append-only (the database refuses to update or delete them);
 * an update of a person first saves the row it replaces.
 *
 * Errors: HW_NOT_FOUND for an unknown id or reference, HW_CONFLICT for a
 * duplicate external reference, HW_STALE when the version given to an
 * update is no longer current, HW_SCHEMA for a database written by a newer
 * Homeward or a file that is not a Homeward database, HW_STORE for
 * anything else the database reports (the message says what).
 */
#ifndef HOMEWARD_STORE_H
#define HOMEWARD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/error.h"
#include "homeward/event.h"
#include "homeward/person.h"

struct hw_store;

enum hw_store_flags {
	HW_STORE_READONLY = 1 << 0, /* open for reading only */
	HW_STORE_CREATE = 1 << 1,   /* create the file (it must not hold a database yet) */
};

/* The schema version this build writes. */
int hw_store_schema_latest(void);

/*
 * Opens the database at `path` and brings its schema up to date
 * (migrations run in one transaction each).  Without HW_STORE_CREATE a
 * missing file is HW_NOT_FOUND.  With it, an existing Homeward database is
 * HW_CONFLICT.  On success *out owns the connection; close it with
 * hw_store_close().
 */
enum hw_err hw_store_open(struct hw_store **out, const char *path, unsigned flags,
			  struct hw_error *err);
void hw_store_close(struct hw_store *st);

/* The schema version of the open database. */
int hw_store_schema_version(struct hw_store *st);

enum hw_err hw_store_begin(struct hw_store *st, struct hw_error *err);
enum hw_err hw_store_commit(struct hw_store *st, struct hw_error *err);
/* Undoes the open transaction; harmless when none is open. */
void hw_store_rollback(struct hw_store *st);
/* 1 while a transaction opened with hw_store_begin() is open. */
int hw_store_in_transaction(struct hw_store *st);

/*
 * A read transaction: the statements until hw_store_read_end() read one
 * snapshot and take the database's read lock once instead of once each.
 * For reads only: hw_store_begin() inside it is refused (HW_INTERNAL).
 * HW_INTERNAL when a transaction is already open.
 */
enum hw_err hw_store_read_begin(struct hw_store *st, struct hw_error *err);
/* Ends it; harmless when none is open. */
void hw_store_read_end(struct hw_store *st);

/*
 * A read snapshot: from hw_store_snapshot_begin() to hw_store_snapshot_end()
 * every read through this handle sees the database as it was at the begin,
 * whatever other handles commit meanwhile, so that two passes over a
 * listing see the same rows.  Writers are not held up (WAL mode).  Not
 * inside a transaction (HW_INTERNAL); a write through the handle during
 * the snapshot fails.  The end is harmless without a begin.
 */
enum hw_err hw_store_snapshot_begin(struct hw_store *st, struct hw_error *err);
void hw_store_snapshot_end(struct hw_store *st);

/*
 * A time limit for this handle: once the monotonic clock passes
 * `deadline_ms` (milliseconds of hw_store_clock_ms()), a statement that is
 * still running stops and fails with HW_TIMEOUT (the clock is looked at
 * every 1000 steps of SQLite's virtual machine, so a short statement
 * completes), until the deadline is moved or cleared (0).  The caller
 * treats it as any error: it rolls the transaction back.  Rolling back
 * (also to a savepoint) is never interrupted.
 */
void hw_store_set_deadline(struct hw_store *st, int64_t deadline_ms);
/* The monotonic clock in milliseconds. */
int64_t hw_store_clock_ms(void);

/*
 * A write gate, for a process with several handles on one database (the
 * server: one per worker, and the audit writer's).  SQLite lets one
 * writer in at a time and makes the others poll, sleeping longer and
 * longer (up to 100 ms a try) while the busy timeout lasts; handles that
 * share a gate instead wait in turn on a mutex before they begin a write
 * transaction, and are let in as soon as the previous one ends.  Writers
 * of other processes are still held off by SQLite's lock.  A handle holds
 * the gate from hw_store_begin (or a single write) to its commit or
 * rollback: no thread may wait for another handle's write while it holds
 * a write transaction open.  The gate outlives its handles.
 */
struct hw_store_gate;
enum hw_err hw_store_gate_new(struct hw_store_gate **out, struct hw_error *err);
void hw_store_gate_free(struct hw_store_gate *g);
/* Makes the handle's write transactions pass `g` (NULL: none). */
void hw_store_set_gate(struct hw_store *st, struct hw_store_gate *g);

/*
 * A nested unit of work: inside an open transaction, a savepoint that
 * hw_store_unit_end() releases when `rc` is HW_OK and rolls back to
 * otherwise (outside one, a transaction of its own).  Returns `rc`, or the
 * error of releasing it.  Units nest.
 */
enum hw_err hw_store_unit_begin(struct hw_store *st, struct hw_error *err);
enum hw_err hw_store_unit_end(struct hw_store *st, enum hw_err rc, struct hw_error *err);

/*
 * Bulk mode for imports, for as long as the handle lives: a larger page
 * cache and, when no other connection has the database open, a rollback
 * journal instead of the WAL, so that pages are written once instead of
 * twice.  Durability and atomicity are unchanged (synchronous=FULL at every
 * commit).  Call it outside a transaction.
 */
void hw_store_tune_for_bulk(struct hw_store *st);

/*
 * The persons written through this handle (added, edited, an event
 * appended) by the transactions that committed since the last call, in
 * commit order; what was rolled back, also inside a unit, is not there.
 * For caches such as the candidate index (hw_match_index_sync).  *ids is
 * the caller's to free with hw_free; *n may be 0 (then *ids is NULL).
 */
enum hw_err hw_store_take_changed(struct hw_store *st, int64_t **ids, size_t *n,
				  struct hw_error *err);

/* ---- sources ---------------------------------------------------------- */

struct hw_source {
	int64_t id;
	enum hw_source_kind kind;
	char *title;            /* required: "import of persons.csv" */
	struct hw_date date;
	enum hw_reliability reliability;
	char *recorded_at;      /* set by the store */
};

void hw_source_release(struct hw_source *s);
/* Stores a source and sets s->id. */
enum hw_err hw_store_source_add(struct hw_store *st, struct hw_source *s, struct hw_error *err);
/* Loads source `id` into `out` (released first). */
enum hw_err hw_store_source_get(struct hw_store *st, int64_t id, struct hw_source *out,
				struct hw_error *err);

/* ---- persons ---------------------------------------------------------- */

/*
 * Stores a new person with its name records, references and tags, with
 * p->status as its current status (the caller appends the `registered`
 * event in the same transaction).  Sets p->id, p->version (1), the ids of
 * the name records and the timestamps.  When p->id is already set (> 0)
 * the person is stored under that id (re-importing an export into an empty
 * registry); an id in use is HW_CONFLICT.
 */
enum hw_err hw_store_person_insert(struct hw_store *st, struct hw_person *p,
				   struct hw_error *err);

/*
 * Replaces the stored fields of person p->id with those of `p`, when its
 * stored version is still `expected_version` (else HW_STALE); the row it
 * replaces is kept in the person's version history.  Name records with
 * id 0 and references not yet stored are added; stored name records are
 * never changed, except that their kind may change (a primary name becomes
 * `former` when another is made primary).  Tags are replaced.  On success
 * p->version is the new version.
 */
enum hw_err hw_store_person_update(struct hw_store *st, struct hw_person *p,
				   int64_t expected_version, struct hw_error *err);

/* Loads person `id` with its names, references and tags into `out`
 * (released first). */
enum hw_err hw_store_person_get(struct hw_store *st, int64_t id, struct hw_person *out,
				struct hw_error *err);

/*
 * Finds a person by a reference as a user types it: the public reference
 * ("HW-000042"), "source:ref", or a bare external ref that one source
 * alone uses (several: HW_CONFLICT listing them).  HW_NOT_FOUND otherwise.
 */
enum hw_err hw_store_person_resolve(struct hw_store *st, const char *ref, int64_t *id,
				    struct hw_error *err);

/* The person an external reference points to; HW_NOT_FOUND when none. */
enum hw_err hw_store_person_by_extref(struct hw_store *st, const char *source, const char *ref,
				      int64_t *id, struct hw_error *err);

/* Which persons to list; zero-initialised means all. */
struct hw_person_filter {
	enum hw_status status;      /* HW_STATUS_NONE: any */
	int category;               /* -1 or 0 when has_category is 0: any */
	int has_category;
	enum hw_branch branch;      /* HW_BRANCH_NONE: any */
	enum hw_region region;      /* HW_REGION_NONE: any */
	int has_held_by;
	enum hw_custody held_by;
	const char *tag;            /* NULL: any */
	int64_t after_id;           /* only ids greater than this (paging) */
	size_t limit;               /* 0: no limit */
};

/* Called for each listed person, in id order; the person is borrowed for
 * the call.  Return non-zero to stop the listing early. */
typedef int (*hw_person_cb)(void *ctx, const struct hw_person *p);

/*
 * Calls `cb` for every person matching `filter`, fully loaded (names,
 * references, tags), in id order.  Streams: memory does not grow with the
 * number of persons.
 */
enum hw_err hw_store_person_each(struct hw_store *st, const struct hw_person_filter *filter,
				 hw_person_cb cb, void *ctx, struct hw_error *err);

/* Counts the persons matching `filter` (after_id and limit ignored). */
enum hw_err hw_store_person_count(struct hw_store *st, const struct hw_person_filter *filter,
				  int64_t *count, struct hw_error *err);

/* ---- events ----------------------------------------------------------- */

/*
 * Appends event `e` to person e->person_id and makes e->status_after the
 * person's current status (the caller has checked the transition with
 * hw_event_apply).  Sets e->id and e->recorded_at.
 */
enum hw_err hw_store_event_append(struct hw_store *st, struct hw_event *e,
				  struct hw_error *err);

/* Called for each event of a person, oldest first; borrowed for the call. */
typedef int (*hw_event_cb)(void *ctx, const struct hw_event *e);

enum hw_err hw_store_event_each(struct hw_store *st, int64_t person_id, hw_event_cb cb,
				void *ctx, struct hw_error *err);

/* ---- names, for the candidate index ---------------------------------- */

/* A name record with what the matcher needs of its person; borrowed. */
struct hw_name_row {
	int64_t person_id;
	const struct hw_name *name;
	enum hw_sex sex;
	struct hw_date birth_date;
	const char *unit;            /* NULL when not known */
	enum hw_status status;
	enum hw_custody held_by;
};

/* Called for each name record; the row is borrowed for the call.  Return
 * non-zero to stop. */
typedef int (*hw_name_cb)(void *ctx, const struct hw_name_row *row);

/* Calls `cb` for every name record of every person, in person order. */
enum hw_err hw_store_name_each(struct hw_store *st, hw_name_cb cb, void *ctx,
			       struct hw_error *err);

/* ---- the exchange ledger (homeward/exchange.h) ----------------------- */

struct hw_exchange;
struct hw_stage;
struct hw_xentry;
struct hw_xentry_filter;
struct hw_xdecision;
struct hw_xcounts;

/* Stores a new agreement (x->state as given); sets x->id.  A name in use
 * is HW_CONFLICT. */
enum hw_err hw_store_exchange_insert(struct hw_store *st, struct hw_exchange *x,
				     struct hw_error *err);
enum hw_err hw_store_exchange_get(struct hw_store *st, int64_t id, struct hw_exchange *out,
				  struct hw_error *err);
enum hw_err hw_store_exchange_by_name(struct hw_store *st, const char *name, int64_t *id,
				      struct hw_error *err);
enum hw_err hw_store_exchange_each(struct hw_store *st,
				   int (*cb)(void *ctx, const struct hw_exchange *x), void *ctx,
				   struct hw_error *err);
enum hw_err hw_store_exchange_set_state(struct hw_store *st, int64_t id, int state,
					struct hw_error *err);

/* Stores a new stage as number max + 1 of its agreement; sets s->id and
 * s->number. */
enum hw_err hw_store_stage_insert(struct hw_store *st, struct hw_stage *s, struct hw_error *err);
enum hw_err hw_store_stage_get(struct hw_store *st, int64_t id, struct hw_stage *out,
			       struct hw_error *err);
enum hw_err hw_store_stage_by_number(struct hw_store *st, int64_t exchange_id, int number,
				     int64_t *id, struct hw_error *err);
enum hw_err hw_store_stage_each(struct hw_store *st, int64_t exchange_id,
				int (*cb)(void *ctx, const struct hw_stage *s), void *ctx,
				struct hw_error *err);
/* Writes a stage's state, forced flag and reason, completion time and
 * actor. */
enum hw_err hw_store_stage_update(struct hw_store *st, const struct hw_stage *s,
				  struct hw_error *err);
/* Closes the lists of a stage: its entries no longer count as open. */
enum hw_err hw_store_stage_close_lists(struct hw_store *st, int64_t stage_id,
				       struct hw_error *err);

/* Appends to the log of state changes of agreements and stages. */
enum hw_err hw_store_xlog_append(struct hw_store *st, int64_t exchange_id, int64_t stage_id,
				 const char *what, const char *from, const char *to,
				 const char *reason, const char *actor, struct hw_error *err);

/* Stores a list entry with its first decision (the matcher's); sets e->id.
 * A person already on an open list is HW_CONFLICT. */
enum hw_err hw_store_xentry_insert(struct hw_store *st, struct hw_xentry *e,
				   const char *actor, struct hw_error *err);
enum hw_err hw_store_xentry_get(struct hw_store *st, int64_t id, struct hw_xentry *out,
				struct hw_error *err);
enum hw_err hw_store_xentry_by_line(struct hw_store *st, int64_t stage_id, const char *line,
				    int64_t *id, struct hw_error *err);
enum hw_err hw_store_xentry_each(struct hw_store *st, int64_t stage_id,
				 const struct hw_xentry_filter *filter,
				 int (*cb)(void *ctx, const struct hw_xentry *e), void *ctx,
				 struct hw_error *err);
/* Records a decision: the entry's state, person and reason change and the
 * decision is appended to its history.  A person on another open list is
 * HW_CONFLICT. */
enum hw_err hw_store_xentry_decide(struct hw_store *st, int64_t entry_id, int state,
				   int64_t person_id, const char *reason, const char *actor,
				   struct hw_error *err);
enum hw_err hw_store_xentry_history(struct hw_store *st, int64_t entry_id,
				    int (*cb)(void *ctx, const struct hw_xdecision *d), void *ctx,
				    struct hw_error *err);
/* The open list entry person `person_id` is on: *entry_id 0 when none. */
enum hw_err hw_store_person_open_entry(struct hw_store *st, int64_t person_id,
				       int64_t *entry_id, struct hw_error *err);
/* The entries naming person `person_id` (person_id, or a pending entry's
 * proposed_id), by stage date (unknown last), stage, direction and id:
 * hw_xentry_each_for_person() in homeward/exchange.h.  `cb` may call the
 * store. */
enum hw_err hw_store_person_xentry_each(struct hw_store *st, int64_t person_id,
					int (*cb)(void *ctx, const struct hw_xentry *e),
					void *ctx, struct hw_error *err);
/* Entry counts of a stage (listed_in, by_state, listed_out) and the events
 * recorded with it (returned, handed_over). */
enum hw_err hw_store_stage_counts(struct hw_store *st, int64_t stage_id,
				  struct hw_xcounts *out, struct hw_error *err);

/* What proposing names needs of a person: borrowed for the call. */
struct hw_propose_row {
	int64_t person_id;
	enum hw_sex sex;
	enum hw_category category;
	unsigned health;
	struct hw_date birth_date;
	struct hw_date captured_on;
};
/* Every captive person held by `held_by` who is on no open list. */
enum hw_err hw_store_propose_each(struct hw_store *st, enum hw_custody held_by,
				  int (*cb)(void *ctx, const struct hw_propose_row *r),
				  void *ctx, struct hw_error *err);

/* ---- movements of persons in exchanges, for reports ------------------ */

/* A `returned` or `handed_over` event recorded with an exchange stage. */
struct hw_move {
	const struct hw_person *person;  /* fully loaded, borrowed for the call */
	enum hw_event_type type;         /* HW_EVENT_RETURNED or HW_EVENT_HANDED_OVER */
	struct hw_date date;             /* the event's date */
	int64_t stage_id, exchange_id;
};
/* Which movements; zero-initialised means all. */
struct hw_move_filter {
	int64_t stage_id;                /* 0: any */
	int64_t exchange_id;             /* 0: any */
	struct hw_date from, to;         /* event dates, inclusive; unknown: open */
};
/* Calls `cb` for every movement matching `filter`, by date then person. */
enum hw_err hw_store_move_each(struct hw_store *st, const struct hw_move_filter *filter,
			       int (*cb)(void *ctx, const struct hw_move *m), void *ctx,
			       struct hw_error *err);

/*
 * The number returned home by exchanges from `from` up to `to` (both
 * inclusive, by stage date; NULL or the unknown date leaves that end
 * open; a stage dated by month or year only is before a day of that
 * month or year): *historic, the counts of historic stages recorded
 * without persons, and *persons, the persons with a `returned` event
 * recorded with a stage.  A stage without a date cannot be placed and is
 * always counted.
 */
enum hw_err hw_store_returned_total(struct hw_store *st, const struct hw_date *from,
				    const struct hw_date *to, long *historic, long *persons,
				    struct hw_error *err);


/* ---- users, sessions, failed logins (homeward/auth.h) ------------------ */

struct hw_user;
struct hw_session;

/* Stores a new user with its password hash; sets u->id.  A name in use is
 * HW_CONFLICT.  Times are seconds since the epoch. */
enum hw_err hw_store_user_insert(struct hw_store *st, struct hw_user *u, const char *pwhash,
				 struct hw_error *err);
/* Loads user `name` into `out` (released first) and, when `pwhash` is not
 * NULL, its password hash (the caller's to free); HW_NOT_FOUND. */
enum hw_err hw_store_user_get(struct hw_store *st, const char *name, struct hw_user *out,
			      char **pwhash, struct hw_error *err);
/* Every user by name, borrowed for the call; non-zero from `cb` stops. */
enum hw_err hw_store_user_each(struct hw_store *st,
			       int (*cb)(void *ctx, const struct hw_user *u), void *ctx,
			       struct hw_error *err);
enum hw_err hw_store_user_set_password(struct hw_store *st, int64_t id, const char *pwhash,
				       int64_t now, struct hw_error *err);
/* Disables user `id` at `now`; *changed is 0 when it already was. */
enum hw_err hw_store_user_disable(struct hw_store *st, int64_t id, int64_t now, int *changed,
				  struct hw_error *err);
/* The number of enabled users of role `role` (its name). */
enum hw_err hw_store_user_count_role(struct hw_store *st, const char *role, int64_t *n,
				     struct hw_error *err);

/* Stores session s (user_id and times) under the hash of its token. */
enum hw_err hw_store_session_insert(struct hw_store *st, const unsigned char token_hash[32],
				    const struct hw_session *s, const char *address,
				    struct hw_error *err);
/* The live (not revoked, user enabled) session of a token hash, with its
 * user's name and role; HW_NOT_FOUND otherwise.  Expiry is the caller's
 * to check. */
enum hw_err hw_store_session_get(struct hw_store *st, const unsigned char token_hash[32],
				 struct hw_session *out, struct hw_error *err);
enum hw_err hw_store_session_touch(struct hw_store *st, const unsigned char token_hash[32],
				   int64_t idle_expires_at, struct hw_error *err);
/* Revokes one session; *changed is 0 when it was not live. */
enum hw_err hw_store_session_revoke(struct hw_store *st, const unsigned char token_hash[32],
				    int64_t now, int *changed, struct hw_error *err);
/* Revokes every session of a user. */
enum hw_err hw_store_session_revoke_user(struct hw_store *st, int64_t user_id, int64_t now,
					 struct hw_error *err);
/* Deletes the sessions revoked or expired by `now`. */
enum hw_err hw_store_session_purge(struct hw_store *st, int64_t now, struct hw_error *err);

/* Records a failed login of `user_key` (a hash of the name as typed) from
 * `address` at `at`. */
enum hw_err hw_store_login_failure_add(struct hw_store *st, const char *user_key,
				       const char *address, int64_t at, struct hw_error *err);
/* The failures after `since` of a user key (`address` NULL) or of an
 * address (`user_key` NULL): their number and the time of the last. */
enum hw_err hw_store_login_failures(struct hw_store *st, const char *user_key,
				    const char *address, int64_t since, int64_t *count,
				    int64_t *last_at, struct hw_error *err);
/* Forgets the failures of a user key (after a successful login). */
enum hw_err hw_store_login_failures_clear(struct hw_store *st, const char *user_key,
					  struct hw_error *err);
/* Deletes the failures at or before `before`. */
enum hw_err hw_store_login_failures_purge(struct hw_store *st, int64_t before,
					  struct hw_error *err);

/* ---- the audit trail (homeward/audit.h) ------------------------------ */

struct hw_audit_record;
struct hw_audit_head;
struct hw_audit_filter;

/* The chain head; out->present 0 when its row is missing. */
enum hw_err hw_store_audit_head(struct hw_store *st, struct hw_audit_head *out,
				struct hw_error *err);
/* Inserts a record as given (id, hashes and all); the schema refuses one
 * that does not follow the head. */
enum hw_err hw_store_audit_insert(struct hw_store *st, const struct hw_audit_record *r,
				  struct hw_error *err);
/* The records matching `filter` (NULL: all), by id, borrowed for the call.
 * A stored hash that is not 32 bytes long reads as 32 bytes of 0xff. */
enum hw_err hw_store_audit_each(struct hw_store *st, const struct hw_audit_filter *filter,
				int (*cb)(void *ctx, const struct hw_audit_record *r), void *ctx,
				struct hw_error *err);
/* How far the audit journal has entered the chain (src/audit/journal.c):
 * its generation and the offset after the last record imported; and the
 * database's random id (16 bytes), which the journal's header repeats. */
enum hw_err hw_store_audit_journal_get(struct hw_store *st, unsigned char database_id[16],
				       uint64_t *generation, uint64_t *offset,
				       struct hw_error *err);
/* Moves that mark, in the caller's transaction (the one importing). */
enum hw_err hw_store_audit_journal_set(struct hw_store *st, uint64_t generation,
				       uint64_t offset, struct hw_error *err);
/* The head, then every record by id, in one read transaction (outside
 * the caller's, when one is open: then inside it). */
enum hw_err hw_store_audit_walk(struct hw_store *st, struct hw_audit_head *head,
				int (*cb)(void *ctx, const struct hw_audit_record *r), void *ctx,
				struct hw_error *err);

#endif
