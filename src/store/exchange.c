/*
 * exchange.c - the exchange ledger in the SQLite back end: agreements,
 * stages, list entries with their decisions, the log of state changes,
 * and the counts a stage is reconciled with.
 *
 * The rule that a person is on one open list at most is the partial
 * unique index list_entries_one_open (schema.c); a violation comes back
 * as HW_CONFLICT naming the entry the person is already on.
 */
#include <inttypes.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/exchange.h"
#include "store/sqlite_int.h"
#include "core/banned.h"

static int bind_count(sqlite3_stmt *s, int col, int n)
{
	return n < 0 ? sqlite3_bind_null(s, col) : sqlite3_bind_int(s, col, n);
}

static int col_count(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? HW_COUNT_UNKNOWN
							   : sqlite3_column_int(s, col);
}

static enum hw_err nomem_if(int failed, struct hw_error *err)
{
	return failed ? hw_error_set(err, HW_NOMEM, NULL) : HW_OK;
}

typedef enum hw_err (*row_reader)(sqlite3_stmt *s, void *out, struct hw_error *err);

/* Loads the row of statement `stmt` with ?1 = id through `read`; `what`
 * names it in messages ("agreement"). */
static enum hw_err get_by_id(struct hw_store *st, enum store_stmt stmt, int64_t id,
			     row_reader read, void *out, const char *what, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, stmt, err);
	char ctx[64];
	enum hw_err rc;
	int step;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		rc = hw_error_set(err, HW_NOT_FOUND, "no %s with id %" PRId64, what, id);
	} else if (step != SQLITE_ROW) {
		snprintf(ctx, sizeof(ctx), "loading a %s", what);
		rc = store_fail(st, err, ctx);
	} else {
		rc = read(s, out, err);
	}
	sqlite3_reset(s);
	return rc;
}

/* Steps a bound statement that selects one id into *id; `missing` is the
 * message when there is no row. */
static enum hw_err step_id(struct hw_store *st, sqlite3_stmt *s, int64_t *id,
			   const char *field, const char *missing, struct hw_error *err)
{
	int step = sqlite3_step(s);

	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step == SQLITE_DONE)
		return hw_error_set_field(err, HW_NOT_FOUND, field, "%s", missing);
	return step == SQLITE_ROW ? HW_OK : store_fail(st, err, "finding a row");
}

/* ---- agreements --------------------------------------------------------- */

enum hw_err hw_store_exchange_insert(struct hw_store *st, struct hw_exchange *x,
				     struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_EXCHANGE_INSERT, err);
	char now[32];

	if (!s)
		return HW_STORE;
	store_now(now);
	store_bind_text(s, 1, x->name);
	store_bind_date(s, 2, &x->agreed_on);
	store_bind_text(s, 3, x->place);
	store_bind_text(s, 4, x->mediators);
	bind_count(s, 5, x->quota_in);
	bind_count(s, 6, x->quota_out);
	store_bind_id(s, 7, x->national_number);
	sqlite3_bind_int(s, 8, x->historic ? 1 : 0);
	store_bind_code(s, 9, &hw_vocab_xstate, x->state);
	store_bind_text(s, 10, x->notes);
	sqlite3_bind_text(s, 11, now, -1, SQLITE_STATIC);
	store_bind_text(s, 12, x->created_by);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
			return hw_error_set_field(err, HW_CONFLICT, "name",
						  "an agreement named '%s' exists already", x->name);
		return store_fail(st, err, "storing an agreement");
	}
	x->id = sqlite3_last_insert_rowid(st->db);
	hw_free(x->created_at);
	return nomem_if(!(x->created_at = hw_strdup(now)), err);
}

static enum hw_err read_exchange(sqlite3_stmt *s, void *out, struct hw_error *err)
{
	struct hw_exchange *x = out;

	hw_exchange_release(x);
	x->id = sqlite3_column_int64(s, 0);
	x->name = store_col_text(s, 1);
	store_col_date(s, 2, &x->agreed_on);
	x->place = store_col_text(s, 3);
	x->mediators = store_col_text(s, 4);
	x->quota_in = col_count(s, 5);
	x->quota_out = col_count(s, 6);
	x->national_number = sqlite3_column_int(s, 7);
	x->historic = sqlite3_column_int(s, 8);
	x->state = store_col_code(s, 9, &hw_vocab_xstate);
	x->notes = store_col_text(s, 10);
	x->created_at = store_col_text(s, 11);
	x->created_by = store_col_text(s, 12);
	return nomem_if(!x->name || !x->created_at, err);
}

enum hw_err hw_store_exchange_get(struct hw_store *st, int64_t id, struct hw_exchange *out,
				  struct hw_error *err)
{
	return get_by_id(st, STMT_EXCHANGE_GET, id, read_exchange, out, "agreement", err);
}

enum hw_err hw_store_exchange_by_name(struct hw_store *st, const char *name, int64_t *id,
				      struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_EXCHANGE_BY_NAME, err);
	char missing[320];

	if (!s)
		return HW_STORE;
	store_bind_text(s, 1, name);
	snprintf(missing, sizeof(missing), "no agreement named '%.256s'", name);
	return step_id(st, s, id, "exchange", missing, err);
}

enum hw_err hw_store_exchange_each(struct hw_store *st,
				   int (*cb)(void *ctx, const struct hw_exchange *x), void *ctx,
				   struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_EXCHANGE_ALL, err);
	struct hw_exchange x;
	enum hw_err rc = HW_OK;
	int step;

	if (!s)
		return HW_STORE;
	hw_exchange_init(&x);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if ((rc = read_exchange(s, &x, err)) || cb(ctx, &x))
			break;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(st, err, "listing agreements");
	hw_exchange_release(&x);
	sqlite3_finalize(s);
	return rc;
}

enum hw_err hw_store_exchange_set_state(struct hw_store *st, int64_t id, int state,
					struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_EXCHANGE_SET_STATE, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, id);
	store_bind_code(s, 2, &hw_vocab_xstate, state);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "changing an agreement's state");
	return HW_OK;
}

/* ---- stages ----------------------------------------------------------- */

enum hw_err hw_store_stage_insert(struct hw_store *st, struct hw_stage *sg, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_STAGE_INSERT, err);
	int step;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, sg->exchange_id);
	store_bind_date(s, 2, &sg->date);
	bind_count(s, 3, sg->planned_in);
	bind_count(s, 4, sg->planned_out);
	bind_count(s, 5, sg->counted_in);
	bind_count(s, 6, sg->counted_out);
	store_bind_code(s, 7, &hw_vocab_xstate, sg->state);
	sqlite3_bind_int(s, 8, sg->forced ? 1 : 0);
	store_bind_text(s, 9, sg->force_reason);
	store_bind_text(s, 10, sg->completed_at);
	store_bind_text(s, 11, sg->completed_by);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		sg->number = sqlite3_column_int(s, 0);
	if (step != SQLITE_ROW || sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_fail(st, err, "storing a stage");
	}
	sg->id = sqlite3_last_insert_rowid(st->db);
	sqlite3_reset(s);
	return HW_OK;
}

static enum hw_err read_stage(sqlite3_stmt *s, void *out, struct hw_error *err)
{
	struct hw_stage *sg = out;

	hw_stage_release(sg);
	sg->id = sqlite3_column_int64(s, 0);
	sg->exchange_id = sqlite3_column_int64(s, 1);
	sg->number = sqlite3_column_int(s, 2);
	store_col_date(s, 3, &sg->date);
	sg->planned_in = col_count(s, 4);
	sg->planned_out = col_count(s, 5);
	sg->counted_in = col_count(s, 6);
	sg->counted_out = col_count(s, 7);
	sg->state = store_col_code(s, 8, &hw_vocab_xstate);
	sg->forced = sqlite3_column_int(s, 9);
	sg->force_reason = store_col_text(s, 10);
	sg->completed_at = store_col_text(s, 11);
	sg->completed_by = store_col_text(s, 12);
	(void)err;
	return HW_OK;
}

enum hw_err hw_store_stage_get(struct hw_store *st, int64_t id, struct hw_stage *out,
			       struct hw_error *err)
{
	return get_by_id(st, STMT_STAGE_GET, id, read_stage, out, "stage", err);
}

enum hw_err hw_store_stage_by_number(struct hw_store *st, int64_t exchange_id, int number,
				     int64_t *id, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_STAGE_BY_NUMBER, err);
	char missing[64];

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, exchange_id);
	sqlite3_bind_int(s, 2, number);
	snprintf(missing, sizeof(missing), "the agreement has no stage %d", number);
	return step_id(st, s, id, "stage", missing, err);
}

enum hw_err hw_store_stage_each(struct hw_store *st, int64_t exchange_id,
				int (*cb)(void *ctx, const struct hw_stage *s), void *ctx,
				struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_STAGES_OF, err);
	struct hw_stage sg;
	enum hw_err rc = HW_OK;
	int step;

	if (!s)
		return HW_STORE;
	hw_stage_init(&sg);
	sqlite3_bind_int64(s, 1, exchange_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if ((rc = read_stage(s, &sg, err)) || cb(ctx, &sg))
			break;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(st, err, "listing stages");
	hw_stage_release(&sg);
	sqlite3_finalize(s);
	return rc;
}

enum hw_err hw_store_stage_update(struct hw_store *st, const struct hw_stage *sg,
				  struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_STAGE_UPDATE, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, sg->id);
	store_bind_code(s, 2, &hw_vocab_xstate, sg->state);
	sqlite3_bind_int(s, 3, sg->forced ? 1 : 0);
	store_bind_text(s, 4, sg->force_reason);
	store_bind_text(s, 5, sg->completed_at);
	store_bind_text(s, 6, sg->completed_by);
	store_bind_date(s, 7, &sg->date);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "updating a stage");
	return HW_OK;
}

enum hw_err hw_store_stage_close_lists(struct hw_store *st, int64_t stage_id,
				       struct hw_error *err)
{
	return store_exec_id(st, STMT_STAGE_CLOSE, stage_id, err);
}

enum hw_err hw_store_xlog_append(struct hw_store *st, int64_t exchange_id, int64_t stage_id,
				 const char *what, const char *from, const char *to,
				 const char *reason, const char *actor, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_XLOG_INSERT, err);
	char now[32];

	if (!s)
		return HW_STORE;
	store_now(now);
	sqlite3_bind_int64(s, 1, exchange_id);
	store_bind_id(s, 2, stage_id);
	store_bind_text(s, 3, what);
	store_bind_text(s, 4, from);
	store_bind_text(s, 5, to);
	store_bind_text(s, 6, reason);
	store_bind_text(s, 7, actor);
	sqlite3_bind_text(s, 8, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "logging a change of state");
	return HW_OK;
}

/* ---- list entries ------------------------------------------------------- */

/* The HW_CONFLICT of a person already on an open list. */
static enum hw_err on_open_list(struct hw_store *st, int64_t person_id, struct hw_error *err)
{
	struct hw_xentry e;
	struct hw_stage sg;
	int64_t entry = 0;
	char ref[HW_XREF_MAX] = "another stage";

	hw_xentry_init(&e);
	hw_stage_init(&sg);
	if (hw_store_person_open_entry(st, person_id, &entry, NULL) == HW_OK && entry &&
	    hw_store_xentry_get(st, entry, &e, NULL) == HW_OK &&
	    hw_store_stage_get(st, e.stage_id, &sg, NULL) == HW_OK)
		hw_stage_ref_format(sg.exchange_id, sg.number, ref);
	hw_error_set_field(err, HW_CONFLICT, "person",
			   "the person is already on an open list (%s, %s line %s); "
			   "a person may be on one open list only",
			   ref, e.direction == HW_DIRECTION_OUT ? "outgoing" : "incoming",
			   e.line ? e.line : "?");
	hw_xentry_release(&e);
	hw_stage_release(&sg);
	return HW_CONFLICT;
}

static int is_constraint(struct hw_store *st)
{
	return (sqlite3_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT;
}

static enum hw_err append_decision(struct hw_store *st, int64_t entry_id, int state,
				   int64_t person_id, const char *reason, const char *actor,
				   const char *now, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_XDECISION_INSERT, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, entry_id);
	store_bind_code(s, 2, &hw_vocab_verify, state);
	store_bind_id(s, 3, person_id);
	store_bind_text(s, 4, actor);
	sqlite3_bind_text(s, 5, now, -1, SQLITE_STATIC);
	store_bind_text(s, 6, reason);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, err, "recording a decision");
	return HW_OK;
}

static enum hw_err insert_entry(struct hw_store *st, struct hw_xentry *e, const char *actor,
				const char *now, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_XENTRY_INSERT, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, e->stage_id);
	store_bind_code(s, 2, &hw_vocab_direction, e->direction);
	store_bind_text(s, 3, e->line);
	store_bind_text(s, 4, e->full_name);
	store_bind_text(s, 5, e->family);
	store_bind_text(s, 6, e->given);
	store_bind_text(s, 7, e->patronymic);
	store_bind_text(s, 8, e->birth_date);
	store_bind_text(s, 9, e->unit);
	store_bind_text(s, 10, e->notes);
	store_bind_id(s, 11, e->person_id);
	store_bind_id(s, 12, e->proposed_id);
	sqlite3_bind_text(s, 13, hw_match_decision_name(e->decision), -1, SQLITE_STATIC);
	if (e->decision != HW_MATCH_NONE || e->score != 0)
		sqlite3_bind_double(s, 14, e->score);
	store_bind_text(s, 15, e->candidates);
	store_bind_code(s, 16, &hw_vocab_verify, e->state);
	store_bind_text(s, 17, actor);
	sqlite3_bind_text(s, 18, now, -1, SQLITE_STATIC);
	store_bind_text(s, 19, e->reason);
	if (sqlite3_step(s) == SQLITE_DONE)
		return HW_OK;
	if (!is_constraint(st))
		return store_fail(st, err, "storing a list entry");
	sqlite3_reset(s);
	if (e->person_id > 0) {
		int64_t other = 0;

		if (hw_store_person_open_entry(st, e->person_id, &other, NULL) == HW_OK && other)
			return on_open_list(st, e->person_id, err);
	}
	return hw_error_set_field(err, HW_CONFLICT, "line", "line '%s' is on this list already",
				  e->line);
}

enum hw_err hw_store_xentry_insert(struct hw_store *st, struct hw_xentry *e, const char *actor,
				   struct hw_error *err)
{
	char now[32];
	enum hw_err rc;

	store_now(now);
	if ((rc = store_op_begin(st, err)))
		return rc;
	rc = insert_entry(st, e, actor, now, err);
	if (!rc) {
		e->id = sqlite3_last_insert_rowid(st->db);
		rc = append_decision(st, e->id, e->state, e->person_id, e->reason, actor, now, err);
	}
	if (!rc) {
		hw_free(e->decided_at);
		hw_free(e->decided_by);
		e->decided_at = hw_strdup(now);
		e->decided_by = actor ? hw_strdup(actor) : NULL;
		rc = nomem_if(!e->decided_at || (actor && !e->decided_by), err);
	}
	return store_op_end(st, rc, err);
}

static int decision_of(const char *text)
{
	int d;

	for (d = HW_MATCH_NONE; d <= HW_MATCH_MATCH; d++)
		if (text && !strcmp(text, hw_match_decision_name((enum hw_match_decision)d)))
			return d;
	return HW_MATCH_NONE;
}

static enum hw_err read_entry(sqlite3_stmt *s, void *out, struct hw_error *err)
{
	struct hw_xentry *e = out;

	hw_xentry_release(e);
	e->id = sqlite3_column_int64(s, 0);
	e->stage_id = sqlite3_column_int64(s, 1);
	e->direction = store_col_code(s, 2, &hw_vocab_direction);
	e->line = store_col_text(s, 3);
	e->full_name = store_col_text(s, 4);
	e->family = store_col_text(s, 5);
	e->given = store_col_text(s, 6);
	e->patronymic = store_col_text(s, 7);
	e->birth_date = store_col_text(s, 8);
	e->unit = store_col_text(s, 9);
	e->notes = store_col_text(s, 10);
	e->person_id = sqlite3_column_int64(s, 11);
	e->proposed_id = sqlite3_column_int64(s, 12);
	e->decision = (enum hw_match_decision)decision_of((const char *)sqlite3_column_text(s, 13));
	e->score = sqlite3_column_double(s, 14);
	e->candidates = store_col_text(s, 15);
	e->state = store_col_code(s, 16, &hw_vocab_verify);
	e->decided_by = store_col_text(s, 17);
	e->decided_at = store_col_text(s, 18);
	e->reason = store_col_text(s, 19);
	return nomem_if(!e->line, err);
}

enum hw_err hw_store_xentry_get(struct hw_store *st, int64_t id, struct hw_xentry *out,
				struct hw_error *err)
{
	return get_by_id(st, STMT_XENTRY_GET, id, read_entry, out, "list entry", err);
}

enum hw_err hw_store_xentry_by_line(struct hw_store *st, int64_t stage_id, const char *line,
				    int64_t *id, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_XENTRY_BY_LINE, err);
	char missing[320];

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, stage_id);
	store_bind_text(s, 2, line);
	snprintf(missing, sizeof(missing), "no line '%.200s' on the lists of this stage", line);
	return step_id(st, s, id, "line", missing, err);
}

/* Hands each entry of the bound statement `s` (a fresh one, finalized
 * here) to `cb`; `what` names the walk in an error. */
static enum hw_err walk_entries(struct hw_store *st, sqlite3_stmt *s,
				int (*cb)(void *ctx, const struct hw_xentry *e), void *ctx,
				const char *what, struct hw_error *err)
{
	struct hw_xentry e;
	enum hw_err rc = HW_OK;
	int step;

	hw_xentry_init(&e);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if ((rc = read_entry(s, &e, err)) || cb(ctx, &e))
			break;
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(st, err, what);
	hw_xentry_release(&e);
	sqlite3_finalize(s);
	return rc;
}

enum hw_err hw_store_xentry_each(struct hw_store *st, int64_t stage_id,
				 const struct hw_xentry_filter *f,
				 int (*cb)(void *ctx, const struct hw_xentry *e), void *ctx,
				 struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_XENTRIES_OF, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, stage_id);
	if (f && f->has_direction)
		store_bind_code(s, 2, &hw_vocab_direction, f->direction);
	if (f && f->has_state)
		store_bind_code(s, 3, &hw_vocab_verify, f->state);
	return walk_entries(st, s, cb, ctx, "listing entries", err);
}

static enum hw_err decide(struct hw_store *st, int64_t entry_id, int state, int64_t person_id,
			  const char *reason, const char *actor, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_XENTRY_DECIDE, err);
	char now[32];

	if (!s)
		return HW_STORE;
	store_now(now);
	sqlite3_bind_int64(s, 1, entry_id);
	store_bind_code(s, 2, &hw_vocab_verify, state);
	store_bind_id(s, 3, person_id);
	store_bind_text(s, 4, reason);
	store_bind_text(s, 5, actor);
	sqlite3_bind_text(s, 6, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (is_constraint(st) && person_id > 0)
			return on_open_list(st, person_id, err);
		return store_fail(st, err, "recording a decision");
	}
	if (!sqlite3_changes(st->db))
		return hw_error_set(err, HW_NOT_FOUND, "no list entry with id %" PRId64, entry_id);
	return append_decision(st, entry_id, state, person_id, reason, actor, now, err);
}

enum hw_err hw_store_xentry_decide(struct hw_store *st, int64_t entry_id, int state,
				   int64_t person_id, const char *reason, const char *actor,
				   struct hw_error *err)
{
	enum hw_err rc;

	if ((rc = store_op_begin(st, err)))
		return rc;
	rc = decide(st, entry_id, state, person_id, reason, actor, err);
	return store_op_end(st, rc, err);
}

enum hw_err hw_store_xentry_history(struct hw_store *st, int64_t entry_id,
				    int (*cb)(void *ctx, const struct hw_xdecision *d), void *ctx,
				    struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_XDECISIONS_OF, err);
	struct hw_xdecision d;
	int step;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, entry_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		d.state = store_col_code(s, 0, &hw_vocab_verify);
		d.person_id = sqlite3_column_int64(s, 1);
		d.decided_by = (const char *)sqlite3_column_text(s, 2);
		d.decided_at = (const char *)sqlite3_column_text(s, 3);
		d.reason = (const char *)sqlite3_column_text(s, 4);
		if (cb(ctx, &d))
			break;
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(st, err, "loading decisions");
	return HW_OK;
}

enum hw_err hw_store_person_open_entry(struct hw_store *st, int64_t person_id,
				       int64_t *entry_id, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_PERSON_OPEN_ENTRY, err);
	int step;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, person_id);
	step = sqlite3_step(s);
	*entry_id = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(st, err, "finding a person's list");
	return HW_OK;
}

enum hw_err hw_store_person_xentry_each(struct hw_store *st, int64_t person_id,
					int (*cb)(void *ctx, const struct hw_xentry *e),
					void *ctx, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_PERSON_XENTRIES, err);

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, person_id);
	return walk_entries(st, s, cb, ctx, "listing a person's entries", err);
}

enum hw_err hw_store_stage_counts(struct hw_store *st, int64_t stage_id,
				  struct hw_xcounts *out, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_STAGE_ENTRY_COUNTS, err);
	int step, state;
	long n;

	if (!s)
		return HW_STORE;
	sqlite3_bind_int64(s, 1, stage_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		state = store_col_code(s, 1, &hw_vocab_verify);
		n = (long)sqlite3_column_int64(s, 2);
		if (store_col_code(s, 0, &hw_vocab_direction) == HW_DIRECTION_OUT) {
			if (state != HW_VERIFY_REJECTED)
				out->listed_out += n;
		} else {
			out->listed_in += n;
			out->by_state[state] += n;
		}
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_fail(st, err, "counting entries");
	if (!(s = store_stmt(st, STMT_STAGE_EVENT_COUNTS, err)))
		return HW_STORE;
	sqlite3_bind_int64(s, 1, stage_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		n = (long)sqlite3_column_int64(s, 1);
		if (!strcmp((const char *)sqlite3_column_text(s, 0), "returned"))
			out->returned += n;
		else
			out->handed_over += n;
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_fail(st, err, "counting movements");
	return HW_OK;
}

enum hw_err hw_store_propose_each(struct hw_store *st, enum hw_custody held_by,
				  int (*cb)(void *ctx, const struct hw_propose_row *r),
				  void *ctx, struct hw_error *err)
{
	sqlite3_stmt *s = store_stmt_fresh(st, STMT_PROPOSE_ROWS, err);
	struct hw_propose_row r;
	int step;

	if (!s)
		return HW_STORE;
	store_bind_code(s, 1, &hw_vocab_custody, held_by);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		r.person_id = sqlite3_column_int64(s, 0);
		r.sex = store_col_code(s, 1, &hw_vocab_sex);
		r.category = store_col_code(s, 2, &hw_vocab_category);
		r.health = (unsigned)sqlite3_column_int(s, 3);
		store_col_date(s, 4, &r.birth_date);
		store_col_date(s, 5, &r.captured_on);
		if (cb(ctx, &r))
			break;
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(st, err, "listing persons to propose");
	return HW_OK;
}
