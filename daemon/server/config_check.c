/*
 * config_check.c - accountsd --check-config and --print-config (as sshd
 * -t and -T): the files read as the daemon would read them, every error
 * on stderr, nothing started.
 */
#include <stdio.h>

#include "server/config.h"
#include "server/config_check.h"

static void to_stream(void *arg, const char *msg)
{
	fprintf(arg, "accountsd: %s\n", msg);
}

int ad_config_check(const char *path, int required, int print, FILE *out,
		    FILE *err)
{
	struct ad_config_errors errs = {to_stream, err, 0};
	struct ad_config cfg;

	ad_config_defaults(&cfg);
	if (ad_config_read(&cfg, path, required, &errs) < 0) {
		fprintf(err, "accountsd: %u error%s in the configuration\n",
			errs.count, errs.count == 1 ? "" : "s");
		return 1;
	}
	if (print)
		ad_config_print(out, &cfg);
	return 0;
}
