/*
 * verify.h - the other side's list of a stage, and the verifier who
 * checks it.  Internal to src/demo.
 *
 * demo_verify_list() writes the list of a stage (listwrite.h) for persons
 * the demo knows, imports it with hw_xlist_import() through the matcher
 * and remembers who each line really is.  The simulated verifier then
 * decides: it confirms the true person of every line, also where the
 * matcher proposed someone else or nobody (that is what a verifier is
 * for), and rejects a line of someone the registry does not hold.  Every
 * decision goes through hw_xentry_confirm/hw_xentry_reject with a reason.
 */
#ifndef HOMEWARD_DEMO_VERIFY_H
#define HOMEWARD_DEMO_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/error.h"
#include "homeward/match.h"
#include "homeward/person.h"
#include "homeward/store.h"
#include "demo/listwrite.h"

struct demo_verify {
	struct hw_store *st;
	struct hw_match_index *ix;
	unsigned threads;
	const char *actor;
	int64_t stage_id;
	int64_t *truth;          /* by line number - 1: the person, 0 not registered */
	size_t ntruth;
	long lines;              /* lines of the list */
	long right;              /* the matcher proposed the right person alone */
	long chosen;             /* the right person was among several candidates */
	long corrected;          /* the matcher proposed someone else */
	long by_hand;            /* the matcher found nobody */
	long rejected;           /* not in the registry: rejected */
	long decided;            /* decisions made */
};

void demo_verify_init(struct demo_verify *v, struct hw_store *st, struct hw_match_index *ix,
		      unsigned threads, const char *actor);
void demo_verify_release(struct demo_verify *v);

/*
 * Writes and imports the list of stage `stage_id`: a line for each of the
 * `n` registered persons `ours` and for each of the `nabsent` persons the
 * registry does not hold, in an order drawn from `seed`.  Lines
 * are numbered from 1; `seed` keys the spelling of each line; `name` names
 * the list in messages.  The index is synchronised with the store first.
 */
enum hw_err demo_verify_list(struct demo_verify *v, int64_t stage_id,
			     const struct hw_person *ours, size_t n,
			     const struct hw_person *absent, size_t nabsent,
			     enum demo_list_format format, uint64_t seed, const char *name,
			     struct hw_error *err);

/* Decides every entry of the list. */
enum hw_err demo_verify_decide_all(struct demo_verify *v, struct hw_error *err);

/*
 * Decides part of the list, as a verifier halfway through: in its first
 * half, confirms the lines where the matcher proposed the right person;
 * rejects the first line of someone not registered; the rest waits.
 */
enum hw_err demo_verify_decide_some(struct demo_verify *v, struct hw_error *err);

#endif
