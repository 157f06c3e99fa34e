/*
 * buf.c - the growable, capped byte buffer of homeward/buf.h.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "core/banned.h"

char hw_buf_empty_[1];

void hw_buf_init(struct hw_buf *b, size_t max)
{
	b->data = hw_buf_empty_;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void hw_buf_release(struct hw_buf *b)
{
	if (b->cap)
		hw_free(b->data);
	hw_buf_init(b, b->max);
}

void hw_buf_reset(struct hw_buf *b)
{
	b->len = 0;
	/* an empty buffer points at the one shared "" that threads read at
	 * once: it is never written */
	if (b->cap)
		b->data[0] = '\0';
}

enum hw_err hw_buf_grow(struct hw_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > (size_t)-1 - b->len - 1)
		return HW_TOO_LARGE;
	want = b->len + extra + 1;
	if (b->max && want - 1 > b->max)
		return HW_TOO_LARGE;
	if (want <= b->cap)
		return HW_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > ((size_t)-1) / 2 ? want : cap * 2;
	if (b->max && cap > b->max + 1)
		cap = b->max + 1;
	p = b->cap ? hw_realloc(b->data, cap) : hw_malloc(cap);
	if (!p)
		return HW_NOMEM;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return HW_OK;
}

enum hw_err hw_buf_add(struct hw_buf *b, const void *data, size_t n)
{
	enum hw_err rc = hw_buf_grow(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return HW_OK;
}

enum hw_err hw_buf_addstr(struct hw_buf *b, const char *s)
{
	return hw_buf_add(b, s, strlen(s));
}

enum hw_err hw_buf_addch(struct hw_buf *b, char c)
{
	return hw_buf_add(b, &c, 1);
}

enum hw_err hw_buf_vaddf(struct hw_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	enum hw_err rc;

	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->cap ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return HW_INTERNAL;
	if (b->cap && (size_t)n < b->cap - b->len) {
		if (b->max && b->len + (size_t)n > b->max) {
			b->data[b->len] = '\0';
			return HW_TOO_LARGE;
		}
		b->len += (size_t)n;
		return HW_OK;
	}
	rc = hw_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	b->len += (size_t)n;
	return HW_OK;
}

enum hw_err hw_buf_addf(struct hw_buf *b, const char *fmt, ...)
{
	va_list ap;
	enum hw_err rc;

	va_start(ap, fmt);
	rc = hw_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void hw_buf_truncate(struct hw_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

char *hw_buf_detach(struct hw_buf *b, size_t *len_out)
{
	char *s;

	if (len_out)
		*len_out = b->len;
	if (!b->cap) {
		s = hw_strdup("");
	} else {
		s = b->data;
	}
	hw_buf_init(b, b->max);
	return s;
}
