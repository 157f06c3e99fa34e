/*
 * homeward/match.h - finding the right person for a name as another side
 * wrote it.
 *
 * The matcher proposes, a verifier decides: nothing here changes the
 * registry.  It has two parts.
 *
 * The candidate index (struct hw_match_index) holds, in memory, what the
 * scorer needs of every person: each name record in canonical form
 * (homeward/names.h), the given name and the father's name recognised in
 * the table of given names, birth date, sex, unit.  It is built from the
 * store at start and kept current by hw_match_index_put() on every write.
 * It finds candidates without scanning the registry: by the keys of the
 * family name, which tolerate one or two edits and every spelling system
 * that the canonical form bridges, and by given name and birth year when
 * the family name is too damaged for its keys.
 *
 * The scorer weighs each field's evidence in the manner of Fellegi and
 * Sunter: an agreement adds log2(m/u) bits, where m is how often the field
 * agrees for the same person (allowing for the slips of real lists) and u
 * how often it agrees by chance (a rare surname agreeing is stronger
 * evidence than a common one); a disagreement subtracts.  Every weight is
 * kept with its reason, so that every decision can be explained field by
 * field.  The decision is `match` only when the best candidate is far
 * above the threshold and clear of the second; `review` lists the ranked
 * candidates for a verifier; `none` says the person is not in the
 * registry.  docs/matching.md gives the weights and thresholds.
 *
 * Threads: any number of hw_match_find() calls may run at once; a put
 * waits for them (a read-write lock).
 */
#ifndef HOMEWARD_MATCH_H
#define HOMEWARD_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/date.h"
#include "homeward/error.h"
#include "homeward/person.h"
#include "homeward/store.h"

struct hw_match_index;

/*
 * Builds the index of every person in the store.  On success *out owns
 * it (free with hw_match_index_free).
 */
enum hw_err hw_match_index_build(struct hw_match_index **out, struct hw_store *st,
				 struct hw_error *err);
/* An empty index (tests; a new registry). */
enum hw_err hw_match_index_new(struct hw_match_index **out, struct hw_error *err);
void hw_match_index_free(struct hw_match_index *ix);

/*
 * Adds a person, or replaces what the index holds of person p->id (after
 * an edit or a new name record).  Thread-safe.
 */
enum hw_err hw_match_index_put(struct hw_match_index *ix, const struct hw_person *p,
			       struct hw_error *err);

/*
 * Brings the index up to date with what was written through `st` since
 * the last sync (hw_store_take_changed): each person written is loaded
 * and put again.  A long-running process (the server) calls it after its
 * writes, so that a name registered a moment ago is found at once.
 */
enum hw_err hw_match_index_sync(struct hw_match_index *ix, struct hw_store *st,
				struct hw_error *err);

/* Persons and name records indexed, and the bytes the index uses. */
struct hw_match_stats {
	size_t persons;
	size_t names;
	size_t distinct_family_names;
	size_t keys;
	size_t bytes;
};
void hw_match_index_stats(struct hw_match_index *ix, struct hw_match_stats *out);

/* ---- a query ---------------------------------------------------------- */

/*
 * A name as written on a list: either `full_name` (any order of family,
 * given and patronymic names, any script, initials allowed) or the three
 * parts (family required then); the rest optional.
 */
struct hw_match_query {
	const char *full_name;
	const char *family;
	const char *given;
	const char *patronymic;
	struct hw_date birth_date;  /* unknown: year 0 */
	int birth_date_month_first; /* the list wrote it MM.DD.YYYY (see list.h) */
	const char *unit;
	enum hw_sex sex;            /* HW_SEX_UNKNOWN unless the list says */
	/* only persons held by `held_by` are candidates: the other side's
	 * list of those it hands over names our own people (adversary) */
	int restrict_custody;
	enum hw_custody held_by;
};

enum hw_match_decision {
	HW_MATCH_NONE,
	HW_MATCH_REVIEW,
	HW_MATCH_MATCH,
};

/* "none", "review", "match". */
const char *hw_match_decision_name(enum hw_match_decision d);

#define HW_MATCH_MAX_CANDIDATES 10
#define HW_MATCH_MAX_EVIDENCE 8
#define HW_MATCH_REASON_MAX 96
#define HW_MATCH_NAME_MAX 256

/* One field's contribution to a candidate's score. */
struct hw_match_evidence {
	const char *field;                /* "family_name", "birth_date", ... */
	double weight;                    /* bits; negative for disagreement */
	char reason[HW_MATCH_REASON_MAX]; /* "same surname (1 in 2,300)", ... */
};

struct hw_match_candidate {
	int64_t person_id;
	double score;                     /* sum of the weights, in bits */
	unsigned family_distance;         /* edits between the family names (canonical) */
	size_t nevidence;
	struct hw_match_evidence evidence[HW_MATCH_MAX_EVIDENCE];
	char name_seen[HW_MATCH_NAME_MAX]; /* the name record that matched best */
};

struct hw_match_result {
	enum hw_match_decision decision;
	char why[HW_MATCH_REASON_MAX];    /* why this decision, in a sentence */
	size_t ncandidates;               /* best first */
	struct hw_match_candidate candidates[HW_MATCH_MAX_CANDIDATES];
};

/*
 * Finds the persons `q` may name, scores them and decides.  At most `limit`
 * candidates are returned (1..HW_MATCH_MAX_CANDIDATES; 0 means 5).  A
 * query without a usable name is HW_INVALID naming the field.
 */
enum hw_err hw_match_find(struct hw_match_index *ix, const struct hw_match_query *q,
			  size_t limit, struct hw_match_result *out, struct hw_error *err);

/*
 * Matches n queries on `threads` threads (0 or 1: this one).  Each line's
 * outcome is codes[i] (HW_OK or why its query was unusable, detailed in
 * errors[i]) and results[i]; the call itself fails only when it cannot
 * run at all.
 */
enum hw_err hw_match_many(struct hw_match_index *ix, const struct hw_match_query *const *queries,
			  size_t n, size_t limit, unsigned threads,
			  struct hw_match_result *results, enum hw_err *codes,
			  struct hw_error *errors, struct hw_error *err);

#endif
