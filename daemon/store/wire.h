/*
 * wire.h - each record's wire form (acct_proto.h), written in one place:
 * the replies of lookups and of management requests, and later the
 * memory-mapped NSS cache, encode records only through these.  Pure: a
 * record in, fields out (a full buffer shows in b->err).
 */
#ifndef AD_STORE_WIRE_H
#define AD_STORE_WIRE_H

#include "acct_codec.h"
#include "store/records.h"

/* PASSWD: NAME UID GID GECOS HOME SHELL. */
void ad_wire_passwd(struct acct_buf *b, const struct ad_user *u);

/* The NSS GROUP entry's own fields (NAME GID), inside a GROUP rec the
 * caller opened, before or after its MEMBERs. */
void ad_wire_group_entry(struct acct_buf *b, const struct ad_group *g);

/* One MEMBER of a GROUP rec. */
int ad_wire_member(struct acct_buf *b, const char *login, size_t len);

/* The management GROUP rec's fields (NAME GID TENANT TENANT_GID KIND),
 * inside a GROUP rec the caller opened. */
void ad_wire_group_fields(struct acct_buf *b, const struct ad_group *g);
/* ... the whole GROUP rec, without members. */
int ad_wire_group(struct acct_buf *b, const struct ad_group *g);

/* ROLE rec: a custom role, or a built-in one (builtin: its tenant is
 * every tenant, and it says BUILTIN). */
int ad_wire_role(struct acct_buf *b, const struct ad_role *r, bool builtin);

/* USER rec (no password hash: it never leaves the daemon). */
int ad_wire_user(struct acct_buf *b, const struct ad_user *u);
/* ... with USER_STATE, the word the policy chose (NULL: none). */
int ad_wire_user_state(struct acct_buf *b, const struct ad_user *u,
		       const char *state);

/* TENANT_REC. */
int ad_wire_tenant(struct acct_buf *b, const struct ad_tenant *t);

/* SESSION rec. */
int ad_wire_session(struct acct_buf *b, const struct ad_session *s);

/* A TENANT rec's subscription fields: PLAN SUB_STATUS [TRIAL_ENDS]
 * [PERIOD_ENDS] (nothing for a tenant without a plan). */
void ad_wire_subscription(struct acct_buf *b, const struct ad_subscription *s);

/* PLAN_REC (PLAN_TENANTS when tenants is set: PLAN_SHOW). */
int ad_wire_plan(struct acct_buf *b, const struct ad_plan *p, bool tenants);

/* One BUDGET rec. */
int ad_wire_budget(struct acct_buf *b, const struct ad_budget_line *l);

#endif
