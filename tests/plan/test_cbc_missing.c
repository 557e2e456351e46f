/*
 * The planner without CBC (src/plan/cbc.h): FENGQIAO_CBC_LIB names a library that does not
 * exist, so a plan that needs the solver fails with plan.solver_missing (ERR_UNAVAILABLE), its
 * message naming the library and dlerror's reason, and no crash, every time and from several
 * threads at once; a plan of 0 places, which needs no solver, is still made.
 * A program of its own: the library is loaded (or not) once per process.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "plan/planner.h"

#define MISSING "/nonexistent/libCbcSolver.so.3"

static const struct plan_unit units[] = { { "U1", 40, true }, { "U2", 40, false } };
static const struct plan_person people[] = {
	{ "B1", "B1", 0, true, "2010-01-01", 90 }, { "B2", "B2", 0, false, "2011-01-01", 80 },
	{ "B3", "B3", 1, true, "2012-01-01", 70 }, { "B4", "B4", 1, false, NULL, 60 },
};
static const struct plan_group groups[] = { { "G1", "r", "2026-10-01", "2026-10-05", 4 } };

static struct plan_input input(int places)
{
	return (struct plan_input){ units, 2, people, 4, groups, 1,
				    { .places = places, .front_line_min_pct = 0, .branch_min_members = 0,
				      .unit_share_max_pct = 100 } };
}

static void expect_missing(void)
{
	struct plan_input in = input(3);
	struct plan_result r;
	struct err e;
	err_clear(&e);
	assert_int_equal(plan_solve(&in, &r, &e), -1);
	assert_int_equal(e.kind, ERR_UNAVAILABLE);
	assert_string_equal(e.code, "plan.solver_missing");
	assert_non_null(strstr(e.message, "无法加载求解器库 " MISSING));
	assert_non_null(strstr(e.message, "（cannot load the CBC solver library " MISSING));
	assert_non_null(strstr(e.message, "No such file or directory"));
	plan_result_free(&r);
}

static void solver_missing(void **state)
{
	expect_missing();
	expect_missing(); /* remembered, and the same answer */
}

static void *solve_thread(void *arg)
{
	struct plan_input in = input(3);
	struct plan_result r;
	struct err e;
	err_clear(&e);
	int rc = plan_solve(&in, &r, &e);
	plan_result_free(&r);
	*(int *)arg = rc == -1 && strcmp(e.code, "plan.solver_missing") == 0;
	return NULL;
}

static void solver_missing_in_threads(void **state)
{
	pthread_t t[4];
	int ok[4] = { 0 };
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, solve_thread, &ok[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(ok[i]);
	}
}

static void no_solver_needed(void **state)
{
	struct plan_input in = input(0);
	struct plan_result r;
	struct err e;
	err_clear(&e);
	assert_int_equal(plan_solve(&in, &r, &e), 0);
	assert_true(r.feasible);
	assert_int_equal(r.selected, 0);
	plan_result_free(&r);
}

int main(void)
{
	if (setenv("FENGQIAO_CBC_LIB", MISSING, 1))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(solver_missing_in_threads),
		cmocka_unit_test(solver_missing),
		cmocka_unit_test(no_solver_needed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
