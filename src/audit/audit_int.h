/*
 * audit_int.h - what the files of src/audit share.
 */
#ifndef HOMEWARD_AUDIT_INT_H
#define HOMEWARD_AUDIT_INT_H

#include "homeward/audit.h"

/* Initialises libsodium once per process (thread-safe); 1 when ready. */
int audit_sodium_ready(void);

/* The checks of hw_audit_append: HW_INVALID naming the field. */
enum hw_err audit_check_record(const struct hw_audit_record *r, struct hw_error *err);

/* ---- the journal of records of reads (journal.c) ----------------------- */

#include <stdint.h>
#include "homeward/buf.h"

#define AUDIT_JOURNAL_SUFFIX "-audit"
#define AUDIT_JOURNAL_HEADER 48

struct audit_journal {
	int fd;                 /* -1 when closed */
	char *path;
	unsigned char database_id[16]; /* the database's, set by audit_journal_recover */
	uint64_t generation;
	uint64_t size;          /* bytes written and acknowledged */
};

/* Appends the frame of `r` to `out`: HW_NOMEM, or HW_INVALID for a
 * record too large for a frame. */
enum hw_err audit_journal_frame(struct hw_buf *out, uint64_t generation,
				const struct hw_audit_record *r, struct hw_error *err);
/* Decodes the frames of generation `generation` at the start of p[0..n),
 * calling cb with each record (its strings point into p) and the offset
 * after its frame; non-zero from cb stops.  Stops at the first frame that
 * is torn or does not check out.  Returns the bytes of the frames read. */
size_t audit_journal_decode(const unsigned char *p, size_t n, uint64_t generation,
			    int (*cb)(void *ctx, struct hw_audit_record *r, size_t end),
			    void *ctx);
/* Opens (creating) and locks DB_PATH-audit.  *busy 1, and j closed, when
 * another process holds it. */
enum hw_err audit_journal_open(const char *db_path, struct audit_journal *j, int *busy,
			       struct hw_error *err);
void audit_journal_close(struct audit_journal *j);
/* Empties the file and starts generation `generation` of the journal of
 * the database `database_id` (synced). */
enum hw_err audit_journal_restart(struct audit_journal *j, const unsigned char database_id[16],
				  uint64_t generation, struct hw_error *err);
/* Cuts the file to `size` bytes. */
enum hw_err audit_journal_truncate(struct audit_journal *j, uint64_t size, struct hw_error *err);
/* Appends n bytes of frames and syncs them; on failure cuts the file back
 * to what was acknowledged. */
enum hw_err audit_journal_append(struct audit_journal *j, const void *p, size_t n,
				 struct hw_error *err);
/* Reads journal bytes [from, to) into *out (hw_free). */
enum hw_err audit_journal_read(struct audit_journal *j, uint64_t from, uint64_t to,
			       unsigned char **out, struct hw_error *err);
/* Gives the disk blocks from `released` (the value this returned last,
 * 0 at first) up to the block holding `to`, all imported, back to the file
 * system (a hole; the offsets stay).  Returns how far that reaches. */
uint64_t audit_journal_release(struct audit_journal *j, uint64_t released, uint64_t to);
/* Brings the frames p[0..n), found at offset `base` of the journal of
 * generation `generation`, into the chain in one transaction of st, with
 * the mark moved past them. */
enum hw_err audit_journal_import(struct hw_store *st, uint64_t generation, uint64_t base,
				 const unsigned char *p, size_t n, size_t *records,
				 size_t *used, struct hw_error *err);
/* Imports what the journal holds beyond the database's mark; sets
 * j->database_id, and *next_generation to the generation the file may
 * start next.  HW_STORE for a damaged journal or another database's. */
enum hw_err audit_journal_recover(struct hw_store *st, struct audit_journal *j,
				  uint64_t *next_generation, size_t *records,
				  struct hw_error *err);

/* The size past which the writer's journal starts again once imported
 * (JOURNAL_ROTATE in writer.c); for tests. */
void audit_writer_rotate_at(struct hw_audit_writer *w, uint64_t bytes);

#endif
