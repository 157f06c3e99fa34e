/*
 * audit.c - the audit trail: appending a record at the head of the
 * chain, hashing a record, verifying the whole chain, listing records.
 *
 * The encoding that is hashed (after the previous record's hash) is
 *
 *   "HWAUDIT1"                      a version tag, 8 bytes
 *   int  id, at                     'i' + 8 bytes big-endian each
 *   text actor, address, action,    'n' for NULL, or 's' + the length as
 *        object_type, object_id     8 bytes big-endian + the bytes
 *   int  person_id                  (0 when none)
 *   text before, after, outcome
 *
 * Every field has a tag and text its length, so no two different records
 * encode alike (NULL differs from "", and moving bytes from one field to
 * the next changes the lengths).  The id is hashed too: a record cannot
 * be moved to another place in the chain.
 */
#include <pthread.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "homeward/audit.h"
#include "audit/audit_int.h"
#include "core/banned.h"

static const char *const outcomes[] = {
#define HW_AUDIT_OUTCOME_NAME_(e, name) name,
	HW_AUDIT_OUTCOME_MAP(HW_AUDIT_OUTCOME_NAME_)
#undef HW_AUDIT_OUTCOME_NAME_
};

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;

static void sodium_start(void)
{
	sodium_ok = sodium_init() >= 0;
}

/* libsodium picks its fastest BLAKE2b in sodium_init(): once per process. */
int audit_sodium_ready(void)
{
	pthread_once(&sodium_once, sodium_start);
	return sodium_ok;
}

const char *hw_audit_outcome_name(enum hw_audit_outcome o)
{
	return (int)o >= 0 && o < HW_AUDIT__COUNT ? outcomes[o] : NULL;
}

static void put_int(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[9];
	uint64_t u = (uint64_t)v;
	int i;

	b[0] = 'i';
	for (i = 8; i >= 1; i--, u >>= 8)
		b[i] = (unsigned char)(u & 0xff);
	crypto_generichash_update(h, b, sizeof(b));
}

static void put_text(crypto_generichash_state *h, const char *s)
{
	unsigned char b[9];
	uint64_t n;
	int i;

	if (!s) {
		crypto_generichash_update(h, (const unsigned char *)"n", 1);
		return;
	}
	n = strlen(s);
	b[0] = 's';
	for (i = 8; i >= 1; i--, n >>= 8)
		b[i] = (unsigned char)(n & 0xff);
	crypto_generichash_update(h, b, sizeof(b));
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

void hw_audit_hash(const struct hw_audit_record *r, unsigned char out[HW_AUDIT_HASH_SIZE])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, HW_AUDIT_HASH_SIZE);
	crypto_generichash_update(&h, r->prev_hash, HW_AUDIT_HASH_SIZE);
	crypto_generichash_update(&h, (const unsigned char *)"HWAUDIT1", 8);
	put_int(&h, r->id);
	put_int(&h, r->at);
	put_text(&h, r->actor);
	put_text(&h, r->address);
	put_text(&h, r->action);
	put_text(&h, r->object_type);
	put_text(&h, r->object_id);
	put_int(&h, r->person_id);
	put_text(&h, r->before);
	put_text(&h, r->after);
	put_text(&h, hw_audit_outcome_name(r->outcome));
	crypto_generichash_final(&h, out, HW_AUDIT_HASH_SIZE);
}

void hw_audit_hash_hex(const unsigned char hash[HW_AUDIT_HASH_SIZE], char out[65])
{
	sodium_bin2hex(out, 65, hash, HW_AUDIT_HASH_SIZE);
}

static enum hw_err check_json(const char *field, const char *s, struct hw_error *err)
{
	json_error_t je;
	json_t *j;

	if (!s)
		return HW_OK;
	if (!(j = json_loads(s, JSON_DECODE_ANY, &je)))
		return hw_error_set_field(err, HW_INVALID, field, "not valid JSON: %s", je.text);
	json_decref(j);
	return HW_OK;
}

enum hw_err audit_check_record(const struct hw_audit_record *r, struct hw_error *err)
{
	size_t i, n = r->action ? strlen(r->action) : 0;

	if (!r->actor || !*r->actor)
		return hw_error_set_field(err, HW_INVALID, "actor", "an audit record needs an actor");
	if (n == 0 || n > 64)
		return hw_error_set_field(err, HW_INVALID, "action",
					  "an audit record needs an action of 1 to 64 characters");
	for (i = 0; i < n; i++) {
		char c = r->action[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
			return hw_error_set_field(err, HW_INVALID, "action",
						  "action '%s': only a-z, 0-9, '_' and '.'",
						  r->action);
	}
	if (!hw_audit_outcome_name(r->outcome))
		return hw_error_set_field(err, HW_INVALID, "outcome", "unknown outcome");
	if (check_json("before", r->before, err) || check_json("after", r->after, err))
		return HW_INVALID;
	return HW_OK;
}

enum hw_err hw_audit_append(struct hw_store *st, struct hw_audit_record *r,
			    struct hw_error *err)
{
	struct hw_audit_head head;
	enum hw_err rc;

	if ((rc = audit_check_record(r, err)))
		return rc;
	if (!audit_sodium_ready())
		return hw_error_set(err, HW_INTERNAL, "libsodium cannot start");
	/* the write lock is taken before the head is read: nobody appends
	 * between the read and the insert */
	if ((rc = hw_store_unit_begin(st, err)))
		return rc;
	rc = hw_store_audit_head(st, &head, err);
	if (!rc && !head.present)
		rc = hw_error_set(err, HW_STORE, "the head of the audit trail is missing; run "
				  "'homeward audit verify'");
	if (!rc) {
		r->id = head.last_id + 1;
		memcpy(r->prev_hash, head.hash, HW_AUDIT_HASH_SIZE);
		hw_audit_hash(r, r->hash);
		rc = hw_store_audit_insert(st, r, err);
	}
	return hw_store_unit_end(st, rc, err);
}

enum hw_err hw_audit_each(struct hw_store *st, const struct hw_audit_filter *filter,
			  int (*cb)(void *ctx, const struct hw_audit_record *r), void *ctx,
			  struct hw_error *err)
{
	return hw_store_audit_each(st, filter, cb, ctx, err);
}
