/*
 * tmpdb.h - a fresh database in a temporary directory, for the unit tests
 * that need a store (test_store.c, test_registry.c).
 */
#ifndef HOMEWARD_TEST_TMPDB_H
#define HOMEWARD_TEST_TMPDB_H

#include <stdio.h>
#include <stdlib.h>

#include "homeward/store.h"

struct tmpdb {
	char dir[64];
	char path[128];
	struct hw_store *st;
};

/* Creates the directory and a new database in it; 0 on success. */
static inline int tmpdb_open(struct tmpdb *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/hw-test-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/test.db", t->dir);
	return hw_store_open(&t->st, t->path, HW_STORE_CREATE, NULL) ? -1 : 0;
}

/* Closes the database and removes the directory; 0 on success. */
static inline int tmpdb_close(struct tmpdb *t)
{
	char cmd[160];

	hw_store_close(t->st);
	t->st = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * cmocka setup and teardown for a test fixture of `size` bytes whose first
 * member is a struct tmpdb.
 */
static inline int tmpdb_setup(void **state, size_t size)
{
	struct tmpdb *t = calloc(1, size);

	if (!t || tmpdb_open(t)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static inline int tmpdb_teardown(void **state)
{
	int rc = tmpdb_close(*state);

	free(*state);
	return rc;
}

#endif
