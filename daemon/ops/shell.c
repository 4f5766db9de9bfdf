/* shell.c - shells must be listed in /etc/shells (see shell.h). */
#include <string.h>

#include "acct_names.h"
#include "acct_shells.h"
#include "ops/handlers.h"
#include "ops/shell.h"
#include "server/log.h"

int ad_shell_check(struct ad_ctx *ctx, struct ad_str shell, struct ad_err *err)
{
	const char *file = ctx->cfg->shells_file ? ctx->cfg->shells_file
						 : ACCT_SHELLS_FILE;
	char buf[AD_MAX_TEXT + 1];
	int rc;

	/* not a path at all: the store's path rule says what is wrong */
	if (!ad_str_given(shell) || shell.len == 0 || shell.len > AD_MAX_TEXT ||
	    !acct_valid_path(shell.p, shell.len))
		return ACCT_ST_OK;
	memcpy(buf, shell.p, shell.len);
	buf[shell.len] = '\0';
	rc = ad_shells_listed(&ctx->shells, file, buf);
	if (rc < 0) {
		ad_log(LOG_ERR, "cannot read %s: %s", file, strerror(-rc));
		return ad_fail(err, ACCT_ST_INTERNAL,
			       "cannot read %s to check the shell", file);
	}
	if (rc == 0)
		return ad_fail(err, ACCT_ST_INVALID,
			       "shell '%s' is not listed in %s", buf, file);
	return ACCT_ST_OK;
}
