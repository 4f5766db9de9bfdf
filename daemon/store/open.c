/*
 * open.c - ad_store_open: the environment (env.c), then what a store an
 * older accountsd wrote needs before the first request (its email index
 * made again: email.c; the id mark: idmark.c).  Apart from env.c so that env.c, which every
 * other store file calls, calls none of them.
 */
#include <stdio.h>

#include "store/priv.h"

int ad_store_open(struct ad_store **out, const char *dir, uint64_t map_size,
		  const struct ad_config *cfg, char *err, size_t errlen)
{
	struct ad_err why = {ACCT_ST_OK, ""};
	struct ad_store *st;

	*out = NULL;
	st = st_env_open(dir, map_size, cfg, err, errlen);
	if (st == NULL)
		return -1;
	if (st_idmark_open(st, dir, err, errlen) < 0) {
		ad_store_close(st);
		return -1;
	}
	if (st_email_index_open(st, &why) != ACCT_ST_OK) {
		snprintf(err, errlen, "%s: email index: %s", dir, why.msg);
		ad_store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}
