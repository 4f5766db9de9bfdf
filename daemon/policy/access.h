/*
 * policy.h - who may send which request.  One pure function, so every
 * path asks the same question and later issues (operator group, support,
 * tenant admins, API keys) extend it in one place.
 */
#ifndef AD_POLICY_H
#define AD_POLICY_H

#include <stdbool.h>
#include <stdint.h>

struct ad_peer;

/* Opcodes from here on change or reveal the directory's management data. */
#define AD_OP_FIRST_MANAGEMENT 100

#define AD_POLICY_DENIED_MANAGE                                                \
	"only the platform operator (root) may manage the directory"

/* Lookups are public; management needs the platform operator (uid 0). */
bool ad_policy_may_call(const struct ad_peer *peer, uint16_t opcode);

/* The one line a denied caller gets for opcode. */
const char *ad_policy_denial(uint16_t opcode);

#endif
