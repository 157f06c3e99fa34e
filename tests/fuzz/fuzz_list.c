/*
 * fuzz_list.c - the reader of lists to match: arbitrary bytes as a list
 * CSV; it must accept or refuse cleanly, and what it accepts must hold a
 * name on every line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "homeward/list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hw_list l;
	FILE *in, *diag;
	size_t i;

	if (!size)
		return 0;
	in = fmemopen((void *)data, size, "rb");
	diag = fopen("/dev/null", "w");
	if (!in || !diag)
		abort();
	if (hw_list_read_csv(in, "fuzz", diag, &l, NULL) == HW_OK) {
		for (i = 0; i < l.count; i++)
			if (!l.entries[i].query.full_name && !l.entries[i].query.family)
				abort();
		hw_list_release(&l);
	}
	fclose(in);
	fclose(diag);
	return 0;
}
