/*
 * fuzz_csv.c - libFuzzer target for the CSV reader and writer
 * (homeward/csv.h).
 *
 * The input is read with a header twice, in one piece and in chunks of a
 * few bytes, and the two readings must agree on everything: records,
 * fields, positions, errors.  Every good record is then written back with
 * the writer, and the written text must read back to the same fields.
 * A disagreement aborts (not assert(), so that release builds check too).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/buf.h"
#include "homeward/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "fuzz_csv: %s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                          \
			abort();                                                 \
		}                                                                \
	} while (0)

static const struct hw_csv_options limits = { 100, 20, 0 };

static struct hw_csv_reader *open_mem(const void *data, size_t size, size_t chunk)
{
	struct hw_csv_options o = limits;
	struct hw_csv_reader *r;

	o.chunk_size = chunk;
	CHECK(hw_csv_reader_new_mem(&r, data, size, "fuzz.csv", &o, NULL) == HW_OK);
	return r;
}

static void same_error(enum hw_err a, const struct hw_error *ea, enum hw_err b,
		       const struct hw_error *eb)
{
	CHECK(a == b);
	if (!a)
		return;
	CHECK(ea->code == a && eb->code == b);
	CHECK(!strcmp(ea->message, eb->message));
	CHECK(ea->line == eb->line && ea->column == eb->column);
}

/* Same values; with `where`, also the same positions. */
static void same_record(const struct hw_csv_record *a, const struct hw_csv_record *b, int where)
{
	size_t i;

	CHECK((a == NULL) == (b == NULL));
	if (!a)
		return;
	CHECK(a->nfields == b->nfields && a->nfields > 0);
	for (i = 0; i < a->nfields; i++) {
		CHECK(a->fields[i].len == b->fields[i].len);
		CHECK(strlen(a->fields[i].text) == a->fields[i].len);
		CHECK(!memcmp(a->fields[i].text, b->fields[i].text, a->fields[i].len));
		if (where) {
			CHECK(a->fields[i].line == b->fields[i].line);
			CHECK(a->fields[i].column == b->fields[i].column);
			CHECK(a->fields[i].line >= a->line && a->fields[i].column >= 1);
		}
	}
	if (where)
		CHECK(a->line == b->line && a->blank == b->blank);
}

static void write_record(struct hw_csv_writer *w, const struct hw_csv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		CHECK(hw_csv_write_field(w, rec->fields[i].text, rec->fields[i].len) == HW_OK);
	CHECK(hw_csv_end_record(w) == HW_OK);
}

/*
 * Reads `data` whole and in small chunks side by side; writes what is read
 * to `out`.  Returns 0 when even the header could not be read.
 */
static int read_twice(const uint8_t *data, size_t size, struct hw_buf *out)
{
	struct hw_csv_reader *a = open_mem(data, size, 0);
	struct hw_csv_reader *b = open_mem(data, size, 1 + size % 7);
	const struct hw_csv_record *ra, *rb;
	struct hw_error ea, eb;
	struct hw_csv_writer w;
	enum hw_err ca, cb;
	int ok;

	hw_csv_writer_init(&w, out);
	ca = hw_csv_read_header(a, &ra, &ea);
	cb = hw_csv_read_header(b, &rb, &eb);
	same_error(ca, &ea, cb, &eb);
	same_record(ra, rb, 1);
	ok = ca == HW_OK;
	if (ok)
		write_record(&w, ra);
	while (ok) {
		ca = hw_csv_next(a, &ra, &ea);
		cb = hw_csv_next(b, &rb, &eb);
		same_error(ca, &ea, cb, &eb);
		same_record(ra, rb, 1);
		CHECK(hw_csv_reader_failed(a) == hw_csv_reader_failed(b));
		if (ca ? hw_csv_reader_failed(a) : !ra)
			break;
		CHECK(ra != NULL); /* a wrong field count comes with its record */
		if (!ca && !ra->blank) /* a blank line is not data: not written */
			write_record(&w, ra);
	}
	hw_csv_reader_free(a);
	hw_csv_reader_free(b);
	return ok;
}

/* The written text reads back to the records of the input, in order. */
static void read_back(const uint8_t *data, size_t size, const struct hw_buf *written)
{
	struct hw_csv_reader *a = open_mem(data, size, 0);
	struct hw_csv_reader *c = open_mem(written->data, written->len, 0);
	const struct hw_csv_record *ra, *rc;

	CHECK(hw_csv_read_header(a, &ra, NULL) == HW_OK);
	CHECK(hw_csv_read_header(c, &rc, NULL) == HW_OK);
	same_record(ra, rc, 0);
	for (;;) {
		enum hw_err ca = hw_csv_next(a, &ra, NULL);

		if (ca && !hw_csv_reader_failed(a))
			continue; /* a wrong field count was not written */
		if (!ca && ra && ra->blank)
			continue; /* nor a blank line */
		if (ca)
			ra = NULL;
		CHECK(hw_csv_next(c, &rc, NULL) == HW_OK);
		same_record(ra, rc, 0);
		if (!ra)
			break;
	}
	hw_csv_reader_free(a);
	hw_csv_reader_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hw_buf written = HW_BUF_INIT;

	if (read_twice(data, size, &written))
		read_back(data, size, &written);
	hw_buf_release(&written);
	return 0;
}
