/*
 * store_user.c - users: create, import, update, delete (a tombstone that
 * keeps the login reserved), and the memberships and indexes that follow
 * them.  A user's tenant group lists every live user of the tenant; the
 * admins group lists its owners and admins.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "store_priv.h"

#define EMAIL_KEY_MAX (4 + AD_MAX_EMAIL)

static bool is_admin_role(uint32_t role)
{
	return role == ACCT_ROLE_ADMIN || role == ACCT_ROLE_OWNER;
}

/* key[EMAIL_KEY_MAX]: tenant gid + email (not NUL-terminated) */
static size_t email_key(uint8_t *key, uint32_t tenant_gid, const char *email)
{
	size_t n = strnlen(email, AD_MAX_EMAIL);

	st_be32_put(key, tenant_gid);
	memcpy(key + 4, email, n);
	return 4 + n;
}

static void tenant_user_key(uint8_t key[8], uint32_t tenant_gid, uint32_t uid)
{
	st_be32_put(key, tenant_gid);
	st_be32_put(key + 4, uid);
}

/* Find a user for a management request: NOTFOUND carries a message. */
static int user_find(MDB_txn *txn, struct ad_store *st, struct ad_str name,
		     struct ad_user *u, struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];
	int rc;

	rc = st_user_by_name(txn, st, name, u, err);
	if (rc == ACCT_ST_NOTFOUND)
		return st_fail(err, ACCT_ST_NOTFOUND, "no user '%s'",
			       st_show(q, sizeof(q), name.p, name.len));
	return rc;
}

/* A live user: a tombstone cannot be changed. */
static int user_find_live(MDB_txn *txn, struct ad_store *st, struct ad_str name,
			  struct ad_user *u, struct ad_err *err)
{
	int rc = user_find(txn, st, name, u, err);

	if (rc == ACCT_ST_OK && u->status == ACCT_USER_DELETED)
		return st_fail(err, ACCT_ST_CONFLICT, "user '%s' is deleted",
			       u->name);
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

/* EXISTS when another user of the tenant has this email. */
static int email_free(struct st_wtx *w, uint32_t tenant_gid, const char *email,
		      const char *slug)
{
	uint8_t key[EMAIL_KEY_MAX];
	MDB_val found;
	int rc;

	if (email[0] == '\0')
		return ACCT_ST_OK;
	rc = st_get(w->txn, w->st->dbi[DB_USER_BY_EMAIL], key,
		    email_key(key, tenant_gid, email), &found);
	if (rc == 0)
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "email '%s' is already used in tenant '%s'",
			       email, slug);
	if (rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "user_by_email");
	return ACCT_ST_OK;
}

static int email_put(struct st_wtx *w, const struct ad_user *u)
{
	uint8_t key[EMAIL_KEY_MAX], val[4];

	if (u->email[0] == '\0')
		return ACCT_ST_OK;
	st_be32_put(val, u->uid);
	return st_put(w, DB_USER_BY_EMAIL, key,
		      email_key(key, u->tenant_gid, u->email), val, sizeof(val),
		      0);
}

static int email_del(struct st_wtx *w, const struct ad_user *u)
{
	uint8_t key[EMAIL_KEY_MAX];

	if (u->email[0] == '\0')
		return ACCT_ST_OK;
	return st_del(w, DB_USER_BY_EMAIL, key,
		      email_key(key, u->tenant_gid, u->email));
}

/* A tenant on its way out takes no new users or memberships. */
static int tenant_open(struct st_wtx *w, const struct ad_tenant *t)
{
	if (t->status == ACCT_TENANT_DEPROVISIONING)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "tenant '%s' is being deprovisioned", t->slug);
	if (t->status == ACCT_TENANT_DEPROVISIONED)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "tenant '%s' is deprovisioned", t->slug);
	return ACCT_ST_OK;
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

static int user_create_in(struct st_wtx *w, const struct st_user_new *n,
			  struct ad_user *u)
{
	struct ad_tenant t;
	uint8_t key[8], val[4];
	int rc;

	memset(u, 0, sizeof(*u));
	rc = st_tenant_find(w->txn, w->st, ad_str_c(n->tenant), &t, w->err);
	if (rc == ACCT_ST_OK)
		rc = tenant_open(w, &t);
	if (rc == ACCT_ST_OK)
		rc = login_unused(w, n->name);
	if (rc != ACCT_ST_OK)
		return rc;

	randombytes_buf(u->uuid, sizeof(u->uuid));
	memcpy(u->name, n->name, sizeof(u->name));
	u->gid = u->tenant_gid = t.gid;
	u->role = n->role;
	u->status = ACCT_USER_ACTIVE;
	memcpy(u->display_name, n->display_name, sizeof(u->display_name));
	memcpy(u->email, n->email, sizeof(u->email));
	memcpy(u->home, n->home, sizeof(u->home));
	memcpy(u->shell, n->shell, sizeof(u->shell));
	u->created = u->updated = w->now;
	memcpy(u->tenant, t.slug, sizeof(u->tenant));

	rc = email_free(w, t.gid, u->email, t.slug);
	if (rc == ACCT_ST_OK)
		rc = st_alloc_uid(w, &u->uid);
	if (rc == ACCT_ST_OK)
		rc = email_put(w, u);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_save(w, u);
	if (rc != ACCT_ST_OK)
		return rc;
	st_be32_put(val, u->uid);
	rc = st_put(w, DB_USER_BY_NAME, u->name, strlen(u->name), val,
		    sizeof(val), MDB_NOOVERWRITE);
	if (rc != ACCT_ST_OK)
		return rc;
	tenant_user_key(key, t.gid, u->uid);
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
			 const char *actor, struct ad_user *out,
			 struct ad_err *err)
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
	rc = st_write_end(&w, user_create_in(&w, &n, &u));
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

int ad_store_user_import(struct ad_store *st, const struct ad_user_spec *specs,
			 size_t n, const char *actor, struct ad_err *err)
{
	struct st_user_new nu;
	struct ad_user u;
	struct st_wtx w;
	size_t i;
	int rc;

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
		if (rc == ACCT_ST_OK)
			rc = user_create_in(&w, &nu, &u);
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
	rc = user_find(txn, st, name, out, err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_must(txn, st, out->tenant_gid, &t, err);
	if (rc == ACCT_ST_OK)
		memcpy(out->tenant, t.slug, sizeof(out->tenant));
	st_read_end(st);
	return rc;
}

/* ---- the last active owner ---- */

struct owner_count {
	MDB_txn *txn;
	struct ad_store *st;
	struct ad_err *err;
	unsigned n;
	int rc;
};

static int count_owner(void *arg, const char *login, size_t len, uint32_t uid)
{
	struct owner_count *c = arg;
	struct ad_user u;

	c->rc = st_user_by_uid(c->txn, c->st, uid, &u, c->err);
	if (c->rc != ACCT_ST_OK)
		return -1;
	if (u.role == ACCT_ROLE_OWNER && u.status == ACCT_USER_ACTIVE)
		c->n++;
	return 0;
}

/* Refuse to take away the tenant's last active owner. */
static int keep_an_owner(struct st_wtx *w, const struct ad_user *u,
			 const struct ad_tenant *t)
{
	struct owner_count c = {w->txn, w->st, w->err, 0, ACCT_ST_OK};
	int rc;

	if (u->role != ACCT_ROLE_OWNER || u->status != ACCT_USER_ACTIVE)
		return ACCT_ST_OK;
	/* owners are all in the admins group: a short scan */
	rc = st_member_walk(w->txn, w->st, t->admin_gid, count_owner, &c,
			    w->err);
	if (c.rc != ACCT_ST_OK)
		return c.rc;
	if (rc != ACCT_ST_OK)
		return rc;
	if (c.n <= 1)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "'%s' is the last active owner of tenant '%s'",
			       u->name, t->slug);
	return ACCT_ST_OK;
}

/* ---- update ---- */

/* The checked, normalised changes of a USER_UPDATE. */
struct user_changes {
	uint32_t role;
	bool display_name, email, home, shell;
	char display_name_v[AD_MAX_TEXT + 1];
	char email_v[AD_MAX_EMAIL + 1];
	char home_v[AD_MAX_TEXT + 1];
	char shell_v[AD_MAX_TEXT + 1];
};

static int check_changes(const struct ad_user_spec *s,
			 const struct ad_config *cfg, struct user_changes *c,
			 struct ad_err *err)
{
	struct ad_user_spec full;
	struct st_user_new n;
	int rc;

	memset(c, 0, sizeof(*c));
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
	c->role = s->role;
	/* the create rules give the defaults for an emptied home/shell */
	full = *s;
	full.tenant = ad_str_c("xx");
	full.role = 0;
	rc = st_check_user_new(&full, cfg, &n, err);
	if (rc != ACCT_ST_OK)
		return rc;
	c->display_name = ad_str_given(s->display_name);
	c->email = ad_str_given(s->email);
	c->home = ad_str_given(s->home);
	c->shell = ad_str_given(s->shell);
	memcpy(c->display_name_v, n.display_name, sizeof(n.display_name));
	memcpy(c->email_v, n.email, sizeof(n.email));
	memcpy(c->home_v, n.home, sizeof(n.home));
	memcpy(c->shell_v, n.shell, sizeof(n.shell));
	return ACCT_ST_OK;
}

static int apply_changes(struct st_wtx *w, const struct user_changes *c,
			 struct ad_user *u, const struct ad_tenant *t)
{
	int rc = ACCT_ST_OK;

	if (c->role != 0 && c->role != u->role) {
		if (u->role == ACCT_ROLE_OWNER)
			rc = keep_an_owner(w, u, t);
		if (rc == ACCT_ST_OK && is_admin_role(c->role) &&
		    !is_admin_role(u->role))
			rc = st_member_add(w, t->admin_gid, u->name, u->uid);
		if (rc == ACCT_ST_OK && !is_admin_role(c->role) &&
		    is_admin_role(u->role))
			rc = st_member_del(w, t->admin_gid, u->name, u->uid);
		u->role = c->role;
	}
	if (rc == ACCT_ST_OK && c->email && strcmp(c->email_v, u->email) != 0) {
		rc = email_del(w, u);
		memcpy(u->email, c->email_v, sizeof(u->email));
		if (rc == ACCT_ST_OK)
			rc = email_free(w, u->tenant_gid, u->email, t->slug);
		if (rc == ACCT_ST_OK)
			rc = email_put(w, u);
	}
	if (rc != ACCT_ST_OK)
		return rc;
	if (c->display_name)
		memcpy(u->display_name, c->display_name_v,
		       sizeof(u->display_name));
	if (c->home)
		memcpy(u->home, c->home_v, sizeof(u->home));
	if (c->shell)
		memcpy(u->shell, c->shell_v, sizeof(u->shell));
	u->updated = w->now;
	return st_user_save(w, u);
}

int ad_store_user_update(struct ad_store *st,
			 const struct ad_user_spec *changes, const char *actor,
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
	rc = user_find_live(w.txn, st, changes->name, &u, err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_must(w.txn, st, u.tenant_gid, &t, err);
	if (rc == ACCT_ST_OK)
		rc = apply_changes(&w, &c, &u, &t);
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL) {
		memcpy(u.tenant, t.slug, sizeof(u.tenant));
		*out = u;
	}
	return rc;
}

/* ---- delete and status ---- */

static int user_delete_in(struct st_wtx *w, struct ad_str name,
			  struct ad_user *u, struct ad_tenant *t)
{
	uint8_t key[8];
	int rc;

	rc = user_find(w->txn, w->st, name, u, w->err);
	if (rc == ACCT_ST_OK && u->status == ACCT_USER_DELETED)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "user '%s' is already deleted", u->name);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_must(w->txn, w->st, u->tenant_gid, t, w->err);
	if (rc == ACCT_ST_OK)
		rc = keep_an_owner(w, u, t);
	if (rc == ACCT_ST_OK)
		rc = st_member_drop_user(w, u->name, u->uid);
	if (rc == ACCT_ST_OK)
		rc = email_del(w, u);
	if (rc == ACCT_ST_OK) {
		tenant_user_key(key, u->tenant_gid, u->uid);
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
			 const char *actor, struct ad_user *out,
			 struct ad_err *err)
{
	struct ad_tenant t;
	struct ad_user u;
	struct st_wtx w;
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	rc = st_check_login(name, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = user_delete_in(&w, name, &u, &t);
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL) {
		memcpy(u.tenant, t.slug, sizeof(u.tenant));
		*out = u;
	}
	return rc;
}

int ad_store_user_set_status(struct ad_store *st, struct ad_str name,
			     uint32_t status, const char *actor,
			     struct ad_user *out, struct ad_err *err)
{
	struct ad_tenant t;
	struct ad_user u;
	struct st_wtx w;
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (status != ACCT_USER_PENDING && status != ACCT_USER_ACTIVE &&
	    status != ACCT_USER_DISABLED)
		return st_fail(err, ACCT_ST_INVALID,
			       "user status %u is not valid here: use 1 "
			       "(pending), 2 (active) or 3 (disabled)",
			       status);
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = user_find_live(w.txn, st, name, &u, err);
	if (rc == ACCT_ST_OK)
		rc = st_tenant_must(w.txn, st, u.tenant_gid, &t, err);
	if (rc == ACCT_ST_OK && status != ACCT_USER_ACTIVE)
		rc = keep_an_owner(&w, &u, &t);
	if (rc == ACCT_ST_OK && status != u.status) {
		u.status = status;
		u.updated = w.now;
		rc = st_user_save(&w, &u);
	}
	rc = st_write_end(&w, rc);
	if (rc == ACCT_ST_OK && out != NULL) {
		memcpy(u.tenant, t.slug, sizeof(u.tenant));
		*out = u;
	}
	return rc;
}

/* ---- list ---- */

struct slug_cache {
	uint32_t gid;
	char slug[ACCT_MAX_SLUG + 1];
};

static int fill_slug(MDB_txn *txn, struct ad_store *st, struct slug_cache *c,
		     struct ad_user *u, struct ad_err *err)
{
	struct ad_tenant t;
	int rc;

	if (c->gid != u->tenant_gid || c->slug[0] == '\0') {
		rc = st_tenant_must(txn, st, u->tenant_gid, &t, err);
		if (rc != ACCT_ST_OK)
			return rc;
		c->gid = u->tenant_gid;
		memcpy(c->slug, t.slug, sizeof(c->slug));
	}
	memcpy(u->tenant, c->slug, sizeof(u->tenant));
	return ACCT_ST_OK;
}

/*
 * Walk users with uid > after: through tenant_users for one tenant (keys
 * tenant gid + uid), or through users for all of them.
 */
static int user_walk(MDB_txn *txn, struct ad_store *st, const uint8_t *prefix,
		     size_t plen, uint32_t after, ad_user_fn fn, void *arg,
		     struct ad_err *err)
{
	struct slug_cache cache = {0, ""};
	MDB_cursor *cur;
	MDB_val key, val;
	uint8_t start[8];
	struct ad_user u;
	uint32_t uid;
	int rc, res = ACCT_ST_OK, stop = 0;

	if (after == UINT32_MAX)
		return ACCT_ST_OK;
	memcpy(start, prefix, plen);
	st_be32_put(start + plen, after + 1);
	key.mv_data = start;
	key.mv_size = plen + 4;
	rc = mdb_cursor_open(txn, st->dbi[plen ? DB_TENANT_USERS : DB_USERS],
			     &cur);
	if (rc != 0)
		return st_mdb_fail(err, rc, "users");
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		if (key.mv_size != plen + 4 ||
		    memcmp(key.mv_data, prefix, plen) != 0)
			break;
		if (plen > 0) {
			uid = st_be32_get((const uint8_t *)key.mv_data + plen);
			res = st_user_by_uid(txn, st, uid, &u, err);
			if (res == ACCT_ST_NOTFOUND)
				res = ACCT_ST_INTERNAL;
		} else if (st_user_decode(val.mv_data, val.mv_size, &u) < 0) {
			res = st_fail(err, ACCT_ST_INTERNAL,
				      "corrupt user record");
		}
		if (res != ACCT_ST_OK)
			break;
		if (u.status == ACCT_USER_DELETED)
			continue;
		res = fill_slug(txn, st, &cache, &u, err);
		if (res != ACCT_ST_OK)
			break;
		stop = fn(arg, &u);
		if (stop != 0)
			break;
	}
	mdb_cursor_close(cur);
	if (res != ACCT_ST_OK)
		return res;
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(err, rc, "users");
	if (stop < 0)
		return st_fail(err, ACCT_ST_INTERNAL, "cannot list users");
	return ACCT_ST_OK;
}

int ad_store_user_list(struct ad_store *st, struct ad_str tenant,
		       uint32_t after, ad_user_fn fn, void *arg,
		       struct ad_err *err)
{
	struct ad_tenant t;
	uint8_t prefix[4];
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (ad_str_given(tenant)) {
		rc = st_tenant_find(txn, st, tenant, &t, err);
		if (rc == ACCT_ST_OK) {
			st_be32_put(prefix, t.gid);
			rc = user_walk(txn, st, prefix, 4, after, fn, arg, err);
		}
	} else {
		rc = user_walk(txn, st, prefix, 0, after, fn, arg, err);
	}
	st_read_end(st);
	return rc;
}
