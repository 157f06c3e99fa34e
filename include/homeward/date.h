/*
 * homeward/date.h - calendar dates with a precision.
 *
 * Registry dates are often partial: a list gives only the year of birth,
 * a family only the month of capture.  A date therefore carries what is
 * known: year 0 means unknown; month 0 means year precision; day 0 means
 * month precision.  A date with a day is a real calendar day (leap years
 * checked).  Interchange form: "YYYY-MM-DD", "YYYY-MM", "YYYY"; on input
 * also "DD.MM.YYYY" (and "MM.YYYY").  The empty string is the unknown date.
 */
#ifndef HOMEWARD_DATE_H
#define HOMEWARD_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/error.h"

enum hw_date_precision {
	HW_DATE_UNKNOWN = 0,
	HW_DATE_YEAR,
	HW_DATE_MONTH,
	HW_DATE_DAY,
};

struct hw_date {
	short year;  /* 1..9999, 0 unknown */
	signed char month; /* 1..12, 0 when not known */
	signed char day;   /* 1..31, 0 when not known */
};

#define HW_DATE_STR_MAX 11 /* "YYYY-MM-DD" and the NUL */

enum hw_date_precision hw_date_precision(const struct hw_date *d);
int hw_date_is_known(const struct hw_date *d);

/*
 * Parses `s` (NUL-terminated, surrounding blanks not allowed) into `out`.
 * The empty string gives the unknown date.  Returns HW_INVALID with a
 * message quoting the text when it is not one of the forms above or not a
 * real date.
 */
enum hw_err hw_date_parse(const char *s, struct hw_date *out, struct hw_error *err);

/* Writes the interchange form ("" for unknown) into out[HW_DATE_STR_MAX]. */
void hw_date_format(const struct hw_date *d, char out[HW_DATE_STR_MAX]);

/*
 * Orders two dates by what they say: compares year, then month, then day,
 * a missing part counting as before any known one.  <0, 0, >0 as strcmp.
 */
int hw_date_cmp(const struct hw_date *a, const struct hw_date *b);

/* Today's date in UTC. */
struct hw_date hw_date_today(void);

/* Whole days from a to b (b - a), both taken at their first possible day. */
long hw_date_days_between(const struct hw_date *a, const struct hw_date *b);

/* ---- instants: seconds since the epoch, UTC ------------------------------ */

#define HW_TIME_STR_MAX 32 /* room for "YYYY-MM-DDTHH:MM:SSZ" and the NUL */

/* Writes `t` as "YYYY-MM-DDTHH:MM:SSZ" (or, out of the calendar's range,
 * as the number) into out[HW_TIME_STR_MAX]. */
void hw_time_format(int64_t t, char out[HW_TIME_STR_MAX]);

/*
 * Parses "YYYY-MM-DD" (the day's first second, or with `end_of_day` its
 * last) or "YYYY-MM-DDTHH:MM:SSZ" into *out.  HW_INVALID quoting the text
 * when it is neither, or not a real day and time.
 */
enum hw_err hw_time_parse(const char *s, int end_of_day, int64_t *out, struct hw_error *err);

#endif
