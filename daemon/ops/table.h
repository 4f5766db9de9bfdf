/*
 * table.h - the table of operations: one row per opcode saying what
 * handles it, who may call it and what about, how often a caller other
 * than root may, and how it is audited.  The dispatcher alone reads it; the names are
 * the protocol's (acct_op_name).  Every column is required: zero is no
 * value, and check_dispatch fails on a row that leaves one out.
 */
#ifndef AD_OPS_TABLE_H
#define AD_OPS_TABLE_H

#include <stdint.h>

#include "ops/handlers.h"
#include "ops/target.h"
#include "policy/access.h"
#include "server/config.h"

struct ad_op {
	ad_handler_fn handler;	   /* NULL: not an opcode of ours */
	enum ad_access access;	   /* who may (policy/permission.h) */
	enum ad_target_ref target; /* what it is about (ops/target.h) */
	enum ad_rate_class rate;   /* the bucket a caller other than root
				    spends (policy/rate.h) */
	enum ad_audit_how audit;
};

/* The row of opcode, or NULL when it is not ours. */
const struct ad_op *ad_op_find(uint16_t opcode);

#endif
