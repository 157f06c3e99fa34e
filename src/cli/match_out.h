/*
 * match_out.h - how the command line shows a match result: the candidates
 * with their references and, on request, every weight.
 */
#ifndef HOMEWARD_CLI_MATCH_OUT_H
#define HOMEWARD_CLI_MATCH_OUT_H

#include <jansson.h>

#include "homeward/match.h"
#include "homeward/store.h"

/* The reference a list output names a person by: the first external
 * reference (source:ref), else the public one; into out[256]. */
void cli_person_ref(struct hw_store *st, int64_t id, char out[256]);

int cli_print_result_text(struct hw_store *st, const struct hw_match_result *r, int explain);
int cli_print_result_json(struct hw_store *st, const struct hw_match_result *r, int explain);
/* The result as JSON (new reference), refs looked up in the store. */
json_t *cli_result_json(struct hw_store *st, const struct hw_match_result *r, int explain);

#endif
