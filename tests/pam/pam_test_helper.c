/*
 * pam_test_helper.c - a PAM module for the test stacks around
 * pam_accounts.so.
 *
 *   authtok=S     set PAM_AUTHTOK to S ("an earlier module asked already")
 *   oldauthtok=S  set PAM_OLDAUTHTOK to S
 *   rc=N          return N (default PAM_IGNORE): placed after
 *                 pam_accounts.so with "ignore=ignore", a distinctive N shows
 *                 that pam_accounts.so returned PAM_IGNORE
 *   prelim_rc=N   in chauthtok's PAM_PRELIM_CHECK pass, return N instead
 *                 (a module that passes the check and fails the update)
 */
#include <stdlib.h>
#include <string.h>

#include <security/pam_modules.h>

#define HELPER_EXPORT __attribute__((visibility("default")))

static int run(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	int rc = PAM_IGNORE, prelim_rc = -1;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strncmp(a, "authtok=", 8) == 0)
			pam_set_item(pamh, PAM_AUTHTOK, a + 8);
		else if (strncmp(a, "oldauthtok=", 11) == 0)
			pam_set_item(pamh, PAM_OLDAUTHTOK, a + 11);
		else if (strncmp(a, "rc=", 3) == 0)
			rc = (int)strtol(a + 3, NULL, 10);
		else if (strncmp(a, "prelim_rc=", 10) == 0)
			prelim_rc = (int)strtol(a + 10, NULL, 10);
	}
	return (flags & PAM_PRELIM_CHECK) && prelim_rc >= 0 ? prelim_rc : rc;
}

HELPER_EXPORT int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
				      const char **argv)
{
	return run(pamh, flags, argc, argv);
}

HELPER_EXPORT int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc,
				 const char **argv)
{
	return PAM_IGNORE;
}

HELPER_EXPORT int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc,
				   const char **argv)
{
	return run(pamh, flags, argc, argv);
}

HELPER_EXPORT int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc,
				   const char **argv)
{
	return run(pamh, flags, argc, argv);
}

HELPER_EXPORT int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc,
				      const char **argv)
{
	return run(pamh, flags, argc, argv);
}

HELPER_EXPORT int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc,
				       const char **argv)
{
	return run(pamh, flags, argc, argv);
}
