/*
 * homeward/names.h - the text layer for personal names: normalisation,
 * script detection, a canonical comparison form in which Ukrainian and
 * Russian Cyrillic and their Latin transliterations meet, keys for a
 * candidate index, edit distance, given-name and patronymic recognition,
 * splitting of full names, and display transliteration.
 *
 * Pure functions over text: no I/O, no global state except the given-name
 * table (homeward/nametable.h) and its lookup index, built once on first
 * use and thread-safe; all functions may be called from any thread.
 * docs/names.md explains the design of the canonical space.
 *
 * Common rules:
 * - Input is UTF-8 given as (pointer, length in bytes); `len` may be
 *   HW_NAME_NUL to mean strlen(in).  Invalid UTF-8 (overlong forms,
 *   surrogates, truncated sequences), NUL bytes inside the length and
 *   input longer than HW_NAME_MAX_BYTES are refused with HW_INVALID or
 *   HW_TOO_LARGE; nothing is written to the output then (a hw_buf output
 *   is left as it was: results are appended only on success).
 * - Text results are appended to a caller-owned struct hw_buf, so a caller
 *   that reuses one buffer (hw_buf_reset between names) allocates nothing
 *   after the first name.  Fixed-size result structs are filled in place.
 * - `err` may be NULL everywhere; when given it receives the detail of a
 *   failure.
 *
 * The pipeline for indexing one name part (surname) is:
 *     hw_name_canon(raw) -> canonical form -> hw_name_keys(canon)
 * and the scorer compares canonical forms with hw_name_distance.
 */
#ifndef HOMEWARD_NAMES_H
#define HOMEWARD_NAMES_H

#include <stddef.h>

#include "homeward/buf.h"
#include "homeward/error.h"
#include "homeward/nametable.h"
#include "homeward/vocab.h"

/* Longest accepted input, in bytes. */
#define HW_NAME_MAX_BYTES 1024
/* Pass as a length to mean "up to the terminating NUL". */
#define HW_NAME_NUL ((size_t)-1)

/* ---------------------------------------------------------------- script */

/*
 * Script of one token (a word; a whole string is judged as one token),
 * in the vocabulary of homeward/vocab.h, after look-alike letters are
 * mapped as hw_name_normalize does, so that "Коваленкo" with a Latin o is
 * HW_SCRIPT_CYRL:
 *   HW_SCRIPT_UK   Cyrillic with і ї є ґ, or an apostrophe inside the word
 *   HW_SCRIPT_RU   Cyrillic with ы э ё ъ
 *   HW_SCRIPT_CYRL Cyrillic with neither (or with both)
 *   HW_SCRIPT_LATN Latin only
 *   HW_SCRIPT_UNKNOWN  no letters, invalid UTF-8, letters of another script,
 *                  or Latin and Cyrillic that look-alike mapping could not
 *                  settle into one script ("Kовальчuk")
 * Unlike hw_script_detect (homeward/person.h), it sees through look-alikes
 * and the apostrophe, and does not call mixed Latin and Cyrillic Latin.
 */
enum hw_script hw_name_script(const char *token, size_t len);

/* --------------------------------------------------------- normalisation */

/* Flags of hw_name_normalize. */
#define HW_NORM_KEEP_CASE 1u /* do not case-fold (for display and splitting) */

/*
 * Appends the normalised form of `in` to `out`:
 * - Unicode NFKC; default-ignorable and control characters removed;
 * - every apostrophe-like character (' ’ ʼ ` ´ ‘ ʹ ʻ ′ ...) becomes the
 *   ASCII apostrophe U+0027;
 * - every hyphen, dash and minus becomes '-', and spaces around a hyphen
 *   between two words are removed ("Петренко - Коваль" -> "Петренко-Коваль");
 * - runs of white space become one space, leading and trailing space and
 *   hyphens are removed;
 * - inside a word that is otherwise Cyrillic, Latin look-alike letters
 *   (a c e i o p x y k m t h b, and ë ï) become the Cyrillic letters they
 *   imitate, and inside an otherwise Latin word Cyrillic look-alikes become
 *   Latin (see docs/names.md for the exact sets);
 * - unless HW_NORM_KEEP_CASE, full Unicode case folding.
 * Other punctuation (. , and the like) is kept, so the splitter can see it.
 * Returns HW_OK, HW_INVALID, HW_TOO_LARGE or HW_NOMEM.
 */
enum hw_err hw_name_normalize(const char *in, size_t len, unsigned flags,
			      struct hw_buf *out, struct hw_error *err);

/* ------------------------------------------------------- canonical form */

/*
 * Appends the canonical comparison form of `in` (any script, any case, raw
 * or normalised) to `out`.  The canonical form is ASCII in a reduced
 * alphabet, one symbol per sound class, so that Ukrainian Cyrillic,
 * Russian Cyrillic and the Latin transliterations of both (Ukrainian
 * national 2010, BGN/PCGN, ICAO 9303, informal English, Polish- and
 * Czech-style diacritics) of one name give the same string, or strings at
 * edit distance 1 (docs/names.md lists which correspondences are exact).
 * Words are separated by one space, the parts of a hyphenated name by '-';
 * everything that is not a letter is dropped.  Letters of other scripts
 * pass through lower-cased.
 *
 * Symbols: a b v g d e z i k l m n o p r s t u f x c, and
 *   Z = ж zh ž, C = ч ch cz č, S = ш sh sz š, Q = щ shch sch šč.
 * e.g. "Коваленко", "Kovalenko" -> "kovalenko";
 *      "Поліщук", "Полищук", "Polishchuk", "Polischuk" -> "poliQuk";
 *      "Білоуський", "Bilouskyi" -> "bilouski"; "Белоуский" -> "belouski".
 * Returns HW_OK, HW_INVALID, HW_TOO_LARGE or HW_NOMEM.
 */
enum hw_err hw_name_canon(const char *in, size_t len, struct hw_buf *out,
			  struct hw_error *err);

/* -------------------------------------------------- keys and distance */

#define HW_NAME_KEY_MAX 24  /* bytes per key, with the NUL */
#define HW_NAME_KEYS_MAX 16 /* keys per name at most */

/*
 * Keys for a candidate index.  key[0] is the primary key: the canonical
 * form with every vowel removed except that a leading vowel becomes '@',
 * separators dropped, doubled consonants collapsed and щ folded into ш
 * ("kovalenko" -> "kvlnk", "oleksandr" -> "@lksndr").  It absorbs every
 * vowel difference: typos in vowels, і/е alternations (Білоуський/
 * Белоуский), vowel transpositions (Олекасндр).  key[1..] are the primary
 * key with one consonant deleted (only when it has 4 to 15 consonants, so
 * short keys do not become too general): two names whose primary keys
 * differ by one consonant substitution, insertion, deletion or adjacent
 * transposition share at least one key.  Keys are distinct and
 * NUL-terminated; a primary key longer than HW_NAME_KEY_MAX - 1 is cut.
 */
struct hw_name_keys {
	size_t count;
	char key[HW_NAME_KEYS_MAX][HW_NAME_KEY_MAX];
};

/*
 * Computes the keys of a canonical form (the output of hw_name_canon for
 * one name part).  A form without letters gives count 0.
 */
void hw_name_keys(const char *canon, size_t len, struct hw_name_keys *keys);

/*
 * Damerau-Levenshtein distance (optimal string alignment: insertions,
 * deletions, substitutions and transpositions of adjacent symbols) between
 * two UTF-8 strings, counted in code points, bounded by `max`: the result
 * is exact when it is <= max and max + 1 otherwise, and the work is
 * O(len * max).  Meant for canonical forms.  Invalid UTF-8 bytes count as
 * one symbol each; strings over HW_NAME_MAX_BYTES compare as max + 1
 * unless byte-identical.
 */
unsigned hw_name_distance(const char *a, size_t alen, const char *b, size_t blen,
			  unsigned max);

/* --------------------------------------------------------- given names */

/* Which form of a table row a name was recognised by. */
enum hw_name_form {
	HW_FORM_UK,       /* the Ukrainian form */
	HW_FORM_RU,       /* a Russian form */
	HW_FORM_LATIN,    /* a listed Latin spelling */
	HW_FORM_TRANSLIT, /* the Ukrainian national (2010) transliteration */
};

struct hw_given_name_hit {
	const struct hw_given_name *row; /* borrowed from hw_given_names() */
	size_t index;            /* of the row in hw_given_names() */
	unsigned class_id;       /* rows of one sex sharing a form share it
				    (Анна and Ганна, Пилип and Філіп) */
	enum hw_name_form form;  /* how it was recognised */
	unsigned distance;       /* 0: canonical forms equal; 1: a typo */
};

/*
 * Finds the given-name row of `name` (one word in any script and case:
 * "Олександр", "Александр", "OLEKSANDR", "Olexandr", "Alexander").  Exact
 * canonical matches win; among several, a Ukrainian form beats a Russian
 * one beats a Latin one, then the row of the sex asked for, then the more
 * frequent row.  Without an exact match, a unique row whose form is at
 * distance 1 (for names of 5 symbols or more) is returned with
 * distance 1 ("Олекасндр").  `sex` may be HW_SEX_UNKNOWN; otherwise rows of
 * the other sex are never returned.  Returns HW_OK, HW_NOT_FOUND, HW_INVALID,
 * HW_TOO_LARGE, HW_NOMEM (first use) or HW_INTERNAL (a bad table).
 */
enum hw_err hw_given_name_find(const char *name, size_t len, enum hw_sex sex,
			       struct hw_given_name_hit *hit, struct hw_error *err);

struct hw_patronymic_hit {
	const struct hw_given_name *father; /* NULL: recognised by ending only */
	size_t index;            /* of the father's row, when known */
	unsigned class_id;       /* of the father's row, when known */
	enum hw_sex sex;         /* the sex of the bearer the form implies */
	unsigned distance;       /* 0 exact, 1 a typo in a table form */
};

/*
 * Recognises a patronymic in any script: "Петрович", "Петрівна",
 * "Petrovich", "Petrovych", "Petrivna", "Petrovna", "Ілліч", "Ильинична".
 * Table forms give the father's row; otherwise a word of at least 6
 * letters with a patronymic ending (-ович -евич -йович -іч -ич; -івна
 * -ївна -овна -евна -ична and their transliterations) is accepted with
 * father NULL.  Returns HW_OK, HW_NOT_FOUND (not a patronymic) or an error
 * as hw_given_name_find.
 */
enum hw_err hw_patronymic_parse(const char *word, size_t len,
				struct hw_patronymic_hit *hit, struct hw_error *err);

/* ------------------------------------------------------------ splitting */

#define HW_NAME_PART_MAX 256 /* bytes per part, with the NUL */
#define HW_NAME_SPLIT_MAX 4  /* alternative readings kept */

/* Flags of a reading. */
#define HW_SPLIT_GIVEN_INITIAL      0x01u /* given name is an initial only */
#define HW_SPLIT_PATRONYMIC_INITIAL 0x02u /* patronymic is an initial only */
#define HW_SPLIT_FAMILY_CAPS        0x04u /* family name was the ALL-CAPS word */
#define HW_SPLIT_COMMA              0x08u /* family name came before a comma */
#define HW_SPLIT_GIVEN_KNOWN        0x10u /* given name found in the table */
#define HW_SPLIT_PATRONYMIC_KNOWN   0x20u /* patronymic recognised */

struct hw_name_parts {
	/* Normalised text (NFKC, case kept, punctuation unified), "" if absent;
	   an initial is the letter alone, without its dot. */
	char family[HW_NAME_PART_MAX];
	char given[HW_NAME_PART_MAX];
	char patronymic[HW_NAME_PART_MAX];
	unsigned flags;                      /* HW_SPLIT_* */
	unsigned confidence;                 /* 0-100; the readings' sum is ~100 */
	enum hw_sex sex;                     /* implied by the parts, or UNKNOWN */
	const struct hw_given_name *given_row;  /* table row of the given name */
	const struct hw_given_name *father_row; /* row the patronymic comes from */
};

struct hw_name_split {
	size_t count;                                /* 1..HW_NAME_SPLIT_MAX */
	struct hw_name_parts alt[HW_NAME_SPLIT_MAX]; /* best first */
};

/*
 * Splits a full name into family name, given name and patronymic, in any
 * order and script: "Коваленко Олександр Петрович", "Олександр Петрович
 * Коваленко", "KOVALENKO Oleksandr", "Aleksandr Kovalenko", "Коваленко
 * О.П.", "О. П. Коваленко", "Коваленко, Олександр".  Evidence, strongest
 * first: a comma after the family name; given names and patronymics known
 * to the table; patronymic endings; a single ALL-CAPS word among
 * mixed-case ones; surname endings (-енко, -ук, -ський, -ов ...); the usual
 * orders (family given patronymic; given patronymic family; given family).
 * Every reading is scored; readings within reach of the best are kept as
 * alternatives with confidences (two given-name-like words give two
 * readings near 50).  Hyphenated names stay one part; words that are
 * neither given name nor patronymic all go to the family name, in order.
 * The struct is about 3 KB: reuse one.  Returns HW_OK, HW_INVALID (also
 * for a string without letters), HW_TOO_LARGE or HW_NOMEM.
 */
enum hw_err hw_name_split(const char *full, size_t len, struct hw_name_split *out,
			  struct hw_error *err);

/* ------------------------------------------------------ transliteration */

/*
 * Appends a Latin transliteration of `in` for display, by ICU: BGN/PCGN
 * for HW_SCRIPT_UK ("Ukrainian-Latin/BGN") and for HW_SCRIPT_CYRL (the
 * registry's first language), "Russian-Latin/BGN" for HW_SCRIPT_RU;
 * HW_SCRIPT_LATN copies; HW_SCRIPT_UNKNOWN detects the script of the whole
 * string first (hw_name_script) and uses ICU "Any-Latin" when it stays
 * unknown (mixed or other scripts).  The input is normalised (case kept)
 * first: "Мар'яна Щербак" -> "Mar'yana Shcherbak".  Returns
 * HW_OK, HW_INVALID, HW_TOO_LARGE, HW_NOMEM or HW_INTERNAL (ICU failure).
 */
enum hw_err hw_name_transliterate(const char *in, size_t len, enum hw_script from,
				  struct hw_buf *out, struct hw_error *err);

/*
 * Appends the official Ukrainian transliteration (Cabinet of Ministers
 * resolution 55 of 2010, used in Ukrainian passports) of Ukrainian
 * Cyrillic `in`: "Олександр Петрович" -> "Oleksandr Petrovych",
 * "Юрій" -> "Yurii", "Згурський" -> "Zghurskyi".  Case is kept (an
 * ALL-CAPS word stays ALL-CAPS); the apostrophe and ь are dropped; other
 * characters are copied.  Errors as hw_name_normalize.
 */
enum hw_err hw_name_romanize_uk(const char *in, size_t len, struct hw_buf *out,
				struct hw_error *err);

/*
 * Appends a best guess at the Ukrainian Cyrillic spelling of a Latin name
 * (reverse of the 2010 system, also reading BGN/PCGN, ICAO and informal
 * spellings): "Oleksandr" -> "Олександр", "Yaroshenko" -> "Ярошенко",
 * "Hnatiuk" -> "Гнатюк", "Serhii" -> "Сергій", "Zghurskyi" -> "Згурський".
 * A guess for display and manual search, not for matching (use the
 * canonical form).  Case of each word's first letter is kept, the rest is
 * lower-case; non-Latin characters are copied.  Errors as hw_name_normalize.
 */
enum hw_err hw_name_cyrillize_uk(const char *in, size_t len, struct hw_buf *out,
				 struct hw_error *err);

#endif
