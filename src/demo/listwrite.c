/*
 * listwrite.c - one line of the other side's list (listwrite.h).
 *
 * A line is made in three steps: the three name parts in the chosen
 * spelling (spell.c, or the names module's transliterations), the layout
 * (order, initials, capitals, a slip), and the birth date as written.
 * Every choice draws from the line's own stream, so a list is the same on
 * every run.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/names.h"
#include "demo/listwrite.h"
#include "demo/spell.h"
#include "core/banned.h"

enum spelling { SP_UK, SP_RU, SP_UA2010, SP_BGN_RU, SP_BGN_UA };

/* The three parts of a name as they will be written. */
struct parts {
	struct hw_buf family, given, patronymic;
};

static const char *const slip_names[DEMO_SLIP__COUNT] = {
#define X(e, name) name,
	DEMO_SLIP_MAP(X)
#undef X
};

const char *demo_slip_name(enum demo_slip s)
{
	return (unsigned)s < DEMO_SLIP__COUNT ? slip_names[s] : "?";
}

enum hw_err demo_list_begin(struct demo_list_writer *w, struct hw_buf *out,
			    enum demo_list_format format, struct hw_error *err)
{
	static const char *const full[] = { "line", "full_name", "birth_date", "unit" };
	static const char *const split[] = { "line", "family_name", "given_name", "patronymic",
					     "birth_date", "unit" };
	enum hw_err rc;

	memset(w, 0, sizeof(*w));
	w->format = format;
	hw_csv_writer_init(&w->csv, out);
	rc = format == DEMO_LIST_FULL ? hw_csv_write_row(&w->csv, full, GEN_COUNT(full))
				      : hw_csv_write_row(&w->csv, split, GEN_COUNT(split));
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}

/* ---- spelling ----------------------------------------------------------- */

static enum spelling draw_spelling(struct gen_rng *r)
{
	double u = gen_unit(r);

	if (u < 0.60)
		return SP_RU;
	if (u < 0.80)
		return SP_UK;
	if (u < 0.90)
		return SP_UA2010;
	if (u < 0.96)
		return SP_BGN_RU;
	return SP_BGN_UA;
}

/* Copies ICU's BGN/PCGN output without what no clerk types: the middle
 * dot and the primes of the soft and hard signs. */
static enum hw_err add_typed(struct hw_buf *out, const char *s, size_t n)
{
	size_t i;
	enum hw_err rc = HW_OK;

	for (i = 0; i < n && !rc; i++) {
		if (i + 1 < n && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xb7)
			i++;
		else if (i + 1 < n && (unsigned char)s[i] == 0xca &&
			 ((unsigned char)s[i + 1] == 0xb9 || (unsigned char)s[i + 1] == 0xba))
			i++;
		else
			rc = hw_buf_addch(out, s[i]);
	}
	return rc;
}

static enum hw_err latin(const char *text, enum hw_script from, struct hw_buf *out,
			 struct hw_error *err)
{
	struct hw_buf tmp = HW_BUF_INIT;
	enum hw_err rc = hw_name_transliterate(text, HW_NAME_NUL, from, &tmp, err);

	if (!rc)
		rc = add_typed(out, tmp.data, tmp.len);
	hw_buf_release(&tmp);
	return rc;
}

/* The Russian forms of the three parts; `n` the primary name. */
static enum hw_err russian(const struct hw_name *n, enum hw_sex sex, struct gen_rng *r,
			   struct parts *ru, struct hw_error *err)
{
	enum hw_err rc;

	if (n->script == HW_SCRIPT_RU) { /* a detainee: already Russian */
		rc = hw_buf_addstr(&ru->family, n->family);
		if (!rc)
			rc = hw_buf_addstr(&ru->given, n->given);
		if (!rc && n->patronymic)
			rc = hw_buf_addstr(&ru->patronymic, n->patronymic);
		return rc ? hw_error_set(err, rc, NULL) : HW_OK;
	}
	rc = demo_spell_family_ru(n->family, r, &ru->family, err);
	if (!rc)
		rc = demo_spell_given_ru(n->given, sex, r, &ru->given, err);
	if (!rc && n->patronymic)
		rc = demo_spell_patronymic_ru(n->patronymic, sex, &ru->patronymic, err);
	return rc;
}

static void parts_release(struct parts *p)
{
	hw_buf_release(&p->family);
	hw_buf_release(&p->given);
	hw_buf_release(&p->patronymic);
}

/* Romanises each part of `in` into `out` (ICU for BGN, or the 2010 system). */
static enum hw_err romanize(const struct parts *in, enum spelling sp, struct parts *out,
			    struct hw_error *err)
{
	const struct hw_buf *src[3] = { &in->family, &in->given, &in->patronymic };
	struct hw_buf *dst[3] = { &out->family, &out->given, &out->patronymic };
	enum hw_err rc = HW_OK;
	int i;

	for (i = 0; i < 3 && !rc; i++) {
		if (!src[i]->len)
			continue;
		if (sp == SP_UA2010)
			rc = hw_name_romanize_uk(src[i]->data, src[i]->len, dst[i], err);
		else
			rc = latin(src[i]->data, sp == SP_BGN_RU ? HW_SCRIPT_RU : HW_SCRIPT_UK,
				   dst[i], err);
	}
	return rc;
}

/* The three parts of `p`'s primary name in a spelling drawn from `r`. */
static enum hw_err spell_parts(const struct hw_person *p, struct gen_rng *r, struct parts *out,
			       unsigned *slips, struct hw_error *err)
{
	const struct hw_name *n = hw_person_primary(p);
	struct parts uk = { HW_BUF_INIT, HW_BUF_INIT, HW_BUF_INIT };
	struct parts ru = { HW_BUF_INIT, HW_BUF_INIT, HW_BUF_INIT };
	enum spelling sp = draw_spelling(r);
	enum hw_err rc = HW_OK;

	if (!n)
		return hw_error_set(err, HW_INVALID, "a person without a primary name");
	if (sp == SP_UK || sp == SP_UA2010 || sp == SP_BGN_UA) {
		if (hw_buf_addstr(&uk.family, n->family) || hw_buf_addstr(&uk.given, n->given) ||
		    (n->patronymic && hw_buf_addstr(&uk.patronymic, n->patronymic)))
			rc = hw_error_set(err, HW_NOMEM, NULL);
	} else {
		rc = russian(n, p->sex, r, &ru, err);
	}
	if (!rc && (sp == SP_UK || sp == SP_RU)) { /* hand the buffers over */
		*out = sp == SP_UK ? uk : ru;
		memset(sp == SP_UK ? &uk : &ru, 0, sizeof(uk));
	} else if (!rc) {
		rc = romanize(sp == SP_BGN_RU ? &ru : &uk, sp, out, err);
	}
	if (sp == SP_RU && n->script != HW_SCRIPT_RU)
		*slips |= 1u << DEMO_SLIP_RUSSIAN;
	if (sp != SP_UK && sp != SP_RU)
		*slips |= 1u << DEMO_SLIP_LATIN;
	parts_release(&uk);
	parts_release(&ru);
	return rc;
}

/* ---- layout ------------------------------------------------------------- */

/* Replaces part `b` with a slip of one of three kinds. */
static enum hw_err typo(struct hw_buf *b, struct gen_rng *r, unsigned *slips)
{
	struct hw_buf tmp = HW_BUF_INIT;
	enum demo_typo kind = (enum demo_typo)gen_below(r, DEMO_TYPO__COUNT);
	int done = 0;
	enum hw_err rc = demo_spell_typo(b->data, kind, r, &tmp, &done);

	if (!rc && done) {
		hw_buf_reset(b);
		rc = hw_buf_add(b, tmp.data, tmp.len);
		*slips |= 1u << DEMO_SLIP_TYPO;
	}
	hw_buf_release(&tmp);
	return rc;
}

static enum hw_err replace_upper(struct hw_buf *b)
{
	struct hw_buf tmp = HW_BUF_INIT;
	enum hw_err rc = demo_spell_upper(b->data, &tmp);

	if (!rc) {
		hw_buf_reset(b);
		rc = hw_buf_add(b, tmp.data, tmp.len);
	}
	hw_buf_release(&tmp);
	return rc;
}

static enum hw_err replace_initial(struct hw_buf *b)
{
	struct hw_buf tmp = HW_BUF_INIT;
	enum hw_err rc = b->len ? demo_spell_initial(b->data, &tmp) : HW_OK;

	if (!rc) {
		hw_buf_reset(b);
		rc = hw_buf_add(b, tmp.data, tmp.len);
	}
	hw_buf_release(&tmp);
	return rc;
}

enum layout { L_FGP, L_GPF, L_COMMA, L_INITIALS, L_INITIALS_SPACED, L_INITIALS_FIRST };

static enum layout draw_layout(struct gen_rng *r, int has_patronymic, enum demo_list_format f)
{
	double u = gen_unit(r);

	if (f == DEMO_LIST_SPLIT)
		return u < 0.05 ? L_INITIALS : L_FGP;
	if (!has_patronymic)
		return u < 0.85 ? L_FGP : u < 0.95 ? L_GPF : L_COMMA;
	if (u < 0.80)
		return L_FGP;
	if (u < 0.88)
		return L_GPF;
	if (u < 0.91)
		return L_COMMA;
	if (u < 0.95)
		return L_INITIALS;
	if (u < 0.97)
		return L_INITIALS_SPACED;
	return L_INITIALS_FIRST;
}

/* Drops the patronymic, picks the layout, makes the slips; *lay is set. */
static enum hw_err shape(struct parts *pt, struct gen_rng *r, enum demo_list_format f,
			 unsigned *slips, enum layout *lay)
{
	int latin_line = (*slips & 1u << DEMO_SLIP_LATIN) != 0;
	enum hw_err rc = HW_OK;

	if (pt->patronymic.len && gen_chance(r, latin_line ? 0.5 : 0.08)) {
		hw_buf_reset(&pt->patronymic);
		*slips |= 1u << DEMO_SLIP_NO_PATRONYMIC;
	}
	*lay = draw_layout(r, pt->patronymic.len > 0, f);
	if (gen_chance(r, 0.08))
		rc = typo(*lay >= L_INITIALS || gen_chance(r, 0.6) ? &pt->family : &pt->given, r,
			  slips);
	if (!rc && (*lay == L_COMMA || gen_chance(r, latin_line ? 0.3 : 0.1))) {
		rc = replace_upper(&pt->family);
		*slips |= 1u << DEMO_SLIP_CAPS;
	}
	if (!rc && *lay >= L_INITIALS) {
		rc = replace_initial(&pt->given);
		if (!rc)
			rc = replace_initial(&pt->patronymic);
		*slips |= 1u << DEMO_SLIP_INITIALS;
	}
	if (*lay == L_GPF || *lay == L_INITIALS_FIRST)
		*slips |= 1u << DEMO_SLIP_GIVEN_FIRST;
	if (*lay == L_COMMA)
		*slips |= 1u << DEMO_SLIP_COMMA;
	return rc;
}

static enum hw_err full_name(const struct parts *pt, enum layout lay, struct hw_buf *out)
{
	const char *f = pt->family.data, *g = pt->given.data, *p = pt->patronymic.data;
	const char *sp = pt->patronymic.len ? " " : "";

	switch (lay) {
	case L_GPF:
		return hw_buf_addf(out, "%s%s%s %s", g, sp, p, f);
	case L_COMMA:
		return hw_buf_addf(out, "%s, %s%s%s", f, g, sp, p);
	case L_INITIALS:
		return hw_buf_addf(out, "%s %s%s", f, g, p);
	case L_INITIALS_SPACED:
		return hw_buf_addf(out, "%s %s%s%s", f, g, sp, p);
	case L_INITIALS_FIRST:
		return hw_buf_addf(out, "%s%s %s", g, p, f);
	case L_FGP:
		break;
	}
	return hw_buf_addf(out, "%s %s%s%s", f, g, sp, p);
}

/* ---- birth date ----------------------------------------------------------- */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void date_day(const struct hw_date *d, struct gen_rng *r, char *out, size_t size,
		     unsigned *slips)
{
	double u = gen_unit(r);
	int y = d->year;

	if (u < 0.35) {
		snprintf(out, size, "%04d-%02d-%02d", d->year, d->month, d->day);
	} else if (u < 0.77) {
		snprintf(out, size, "%02d.%02d.%04d", d->day, d->month, d->year);
		*slips |= 1u << DEMO_SLIP_DATE_DMY;
	} else if (u < 0.87) {
		*slips |= 1u << DEMO_SLIP_DATE_MISSING;
	} else if (u < 0.92) {
		snprintf(out, size, "%04d", d->year);
		*slips |= 1u << DEMO_SLIP_DATE_YEAR_ONLY;
	} else if (u < 0.96 && d->day != d->month) {
		snprintf(out, size, "%02d.%02d.%04d", d->month, d->day, d->year);
		*slips |= 1u << DEMO_SLIP_DATE_SWAPPED;
	} else {
		y += gen_chance(r, 0.5) ? 1 : -1;
		snprintf(out, size, "%02d.%02d.%04d",
			 d->month == 2 && d->day == 29 && !leap(y) ? 28 : d->day, d->month, y);
		*slips |= 1u << DEMO_SLIP_DATE_YEAR_OFF;
	}
}

/* The birth date as the list writes it ("" when left out). */
static void write_date(const struct hw_date *d, struct gen_rng *r, char *out, size_t size,
		       unsigned *slips)
{
	double u;

	out[0] = '\0';
	switch (hw_date_precision(d)) {
	case HW_DATE_DAY:
		date_day(d, r, out, size, slips);
		return;
	case HW_DATE_MONTH:
		u = gen_unit(r);
		if (u < 0.45)
			snprintf(out, size, "%02d.%04d", d->month, d->year);
		else if (u < 0.85)
			snprintf(out, size, "%04d-%02d", d->year, d->month);
		else if (u < 0.93)
			snprintf(out, size, "%04d", d->year);
		*slips |= u < 0.85 ? 0u : u < 0.93 ? 1u << DEMO_SLIP_DATE_YEAR_ONLY
						    : 1u << DEMO_SLIP_DATE_MISSING;
		return;
	case HW_DATE_YEAR:
		if (gen_chance(r, 0.9))
			snprintf(out, size, "%04d", d->year);
		else
			*slips |= 1u << DEMO_SLIP_DATE_MISSING;
		return;
	case HW_DATE_UNKNOWN:
		break;
	}
}

/* ---- the line ------------------------------------------------------------- */

static enum hw_err write_row(struct demo_list_writer *w, const char *line,
			     const struct parts *pt, enum layout lay, const char *date,
			     const char *unit)
{
	struct hw_buf name = HW_BUF_INIT;
	enum hw_err rc = hw_csv_write_str(&w->csv, line);

	if (!rc && w->format == DEMO_LIST_FULL) {
		rc = full_name(pt, lay, &name);
		if (!rc)
			rc = hw_csv_write_str(&w->csv, name.data);
	} else if (!rc) {
		rc = hw_csv_write_str(&w->csv, pt->family.data);
		if (!rc)
			rc = hw_csv_write_str(&w->csv, pt->given.data);
		if (!rc)
			rc = hw_csv_write_str(&w->csv, pt->patronymic.data);
	}
	if (!rc)
		rc = hw_csv_write_str(&w->csv, date);
	if (!rc)
		rc = hw_csv_write_str(&w->csv, unit);
	if (!rc)
		rc = hw_csv_end_record(&w->csv);
	hw_buf_release(&name);
	return rc;
}

enum hw_err demo_list_write(struct demo_list_writer *w, const char *line,
			    const struct hw_person *p, struct gen_rng *r, unsigned *slips,
			    struct hw_error *err)
{
	struct parts pt = { HW_BUF_INIT, HW_BUF_INIT, HW_BUF_INIT };
	size_t keep = w->csv.out->len;
	char date[32];
	const char *unit = NULL;
	unsigned s = 0;
	enum layout lay = L_FGP;
	enum hw_err rc;
	int i;

	rc = spell_parts(p, r, &pt, &s, err);
	if (!rc && shape(&pt, r, w->format, &s, &lay))
		rc = hw_error_set(err, HW_NOMEM, NULL);
	if (!rc) {
		write_date(&p->birth_date, r, date, sizeof(date), &s);
		if (p->unit && gen_chance(r, 0.35)) {
			unit = p->unit;
			s |= 1u << DEMO_SLIP_UNIT;
		}
		if (write_row(w, line, &pt, lay, date, unit))
			rc = hw_error_set(err, HW_NOMEM, NULL);
	}
	parts_release(&pt);
	if (rc) {
		hw_buf_truncate(w->csv.out, keep);
		w->csv.nfields = 0;
		w->csv.first_was_empty = 0;
		return rc;
	}
	w->lines++;
	for (i = 0; i < DEMO_SLIP__COUNT; i++)
		w->slips[i] += (s >> i) & 1u;
	if (slips)
		*slips = s;
	return HW_OK;
}
