/*
 * cbc.h — CBC's C interface, loaded with dlopen(3) on the first solve rather than linked:
 * CBC and what it pulls in (Cgl, Clp, Osi, CoinUtils, libstdc++, LAPACK, BLAS, gfortran:
 * 15 of the program's 50 shared objects) cost every process ~4 ms to start, and only the
 * recuperation planner uses them.  Cbc_C_Interface.h still gives the types and prototypes.
 */
#ifndef FENGQIAO_PLAN_CBC_H
#define FENGQIAO_PLAN_CBC_H

#include <Cbc_C_Interface.h>

struct err;

/* The library dlopen loads: Debian 12's coinor-libcbc3; FENGQIAO_CBC_LIB overrides it. */
#define CBC_LIB "libCbcSolver.so.3"

/* The functions the planner calls, each with the type of its prototype. */
#define CBC_FUNCTIONS(X) \
	X(newModel) X(deleteModel) X(loadProblem) X(setInteger) X(setObjSense) X(setLogLevel) \
	X(setParameter) X(setAllowableGap) X(setMaximumSeconds) X(solve) X(bestSolution) \
	X(isProvenOptimal) X(isProvenInfeasible) X(getObjValue) X(getBestPossibleObjValue)

struct cbc_api {
#define CBC_MEMBER(f) __typeof__(&Cbc_##f) f;
	CBC_FUNCTIONS(CBC_MEMBER)
#undef CBC_MEMBER
};

/* The table, loaded once per process (thread-safe); NULL with e set (ERR_UNAVAILABLE,
 * plan.solver_missing, naming the library and dlerror's reason) when it cannot be loaded.
 * A failure is remembered: the process does not try again. */
const struct cbc_api *cbc_api(struct err *e);

#endif
