/*
 * nametable.c - the table of given names of homeward/nametable.h.
 *
 * The table is data/given_names.tsv, built into the binary by tools/embed.py
 * as hw_given_names_tsv.  It is parsed on first use into one heap copy of
 * the text (fields cut in place with NULs) and an array of rows pointing
 * into it; both live until the process ends.
 *
 * Thread safety: the parse runs under a mutex and publishes the finished
 * table through an atomic pointer, so concurrent first callers parse once.
 * Unlike pthread_once, a failed parse is not remembered: a parse that ran
 * out of memory (tests make allocations fail on purpose) is tried again on
 * the next call instead of poisoning the process.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/nametable.h"
#include "core/banned.h"

extern const unsigned char hw_given_names_tsv[];
extern const unsigned long hw_given_names_tsv_len;

#define TABLE_FILE "given_names.tsv"
#define NFIELDS 9

struct table {
	struct hw_given_name *rows;
	size_t count;
	char *text;
};

static struct table the_table;
static _Atomic(struct table *) published;
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static enum hw_err fail(struct hw_error *err, long line, const char *what, const char *field)
{
	hw_error_set_field(err, HW_INTERNAL, field, "given-name table: %s", what);
	hw_error_at(err, TABLE_FILE, line, 0);
	return HW_INTERNAL;
}

static int is_empty(const char *s)
{
	return !s[0] || !strcmp(s, "-");
}

/* Cuts `s` at commas into `out` (NULL-terminated); -1 if there are too many. */
static int split_list(char *s, const char **out)
{
	size_t n = 0;
	char *p;

	out[0] = NULL;
	if (is_empty(s))
		return 0;
	for (;;) {
		if (n + 1 >= HW_GIVEN_NAME_MAX_VARIANTS)
			return -1;
		out[n++] = s;
		p = strchr(s, ',');
		if (!p)
			break;
		*p = '\0';
		s = p + 1;
	}
	out[n] = NULL;
	for (n = 0; out[n]; n++)
		if (!out[n][0])
			return -1;
	return 0;
}

static enum hw_err parse_row(char **f, long line, struct hw_given_name *row, struct hw_error *err)
{
	static const char *const patr_names[4] = {
		"uk_patr_m", "uk_patr_f", "ru_patr_m", "ru_patr_f"
	};
	const char **patr[4];
	unsigned long freq;
	char *end;
	int i;

	memset(row, 0, sizeof(*row));
	if (!strcmp(f[0], "M"))
		row->sex = HW_SEX_MALE;
	else if (!strcmp(f[0], "F"))
		row->sex = HW_SEX_FEMALE;
	else
		return fail(err, line, "sex must be M or F", "sex");
	if (is_empty(f[1]))
		return fail(err, line, "missing Ukrainian form", "uk");
	row->uk = f[1];
	if (is_empty(f[2]) || split_list(f[2], row->ru))
		return fail(err, line, "missing or bad Russian forms", "ru");
	patr[0] = &row->uk_patronymic_m;
	patr[1] = &row->uk_patronymic_f;
	patr[2] = &row->ru_patronymic_m;
	patr[3] = &row->ru_patronymic_f;
	for (i = 0; i < 4; i++) {
		int empty = is_empty(f[3 + i]);

		if (row->sex == HW_SEX_MALE && empty)
			return fail(err, line, "male name without patronymic", patr_names[i]);
		if (row->sex == HW_SEX_FEMALE && !empty)
			return fail(err, line, "female name with a patronymic", patr_names[i]);
		*patr[i] = empty ? NULL : f[3 + i];
	}
	if (split_list(f[7], row->latin))
		return fail(err, line, "bad Latin spellings", "latin");
	if (f[8][0] < '0' || f[8][0] > '9')
		return fail(err, line, "frequency is not a number", "freq");
	freq = strtoul(f[8], &end, 10);
	if (*end || freq < 1 || freq > 1000000)
		return fail(err, line, "frequency out of range", "freq");
	row->freq = (unsigned)freq;
	return HW_OK;
}

/* Cuts one line into exactly NFIELDS tab-separated fields. */
static int split_fields(char *s, char **f)
{
	int n = 0;

	for (;;) {
		char *tab = strchr(s, '\t');

		if (n == NFIELDS)
			return -1;
		f[n++] = s;
		if (!tab)
			break;
		*tab = '\0';
		s = tab + 1;
	}
	return n == NFIELDS ? 0 : -1;
}

static size_t count_lines(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static enum hw_err parse_table(struct table *t, struct hw_error *err)
{
	enum hw_err rc = HW_OK;
	char *text = NULL, *line, *next;
	struct hw_given_name *rows = NULL;
	size_t count = 0;
	long lineno = 0;

	text = hw_strndup((const char *)hw_given_names_tsv, hw_given_names_tsv_len);
	rows = text ? hw_calloc(count_lines(text), sizeof(*rows)) : NULL;
	if (!rows) {
		rc = hw_error_set(err, HW_NOMEM, "given-name table: out of memory");
		goto out;
	}
	for (line = text; line; line = next) {
		char *f[NFIELDS];
		size_t len;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (split_fields(line, f)) {
			rc = fail(err, lineno, "expected 9 tab-separated fields", "");
			goto out;
		}
		rc = parse_row(f, lineno, &rows[count], err);
		if (rc)
			goto out;
		count++;
	}
	if (!count) {
		rc = fail(err, lineno, "no rows", "");
		goto out;
	}
	t->rows = rows;
	t->count = count;
	t->text = text;
	rows = NULL;
	text = NULL;
out:
	hw_free(rows);
	hw_free(text);
	return rc;
}

const struct hw_given_name *hw_given_names(size_t *count, struct hw_error *err)
{
	struct table *t = atomic_load_explicit(&published, memory_order_acquire);

	if (!t) {
		pthread_mutex_lock(&parse_lock);
		t = atomic_load_explicit(&published, memory_order_relaxed);
		if (!t && parse_table(&the_table, err) == HW_OK) {
			t = &the_table;
			atomic_store_explicit(&published, t, memory_order_release);
		}
		pthread_mutex_unlock(&parse_lock);
	}
	if (count)
		*count = t ? t->count : 0;
	return t ? t->rows : NULL;
}
