/*
 * match_json.c - a match result as JSON (homeward/match_json.h).
 */
#include "homeward/match_json.h"
#include "homeward/person.h"
#include "core/banned.h"

static json_t *candidate_json(const struct hw_match_candidate *k, unsigned flags,
			      hw_match_ref_fn ref, void *ctx)
{
	char pub[HW_PUBREF_MAX], r[256];
	json_t *c, *ev;
	size_t j;

	hw_pubref_format(k->person_id, pub);
	if (!(c = json_pack("{s:s}", "person", pub)))
		return NULL;
	if (flags & HW_MATCH_JSON_ID)
		json_object_set_new(c, "id", json_integer(k->person_id));
	if (ref) {
		ref(ctx, k->person_id, r);
		json_object_set_new(c, "ref", json_string(r));
	}
	json_object_set_new(c, "score", json_real(k->score));
	json_object_set_new(c, "name", json_string(k->name_seen));
	if (flags & HW_MATCH_JSON_EVIDENCE) {
		ev = json_array();
		for (j = 0; j < k->nevidence; j++)
			json_array_append_new(ev, json_pack("{s:s, s:f, s:s}", "field",
							    k->evidence[j].field, "weight",
							    k->evidence[j].weight, "reason",
							    k->evidence[j].reason));
		json_object_set_new(c, "evidence", ev);
	}
	return c;
}

json_t *hw_match_result_json(const struct hw_match_result *r, unsigned flags,
			     hw_match_ref_fn ref, void *ctx)
{
	json_t *o = json_pack("{s:s, s:s}", "decision", hw_match_decision_name(r->decision),
			      "why", r->why), *cands = json_array(), *c;
	size_t i;

	if (!o || !cands) {
		json_decref(o);
		json_decref(cands);
		return NULL;
	}
	for (i = 0; i < r->ncandidates; i++) {
		if (!(c = candidate_json(&r->candidates[i], flags, ref, ctx)) ||
		    json_array_append_new(cands, c)) {
			json_decref(o);
			json_decref(cands);
			return NULL;
		}
	}
	json_object_set_new(o, "candidates", cands);
	return o;
}
