/*
 * auth_int.h - what the files of src/auth share.  Nothing outside
 * src/auth includes this.
 */
#ifndef HOMEWARD_AUTH_INT_H
#define HOMEWARD_AUTH_INT_H

#include <sodium.h>

#include "homeward/auth.h"

/* Argon2id at libsodium's INTERACTIVE limits: the least DESIGN.md allows. */
#define AUTH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define AUTH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
#define AUTH_HASH_SIZE crypto_pwhash_STRBYTES

/* Hashes a password (checked by the caller) into `out`. */
enum hw_err auth_hash_password(const char *password, char out[AUTH_HASH_SIZE],
			       struct hw_error *err);
/* 1 when `password` matches `hash`; with `hash` NULL, the same work
 * against a dummy hash and 0. */
int auth_password_verify(const char *hash, const char *password);
/* 1 when `hash` was made with other parameters than today's. */
int auth_hash_needs_upgrade(const char *hash);

/* Appends an audit record for `who` at `now` (JSON strings may be NULL). */
enum hw_err auth_audit(struct hw_store *st, const struct hw_actor *who, int64_t now,
		       const char *action, const char *object_type, const char *object_id,
		       const char *before, const char *after, enum hw_audit_outcome outcome,
		       struct hw_error *err);

#endif
