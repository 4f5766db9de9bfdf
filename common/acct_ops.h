/*
 * acct_ops.h - the name of every opcode (acct_proto.h), in one place: the
 * daemon's logs, audit records and messages, the PAM module's debug lines
 * and the test daemons all use these.
 */
#ifndef ACCT_OPS_H
#define ACCT_OPS_H

#include <stdbool.h>
#include <stdint.h>

/* "user-create" for ACCT_OP_USER_CREATE; NULL for a number that is not an
 * opcode. */
const char *acct_op_name(uint16_t opcode);

/* Does a request of opcode carry a descriptor (BACKUP, EXPORT)?  The
 * daemon refuses one on any other request. */
bool acct_op_takes_fd(uint16_t opcode);

#endif
