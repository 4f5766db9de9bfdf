/* shell.h - a login shell set on a user must be one the host lists. */
#ifndef AD_OPS_SHELL_H
#define AD_OPS_SHELL_H

#include "server/ctx.h"

/*
 * A given, non-empty shell must be a line of the host's shells file
 * (cfg->shells_file, else /etc/shells; read again when it changes):
 * else INVALID, "shell '/bin/zsh' is not listed in /etc/shells".  An
 * absent or empty one (the default_shell, checked at config load)
 * passes.  The same check for create, update and every line of an
 * import: the daemon is the authority, whatever the client checked.
 */
int ad_shell_check(struct ad_ctx *ctx, struct ad_str shell, struct ad_err *err);

#endif
