/* wire.c - each record's wire form, in one place (see wire.h). */
#include "store/wire.h"

void ad_wire_passwd(struct acct_buf *b, const struct ad_user *u)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	acct_put_str(b, ACCT_T_NAME, u->name);
	acct_put_u32(b, ACCT_T_UID, u->uid);
	acct_put_u32(b, ACCT_T_GID, u->gid);
	acct_put_str(b, ACCT_T_GECOS, u->display_name);
	acct_put_str(b, ACCT_T_HOME, u->home);
	acct_put_str(b, ACCT_T_SHELL, u->shell);
	acct_end(b, mark);
}

void ad_wire_group_entry(struct acct_buf *b, const struct ad_group *g)
{
	acct_put_str(b, ACCT_T_NAME, g->name);
	acct_put_u32(b, ACCT_T_GID, g->gid);
}

int ad_wire_member(struct acct_buf *b, const char *login, size_t len)
{
	return acct_put_strn(b, ACCT_T_MEMBER, login, len);
}

void ad_wire_group_fields(struct acct_buf *b, const struct ad_group *g)
{
	acct_put_str(b, ACCT_T_NAME, g->name);
	acct_put_u32(b, ACCT_T_GID, g->gid);
	acct_put_str(b, ACCT_T_TENANT, g->tenant);
	acct_put_u32(b, ACCT_T_TENANT_GID, g->tenant_gid);
	acct_put_u32(b, ACCT_T_KIND, g->kind);
}

int ad_wire_group(struct acct_buf *b, const struct ad_group *g)
{
	size_t mark = acct_begin(b, ACCT_T_GROUP);

	ad_wire_group_fields(b, g);
	return acct_end(b, mark);
}

/* A string field that is set; "" (unset) is left out. */
static void put_set(struct acct_buf *b, uint16_t tag, const char *s)
{
	if (s[0] != '\0')
		acct_put_str(b, tag, s);
}

int ad_wire_user(struct acct_buf *b, const struct ad_user *u)
{
	return ad_wire_user_state(b, u, NULL);
}

int ad_wire_user_state(struct acct_buf *b, const struct ad_user *u,
		       const char *state)
{
	size_t mark = acct_begin(b, ACCT_T_USER);

	acct_put_bytes(b, ACCT_T_UUID, u->uuid, sizeof(u->uuid));
	acct_put_str(b, ACCT_T_NAME, u->name);
	acct_put_u32(b, ACCT_T_UID, u->uid);
	acct_put_u32(b, ACCT_T_GID, u->gid);
	acct_put_str(b, ACCT_T_TENANT, u->tenant);
	acct_put_u32(b, ACCT_T_TENANT_GID, u->tenant_gid);
	acct_put_u32(b, ACCT_T_ROLE, u->role);
	if (u->role_name[0] != '\0')
		acct_put_str(b, ACCT_T_ROLE_NAME, u->role_name);
	acct_put_u32(b, ACCT_T_STATUS, u->status);
	acct_put_str(b, ACCT_T_DISPLAY_NAME, u->display_name);
	acct_put_str(b, ACCT_T_EMAIL, u->email);
	acct_put_str(b, ACCT_T_HOME, u->home);
	acct_put_str(b, ACCT_T_SHELL, u->shell);
	acct_put_u64(b, ACCT_T_CREATED, u->created);
	acct_put_u64(b, ACCT_T_UPDATED, u->updated);
	if (u->deleted_at != 0)
		acct_put_u64(b, ACCT_T_DELETED_AT, u->deleted_at);
	if (u->status_reason[0] != '\0')
		acct_put_str(b, ACCT_T_STATUS_REASON, u->status_reason);
	if (u->locked_until != 0)
		acct_put_u64(b, ACCT_T_LOCKED_UNTIL, u->locked_until);
	if (u->failed_logins != 0)
		acct_put_u32(b, ACCT_T_FAILED_LOGINS, u->failed_logins);
	if (u->email_verified_at != 0)
		acct_put_u64(b, ACCT_T_EMAIL_VERIFIED_AT, u->email_verified_at);
	put_set(b, ACCT_T_GIVEN_NAME, u->profile.given_name);
	put_set(b, ACCT_T_FAMILY_NAME, u->profile.family_name);
	put_set(b, ACCT_T_AVATAR_URL, u->profile.avatar_url);
	put_set(b, ACCT_T_BIO, u->profile.bio);
	put_set(b, ACCT_T_TIMEZONE, u->profile.timezone);
	put_set(b, ACCT_T_LOCALE, u->profile.locale);
	if (u->deactivated_at != 0)
		acct_put_u64(b, ACCT_T_DEACTIVATED_AT, u->deactivated_at);
	if (state != NULL)
		acct_put_str(b, ACCT_T_USER_STATE, state);
	return acct_end(b, mark);
}

int ad_wire_tenant(struct acct_buf *b, const struct ad_tenant *t)
{
	size_t mark = acct_begin(b, ACCT_T_TENANT_REC);

	acct_put_bytes(b, ACCT_T_UUID, t->uuid, sizeof(t->uuid));
	acct_put_str(b, ACCT_T_NAME, t->slug);
	acct_put_str(b, ACCT_T_DISPLAY_NAME, t->display_name);
	acct_put_u32(b, ACCT_T_STATUS, t->status);
	acct_put_u32(b, ACCT_T_GID, t->gid);
	acct_put_u32(b, ACCT_T_ADMIN_GID, t->admin_gid);
	if (t->status_reason[0] != '\0')
		acct_put_str(b, ACCT_T_STATUS_REASON, t->status_reason);
	acct_put_u64(b, ACCT_T_STATUS_UPDATED_AT, t->status_updated_at);
	acct_put_str(b, ACCT_T_STATUS_UPDATED_BY, t->status_updated_by);
	acct_put_u64(b, ACCT_T_CREATED, t->created);
	acct_put_u64(b, ACCT_T_UPDATED, t->updated);
	acct_put_u32(b, ACCT_T_COUNT_USERS, t->user_count);
	if (t->suspended_at != 0)
		acct_put_u64(b, ACCT_T_SUSPENDED_AT, t->suspended_at);
	if (t->deprovisioned_at != 0)
		acct_put_u64(b, ACCT_T_DEPROVISIONED_AT, t->deprovisioned_at);
	if (t->finalized_at != 0)
		acct_put_u64(b, ACCT_T_FINALIZED_AT, t->finalized_at);
	ad_wire_subscription(b, &t->sub);
	acct_put_u32(b, ACCT_T_APP_PASSWORDS, t->app_passwords != 0);
	return acct_end(b, mark);
}

int ad_wire_session(struct acct_buf *b, const struct ad_session *s)
{
	size_t mark = acct_begin(b, ACCT_T_SESSION);

	acct_put_u64(b, ACCT_T_SESSION_ID, s->id);
	acct_put_str(b, ACCT_T_NAME, s->name);
	acct_put_u32(b, ACCT_T_UID, s->uid);
	acct_put_str(b, ACCT_T_TENANT, s->tenant);
	acct_put_u32(b, ACCT_T_TENANT_GID, s->tenant_gid);
	acct_put_str(b, ACCT_T_SERVICE, s->service);
	if (s->tty[0] != '\0')
		acct_put_str(b, ACCT_T_TTY, s->tty);
	if (s->rhost[0] != '\0')
		acct_put_str(b, ACCT_T_RHOST, s->rhost);
	acct_put_u32(b, ACCT_T_PID, s->pid);
	acct_put_u64(b, ACCT_T_PROC_START, s->proc_start);
	acct_put_u64(b, ACCT_T_STARTED, s->started);
	acct_put_u32(b, ACCT_T_OPENED_BY, s->opened_by);
	return acct_end(b, mark);
}

int ad_wire_role(struct acct_buf *b, const struct ad_role *r, bool builtin)
{
	size_t mark = acct_begin(b, ACCT_T_ROLE_REC);

	acct_put_str(b, ACCT_T_NAME, r->name);
	acct_put_u32(b, ACCT_T_ROLE, r->id);
	acct_put_u32(b, ACCT_T_RANK, r->rank);
	for (uint32_t bit = 1; bit != 0 && bit <= ACCT_PERM__ALL; bit <<= 1)
		if ((r->perms & bit) != 0)
			acct_put_str(b, ACCT_T_PERMISSION, acct_perm_name(bit));
	if (builtin)
		acct_put_u32(b, ACCT_T_BUILTIN, 1);
	else
		acct_put_str(b, ACCT_T_TENANT, r->tenant);
	return acct_end(b, mark);
}

/* ---- plans, subscriptions and budgets (issue 9) ---- */

void ad_wire_subscription(struct acct_buf *b, const struct ad_subscription *s)
{
	if (s->plan[0] == '\0' && s->status == ACCT_SUB_NONE)
		return;
	acct_put_str(b, ACCT_T_PLAN, s->plan);
	acct_put_u32(b, ACCT_T_SUB_STATUS, s->status);
	if (s->trial_ends_at != 0)
		acct_put_u64(b, ACCT_T_TRIAL_ENDS, s->trial_ends_at);
	if (s->period_ends_at != 0)
		acct_put_u64(b, ACCT_T_PERIOD_ENDS, s->period_ends_at);
}

static const uint16_t limit_tags[ACCT_BUDGET_KINDS] = {
	ACCT_T_SEATS, ACCT_T_SESSIONS, ACCT_T_KEYS, ACCT_T_USAGE};

int ad_wire_plan(struct acct_buf *b, const struct ad_plan *p, bool tenants)
{
	size_t mark = acct_begin(b, ACCT_T_PLAN_REC);

	acct_put_str(b, ACCT_T_NAME, p->name);
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
		acct_put_u64(b, limit_tags[k], p->limit[k]);
	acct_put_u32(b, ACCT_T_TRIAL_DAYS, p->trial_days);
	acct_put_u64(b, ACCT_T_CREATED, p->created);
	acct_put_u64(b, ACCT_T_UPDATED, p->updated);
	if (tenants)
		acct_put_u32(b, ACCT_T_PLAN_TENANTS, p->tenants);
	return acct_end(b, mark);
}

int ad_wire_budget(struct acct_buf *b, const struct ad_budget_line *l)
{
	size_t mark = acct_begin(b, ACCT_T_BUDGET);

	acct_put_u32(b, ACCT_T_BUDGET_KIND, l->kind);
	if (l->limit != ACCT_BUDGET_UNLIMITED)
		acct_put_u64(b, ACCT_T_BUDGET_LIMIT, l->limit);
	acct_put_u64(b, ACCT_T_BUDGET_USED, l->used);
	acct_put_u32(b, ACCT_T_BUDGET_SOURCE, l->source);
	return acct_end(b, mark);
}
