/*
 * handlers.h - one function per opcode, called by ad_dispatch once the
 * opcode is known, the caller allowed and the payload well-formed.  A
 * handler writes its reply into reply and returns a status; on failure it
 * leaves one line in err (dispatch puts it into the reply).
 */
#ifndef AD_HANDLERS_H
#define AD_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acct_codec.h"
#include "ops/audit.h"
#include "policy/access.h"
#include "server/ctx.h"
#include "store/store.h"
#include "store/wire.h"

struct ad_op;

/* One request, as the dispatcher hands it to a handler. */
struct ad_request {
	uint16_t opcode;
	const uint8_t *payload;
	size_t len;
	const struct ad_op *op; /* its row in the table (ops/table.h) */
	struct ad_caller caller;
	struct ad_apikey key; /* caller.api_key: the key it acts with */
	struct ad_peer peer;  /* the connection's, naming the caller */
	/* the tenant of what it names, when that exists ("": none, or not
	 * known yet): read for the permission check */
	char target_tenant[ACCT_MAX_SLUG + 1];
	/* its audit record, drafted from the row (ops/audit.h); the handler
	 * may name the tenant concerned.  NULL: not audited. */
	struct ad_audit_draft *audit;
};

typedef int (*ad_handler_fn)(struct ad_ctx *ctx, const struct ad_peer *peer,
			     const struct ad_request *rq,
			     struct acct_buf *reply, struct ad_err *err);

#define AD_HANDLER(name)                                                       \
	int name(struct ad_ctx *ctx, const struct ad_peer *peer,               \
		 const struct ad_request *rq, struct acct_buf *reply,          \
		 struct ad_err *err)

/* ops/status.c */
AD_HANDLER(ad_handle_ping);
AD_HANDLER(ad_handle_status);
/* ops/lookup.c: what the NSS lookup handlers share.  Each reads the
 * request's one key (NAME, a number under tag, or CURSOR and LIMIT) and
 * lets the store encode the answer into reply, under the rules of what
 * lookups hide and what the caller sees (policy/lookup.h). */
typedef int (*ad_name_lookup_fn)(struct ad_store *st,
				 const struct ad_lookup_rules *rules,
				 const char *name, size_t len,
				 struct acct_buf *out);
typedef int (*ad_id_lookup_fn)(struct ad_store *st,
			       const struct ad_lookup_rules *rules, uint32_t id,
			       struct acct_buf *out);
typedef int (*ad_enum_lookup_fn)(struct ad_store *st,
				 const struct ad_lookup_rules *rules,
				 uint32_t after, uint32_t limit,
				 struct acct_buf *out);
int ad_lookup_by_name(struct ad_ctx *ctx, const struct ad_request *rq,
		      ad_name_lookup_fn fn, struct acct_buf *reply,
		      struct ad_err *err);
int ad_lookup_by_id(struct ad_ctx *ctx, const struct ad_request *rq,
		    uint16_t tag, ad_id_lookup_fn fn, struct acct_buf *reply,
		    struct ad_err *err);
int ad_lookup_enum(struct ad_ctx *ctx, const struct ad_request *rq,
		   ad_enum_lookup_fn fn, struct acct_buf *reply,
		   struct ad_err *err);
/* ops/lookup_passwd.c */
AD_HANDLER(ad_handle_pw_byname);
AD_HANDLER(ad_handle_pw_byuid);
AD_HANDLER(ad_handle_pw_enum);
/* ops/lookup_group.c */
AD_HANDLER(ad_handle_gr_byname);
AD_HANDLER(ad_handle_gr_bygid);
AD_HANDLER(ad_handle_gr_enum);
AD_HANDLER(ad_handle_initgroups);
/* ops/tenant.c */
AD_HANDLER(ad_handle_tenant_create);
AD_HANDLER(ad_handle_tenant_list);
AD_HANDLER(ad_handle_tenant_show);
AD_HANDLER(ad_handle_tenant_update);
/* ops/user.c */
AD_HANDLER(ad_handle_user_create);
AD_HANDLER(ad_handle_user_list);
AD_HANDLER(ad_handle_user_show);
AD_HANDLER(ad_handle_user_update);
AD_HANDLER(ad_handle_user_delete);
AD_HANDLER(ad_handle_user_import);
/* The user a USER_CREATE (tenant_required: TENANT, or the caller's own
 * tenant) or USER_UPDATE request gives, read into s: its fields checked
 * as far as the request can be (a timezone in the tz database, ROLE_NAME
 * a role of the tenant), NAME required. */
struct ad_user_spec;
int ad_user_spec_read(struct ad_ctx *ctx, const struct ad_request *rq,
		      bool tenant_required, struct ad_user_spec *s,
		      struct ad_err *err);
/* ops/lifecycle.c */
AD_HANDLER(ad_handle_tenant_suspend);
AD_HANDLER(ad_handle_tenant_reactivate);
AD_HANDLER(ad_handle_tenant_deprovision);
AD_HANDLER(ad_handle_tenant_finalize);
AD_HANDLER(ad_handle_user_disable);
AD_HANDLER(ad_handle_user_enable);
/* After a user was disabled (committed): end its live sessions and
 * processes (and whatever else a disable takes away). */
void ad_lifecycle_on_disable(struct ad_ctx *ctx, const struct ad_user *u);
/* ops/tenant_admin.c */
AD_HANDLER(ad_handle_tenant_signup);
AD_HANDLER(ad_handle_tenant_rename);
AD_HANDLER(ad_handle_tenant_purge);
/* ops/deactivate.c */
AD_HANDLER(ad_handle_user_deactivate);
AD_HANDLER(ad_handle_user_reactivate);
/* ops/pam_account.c */
AD_HANDLER(ad_handle_acct_mgmt);
/* "service sshd, rhost 192.0.2.1, tty pts/0": where a PAM request came
 * from, for its audit records. */
void ad_describe_pam_request(const struct ad_request *rq, char *buf,
			     size_t size);
/* ops/pam_auth.c: replies later (AD_DISPATCH_PENDING) */
AD_HANDLER(ad_handle_user_passwd);
AD_HANDLER(ad_handle_auth);
/* ops/pam_password.c, ops/lifecycle.c (lockout.h) */
AD_HANDLER(ad_handle_chauthtok);
AD_HANDLER(ad_handle_user_unlock);
/* ops/session.c */
AD_HANDLER(ad_handle_session_open);
AD_HANDLER(ad_handle_session_close);
AD_HANDLER(ad_handle_session_list);
AD_HANDLER(ad_handle_session_revoke);
/* ops/role.c */
AD_HANDLER(ad_handle_role_list);
AD_HANDLER(ad_handle_role_show);
AD_HANDLER(ad_handle_role_create);
AD_HANDLER(ad_handle_role_delete);
AD_HANDLER(ad_handle_role_grant);
AD_HANDLER(ad_handle_role_revoke);
/* ops/reset.c, ops/reset_password.c (replies later) */
AD_HANDLER(ad_handle_user_reset);
AD_HANDLER(ad_handle_reset);
/* ops/group.c */
AD_HANDLER(ad_handle_group_create);
AD_HANDLER(ad_handle_group_list);
AD_HANDLER(ad_handle_group_show);
AD_HANDLER(ad_handle_group_add_member);
AD_HANDLER(ad_handle_group_remove_member);
AD_HANDLER(ad_handle_group_delete);
/* ops/audit_list.c, ops/audit_verify.c (replies later) */
AD_HANDLER(ad_handle_audit_list);
AD_HANDLER(ad_handle_audit_verify);

/* ops/me.c, ops/me_password.c: self-service (AD_ACCESS_SELF), on the
 * caller's own user */
AD_HANDLER(ad_handle_me_show);
AD_HANDLER(ad_handle_me_profile);
AD_HANDLER(ad_handle_me_password);
AD_HANDLER(ad_handle_me_disable);
/* ops/invite.c: invitations (INVITE_ACCEPT replies later) */
AD_HANDLER(ad_handle_user_invite);
AD_HANDLER(ad_handle_invite_accept);
/* ops/me_email.c: email change and verification (ME_EMAIL replies
 * later) */
AD_HANDLER(ad_handle_me_email);
AD_HANDLER(ad_handle_me_email_verify);

/* ops/signin_login.c (replies later), ops/signin_refresh.c: sign-in
 * tokens (ops/signin.h) */
AD_HANDLER(ad_handle_login);
AD_HANDLER(ad_handle_refresh);
AD_HANDLER(ad_handle_logout);

/* ops/sshkey.c: SSH public keys, and the ones sshd may accept now */
AD_HANDLER(ad_handle_ssh_key_add);
AD_HANDLER(ad_handle_ssh_key_list);
AD_HANDLER(ad_handle_ssh_key_remove);
AD_HANDLER(ad_handle_ssh_keys_authorized);
/* ops/plan.c, ops/subscription.c, ops/budget.c: plans, subscriptions and
 * budgets (issue 9) */
AD_HANDLER(ad_handle_plan_create);
AD_HANDLER(ad_handle_plan_list);
AD_HANDLER(ad_handle_plan_show);
AD_HANDLER(ad_handle_plan_update);
AD_HANDLER(ad_handle_plan_delete);
AD_HANDLER(ad_handle_tenant_plan);
AD_HANDLER(ad_handle_tenant_subscribe);
AD_HANDLER(ad_handle_tenant_cancel);
AD_HANDLER(ad_handle_budget_set);
AD_HANDLER(ad_handle_budget_show);
/* ops/apikey.c, ops/usage.c: API keys and usage (issue 9) */
AD_HANDLER(ad_handle_key_issue);
AD_HANDLER(ad_handle_key_list);
AD_HANDLER(ad_handle_key_list_tenant);
AD_HANDLER(ad_handle_key_revoke);
AD_HANDLER(ad_handle_key_usage);
AD_HANDLER(ad_handle_tenant_usage);
AD_HANDLER(ad_handle_usage_record);

/* ops/backup.c: a copy of the store into the request's file (issue 10;
 * replies later) */
AD_HANDLER(ad_handle_backup);
/* ops/export.c: the directory, hashes included, into the request's file */
AD_HANDLER(ad_handle_export);
/* ops/import.c: an export written back, in one transaction */
AD_HANDLER(ad_handle_import);

/* ---- request fields (request.c) ----
 * p/len is a payload or a rec's value, already checked by acct_validate.
 * Each returns ACCT_ST_OK, or ACCT_ST_BADREQ ("missing field: name") when
 * required and absent.
 */
int ad_req_str(const void *p, size_t len, uint16_t tag, bool required,
	       struct ad_str *out, struct ad_err *err);
/* *given (may be NULL) tells whether the field was there. */
int ad_req_u32(const void *p, size_t len, uint16_t tag, bool required,
	       uint32_t *out, bool *given, struct ad_err *err);
int ad_req_u64(const void *p, size_t len, uint16_t tag, bool required,
	       uint64_t *out, bool *given, struct ad_err *err);
__attribute__((format(printf, 3, 4))) int
ad_fail(struct ad_err *err, int status, const char *fmt, ...);
/* The field's name in messages ("tenant", "email"). */
const char *ad_tag_name(uint16_t tag);
/* A bounded one-line copy of a name from a request, for audit records
 * and logs (control characters become '?').  Returns dst. */
const char *ad_printable(char *dst, size_t size, struct ad_str s);
/* An opcode's name for logs and records: acct_op_name, or "request" for
 * a number that is not an opcode. */
const char *ad_op_label(uint16_t opcode);
/* Who did it, as records and logs name the caller: the request's actor
 * ("root (sudo by alice)") once known, else "uid 1234". */
void ad_actor(const struct ad_peer *peer, char *buf, size_t size);

/* CURSOR and LIMIT of an enumeration or listing, each 0 when absent. */
int ad_req_page_args(const struct ad_request *rq, uint32_t *after,
		     uint32_t *limit, struct ad_err *err);

/* A paged listing: limit from the request, then MORE and CURSOR. */
struct ad_page {
	struct acct_buf *out;
	uint32_t limit, count, last;
	bool more;
};
int ad_page_start(const struct ad_request *rq, struct ad_page *pg,
		  struct acct_buf *out, uint32_t *after, struct ad_err *err);
void ad_page_finish(struct ad_page *pg);

#endif
