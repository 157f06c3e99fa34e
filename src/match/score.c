/*
 * score.c - the evidence of each field, in bits.
 *
 * Fellegi-Sunter: a field that agrees adds log2(m/u), m the chance that it
 * agrees for the same person, u the chance that it agrees for two people
 * picked at random; a field that disagrees adds log2((1-m)/(1-u)), which
 * is negative.  u comes from the registry itself (how many name records
 * share the surname, how common the given name is); m allows for the
 * slips of real lists, which is why a known slip (day and month swapped,
 * one wrong digit, a letter off) still counts for, just less.  The numbers
 * are in docs/matching.md.  Weights are capped so that no single field
 * decides alone.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match_int.h"
#include "core/banned.h"

static void add(struct hw_match_candidate *c, const char *field, double w, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct hw_match_candidate *c, const char *field, double w, const char *fmt, ...)
{
	struct hw_match_evidence *e;
	va_list ap;

	c->score += w;
	/* nevidence == SIZE_MAX: scoring only, the reasons are written later
	 * for the candidates that are kept */
	if (c->nevidence >= HW_MATCH_MAX_EVIDENCE)
		return;
	e = &c->evidence[c->nevidence++];
	e->field = field;
	e->weight = w;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* log2(m/u) for a share u of the registry, capped. */
static double agreement(double m, double count, double total, double lo, double hi)
{
	double u = (count < 1 ? 1 : count) / (total < 1 ? 1 : total);

	return clamp(log2(m / u), lo, hi);
}

/*
 * The family name.  A form a letter or two off counts as much as its
 * rarity says, less the slips; but not more than the name as written
 * would count when it is itself a family of the registry: Мельник on a
 * list is first of all one of the many Мельник, not a rare Белик with two
 * slips.
 */
static void score_family(const struct hw_match_index *ix, const struct mx_query *q,
			 const struct mx_name *n, unsigned fdist, struct hw_match_candidate *c)
{
	double count = ix->family_names[n->family].n, total = (double)ix->live_names;
	double w = agreement(0.90, count, total, 3.0, 16.0);

	if (fdist > 0 && q->family_count > count)
		w = agreement(0.90, q->family_count, total, 3.0, 16.0);
	if (fdist == 0)
		add(c, "family_name", w, "same family name (%.0f of %.0f records)", count, total);
	else if (fdist == 1)
		add(c, "family_name", w - 3.5, "family name one letter apart");
	else if (fdist == 2)
		add(c, "family_name", w - 7.0, "family name two letters apart");
	else
		add(c, "family_name", -10.0, "family name differs");
}

unsigned mx_canon_distance(const struct hw_match_index *ix, const char *q, uint32_t id,
			   unsigned max)
{
	if (id == INTERN_NONE)
		return max + 1;
	return hw_name_distance(q, strlen(q), intern_str(&ix->canons, id),
				intern_len(&ix->canons, id), max);
}

/* Whether `initial` begins another form of the name of `full`'s class
 * (Н. for Микола, written Николай). */
static int initial_of_class(const struct hw_match_index *ix, const struct mx_part *initial,
			    const struct mx_part *full)
{
	const struct mx_prefixes *px;
	unsigned i;

	if (full->class_id == NO_CLASS)
		return 0;
	px = &ix->class_prefixes[full->class_id];
	for (i = 0; i < px->count; i++)
		if (mx_initial_fits(initial->init, px->p[i]))
			return 1;
	return 0;
}

/* Whether two parts, one or both initials, begin alike. */
static int initials_agree(const struct mx_part *a, const struct mx_part *b)
{
	return mx_initial_fits(a->init, b->init) || mx_initial_fits(b->init, a->init);
}

/*
 * Given names and patronymics are scored alike; `counts` is the class
 * frequency table, `big` the agreement cap and `bad` the disagreement.
 * `slips` (given names): two names of the table a letter apart may be one
 * with a slip.
 */
static void score_first_names(const struct hw_match_index *ix, const char *field,
			      const struct mx_part *q, const char *qcanon, const struct mx_part *p,
			      const uint32_t *counts, double big, double bad, int slips,
			      struct hw_match_candidate *c)
{
	unsigned d;

	if (!q->init[0] || !p->init[0])
		return;
	if (q->is_initial || p->is_initial) {
		/* never worth more than the whole name (whose floor is 2) */
		if (initials_agree(q, p))
			add(c, field, 2.0, "initial agrees");
		else if (initial_of_class(ix, q->is_initial ? q : p, q->is_initial ? p : q))
			add(c, field, 1.5, "initial agrees with another form of the name");
		else
			add(c, field, bad + 2.0, "initial differs");
		return;
	}
	if (q->class_id != NO_CLASS && p->class_id != NO_CLASS) {
		/* both known to the table: the same name in any form, or not */
		if (q->class_id == p->class_id)
			add(c, field, agreement(0.92, counts[p->class_id], (double)ix->live_names,
						2.0, big), "the same name (in any form or spelling)");
		else if (slips && mx_canon_distance(ix, qcanon, p->canon, 1) <= 1)
			/* a slip of one letter can make one given name
			 * another (Іан for Іван reads as Ян): it neither
			 * agrees nor differs (find.c keeps such a record) */
			add(c, field, 0.0, "another name, or this one with a slip of one letter");
		else
			add(c, field, bad, "a different name");
		return;
	}
	d = mx_canon_distance(ix, qcanon, p->canon, 2);
	if (d == 0)
		add(c, field, big * 0.6, "same spelling");
	else if (d == 1)
		add(c, field, big * 0.3, "one letter apart");
	else if (d == 2)
		add(c, field, -2.0, "two letters apart");
	else
		add(c, field, bad, "different name");
}

/* How many of the 8 digits (YYYYMMDD) of two full dates differ. */
static int digits_apart(const struct hw_date *a, const struct hw_date *b)
{
	unsigned x = (unsigned)a->year * 10000u + (unsigned)a->month * 100u + (unsigned)a->day;
	unsigned y = (unsigned)b->year * 10000u + (unsigned)b->month * 100u + (unsigned)b->day;
	int i, n = 0;

	for (i = 0; i < 8; i++, x /= 10, y /= 10)
		n += x % 10 != y % 10;
	return n;
}

static void score_full_dates(const struct hw_date *q, const struct hw_date *p,
			     int month_first, struct hw_match_candidate *c)
{
	if (!hw_date_cmp(q, p))
		add(c, "birth_date", 13.0, month_first ? "same birth date (the list writes the "
				   "month first)" : "same birth date");
	else if (q->year == p->year && q->day == p->month && q->month == p->day)
		add(c, "birth_date", 8.0, "day and month swapped");
	else if (q->month == p->month && q->day == p->day && abs(q->year - p->year) == 1)
		add(c, "birth_date", 7.0, "year off by one");
	else if (digits_apart(q, p) == 1)
		add(c, "birth_date", 4.0, "one digit differs");
	else if (q->year == p->year && q->month == p->month && q->day / 10 == p->day % 10 &&
		 q->day % 10 == p->day / 10)
		add(c, "birth_date", 4.0, "digits of the day swapped");
	else if (q->year == p->year)
		add(c, "birth_date", -6.0, "same year, different day");
	else
		add(c, "birth_date", -12.0, "different birth date");
}

static void score_birth(const struct hw_date *q, const struct hw_date *p, int month_first,
			struct hw_match_candidate *c)
{
	enum hw_date_precision pq = hw_date_precision(q), pp = hw_date_precision(p);
	enum hw_date_precision prec = pq < pp ? pq : pp;

	if (prec == HW_DATE_UNKNOWN)
		return;
	if (prec == HW_DATE_DAY)
		return score_full_dates(q, p, month_first, c);
	if (prec == HW_DATE_MONTH) {
		if (q->year == p->year && q->month == p->month)
			add(c, "birth_date", 8.0, "same month and year of birth");
		else if (q->month == p->month && abs(q->year - p->year) == 1)
			add(c, "birth_date", 4.0, "same month, year off by one");
		else
			add(c, "birth_date", -9.0, "different month or year of birth");
		return;
	}
	if (q->year == p->year)
		add(c, "birth_date", 5.0, "same year of birth (only the year is known)");
	else if (abs(q->year - p->year) == 1)
		add(c, "birth_date", 1.5, "year of birth off by one (only the year is known)");
	else if (q->year / 10 == p->year / 10 || (q->year % 10 == p->year % 10 &&
						  q->year / 100 == p->year / 100))
		add(c, "birth_date", -2.0, "year of birth one digit apart");
	else
		add(c, "birth_date", -9.0, "different year of birth");
}

void mx_score(const struct hw_match_index *ix, const struct mx_query *q, const struct mx_name *n,
	      unsigned fdist, int explain, struct hw_match_candidate *c)
{
	const struct mx_person *p = &ix->persons[n->person];

	c->score = 0;
	c->nevidence = explain ? 0 : SIZE_MAX;
	c->person_id = p->id;
	c->family_distance = fdist;
	score_family(ix, q, n, fdist, c);
	score_first_names(ix, "given_name", &q->given, q->given_canon, &n->given, ix->class_count,
			  10.0, -10.0, 1, c);
	score_first_names(ix, "patronymic", &q->patronymic, q->patronymic_canon, &n->patronymic,
			  ix->father_count, 8.0, -7.0, 0, c);
	score_birth(&q->birth_date, &p->birth_date, q->birth_date_month_first, c);
	if (q->sex != HW_SEX_UNKNOWN && p->sex != HW_SEX_UNKNOWN && q->sex != p->sex)
		add(c, "sex", -6.0, "the name is of the other sex");
	if (q->has_unit && p->unit != INTERN_NONE) {
		if (!strcmp(q->unit, intern_str(&ix->units, p->unit)))
			add(c, "unit", 4.0, "same unit");
		else
			add(c, "unit", -1.0, "another unit (units change)");
	}
	if (explain)
		snprintf(c->name_seen, sizeof(c->name_seen), "%s",
			 intern_str(&ix->displays, n->display));
	else
		c->nevidence = 0;
}
