/*
 * homeward/persons_csv.h - the persons interchange format (DESIGN.md
 * section 6) on top of the CSV reader and writer.
 *
 * Columns: ref, family_name, given_name, patronymic, sex, birth_date,
 * birth_place, citizenship, category, branch, unit, rank, service_number,
 * status, held_by, captured_on, capture_place, region, tags, notes, and
 * two optional ones Homeward's export adds so that an export re-imports to
 * the same registry: health (flags separated by ';') and next_of_kin.
 * Only family_name and given_name are required; an unknown or repeated
 * column is an error.
 *
 * `ref` holds one or more references separated by ';': the person's public
 * reference ("HW-000042", this registry's own) and external references
 * "source:ref"; a ref without a source belongs to the import's source
 * label.  Empty values mean "not known" and take the defaults: sex U,
 * category military, held_by adversary, status missing (captive for
 * persons held by us).
 */
#ifndef HOMEWARD_PERSONS_CSV_H
#define HOMEWARD_PERSONS_CSV_H

#include "homeward/csv.h"
#include "homeward/person.h"

#define HW_PERSON_COLUMNS_MAP(X) \
	X(REF, "ref") X(FAMILY_NAME, "family_name") X(GIVEN_NAME, "given_name") \
	X(PATRONYMIC, "patronymic") X(SEX, "sex") X(BIRTH_DATE, "birth_date") \
	X(BIRTH_PLACE, "birth_place") X(CITIZENSHIP, "citizenship") X(CATEGORY, "category") \
	X(BRANCH, "branch") X(UNIT, "unit") X(RANK, "rank") \
	X(SERVICE_NUMBER, "service_number") X(STATUS, "status") X(HELD_BY, "held_by") \
	X(CAPTURED_ON, "captured_on") X(CAPTURE_PLACE, "capture_place") X(REGION, "region") \
	X(TAGS, "tags") X(NOTES, "notes") X(HEALTH, "health") X(NEXT_OF_KIN, "next_of_kin")

enum hw_person_column {
#define X(e, name) HW_PCOL_##e,
	HW_PERSON_COLUMNS_MAP(X)
#undef X
	HW_PCOL__COUNT
};

/* Where each column is in a file: -1 when absent. */
struct hw_persons_csv_map {
	long index[HW_PCOL__COUNT];
};

/*
 * Maps the header of `r` (read with hw_csv_read_header) to columns.
 * HW_INVALID with file, line 1 and the column for an unknown or repeated
 * column, or naming a missing required one.
 */
enum hw_err hw_persons_csv_map_header(struct hw_csv_reader *r, const struct hw_csv_record *h,
				      const char *file, struct hw_persons_csv_map *map,
				      struct hw_error *err);

/* What a row says beside the person's fields. */
struct hw_persons_row {
	enum hw_status status;  /* HW_STATUS_NONE when the column is empty */
};

/*
 * Reads one data row into `p` (initialised by the caller; refs without a
 * source get `source_label`) and `row`.  Every value is validated; an
 * error names the file, the line and column of the value and the field.
 * Tags come out sorted.
 */
enum hw_err hw_persons_csv_parse(const struct hw_persons_csv_map *map,
				 const struct hw_csv_record *rec, const char *file,
				 const char *source_label, struct hw_person *p,
				 struct hw_persons_row *row, struct hw_error *err);

/* Writes the header row Homeward exports (every column). */
enum hw_err hw_persons_csv_write_header(struct hw_csv_writer *w);

/* Writes one person as a row in the export's column order. */
enum hw_err hw_persons_csv_write(struct hw_csv_writer *w, const struct hw_person *p);

#endif
