/* restore.c - accountsd --restore: the command around ad_store_restore. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct_names.h"
#include "server/restore.h"
#include "store/store.h"

/* One id of --id-floor: a valid uid or gid number, ended by stop. */
static int parse_id(const char *s, char stop, uint32_t *id, const char **end)
{
	unsigned long v;
	char *e;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &e, 10);
	if (errno != 0 || *e != stop || !acct_valid_id(v))
		return -1;
	*id = (uint32_t)v;
	*end = e;
	return 0;
}

/* "UID" or "UID:GID" (the gid floor is the uid's when not given). */
static int parse_floor(const char *s, struct ad_restore_floor *f)
{
	const char *end;

	if (strchr(s, ':') == NULL)
		return parse_id(s, '\0', &f->uid, &end) < 0 ? -1 : 0;
	if (parse_id(s, ':', &f->uid, &end) < 0)
		return -1;
	return parse_id(end + 1, '\0', &f->gid, &end) < 0 ? -1 : 0;
}

int ad_restore_main(const char *file, const char *state_dir,
		    const char *id_floor)
{
	struct ad_restore_floor floor = {0, 0};
	struct ad_restore_info info;
	char err[1024];

	if (id_floor != NULL && parse_floor(id_floor, &floor) < 0) {
		fprintf(stderr,
			"accountsd: --id-floor: '%s' is not UID or UID:GID "
			"(valid ids)\n",
			id_floor);
		return 2;
	}
	if (id_floor != NULL && strchr(id_floor, ':') == NULL)
		floor.gid = floor.uid;
	if (ad_store_restore(file, state_dir, &floor, &info, err, sizeof(err)) <
	    0) {
		fprintf(stderr, "accountsd: restore refused: %s\n", err);
		return 1;
	}
	printf("restored %s into %s (schema %u)\n", file, state_dir,
	       info.schema);
	if (info.kept_before)
		printf("the previous data is kept as "
		       "%s/data.mdb.before-restore\n",
		       state_dir);
	printf("ids handed out from now on: uid %u and up, gid %u and up "
	       "(never one handed out before)\n",
	       info.next_uid, info.next_gid);
	return 0;
}
