/*
 * homeward/match_json.h - a match result as JSON, the one form the
 * command line, the server and the exchange ledger write it in:
 *
 *   {"decision": "review", "why": "...",
 *    "candidates": [{"person": "HW-000042", "id": 42, "ref": "gen:1-41",
 *                    "score": 21.5, "name": "...",
 *                    "evidence": [{"field", "weight", "reason"}, ...]}, ...]}
 *
 * "id" and "evidence" are there on request (flags); "ref" when a function
 * to name the person by is given (the list's own reference, which needs
 * the store).
 */
#ifndef HOMEWARD_MATCH_JSON_H
#define HOMEWARD_MATCH_JSON_H

#include <stdint.h>

#include <jansson.h>

#include "homeward/match.h"

enum hw_match_json_flags {
	HW_MATCH_JSON_ID = 1 << 0,       /* each candidate's registry id */
	HW_MATCH_JSON_EVIDENCE = 1 << 1, /* each candidate's weights and reasons */
};

/* Writes the reference person `id` is named by into out[256]. */
typedef void (*hw_match_ref_fn)(void *ctx, int64_t id, char out[256]);

/* The result as a new JSON object, or NULL when out of memory. */
json_t *hw_match_result_json(const struct hw_match_result *r, unsigned flags,
			     hw_match_ref_fn ref, void *ctx);

#endif
