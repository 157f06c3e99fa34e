/*
 * h_person_lists.c - the exchange lists a person was on, over HTTP
 * (GET /api/v1/persons/{ref}/lists): every entry that names the person,
 * with its stage and agreement (hw_xentry_each_for_person), for the
 * person's page.
 *
 * It reads entries, so it needs list.read, as the entries of a stage do;
 * and it is a read of one person, audited as the other reads of a person
 * are: one record, `person.lists` naming the person, committed before
 * the answer.  So the answer names nobody else: an entry confirmed as
 * this person whose matcher proposed another shows no proposal (the
 * entry itself, GET /api/v1/entries/{entry}, does, audited for both).
 */
#include "homeward/exchange_json.h"
#include "homeward/person.h"
#include "server/server_int.h"
#include "core/banned.h"

struct listings {
	struct hw_request *r;
	json_t *arr;
	struct hw_error *err;
	enum hw_err rc;
};

static int listing_one(void *ctx, const struct hw_person_listing *l)
{
	struct listings *ls = ctx;
	json_t *o = hw_h_entry_json(ls->r, l->entry, 0, NULL, ls->err);

	/* both take `o`, also when they fail */
	if (!o || !(o = hw_person_listing_json(l, o)) || json_array_append_new(ls->arr, o)) {
		ls->rc = ls->err->code ? ls->err->code : hw_error_set(ls->err, HW_NOMEM, NULL);
		return 1;
	}
	return 0;
}

void hw_h_person_lists(struct hw_request *r)
{
	static const char *const none[] = { NULL };
	struct listings ls = { r, json_array(), NULL, HW_OK };
	char ref[HW_PUBREF_MAX];
	struct hw_person p;
	struct hw_error err;

	hw_person_init(&p);
	hw_error_clear(&err);
	ls.err = &err;
	if (!ls.arr) {
		hw_reply_json(r, 500, NULL);
		goto out;
	}
	if (hw_request_check_args(r, none, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (hw_h_load_person(r, &p))
		goto out;
	hw_pubref_format(p.id, ref);
	/* no audit, no answer */
	if (hw_xentry_each_for_person(r->st, p.id, listing_one, &ls, &err) || ls.rc ||
	    hw_request_audit(r, "person.lists", "person", ref, p.id, NULL, NULL, HW_AUDIT_OK,
			     &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	hw_reply_json(r, 200, json_pack("{s:s, s:O}", "person", ref, "entries", ls.arr));
out:
	json_decref(ls.arr);
	hw_person_release(&p);
}
