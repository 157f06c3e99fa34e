/*
 * events.c - the append-only history, sources, and the walk over every
 * name record that the candidate index is built from.
 */
#include <inttypes.h>
#include <string.h>

#include "homeward/alloc.h"
#include "store/sqlite_int.h"
#include "core/banned.h"

void hw_source_release(struct hw_source *s)
{
	hw_free(s->title);
	hw_free(s->recorded_at);
	memset(s, 0, sizeof(*s));
}

enum hw_err hw_store_source_add(struct hw_store *st, struct hw_source *src, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SOURCE_INSERT, err);

	if (!s)
		return HW_STORE;
	if (!src->title || !*src->title)
		return hw_error_set_field(err, HW_INVALID, "title", "a source needs a title");
	store_bind_code(s, 1, &hw_vocab_source_kind, src->kind);
	store_bind_text(s, 2, src->title);
	store_bind_date(s, 3, &src->date);
	store_bind_code(s, 4, &hw_vocab_reliability, src->reliability);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "storing a source");
	src->id = sqlite3_last_insert_rowid(st->db);
	return HW_OK;
}

enum hw_err hw_store_source_get(struct hw_store *st, int64_t id, struct hw_source *out,
				struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SOURCE_GET, err);
	int rc;

	hw_source_release(out);
	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return hw_error_set(err, HW_NOT_FOUND, "no source with id %" PRId64, id);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "loading a source");
	out->id = id;
	out->kind = store_col_code(s, 0, &hw_vocab_source_kind);
	out->title = store_col_text(s, 1);
	store_col_date(s, 2, &out->date);
	out->reliability = store_col_code(s, 3, &hw_vocab_reliability);
	out->recorded_at = store_col_text(s, 4);
	sqlite3_reset(s);
	return out->title ? HW_OK : hw_error_set(err, HW_NOMEM, NULL);
}

static enum hw_err append_event(struct hw_store *st, struct hw_event *e, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_EVENT_INSERT, err);
	char now[32];

	if (!s)
		return HW_STORE;
	store_now(now);
	sqlite3_bind_text(s, 9, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 1, e->person_id);
	store_bind_code(s, 2, &hw_vocab_event, e->type);
	store_bind_date(s, 3, &e->date);
	store_bind_code(s, 4, &hw_vocab_status, e->status_after);
	store_bind_text(s, 5, e->note);
	store_bind_id(s, 6, e->source_id);
	store_bind_id(s, 7, e->stage_id);
	store_bind_text(s, 8, e->recorded_by);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "storing an event");
	e->id = sqlite3_last_insert_rowid(st->db);
	store_changed(st, e->person_id);
	hw_free(e->recorded_at);
	if (!(e->recorded_at = hw_strdup(now)))
		return hw_error_set(err, HW_NOMEM, NULL);
	/* a new status is a new version of the person (its ETag changes):
	 * the version it replaces is saved, as for an edit (schema 1, which
	 * only exists to be migrated, has no person_versions) */
	if (st->version >= 2) {
		if (!(s = store_stmt(st, STMT_PERSON_SNAPSHOT_IF_STATUS, err)))
			return HW_STORE;
		sqlite3_bind_int64(s, 1, e->person_id);
		sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
		store_bind_code(s, 3, &hw_vocab_status, e->status_after);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, err, "saving the previous version");
	}
	if (!(s = store_stmt(st, STMT_PERSON_STATUS_SET, err)))
		return HW_STORE;
	sqlite3_bind_int64(s, 1, e->person_id);
	store_bind_code(s, 2, &hw_vocab_status, e->status_after);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "updating the status");
	return HW_OK;
}

enum hw_err hw_store_event_append(struct hw_store *st, struct hw_event *e,
				  struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = store_op_begin(st, err)))
		return rc;
	rc = append_event(st, e, err);
	return store_op_end(st, rc, err);
}

enum hw_err hw_store_event_each(struct hw_store *st, int64_t person_id, hw_event_cb cb,
				void *ctx, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_EVENTS_OF, err);
	struct hw_event e;
	int rc, stop = 0;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, person_id);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		hw_event_init(&e);
		e.id = sqlite3_column_int64(s, 0);
		e.person_id = person_id;
		e.type = store_col_code(s, 1, &hw_vocab_event);
		store_col_date(s, 2, &e.date);
		e.status_after = store_col_code(s, 3, &hw_vocab_status);
		e.note = store_col_text(s, 4);
		e.source_id = sqlite3_column_int64(s, 5);
		e.stage_id = sqlite3_column_int64(s, 6);
		e.recorded_at = store_col_text(s, 7);
		e.recorded_by = store_col_text(s, 8);
		stop = cb(ctx, &e);
		hw_event_release(&e);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return store_fail(st, err, "loading the history");
	return HW_OK;
}

static int name_row(sqlite3_stmt *s, hw_name_cb cb, void *ctx)
{
	struct hw_name n;
	struct hw_name_row row;

	memset(&n, 0, sizeof(n));
	n.id = sqlite3_column_int64(s, 1);
	n.kind = store_col_code(s, 2, &hw_vocab_name_kind);
	n.script = store_col_code(s, 3, &hw_vocab_script);
	n.family = (char *)sqlite3_column_text(s, 4);
	n.given = (char *)sqlite3_column_text(s, 5);
	n.patronymic = (char *)sqlite3_column_text(s, 6);
	row.person_id = sqlite3_column_int64(s, 0);
	row.name = &n;
	row.sex = store_col_code(s, 7, &hw_vocab_sex);
	store_col_date(s, 8, &row.birth_date);
	row.unit = (const char *)sqlite3_column_text(s, 9);
	row.status = store_col_code(s, 10, &hw_vocab_status);
	row.held_by = store_col_code(s, 11, &hw_vocab_custody);
	return cb(ctx, &row);
}

enum hw_err hw_store_name_each(struct hw_store *st, hw_name_cb cb, void *ctx,
			       struct hw_error *err)
{
	sqlite3_stmt *s = NULL;
	const char *sql = sqlite3_sql(store_stmt(st, STMT_NAME_ROWS, err));
	int rc;

	if (!sql || sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, err, "preparing the name walk");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (name_row(s, cb, ctx))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, err, "walking the names");
		sqlite3_finalize(s);
		return HW_STORE;
	}
	sqlite3_finalize(s);
	return HW_OK;
}
