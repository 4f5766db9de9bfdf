/* dl_check.c - see dl_check.h. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "dl_check.h"

void *dl_check_open(const char *env, const char *path)
{
	const char *p = getenv(env);
	void *h;

	if (p == NULL || p[0] == '\0')
		p = path;
	h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		fprintf(stderr, "dlopen %s: %s\n", p, dlerror());
	return h;
}

int dl_check_symbols(void *h, const char *const *exported, size_t nexported,
		     const char *const *hidden, size_t nhidden)
{
	int failed = 0;

	for (size_t i = 0; i < nexported; i++) {
		if (dlsym(h, exported[i]) == NULL) {
			fprintf(stderr, "missing export %s\n", exported[i]);
			failed = 1;
		}
	}
	for (size_t i = 0; i < nhidden; i++) {
		if (dlsym(h, hidden[i]) != NULL) {
			fprintf(stderr, "internal symbol exported: %s\n",
				hidden[i]);
			failed = 1;
		}
	}
	return failed;
}

int dl_check_close(void *h)
{
	if (dlclose(h) != 0) {
		fprintf(stderr, "dlclose: %s\n", dlerror());
		return 1;
	}
	return 0;
}
