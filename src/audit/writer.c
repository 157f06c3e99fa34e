/*
 * writer.c - group commit of audit records (hw_audit_writer_* in
 * homeward/audit.h).
 *
 * A caller puts a `struct pending` on its own stack (the record, room for
 * the verdict, a done flag and a condition), links it at the tail of the
 * queue and waits on its condition.  The writer's thread takes the whole
 * queue at once, makes it durable in one go, marks the entries done and
 * wakes their callers; while it writes, the next batch gathers in the
 * queue.  A caller's pending entry lives until its done flag is set under
 * the lock, so the thread reads `next` before it sets `done`.
 *
 * Durable means, normally, appended to the server's audit journal and
 * fdatasync'ed (journal.c): a few hundred bytes a record.  The importer's
 * thread brings what the journal holds into the hash chain in large
 * transactions (every IMPORT_MS, or at IMPORT_BYTES, or when asked by
 * hw_audit_writer_sync), reading it back from the file.  Without a journal
 * (another process holds it, or it failed) each batch is appended to the
 * chain in a transaction of its own, as before the journal existed.
 *
 * Under the lock: the queue, and how far the journal is written
 * (w->gen, w->written) and imported (w->imported).  The journal file is
 * written by the writer's thread only and read by the importer's, below
 * `written`; it starts again (a new generation) only when everything in
 * it is imported.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "homeward/alloc.h"
#include "homeward/audit.h"
#include "homeward/store.h"
#include "audit/audit_int.h"
#include "core/banned.h"

#define IMPORT_MS 100                 /* the longest a record waits to enter the chain */
#define IMPORT_BYTES (64u * 1024)      /* or this much journal, about 500 records of reads */
#define IMPORT_RETRY_MS 200            /* after a failed import */
#define JOURNAL_ROTATE (16u << 20)     /* start the file again past this, once imported */

struct pending {
	struct hw_audit_record *rec;
	struct hw_error err;
	enum hw_err rc;
	int done;
	pthread_cond_t wake;          /* signalled when done */
	struct pending *next;
};

struct hw_audit_writer {
	struct hw_store *st;          /* the writer's thread's */
	struct hw_store *ist;         /* the importer's */
	pthread_t thread, importer;
	int has_thread, has_importer;
	pthread_mutex_t lock;         /* everything below */
	pthread_cond_t work;          /* a record was queued, or stop */
	pthread_cond_t import_work;   /* journal to import, a sync, or stop */
	pthread_cond_t imported_cv;   /* the importer moved on */
	struct pending *head, **tail;
	int stopping, importer_stopping;
	uint64_t batches, records;

	struct audit_journal j;       /* j.fd -1: no journal */
	int journaling;               /* 0 once the journal failed */
	struct hw_buf frames;         /* the writer's thread's scratch */
	uint64_t written;             /* the journal's size: frames acknowledged */
	uint64_t imported;            /* the offset imported up to */
	uint64_t released;            /* the importer's: blocks given back up to here */
	uint64_t rotate_at;           /* JOURNAL_ROTATE; tests set less */
	uint64_t journaled_n, imported_n; /* records, ever */
	uint64_t imports;             /* import transactions */
	int64_t pending_since;        /* ms: when written passed imported */
	int sync_wanted;
	enum hw_err import_rc;        /* the last import's, HW_OK once one works */
	struct hw_error import_err;
};

static void deadline_in(struct timespec *ts, int64_t ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/* ---- the writer's thread ------------------------------------------------ */

/* Appends the batch to the chain in one transaction; when that fails,
 * each record in a transaction of its own, so a failure answers only its
 * own caller. */
static void commit_batch(struct hw_audit_writer *w, struct pending *batch)
{
	struct hw_error err;
	struct pending *p;

	hw_error_clear(&err);
	if (!hw_store_begin(w->st, &err)) {
		for (p = batch; p; p = p->next)
			if ((p->rc = hw_audit_append(w->st, p->rec, &p->err)))
				break;
		if (!p && !hw_store_commit(w->st, &err))
			return;
		hw_store_rollback(w->st);
	}
	for (p = batch; p; p = p->next) {
		hw_error_clear(&p->err);
		p->rc = hw_audit_append(w->st, p->rec, &p->err);
	}
}

/* Appends the batch to the journal: 0 when it is durable there, -1 when
 * it must go to the chain directly (the journal is then given up). */
static int journal_batch(struct hw_audit_writer *w, struct pending *batch)
{
	struct hw_error err;
	struct pending *p;
	uint64_t n = 0;

	hw_error_clear(&err);
	hw_buf_reset(&w->frames);
	for (p = batch; p; p = p->next, n++)
		if (audit_journal_frame(&w->frames, w->j.generation, p->rec, &err))
			return -1; /* too large, or no memory: this batch goes directly */
	if (audit_journal_append(&w->j, w->frames.data, w->frames.len, &err)) {
		pthread_mutex_lock(&w->lock);
		w->journaling = 0;
		pthread_mutex_unlock(&w->lock);
		return -1;
	}
	for (p = batch; p; p = p->next)
		p->rc = HW_OK;
	pthread_mutex_lock(&w->lock);
	if (w->imported == w->written) {
		/* the importer's clock starts */
		w->pending_since = hw_store_clock_ms();
		pthread_cond_signal(&w->import_work);
	}
	w->written = w->j.size;
	w->journaled_n += n;
	if (w->written - w->imported >= IMPORT_BYTES)
		pthread_cond_signal(&w->import_work);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

/* Before a batch: once everything in a large journal is in the chain, it
 * starts again. */
static void maybe_rotate(struct hw_audit_writer *w)
{
	struct hw_error err;
	int rotate;

	pthread_mutex_lock(&w->lock);
	rotate = w->journaling && w->written >= w->rotate_at && w->imported == w->written;
	pthread_mutex_unlock(&w->lock);
	if (!rotate)
		return;
	hw_error_clear(&err);
	/* the importer has nothing to read meanwhile: imported == written */
	if (audit_journal_restart(&w->j, w->j.database_id, w->j.generation + 1, &err)) {
		pthread_mutex_lock(&w->lock);
		w->journaling = 0;
		pthread_mutex_unlock(&w->lock);
		return;
	}
	pthread_mutex_lock(&w->lock);
	w->written = w->imported = w->j.size;
	w->released = 0;
	pthread_mutex_unlock(&w->lock);
}

static void *writer_run(void *arg)
{
	struct hw_audit_writer *w = arg;
	struct pending *batch, *p, *next;
	uint64_t n;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->work, &w->lock);
		if (!w->head)
			break;
		batch = w->head;
		w->head = NULL;
		w->tail = &w->head;
		pthread_mutex_unlock(&w->lock);

		if (w->journaling)
			maybe_rotate(w);
		if (!w->journaling || journal_batch(w, batch))
			commit_batch(w, batch);

		pthread_mutex_lock(&w->lock);
		for (n = 0, p = batch; p; p = next, n++) {
			next = p->next;
			p->done = 1;
			pthread_cond_signal(&p->wake);
		}
		w->batches++;
		w->records += n;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ---- the importer's thread ---------------------------------------------- */

/* Imports journal[from, to) of the current generation. */
static enum hw_err import_range(struct hw_audit_writer *w, uint64_t from, uint64_t to,
				size_t *records, size_t *used, struct hw_error *err)
{
	unsigned char *buf;
	enum hw_err rc;

	if ((rc = audit_journal_read(&w->j, from, to, &buf, err)))
		return rc;
	rc = audit_journal_import(w->ist, w->j.generation, from, buf, (size_t)(to - from),
				  records, used, err);
	hw_free(buf);
	if (!rc && *used < to - from)
		rc = hw_error_set(err, HW_IO, "the audit journal %s does not read back as written",
				  w->j.path);
	if (!rc) /* in the chain: its disk space can go */
		w->released = audit_journal_release(&w->j, w->released, from + *used);
	return rc;
}

static void *importer_run(void *arg)
{
	struct hw_audit_writer *w = arg;
	struct timespec until;
	struct hw_error err;
	uint64_t from, to;
	size_t records, used;
	enum hw_err rc;
	int64_t wait;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		if (w->imported == w->written) {
			if (w->importer_stopping)
				break;
			w->sync_wanted = 0;
			pthread_cond_broadcast(&w->imported_cv);
			pthread_cond_wait(&w->import_work, &w->lock);
			continue;
		}
		wait = w->pending_since + IMPORT_MS - hw_store_clock_ms();
		if (!w->importer_stopping && !w->sync_wanted && wait > 0 &&
		    w->written - w->imported < IMPORT_BYTES) {
			deadline_in(&until, wait);
			pthread_cond_timedwait(&w->import_work, &w->lock, &until);
			continue;
		}
		from = w->imported;
		to = w->written;
		pthread_mutex_unlock(&w->lock);

		hw_error_clear(&err);
		rc = import_range(w, from, to, &records, &used, &err);

		pthread_mutex_lock(&w->lock);
		w->import_rc = rc;
		if (rc) {
			w->import_err = err;
			pthread_cond_broadcast(&w->imported_cv);
			if (w->importer_stopping)
				break; /* left in the journal, imported at the next start */
			deadline_in(&until, IMPORT_RETRY_MS);
			pthread_cond_timedwait(&w->import_work, &w->lock, &until);
			continue;
		}
		w->imported = from + used;
		w->imported_n += records;
		w->imports++;
		w->pending_since = hw_store_clock_ms();
		pthread_cond_broadcast(&w->imported_cv);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ---- the interface ------------------------------------------------------- */

static void writer_free(struct hw_audit_writer *w)
{
	/* all of it in the chain: the file is left empty (when emptying fails,
	 * the mark says its records are imported) */
	if (w->j.fd >= 0 && w->imported == w->written && w->import_rc == HW_OK)
		(void)audit_journal_truncate(&w->j, 0, NULL);
	audit_journal_close(&w->j);
	hw_buf_release(&w->frames);
	hw_store_close(w->ist);
	hw_store_close(w->st);
	pthread_cond_destroy(&w->imported_cv);
	pthread_cond_destroy(&w->import_work);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	hw_free(w);
}

/* Opens the journal, imports what a server that stopped without closing
 * left in it, and starts it again.  No journal (held by another process,
 * or it cannot be opened) is no error: the writer then appends directly. */
static enum hw_err open_journal(struct hw_audit_writer *w, const char *db_path,
				struct hw_store_gate *gate, struct hw_error *err)
{
	struct hw_error jerr;
	uint64_t next;
	size_t n;
	enum hw_err rc;
	int busy;

	hw_error_clear(&jerr);
	if (audit_journal_open(db_path, &w->j, &busy, &jerr) || busy)
		return HW_OK;
	/* a damaged journal is an error: its records are not to be lost */
	if ((rc = audit_journal_recover(w->st, &w->j, &next, &n, err)))
		return rc;
	if (audit_journal_restart(&w->j, w->j.database_id, next, &jerr) ||
	    hw_store_open(&w->ist, db_path, 0, &jerr)) {
		audit_journal_close(&w->j);
		return HW_OK;
	}
	hw_store_set_gate(w->ist, gate);
	w->journaling = 1;
	w->written = w->imported = w->j.size;
	return HW_OK;
}

enum hw_err hw_audit_writer_start(const char *db_path, struct hw_store_gate *gate,
				  struct hw_audit_writer **out, struct hw_error *err)
{
	struct hw_audit_writer *w;
	pthread_condattr_t ca;
	enum hw_err rc;

	*out = NULL;
	if (!audit_sodium_ready())
		return hw_error_set(err, HW_INTERNAL, "libsodium cannot start");
	if (!(w = hw_calloc(1, sizeof(*w))))
		return hw_error_set(err, HW_NOMEM, NULL);
	w->j.fd = -1;
	w->rotate_at = JOURNAL_ROTATE;
	w->tail = &w->head;
	hw_buf_init(&w->frames, 0);
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->work, &ca);
	pthread_cond_init(&w->import_work, &ca);
	pthread_cond_init(&w->imported_cv, &ca);
	pthread_condattr_destroy(&ca);
	if ((rc = hw_store_open(&w->st, db_path, 0, err))) {
		writer_free(w);
		return rc;
	}
	hw_store_set_gate(w->st, gate);
	if ((rc = open_journal(w, db_path, gate, err))) {
		writer_free(w);
		return rc;
	}
	if (w->journaling && pthread_create(&w->importer, NULL, importer_run, w)) {
		writer_free(w);
		return hw_error_set(err, HW_INTERNAL, "cannot start the audit importer's thread");
	}
	w->has_importer = w->journaling;
	if (pthread_create(&w->thread, NULL, writer_run, w)) {
		hw_audit_writer_stop(w);
		return hw_error_set(err, HW_INTERNAL, "cannot start the audit writer's thread");
	}
	w->has_thread = 1;
	*out = w;
	return HW_OK;
}

enum hw_err hw_audit_writer_append(struct hw_audit_writer *w, struct hw_audit_record *r,
				   struct hw_error *err)
{
	struct pending p;
	enum hw_err rc;

	if ((rc = audit_check_record(r, err)))
		return rc;
	memset(&p, 0, sizeof(p));
	p.rec = r;
	pthread_mutex_lock(&w->lock);
	if (w->stopping) {
		pthread_mutex_unlock(&w->lock);
		return hw_error_set(err, HW_INTERNAL, "the audit writer is stopping");
	}
	/* a condition of its own: the writer wakes exactly the callers of
	 * the batch it finished, not every thread waiting */
	pthread_cond_init(&p.wake, NULL);
	*w->tail = &p;
	w->tail = &p.next;
	pthread_cond_signal(&w->work);
	while (!p.done)
		pthread_cond_wait(&p.wake, &w->lock);
	pthread_mutex_unlock(&w->lock);
	pthread_cond_destroy(&p.wake);
	if (p.rc && err)
		*err = p.err;
	return p.rc;
}

enum hw_err hw_audit_writer_sync(struct hw_audit_writer *w, struct hw_error *err)
{
	uint64_t target;
	enum hw_err rc = HW_OK;

	pthread_mutex_lock(&w->lock);
	target = w->journaled_n;
	while (w->has_importer && w->imported_n < target) {
		w->sync_wanted = 1;
		pthread_cond_signal(&w->import_work);
		pthread_cond_wait(&w->imported_cv, &w->lock);
		if (w->imported_n < target && w->import_rc) {
			rc = w->import_rc;
			if (err)
				*err = w->import_err;
			break;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return rc;
}

void audit_writer_rotate_at(struct hw_audit_writer *w, uint64_t bytes)
{
	pthread_mutex_lock(&w->lock);
	w->rotate_at = bytes;
	pthread_mutex_unlock(&w->lock);
}

void hw_audit_writer_stats(struct hw_audit_writer *w, struct hw_audit_writer_stats *out)
{
	pthread_mutex_lock(&w->lock);
	out->batches = w->batches;
	out->records = w->records;
	out->journaled = w->journaled_n;
	out->imported = w->imported_n;
	out->imports = w->imports;
	out->journal = w->journaling;
	pthread_mutex_unlock(&w->lock);
}

void hw_audit_writer_stop(struct hw_audit_writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	if (w->has_thread)
		pthread_join(w->thread, NULL);
	if (w->has_importer) {
		/* everything journaled enters the chain before the store closes */
		pthread_mutex_lock(&w->lock);
		w->importer_stopping = 1;
		pthread_cond_signal(&w->import_work);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->importer, NULL);
	}
	writer_free(w);
}
