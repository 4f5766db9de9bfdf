/*
 * audit.h - the audit records: one per audited request, kept in the
 * store's "audit" database under a u64 sequence number, and chained so
 * that tampering shows.
 *
 * Each record is an ACCT_T_AUDIT-style field list: TIME ACTOR [ACTOR_UID]
 * ACTION TARGET [TENANT] RESULT [REASON] [MESSAGE] [PAM_RESULT] [PID]
 * [COUNT FIRST_SEEN LAST_SEEN], then PREV_HASH
 * (the HASH of the record before; zeros for the first) and HASH =
 * BLAKE2b-256(PREV_HASH || sequence as u64 BE || the fields before
 * PREV_HASH).  Changing, removing or reordering a record breaks the chain
 * from there on.  The hash covers the body's bytes as written, so a
 * field a record lacks (ACTOR_UID, before it existed) is simply not in
 * them: old records verify as they always did, and a new record's uid
 * cannot be changed, added or removed without breaking the chain.
 * Cutting records off the end is only seen against a
 * sequence number kept elsewhere: each record's line in syslog (the sink
 * below, ops/audit_syslog.h) carries it, and AUDIT_VERIFY names the last
 * sequence number and hash it found.
 */
#ifndef AD_AUDIT_H
#define AD_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define AD_AUDIT_HASH_LEN 32
/* The most a stored record may take: a few short strings, two hashes. */
#define AD_AUDIT_REC_MAX (16u * 1024u)

/* What happened.  Strings may be NULL (left out; actor, action and target
 * are written as "" then).  Build it with designated initializers, so
 * that a field added here never shifts the others. */
struct ad_audit_event {
	const char *actor; /* "uid 0" */
	/* the uid (SO_PEERCRED) of the process whose request this is, the
	 * one actor names; has_uid false: no process asked (the daemon's
	 * own doings, actor "accountsd"), ACTOR_UID left out */
	bool has_uid;
	uint32_t uid;
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

/* More records a request's own decisions make (plans: the budget events
 * its change crosses), to commit with the change: the next write
 * transaction to commit calls fn(arg, w) after the request's record, and
 * the hook is then spent; fn returns an acct_status (not OK: the change
 * fails with it).  The caller clears it (fn NULL) once its store call has
 * returned, so that a change that failed leaves nothing for the next. */
typedef int (*ad_audit_also_fn)(void *arg, struct st_wtx *w);
void ad_store_audit_also(struct ad_store *st, ad_audit_also_fn fn, void *arg);

/* Append in a write transaction of its own (refusals: the change's
 * transaction was aborted).  Returns an acct_status. */
int ad_audit_append(struct ad_store *st, const struct ad_audit_event *ev,
		    struct ad_err *err);

/* Append n records in one write transaction: all or none. */
int ad_audit_append_repeated(struct ad_store *st,
			     const struct ad_audit_repeated *r, size_t n,
			     struct ad_err *err);

/* What a walk of the chain found (ad_audit_check). */
struct ad_audit_check {
	uint64_t intact;		 /* records found whole, from 1 */
	uint8_t last[AD_AUDIT_HASH_LEN]; /* the HASH of record `intact` */
	uint64_t broken;		 /* the first bad one; 0: none */
	const char *why;		 /* what is wrong with it */
};

/*
 * Walk the chain from the first record: sequence numbers 1, 2, 3...,
 * each PREV_HASH the HASH before it, each HASH recomputed, into out.
 * Returns ACCT_ST_OK when the walk ran (the verdict is out->broken), or
 * the store's failure.  Safe on any thread (a worker): it reads in a
 * transaction of its own and touches nothing else of the store but its
 * environment, so a long walk does not hold up the loop; the store must
 * stay open until it returns.
 */
int ad_audit_check(struct ad_store *st, struct ad_audit_check *out,
		   struct ad_err *err);

/* ad_audit_check's verdict in one call: ACCT_ST_OK when the chain is
 * whole; otherwise ACCT_ST_INTERNAL with the first broken record named
 * in err ("audit record 2 was changed after it was written (the 1 before
 * it are intact)").  *count (may be NULL) gets the records found whole. */
int ad_audit_verify(struct ad_store *st, uint64_t *count, struct ad_err *err);
/* That message for a broken chain, into err (returns ACCT_ST_INTERNAL). */
int ad_audit_broken_msg(const struct ad_audit_check *c, struct ad_err *err);

/* Each record in sequence order: fn(arg, seq, rec, len) with rec the
 * stored field list; fn returns 0 to go on, 1 to stop, -1 to fail. */
typedef int (*ad_audit_fn)(void *arg, uint64_t seq, const void *rec,
			   size_t len);
int ad_audit_walk(struct ad_store *st, ad_audit_fn fn, void *arg,
		  struct ad_err *err);

/* ---- reading a record ---- */

/* A stored record's fields, pointing into it (absent strings: p NULL;
 * absent numbers: 0). */
struct ad_audit_view {
	uint64_t time;
	struct ad_str actor, action, target, tenant, reason, message;
	uint32_t result, pam_result, pid;
	bool has_uid; /* ACTOR_UID was there (records before it: not) */
	uint32_t uid;
	uint32_t count; /* a coalesced record (refusal.h): 0 for one event */
	uint64_t first_seen, last_seen;
	size_t body_len; /* the bytes before PREV_HASH: what AUDIT_LIST sends */
};

/* Read rec (a stored record, hashes included).  0, or -1 when it is not
 * one (fields malformed, TIME ACTOR ACTION TARGET or RESULT missing, no
 * hashes at the end). */
int ad_audit_view(const void *rec, size_t len, struct ad_audit_view *v);

/*
 * The sink: fn(arg, seq, rec, len) for every audit record a write
 * transaction made durable, right after its commit and in sequence order
 * (on the loop thread, where every write runs); never for a transaction
 * that was aborted.  rec is the stored record (ad_audit_view reads it).
 * The store only hands records on (main.c sends them to syslog); fn must
 * not call back into the store.  NULL: none.
 */
typedef void (*ad_audit_sink_fn)(void *arg, uint64_t seq, const void *rec,
				 size_t len);
void ad_audit_set_sink(struct ad_store *st, ad_audit_sink_fn fn, void *arg);

/* ---- listing (store/audit_list.c) ---- */

/* Which records AUDIT_LIST wants (absent strings: any). */
struct ad_audit_query {
	struct ad_str tenant, actor, action; /* exact matches */
	uint64_t since, until; /* [since, until); until 0: no end */
	uint64_t before;       /* sequence numbers below this; 0: all */
	uint32_t limit;	       /* records at most (1..ACCT_ENUM_BATCH) */
	uint32_t examine;      /* records read at most (>= 1) */
};

/* Where a page ended: read it as acct_proto.h's MORE and BEFORE. */
struct ad_audit_page {
	uint32_t sent;	 /* AUDIT recs written to out */
	uint64_t lowest; /* the lowest sequence number read (0: none) */
	bool more;	 /* records below lowest remain unread */
};

/*
 * The records of q, newest first, each as an AUDIT rec (SEQ, then the
 * stored fields without the hashes) appended to out, in one read
 * transaction.  A record that cannot be read is sent as SEQ alone and
 * matches no filter.  Returns ACCT_ST_OK, the store's failure, or
 * ACCT_ST_TOOBIG when out is full.
 */
int ad_store_audit_list(struct ad_store *st, const struct ad_audit_query *q,
			struct acct_buf *out, struct ad_audit_page *pg,
			struct ad_err *err);

#endif
