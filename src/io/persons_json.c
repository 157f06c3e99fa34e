/*
 * persons_json.c - persons and events as JSON (homeward/persons_json.h).
 */
#include <string.h>

#include "homeward/persons_json.h"
#include "core/banned.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *code_or_null(const struct hw_vocab *v, int value)
{
	return str_or_null(hw_vocab_code(v, value));
}

static json_t *date_or_null(const struct hw_date *d)
{
	char buf[HW_DATE_STR_MAX];

	hw_date_format(d, buf);
	return str_or_null(buf);
}

static json_t *name_to_json(const struct hw_name *n)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o}",
			 "id", (json_int_t)n->id,
			 "kind", hw_vocab_code(&hw_vocab_name_kind, n->kind),
			 "script", hw_vocab_code(&hw_vocab_script, n->script),
			 "family_name", n->family, "given_name", n->given,
			 "patronymic", str_or_null(n->patronymic),
			 "source_id", n->source_id ? json_integer(n->source_id) : json_null(),
			 "recorded_at", str_or_null(n->recorded_at));
}

static json_t *lists_to_json(const struct hw_person *p, json_t *obj)
{
	json_t *names = json_array(), *tags = json_array(), *refs = json_array();
	size_t i;

	for (i = 0; i < p->nnames; i++)
		json_array_append_new(names, name_to_json(&p->names[i]));
	for (i = 0; i < p->ntags; i++)
		json_array_append_new(tags, json_string(p->tags[i]));
	for (i = 0; i < p->nrefs; i++)
		json_array_append_new(refs, json_pack("{s:s, s:s}", "source", p->refs[i].source,
						      "ref", p->refs[i].ref));
	json_object_set_new(obj, "names", names);
	json_object_set_new(obj, "tags", tags);
	json_object_set_new(obj, "refs", refs);
	return obj;
}

static void add_health(const struct hw_person *p, json_t *obj)
{
	json_t *flags = json_array();
	int i;

	for (i = 0; i < HW_HEALTH_BIT__COUNT; i++)
		if (p->health & (1u << i))
			json_array_append_new(flags,
					      json_string(hw_vocab_code(&hw_vocab_health, i)));
	json_object_set_new(obj, "health", flags);
	json_object_set_new(obj, "next_of_kin", str_or_null(p->next_of_kin));
}

json_t *hw_person_to_json(const struct hw_person *p, unsigned flags)
{
	const struct hw_name *n = hw_person_primary(p);
	char pubref[HW_PUBREF_MAX];
	json_t *obj;

	hw_pubref_format(p->id, pubref);
	obj = json_pack("{s:s, s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, "
			"s:o, s:o, s:o, s:s, s:s}",
			"ref", pubref, "id", (json_int_t)p->id, "version", (json_int_t)p->version,
			"family_name", n ? n->family : "", "given_name", n ? n->given : "",
			"patronymic", str_or_null(n ? n->patronymic : NULL),
			"sex", code_or_null(&hw_vocab_sex, p->sex),
			"birth_date", date_or_null(&p->birth_date),
			"birth_place", str_or_null(p->birth_place),
			"citizenship", str_or_null(p->citizenship),
			"category", hw_vocab_code(&hw_vocab_category, p->category),
			"branch", code_or_null(&hw_vocab_branch, p->branch),
			"branch_group", code_or_null(&hw_vocab_branch_group,
						     hw_branch_group_of(p->branch)),
			"unit", str_or_null(p->unit),
			"rank", code_or_null(&hw_vocab_rank, p->rank),
			"rank_class", code_or_null(&hw_vocab_rank_class, hw_rank_class_of(p->rank)),
			"service_number", str_or_null(p->service_number),
			"status", hw_vocab_code(&hw_vocab_status, p->status),
			"held_by", hw_vocab_code(&hw_vocab_custody, p->held_by));
	if (!obj)
		return NULL;
	json_object_set_new(obj, "captured_on", date_or_null(&p->captured_on));
	json_object_set_new(obj, "capture_place", str_or_null(p->capture_place));
	json_object_set_new(obj, "region", code_or_null(&hw_vocab_region, p->region));
	json_object_set_new(obj, "notes", str_or_null(p->notes));
	json_object_set_new(obj, "created_at", str_or_null(p->created_at));
	json_object_set_new(obj, "updated_at", str_or_null(p->updated_at));
	if (flags & HW_JSON_HEALTH)
		add_health(p, obj);
	return lists_to_json(p, obj);
}

json_t *hw_event_to_json(const struct hw_event *e)
{
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "id", (json_int_t)e->id,
			 "type", hw_vocab_code(&hw_vocab_event, e->type),
			 "date", date_or_null(&e->date),
			 "status_after", hw_vocab_code(&hw_vocab_status, e->status_after),
			 "note", str_or_null(e->note),
			 "source_id", e->source_id ? json_integer(e->source_id) : json_null(),
			 "stage_id", e->stage_id ? json_integer(e->stage_id) : json_null(),
			 "recorded_at", str_or_null(e->recorded_at),
			 "recorded_by", str_or_null(e->recorded_by));
}
