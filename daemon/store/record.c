/*
 * record.c - tenants, users, groups and custom roles as stored TLV
 * records (the wire codec, so records gain fields without a migration),
 * and fetching them by key inside any transaction.
 */
#include <stddef.h>

#include "server/log.h"
#include "store/priv.h"

/* ---- decoding ---- */

static int get_str(const struct acct_field *f, char *dst, size_t size)
{
	return acct_get_strcpy(f, dst, size);
}

static int get_uuid(const struct acct_field *f, uint8_t *dst)
{
	if (f->len != AD_UUID_LEN)
		return -1;
	memcpy(dst, f->val, AD_UUID_LEN);
	return 0;
}

/* ---- a tenant's subscription and budget overrides (issue 9): PLAN
 * SUB_STATUS TRIAL_ENDS PERIOD_ENDS, SEATS..USAGE for the limits it
 * overrides, BUDGET_POLICY ---- */

static const uint16_t plan_limit_tags[ACCT_BUDGET_KINDS] = {
	ACCT_T_SEATS, ACCT_T_SESSIONS, ACCT_T_KEYS, ACCT_T_USAGE};

static int tenant_plans_decode(const struct acct_field *f, struct ad_tenant *t)
{
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
		if (f->tag == plan_limit_tags[k]) {
			t->budget.set |= 1u << k;
			return acct_get_u64(f, &t->budget.limit[k]);
		}
	switch (f->tag) {
	case ACCT_T_PLAN:
		return acct_get_strcpy(f, t->sub.plan, sizeof(t->sub.plan));
	case ACCT_T_SUB_STATUS:
		return acct_get_u32(f, &t->sub.status);
	case ACCT_T_TRIAL_ENDS:
		return acct_get_u64(f, &t->sub.trial_ends_at);
	case ACCT_T_PERIOD_ENDS:
		return acct_get_u64(f, &t->sub.period_ends_at);
	case ACCT_T_BUDGET_POLICY:
		return acct_get_u32(f, &t->budget.policy);
	default: /* a newer minor version's: skip */
		return 0;
	}
}

static void tenant_plans_encode(struct acct_buf *b, const struct ad_tenant *t)
{
	if (t->sub.plan[0] != '\0')
		acct_put_str(b, ACCT_T_PLAN, t->sub.plan);
	if (t->sub.status != ACCT_SUB_NONE)
		acct_put_u32(b, ACCT_T_SUB_STATUS, t->sub.status);
	if (t->sub.trial_ends_at != 0)
		acct_put_u64(b, ACCT_T_TRIAL_ENDS, t->sub.trial_ends_at);
	if (t->sub.period_ends_at != 0)
		acct_put_u64(b, ACCT_T_PERIOD_ENDS, t->sub.period_ends_at);
	for (unsigned k = 0; k < ACCT_BUDGET_KINDS; k++)
		if (t->budget.set & (1u << k))
			acct_put_u64(b, plan_limit_tags[k], t->budget.limit[k]);
	if (t->budget.policy != 0)
		acct_put_u32(b, ACCT_T_BUDGET_POLICY, t->budget.policy);
}

int st_tenant_decode(const void *p, size_t len, struct ad_tenant *t)
{
	struct acct_reader r;
	struct acct_field f;
	int rc, bad = 0;

	memset(t, 0, sizeof(*t));
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_UUID:
			bad |= get_uuid(&f, t->uuid);
			break;
		case ACCT_T_NAME:
			bad |= get_str(&f, t->slug, sizeof(t->slug));
			break;
		case ACCT_T_DISPLAY_NAME:
			bad |= get_str(&f, t->display_name,
				       sizeof(t->display_name));
			break;
		case ACCT_T_STATUS:
			bad |= acct_get_u32(&f, &t->status);
			break;
		case ACCT_T_GID:
			bad |= acct_get_u32(&f, &t->gid);
			break;
		case ACCT_T_ADMIN_GID:
			bad |= acct_get_u32(&f, &t->admin_gid);
			break;
		case ACCT_T_STATUS_REASON:
			bad |= get_str(&f, t->status_reason,
				       sizeof(t->status_reason));
			break;
		case ACCT_T_STATUS_UPDATED_AT:
			bad |= acct_get_u64(&f, &t->status_updated_at);
			break;
		case ACCT_T_STATUS_UPDATED_BY:
			bad |= get_str(&f, t->status_updated_by,
				       sizeof(t->status_updated_by));
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &t->created);
			break;
		case ACCT_T_UPDATED:
			bad |= acct_get_u64(&f, &t->updated);
			break;
		case ACCT_T_SUSPENDED_AT:
			bad |= acct_get_u64(&f, &t->suspended_at);
			break;
		case ACCT_T_DEPROVISIONED_AT:
			bad |= acct_get_u64(&f, &t->deprovisioned_at);
			break;
		case ACCT_T_FINALIZED_AT:
			bad |= acct_get_u64(&f, &t->finalized_at);
			break;
		case ACCT_T_APP_PASSWORDS:
			bad |= acct_get_u32(&f, &t->app_passwords);
			break;
		default: /* plans (issue 9), or a newer minor version's */
			bad |= tenant_plans_decode(&f, t);
			break;
		}
	}
	return (rc < 0 || bad) ? -1 : 0;
}

/* The STATUS field of a stored tenant without decoding the rest. */
static int tenant_status_of(const void *p, size_t len, uint32_t *status)
{
	struct acct_field f;

	if (acct_find(p, len, ACCT_T_STATUS, &f) != 1)
		return -1;
	return acct_get_u32(&f, status);
}

/* f into pr when it is a profile field (*known): 0, or -1 malformed. */
static int profile_field(const struct acct_field *f, struct ad_profile *pr,
			 bool *known)
{
	*known = true;
	switch (f->tag) {
	case ACCT_T_GIVEN_NAME:
		return get_str(f, pr->given_name, sizeof(pr->given_name));
	case ACCT_T_FAMILY_NAME:
		return get_str(f, pr->family_name, sizeof(pr->family_name));
	case ACCT_T_AVATAR_URL:
		return get_str(f, pr->avatar_url, sizeof(pr->avatar_url));
	case ACCT_T_BIO:
		return get_str(f, pr->bio, sizeof(pr->bio));
	case ACCT_T_TIMEZONE:
		return get_str(f, pr->timezone, sizeof(pr->timezone));
	case ACCT_T_LOCALE:
		return get_str(f, pr->locale, sizeof(pr->locale));
	default:
		*known = false;
		return 0;
	}
}

int st_user_decode(const void *p, size_t len, struct ad_user *u)
{
	struct acct_reader r;
	struct acct_field f;
	bool known;
	int rc, bad = 0;

	/* the profile's buffers are most of the struct: clear their first
	 * bytes only (lookups decode a user per entry) */
	memset(u, 0, offsetof(struct ad_user, profile));
	ad_profile_clear(&u->profile);
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		bad |= profile_field(&f, &u->profile, &known);
		if (known)
			continue;
		switch (f.tag) {
		case ACCT_T_UUID:
			bad |= get_uuid(&f, u->uuid);
			break;
		case ACCT_T_NAME:
			bad |= get_str(&f, u->name, sizeof(u->name));
			break;
		case ACCT_T_UID:
			bad |= acct_get_u32(&f, &u->uid);
			break;
		case ACCT_T_GID:
			bad |= acct_get_u32(&f, &u->gid);
			break;
		case ACCT_T_TENANT_GID:
			bad |= acct_get_u32(&f, &u->tenant_gid);
			break;
		case ACCT_T_ROLE:
			bad |= acct_get_u32(&f, &u->role);
			break;
		case ACCT_T_STATUS:
			bad |= acct_get_u32(&f, &u->status);
			break;
		case ACCT_T_DISPLAY_NAME:
			bad |= get_str(&f, u->display_name,
				       sizeof(u->display_name));
			break;
		case ACCT_T_EMAIL:
			bad |= get_str(&f, u->email, sizeof(u->email));
			break;
		case ACCT_T_EMAIL_VERIFIED_AT:
			bad |= acct_get_u64(&f, &u->email_verified_at);
			break;
		case ACCT_T_HOME:
			bad |= get_str(&f, u->home, sizeof(u->home));
			break;
		case ACCT_T_SHELL:
			bad |= get_str(&f, u->shell, sizeof(u->shell));
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &u->created);
			break;
		case ACCT_T_UPDATED:
			bad |= acct_get_u64(&f, &u->updated);
			break;
		case ACCT_T_DELETED_AT:
			bad |= acct_get_u64(&f, &u->deleted_at);
			break;
		case ACCT_T_STATUS_REASON:
			bad |= get_str(&f, u->status_reason,
				       sizeof(u->status_reason));
			break;
		case ACCT_T_FAILED_LOGINS:
			bad |= acct_get_u32(&f, &u->failed_logins);
			break;
		case ACCT_T_LOCKED_UNTIL:
			bad |= acct_get_u64(&f, &u->locked_until);
			break;
		case ACCT_T_FIRST_FAILURE:
			bad |= acct_get_u64(&f, &u->first_failure);
			break;
		case ACCT_T_DEACTIVATED_AT:
			bad |= acct_get_u64(&f, &u->deactivated_at);
			break;
		case ACCT_T_PASSWORD_HASH:
			bad |= get_str(&f, u->password_hash,
				       sizeof(u->password_hash));
			break;
		default:
			break;
		}
	}
	return (rc < 0 || bad) ? -1 : 0;
}

int st_group_decode(const void *p, size_t len, struct ad_group *g)
{
	struct acct_reader r;
	struct acct_field f;
	int rc, bad = 0;

	memset(g, 0, sizeof(*g));
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_NAME:
			bad |= get_str(&f, g->name, sizeof(g->name));
			break;
		case ACCT_T_GID:
			bad |= acct_get_u32(&f, &g->gid);
			break;
		case ACCT_T_KIND:
			bad |= acct_get_u32(&f, &g->kind);
			break;
		case ACCT_T_TENANT_GID:
			bad |= acct_get_u32(&f, &g->tenant_gid);
			break;
		default:
			break;
		}
	}
	return (rc < 0 || bad) ? -1 : 0;
}

/* ---- encoding ---- */

/* Empty strings are left out: absent reads back as empty. */
static void put_opt_str(struct acct_buf *b, uint16_t tag, const char *s)
{
	if (s[0] != '\0')
		acct_put_str(b, tag, s);
}

static int save(struct st_wtx *w, enum st_db db, uint32_t id)
{
	struct acct_buf *b = &w->st->rec;
	uint8_t key[4];

	if (b->err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot encode a record");
	acct_be32_put(key, id);
	return st_put(w, db, key, sizeof(key), b->data, b->len, 0);
}

int st_tenant_save(struct st_wtx *w, const struct ad_tenant *t)
{
	struct acct_buf *b = &w->st->rec;

	acct_buf_reset(b);
	acct_put_bytes(b, ACCT_T_UUID, t->uuid, AD_UUID_LEN);
	acct_put_str(b, ACCT_T_NAME, t->slug);
	put_opt_str(b, ACCT_T_DISPLAY_NAME, t->display_name);
	acct_put_u32(b, ACCT_T_STATUS, t->status);
	acct_put_u32(b, ACCT_T_GID, t->gid);
	acct_put_u32(b, ACCT_T_ADMIN_GID, t->admin_gid);
	put_opt_str(b, ACCT_T_STATUS_REASON, t->status_reason);
	if (t->status_updated_at != 0)
		acct_put_u64(b, ACCT_T_STATUS_UPDATED_AT, t->status_updated_at);
	put_opt_str(b, ACCT_T_STATUS_UPDATED_BY, t->status_updated_by);
	acct_put_u64(b, ACCT_T_CREATED, t->created);
	acct_put_u64(b, ACCT_T_UPDATED, t->updated);
	if (t->suspended_at != 0)
		acct_put_u64(b, ACCT_T_SUSPENDED_AT, t->suspended_at);
	if (t->deprovisioned_at != 0)
		acct_put_u64(b, ACCT_T_DEPROVISIONED_AT, t->deprovisioned_at);
	if (t->finalized_at != 0)
		acct_put_u64(b, ACCT_T_FINALIZED_AT, t->finalized_at);
	tenant_plans_encode(b, t);
	if (t->app_passwords != 0)
		acct_put_u32(b, ACCT_T_APP_PASSWORDS, t->app_passwords);
	return save(w, DB_TENANTS, t->gid);
}

int st_user_save(struct st_wtx *w, const struct ad_user *u)
{
	struct acct_buf *b = &w->st->rec;

	acct_buf_reset(b);
	acct_put_bytes(b, ACCT_T_UUID, u->uuid, AD_UUID_LEN);
	acct_put_str(b, ACCT_T_NAME, u->name);
	acct_put_u32(b, ACCT_T_UID, u->uid);
	acct_put_u32(b, ACCT_T_GID, u->gid);
	acct_put_u32(b, ACCT_T_TENANT_GID, u->tenant_gid);
	acct_put_u32(b, ACCT_T_ROLE, u->role);
	acct_put_u32(b, ACCT_T_STATUS, u->status);
	put_opt_str(b, ACCT_T_DISPLAY_NAME, u->display_name);
	put_opt_str(b, ACCT_T_EMAIL, u->email);
	acct_put_str(b, ACCT_T_HOME, u->home);
	acct_put_str(b, ACCT_T_SHELL, u->shell);
	acct_put_u64(b, ACCT_T_CREATED, u->created);
	acct_put_u64(b, ACCT_T_UPDATED, u->updated);
	if (u->deleted_at != 0)
		acct_put_u64(b, ACCT_T_DELETED_AT, u->deleted_at);
	put_opt_str(b, ACCT_T_STATUS_REASON, u->status_reason);
	if (u->failed_logins != 0)
		acct_put_u32(b, ACCT_T_FAILED_LOGINS, u->failed_logins);
	if (u->locked_until != 0)
		acct_put_u64(b, ACCT_T_LOCKED_UNTIL, u->locked_until);
	if (u->first_failure != 0)
		acct_put_u64(b, ACCT_T_FIRST_FAILURE, u->first_failure);
	put_opt_str(b, ACCT_T_PASSWORD_HASH, u->password_hash);
	if (u->email_verified_at != 0)
		acct_put_u64(b, ACCT_T_EMAIL_VERIFIED_AT, u->email_verified_at);
	put_opt_str(b, ACCT_T_GIVEN_NAME, u->profile.given_name);
	put_opt_str(b, ACCT_T_FAMILY_NAME, u->profile.family_name);
	put_opt_str(b, ACCT_T_AVATAR_URL, u->profile.avatar_url);
	put_opt_str(b, ACCT_T_BIO, u->profile.bio);
	put_opt_str(b, ACCT_T_TIMEZONE, u->profile.timezone);
	put_opt_str(b, ACCT_T_LOCALE, u->profile.locale);
	if (u->deactivated_at != 0)
		acct_put_u64(b, ACCT_T_DEACTIVATED_AT, u->deactivated_at);
	return save(w, DB_USERS, u->uid);
}

int st_group_save(struct st_wtx *w, const struct ad_group *g)
{
	struct acct_buf *b = &w->st->rec;

	acct_buf_reset(b);
	acct_put_str(b, ACCT_T_NAME, g->name);
	acct_put_u32(b, ACCT_T_GID, g->gid);
	acct_put_u32(b, ACCT_T_KIND, g->kind);
	acct_put_u32(b, ACCT_T_TENANT_GID, g->tenant_gid);
	return save(w, DB_GROUPS, g->gid);
}

/* ---- fetching ---- */

static int corrupt(struct ad_err *err, const char *what, uint32_t id)
{
	ad_log(LOG_ERR, "store: corrupt %s record %u", what, id);
	return st_fail(err, ACCT_ST_INTERNAL,
		       "internal error in the store (see the log)");
}

/* Fetch the record under a BE32 id; ACCT_ST_NOTFOUND when absent. */
static int fetch(MDB_txn *txn, struct ad_store *st, enum st_db db, uint32_t id,
		 MDB_val *val, struct ad_err *err)
{
	uint8_t key[4];
	int rc;

	acct_be32_put(key, id);
	rc = st_get(txn, st->dbi[db], key, sizeof(key), val);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_NOTFOUND;
	if (rc != 0)
		return st_mdb_fail(err, rc, "fetch");
	return ACCT_ST_OK;
}

/* Resolve a name index to its BE32 id. */
static int resolve(MDB_txn *txn, struct ad_store *st, enum st_db db,
		   struct ad_str name, uint32_t *id, struct ad_err *err)
{
	MDB_val val;
	int rc;

	*id = 0;
	if (name.p == NULL)
		return ACCT_ST_NOTFOUND;
	rc = st_get(txn, st->dbi[db], name.p, name.len, &val);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_NOTFOUND;
	if (rc != 0)
		return st_mdb_fail(err, rc, "resolve");
	if (val.mv_size != 4)
		return corrupt(err, "name index", 0);
	*id = acct_be32_get(val.mv_data);
	return ACCT_ST_OK;
}

int st_tenant_by_gid(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		     struct ad_tenant *t, struct ad_err *err)
{
	MDB_val val;
	int rc;

	rc = fetch(txn, st, DB_TENANTS, gid, &val, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (st_tenant_decode(val.mv_data, val.mv_size, t) < 0)
		return corrupt(err, "tenant", gid);
	return ACCT_ST_OK;
}

int st_tenant_must(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		   struct ad_tenant *t, struct ad_err *err)
{
	int rc = st_tenant_by_gid(txn, st, gid, t, err);

	return rc == ACCT_ST_NOTFOUND ? corrupt(err, "tenant", gid) : rc;
}

int st_user_tenant(MDB_txn *txn, struct ad_store *st, struct ad_user *u,
		   struct ad_tenant *t, struct ad_err *err)
{
	int rc = st_tenant_must(txn, st, u->tenant_gid, t, err);

	if (rc == ACCT_ST_OK)
		memcpy(u->tenant, t->slug, sizeof(u->tenant));
	st_user_role_name(txn, st, u);
	return rc;
}

/* A custom role's record (store/role.c writes them). */
static int role_decode(const void *p, size_t len, struct ad_role *r)
{
	struct acct_reader rd;
	struct acct_field f;
	int rc, bad = 0;

	memset(r, 0, sizeof(*r));
	acct_reader_init(&rd, p, len);
	while ((rc = acct_next(&rd, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_ROLE:
			bad |= acct_get_u32(&f, &r->id);
			break;
		case ACCT_T_TENANT_GID:
			bad |= acct_get_u32(&f, &r->tenant_gid);
			break;
		case ACCT_T_NAME:
			bad |= acct_get_strcpy(&f, r->name, sizeof(r->name));
			break;
		case ACCT_T_RANK:
			bad |= acct_get_u32(&f, &r->rank);
			break;
		case ACCT_T_KIND: /* the permission bits */
			bad |= acct_get_u32(&f, &r->perms);
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &r->created);
			break;
		case ACCT_T_UPDATED:
			bad |= acct_get_u64(&f, &r->updated);
			break;
		default:
			break;
		}
	}
	return rc < 0 || bad || r->id < AD_ROLE_CUSTOM_MIN ? -1 : 0;
}

int st_role_by_id(MDB_txn *txn, struct ad_store *st, uint32_t id,
		  struct ad_role *r, struct ad_err *err)
{
	uint8_t key[4];
	MDB_val val;
	int rc;

	memset(r, 0, sizeof(*r));
	acct_be32_put(key, id);
	rc = st_get(txn, st->dbi[DB_ROLES], key, sizeof(key), &val);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_NOTFOUND;
	if (rc != 0)
		return st_mdb_fail(err, rc, "roles");
	if (role_decode(val.mv_data, val.mv_size, r) < 0)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "role %lu: corrupt record", (unsigned long)id);
	return ACCT_ST_OK;
}

void st_user_role_name(MDB_txn *txn, struct ad_store *st, struct ad_user *u)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	struct ad_role r;

	u->role_name[0] = '\0';
	if (u->role >= AD_ROLE_CUSTOM_MIN &&
	    st_role_by_id(txn, st, u->role, &r, &scratch) == ACCT_ST_OK)
		memcpy(u->role_name, r.name, sizeof(u->role_name));
}

int st_tenant_by_slug(MDB_txn *txn, struct ad_store *st, struct ad_str slug,
		      struct ad_tenant *t, struct ad_err *err)
{
	uint32_t gid;
	int rc;

	rc = resolve(txn, st, DB_TENANT_BY_SLUG, slug, &gid, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_tenant_by_gid(txn, st, gid, t, err);
	return rc == ACCT_ST_NOTFOUND ? corrupt(err, "tenant", gid) : rc;
}

int st_tenant_find(MDB_txn *txn, struct ad_store *st, struct ad_str slug,
		   struct ad_tenant *t, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];
	int rc;

	rc = st_tenant_by_slug(txn, st, slug, t, err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(err, ACCT_ST_NOTFOUND, "no tenant '%s'",
			       st_show(q, sizeof(q), slug.p, slug.len));
	return rc;
}

int st_user_by_uid(MDB_txn *txn, struct ad_store *st, uint32_t uid,
		   struct ad_user *u, struct ad_err *err)
{
	MDB_val val;
	int rc;

	rc = fetch(txn, st, DB_USERS, uid, &val, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (st_user_decode(val.mv_data, val.mv_size, u) < 0)
		return corrupt(err, "user", uid);
	return ACCT_ST_OK;
}

int st_user_by_name(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		    struct ad_user *u, struct ad_err *err)
{
	uint32_t uid;
	int rc;

	rc = resolve(txn, st, DB_USER_BY_NAME, name, &uid, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_uid(txn, st, uid, u, err);
	return rc == ACCT_ST_NOTFOUND ? corrupt(err, "user", uid) : rc;
}

int st_group_by_gid(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		    struct ad_group *g, struct ad_err *err)
{
	MDB_val val;
	int rc;

	rc = fetch(txn, st, DB_GROUPS, gid, &val, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (st_group_decode(val.mv_data, val.mv_size, g) < 0)
		return corrupt(err, "group", gid);
	return ACCT_ST_OK;
}

int st_group_by_name(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		     struct ad_group *g, struct ad_err *err)
{
	uint32_t gid;
	int rc;

	rc = resolve(txn, st, DB_GROUP_BY_NAME, name, &gid, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_group_by_gid(txn, st, gid, g, err);
	return rc == ACCT_ST_NOTFOUND ? corrupt(err, "group", gid) : rc;
}

int st_tenant_status(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		     uint32_t *status, struct ad_err *err)
{
	MDB_val val;
	int rc;

	rc = fetch(txn, st, DB_TENANTS, gid, &val, err);
	if (rc == ACCT_ST_NOTFOUND)
		return corrupt(err, "tenant", gid);
	if (rc != ACCT_ST_OK)
		return rc;
	if (tenant_status_of(val.mv_data, val.mv_size, status) < 0)
		return corrupt(err, "tenant", gid);
	return ACCT_ST_OK;
}

int st_tenant_count(MDB_txn *txn, struct ad_store *st, struct ad_tenant *t,
		    struct ad_err *err)
{
	uint8_t key[10];
	size_t klen = st_tusers_key(key, t->gid);
	int rc;

	rc = st_meta_get(txn, st, key, klen, &t->user_count);
	if (rc != 0)
		return st_mdb_fail(err, rc, "tenant count");
	return ACCT_ST_OK;
}

int st_tenant_slug(MDB_txn *txn, struct ad_store *st, struct st_slug_cache *c,
		   uint32_t gid, char *dst, struct ad_err *err)
{
	struct ad_tenant t;
	int rc;

	if (c->gid != gid || c->slug[0] == '\0') {
		rc = st_tenant_must(txn, st, gid, &t, err);
		if (rc != ACCT_ST_OK)
			return rc;
		c->gid = gid;
		memcpy(c->slug, t.slug, sizeof(c->slug));
	}
	memcpy(dst, c->slug, sizeof(c->slug));
	return ACCT_ST_OK;
}

int st_role_save(struct st_wtx *w, const struct ad_role *r)
{
	struct acct_buf *b = &w->st->rec;
	uint8_t key[4];

	acct_buf_reset(b);
	acct_put_u32(b, ACCT_T_ROLE, r->id);
	acct_put_u32(b, ACCT_T_TENANT_GID, r->tenant_gid);
	acct_put_str(b, ACCT_T_NAME, r->name);
	acct_put_u32(b, ACCT_T_RANK, r->rank);
	acct_put_u32(b, ACCT_T_KIND, r->perms);
	acct_put_u64(b, ACCT_T_CREATED, r->created);
	acct_put_u64(b, ACCT_T_UPDATED, r->updated);
	if (b->err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot encode a role");
	acct_be32_put(key, r->id);
	return st_put(w, DB_ROLES, key, sizeof(key), b->data, b->len, 0);
}
