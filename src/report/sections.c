/*
 * sections.c - the rows of a report: the fixed rows of every section
 * (each vocabulary value, zeros included, so that the JSON document
 * always has the same keys), the rows added as values are seen (tags,
 * years of capture), and looking a figure up.
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "report/report_int.h"
#include "core/banned.h"

const char *const report_section_names[SEC__COUNT] = {
#define X(e, name) name,
	REPORT_SECTION_MAP(X)
#undef X
};

/* Labels of the rows that are no vocabulary value. */
struct fixed_row {
	const char *key, *en, *uk;
};

static const struct fixed_row total_rows[] = {
	{ "returned", "returned home", "повернулися додому" },
	{ "handed_over", "handed over", "передано" },
};
static const struct fixed_row sex_rows[] = {
	{ "men", "men", "чоловіки" },
	{ "women", "women", "жінки" },
	{ REPORT_UNKNOWN, "sex not recorded", "стать не зазначено" },
};
static const struct fixed_row rank_rows[] = {
	{ "privates_and_sergeants", "privates and sergeants", "рядовий і сержантський склад" },
	{ REPORT_UNKNOWN, "rank not recorded", "звання не зазначено" },
};
static const struct fixed_row announced_rows[] = {
	{ "armed_forces", "Armed Forces of Ukraine (without Territorial Defence)",
	  "Збройні сили України (без ТрО)" },
	{ "navy", "of them Navy", "з них Військово-морські сили" },
	{ "air_force", "of them Air Force", "з них Повітряні сили" },
	{ "national_guard", "National Guard", "Національна гвардія України" },
	{ "border_guard", "State Border Guard Service", "Державна прикордонна служба України" },
	{ "territorial_defence", "Territorial Defence Forces", "Сили територіальної оборони" },
	{ "police", "National Police", "Національна поліція" },
	{ "sbu", "Security Service of Ukraine", "Служба безпеки України" },
	{ "other", "other", "інші" },
	{ REPORT_UNKNOWN, "branch not recorded", "приналежність не зазначено" },
};
static const struct fixed_row captivity_rows[] = {
	{ "under_6_months", "under 6 months", "до 6 місяців" },
	{ "6_to_12_months", "6 to 12 months", "від 6 до 12 місяців" },
	{ "1_to_2_years", "1 to 2 years", "від 1 до 2 років" },
	{ "2_to_3_years", "2 to 3 years", "від 2 до 3 років" },
	{ "3_years_or_more", "3 years or more", "3 роки і більше" },
	{ REPORT_UNKNOWN, "date of capture not recorded", "дату полону не зазначено" },
};
static const struct fixed_row health_rows[] = {
	{ "any", "wounded, seriously ill or disabled", "поранені, тяжкохворі або з інвалідністю" },
	{ "none", "no health flag", "без позначок про стан здоров'я" },
};
static const struct fixed_row running_rows[] = {
	{ "returned", "returned in this agreement up to this stage",
	  "повернулися за цією домовленістю до цього етапу включно" },
	{ "handed_over", "handed over in this agreement up to this stage",
	  "передано за цією домовленістю до цього етапу включно" },
};
static const struct fixed_row cumulative_rows[] = {
	{ "returned", "returned home since 24 February 2022",
	  "повернулися додому від 24 лютого 2022 року" },
	{ "historic", "of them in exchanges recorded as counts only",
	  "з них за обмінами, внесеними лише кількістю" },
	{ "persons", "of them recorded person by person", "з них внесені поіменно" },
};
static const struct fixed_row unknown_branch = {
	REPORT_UNKNOWN, "branch not recorded", "приналежність не зазначено"
};
static const struct fixed_row unknown_region = {
	REPORT_UNKNOWN, "region not recorded", "напрямок не зазначено"
};

static enum hw_err row_add(struct report_section *s, const char *key, const char *en,
			   const char *uk)
{
	struct report_row *rows, *row;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;

		if (!(rows = hw_reallocarray(s->rows, cap, sizeof(*rows))))
			return HW_NOMEM;
		s->rows = rows;
		s->cap = cap;
	}
	row = &s->rows[s->n];
	row->key = hw_strdup(key);
	row->en = hw_strdup(en);
	row->uk = hw_strdup(uk);
	row->count = 0;
	if (!row->key || !row->en || !row->uk) {
		hw_free(row->key);
		hw_free(row->en);
		hw_free(row->uk);
		return HW_NOMEM;
	}
	s->n++;
	return HW_OK;
}

static enum hw_err rows_fixed(struct report_section *s, const struct fixed_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (row_add(s, rows[i].key, rows[i].en, rows[i].uk))
			return HW_NOMEM;
	return HW_OK;
}

/* A row for every value of `v` but its "none" entry, then `unknown`. */
static enum hw_err rows_vocab(struct report_section *s, const struct hw_vocab *v,
			      const struct fixed_row *unknown)
{
	int i;

	for (i = v->first_allowed ? 1 : 0; i < v->count; i++)
		if (row_add(s, v->entries[i].code, v->entries[i].en, v->entries[i].uk))
			return HW_NOMEM;
	return unknown ? rows_fixed(s, unknown, 1) : HW_OK;
}

static enum hw_err rows_rank_class(struct report_section *s)
{
	enum hw_rank_class c[] = { HW_RANK_CLASS_OFFICER, HW_RANK_CLASS_NCO,
				   HW_RANK_CLASS_ENLISTED };
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (row_add(s, hw_vocab_code(&hw_vocab_rank_class, c[i]),
			    hw_vocab_label_en(&hw_vocab_rank_class, c[i]),
			    hw_vocab_label_uk(&hw_vocab_rank_class, c[i])))
			return HW_NOMEM;
	return rows_fixed(s, rank_rows, 2);
}

#define ROWS(a) (a), sizeof(a) / sizeof((a)[0])

enum hw_err report_sections_init(struct hw_report *r)
{
	struct report_section *s = r->sec;
	enum hw_err rc;
	int i;

	for (i = 0; i < SEC__COUNT; i++)
		s[i].present = 1;
	if ((rc = rows_fixed(&s[SEC_TOTAL], ROWS(total_rows))) ||
	    (rc = rows_vocab(&s[SEC_CATEGORY], &hw_vocab_category, NULL)) ||
	    (rc = rows_fixed(&s[SEC_SEX], ROWS(sex_rows))) ||
	    (rc = rows_rank_class(&s[SEC_RANK_CLASS])) ||
	    (rc = rows_vocab(&s[SEC_BRANCH], &hw_vocab_branch, &unknown_branch)) ||
	    (rc = rows_vocab(&s[SEC_BRANCH_GROUP], &hw_vocab_branch_group, &unknown_branch)) ||
	    (rc = rows_fixed(&s[SEC_ANNOUNCED], ROWS(announced_rows))) ||
	    (rc = rows_vocab(&s[SEC_REGION], &hw_vocab_region, &unknown_region)) ||
	    (rc = rows_fixed(&s[SEC_CAPTIVITY], ROWS(captivity_rows))) ||
	    (rc = rows_vocab(&s[SEC_HEALTH], &hw_vocab_health, NULL)) ||
	    (rc = rows_fixed(&s[SEC_HEALTH], ROWS(health_rows))) ||
	    (rc = rows_fixed(&s[SEC_RUNNING], ROWS(running_rows))) ||
	    (rc = rows_fixed(&s[SEC_CUMULATIVE], ROWS(cumulative_rows))))
		return rc;
	return HW_OK;
}

void report_sections_release(struct hw_report *r)
{
	size_t i, j;

	for (i = 0; i < SEC__COUNT; i++) {
		for (j = 0; j < r->sec[i].n; j++) {
			hw_free(r->sec[i].rows[j].key);
			hw_free(r->sec[i].rows[j].en);
			hw_free(r->sec[i].rows[j].uk);
		}
		hw_free(r->sec[i].rows);
		memset(&r->sec[i], 0, sizeof(r->sec[i]));
	}
}

static struct report_row *find(const struct report_section *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->rows[i].key, key))
			return &s->rows[i];
	return NULL;
}

const struct report_row *report_row_of(const struct hw_report *r, enum report_sec sec,
				       const char *key)
{
	return r->sec[sec].present ? find(&r->sec[sec], key) : NULL;
}

long report_get(const struct hw_report *r, enum report_sec sec, const char *key)
{
	const struct report_row *row = report_row_of(r, sec, key);

	return row ? row->count : -1;
}

void report_add(struct hw_report *r, enum report_sec sec, const char *key, long n)
{
	struct report_row *row = find(&r->sec[sec], key);

	if (row)
		row->count += n;
}

enum hw_err report_bump_new(struct hw_report *r, enum report_sec sec, const char *key,
			    const char *en, const char *uk)
{
	struct report_section *s = &r->sec[sec];
	struct report_row *row = find(s, key);

	if (!row) {
		if (row_add(s, key, en, uk))
			return HW_NOMEM;
		row = &s->rows[s->n - 1];
	}
	row->count++;
	return HW_OK;
}

/* Years ascending, "unknown" last. */
static int by_key(const void *a, const void *b)
{
	const struct report_row *x = a, *y = b;
	int ux = !strcmp(x->key, REPORT_UNKNOWN), uy = !strcmp(y->key, REPORT_UNKNOWN);

	return ux != uy ? ux - uy : strcmp(x->key, y->key);
}

/* Most frequent first, then by key. */
static int by_count(const void *a, const void *b)
{
	const struct report_row *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

void report_sections_sort(struct hw_report *r)
{
	struct report_section *s = &r->sec[SEC_CAPTURE_YEAR];

	if (s->n)
		qsort(s->rows, s->n, sizeof(*s->rows), by_key);
	s = &r->sec[SEC_TAGS];
	if (s->n)
		qsort(s->rows, s->n, sizeof(*s->rows), by_count);
}

long hw_report_count(const struct hw_report *r, const char *section, const char *key)
{
	int i;

	for (i = 0; i < SEC__COUNT; i++)
		if (!strcmp(report_section_names[i], section))
			return report_get(r, i, key);
	return -1;
}
