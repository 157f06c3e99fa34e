/*
 * homeward/csv.h - reading and writing CSV (RFC 4180) with positions.
 *
 * The interchange format of Homeward (DESIGN.md section 6): UTF-8, an
 * optional byte order mark, comma-separated fields, a header row, records
 * ending in LF or CRLF.  A field that contains a comma, a quote, CR or LF
 * is quoted, and a quote inside it is doubled.
 *
 * Reading.  A reader streams records from a FILE or from memory, checking
 * as it goes, and tells where every field starts, so that an importer can
 * say "persons.csv:12:31: birth_date: ..." about any value.  The rules:
 *
 *  - A UTF-8 byte order mark at the very start is skipped; it does not
 *    count in column numbers.  Everything else must be valid UTF-8
 *    (no overlong forms, surrogates or code points above U+10FFFF).
 *  - Spaces and tabs are data, as RFC 4180 says: " x " is read as " x ".
 *    Nothing may stand between a closing quote and the next comma or line
 *    end, and a quote may not appear inside an unquoted field.
 *  - A record ends at LF or CRLF outside quotes.  Inside a quoted field CR
 *    and LF are data.  A CR outside quotes must be followed by LF.
 *  - A completely empty line ("" between two line ends) in the middle of
 *    the input is returned as a record of one empty field, marked `blank`,
 *    so that the caller decides what it means; empty lines at the end of
 *    the input are not records.  (A line holding `""` is a record with one
 *    empty field, not blank.)
 *  - Lines are physical lines (counted by LF, 1-based, including the lines
 *    inside quoted fields); columns are 1-based and count characters
 *    (Unicode code points), not bytes.
 *  - NUL bytes are refused; so are fields longer than max_field_len bytes
 *    (after unquoting) and records of more than max_fields fields.
 *
 * Errors carry the reader's name, a line and a column (hw_error_at):
 *   HW_INVALID "invalid UTF-8"          at the first byte of the bad sequence
 *   HW_INVALID "NUL byte"               at the byte
 *   HW_INVALID "quote inside an unquoted field"            at the quote
 *   HW_INVALID "unexpected character after closing quote"  at the character
 *   HW_INVALID "unterminated quoted field"   at the field's opening quote
 *   HW_INVALID "carriage return not followed by line feed" at the CR
 *   HW_TOO_LARGE "field longer than N bytes" at the start of the field
 *   HW_TOO_LARGE "more than N fields in a record" at the first field too many
 *   HW_IO "read error: ..." (line only), HW_NOMEM "out of memory"
 * When the input holds several, the one met first reading it is
 * reported, whatever the chunk size.  After any of these the reader stays failed:
 * every later call returns the same error again.  The one exception is a
 * record with the wrong number of fields (see hw_csv_read_header), which
 * is reported and then skipped.
 *
 * The quoting itself is libcsv's (strict mode); this module feeds it in
 * small pieces, cut after each comma, CR and LF, so that it knows the
 * byte at which every field ends and the next one starts, and checks the
 * UTF-8 and counts lines and columns in the same pass over the bytes.
 *
 * Writing.  A writer appends fields and records to a struct hw_buf,
 * quoting a field only when it has to (see hw_csv_write_field), and ends
 * records with LF.  What it writes reads back to the same fields.
 */
#ifndef HOMEWARD_CSV_H
#define HOMEWARD_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "homeward/buf.h"
#include "homeward/error.h"

#define HW_CSV_MAX_FIELD_LEN (64 * 1024)
#define HW_CSV_MAX_FIELDS 1024
#define HW_CSV_CHUNK_SIZE (64 * 1024)

/*
 * Limits and tuning of a reader.  A zero member takes the default above;
 * passing NULL for the whole struct takes every default.
 *  - max_field_len: longest field in bytes, after unquoting (HW_TOO_LARGE).
 *  - max_fields: most fields in one record (HW_TOO_LARGE).
 *  - chunk_size: bytes read from the FILE at a time.  Tests set it to a
 *    few bytes to put chunk boundaries inside quoted fields and inside
 *    multi-byte characters; nothing else should need to change it.
 */
struct hw_csv_options {
	size_t max_field_len;
	size_t max_fields;
	size_t chunk_size;
};

/* One field of a record, as hw_csv_next returns it. */
struct hw_csv_field {
	const char *text; /* unquoted value, NUL-terminated (no NUL inside) */
	size_t len;       /* strlen(text) */
	long line;        /* 1-based line where the field starts */
	long column;      /* 1-based column (in code points) of its first byte,
			     the opening quote for a quoted field */
};

/* One record (row).  `nfields` is at least 1. */
struct hw_csv_record {
	const struct hw_csv_field *fields;
	size_t nfields;
	long line;  /* line where the record starts (of its first field) */
	int blank;  /* 1 for an empty line in the middle of the input */
};

struct hw_csv_reader;

/*
 * Creates a reader of the stream `f`, which stays the caller's: it must
 * stay open while the reader is used, and is not closed by it.  Reads it
 * chunk by chunk, never the whole.  `name` (copied; NULL for "<input>")
 * is the file name put in errors.  `opts` may be NULL.  On success stores
 * the reader in *out (free it with hw_csv_reader_free); on failure
 * (HW_NOMEM) sets *out to NULL.
 */
enum hw_err hw_csv_reader_new_file(struct hw_csv_reader **out, FILE *f, const char *name,
				   const struct hw_csv_options *opts, struct hw_error *err);

/*
 * As hw_csv_reader_new_file, reading the `len` bytes at `data`, which are
 * borrowed: they must stay unchanged while the reader is used.  `data`
 * may be NULL when `len` is 0.  opts->chunk_size, when set, cuts the
 * input into pieces of that size as if it came from a file.
 */
enum hw_err hw_csv_reader_new_mem(struct hw_csv_reader **out, const void *data, size_t len,
				  const char *name, const struct hw_csv_options *opts,
				  struct hw_error *err);

/*
 * Has `fn(ctx, data, len)` called with every byte the reader takes from
 * its input, in order, as it reads it (a byte order mark included): for a
 * digest of exactly what was read.  Set it before the first read; once
 * hw_csv_next has returned the end of the input, it has seen every byte.
 */
typedef void (*hw_csv_observer)(void *ctx, const void *data, size_t len);
void hw_csv_reader_observe(struct hw_csv_reader *r, hw_csv_observer fn, void *ctx);

/* Frees the reader and everything it returned.  NULL is allowed. */
void hw_csv_reader_free(struct hw_csv_reader *r);

/*
 * Reads the next record into *rec.  The record and its fields belong to
 * the reader and stay valid until the next call on it (or until it is
 * freed).  At the end of the input returns HW_OK with *rec set to NULL,
 * and does so again on every later call.  On error returns the code (see
 * the top of this file), with `err` (may be NULL) telling what and where,
 * and sets *rec to NULL - except for a record with the wrong number of
 * fields (see hw_csv_read_header): then *rec is that record, as above, so
 * that the caller can show it or write it to a file of rejected rows.
 */
enum hw_err hw_csv_next(struct hw_csv_reader *r, const struct hw_csv_record **rec,
			struct hw_error *err);

/*
 * Reads the first record as the header row, before any hw_csv_next.  The
 * header stays valid until the reader is freed.  From then on every record
 * but a blank line must have exactly as many fields as the header: hw_csv_next returns
 * HW_INVALID "expected N fields, found M" with the record's line (column
 * 0) for one that does not, and the following call goes on with the next
 * record, so that a caller may list every such line.  Returns HW_INVALID
 * "no header row" for an empty input, and HW_USAGE when called twice or
 * after hw_csv_next.  Other errors as hw_csv_next.
 */
enum hw_err hw_csv_read_header(struct hw_csv_reader *r, const struct hw_csv_record **header,
			       struct hw_error *err);

/*
 * 1 when the reader has stopped on an error that every later call will
 * return again (the input cannot be read further), 0 otherwise: before any
 * error, at the end of the input, and after a record with the wrong number
 * of fields, which a caller may report and then read on past.
 */
int hw_csv_reader_failed(const struct hw_csv_reader *r);

/*
 * Index of the header field named `name` (exact, byte for byte), or -1
 * when there is none or no header was read.
 */
long hw_csv_header_index(const struct hw_csv_reader *r, const char *name);

/*
 * A writer appends CSV to a buffer it borrows.  It only keeps track of
 * where the current record is, so a caller may write out and reset the
 * buffer between any two calls.  Initialise it with hw_csv_writer_init;
 * it owns no memory.
 */
struct hw_csv_writer {
	struct hw_buf *out;
	size_t nfields;       /* fields written in the current record */
	int first_was_empty;  /* the record's only field so far is "" */
};

/* Prepares `w` to append to `out`. */
void hw_csv_writer_init(struct hw_csv_writer *w, struct hw_buf *out);

/*
 * Appends one field of `len` bytes at `s` (NULL allowed when len is 0),
 * preceded by a comma unless it is the first of its record.  The field is
 * quoted, with its quotes doubled, only when it contains a comma, a quote,
 * CR or LF, begins or ends with a space or a tab, or begins with a byte
 * order mark; else it is written as it is.  The bytes are not otherwise
 * checked: they should be UTF-8.  Returns HW_INVALID (nothing written)
 * for a NUL byte in the field, and HW_TOO_LARGE or HW_NOMEM (nothing
 * written) when the buffer cannot grow.
 */
enum hw_err hw_csv_write_field(struct hw_csv_writer *w, const char *s, size_t len);

/* As hw_csv_write_field for a NUL-terminated string; NULL writes "". */
enum hw_err hw_csv_write_str(struct hw_csv_writer *w, const char *s);

/*
 * Ends the current record with LF.  A record whose only field is empty
 * (or that has no field at all) is written as `""`, so that it does not
 * read back as a blank line.  Errors as hw_csv_write_field; on error the
 * record is not ended and the call may be repeated.
 */
enum hw_err hw_csv_end_record(struct hw_csv_writer *w);

/*
 * Writes a whole record of `n` NUL-terminated fields (NULL ones written
 * empty) and ends it.  On error the buffer may hold part of the record:
 * the caller should truncate it to its length before the call.
 */
enum hw_err hw_csv_write_row(struct hw_csv_writer *w, const char *const *fields, size_t n);

#endif
