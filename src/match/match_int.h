/*
 * match_int.h - internals of the matcher shared by its files: the index
 * (index.c), the analysis of a name into comparable parts (parts.c), the
 * scorer (score.c) and the query (find.c).
 */
#ifndef HOMEWARD_MATCH_INT_H
#define HOMEWARD_MATCH_INT_H

#include <pthread.h>
#include <stdint.h>

#include "homeward/match.h"
#include "homeward/names.h"
#include "match/intern.h"

#define NO_CLASS (-1)

/* A growable array of 32-bit ids. */
struct vec32 {
	uint32_t *v;
	uint32_t n, cap;
};
int vec32_push(struct vec32 *v, uint32_t x);
void vec32_release(struct vec32 *v);

/*
 * One name part made comparable: its canonical form (interned), the
 * given-name class it was recognised as (given names and patronymics:
 * the father's class), and whether it is an initial only.
 */
struct mx_part {
	uint32_t canon;     /* id in index->canons; INTERN_NONE when absent */
	int32_t class_id;   /* NO_CLASS when not recognised */
	char init[3];       /* the canonical form of its first letter: "m", "ia" (Я), "iu"
			       (Ю); for a full name its first two symbols; "" absent */
	uint8_t is_initial; /* the part is an initial only */
	uint8_t sex;        /* enum hw_sex the part implies */
};

/* One name record in the index. */
struct mx_name {
	uint32_t person;        /* index in index->persons */
	uint32_t family;        /* id in index->canons */
	struct mx_part given;
	struct mx_part patronymic;
	uint32_t display;       /* id in index->displays: "Family Given Patronymic" */
	uint8_t alive;          /* 0 once the person was re-put */
};

struct mx_person {
	int64_t id;
	struct hw_date birth_date;
	uint32_t unit;          /* id in index->units; INTERN_NONE unknown */
	uint32_t first_name;    /* its name records: names[first_name..+nnames) */
	uint16_t nnames;
	uint8_t sex;
	uint8_t status;
	uint8_t held_by;
};

struct mx_id_slot {
	int64_t id;
	uint32_t index; /* index in persons + 1; 0: empty slot */
};

/* Memo of an analysed raw part, so each distinct string is analysed once. */
struct mx_memo {
	struct intern raw;
	struct mx_part *parts; /* by raw id */
	size_t cap;
};

struct hw_match_index {
	pthread_rwlock_t lock;
	struct intern canons;          /* canonical forms of every part */
	struct intern keys;            /* family-name keys */
	struct intern units;           /* unit keys */
	struct intern displays;        /* display names */
	struct intern yearly;          /* "class/year" buckets of the fallback */
	struct vec32 *key_families;    /* by key id: family canon ids */
	size_t key_families_cap;
	struct intern keys2;           /* family-name frames with two symbols deleted */
	struct vec32 *key2_families;   /* by keys2 id: family canon ids */
	size_t key2_families_cap;
	struct vec32 *family_names;    /* by canon id: name records with that family */
	size_t family_cap;
	struct vec32 *yearly_names;    /* by yearly id: name records */
	size_t yearly_cap;
	uint32_t *class_count;         /* by class id: given names of that class */
	struct mx_prefixes *class_prefixes; /* by class id: how every form of the name
					       begins (Микола: "mi", "ni") */
	uint32_t *father_count;        /* by class id: patronymics from that class */
	size_t nclasses;
	struct mx_memo memo_family, memo_given, memo_patronymic;
	struct mx_name *names;
	size_t nnames, names_cap, live_names;
	struct mx_person *persons;
	size_t npersons, persons_cap;
	struct mx_id_slot *id_slots;   /* person id -> index */
	size_t nid_slots;
	struct hw_buf scratch;         /* canonical forms while building */
};

/* parts.c: analyses a raw part (memoised in `memo`; the index lock held
 * for writing).  kind: 'f' family, 'g' given, 'p' patronymic. */
enum hw_err mx_part_of(struct hw_match_index *ix, struct mx_memo *memo, int kind,
		       const char *raw, enum hw_sex sex, struct mx_part *out,
		       struct hw_error *err);
/* The same without memo and without adding to the index (queries): the
 * canonical form goes to `canon` (a buffer of the caller's), and the part's
 * canon id is INTERN_NONE unless the index knows the form. */
enum hw_err mx_part_query(const struct hw_match_index *ix, int kind, const char *raw,
			  enum hw_sex sex, struct hw_buf *canon, struct mx_part *out,
			  struct hw_error *err);
/* The unit key of a unit as written ("в/ч А1234" -> "A1234"), into out[32];
 * 0 when it has no number. */
int mx_unit_key(const char *unit, char out[32]);

/*
 * The index keys of a canonical family name: hw_name_keys(), and for a
 * short consonant frame (which hw_name_keys gives no deletion variants)
 * its one-deletion variants too, the leading-vowel mark included, so that
 * one wrong or lost consonant in a short surname (Іщенко, Ищееко) or a
 * wrong first letter (Макаров, Jakarov) still meets.  The distance check
 * after the lookup keeps what this loosens honest.
 */
void mx_family_keys(const char *canon, size_t len, struct hw_name_keys *keys);

/*
 * Keys for a family name damaged by two edits, which the keys above miss
 * when both edits hit consonants (Lrokhofov for Прохоров), or a leading
 * vowel is lost or gained together with another slip (ахуренко for
 * Мазуренко), or a Latin typo breaks a digraph (Rixnyk, Dorosehnko).  Two
 * frames at most two edits apart share a frame with at most two symbols
 * deleted from each (the leading-vowel mark '@' counts as a symbol here).
 * The index keeps each family's frame with two symbols deleted (in
 * ix->keys2, the ones with one deleted are in ix->keys already) when at
 * least MX_KEY2_MIN symbols remain; a query (`query` 1) takes its frame
 * with none, one and two symbols deleted, down to MX_KEY2_QUERY_MIN, and
 * looks each up in both maps.  Frames longer than MX_KEY2_FRAME_MAX get
 * none (a compound name; its parts meet by the ordinary keys).
 */
#define MX_KEY2_MIN 3
#define MX_KEY2_QUERY_MIN 2
#define MX_KEY2_FRAME_MAX 12
#define MX_KEYS2_MAX 80
struct mx_keys2 {
	size_t count;
	char key[MX_KEYS2_MAX][HW_NAME_KEY_MAX];
};
void mx_family_keys2(const char *canon, size_t len, int query, struct mx_keys2 *keys);

#define MX_CLASS_PREFIXES 12
struct mx_prefixes {
	unsigned count;
	char p[MX_CLASS_PREFIXES][3];
};

/* Whether an initial (its canonical form) may begin a name whose canonical
 * form begins with `prefix`: "i" (Y.) fits "ia" and "iu"; "ia" fits only
 * "ia". */
int mx_initial_fits(const char *initial, const char *prefix);
/* Sets p->init from a canonical form. */
void mx_set_init(struct mx_part *p, const char *canon, size_t len);

/* A query name made comparable (one reading of a full name). */
struct mx_query {
	char family_canon[HW_NAME_PART_MAX];
	size_t family_len;
	uint32_t family_count; /* registry records with exactly this family form */
	struct hw_name_keys family_keys;
	struct mx_part given, patronymic;
	char given_canon[HW_NAME_PART_MAX];
	char patronymic_canon[HW_NAME_PART_MAX];
	enum hw_sex sex;
	struct hw_date birth_date;
	int birth_date_month_first;
	char unit[32];
	int has_unit;
	int restrict_custody; /* only persons held by held_by */
	uint8_t held_by;
	int reading;        /* which reading of the full name (0 best) */
	int reading_index;  /* its index among the readings kept */
	unsigned confidence;
};

/* score.c: scores name record `n` for query `q` whose family canonical
 * form is at distance `fdist` from n's: c->score and c->person_id, and
 * with `explain` the evidence with its reasons and the name seen. */
void mx_score(const struct hw_match_index *ix, const struct mx_query *q, const struct mx_name *n,
	      unsigned fdist, int explain, struct hw_match_candidate *c);

/* Distance between canonical form `q` and the interned form `id`, bounded
 * by max (max + 1 when farther or absent). */
unsigned mx_canon_distance(const struct hw_match_index *ix, const char *q, uint32_t id,
			   unsigned max);

/* Thresholds of the decision (docs/matching.md). */
#define MX_MATCH_SCORE 18.0
#define MX_MATCH_MARGIN 4.0
#define MX_REVIEW_SCORE 12.0
#define MX_CANDIDATE_FLOOR 4.0
/* Evidence at least this strong is a whole given name, a whole birth date. */
#define MX_FULL_GIVEN_NAME 3.0
#define MX_FULL_BIRTH_DATE 9.0 /* the same date, or day and month swapped: 13, 8 */

#endif
