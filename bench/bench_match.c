/*
 * bench_match.c - the matcher's speed and memory, in-process, so that the
 * figures are the library's and not process start-up's.
 *
 * usage: bench_match DB LIST.csv [THREADS] [SEARCHES]
 *
 * Prints BENCH lines (bench/lib.sh format):
 *   - index build: wall time, and the same walk over the store without
 *     analysing the names (the reference measured in the same run: the
 *     part of the build that is SQLite's);
 *   - list matching once the index is loaded: wall time for the whole list
 *     on THREADS threads (default 2), best of 3, and lines per second;
 *   - search latency: SEARCHES single queries (default 2000, the list's
 *     lines in turn) on one thread: median, p95, p99 in microseconds, next
 *     to the latency of loading one person from the store as a reference;
 *   - memory: the index's own estimate and the process's peak RSS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "homeward/list.h"
#include "homeward/match.h"
#include "homeward/store.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_row(void *ctx, const struct hw_name_row *row)
{
	(void)row;
	(*(size_t *)ctx)++;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	return v[(size_t)(p * (double)(n - 1))];
}

static void search_latency(struct hw_match_index *ix, struct hw_store *st, struct hw_list *l,
			   size_t searches)
{
	double *t = calloc(searches, sizeof(double)), *r = calloc(searches, sizeof(double)), t0;
	struct hw_match_result res;
	struct hw_person p;
	size_t i;

	hw_person_init(&p);
	for (i = 0; i < searches; i++) {
		t0 = now();
		hw_match_find(ix, &l->entries[i % l->count].query, 5, &res, NULL);
		t[i] = (now() - t0) * 1e6;
		t0 = now();
		hw_store_person_get(st, (int64_t)(1 + (i * 7919) % 1000), &p, NULL);
		r[i] = (now() - t0) * 1e6;
	}
	hw_person_release(&p);
	qsort(t, searches, sizeof(double), cmp_double);
	qsort(r, searches, sizeof(double), cmp_double);
	printf("BENCH search_median_us %.1f us <2000\n", pct(t, searches, 0.5));
	printf("BENCH search_p95_us %.1f us\n", pct(t, searches, 0.95));
	printf("BENCH search_p99_us %.1f us\n", pct(t, searches, 0.99));
	printf("BENCH ref_person_get_median_us %.1f us\n", pct(r, searches, 0.5));
	printf("BENCH search_ratio %.1f x\n", pct(t, searches, 0.5) / pct(r, searches, 0.5));
	free(t);
	free(r);
}

int main(int argc, char **argv)
{
	struct hw_store *st = NULL;
	struct hw_match_index *ix = NULL;
	struct hw_match_stats stats;
	struct hw_list list;
	struct hw_error err;
	struct rusage ru;
	const struct hw_match_query **qs;
	struct hw_match_result *res;
	struct hw_error *errs;
	enum hw_err *codes;
	unsigned threads = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 2;
	size_t searches = argc > 4 ? strtoul(argv[4], NULL, 10) : 2000, rows = 0, i;
	double t0, scan, build, best = 1e9, t;
	FILE *in;
	int run;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_match DB LIST.csv [THREADS] [SEARCHES]\n");
		return 2;
	}
	hw_error_clear(&err);
	if (hw_store_open(&st, argv[1], HW_STORE_READONLY, &err) || !(in = fopen(argv[2], "rb")) ||
	    hw_list_read_csv(in, argv[2], stderr, &list, &err)) {
		fprintf(stderr, "bench_match: %s\n", err.message);
		return 1;
	}
	fclose(in);
	t0 = now();
	hw_store_name_each(st, count_row, &rows, NULL);
	scan = now() - t0;
	t0 = now();
	if (hw_match_index_build(&ix, st, &err)) {
		fprintf(stderr, "bench_match: %s\n", err.message);
		return 1;
	}
	build = now() - t0;
	hw_match_index_stats(ix, &stats);
	printf("BENCH index_persons %zu persons\n", stats.persons);
	printf("BENCH index_build_s %.2f s <=5\n", build);
	printf("BENCH ref_name_scan_s %.2f s\n", scan);
	printf("BENCH index_build_ratio %.1f x\n", build / scan);
	printf("BENCH index_bytes_per_person %.0f B\n", (double)stats.bytes / (double)stats.persons);
	printf("BENCH index_family_names %zu names\n", stats.distinct_family_names);
	qs = calloc(list.count, sizeof(*qs));
	res = calloc(list.count, sizeof(*res));
	errs = calloc(list.count, sizeof(*errs));
	codes = calloc(list.count, sizeof(*codes));
	for (i = 0; i < list.count; i++)
		qs[i] = &list.entries[i].query;
	for (run = 0; run < 3; run++) {
		t0 = now();
		hw_match_many(ix, qs, list.count, 5, threads, res, codes, errs, NULL);
		t = now() - t0;
		best = t < best ? t : best;
	}
	printf("BENCH list_lines %zu lines\n", list.count);
	printf("BENCH list_match_s %.3f s <=1\n", best);
	printf("BENCH list_lines_per_s %.0f lines/s\n", (double)list.count / best);
	search_latency(ix, st, &list, searches);
	getrusage(RUSAGE_SELF, &ru);
	printf("BENCH index_mib %.0f MiB\n", (double)stats.bytes / 1048576.0);
	printf("BENCH peak_rss_mib %.0f MiB <=1536\n", (double)ru.ru_maxrss / 1024.0);
	hw_match_index_free(ix);
	hw_list_release(&list);
	hw_store_close(st);
	free(qs);
	free(res);
	free(errs);
	free(codes);
	return 0;
}
