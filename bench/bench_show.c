/*
 * bench_show.c - the library-level latency of looking a person up.
 *
 * `homeward person show REF` costs a process start, opening the database
 * (and checking its schema), resolving the reference and loading the
 * person.  This program measures the last two alone, in one process, so
 * that bench/registry.sh can tell start-up from the query: it opens the
 * database once with hw_store_open, then times hw_store_person_resolve +
 * hw_store_person_get for random references of three kinds:
 *
 *   pubref   "HW-000042"        the public reference (an id lookup)
 *   extref   "gen:1-41"         source:ref, the generator's reference
 *   bare     "1-41"             a bare external reference (one source uses it)
 *
 * It also times hw_store_open + hw_store_close, the part of start-up that
 * belongs to the library.
 *
 * It assumes the database was filled by importing `homeward generate
 * persons N --seed S` into an empty registry, so that person id k carries
 * the reference gen:S-(k-1).  A reference that does not resolve to the id
 * expected is counted as a miss and reported (exit status 1).
 *
 * Output: one line per figure, "BENCH name value unit", the format that
 * bench/run.sh collects.  Times are in microseconds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "homeward/alloc.h"
#include "homeward/error.h"
#include "homeward/person.h"
#include "homeward/store.h"
#include "core/banned.h"

enum ref_kind { REF_PUB, REF_EXT, REF_BARE, REF_KINDS };

static const char *const kind_names[REF_KINDS] = { "pubref", "extref", "bare" };

struct bench {
	struct hw_store *st;
	int64_t persons;
	uint64_t gen_seed;
	uint64_t rng;
	long lookups;
	long warmup;
	long misses;
	double *samples; /* lookups samples, microseconds */
};

/* splitmix64: a fixed sequence of ids, the same on every run. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The value below which a share `q` of the sorted samples lie (nearest rank). */
static double quantile(const double *sorted, long n, double q)
{
	long i = (long)(q * (double)n + 0.999999) - 1;

	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	return sorted[i];
}

static void format_ref(const struct bench *b, enum ref_kind kind, int64_t id, char *out,
		       size_t size)
{
	if (kind == REF_PUB)
		snprintf(out, size, "HW-%06" PRId64, id);
	else if (kind == REF_EXT)
		snprintf(out, size, "gen:%" PRIu64 "-%" PRId64, b->gen_seed, id - 1);
	else
		snprintf(out, size, "%" PRIu64 "-%" PRId64, b->gen_seed, id - 1);
}

/* One resolve + get of a random person; returns its duration in microseconds. */
static double lookup_one(struct bench *b, enum ref_kind kind)
{
	int64_t want = (int64_t)(next_random(&b->rng) % (uint64_t)b->persons) + 1, got = 0;
	struct hw_person p;
	struct hw_error err;
	char ref[64];
	double t0, t1;

	format_ref(b, kind, want, ref, sizeof(ref));
	hw_person_init(&p);
	hw_error_clear(&err);
	t0 = now_us();
	if (hw_store_person_resolve(b->st, ref, &got, &err) == HW_OK)
		hw_store_person_get(b->st, got, &p, &err);
	t1 = now_us();
	if (got != want || p.id != want) {
		if (b->misses++ < 5)
			fprintf(stderr, "bench_show: '%s' gave person %" PRId64 ", not %" PRId64
				": %s\n", ref, p.id, want, err.message);
	}
	hw_person_release(&p);
	return t1 - t0;
}

static void report(const char *name, double *samples, long n)
{
	qsort(samples, (size_t)n, sizeof(*samples), cmp_double);
	printf("BENCH %s_median %.1f us\n", name, quantile(samples, n, 0.50));
	printf("BENCH %s_p95 %.1f us\n", name, quantile(samples, n, 0.95));
	printf("BENCH %s_p99 %.1f us\n", name, quantile(samples, n, 0.99));
}

static void bench_kind(struct bench *b, enum ref_kind kind)
{
	char name[64];
	long i;

	for (i = 0; i < b->warmup; i++)
		lookup_one(b, kind);
	for (i = 0; i < b->lookups; i++)
		b->samples[i] = lookup_one(b, kind);
	snprintf(name, sizeof(name), "lib_show_%s", kind_names[kind]);
	report(name, b->samples, b->lookups);
}

/* Opening and closing the database, as every command does once. */
static int bench_open(const char *path, double *samples, long n)
{
	struct hw_store *st;
	struct hw_error err;
	double t0;
	long i;

	for (i = 0; i < n; i++) {
		hw_error_clear(&err);
		t0 = now_us();
		if (hw_store_open(&st, path, HW_STORE_READONLY, &err)) {
			fprintf(stderr, "bench_show: cannot open '%s': %s\n", path, err.message);
			return -1;
		}
		hw_store_close(st);
		samples[i] = now_us() - t0;
	}
	report("lib_open", samples, n);
	return 0;
}

static int parse_long(const char *s, long min, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return !*s || *end || errno || *out < min ? -1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_show DB [LOOKUPS [GEN_SEED]]\n"
			"  times LOOKUPS (default 10000) resolve+get of random references of\n"
			"  each kind in a registry imported from 'homeward generate persons N\n"
			"  --seed GEN_SEED' (default 1)\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct bench b = { NULL, 0, 1, 42, 10000, 1000, 0, NULL };
	struct hw_person_filter all = { 0 };
	struct hw_error err;
	long seed = 1;
	int rc = 3, k;

	if (argc < 2 || argc > 4 || (argc > 2 && parse_long(argv[2], 1, &b.lookups)) ||
	    (argc > 3 && parse_long(argv[3], 0, &seed)))
		return usage();
	b.gen_seed = (uint64_t)seed;
	hw_error_clear(&err);
	b.samples = hw_calloc((size_t)b.lookups, sizeof(*b.samples));
	if (!b.samples)
		goto out;
	if (bench_open(argv[1], b.samples, b.lookups < 200 ? b.lookups : 200))
		goto out;
	if (hw_store_open(&b.st, argv[1], HW_STORE_READONLY, &err) ||
	    hw_store_person_count(b.st, &all, &b.persons, &err)) {
		fprintf(stderr, "bench_show: '%s': %s\n", argv[1], err.message);
		goto out;
	}
	if (b.persons < 1) {
		fprintf(stderr, "bench_show: '%s' holds no persons\n", argv[1]);
		goto out;
	}
	printf("BENCH lib_persons %" PRId64 " persons\n", b.persons);
	for (k = 0; k < REF_KINDS; k++)
		bench_kind(&b, (enum ref_kind)k);
	printf("BENCH lib_show_misses %ld lookups\n", b.misses);
	rc = b.misses ? 1 : 0;
out:
	hw_store_close(b.st);
	hw_free(b.samples);
	return rc;
}
