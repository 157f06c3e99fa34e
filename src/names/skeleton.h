/*
 * skeleton.h - letters to canonical symbols (skeleton.c), internal.
 */
#ifndef HOMEWARD_NAMES_SKELETON_H
#define HOMEWARD_NAMES_SKELETON_H

#include <stddef.h>
#include <stdint.h>

/* The soft mark (ь ъ apostrophe) before canon.c resolves it. */
#define SK_SOFT '\x01'

/*
 * Symbols of one word (code points as prepared, any case) into out, with
 * room for 4 bytes per code point plus the NUL; returns the length.
 */
size_t sk_symbols(const int32_t *cp, size_t n, char *out);

#endif
