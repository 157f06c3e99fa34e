/*
 * person.c - the in-memory person (homeward/person.h): construction,
 * release, the rules every stored person obeys, public references and
 * script detection.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "homeward/alloc.h"
#include "homeward/person.h"
#include "core/banned.h"

#define NAME_MAX_BYTES 200
#define FIELD_MAX_BYTES 500
#define NOTES_MAX_BYTES 8000

void hw_person_init(struct hw_person *p)
{
	memset(p, 0, sizeof(*p));
}

static void name_release(struct hw_name *n)
{
	hw_free(n->family);
	hw_free(n->given);
	hw_free(n->patronymic);
	hw_free(n->recorded_at);
}

void hw_person_release(struct hw_person *p)
{
	size_t i;

	for (i = 0; i < p->nnames; i++)
		name_release(&p->names[i]);
	hw_free(p->names);
	for (i = 0; i < p->ntags; i++)
		hw_free(p->tags[i]);
	hw_free(p->tags);
	for (i = 0; i < p->nrefs; i++) {
		hw_free(p->refs[i].source);
		hw_free(p->refs[i].ref);
	}
	hw_free(p->refs);
	hw_free(p->birth_place);
	hw_free(p->unit);
	hw_free(p->service_number);
	hw_free(p->capture_place);
	hw_free(p->next_of_kin);
	hw_free(p->notes);
	hw_free(p->created_at);
	hw_free(p->updated_at);
	hw_person_init(p);
}

const struct hw_name *hw_person_primary(const struct hw_person *p)
{
	size_t i;

	for (i = 0; i < p->nnames; i++)
		if (p->names[i].kind == HW_NAME_PRIMARY)
			return &p->names[i];
	return NULL;
}

enum hw_err hw_person_set_str(char **field, const char *value)
{
	char *copy = NULL;

	if (value && *value) {
		copy = hw_strdup(value);
		if (!copy)
			return HW_NOMEM;
	}
	hw_free(*field);
	*field = copy;
	return HW_OK;
}

enum hw_err hw_person_add_name(struct hw_person *p, enum hw_name_kind kind,
			       const char *family, const char *given, const char *patronymic,
			       enum hw_script script, struct hw_error *err)
{
	struct hw_name *names, *n;

	if (!family || !*family)
		return hw_error_set_field(err, HW_INVALID, "family_name", "is required");
	if (!given || !*given)
		return hw_error_set_field(err, HW_INVALID, "given_name", "is required");
	names = hw_reallocarray(p->names, p->nnames + 1, sizeof(*names));
	if (!names)
		return hw_error_set(err, HW_NOMEM, NULL);
	p->names = names;
	n = &names[p->nnames];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->family = hw_strdup(family);
	n->given = hw_strdup(given);
	n->patronymic = patronymic && *patronymic ? hw_strdup(patronymic) : NULL;
	if (!n->family || !n->given || (patronymic && *patronymic && !n->patronymic)) {
		name_release(n);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	if (script == HW_SCRIPT_UNKNOWN)
		script = hw_script_merge(hw_script_merge(hw_script_detect(family),
							 hw_script_detect(given)),
					 patronymic ? hw_script_detect(patronymic) : HW_SCRIPT_UNKNOWN);
	n->script = script;
	p->nnames++;
	return HW_OK;
}

int hw_person_has_tag(const struct hw_person *p, const char *tag)
{
	size_t i;

	for (i = 0; i < p->ntags; i++)
		if (!strcmp(p->tags[i], tag))
			return 1;
	return 0;
}

enum hw_err hw_person_add_tag(struct hw_person *p, const char *tag, struct hw_error *err)
{
	char **tags, *copy;

	if (hw_tag_validate(tag, err))
		return HW_INVALID;
	if (hw_person_has_tag(p, tag))
		return HW_OK;
	copy = hw_strdup(tag);
	tags = copy ? hw_reallocarray(p->tags, p->ntags + 1, sizeof(*tags)) : NULL;
	if (!tags) {
		hw_free(copy);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	p->tags = tags;
	p->tags[p->ntags++] = copy;
	return HW_OK;
}

enum hw_err hw_person_add_ref(struct hw_person *p, const char *source, const char *ref,
			      struct hw_error *err)
{
	struct hw_extref *refs;
	char *s, *r;

	if (!source || !*source || !ref || !*ref)
		return hw_error_set_field(err, HW_INVALID, "ref", "a reference needs a source and a value");
	s = hw_strdup(source);
	r = hw_strdup(ref);
	refs = s && r ? hw_reallocarray(p->refs, p->nrefs + 1, sizeof(*refs)) : NULL;
	if (!refs) {
		hw_free(s);
		hw_free(r);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	p->refs = refs;
	p->refs[p->nrefs].source = s;
	p->refs[p->nrefs].ref = r;
	p->nrefs++;
	return HW_OK;
}

int hw_text_valid(const char *s, int allow_newlines)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (*p) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n < 0)
			return 0;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			if (!(allow_newlines && (cp == '\n' || cp == '\t' || cp == '\r')))
				return 0;
		}
		p += n;
	}
	return 1;
}

static enum hw_err check_text(const char *s, const char *field, size_t max, int newlines,
			      struct hw_error *err)
{
	if (!s)
		return HW_OK;
	if (strlen(s) > max)
		return hw_error_set_field(err, HW_INVALID, field, "longer than %zu bytes", max);
	if (!hw_text_valid(s, newlines))
		return hw_error_set_field(err, HW_INVALID, field,
					  "invalid UTF-8 or a control character");
	return HW_OK;
}

static enum hw_err check_names(const struct hw_person *p, struct hw_error *err)
{
	size_t i;

	if (!hw_person_primary(p))
		return hw_error_set_field(err, HW_INVALID, "family_name", "a primary name is required");
	for (i = 0; i < p->nnames; i++) {
		const struct hw_name *n = &p->names[i];

		if (!n->family || !*n->family)
			return hw_error_set_field(err, HW_INVALID, "family_name", "is required");
		if (!n->given || !*n->given)
			return hw_error_set_field(err, HW_INVALID, "given_name", "is required");
		if (check_text(n->family, "family_name", NAME_MAX_BYTES, 0, err) ||
		    check_text(n->given, "given_name", NAME_MAX_BYTES, 0, err) ||
		    check_text(n->patronymic, "patronymic", NAME_MAX_BYTES, 0, err))
			return HW_INVALID;
	}
	return HW_OK;
}

static enum hw_err check_dates(const struct hw_person *p, struct hw_error *err)
{
	struct hw_date today = hw_date_today();

	if (hw_date_is_known(&p->birth_date)) {
		if (p->birth_date.year < 1900)
			return hw_error_set_field(err, HW_INVALID, "birth_date", "before 1900");
		if (hw_date_cmp(&p->birth_date, &today) > 0)
			return hw_error_set_field(err, HW_INVALID, "birth_date", "in the future");
	}
	if (hw_date_is_known(&p->captured_on)) {
		if (hw_date_cmp(&p->captured_on, &today) > 0)
			return hw_error_set_field(err, HW_INVALID, "captured_on", "in the future");
		if (hw_date_is_known(&p->birth_date) &&
		    p->captured_on.year < p->birth_date.year)
			return hw_error_set_field(err, HW_INVALID, "captured_on",
						  "before the birth date");
	}
	return HW_OK;
}

static enum hw_err check_military(const struct hw_person *p, struct hw_error *err)
{
	if (p->category != HW_CATEGORY_CIVILIAN)
		return HW_OK;
	if (p->branch != HW_BRANCH_NONE)
		return hw_error_set_field(err, HW_INVALID, "branch", "a civilian has no branch");
	if (p->rank != HW_RANK_NONE)
		return hw_error_set_field(err, HW_INVALID, "rank", "a civilian has no rank");
	if (p->service_number)
		return hw_error_set_field(err, HW_INVALID, "service_number",
					  "a civilian has no service number");
	return HW_OK;
}

enum hw_err hw_person_validate(const struct hw_person *p, struct hw_error *err)
{
	const char *c = p->citizenship;
	size_t i;

	if (check_names(p, err) || check_dates(p, err) || check_military(p, err))
		return HW_INVALID;
	if (c[0] && !(c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && !c[2]))
		return hw_error_set_field(err, HW_INVALID, "citizenship",
					  "'%.8s' is not an ISO 3166-1 alpha-2 code", c);
	if (check_text(p->birth_place, "birth_place", FIELD_MAX_BYTES, 0, err) ||
	    check_text(p->unit, "unit", FIELD_MAX_BYTES, 0, err) ||
	    check_text(p->service_number, "service_number", FIELD_MAX_BYTES, 0, err) ||
	    check_text(p->capture_place, "capture_place", FIELD_MAX_BYTES, 0, err) ||
	    check_text(p->next_of_kin, "next_of_kin", FIELD_MAX_BYTES, 0, err) ||
	    check_text(p->notes, "notes", NOTES_MAX_BYTES, 1, err))
		return HW_INVALID;
	for (i = 0; i < p->nrefs; i++)
		if (check_text(p->refs[i].source, "ref", 64, 0, err) ||
		    check_text(p->refs[i].ref, "ref", 128, 0, err))
			return HW_INVALID;
	return HW_OK;
}

void hw_pubref_format(int64_t id, char out[HW_PUBREF_MAX])
{
	snprintf(out, HW_PUBREF_MAX, "HW-%06" PRId64, id);
}

int hw_pubref_parse(const char *s, int64_t *id)
{
	int64_t v = 0;
	size_t n = 0;

	if ((s[0] != 'H' && s[0] != 'h') || (s[1] != 'W' && s[1] != 'w') || s[2] != '-')
		return 0;
	for (s += 3; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 18)
			return 0;
		v = v * 10 + (*s - '0');
	}
	if (n == 0 || v <= 0)
		return 0;
	*id = v;
	return 1;
}

enum hw_script hw_script_merge(enum hw_script a, enum hw_script b)
{
	if (a == HW_SCRIPT_UNKNOWN || a == b)
		return b;
	if (b == HW_SCRIPT_UNKNOWN)
		return a;
	if (a == HW_SCRIPT_LATN || b == HW_SCRIPT_LATN)
		return HW_SCRIPT_UNKNOWN; /* Latin beside Cyrillic: mixed */
	if (a == HW_SCRIPT_CYRL)
		return b;
	if (b == HW_SCRIPT_CYRL)
		return a;
	return HW_SCRIPT_CYRL; /* Ukrainian and Russian letters together */
}

enum hw_script hw_script_detect(const char *text)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	int cyr = 0, lat = 0, uk = 0, ru = 0;

	while (*p) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n < 0)
			return HW_SCRIPT_UNKNOWN;
		p += n;
		if (cp >= 0x400 && cp <= 0x4ff) {
			cyr = 1;
			if (cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491 ||
			    cp == 0x406 || cp == 0x407 || cp == 0x404 || cp == 0x490)
				uk = 1;
			if (cp == 0x44b || cp == 0x44d || cp == 0x44a || cp == 0x451 ||
			    cp == 0x42b || cp == 0x42d || cp == 0x42a || cp == 0x401)
				ru = 1;
		} else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			   (cp >= 0xc0 && cp <= 0x24f)) {
			lat = 1;
		}
	}
	if (cyr) {
		if (uk && !ru)
			return HW_SCRIPT_UK;
		if (ru && !uk)
			return HW_SCRIPT_RU;
		return HW_SCRIPT_CYRL;
	}
	return lat ? HW_SCRIPT_LATN : HW_SCRIPT_UNKNOWN;
}
