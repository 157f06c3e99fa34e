/*
 * person_in.c - persons, name records and events from the JSON of a
 * request.
 *
 * The fields are those of the person JSON the API returns
 * (homeward/persons_json.h), so that what a client reads it can send
 * back; the read-only ones (ref, id, version, status after creation,
 * branch_group, rank_class, names, timestamps) are refused as unknown.
 * One table says for each field its JSON types, how it is applied, and
 * whether it is health (needs health.write) or for creation only.
 */
#include <stddef.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/person.h"
#include "homeward/registry.h"
#include "server/server_int.h"
#include "core/banned.h"

enum pkind { K_NAME, K_TEXT, K_VOCAB, K_DATE, K_CITIZENSHIP, K_TAGS, K_REFS, K_ALIASES,
	     K_HEALTH, K_STATUS };

#define F_CREATE_ONLY 1u
#define F_HEALTH 2u

struct pfield {
	const char *name;
	enum pkind kind;
	unsigned types;
	unsigned flags;
	size_t off;                /* of the char * / enum / struct hw_date in the person */
	const struct hw_vocab *vocab;
};

#define S_N (HW_J_STRING | HW_J_NULL)
#define OFF(f) offsetof(struct hw_person, f)

static const struct pfield pfields[] = {
	{ "family_name", K_NAME, HW_J_STRING, 0, 0, NULL },
	{ "given_name", K_NAME, HW_J_STRING, 0, 0, NULL },
	{ "patronymic", K_NAME, S_N, 0, 0, NULL },
	{ "sex", K_VOCAB, S_N, 0, OFF(sex), &hw_vocab_sex },
	{ "birth_date", K_DATE, S_N, 0, OFF(birth_date), NULL },
	{ "birth_place", K_TEXT, S_N, 0, OFF(birth_place), NULL },
	{ "citizenship", K_CITIZENSHIP, S_N, 0, 0, NULL },
	{ "category", K_VOCAB, HW_J_STRING, 0, OFF(category), &hw_vocab_category },
	{ "branch", K_VOCAB, S_N, 0, OFF(branch), &hw_vocab_branch },
	{ "unit", K_TEXT, S_N, 0, OFF(unit), NULL },
	{ "rank", K_VOCAB, S_N, 0, OFF(rank), &hw_vocab_rank },
	{ "service_number", K_TEXT, S_N, 0, OFF(service_number), NULL },
	{ "held_by", K_VOCAB, HW_J_STRING, 0, OFF(held_by), &hw_vocab_custody },
	{ "captured_on", K_DATE, S_N, 0, OFF(captured_on), NULL },
	{ "capture_place", K_TEXT, S_N, 0, OFF(capture_place), NULL },
	{ "region", K_VOCAB, S_N, 0, OFF(region), &hw_vocab_region },
	{ "notes", K_TEXT, S_N, 0, OFF(notes), NULL },
	{ "tags", K_TAGS, HW_J_ARRAY, 0, 0, NULL },
	{ "refs", K_REFS, HW_J_ARRAY, 0, 0, NULL },
	{ "aliases", K_ALIASES, HW_J_ARRAY, F_CREATE_ONLY, 0, NULL },
	{ "status", K_STATUS, HW_J_STRING, F_CREATE_ONLY, 0, NULL },
	{ "health", K_HEALTH, HW_J_ARRAY, F_HEALTH, 0, NULL },
	{ "next_of_kin", K_TEXT, S_N, F_HEALTH, OFF(next_of_kin), NULL },
};

#define NPFIELDS (sizeof(pfields) / sizeof(pfields[0]))

/* The fields a mode accepts, as a hw_jfield list (NULL-terminated). */
static void mode_fields(enum hw_person_in_mode mode, struct hw_jfield *out)
{
	size_t i, n = 0;

	for (i = 0; i < NPFIELDS; i++) {
		if (mode == HW_PERSON_IN_HEALTH && !(pfields[i].flags & F_HEALTH))
			continue;
		if (mode == HW_PERSON_IN_PATCH && (pfields[i].flags & F_CREATE_ONLY))
			continue;
		out[n].name = pfields[i].name;
		out[n].types = pfields[i].types;
		out[n].required = mode == HW_PERSON_IN_CREATE && pfields[i].kind == K_NAME &&
				  pfields[i].types == HW_J_STRING;
		n++;
	}
	out[n].name = NULL;
}

/* The string of `v`, or NULL for JSON null. */
static const char *str_of(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static enum hw_err with_field(enum hw_err rc, const char *field, struct hw_error *err)
{
	if (rc && err)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return rc;
}

static enum hw_err set_citizenship(struct hw_person *p, const char *s, struct hw_error *err)
{
	size_t n = s ? strlen(s) : 0;

	if (n != 0 && (n != 2 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') ||
		       !((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z')))
		return hw_error_set_field(err, HW_INVALID, "citizenship",
					  "citizenship: not an ISO 3166-1 alpha-2 code");
	p->citizenship[0] = n ? (char)(s[0] & ~0x20) : '\0';
	p->citizenship[1] = n ? (char)(s[1] & ~0x20) : '\0';
	p->citizenship[2] = '\0';
	return HW_OK;
}

/* Each element of array `a` must be a string: *bad gets the field name. */
static enum hw_err strings_only(json_t *a, const char *name, struct hw_error *err)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (!json_is_string(v))
			return hw_error_set_field(err, HW_INVALID, name,
						  "'%s[%zu]' must be a string", name, i);
	return HW_OK;
}

static enum hw_err set_tags(struct hw_person *p, json_t *a, struct hw_error *err)
{
	size_t i;
	json_t *v;

	if (strings_only(a, "tags", err))
		return HW_INVALID;
	for (i = 0; i < p->ntags; i++)
		hw_free(p->tags[i]);
	p->ntags = 0;
	json_array_foreach(a, i, v)
		if (with_field(hw_person_add_tag(p, json_string_value(v), err), "tags", err))
			return err ? err->code : HW_INVALID;
	return HW_OK;
}

static enum hw_err set_health(struct hw_person *p, json_t *a, struct hw_error *err)
{
	unsigned bits = 0;
	size_t i;
	json_t *v;
	int bit;

	if (strings_only(a, "health", err))
		return HW_INVALID;
	json_array_foreach(a, i, v) {
		if (with_field(hw_vocab_parse(&hw_vocab_health, json_string_value(v), &bit, err),
			       "health", err))
			return HW_INVALID;
		bits |= 1u << bit;
	}
	p->health = bits;
	return HW_OK;
}

static const struct hw_jfield ref_fields[] = {
	{ "source", HW_J_STRING, 1 }, { "ref", HW_J_STRING, 1 }, { NULL, 0, 0 },
};

static const struct hw_jfield alias_fields[] = {
	{ "family_name", HW_J_STRING, 1 }, { "given_name", HW_J_STRING, 1 },
	{ "patronymic", S_N, 0 }, { NULL, 0, 0 },
};

/* Each element of `a` an object with `fields`; calls add for each. */
static enum hw_err each_object(struct hw_person *p, json_t *a, const char *name,
			       const struct hw_jfield *fields, struct hw_error *err,
			       enum hw_err (*add)(struct hw_person *, json_t *, struct hw_error *))
{
	char prefix[HW_ERROR_FIELD_MAX];
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v) {
		snprintf(prefix, sizeof(prefix), "%s[%zu].", name, i);
		if (!json_is_object(v))
			return hw_error_set_field(err, HW_INVALID, name, "'%s[%zu]' must be an object",
						  name, i);
		if (hw_json_check_fields(v, fields, prefix, err))
			return HW_INVALID;
		if (with_field(add(p, v, err), name, err))
			return err ? err->code : HW_INVALID;
	}
	return HW_OK;
}

static enum hw_err add_ref(struct hw_person *p, json_t *o, struct hw_error *err)
{
	const char *source = json_string_value(json_object_get(o, "source"));
	const char *ref = json_string_value(json_object_get(o, "ref"));
	size_t i;

	for (i = 0; i < p->nrefs; i++)
		if (!strcmp(p->refs[i].source, source) && !strcmp(p->refs[i].ref, ref))
			return HW_OK;
	if (!*source || !*ref || strchr(source, ':') || !hw_text_valid(source, 0) ||
	    !hw_text_valid(ref, 0) || strlen(source) > 64 || strlen(ref) > 256)
		return hw_error_set(err, HW_INVALID,
				    "a reference has a source (no ':') and a ref, both short text");
	return hw_person_add_ref(p, source, ref, err);
}

static enum hw_err add_alias(struct hw_person *p, json_t *o, struct hw_error *err)
{
	return hw_person_add_name(p, HW_NAME_ALIAS, str_of(json_object_get(o, "family_name")),
				  str_of(json_object_get(o, "given_name")),
				  str_of(json_object_get(o, "patronymic")), HW_SCRIPT_UNKNOWN, err);
}

static enum hw_err set_vocab(struct hw_person *p, const struct pfield *f, json_t *v,
			     struct hw_error *err)
{
	int value = 0;

	if (with_field(hw_vocab_parse(f->vocab, str_of(v) ? str_of(v) : "", &value, err),
		       f->name, err))
		return HW_INVALID;
	/* enums are stored in an int-sized integer type (C11 6.7.2.2) */
	*(int *)((char *)p + f->off) = value;
	return HW_OK;
}

static enum hw_err apply_one(struct hw_person *p, const struct pfield *f, json_t *v,
			     enum hw_status *status, struct hw_error *err)
{
	int st;

	switch (f->kind) {
	case K_NAME:
		return HW_OK; /* applied together, by hw_person_from_json */
	case K_TEXT:
		if (str_of(v) && !hw_text_valid(str_of(v), 1))
			return hw_error_set_field(err, HW_INVALID, f->name,
						  "'%s' must be text without control characters",
						  f->name);
		return hw_person_set_str((char **)((char *)p + f->off), str_of(v))
			       ? hw_error_set(err, HW_NOMEM, NULL) : HW_OK;
	case K_VOCAB:
		return set_vocab(p, f, v, err);
	case K_DATE:
		return with_field(hw_date_parse(str_of(v) ? str_of(v) : "",
						(struct hw_date *)((char *)p + f->off), err),
				  f->name, err);
	case K_CITIZENSHIP:
		return set_citizenship(p, str_of(v), err);
	case K_TAGS:
		return set_tags(p, v, err);
	case K_REFS:
		return each_object(p, v, "refs", ref_fields, err, add_ref);
	case K_ALIASES:
		return each_object(p, v, "aliases", alias_fields, err, add_alias);
	case K_HEALTH:
		return set_health(p, v, err);
	case K_STATUS:
		if (with_field(hw_vocab_parse(&hw_vocab_status, str_of(v), &st, err), "status",
			       err))
			return HW_INVALID;
		*status = (enum hw_status)st;
		return HW_OK;
	}
	return hw_error_set(err, HW_INTERNAL, "unknown field kind");
}

/* The primary name after the names given in `obj` (others kept). */
static enum hw_err apply_names(struct hw_person *p, json_t *obj, struct hw_error *err)
{
	const struct hw_name *cur = hw_person_primary(p);
	json_t *fam = json_object_get(obj, "family_name"), *giv = json_object_get(obj, "given_name");
	json_t *pat = json_object_get(obj, "patronymic");
	char *f, *g, *pt;
	enum hw_err rc;

	if (!fam && !giv && !pat)
		return HW_OK;
	/* copies: the name records move when another is added */
	f = hw_strdup(fam ? json_string_value(fam) : cur ? cur->family : "");
	g = hw_strdup(giv ? json_string_value(giv) : cur ? cur->given : "");
	pt = hw_strdup(pat ? str_of(pat) : cur ? cur->patronymic : NULL);
	if (!f || !g)
		rc = hw_error_set(err, HW_NOMEM, NULL);
	else
		rc = hw_registry_set_primary_name(p, f, g, pt && *pt ? pt : NULL, err);
	if (rc && err && !err->field[0])
		snprintf(err->field, sizeof(err->field), "%s",
			 f && !*f ? "family_name" : g && !*g ? "given_name" : "patronymic");
	hw_free(f);
	hw_free(g);
	hw_free(pt);
	return rc;
}

enum hw_err hw_person_from_json(struct hw_person *p, json_t *obj, enum hw_person_in_mode mode,
				int may_health, enum hw_status *status, struct hw_error *err)
{
	struct hw_jfield fields[NPFIELDS + 1];
	size_t i;
	json_t *v;

	*status = HW_STATUS_NONE;
	mode_fields(mode, fields);
	if (hw_json_check_fields(obj, fields, "", err))
		return HW_INVALID;
	for (i = 0; i < NPFIELDS; i++) {
		if (!(v = json_object_get(obj, pfields[i].name)))
			continue;
		if ((pfields[i].flags & F_HEALTH) && !may_health)
			return hw_error_set_field(err, HW_FORBIDDEN, pfields[i].name,
						  "recording health needs the permission "
						  "health.write (PUT /api/v1/persons/{ref}/health)");
		if (apply_one(p, &pfields[i], v, status, err))
			return err ? err->code : HW_INVALID;
	}
	return mode == HW_PERSON_IN_HEALTH ? HW_OK : apply_names(p, obj, err);
}

static const struct hw_jfield name_fields[] = {
	{ "family_name", HW_J_STRING, 1 }, { "given_name", HW_J_STRING, 1 },
	{ "patronymic", S_N, 0 }, { "kind", HW_J_STRING, 0 }, { "script", HW_J_STRING, 0 },
	{ NULL, 0, 0 },
};

enum hw_err hw_name_from_json(struct hw_person *p, json_t *obj, struct hw_error *err)
{
	const char *fam, *giv, *pat;
	int kind = HW_NAME_ALIAS, script = HW_SCRIPT_UNKNOWN;
	json_t *v;

	if (hw_json_check_fields(obj, name_fields, "", err))
		return HW_INVALID;
	fam = json_string_value(json_object_get(obj, "family_name"));
	giv = json_string_value(json_object_get(obj, "given_name"));
	pat = str_of(json_object_get(obj, "patronymic"));
	if ((v = json_object_get(obj, "kind")) &&
	    with_field(hw_vocab_parse(&hw_vocab_name_kind, json_string_value(v), &kind, err),
		       "kind", err))
		return HW_INVALID;
	if (kind == HW_NAME_FORMER)
		return hw_error_set_field(err, HW_INVALID, "kind",
					  "a new name record is primary or alias");
	if ((v = json_object_get(obj, "script")) &&
	    with_field(hw_vocab_parse(&hw_vocab_script, json_string_value(v), &script, err),
		       "script", err))
		return HW_INVALID;
	if (kind == HW_NAME_PRIMARY)
		return with_field(hw_registry_set_primary_name(p, fam, giv, pat && *pat ? pat : NULL,
							       err),
				  "family_name", err);
	return with_field(hw_person_add_name(p, HW_NAME_ALIAS, fam, giv, pat && *pat ? pat : NULL,
					     (enum hw_script)script, err),
			  *fam ? "given_name" : "family_name", err);
}

static const struct hw_jfield event_fields[] = {
	{ "type", HW_J_STRING, 1 }, { "date", S_N, 0 }, { "note", S_N, 0 },
	{ "status", HW_J_STRING, 0 }, { NULL, 0, 0 },
};

enum hw_err hw_event_from_json(struct hw_event *e, json_t *obj, enum hw_status *target,
			       struct hw_error *err)
{
	const char *note;
	json_t *v;
	int value;

	*target = HW_STATUS_NONE;
	if (hw_json_check_fields(obj, event_fields, "", err))
		return HW_INVALID;
	if (with_field(hw_vocab_parse(&hw_vocab_event,
				      json_string_value(json_object_get(obj, "type")), &value, err),
		       "type", err))
		return HW_INVALID;
	e->type = (enum hw_event_type)value;
	if ((v = json_object_get(obj, "date")) &&
	    with_field(hw_date_parse(str_of(v) ? str_of(v) : "", &e->date, err), "date", err))
		return HW_INVALID;
	note = str_of(json_object_get(obj, "note"));
	if (note && (!hw_text_valid(note, 1) || strlen(note) > 4000))
		return hw_error_set_field(err, HW_INVALID, "note",
					  "'note' must be text of at most 4000 bytes");
	if (note && hw_person_set_str(&e->note, note))
		return hw_error_set(err, HW_NOMEM, NULL);
	if ((v = json_object_get(obj, "status"))) {
		if (with_field(hw_vocab_parse(&hw_vocab_status, json_string_value(v), &value, err),
			       "status", err))
			return HW_INVALID;
		*target = (enum hw_status)value;
	}
	return HW_OK;
}
