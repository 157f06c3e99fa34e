/*
 * password.c - libsodium's initialisation, the rules of user names and
 * passwords, Argon2id hashing, generated passwords and the wiping of
 * secrets.
 *
 * Hashes are libsodium's crypto_pwhash_str strings with Argon2id and the
 * INTERACTIVE limits (64 MiB, 2 passes): "$argon2id$v=19$m=65536,t=2,p=1$..."
 * The salt is random per hash and the string carries its parameters, so
 * that raising the limits later only upgrades each hash at its next login
 * (auth_hash_needs_upgrade).
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>
#include <utf8proc.h>

#include "homeward/alloc.h"
#include "homeward/auth.h"
#include "auth/auth_int.h"
#include "core/banned.h"

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;

static void sodium_start(void)
{
	sodium_ok = sodium_init() >= 0;
}

enum hw_err hw_auth_init(struct hw_error *err)
{
	pthread_once(&sodium_once, sodium_start);
	return sodium_ok ? HW_OK : hw_error_set(err, HW_INTERNAL, "libsodium cannot start");
}

enum hw_err hw_auth_check_name(const char *name, struct hw_error *err)
{
	size_t i, n = name ? strlen(name) : 0;

	if (n < 2 || n > HW_USER_NAME_MAX)
		return hw_error_set_field(err, HW_INVALID, "name",
					  "a user name has 2 to %d characters", HW_USER_NAME_MAX);
	if (name[0] < 'a' || name[0] > 'z')
		return hw_error_set_field(err, HW_INVALID, "name",
					  "user name '%s' does not start with a letter a-z", name);
	for (i = 1; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return hw_error_set_field(err, HW_INVALID, "name",
						  "user name '%s': only a-z, 0-9, '.', '_' and '-' "
						  "are allowed", name);
	}
	return HW_OK;
}

/* 1 when a and b are equal ignoring ASCII case. */
static int same_ignoring_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
		char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

enum hw_err hw_auth_check_password(const char *name, const char *password,
				   struct hw_error *err)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)password;
	size_t len = password ? strlen(password) : 0, count = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t step;

	if (len > HW_PASSWORD_MAX_BYTES)
		return hw_error_set_field(err, HW_INVALID, "password",
					  "a password has at most %d bytes", HW_PASSWORD_MAX_BYTES);
	while (len > 0) {
		step = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		if (step <= 0)
			return hw_error_set_field(err, HW_INVALID, "password",
						  "the password is not valid UTF-8");
		if (cp < 0x20 || cp == 0x7f)
			return hw_error_set_field(err, HW_INVALID, "password",
						  "the password holds a control character");
		p += step;
		len -= (size_t)step;
		count++;
	}
	if (count < HW_PASSWORD_MIN)
		return hw_error_set_field(err, HW_INVALID, "password",
					  "a password has at least %d characters", HW_PASSWORD_MIN);
	if (name && same_ignoring_case(name, password))
		return hw_error_set_field(err, HW_INVALID, "password",
					  "the password must not be the user name");
	return HW_OK;
}

/* No 0/O, 1/l/I: read aloud or copied by hand without mistakes. */
static const char alphabet[] = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

char *hw_auth_password_generate(void)
{
	char *pw;
	int i;

	if (hw_auth_init(NULL) || !(pw = hw_malloc(HW_PASSWORD_GENERATED_LEN + 1)))
		return NULL;
	for (i = 0; i < HW_PASSWORD_GENERATED_LEN; i++)
		pw[i] = alphabet[randombytes_uniform((uint32_t)(sizeof(alphabet) - 1))];
	pw[HW_PASSWORD_GENERATED_LEN] = '\0';
	return pw;
}

void hw_auth_secret_free(char *secret)
{
	if (!secret)
		return;
	sodium_memzero(secret, strlen(secret));
	hw_free(secret);
}

enum hw_err auth_hash_password(const char *password, char out[AUTH_HASH_SIZE],
			       struct hw_error *err)
{
	enum hw_err rc = hw_auth_init(err);

	if (rc)
		return rc;
	if (crypto_pwhash_str_alg(out, password, strlen(password), AUTH_OPSLIMIT,
				  AUTH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13))
		return hw_error_set(err, HW_NOMEM, "out of memory hashing a password");
	return HW_OK;
}

/* A hash of a password nobody knows, made once, for unknown users. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[AUTH_HASH_SIZE];

static void dummy_make(void)
{
	char *pw = hw_auth_password_generate();

	if (!pw || auth_hash_password(pw, dummy_hash, NULL))
		dummy_hash[0] = '\0';
	hw_auth_secret_free(pw);
}

int auth_password_verify(const char *hash, const char *password)
{
	int ok;

	if (hw_auth_init(NULL))
		return 0;
	/* made before the first verification of any kind, so that its cost
	 * does not single out the first unknown name */
	pthread_once(&dummy_once, dummy_make);
	if (!hash) {
		/* the same work as for a real user, and always a refusal */
		if (dummy_hash[0] &&
		    crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			return 0; /* nobody knows the dummy's password: a refusal all the same */
		return 0;
	}
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	return ok;
}

int auth_hash_needs_upgrade(const char *hash)
{
	return strncmp(hash, "$argon2id$", 10) != 0 ||
	       crypto_pwhash_str_needs_rehash(hash, AUTH_OPSLIMIT, AUTH_MEMLIMIT) != 0;
}
