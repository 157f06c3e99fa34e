/*
 * homeward/person.h - a person of the registry, in memory.
 *
 * One human being: one of ours held by the other side (held_by adversary)
 * or a detainee in our custody (held_by us).  The fields follow what the
 * Geneva Conventions require a national information bureau to record
 * (GC III Art. 17, 70, 122; GC IV Art. 138).
 *
 * Ownership: a struct hw_person owns every string and array it points to;
 * hw_person_release() frees them all and leaves the struct zeroed, ready
 * for reuse.  Strings are UTF-8, NULL meaning "not given".  The first name
 * record (names[0]) is the primary one.
 *
 * The current status is derived from the event history (homeward/event.h);
 * `status` here is the value the store derived, read-only for callers.
 */
#ifndef HOMEWARD_PERSON_H
#define HOMEWARD_PERSON_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/date.h"
#include "homeward/error.h"
#include "homeward/vocab.h"

/* Public reference: "HW-" and at least six digits, derived from the id. */
#define HW_PUBREF_MAX 24

struct hw_name {
	int64_t id;             /* 0 until stored */
	enum hw_name_kind kind;
	enum hw_script script;
	char *family;           /* required */
	char *given;            /* required */
	char *patronymic;       /* may be NULL */
	int64_t source_id;      /* 0: none */
	char *recorded_at;      /* set by the store */
};

/* An external reference: a source's own identifier for the person. */
struct hw_extref {
	char *source; /* a label: "import", "ua-hq", "icrc" */
	char *ref;
};

struct hw_person {
	int64_t id;       /* 0 until stored */
	int64_t version;  /* bumped by every update; 0 until stored */

	struct hw_name *names;
	size_t nnames;

	enum hw_sex sex;
	struct hw_date birth_date;
	char *birth_place;
	char citizenship[3]; /* ISO 3166-1 alpha-2, upper case, "" unknown */

	enum hw_category category;
	enum hw_branch branch;
	char *unit;
	enum hw_rank rank;
	char *service_number;

	enum hw_status status;  /* derived from events */
	enum hw_custody held_by;
	struct hw_date captured_on;
	char *capture_place;
	enum hw_region region;

	unsigned health;        /* HW_HEALTH_* bits */
	char *next_of_kin;
	char **tags;
	size_t ntags;
	char *notes;

	struct hw_extref *refs;
	size_t nrefs;

	char *created_at;       /* set by the store, "YYYY-MM-DDTHH:MM:SSZ" */
	char *updated_at;
};

/* Zeroes a person (all fields unknown / none). */
void hw_person_init(struct hw_person *p);
/* Frees everything the person owns and re-initialises it. */
void hw_person_release(struct hw_person *p);

/* The primary name record, or NULL when there is none. */
const struct hw_name *hw_person_primary(const struct hw_person *p);

/*
 * Appends a name record (copies the strings).  A family or given name that
 * is empty is HW_INVALID.  `script` UNKNOWN is replaced by the detected one.
 */
enum hw_err hw_person_add_name(struct hw_person *p, enum hw_name_kind kind,
			       const char *family, const char *given, const char *patronymic,
			       enum hw_script script, struct hw_error *err);
/* 1 when the person has `tag`. */
int hw_person_has_tag(const struct hw_person *p, const char *tag);
/* Appends a tag (copied, validated, ignored when already there). */
enum hw_err hw_person_add_tag(struct hw_person *p, const char *tag, struct hw_error *err);
/* Appends an external reference (copied). */
enum hw_err hw_person_add_ref(struct hw_person *p, const char *source, const char *ref,
			      struct hw_error *err);
/* Replaces a string field: frees *field, stores a copy of value (NULL or "" clears). */
enum hw_err hw_person_set_str(char **field, const char *value);

/*
 * Checks the rules that hold for every stored person: a primary name,
 * a military person's fields (a civilian has no branch, rank or service
 * number), dates not in the future and birth before capture, citizenship
 * an ISO code, text fields of sane length and valid UTF-8.  The error names
 * the field.
 */
enum hw_err hw_person_validate(const struct hw_person *p, struct hw_error *err);

/* Writes the public reference of an id ("HW-000042"). */
void hw_pubref_format(int64_t id, char out[HW_PUBREF_MAX]);
/* Parses a public reference; returns 1 and sets *id when `s` is one. */
int hw_pubref_parse(const char *s, int64_t *id);

/*
 * Guesses the script of a name: Ukrainian Cyrillic when it has a letter
 * only Ukrainian uses (і ї є ґ), Russian when it has one only Russian uses
 * (ы э ъ ё), Cyrillic when neither, Latin when it has no Cyrillic letter.
 */
enum hw_script hw_script_detect(const char *text);

/*
 * The script of a name whose parts have scripts a and b: the more specific
 * of two Cyrillic guesses, Cyrillic for Ukrainian beside Russian letters,
 * unknown for Latin beside Cyrillic.
 */
enum hw_script hw_script_merge(enum hw_script a, enum hw_script b);

/* Checks that `s` is valid UTF-8 without control characters (tab allowed
 * when `allow_newlines`, and newlines too). Returns 1 when it is. */
int hw_text_valid(const char *s, int allow_newlines);

#endif
