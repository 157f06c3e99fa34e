/*
 * homeward/registry.h - the registry's operations, as every front end
 * calls them.
 *
 * This layer joins the model rules (homeward/person.h, homeward/event.h)
 * to the store: it validates, checks every status change against the one
 * transition table, and writes each operation atomically.  The command
 * line and the server call these, never the store's writes directly.
 *
 * Each call runs in a transaction of its own, or inside the caller's when
 * one is open (hw_store_begin), so that larger operations (an import, a
 * completed exchange stage) are all or nothing.
 */
#ifndef HOMEWARD_REGISTRY_H
#define HOMEWARD_REGISTRY_H

#include <stdint.h>
#include <stdio.h>

#include "homeward/error.h"
#include "homeward/event.h"
#include "homeward/person.h"
#include "homeward/store.h"

/*
 * Registers a new person with `status` (HW_STATUS_NONE: missing for our
 * own people, captive for detainees): validates `p`, stores it and appends
 * the `registered` event (dated `date`, citing `source_id`, by `actor`).
 * Sets p->id and p->status.
 */
enum hw_err hw_registry_person_add(struct hw_store *st, struct hw_person *p,
				   enum hw_status status, const struct hw_date *date,
				   int64_t source_id, const char *actor, struct hw_error *err);

/*
 * Saves an edited person (loaded with hw_store_person_get and changed)
 * if nobody changed it since it was loaded at `expected_version`
 * (HW_STALE otherwise).  The status cannot be edited: it comes from
 * events.
 */
enum hw_err hw_registry_person_edit(struct hw_store *st, struct hw_person *p,
				    int64_t expected_version, struct hw_error *err);

/*
 * Makes a new primary name: the current primary name record becomes
 * `former`, and a new primary record is added (copied strings).
 */
enum hw_err hw_registry_set_primary_name(struct hw_person *p, const char *family,
					 const char *given, const char *patronymic,
					 struct hw_error *err);

/*
 * Appends event `e` (type, date, note, source, stage, recorded_by set by
 * the caller) to person e->person_id after checking it against the
 * transition table from the person's current status; `target` is the
 * status for `status_corrected`.  Sets e->id and e->status_after.
 */
enum hw_err hw_registry_event_add(struct hw_store *st, struct hw_event *e,
				  enum hw_status target, struct hw_error *err);

/*
 * The reference a list's output names person `id` by, into out[256]: its
 * first external reference ("source:ref", as the other side's list or an
 * import knows it), else its public one.
 */
void hw_registry_list_ref(struct hw_store *st, int64_t id, char out[256]);

/*
 * The name person `id` is known by, "Family Given Patronymic" (their
 * primary name record), into out[size]; "" when there is no such person.
 */
void hw_registry_person_name(struct hw_store *st, int64_t id, char *out, size_t size);

/* ---- import ----------------------------------------------------------- */

struct hw_import_result;

struct hw_import_options {
	const char *source_label;  /* the source of refs without one ("import") */
	int skip_invalid;          /* import the valid rows, reject the others */
	FILE *rejects;             /* with skip_invalid: rejected rows as CSV + reason */
	int max_errors;            /* errors listed before stopping (default 50) */
	const char *actor;         /* user name for the history, NULL from the CLI */
	FILE *diagnostics;         /* where each error line goes (stderr) */
	/*
	 * Called once, when every row is written and the import is about to
	 * commit, inside its transaction, with the final result: what it
	 * writes (the import's audit record) commits with the import, and an
	 * error it returns rolls the whole import back.  NULL: none.
	 */
	enum hw_err (*before_commit)(void *ctx, struct hw_store *st,
				     const struct hw_import_result *result, struct hw_error *err);
	void *before_commit_ctx;
};

struct hw_import_result {
	long rows;      /* data rows read */
	long created;   /* new persons */
	long updated;   /* existing persons whose fields changed */
	long unchanged; /* existing persons, nothing new */
	long rejected;  /* invalid rows (skipped, or the reason nothing was imported) */
	/* the input as read, once the whole of it was (a byte order mark
	 * included): its size and SHA-256, as `sha256sum` gives it */
	uint64_t bytes;
	unsigned char sha256[32];
};

/*
 * Imports a persons CSV (DESIGN.md section 6) read from `in`, naming it
 * `name` in messages, in one transaction: every invalid row is reported
 * to options->diagnostics as "FILE:LINE:COLUMN: field: message" and, unless
 * skip_invalid, nothing at all is written (HW_INVALID).  A row whose ref is
 * already known updates that person (never a duplicate); a changed status
 * appends the event that leads there, or is an error when no event does.
 */
enum hw_err hw_registry_import_persons(struct hw_store *st, FILE *in, const char *name,
				       const struct hw_import_options *options,
				       struct hw_import_result *result, struct hw_error *err);

#endif
