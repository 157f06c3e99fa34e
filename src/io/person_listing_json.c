/*
 * person_listing_json.c - an entry naming a person, placed in its stage
 * and agreement, as JSON: the one form in which the server
 * (GET /api/v1/persons/{ref}/lists) and `homeward history --lists` give
 * the lists a person was on (homeward/exchange_json.h).
 */
#include <stdint.h>

#include "homeward/exchange_json.h"
#include "core/banned.h"

/* The members that place an entry: its stage and the stage's agreement. */
static json_t *placement(const struct hw_person_listing *l)
{
	char sref[HW_XREF_MAX], xref[HW_XREF_MAX], date[HW_DATE_STR_MAX];

	hw_stage_ref_format(l->stage->exchange_id, l->stage->number, sref);
	hw_exchange_ref_format(l->exchange->id, xref);
	hw_date_format(&l->stage->date, date);
	return json_pack("{s:b, s:s, s:I, s:i, s:o, s:s, s:s, s:s}", "on_list", !l->proposed,
			 "stage", sref, "stage_id", (json_int_t)l->stage->id, "stage_number",
			 l->stage->number, "stage_date", date[0] ? json_string(date) : json_null(),
			 "stage_state", hw_vocab_code(&hw_vocab_xstate, l->stage->state),
			 "exchange", xref, "exchange_name",
			 l->exchange->name ? l->exchange->name : "");
}

json_t *hw_person_listing_json(const struct hw_person_listing *l, json_t *entry)
{
	json_t *more = entry ? placement(l) : NULL;
	int failed = !more || json_object_update(entry, more);

	/* another person proposed is not this person's to show */
	if (!failed && l->entry->proposed_id != l->person_id)
		failed = json_object_set_new(entry, "proposed", json_null());
	json_decref(more);
	if (failed) {
		json_decref(entry);
		return NULL;
	}
	return entry;
}
