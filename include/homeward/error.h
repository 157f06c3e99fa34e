/*
 * homeward/error.h - the one error type of the project.
 *
 * Every library call that can fail returns an `enum hw_err` (HW_OK is 0)
 * and, when the caller passes one, fills a `struct hw_error` with the
 * detail: a message, and where known the field, the file, the line and the
 * column of the offending input.  The table below is the single source of
 * the codes, their stable names (used in JSON errors), their default
 * message, the HTTP status a server answers with, and the exit status the
 * command line uses.  New codes are only ever appended.
 */
#ifndef HOMEWARD_ERROR_H
#define HOMEWARD_ERROR_H

#include <stddef.h>

/*   X(ENUM,        "name",           "default message",            http, exit) */
#define HW_ERR_MAP(X)                                                          \
	X(OK,          "ok",             "success",                     200, 0) \
	X(NOMEM,       "out_of_memory",  "out of memory",               500, 3) \
	X(INVALID,     "invalid",        "invalid input",               400, 1) \
	X(NOT_FOUND,   "not_found",      "not found",                   404, 1) \
	X(CONFLICT,    "conflict",       "conflicts with existing data", 409, 1) \
	X(REFUSED,     "refused",        "operation refused",           422, 1) \
	X(STALE,       "precondition_failed", "record changed meanwhile", 412, 1) \
	X(USAGE,       "usage",          "usage error",                 400, 2) \
	X(IO,          "io",             "input/output error",          500, 3) \
	X(STORE,       "store",          "database error",              500, 3) \
	X(SCHEMA,      "schema",         "database schema not supported", 500, 1) \
	X(INTERNAL,    "internal",       "internal error",              500, 3) \
	X(TOO_LARGE,   "too_large",      "input too large",             413, 1) \
	X(UNAUTHORIZED, "unauthorized",  "authentication required",     401, 1) \
	X(FORBIDDEN,   "forbidden",      "permission denied",           403, 1) \
	X(THROTTLED,   "too_many_requests", "too many attempts; try again later", 429, 1) \
	X(METHOD,      "method_not_allowed", "method not allowed",     405, 2) \
	X(MEDIA_TYPE,  "unsupported_media_type", "unsupported media type", 415, 1) \
	X(PRECONDITION, "precondition_required", "a precondition is required", 428, 1) \
	X(TIMEOUT,     "timeout",        "the request took too long",   503, 3)

enum hw_err {
#define HW_ERR_ENUM_(e, name, msg, http, exit) HW_##e,
	HW_ERR_MAP(HW_ERR_ENUM_)
#undef HW_ERR_ENUM_
	HW_ERR__COUNT
};

/* Stable machine name of a code ("not_found"); "unknown" when out of range. */
const char *hw_err_name(enum hw_err code);
/* Default human message for a code. */
const char *hw_err_message(enum hw_err code);
/* HTTP status a server answers a code with. */
int hw_err_http_status(enum hw_err code);
/* Exit status the command line uses for a code (documented in the README). */
int hw_err_exit_status(enum hw_err code);

#define HW_ERROR_MSG_MAX 512
#define HW_ERROR_FIELD_MAX 64
#define HW_ERROR_FILE_MAX 256

/*
 * Detail of the last failure.  Owned by the caller, usually on the stack;
 * no heap memory, so it never needs releasing.  `line` and `column` are
 * 1-based and 0 when unknown; `field` and `file` are empty when unknown.
 */
struct hw_error {
	enum hw_err code;
	char message[HW_ERROR_MSG_MAX];
	char field[HW_ERROR_FIELD_MAX];
	char file[HW_ERROR_FILE_MAX];
	long line;
	long column;
};

/* Resets `err` to HW_OK with everything empty.  NULL is allowed. */
void hw_error_clear(struct hw_error *err);

/*
 * Records `code` with a printf-style message in `err` (NULL is allowed,
 * then nothing is recorded) and returns `code`, so a failing path can say
 * `return hw_error_set(err, HW_INVALID, "...")`.  A NULL fmt uses the
 * default message of the code.  Field, file and position are left alone.
 */
enum hw_err hw_error_set(struct hw_error *err, enum hw_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As hw_error_set, also naming the field the error is about. */
enum hw_err hw_error_set_field(struct hw_error *err, enum hw_err code, const char *field,
			       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Sets the input position of an already recorded error. */
void hw_error_at(struct hw_error *err, const char *file, long line, long column);

/*
 * Writes the error as one diagnostic line, without a newline:
 * "FILE:LINE:COLUMN: field: message", leaving out the parts that are unknown.
 * Returns the length that was needed (as snprintf).
 */
int hw_error_format(const struct hw_error *err, char *out, size_t size);

#endif
