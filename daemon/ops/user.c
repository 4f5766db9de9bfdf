/*
 * user.c - USER_CREATE, USER_LIST, USER_SHOW, USER_UPDATE,
 * USER_DELETE (its REMOVE_HOME: ops/home.c) and USER_IMPORT.  Replies
 * carry ACCT_T_USER records.
 */
#include <stdio.h>
#include <stdlib.h>

#include "acct_names.h"
#include "ops/budget.h"
#include "ops/handlers.h"
#include "ops/home.h"
#include "ops/target.h"
#include "ops/profile.h"
#include "ops/shell.h"
#include "ops/user_state.h"
#include "policy/tenant.h"
#include "policy/user.h"
#include "server/log.h"
#include "procs/sessions.h"

static const char *role_name(uint32_t role)
{
	const char *name = acct_role_name(role);

	return name != NULL ? name : "?";
}

/* The fields of USER_CREATE / USER_UPDATE / one USER rec of an import;
 * a timezone must be one of cfg's tz database. */
static int parse_spec(struct ad_ctx *ctx, const void *p, size_t len,
		      struct ad_user_spec *s, struct ad_err *err)
{
	bool role_given;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = ad_req_str(p, len, ACCT_T_NAME, false, &s->name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_TENANT, false, &s->tenant, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_u32(p, len, ACCT_T_ROLE, false, &s->role,
				&role_given, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_DISPLAY_NAME, false,
				&s->display_name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_EMAIL, false, &s->email, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_HOME, false, &s->home, err);
	if (rc == ACCT_ST_OK)
		rc = ad_req_str(p, len, ACCT_T_SHELL, false, &s->shell, err);
	if (rc == ACCT_ST_OK)
		rc = ad_profile_read(p, len, &s->profile, err);
	if (rc == ACCT_ST_OK)
		rc = ad_timezone_check(ctx->cfg->zoneinfo_dir,
				       s->profile.timezone, err);
	if (rc == ACCT_ST_OK)
		rc = ad_shell_check(ctx, s->shell, err);
	if (rc != ACCT_ST_OK)
		return rc;
	/* 0 means "not given" to the store; on the wire it is just wrong */
	if (role_given && s->role == 0)
		return ad_fail(err, ACCT_ST_INVALID,
			       "role 0 is not valid: use 1 (viewer), 2 "
			       "(member), 3 (admin) or 4 (owner)");
	return ACCT_ST_OK;
}

/* The tenant of the user an update names (absent: no such user). */
static struct ad_str target_tenant(const struct ad_request *rq)
{
	struct ad_str none = {NULL, 0};

	return rq->target_tenant[0] != '\0' ? ad_str_c(rq->target_tenant)
					    : none;
}

/* ROLE_NAME: a built-in role's word, or a custom role of tenant (the
 * tenant the user is in, or is made in). */
static int role_named(struct ad_ctx *ctx, const struct ad_request *rq,
		      struct ad_str tenant, struct ad_user_spec *s,
		      struct ad_err *err)
{
	struct ad_str name;
	struct ad_role r;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_ROLE_NAME, false, &name,
			err);
	if (rc != ACCT_ST_OK || !ad_str_given(name) || !ad_str_given(tenant))
		return rc;
	if (s->role != 0)
		return ad_fail(err, ACCT_ST_BADREQ,
			       "give a role by number or by name, not both");
	s->role = acct_role_parse_n(name.p, name.len);
	if (s->role != 0)
		return ACCT_ST_OK;
	rc = ad_store_role_get(ctx->store, tenant, name, &r, err);
	if (rc == ACCT_ST_OK)
		s->role = r.id;
	if (rc == ACCT_ST_NOTFOUND) /* a value that names nothing */
		err->status = rc = ACCT_ST_INVALID;
	return rc;
}

/* A change to a user must leave its tenant an active owner. */
static int owner_guard(void *arg, const struct ad_user_change *c, char *msg,
		       size_t msglen)
{
	return ad_policy_owner_kept(c, msg, msglen);
}

static const struct ad_user_guard owner_kept = {owner_guard, NULL};

/* USER_CREATE and USER_UPDATE take the same spec to the store, each with
 * its rule. */
typedef int (*user_write_fn)(struct ad_store *st,
			     const struct ad_user_spec *spec, const char *actor,
			     struct ad_user *out, struct ad_err *err);

static int user_create(struct ad_store *st, const struct ad_user_spec *spec,
		       const char *actor, struct ad_user *out,
		       struct ad_err *err)
{
	return ad_store_user_create(st, spec, ad_policy_tenant_open, actor, out,
				    err);
}

static int user_update(struct ad_store *st, const struct ad_user_spec *spec,
		       const char *actor, struct ad_user *out,
		       struct ad_err *err)
{
	return ad_store_user_update(st, spec, &owner_kept, actor, out, err);
}

int ad_user_spec_read(struct ad_ctx *ctx, const struct ad_request *rq,
		      bool tenant_required, struct ad_user_spec *s,
		      struct ad_err *err)
{
	int rc;

	rc = parse_spec(ctx, rq->payload, rq->len, s, err);
	if (rc == ACCT_ST_OK && tenant_required && !ad_str_given(s->tenant))
		rc = ad_scope_tenant(rq, &s->tenant, err);
	if (rc == ACCT_ST_OK)
		rc = role_named(ctx, rq,
				tenant_required ? s->tenant : target_tenant(rq),
				s, err);
	if (rc == ACCT_ST_OK && !ad_str_given(s->name))
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (rc == ACCT_ST_OK && tenant_required && !ad_str_given(s->tenant))
		rc = ad_fail(err, ACCT_ST_BADREQ, "missing field: tenant");
	return rc;
}

/* Read the spec (ad_user_spec_read), write. */
static int write_user(struct ad_ctx *ctx, const struct ad_request *rq,
		      bool tenant_required, user_write_fn write,
		      struct ad_user_spec *s, struct ad_user *u,
		      struct ad_err *err)
{
	int rc;

	rc = ad_user_spec_read(ctx, rq, tenant_required, s, err);
	if (rc == ACCT_ST_OK)
		rc = write(ctx->store, s, rq->caller.actor, u, err);
	return rc;
}

AD_HANDLER(ad_handle_user_create)
{
	struct ad_budget_outcome seats;
	struct ad_user_spec s;
	struct ad_user u;
	int rc;

	rc = ad_user_spec_read(ctx, rq, true, &s, err);
	if (rc == ACCT_ST_OK)
		rc = ad_budget_check(ctx, rq, s.tenant, ACCT_BUDGET_SEATS, 1,
				     &seats, err);
	if (rc == ACCT_ST_OK) {
		struct ad_budget_arm arm = {rq, &seats, 1};

		ad_budget_arm(ctx, &arm);
		rc = user_create(ctx->store, &s, rq->caller.actor, &u, err);
		ad_budget_disarm(ctx);
	}
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer,
		    "created user '%s' (uid %u) in tenant '%s' as %s", u.name,
		    u.uid, u.tenant, role_name(u.role));
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

/* A page of users, each with its state word. */
struct user_page {
	struct ad_page pg;
	struct ad_ctx *ctx;
	struct ad_tenant_states states;
};

static int list_one(void *arg, const struct ad_user *u)
{
	struct user_page *up = arg;
	struct ad_page *pg = &up->pg;

	if (pg->count == pg->limit) {
		pg->more = true;
		return 1;
	}
	if (ad_reply_user(up->ctx, pg->out, u, &up->states) < 0)
		return -1;
	pg->count++;
	pg->last = u->uid;
	return 0;
}

AD_HANDLER(ad_handle_user_list)
{
	struct ad_str tenant;
	struct user_page up;
	uint32_t after;
	int rc;

	memset(&up, 0, sizeof(up));
	up.ctx = ctx;
	rc = ad_scope_tenant(rq, &tenant, err);
	if (rc == ACCT_ST_OK)
		rc = ad_page_start(rq, &up.pg, reply, &after, err);
	if (rc == ACCT_ST_OK)
		rc = ad_tenant_states_load(ctx, tenant, &up.states, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_list(ctx->store, tenant, after, list_one,
					&up, err);
	ad_tenant_states_free(&up.states);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_page_finish(&up.pg);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_user_show)
{
	struct ad_str name;
	struct ad_user u;
	int rc;

	struct ad_tenant_states states;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_get(ctx->store, name, &u, err);
	if (rc == ACCT_ST_OK)
		rc = ad_tenant_states_load(ctx, ad_str_c(u.tenant), &states,
					   err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_reply_user(ctx, reply, &u, &states);
	ad_tenant_states_free(&states);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_user_update)
{
	struct ad_user_spec s;
	struct ad_user u;
	int rc;

	rc = write_user(ctx, rq, false, user_update, &s, &u, err);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer, "updated user '%s' (now %s):%s%s%s%s%s%s",
		    u.name, role_name(u.role), s.role != 0 ? " role" : "",
		    ad_str_given(s.display_name) ? " display_name" : "",
		    ad_str_given(s.email) ? " email" : "",
		    ad_str_given(s.home) ? " home" : "",
		    ad_str_given(s.shell) ? " shell" : "",
		    ad_profile_given(&s.profile) ? " profile" : "");
	ad_wire_user(reply, &u);
	return ACCT_ST_OK;
}

AD_HANDLER(ad_handle_user_delete)
{
	struct ad_home *home = NULL;
	struct ad_str name;
	struct ad_user u;
	int rc;

	rc = ad_req_str(rq->payload, rq->len, ACCT_T_NAME, true, &name, err);
	/* REMOVE_HOME: the home is checked before the delete (ops/home.h) */
	if (rc == ACCT_ST_OK)
		rc = ad_home_check(ctx, rq, name, &home, err);
	if (rc == ACCT_ST_OK)
		rc = ad_store_user_delete(ctx->store, name, &owner_kept,
					  rq->caller.actor, &u, err);
	if (rc != ACCT_ST_OK) {
		ad_home_release(home);
		return rc;
	}
	ad_log_peer(LOG_INFO, peer, "deleted user '%s' (uid %u) of tenant '%s'",
		    u.name, u.uid, u.tenant);
	/* a deleted account keeps no live session nor process (as a
	 * disabled one) */
	if (ctx->sessions != NULL) {
		char why[AD_MSG_MAX];
		snprintf(why, sizeof(why), "account %s deleted", u.name);
		ad_sessions_end_user(ctx->sessions, &u, why);
	}
	return ad_home_reply(ctx, peer, rq, home, &u, reply, err);
}

/* Every top-level USER rec of the request, in order. */
static int parse_import(struct ad_ctx *ctx, const struct ad_request *rq,
			struct ad_user_spec **out, size_t *n,
			struct ad_err *err)
{
	struct acct_reader r;
	struct acct_field f;
	struct ad_user_spec *specs;
	size_t count = 0, i = 0;
	int rc = ACCT_ST_OK;

	acct_reader_init(&r, rq->payload, rq->len);
	while (acct_next(&r, &f) == 1)
		count += f.tag == ACCT_T_USER;
	*out = NULL;
	*n = 0;
	if (count == 0)
		return ad_fail(err, ACCT_ST_BADREQ, "missing field: user");
	specs = calloc(count, sizeof(*specs));
	if (specs == NULL)
		return ad_fail(err, ACCT_ST_BUSY, "out of memory, try again");
	acct_reader_init(&r, rq->payload, rq->len);
	while (rc == ACCT_ST_OK && acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_USER)
			continue;
		rc = parse_spec(ctx, f.val, f.len, &specs[i], err);
		if (rc != ACCT_ST_OK) {
			char msg[AD_MSG_MAX];

			memcpy(msg, err->msg, sizeof(msg));
			ad_fail(err, rc, "user #%zu: %s", i + 1, msg);
		}
		i++;
	}
	if (rc != ACCT_ST_OK) {
		free(specs);
		return rc;
	}
	*out = specs;
	*n = count;
	return ACCT_ST_OK;
}

/* The seats budget of each tenant an import adds to: every new user of
 * a tenant counted, each tenant asked once. */
struct import_seats {
	struct ad_budget_outcome *o;
	size_t n;
};

static bool same_tenant(struct ad_str a, struct ad_str b)
{
	if (a.p == NULL || b.p == NULL)
		return a.p == b.p;
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

static int import_seats(struct ad_ctx *ctx, const struct ad_request *rq,
			const struct ad_user_spec *specs, size_t n,
			struct import_seats *seats, struct ad_err *err)
{
	int rc = ACCT_ST_OK;

	seats->n = 0;
	seats->o = calloc(n > 0 ? n : 1, sizeof(*seats->o));
	if (seats->o == NULL)
		return ad_fail(err, ACCT_ST_INTERNAL, "out of memory");
	for (size_t i = 0; i < n && rc == ACCT_ST_OK; i++) {
		uint64_t adding = 0;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = same_tenant(specs[j].tenant, specs[i].tenant);
		if (seen)
			continue;
		for (size_t j = i; j < n; j++)
			if (same_tenant(specs[j].tenant, specs[i].tenant))
				adding++;
		rc = ad_budget_check(ctx, rq, specs[i].tenant,
				     ACCT_BUDGET_SEATS, adding,
				     &seats->o[seats->n++], err);
	}
	return rc;
}

AD_HANDLER(ad_handle_user_import)
{
	struct import_seats seats = {NULL, 0};
	struct ad_user_spec *specs;
	uint32_t skip = 0, skipped = 0;
	size_t n;
	int rc;

	rc = ad_req_u32(rq->payload, rq->len, ACCT_T_SKIP_EXISTING, false,
			&skip, NULL, err);
	if (rc == ACCT_ST_OK)
		rc = parse_import(ctx, rq, &specs, &n, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = import_seats(ctx, rq, specs, n, &seats, err);
	if (rc == ACCT_ST_OK) {
		struct ad_budget_arm arm = {rq, seats.o, seats.n};

		ad_budget_arm(ctx, &arm);
		rc = ad_store_user_import(
			ctx->store, specs, n, ad_policy_tenant_open,
			rq->caller.actor, skip != 0 ? &skipped : NULL, err);
		ad_budget_disarm(ctx);
	}
	free(specs);
	free(seats.o);
	if (rc != ACCT_ST_OK)
		return rc;
	ad_log_peer(LOG_INFO, peer, "imported %zu users (%u skipped)",
		    n - skipped, skipped);
	acct_put_u32(reply, ACCT_T_COUNT_USERS, (uint32_t)(n - skipped));
	if (skip != 0)
		acct_put_u32(reply, ACCT_T_COUNT_SKIPPED, skipped);
	return ACCT_ST_OK;
}
