/*
 * error.c - the project's error codes and the detail carried beside them.
 * The table lives in homeward/error.h (HW_ERR_MAP); this file only reads it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "homeward/error.h"
#include "core/banned.h"

static const struct {
	const char *name;
	const char *message;
	int http;
	int exit;
} err_table[] = {
#define HW_ERR_ROW_(e, name, msg, http, exit) { name, msg, http, exit },
	HW_ERR_MAP(HW_ERR_ROW_)
#undef HW_ERR_ROW_
};

static int in_range(enum hw_err code)
{
	return (int)code >= 0 && code < HW_ERR__COUNT;
}

const char *hw_err_name(enum hw_err code)
{
	return in_range(code) ? err_table[code].name : "unknown";
}

const char *hw_err_message(enum hw_err code)
{
	return in_range(code) ? err_table[code].message : "unknown error";
}

int hw_err_http_status(enum hw_err code)
{
	return in_range(code) ? err_table[code].http : 500;
}

int hw_err_exit_status(enum hw_err code)
{
	return in_range(code) ? err_table[code].exit : 3;
}

void hw_error_clear(struct hw_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	err->code = HW_OK;
}

static void set_message(struct hw_error *err, enum hw_err code, const char *fmt, va_list ap)
{
	err->code = code;
	if (fmt)
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
	else
		snprintf(err->message, sizeof(err->message), "%s", hw_err_message(code));
}

enum hw_err hw_error_set(struct hw_error *err, enum hw_err code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	set_message(err, code, fmt, ap);
	va_end(ap);
	return code;
}

enum hw_err hw_error_set_field(struct hw_error *err, enum hw_err code, const char *field,
			       const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	set_message(err, code, fmt, ap);
	va_end(ap);
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	return code;
}

void hw_error_at(struct hw_error *err, const char *file, long line, long column)
{
	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
}

int hw_error_format(const struct hw_error *err, char *out, size_t size)
{
	char pos[HW_ERROR_FILE_MAX + 48] = "";
	char field[HW_ERROR_FIELD_MAX + 4] = "";

	if (err->file[0] && err->line > 0 && err->column > 0)
		snprintf(pos, sizeof(pos), "%s:%ld:%ld: ", err->file, err->line, err->column);
	else if (err->file[0] && err->line > 0)
		snprintf(pos, sizeof(pos), "%s:%ld: ", err->file, err->line);
	else if (err->file[0])
		snprintf(pos, sizeof(pos), "%s: ", err->file);
	if (err->field[0])
		snprintf(field, sizeof(field), "%s: ", err->field);
	return snprintf(out, size, "%s%s%s", pos, field,
			err->message[0] ? err->message : hw_err_message(err->code));
}
