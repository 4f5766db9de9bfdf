/*
 * check_pam_dlopen.c - the built pam_accounts.so loads with RTLD_NOW (no
 * undefined symbol left for later), exports the six entry points libpam
 * looks for, hides its internals, and unloads (libpam dlcloses it after
 * pam_end).  Exit 0 on success, 1 on failure.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef PAM_MODULE_PATH
#define PAM_MODULE_PATH ".libs/pam_accounts.so"
#endif

static const char *const exported[] = {
	"pam_sm_authenticate", "pam_sm_setcred",      "pam_sm_acct_mgmt",
	"pam_sm_chauthtok",    "pam_sm_open_session", "pam_sm_close_session",
};

/* Internals that must not leak into the host program's symbol space. */
static const char *const hidden[] = {
	"pa_map_result", "pa_call",	     "pa_parse_options", "acct_call",
	"acct_validate", "acct_valid_login", "acct_peer_uid",
};

int main(void)
{
	const char *path = getenv("PAM_MODULE");
	int failed = 0;
	void *h;

	if (path == NULL || path[0] == '\0')
		path = PAM_MODULE_PATH;
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
	if (dlclose(h) != 0) {
		fprintf(stderr, "dlclose: %s\n", dlerror());
		failed = 1;
	}
	return failed;
}
