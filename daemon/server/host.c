/* host.c - the host's own accounts (see host.h). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "policy/access.h"
#include "server/host.h"
#include "server/log.h"

int ad_host_group_gid(const char *path, const char *name, uint32_t *gid)
{
	struct group gr, *res;
	char buf[16384];
	FILE *f = fopen(path, "re");
	int rc = 1;

	if (f == NULL)
		return -1;
	while (fgetgrent_r(f, &gr, buf, sizeof(buf), &res) == 0)
		if (strcmp(gr.gr_name, name) == 0) {
			*gid = (uint32_t)gr.gr_gid;
			rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

int ad_host_user_name(const char *path, uint32_t uid, char *out, size_t size)
{
	struct passwd pw, *res;
	char buf[4096];
	FILE *f = fopen(path, "re");
	int rc = 1;

	if (f == NULL)
		return -1;
	while (fgetpwent_r(f, &pw, buf, sizeof(buf), &res) == 0)
		if (pw.pw_uid == uid) {
			snprintf(out, size, "%s", pw.pw_name);
			rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

static uint32_t resolve(const char *path, const char *key, const char *name)
{
	uint32_t gid;
	int rc;

	if (name[0] == '\0')
		return AD_NO_GID;
	rc = ad_host_group_gid(path, name, &gid);
	if (rc == 0)
		return gid;
	if (rc < 0)
		ad_log(LOG_ERR, "%s '%s': cannot read %s: %s", key, name, path,
		       strerror(errno));
	else
		ad_log(LOG_WARNING,
		       "%s '%s' is not a group in %s: nobody is "
		       "in it",
		       key, name, path);
	return AD_NO_GID;
}

void ad_host_resolve_groups(struct ad_config *cfg, const char *group_path)
{
	cfg->operator_gid =
		resolve(group_path, "operator_group", cfg->operator_group);
	cfg->support_gid =
		resolve(group_path, "support_group", cfg->support_group);
}

/* The peer's supplementary groups: into small, or a malloc'd list when
 * it has more (NULL, *n = 0 when the kernel will not say). */
static gid_t *peer_groups(int fd, gid_t *small, size_t nsmall, size_t *n)
{
	socklen_t len = (socklen_t)(nsmall * sizeof(gid_t));
	gid_t *list = small;

	*n = 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, small, &len) < 0) {
		if (errno != ERANGE || len == 0)
			return NULL;
		list = malloc(len);
		if (list == NULL ||
		    getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, list, &len) < 0) {
			free(list);
			return NULL;
		}
	}
	*n = len / sizeof(gid_t);
	return list;
}

unsigned ad_host_peer_platform(int fd, gid_t gid, const struct ad_config *cfg)
{
	gid_t small[64], *list;
	unsigned bits = 0;
	size_t n;

	if (cfg->operator_gid == AD_NO_GID && cfg->support_gid == AD_NO_GID)
		return 0;
	list = peer_groups(fd, small, sizeof(small) / sizeof(small[0]), &n);
	for (size_t i = 0; i <= n; i++) {
		uint32_t g = (uint32_t)(i < n ? list[i] : gid);

		if (g == cfg->operator_gid)
			bits |= AD_PLATFORM_OPERATOR;
		if (g == cfg->support_gid)
			bits |= AD_PLATFORM_SUPPORT;
	}
	if (list != small)
		free(list);
	return bits;
}
