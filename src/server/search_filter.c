/*
 * search_filter.c - the filters of a search by name (GET /api/v1/search
 * with status, category, branch, region, held_by, tag): the registry
 * search of the web interface narrows the persons a name may be, as the
 * listing of persons does.
 *
 * The matcher knows names, not statuses or branches, so a filtered search
 * asks it for the most candidates it gives (HW_MATCH_MAX_CANDIDATES; with
 * held_by it is restricted to that custody already), loads each candidate
 * and keeps those the filter accepts, best first, up to the limit.  When
 * the best candidate of the name is filtered out, the decision is at most
 * `review`: the matcher's certainty was about another person.
 */
#include <string.h>

#include "homeward/person.h"
#include "server/server_int.h"
#include "core/banned.h"

static int accepts(const struct hw_person_filter *f, const struct hw_person *p)
{
	return (f->status == HW_STATUS_NONE || p->status == f->status) &&
	       (!f->has_category || (int)p->category == f->category) &&
	       (f->branch == HW_BRANCH_NONE || p->branch == f->branch) &&
	       (f->region == HW_REGION_NONE || p->region == f->region) &&
	       (!f->has_held_by || p->held_by == f->held_by) && (!f->tag || hw_person_has_tag(p, f->tag));
}

int hw_search_filter_any(const struct hw_person_filter *f)
{
	return f->status != HW_STATUS_NONE || f->has_category || f->branch != HW_BRANCH_NONE ||
	       f->region != HW_REGION_NONE || f->has_held_by || f->tag;
}

enum hw_err hw_person_filter_from_query(struct hw_request *r, struct hw_person_filter *f,
					json_t *q, struct hw_error *err)
{
	const char *s;
	int v[5] = { 0, 0, 0, 0, 0 };

	memset(f, 0, sizeof(*f));
	if (hw_request_vocab_arg(r, "status", &hw_vocab_status, &v[0], NULL, q, err) ||
	    hw_request_vocab_arg(r, "category", &hw_vocab_category, &v[1], &f->has_category, q,
				 err) ||
	    hw_request_vocab_arg(r, "branch", &hw_vocab_branch, &v[2], NULL, q, err) ||
	    hw_request_vocab_arg(r, "region", &hw_vocab_region, &v[3], NULL, q, err) ||
	    hw_request_vocab_arg(r, "held_by", &hw_vocab_custody, &v[4], &f->has_held_by, q, err))
		return HW_INVALID;
	f->status = (enum hw_status)v[0];
	f->category = v[1];
	f->branch = (enum hw_branch)v[2];
	f->region = (enum hw_region)v[3];
	f->held_by = (enum hw_custody)v[4];
	if ((s = hw_request_arg(r, "tag"))) {
		if (hw_tag_validate(s, err))
			return hw_error_set_field(err, HW_INVALID, "tag", "tag: not a tag");
		f->tag = s;
		json_object_set_new(q, "tag", json_string(s));
	}
	return HW_OK;
}

enum hw_err hw_search_filter_apply(struct hw_store *st, const struct hw_person_filter *f,
				   struct hw_match_result *res, size_t limit,
				   struct hw_error *err)
{
	struct hw_person p;
	size_t i, kept = 0;
	int best_dropped = 0;
	enum hw_err rc = HW_OK;

	hw_person_init(&p);
	for (i = 0; i < res->ncandidates && kept < limit; i++) {
		hw_person_release(&p);
		if ((rc = hw_store_person_get(st, res->candidates[i].person_id, &p, err)))
			goto out;
		if (!accepts(f, &p)) {
			best_dropped |= i == 0;
			continue;
		}
		if (kept != i)
			res->candidates[kept] = res->candidates[i];
		kept++;
	}
	res->ncandidates = kept;
	if (!kept) {
		res->decision = HW_MATCH_NONE;
		snprintf(res->why, sizeof(res->why), "no candidate for the name passes the filters");
	} else if (best_dropped) {
		res->decision = HW_MATCH_REVIEW;
		snprintf(res->why, sizeof(res->why),
			 "the best candidate for the name does not pass the filters");
	}
out:
	hw_person_release(&p);
	return rc;
}
