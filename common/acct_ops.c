/* acct_ops.c - opcode names (acct_ops.h). */
#include <stddef.h>

#include "acct_ops.h"
#include "acct_proto.h"

static const char *const names[] = {
	[ACCT_OP_PING] = "ping",
	[ACCT_OP_STATUS] = "status",
	[ACCT_OP_PW_BYNAME] = "pw-byname",
	[ACCT_OP_PW_BYUID] = "pw-byuid",
	[ACCT_OP_PW_ENUM] = "pw-enum",
	[ACCT_OP_GR_BYNAME] = "gr-byname",
	[ACCT_OP_GR_BYGID] = "gr-bygid",
	[ACCT_OP_GR_ENUM] = "gr-enum",
	[ACCT_OP_INITGROUPS] = "initgroups",
	[ACCT_OP_AUTH] = "auth",
	[ACCT_OP_ACCT_MGMT] = "acct-mgmt",
	[ACCT_OP_CHAUTHTOK] = "chauthtok",
	[ACCT_OP_SESSION_OPEN] = "session-open",
	[ACCT_OP_SESSION_CLOSE] = "session-close",
	[ACCT_OP_TENANT_CREATE] = "tenant-create",
	[ACCT_OP_TENANT_LIST] = "tenant-list",
	[ACCT_OP_TENANT_SHOW] = "tenant-show",
	[ACCT_OP_TENANT_UPDATE] = "tenant-update",
	[ACCT_OP_TENANT_SUSPEND] = "tenant-suspend",
	[ACCT_OP_TENANT_REACTIVATE] = "tenant-reactivate",
	[ACCT_OP_TENANT_DEPROVISION] = "tenant-deprovision",
	[ACCT_OP_TENANT_FINALIZE] = "tenant-finalize",
	[ACCT_OP_USER_CREATE] = "user-create",
	[ACCT_OP_USER_LIST] = "user-list",
	[ACCT_OP_USER_SHOW] = "user-show",
	[ACCT_OP_USER_UPDATE] = "user-update",
	[ACCT_OP_USER_DELETE] = "user-delete",
	[ACCT_OP_USER_IMPORT] = "user-import",
	[ACCT_OP_USER_DISABLE] = "user-disable",
	[ACCT_OP_USER_ENABLE] = "user-enable",
	[ACCT_OP_USER_PASSWD] = "user-passwd",
	[ACCT_OP_USER_UNLOCK] = "user-unlock",
	[ACCT_OP_GROUP_CREATE] = "group-create",
	[ACCT_OP_GROUP_LIST] = "group-list",
	[ACCT_OP_GROUP_ADD_MEMBER] = "group-add-member",
	[ACCT_OP_GROUP_REMOVE_MEMBER] = "group-remove-member",
	[ACCT_OP_GROUP_SHOW] = "group-show",
	[ACCT_OP_GROUP_DELETE] = "group-delete",
	[ACCT_OP_SESSION_LIST] = "session-list",
	[ACCT_OP_SESSION_REVOKE] = "session-revoke",
	[ACCT_OP_ROLE_LIST] = "role-list",
	[ACCT_OP_ROLE_SHOW] = "role-show",
	[ACCT_OP_ROLE_CREATE] = "role-create",
	[ACCT_OP_ROLE_DELETE] = "role-delete",
	[ACCT_OP_ROLE_GRANT] = "role-grant",
	[ACCT_OP_ROLE_REVOKE] = "role-revoke",
	[ACCT_OP_AUDIT_LIST] = "audit-list",
	[ACCT_OP_AUDIT_VERIFY] = "audit-verify",
	[ACCT_OP_USER_RESET] = "user-reset",
	[ACCT_OP_RESET] = "password-reset",
	[ACCT_OP_ME_SHOW] = "me-show",
	[ACCT_OP_ME_PROFILE] = "me-profile",
	[ACCT_OP_ME_PASSWORD] = "me-password",
	[ACCT_OP_ME_DISABLE] = "me-disable",
	[ACCT_OP_TENANT_SIGNUP] = "tenant-signup",
	[ACCT_OP_TENANT_RENAME] = "tenant-rename",
	[ACCT_OP_TENANT_PURGE] = "tenant-purge",
	[ACCT_OP_USER_DEACTIVATE] = "user-deactivate",
	[ACCT_OP_USER_REACTIVATE] = "user-reactivate",
	[ACCT_OP_USER_INVITE] = "user-invite",
	[ACCT_OP_INVITE_ACCEPT] = "invite-accept",
	[ACCT_OP_ME_EMAIL] = "me-email",
	[ACCT_OP_ME_EMAIL_VERIFY] = "me-email-verify",
	[ACCT_OP_LOGIN] = "login",
	[ACCT_OP_REFRESH] = "refresh",
	[ACCT_OP_LOGOUT] = "logout",
	[ACCT_OP_SSH_KEY_ADD] = "ssh-key-add",
	[ACCT_OP_SSH_KEY_LIST] = "ssh-key-list",
	[ACCT_OP_SSH_KEY_REMOVE] = "ssh-key-remove",
	[ACCT_OP_SSH_KEYS_AUTHORIZED] = "ssh-keys-authorized",
	/* plans, subscriptions and budgets (issue 9) */
	[ACCT_OP_PLAN_CREATE] = "plan-create",
	[ACCT_OP_PLAN_LIST] = "plan-list",
	[ACCT_OP_PLAN_SHOW] = "plan-show",
	[ACCT_OP_PLAN_UPDATE] = "plan-update",
	[ACCT_OP_PLAN_DELETE] = "plan-delete",
	[ACCT_OP_TENANT_PLAN] = "tenant-plan",
	[ACCT_OP_TENANT_SUBSCRIBE] = "tenant-subscribe",
	[ACCT_OP_TENANT_CANCEL] = "tenant-cancel",
	[ACCT_OP_BUDGET_SET] = "budget-set",
	[ACCT_OP_BUDGET_SHOW] = "budget-show",
	/* API keys and usage (issue 9) */
	[ACCT_OP_KEY_ISSUE] = "key-issue",
	[ACCT_OP_KEY_LIST] = "key-list",
	[ACCT_OP_KEY_REVOKE] = "key-revoke",
	[ACCT_OP_KEY_USAGE] = "key-usage",
	[ACCT_OP_TENANT_USAGE] = "tenant-usage",
	[ACCT_OP_USAGE_RECORD] = "usage-record",
	[ACCT_OP_KEY_LIST_TENANT] = "key-list-tenant",
	/* backup (issue 10) */
	[ACCT_OP_BACKUP] = "backup",
	[ACCT_OP_EXPORT] = "export",
	[ACCT_OP_IMPORT] = "import",
};

bool acct_op_takes_fd(uint16_t opcode)
{
	return opcode == ACCT_OP_BACKUP || opcode == ACCT_OP_EXPORT ||
	       opcode == ACCT_OP_IMPORT;
}

const char *acct_op_name(uint16_t opcode)
{
	if (opcode >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[opcode];
}
