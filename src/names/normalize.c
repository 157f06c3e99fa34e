/*
 * normalize.c - the front end every name function starts from: UTF-8
 * validation, NFKC (utf8proc), unification of apostrophes, dashes and
 * white space, and (through script.c) look-alike letters; plus
 * hw_name_normalize, which writes the result back out as UTF-8.
 *
 * Speed matters here (an index build normalises a million names), so text
 * made only of ASCII and the Cyrillic block, which NFKC leaves as it is,
 * skips utf8proc_decompose entirely; everything else goes through it into
 * a caller-provided buffer, without allocating.
 */
#include <string.h>
#include <utf8proc.h>

#include "homeward/names.h"
#include "names/names_int.h"
#include "core/banned.h"

#define NFKC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_IGNORE)

enum nt_class nt_class_of(int32_t cp)
{
	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? NT_LATIN : NT_OTHER;
	if ((cp >= 0xC0 && cp <= 0x2AF && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x1D00 && cp <= 0x1D7F) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
	    (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF) ||
	    (cp >= 0xAB30 && cp <= 0xAB6F))
		return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
		       utf8proc_category(cp) == UTF8PROC_CATEGORY_LL ||
		       utf8proc_category(cp) == UTF8PROC_CATEGORY_LO ? NT_LATIN : NT_OTHER;
	if (cp >= 0x400 && cp <= 0x52F) {
		if (cp >= 0x483 && cp <= 0x489)
			return NT_MARK;
		return cp == 0x482 ? NT_OTHER : NT_CYRILLIC;
	}
	if ((cp >= 0x1C80 && cp <= 0x1C88) || (cp >= 0xA640 && cp <= 0xA66E) ||
	    (cp >= 0xA680 && cp <= 0xA69D))
		return NT_CYRILLIC;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return NT_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return NT_MARK;
	default:
		return NT_OTHER;
	}
}

int nt_is_word_cp(int32_t cp)
{
	return cp == '\'' || nt_class_of(cp) != NT_OTHER;
}

int32_t nt_lower(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	return utf8proc_tolower(cp);
}

size_t nt_put_utf8(char *dst, int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)dst);
}

enum hw_err nt_check(const char *in, size_t *len, struct hw_error *err)
{
	if (!in)
		return hw_error_set(err, HW_INVALID, "name: no text");
	if (*len == HW_NAME_NUL)
		*len = strnlen(in, HW_NAME_MAX_BYTES + 1);
	if (*len > HW_NAME_MAX_BYTES)
		return hw_error_set(err, HW_TOO_LARGE, "name: longer than %d bytes",
				    HW_NAME_MAX_BYTES);
	return HW_OK;
}

/* Code points NFKC leaves alone: no need to call utf8proc for them. */
static int nfkc_stable(int32_t cp)
{
	return (cp >= 0x20 && cp < 0x7F) || (cp >= 0x400 && cp <= 0x52F);
}

/* What a code point becomes: ' ', '\'', '-', -1 (dropped) or itself. */
static int32_t map_punct(int32_t cp)
{
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
	case 0x2028: case 0x2029:
		return ' ';
	case '\'': case '`': case 0xB4: case 0x2B9: case 0x2BB: case 0x2BC:
	case 0x2BD: case 0x2BE: case 0x2C8: case 0x2018: case 0x2019:
	case 0x201B: case 0x2032: case 0xFF07: case 0x2035:
		return '\'';
	case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013:
	case 0x2014: case 0x2015: case 0x2212: case 0xFE58: case 0xFE63:
	case 0xFF0D: case 0x2E3A: case 0x2E3B:
		return '-';
	default:
		break;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return ' ';
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD)
		return -1;
	return cp;
}

/*
 * Apostrophes must be unified before NFKC, which would turn the acute
 * accent U+00B4 (a common stand-in for the apostrophe) into a space and a
 * combining mark.
 */
static utf8proc_int32_t premap(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return map_punct(cp) == '\'' ? '\'' : cp;
}

static enum hw_err decode(const char *in, size_t len, struct ntext *t, struct hw_error *err)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)in;
	utf8proc_ssize_t r, n;
	size_t i = 0;
	int slow = 0;

	t->n = 0;
	while (i < len) {
		int32_t cp;

		if (s[i] < 0x80) {
			cp = s[i++];
		} else {
			r = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
			if (r < 0)
				return hw_error_set(err, HW_INVALID, "name: invalid UTF-8 at byte %zu", i);
			i += (size_t)r;
		}
		if (cp == 0)
			return hw_error_set(err, HW_INVALID, "name: NUL byte at %zu", i - 1);
		slow |= !nfkc_stable(cp);
		t->cp[t->n++] = cp;
	}
	if (!slow)
		return HW_OK;
	n = utf8proc_decompose_custom(s, (utf8proc_ssize_t)len, t->cp, NT_MAX_CP, NFKC_OPTIONS,
				      premap, NULL);
	if (n < 0)
		return hw_error_set(err, HW_INVALID, "name: %s", utf8proc_errmsg(n));
	if (n > NT_MAX_CP)
		return hw_error_set(err, HW_TOO_LARGE, "name: too long after normalisation");
	n = utf8proc_normalize_utf32(t->cp, n, NFKC_OPTIONS);
	if (n < 0)
		return hw_error_set(err, HW_INVALID, "name: %s", utf8proc_errmsg(n));
	t->n = (size_t)n;
	return HW_OK;
}

/* Unifies punctuation and white space in place (the text only shrinks). */
static void tidy(struct ntext *t)
{
	size_t i, o = 0;
	int space = 0;

	for (i = 0; i < t->n; i++) {
		int32_t c = map_punct(t->cp[i]);

		if (c < 0)
			continue;
		if (c == ' ') {
			space = o > 0;
			continue;
		}
		if (c == '-') {
			space = 0;
			if (o > 0 && t->cp[o - 1] != '-')
				t->cp[o++] = '-';
			continue;
		}
		if (space && t->cp[o - 1] != '-')
			t->cp[o++] = ' ';
		space = 0;
		t->cp[o++] = c;
	}
	while (o > 0 && (t->cp[o - 1] == '-' || t->cp[o - 1] == ' '))
		o--;
	t->n = o;
}

/* Full case folding of one code point into dst (room for 8); returns count. */
static size_t fold(int32_t cp, int32_t *dst)
{
	utf8proc_ssize_t n;
	int bc = 0;

	if (cp < 0x80 || (cp >= 0x400 && cp <= 0x52F)) {
		dst[0] = nt_lower(cp);
		return 1;
	}
	n = utf8proc_decompose_char(cp, dst, 8, UTF8PROC_CASEFOLD, &bc);
	if (n <= 0 || n > 8) {
		dst[0] = cp;
		return 1;
	}
	return (size_t)n;
}

/* Folds t in place (from the end, as folding may lengthen it), noting case. */
static enum hw_err fold_text(struct ntext *t, struct hw_error *err)
{
	static _Thread_local int32_t tmp[NT_MAX_CP];
	size_t i, o = 0, k;

	for (i = 0; i < t->n; i++) {
		int32_t f[8];
		size_t nf = fold(t->cp[i], f);

		if (o + nf > NT_MAX_CP)
			return hw_error_set(err, HW_TOO_LARGE, "name: too long after case folding");
		for (k = 0; k < nf; k++) {
			t->upper[o] = f[k] != t->cp[i];
			tmp[o++] = f[k];
		}
	}
	memcpy(t->cp, tmp, o * sizeof(*tmp));
	t->n = o;
	return HW_OK;
}

enum hw_err nt_prepare(const char *in, size_t len, unsigned flags, struct ntext *t,
		       struct hw_error *err)
{
	enum hw_err rc = decode(in, len, t, err);
	size_t i;

	if (rc)
		return rc;
	tidy(t);
	if (flags & NT_FOLD) {
		rc = fold_text(t, err);
		if (rc)
			return rc;
	} else {
		for (i = 0; i < t->n; i++)
			t->upper[i] = nt_lower(t->cp[i]) != t->cp[i];
	}
	nt_fix_lookalikes(t, flags & NT_FOLD);
	return HW_OK;
}

enum hw_err hw_name_normalize(const char *in, size_t len, unsigned flags,
			      struct hw_buf *out, struct hw_error *err)
{
	struct ntext t;
	char u[4];
	size_t i, start = out->len;
	enum hw_err rc;

	rc = nt_check(in, &len, err);
	if (!rc)
		rc = nt_prepare(in, len, flags & HW_NORM_KEEP_CASE ? 0 : NT_FOLD, &t, err);
	for (i = 0; !rc && i < t.n; i++) {
		rc = hw_buf_add(out, u, nt_put_utf8(u, t.cp[i]));
		if (rc) {
			hw_buf_truncate(out, start);
			hw_error_set(err, rc, NULL);
		}
	}
	return rc;
}
