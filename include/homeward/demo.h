/*
 * homeward/demo.h - a demo database that reproduces published exchanges.
 *
 * hw_demo_build() fills an empty store, deterministically from a seed,
 * with synthetic persons (homeward/generate.h: no real person's name) and
 * the exchanges below, recorded through the real ledger
 * (homeward/exchange.h), so that `homeward report` prints their published
 * figures, counted from the persons:
 *
 *  - "Exchanges 1 to 51 (before 31 May 2024)": a historic agreement,
 *    counts only, standing for the national exchanges 1-51: 3,135
 *    returned, so that 3,210 have returned after the 52nd;
 *  - "52nd exchange", 31 May 2024, mediated by the United Arab Emirates:
 *    75 returned (70 men, 5 women; 4 civilians, 71 military, 6 officers;
 *    Armed Forces 43 of which 13 Navy, 2 Air Force and 6 Territorial
 *    Defence, National Guard 21, Border Guard Service 7; 19 defenders of
 *    Snake Island, 14 guards of the Chornobyl plant, 10 defenders of
 *    Mariupol; 26 wounded, seriously ill or disabled), 75 handed over;
 *  - "1000 for 1000", agreed in Istanbul on 16 May 2025, in three stages:
 *    23 May 390 (270 military, 120 civilians; 3 women), 24 May 307 (all
 *    men, privates and sergeants, 27 defenders of Mariupol), 25 May 303
 *    (36 Border Guard Service, 10 National Guard); 55 Border Guard
 *    Service and 31 National Guard in all; as many handed over;
 *  - "Demo: next exchange", in progress: one stage whose incoming list is
 *    imported and partly verified, and some detainees on its outgoing
 *    list, for a user to try verification.
 *
 * Every incoming list is written as the other side writes it (Russian
 * forms, Latin spellings, slips: src/demo/listwrite.h), imported with
 * hw_xlist_import() through the matcher, and each entry decided by a
 * simulated verifier who knows the truth: it confirms the true person,
 * also where the matcher proposed someone else or nobody.  The background
 * registry (option `background`) keeps people captive and missing for
 * `homeward exchange propose`.
 */
#ifndef HOMEWARD_DEMO_H
#define HOMEWARD_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "homeward/error.h"
#include "homeward/store.h"

#define HW_DEMO_BACKGROUND_DEFAULT 5000
#define HW_DEMO_BACKGROUND_MAX 1000000

struct hw_demo_options {
	uint64_t seed;
	long background;     /* registry persons besides those of the exchanges */
	unsigned threads;    /* for matching the lists, as hw_match_many */
	FILE *progress;      /* a line per step, or NULL */
};

/* Seed 1, HW_DEMO_BACKGROUND_DEFAULT persons, one thread, no progress. */
void hw_demo_options_init(struct hw_demo_options *o);

/* What was built, for the hints a front end prints. */
struct hw_demo_result {
	long persons;                 /* registry persons in all */
	int64_t historic_id;          /* the agreements */
	int64_t exchange52_id;
	int64_t thousand_id;
	int64_t open_id;
	int64_t open_stage_id;
	long open_pending;            /* entries of the open stage not yet decided */
	long lines, proposed_right;   /* incoming lines, and those whose matcher
					 proposal was the right person */
};

/*
 * Builds the demo into `st`, which should be a new, empty database: on
 * a store that already holds an agreement of the same name, HW_CONFLICT.
 * `res` may be NULL.  Not atomic as a whole (it is a sequence of ledger
 * operations, each atomic); a front end builds into a temporary file and
 * renames it when done.  The same options give the same database, apart
 * from the timestamps of recording.
 */
enum hw_err hw_demo_build(struct hw_store *st, const struct hw_demo_options *o,
			  struct hw_demo_result *res, struct hw_error *err);

#endif
