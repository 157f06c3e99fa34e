/*
 * distance.c - bounded Damerau-Levenshtein distance (optimal string
 * alignment) in code points, for the scorer to compare canonical forms.
 *
 * Only the diagonal band |i - j| <= max of the matrix can hold values
 * <= max, so each row is computed on that band alone and the loop stops
 * as soon as a whole row exceeds max: O(len * max) time, three rows of
 * memory on the stack, no allocation.
 */
#include <string.h>
#include <utf8proc.h>

#include "homeward/names.h"
#include "core/banned.h"

#define MAX_CP HW_NAME_MAX_BYTES

/* Decodes to code points; an invalid byte is one symbol of its own. */
static size_t decode(const char *s, size_t len, int32_t *cp)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0, n = 0;

	while (i < len) {
		utf8proc_ssize_t r;
		int32_t c;

		if (p[i] < 0x80) {
			cp[n++] = p[i++];
			continue;
		}
		r = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (r < 1) {
			cp[n++] = -(int32_t)p[i++];
			continue;
		}
		cp[n++] = c;
		i += (size_t)r;
	}
	return n;
}

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

static unsigned osa(const int32_t *a, size_t n, const int32_t *b, size_t m, unsigned max)
{
	unsigned rows[3][MAX_CP + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *tmp;
	unsigned inf = max + 1;
	size_t i, j;

	for (j = 0; j <= m; j++)
		prev[j] = j <= max ? (unsigned)j : inf;
	for (i = 1; i <= n; i++) {
		size_t lo = i > max ? i - max : 1;
		size_t hi = i + max < m ? i + max : m;
		unsigned best = inf;

		cur[0] = i <= max ? (unsigned)i : inf;
		if (lo > 1)
			cur[lo - 1] = inf;
		best = cur[0];
		for (j = lo; j <= hi; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);

			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v > inf ? inf : v;
			if (cur[j] < best)
				best = cur[j];
		}
		if (hi < m)
			cur[hi + 1] = inf;
		if (best > max)
			return inf;
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[m] > max ? inf : prev[m];
}

unsigned hw_name_distance(const char *a, size_t alen, const char *b, size_t blen,
			  unsigned max)
{
	int32_t ca[MAX_CP], cb[MAX_CP];
	size_t n, m;

	if (alen == HW_NAME_NUL)
		alen = strlen(a);
	if (blen == HW_NAME_NUL)
		blen = strlen(b);
	if (alen == blen && !memcmp(a, b, alen))
		return 0;
	if (max > MAX_CP)
		max = MAX_CP;
	if (alen > MAX_CP || blen > MAX_CP)
		return max + 1;
	n = decode(a, alen, ca);
	m = decode(b, blen, cb);
	if ((n > m ? n - m : m - n) > max)
		return max + 1;
	return osa(ca, n, cb, m, max);
}
