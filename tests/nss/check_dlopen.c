/*
 * check_dlopen.c - the built libnss_accounts.so.2 loads with RTLD_NOW (no
 * undefined symbol left for later), exports every entry point glibc looks
 * for, and hides its internals.  Exit 0 on success, 1 on failure.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "dl_check.h"

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
	void *h = dl_check_open("NSS_MODULE", NSS_MODULE_PATH);
	const int *enable;
	int failed;

	if (h == NULL)
		return 1;
	failed = dl_check_symbols(h, exported, DL_CHECK_N(exported), hidden,
				  DL_CHECK_N(hidden));
	enable = dlsym(h, "_nss_accounts_enablelookups");
	if (enable == NULL || *enable != 1) {
		fprintf(stderr, "_nss_accounts_enablelookups is not 1\n");
		failed = 1;
	}
	return dl_check_close(h) | failed;
}
