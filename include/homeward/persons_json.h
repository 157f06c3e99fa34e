/*
 * homeward/persons_json.h - persons, name records and events as JSON
 * (jansson), the form the export, the command line and the API share.
 *
 * Every function returns a new reference (json_decref it), or NULL when
 * memory runs out.  Vocabulary values are their stable codes; dates their
 * interchange form; unknown values are JSON null.
 */
#ifndef HOMEWARD_PERSONS_JSON_H
#define HOMEWARD_PERSONS_JSON_H

#include <jansson.h>

#include "homeward/event.h"
#include "homeward/person.h"

enum hw_json_flags {
	HW_JSON_HEALTH = 1 << 0, /* include health flags and next of kin */
};

json_t *hw_person_to_json(const struct hw_person *p, unsigned flags);
json_t *hw_event_to_json(const struct hw_event *e);

#endif
