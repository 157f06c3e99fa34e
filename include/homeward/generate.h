/*
 * homeward/generate.h - deterministic synthetic registry persons.
 *
 * The generator makes realistic but entirely invented persons for tests,
 * benchmarks and the demo.  No real person is described: family names come
 * from data/surnames.tsv (common surnames with rough, invented weights) and
 * given names from the given-name table (homeward/nametable.h), combined
 * at random.
 *
 * Determinism.  Person number `index` of a seed is a pure function of
 * (seed, index, options): every field is drawn from its own splitmix64
 * stream keyed by (seed, index, field), so person i is generated without
 * generating 0..i-1, the same on every run and machine, and independently
 * of how many persons are generated.  There is no global state.  A
 * `struct hw_gen` is read-only once made, so several threads may call
 * hw_gen_person() on the same generator at once.
 *
 * What a person looks like (defaults in brackets; the shares marked
 * "option" are in struct hw_gen_options, the rest are fixed):
 *  - Custody: held by the adversary (our own people), or in our custody
 *    (detainees, option detainee_share [0.08]).  Our people have a primary
 *    name in Ukrainian Cyrillic (HW_SCRIPT_UK); detainees have one in
 *    Russian Cyrillic (HW_SCRIPT_RU: the Russian forms of the given name,
 *    patronymic and surname, surnames drawn by their Russian weights, given
 *    names among those the table gives a Russian form), citizenship RU,
 *    branch `other`, land ranks, a unit "в/ч NNNNN" and no tags.
 *  - Category: civilian with option civilian_share [0.15] among our
 *    people, 3% among detainees; else military.
 *  - Sex: women with option female_share [0.05] among the military and
 *    civilian_female_share [0.30] among civilians.
 *  - Names: surname by frequency (female form for women); given name by
 *    frequency and sex; patronymic from a father's given name (male names
 *    of the table, by frequency) in the form for the person's sex, absent
 *    in 3%.
 *  - Namesakes: option namesake_share [0.02] of persons (index >= 1)
 *    copy the family name, given name, sex and custody, and in 85% the
 *    patronymic, of an earlier person (hw_gen_namesake_of() says which);
 *    everything else is their own.
 *  - Birth date: military 1960-2005, 80% in 1975-2000, at least 19 years
 *    before the capture year (officers at least 22, and older: the earlier
 *    of two draws); civilians 1940-2008, at least 16 years before capture.
 *    Precision: 5% year only, 2% month only, else the day.  Birth place
 *    (a real town or city, Ukrainian or, for detainees, Russian) in 60%.
 *  - Citizenship: UA (1% unknown); detainees RU (3% unknown).
 *  - Military: branch by weight (per mille: army 400, tdf 150, ngu 120,
 *    marines 80, air_assault 70, navy 50, sbgs 45, air_force 30, sso 20,
 *    police 20, sbu 5); rank class enlisted 80%, NCO 15%, officers 5%,
 *    with naval ranks for the navy and land ranks elsewhere; the rank is
 *    recorded in 90%.  Unit in 85% (Armed Forces "в/ч А1234", National
 *    Guard "в/ч 3012", Border Guard "в/ч 2345", none for police and SBU;
 *    numbers drawn from a pool of 300 per branch and seed, so units
 *    repeat).  Service number in 70%, in an invented format: "ВС-" and six
 *    digits for ours, one Russian letter, '-' and six digits for detainees.
 *  - Capture: year weighted to 2022-2024 (2014-2025, last date
 *    2025-12-31, a fixed bound, so the output does not depend on today);
 *    region by year (2014 Crimea from 27 February and Donbas from 12
 *    April, 2015-2021 Donbas, 2022 from 24 February and also the north
 *    until 5 April, 2024-2025 also the Kursk area as `other`), donetsk
 *    weighted most; a town or village of the region and time as capture
 *    place in 90%; date precision day 88%, month 9%, year 3%.  Among our
 *    military: 5% defenders of Mariupol (tag `mariupol`, April-May 2022,
 *    donetsk), 0.3% Snake Island (`snake_island`, 24-25 Feb 2022, navy,
 *    marines or border guards, region `other`), 0.5% Chornobyl NPP
 *    (`chornobyl_npp`, ngu, 24 Feb 2022, kyiv).
 *  - Status: ours captive 60%, missing 30%, returned 8%, deceased 1.2%,
 *    released 0.8%; detainees captive 85%, handed_over 15%.
 *  - Health: wounded 15%, seriously ill 4%, disability 2% (independent).
 *  - Next of kin in 50%: "мати, Коваленко Ганна" (relation, surname in the
 *    relative's form, given name; the father is named after the
 *    patronymic), in Russian for detainees.  No contact details.
 *  - External reference: source "gen", ref "<seed>-<index>", so importing
 *    generated data twice is idempotent.
 * Every generated person passes hw_person_validate().
 */
#ifndef HOMEWARD_GENERATE_H
#define HOMEWARD_GENERATE_H

#include <stdint.h>

#include "homeward/error.h"
#include "homeward/person.h"

struct hw_gen_options {
	uint64_t seed;
	double civilian_share;        /* civilians among our people */
	double female_share;          /* women among the military */
	double civilian_female_share; /* women among civilians */
	double namesake_share;        /* persons copying an earlier one's names */
	double detainee_share;        /* persons in our custody */
};

/* Fills `o` with the defaults above and seed 1. */
void hw_gen_options_init(struct hw_gen_options *o);

struct hw_gen;

/*
 * Makes a generator for the options (copied; NULL means the defaults).
 * Loads the surname table and the given-name table.  Returns HW_INVALID
 * when a share is outside 0..1, HW_INTERNAL when an embedded table is
 * defective (the message names the line), HW_NOMEM; *out is NULL then.
 * Free with hw_gen_free().
 */
enum hw_err hw_gen_new(struct hw_gen **out, const struct hw_gen_options *o,
		       struct hw_error *err);

/* Frees a generator; NULL is allowed. */
void hw_gen_free(struct hw_gen *g);

/*
 * Generates person number `index` into `out`, which must be empty (just
 * hw_person_init'ed or released).  The caller owns the result and releases
 * it with hw_person_release().  On failure (only HW_NOMEM) `out` is left
 * empty.  Thread-safe for concurrent calls on the same generator.
 */
enum hw_err hw_gen_person(const struct hw_gen *g, uint64_t index, struct hw_person *out,
			  struct hw_error *err);

/*
 * Returns 1 when person `index` is a namesake, and then sets *of to the
 * earlier index whose names it copied (which may itself be a namesake);
 * 0 otherwise.  `of` may be NULL.
 */
int hw_gen_namesake_of(const struct hw_gen *g, uint64_t index, uint64_t *of);

#endif
