/*
 * audit.h - the one path of a request's audit record.
 *
 * The dispatcher drafts the record from the operation's row and the
 * request (actor, action, the NAME it acts on, TENANT, STATUS_REASON, the
 * caller's uid and pid); a handler may only add what the request does not say
 * (the tenant of a user, the target of a session id).  For an operation
 * audited AD_AUDIT_CHANGES the record of a success commits with the
 * change (ad_store_audit_next), and one with no store write of its own is
 * written after it; a refusal is written through the coalescer
 * (ops/refusal.h).  Nothing else writes a request's record.
 */
#ifndef AD_OPS_AUDIT_H
#define AD_OPS_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acct_proto.h"
#include "store/audit.h"

struct ad_ctx;
struct ad_peer;
struct ad_caller;
struct ad_request;

/* How an operation is audited: a column of the table of operations. */
enum ad_audit_how {
	AD_AUDIT_NONE = 1, /* lookups and reads: only a caller the policy
			      refuses is recorded */
	AD_AUDIT_CHANGES,  /* every outcome: a success with its change, in
			      the same transaction; a refusal on its own
			      (coalesced: ops/refusal.h) */
	AD_AUDIT_REFUSALS, /* PAM: refusals only, the verdicts the handler
			      reports (ad_audit_refusal) and callers
			      refused; a success is not recorded, a wrong
			      password is, with its count (lockout.h) */
};

struct ad_audit_draft {
	struct ad_audit_event ev; /* its strings point below */
	enum ad_audit_how how;
	bool refused; /* a verdict refusal in an OK reply */
	/* the handler's decision wrote the request's record itself (a
	 * wrong password's, in the transaction that counts it: lockout.h);
	 * the outcome adds none */
	bool recorded;
	char actor[AD_MAX_ACTOR + 1];
	char action[32];
	char target[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	char reason[AD_MAX_TEXT + 1];
	char message[AD_MSG_MAX];
};

/* Draft the record of a request (payload already validated): the
 * actor as c names it, and the uid of the process that asked (peer's,
 * which for a token or key is not its user's). */
void ad_audit_draft(struct ad_audit_draft *d, enum ad_audit_how how,
		    const char *action, const struct ad_caller *c,
		    const struct ad_peer *peer, const uint8_t *payload,
		    size_t len);

/* Who made request rq, for a store call that records it itself
 * (sessions): the caller's actor and the peer's uid, as a draft has them.
 * Points into rq. */
struct ad_audit_who ad_audit_who_of(const struct ad_request *rq,
				    const struct ad_peer *peer);

/* After a struct copy (a request that answers later keeps its draft):
 * point ev at this copy's strings. */
void ad_audit_draft_moved(struct ad_audit_draft *d);

/* What the request did not say: the tenant concerned, the target and a
 * word on what it was (NULL: unchanged). */
void ad_audit_note(struct ad_audit_draft *d, const char *target,
		   const char *tenant, const char *message);

/* A refusal that answers OK on the wire (a PAM verdict res, with the
 * user's tenant, where the request came from and the line the user was
 * told): recorded as a refusal when the request ends.  d may be NULL (a
 * request that is not audited). */
void ad_audit_refusal(struct ad_audit_draft *d, uint32_t res,
		      const char *target, const char *tenant, const char *where,
		      const char *message);

/* The request's outcome: status rc and, for a failure, its message.
 * Written: a CHANGES success (with its change, or now), a verdict
 * refusal, and a failure (for REFUSALS rows only DENIED: a caller
 * refused); never BUSY, where nothing was asked. */
void ad_audit_outcome(struct ad_ctx *ctx, const struct ad_peer *peer,
		      struct ad_audit_draft *d, int rc, const char *msg);

#endif
