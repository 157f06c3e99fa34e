/*
 * body.c - request bodies: the depth limit, parsing, and checking an
 * object's fields against what a request may send.
 *
 * jansson's parser is recursive, so the depth is checked before parsing,
 * by a flat scan that counts brackets outside strings: a body of a
 * million '[' costs one pass and no stack.  Anything the scan lets
 * through is then parsed strictly (valid UTF-8, no NUL in strings, no
 * duplicate keys).
 */
#include <string.h>

#include "server/server_int.h"
#include "core/banned.h"

enum hw_err hw_json_check_depth(const char *data, size_t len, int max_depth,
				struct hw_error *err)
{
	int depth = 0, in_string = 0, escaped = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = data[i];

		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max_depth)
				return hw_error_set_field(err, HW_INVALID, "body",
							  "the JSON nests deeper than %d levels",
							  max_depth);
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return HW_OK;
}

enum hw_err hw_json_parse_body(const char *data, size_t len, int max_depth, json_t **out,
			       struct hw_error *err)
{
	json_error_t jerr;
	json_t *j;

	*out = NULL;
	if (hw_json_check_depth(data, len, max_depth, err))
		return HW_INVALID;
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return hw_error_set_field(err, HW_INVALID, "body",
					  "the body is not valid JSON: %s (line %d, column %d)",
					  jerr.text, jerr.line, jerr.column);
	if (!json_is_object(j)) {
		json_decref(j);
		return hw_error_set_field(err, HW_INVALID, "body", "the body must be a JSON object");
	}
	*out = j;
	return HW_OK;
}

static unsigned jtype_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return HW_J_STRING;
	case JSON_NULL:
		return HW_J_NULL;
	case JSON_INTEGER:
		return HW_J_INT;
	case JSON_TRUE:
	case JSON_FALSE:
		return HW_J_BOOL;
	case JSON_ARRAY:
		return HW_J_ARRAY;
	case JSON_OBJECT:
		return HW_J_OBJECT;
	default:
		return 0; /* a real number: no field takes one */
	}
}

/* "a string or null" for the types of a field. */
static void describe(unsigned types, char *out, size_t size)
{
	static const char *const names[] = { "a string", "null", "an integer", "true or false",
					     "an array", "an object" };
	size_t i, used = 0, count = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && used < size; i++)
		if (types & (1u << i))
			used += (size_t)snprintf(out + used, size - used, "%s%s",
						 count++ ? " or " : "", names[i]);
}

enum hw_err hw_json_check_fields(json_t *obj, const struct hw_jfield *fields,
				 const char *prefix, struct hw_error *err)
{
	char field[HW_ERROR_FIELD_MAX], want[96];
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(obj, key, v) {
		for (i = 0; fields[i].name && strcmp(fields[i].name, key); i++)
			;
		snprintf(field, sizeof(field), "%s%s", prefix, key);
		if (!fields[i].name)
			return hw_error_set_field(err, HW_INVALID, field, "unknown field '%.64s'",
						  key);
		if (!(jtype_of(v) & fields[i].types)) {
			describe(fields[i].types, want, sizeof(want));
			return hw_error_set_field(err, HW_INVALID, field, "'%s' must be %s",
						  field, want);
		}
	}
	for (i = 0; fields[i].name; i++) {
		v = json_object_get(obj, fields[i].name);
		if (fields[i].required && (!v || json_is_null(v))) {
			snprintf(field, sizeof(field), "%s%s", prefix, fields[i].name);
			return hw_error_set_field(err, HW_INVALID, field, "'%s' is required", field);
		}
	}
	return HW_OK;
}
