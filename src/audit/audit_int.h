/*
 * audit_int.h - what the files of src/audit share.
 */
#ifndef HOMEWARD_AUDIT_INT_H
#define HOMEWARD_AUDIT_INT_H

/* Initialises libsodium once per process (thread-safe); 1 when ready. */
int audit_sodium_ready(void);

#endif
