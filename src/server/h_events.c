/*
 * h_events.c - a person's history: reading it (audited as person.history)
 * and appending an event (GET and POST /api/v1/persons/{ref}/events).
 *
 * An event the transition table does not allow is refused by the
 * registry (HW_REFUSED, 422) and nothing is written; an accepted one is
 * written with its audit record (the status before, the event after) in
 * one transaction.
 */
#include <string.h>

#include "homeward/persons_json.h"
#include "homeward/registry.h"
#include "server/server_int.h"
#include "core/banned.h"


static int add_event(void *ctx, const struct hw_event *e)
{
	return json_array_append_new(ctx, hw_event_to_json(e)) ? 1 : 0;
}

void hw_h_events_list(struct hw_request *r)
{
	char ref[HW_PUBREF_MAX];
	struct hw_person p;
	struct hw_error err;
	json_t *events = json_array();

	hw_person_init(&p);
	hw_error_clear(&err);
	if (!events) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_h_load_person(r, &p))
		goto out;
	hw_pubref_format(p.id, ref);
	if (hw_store_event_each(r->st, p.id, add_event, events, &err) ||
	    hw_request_audit(r, "person.history", "person", ref, p.id, NULL, NULL, HW_AUDIT_OK,
			     &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_pack("{s:s, s:s, s:O}", "ref", ref, "status",
					hw_vocab_code(&hw_vocab_status, p.status), "events",
					events));
out:
	json_decref(events);
	hw_person_release(&p);
}

void hw_h_event_add(struct hw_request *r)
{
	char ref[HW_PUBREF_MAX];
	enum hw_status target;
	struct hw_person p;
	struct hw_event e;
	struct hw_error err;
	json_t *before = NULL, *after = NULL;

	hw_person_init(&p);
	hw_event_init(&e);
	hw_error_clear(&err);
	if (hw_h_load_person(r, &p))
		goto out;
	hw_pubref_format(p.id, ref);
	e.person_id = p.id;
	if (hw_event_from_json(&e, r->body, &target, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_person_set_str(&e.recorded_by, r->sess.user)) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_store_begin(r->st, &err) || hw_registry_event_add(r->st, &e, target, &err) ||
	    !(before = json_pack("{s:s}", "status", hw_vocab_code(&hw_vocab_status, p.status))) ||
	    !(after = hw_event_to_json(&e)) ||
	    hw_request_audit(r, "event.add", "person", ref, p.id, before, after, HW_AUDIT_OK,
			     &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_store_rollback(r->st);
		if (!err.code)
			hw_error_set(&err, HW_NOMEM, NULL);
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_match_index_sync(hw_server_index(r->srv), r->st, &err))
		hw_server_log(r->srv, "updating the candidate index", &err);
	snprintf(r->location, sizeof(r->location), "/api/v1/persons/%s/events", ref);
	hw_reply_json(r, 201, json_incref(after));
out:
	json_decref(before);
	json_decref(after);
	hw_event_release(&e);
	hw_person_release(&p);
}
