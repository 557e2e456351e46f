/*
 * Two threads parse division lists (a REFLIST field: stations' `divisions`)
 * through record_set at the same time, many times, each into its own record,
 * and each must read back its own input.  The keylist parser once used
 * strtok, whose hidden position is shared by every thread: the server's pool
 * parsing two POST /api/v1/stations at once got each other's divisions.
 */
#include "testlib.h"

#include <pthread.h>
#include <stdio.h>

#define ROUNDS 100000

struct job {
	const char *input;    /* mixed separators, as people type them */
	const char *expected; /* canonical: keys joined by ';' */
	pthread_barrier_t *start;
	long wrong;
	char first_wrong[600];
};

static void *parse_many(void *arg)
{
	struct job *j = arg;
	const struct record_type *t = record_type_find("stations");
	struct record *r = record_new(t);
	int idx = field_index(t, "divisions");
	pthread_barrier_wait(j->start);
	for (int n = 0; n < ROUNDS; n++) {
		struct err e;
		err_clear(&e);
		const char *got = NULL;
		if (record_set(r, idx, j->input, 480, &e) == 0)
			got = record_get(r, "divisions");
		if (!got || strcmp(got, j->expected)) {
			if (!j->wrong++)
				snprintf(j->first_wrong, sizeof j->first_wrong, "%s", got ? got : e.message);
		}
	}
	record_free(r);
	return NULL;
}

static void two_threads_parse_their_own_lists(void **state)
{
	(void)state;
	assert_non_null(record_type_find("stations"));
	assert_true(field_index(record_type_find("stations"), "divisions") >= 0);
	pthread_barrier_t start;
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	struct job jobs[2] = {
		{ .input = "152921100000; 152921101000, 152921102000；152921103000",
		  .expected = "152921100000;152921101000;152921102000;152921103000", .start = &start },
		{ .input = "152921200001、152921200002，152921200003 152921200004;152921200005",
		  .expected = "152921200001;152921200002;152921200003;152921200004;152921200005", .start = &start },
	};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, parse_many, &jobs[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	pthread_barrier_destroy(&start);
	for (int i = 0; i < 2; i++)
		if (jobs[i].wrong)
			fail_msg("thread %d: %ld of %d parses wrong, first: %s", i, jobs[i].wrong, ROUNDS, jobs[i].first_wrong);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_threads_parse_their_own_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
