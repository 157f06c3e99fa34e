/*
 * persons_csv.c - persons to and from the interchange CSV
 * (homeward/persons_csv.h).
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/persons_csv.h"
#include "core/banned.h"

static const char *const column_names[HW_PCOL__COUNT] = {
#define X(e, name) name,
	HW_PERSON_COLUMNS_MAP(X)
#undef X
};

enum hw_err hw_persons_csv_map_header(struct hw_csv_reader *r, const struct hw_csv_record *h,
				      const char *file, struct hw_persons_csv_map *map,
				      struct hw_error *err)
{
	size_t i;
	int c;

	(void)r;
	for (c = 0; c < HW_PCOL__COUNT; c++)
		map->index[c] = -1;
	for (i = 0; i < h->nfields; i++) {
		const struct hw_csv_field *f = &h->fields[i];

		for (c = 0; c < HW_PCOL__COUNT && strcmp(f->text, column_names[c]); c++)
			;
		if (c == HW_PCOL__COUNT || map->index[c] >= 0) {
			hw_error_set(err, HW_INVALID, c == HW_PCOL__COUNT
				     ? "unknown column '%.60s' (allowed: ref, family_name, "
				       "given_name, patronymic, sex, birth_date, birth_place, "
				       "citizenship, category, branch, unit, rank, service_number, "
				       "status, held_by, captured_on, capture_place, region, tags, "
				       "notes, health, next_of_kin)"
				     : "column '%.60s' appears twice", f->text);
			hw_error_at(err, file, f->line, f->column);
			return HW_INVALID;
		}
		map->index[c] = (long)i;
	}
	for (c = HW_PCOL_FAMILY_NAME; c <= HW_PCOL_GIVEN_NAME; c++) {
		if (map->index[c] < 0) {
			hw_error_set(err, HW_INVALID, "required column '%s' is missing",
				     column_names[c]);
			hw_error_at(err, file, h->line, 0);
			return HW_INVALID;
		}
	}
	return HW_OK;
}

/* ---- parsing a row ---------------------------------------------------- */

struct row_ctx {
	const struct hw_persons_csv_map *map;
	const struct hw_csv_record *rec;
	const char *file;
	struct hw_error *err;
};

static const struct hw_csv_field *field(const struct row_ctx *c, enum hw_person_column col)
{
	long i = c->map->index[col];

	return i >= 0 && (size_t)i < c->rec->nfields ? &c->rec->fields[i] : NULL;
}

/* The text of a column, "" when the column is absent. */
static const char *text(const struct row_ctx *c, enum hw_person_column col)
{
	const struct hw_csv_field *f = field(c, col);

	return f ? f->text : "";
}

/* Puts the position of `col` on the error already recorded. */
static enum hw_err fail_at(const struct row_ctx *c, enum hw_person_column col)
{
	const struct hw_csv_field *f = field(c, col);

	if (c->err) {
		snprintf(c->err->field, sizeof(c->err->field), "%s", column_names[col]);
		hw_error_at(c->err, c->file, f ? f->line : c->rec->line, f ? f->column : 0);
	}
	return c->err ? c->err->code : HW_INVALID;
}

static enum hw_err vocab(const struct row_ctx *c, enum hw_person_column col,
			 const struct hw_vocab *v, int *out)
{
	const char *t = text(c, col);

	if (!*t && !v->first_allowed)
		return HW_OK; /* keep the default */
	if (hw_vocab_parse(v, t, out, c->err))
		return fail_at(c, col);
	return HW_OK;
}

static enum hw_err date(const struct row_ctx *c, enum hw_person_column col, struct hw_date *d)
{
	if (hw_date_parse(text(c, col), d, c->err))
		return fail_at(c, col);
	return HW_OK;
}

static enum hw_err str(const struct row_ctx *c, enum hw_person_column col, char **out)
{
	if (hw_person_set_str(out, text(c, col)))
		return hw_error_set(c->err, HW_NOMEM, NULL);
	return HW_OK;
}

static enum hw_err parse_names(const struct row_ctx *c, struct hw_person *p)
{
	const char *pat = text(c, HW_PCOL_PATRONYMIC);

	if (!*text(c, HW_PCOL_FAMILY_NAME)) {
		hw_error_set(c->err, HW_INVALID, "is required");
		return fail_at(c, HW_PCOL_FAMILY_NAME);
	}
	if (!*text(c, HW_PCOL_GIVEN_NAME)) {
		hw_error_set(c->err, HW_INVALID, "is required");
		return fail_at(c, HW_PCOL_GIVEN_NAME);
	}
	if (hw_person_add_name(p, HW_NAME_PRIMARY, text(c, HW_PCOL_FAMILY_NAME),
			       text(c, HW_PCOL_GIVEN_NAME), pat, HW_SCRIPT_UNKNOWN, c->err))
		return fail_at(c, HW_PCOL_FAMILY_NAME);
	return HW_OK;
}

/* Splits `s` at ';' and calls fn on each trimmed, non-empty item. */
static enum hw_err each_item(const char *s, enum hw_err (*fn)(void *, const char *, size_t),
			     void *ctx)
{
	const char *end;
	enum hw_err rc;
	size_t n;

	while (*s) {
		end = s + strcspn(s, ";");
		while (s < end && *s == ' ')
			s++;
		n = (size_t)(end - s);
		while (n && s[n - 1] == ' ')
			n--;
		if (n && (rc = fn(ctx, s, n)))
			return rc;
		s = *end ? end + 1 : end;
	}
	return HW_OK;
}

struct ref_ctx {
	const struct row_ctx *c;
	struct hw_person *p;
	const char *label;
};

static enum hw_err add_one_ref(void *ctx, const char *s, size_t n)
{
	struct ref_ctx *rc = ctx;
	char item[256], *colon;
	int64_t id;

	if (n >= sizeof(item))
		return hw_error_set(rc->c->err, HW_INVALID, "reference longer than 255 bytes");
	memcpy(item, s, n);
	item[n] = '\0';
	if (hw_pubref_parse(item, &id)) {
		if (rc->p->id && rc->p->id != id)
			return hw_error_set(rc->c->err, HW_INVALID, "two public references");
		rc->p->id = id;
		return HW_OK;
	}
	colon = strchr(item, ':');
	if (colon && colon != item && colon[1]) {
		*colon = '\0';
		return hw_person_add_ref(rc->p, item, colon + 1, rc->c->err);
	}
	if (colon)
		return hw_error_set(rc->c->err, HW_INVALID, "'%s' is not a reference (source:ref)",
				    item);
	return hw_person_add_ref(rc->p, rc->label, item, rc->c->err);
}

static enum hw_err add_one_tag(void *ctx, const char *s, size_t n)
{
	struct ref_ctx *rc = ctx;
	char tag[64];

	if (n >= sizeof(tag))
		return hw_error_set(rc->c->err, HW_INVALID, "tag '%.40s...' is too long", s);
	memcpy(tag, s, n);
	tag[n] = '\0';
	return hw_person_add_tag(rc->p, tag, rc->c->err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum hw_err parse_lists(const struct row_ctx *c, struct hw_person *p, const char *label)
{
	struct ref_ctx rc = { c, p, label };

	if (each_item(text(c, HW_PCOL_REF), add_one_ref, &rc))
		return fail_at(c, HW_PCOL_REF);
	if (each_item(text(c, HW_PCOL_TAGS), add_one_tag, &rc))
		return fail_at(c, HW_PCOL_TAGS);
	if (p->ntags > 1)
		qsort(p->tags, p->ntags, sizeof(*p->tags), cmp_str);
	if (hw_health_parse(text(c, HW_PCOL_HEALTH), &p->health, c->err))
		return fail_at(c, HW_PCOL_HEALTH);
	return HW_OK;
}

static enum hw_err parse_citizenship(const struct row_ctx *c, struct hw_person *p)
{
	const char *t = text(c, HW_PCOL_CITIZENSHIP);

	if (!*t)
		return HW_OK;
	if (strlen(t) != 2 || !((t[0] >= 'A' && t[0] <= 'Z') || (t[0] >= 'a' && t[0] <= 'z')) ||
	    !((t[1] >= 'A' && t[1] <= 'Z') || (t[1] >= 'a' && t[1] <= 'z'))) {
		hw_error_set(c->err, HW_INVALID, "'%.20s' is not an ISO 3166-1 alpha-2 code", t);
		return fail_at(c, HW_PCOL_CITIZENSHIP);
	}
	p->citizenship[0] = (char)(t[0] & ~0x20);
	p->citizenship[1] = (char)(t[1] & ~0x20);
	p->citizenship[2] = '\0';
	return HW_OK;
}

/* The vocabulary columns; an empty one keeps the default already in p. */
static enum hw_err parse_vocabs(const struct row_ctx *c, struct hw_person *p,
				struct hw_persons_row *row)
{
	int sex = p->sex, category = p->category, held_by = p->held_by;
	int branch = 0, rank = 0, status = 0, region = 0;

	if (vocab(c, HW_PCOL_SEX, &hw_vocab_sex, &sex) ||
	    vocab(c, HW_PCOL_CATEGORY, &hw_vocab_category, &category) ||
	    vocab(c, HW_PCOL_HELD_BY, &hw_vocab_custody, &held_by) ||
	    vocab(c, HW_PCOL_BRANCH, &hw_vocab_branch, &branch) ||
	    vocab(c, HW_PCOL_RANK, &hw_vocab_rank, &rank) ||
	    vocab(c, HW_PCOL_STATUS, &hw_vocab_status, &status) ||
	    vocab(c, HW_PCOL_REGION, &hw_vocab_region, &region))
		return HW_INVALID;
	p->sex = (enum hw_sex)sex;
	p->category = (enum hw_category)category;
	p->held_by = (enum hw_custody)held_by;
	p->branch = (enum hw_branch)branch;
	p->rank = (enum hw_rank)rank;
	row->status = (enum hw_status)status;
	p->region = (enum hw_region)region;
	return HW_OK;
}

/* Maps a field named in a validation error back to its column. */
static enum hw_person_column column_of(const char *name)
{
	int c;

	for (c = 0; c < HW_PCOL__COUNT; c++)
		if (!strcmp(name, column_names[c]))
			return (enum hw_person_column)c;
	return HW_PCOL_FAMILY_NAME;
}

enum hw_err hw_persons_csv_parse(const struct hw_persons_csv_map *map,
				 const struct hw_csv_record *rec, const char *file,
				 const char *source_label, struct hw_person *p,
				 struct hw_persons_row *row, struct hw_error *err)
{
	struct row_ctx c = { map, rec, file, err };

	row->status = HW_STATUS_NONE;
	if (parse_names(&c, p) || parse_lists(&c, p, source_label) ||
	    parse_citizenship(&c, p) || parse_vocabs(&c, p, row))
		return err ? err->code : HW_INVALID;
	if (date(&c, HW_PCOL_BIRTH_DATE, &p->birth_date) ||
	    date(&c, HW_PCOL_CAPTURED_ON, &p->captured_on) ||
	    str(&c, HW_PCOL_BIRTH_PLACE, &p->birth_place) || str(&c, HW_PCOL_UNIT, &p->unit) ||
	    str(&c, HW_PCOL_SERVICE_NUMBER, &p->service_number) ||
	    str(&c, HW_PCOL_CAPTURE_PLACE, &p->capture_place) ||
	    str(&c, HW_PCOL_NOTES, &p->notes) || str(&c, HW_PCOL_NEXT_OF_KIN, &p->next_of_kin))
		return err ? err->code : HW_INVALID;
	if (hw_person_validate(p, err))
		return fail_at(&c, column_of(err ? err->field : ""));
	return HW_OK;
}

/* ---- writing ---------------------------------------------------------- */

enum hw_err hw_persons_csv_write_header(struct hw_csv_writer *w)
{
	return hw_csv_write_row(w, column_names, HW_PCOL__COUNT);
}

static void join_refs(const struct hw_person *p, struct hw_buf *b)
{
	char pubref[HW_PUBREF_MAX];
	size_t i;

	if (p->id > 0) {
		hw_pubref_format(p->id, pubref);
		hw_buf_addstr(b, pubref);
	}
	for (i = 0; i < p->nrefs; i++)
		hw_buf_addf(b, "%s%s:%s", b->len ? ";" : "", p->refs[i].source, p->refs[i].ref);
}

enum hw_err hw_persons_csv_write(struct hw_csv_writer *w, const struct hw_person *p)
{
	const struct hw_name *n = hw_person_primary(p);
	const char *f[HW_PCOL__COUNT];
	char bd[HW_DATE_STR_MAX], cd[HW_DATE_STR_MAX], health[64];
	struct hw_buf refs = HW_BUF_INIT, tags = HW_BUF_INIT;
	enum hw_err rc;
	size_t i;

	join_refs(p, &refs);
	for (i = 0; i < p->ntags; i++)
		hw_buf_addf(&tags, "%s%s", i ? ";" : "", p->tags[i]);
	hw_date_format(&p->birth_date, bd);
	hw_date_format(&p->captured_on, cd);
	hw_health_format(p->health, health, sizeof(health));
	f[HW_PCOL_REF] = refs.data;
	f[HW_PCOL_FAMILY_NAME] = n ? n->family : "";
	f[HW_PCOL_GIVEN_NAME] = n ? n->given : "";
	f[HW_PCOL_PATRONYMIC] = n ? n->patronymic : NULL;
	f[HW_PCOL_SEX] = hw_vocab_code(&hw_vocab_sex, p->sex);
	f[HW_PCOL_BIRTH_DATE] = bd;
	f[HW_PCOL_BIRTH_PLACE] = p->birth_place;
	f[HW_PCOL_CITIZENSHIP] = p->citizenship;
	f[HW_PCOL_CATEGORY] = hw_vocab_code(&hw_vocab_category, p->category);
	f[HW_PCOL_BRANCH] = hw_vocab_code(&hw_vocab_branch, p->branch);
	f[HW_PCOL_UNIT] = p->unit;
	f[HW_PCOL_RANK] = hw_vocab_code(&hw_vocab_rank, p->rank);
	f[HW_PCOL_SERVICE_NUMBER] = p->service_number;
	f[HW_PCOL_STATUS] = hw_vocab_code(&hw_vocab_status, p->status);
	f[HW_PCOL_HELD_BY] = hw_vocab_code(&hw_vocab_custody, p->held_by);
	f[HW_PCOL_CAPTURED_ON] = cd;
	f[HW_PCOL_CAPTURE_PLACE] = p->capture_place;
	f[HW_PCOL_REGION] = hw_vocab_code(&hw_vocab_region, p->region);
	f[HW_PCOL_TAGS] = tags.data;
	f[HW_PCOL_NOTES] = p->notes;
	f[HW_PCOL_HEALTH] = health;
	f[HW_PCOL_NEXT_OF_KIN] = p->next_of_kin;
	rc = hw_csv_write_row(w, f, HW_PCOL__COUNT);
	hw_buf_release(&refs);
	hw_buf_release(&tags);
	return rc;
}
