/*
 * fuzz_persons.c - the persons interchange parser: arbitrary bytes as a
 * persons CSV, every row parsed into a person and, when valid, written
 * back and parsed again to the same row.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/persons_csv.h"

static void round_trip(const struct hw_person *p)
{
	struct hw_buf b = HW_BUF_INIT, again = HW_BUF_INIT;
	struct hw_csv_writer w;
	struct hw_csv_reader *r = NULL;
	const struct hw_csv_record *h, *rec;
	struct hw_persons_csv_map map;
	struct hw_persons_row row;
	struct hw_person q;

	hw_csv_writer_init(&w, &b);
	if (hw_persons_csv_write_header(&w) || hw_persons_csv_write(&w, p))
		goto out;
	if (hw_csv_reader_new_mem(&r, b.data, b.len, "round", NULL, NULL) ||
	    hw_csv_read_header(r, &h, NULL) || hw_persons_csv_map_header(r, h, "round", &map, NULL) ||
	    hw_csv_next(r, &rec, NULL) || !rec)
		abort();
	hw_person_init(&q);
	if (hw_persons_csv_parse(&map, rec, "round", "fuzz", &q, &row, NULL))
		abort(); /* what was valid must read back */
	hw_csv_writer_init(&w, &again);
	if (hw_persons_csv_write_header(&w) || hw_persons_csv_write(&w, &q) ||
	    again.len != b.len || memcmp(again.data, b.data, b.len))
		abort();
	hw_person_release(&q);
out:
	hw_csv_reader_free(r);
	hw_buf_release(&b);
	hw_buf_release(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hw_csv_reader *r = NULL;
	const struct hw_csv_record *h, *rec;
	struct hw_persons_csv_map map;
	struct hw_persons_row row;
	struct hw_person p;
	int n = 0;

	if (hw_csv_reader_new_mem(&r, data, size, "fuzz", NULL, NULL) ||
	    hw_csv_read_header(r, &h, NULL) || hw_persons_csv_map_header(r, h, "fuzz", &map, NULL))
		goto out;
	while (n++ < 200) {
		if (hw_csv_next(r, &rec, NULL)) {
			if (hw_csv_reader_failed(r))
				break;
			continue;
		}
		if (!rec)
			break;
		hw_person_init(&p);
		if (!hw_persons_csv_parse(&map, rec, "fuzz", "fuzz", &p, &row, NULL))
			round_trip(&p);
		hw_person_release(&p);
	}
out:
	hw_csv_reader_free(r);
	return 0;
}
