/*
 * alloc.c - the allocation wrappers of homeward/alloc.h, with the test hook
 * that makes allocations fail on purpose, and BUG() of core/bug.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "core/bug.h"
#include "core/banned.h"

static long fail_after = -1;

static int should_fail(void)
{
	if (fail_after < 0)
		return 0;
	if (fail_after == 0)
		return 1;
	fail_after--;
	return 0;
}

void hw_alloc_fail_after(long n)
{
	fail_after = n;
}

void *hw_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *hw_calloc(size_t nmemb, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(nmemb ? nmemb : 1, size ? size : 1);
}

void *hw_realloc(void *ptr, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(ptr, size ? size : 1);
}

void *hw_reallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		return NULL;
	return hw_realloc(ptr, nmemb * size);
}

void hw_free(void *ptr)
{
	free(ptr);
}

char *hw_strndup(const char *s, size_t n)
{
	char *copy;

	if (!s)
		return NULL;
	copy = hw_malloc(n + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

char *hw_strdup(const char *s)
{
	return s ? hw_strndup(s, strlen(s)) : NULL;
}

void hw_bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
