/* status.h - what STATUS shows a caller. */
#ifndef AD_POLICY_STATUS_H
#define AD_POLICY_STATUS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * STATUS is public (a health check needs no identity), but where the
 * configuration and the database live is for those who run the host:
 * root, platform operators and support (platform: AD_PLATFORM_* bits).
 */
bool ad_policy_status_shows_paths(uint32_t uid, unsigned platform);

#endif
