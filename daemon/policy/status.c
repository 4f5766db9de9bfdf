/* status.c - what STATUS shows a caller (see status.h). */
#include "policy/access.h"
#include "policy/status.h"

bool ad_policy_status_shows_paths(uint32_t uid, unsigned platform)
{
	return uid == 0 ||
	       (platform & (AD_PLATFORM_OPERATOR | AD_PLATFORM_SUPPORT)) != 0;
}
