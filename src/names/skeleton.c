/*
 * skeleton.c - letters to canonical symbols: the first half of the
 * canonical form (canon.c applies the vowel and ending rules after it).
 *
 * Cyrillic letters map one by one through a table (я -> "ia", ю -> "iu",
 * ь ъ and the apostrophe -> a soft mark that canon.c resolves), with two
 * clusters that Latin spellings cannot tell apart: тс = ц (Bratskyi) and
 * сч/шч/зч/жч = щ.  Latin is read back into the same symbols, longest
 * match first, which is where the transliteration systems are undone:
 *   shch szcz sch šč ŝ -> Q (щ)      tch ch cz č -> C (ч)
 *   sh sz š            -> S (ш)      zh ž ż      -> Z (ж)
 *   kh                 -> x (х)      ts tz       -> c (ц)
 *   zgh -> z g (Ukrainian 2010 writes зг as zgh to keep it apart from ж)
 *   h g -> g (г ґ)   y j i -> i   x -> ks   w -> v   q -> k   ph -> f
 *   c -> c (ц) before e i y j and at the end of a word, else k (Victor)
 *   â û ê -> ia iu e (ISO 9)   ff at the end of a word -> v (Ivanoff)
 * Diacritics not listed are dropped (é -> e, ł -> l).
 */
#include <string.h>
#include <utf8proc.h>

#include "names/names_int.h"
#include "names/skeleton.h"
#include "core/banned.h"

#define M_CARON 0x01
#define M_CIRC  0x02
#define M_DIAER 0x04
#define M_ACUTE 0x08
#define M_DOT   0x10
#define M_OTHER 0x20

enum ukind { U_LATIN, U_CYR, U_SOFT, U_OTHER };

struct unit {
	int32_t c;          /* lower case; Latin: the base letter */
	unsigned char mark; /* M_* of a Latin letter */
	unsigned char kind;
};

static unsigned char mark_bit(int32_t m)
{
	switch (m) {
	case 0x30C: return M_CARON;
	case 0x302: return M_CIRC;
	case 0x308: return M_DIAER;
	case 0x301: return M_ACUTE;
	case 0x307: return M_DOT;
	default: return M_OTHER;
	}
}

/* Latin letters that have no decomposition to a base letter. */
static int32_t latin_base(int32_t c)
{
	switch (c) {
	case 0x142: return 'l';  /* ł */
	case 0x111: return 'd';  /* đ */
	case 0xF8: return 'o';   /* ø */
	case 0x131: return 'i';  /* dotless ı */
	case 0x127: return 'h';  /* ħ */
	case 0x167: return 't';  /* ŧ */
	default: return c;
	}
}

static void latin_unit(int32_t c, struct unit *u)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n, k;
	int bc = 0;

	u->kind = U_LATIN;
	u->mark = 0;
	u->c = c;
	if (c < 0x80)
		return;
	n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, &bc);
	if (n < 1 || n > 8) {
		u->c = latin_base(c);
		return;
	}
	u->c = latin_base(d[0]);
	for (k = 1; k < n; k++)
		u->mark |= mark_bit(d[k]);
}

/* Cuts the word into units; returns their number. */
static size_t units_of(const int32_t *cp, size_t n, struct unit *u)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		int32_t c = nt_lower(cp[i]);

		switch (nt_class_of(c)) {
		case NT_LATIN:
			latin_unit(c, &u[k++]);
			break;
		case NT_CYRILLIC:
			if (c == 0x44C || c == 0x44A) {
				u[k].kind = U_SOFT;
			} else {
				u[k].kind = U_CYR;
			}
			u[k].c = c;
			u[k++].mark = 0;
			break;
		case NT_LETTER:
			latin_unit(c, &u[k]);   /* base letter, marks dropped */
			u[k].kind = U_OTHER;
			u[k++].mark = 0;
			break;
		case NT_MARK:
			if (k && u[k - 1].kind == U_LATIN)
				u[k - 1].mark |= mark_bit(c);
			break;
		default:
			if (c == '\'' && k) {
				u[k].kind = U_SOFT;
				u[k].c = c;
				u[k++].mark = 0;
			}
			break;
		}
	}
	return k;
}

/* Cyrillic letters (lower case, U+0430..U+045F) to symbols. */
static const char *const cyr_sym[0x30] = {
	/* а..п */ "a", "b", "v", "g", "d", "e", "Z", "z",
		   "i", "i", "k", "l", "m", "n", "o", "p",
	/* р..я */ "r", "s", "t", "u", "f", "x", "c", "C",
		   "S", "Q", "\x01", "i", "\x01", "e", "iu", "ia",
	/* ѐ..џ */ "e", "e", "d", "g", "e", "z", "i", "i",
		   "i", "l", "n", "C", "k", "i", "u", "dZ",
};

static const char *cyr_symbol(int32_t c)
{
	if (c >= 0x430 && c <= 0x45F)
		return cyr_sym[c - 0x430];
	switch (c) {
	case 0x491: return "g";  /* ґ */
	case 0x463: return "e";  /* ѣ */
	case 0x473: return "f";  /* ѳ */
	case 0x475: return "i";  /* ѵ */
	case 0x493: return "g";  /* ғ */
	case 0x49B: return "k";  /* қ */
	case 0x4A3: return "n";  /* ң */
	case 0x4AF: return "u";  /* ү */
	case 0x4B1: return "u";  /* ұ */
	case 0x4BB: return "g";  /* һ */
	case 0x4D9: return "e";  /* ә */
	case 0x4E9: return "o";  /* ө */
	default: return NULL;
	}
}

/* The plain (unmarked) Latin letter of unit i, or 0. */
static int32_t plain(const struct unit *u, size_t n, size_t i)
{
	if (i >= n || u[i].kind != U_LATIN || u[i].mark)
		return 0;
	return u[i].c;
}

/* True if units i.. spell `s` in plain Latin letters. */
static int spells(const struct unit *u, size_t n, size_t i, const char *s)
{
	for (; *s; s++, i++)
		if (plain(u, n, i) != *s)
			return 0;
	return 1;
}

struct rule {
	const char *latin;
	const char *sym;
};

/* Latin clusters, longest first within each first letter. */
static const struct rule clusters[] = {
	{ "shch", "Q" }, { "szcz", "Q" }, { "sch", "Q" }, { "sh", "S" }, { "sz", "S" },
	{ "zgh", "zg" }, { "zh", "Z" }, { "kh", "x" }, { "tch", "C" }, { "ts", "c" },
	{ "tz", "c" }, { "th", "t" }, { "ch", "C" }, { "cz", "C" }, { "ck", "k" },
	{ "ph", "f" }, { "gh", "g" },
};

static size_t put(char *out, size_t o, const char *s)
{
	while (*s)
		out[o++] = *s++;
	return o;
}

/* A Latin letter with a diacritic that changes its sound. */
static const char *marked_symbol(int32_t c, unsigned char m)
{
	if (m & (M_CARON | M_DOT)) {
		switch (c) {
		case 'c': return "C";
		case 's': return "S";
		case 'z': return "Z";
		default: break;
		}
	}
	if (m & M_CIRC) {
		switch (c) {
		case 'a': return "ia";
		case 'u': return "iu";
		case 's': return "Q";
		default: break;
		}
	}
	return NULL;
}

/* One Latin letter (or cluster) at i; returns the units consumed. */
static size_t latin_step(const struct unit *u, size_t n, size_t i, char *out, size_t *o)
{
	int32_t c = u[i].c, next;
	const char *s;
	size_t r;

	if (u[i].mark) {
		if (c == 's' && (u[i].mark & M_CARON) && i + 1 < n && u[i + 1].c == 'c' &&
		    (u[i + 1].mark & M_CARON)) {
			*o = put(out, *o, "Q");
			return 2;
		}
		s = marked_symbol(c, u[i].mark);
		if (s) {
			*o = put(out, *o, s);
			return 1;
		}
	} else {
		for (r = 0; r < sizeof(clusters) / sizeof(clusters[0]); r++) {
			if (clusters[r].latin[0] == c && spells(u, n, i, clusters[r].latin)) {
				*o = put(out, *o, clusters[r].sym);
				return strlen(clusters[r].latin);
			}
		}
		if (c == 'f' && plain(u, n, i + 1) == 'f' && i + 2 == n) {
			*o = put(out, *o, "v");
			return 2;
		}
	}
	switch (c) {
	case 'c':
		next = i + 1 < n && u[i + 1].kind == U_LATIN ? u[i + 1].c : 0;
		s = (!next || next == 'e' || next == 'i' || next == 'y' || next == 'j') ? "c" : "k";
		break;
	case 'h': s = "g"; break;
	case 'j': case 'y': s = "i"; break;
	case 'q': s = "k"; break;
	case 'w': s = "v"; break;
	case 'x': s = "ks"; break;
	case 0xDF: s = "ss"; break;  /* ß */
	case 0xE6: s = "ae"; break;  /* æ */
	case 0x153: s = "oe"; break; /* œ */
	default:
		if (c >= 'a' && c <= 'z') {
			out[(*o)++] = (char)c;
			return 1;
		}
		*o += nt_put_utf8(out + *o, c);
		return 1;
	}
	*o = put(out, *o, s);
	return 1;
}

/* Cyrillic letter at i, with the тс and сч clusters. */
static size_t cyr_step(const struct unit *u, size_t n, size_t i, char *out, size_t *o)
{
	int32_t c = u[i].c, next = i + 1 < n && u[i + 1].kind == U_CYR ? u[i + 1].c : 0;
	const char *s;

	if (c == 0x442 && next == 0x441) {          /* тс */
		*o = put(out, *o, "c");
		return 2;
	}
	if (next == 0x447 && (c == 0x441 || c == 0x448 || c == 0x437 || c == 0x436)) {
		*o = put(out, *o, "Q");             /* сч шч зч жч */
		return 2;
	}
	s = cyr_symbol(c);
	if (s)
		*o = put(out, *o, s);
	else
		*o += nt_put_utf8(out + *o, c);
	return 1;
}

size_t sk_symbols(const int32_t *cp, size_t n, char *out)
{
	struct unit u[NT_MAX_CP];
	size_t i = 0, o = 0, k = units_of(cp, n, u);

	while (i < k) {
		switch (u[i].kind) {
		case U_LATIN:
			i += latin_step(u, k, i, out, &o);
			break;
		case U_CYR:
			i += cyr_step(u, k, i, out, &o);
			break;
		case U_SOFT:
			out[o++] = SK_SOFT;
			i++;
			break;
		default:
			o += nt_put_utf8(out + o, u[i].c);
			i++;
			break;
		}
	}
	out[o] = '\0';
	return o;
}
