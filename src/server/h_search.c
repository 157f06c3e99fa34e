/*
 * h_search.c - finding persons by name (GET /api/v1/search) and matching
 * a list of names (POST /api/v1/match) on the shared candidate index.
 *
 * Results have the form of `homeward search --format json` and `homeward
 * match --format json`: decision, why, and the candidates with the public
 * reference (`person`), the reference a list names them by (`ref`: the
 * first external reference, else the public one), the score, the name
 * seen and, with explain, every weight.  Nothing changes in the registry;
 * the request (the name asked, the persons proposed) is audited.
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/list.h"
#include "homeward/match_json.h"
#include "homeward/registry.h"
#include "server/server_int.h"
#include "core/banned.h"

#define QUERY_MAX 256
#define MATCH_LINES_MAX 10000

static void list_ref(void *ctx, int64_t id, char out[256])
{
	hw_registry_list_ref(ctx, id, out);
}

/* The result as JSON; the persons proposed are added to `refs` (audit). */
static json_t *result_json(struct hw_store *st, const struct hw_match_result *res,
			   int explain, json_t *refs)
{
	char pub[HW_PUBREF_MAX];
	size_t i;

	for (i = 0; i < res->ncandidates; i++) {
		hw_pubref_format(res->candidates[i].person_id, pub);
		json_array_append_new(refs, json_string(pub));
	}
	return hw_match_result_json(res, explain ? HW_MATCH_JSON_EVIDENCE : 0, list_ref, st);
}

/* "true", "1" / "false", "0" (absent: 0); -1 otherwise. */
static int flag_arg(const char *s)
{
	if (!s || !strcmp(s, "false") || !strcmp(s, "0"))
		return 0;
	if (!*s || !strcmp(s, "true") || !strcmp(s, "1"))
		return 1;
	return -1;
}

static const char *const search_args[] = { "q", "dob", "unit", "limit", "explain",
					   "status", "category", "branch", "region",
					   "held_by", "tag", NULL };

static enum hw_err search_query(struct hw_request *r, struct hw_match_query *q, size_t *limit,
				int *explain, struct hw_error *err)
{
	const char *s;
	char *end;

	if (hw_request_check_args(r, search_args, err))
		return HW_INVALID;
	q->full_name = hw_request_arg(r, "q");
	if (!q->full_name || !*q->full_name || strlen(q->full_name) > QUERY_MAX ||
	    !hw_text_valid(q->full_name, 0))
		return hw_error_set_field(err, HW_INVALID, "q",
					  "q: a name of at most %d bytes of text is needed",
					  QUERY_MAX);
	if ((s = hw_request_arg(r, "dob")) &&
	    hw_list_date_parse(s, &q->birth_date, &q->birth_date_month_first, err))
		return hw_error_set_field(err, HW_INVALID, "dob", "dob: not a date");
	if ((q->unit = hw_request_arg(r, "unit")) &&
	    (strlen(q->unit) > QUERY_MAX || !hw_text_valid(q->unit, 0)))
		return hw_error_set_field(err, HW_INVALID, "unit", "unit: short text");
	*limit = 5;
	if ((s = hw_request_arg(r, "limit")) &&
	    (!*s || (*limit = strtoul(s, &end, 10)) < 1 || *limit > HW_MATCH_MAX_CANDIDATES ||
	     *end))
		return hw_error_set_field(err, HW_INVALID, "limit", "limit: 1 to %d",
					  HW_MATCH_MAX_CANDIDATES);
	if ((*explain = flag_arg(hw_request_arg(r, "explain"))) < 0)
		return hw_error_set_field(err, HW_INVALID, "explain", "explain: true or false");
	return HW_OK;
}

void hw_h_search(struct hw_request *r)
{
	struct hw_match_query q;
	struct hw_match_result res;
	struct hw_person_filter f;
	struct hw_error err;
	json_t *out = NULL, *refs = json_array(), *audit = NULL, *filters = json_object();
	size_t limit = 5;
	int explain = 0, filtered;

	memset(&q, 0, sizeof(q));
	hw_error_clear(&err);
	if (search_query(r, &q, &limit, &explain, &err) ||
	    hw_person_filter_from_query(r, &f, filters, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	filtered = hw_search_filter_any(&f);
	q.restrict_custody = f.has_held_by;
	q.held_by = f.held_by;
	if (hw_match_find(hw_server_index(r->srv), &q, filtered ? HW_MATCH_MAX_CANDIDATES : limit,
			  &res, &err) ||
	    (filtered && hw_search_filter_apply(r->st, &f, &res, limit, &err))) {
		hw_reply_error(r, &err);
		goto out;
	}
	out = result_json(r->st, &res, explain, refs);
	audit = json_pack("{s:s, s:s?, s:O, s:O}", "q", q.full_name, "dob",
			  hw_request_arg(r, "dob"), "filters", filters, "refs", refs);
	if (!out || !audit) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_request_audit(r, "person.search", NULL, NULL, 0, NULL, audit, HW_AUDIT_OK, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_incref(out));
out:
	json_decref(out);
	json_decref(audit);
	json_decref(refs);
	json_decref(filters);
}

/* ---- lists ------------------------------------------------------------- */

static const struct hw_jfield match_fields[] = {
	{ "lines", HW_J_ARRAY, 1 }, { "explain", HW_J_BOOL, 0 }, { NULL, 0, 0 },
};

static const struct hw_jfield line_fields[] = {
	{ "line", HW_J_STRING, 0 }, { "full_name", HW_J_STRING, 0 },
	{ "family_name", HW_J_STRING, 0 }, { "given_name", HW_J_STRING | HW_J_NULL, 0 },
	{ "patronymic", HW_J_STRING | HW_J_NULL, 0 }, { "birth_date", HW_J_STRING | HW_J_NULL, 0 },
	{ "unit", HW_J_STRING | HW_J_NULL, 0 }, { "sex", HW_J_STRING | HW_J_NULL, 0 },
	{ "notes", HW_J_STRING | HW_J_NULL, 0 }, { NULL, 0, 0 },
};

static const char *opt_str(json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));

	return s && *s ? s : NULL;
}

enum hw_err hw_match_line_from_json(json_t *o, size_t i, struct hw_match_query *q,
				    struct hw_error *err)
{
	char prefix[32], field[HW_ERROR_FIELD_MAX];
	struct hw_error local;
	const char *s;
	int sex;

	if (!err)
		err = &local;
	snprintf(prefix, sizeof(prefix), "lines[%zu].", i);
	if (!json_is_object(o))
		return hw_error_set_field(err, HW_INVALID, "lines", "lines[%zu] must be an object",
					  i);
	if (hw_json_check_fields(o, line_fields, prefix, err))
		return HW_INVALID;
	q->full_name = opt_str(o, "full_name");
	q->family = opt_str(o, "family_name");
	q->given = opt_str(o, "given_name");
	q->patronymic = opt_str(o, "patronymic");
	q->unit = opt_str(o, "unit");
	snprintf(field, sizeof(field), "%sfull_name", prefix);
	if (!q->full_name == !q->family)
		return hw_error_set_field(err, HW_INVALID, field,
					  "each line has either full_name or family_name");
	if ((s = opt_str(o, "birth_date")) &&
	    hw_list_date_parse(s, &q->birth_date, &q->birth_date_month_first, err)) {
		snprintf(err->field, sizeof(err->field), "%sbirth_date", prefix);
		return HW_INVALID;
	}
	if ((s = opt_str(o, "sex"))) {
		if (hw_vocab_parse(&hw_vocab_sex, s, &sex, err)) {
			snprintf(err->field, sizeof(err->field), "%ssex", prefix);
			return HW_INVALID;
		}
		q->sex = (enum hw_sex)sex;
	}
	return HW_OK;
}

struct match_run {
	size_t n;
	struct hw_match_query *qs;
	const struct hw_match_query **qp;
	struct hw_match_result *res;
	enum hw_err *codes;
	struct hw_error *errs;
};

static void match_free(struct match_run *m)
{
	hw_free(m->qs);
	hw_free(m->qp);
	hw_free(m->res);
	hw_free(m->codes);
	hw_free(m->errs);
}

static enum hw_err match_prepare(struct match_run *m, json_t *lines, struct hw_error *err)
{
	size_t i;

	m->n = json_array_size(lines);
	if (m->n > MATCH_LINES_MAX)
		return hw_error_set_field(err, HW_TOO_LARGE, "lines", "at most %d lines at once",
					  MATCH_LINES_MAX);
	m->qs = hw_calloc(m->n + 1, sizeof(*m->qs));
	m->qp = hw_calloc(m->n + 1, sizeof(*m->qp));
	m->res = hw_calloc(m->n + 1, sizeof(*m->res));
	m->codes = hw_calloc(m->n + 1, sizeof(*m->codes));
	m->errs = hw_calloc(m->n + 1, sizeof(*m->errs));
	if (!m->qs || !m->qp || !m->res || !m->codes || !m->errs)
		return hw_error_set(err, HW_NOMEM, NULL);
	for (i = 0; i < m->n; i++) {
		if (hw_match_line_from_json(json_array_get(lines, i), i, &m->qs[i], err))
			return HW_INVALID;
		m->qp[i] = &m->qs[i];
	}
	return HW_OK;
}

/* The first line whose name could not be used, as the request's error. */
static int unusable_line(struct match_run *m, struct hw_error *err)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (!m->codes[i])
			continue;
		*err = m->errs[i];
		snprintf(err->field, sizeof(err->field), "lines[%u].%.30s", (unsigned)i,
			 m->errs[i].field[0] ? m->errs[i].field : "full_name");
		return 1;
	}
	return 0;
}

static json_t *match_results(struct hw_request *r, struct match_run *m, json_t *lines,
			     int explain, json_t *refs)
{
	json_t *arr = json_array(), *o;
	char ref[256], num[24];
	size_t i;
	const char *line;

	for (i = 0; arr && i < m->n; i++) {
		if (!(o = result_json(r->st, &m->res[i], explain, refs)))
			break;
		snprintf(num, sizeof(num), "%zu", i + 1);
		line = opt_str(json_array_get(lines, i), "line");
		json_object_set_new(o, "line", json_string(line ? line : num));
		ref[0] = '\0';
		if (m->res[i].decision == HW_MATCH_MATCH)
			list_ref(r->st, m->res[i].candidates[0].person_id, ref);
		json_object_set_new(o, "ref", ref[0] ? json_string(ref) : json_null());
		json_array_append_new(arr, o);
	}
	if (arr && i < m->n) {
		json_decref(arr);
		arr = NULL;
	}
	return arr;
}

void hw_h_match(struct hw_request *r)
{
	struct match_run m;
	struct hw_error err;
	json_t *lines = NULL, *results = NULL, *refs = json_array(), *audit = NULL;
	int explain;

	memset(&m, 0, sizeof(m));
	hw_error_clear(&err);
	if (hw_json_check_fields(r->body, match_fields, "", &err) ||
	    match_prepare(&m, (lines = json_object_get(r->body, "lines")), &err) ||
	    hw_match_many(hw_server_index(r->srv), m.qp, m.n, 5, 1, m.res, m.codes, m.errs,
			  &err) ||
	    unusable_line(&m, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	explain = json_is_true(json_object_get(r->body, "explain"));
	results = match_results(r, &m, lines, explain, refs);
	audit = json_pack("{s:I, s:O}", "lines", (json_int_t)m.n, "refs", refs);
	if (!results || !audit) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_request_audit(r, "list.match", NULL, NULL, 0, NULL, audit, HW_AUDIT_OK, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_pack("{s:O}", "results", results));
out:
	json_decref(results);
	json_decref(audit);
	json_decref(refs);
	match_free(&m);
}
