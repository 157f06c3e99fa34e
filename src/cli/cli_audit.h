/*
 * cli_audit.h - the audit records of the command line's reads and writes
 * of persons (docs/security.md, "What the command line records").
 *
 * The command line records what the server records, with the actor
 * "cli:LOGIN" and the address "local": the same actions, and for a write
 * the person before and after it (hw_person_to_json with health).
 *
 *  - A read is recorded before anything of it is printed.  When its record
 *    cannot be written the command prints nothing of the person and fails
 *    (no record, no answer).  So a read needs a writable database.
 *  - A write's record is appended in the write's own transaction: both
 *    commit, or neither.
 *  - A command that fails (bad input, an unknown person, a refused event)
 *    records nothing, as the server records nothing for a 4xx that is not
 *    a refusal of permission.
 *
 * Reads of many persons (person list, export, match) record which persons
 * were disclosed: their public references up to CLI_AUDIT_REFS_MAX, beyond
 * that the count and the first and last reference, and always the count
 * and the SHA-256 of the output, so that a copy of the output can be tied
 * to its record.  An import is one record (the file's size and SHA-256 and
 * the counts), in the import's transaction.
 *
 * The exchange ledger's commands record through the library's
 * homeward/exchange_audit.h, as the server does (cli_xaudit below).
 */
#ifndef HOMEWARD_CLI_AUDIT_H
#define HOMEWARD_CLI_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "homeward/buf.h"
#include "homeward/exchange_audit.h"
#include "homeward/registry.h"
#include "homeward/store.h"
#include "cli/cli.h"

/* The most public references one record lists (about 130 KB of JSON). */
#define CLI_AUDIT_REFS_MAX 10000

/*
 * Appends the record of a read: `action` ("person.read"), about person
 * `person_id` (0: none; else the object is that person, named by its
 * public reference) or else `object_type` (may be NULL), with `detail`
 * (borrowed, may be NULL) as the record's `after`, as the server puts the
 * query of a search there.  Returns 0, or prints "homeward: cannot write
 * the audit record, so nothing is shown: WHY" and returns the exit status.
 */
int cli_audit_read(struct hw_store *st, const char *action, const char *object_type,
		   int64_t person_id, json_t *detail);

/*
 * Appends the record of a write of person `person_id` (object "person")
 * with `before` and `after` (borrowed, may be NULL), in the transaction the
 * caller has open.  On failure the error says that the audit record could
 * not be written, and the caller rolls back.
 */
enum hw_err cli_audit_write(struct hw_store *st, const char *action, int64_t person_id,
			    json_t *before, json_t *after, struct hw_error *err);

/*
 * Ends a write of person `id` as the server does: in the open transaction,
 * loads the person as now stored (as `after`), appends the record with
 * `before` (borrowed; NULL for a new person) and commits.  On any error
 * the transaction is rolled back and nothing is written.
 */
enum hw_err cli_audit_person_commit(struct hw_store *st, const char *action, int64_t id,
				    json_t *before, struct hw_error *err);

/* Who the command line records as acting: "cli:" and the login (cli_who). */
const char *cli_actor(void);

/*
 * The records of the exchange ledger's commands, as the server writes them
 * (homeward/exchange_audit.h), in a transaction of the command's own:
 * cli_xaudit_begin() opens it and sets x->au to append there; the command
 * makes its write, or records its read, through x->au; cli_xaudit_end()
 * commits when `rc` is HW_OK, else rolls back.  For a write (`read` 0) a
 * record that cannot be appended says "cannot write the audit record, so
 * nothing was changed: WHY"; for a read every failure says "..., so
 * nothing is shown: WHY", and the command then prints nothing of the read.
 */
struct cli_xaudit {
	struct hw_xaudit au;
	struct hw_store *st;
	int read;
};
enum hw_err cli_xaudit_begin(struct cli_xaudit *x, struct hw_store *st, int read,
			     struct hw_error *err);
/* Returns 0, or prints the error and returns the exit status. */
int cli_xaudit_end(struct cli_xaudit *x, enum hw_err rc, struct hw_error *err);

/* Text as the user gave it (a file name, a query) as a JSON string; when it
 * is not UTF-8, each byte of 0x80 and above becomes "\\xNN". */
json_t *cli_audit_name_json(const char *name);

/*
 * An import's record, written by hw_import_options.before_commit with a
 * struct cli_audit_import as its context: action "person.import", the
 * file as named on the command line, its size and SHA-256, the options and
 * the counts.
 */
struct cli_audit_import {
	const char *file;
	const char *source_label;
	int skip_invalid;
};
enum hw_err cli_audit_import(void *ctx, struct hw_store *st,
			     const struct hw_import_result *res, struct hw_error *err);

/*
 * The persons a read of many disclosed, in the order given, and the
 * SHA-256 of its output.  Zero-initialised by cli_disclosure_init; the
 * references are kept up to CLI_AUDIT_REFS_MAX, the count and the first and
 * last always.
 */
struct cli_disclosure {
	int64_t *ids;
	size_t nids, cap, count;
	int64_t first, last;
	int overflow;             /* more than CLI_AUDIT_REFS_MAX: ids dropped */
	unsigned char sha256[32]; /* of the output */
};
void cli_disclosure_init(struct cli_disclosure *d);
void cli_disclosure_release(struct cli_disclosure *d);
/* Notes one person disclosed; 0, or -1 when out of memory. */
int cli_disclosure_add(struct cli_disclosure *d, int64_t person_id);
/*
 * Adds to `detail`: "count", "refs" (the public references, or null beyond
 * the cap, then with "first" and "last" when `range`), "sha256" (hex).
 * 0, or -1 when out of memory.
 */
int cli_disclosure_json(const struct cli_disclosure *d, int range, json_t *detail);

/*
 * An audited listing of persons (`person list`, `export persons`): one
 * record `action`, with `detail` (the request: query, format, output;
 * borrowed, completed with the disclosure) before the output is seen.
 *
 * The listing runs in one read snapshot.  Its output goes to `path`
 * (written atomically, so the file appears only once the record is
 * committed) or, for "-", to memory while it stays under a cap; past it,
 * only its digest is kept, and after the record the persons are rendered
 * a second time, from the same snapshot, to stdout.  `one` appends person
 * `i` (from 0) to `out`; `begin` and `end` (may be NULL) what comes before
 * the first and after the last of `n`.  Returns the exit status, having
 * printed any error.
 */
struct cli_listing {
	const struct hw_person_filter *filter;
	const char *action;
	json_t *detail;
	const char *path;
	enum hw_err (*begin)(void *ctx, struct hw_buf *out);
	enum hw_err (*one)(void *ctx, const struct hw_person *p, size_t i, struct hw_buf *out);
	enum hw_err (*end)(void *ctx, size_t n, struct hw_buf *out);
	void *ctx;
};
int cli_listing_run(const struct cli *cli, struct hw_store *st, const struct cli_listing *l);

#endif
