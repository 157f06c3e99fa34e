/*
 * homeward/alloc.h - every allocation of the library goes through here.
 *
 * The wrappers behave like their libc namesakes (NULL on failure, which the
 * caller must handle and turn into HW_NOMEM).  They exist so that tests can
 * make allocations fail on purpose: hw_alloc_fail_after(n) lets n more
 * allocations succeed and fails every one after it, until reset with -1.
 * The counter is process-wide and meant for single-threaded tests only.
 */
#ifndef HOMEWARD_ALLOC_H
#define HOMEWARD_ALLOC_H

#include <stddef.h>

void *hw_malloc(size_t size);
void *hw_calloc(size_t nmemb, size_t size);
/* Like realloc; on failure the old block is untouched and NULL returned. */
void *hw_realloc(void *ptr, size_t size);
/* Array growth with overflow check: realloc to nmemb * size bytes. */
void *hw_reallocarray(void *ptr, size_t nmemb, size_t size);
void hw_free(void *ptr);
/* Copy of a NUL-terminated string; hw_strdup(NULL) returns NULL. */
char *hw_strdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *hw_strndup(const char *s, size_t n);

/* Test hook: fail every allocation after the next n; -1 switches it off. */
void hw_alloc_fail_after(long n);

/* Frees *p and sets it to NULL. */
#define HW_FREE_AND_NULL(p) do { hw_free(p); (p) = NULL; } while (0)

#endif
