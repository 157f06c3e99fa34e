/*
 * writer.c - group commit of audit records (hw_audit_writer_* in
 * homeward/audit.h).
 *
 * A caller puts a `struct pending` on its own stack (the record, room for
 * the verdict, a done flag and a condition), links it at the tail of the
 * queue and waits on its condition.  The writer's thread takes the whole
 * queue at once, appends its records in one transaction, commits, marks
 * them done and wakes the callers; while it commits, the next batch
 * gathers in the queue.  A caller's pending entry lives until its done
 * flag is set under the lock, so the thread reads `next` before it sets
 * `done`.
 */
#include <pthread.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/audit.h"
#include "audit/audit_int.h"
#include "core/banned.h"

struct pending {
	struct hw_audit_record *rec;
	struct hw_error err;
	enum hw_err rc;
	int done;
	pthread_cond_t wake;          /* signalled when done */
	struct pending *next;
};

struct hw_audit_writer {
	struct hw_store *st;          /* used by the thread only */
	pthread_t thread;
	pthread_mutex_t lock;         /* everything below */
	pthread_cond_t work;          /* a record was queued, or stop */
	struct pending *head, **tail;
	int stopping;
	uint64_t batches, records;
};

/* Appends the batch in one transaction; when that fails, each record in a
 * transaction of its own, so a failure answers only its own caller. */
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

enum hw_err hw_audit_writer_start(const char *db_path, struct hw_store_gate *gate,
				  struct hw_audit_writer **out, struct hw_error *err)
{
	struct hw_audit_writer *w;
	enum hw_err rc;

	*out = NULL;
	if (!audit_sodium_ready())
		return hw_error_set(err, HW_INTERNAL, "libsodium cannot start");
	if (!(w = hw_calloc(1, sizeof(*w))))
		return hw_error_set(err, HW_NOMEM, NULL);
	if ((rc = hw_store_open(&w->st, db_path, 0, err))) {
		hw_free(w);
		return rc;
	}
	hw_store_set_gate(w->st, gate);
	w->tail = &w->head;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	if (pthread_create(&w->thread, NULL, writer_run, w)) {
		pthread_cond_destroy(&w->work);
		pthread_mutex_destroy(&w->lock);
		hw_store_close(w->st);
		hw_free(w);
		return hw_error_set(err, HW_INTERNAL, "cannot start the audit writer's thread");
	}
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

void hw_audit_writer_stats(struct hw_audit_writer *w, uint64_t *batches, uint64_t *records)
{
	pthread_mutex_lock(&w->lock);
	*batches = w->batches;
	*records = w->records;
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
	pthread_join(w->thread, NULL);
	hw_store_close(w->st);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	hw_free(w);
}
