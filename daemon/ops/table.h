/*
 * ops.h - the table of operations: one row per opcode with its name (for
 * logs and audit records), its handler and its rate class (the per-caller
 * bucket a non-root caller spends).  The dispatcher reads it; nothing
 * else repeats it.
 */
#ifndef AD_OPS_H
#define AD_OPS_H

#include <stdint.h>

#include "server/config.h"
#include "ops/handlers.h"

struct ad_op {
	const char *name; /* "user-create"; NULL: not an opcode of ours */
	ad_handler_fn handler;
	enum ad_rate_class rate;
};

/* The row of opcode, or NULL when it is not ours. */
const struct ad_op *ad_op_find(uint16_t opcode);

#endif
