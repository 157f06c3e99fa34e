/*
 * canon.c - the canonical comparison form (hw_name_canon).
 *
 * skeleton.c turns letters into symbols; this file then applies, per word,
 * the rules that make Ukrainian, Russian and their transliterations meet,
 * in this order (docs/names.md gives the reasons and the losses):
 *   1. a soft mark (ь ъ ') before a vowel is the glide i (Ильин, Il'ya,
 *      Мар'ян), elsewhere it is dropped (Кравець, Vasyl');
 *   2. runs of i collapse: і и ы й ї y j all became i, so ій, ий, ый, iy,
 *      yy, ii, yi are one i (-ський = -ский = -skyi = -sky = -skiy);
 *   3. i before e or o is e: є = е = ye = ie = je (Євген, Yevhen, Evgeniy),
 *      ё = ьо = йо = yo = io = e (Королёв, Корольов, Korolyov, Korolev);
 *   4. e before a closing i is i: ей = ій (Андрей, Андрій; Олейник, Олійник);
 *   5. doubled symbols collapse (Анна, Ana; Кирилл, Kiril; Ілля, Ilia);
 *   6. at the end of a word of 5 symbols or more: -aia is -a (-ская, -ська;
 *      -skaya, -ska) and a consonant + oi is consonant + i (-ской, -ський).
 */
#include <string.h>

#include "homeward/names.h"
#include "names/names_int.h"
#include "names/skeleton.h"
#include "core/banned.h"

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_consonant(char c)
{
	return c && !is_vowel(c) && c != SK_SOFT;
}

static size_t resolve_soft(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != SK_SOFT)
			s[o++] = s[i];
		else if (i + 1 < n && is_vowel(s[i + 1]))
			s[o++] = 'i';
	}
	return o;
}

static size_t glides(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++)
		if (!(s[i] == 'i' && o && s[o - 1] == 'i'))
			s[o++] = s[i];
	n = o;
	for (i = o = 0; i < n; i++) {
		if (s[i] == 'i' && i + 1 < n && (s[i + 1] == 'e' || s[i + 1] == 'o')) {
			s[o++] = 'e';
			i++;
			continue;
		}
		s[o++] = s[i];
	}
	n = o;
	for (i = o = 0; i < n; i++)
		if (!(s[i] == 'e' && i + 1 < n && s[i + 1] == 'i' &&
		      !(i + 2 < n && is_vowel(s[i + 2]))))
			s[o++] = s[i];
	return o;
}

static size_t collapse(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++)
		if (!(o && s[o - 1] == s[i] && (unsigned char)s[i] < 0x80))
			s[o++] = s[i];
	return o;
}

static size_t endings(char *s, size_t n)
{
	if (n < 5)
		return n;
	if (!memcmp(s + n - 3, "aia", 3))
		return n - 2;
	if (!memcmp(s + n - 2, "oi", 2) && is_consonant(s[n - 3])) {
		s[n - 2] = 'i';
		return n - 1;
	}
	return n;
}

size_t nt_canon_word(const struct ntext *t, size_t from, size_t to, char *out)
{
	size_t n = sk_symbols(t->cp + from, to - from, out);

	n = resolve_soft(out, n);
	n = glides(out, n);
	n = collapse(out, n);
	n = endings(out, n);
	out[n] = '\0';
	return n;
}

size_t nt_canon_range(const struct ntext *t, size_t from, size_t to, char *out,
		      size_t outsize)
{
	size_t i = from, o = 0;
	int hyphen = 0;

	while (i < to) {
		size_t start, len;

		if (!nt_is_word_cp(t->cp[i])) {
			hyphen |= t->cp[i] == '-';
			i++;
			continue;
		}
		start = i;
		while (i < to && nt_is_word_cp(t->cp[i]))
			i++;
		if (o + 1 + 4 * (i - start) + 1 > outsize)
			break;
		if (o)
			out[o++] = hyphen ? '-' : ' ';
		len = nt_canon_word(t, start, i, out + o);
		if (!len && o)
			o--;
		else
			o += len;
		hyphen = 0;
	}
	out[o] = '\0';
	return o;
}

size_t nt_canon_text(const struct ntext *t, char *out, size_t outsize)
{
	return nt_canon_range(t, 0, t->n, out, outsize);
}

enum hw_err hw_name_canon(const char *in, size_t len, struct hw_buf *out,
			  struct hw_error *err)
{
	struct ntext t;
	char text[4 * NT_MAX_CP + 2];
	size_t n;
	enum hw_err rc;

	rc = nt_check(in, &len, err);
	if (!rc)
		rc = nt_prepare(in, len, NT_FOLD, &t, err);
	if (rc)
		return rc;
	n = nt_canon_text(&t, text, sizeof(text));
	rc = hw_buf_add(out, text, n);
	if (rc)
		return hw_error_set(err, rc, NULL);
	return HW_OK;
}
