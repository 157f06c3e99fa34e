/*
 * audit_int.h - what the files of src/audit share.
 */
#ifndef HOMEWARD_AUDIT_INT_H
#define HOMEWARD_AUDIT_INT_H

#include "homeward/audit.h"

/* Initialises libsodium once per process (thread-safe); 1 when ready. */
int audit_sodium_ready(void);

/* The checks of hw_audit_append: HW_INVALID naming the field. */
enum hw_err audit_check_record(const struct hw_audit_record *r, struct hw_error *err);

#endif
