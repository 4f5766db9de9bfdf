/*
 * user.c - users: create, import, update, delete (a tombstone that
 * keeps the login reserved), and the memberships and indexes that follow
 * them.  A user's tenant group lists every live user of the tenant; the
 * admins group lists its owners and admins.
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/priv.h"
#include "store/token.h"
#include "store/uuid.h"

static bool is_admin_role(uint32_t role)
{
	return role == ACCT_ROLE_ADMIN || role == ACCT_ROLE_OWNER;
}

/*
 * The user a management request names, with its tenant, and the slug in
 * u->tenant.  NOTFOUND carries a message.  deleted_msg NULL finds a
 * tombstone like any user; otherwise a tombstone is refused with CONFLICT
 * "user 'bob' <deleted_msg>".
 */
static int user_find(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		     const char *deleted_msg, struct ad_user *u,
		     struct ad_tenant *t, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];
	int rc;

	rc = st_user_by_name(txn, st, name, u, err);
	if (rc == ACCT_ST_NOTFOUND)
		rc = st_fail(err, ACCT_ST_NOTFOUND, "no user '%s'",
			     st_show(q, sizeof(q), name.p, name.len));
	if (rc == ACCT_ST_OK && deleted_msg != NULL &&
	    u->status == ACCT_USER_DELETED)
		rc = st_fail(err, ACCT_ST_CONFLICT, "user '%s' %s", u->name,
			     deleted_msg);
	if (rc == ACCT_ST_OK)
		rc = st_user_tenant(txn, st, u, t, err);
	return rc;
}

static int login_unused(struct st_wtx *w, const char *name)
{
	struct ad_user old;
	int rc;

	rc = st_user_by_name(w->txn, w->st, ad_str_c(name), &old, w->err);
	if (rc == ACCT_ST_OK && old.status == ACCT_USER_DELETED)
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "login '%s' belonged to a deleted user and "
			       "stays reserved",
			       name);
	if (rc == ACCT_ST_OK)
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "login '%s' is already taken", name);
	if (rc != ACCT_ST_NOTFOUND)
		return rc;
	return st_local_name_free(w, name);
}

static int count_users(struct st_wtx *w, uint32_t tenant_gid, int delta)
{
	uint8_t key[10];
	size_t klen = st_tusers_key(key, tenant_gid);
	int rc;

	rc = st_meta_add(w, "users", 5, delta);
	if (rc == ACCT_ST_OK)
		rc = st_meta_add(w, key, klen, delta);
	return rc;
}

int st_user_create_in(struct st_wtx *w, const struct st_user_new *n,
		      ad_tenant_open_fn open, uint32_t status,
		      struct ad_user *u)
{
	struct ad_tenant t;
	uint8_t key[8], val[4];
	int rc;

	memset(u, 0, sizeof(*u));
	rc = st_tenant_find(w->txn, w->st, ad_str_c(n->tenant), &t, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_open(w, open, &t);
	if (rc == ACCT_ST_OK)
		rc = st_role_of_tenant(w->txn, w->st, n->role, &t, w->err);
	if (rc == ACCT_ST_OK)
		rc = login_unused(w, n->name);
	if (rc != ACCT_ST_OK)
		return rc;

	st_uuid_new(u->uuid);
	memcpy(u->name, n->name, sizeof(u->name));
	u->gid = u->tenant_gid = t.gid;
	u->role = n->role;
	u->status = status;
	memcpy(u->display_name, n->f.display_name, sizeof(u->display_name));
	memcpy(u->email, n->f.email, sizeof(u->email));
	memcpy(u->home, n->f.home, sizeof(u->home));
	memcpy(u->shell, n->f.shell, sizeof(u->shell));
	u->profile = n->f.profile;
	u->created = u->updated = w->now;
	memcpy(u->tenant, t.slug, sizeof(u->tenant));

	rc = st_email_free(w, u, t.slug);
	if (rc == ACCT_ST_OK)
		rc = st_alloc_uid(w, &u->uid);
	if (rc == ACCT_ST_OK)
		rc = st_email_put(w, u);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_save(w, u);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_be32_put(val, u->uid);
	rc = st_put(w, DB_USER_BY_NAME, u->name, strlen(u->name), val,
		    sizeof(val), MDB_NOOVERWRITE);
	if (rc != ACCT_ST_OK)
		return rc;
	st_key_ids(key, t.gid, u->uid);
	rc = st_put(w, DB_TENANT_USERS, key, sizeof(key), NULL, 0, 0);
	if (rc == ACCT_ST_OK)
		rc = st_member_add(w, t.gid, u->name, u->uid);
	if (rc == ACCT_ST_OK && is_admin_role(u->role))
		rc = st_member_add(w, t.admin_gid, u->name, u->uid);
	if (rc == ACCT_ST_OK)
		rc = count_users(w, t.gid, 1);
	return rc;
}

int ad_store_user_create(struct ad_store *st, const struct ad_user_spec *spec,
			 ad_tenant_open_fn open, const char *actor,
			 struct ad_user *out, struct ad_err *err)
{
	struct st_user_new n;
	struct ad_user u;
	struct st_wtx w;
	int rc;

	rc = st_check_user_new(spec, st_cfg(st), &n, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(
		&w, st_user_create_in(&w, &n, open, ACCT_USER_ACTIVE, &u));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}

/* "user 'bob': <what went wrong>" so a bulk import names the culprit. */
static int import_fail(struct ad_err *err, int rc, const struct ad_user_spec *s,
		       size_t i)
{
	char msg[AD_MSG_MAX], q[ST_SHOW_MAX + 4];

	memcpy(msg, err->msg, sizeof(msg));
	msg[sizeof(msg) - 1] = '\0';
	if (ad_str_given(s->name))
		st_fail(err, rc, "user '%s': %s",
			st_show(q, sizeof(q), s->name.p, s->name.len), msg);
	else
		st_fail(err, rc, "user #%zu: %s", i + 1, msg);
	return rc;
}

/* Is login a directory user's already (a deleted one's too)? */
static int login_taken(struct st_wtx *w, const char *login, bool *taken)
{
	MDB_val val;
	int rc = st_get(w->txn, w->st->dbi[DB_USER_BY_NAME], login,
			strlen(login), &val);

	*taken = rc == 0;
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "user_by_name");
	return ACCT_ST_OK;
}

int ad_store_user_import(struct ad_store *st, const struct ad_user_spec *specs,
			 size_t n, ad_tenant_open_fn open, const char *actor,
			 uint32_t *skipped, struct ad_err *err)
{
	struct st_user_new nu;
	struct ad_user u;
	struct st_wtx w;
	bool taken = false;
	size_t i;
	int rc;

	if (skipped != NULL)
		*skipped = 0;
	if (n == 0)
		return st_fail(err, ACCT_ST_BADREQ, "missing field: user");
	for (i = 0; i < n; i++) {
		rc = st_check_user_new(&specs[i], st_cfg(st), &nu, err);
		if (rc != ACCT_ST_OK)
			return import_fail(err, rc, &specs[i], i);
	}
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	for (i = 0; i < n && rc == ACCT_ST_OK; i++) {
		/* checked above; normalise again rather than keep n copies */
		rc = st_check_user_new(&specs[i], st_cfg(st), &nu, err);
		if (rc == ACCT_ST_OK && skipped != NULL)
			rc = login_taken(&w, nu.name, &taken);
		if (rc == ACCT_ST_OK && taken) {
			(*skipped)++;
			continue;
		}
		if (rc == ACCT_ST_OK)
			rc = st_user_create_in(&w, &nu, open, ACCT_USER_ACTIVE,
					       &u);
		if (rc != ACCT_ST_OK)
			import_fail(err, rc, &specs[i], i);
	}
	return st_write_end(&w, rc);
}

int ad_store_user_get(struct ad_store *st, struct ad_str name,
		      struct ad_user *out, struct ad_err *err)
{
	struct ad_tenant t;
	MDB_txn *txn;
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = user_find(txn, st, name, NULL, out, &t, err);
	st_read_end(st);
	return rc;
}

/* ---- update ---- */

/* The checked, normalised changes of a USER_UPDATE: the spec says which
 * fields change, v holds their new values. */
struct user_changes {
	const struct ad_user_spec *spec;
	struct st_user_fields v;
};

static int check_changes(const struct ad_user_spec *s,
			 const struct ad_config *cfg, struct user_changes *c,
			 struct ad_err *err)
{
	char login[ACCT_MAX_NAME + 1];
	int rc;

	c->spec = s;
	if (!ad_str_given(s->name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (ad_str_given(s->tenant))
		return st_fail(err, ACCT_ST_INVALID,
			       "tenant cannot be changed: a user stays in its "
			       "tenant");
	rc = st_check_login(s->name, err);
	if (rc == ACCT_ST_OK && s->role != 0)
		rc = st_check_role(s->role, err);
	if (rc != ACCT_ST_OK)
		return rc;
	st_copy(login, s->name);
	/* the defaults of an emptied home or shell are the create rules' */
	return st_check_user_fields(s, cfg, login, &c->v, err);
}

/* One field the changes give (src, checked) into dst. */
static void copy_given(struct ad_str given, char *dst, const char *src,
		       size_t size)
{
	if (ad_str_given(given))
		memcpy(dst, src, size);
}

/* The profile fields the changes give, into p. */
static void apply_profile(const struct ad_profile_spec *given,
			  const struct ad_profile *v, struct ad_profile *p)
{
	copy_given(given->given_name, p->given_name, v->given_name,
		   sizeof(p->given_name));
	copy_given(given->family_name, p->family_name, v->family_name,
		   sizeof(p->family_name));
	copy_given(given->avatar_url, p->avatar_url, v->avatar_url,
		   sizeof(p->avatar_url));
	copy_given(given->bio, p->bio, v->bio, sizeof(p->bio));
	copy_given(given->timezone, p->timezone, v->timezone,
		   sizeof(p->timezone));
	copy_given(given->locale, p->locale, v->locale, sizeof(p->locale));
}

static int apply_changes(struct st_wtx *w, const struct user_changes *c,
			 const struct ad_user_guard *guard, struct ad_user *u,
			 const struct ad_tenant *t)
{
	const struct ad_user_spec *s = c->spec;
	uint32_t role = s->role;
	int rc = ACCT_ST_OK;

	if (role != 0 && role != u->role) {
		rc = st_role_of_tenant(w->txn, w->st, role, t, w->err);
		if (rc == ACCT_ST_OK)
			rc = st_user_guard(w, guard, u, t, role, u->status);
		if (rc == ACCT_ST_OK && is_admin_role(role) &&
		    !is_admin_role(u->role))
			rc = st_member_add(w, t->admin_gid, u->name, u->uid);
		if (rc == ACCT_ST_OK && !is_admin_role(role) &&
		    is_admin_role(u->role))
			rc = st_member_del(w, t->admin_gid, u->name, u->uid);
		u->role = role;
		st_user_role_name(w->txn, w->st, u);
	}
	if (rc == ACCT_ST_OK && ad_str_given(s->email) &&
	    strcmp(c->v.email, u->email) != 0) {
		rc = st_email_del(w, u);
		memcpy(u->email, c->v.email, sizeof(u->email));
		u->email_verified_at = 0; /* a new address is not verified */
		if (rc == ACCT_ST_OK)
			rc = st_email_free(w, u, t->slug);
		if (rc == ACCT_ST_OK)
			rc = st_email_put(w, u);
	}
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_str_given(s->display_name))
		memcpy(u->display_name, c->v.display_name,
		       sizeof(u->display_name));
	if (ad_str_given(s->home))
		memcpy(u->home, c->v.home, sizeof(u->home));
	if (ad_str_given(s->shell))
		memcpy(u->shell, c->v.shell, sizeof(u->shell));
	apply_profile(&s->profile, &c->v.profile, &u->profile);
	u->updated = w->now;
	return st_user_save(w, u);
}

int ad_store_user_update(struct ad_store *st,
			 const struct ad_user_spec *changes,
			 const struct ad_user_guard *guard, const char *actor,
			 struct ad_user *out, struct ad_err *err)
{
	struct user_changes c;
	struct ad_tenant t;
	struct ad_user u;
	struct st_wtx w;
	int rc;

	rc = check_changes(changes, st_cfg(st), &c, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = user_find(w.txn, st, changes->name, "is deleted", &u, &t, err);
	/* the user a self-service request names is its caller's */
	if (rc == ACCT_ST_OK && changes->uid != 0 && u.uid != changes->uid)
		rc = st_fail(err, ACCT_ST_CONFLICT,
			     "user '%s' is not the one asked for", u.name);
	if (rc == ACCT_ST_OK)
		rc = apply_changes(&w, &c, guard, &u, &t);
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}

/* ---- delete and status ---- */

static int user_delete_in(struct st_wtx *w, struct ad_str name,
			  const struct ad_user_guard *guard, struct ad_user *u)
{
	struct ad_tenant t;
	uint8_t key[8];
	int rc;

	rc = user_find(w->txn, w->st, name, "is already deleted", u, &t,
		       w->err);
	if (rc == ACCT_ST_OK)
		rc = st_user_guard(w, guard, u, &t, u->role, ACCT_USER_DELETED);
	if (rc == ACCT_ST_OK)
		rc = st_member_drop_user(w, u->name, u->uid);
	if (rc == ACCT_ST_OK)
		rc = st_email_del(w, u);
	/* a deleted user's tokens go with it */
	if (rc == ACCT_ST_OK)
		rc = st_token_revoke(w, u->uid, 0, NULL, NULL);
	/* and its SSH keys */
	if (rc == ACCT_ST_OK)
		rc = st_ssh_key_drop_user(w, u->uid);
	/* and its API keys are revoked (kept for the record) */
	if (rc == ACCT_ST_OK)
		rc = st_apikey_revoke_user(w, u->uid);
	if (rc == ACCT_ST_OK) {
		st_key_ids(key, u->tenant_gid, u->uid);
		rc = st_del(w, DB_TENANT_USERS, key, sizeof(key));
	}
	if (rc != ACCT_ST_OK)
		return rc;
	/* the login stays in user_by_name: it is never handed out again */
	u->status = ACCT_USER_DELETED;
	u->deleted_at = u->updated = w->now;
	rc = st_user_save(w, u);
	if (rc == ACCT_ST_OK)
		rc = count_users(w, u->tenant_gid, -1);
	return rc;
}

int ad_store_user_delete(struct ad_store *st, struct ad_str name,
			 const struct ad_user_guard *guard, const char *actor,
			 struct ad_user *out, struct ad_err *err)
{
	struct ad_user u;
	struct st_wtx w;
	int rc;

	rc = st_check_login_field(name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, user_delete_in(&w, name, guard, &u));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = u;
	return rc;
}

int st_user_set_status_in(struct st_wtx *w, struct ad_str name, uint32_t status,
			  const struct ad_user_guard *guard, struct ad_user *u,
			  struct ad_tenant *t)
{
	struct ad_tenant tt;
	int rc;

	if (t == NULL)
		t = &tt;
	rc = user_find(w->txn, w->st, name, "is deleted", u, t, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_user_guard(w, guard, u, t, u->role, status);
	if (rc == ACCT_ST_OK && status != u->status) {
		u->status = status;
		u->updated = w->now;
		rc = st_user_save(w, u);
	}
	return rc;
}

/* ---- list ---- */

/* Users in uid order: every key is a uid (users), or a tenant gid + uid
 * (tenant_users, for one tenant). */
struct user_visit {
	MDB_txn *txn;
	struct ad_store *st;
	size_t klen;
	struct st_slug_cache slugs;
	ad_user_fn fn;
	void *arg;
	struct ad_err *err;
};

static int visit_user(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct user_visit *v = arg;
	struct ad_user u;
	uint32_t uid;
	int rc = ACCT_ST_OK;

	if (key->mv_size != v->klen)
		return ST_WALK_STOP;
	if (v->klen == 8) {
		uid = acct_be32_get((const uint8_t *)key->mv_data + 4);
		rc = st_user_by_uid(v->txn, v->st, uid, &u, v->err);
		if (rc == ACCT_ST_NOTFOUND)
			rc = ACCT_ST_INTERNAL;
	} else if (st_user_decode(val->mv_data, val->mv_size, &u) < 0) {
		rc = st_fail(v->err, ACCT_ST_INTERNAL, "corrupt user record");
	}
	if (rc != ACCT_ST_OK || u.status == ACCT_USER_DELETED)
		return rc;
	rc = st_tenant_slug(v->txn, v->st, &v->slugs, u.tenant_gid, u.tenant,
			    v->err);
	if (rc != ACCT_ST_OK)
		return rc;
	st_user_role_name(v->txn, v->st, &u);
	return st_walk_step(v->fn(v->arg, &u), "cannot list users", v->err);
}

int ad_store_user_list(struct ad_store *st, struct ad_str tenant,
		       uint32_t after, ad_user_fn fn, void *arg,
		       struct ad_err *err)
{
	struct user_visit v = {NULL, st, 4, {0, ""}, fn, arg, err};
	bool one_tenant = ad_str_given(tenant);
	struct ad_tenant t;
	uint8_t from[8];
	int rc;

	rc = st_read_begin(st, &v.txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (one_tenant)
		rc = st_tenant_find(v.txn, st, tenant, &t, err);
	/* nothing comes after the last possible uid */
	if (rc == ACCT_ST_OK && after != UINT32_MAX) {
		if (one_tenant) {
			st_key_ids(from, t.gid, after + 1);
			v.klen = 8;
		} else {
			acct_be32_put(from, after + 1);
		}
		rc = st_walk(v.txn, st,
			     v.klen == 8 ? DB_TENANT_USERS : DB_USERS,
			     (struct st_range){from, v.klen, v.klen - 4},
			     visit_user, &v, err);
	}
	st_read_end(st);
	return rc;
}
