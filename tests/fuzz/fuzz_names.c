/*
 * fuzz_names.c - libFuzzer target for the name text layer
 * (homeward/names.h).
 *
 * Arbitrary bytes go through normalisation, script detection, the
 * canonical form, keys, distance, given-name and patronymic lookup,
 * splitting and the transliterations.  Invalid UTF-8 must be refused with
 * HW_INVALID and never crash; on valid input the results must keep their
 * invariants: valid UTF-8 out, normalisation idempotent, the canonical
 * form the same for the input and its normalised form, distance zero to
 * itself and symmetric, keys distinct and NUL-terminated, split
 * confidences summing to about 100.  A broken invariant aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "homeward/buf.h"
#include "homeward/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "fuzz_names: %s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                          \
			abort();                                                 \
		}                                                                \
	} while (0)

static int valid_utf8(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);

		if (r < 1)
			return 0;
		i += (size_t)r;
	}
	return 1;
}

static void check_keys(const char *canon, size_t len)
{
	struct hw_name_keys keys;
	size_t i, j;

	hw_name_keys(canon, len, &keys);
	CHECK(keys.count <= HW_NAME_KEYS_MAX);
	for (i = 0; i < keys.count; i++) {
		CHECK(memchr(keys.key[i], '\0', HW_NAME_KEY_MAX) != NULL);
		for (j = 0; j < i; j++)
			CHECK(strcmp(keys.key[i], keys.key[j]) != 0);
	}
}

static void check_split(const char *s, size_t n)
{
	struct hw_name_split sp;
	unsigned sum = 0;
	size_t i;

	if (hw_name_split(s, n, &sp, NULL) != HW_OK)
		return;
	CHECK(sp.count >= 1 && sp.count <= HW_NAME_SPLIT_MAX);
	for (i = 0; i < sp.count; i++) {
		sum += sp.alt[i].confidence;
		CHECK(valid_utf8(sp.alt[i].family, strlen(sp.alt[i].family)));
		CHECK(valid_utf8(sp.alt[i].given, strlen(sp.alt[i].given)));
		CHECK(valid_utf8(sp.alt[i].patronymic, strlen(sp.alt[i].patronymic)));
	}
	CHECK(sum >= 97 && sum <= 103);
}

static void check_lookups(const char *s, size_t n)
{
	struct hw_given_name_hit g;
	struct hw_patronymic_hit p;
	enum hw_err rc;

	rc = hw_given_name_find(s, n, HW_SEX_UNKNOWN, &g, NULL);
	CHECK(rc == HW_OK || rc == HW_NOT_FOUND);
	CHECK(rc != HW_OK || g.row != NULL);
	rc = hw_patronymic_parse(s, n, &p, NULL);
	CHECK(rc == HW_OK || rc == HW_NOT_FOUND);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hw_buf a = HW_BUF_INIT, b = HW_BUF_INIT, c = HW_BUF_INIT;
	const char *s = (const char *)data;
	enum hw_err rc;

	rc = hw_name_normalize(s, size, 0, &a, NULL);
	if (!valid_utf8(s, size) || memchr(s, '\0', size)) {
		CHECK(rc == HW_INVALID || rc == HW_TOO_LARGE);
		CHECK(hw_name_canon(s, size, &b, NULL) != HW_OK);
		CHECK(hw_name_split(s, size, &(struct hw_name_split){ 0 }, NULL) != HW_OK);
		goto out;
	}
	if (rc != HW_OK) {
		CHECK(rc == HW_TOO_LARGE);
		goto out;
	}
	CHECK(valid_utf8(a.data, a.len));
	/* NFKC and case folding may lengthen past the input limit */
	if (a.len <= HW_NAME_MAX_BYTES) {
		CHECK(hw_name_normalize(a.data, a.len, 0, &b, NULL) == HW_OK);
		CHECK(b.len == a.len && !memcmp(a.data, b.data, a.len));
		hw_buf_reset(&b);
	}
	(void)hw_name_script(s, size);
	CHECK(hw_name_canon(s, size, &b, NULL) == HW_OK);
	CHECK(valid_utf8(b.data, b.len));
	/* the canonical form does not change when the input is normalised */
	if (a.len <= HW_NAME_MAX_BYTES) {
		CHECK(hw_name_canon(a.data, a.len, &c, NULL) == HW_OK);
		CHECK(c.len == b.len && !memcmp(c.data, b.data, b.len));
		hw_buf_reset(&c);
	}
	CHECK(hw_name_distance(b.data, b.len, b.data, b.len, 2) == 0);
	CHECK(hw_name_distance(a.data, a.len, b.data, b.len, 3) ==
	      hw_name_distance(b.data, b.len, a.data, a.len, 3));
	check_keys(b.data, b.len);
	check_lookups(s, size);
	check_split(s, size);
	CHECK(hw_name_romanize_uk(s, size, &c, NULL) == HW_OK);
	CHECK(valid_utf8(c.data, c.len));
	hw_buf_reset(&c);
	CHECK(hw_name_cyrillize_uk(s, size, &c, NULL) == HW_OK);
	CHECK(valid_utf8(c.data, c.len));
	hw_buf_reset(&c);
	if (size < 64)
		CHECK(hw_name_transliterate(s, size, HW_SCRIPT_UNKNOWN, &c, NULL) == HW_OK);
out:
	hw_buf_release(&a);
	hw_buf_release(&b);
	hw_buf_release(&c);
	return 0;
}
