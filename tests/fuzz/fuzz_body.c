/*
 * fuzz_body.c - the request-body parsers of the server: arbitrary bytes
 * through the depth check and the JSON parser, and what parses through
 * every reader of a body (person in each mode, name record, event, login
 * fields, list lines).  A person accepted for creation must validate and
 * render as JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/persons_json.h"
#include "server/server_int.h"

static void person_modes(json_t *body)
{
	static const enum hw_person_in_mode modes[] = { HW_PERSON_IN_CREATE, HW_PERSON_IN_PATCH,
							HW_PERSON_IN_HEALTH };
	enum hw_status status;
	struct hw_person p;
	size_t i;
	json_t *j;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		hw_person_init(&p);
		if (!hw_person_from_json(&p, body, modes[i], (int)(i & 1), &status, NULL) &&
		    modes[i] == HW_PERSON_IN_CREATE) {
			hw_person_validate(&p, NULL);
			if (!(j = hw_person_to_json(&p, HW_JSON_HEALTH)))
				abort();
			json_decref(j);
		}
		hw_person_release(&p);
	}
}

static void others(json_t *body)
{
	static const struct hw_jfield login[] = {
		{ "user", HW_J_STRING, 1 }, { "password", HW_J_STRING, 1 }, { NULL, 0, 0 },
	};
	struct hw_match_query q;
	enum hw_status target;
	struct hw_person p;
	struct hw_event e;
	json_t *lines = json_object_get(body, "lines"), *v;
	size_t i;

	hw_person_init(&p);
	hw_person_add_name(&p, HW_NAME_PRIMARY, "Коваленко", "Олександр", NULL, HW_SCRIPT_UNKNOWN,
			   NULL);
	hw_name_from_json(&p, body, NULL);
	hw_person_release(&p);
	hw_event_init(&e);
	hw_event_from_json(&e, body, &target, NULL);
	hw_event_release(&e);
	hw_json_check_fields(body, login, "", NULL);
	json_array_foreach(lines, i, v) {
		memset(&q, 0, sizeof(q));
		hw_match_line_from_json(v, i, &q, NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *body = NULL;

	if (hw_json_parse_body((const char *)data, size, HW_SERVER_JSON_DEPTH, &body, NULL))
		return 0;
	person_modes(body);
	others(body);
	json_decref(body);
	return 0;
}
