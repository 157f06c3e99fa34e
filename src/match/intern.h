/*
 * intern.h - a set of strings, each given a dense id (0, 1, 2...) in the
 * order first seen, with a user value per string.  Open addressing with
 * linear probing over FNV-1a hashes; strings are copied into an arena.
 * The matcher keeps every distinct name, key and unit in one of these, so
 * that everything else refers to strings by 32-bit ids.  Not thread-safe:
 * the index's lock guards it.
 */
#ifndef HOMEWARD_MATCH_INTERN_H
#define HOMEWARD_MATCH_INTERN_H

#include <stddef.h>
#include <stdint.h>

#define INTERN_NONE UINT32_MAX

struct intern {
	uint32_t *slots;     /* ids + 1, 0 empty */
	size_t nslots;       /* a power of two */
	char **strs;         /* by id */
	uint32_t *lens;
	uint64_t *hashes;
	size_t count, cap;
	char *arena;         /* current block */
	size_t arena_used, arena_cap;
	char **blocks;       /* every block, to free */
	size_t nblocks;
	size_t bytes;        /* memory held */
};

void intern_init(struct intern *in);
void intern_release(struct intern *in);
/* The id of s[0..len), INTERN_NONE when absent. */
uint32_t intern_find(const struct intern *in, const char *s, size_t len);
/* The id of s[0..len), added when absent; INTERN_NONE when memory runs out.
 * *added (may be NULL) tells whether it was new. */
uint32_t intern_add(struct intern *in, const char *s, size_t len, int *added);
static inline const char *intern_str(const struct intern *in, uint32_t id)
{
	return in->strs[id];
}
static inline size_t intern_len(const struct intern *in, uint32_t id)
{
	return in->lens[id];
}

#endif
