/*
 * csv.c - the CSV reader and writer of homeward/csv.h.
 *
 * libcsv does the quoting (strict mode), but it tells nothing about
 * positions, and it reports a field only when it meets the comma or line
 * end after it.  So the reader cuts its input into pieces that end just
 * after a comma, CR or LF (or at the end of a chunk), scans each piece
 * once - checking UTF-8, refusing NUL, counting continuation bytes for
 * columns - and only then hands it to csv_parse.  A libcsv callback can
 * then only fire on the last byte of a piece, so when csv_parse returns,
 * the reader knows exactly at which byte the next field starts.  A record
 * ends on the last byte of a piece too, which is where hw_csv_next stops
 * and returns it; the next call resumes at the following byte.
 *
 * Columns are computed rather than counted: the column of a byte is its
 * offset from the start of its line, less the UTF-8 continuation bytes
 * before it on that line, plus one.
 *
 * Line ends outside records (blank lines, the LF of a CRLF) are handled
 * here and never fed to libcsv, which would skip them silently: the
 * reader has to count them, and to return a blank line in the middle of
 * the input as a record.  libcsv's space trimming is switched off (spaces
 * are data in RFC 4180) and its buffer grows through hw_realloc.
 *
 * Every error is recorded once in the reader (first in byte order wins,
 * whatever the chunk size) and returned again by every later call.
 */
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "homeward/csv.h"
#include "core/banned.h"

#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)
#define LIBCSV_BLOCK 4096

/* Byte classes for the scan: 0 is an ordinary ASCII byte. */
enum { C_PLAIN, C_CUT, C_NUL, C_HIGH };

#define H16 C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, \
	    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH
#define P16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static const unsigned char byte_class[256] = {
	/* 0x00: NUL; 0x0a LF and 0x0d CR end a piece */
	C_NUL, 0, 0, 0, 0, 0, 0, 0, 0, 0, C_CUT, 0, 0, C_CUT, 0, 0,
	P16,
	/* 0x20..0x2f: the comma (0x2c) ends a piece */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, C_CUT, 0, 0, 0,
	P16, P16, P16, P16, P16,
	H16, H16, H16, H16, H16, H16, H16, H16,
};

/* What stopped the scan of a piece. */
enum scan_stop { STOP_END, STOP_CUT, STOP_NUL, STOP_UTF8 };

/* The CR of a CRLF, awaiting its LF. */
enum { CR_NONE, CR_ENDED_RECORD, CR_BLANK_LINE };

struct hw_csv_reader {
	char *name;
	size_t max_field_len, max_fields;
	uint64_t raw_limit; /* most bytes a field may take in the input */

	/* the input: a FILE read into chunk_buf, or slices of memory */
	FILE *file;
	const unsigned char *mem;
	size_t mem_len, mem_off;
	unsigned char *chunk_buf;
	size_t chunk_size;
	const unsigned char *chunk;
	size_t chunk_len, cpos; /* chunk[cpos] is the next byte to look at */
	uint64_t base;          /* input offset of chunk[0] */
	int started, src_eof, done;
	hw_csv_observer observe; /* sees every byte read (hw_csv_reader_observe) */
	void *observe_ctx;

	struct csv_parser parser;

	/* position of chunk[cpos] */
	long line;
	uint64_t line_start; /* input offset of the line's first byte */
	uint64_t line_cont;  /* continuation bytes in the line before cpos */

	/* UTF-8 sequence under way: bytes still due, range of the next one */
	int u8_need;
	unsigned char u8_lo, u8_hi;
	long u8_line, u8_col; /* where the sequence (or the bad byte) is */

	/* line ends between records */
	int pending_cr;
	long cr_line, cr_col;
	long blank_pending, blank_line;

	/* the record being read */
	int in_record, field_ended, record_ended;
	uint64_t fstart_off;
	long fstart_line, fstart_col, rec_line;
	struct hw_buf text;     /* the fields, each NUL-terminated */
	struct hw_csv_field *fields;
	size_t *offs;           /* offsets of the fields in text */
	size_t nfields, fields_cap;
	struct hw_csv_record rec;

	/* header */
	int header_read, next_called;
	size_t expect;
	char *htext;
	struct hw_csv_field *hfields;
	struct hw_csv_record header;

	enum hw_err failed;
	struct hw_error fail_err;
};

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Records the reader's (sticky) error, unless one is recorded already. */
__attribute__((format(printf, 5, 6)))
static enum hw_err fail(struct hw_csv_reader *r, enum hw_err code, long line, long col,
			const char *fmt, ...)
{
	char msg[HW_ERROR_MSG_MAX];
	va_list ap;

	if (r->failed)
		return r->failed;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hw_error_set(&r->fail_err, code, "%s", msg);
	hw_error_at(&r->fail_err, r->name, line, col);
	/* inside a data record, name the column the bad byte is in */
	if (r->hfields && r->in_record && r->nfields < r->header.nfields)
		snprintf(r->fail_err.field, sizeof(r->fail_err.field), "%s",
			 r->hfields[r->nfields].text);
	r->failed = code;
	return code;
}

/* Column of chunk[i], when every byte of its line before it is scanned. */
static long col_at(const struct hw_csv_reader *r, size_t i)
{
	return (long)(r->base + i - r->line_start - r->line_cont) + 1;
}

/* ---- reading the input -------------------------------------------------- */

static enum hw_err fill_file(struct hw_csv_reader *r, size_t want)
{
	size_t n = fread(r->chunk_buf, 1, want, r->file);

	if (n < want && ferror(r->file))
		return fail(r, HW_IO, r->line, 0, "read error: %s", strerror(errno));
	if (n < want)
		r->src_eof = 1;
	r->chunk = r->chunk_buf;
	r->chunk_len = n;
	if (n && r->observe)
		r->observe(r->observe_ctx, r->chunk, n);
	return HW_OK;
}

static void fill_mem(struct hw_csv_reader *r, size_t want)
{
	size_t left = r->mem_len - r->mem_off;
	size_t n = want < left ? want : left;

	r->chunk = r->mem + r->mem_off;
	r->chunk_len = n;
	r->mem_off += n;
	if (n && r->observe)
		r->observe(r->observe_ctx, r->chunk, n);
	if (r->mem_off == r->mem_len)
		r->src_eof = 1;
}

/*
 * Reads the next chunk.  The first one is at least 3 bytes long (unless
 * the input is shorter), so that a byte order mark is seen whole.
 */
static enum hw_err fill(struct hw_csv_reader *r)
{
	size_t want = r->chunk_size;
	enum hw_err rc = HW_OK;

	r->base += r->chunk_len;
	r->cpos = 0;
	if (!r->started && want < 3)
		want = 3;
	if (r->file)
		rc = fill_file(r, want);
	else
		fill_mem(r, want);
	if (rc || r->started)
		return rc;
	r->started = 1;
	if (r->chunk_len >= 3 && !memcmp(r->chunk, "\xEF\xBB\xBF", 3)) {
		r->cpos = 3;
		r->line_start = 3;
	}
	return HW_OK;
}

/* ---- UTF-8 -------------------------------------------------------------- */

static enum scan_stop utf8_lead(struct hw_csv_reader *r, unsigned char c, size_t i)
{
	r->u8_line = r->line;
	r->u8_col = col_at(r, i);
	r->u8_lo = 0x80;
	r->u8_hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		r->u8_need = 1;
	else if (c >= 0xe0 && c <= 0xef)
		r->u8_need = 2;
	else if (c >= 0xf0 && c <= 0xf4)
		r->u8_need = 3;
	else
		return STOP_UTF8;
	if (c == 0xe0)
		r->u8_lo = 0xa0; /* overlong */
	else if (c == 0xed)
		r->u8_hi = 0x9f; /* surrogates */
	else if (c == 0xf0)
		r->u8_lo = 0x90; /* overlong */
	else if (c == 0xf4)
		r->u8_hi = 0x8f; /* above U+10FFFF */
	return STOP_END;
}

static enum scan_stop utf8_cont(struct hw_csv_reader *r, unsigned char c)
{
	if (c < r->u8_lo || c > r->u8_hi)
		return STOP_UTF8;
	r->u8_need--;
	r->u8_lo = 0x80;
	r->u8_hi = 0xbf;
	r->line_cont++;
	return STOP_END;
}

/* ---- the record under construction --------------------------------------- */

static void start_field(struct hw_csv_reader *r, size_t i)
{
	r->fstart_off = r->base + i;
	r->fstart_line = r->line;
	r->fstart_col = col_at(r, i);
}

static enum hw_err grow_fields(struct hw_csv_reader *r)
{
	size_t cap = r->fields_cap ? r->fields_cap * 2 : 32;
	struct hw_csv_field *f;
	size_t *o;

	f = hw_reallocarray(r->fields, cap, sizeof(*f));
	if (!f)
		return HW_NOMEM;
	r->fields = f;
	o = hw_reallocarray(r->offs, cap, sizeof(*o));
	if (!o)
		return HW_NOMEM;
	r->offs = o;
	r->fields_cap = cap;
	return HW_OK;
}

/* libcsv's end-of-field callback; `data` is NUL-terminated (APPEND_NULL). */
static void on_field(void *data, size_t len, void *ctx)
{
	struct hw_csv_reader *r = ctx;
	struct hw_csv_field *f;
	size_t off = r->text.len;

	if (r->failed)
		return;
	if (len > r->max_field_len) {
		fail(r, HW_TOO_LARGE, r->fstart_line, r->fstart_col,
		     "field longer than %zu bytes", r->max_field_len);
		return;
	}
	if (r->nfields == r->max_fields) {
		fail(r, HW_TOO_LARGE, r->fstart_line, r->fstart_col,
		     "more than %zu fields in a record", r->max_fields);
		return;
	}
	if ((r->nfields == r->fields_cap && grow_fields(r)) ||
	    hw_buf_add(&r->text, data, len + 1)) {
		fail(r, HW_NOMEM, r->fstart_line, r->fstart_col, "out of memory");
		return;
	}
	f = &r->fields[r->nfields];
	f->text = NULL; /* set when the record is complete */
	f->len = len;
	f->line = r->fstart_line;
	f->column = r->fstart_col;
	r->offs[r->nfields++] = off;
	r->field_ended = 1;
}

/* libcsv's end-of-record callback. */
static void on_record(int c, void *ctx)
{
	struct hw_csv_reader *r = ctx;

	(void)c;
	r->record_ended = 1;
}

/* Makes r->rec the record just read. */
static void finish_record(struct hw_csv_reader *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		r->fields[i].text = r->text.data + r->offs[i];
	r->rec.fields = r->fields;
	r->rec.nfields = r->nfields;
	r->rec.line = r->rec_line;
	r->rec.blank = 0;
	r->in_record = 0;
}

/* Makes r->rec the first of the blank lines waiting. */
static enum hw_err blank_record(struct hw_csv_reader *r)
{
	struct hw_csv_field *f;

	if (!r->fields_cap && grow_fields(r))
		return fail(r, HW_NOMEM, r->blank_line, 0, "out of memory");
	f = &r->fields[0];
	f->text = "";
	f->len = 0;
	f->line = r->blank_line;
	f->column = 1;
	r->rec.fields = f;
	r->rec.nfields = 1;
	r->rec.line = r->blank_line;
	r->rec.blank = 1;
	r->record_ended = 1;
	r->blank_line++;
	r->blank_pending--;
	return HW_OK;
}

/* ---- the scan and libcsv ------------------------------------------------- */

static void new_line(struct hw_csv_reader *r, uint64_t next_off)
{
	r->line++;
	r->line_start = next_off;
	r->line_cont = 0;
}

/*
 * Scans chunk[cpos..end) up to and including the first comma, CR or LF
 * (STOP_CUT, *at its index), a NUL or a UTF-8 error (*at the bad byte),
 * or to end (STOP_END, *at = end).
 */
static enum scan_stop scan(struct hw_csv_reader *r, size_t end, size_t *at)
{
	const unsigned char *s = r->chunk;
	size_t i = r->cpos;
	enum scan_stop stop = STOP_END;

	while (i < end && stop == STOP_END) {
		if (r->u8_need) {
			stop = utf8_cont(r, s[i]);
		} else {
			while (i < end && byte_class[s[i]] == C_PLAIN)
				i++;
			if (i == end)
				break;
			if (byte_class[s[i]] == C_HIGH)
				stop = utf8_lead(r, s[i], i);
			else
				stop = byte_class[s[i]] == C_NUL ? STOP_NUL : STOP_CUT;
		}
		if (stop == STOP_END)
			i++;
	}
	*at = i;
	return stop;
}

/* Continuation bytes in chunk[from..to). */
static uint64_t count_cont(const unsigned char *s, size_t from, size_t to)
{
	uint64_t n = 0;

	for (; from < to; from++)
		n += (s[from] & 0xc0) == 0x80;
	return n;
}

static enum hw_err parse_error(struct hw_csv_reader *r, size_t bad, size_t scanned)
{
	long col = col_at(r, bad) + (long)count_cont(r->chunk, bad, scanned);

	switch (csv_error(&r->parser)) {
	case CSV_EPARSE:
		if (r->chunk[bad] == '"')
			return fail(r, HW_INVALID, r->line, col,
				    "quote inside an unquoted field");
		return fail(r, HW_INVALID, r->line, col,
			    "unexpected character after closing quote");
	case CSV_ENOMEM:
		return fail(r, HW_NOMEM, r->line, col, "out of memory");
	default:
		return fail(r, HW_TOO_LARGE, r->line, col, "field too large");
	}
}

/* Feeds chunk[cpos..end) to libcsv; `end` is also how far the scan went. */
static enum hw_err parse(struct hw_csv_reader *r, size_t end)
{
	size_t len = end - r->cpos;
	size_t n = csv_parse(&r->parser, r->chunk + r->cpos, len, on_field, on_record, r);

	if (n < len)
		return parse_error(r, r->cpos + n, end);
	return r->failed;
}

/* After the piece chunk[cpos..end) was parsed: where things now stand. */
static enum hw_err after_piece(struct hw_csv_reader *r, size_t end)
{
	unsigned char last = r->chunk[end - 1];

	if (r->record_ended && last == '\r') {
		r->pending_cr = CR_ENDED_RECORD;
		r->cr_line = r->line;
		r->cr_col = col_at(r, end - 1);
	}
	r->cpos = end;
	if (last == '\n')
		new_line(r, r->base + end);
	if (r->record_ended)
		finish_record(r);
	else if (r->field_ended)
		start_field(r, end);
	else if (r->base + end - r->fstart_off > r->raw_limit)
		return fail(r, HW_TOO_LARGE, r->fstart_line, r->fstart_col,
			    "field longer than %zu bytes", r->max_field_len);
	r->field_ended = 0;
	return HW_OK;
}

/*
 * Scans and parses the next piece of the record under way: the bytes from
 * cpos to the first comma, CR or LF included, the end of the chunk, or the
 * point where the field is certainly too long, whichever comes first.
 * Bytes before a bad one are parsed first, so that the first error in the
 * input is the one reported, whatever the chunk size.
 */
static enum hw_err feed_piece(struct hw_csv_reader *r)
{
	uint64_t stop_off = r->fstart_off + r->raw_limit + 1;
	size_t end = r->chunk_len, at;
	enum scan_stop stop;
	enum hw_err rc;

	if (stop_off - r->base < end)
		end = (size_t)(stop_off - r->base);
	stop = scan(r, end, &at);
	if (stop == STOP_CUT)
		at++;
	rc = parse(r, at);
	if (rc)
		return rc;
	if (stop == STOP_NUL)
		return fail(r, HW_INVALID, r->line, col_at(r, at), "NUL byte");
	if (stop == STOP_UTF8)
		return fail(r, HW_INVALID, r->u8_line, r->u8_col, "invalid UTF-8");
	return after_piece(r, at);
}

/*
 * Looks at the byte at cpos between records: consumes it when it is a
 * line end (counting blank lines), returns a waiting blank line as the
 * record, or else starts a record there.
 */
static enum hw_err between_records(struct hw_csv_reader *r)
{
	unsigned char c = r->chunk[r->cpos];

	if (r->pending_cr && c != '\n')
		return fail(r, HW_INVALID, r->cr_line, r->cr_col,
			    "carriage return not followed by line feed");
	if (c == '\n') {
		if (r->pending_cr != CR_ENDED_RECORD && !r->blank_pending++)
			r->blank_line = r->line;
		r->pending_cr = CR_NONE;
		r->cpos++;
		new_line(r, r->base + r->cpos);
	} else if (c == '\r') {
		r->pending_cr = CR_BLANK_LINE;
		r->cr_line = r->line;
		r->cr_col = col_at(r, r->cpos);
		r->cpos++;
	} else if (r->blank_pending) {
		return blank_record(r);
	} else {
		r->in_record = 1;
		r->rec_line = r->line;
		start_field(r, r->cpos);
	}
	return HW_OK;
}

/* The input is exhausted: ends the record under way, if any. */
static enum hw_err finish_input(struct hw_csv_reader *r)
{
	if (r->pending_cr)
		return fail(r, HW_INVALID, r->cr_line, r->cr_col,
			    "carriage return not followed by line feed");
	if (r->u8_need)
		return fail(r, HW_INVALID, r->u8_line, r->u8_col, "invalid UTF-8");
	r->done = 1;
	if (!r->in_record)
		return HW_OK; /* blank lines at the end are not records */
	if (csv_fini(&r->parser, on_field, on_record, r))
		return fail(r, HW_INVALID, r->fstart_line, r->fstart_col,
			    "unterminated quoted field");
	if (r->failed)
		return r->failed;
	finish_record(r);
	return HW_OK;
}

/* Reads until a record is complete (r->record_ended) or the input ends. */
static enum hw_err read_record(struct hw_csv_reader *r)
{
	enum hw_err rc = HW_OK;

	r->record_ended = 0;
	r->nfields = 0;
	hw_buf_reset(&r->text);
	while (!rc && !r->record_ended && !r->done) {
		if (r->cpos == r->chunk_len)
			rc = r->src_eof && r->started ? finish_input(r) : fill(r);
		else if (!r->in_record)
			rc = between_records(r);
		else
			rc = feed_piece(r);
	}
	return rc;
}

/* ---- the reader's API ------------------------------------------------------ */

static size_t or_default(size_t v, size_t def)
{
	return v ? v : def;
}

/* A reader of nothing yet, or NULL when out of memory. */
static struct hw_csv_reader *reader_new(const char *name, const struct hw_csv_options *opts,
					size_t def_chunk)
{
	struct hw_csv_options none = { 0, 0, 0 };
	struct hw_csv_reader *r = hw_calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	if (!opts)
		opts = &none;
	csv_init(&r->parser, CSV_OPTIONS);
	csv_set_space_func(&r->parser, no_space);
	csv_set_realloc_func(&r->parser, hw_realloc);
	csv_set_free_func(&r->parser, hw_free);
	csv_set_blk_size(&r->parser, LIBCSV_BLOCK);
	hw_buf_init(&r->text, 0);
	r->max_field_len = or_default(opts->max_field_len, HW_CSV_MAX_FIELD_LEN);
	if (r->max_field_len > SIZE_MAX / 4)
		r->max_field_len = SIZE_MAX / 4;
	r->raw_limit = 2 * (uint64_t)r->max_field_len + 2;
	r->max_fields = or_default(opts->max_fields, HW_CSV_MAX_FIELDS);
	r->chunk_size = or_default(opts->chunk_size, def_chunk);
	r->line = 1;
	r->name = hw_strdup(name ? name : "<input>");
	if (!r->name) {
		hw_csv_reader_free(r);
		return NULL;
	}
	return r;
}

enum hw_err hw_csv_reader_new_file(struct hw_csv_reader **out, FILE *f, const char *name,
				   const struct hw_csv_options *opts, struct hw_error *err)
{
	struct hw_csv_reader *r = reader_new(name, opts, HW_CSV_CHUNK_SIZE);
	enum hw_err rc = HW_NOMEM;

	*out = NULL;
	if (!r)
		goto out;
	r->file = f;
	/* the first chunk is at least 3 bytes long (see fill) */
	r->chunk_buf = hw_malloc(r->chunk_size < 3 ? 3 : r->chunk_size);
	if (!r->chunk_buf)
		goto out;
	*out = r;
	r = NULL;
	rc = HW_OK;
out:
	hw_csv_reader_free(r);
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}

enum hw_err hw_csv_reader_new_mem(struct hw_csv_reader **out, const void *data, size_t len,
				  const char *name, const struct hw_csv_options *opts,
				  struct hw_error *err)
{
	struct hw_csv_reader *r = reader_new(name, opts, SIZE_MAX);

	*out = r;
	if (!r)
		return hw_error_set(err, HW_NOMEM, NULL);
	r->mem = data ? data : (const void *)"";
	r->mem_len = data ? len : 0;
	return HW_OK;
}

void hw_csv_reader_observe(struct hw_csv_reader *r, hw_csv_observer fn, void *ctx)
{
	r->observe = fn;
	r->observe_ctx = ctx;
}

void hw_csv_reader_free(struct hw_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->parser);
	hw_buf_release(&r->text);
	hw_free(r->fields);
	hw_free(r->offs);
	hw_free(r->hfields);
	hw_free(r->htext);
	hw_free(r->chunk_buf);
	hw_free(r->name);
	hw_free(r);
}

int hw_csv_reader_failed(const struct hw_csv_reader *r)
{
	return r->failed != HW_OK;
}

enum hw_err hw_csv_next(struct hw_csv_reader *r, const struct hw_csv_record **rec,
			struct hw_error *err)
{
	enum hw_err rc = HW_OK;

	*rec = NULL;
	r->next_called = 1;
	if (!r->failed && !r->done)
		read_record(r);
	if (r->failed) {
		if (err)
			*err = r->fail_err;
		return r->failed;
	}
	if (!r->record_ended)
		return HW_OK; /* end of input */
	r->record_ended = 0;
	/* a blank line is the caller's to judge, not a short record */
	if (r->expect && !r->rec.blank && r->rec.nfields != r->expect) {
		rc = hw_error_set(err, HW_INVALID, "expected %zu fields, found %zu", r->expect,
				  r->rec.nfields);
		hw_error_at(err, r->name, r->rec.line, 0);
	}
	*rec = &r->rec;
	return rc;
}

/* Copies the record just read into the reader's header. */
static enum hw_err keep_header(struct hw_csv_reader *r, const struct hw_csv_record *h)
{
	size_t i, total = 0, off = 0;

	for (i = 0; i < h->nfields; i++)
		total += h->fields[i].len + 1;
	r->htext = hw_malloc(total);
	r->hfields = hw_calloc(h->nfields, sizeof(*r->hfields));
	if (!r->htext || !r->hfields)
		return fail(r, HW_NOMEM, h->line, 0, "out of memory");
	for (i = 0; i < h->nfields; i++) {
		r->hfields[i] = h->fields[i];
		r->hfields[i].text = r->htext + off;
		memcpy(r->htext + off, h->fields[i].text, h->fields[i].len + 1);
		off += h->fields[i].len + 1;
	}
	r->header = *h;
	r->header.fields = r->hfields;
	r->expect = h->nfields;
	return HW_OK;
}

enum hw_err hw_csv_read_header(struct hw_csv_reader *r, const struct hw_csv_record **header,
			       struct hw_error *err)
{
	const struct hw_csv_record *h;
	enum hw_err rc;

	*header = NULL;
	if (r->header_read || r->next_called)
		return hw_error_set(err, HW_USAGE, "the header must be read before any record, and once");
	r->header_read = 1;
	rc = hw_csv_next(r, &h, err);
	if (rc)
		return rc;
	if (!h) {
		rc = hw_error_set(err, HW_INVALID, "no header row");
		hw_error_at(err, r->name, 0, 0);
		return rc;
	}
	rc = keep_header(r, h);
	if (rc) {
		if (err)
			*err = r->fail_err;
		return rc;
	}
	*header = &r->header;
	return HW_OK;
}

long hw_csv_header_index(const struct hw_csv_reader *r, const char *name)
{
	size_t i;

	for (i = 0; r->hfields && i < r->header.nfields; i++)
		if (!strcmp(r->hfields[i].text, name))
			return (long)i;
	return -1;
}

/* ---- the writer ------------------------------------------------------------- */

void hw_csv_writer_init(struct hw_csv_writer *w, struct hw_buf *out)
{
	w->out = out;
	w->nfields = 0;
	w->first_was_empty = 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* 1 when the field must be quoted; counts its quotes in *quotes. */
static int needs_quotes(const char *s, size_t len, size_t *quotes)
{
	int q = 0;
	size_t i;

	*quotes = 0;
	if (!len)
		return 0;
	if (is_blank(s[0]) || is_blank(s[len - 1]) ||
	    (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)))
		q = 1;
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '"':
			(*quotes)++;
			/* fall through */
		case ',':
		case '\r':
		case '\n':
			q = 1;
			break;
		default:
			break;
		}
	}
	return q;
}

/* Appends s[0..len) quoted, doubling its quotes; room is already made. */
static void add_quoted(struct hw_buf *b, const char *s, size_t len)
{
	const char *q;

	hw_buf_addch(b, '"');
	while ((q = memchr(s, '"', len))) {
		hw_buf_add(b, s, (size_t)(q - s) + 1);
		hw_buf_addch(b, '"');
		len -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	hw_buf_add(b, s, len);
	hw_buf_addch(b, '"');
}

enum hw_err hw_csv_write_field(struct hw_csv_writer *w, const char *s, size_t len)
{
	size_t quotes, need;
	int quoted;
	enum hw_err rc;

	if (len && memchr(s, '\0', len))
		return HW_INVALID;
	quoted = needs_quotes(s, len, &quotes);
	need = (w->nfields ? 1 : 0) + len + (quoted ? 2 + quotes : 0);
	if (need < len)
		return HW_TOO_LARGE;
	rc = hw_buf_grow(w->out, need);
	if (rc)
		return rc;
	/* the room is made, so these appends cannot fail */
	if (w->nfields)
		hw_buf_addch(w->out, ',');
	if (quoted)
		add_quoted(w->out, s, len);
	else
		hw_buf_add(w->out, s, len);
	w->first_was_empty = !w->nfields && !len;
	w->nfields++;
	return HW_OK;
}

enum hw_err hw_csv_write_str(struct hw_csv_writer *w, const char *s)
{
	return s ? hw_csv_write_field(w, s, strlen(s)) : hw_csv_write_field(w, "", 0);
}

enum hw_err hw_csv_end_record(struct hw_csv_writer *w)
{
	enum hw_err rc;

	if (!w->nfields || (w->nfields == 1 && w->first_was_empty))
		rc = hw_buf_add(w->out, "\"\"\n", 3);
	else
		rc = hw_buf_addch(w->out, '\n');
	if (rc)
		return rc;
	w->nfields = 0;
	w->first_was_empty = 0;
	return HW_OK;
}

enum hw_err hw_csv_write_row(struct hw_csv_writer *w, const char *const *fields, size_t n)
{
	enum hw_err rc = HW_OK;
	size_t i;

	for (i = 0; i < n && !rc; i++)
		rc = hw_csv_write_str(w, fields[i]);
	return rc ? rc : hw_csv_end_record(w);
}
