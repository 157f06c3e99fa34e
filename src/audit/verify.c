/*
 * verify.c - checking the whole audit chain.
 *
 * One pass in id order over a snapshot of the records and the head.  The
 * first record that breaks one of these rules is named, with what it
 * tells:
 *   - beyond the head's last id                     inserted
 *   - an id out of sequence: a gap                  the missing one removed
 *     (an id before the expected one)               inserted
 *   - prev_hash is not the previous record's hash   does not chain: forged,
 *                                                   or the previous one
 *                                                   rewritten with its hash
 *   - its fields do not give its hash               altered
 * and at the end, against the head:
 *   - fewer records than the head's last id         the next one removed
 *   - the last hash is not the head's hash          the last one rewritten
 *   - the head row missing, or its count not its last id: the head altered
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "homeward/audit.h"
#include "audit/audit_int.h"
#include "core/banned.h"

struct walk {
	struct hw_audit_verdict *v;
	int64_t expect;                         /* the id the next record must have */
	unsigned char prev[HW_AUDIT_HASH_SIZE]; /* the hash the next one must chain to */
};

static int flag(struct hw_audit_verdict *v, enum hw_audit_flaw flaw, int64_t id,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int flag(struct hw_audit_verdict *v, enum hw_audit_flaw flaw, int64_t id,
		const char *fmt, ...)
{
	va_list ap;

	v->flaw = flaw;
	v->bad_id = id;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
	return 1;
}

static int check_one(void *ctx, const struct hw_audit_record *r)
{
	struct walk *w = ctx;
	struct hw_audit_verdict *v = w->v;
	unsigned char h[HW_AUDIT_HASH_SIZE];

	v->records++;
	if (v->head.present && r->id > v->head.last_id)
		return flag(v, HW_AUDIT_INSERTED, r->id, "record %" PRId64 " was inserted: it lies "
			    "beyond the head of the chain (record %" PRId64 ")", r->id,
			    v->head.last_id);
	if (r->id > w->expect)
		return flag(v, HW_AUDIT_REMOVED, w->expect, "record %" PRId64 " was removed (the "
			    "next record is %" PRId64 ")", w->expect, r->id);
	if (r->id < w->expect)
		return flag(v, HW_AUDIT_INSERTED, r->id, "record %" PRId64 " was inserted: ids "
			    "start at 1 and follow each other (expected %" PRId64 ")", r->id,
			    w->expect);
	if (sodium_memcmp(r->prev_hash, w->prev, HW_AUDIT_HASH_SIZE))
		return flag(v, HW_AUDIT_INSERTED, r->id, "record %" PRId64 " does not chain to "
			    "the record before it: it was forged, or that one was rewritten",
			    r->id);
	hw_audit_hash(r, h);
	if (sodium_memcmp(h, r->hash, HW_AUDIT_HASH_SIZE))
		return flag(v, HW_AUDIT_ALTERED, r->id, "record %" PRId64 " was altered: its "
			    "fields do not give its hash", r->id);
	memcpy(w->prev, r->hash, HW_AUDIT_HASH_SIZE);
	w->expect++;
	return 0;
}

/* The checks against the head, after a walk that found nothing. */
static void check_head(struct walk *w)
{
	struct hw_audit_verdict *v = w->v;
	int64_t last = w->expect - 1;

	if (!v->head.present)
		flag(v, HW_AUDIT_HEAD, 0, "the head of the chain is missing");
	else if (v->head.last_id > last)
		flag(v, HW_AUDIT_REMOVED, last + 1, "record %" PRId64 " was removed: the chain "
		     "ends before the head (record %" PRId64 ")", last + 1, v->head.last_id);
	else if (sodium_memcmp(v->head.hash, w->prev, HW_AUDIT_HASH_SIZE) && last)
		flag(v, HW_AUDIT_ALTERED, last, "record %" PRId64 " was rewritten: its hash is "
		     "not the one the head holds", last);
	else if (sodium_memcmp(v->head.hash, w->prev, HW_AUDIT_HASH_SIZE))
		flag(v, HW_AUDIT_HEAD, 0, "the head of the chain was altered: it holds a hash, "
		     "but the chain is empty");
	else if (v->head.count != v->head.last_id)
		flag(v, HW_AUDIT_HEAD, 0, "the head of the chain was altered: it counts %" PRId64
		     " records up to record %" PRId64, v->head.count, v->head.last_id);
}

enum hw_err hw_audit_verify(struct hw_store *st, struct hw_audit_verdict *v,
			    struct hw_error *err)
{
	struct walk w;
	enum hw_err rc;

	memset(v, 0, sizeof(*v));
	memset(&w, 0, sizeof(w));
	if (!audit_sodium_ready())
		return hw_error_set(err, HW_INTERNAL, "libsodium cannot start");
	w.v = v;
	w.expect = 1;
	if ((rc = hw_store_audit_walk(st, &v->head, check_one, &w, err)))
		return rc;
	if (v->flaw == HW_AUDIT_INTACT)
		check_head(&w);
	if (v->flaw == HW_AUDIT_INTACT)
		snprintf(v->message, sizeof(v->message), "%" PRId64 " records, intact", v->records);
	return HW_OK;
}
