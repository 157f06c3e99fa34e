/*
 * registry.c - single-person operations of homeward/registry.h: add,
 * edit, name changes and events, each validated and atomic.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/registry.h"
#include "core/banned.h"

static enum hw_err finish(struct hw_store *st, int own, enum hw_err rc, struct hw_error *err)
{
	if (!own)
		return rc;
	if (rc) {
		hw_store_rollback(st);
		return rc;
	}
	return hw_store_commit(st, err);
}

static enum hw_err start(struct hw_store *st, int *own, struct hw_error *err)
{
	*own = !hw_store_in_transaction(st);
	return *own ? hw_store_begin(st, err) : HW_OK;
}

static enum hw_err add_person(struct hw_store *st, struct hw_person *p, enum hw_status status,
			      const struct hw_date *date, int64_t source_id, const char *actor,
			      struct hw_error *err)
{
	struct hw_event e;
	enum hw_err rc;

	hw_event_init(&e);
	e.type = HW_EVENT_REGISTERED;
	if (date)
		e.date = *date;
	e.source_id = source_id;
	if ((rc = hw_event_apply(&e, HW_STATUS_NONE, p->held_by, status, err)))
		return rc;
	p->status = e.status_after;
	if ((rc = hw_store_person_insert(st, p, err)))
		return rc;
	e.person_id = p->id;
	e.recorded_by = (char *)actor; /* borrowed: not released below */
	rc = hw_store_event_append(st, &e, err);
	hw_free(e.recorded_at);
	return rc;
}

enum hw_err hw_registry_person_add(struct hw_store *st, struct hw_person *p,
				   enum hw_status status, const struct hw_date *date,
				   int64_t source_id, const char *actor, struct hw_error *err)
{
	enum hw_err rc;
	int own;

	if (status == HW_STATUS_NONE)
		status = p->held_by == HW_CUSTODY_US ? HW_STATUS_CAPTIVE : HW_STATUS_MISSING;
	if ((rc = hw_person_validate(p, err)))
		return rc;
	if ((rc = start(st, &own, err)))
		return rc;
	rc = add_person(st, p, status, date, source_id, actor, err);
	return finish(st, own, rc, err);
}

enum hw_err hw_registry_person_edit(struct hw_store *st, struct hw_person *p,
				    int64_t expected_version, struct hw_error *err)
{
	struct hw_person stored;
	enum hw_err rc;
	int own;

	if ((rc = hw_person_validate(p, err)))
		return rc;
	if ((rc = start(st, &own, err)))
		return rc;
	hw_person_init(&stored);
	rc = hw_store_person_get(st, p->id, &stored, err);
	if (!rc && stored.held_by != p->held_by &&
	    !hw_status_allowed_for_custody(stored.status, p->held_by))
		rc = hw_error_set_field(err, HW_REFUSED, "held_by",
					"a person %s cannot have status '%s'",
					hw_vocab_label_en(&hw_vocab_custody, p->held_by),
					hw_vocab_code(&hw_vocab_status, stored.status));
	p->status = stored.status;
	if (!rc)
		rc = hw_store_person_update(st, p, expected_version, err);
	hw_person_release(&stored);
	return finish(st, own, rc, err);
}

enum hw_err hw_registry_set_primary_name(struct hw_person *p, const char *family,
					 const char *given, const char *patronymic,
					 struct hw_error *err)
{
	const struct hw_name *cur = hw_person_primary(p);
	size_t i;

	if (cur && !strcmp(cur->family, family) && !strcmp(cur->given, given) &&
	    !strcmp(cur->patronymic ? cur->patronymic : "", patronymic ? patronymic : ""))
		return HW_OK;
	for (i = 0; i < p->nnames; i++)
		if (p->names[i].kind == HW_NAME_PRIMARY)
			p->names[i].kind = HW_NAME_FORMER;
	if (hw_person_add_name(p, HW_NAME_PRIMARY, family, given, patronymic,
			       HW_SCRIPT_UNKNOWN, err)) {
		for (i = 0; i < p->nnames; i++)
			if (cur == &p->names[i])
				p->names[i].kind = HW_NAME_PRIMARY;
		return err ? err->code : HW_INVALID;
	}
	return HW_OK;
}

static enum hw_err add_event(struct hw_store *st, struct hw_event *e, enum hw_status target,
			     struct hw_error *err)
{
	struct hw_person p;
	enum hw_err rc;

	hw_person_init(&p);
	if ((rc = hw_store_person_get(st, e->person_id, &p, err)))
		goto out;
	if ((rc = hw_event_apply(e, p.status, p.held_by, target, err)))
		goto out;
	rc = hw_store_event_append(st, e, err);
out:
	hw_person_release(&p);
	return rc;
}

enum hw_err hw_registry_event_add(struct hw_store *st, struct hw_event *e,
				  enum hw_status target, struct hw_error *err)
{
	enum hw_err rc;
	int own;

	if (e->note && !hw_text_valid(e->note, 1))
		return hw_error_set_field(err, HW_INVALID, "note",
					  "invalid UTF-8 or a control character");
	if ((rc = start(st, &own, err)))
		return rc;
	rc = add_event(st, e, target, err);
	return finish(st, own, rc, err);
}

void hw_registry_list_ref(struct hw_store *st, int64_t id, char out[256])
{
	struct hw_person p;

	hw_person_init(&p);
	if (hw_store_person_get(st, id, &p, NULL) == HW_OK && p.nrefs)
		snprintf(out, 256, "%s:%s", p.refs[0].source, p.refs[0].ref);
	else
		hw_pubref_format(id, out);
	hw_person_release(&p);
}

void hw_registry_person_name(struct hw_store *st, int64_t id, char *out, size_t size)
{
	struct hw_person p;
	const struct hw_name *n;

	out[0] = '\0';
	hw_person_init(&p);
	if (hw_store_person_get(st, id, &p, NULL) == HW_OK && (n = hw_person_primary(&p)))
		snprintf(out, size, "%s %s%s%s", n->family, n->given, n->patronymic ? " " : "",
			 n->patronymic ? n->patronymic : "");
	hw_person_release(&p);
}
