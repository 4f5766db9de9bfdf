/* ops.c - the table of operations (see ops.h). */
#include <stdio.h>

#include "ops/table.h"

#define OP(code, nm, fn, cls) [code] = {nm, fn, cls}

static const struct ad_op ops[] = {
	OP(ACCT_OP_PING, "ping", ad_handle_ping, AD_RATE_LOOKUP),
	OP(ACCT_OP_STATUS, "status", ad_handle_status, AD_RATE_LOOKUP),
	OP(ACCT_OP_PW_BYNAME, "pw-byname", ad_handle_pw_byname, AD_RATE_LOOKUP),
	OP(ACCT_OP_PW_BYUID, "pw-byuid", ad_handle_pw_byuid, AD_RATE_LOOKUP),
	OP(ACCT_OP_PW_ENUM, "pw-enum", ad_handle_pw_enum, AD_RATE_LOOKUP),
	OP(ACCT_OP_GR_BYNAME, "gr-byname", ad_handle_gr_byname, AD_RATE_LOOKUP),
	OP(ACCT_OP_GR_BYGID, "gr-bygid", ad_handle_gr_bygid, AD_RATE_LOOKUP),
	OP(ACCT_OP_GR_ENUM, "gr-enum", ad_handle_gr_enum, AD_RATE_LOOKUP),
	OP(ACCT_OP_INITGROUPS, "initgroups", ad_handle_initgroups,
	   AD_RATE_LOOKUP),

	OP(ACCT_OP_AUTH, "auth", ad_handle_auth, AD_RATE_AUTH),
	OP(ACCT_OP_ACCT_MGMT, "acct-mgmt", ad_handle_acct_mgmt, AD_RATE_AUTH),
	OP(ACCT_OP_CHAUTHTOK, "chauthtok", ad_handle_chauthtok, AD_RATE_AUTH),
	OP(ACCT_OP_SESSION_OPEN, "session-open", ad_handle_session_open,
	   AD_RATE_SESSION),
	OP(ACCT_OP_SESSION_CLOSE, "session-close", ad_handle_session_close,
	   AD_RATE_SESSION),

	OP(ACCT_OP_TENANT_CREATE, "tenant-create", ad_handle_tenant_create,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_TENANT_LIST, "tenant-list", ad_handle_tenant_list,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_TENANT_SHOW, "tenant-show", ad_handle_tenant_show,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_TENANT_UPDATE, "tenant-update", ad_handle_tenant_update,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_TENANT_SUSPEND, "tenant-suspend", ad_handle_tenant_suspend,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_TENANT_REACTIVATE, "tenant-reactivate",
	   ad_handle_tenant_reactivate, AD_RATE_MANAGE),
	OP(ACCT_OP_TENANT_DEPROVISION, "tenant-deprovision",
	   ad_handle_tenant_deprovision, AD_RATE_MANAGE),
	OP(ACCT_OP_TENANT_FINALIZE, "tenant-finalize",
	   ad_handle_tenant_finalize, AD_RATE_MANAGE),

	OP(ACCT_OP_USER_CREATE, "user-create", ad_handle_user_create,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_USER_LIST, "user-list", ad_handle_user_list, AD_RATE_MANAGE),
	OP(ACCT_OP_USER_SHOW, "user-show", ad_handle_user_show, AD_RATE_MANAGE),
	OP(ACCT_OP_USER_UPDATE, "user-update", ad_handle_user_update,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_USER_DELETE, "user-delete", ad_handle_user_delete,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_USER_IMPORT, "user-import", ad_handle_user_import,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_USER_DISABLE, "user-disable", ad_handle_user_disable,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_USER_ENABLE, "user-enable", ad_handle_user_enable,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_USER_PASSWD, "user-passwd", ad_handle_user_passwd,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_USER_UNLOCK, "user-unlock", ad_handle_user_unlock,
	   AD_RATE_MANAGE),

	OP(ACCT_OP_GROUP_CREATE, "group-create", ad_handle_group_create,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_GROUP_LIST, "group-list", ad_handle_group_list,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_GROUP_ADD_MEMBER, "group-add-member",
	   ad_handle_group_add_member, AD_RATE_MANAGE),
	OP(ACCT_OP_GROUP_REMOVE_MEMBER, "group-remove-member",
	   ad_handle_group_remove_member, AD_RATE_MANAGE),
	OP(ACCT_OP_GROUP_SHOW, "group-show", ad_handle_group_show,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_GROUP_DELETE, "group-delete", ad_handle_group_delete,
	   AD_RATE_MANAGE),

	OP(ACCT_OP_SESSION_LIST, "session-list", ad_handle_session_list,
	   AD_RATE_MANAGE),
	OP(ACCT_OP_SESSION_REVOKE, "session-revoke", ad_handle_session_revoke,
	   AD_RATE_MANAGE),
};

const struct ad_op *ad_op_find(uint16_t opcode)
{
	if (opcode >= sizeof(ops) / sizeof(ops[0]) || ops[opcode].name == NULL)
		return NULL;
	return &ops[opcode];
}

const char *ad_op_name(uint16_t opcode)
{
	static __thread char other[16];
	const struct ad_op *op = ad_op_find(opcode);

	if (op != NULL)
		return op->name;
	snprintf(other, sizeof(other), "op-%u", opcode);
	return other;
}
