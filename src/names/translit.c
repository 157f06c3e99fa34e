/*
 * translit.c - Latin for display: ICU's BGN/PCGN transforms
 * (hw_name_transliterate) and the official Ukrainian system of 2010
 * (hw_name_romanize_uk), which ICU does not ship.
 *
 * ICU transliterators are expensive to open and not safe to share between
 * threads, so the three used here are opened once and used under a mutex;
 * display transliteration is not on any hot path.
 */
#include <pthread.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "homeward/names.h"
#include "names/names_int.h"
#include "core/banned.h"

enum { TR_UK, TR_RU, TR_ANY, TR_COUNT };

static const char *const tr_ids[TR_COUNT] = {
	"Ukrainian-Latin/BGN", "Russian-Latin/BGN", "Any-Latin",
};

static UTransliterator *tr_open[TR_COUNT];
static pthread_mutex_t tr_lock = PTHREAD_MUTEX_INITIALIZER;

#define UBUF (4 * HW_NAME_MAX_BYTES)

static int tr_for(enum hw_script s)
{
	switch (s) {
	case HW_SCRIPT_UK:
	case HW_SCRIPT_CYRL:
		return TR_UK;
	case HW_SCRIPT_RU:
		return TR_RU;
	default:
		return TR_ANY;
	}
}

/* Runs transliterator `which` over u[0, *len) in place; tr_lock held. */
static enum hw_err run_icu(int which, UChar *u, int32_t *len, struct hw_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t limit = *len;

	if (!tr_open[which]) {
		UChar id[64];

		u_uastrncpy(id, tr_ids[which], 64);
		tr_open[which] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
		if (U_FAILURE(st)) {
			tr_open[which] = NULL;
			return hw_error_set(err, HW_INTERNAL, "ICU transliterator '%s': %s",
					    tr_ids[which], u_errorName(st));
		}
	}
	utrans_transUChars(tr_open[which], u, len, UBUF, 0, &limit, &st);
	if (U_FAILURE(st))
		return hw_error_set(err, HW_INTERNAL, "ICU transliteration: %s", u_errorName(st));
	return HW_OK;
}

enum hw_err hw_name_transliterate(const char *in, size_t len, enum hw_script from,
				  struct hw_buf *out, struct hw_error *err)
{
	struct hw_buf norm = HW_BUF_INIT;
	UChar u[UBUF];
	char utf8[3 * UBUF];
	int32_t ulen = 0, olen = 0;
	UErrorCode st = U_ZERO_ERROR;
	enum hw_err rc;

	rc = hw_name_normalize(in, len, HW_NORM_KEEP_CASE, &norm, err);
	if (rc)
		goto out;
	if (from == HW_SCRIPT_UNKNOWN)
		from = hw_name_script(norm.data, norm.len);
	if (from == HW_SCRIPT_LATN || !norm.len) {
		rc = hw_buf_add(out, norm.data, norm.len);
		goto out;
	}
	u_strFromUTF8(u, UBUF, &ulen, norm.data, (int32_t)norm.len, &st);
	if (U_FAILURE(st)) {
		rc = hw_error_set(err, HW_INTERNAL, "ICU conversion: %s", u_errorName(st));
		goto out;
	}
	pthread_mutex_lock(&tr_lock);
	rc = run_icu(tr_for(from), u, &ulen, err);
	pthread_mutex_unlock(&tr_lock);
	if (rc)
		goto out;
	u_strToUTF8(utf8, (int32_t)sizeof(utf8), &olen, u, ulen, &st);
	if (U_FAILURE(st)) {
		rc = hw_error_set(err, HW_INTERNAL, "ICU conversion: %s", u_errorName(st));
		goto out;
	}
	rc = hw_buf_add(out, utf8, (size_t)olen);
out:
	if (rc == HW_NOMEM || rc == HW_TOO_LARGE)
		hw_error_set(err, rc, NULL);
	hw_buf_release(&norm);
	return rc;
}

/* 2010 system, lower case, letters а..я (U+0430..U+044F). */
static const char *const uk2010[32] = {
	"a", "b", "v", "h", "d", "e", "zh", "z", "y", "i", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia",
};

/* Latin for one lower-case Cyrillic letter; `initial` at a word start. */
static const char *romanize(int32_t c, int32_t prev, int initial)
{
	switch (c) {
	case 0x454: return initial ? "ye" : "ie";  /* є */
	case 0x456: return "i";                    /* і */
	case 0x457: return initial ? "yi" : "i";   /* ї */
	case 0x491: return "g";                    /* ґ */
	case 0x451: return initial ? "yo" : "io";  /* ё */
	case 0x439: return initial ? "y" : "i";    /* й */
	case 0x44E: return initial ? "yu" : "iu";  /* ю */
	case 0x44F: return initial ? "ya" : "ia";  /* я */
	case 0x433: return prev == 0x437 ? "gh" : "h"; /* зг -> zgh */
	default: break;
	}
	if (c >= 0x430 && c <= 0x44F)
		return uk2010[c - 0x430];
	return NULL;
}

static int word_all_caps(const struct ntext *t, size_t i)
{
	size_t n = 0;

	for (; i < t->n && nt_is_word_cp(t->cp[i]); i++) {
		if (t->cp[i] == '\'')
			continue;
		if (nt_lower(t->cp[i]) == t->cp[i])
			return 0;
		n++;
	}
	return n > 1;
}

static void put_latin(char *dst, size_t *o, const char *s, int upper, int first_upper)
{
	for (; *s; s++, first_upper = 0) {
		char c = *s;

		if (upper || first_upper)
			c = (char)(c - 'a' + 'A');
		dst[(*o)++] = c;
	}
}

enum hw_err hw_name_romanize_uk(const char *in, size_t len, struct hw_buf *out,
				struct hw_error *err)
{
	struct ntext t;
	char text[5 * NT_MAX_CP];
	size_t i, o = 0;
	int32_t prev = 0;
	int caps = 0;
	enum hw_err rc;

	rc = nt_check(in, &len, err);
	if (!rc)
		rc = nt_prepare(in, len, 0, &t, err);
	if (rc)
		return rc;
	for (i = 0; i < t.n; i++) {
		int32_t c = t.cp[i], lc = nt_lower(c);
		int initial = !i || !nt_is_word_cp(t.cp[i - 1]);
		const char *s = NULL;

		if (initial)
			caps = word_all_caps(&t, i);
		if (nt_class_of(c) == NT_CYRILLIC)
			s = romanize(lc, prev, initial);
		if (c == '\'' && i && nt_class_of(t.cp[i - 1]) == NT_CYRILLIC)
			s = "";
		if (s)
			put_latin(text, &o, s, caps, lc != c);
		else
			o += nt_put_utf8(text + o, c);
		prev = lc;
	}
	rc = hw_buf_add(out, text, o);
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}
