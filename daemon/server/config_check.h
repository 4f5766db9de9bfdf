/* config_check.h - accountsd --check-config and --print-config. */
#ifndef AD_CONFIG_CHECK_H
#define AD_CONFIG_CHECK_H

#include <stdio.h>

/*
 * Read path and its drop-ins over the defaults (required: path must
 * exist).  Every error goes to err as "accountsd: FILE:LINE: what", then
 * one line with their count; nothing is said of a good configuration,
 * unless print: then every setting goes to out (ad_config_print).
 * Returns the exit status: 0 good, 1 not.
 */
int ad_config_check(const char *path, int required, int print, FILE *out,
		    FILE *err);

#endif
