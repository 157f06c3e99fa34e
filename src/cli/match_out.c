/*
 * match_out.c - match results on the command line (text and JSON).
 */
#include <stdio.h>
#include <stdlib.h>

#include "homeward/person.h"
#include "cli/match_out.h"
#include "core/banned.h"

void cli_person_ref(struct hw_store *st, int64_t id, char out[256])
{
	struct hw_person p;

	hw_person_init(&p);
	if (hw_store_person_get(st, id, &p, NULL) == HW_OK && p.nrefs)
		snprintf(out, 256, "%s:%s", p.refs[0].source, p.refs[0].ref);
	else
		hw_pubref_format(id, out);
	hw_person_release(&p);
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

json_t *cli_result_json(struct hw_store *st, const struct hw_match_result *r, int explain)
{
	json_t *o = json_object(), *cands = json_array(), *c, *ev;
	char ref[256], pub[HW_PUBREF_MAX];
	size_t i, j;

	json_object_set_new(o, "decision", json_string(hw_match_decision_name(r->decision)));
	json_object_set_new(o, "why", json_string(r->why));
	for (i = 0; i < r->ncandidates; i++) {
		const struct hw_match_candidate *k = &r->candidates[i];

		hw_pubref_format(k->person_id, pub);
		cli_person_ref(st, k->person_id, ref);
		c = json_pack("{s:s, s:s, s:f, s:s}", "person", pub, "ref", ref, "score",
			      k->score, "name", k->name_seen);
		if (explain) {
			ev = json_array();
			for (j = 0; j < k->nevidence; j++)
				json_array_append_new(ev, json_pack(
					"{s:s, s:f, s:s}", "field", k->evidence[j].field, "weight",
					k->evidence[j].weight, "reason", k->evidence[j].reason));
			json_object_set_new(c, "evidence", ev);
		}
		json_array_append_new(cands, c);
	}
	json_object_set_new(o, "candidates", cands);
	return o;
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
