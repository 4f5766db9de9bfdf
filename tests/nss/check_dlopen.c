/*
 * check_dlopen.c - the built libnss_accounts.so.2 loads with RTLD_NOW (no
 * undefined symbol left for later), exports every entry point glibc looks
 * for, and hides its internals.  Exit 0 on success, 1 on failure.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef NSS_MODULE_PATH
#define NSS_MODULE_PATH ".libs/libnss_accounts.so.2"
#endif

static const char *const exported[] = {
	"_nss_accounts_getpwnam_r",	"_nss_accounts_getpwuid_r",
	"_nss_accounts_setpwent",	"_nss_accounts_getpwent_r",
	"_nss_accounts_endpwent",	"_nss_accounts_getgrnam_r",
	"_nss_accounts_getgrgid_r",	"_nss_accounts_setgrent",
	"_nss_accounts_getgrent_r",	"_nss_accounts_endgrent",
	"_nss_accounts_initgroups_dyn", "_nss_accounts_enablelookups",
};

/* Internals that must not leak into every process's symbol space. */
static const char *const hidden[] = {
	"nss_acct_lookup", "nss_acct_enum_next", "nss_acct_passwd_db",
	"acct_call",	   "acct_validate",	 "acct_valid_login",
};

int main(void)
{
	const char *path = getenv("NSS_MODULE");
	int failed = 0;
	void *h;

	if (path == NULL || path[0] == '\0')
		path = NSS_MODULE_PATH;
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
		return 1;
	}
	for (size_t i = 0; i < sizeof(exported) / sizeof(exported[0]); i++) {
		if (dlsym(h, exported[i]) == NULL) {
			fprintf(stderr, "missing export %s\n", exported[i]);
			failed = 1;
		}
	}
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		if (dlsym(h, hidden[i]) != NULL) {
			fprintf(stderr, "internal symbol exported: %s\n",
				hidden[i]);
			failed = 1;
		}
	}
	if (*(int *)dlsym(h, "_nss_accounts_enablelookups") != 1) {
		fprintf(stderr, "_nss_accounts_enablelookups is not 1\n");
		failed = 1;
	}
	if (dlclose(h) != 0) {
		fprintf(stderr, "dlclose: %s\n", dlerror());
		failed = 1;
	}
	return failed;
}
