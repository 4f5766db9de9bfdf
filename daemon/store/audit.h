/*
 * audit.h - the audit records: one per audited request, kept in the
 * store's "audit" database under a u64 sequence number, and chained so
 * that tampering shows.
 *
 * Each record is an ACCT_T_AUDIT-style field list: TIME ACTOR ACTION
 * TARGET [TENANT] RESULT [REASON] [MESSAGE] [PAM_RESULT] [PID] [COUNT
 * FIRST_SEEN LAST_SEEN], then PREV_HASH
 * (the HASH of the record before; zeros for the first) and HASH =
 * BLAKE2b-256(PREV_HASH || sequence as u64 BE || the fields before
 * PREV_HASH).  Changing, removing or reordering a record breaks the chain
 * from there on; cutting records off the end is only seen against a
 * sequence number kept elsewhere (the audit log issue's job).
 */
#ifndef AD_AUDIT_H
#define AD_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define AD_AUDIT_HASH_LEN 32

/* What happened.  Strings may be NULL (left out; actor, action and target
 * are written as "" then). */
struct ad_audit_event {
	const char *actor;   /* "uid 0" */
	const char *action;  /* "tenant-suspend": ad_op_label of the request */
	const char *target;  /* a slug or login */
	const char *tenant;  /* the slug of the tenant concerned */
	uint32_t result;     /* enum acct_status of the request */
	const char *reason;  /* the reason the actor gave */
	const char *message; /* why it was refused */
	uint32_t pam_result; /* enum acct_pam_result; 0 (OK): left out */
	uint32_t pid;	     /* the caller's process; 0: left out */
};

/* One record standing for count identical events seen between first_seen
 * and last_seen (refusal.h); count 0: just the one. */
struct ad_audit_repeated {
	struct ad_audit_event ev;
	uint32_t count;
	uint64_t first_seen, last_seen;
};

struct st_wtx;

/* Append inside an open write transaction, so that a change and its
 * record commit (or vanish) together.  Returns an acct_status. */
int ad_audit_append_in(struct st_wtx *w, const struct ad_audit_event *ev);

/* The same for a coalesced record (count > 0). */
int ad_audit_append_repeated_in(struct st_wtx *w,
				const struct ad_audit_repeated *r);

/* Append in a write transaction of its own (refusals: the change's
 * transaction was aborted).  Returns an acct_status. */
int ad_audit_append(struct ad_store *st, const struct ad_audit_event *ev,
		    struct ad_err *err);

/* Append n records in one write transaction: all or none. */
int ad_audit_append_repeated(struct ad_store *st,
			     const struct ad_audit_repeated *r, size_t n,
			     struct ad_err *err);

/*
 * Walk the chain from the first record: sequence numbers 1, 2, 3...,
 * each PREV_HASH the HASH before it, each HASH recomputed.  *count gets
 * the records checked.  ACCT_ST_OK when the chain is whole; otherwise
 * ACCT_ST_INTERNAL with the first broken record named in err.
 */
int ad_audit_verify(struct ad_store *st, uint64_t *count, struct ad_err *err);

/* Each record in sequence order: fn(arg, seq, rec, len) with rec the
 * stored field list; fn returns 0 to go on, 1 to stop, -1 to fail. */
typedef int (*ad_audit_fn)(void *arg, uint64_t seq, const void *rec,
			   size_t len);
int ad_audit_walk(struct ad_store *st, ad_audit_fn fn, void *arg,
		  struct ad_err *err);

#endif
