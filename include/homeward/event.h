/*
 * homeward/event.h - a person's history and the status it implies.
 *
 * History is append-only: an event is never edited or removed, a mistake
 * is corrected by a further event.  The current status of a person is a
 * function of the event sequence, computed through the one transition
 * table in src/core/status.c: each event type lists the statuses it may
 * follow and the status it leads to (or "unchanged").  An event the table
 * does not allow from the current status is refused (HW_REFUSED) with a
 * message naming both and the statuses it would be allowed from.
 *
 * `registered` is the first event of every person: it records how the
 * person entered the registry and with which status.  `status_corrected`
 * sets any status and requires a note saying why.
 */
#ifndef HOMEWARD_EVENT_H
#define HOMEWARD_EVENT_H

#include <stdint.h>

#include "homeward/date.h"
#include "homeward/error.h"
#include "homeward/vocab.h"

#define HW_EVENT_MAP(X) \
	X(REGISTERED, "registered", "registered", "внесено до реєстру") \
	X(REPORTED_MISSING, "reported_missing", "reported missing", "повідомлено про зникнення") \
	X(CAPTIVITY_CONFIRMED, "captivity_confirmed", "captivity confirmed", "підтверджено полон") \
	X(TRANSFERRED, "transferred", "transferred", "переведений") \
	X(HOSPITALISED, "hospitalised", "hospitalised", "госпіталізований") \
	X(LISTED, "listed", "listed for exchange", "внесений до списку на обмін") \
	X(REMOVED_FROM_LIST, "removed_from_list", "removed from a list", "виключений зі списку") \
	X(RETURNED, "returned", "returned", "повернувся з полону") \
	X(HANDED_OVER, "handed_over", "handed over", "переданий") \
	X(DIED, "died", "died", "загинув") \
	X(ESCAPED, "escaped", "escaped", "втік з полону") \
	X(RELEASED, "released", "released otherwise", "звільнений іншим шляхом") \
	X(FOUND, "found", "found", "знайдений") \
	X(IDENTITY_CONFIRMED, "identity_confirmed", "identity confirmed", "особу підтверджено") \
	X(RECORDS_MERGED, "records_merged", "records merged", "записи об'єднано") \
	X(STATUS_CORRECTED, "status_corrected", "status corrected", "статус виправлено")

enum hw_event_type {
#define X(e, c, en, uk) HW_EVENT_##e,
	HW_EVENT_MAP(X)
#undef X
	HW_EVENT__COUNT
};

extern const struct hw_vocab hw_vocab_event;

struct hw_event {
	int64_t id;                /* 0 until stored */
	int64_t person_id;
	enum hw_event_type type;
	struct hw_date date;       /* when it happened, as known */
	enum hw_status status_after; /* set by hw_event_apply */
	char *note;
	int64_t source_id;         /* 0: none */
	int64_t stage_id;          /* 0: none; the exchange stage */
	char *recorded_at;         /* set by the store */
	char *recorded_by;         /* user name, NULL for the command line */
};

void hw_event_init(struct hw_event *e);
void hw_event_release(struct hw_event *e);

/*
 * Applies event `e` to a person whose status is `current` and custody is
 * `held_by`: on success sets e->status_after and returns HW_OK.  Refuses
 * (HW_REFUSED) an event not allowed from `current`, `registered` on a
 * person already registered, and `returned` or `handed_over` for the
 * wrong custody (we return our own people; we hand over detainees).
 * `registered` and `status_corrected` take their target status in
 * `target`, which is ignored by every other type.
 */
enum hw_err hw_event_apply(struct hw_event *e, enum hw_status current, enum hw_custody held_by,
			   enum hw_status target, struct hw_error *err);

/*
 * The event that moves a person from `from` to `to` (used when an import
 * changes a status): returns 1 and sets *type when one exists.
 */
int hw_event_for_transition(enum hw_status from, enum hw_status to, enum hw_custody held_by,
			    enum hw_event_type *type);

/* 1 when a person held by `held_by` may have status `status`. */
int hw_status_allowed_for_custody(enum hw_status status, enum hw_custody held_by);

/* 1 when `t` may follow status `from` (custody rules aside). */
int hw_event_allowed_from(enum hw_event_type t, enum hw_status from);

#endif
