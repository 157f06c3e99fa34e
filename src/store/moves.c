/*
 * moves.c - the movements of persons in exchanges, which reports count:
 * `returned` and `handed_over` events recorded with a stage, and the
 * cumulative number returned home.
 *
 * The statements are prepared here for each call, not in the shared
 * statement table: a report runs them once.
 *
 * Dates are compared as the text hw_date_format writes ("YYYY-MM-DD",
 * "YYYY-MM", "YYYY"), which orders as hw_date_cmp does.  An upper bound
 * of lower precision covers its whole month or year: `to` 2024-05 keeps
 * 2024-05-31 (the stored date cut to the bound's length is compared).
 * A movement whose event has no date takes its stage's date.
 */
#include <inttypes.h>
#include <string.h>

#include "homeward/alloc.h"
#include "store/sqlite_int.h"
#include "core/banned.h"

/* ?1 stage, ?2 agreement (0: any), ?3 from, ?4 to (NULL: open) */
#define MOVE_DATE "COALESCE(e.date, s.date)"
static const char move_sql[] =
	"SELECT e.person_id, e.type, " MOVE_DATE ", e.stage_id, s.exchange_id "
	"FROM events e LEFT JOIN stages s ON s.id = e.stage_id "
	"WHERE e.type IN ('returned', 'handed_over') AND e.stage_id IS NOT NULL "
	"AND (?1 = 0 OR e.stage_id = ?1) AND (?2 = 0 OR s.exchange_id = ?2) "
	"AND (?3 IS NULL OR " MOVE_DATE " >= ?3) "
	"AND (?4 IS NULL OR substr(" MOVE_DATE ", 1, length(?4)) <= ?4) "
	"ORDER BY " MOVE_DATE ", e.person_id, e.id";

/*
 * ?1 to (NULL: all).  Historic: the counts of stages that no `returned`
 * event refers to (counts-only stages); persons: the `returned` events
 * recorded with a stage.  Both by the stage's date, an undated stage
 * counting as before every dated one.
 */
#define STAGE_UP_TO "(s.date IS NULL OR ((?1 IS NULL OR substr(s.date, 1, length(?1)) <= ?1) " \
	"AND (?2 IS NULL OR s.date >= ?2)))"
static const char total_sql[] =
	"SELECT (SELECT COALESCE(SUM(s.counted_in), 0) FROM stages s "
	"WHERE s.counted_in IS NOT NULL AND s.state != 'cancelled' AND " STAGE_UP_TO " "
	"AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stage_id = s.id "
	"AND e.type = 'returned')), "
	"(SELECT COUNT(*) FROM events e JOIN stages s ON s.id = e.stage_id "
	"WHERE e.type = 'returned' AND " STAGE_UP_TO ")";

static int move_row(struct hw_store *st, sqlite3_stmt *s, struct hw_person *p,
		    int (*cb)(void *ctx, const struct hw_move *m), void *ctx,
		    enum hw_err *rc, struct hw_error *err)
{
	struct hw_move m;

	memset(&m, 0, sizeof(m));
	if ((*rc = hw_store_person_get(st, sqlite3_column_int64(s, 0), p, err)))
		return 1;
	m.person = p;
	m.type = store_col_code(s, 1, &hw_vocab_event);
	store_col_date(s, 2, &m.date);
	m.stage_id = sqlite3_column_int64(s, 3);
	m.exchange_id = sqlite3_column_int64(s, 4);
	return cb(ctx, &m);
}

enum hw_err hw_store_move_each(struct hw_store *st, const struct hw_move_filter *filter,
			       int (*cb)(void *ctx, const struct hw_move *m), void *ctx,
			       struct hw_error *err)
{
	static const struct hw_move_filter all;
	sqlite3_stmt *s = NULL;
	struct hw_person p;
	enum hw_err rc = HW_OK;
	int step;

	hw_person_init(&p);
	if (!filter)
		filter = &all;
	if (sqlite3_prepare_v2(st->db, move_sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, err, "preparing the movements");
	sqlite3_bind_int64(s, 1, filter->stage_id);
	sqlite3_bind_int64(s, 2, filter->exchange_id);
	store_bind_date(s, 3, &filter->from);
	store_bind_date(s, 4, &filter->to);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if (move_row(st, s, &p, cb, ctx, &rc, err))
			break;
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(st, err, "reading the movements");
	sqlite3_finalize(s);
	hw_person_release(&p);
	return rc;
}

enum hw_err hw_store_returned_total(struct hw_store *st, const struct hw_date *from,
				    const struct hw_date *to, long *historic, long *persons,
				    struct hw_error *err)
{
	static const struct hw_date unknown;
	sqlite3_stmt *s = NULL;
	enum hw_err rc = HW_OK;

	*historic = *persons = 0;
	if (sqlite3_prepare_v2(st->db, total_sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, err, "preparing the total returned");
	store_bind_date(s, 1, to ? to : &unknown);
	store_bind_date(s, 2, from ? from : &unknown);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*historic = (long)sqlite3_column_int64(s, 0);
		*persons = (long)sqlite3_column_int64(s, 1);
	} else {
		rc = store_fail(st, err, "counting the total returned");
	}
	sqlite3_finalize(s);
	return rc;
}
