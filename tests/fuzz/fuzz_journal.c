/*
 * fuzz_journal.c - the reader of the audit journal (src/audit/journal.c):
 * arbitrary bytes as frames of generation 1, and the same bytes as the
 * payload of one frame whose check is right (so that the payload's reader
 * is reached, which a fuzzer could not reach by forging BLAKE2b).
 * Whatever decodes must be a whole number of frames, and each record read
 * must frame again into the same bytes (the encoding is one to one), so a
 * record cannot change on its way from the journal into the chain.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "homeward/buf.h"
#include "audit/audit_int.h"

struct seen {
	const uint8_t *data;
	size_t start;       /* where the frame being read began */
};

static int again(void *ctx, struct hw_audit_record *r, size_t end)
{
	struct seen *s = ctx;
	struct hw_buf b = HW_BUF_INIT;

	audit_check_record(r, NULL);
	if (audit_journal_frame(&b, 1, r, NULL) || b.len != end - s->start ||
	    memcmp(b.data, s->data + s->start, b.len))
		abort();
	hw_buf_release(&b);
	s->start = end;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode(const uint8_t *data, size_t size)
{
	struct seen s = { data, 0 };
	size_t n = audit_journal_decode(data, size, 1, again, &s);

	if (n != s.start || n > size)
		abort();
}

/* data as the payload of a frame of generation 1 with its right check */
static void as_payload(const uint8_t *data, size_t size)
{
	static const unsigned char gen[8] = { 1 };
	crypto_generichash_state h;
	unsigned char *f;
	size_t n = 4 + size + 16;

	if (size > (1u << 20) || !(f = malloc(n)))
		return;
	f[0] = (unsigned char)size;
	f[1] = (unsigned char)(size >> 8);
	f[2] = (unsigned char)(size >> 16);
	f[3] = 0;
	memcpy(f + 4, data, size);
	crypto_generichash_init(&h, NULL, 0, 16);
	crypto_generichash_update(&h, gen, sizeof(gen));
	crypto_generichash_update(&h, f, 4 + size);
	crypto_generichash_final(&h, f + 4 + size, 16);
	decode(f, n);
	free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (sodium_init() < 0)
		abort();
	decode(data, size);
	as_payload(data, size);
	return 0;
}
