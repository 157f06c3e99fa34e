/*
 * exchange_int.h - what the files of src/exchange share.  Nothing outside
 * src/exchange includes this.
 */
#ifndef HOMEWARD_EXCHANGE_INT_H
#define HOMEWARD_EXCHANGE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/exchange.h"
#include "homeward/exchange_audit.h"

/* The current time as the store writes it: "YYYY-MM-DDTHH:MM:SSZ". */
void xnow(char out[32]);

/* HW_REFUSED naming both states when the table does not allow from -> to. */
enum hw_err xstate_check(const char *what, enum hw_xstate from, enum hw_xstate to,
			 struct hw_error *err);
/* A text field: length, no control characters, required or not. */
enum hw_err xtext_check(const char *field, const char *text, size_t max, int required,
			struct hw_error *err);

/* Inside the caller's unit of work: */
/* moves the agreement in progress when it is still planned */
enum hw_err exchange_touch(struct hw_store *st, int64_t exchange_id, const char *actor,
			   struct hw_error *err);
/* starts stage `s` (planned -> in_progress; in progress already is fine) */
enum hw_err stage_start(struct hw_store *st, struct hw_stage *s, const char *actor,
			struct hw_error *err);
/* cancels a stage and takes its listed persons off the list */
enum hw_err stage_cancel(struct hw_store *st, int64_t stage_id, const char *reason,
			 const char *actor, struct hw_error *err);
/* takes the person of entry `entry_id` off the list: `removed_from_list`,
 * the entry rejected */
enum hw_err entry_unlist(struct hw_store *st, int64_t entry_id, const char *reason,
			 const char *actor, struct hw_error *err);
/* The outgoing entry of stage `stage_id` labelled `line` (a person's
 * public reference) in `state`, if any (*id 0: none). */
enum hw_err xlist_out_entry(struct hw_store *st, int64_t stage_id, const char *line,
			    enum hw_verify state, int64_t *id, struct hw_error *err);

#endif
