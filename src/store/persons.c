/*
 * persons.c - persons in the SQLite back end: insert, versioned update,
 * load, reference resolution, filtered listing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "store/sqlite_int.h"
#include "core/banned.h"

/* Binds ?2..?18 of PERSON_INSERT and PERSON_UPDATE (same numbering). */
static int bind_fields(sqlite3_stmt *s, const struct hw_person *p)
{
	int rc = 0;

	rc |= store_bind_code(s, 2, &hw_vocab_sex, p->sex);
	rc |= store_bind_date(s, 3, &p->birth_date);
	rc |= store_bind_text(s, 4, p->birth_place);
	rc |= store_bind_text(s, 5, p->citizenship);
	rc |= store_bind_code(s, 6, &hw_vocab_category, p->category);
	rc |= store_bind_code(s, 7, &hw_vocab_branch, p->branch);
	rc |= store_bind_text(s, 8, p->unit);
	rc |= store_bind_code(s, 9, &hw_vocab_rank, p->rank);
	rc |= store_bind_text(s, 10, p->service_number);
	rc |= store_bind_code(s, 11, &hw_vocab_status, p->status);
	rc |= store_bind_code(s, 12, &hw_vocab_custody, p->held_by);
	rc |= store_bind_date(s, 13, &p->captured_on);
	rc |= store_bind_text(s, 14, p->capture_place);
	rc |= store_bind_code(s, 15, &hw_vocab_region, p->region);
	rc |= sqlite3_bind_int64(s, 16, p->health);
	rc |= store_bind_text(s, 17, p->next_of_kin);
	rc |= store_bind_text(s, 18, p->notes);
	return rc;
}

static enum hw_err insert_name(struct hw_store *st, int64_t person_id, struct hw_name *n,
			       const char *now, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_NAME_INSERT, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, person_id);
	store_bind_code(s, 2, &hw_vocab_name_kind, n->kind);
	store_bind_code(s, 3, &hw_vocab_script, n->script);
	store_bind_text(s, 4, n->family);
	store_bind_text(s, 5, n->given);
	store_bind_text(s, 6, n->patronymic);
	store_bind_id(s, 7, n->source_id);
	sqlite3_bind_text(s, 8, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "storing a name");
	n->id = sqlite3_last_insert_rowid(st->db);
	if (!n->recorded_at && !(n->recorded_at = hw_strdup(now)))
		return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

static enum hw_err insert_ref(struct hw_store *st, int64_t person_id, const struct hw_extref *r,
			      struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_REF_INSERT, err);

	if (!s)
		return HW_STORE;
	store_bind_text(s, 1, r->source);
	store_bind_text(s, 2, r->ref);
	sqlite3_bind_int64(s, 3, person_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
			return hw_error_set_field(err, HW_CONFLICT, "ref",
						  "reference '%s:%s' already belongs to another person",
						  r->source, r->ref);
		return store_fail(st, err, "storing a reference");
	}
	return HW_OK;
}

static enum hw_err insert_tags(struct hw_store *st, const struct hw_person *p,
			       struct hw_error *err)
{
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < p->ntags; i++) {
		if (!(s = store_stmt(st, STMT_TAG_INSERT, err)))
			return HW_STORE;
		sqlite3_bind_int64(s, 1, p->id);
		store_bind_text(s, 2, p->tags[i]);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, err, "storing a tag");
	}
	return HW_OK;
}

static enum hw_err set_stamps(struct hw_person *p, const char *now, int created,
			      struct hw_error *err)
{
	if (created && hw_person_set_str(&p->created_at, now))
		return hw_error_set(err, HW_NOMEM, NULL);
	if (hw_person_set_str(&p->updated_at, now))
		return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

static enum hw_err insert_person(struct hw_store *st, struct hw_person *p, const char *now,
				 struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_PERSON_INSERT, err);
	enum hw_err rc;
	size_t i;

	if (!s)
		return HW_STORE;
	store_bind_id(s, 1, p->id);
	bind_fields(s, p);
	sqlite3_bind_text(s, 19, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT && p->id > 0)
			return hw_error_set_field(err, HW_CONFLICT, "ref",
						  "id %" PRId64 " is already in use", p->id);
		return store_fail(st, err, "storing a person");
	}
	p->id = sqlite3_last_insert_rowid(st->db);
	p->version = 1;
	store_changed(st, p->id);
	for (i = 0; i < p->nnames; i++)
		if ((rc = insert_name(st, p->id, &p->names[i], now, err)))
			return rc;
	for (i = 0; i < p->nrefs; i++)
		if ((rc = insert_ref(st, p->id, &p->refs[i], err)))
			return rc;
	if ((rc = insert_tags(st, p, err)))
		return rc;
	return set_stamps(p, now, 1, err);
}

enum hw_err hw_store_person_insert(struct hw_store *st, struct hw_person *p,
				   struct hw_error *err)
{
	char now[32];
	int64_t given_id = p->id;
	enum hw_err rc;

	store_now(now);
	if ((rc = store_op_begin(st, err)))
		return rc;
	rc = insert_person(st, p, now, err);
	if (rc)
		p->id = given_id;
	return store_op_end(st, rc, err);
}

static enum hw_err check_version(struct hw_store *st, int64_t id, int64_t expected,
				 struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_PERSON_VERSION, err);
	int64_t current;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW)
		return hw_error_set(err, HW_NOT_FOUND, "no person with id %" PRId64, id);
	current = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (current != expected)
		return hw_error_set(err, HW_STALE,
				    "the person was changed meanwhile (version %" PRId64
				    ", expected %" PRId64 ")", current, expected);
	return HW_OK;
}

/* Refs of p that are not stored yet are added; stored ones are kept. */
static enum hw_err add_new_refs(struct hw_store *st, const struct hw_person *p,
				struct hw_error *err)
{
	enum hw_err rc;
	int64_t owner;
	size_t i;

	for (i = 0; i < p->nrefs; i++) {
		rc = hw_store_person_by_extref(st, p->refs[i].source, p->refs[i].ref, &owner, err);
		if (rc == HW_OK && owner == p->id)
			continue;
		if (rc == HW_OK || rc != HW_NOT_FOUND)
			return rc == HW_OK ? hw_error_set_field(err, HW_CONFLICT, "ref",
				"reference '%s:%s' already belongs to another person",
				p->refs[i].source, p->refs[i].ref) : rc;
		if ((rc = insert_ref(st, p->id, &p->refs[i], err)))
			return rc;
	}
	return HW_OK;
}

static enum hw_err update_names(struct hw_store *st, struct hw_person *p, const char *now,
				struct hw_error *err)
{
	sqlite3_stmt *s;
	enum hw_err rc;
	size_t i;

	for (i = 0; i < p->nnames; i++) {
		if (p->names[i].id == 0) {
			if ((rc = insert_name(st, p->id, &p->names[i], now, err)))
				return rc;
			continue;
		}
		if (!(s = store_stmt(st, STMT_NAME_SET_KIND, err)))
			return HW_STORE;
		sqlite3_bind_int64(s, 1, p->names[i].id);
		store_bind_code(s, 2, &hw_vocab_name_kind, p->names[i].kind);
		sqlite3_bind_int64(s, 3, p->id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, err, "updating a name record");
	}
	return HW_OK;
}

static enum hw_err update_person(struct hw_store *st, struct hw_person *p, int64_t expected,
				 const char *now, struct hw_error *err)
{
	sqlite3_stmt *s;
	enum hw_err rc;

	if ((rc = check_version(st, p->id, expected, err)))
		return rc;
	if (!(s = store_stmt(st, STMT_PERSON_SNAPSHOT, err)))
		return HW_STORE;
	sqlite3_bind_int64(s, 1, p->id);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "saving the previous version");
	if (!(s = store_stmt(st, STMT_PERSON_UPDATE, err)))
		return HW_STORE;
	sqlite3_bind_int64(s, 1, p->id);
	bind_fields(s, p);
	sqlite3_bind_text(s, 19, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 20, expected);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "updating a person");
	if (sqlite3_changes(st->db) != 1)
		return hw_error_set(err, HW_STALE, "the person was changed meanwhile");
	store_changed(st, p->id);
	if ((rc = update_names(st, p, now, err)) || (rc = add_new_refs(st, p, err)))
		return rc;
	if ((rc = store_exec_id(st, STMT_TAGS_DELETE, p->id, err)) || (rc = insert_tags(st, p, err)))
		return rc;
	p->version = expected + 1;
	return set_stamps(p, now, 0, err);
}

enum hw_err hw_store_person_update(struct hw_store *st, struct hw_person *p,
				   int64_t expected_version, struct hw_error *err)
{
	char now[32];
	enum hw_err rc;

	store_now(now);
	if ((rc = store_op_begin(st, err)))
		return rc;
	rc = update_person(st, p, expected_version, now, err);
	return store_op_end(st, rc, err);
}

/* ---- loading ---------------------------------------------------------- */

void store_read_person_row(sqlite3_stmt *s, struct hw_person *p)
{
	const unsigned char *c;

	p->id = sqlite3_column_int64(s, 0);
	p->version = sqlite3_column_int64(s, 1);
	p->sex = store_col_code(s, 2, &hw_vocab_sex);
	store_col_date(s, 3, &p->birth_date);
	p->birth_place = store_col_text(s, 4);
	c = sqlite3_column_text(s, 5);
	if (c && strlen((const char *)c) == 2)
		memcpy(p->citizenship, c, 3);
	p->category = store_col_code(s, 6, &hw_vocab_category);
	p->branch = store_col_code(s, 7, &hw_vocab_branch);
	p->unit = store_col_text(s, 8);
	p->rank = store_col_code(s, 9, &hw_vocab_rank);
	p->service_number = store_col_text(s, 10);
	p->status = store_col_code(s, 11, &hw_vocab_status);
	p->held_by = store_col_code(s, 12, &hw_vocab_custody);
	store_col_date(s, 13, &p->captured_on);
	p->capture_place = store_col_text(s, 14);
	p->region = store_col_code(s, 15, &hw_vocab_region);
	p->health = (unsigned)sqlite3_column_int64(s, 16);
	p->next_of_kin = store_col_text(s, 17);
	p->notes = store_col_text(s, 18);
	p->created_at = store_col_text(s, 19);
	p->updated_at = store_col_text(s, 20);
}

void store_primary_first(struct hw_person *p)
{
	struct hw_name tmp;
	size_t i;

	for (i = 1; i < p->nnames; i++) {
		if (p->names[i].kind != HW_NAME_PRIMARY || p->names[0].kind == HW_NAME_PRIMARY)
			continue;
		tmp = p->names[i];
		memmove(&p->names[1], &p->names[0], i * sizeof(tmp));
		p->names[0] = tmp;
		return;
	}
}

/* Reads one name record from columns base..base+7 of s into p. */
enum hw_err store_read_name(sqlite3_stmt *s, int base, struct hw_person *p,
			     struct hw_error *err)
{
	const char *fam = (const char *)sqlite3_column_text(s, base + 3);
	const char *giv = (const char *)sqlite3_column_text(s, base + 4);
	const char *pat = (const char *)sqlite3_column_text(s, base + 5);
	struct hw_name *n;

	if (hw_person_add_name(p, store_col_code(s, base + 1, &hw_vocab_name_kind),
			       fam ? fam : "?", giv ? giv : "?", pat,
			       store_col_code(s, base + 2, &hw_vocab_script), err))
		return HW_NOMEM;
	n = &p->names[p->nnames - 1];
	n->id = sqlite3_column_int64(s, base);
	n->source_id = sqlite3_column_int64(s, base + 6);
	n->recorded_at = store_col_text(s, base + 7);
	return HW_OK;
}

enum hw_err store_load_details(struct hw_store *st, struct hw_person *p, struct hw_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (!(s = store_stmt(st, STMT_NAMES_OF, err)))
		return HW_STORE;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (store_read_name(s, 0, p, err))
			return HW_NOMEM;
	if (rc != SQLITE_DONE || !(s = store_stmt(st, STMT_REFS_OF, err)))
		return store_fail(st, err, "loading names");
	store_primary_first(p);
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (hw_person_add_ref(p, (const char *)sqlite3_column_text(s, 0),
				      (const char *)sqlite3_column_text(s, 1), err))
			return HW_NOMEM;
	if (rc != SQLITE_DONE || !(s = store_stmt(st, STMT_TAGS_OF, err)))
		return store_fail(st, err, "loading references");
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (hw_person_add_tag(p, (const char *)sqlite3_column_text(s, 0), NULL))
			return hw_error_set(err, HW_NOMEM, NULL);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "loading tags");
	return HW_OK;
}

enum hw_err hw_store_person_get(struct hw_store *st, int64_t id, struct hw_person *out,
				struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_PERSON_GET, err);
	enum hw_err rc;
	int step;

	hw_person_release(out);
	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE)
		return hw_error_set(err, HW_NOT_FOUND, "no person with id %" PRId64, id);
	if (step != SQLITE_ROW)
		return store_fail(st, err, "loading a person");
	store_read_person_row(s, out);
	sqlite3_reset(s);
	rc = store_load_details(st, out, err);
	if (rc)
		hw_person_release(out);
	return rc;
}

/* ---- references ------------------------------------------------------- */

enum hw_err hw_store_person_by_extref(struct hw_store *st, const char *source, const char *ref,
				      int64_t *id, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_REF_FIND, err);
	int rc;

	if (!s)
		return HW_STORE;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return HW_OK;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "looking up a reference");
	return hw_error_set(err, HW_NOT_FOUND, "no person with reference '%s:%s'", source, ref);
}

static enum hw_err resolve_bare(struct hw_store *st, const char *ref, int64_t *id,
				struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_REF_FIND_BARE, err);
	struct hw_buf sources = HW_BUF_INIT;
	int n = 0, rc;

	if (!s)
		return HW_STORE;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		hw_buf_addf(&sources, "%s%s:%s", n ? ", " : "", sqlite3_column_text(s, 1), ref);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		hw_buf_release(&sources);
		return store_fail(st, err, "looking up a reference");
	}
	if (n == 1) {
		hw_buf_release(&sources);
		return HW_OK;
	}
	if (n == 0)
		rc = hw_error_set(err, HW_NOT_FOUND, "no person with reference '%s'", ref);
	else
		rc = hw_error_set(err, HW_CONFLICT, "reference '%s' is ambiguous: %s", ref,
				  sources.data);
	hw_buf_release(&sources);
	return (enum hw_err)rc;
}

enum hw_err hw_store_person_resolve(struct hw_store *st, const char *ref, int64_t *id,
				    struct hw_error *err)
{
	const char *colon = strchr(ref, ':');
	char source[128];
	sqlite3_stmt *s;
	int64_t pid;
	int found;

	if (hw_pubref_parse(ref, &pid)) {
		if (!(s = store_stmt(st, STMT_PERSON_EXISTS, err)))
			return HW_STORE;
		sqlite3_bind_int64(s, 1, pid);
		found = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_reset(s);
		if (!found)
			return hw_error_set(err, HW_NOT_FOUND, "no person %s", ref);
		*id = pid;
		return HW_OK;
	}
	if (colon && (size_t)(colon - ref) < sizeof(source)) {
		memcpy(source, ref, (size_t)(colon - ref));
		source[colon - ref] = '\0';
		if (hw_store_person_by_extref(st, source, colon + 1, id, NULL) == HW_OK)
			return HW_OK;
	}
	return resolve_bare(st, ref, id, err);
}
