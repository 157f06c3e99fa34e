/*
 * intern.c - the string set of intern.h.
 */
#include <string.h>

#include "homeward/alloc.h"
#include "match/intern.h"
#include "core/banned.h"

#define ARENA_BLOCK (1u << 20)

static uint64_t fnv1a(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void intern_init(struct intern *in)
{
	memset(in, 0, sizeof(*in));
}

void intern_release(struct intern *in)
{
	size_t i;

	for (i = 0; i < in->nblocks; i++)
		hw_free(in->blocks[i]);
	hw_free(in->blocks);
	hw_free(in->slots);
	hw_free(in->strs);
	hw_free(in->lens);
	hw_free(in->hashes);
	intern_init(in);
}

static size_t probe(const struct intern *in, uint64_t h, const char *s, size_t len, int *found)
{
	size_t mask = in->nslots - 1, i = (size_t)h & mask;
	uint32_t id;

	for (;; i = (i + 1) & mask) {
		if (!in->slots[i]) {
			*found = 0;
			return i;
		}
		id = in->slots[i] - 1;
		if (in->hashes[id] == h && in->lens[id] == len && !memcmp(in->strs[id], s, len)) {
			*found = 1;
			return i;
		}
	}
}

uint32_t intern_find(const struct intern *in, const char *s, size_t len)
{
	int found;
	size_t i;

	if (!in->nslots)
		return INTERN_NONE;
	i = probe(in, fnv1a(s, len), s, len, &found);
	return found ? in->slots[i] - 1 : INTERN_NONE;
}

static int rehash(struct intern *in)
{
	size_t n = in->nslots ? in->nslots * 2 : 1024, i, j, mask = n - 1;
	uint32_t *slots = hw_calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < in->count; i++) {
		for (j = (size_t)in->hashes[i] & mask; slots[j]; j = (j + 1) & mask)
			;
		slots[j] = (uint32_t)i + 1;
	}
	hw_free(in->slots);
	in->slots = slots;
	in->nslots = n;
	in->bytes += n * sizeof(*slots) / 2;
	return 0;
}

static char *store_bytes(struct intern *in, const char *s, size_t len)
{
	char **blocks, *p;
	size_t size;

	if (in->arena_used + len + 1 > in->arena_cap) {
		size = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
		blocks = hw_reallocarray(in->blocks, in->nblocks + 1, sizeof(*blocks));
		if (!blocks)
			return NULL;
		in->blocks = blocks;
		if (!(p = hw_malloc(size)))
			return NULL;
		in->blocks[in->nblocks++] = p;
		in->arena = p;
		in->arena_used = 0;
		in->arena_cap = size;
		in->bytes += size;
	}
	p = in->arena + in->arena_used;
	memcpy(p, s, len);
	p[len] = '\0';
	in->arena_used += len + 1;
	return p;
}

static int grow_arrays(struct intern *in)
{
	size_t cap = in->cap ? in->cap * 2 : 1024;
	char **strs = hw_reallocarray(in->strs, cap, sizeof(*strs));
	uint32_t *lens;
	uint64_t *hashes;

	if (!strs)
		return -1;
	in->strs = strs;
	if (!(lens = hw_reallocarray(in->lens, cap, sizeof(*lens))))
		return -1;
	in->lens = lens;
	if (!(hashes = hw_reallocarray(in->hashes, cap, sizeof(*hashes))))
		return -1;
	in->hashes = hashes;
	in->bytes += (cap - in->cap) * (sizeof(*strs) + sizeof(*lens) + sizeof(*hashes));
	in->cap = cap;
	return 0;
}

uint32_t intern_add(struct intern *in, const char *s, size_t len, int *added)
{
	uint64_t h = fnv1a(s, len);
	int found;
	size_t i;
	char *copy;

	if (added)
		*added = 0;
	if ((in->count + 1) * 2 > in->nslots && rehash(in))
		return INTERN_NONE;
	i = probe(in, h, s, len, &found);
	if (found)
		return in->slots[i] - 1;
	if (in->count == in->cap && grow_arrays(in))
		return INTERN_NONE;
	if (in->count >= INTERN_NONE - 1 || !(copy = store_bytes(in, s, len)))
		return INTERN_NONE;
	in->strs[in->count] = copy;
	in->lens[in->count] = (uint32_t)len;
	in->hashes[in->count] = h;
	in->slots[i] = (uint32_t)in->count + 1;
	if (added)
		*added = 1;
	return (uint32_t)in->count++;
}
