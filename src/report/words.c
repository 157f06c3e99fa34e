/*
 * words.c - numbers, dates, ordinals and plural forms in English and
 * Ukrainian, for the plain-language summaries.
 *
 * Ukrainian nouns after a numeral take one of three forms, chosen by the
 * last two digits: "one" for 1, 21, 31 ... but not 11 (1 особа, 21 особа);
 * "few" for 2-4, 22-24 ... but not 12-14 (2 особи); "many" for the rest,
 * 0 and 5-20 included (5 осіб, 11 осіб).  English has two: 1 and the rest.
 * Large numbers are grouped by thousands: "3,210" in English and "3 210"
 * in Ukrainian, with a narrow no-break space (U+202F) so that a number
 * never breaks across lines.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"
#include "core/banned.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */

static const struct report_tag known_tags[] = {
	{ "mariupol", "defender of Mariupol", "defenders of Mariupol",
	  "захисник Маріуполя", "захисники Маріуполя", "захисників Маріуполя" },
	{ "snake_island", "defender of Snake Island", "defenders of Snake Island",
	  "захисник острова Зміїний", "захисники острова Зміїний",
	  "захисників острова Зміїний" },
	{ "chornobyl_npp", "defender of the Chornobyl NPP", "defenders of the Chornobyl NPP",
	  "захисник ЧАЕС", "захисники ЧАЕС", "захисників ЧАЕС" },
};

const struct report_tag *report_tag_find(const char *tag)
{
	size_t i;

	for (i = 0; i < sizeof(known_tags) / sizeof(known_tags[0]); i++)
		if (!strcmp(known_tags[i].tag, tag))
			return &known_tags[i];
	return NULL;
}

enum uk_form report_uk_form(long n)
{
	long d = (n < 0 ? -n : n) % 100;

	if (d % 10 == 1 && d != 11)
		return UK_ONE;
	if (d % 10 >= 2 && d % 10 <= 4 && (d < 12 || d > 14))
		return UK_FEW;
	return UK_MANY;
}

enum hw_err report_num(struct hw_buf *b, long n, enum hw_report_lang lang)
{
	char digits[32];
	size_t len, i;
	enum hw_err rc = HW_OK;

	if (n < 0 && (rc = hw_buf_addch(b, '-')))
		return rc;
	len = (size_t)snprintf(digits, sizeof(digits), "%lu",
			       n < 0 ? 0UL - (unsigned long)n : (unsigned long)n);
	for (i = 0; !rc && i < len; i++) {
		if (i && (len - i) % 3 == 0)
			rc = hw_buf_addstr(b, lang == HW_REPORT_UK ? NNBSP : ",");
		if (!rc)
			rc = hw_buf_addch(b, digits[i]);
	}
	return rc;
}

enum hw_err report_count_en(struct hw_buf *b, long n, const char *one, const char *other)
{
	enum hw_err rc = report_num(b, n, HW_REPORT_EN);

	return rc ? rc : hw_buf_addf(b, " %s", n == 1 ? one : other);
}

enum hw_err report_count_uk(struct hw_buf *b, long n, const char *one, const char *few,
			    const char *many)
{
	enum uk_form f = report_uk_form(n);
	enum hw_err rc = report_num(b, n, HW_REPORT_UK);

	return rc ? rc : hw_buf_addf(b, " %s", f == UK_ONE ? one : f == UK_FEW ? few : many);
}

static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};
/* of the month, after a day: "31 травня" */
static const char *const months_uk_gen[12] = {
	"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
	"вересня", "жовтня", "листопада", "грудня",
};
/*
 * A date in running text, after a preposition (з, по, до) or as a date of
 * its own: Ukrainian puts the month and the year in the genitive
 * ("31 травня 2024 року", "травня 2024 року", "2024 року").
 */
enum hw_err report_date(struct hw_buf *b, const struct hw_date *d, enum hw_report_lang lang)
{
	int uk = lang == HW_REPORT_UK;

	if (!hw_date_is_known(d))
		return hw_buf_addstr(b, uk ? "дата невідома" : "date unknown");
	if (d->day)
		return hw_buf_addf(b, "%d %s %d%s", d->day,
				   (uk ? months_uk_gen : months_en)[d->month - 1], d->year,
				   uk ? " року" : "");
	if (d->month)
		return hw_buf_addf(b, "%s %d%s", (uk ? months_uk_gen : months_en)[d->month - 1],
				   d->year, uk ? " року" : "");
	return hw_buf_addf(b, "%d%s", d->year, uk ? " року" : "");
}

enum hw_err report_ordinal(struct hw_buf *b, long n, enum hw_report_lang lang)
{
	const char *suffix = "th";

	if (lang == HW_REPORT_UK)
		return hw_buf_addf(b, "%ld-й", n);
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suffix = "st";
		else if (n % 10 == 2)
			suffix = "nd";
		else if (n % 10 == 3)
			suffix = "rd";
	}
	return hw_buf_addf(b, "%ld%s", n, suffix);
}

enum hw_err report_join(struct hw_buf *b, char *const *items, size_t n,
			enum hw_report_lang lang)
{
	enum hw_err rc = HW_OK;
	size_t i;

	for (i = 0; !rc && i < n; i++) {
		if (i && i == n - 1)
			rc = hw_buf_addstr(b, lang == HW_REPORT_UK ? " і " : " and ");
		else if (i)
			rc = hw_buf_addstr(b, ", ");
		if (!rc)
			rc = hw_buf_addstr(b, items[i]);
	}
	return rc;
}

size_t report_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}
