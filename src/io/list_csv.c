/*
 * list_csv.c - reading a list of names to match (homeward/list.h).
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/csv.h"
#include "homeward/list.h"
#include "core/banned.h"

#define MAX_LIST_ERRORS 50

enum col { C_LINE, C_FULL, C_FAMILY, C_GIVEN, C_PATRONYMIC, C_BIRTH, C_UNIT, C_SEX, C_NOTES,
	   C__COUNT };
static const char *const col_names[C__COUNT] = {
	"line", "full_name", "family_name", "given_name", "patronymic", "birth_date", "unit",
	"sex", "notes",
};

struct reader {
	struct hw_csv_reader *r;
	const char *name;
	const struct hw_list_diag *diag;
	long index[C__COUNT];
	long errors;
};

static void report(struct reader *rd, struct hw_error *e)
{
	char line[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128];

	rd->errors++;
	if (!rd->diag || rd->errors > MAX_LIST_ERRORS)
		return;
	if (rd->diag->fn)
		rd->diag->fn(rd->diag->ctx, e, 0);
	if (!rd->diag->stream)
		return;
	hw_error_format(e, line, sizeof(line));
	fprintf(rd->diag->stream, "homeward: %s\n", line);
	if (rd->errors == MAX_LIST_ERRORS)
		fprintf(rd->diag->stream, "homeward: %s: too many errors, not listing more\n",
			rd->name);
}

static enum hw_err map_header(struct reader *rd, const struct hw_csv_record *h,
			      struct hw_error *err)
{
	size_t i;
	int c;

	for (c = 0; c < C__COUNT; c++)
		rd->index[c] = -1;
	for (i = 0; i < h->nfields; i++) {
		for (c = 0; c < C__COUNT && strcmp(h->fields[i].text, col_names[c]); c++)
			;
		if (c == C__COUNT || rd->index[c] >= 0) {
			hw_error_set(err, HW_INVALID, c == C__COUNT
				     ? "unknown column '%.60s' (allowed: line, full_name, family_name, "
				       "given_name, patronymic, birth_date, unit, sex, notes)"
				     : "column '%.60s' appears twice", h->fields[i].text);
			hw_error_at(err, rd->name, h->fields[i].line, h->fields[i].column);
			return HW_INVALID;
		}
		rd->index[c] = (long)i;
	}
	if (rd->index[C_FULL] < 0 && rd->index[C_FAMILY] < 0) {
		hw_error_set(err, HW_INVALID, "the list needs a 'full_name' or a 'family_name' column");
		hw_error_at(err, rd->name, h->line, 0);
		return HW_INVALID;
	}
	if (rd->index[C_FULL] >= 0 && (rd->index[C_FAMILY] >= 0 || rd->index[C_GIVEN] >= 0 ||
				       rd->index[C_PATRONYMIC] >= 0)) {
		hw_error_set(err, HW_INVALID, "give either 'full_name' or 'family_name', "
			     "'given_name', 'patronymic', not both");
		hw_error_at(err, rd->name, h->line, 0);
		return HW_INVALID;
	}
	return HW_OK;
}

static const struct hw_csv_field *field(const struct reader *rd, const struct hw_csv_record *rec,
					enum col c)
{
	return rd->index[c] >= 0 ? &rec->fields[rd->index[c]] : NULL;
}

static char *copy(const struct reader *rd, const struct hw_csv_record *rec, enum col c)
{
	const struct hw_csv_field *f = field(rd, rec, c);

	return f && f->len ? hw_strndup(f->text, f->len) : NULL;
}

static enum hw_err fail(struct reader *rd, const struct hw_csv_field *f, long line,
			const char *fieldname, struct hw_error *e)
{
	snprintf(e->field, sizeof(e->field), "%s", fieldname);
	hw_error_at(e, rd->name, f ? f->line : line, f ? f->column : 0);
	report(rd, e);
	return HW_INVALID;
}

enum hw_err hw_list_date_parse(const char *text, struct hw_date *out, int *month_first,
			       struct hw_error *err)
{
	char swapped[16];
	size_t n = strlen(text);

	*month_first = 0;
	if (hw_date_parse(text, out, NULL) == HW_OK)
		return HW_OK;
	if (n == 10 && text[2] == '.' && text[5] == '.') {
		snprintf(swapped, sizeof(swapped), "%.2s.%.2s.%s", text + 3, text, text + 6);
		if (hw_date_parse(swapped, out, NULL) == HW_OK) {
			*month_first = 1;
			return HW_OK;
		}
	}
	return hw_date_parse(text, out, err);
}

/* Reads the list's birth date leniently (see homeward/list.h). */
static void list_date(struct reader *rd, const struct hw_csv_field *f, struct hw_list_entry *en)
{
	char msg[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128], note[160];
	struct hw_error e;

	hw_error_clear(&e);
	if (hw_list_date_parse(f->text, &en->query.birth_date, &en->query.birth_date_month_first,
			       NULL) == HW_OK) {
		if (en->query.birth_date_month_first) {
			snprintf(note, sizeof(note), "birth date '%s' read month first", f->text);
			en->date_note = hw_strdup(note);
		}
		return;
	}
	snprintf(note, sizeof(note), "birth date '%.40s' is not a date: matched without it",
		 f->text);
	en->date_note = hw_strdup(note);
	hw_error_set_field(&e, HW_INVALID, "birth_date", "%s", note);
	hw_error_at(&e, rd->name, f->line, f->column);
	if (rd->diag && rd->diag->fn)
		rd->diag->fn(rd->diag->ctx, &e, 1);
	if (rd->diag && rd->diag->stream) {
		hw_error_format(&e, msg, sizeof(msg));
		fprintf(rd->diag->stream, "homeward: warning: %s\n", msg);
	}
}

static enum hw_err parse_entry(struct reader *rd, const struct hw_csv_record *rec, size_t row,
			       struct hw_list_entry *en)
{
	const struct hw_csv_field *f;
	struct hw_error e;
	char num[32];
	int v;

	hw_error_clear(&e);
	memset(en, 0, sizeof(*en));
	en->file_line = rec->line;
	snprintf(num, sizeof(num), "%zu", row);
	en->line = copy(rd, rec, C_LINE);
	if (!en->line)
		en->line = hw_strdup(num);
	en->full_name = copy(rd, rec, C_FULL);
	en->family = copy(rd, rec, C_FAMILY);
	en->given = copy(rd, rec, C_GIVEN);
	en->patronymic = copy(rd, rec, C_PATRONYMIC);
	en->unit = copy(rd, rec, C_UNIT);
	en->notes = copy(rd, rec, C_NOTES);
	en->birth_date = copy(rd, rec, C_BIRTH);
	if (!en->full_name && !en->family) {
		enum col c = rd->index[C_FULL] >= 0 ? C_FULL : C_FAMILY;

		hw_error_set(&e, HW_INVALID, "no name on this line");
		return fail(rd, field(rd, rec, c), rec->line, col_names[c], &e);
	}
	if ((f = field(rd, rec, C_BIRTH)) && f->len)
		list_date(rd, f, en);
	if ((f = field(rd, rec, C_SEX)) && f->len) {
		if (hw_vocab_parse(&hw_vocab_sex, f->text, &v, &e))
			return fail(rd, f, rec->line, "sex", &e);
		en->query.sex = (enum hw_sex)v;
	}
	en->query.full_name = en->full_name;
	en->query.family = en->family;
	en->query.given = en->given;
	en->query.patronymic = en->patronymic;
	en->query.unit = en->unit;
	return HW_OK;
}

static void entry_release(struct hw_list_entry *en)
{
	hw_free(en->line);
	hw_free(en->full_name);
	hw_free(en->family);
	hw_free(en->given);
	hw_free(en->patronymic);
	hw_free(en->unit);
	hw_free(en->notes);
	hw_free(en->birth_date);
	hw_free(en->date_note);
}

void hw_list_release(struct hw_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		entry_release(&l->entries[i]);
	hw_free(l->entries);
	memset(l, 0, sizeof(*l));
}

static enum hw_err read_rows(struct reader *rd, struct hw_list *out, struct hw_error *err)
{
	const struct hw_csv_record *rec;
	struct hw_list_entry *grown;
	size_t cap = 0;
	struct hw_error e;
	enum hw_err rc;

	for (;;) {
		hw_error_clear(&e);
		rc = hw_csv_next(rd->r, &rec, &e);
		if (rc) {
			report(rd, &e);
			if (hw_csv_reader_failed(rd->r))
				return hw_error_set(err, rc, "%s: the list cannot be read on; nothing "
						    "was matched", rd->name);
			continue;
		}
		if (!rec)
			return HW_OK;
		if (rec->blank)
			continue;
		if (out->count == cap) {
			cap = cap ? cap * 2 : 256;
			if (!(grown = hw_reallocarray(out->entries, cap, sizeof(*grown))))
				return hw_error_set(err, HW_NOMEM, NULL);
			out->entries = grown;
		}
		if (parse_entry(rd, rec, out->count + 1, &out->entries[out->count]))
			entry_release(&out->entries[out->count]);
		else
			out->count++;
	}
}

enum hw_err hw_list_read(FILE *in, const char *name, const struct hw_list_diag *diag,
			 struct hw_list *out, struct hw_error *err)
{
	struct reader rd = { NULL, name, diag, { 0 }, 0 };
	const struct hw_csv_record *h;
	enum hw_err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = hw_csv_reader_new_file(&rd.r, in, name, NULL, err)) ||
	    (rc = hw_csv_read_header(rd.r, &h, err)) || (rc = map_header(&rd, h, err)))
		goto out;
	rc = read_rows(&rd, out, err);
	if (!rc && rd.errors)
		rc = hw_error_set(err, HW_INVALID, "%ld invalid line%s in the list; nothing was "
				  "matched", rd.errors, rd.errors == 1 ? "" : "s");
out:
	if (rc)
		hw_list_release(out);
	hw_csv_reader_free(rd.r);
	return rc;
}

enum hw_err hw_list_read_csv(FILE *in, const char *name, FILE *diagnostics,
			     struct hw_list *out, struct hw_error *err)
{
	struct hw_list_diag diag = { diagnostics, NULL, NULL };

	return hw_list_read(in, name, &diag, out, err);
}
