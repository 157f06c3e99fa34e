/*
 * homeward/audit.h - the audit trail: an append-only, hash-chained log
 * of every write and every read of a person's record.
 *
 * Each record holds the BLAKE2b-256 hash of the record before it
 * (`prev_hash`, 32 zero bytes for the first) and its own hash:
 *
 *   hash = BLAKE2b-256(prev_hash || encode(record))
 *
 * where encode() is a canonical, unambiguous encoding of every field
 * (hw_audit_hash below: a version tag, then each field with a type tag and,
 * for text, its length, so that NULL, "" and shifted field boundaries all
 * differ).  Ids are consecutive from 1.  The chain head (last id, its
 * hash, the number of records) is kept in a one-row table beside the
 * records and advanced by the database in the same transaction as each
 * insert; triggers refuse to update or delete records, to move the head
 * any other way, and to insert a record that does not follow the head.
 *
 * hw_audit_verify() walks the whole chain and names the first record that
 * was altered (its hash does not match its fields), removed (a gap in the
 * ids, or fewer records than the head counts), or inserted (an id out of
 * sequence, a record that does not chain to its predecessor, or more
 * records than the head counts).  What it cannot detect: a rewrite of the
 * whole chain from some record on, together with the head, by someone who
 * can write the file (there is no secret in the hash).  Against that, keep
 * the head printed by `homeward audit verify` somewhere else and compare
 * (docs/security.md).
 *
 * The library never reads the clock: `at` comes from the caller.
 */
#ifndef HOMEWARD_AUDIT_H
#define HOMEWARD_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/error.h"
#include "homeward/store.h"

#define HW_AUDIT_HASH_SIZE 32

/* Who acts, and from where: borrowed strings.  `actor` is a user name,
 * or "cli:LOGIN" for the command line; `address` the client's address
 * ("local" for the command line), may be NULL. */
struct hw_actor {
	const char *actor;
	const char *address;
};

/*   X(ENUM,   "name") */
#define HW_AUDIT_OUTCOME_MAP(X) \
	X(OK,      "ok")        /* done */                                   \
	X(DENIED,  "denied")    /* refused: no permission, bad credentials */ \
	X(FAILED,  "failed")    /* tried and failed (invalid input, error) */

enum hw_audit_outcome {
#define HW_AUDIT_OUTCOME_ENUM_(e, name) HW_AUDIT_##e,
	HW_AUDIT_OUTCOME_MAP(HW_AUDIT_OUTCOME_ENUM_)
#undef HW_AUDIT_OUTCOME_ENUM_
	HW_AUDIT__COUNT
};

const char *hw_audit_outcome_name(enum hw_audit_outcome o);

/*
 * One record.  For hw_audit_append the caller fills the fields from `at`
 * to `outcome` (strings borrowed; NULL where not applicable) and the call
 * sets `id`, `prev_hash` and `hash`.  Records handed to a callback are
 * borrowed for the call.
 */
struct hw_audit_record {
	int64_t id;
	int64_t at;               /* seconds since the epoch, UTC */
	const char *actor;        /* required */
	const char *address;
	const char *action;       /* required: "person.read", "user.add", ... */
	const char *object_type;  /* "person", "user", "session", "exchange", ... */
	const char *object_id;
	int64_t person_id;        /* the person concerned, 0 when none */
	const char *before;       /* JSON of the object before a write, or NULL */
	const char *after;        /* JSON after a write, or NULL */
	enum hw_audit_outcome outcome;
	unsigned char prev_hash[HW_AUDIT_HASH_SIZE];
	unsigned char hash[HW_AUDIT_HASH_SIZE];
};

/*
 * Appends `r` at the end of the chain, in the caller's transaction when
 * one is open (so that the audited write and its record commit together).
 * HW_INVALID when actor or action is missing or empty, the action is not
 * made of [a-z0-9_.], or before/after is not valid JSON.
 */
enum hw_err hw_audit_append(struct hw_store *st, struct hw_audit_record *r,
			    struct hw_error *err);

/* The hash of `r` after `r->prev_hash`, as defined above (r->hash is not
 * read). */
void hw_audit_hash(const struct hw_audit_record *r, unsigned char out[HW_AUDIT_HASH_SIZE]);

/* The chain head as stored. */
struct hw_audit_head {
	int present;              /* 0: the head row is missing */
	int64_t last_id;
	int64_t count;
	unsigned char hash[HW_AUDIT_HASH_SIZE];
};

/* What hw_audit_verify found. */
enum hw_audit_flaw {
	HW_AUDIT_INTACT = 0,
	HW_AUDIT_ALTERED,         /* a record's fields no longer give its hash */
	HW_AUDIT_REMOVED,         /* a record is missing */
	HW_AUDIT_INSERTED,        /* a record that was never appended */
	HW_AUDIT_HEAD,            /* the head itself is missing or altered */
};

struct hw_audit_verdict {
	enum hw_audit_flaw flaw;
	int64_t records;          /* records read */
	int64_t bad_id;           /* the first bad record (0 when intact) */
	char message[256];        /* "record 7 was altered: ..." */
	struct hw_audit_head head;
};

/*
 * Walks the whole chain in one read transaction and fills `v`.  Returns
 * HW_OK whether the chain is intact or not (see v->flaw); an error only
 * when the database cannot be read.
 */
enum hw_err hw_audit_verify(struct hw_store *st, struct hw_audit_verdict *v,
			    struct hw_error *err);

/* Which records hw_audit_each lists; zero-initialised means all. */
struct hw_audit_filter {
	const char *actor;        /* NULL: any */
	int64_t person_id;        /* 0: any */
	int64_t from, to;         /* `at` within [from, to]; 0: open */
	const char *action;       /* exact, or a prefix when it ends with '*' */
	int64_t after_id;         /* only ids greater than this (paging) */
	size_t limit;             /* 0: no limit */
};

/* Calls `cb` for each record matching `filter` (NULL: all), by id; the
 * record is borrowed for the call.  Return non-zero to stop. */
enum hw_err hw_audit_each(struct hw_store *st, const struct hw_audit_filter *filter,
			  int (*cb)(void *ctx, const struct hw_audit_record *r), void *ctx,
			  struct hw_error *err);

/*
 * Group commit.  A writer has a store handle and threads of its own, and
 * makes the records handed to it durable in batches: every record that
 * arrived while the previous batch was being written goes into the next.
 * hw_audit_writer_append() returns only when its record is durable (or
 * has failed), so a caller that must not answer before its record is
 * written, such as a read of a person's record, still has that guarantee,
 * at a fraction of the cost of a transaction per record.  Records of a
 * write belong in the write's own transaction (hw_audit_append), not here.
 *
 * Durable means appended to the audit journal, DB_PATH-audit, and synced
 * (src/audit/journal.c).  The writer's importer brings the journal into
 * the hash chain in large transactions, within about a tenth of a second;
 * a record's id and hashes are given then, so the record passed to
 * hw_audit_writer_append is not updated.  hw_audit_writer_sync waits until
 * everything journaled before it is in the chain (for reading the trail).
 * A journal left by a server that did not stop cleanly is imported by the
 * next writer or by hw_audit_recover.  When the journal cannot be used
 * (another process holds it, it cannot be written), each batch is
 * appended to the chain directly in a transaction of its own.
 *
 * A record the checks of hw_audit_append refuse fails alone, in the
 * caller's thread.  Any number of threads may append at once.
 */
struct hw_audit_writer;

/* Opens `db_path` for the writer (its write transactions pass `gate`,
 * may be NULL: hw_store_set_gate), imports what a journal left holds and
 * starts its threads.  HW_STORE when that journal is damaged. */
enum hw_err hw_audit_writer_start(const char *db_path, struct hw_store_gate *gate,
				  struct hw_audit_writer **out, struct hw_error *err);
/* Appends `r` (checked as by hw_audit_append) and waits until it is
 * durable.  HW_INTERNAL after hw_audit_writer_stop has begun. */
enum hw_err hw_audit_writer_append(struct hw_audit_writer *w, struct hw_audit_record *r,
				   struct hw_error *err);
/* Waits until every record made durable before the call is in the chain;
 * the importer's error when it cannot import them. */
enum hw_err hw_audit_writer_sync(struct hw_audit_writer *w, struct hw_error *err);

struct hw_audit_writer_stats {
	uint64_t batches;         /* batches made durable */
	uint64_t records;         /* records in them */
	uint64_t journaled;       /* records that went through the journal */
	uint64_t imported;        /* of those, in the chain */
	uint64_t imports;         /* the import transactions */
	int journal;              /* 1 while the journal is in use */
};
void hw_audit_writer_stats(struct hw_audit_writer *w, struct hw_audit_writer_stats *out);
/* Writes what is queued, imports the journal, stops the threads, closes
 * the store; NULL allowed. */
void hw_audit_writer_stop(struct hw_audit_writer *w);

/*
 * Imports what the audit journal of `db_path` holds beyond the chain,
 * left by a server that did not stop cleanly, and empties it; nothing
 * when a running server holds it.  *records (may be NULL): how many.
 * HW_STORE when the journal is damaged.
 */
enum hw_err hw_audit_recover(struct hw_store *st, const char *db_path, size_t *records,
			     struct hw_error *err);

/* Writes the 64 hex digits of a hash and a NUL into `out`. */
void hw_audit_hash_hex(const unsigned char hash[HW_AUDIT_HASH_SIZE], char out[65]);

#endif
