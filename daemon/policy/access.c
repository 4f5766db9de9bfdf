/*
 * policy.c - who may send which request.  For now the platform operator
 * is uid 0; the operator group and per-tenant roles come later, here.
 */
#include "server/ctx.h"
#include "policy/access.h"

static bool is_management(uint16_t opcode)
{
	return opcode >= AD_OP_FIRST_MANAGEMENT;
}

static bool is_platform_operator(const struct ad_peer *peer)
{
	return peer != NULL && peer->uid == 0;
}

bool ad_policy_may_call(const struct ad_peer *peer, uint16_t opcode)
{
	/* name lookups are public, like /etc/passwd */
	if (!is_management(opcode))
		return true;
	return is_platform_operator(peer);
}

const char *ad_policy_denial(uint16_t opcode)
{
	(void)opcode;
	return AD_POLICY_DENIED_MANAGE;
}
