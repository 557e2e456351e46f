/*
 * cbc.c — load CBC's C interface on the first solve (see cbc.h).
 */
#include "plan/cbc.h"
#include "base/err.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct cbc_api table;
static const struct cbc_api *loaded;
static void *handle; /* never closed: the solver's statics live in the library */
static char lib_name[256];
static char reason[512];

static void load(void)
{
	const char *name = secure_getenv("FENGQIAO_CBC_LIB");
	snprintf(lib_name, sizeof lib_name, "%s", name && *name ? name : CBC_LIB);
	void *h = handle = dlopen(lib_name, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		snprintf(reason, sizeof reason, "%s", why ? why : "dlopen failed");
		return;
	}
	/* POSIX: a void * from dlsym converts to a function pointer */
#define CBC_LOAD(f)                                                               \
	if (!(table.f = (__typeof__(table.f))dlsym(h, "Cbc_" #f))) {              \
		const char *why = dlerror();                                      \
		snprintf(reason, sizeof reason, "%s", why ? why : "Cbc_" #f " not found"); \
		return;                                                           \
	}
	CBC_FUNCTIONS(CBC_LOAD)
#undef CBC_LOAD
	loaded = &table;
}

const struct cbc_api *cbc_api(struct err *e)
{
	pthread_once(&once, load);
	if (!loaded)
		err_set(e, ERR_UNAVAILABLE, "plan.solver_missing", NULL,
			"无法加载求解器库 %s，不能编排方案（cannot load the CBC solver library %s, no plan can be made）：%s",
			lib_name, lib_name, reason);
	return loaded;
}
