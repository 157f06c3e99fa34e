/*
 * match_out.c - match results on the command line (text and JSON).
 */
#include <stdio.h>
#include <stdlib.h>

#include "homeward/match_json.h"
#include "homeward/person.h"
#include "homeward/registry.h"
#include "cli/match_out.h"
#include "core/banned.h"

void cli_person_ref(struct hw_store *st, int64_t id, char out[256])
{
	hw_registry_list_ref(st, id, out);
}

int cli_print_result_text(struct hw_store *st, const struct hw_match_result *r, int explain)
{
	char ref[256], pub[HW_PUBREF_MAX];
	size_t i, j;

	printf("decision: %s (%s)\n", hw_match_decision_name(r->decision), r->why);
	for (i = 0; i < r->ncandidates; i++) {
		const struct hw_match_candidate *c = &r->candidates[i];

		hw_pubref_format(c->person_id, pub);
		cli_person_ref(st, c->person_id, ref);
		printf("%2zu. %6.1f  %s  %s  (%s)\n", i + 1, c->score, pub, c->name_seen, ref);
		for (j = 0; explain && j < c->nevidence; j++)
			printf("             %+6.1f  %-12s %s\n", c->evidence[j].weight,
			       c->evidence[j].field, c->evidence[j].reason);
	}
	return 0;
}

static void person_ref(void *ctx, int64_t id, char out[256])
{
	cli_person_ref(ctx, id, out);
}

json_t *cli_result_json(struct hw_store *st, const struct hw_match_result *r, int explain)
{
	return hw_match_result_json(r, explain ? HW_MATCH_JSON_EVIDENCE : 0, person_ref, st);
}

int cli_print_result_json(struct hw_store *st, const struct hw_match_result *r, int explain)
{
	json_t *o = cli_result_json(st, r, explain);
	char *s = json_dumps(o, JSON_INDENT(2));

	json_decref(o);
	if (!s)
		return 3;
	printf("%s\n", s);
	free(s);
	return 0;
}
