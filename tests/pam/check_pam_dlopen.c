/*
 * check_pam_dlopen.c - the built pam_accounts.so loads with RTLD_NOW (no
 * undefined symbol left for later), exports the six entry points libpam
 * looks for, hides its internals, and unloads (libpam dlcloses it after
 * pam_end).  Exit 0 on success, 1 on failure.
 */
#include "dl_check.h"

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
	void *h = dl_check_open("PAM_MODULE", PAM_MODULE_PATH);
	int failed;

	if (h == NULL)
		return 1;
	failed = dl_check_symbols(h, exported, DL_CHECK_N(exported), hidden,
				  DL_CHECK_N(hidden));
	return dl_check_close(h) | failed;
}
