/*
 * event.c - the one transition table from which every status is derived.
 *
 * A person's status is a function of their event history: each event type
 * below says from which statuses it may happen and which status it leads
 * to ("unchanged" for events that only add to the history).  Custody
 * matters for three types: we receive our own people back (`returned`,
 * `escaped` need held_by adversary) and hand detainees over (`handed_over`
 * needs held_by us).  A person may be captured again after coming home, so
 * `reported_missing` and `captivity_confirmed` are allowed after
 * `returned` and `released`.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/event.h"
#include "core/banned.h"

#define S(x) (1u << HW_STATUS_##x)
#define ANY_REGISTERED (S(MISSING) | S(CAPTIVE) | S(LISTED) | S(RETURNED) | S(HANDED_OVER) | \
			S(DECEASED) | S(RELEASED))
#define UNCHANGED HW_STATUS_NONE

enum custody_rule { EITHER, ADVERSARY_ONLY, US_ONLY };

struct transition {
	unsigned from;          /* statuses it may follow */
	enum hw_status to;      /* UNCHANGED: the status stays */
	enum custody_rule custody;
};

static const struct transition table[HW_EVENT__COUNT] = {
	[HW_EVENT_REGISTERED] = { S(NONE), UNCHANGED /* target */, EITHER },
	[HW_EVENT_REPORTED_MISSING] = { S(MISSING) | S(RETURNED) | S(RELEASED), HW_STATUS_MISSING, ADVERSARY_ONLY },
	[HW_EVENT_CAPTIVITY_CONFIRMED] = { S(MISSING) | S(CAPTIVE) | S(RETURNED) | S(RELEASED), HW_STATUS_CAPTIVE, EITHER },
	[HW_EVENT_TRANSFERRED] = { S(CAPTIVE) | S(LISTED), UNCHANGED, EITHER },
	[HW_EVENT_HOSPITALISED] = { S(CAPTIVE) | S(LISTED) | S(RETURNED) | S(RELEASED), UNCHANGED, EITHER },
	[HW_EVENT_LISTED] = { S(MISSING) | S(CAPTIVE), HW_STATUS_LISTED, EITHER },
	[HW_EVENT_REMOVED_FROM_LIST] = { S(LISTED), HW_STATUS_CAPTIVE, EITHER },
	[HW_EVENT_RETURNED] = { S(MISSING) | S(CAPTIVE) | S(LISTED), HW_STATUS_RETURNED, ADVERSARY_ONLY },
	[HW_EVENT_HANDED_OVER] = { S(CAPTIVE) | S(LISTED), HW_STATUS_HANDED_OVER, US_ONLY },
	[HW_EVENT_DIED] = { S(MISSING) | S(CAPTIVE) | S(LISTED) | S(RETURNED) | S(RELEASED), HW_STATUS_DECEASED, EITHER },
	[HW_EVENT_ESCAPED] = { S(CAPTIVE) | S(LISTED), HW_STATUS_RETURNED, ADVERSARY_ONLY },
	[HW_EVENT_RELEASED] = { S(MISSING) | S(CAPTIVE) | S(LISTED), HW_STATUS_RELEASED, EITHER },
	[HW_EVENT_FOUND] = { S(MISSING), HW_STATUS_RELEASED, ADVERSARY_ONLY },
	[HW_EVENT_IDENTITY_CONFIRMED] = { ANY_REGISTERED, UNCHANGED, EITHER },
	[HW_EVENT_RECORDS_MERGED] = { ANY_REGISTERED, UNCHANGED, EITHER },
	[HW_EVENT_STATUS_CORRECTED] = { ANY_REGISTERED, UNCHANGED /* target */, EITHER },
};

/* Statuses a person of each custody may be registered with. */
static const unsigned registrable[] = {
	[HW_CUSTODY_ADVERSARY] = S(MISSING) | S(CAPTIVE) | S(LISTED) | S(RETURNED) | S(DECEASED) |
				 S(RELEASED),
	[HW_CUSTODY_US] = S(CAPTIVE) | S(LISTED) | S(HANDED_OVER) | S(DECEASED) | S(RELEASED),
};

int hw_status_allowed_for_custody(enum hw_status status, enum hw_custody held_by)
{
	return (int)held_by >= 0 && held_by <= HW_CUSTODY_US && (registrable[held_by] & (1u << status));
}

void hw_event_init(struct hw_event *e)
{
	memset(e, 0, sizeof(*e));
}

void hw_event_release(struct hw_event *e)
{
	hw_free(e->note);
	hw_free(e->recorded_at);
	hw_free(e->recorded_by);
	hw_event_init(e);
}

int hw_event_allowed_from(enum hw_event_type t, enum hw_status from)
{
	return (int)t >= 0 && t < HW_EVENT__COUNT && (table[t].from & (1u << from));
}

static int custody_ok(enum hw_event_type t, enum hw_custody held_by)
{
	switch (table[t].custody) {
	case ADVERSARY_ONLY:
		return held_by == HW_CUSTODY_ADVERSARY;
	case US_ONLY:
		return held_by == HW_CUSTODY_US;
	default:
		return 1;
	}
}

static void list_statuses(unsigned mask, char *out, size_t size)
{
	size_t used = 0;
	int i, n;

	out[0] = '\0';
	for (i = 1; i < hw_vocab_status.count && used < size; i++) {
		if (!(mask & (1u << i)))
			continue;
		n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
			     hw_vocab_code(&hw_vocab_status, i));
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static enum hw_err apply_target(struct hw_event *e, enum hw_status current,
				enum hw_custody held_by, enum hw_status target,
				struct hw_error *err)
{
	char allowed[256];

	if (target == HW_STATUS_NONE)
		return hw_error_set_field(err, HW_INVALID, "status", "'%s' needs a status",
					  hw_vocab_code(&hw_vocab_event, e->type));
	if (e->type == HW_EVENT_STATUS_CORRECTED && (!e->note || !*e->note))
		return hw_error_set_field(err, HW_INVALID, "note",
					  "a status correction needs a note saying why");
	if (!(registrable[held_by] & (1u << target))) {
		list_statuses(registrable[held_by], allowed, sizeof(allowed));
		return hw_error_set_field(err, HW_REFUSED, "status",
					  "a person %s cannot have status '%s' (allowed: %s)",
					  hw_vocab_label_en(&hw_vocab_custody, held_by),
					  hw_vocab_code(&hw_vocab_status, target), allowed);
	}
	(void)current;
	e->status_after = target;
	return HW_OK;
}

enum hw_err hw_event_apply(struct hw_event *e, enum hw_status current, enum hw_custody held_by,
			   enum hw_status target, struct hw_error *err)
{
	char allowed[256];
	const char *name;

	if ((int)e->type < 0 || e->type >= HW_EVENT__COUNT)
		return hw_error_set_field(err, HW_INVALID, "type", "unknown event type");
	name = hw_vocab_code(&hw_vocab_event, e->type);
	if (!hw_event_allowed_from(e->type, current)) {
		if (current == HW_STATUS_NONE)
			return hw_error_set_field(err, HW_REFUSED, "type",
						  "the first event must be 'registered', not '%s'", name);
		if (e->type == HW_EVENT_REGISTERED)
			return hw_error_set_field(err, HW_REFUSED, "type", "already registered");
		list_statuses(table[e->type].from, allowed, sizeof(allowed));
		return hw_error_set_field(err, HW_REFUSED, "type",
					  "'%s' is not allowed for a person whose status is '%s' "
					  "(allowed from: %s)",
					  name, hw_vocab_code(&hw_vocab_status, current), allowed);
	}
	if (!custody_ok(e->type, held_by))
		return hw_error_set_field(err, HW_REFUSED, "type", "'%s' is not allowed for a person %s",
					  name, hw_vocab_label_en(&hw_vocab_custody, held_by));
	if (e->type == HW_EVENT_REGISTERED || e->type == HW_EVENT_STATUS_CORRECTED)
		return apply_target(e, current, held_by, target, err);
	e->status_after = table[e->type].to == UNCHANGED ? current : table[e->type].to;
	return HW_OK;
}

int hw_event_for_transition(enum hw_status from, enum hw_status to, enum hw_custody held_by,
			    enum hw_event_type *type)
{
	int t;

	for (t = HW_EVENT_REPORTED_MISSING; t < HW_EVENT__COUNT; t++) {
		if (t == HW_EVENT_STATUS_CORRECTED || table[t].to != to)
			continue;
		if (!hw_event_allowed_from((enum hw_event_type)t, from) ||
		    !custody_ok((enum hw_event_type)t, held_by))
			continue;
		*type = (enum hw_event_type)t;
		return 1;
	}
	return 0;
}
