/*
 * cli_audit.c - the audit records of the command line's reads and writes
 * of persons: the record itself (actor "cli:LOGIN", address "local"), the
 * end of a person's write, the record of an import, the persons a read
 * of many disclosed, and the transaction in which the exchange ledger's
 * commands write their records.  The audited listing is in cli_listing.c.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "homeward/alloc.h"
#include "homeward/audit.h"
#include "homeward/auth_json.h"
#include "homeward/persons_json.h"
#include "cli/cli_audit.h"
#include "cli/cli_auth.h"
#include "core/banned.h"

/* Says in `err` that the record was not written, and what that means. */
static enum hw_err audit_failed(struct hw_error *err, const char *consequence)
{
	char why[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128];
	enum hw_err code = err->code ? err->code : HW_INTERNAL;

	hw_error_format(err, why, sizeof(why));
	hw_error_clear(err);
	return hw_error_set(err, code, "cannot write the audit record, so %s: %s", consequence,
			    why);
}

static enum hw_err append_object(struct hw_store *st, const char *action,
				 const char *object_type, const char *object_id, int64_t person_id,
				 json_t *before, json_t *after, struct hw_error *err)
{
	struct hw_audit_record r;
	struct hw_actor who;
	char actor[96];

	memset(&r, 0, sizeof(r));
	cli_who(&who, actor, sizeof(actor));
	r.at = cli_now();
	r.actor = who.actor;
	r.address = who.address;
	r.action = action;
	r.object_type = object_type;
	r.object_id = object_id;
	r.person_id = person_id;
	r.outcome = HW_AUDIT_OK;
	return hw_audit_append_json(st, NULL, &r, before, after, err);
}

/* A record about person `person_id` (when not 0: the object is the
 * person, named by its public reference) or else about `object_type`. */
static enum hw_err append(struct hw_store *st, const char *action, const char *object_type,
			  int64_t person_id, json_t *before, json_t *after, struct hw_error *err)
{
	char ref[HW_PUBREF_MAX];

	if (!person_id)
		return append_object(st, action, object_type, NULL, 0, before, after, err);
	hw_pubref_format(person_id, ref);
	return append_object(st, action, "person", ref, person_id, before, after, err);
}

int cli_audit_read(struct hw_store *st, const char *action, const char *object_type,
		   int64_t person_id, json_t *detail)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (!append(st, action, object_type, person_id, NULL, detail, &err))
		return 0;
	audit_failed(&err, "nothing is shown");
	return cli_fail(&err);
}

enum hw_err cli_audit_write(struct hw_store *st, const char *action, int64_t person_id,
			    json_t *before, json_t *after, struct hw_error *err)
{
	if (append(st, action, "person", person_id, before, after, err))
		return audit_failed(err, "nothing was changed");
	return HW_OK;
}

enum hw_err cli_audit_person_commit(struct hw_store *st, const char *action, int64_t id,
				    json_t *before, struct hw_error *err)
{
	struct hw_person p;
	json_t *after = NULL;
	enum hw_err rc;

	hw_person_init(&p);
	if ((rc = hw_store_person_get(st, id, &p, err)))
		goto out;
	if (!(after = hw_person_to_json(&p, HW_JSON_HEALTH))) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	if (!(rc = cli_audit_write(st, action, id, before, after, err)))
		rc = hw_store_commit(st, err);
out:
	if (rc)
		hw_store_rollback(st);
	json_decref(after);
	hw_person_release(&p);
	return rc;
}

/* ---- the exchange ledger ------------------------------------------------- */

const char *cli_actor(void)
{
	static char actor[96];
	struct hw_actor who;

	if (!actor[0])
		cli_who(&who, actor, sizeof(actor));
	return actor;
}

static enum hw_err xaudit_append(void *ctx, const char *action, const char *object_type,
				 const char *object_id, int64_t person_id, json_t *before,
				 json_t *after, struct hw_error *err)
{
	struct cli_xaudit *x = ctx;

	if (!append_object(x->st, action, object_type, object_id, person_id, before, after, err))
		return HW_OK;
	/* a read says what failed once, whatever it was (cli_xaudit_end) */
	return x->read ? err->code : audit_failed(err, "nothing was changed");
}

enum hw_err cli_xaudit_begin(struct cli_xaudit *x, struct hw_store *st, int read,
			     struct hw_error *err)
{
	x->au.append = xaudit_append;
	x->au.ctx = x;
	x->au.actor = cli_actor();
	x->st = st;
	x->read = read;
	return hw_store_begin(st, err);
}

int cli_xaudit_end(struct cli_xaudit *x, enum hw_err rc, struct hw_error *err)
{
	if (!rc && !hw_store_commit(x->st, err))
		return 0;
	hw_store_rollback(x->st);
	if (x->read)
		audit_failed(err, "nothing is shown");
	return cli_fail(err);
}

/* ---- names and digests in records --------------------------------------- */

/* A file name need not be UTF-8: then each byte of 0x80 and above is
 * written as \xNN (so that an invalid name is still recorded). */
json_t *cli_audit_name_json(const char *s)
{
	struct hw_buf b = HW_BUF_INIT;
	json_t *j = json_string(s);
	const unsigned char *p;

	if (j)
		return j;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			hw_buf_addch(&b, (char)*p);
		else
			hw_buf_addf(&b, "\\x%02x", *p);
	j = json_string(b.data);
	hw_buf_release(&b);
	return j;
}

static void hex(const unsigned char sha256[32], char out[65])
{
	sodium_bin2hex(out, 65, sha256, 32);
}

/* ---- import ------------------------------------------------------------ */

enum hw_err cli_audit_import(void *ctx, struct hw_store *st,
			     const struct hw_import_result *res, struct hw_error *err)
{
	const struct cli_audit_import *ai = ctx;
	char digest[65];
	json_t *j;
	enum hw_err rc;

	hex(res->sha256, digest);
	j = json_pack("{s:o, s:I, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I}", "file",
		      cli_audit_name_json(ai->file), "bytes", (json_int_t)res->bytes, "sha256",
		      digest, "source", ai->source_label, "skip_invalid", ai->skip_invalid,
		      "rows", (json_int_t)res->rows, "created", (json_int_t)res->created,
		      "updated", (json_int_t)res->updated, "unchanged",
		      (json_int_t)res->unchanged, "rejected", (json_int_t)res->rejected);
	rc = j ? append(st, "person.import", "person", 0, NULL, j, err)
	       : hw_error_set(err, HW_NOMEM, NULL);
	json_decref(j);
	return rc ? audit_failed(err, "nothing was imported") : HW_OK;
}

/* ---- what a read of many disclosed -------------------------------------- */

void cli_disclosure_init(struct cli_disclosure *d)
{
	memset(d, 0, sizeof(*d));
}

void cli_disclosure_release(struct cli_disclosure *d)
{
	hw_free(d->ids);
	cli_disclosure_init(d);
}

int cli_disclosure_add(struct cli_disclosure *d, int64_t person_id)
{
	int64_t *v;

	if (!d->count++)
		d->first = person_id;
	d->last = person_id;
	if (d->overflow)
		return 0;
	if (d->nids == CLI_AUDIT_REFS_MAX) {
		HW_FREE_AND_NULL(d->ids);
		d->nids = d->cap = 0;
		d->overflow = 1;
		return 0;
	}
	if (d->nids == d->cap) {
		if (!(v = hw_reallocarray(d->ids, d->cap ? d->cap * 2 : 64, sizeof(*v))))
			return -1;
		d->ids = v;
		d->cap = d->cap ? d->cap * 2 : 64;
	}
	d->ids[d->nids++] = person_id;
	return 0;
}

static json_t *ref_json(int64_t id)
{
	char ref[HW_PUBREF_MAX];

	hw_pubref_format(id, ref);
	return json_string(ref);
}

int cli_disclosure_json(const struct cli_disclosure *d, int range, json_t *detail)
{
	json_t *refs = d->overflow ? json_null() : json_array();
	char digest[65];
	size_t i;
	int bad = !refs;

	for (i = 0; !bad && i < d->nids; i++)
		bad = json_array_append_new(refs, ref_json(d->ids[i]));
	hex(d->sha256, digest);
	bad |= json_object_set_new(detail, "count", json_integer((json_int_t)d->count));
	bad |= json_object_set_new(detail, "refs", refs);
	if (d->overflow && range) {
		bad |= json_object_set_new(detail, "first", ref_json(d->first));
		bad |= json_object_set_new(detail, "last", ref_json(d->last));
	}
	bad |= json_object_set_new(detail, "sha256", json_string(digest));
	return bad ? -1 : 0;
}
