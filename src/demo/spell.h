/*
 * spell.h - how the other side's clerk spells one of our names: the
 * Russian forms of a Ukrainian name, a Latin transliteration, initials and
 * typing slips.  Internal to src/demo (the list writer, listwrite.h).
 *
 * Each function appends to a caller's struct hw_buf and leaves it as it was
 * on failure (HW_NOMEM, or HW_INVALID for text that is not UTF-8).  Random
 * choices come from the caller's stream (gen/rng.h), so the same stream
 * gives the same spelling.
 */
#ifndef HOMEWARD_DEMO_SPELL_H
#define HOMEWARD_DEMO_SPELL_H

#include "homeward/buf.h"
#include "homeward/error.h"
#include "homeward/vocab.h"
#include "gen/rng.h"

/*
 * A Ukrainian family name as Russian spelling writes it, letter by letter
 * with the usual endings and a few stems: Ковальський -> Ковальский,
 * Кравець -> Кравец, Білоус -> Белоус, Рибак -> Рыбак, Гончарук ->
 * Гончарук, Воробйов -> Воробьев; ї after a vowel is и or, sometimes, йи
 * (Заїка -> Заика, Зайика).  A name already without Ukrainian letters is
 * copied.
 */
enum hw_err demo_spell_family_ru(const char *uk, struct gen_rng *r, struct hw_buf *out,
				 struct hw_error *err);

/*
 * The Russian form of a given name (the table's Russian form, the second
 * one sometimes: Наталія -> Наталья or Наталия) and of a patronymic
 * (Петрович -> Петрович, Олександрівна -> Александровна); a name the table
 * does not know is converted letter by letter.  `sex` is the bearer's.
 */
enum hw_err demo_spell_given_ru(const char *uk, enum hw_sex sex, struct gen_rng *r,
				struct hw_buf *out, struct hw_error *err);
enum hw_err demo_spell_patronymic_ru(const char *uk, enum hw_sex sex, struct hw_buf *out,
				     struct hw_error *err);

/*
 * The initial of a name: its first letter, or a Latin digraph that stands
 * for one Cyrillic letter (Yu, Zh, Kh, Ch, Sh, Ts, Ya, Ye, Yi), and a dot.
 */
enum hw_err demo_spell_initial(const char *name, struct hw_buf *out);

/* Upper-cases Cyrillic and ASCII letters: Коваленко -> КОВАЛЕНКО. */
enum hw_err demo_spell_upper(const char *name, struct hw_buf *out);

/* The kinds of typing slip of demo_spell_typo(). */
enum demo_typo {
	DEMO_TYPO_SWAP,   /* two neighbouring letters swapped */
	DEMO_TYPO_DROP,   /* one letter left out */
	DEMO_TYPO_DOUBLE, /* one letter typed twice */
	DEMO_TYPO__COUNT,
};

/*
 * Appends `name` with one slip of `kind`, never on the first letter (a
 * clerk rarely gets that wrong).  A name of fewer than 4 letters is copied
 * unchanged; returns 1 in *done when a slip was made.
 */
enum hw_err demo_spell_typo(const char *name, enum demo_typo kind, struct gen_rng *r,
			    struct hw_buf *out, int *done);

#endif
