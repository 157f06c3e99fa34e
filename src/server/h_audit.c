/*
 * h_audit.c - reading and verifying the audit trail (GET /api/v1/audit,
 * GET /api/v1/audit/verify), as `homeward audit log` and `homeward audit
 * verify` do.
 *
 * The log is listed by id with the filters of the command (hw_audit_each
 * and its hw_audit_filter) and paged by id: `after` is the last id of the
 * page before, and `next` the link to the following page.  Reading the log
 * is itself audited (audit.read, with the filters), before the answer is
 * sent.  The verdict of the chain is answered as data (200 whether intact
 * or not), naming the first record altered, removed or inserted; it is not
 * audited, as the command's is not: it shows no record, and a record
 * appended to a chain found broken could fail where the verdict must not.
 * No route changes or deletes a record.
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/auth_json.h"
#include "homeward/buf.h"
#include "homeward/date.h"
#include "server/server_int.h"
#include "core/banned.h"

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 1000

static const char *const log_args[] = { "user", "person", "from", "to", "action",
					"limit", "after", NULL };

struct log_ctx {
	json_t *records;
	size_t limit, n;
	int64_t last_id;
	int more, failed;
};

static int add_record(void *ctx, const struct hw_audit_record *rec)
{
	struct log_ctx *lc = ctx;
	json_t *j;

	if (lc->n == lc->limit) {
		lc->more = 1;
		return 1;
	}
	if (!(j = hw_audit_record_to_json(rec)) || json_array_append_new(lc->records, j)) {
		lc->failed = 1;
		return 1;
	}
	lc->last_id = rec->id;
	lc->n++;
	return 0;
}

/* A whole number of the query in [min, max]; HW_INVALID naming it. */
static enum hw_err number_arg(struct hw_request *r, const char *name, long long min,
			      long long max, long long *out, struct hw_error *err)
{
	const char *s = hw_request_arg(r, name);
	char *end;

	if (!s)
		return HW_OK;
	if (*s >= '0' && *s <= '9') {
		*out = strtoll(s, &end, 10);
		if (!*end && *out >= min && *out <= max)
			return HW_OK;
	}
	return hw_error_set_field(err, HW_INVALID, name, "%s: a whole number from %lld to %lld",
				  name, min, max);
}

static enum hw_err time_arg(struct hw_request *r, const char *name, int end_of_day,
			    int64_t *out, struct hw_error *err)
{
	const char *s = hw_request_arg(r, name);

	if (!s || !hw_time_parse(s, end_of_day, out, NULL))
		return HW_OK;
	return hw_error_set_field(err, HW_INVALID, name,
				  "%s: '%.40s' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)",
				  name, s);
}

static enum hw_err log_filter(struct hw_request *r, struct hw_audit_filter *f,
			      struct hw_error *err)
{
	long long limit = AUDIT_LIMIT_DEFAULT, after = 0;
	const char *person = hw_request_arg(r, "person");
	enum hw_err rc;

	memset(f, 0, sizeof(*f));
	f->actor = hw_request_arg(r, "user");
	f->action = hw_request_arg(r, "action");
	if ((rc = hw_request_check_args(r, log_args, err)) ||
	    (rc = time_arg(r, "from", 0, &f->from, err)) ||
	    (rc = time_arg(r, "to", 1, &f->to, err)) ||
	    (rc = number_arg(r, "limit", 1, AUDIT_LIMIT_MAX, &limit, err)) ||
	    (rc = number_arg(r, "after", 0, INT64_MAX, &after, err)))
		return rc;
	rc = person ? hw_store_person_resolve(r->st, person, &f->person_id, err) : HW_OK;
	if (rc == HW_NOT_FOUND || rc == HW_INVALID)
		return hw_error_set_field(err, rc, "person", "person: no person '%.64s'", person);
	if (rc)
		return rc;
	f->limit = (size_t)limit;
	f->after_id = after;
	return HW_OK;
}

/* Appends `s` percent-encoded (all but the unreserved characters). */
static void url_put(struct hw_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			hw_buf_addch(b, (char)c);
		else
			hw_buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* "/api/v1/audit?user=...&limit=N&after=ID": the next page, same filters. */
static json_t *next_link(struct hw_request *r, size_t limit, int64_t last_id)
{
	static const char *const keep[] = { "user", "person", "from", "to", "action" };
	struct hw_buf b = HW_BUF_INIT;
	const char *v;
	json_t *j;
	size_t i;

	hw_buf_addstr(&b, "/api/v1/audit?");
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		if (!(v = hw_request_arg(r, keep[i])))
			continue;
		hw_buf_addf(&b, "%s=", keep[i]);
		url_put(&b, v);
		hw_buf_addch(&b, '&');
	}
	hw_buf_addf(&b, "limit=%zu&after=%lld", limit, (long long)last_id);
	j = json_stringn(b.data, b.len);
	hw_buf_release(&b);
	return j;
}

/* The record of this reading: its filters, as the command's. */
static enum hw_err audit_reading(struct hw_request *r, const struct hw_audit_filter *f,
				 struct hw_error *err)
{
	json_t *q = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I}", "user", f->actor,
			      "person", hw_request_arg(r, "person"), "from",
			      hw_request_arg(r, "from"), "to", hw_request_arg(r, "to"), "action",
			      f->action, "limit", (json_int_t)f->limit, "after",
			      (json_int_t)f->after_id);
	enum hw_err rc;

	if (!q)
		return hw_error_set(err, HW_NOMEM, NULL);
	rc = hw_request_audit(r, "audit.read", "audit", NULL, f->person_id, NULL, q, HW_AUDIT_OK,
			      err);
	json_decref(q);
	return rc;
}

void hw_h_audit_log(struct hw_request *r)
{
	struct hw_audit_filter f;
	struct log_ctx lc;
	struct hw_error err;

	memset(&lc, 0, sizeof(lc));
	hw_error_clear(&err);
	if (!(lc.records = json_array())) {
		hw_reply_json(r, 500, NULL);
		return;
	}
	if (log_filter(r, &f, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	lc.limit = f.limit;
	f.limit++; /* one more says whether there is a next page */
	if (hw_request_audit_sync(r, &err) || hw_audit_each(r->st, &f, add_record, &lc, &err) ||
	    (lc.failed && hw_error_set(&err, HW_NOMEM, NULL))) {
		hw_reply_error(r, &err);
		goto out;
	}
	f.limit = lc.limit;
	if (audit_reading(r, &f, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_pack("{s:O, s:o}", "records", lc.records, "next",
					lc.more ? next_link(r, lc.limit, lc.last_id)
						: json_null()));
out:
	json_decref(lc.records);
}

void hw_h_audit_verify(struct hw_request *r)
{
	struct hw_audit_verdict v;
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_request_audit_sync(r, &err) || hw_audit_verify(r->st, &v, &err)) {
		hw_reply_error(r, &err);
		return;
	}
	hw_reply_json(r, 200, hw_audit_verdict_to_json(&v));
}
