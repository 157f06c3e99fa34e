/*
 * many.c - a whole list matched at once, on several threads.  The index
 * is read-shared, so the lines are simply dealt out to the threads.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "homeward/alloc.h"
#include "match/match_int.h"
#include "core/banned.h"

struct job {
	struct hw_match_index *ix;
	const struct hw_match_query *const *queries;
	size_t n, limit;
	struct hw_match_result *results;
	struct hw_error *errors;
	enum hw_err *codes;
	atomic_size_t next;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	size_t i;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->n) {
		hw_error_clear(&j->errors[i]);
		j->codes[i] = hw_match_find(j->ix, j->queries[i], j->limit, &j->results[i],
					    &j->errors[i]);
	}
	return NULL;
}

enum hw_err hw_match_many(struct hw_match_index *ix, const struct hw_match_query *const *queries,
			  size_t n, size_t limit, unsigned threads,
			  struct hw_match_result *results, enum hw_err *codes,
			  struct hw_error *errors, struct hw_error *err)
{
	pthread_t tid[64];
	struct job j;
	unsigned t, started = 0;

	memset(&j, 0, sizeof(j));
	j.ix = ix;
	j.queries = queries;
	j.n = n;
	j.limit = limit;
	j.results = results;
	j.errors = errors;
	j.codes = codes;
	atomic_init(&j.next, 0);
	if (threads < 1)
		threads = 1;
	if (threads > 64)
		threads = 64;
	for (t = 1; t < threads; t++)
		if (pthread_create(&tid[started], NULL, worker, &j) == 0)
			started++;
	worker(&j);
	for (t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	(void)err;
	return HW_OK;
}
