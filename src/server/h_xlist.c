/*
 * h_xlist.c - the lists of a stage over HTTP: importing the other side's
 * list (a CSV body), the entries with their filters and pages, the
 * outgoing list, and confirming every proposal at once
 * (/api/v1/exchanges/{exchange}/stages/{stage}/...).
 *
 * The import reads and matches the whole list before it writes anything
 * (hw_xlist_prepare), so the write lock is held only while the entries
 * are stored, with the audit record, in one transaction.  A bad list
 * stores nothing and is answered 400 with every error where it is: each
 * with its line and column (homeward/list.h's diagnostics, taken as they
 * are, not parsed from text).
 *
 * Entries name persons: a page of them is sent only once an audit record
 * names each person confirmed or proposed on it.  The records are the
 * command line's (homeward/exchange_audit.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/buf.h"
#include "homeward/exchange_json.h"
#include "homeward/list.h"
#include "server/server_int.h"
#include "core/banned.h"

#define ENTRIES_LIMIT_DEFAULT 100
#define ENTRIES_LIMIT_MAX 1000
#define OUT_PERSONS_MAX 1000

/* ---- importing the other side's list ------------------------------------ */

struct diags {
	json_t *errors, *warnings;
};

static void collect_diag(void *ctx, const struct hw_error *e, int warning)
{
	struct diags *d = ctx;

	json_array_append_new(warning ? d->warnings : d->errors,
			      json_pack("{s:I, s:o, s:o, s:o}", "line", (json_int_t)e->line,
					"column", e->column > 0 ? json_integer(e->column)
								: json_null(),
					"field", e->field[0] ? json_string(e->field) : json_null(),
					"message", hw_json_text(e->message)));
}

/* Answers the error of a list that could not be imported: where it is (the
 * error's own position, else the first diagnostic's) and every error. */
static void reply_list_error(struct hw_request *r, struct hw_error *err, json_t *errors)
{
	json_t *first = json_array_get(errors, 0), *e;
	long line = err->line, column = err->column;

	if (line <= 0 && first) {
		line = (long)json_integer_value(json_object_get(first, "line"));
		column = (long)json_integer_value(json_object_get(first, "column"));
	}
	if (err->code == HW_INVALID || err->code == HW_CONFLICT)
		snprintf(err->field, sizeof(err->field), "body");
	hw_reply_error(r, err);
	if (!(e = json_object_get(r->json, "error")) || r->status >= 500)
		return;
	if (line > 0) {
		json_object_set_new(e, "line", json_integer(line));
		json_object_set_new(e, "column", column > 0 ? json_integer(column) : json_null());
	}
	if (json_array_size(errors))
		json_object_set(e, "diagnostics", errors);
}

/* Stores the batch with its audit record; the result into *out. */
static enum hw_err store_list(struct hw_request *r, struct hw_xlist_batch *b, const char *ref,
			      json_t **out, struct hw_error *err)
{
	struct hw_xlist_result res;
	struct hw_xaudit au;
	enum hw_err rc;

	hw_h_xaudit(r, &au);
	if ((rc = hw_store_begin(r->st, err)) ||
	    (rc = hw_xaudit_list_store(r->st, &au, b, ref, &res, out, err)))
		return rc;
	return hw_store_commit(r->st, err);
}

void hw_h_list_import(struct hw_request *r)
{
	struct diags d = { json_array(), json_array() };
	struct hw_list_diag diag = { NULL, collect_diag, &d };
	struct hw_xlist_batch *b = NULL;
	struct hw_error err;
	char ref[HW_XREF_MAX], *slash;
	json_t *result = NULL;
	FILE *in = NULL;
	int64_t stage;

	hw_error_clear(&err);
	if (!d.errors || !d.warnings) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_h_load_stage(r, &stage, ref))
		goto out;
	if (!r->csv_len) {
		hw_reply_fail(r, HW_INVALID, "body", "the body is empty: send the other side's list "
			      "as CSV (docs/formats.md)");
		goto out;
	}
	if (!(in = fmemopen((void *)r->csv, r->csv_len, "r"))) {
		hw_error_set(&err, HW_NOMEM, "cannot read the body");
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_xlist_prepare(r->st, hw_server_index(r->srv), stage, in, "list", &diag, 1, &b,
			     &err)) {
		reply_list_error(r, &err, d.errors);
		goto out;
	}
	if (store_list(r, b, ref, &result, &err)) {
		hw_store_rollback(r->st);
		reply_list_error(r, &err, d.errors);
		goto out;
	}
	slash = strchr(ref, '/');
	snprintf(r->location, sizeof(r->location), "/api/v1/exchanges/%.*s/stages/%s/entries",
		 (int)(slash - ref), ref, slash + 1);
	json_object_set(result, "warnings", d.warnings);
	hw_reply_json(r, 201, json_incref(result));
out:
	if (in)
		fclose(in);
	hw_xlist_batch_free(b);
	json_decref(result);
	json_decref(d.errors);
	json_decref(d.warnings);
}

/* ---- the entries of a stage --------------------------------------------- */

struct entries_ctx {
	struct hw_request *r;
	const char *line;
	size_t offset, limit, total;
	json_t *arr;
	struct hw_ids ids;
	struct hw_error *err;
	enum hw_err rc;
};

static int entries_one(void *ctx, const struct hw_xentry *e)
{
	struct entries_ctx *ec = ctx;
	size_t at;
	json_t *o;

	if (ec->line && strcmp(e->line, ec->line))
		return 0;
	at = ec->total++;
	if (at < ec->offset || at - ec->offset >= ec->limit)
		return 0;
	if (!(o = hw_h_entry_json(ec->r, e, 0, NULL, ec->err)) ||
	    json_array_append_new(ec->arr, o) || hw_ids_push(&ec->ids, e->person_id) ||
	    hw_ids_push(&ec->ids, e->proposed_id)) {
		ec->rc = ec->err->code ? ec->err->code : hw_error_set(ec->err, HW_NOMEM, NULL);
		return 1;
	}
	return 0;
}

static const char *const entries_args[] = { "direction", "state", "line", "limit", "offset",
					    NULL };

/* A count query argument from `min` to `max` (absent: `def`). */
static enum hw_err size_arg(struct hw_request *r, const char *name, size_t min, size_t max,
			    size_t def, size_t *out, json_t *q, struct hw_error *err)
{
	const char *s = hw_request_arg(r, name);
	char *end;

	*out = def;
	if (!s)
		return HW_OK;
	if (*s < '0' || *s > '9' || (*out = strtoul(s, &end, 10)) < min || *out > max || *end)
		return hw_error_set_field(err, HW_INVALID, name, "%s: %zu to %zu", name, min, max);
	json_object_set_new(q, name, json_string(s));
	return HW_OK;
}

static enum hw_err entries_query(struct hw_request *r, struct hw_xentry_filter *f,
				 struct entries_ctx *ec, json_t *q, struct hw_error *err)
{
	int v = 0;

	memset(f, 0, sizeof(*f));
	if (hw_request_check_args(r, entries_args, err) ||
	    hw_request_vocab_arg(r, "direction", &hw_vocab_direction, &v, &f->has_direction, q,
				 err))
		return HW_INVALID;
	f->direction = (enum hw_direction)v;
	if (hw_request_vocab_arg(r, "state", &hw_vocab_verify, &v, &f->has_state, q, err))
		return HW_INVALID;
	f->state = (enum hw_verify)v;
	if ((ec->line = hw_request_arg(r, "line")))
		json_object_set_new(q, "line", json_string(ec->line));
	if (size_arg(r, "limit", 1, ENTRIES_LIMIT_MAX, ENTRIES_LIMIT_DEFAULT, &ec->limit, NULL,
		     err) ||
	    size_arg(r, "offset", 0, (size_t)1 << 30, 0, &ec->offset, NULL, err))
		return HW_INVALID;
	return HW_OK;
}

/* Appends `s` percent-encoded (all but the unreserved characters). */
static void url_encode(struct hw_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			hw_buf_addch(b, (char)*p);
		else
			hw_buf_addf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* The link to the next page: the same query from `offset`. */
static json_t *next_link(const char *ref, json_t *q, size_t limit, size_t offset)
{
	struct hw_buf b = HW_BUF_INIT;
	const char *slash = strchr(ref, '/'), *key;
	json_t *v, *link;

	hw_buf_addf(&b, "/api/v1/exchanges/%.*s/stages/%s/entries?limit=%zu&offset=%zu",
		    (int)(slash - ref), ref, slash + 1, limit, offset);
	json_object_foreach(q, key, v) {
		hw_buf_addf(&b, "&%s=", key);
		url_encode(&b, json_string_value(v));
	}
	link = json_string(b.data);
	hw_buf_release(&b);
	return link;
}

void hw_h_entries_list(struct hw_request *r)
{
	struct hw_xentry_filter f;
	struct entries_ctx ec;
	struct hw_xaudit au;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	json_t *q = json_object();
	int64_t stage;

	memset(&ec, 0, sizeof(ec));
	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	ec.r = r;
	ec.err = &err;
	ec.arr = json_array();
	if (!q || !ec.arr) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (entries_query(r, &f, &ec, q, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_h_load_stage(r, &stage, ref))
		goto out;
	if (hw_xentry_each(r->st, stage, &f, entries_one, &ec, &err) || ec.rc) {
		hw_reply_error(r, &err);
		goto out;
	}
	/* no audit, no answer */
	if (hw_store_begin(r->st, &err) ||
	    hw_xaudit_entries(&au, ref, q, ec.offset, json_array_size(ec.arr), &ec.ids, &err) ||
	    hw_store_commit(r->st, &err)) {
		hw_h_fail(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_pack("{s:s, s:I, s:I, s:I, s:O, s:o}", "stage", ref, "total",
					(json_int_t)ec.total, "offset", (json_int_t)ec.offset,
					"limit", (json_int_t)ec.limit, "entries", ec.arr, "next",
					ec.offset + ec.limit < ec.total
						? next_link(ref, q, ec.limit, ec.offset + ec.limit)
						: json_null()));
out:
	json_decref(q);
	json_decref(ec.arr);
	hw_ids_release(&ec.ids);
}

/* ---- the outgoing list -------------------------------------------------- */

static const struct hw_jfield out_fields[] = {
	{ "persons", HW_J_ARRAY, 1 },
	{ NULL, 0, 0 },
};

/* Adds person `i` of the body to the outgoing list of `stage` with its
 * audit record; its entry goes into `entries`. */
static enum hw_err add_one(struct hw_request *r, const struct hw_xaudit *au, int64_t stage,
			   const char *ref, size_t i, json_t *entries, struct hw_error *err)
{
	const char *who = json_string_value(json_array_get(json_object_get(r->body, "persons"), i));
	char field[32], msg[HW_ERROR_MSG_MAX];
	int64_t person;
	enum hw_err rc;
	json_t *o = NULL;

	snprintf(field, sizeof(field), "persons[%zu]", i);
	if (!(rc = hw_store_person_resolve(r->st, who, &person, err)))
		rc = hw_xaudit_out_add(r->st, au, stage, ref, person, &o, err);
	if (rc) {
		snprintf(msg, sizeof(msg), "%s", err->message);
		return hw_error_set_field(err, rc == HW_NOT_FOUND ? HW_INVALID : rc, field,
					  "%.60s: %s", who, msg);
	}
	return json_array_append_new(entries, o) ? hw_error_set(err, HW_NOMEM, NULL) : HW_OK;
}

void hw_h_outgoing_add(struct hw_request *r)
{
	struct hw_xaudit au;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	json_t *persons, *entries = json_array();
	int64_t stage;
	size_t i, n;

	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (!entries) {
		hw_reply_json(r, 500, NULL);
		return;
	}
	if (hw_json_check_fields(r->body, out_fields, "", &err))
		goto fail;
	persons = json_object_get(r->body, "persons");
	n = json_array_size(persons);
	if (!n || n > OUT_PERSONS_MAX) {
		hw_error_set_field(&err, HW_INVALID, "persons", "persons: 1 to %d references",
				   OUT_PERSONS_MAX);
		goto fail;
	}
	for (i = 0; i < n; i++)
		if (!json_is_string(json_array_get(persons, i))) {
			char field[32];

			snprintf(field, sizeof(field), "persons[%zu]", i);
			hw_error_set_field(&err, HW_INVALID, field, "'%s' must be a string", field);
			goto fail;
		}
	if (hw_h_load_stage(r, &stage, ref))
		goto out;
	/* all the persons, or none */
	if (hw_store_begin(r->st, &err))
		goto fail;
	for (i = 0; i < n; i++)
		if (add_one(r, &au, stage, ref, i, entries, &err))
			goto fail;
	if (hw_store_commit(r->st, &err))
		goto fail;
	hw_h_sync_index(r);
	hw_reply_json(r, 201, json_pack("{s:s, s:O}", "stage", ref, "entries", entries));
	goto out;
fail:
	hw_h_fail(r, &err);
out:
	json_decref(entries);
}

/* ---- confirming every proposal ------------------------------------------ */

static const struct hw_jfield bulk_fields[] = {
	{ "reason", HW_J_STRING, 1 },
	{ NULL, 0, 0 },
};

/* An entry left pending, into the answer's `left_pending` with why. */
static int left_one(void *ctx, int64_t entry_id, const char *line, const struct hw_error *why)
{
	return json_array_append_new(ctx, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)entry_id,
						     "line", line, "why",
						     hw_json_text(why->message)));
}

void hw_h_verify_proposed(struct hw_request *r)
{
	struct hw_xaudit au;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	json_t *done = json_array(), *left = json_array();
	const char *reason;
	int64_t stage;

	hw_error_clear(&err);
	hw_h_xaudit(r, &au);
	if (!done || !left) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_json_check_fields(r->body, bulk_fields, "", &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	reason = json_string_value(json_object_get(r->body, "reason"));
	if (hw_h_load_stage(r, &stage, ref))
		goto out;
	if (hw_store_begin(r->st, &err) ||
	    hw_xaudit_confirm_proposed(r->st, &au, stage, reason, done, left_one, left, &err) ||
	    hw_store_commit(r->st, &err))
		goto fail;
	hw_h_sync_index(r);
	hw_reply_json(r, 200, json_pack("{s:s, s:O, s:O}", "stage", ref, "confirmed", done,
					"left_pending", left));
	goto out;
fail:
	hw_h_fail(r, &err);
out:
	json_decref(done);
	json_decref(left);
}
