/*
 * journal.c - the audit journal of a server: where the records of reads
 * become durable before they enter the hash chain (homeward/audit.h,
 * "Group commit"; docs/security.md).
 *
 * A record of a read must be on disk before the answer leaves, but it
 * need not be in the chain yet.  Appending it to the chain in SQLite costs
 * a transaction's pages (the table, four indexes, the head) and an fsync;
 * appending it to this file costs a few hundred bytes and a share of one
 * fdatasync.  The writer's thread appends each batch here and answers its
 * callers; its importer brings the records into the chain in large
 * transactions, each moving the database's mark (generation, offset) of
 * how far the journal has been imported, in the same transaction.
 *
 * The file, DB_PATH-audit, is held with an exclusive flock by the server
 * that writes it.  Layout (integers little-endian):
 *
 *   header  "HWAUDJ1\n", generation (u64), the database's id (16 bytes,
 *           hw_store_audit_journal_get), BLAKE2b-128 of those 32 bytes
 *   frame   payload length (u32), payload, BLAKE2b-128 of
 *           generation || length || payload
 *   payload at (i64), person_id (i64), outcome (u8), then actor, address,
 *           action, object_type, object_id, before, after: each a u32
 *           length (0xffffffff for none) and that many bytes, the last one
 *           a NUL
 *
 * A frame is acknowledged only once an fdatasync covering it returned, so
 * a crash can tear only frames nobody was answered for, and everything
 * after the first frame that does not check out is such a frame: reading
 * stops there.  The generation changes each time the file starts again
 * (at a server's start, and when everything in it has been imported and
 * it has grown past JOURNAL_ROTATE bytes), so a mark never applies to a
 * file it was not made for; the database's id keeps a journal out of any
 * other database (one made again in its place, say).
 */
#define _GNU_SOURCE /* fallocate and FALLOC_FL_PUNCH_HOLE */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "homeward/alloc.h"
#include "homeward/store.h"
#include "audit/audit_int.h"
#include "core/banned.h"

#define MAGIC "HWAUDJ1\n"
#define CHECK_SIZE 16
#define NO_STRING 0xffffffffu
#define FRAME_MAX (64u << 20)   /* no record comes near; a length past it is damage */
#define FIELDS 7

/* ---- encoding --------------------------------------------------------- */

static void put_u32(unsigned char *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The check of a frame: BLAKE2b-128 of generation || length || payload. */
static void frame_check(uint64_t generation, const unsigned char *len_and_payload, size_t n,
			unsigned char out[CHECK_SIZE])
{
	crypto_generichash_state h;
	unsigned char g[8];

	put_u64(g, generation);
	crypto_generichash_init(&h, NULL, 0, CHECK_SIZE);
	crypto_generichash_update(&h, g, sizeof(g));
	crypto_generichash_update(&h, len_and_payload, n);
	crypto_generichash_final(&h, out, CHECK_SIZE);
}

static void record_fields(const struct hw_audit_record *r, const char *f[FIELDS])
{
	f[0] = r->actor;
	f[1] = r->address;
	f[2] = r->action;
	f[3] = r->object_type;
	f[4] = r->object_id;
	f[5] = r->before;
	f[6] = r->after;
}

enum hw_err audit_journal_frame(struct hw_buf *out, uint64_t generation,
				const struct hw_audit_record *r, struct hw_error *err)
{
	const char *f[FIELDS];
	unsigned char num[8], *p;
	size_t start = out->len, payload = 8 + 8 + 1, len;
	int i;

	record_fields(r, f);
	for (i = 0; i < FIELDS; i++) {
		len = f[i] ? strlen(f[i]) + 1 : 0;
		if (len > FRAME_MAX)
			return hw_error_set(err, HW_INVALID, "an audit record too large to journal");
		payload += 4 + len;
	}
	if (payload > FRAME_MAX)
		return hw_error_set(err, HW_INVALID, "an audit record too large to journal");
	if (hw_buf_grow(out, 4 + payload + CHECK_SIZE))
		return hw_error_set(err, HW_NOMEM, NULL);
	put_u32(num, (uint32_t)payload);
	hw_buf_add(out, num, 4);
	put_u64(num, (uint64_t)r->at);
	hw_buf_add(out, num, 8);
	put_u64(num, (uint64_t)r->person_id);
	hw_buf_add(out, num, 8);
	num[0] = (unsigned char)r->outcome;
	hw_buf_add(out, num, 1);
	for (i = 0; i < FIELDS; i++) {
		put_u32(num, f[i] ? (uint32_t)(strlen(f[i]) + 1) : NO_STRING);
		hw_buf_add(out, num, 4);
		if (f[i])
			hw_buf_add(out, f[i], strlen(f[i]) + 1);
	}
	/* the room was grown above: the check goes in place */
	p = (unsigned char *)out->data + out->len;
	frame_check(generation, (const unsigned char *)out->data + start, 4 + payload, p);
	out->len += CHECK_SIZE;
	return HW_OK;
}

/* Decodes one payload into r (strings point into p); -1 when malformed. */
static int decode_payload(const unsigned char *p, size_t n, struct hw_audit_record *r)
{
	const char *f[FIELDS];
	size_t at = 17;
	uint32_t len;
	int i;

	if (n < 17)
		return -1;
	memset(r, 0, sizeof(*r));
	r->at = (int64_t)get_u64(p);
	r->person_id = (int64_t)get_u64(p + 8);
	r->outcome = (enum hw_audit_outcome)p[16];
	for (i = 0; i < FIELDS; i++) {
		if (n - at < 4)
			return -1;
		len = get_u32(p + at);
		at += 4;
		if (len == NO_STRING) {
			f[i] = NULL;
			continue;
		}
		if (len == 0 || len > n - at || p[at + len - 1] != '\0' ||
		    memchr(p + at, '\0', len - 1))
			return -1;
		f[i] = (const char *)p + at;
		at += len;
	}
	if (at != n)
		return -1;
	r->actor = f[0];
	r->address = f[1];
	r->action = f[2];
	r->object_type = f[3];
	r->object_id = f[4];
	r->before = f[5];
	r->after = f[6];
	return 0;
}

size_t audit_journal_decode(const unsigned char *p, size_t n, uint64_t generation,
			    int (*cb)(void *ctx, struct hw_audit_record *r, size_t end),
			    void *ctx)
{
	unsigned char check[CHECK_SIZE];
	struct hw_audit_record r;
	size_t at = 0, payload;

	while (n - at >= 4) {
		payload = get_u32(p + at);
		if (payload > FRAME_MAX || n - at - 4 < payload + CHECK_SIZE)
			break;
		frame_check(generation, p + at, 4 + payload, check);
		if (sodium_memcmp(check, p + at + 4 + payload, CHECK_SIZE) ||
		    decode_payload(p + at + 4, payload, &r))
			break;
		at += 4 + payload + CHECK_SIZE;
		if (cb && cb(ctx, &r, at))
			break;
	}
	return at;
}

/* ---- the file ----------------------------------------------------------- */

static enum hw_err io_fail(struct hw_error *err, const char *what, const char *path)
{
	return hw_error_set(err, HW_IO, "%s the audit journal %s: %s", what, path,
			    strerror(errno));
}

static int write_all(int fd, const void *p, size_t n, uint64_t off)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = pwrite(fd, c, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

/* DB_PATH-audit (hw_free), NULL when memory runs out. */
static char *journal_path(const char *db_path)
{
	size_t n = strlen(db_path);
	char *path = hw_malloc(n + sizeof(AUDIT_JOURNAL_SUFFIX));

	if (path) {
		memcpy(path, db_path, n);
		memcpy(path + n, AUDIT_JOURNAL_SUFFIX, sizeof(AUDIT_JOURNAL_SUFFIX));
	}
	return path;
}

enum hw_err audit_journal_open(const char *db_path, struct audit_journal *j, int *busy,
			       struct hw_error *err)
{
	memset(j, 0, sizeof(*j));
	j->fd = -1;
	*busy = 0;
	if (!(j->path = journal_path(db_path)))
		return hw_error_set(err, HW_NOMEM, NULL);
	j->fd = open(j->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (j->fd < 0) {
		io_fail(err, "cannot open", j->path);
		audit_journal_close(j);
		return HW_IO;
	}
	if (flock(j->fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK)
			*busy = 1;
		else
			io_fail(err, "cannot lock", j->path);
		audit_journal_close(j);
		return *busy ? HW_OK : HW_IO;
	}
	return HW_OK;
}

void audit_journal_close(struct audit_journal *j)
{
	if (j->fd >= 0)
		close(j->fd); /* releases the lock */
	hw_free(j->path);
	memset(j, 0, sizeof(*j));
	j->fd = -1;
}

enum hw_err audit_journal_restart(struct audit_journal *j, const unsigned char database_id[16],
				  uint64_t generation, struct hw_error *err)
{
	unsigned char h[AUDIT_JOURNAL_HEADER];

	memcpy(h, MAGIC, 8);
	put_u64(h + 8, generation);
	memcpy(h + 16, database_id, 16);
	crypto_generichash(h + 32, CHECK_SIZE, h, 32, NULL, 0);
	if (ftruncate(j->fd, 0) || write_all(j->fd, h, sizeof(h), 0) || fdatasync(j->fd))
		return io_fail(err, "cannot start", j->path);
	j->generation = generation;
	j->size = sizeof(h);
	return HW_OK;
}

enum hw_err audit_journal_truncate(struct audit_journal *j, uint64_t size, struct hw_error *err)
{
	if (ftruncate(j->fd, (off_t)size))
		return io_fail(err, "cannot cut back", j->path);
	return HW_OK;
}

enum hw_err audit_journal_append(struct audit_journal *j, const void *p, size_t n,
				 struct hw_error *err)
{
	if (write_all(j->fd, p, n, j->size) || fdatasync(j->fd)) {
		io_fail(err, "cannot write", j->path);
		/* what this append left behind was never acknowledged: cut it
		 * off, so that it is not imported after a crash (when even that
		 * fails, a frame written whole may be imported beside the
		 * direct append of the same record) */
		(void)audit_journal_truncate(j, j->size, NULL);
		return HW_IO;
	}
	j->size += n;
	return HW_OK;
}

uint64_t audit_journal_release(struct audit_journal *j, uint64_t released, uint64_t to)
{
	uint64_t start = released < 4096 ? 4096 : released, end = to & ~(uint64_t)4095;

	/* the header's block stays; a file system that cannot punch holes
	 * keeps the bytes until the file starts again */
	if (end <= start)
		return start;
	(void)fallocate(j->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)start,
			(off_t)(end - start));
	return end;
}

/* ---- what a journal left holds -------------------------------------------- */

struct importing {
	struct hw_store *st;
	size_t records;
	enum hw_err rc;
	struct hw_error *err;
};

static int import_one(void *ctx, struct hw_audit_record *r, size_t end)
{
	struct importing *im = ctx;

	(void)end;
	if ((im->rc = hw_audit_append(im->st, r, im->err)))
		return 1;
	im->records++;
	return 0;
}

enum hw_err audit_journal_import(struct hw_store *st, uint64_t generation, uint64_t base,
				 const unsigned char *p, size_t n, size_t *records,
				 size_t *used, struct hw_error *err)
{
	struct importing im = { st, 0, HW_OK, err };
	size_t end;
	enum hw_err rc;

	*records = 0;
	*used = 0;
	if ((rc = hw_store_begin(st, err)))
		return rc;
	end = audit_journal_decode(p, n, generation, import_one, &im);
	rc = im.rc;
	if (!rc && end)
		rc = hw_store_audit_journal_set(st, generation, base + end, err);
	if (!rc)
		rc = hw_store_commit(st, err);
	else
		hw_store_rollback(st);
	if (!rc) {
		*records = im.records;
		*used = end;
	}
	return rc;
}

/* The generation of the file's header; 0 for an empty file or one torn
 * while it started again (shorter than a header).  HW_STORE for a header
 * that does not check out, or names another database. */
static enum hw_err read_header(struct audit_journal *j, const unsigned char database_id[16],
			       uint64_t *generation, uint64_t *size, struct hw_error *err)
{
	unsigned char h[AUDIT_JOURNAL_HEADER], check[CHECK_SIZE];
	struct stat sb;

	*generation = 0;
	*size = 0;
	if (fstat(j->fd, &sb))
		return io_fail(err, "cannot read", j->path);
	*size = (uint64_t)sb.st_size;
	if (*size < AUDIT_JOURNAL_HEADER)
		return HW_OK;
	if (pread(j->fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return io_fail(err, "cannot read", j->path);
	crypto_generichash(check, CHECK_SIZE, h, 32, NULL, 0);
	if (memcmp(h, MAGIC, 8) || sodium_memcmp(check, h + 32, CHECK_SIZE))
		return hw_error_set(err, HW_STORE,
				    "the audit journal %s is damaged (its header does not check "
				    "out); its records of reads may not be in the audit trail: "
				    "keep the file for an investigation and move it away",
				    j->path);
	if (memcmp(h + 16, database_id, 16))
		return hw_error_set(err, HW_STORE,
				    "the audit journal %s belongs to another database (one this "
				    "file replaced?); its records of reads are not in this audit "
				    "trail: keep the file for an investigation and move it away",
				    j->path);
	*generation = get_u64(h + 8);
	return HW_OK;
}

enum hw_err audit_journal_read(struct audit_journal *j, uint64_t from, uint64_t to,
			       unsigned char **out, struct hw_error *err)
{
	size_t n = (size_t)(to - from), got = 0;
	unsigned char *buf;
	ssize_t r;

	*out = NULL;
	if (to < from || to - from > SIZE_MAX / 2 || !(buf = hw_malloc(n ? n : 1)))
		return hw_error_set(err, HW_NOMEM, NULL);
	while (got < n) {
		r = pread(j->fd, buf + got, n - got, (off_t)(from + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got < n) {
		hw_free(buf);
		return io_fail(err, "cannot read", j->path);
	}
	*out = buf;
	return HW_OK;
}

enum hw_err audit_journal_recover(struct hw_store *st, struct audit_journal *j,
				  uint64_t *next_generation, size_t *records,
				  struct hw_error *err)
{
	uint64_t fgen, mgen, moff, from, size;
	unsigned char *buf;
	size_t used;
	enum hw_err rc;

	*records = 0;
	if ((rc = hw_store_audit_journal_get(st, j->database_id, &mgen, &moff, err)) ||
	    (rc = read_header(j, j->database_id, &fgen, &size, err)))
		return rc;
	*next_generation = (fgen > mgen ? fgen : mgen) + 1;
	/* the mark applies to its own generation; a newer file is all new */
	from = fgen == mgen ? moff : AUDIT_JOURNAL_HEADER;
	if (from < AUDIT_JOURNAL_HEADER)
		from = AUDIT_JOURNAL_HEADER;
	if (!fgen || fgen < mgen || from >= size)
		return HW_OK;
	if ((rc = audit_journal_read(j, from, size, &buf, err)))
		return rc;
	rc = audit_journal_import(st, fgen, from, buf, (size_t)(size - from), records, &used,
				  err);
	hw_free(buf);
	return rc;
}

enum hw_err hw_audit_recover(struct hw_store *st, const char *db_path, size_t *records,
			     struct hw_error *err)
{
	struct audit_journal j;
	uint64_t next;
	size_t n = 0;
	enum hw_err rc;
	int busy;
	struct stat sb;
	char *path;

	if (records)
		*records = 0;
	/* no journal, nothing to do (and no file created for nothing) */
	if (!(path = journal_path(db_path)))
		return hw_error_set(err, HW_NOMEM, NULL);
	rc = stat(path, &sb) ? HW_NOT_FOUND : HW_OK;
	hw_free(path);
	if (rc || sb.st_size == 0)
		return HW_OK;
	if (!audit_sodium_ready())
		return hw_error_set(err, HW_INTERNAL, "libsodium cannot start");
	if ((rc = audit_journal_open(db_path, &j, &busy, err)))
		return rc;
	if (busy) /* a running server's: it imports its own */
		return HW_OK;
	rc = audit_journal_recover(st, &j, &next, &n, err);
	/* all of it is in the chain now: the file can go empty */
	if (!rc)
		rc = audit_journal_truncate(&j, 0, err);
	audit_journal_close(&j);
	if (records)
		*records = n;
	return rc;
}
