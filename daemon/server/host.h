/*
 * host.h - the host's own accounts (/etc/passwd, /etc/group), read from
 * the files directly and never through NSS: the daemon asking NSS could
 * end up asking itself.  Used to find the platform groups of the
 * configuration and to name the people in them.
 */
#ifndef AD_HOST_H
#define AD_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "server/config.h"

#define AD_HOST_PASSWD "/etc/passwd"
#define AD_HOST_GROUP "/etc/group"

/* The gid of group name in the group file at path: 0, 1 when there is no
 * such group, -1 when the file cannot be read (errno). */
int ad_host_group_gid(const char *path, const char *name, uint32_t *gid);

/* The login of uid in the passwd file at path into buf: 0, 1 when no
 * entry has it, -1 when the file cannot be read. */
int ad_host_user_name(const char *path, uint32_t uid, char *buf, size_t size);

/*
 * Resolve cfg's operator_group and support_group to gids (AD_NO_GID when
 * unset or missing: then only root operates), logging what is missing.
 */
void ad_host_resolve_groups(struct ad_config *cfg, const char *group_path);

/*
 * Is the peer of the connected socket fd, whose primary gid is gid, in
 * cfg's operator group or support group?  AD_PLATFORM_* bits, from the
 * groups the kernel records for it (SO_PEERGROUPS): what it was given at
 * login, not what the group file says now.  0 when it cannot tell.
 */
unsigned ad_host_peer_platform(int fd, gid_t gid, const struct ad_config *cfg);

#endif
