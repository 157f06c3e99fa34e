/*
 * date.c - partial calendar dates (homeward/date.h): parsing the
 * interchange and list forms, validation, formatting and comparison;
 * instants (seconds since the epoch) as text and back.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "homeward/date.h"
#include "core/banned.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n digits at s; returns -1 when they are not all digits. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum hw_date_precision hw_date_precision(const struct hw_date *d)
{
	if (d->year == 0)
		return HW_DATE_UNKNOWN;
	if (d->month == 0)
		return HW_DATE_YEAR;
	return d->day == 0 ? HW_DATE_MONTH : HW_DATE_DAY;
}

int hw_date_is_known(const struct hw_date *d)
{
	return d->year != 0;
}

static enum hw_err bad(struct hw_error *err, const char *s, const char *why)
{
	return hw_error_set(err, HW_INVALID, "'%.40s' is not a date%s", s, why);
}

enum hw_err hw_date_parse(const char *s, struct hw_date *out, struct hw_error *err)
{
	size_t n = strlen(s);
	int y = -1, m = 0, d = 0;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return HW_OK;
	if (n == 4) {
		y = digits(s, 4);
	} else if (n == 7 && s[4] == '-') {
		y = digits(s, 4);
		m = digits(s + 5, 2);
	} else if (n == 10 && s[4] == '-' && s[7] == '-') {
		y = digits(s, 4);
		m = digits(s + 5, 2);
		d = digits(s + 8, 2);
	} else if (n == 10 && s[2] == '.' && s[5] == '.') {
		d = digits(s, 2);
		m = digits(s + 3, 2);
		y = digits(s + 6, 4);
	} else if (n == 7 && s[2] == '.') {
		m = digits(s, 2);
		y = digits(s + 3, 4);
	} else {
		return bad(err, s, " (use YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)");
	}
	if (y < 1 || m < 0 || d < 0)
		return bad(err, s, " (use YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)");
	if ((n > 4 && (m < 1 || m > 12)))
		return bad(err, s, " (no such month)");
	if (n == 10 && (d < 1 || d > days_in_month(y, m)))
		return bad(err, s, " (no such day)");
	out->year = (short)y;
	out->month = (signed char)m;
	out->day = (signed char)d;
	return HW_OK;
}

static char *put_digits(char *out, unsigned v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
	return out + n;
}

void hw_date_format(const struct hw_date *d, char out[HW_DATE_STR_MAX])
{
	enum hw_date_precision p = hw_date_precision(d);
	char *o = out;

	if (p >= HW_DATE_YEAR)
		o = put_digits(o, (unsigned)d->year, 4);
	if (p >= HW_DATE_MONTH) {
		*o++ = '-';
		o = put_digits(o, (unsigned)d->month, 2);
	}
	if (p >= HW_DATE_DAY) {
		*o++ = '-';
		o = put_digits(o, (unsigned)d->day, 2);
	}
	*o = '\0';
}

int hw_date_cmp(const struct hw_date *a, const struct hw_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

struct hw_date hw_date_today(void)
{
	struct hw_date d;
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	d.year = (short)(tm.tm_year + 1900);
	d.month = (signed char)(tm.tm_mon + 1);
	d.day = (signed char)tm.tm_mday;
	return d;
}

/* Days since 0000-03-01 of the first possible day of d (civil calendar). */
static long day_number(const struct hw_date *dt)
{
	long y = dt->year, m = dt->month ? dt->month : 1, d = dt->day ? dt->day : 1;

	if (m <= 2) {
		y--;
		m += 12;
	}
	return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1;
}

long hw_date_days_between(const struct hw_date *a, const struct hw_date *b)
{
	return day_number(b) - day_number(a);
}

/* ---- instants ----------------------------------------------------------- */

void hw_time_format(int64_t t, char out[HW_TIME_STR_MAX])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, HW_TIME_STR_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, HW_TIME_STR_MAX, "%lld", (long long)t);
}

enum hw_err hw_time_parse(const char *s, int end_of_day, int64_t *out, struct hw_error *err)
{
	size_t n = strlen(s);
	struct tm tm, back;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if ((n != 10 && n != 20) || s[4] != '-' || s[7] != '-')
		goto bad;
	tm.tm_year = digits(s, 4) - 1900;
	tm.tm_mon = digits(s + 5, 2) - 1;
	tm.tm_mday = digits(s + 8, 2);
	if (n == 20) {
		if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
			goto bad;
		tm.tm_hour = digits(s + 11, 2);
		tm.tm_min = digits(s + 14, 2);
		tm.tm_sec = digits(s + 17, 2);
	} else if (end_of_day) {
		tm.tm_hour = 23;
		tm.tm_min = 59;
		tm.tm_sec = 59;
	}
	if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_hour < 0 ||
	    tm.tm_min < 0 || tm.tm_sec < 0)
		goto bad;
	back = tm;
	t = timegm(&tm);
	/* a day that does not exist (31.02) or an hour past 23 moves the date */
	if (tm.tm_mday != back.tm_mday || tm.tm_mon != back.tm_mon || tm.tm_hour != back.tm_hour ||
	    tm.tm_min != back.tm_min || tm.tm_sec != back.tm_sec)
		goto bad;
	*out = (int64_t)t;
	return HW_OK;
bad:
	return hw_error_set(err, HW_INVALID, "'%.40s' is not a date (YYYY-MM-DD or "
			    "YYYY-MM-DDTHH:MM:SSZ)", s);
}
