/*
 * listwrite.h - the other side's list of our people, written as their
 * clerks write it.  Internal to src/demo.
 *
 * Given a registry person (one of ours, with a Ukrainian primary name) and
 * a random stream (gen/rng.h), demo_list_write() appends one line of a
 * list in the format of DESIGN.md section 6, with the forms and slips real
 * lists have, at moderate rates so that most lines still match:
 *
 *  - names: Russian forms 60% (the table's Russian given name and
 *    patronymic, the family name in Russian spelling: spell.h), as
 *    registered 20%, Latin 20% (the Ukrainian 2010 system 10%, BGN/PCGN
 *    from the Russian forms 6%, BGN/PCGN from the Ukrainian 4%);
 *  - patronymic left out: 8% of Cyrillic lines, half the Latin ones;
 *  - order (full_name lists): family first 80% of lines with a
 *    patronymic, given name first 8%, "FAMILY, Given" 3%, initials 9%
 *    ("Коваленко О.П.", "Коваленко О. П.", "О.П. Коваленко"); without a
 *    patronymic given name first 10%, "FAMILY, Given" 5%.  Split lists put
 *    initials in the given name and patronymic columns on 5% of lines;
 *  - family name in capitals: 10% of Cyrillic lines, 30% of Latin ones;
 *  - one typing slip (two letters swapped, one dropped or doubled, never
 *    the first) on 8% of lines, family name 60%, given name 40%;
 *  - birth date (never more precise than the registry's): with a day, as
 *    registered 35%, DD.MM.YYYY 42%, missing 10%, year only 5%, day and
 *    month swapped 4% (read as another date when the day is 12 or less,
 *    else as MM.DD.YYYY), year off by one 4%; with a month, MM.YYYY 45%,
 *    YYYY-MM 40%, year only 8%, missing 7%; a year, 90% written;
 *  - unit as registered on 35% of lines of persons who have one.
 * Lines never carry a sex, notes or anything else the registry would not
 * have said.  Every line reads back with hw_list_read_csv().
 */
#ifndef HOMEWARD_DEMO_LISTWRITE_H
#define HOMEWARD_DEMO_LISTWRITE_H

#include "homeward/buf.h"
#include "homeward/csv.h"
#include "homeward/error.h"
#include "homeward/person.h"
#include "gen/rng.h"

enum demo_list_format {
	DEMO_LIST_FULL,  /* line,full_name,birth_date,unit */
	DEMO_LIST_SPLIT, /* line,family_name,given_name,patronymic,birth_date,unit */
};

/* What a line does differently from the registry: bits of 1u << slip. */
#define DEMO_SLIP_MAP(X) \
	X(RUSSIAN, "russian") \
	X(LATIN, "latin") \
	X(NO_PATRONYMIC, "no_patronymic") \
	X(GIVEN_FIRST, "given_first") \
	X(COMMA, "comma") \
	X(INITIALS, "initials") \
	X(CAPS, "caps") \
	X(TYPO, "typo") \
	X(DATE_DMY, "date_dmy") \
	X(DATE_SWAPPED, "date_swapped") \
	X(DATE_YEAR_ONLY, "date_year_only") \
	X(DATE_YEAR_OFF, "date_year_off") \
	X(DATE_MISSING, "date_missing") \
	X(UNIT, "unit")

enum demo_slip {
#define X(e, name) DEMO_SLIP_##e,
	DEMO_SLIP_MAP(X)
#undef X
	DEMO_SLIP__COUNT
};

/* "russian", "date_swapped", ...; "?" out of range. */
const char *demo_slip_name(enum demo_slip s);

struct demo_list_writer {
	struct hw_csv_writer csv;
	enum demo_list_format format;
	long lines;
	long slips[DEMO_SLIP__COUNT]; /* lines with each slip */
};

/* Starts a list in `out` (borrowed) with its header row. */
enum hw_err demo_list_begin(struct demo_list_writer *w, struct hw_buf *out,
			    enum demo_list_format format, struct hw_error *err);

/*
 * Appends the line labelled `line` for person `p` (its primary name, birth
 * date and unit), drawing from `r`; *slips (may be NULL) receives what the
 * line does differently.  On failure the buffer is as it was (HW_NOMEM, or
 * HW_INVALID for a person without a primary name).
 */
enum hw_err demo_list_write(struct demo_list_writer *w, const char *line,
			    const struct hw_person *p, struct gen_rng *r, unsigned *slips,
			    struct hw_error *err);

#endif
