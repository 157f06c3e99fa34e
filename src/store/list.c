/*
 * list.c - listing and counting persons by filter.
 *
 * A listing streams persons in id order.  A short page (a limit) loads
 * each person's names, references and tags by index; a long listing (no
 * limit, as for an export of the whole registry) instead walks the names,
 * references and tags tables once each, in person order beside the
 * persons, a merge join that reads every table sequentially instead of
 * doing three lookups per person.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "store/sqlite_int.h"
#include "core/banned.h"

/* Appends the WHERE clause of `f` to `sql`; bind_filter binds it. */
static void filter_sql(struct hw_buf *sql, const struct hw_person_filter *f, int paging)
{
	hw_buf_addstr(sql, " WHERE 1");
	if (f->status != HW_STATUS_NONE)
		hw_buf_addstr(sql, " AND status = :status");
	if (f->has_category)
		hw_buf_addstr(sql, " AND category = :category");
	if (f->branch != HW_BRANCH_NONE)
		hw_buf_addstr(sql, " AND branch = :branch");
	if (f->region != HW_REGION_NONE)
		hw_buf_addstr(sql, " AND region = :region");
	if (f->has_held_by)
		hw_buf_addstr(sql, " AND held_by = :held_by");
	if (f->tag)
		hw_buf_addstr(sql, " AND id IN (SELECT person_id FROM person_tags WHERE tag = :tag)");
	if (paging && f->after_id > 0)
		hw_buf_addstr(sql, " AND id > :after");
}

static void bind_named(sqlite3_stmt *s, const char *name, const struct hw_vocab *v, int value)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i)
		store_bind_code(s, i, v, value);
}

static void bind_filter(sqlite3_stmt *s, const struct hw_person_filter *f)
{
	int i;

	bind_named(s, ":status", &hw_vocab_status, f->status);
	bind_named(s, ":category", &hw_vocab_category, f->category);
	bind_named(s, ":branch", &hw_vocab_branch, f->branch);
	bind_named(s, ":region", &hw_vocab_region, f->region);
	bind_named(s, ":held_by", &hw_vocab_custody, f->held_by);
	if ((i = sqlite3_bind_parameter_index(s, ":tag")))
		sqlite3_bind_text(s, i, f->tag, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":after")))
		sqlite3_bind_int64(s, i, f->after_id);
	if ((i = sqlite3_bind_parameter_index(s, ":limit")))
		sqlite3_bind_int64(s, i, (sqlite3_int64)f->limit);
}

static enum hw_err prepare(struct hw_store *st, struct hw_buf *sql, sqlite3_stmt **out,
			   struct hw_error *err)
{
	if (sql->len == 0)
		return hw_error_set(err, HW_NOMEM, NULL);
	if (sqlite3_prepare_v2(st->db, sql->data, (int)sql->len, out, NULL) != SQLITE_OK)
		return store_fail(st, err, "preparing a listing");
	return HW_OK;
}

enum hw_err hw_store_person_count(struct hw_store *st, const struct hw_person_filter *f,
				  int64_t *count, struct hw_error *err)
{
	struct hw_buf sql = HW_BUF_INIT;
	sqlite3_stmt *s = NULL;
	enum hw_err rc;

	hw_buf_addstr(&sql, "SELECT count(*) FROM persons");
	filter_sql(&sql, f, 0);
	if ((rc = prepare(st, &sql, &s, err)))
		goto out;
	bind_filter(s, f);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = store_fail(st, err, "counting persons");
		goto out;
	}
	*count = sqlite3_column_int64(s, 0);
out:
	sqlite3_finalize(s);
	hw_buf_release(&sql);
	return rc;
}

/* A cursor over one of the per-person tables, ordered by person id. */
struct side {
	sqlite3_stmt *s;
	int row; /* 1 while positioned on a row */
};

static enum hw_err side_open(struct hw_store *st, struct side *c, enum store_stmt id,
			     struct hw_error *err)
{
	/* Not the cached statement: the cache holds statements for single
	 * lookups, which a callback may still use during the listing. */
	const char *sql = sqlite3_sql(store_stmt(st, id, err));

	if (!sql)
		return HW_STORE;
	if (sqlite3_prepare_v2(st->db, sql, -1, &c->s, NULL) != SQLITE_OK)
		return store_fail(st, err, "preparing a listing");
	c->row = sqlite3_step(c->s) == SQLITE_ROW;
	return HW_OK;
}

/* Skips rows of persons before `id`; returns 1 while on a row of `id`. */
static int side_at(struct side *c, int64_t id)
{
	while (c->row && sqlite3_column_int64(c->s, 0) < id)
		c->row = sqlite3_step(c->s) == SQLITE_ROW;
	return c->row && sqlite3_column_int64(c->s, 0) == id;
}

static enum hw_err merge_details(struct side sides[3], struct hw_person *p, struct hw_error *err)
{
	for (; side_at(&sides[0], p->id); sides[0].row = sqlite3_step(sides[0].s) == SQLITE_ROW)
		if (store_read_name(sides[0].s, 1, p, err))
			return HW_NOMEM;
	store_primary_first(p);
	for (; side_at(&sides[1], p->id); sides[1].row = sqlite3_step(sides[1].s) == SQLITE_ROW)
		if (hw_person_add_ref(p, (const char *)sqlite3_column_text(sides[1].s, 1),
				      (const char *)sqlite3_column_text(sides[1].s, 2), err))
			return HW_NOMEM;
	for (; side_at(&sides[2], p->id); sides[2].row = sqlite3_step(sides[2].s) == SQLITE_ROW)
		if (hw_person_add_tag(p, (const char *)sqlite3_column_text(sides[2].s, 1), NULL))
			return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

enum hw_err hw_store_person_each(struct hw_store *st, const struct hw_person_filter *f,
				 hw_person_cb cb, void *ctx, struct hw_error *err)
{
	struct hw_buf sql = HW_BUF_INIT;
	struct side sides[3] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };
	struct hw_person p;
	sqlite3_stmt *s = NULL;
	int merge = f->limit == 0, step, i;
	enum hw_err rc;

	hw_person_init(&p);
	hw_buf_addstr(&sql, "SELECT " STORE_PERSON_COLUMNS " FROM persons");
	filter_sql(&sql, f, 1);
	hw_buf_addstr(&sql, f->limit ? " ORDER BY id LIMIT :limit" : " ORDER BY id");
	if ((rc = prepare(st, &sql, &s, err)))
		goto out;
	bind_filter(s, f);
	if (merge && ((rc = side_open(st, &sides[0], STMT_NAMES_ALL, err)) ||
		      (rc = side_open(st, &sides[1], STMT_REFS_ALL, err)) ||
		      (rc = side_open(st, &sides[2], STMT_TAGS_ALL, err))))
		goto out;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		store_read_person_row(s, &p);
		rc = merge ? merge_details(sides, &p, err) : store_load_details(st, &p, err);
		if (rc)
			goto out;
		if (cb(ctx, &p))
			break;
		hw_person_release(&p);
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(st, err, "listing persons");
out:
	hw_person_release(&p);
	for (i = 0; i < 3; i++)
		sqlite3_finalize(sides[i].s);
	sqlite3_finalize(s);
	hw_buf_release(&sql);
	return rc;
}
