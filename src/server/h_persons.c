/*
 * h_persons.c - persons: list, read, register, edit, health, name records
 * (the /api/v1/persons routes).
 *
 * The JSON of a person is the library's (hw_person_to_json), with health
 * and next of kin only for roles holding person.read_health.  Reads of a
 * record are audited before the record is sent (no audit, no answer);
 * writes run in one transaction with their audit record, which holds the
 * person before and after.  An edit needs If-Match with the version the
 * client read (the ETag, "vN"): 428 without it, 412 when another write
 * came first.
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/persons_json.h"
#include "homeward/registry.h"
#include "server/server_int.h"
#include "core/banned.h"

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 500

static json_t *person_out(struct hw_request *r, const struct hw_person *p)
{
	return hw_person_to_json(p, hw_request_can(r, HW_PERM_PERSON_READ_HEALTH)
					    ? HW_JSON_HEALTH : 0);
}

static void set_etag(struct hw_request *r, const struct hw_person *p)
{
	snprintf(r->etag, sizeof(r->etag), "\"v%lld\"", (long long)p->version);
}

int hw_h_load_person(struct hw_request *r, struct hw_person *p)
{
	const char *ref = hw_route_param(&r->params, "ref");
	struct hw_error err;
	enum hw_err rc;
	int64_t id;

	hw_error_clear(&err);
	/* a public reference is the id: reading the person says whether it
	 * exists, without asking first (hw_store_person_resolve would) */
	if (hw_pubref_parse(ref, &id)) {
		if ((rc = hw_store_person_get(r->st, id, p, &err)) == HW_NOT_FOUND)
			hw_error_set(&err, HW_NOT_FOUND, "no person %s", ref);
	} else {
		rc = hw_store_person_resolve(r->st, ref, &id, &err);
		if (!rc)
			rc = hw_store_person_get(r->st, id, p, &err);
	}
	if (rc) {
		hw_reply_error(r, &err);
		return -1;
	}
	return 0;
}

/*
 * The version of If-Match: 0 with *version set; -1 with the reply set
 * (428 when missing and `required`, 412 when not the current version).
 * Without the header and not required, *version is `current`.
 */
static int if_match(struct hw_request *r, int64_t current, int required, int64_t *version)
{
	const char *h = hw_request_header(r, "If-Match");
	char *end;
	long long v;

	*version = current;
	if (!h) {
		if (!required)
			return 0;
		hw_reply_fail(r, HW_PRECONDITION, "If-Match",
			      "an edit needs If-Match with the ETag of the version it changes");
		return -1;
	}
	if (strncmp(h, "\"v", 2) || (v = strtoll(h + 2, &end, 10)) < 1 || strcmp(end, "\"")) {
		hw_reply_fail(r, HW_INVALID, "If-Match", "If-Match must be an ETag such as \"v3\"");
		return -1;
	}
	if (v != current) {
		hw_reply_fail(r, HW_STALE, "If-Match",
			      "the person was changed meanwhile (now version %lld): read it again",
			      (long long)current);
		return -1;
	}
	*version = v;
	return 0;
}

/* Reloads p (in the open transaction), audits the write and commits. */
static enum hw_err finish_write(struct hw_request *r, struct hw_person *p, json_t *before,
				const char *action, struct hw_error *err)
{
	char ref[HW_PUBREF_MAX];
	json_t *after;
	enum hw_err rc;
	int64_t id = p->id;

	if ((rc = hw_store_person_get(r->st, id, p, err)))
		return rc;
	if (!(after = hw_person_to_json(p, HW_JSON_HEALTH)))
		return hw_error_set(err, HW_NOMEM, NULL);
	hw_pubref_format(id, ref);
	rc = hw_request_audit(r, action, "person", ref, id, before, after, HW_AUDIT_OK, err);
	json_decref(after);
	return rc ? rc : hw_store_commit(r->st, err);
}

/* The index learns the persons just written; a failure only delays it. */
static void sync_index(struct hw_request *r)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_match_index_sync(hw_server_index(r->srv), r->st, &err))
		hw_server_log(r->srv, "updating the candidate index", &err);
}

static void reply_person(struct hw_request *r, const struct hw_person *p, unsigned status)
{
	char ref[HW_PUBREF_MAX];

	hw_pubref_format(p->id, ref);
	if (status == 201)
		snprintf(r->location, sizeof(r->location), "/api/v1/persons/%s", ref);
	set_etag(r, p);
	hw_reply_json(r, status, person_out(r, p));
}

/* ---- read ---------------------------------------------------------------- */

void hw_h_person_get(struct hw_request *r)
{
	char ref[HW_PUBREF_MAX];
	struct hw_person p;
	struct hw_error err;
	int rc;

	hw_person_init(&p);
	hw_error_clear(&err);
	/* the person's rows in one snapshot, under one read lock */
	if (hw_store_read_begin(r->st, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	rc = hw_h_load_person(r, &p);
	hw_store_read_end(r->st);
	if (rc)
		goto out;
	hw_pubref_format(p.id, ref);
	if (hw_request_audit(r, "person.read", "person", ref, p.id, NULL, NULL, HW_AUDIT_OK,
			     &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	reply_person(r, &p, 200);
out:
	hw_person_release(&p);
}

/* ---- write --------------------------------------------------------------- */

void hw_h_person_create(struct hw_request *r)
{
	enum hw_status status;
	struct hw_person p;
	struct hw_error err;

	hw_person_init(&p);
	hw_error_clear(&err);
	if (hw_person_from_json(&p, r->body, HW_PERSON_IN_CREATE,
				hw_request_can(r, HW_PERM_HEALTH_WRITE), &status, &err) ||
	    hw_store_begin(r->st, &err) ||
	    hw_registry_person_add(r->st, &p, status, NULL, 0, r->sess.user, &err) ||
	    finish_write(r, &p, NULL, "person.create", &err)) {
		hw_store_rollback(r->st);
		hw_reply_error(r, &err);
		goto out;
	}
	sync_index(r);
	reply_person(r, &p, 201);
out:
	hw_person_release(&p);
}

/* The changes a request makes to the person it names. */
enum change { CHANGE_FIELDS, CHANGE_HEALTH, CHANGE_NAME };

/*
 * Applies the request's change to the person of {ref} and saves it, with
 * its audit record, in one transaction.  A change of fields needs
 * If-Match; a new name record takes it when given.
 */
static void edit(struct hw_request *r, enum change change, const char *action, int status)
{
	enum hw_status ignored;
	struct hw_person p;
	struct hw_error err;
	json_t *before = NULL;
	int64_t version;
	enum hw_err rc;

	hw_person_init(&p);
	hw_error_clear(&err);
	if (hw_h_load_person(r, &p) || if_match(r, p.version, change != CHANGE_NAME, &version))
		goto out;
	if (!(before = hw_person_to_json(&p, HW_JSON_HEALTH))) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (change == CHANGE_NAME)
		rc = hw_name_from_json(&p, r->body, &err);
	else
		rc = hw_person_from_json(&p, r->body, change == CHANGE_HEALTH ? HW_PERSON_IN_HEALTH
									   : HW_PERSON_IN_PATCH,
					 hw_request_can(r, HW_PERM_HEALTH_WRITE), &ignored, &err);
	if (rc || hw_store_begin(r->st, &err) ||
	    hw_registry_person_edit(r->st, &p, version, &err) ||
	    finish_write(r, &p, before, action, &err)) {
		hw_store_rollback(r->st);
		hw_reply_error(r, &err);
		goto out;
	}
	sync_index(r);
	reply_person(r, &p, status);
out:
	json_decref(before);
	hw_person_release(&p);
}

void hw_h_person_patch(struct hw_request *r)
{
	edit(r, CHANGE_FIELDS, "person.update", 200);
}

void hw_h_person_health(struct hw_request *r)
{
	edit(r, CHANGE_HEALTH, "person.health", 200);
}

void hw_h_person_name_add(struct hw_request *r)
{
	edit(r, CHANGE_NAME, "person.name_add", 201);
}

/* ---- list ---------------------------------------------------------------- */

struct list_ctx {
	struct hw_request *r;
	json_t *persons, *refs;
	size_t limit, n;
	int64_t last_id;
	int more;
};

static int list_one(void *ctx, const struct hw_person *p)
{
	struct list_ctx *lc = ctx;
	char ref[HW_PUBREF_MAX];

	if (lc->n == lc->limit) {
		lc->more = 1;
		return 1;
	}
	hw_pubref_format(p->id, ref);
	json_array_append_new(lc->persons, person_out(lc->r, p));
	json_array_append_new(lc->refs, json_string(ref));
	lc->last_id = p->id;
	lc->n++;
	return 0;
}

static const char *const list_args[] = { "status", "category", "branch", "region", "held_by",
					 "tag", "limit", "after", NULL };

enum hw_err hw_request_vocab_arg(struct hw_request *r, const char *name,
				 const struct hw_vocab *v, int *out, int *given, json_t *q,
				 struct hw_error *err)
{
	const char *s = hw_request_arg(r, name);

	if (!s)
		return HW_OK;
	if (hw_vocab_parse(v, s, out, err) || !*hw_vocab_code(v, *out))
		return hw_error_set_field(err, HW_INVALID, name, "%s: '%.40s' is not one of the codes",
					  name, s);
	if (given)
		*given = 1;
	json_object_set_new(q, name, json_string(hw_vocab_code(v, *out)));
	return HW_OK;
}

static enum hw_err list_filter(struct hw_request *r, struct hw_person_filter *f, json_t *q,
			       struct hw_error *err)
{
	const char *s;
	char *end;

	if (hw_request_check_args(r, list_args, err) || hw_person_filter_from_query(r, f, q, err))
		return HW_INVALID;
	f->limit = LIST_LIMIT_DEFAULT;
	if ((s = hw_request_arg(r, "limit")) &&
	    (!*s || (f->limit = strtoul(s, &end, 10)) < 1 || f->limit > LIST_LIMIT_MAX || *end))
		return hw_error_set_field(err, HW_INVALID, "limit", "limit: 1 to %d",
					  LIST_LIMIT_MAX);
	if ((s = hw_request_arg(r, "after")) && !hw_pubref_parse(s, &f->after_id))
		return hw_error_set_field(err, HW_INVALID, "after",
					  "after: a public reference such as HW-000042");
	return HW_OK;
}

/* "/api/v1/persons?status=captive&after=HW-000050" for the next page. */
static json_t *next_link(json_t *q, size_t limit, int64_t last_id)
{
	char link[512], ref[HW_PUBREF_MAX];
	const char *key;
	size_t used;
	json_t *v;

	used = (size_t)snprintf(link, sizeof(link), "/api/v1/persons?limit=%zu", limit);
	json_object_foreach(q, key, v)
		if (used < sizeof(link))
			used += (size_t)snprintf(link + used, sizeof(link) - used, "&%s=%s", key,
						 json_string_value(v));
	hw_pubref_format(last_id, ref);
	if (used < sizeof(link))
		snprintf(link + used, sizeof(link) - used, "&after=%s", ref);
	return json_string(link);
}

void hw_h_persons_list(struct hw_request *r)
{
	struct hw_person_filter f;
	struct list_ctx lc;
	struct hw_error err;
	json_t *q = json_object(), *audit = NULL;

	memset(&f, 0, sizeof(f));
	memset(&lc, 0, sizeof(lc));
	hw_error_clear(&err);
	lc.r = r;
	lc.persons = json_array();
	lc.refs = json_array();
	if (!q || !lc.persons || !lc.refs) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (list_filter(r, &f, q, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	lc.limit = f.limit;
	f.limit++; /* one more says whether there is a next page */
	if (!(audit = json_pack("{s:O, s:O}", "query", q, "refs", lc.refs))) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_store_person_each(r->st, &f, list_one, &lc, &err) ||
	    hw_request_audit(r, "person.list", "person", NULL, 0, NULL, audit, HW_AUDIT_OK,
			     &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_pack("{s:O, s:o}", "persons", lc.persons, "next",
					lc.more ? next_link(q, lc.limit, lc.last_id)
						: json_null()));
out:
	json_decref(audit);
	json_decref(q);
	json_decref(lc.persons);
	json_decref(lc.refs);
}
