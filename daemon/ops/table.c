/* table.c - the table of operations (see table.h). */
#include "ops/table.h"

/* Every column, every row: a row cannot be written without saying who
 * may call, at what rate, and how it is audited. */
#define OP(code, fn, access, rate, audit) [code] = {fn, access, rate, audit}

static const struct ad_op ops[] = {
	OP(ACCT_OP_PING, ad_handle_ping, AD_ACCESS_PUBLIC, AD_RATE_LOOKUP,
	   AD_AUDIT_NONE),
	OP(ACCT_OP_STATUS, ad_handle_status, AD_ACCESS_PUBLIC, AD_RATE_LOOKUP,
	   AD_AUDIT_NONE),
	OP(ACCT_OP_PW_BYNAME, ad_handle_pw_byname, AD_ACCESS_PUBLIC,
	   AD_RATE_LOOKUP, AD_AUDIT_NONE),
	OP(ACCT_OP_PW_BYUID, ad_handle_pw_byuid, AD_ACCESS_PUBLIC,
	   AD_RATE_LOOKUP, AD_AUDIT_NONE),
	OP(ACCT_OP_PW_ENUM, ad_handle_pw_enum, AD_ACCESS_PUBLIC, AD_RATE_LOOKUP,
	   AD_AUDIT_NONE),
	OP(ACCT_OP_GR_BYNAME, ad_handle_gr_byname, AD_ACCESS_PUBLIC,
	   AD_RATE_LOOKUP, AD_AUDIT_NONE),
	OP(ACCT_OP_GR_BYGID, ad_handle_gr_bygid, AD_ACCESS_PUBLIC,
	   AD_RATE_LOOKUP, AD_AUDIT_NONE),
	OP(ACCT_OP_GR_ENUM, ad_handle_gr_enum, AD_ACCESS_PUBLIC, AD_RATE_LOOKUP,
	   AD_AUDIT_NONE),
	OP(ACCT_OP_INITGROUPS, ad_handle_initgroups, AD_ACCESS_PUBLIC,
	   AD_RATE_LOOKUP, AD_AUDIT_NONE),

	OP(ACCT_OP_AUTH, ad_handle_auth, AD_ACCESS_PAM, AD_RATE_AUTH,
	   AD_AUDIT_REFUSALS),
	OP(ACCT_OP_ACCT_MGMT, ad_handle_acct_mgmt, AD_ACCESS_PAM, AD_RATE_AUTH,
	   AD_AUDIT_REFUSALS),
	OP(ACCT_OP_CHAUTHTOK, ad_handle_chauthtok, AD_ACCESS_PAM, AD_RATE_AUTH,
	   AD_AUDIT_REFUSALS),
	OP(ACCT_OP_SESSION_OPEN, ad_handle_session_open, AD_ACCESS_PAM,
	   AD_RATE_SESSION, AD_AUDIT_REFUSALS),
	OP(ACCT_OP_SESSION_CLOSE, ad_handle_session_close, AD_ACCESS_PAM,
	   AD_RATE_SESSION, AD_AUDIT_REFUSALS),

	OP(ACCT_OP_TENANT_CREATE, ad_handle_tenant_create, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_TENANT_LIST, ad_handle_tenant_list, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_NONE),
	OP(ACCT_OP_TENANT_SHOW, ad_handle_tenant_show, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_NONE),
	OP(ACCT_OP_TENANT_UPDATE, ad_handle_tenant_update, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_TENANT_SUSPEND, ad_handle_tenant_suspend, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_TENANT_REACTIVATE, ad_handle_tenant_reactivate,
	   AD_ACCESS_OPERATOR, AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_TENANT_DEPROVISION, ad_handle_tenant_deprovision,
	   AD_ACCESS_OPERATOR, AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_TENANT_FINALIZE, ad_handle_tenant_finalize,
	   AD_ACCESS_OPERATOR, AD_RATE_MANAGE, AD_AUDIT_CHANGES),

	OP(ACCT_OP_USER_CREATE, ad_handle_user_create, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_USER_LIST, ad_handle_user_list, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_NONE),
	OP(ACCT_OP_USER_SHOW, ad_handle_user_show, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_NONE),
	OP(ACCT_OP_USER_UPDATE, ad_handle_user_update, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_USER_DELETE, ad_handle_user_delete, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_USER_IMPORT, ad_handle_user_import, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_USER_DISABLE, ad_handle_user_disable, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_USER_ENABLE, ad_handle_user_enable, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_USER_PASSWD, ad_handle_user_passwd, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_USER_UNLOCK, ad_handle_user_unlock, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),

	OP(ACCT_OP_GROUP_CREATE, ad_handle_group_create, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_GROUP_LIST, ad_handle_group_list, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_NONE),
	OP(ACCT_OP_GROUP_ADD_MEMBER, ad_handle_group_add_member,
	   AD_ACCESS_OPERATOR, AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_GROUP_REMOVE_MEMBER, ad_handle_group_remove_member,
	   AD_ACCESS_OPERATOR, AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_GROUP_SHOW, ad_handle_group_show, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_NONE),
	OP(ACCT_OP_GROUP_DELETE, ad_handle_group_delete, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),

	OP(ACCT_OP_SESSION_LIST, ad_handle_session_list, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_NONE),
	OP(ACCT_OP_SESSION_REVOKE, ad_handle_session_revoke, AD_ACCESS_OPERATOR,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),

	OP(ACCT_OP_ME_SHOW, ad_handle_me_show, AD_ACCESS_SELF, AD_RATE_MANAGE,
	   AD_AUDIT_NONE),
	OP(ACCT_OP_ME_PROFILE, ad_handle_me_profile, AD_ACCESS_SELF,
	   AD_RATE_MANAGE, AD_AUDIT_CHANGES),
	OP(ACCT_OP_ME_PASSWORD, ad_handle_me_password, AD_ACCESS_SELF,
	   AD_RATE_AUTH, AD_AUDIT_CHANGES),
	OP(ACCT_OP_ME_DISABLE, ad_handle_me_disable, AD_ACCESS_SELF,
	   AD_RATE_AUTH, AD_AUDIT_CHANGES),
};

const struct ad_op *ad_op_find(uint16_t opcode)
{
	if (opcode >= sizeof(ops) / sizeof(ops[0]) ||
	    ops[opcode].handler == NULL)
		return NULL;
	return &ops[opcode];
}
