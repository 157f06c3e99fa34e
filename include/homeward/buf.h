/*
 * homeward/buf.h - a growable byte buffer with a size cap.
 *
 * Invariants (as git's strbuf): `data` is never NULL and always
 * NUL-terminated at data[len], so it can be used as a C string; `len` is
 * the number of bytes in use; `cap` the allocated size; `max` the largest
 * `len` the buffer may reach (0: no cap).  An append that would pass `max`
 * or fails to allocate leaves the buffer as it was and returns HW_TOO_LARGE
 * or HW_NOMEM.  A buffer initialised with HW_BUF_INIT or hw_buf_init owns
 * no memory until the first append.
 */
#ifndef HOMEWARD_BUF_H
#define HOMEWARD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "homeward/error.h"

extern char hw_buf_empty_[1];

struct hw_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

#define HW_BUF_INIT { hw_buf_empty_, 0, 0, 0 }

/* Empties `b` and sets its cap (0: none).  Owns nothing afterwards. */
void hw_buf_init(struct hw_buf *b, size_t max);
/* Frees the memory and leaves `b` initialised (empty, same cap). */
void hw_buf_release(struct hw_buf *b);
/* Sets len to 0, keeping the memory. */
void hw_buf_reset(struct hw_buf *b);
/* Makes room for `extra` more bytes. */
enum hw_err hw_buf_grow(struct hw_buf *b, size_t extra);
enum hw_err hw_buf_add(struct hw_buf *b, const void *data, size_t n);
enum hw_err hw_buf_addstr(struct hw_buf *b, const char *s);
enum hw_err hw_buf_addch(struct hw_buf *b, char c);
enum hw_err hw_buf_addf(struct hw_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
enum hw_err hw_buf_vaddf(struct hw_buf *b, const char *fmt, va_list ap);
/* Shortens to `len` bytes (no-op if already shorter). */
void hw_buf_truncate(struct hw_buf *b, size_t len);
/*
 * Hands the contents to the caller as a heap string (free with hw_free) and
 * leaves `b` initialised.  Returns NULL only when allocating an empty
 * string fails.  `len_out` may be NULL.
 */
char *hw_buf_detach(struct hw_buf *b, size_t *len_out);

#endif
