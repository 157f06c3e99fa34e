/*
 * bug.h - checks for the impossible.
 *
 * assert() states invariants in debug builds; BUG() aborts in every build
 * with the source location when code reaches a state that cannot happen
 * (git's BUG()).  Input errors are never BUGs: they are returned as
 * enum hw_err.
 */
#ifndef HOMEWARD_BUG_H
#define HOMEWARD_BUG_H

#include <assert.h>

_Noreturn void hw_bug_fl(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define BUG(...) hw_bug_fl(__FILE__, __LINE__, __VA_ARGS__)

#endif
