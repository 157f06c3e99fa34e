/*
 * test_csv.c - the CSV reader and writer (homeward/csv.h).
 *
 * Most reader cases are a table: an input, and the expected records with
 * the position of every field, written out as text ("R2 2:1[a] 2:3[b]"
 * for a record at line 2; "B" for a blank line; "E" for an error with its
 * code, line, column and message).  Each case is read from memory in one
 * piece and in chunks of 1, 2, 3, 5 and 7 bytes, and from a FILE in chunks
 * of 1, 4 and the default size: every way must give the same text, so the
 * chunk boundaries fall inside quoted fields, CRLFs and multi-byte
 * characters.  All names are invented.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "homeward/csv.h"

/* ---- reading into text ------------------------------------------------ */

static void dump_record(struct hw_buf *out, char kind, const struct hw_csv_record *rec)
{
	size_t i;

	hw_buf_addf(out, "%c%ld", kind, rec->line);
	for (i = 0; i < rec->nfields; i++) {
		const struct hw_csv_field *f = &rec->fields[i];

		assert_int_equal(strlen(f->text), f->len);
		hw_buf_addf(out, " %ld:%ld[%s]", f->line, f->column, f->text);
	}
	hw_buf_addch(out, '\n');
}

static void dump_error(struct hw_buf *out, enum hw_err rc, const struct hw_error *e)
{
	assert_int_equal(e->code, rc);
	hw_buf_addf(out, "E%s %ld:%ld %s\n", hw_err_name(rc), e->line, e->column, e->message);
}

/*
 * Appends to `out` everything `r` gives (going on after a wrong field
 * count).
 */
static void dump_into(struct hw_buf *out, struct hw_csv_reader *r, int header)
{
	const struct hw_csv_record *rec;
	struct hw_error e;
	enum hw_err rc;

	hw_error_clear(&e);
	if (header) {
		rc = hw_csv_read_header(r, &rec, &e);
		if (rc) {
			dump_error(out, rc, &e);
			return;
		}
		dump_record(out, 'H', rec);
	}
	for (;;) {
		hw_error_clear(&e);
		rc = hw_csv_next(r, &rec, &e);
		if (rc) {
			dump_error(out, rc, &e);
			if (hw_csv_reader_failed(r)) {
				assert_null(rec);
				break;
			}
			/* a wrong field count: the record comes with the error */
			assert_non_null(rec);
			assert_int_not_equal(rec->nfields, 0);
			continue;
		}
		if (!rec)
			break;
		dump_record(out, rec->blank ? 'B' : 'R', rec);
	}
}

static char *dump_reader(struct hw_csv_reader *r, int header)
{
	struct hw_buf out = HW_BUF_INIT;

	dump_into(&out, r, header);
	return hw_buf_detach(&out, NULL);
}

static char *read_mem(const char *in, size_t len, const struct hw_csv_options *o, int header)
{
	struct hw_csv_reader *r;
	char *s;

	assert_int_equal(hw_csv_reader_new_mem(&r, in, len, "t.csv", o, NULL), HW_OK);
	s = dump_reader(r, header);
	hw_csv_reader_free(r);
	return s;
}

static char *read_file(const char *in, size_t len, const struct hw_csv_options *o, int header)
{
	struct hw_csv_reader *r;
	FILE *f = tmpfile();
	char *s;

	assert_non_null(f);
	assert_int_equal(fwrite(in, 1, len, f), len);
	rewind(f);
	assert_int_equal(hw_csv_reader_new_file(&r, f, "t.csv", o, NULL), HW_OK);
	s = dump_reader(r, header);
	hw_csv_reader_free(r);
	fclose(f);
	return s;
}

/*
 * Reads `in` every way (see the top of the file), checks that all agree,
 * and returns the text (free with hw_free).
 */
static char *read_all_ways(const char *in, size_t len, const struct hw_csv_options *opts,
			   int header)
{
	static const size_t mem_chunks[] = { 0, 1, 2, 3, 5, 7 };
	static const size_t file_chunks[] = { 1, 4, 0 };
	struct hw_csv_options o = { 0, 0, 0 };
	char *first, *s;
	size_t i;

	if (opts)
		o = *opts;
	o.chunk_size = 0;
	first = read_mem(in, len, &o, header);
	for (i = 1; i < sizeof(mem_chunks) / sizeof(mem_chunks[0]); i++) {
		o.chunk_size = mem_chunks[i];
		s = read_mem(in, len, &o, header);
		if (strcmp(s, first))
			fail_msg("memory, chunk %zu:\n%s\nwhole:\n%s", o.chunk_size, s, first);
		hw_free(s);
	}
	for (i = 0; i < sizeof(file_chunks) / sizeof(file_chunks[0]); i++) {
		o.chunk_size = file_chunks[i];
		s = read_file(in, len, &o, header);
		if (strcmp(s, first))
			fail_msg("FILE, chunk %zu:\n%s\nwhole:\n%s", o.chunk_size, s, first);
		hw_free(s);
	}
	return first;
}

/* ---- the reader table --------------------------------------------------- */

struct read_case {
	const char *what;
	const char *in;
	size_t len; /* 0: strlen(in) */
	int header;
	size_t max_field_len, max_fields;
	const char *want;
};

#define ERR_INVALID "Einvalid "
#define ERR_LARGE "Etoo_large "

static const struct read_case read_cases[] = {
	{ "plain", "a,b\ncc,d\n", 0, 0, 0, 0,
	  "R1 1:1[a] 1:3[b]\nR2 2:1[cc] 2:4[d]\n" },
	{ "byte order mark skipped, not counted", "\xEF\xBB\xBFname,x\nМельник,1\n", 0, 0, 0, 0,
	  "R1 1:1[name] 1:6[x]\nR2 2:1[Мельник] 2:9[1]\n" },
	{ "only a byte order mark", "\xEF\xBB\xBF", 0, 0, 0, 0, "" },
	{ "byte order mark later is data", "a,\xEF\xBB\xBF" "b\n", 0, 0, 0, 0,
	  "R1 1:1[a] 1:3[\xEF\xBB\xBF" "b]\n" },
	{ "CRLF", "a,b\r\nc,d\r\n", 0, 0, 0, 0,
	  "R1 1:1[a] 1:3[b]\nR2 2:1[c] 2:3[d]\n" },
	{ "mixed LF and CRLF", "a\r\nb\nc\r\n", 0, 0, 0, 0, "R1 1:1[a]\nR2 2:1[b]\nR3 3:1[c]\n" },
	{ "quoted comma and doubled quotes",
	  "\"Коваленко, Олег\",\"say \"\"hi\"\"\",\"\"\n", 0, 0, 0, 0,
	  "R1 1:1[Коваленко, Олег] 1:19[say \"hi\"] 1:32[]\n" },
	{ "quoted newlines keep the line count right",
	  "id,note\n1,\"line one\nline two\n\",x\n2,\"a\r\nb\"\n3,end\n", 0, 0, 0, 0,
	  "R1 1:1[id] 1:4[note]\nR2 2:1[1] 2:3[line one\nline two\n] 4:3[x]\n"
	  "R5 5:1[2] 5:3[a\r\nb]\nR7 7:1[3] 7:3[end]\n" },
	{ "CR inside quotes is data, trailing CRLF is not", "\"a\rb\",c\r\n", 0, 0, 0, 0,
	  "R1 1:1[a\rb] 1:7[c]\n" },
	{ "columns count code points", "Коваленко,Олександр,Петрович\nЄ,ґ,і\n", 0, 0, 0, 0,
	  "R1 1:1[Коваленко] 1:11[Олександр] 1:21[Петрович]\nR2 2:1[Є] 2:3[ґ] 2:5[і]\n" },
	{ "four-byte characters", "\xF0\x9F\x98\x80,x\n", 0, 0, 0, 0,
	  "R1 1:1[\xF0\x9F\x98\x80] 1:3[x]\n" },
	{ "empty fields", ",,\na,,b\n,\n", 0, 0, 0, 0,
	  "R1 1:1[] 1:2[] 1:3[]\nR2 2:1[a] 2:3[] 2:4[b]\nR3 3:1[] 3:2[]\n" },
	{ "spaces are data", " a , b \t\n", 0, 0, 0, 0, "R1 1:1[ a ] 1:5[ b \t]\n" },
	{ "last line without newline", "a,b\nc,d", 0, 0, 0, 0,
	  "R1 1:1[a] 1:3[b]\nR2 2:1[c] 2:3[d]\n" },
	{ "last field empty without newline", "a,", 0, 0, 0, 0, "R1 1:1[a] 1:3[]\n" },
	{ "last field quoted without newline", "a,\"b\"\"\"", 0, 0, 0, 0,
	  "R1 1:1[a] 1:3[b\"]\n" },
	{ "trailing blank line", "a\n\n", 0, 0, 0, 0, "R1 1:1[a]\n" },
	{ "trailing blank lines, CRLF", "a\r\n\r\n\r\n", 0, 0, 0, 0, "R1 1:1[a]\n" },
	{ "blank lines in the middle", "a\n\n\r\nb\n", 0, 0, 0, 0,
	  "R1 1:1[a]\nB2 2:1[]\nB3 3:1[]\nR4 4:1[b]\n" },
	{ "blank first line", "\na\n", 0, 0, 0, 0, "B1 1:1[]\nR2 2:1[a]\n" },
	{ "quoted empty field is not blank", "\"\"\n\"\"", 0, 0, 0, 0,
	  "R1 1:1[]\nR2 2:1[]\n" },
	{ "empty input", "", 0, 0, 0, 0, "" },
	{ "only line ends", "\n\r\n\n", 0, 0, 0, 0, "" },
	{ "header and field counts",
	  "family_name,given_name\nМельник,Іван\nБондар\nШевчук,Ольга,зайве\n\nКравець,Петро",
	  0, 1, 0, 0,
	  "H1 1:1[family_name] 1:13[given_name]\nR2 2:1[Мельник] 2:9[Іван]\n"
	  ERR_INVALID "3:0 expected 2 fields, found 1\n"
	  ERR_INVALID "4:0 expected 2 fields, found 3\n"
	  "B5 5:1[]\n"
	  "R6 6:1[Кравець] 6:9[Петро]\n" },
	{ "header only", "a,b\r\n", 0, 1, 0, 0, "H1 1:1[a] 1:3[b]\n" },
	{ "no header row", "\n\n", 0, 1, 0, 0, ERR_INVALID "0:0 no header row\n" },
	{ "invalid UTF-8: stray byte", "ab,c\xff" "d\n", 0, 0, 0, 0,
	  ERR_INVALID "1:5 invalid UTF-8\n" },
	{ "invalid UTF-8: continuation without lead", "x\nКо,\x80\n", 0, 0, 0, 0,
	  "R1 1:1[x]\n" ERR_INVALID "2:4 invalid UTF-8\n" },
	{ "invalid UTF-8: truncated sequence", "ab,\xD0" "A\n", 0, 0, 0, 0,
	  ERR_INVALID "1:4 invalid UTF-8\n" },
	{ "invalid UTF-8: truncated at the end", "a\nОля,\xE2\x82", 0, 0, 0, 0,
	  "R1 1:1[a]\n" ERR_INVALID "2:5 invalid UTF-8\n" },
	{ "invalid UTF-8: overlong", "\xC0\x80\n", 0, 0, 0, 0, ERR_INVALID "1:1 invalid UTF-8\n" },
	{ "invalid UTF-8: overlong three bytes", "a,\xE0\x80\x80\n", 0, 0, 0, 0,
	  ERR_INVALID "1:3 invalid UTF-8\n" },
	{ "invalid UTF-8: surrogate", "a,\xED\xA0\x80\n", 0, 0, 0, 0,
	  ERR_INVALID "1:3 invalid UTF-8\n" },
	{ "invalid UTF-8: above U+10FFFF", "\xF4\x90\x80\x80\n", 0, 0, 0, 0,
	  ERR_INVALID "1:1 invalid UTF-8\n" },
	{ "invalid UTF-8 inside quotes", "\"ok\nЯ\xD1\",x\n", 0, 0, 0, 0,
	  ERR_INVALID "2:2 invalid UTF-8\n" },
	{ "unterminated quoted field", "a,b\nc,\"de\nf,g\n", 0, 0, 0, 0,
	  "R1 1:1[a] 1:3[b]\n" ERR_INVALID "2:3 unterminated quoted field\n" },
	{ "quote inside an unquoted field", "Ів\"ан,x\n", 0, 0, 0, 0,
	  ERR_INVALID "1:3 quote inside an unquoted field\n" },
	{ "character after closing quote", "a,\"b\"c\n", 0, 0, 0, 0,
	  ERR_INVALID "1:6 unexpected character after closing quote\n" },
	{ "space after closing quote", "\"Марко\" ,x\n", 0, 0, 0, 0,
	  ERR_INVALID "1:8 unexpected character after closing quote\n" },
	{ "NUL byte", "a,b\0c\n", 6, 0, 0, 0, ERR_INVALID "1:4 NUL byte\n" },
	{ "NUL byte in quotes on line 2", "a\n\"Ю\0\"\n", 7, 0, 0, 0,
	  "R1 1:1[a]\n" ERR_INVALID "2:3 NUL byte\n" },
	{ "bare CR", "a,b\rc\n", 0, 0, 0, 0,
	  "R1 1:1[a] 1:3[b]\n" ERR_INVALID "1:4 carriage return not followed by line feed\n" },
	{ "bare CR at the end", "a\r", 0, 0, 0, 0,
	  "R1 1:1[a]\n" ERR_INVALID "1:2 carriage return not followed by line feed\n" },
	{ "bare CR on a line of its own", "a\n\rb\n", 0, 0, 0, 0,
	  "R1 1:1[a]\n" ERR_INVALID "2:1 carriage return not followed by line feed\n" },
	{ "field at the length limit", "12345678,\"1234567\"\"\"\n", 0, 0, 8, 0,
	  "R1 1:1[12345678] 1:10[1234567\"]\n" },
	{ "field over the length limit", "ok\n1,123456789,x\n", 0, 0, 8, 0,
	  "R1 1:1[ok]\n" ERR_LARGE "2:3 field longer than 8 bytes\n" },
	{ "quoted field over the length limit", "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\n",
	  0, 0, 8, 0, ERR_LARGE "1:1 field longer than 8 bytes\n" },
	{ "runaway quote stops at the length limit", "a,\"bcd\nefghijklmnopqrstuvwxyz\n\0", 31, 0,
	  8, 0, ERR_LARGE "1:3 field longer than 8 bytes\n" },
	{ "field count at the limit", "a,b,c\n", 0, 0, 0, 3, "R1 1:1[a] 1:3[b] 1:5[c]\n" },
	{ "too many fields", "a,b,c\nd,e,f,g\n", 0, 0, 0, 3,
	  "R1 1:1[a] 1:3[b] 1:5[c]\n" ERR_LARGE "2:7 more than 3 fields in a record\n" },
};

static void test_read_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(read_cases) / sizeof(read_cases[0]); i++) {
		const struct read_case *c = &read_cases[i];
		struct hw_csv_options o = { c->max_field_len, c->max_fields, 0 };
		size_t len = c->len ? c->len : strlen(c->in);
		char *got = read_all_ways(c->in, len, &o, c->header);

		if (strcmp(got, c->want))
			fail_msg("case '%s':\ngot:\n%s\nwant:\n%s", c->what, got, c->want);
		hw_free(got);
	}
}

/* ---- reader behaviour outside the table --------------------------------- */

static void test_error_is_sticky(void **state)
{
	static const char in[] = "a\nb\"c\nd\n";
	const struct hw_csv_record *rec;
	struct hw_csv_reader *r;
	struct hw_error e;
	char msg[600];
	int i;

	(void)state;
	assert_int_equal(hw_csv_reader_new_mem(&r, in, strlen(in), "lists/x.csv", NULL, &e), HW_OK);
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
	assert_string_equal(rec->fields[0].text, "a");
	for (i = 0; i < 3; i++) {
		hw_error_clear(&e);
		assert_int_equal(hw_csv_next(r, &rec, &e), HW_INVALID);
		assert_null(rec);
		assert_int_equal(hw_csv_reader_failed(r), 1);
		hw_error_format(&e, msg, sizeof(msg));
		assert_string_equal(msg, "lists/x.csv:2:2: quote inside an unquoted field");
	}
	assert_int_equal(hw_csv_next(r, &rec, NULL), HW_INVALID);
	hw_csv_reader_free(r);
}

static void test_end_is_sticky(void **state)
{
	const struct hw_csv_record *rec;
	struct hw_csv_reader *r;

	(void)state;
	assert_int_equal(hw_csv_reader_new_mem(&r, "x", 1, NULL, NULL, NULL), HW_OK);
	assert_int_equal(hw_csv_next(r, &rec, NULL), HW_OK);
	assert_non_null(rec);
	assert_int_equal(hw_csv_next(r, &rec, NULL), HW_OK);
	assert_null(rec);
	assert_int_equal(hw_csv_next(r, &rec, NULL), HW_OK);
	assert_null(rec);
	assert_int_equal(hw_csv_reader_failed(r), 0);
	hw_csv_reader_free(r);
	assert_int_equal(hw_csv_reader_new_mem(&r, NULL, 0, NULL, NULL, NULL), HW_OK);
	assert_int_equal(hw_csv_next(r, &rec, NULL), HW_OK);
	assert_null(rec);
	hw_csv_reader_free(r);
}

static void test_header(void **state)
{
	static const char in[] = "ref,family_name,given_name\nA-1,Ткаченко,Марія\n";
	const struct hw_csv_record *h, *rec;
	struct hw_csv_reader *r;
	struct hw_error e;

	(void)state;
	assert_int_equal(hw_csv_reader_new_mem(&r, in, strlen(in), "p.csv", NULL, &e), HW_OK);
	assert_int_equal(hw_csv_header_index(r, "ref"), -1);
	assert_int_equal(hw_csv_read_header(r, &h, &e), HW_OK);
	assert_int_equal(h->nfields, 3);
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
	/* the header outlives the records */
	assert_string_equal(h->fields[2].text, "given_name");
	assert_int_equal(h->fields[2].column, 17);
	assert_string_equal(rec->fields[1].text, "Ткаченко");
	assert_int_equal(hw_csv_header_index(r, "given_name"), 2);
	assert_int_equal(hw_csv_header_index(r, "patronymic"), -1);
	assert_int_equal(hw_csv_read_header(r, &h, &e), HW_USAGE);
	assert_null(h);
	hw_csv_reader_free(r);

	assert_int_equal(hw_csv_reader_new_mem(&r, in, strlen(in), "p.csv", NULL, &e), HW_OK);
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
	assert_int_equal(hw_csv_read_header(r, &h, &e), HW_USAGE);
	hw_csv_reader_free(r);
}

static void test_field_count_message(void **state)
{
	static const char in[] = "a,b\n1,2\n\"x\ny\"\n3,4\n";
	const struct hw_csv_record *h, *rec;
	struct hw_csv_reader *r;
	struct hw_error e;
	char msg[600];

	(void)state;
	assert_int_equal(hw_csv_reader_new_mem(&r, in, strlen(in), "lists/ex.csv", NULL, &e),
			 HW_OK);
	assert_int_equal(hw_csv_read_header(r, &h, &e), HW_OK);
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
	hw_error_clear(&e);
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_INVALID);
	assert_int_equal(hw_csv_reader_failed(r), 0);
	/* the record comes with the error, e.g. for a file of rejected rows */
	assert_non_null(rec);
	assert_int_equal(rec->nfields, 1);
	assert_int_equal(rec->line, 3);
	assert_string_equal(rec->fields[0].text, "x\ny");
	hw_error_format(&e, msg, sizeof(msg));
	assert_string_equal(msg, "lists/ex.csv:3: expected 2 fields, found 1");
	/* reading goes on after it, on the right line */
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
	assert_int_equal(rec->line, 5);
	assert_string_equal(rec->fields[1].text, "4");
	hw_csv_reader_free(r);
}

static void test_io_error(void **state)
{
	const struct hw_csv_record *rec;
	struct hw_csv_reader *r;
	struct hw_error e;
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(f);
	assert_int_equal(hw_csv_reader_new_file(&r, f, "out.csv", NULL, &e), HW_OK);
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_IO);
	assert_null(rec);
	assert_string_equal(e.file, "out.csv");
	assert_non_null(strstr(e.message, "read error"));
	assert_int_equal(hw_csv_next(r, &rec, &e), HW_IO);
	hw_csv_reader_free(r);
	fclose(f);
}

/* A big input through a FILE in odd chunks: every value comes back. */
static void test_stream_many_chunks(void **state)
{
	static const char *const names[] = { "Коваленко", "Бондаренко", "Ткачук", "Лисенко" };
	static const long name_chars[] = { 9, 10, 6, 7 };
	static const size_t chunks[] = { 1, 3, 13, 4096, 0 };
	struct hw_buf in = HW_BUF_INIT;
	struct hw_csv_writer w;
	char line[64], note[128];
	const struct hw_csv_record *rec;
	struct hw_csv_options o = { 0, 0, 0 };
	struct hw_csv_reader *r;
	struct hw_error e;
	size_t c;
	long i, n, want_line;
	FILE *f;

	(void)state;
	n = 2000;
	hw_csv_writer_init(&w, &in);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%ld", i);
		snprintf(note, sizeof(note), i % 3 ? "просто %ld" : "рядок %ld,\n\"друга\"", i);
		assert_int_equal(hw_csv_write_str(&w, line), HW_OK);
		assert_int_equal(hw_csv_write_str(&w, names[i % 4]), HW_OK);
		assert_int_equal(hw_csv_write_str(&w, note), HW_OK);
		assert_int_equal(hw_csv_end_record(&w), HW_OK);
	}
	f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(in.data, 1, in.len, f), in.len);
	for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		rewind(f);
		o.chunk_size = chunks[c];
		assert_int_equal(hw_csv_reader_new_file(&r, f, "big.csv", &o, &e), HW_OK);
		want_line = 1;
		for (i = 0; i < n; i++) {
			assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
			assert_non_null(rec);
			assert_int_equal(rec->line, want_line);
			assert_int_equal(rec->nfields, 3);
			snprintf(line, sizeof(line), "%ld", i);
			snprintf(note, sizeof(note), i % 3 ? "просто %ld" : "рядок %ld,\n\"друга\"", i);
			assert_string_equal(rec->fields[0].text, line);
			assert_string_equal(rec->fields[1].text, names[i % 4]);
			assert_string_equal(rec->fields[2].text, note);
			assert_int_equal(rec->fields[1].column, (long)strlen(line) + 2);
			assert_int_equal(rec->fields[2].column,
					 (long)strlen(line) + 2 + name_chars[i % 4] + 1);
			want_line += i % 3 ? 1 : 2;
		}
		assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
		assert_null(rec);
		hw_csv_reader_free(r);
	}
	fclose(f);
	hw_buf_release(&in);
}

/* Every allocation failing in turn: an error or the right answer, no leak. */
static void test_alloc_failures(void **state)
{
	static const char in[] = "a,b\nКоваленко,\"x\ny\"\n,\n";
	const char *want = "H1 1:1[a] 1:3[b]\nR2 2:1[Коваленко] 2:11[x\ny]\nR4 4:1[] 4:2[]\n";
	struct hw_buf out = HW_BUF_INIT;
	struct hw_csv_reader *r;
	int ok = 0, failed = 0;
	long n;

	(void)state;
	/* the dump must not allocate while allocations fail */
	assert_int_equal(hw_buf_grow(&out, 4096), HW_OK);
	for (n = 0; n < 40; n++) {
		hw_buf_reset(&out);
		hw_alloc_fail_after(n);
		if (hw_csv_reader_new_mem(&r, in, strlen(in), "t.csv", NULL, NULL)) {
			hw_alloc_fail_after(-1);
			failed++;
			continue;
		}
		dump_into(&out, r, 1);
		hw_alloc_fail_after(-1);
		if (!strcmp(out.data, want))
			ok++;
		else if (strstr(out.data, "Eout_of_memory") &&
			 !strncmp(out.data, want, (size_t)(strstr(out.data, "E") - out.data)))
			failed++;
		else
			fail_msg("after %ld allocations: %s", n, out.data);
		hw_csv_reader_free(r);
	}
	assert_true(ok > 0);
	assert_true(failed > 2);
	hw_buf_release(&out);
}

/* ---- writer ------------------------------------------------------------ */

static void test_writer_quoting(void **state)
{
	static const struct {
		const char *value, *written;
	} cases[] = {
		{ "Мельник", "Мельник" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\rhere", "\"cr\rhere\"" },
		{ " lead", "\" lead\"" },
		{ "trail ", "\"trail \"" },
		{ "\ttab", "\"\ttab\"" },
		{ "in side", "in side" },
		{ "\xEF\xBB\xBFmark", "\"\xEF\xBB\xBFmark\"" },
		{ "semi;colon", "semi;colon" },
	};
	struct hw_buf b = HW_BUF_INIT;
	struct hw_csv_writer w;
	size_t i;

	(void)state;
	hw_csv_writer_init(&w, &b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hw_buf_reset(&b);
		w.nfields = 0;
		assert_int_equal(hw_csv_write_str(&w, cases[i].value), HW_OK);
		assert_string_equal(b.data, cases[i].written);
	}
	hw_buf_release(&b);
}

static void test_writer_records(void **state)
{
	static const char *const row[] = { "HW-1", NULL, "Шевченко, Тарас", "" };
	static const char *const one_empty[] = { "" };
	static const char *const one_null[] = { NULL };
	struct hw_buf b = HW_BUF_INIT;
	struct hw_csv_writer w;

	(void)state;
	hw_csv_writer_init(&w, &b);
	assert_int_equal(hw_csv_write_row(&w, row, 4), HW_OK);
	assert_int_equal(hw_csv_write_row(&w, one_empty, 1), HW_OK);
	assert_int_equal(hw_csv_write_row(&w, one_null, 1), HW_OK);
	assert_int_equal(hw_csv_write_row(&w, NULL, 0), HW_OK);
	assert_int_equal(hw_csv_write_field(&w, "x", 1), HW_OK);
	assert_int_equal(hw_csv_write_field(&w, NULL, 0), HW_OK);
	assert_int_equal(hw_csv_end_record(&w), HW_OK);
	assert_string_equal(b.data, "HW-1,,\"Шевченко, Тарас\",\n\"\"\n\"\"\n\"\"\nx,\n");
	/* a NUL cannot be written, and nothing is */
	assert_int_equal(hw_csv_write_field(&w, "a\0b", 3), HW_INVALID);
	assert_string_equal(b.data + b.len - 3, "x,\n");
	hw_buf_release(&b);

	/* a full buffer refuses the field whole */
	hw_buf_init(&b, 9);
	hw_csv_writer_init(&w, &b);
	assert_int_equal(hw_csv_write_str(&w, "abc"), HW_OK);
	assert_int_equal(hw_csv_write_str(&w, "a,\"b"), HW_TOO_LARGE);
	assert_string_equal(b.data, "abc");
	assert_int_equal(hw_csv_write_str(&w, "a,b"), HW_OK);
	assert_string_equal(b.data, "abc,\"a,b\"");
	assert_int_equal(hw_csv_end_record(&w), HW_TOO_LARGE);
	hw_buf_release(&b);
}

/* Awkward values written and read back, through several chunk sizes. */
static const char *const awkward[] = {
	"", " ", "\"", "\"\"", ",", "\r\n", "\n", "\r", "a\"b", " Олена ", "\t",
	"\xEF\xBB\xBF", "x,\n\"y\"\r\n", "Ґудзь", "\xF0\x9F\x98\x80", "=1+2", "'",
};
#define NAWKWARD (sizeof(awkward) / sizeof(awkward[0]))

static void expect_record(struct hw_csv_reader *r, const char *a, const char *b)
{
	const struct hw_csv_record *rec;
	struct hw_error e;

	assert_int_equal(hw_csv_next(r, &rec, &e), HW_OK);
	assert_non_null(rec);
	assert_int_equal(rec->nfields, b ? 2 : 1);
	assert_int_equal(rec->blank, 0);
	assert_string_equal(rec->fields[0].text, a);
	if (b)
		assert_string_equal(rec->fields[1].text, b);
}

static void test_round_trip(void **state)
{
	static const size_t chunks[] = { 0, 1, 2, 5 };
	struct hw_csv_options o = { 0, 0, 0 };
	const struct hw_csv_record *rec;
	struct hw_buf b = HW_BUF_INIT;
	struct hw_csv_reader *r;
	struct hw_csv_writer w;
	size_t c, i, j;

	(void)state;
	hw_csv_writer_init(&w, &b);
	/* each value alone, and first and last next to every other */
	for (i = 0; i < NAWKWARD; i++) {
		assert_int_equal(hw_csv_write_str(&w, awkward[i]), HW_OK);
		assert_int_equal(hw_csv_end_record(&w), HW_OK);
		for (j = 0; j < NAWKWARD; j++) {
			assert_int_equal(hw_csv_write_str(&w, awkward[i]), HW_OK);
			assert_int_equal(hw_csv_write_str(&w, awkward[j]), HW_OK);
			assert_int_equal(hw_csv_end_record(&w), HW_OK);
		}
	}
	for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		o.chunk_size = chunks[c];
		assert_int_equal(hw_csv_reader_new_mem(&r, b.data, b.len, "rt.csv", &o, NULL),
				 HW_OK);
		for (i = 0; i < NAWKWARD; i++) {
			expect_record(r, awkward[i], NULL);
			for (j = 0; j < NAWKWARD; j++)
				expect_record(r, awkward[i], awkward[j]);
		}
		assert_int_equal(hw_csv_next(r, &rec, NULL), HW_OK);
		assert_null(rec);
		hw_csv_reader_free(r);
	}
	hw_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_table),
		cmocka_unit_test(test_error_is_sticky),
		cmocka_unit_test(test_end_is_sticky),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_field_count_message),
		cmocka_unit_test(test_io_error),
		cmocka_unit_test(test_stream_many_chunks),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_writer_quoting),
		cmocka_unit_test(test_writer_records),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
