/*
 * names_int.h - shared internals of src/names: the prepared text that
 * every entry point starts from, letter classes, and the hooks between
 * files.  Not part of the public API.
 */
#ifndef HOMEWARD_NAMES_INT_H
#define HOMEWARD_NAMES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/names.h"

/* Room for code points after NFKC (which may expand a little). */
#define NT_MAX_CP (2 * HW_NAME_MAX_BYTES)

/*
 * Text after nt_prepare: NFKC code points with apostrophes unified to '\'',
 * dashes to '-', white space collapsed to single ' ', trimmed, look-alike
 * letters mapped; case as in the input, or case-folded with NT_FOLD.
 * upper[i] says whether cp[i] came from an upper-case letter (look-alike
 * mapping depends on case: B imitates В, b imitates ь).
 */
struct ntext {
	size_t n;
	int32_t cp[NT_MAX_CP];
	unsigned char upper[NT_MAX_CP];
};

#define NT_FOLD 1u /* nt_prepare: full case folding */

/* Letter classes of a code point. */
enum nt_class {
	NT_OTHER,    /* punctuation, digits, symbols */
	NT_LATIN,
	NT_CYRILLIC,
	NT_LETTER,   /* a letter of another script */
	NT_MARK,     /* combining mark */
};

enum nt_class nt_class_of(int32_t cp);

/* Resolves HW_NAME_NUL and checks the size; HW_OK or an error. */
enum hw_err nt_check(const char *in, size_t *len, struct hw_error *err);

/* Normalises `in` into `t` (see struct ntext). */
enum hw_err nt_prepare(const char *in, size_t len, unsigned flags, struct ntext *t,
		       struct hw_error *err);

/* True for code points that belong to a word: letters, marks, apostrophe. */
int nt_is_word_cp(int32_t cp);

/* Lower case of one code point (simple mapping; ß stays ß). */
int32_t nt_lower(int32_t cp);

/* Maps look-alike letters word by word (script.c); `folded`: t is folded. */
void nt_fix_lookalikes(struct ntext *t, int folded);

/* Script of the word t->cp[from, to), as hw_name_script. */
enum hw_script nt_word_script(const struct ntext *t, size_t from, size_t to);

/* Appends cp as UTF-8 to a byte array with room; returns bytes written. */
size_t nt_put_utf8(char *dst, int32_t cp);

/*
 * Canonical form of the word t->cp[from, to) (one word, no separators) into
 * out (room for 4 bytes per code point plus 1); returns its length.
 */
size_t nt_canon_word(const struct ntext *t, size_t from, size_t to, char *out);

/* Canonical form of t->cp[from, to) (words ' ', parts '-'); returns length. */
size_t nt_canon_range(const struct ntext *t, size_t from, size_t to, char *out,
		      size_t outsize);

/* Canonical form of a whole prepared text (words ' ', parts '-'). */
size_t nt_canon_text(const struct ntext *t, char *out, size_t outsize);


#endif
