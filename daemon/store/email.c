/*
 * email.c - the email index (user_by_email: tenant gid + email -> uid).
 * An email is unique within its tenant: checked and kept up to date in
 * the write transaction that gives, changes or drops it.  When a store
 * whose index an older accountsd wrote is opened, the index is made again
 * from the users themselves, and duplicates found on the way are logged.
 */
#include "server/log.h"
#include "store/priv.h"

#define EMAIL_KEY_MAX (4 + AD_MAX_EMAIL)

/*
 * The rules the index was made under (meta "email_index", u32): absent,
 * an accountsd that lowercased whole addresses; 2, one that lowercases
 * only the domain (valid.c).  Addresses already stored keep their form
 * (a whole-lowercased one is still a normalised address).
 */
#define EMAIL_INDEX_VERSION 2u
static const char index_key[] = "email_index";

static size_t email_key(uint8_t key[EMAIL_KEY_MAX], uint32_t tenant_gid,
			const char *email)
{
	return st_key_id_str(key, tenant_gid, email, AD_MAX_EMAIL);
}

/* The uid holding email in the tenant (0: none). */
static int holder(MDB_txn *txn, struct ad_store *st, uint32_t tenant_gid,
		  const char *email, uint32_t *uid, struct ad_err *err)
{
	uint8_t key[EMAIL_KEY_MAX];
	MDB_val found;
	int rc;

	*uid = 0;
	rc = st_get(txn, st->dbi[DB_USER_BY_EMAIL], key,
		    email_key(key, tenant_gid, email), &found);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_OK;
	if (rc != 0)
		return st_mdb_fail(err, rc, "user_by_email");
	if (found.mv_size != 4)
		return st_fail(err, ACCT_ST_INTERNAL,
			       "internal error in the store (see the log)");
	*uid = acct_be32_get(found.mv_data);
	return ACCT_ST_OK;
}

int st_email_free(struct st_wtx *w, const struct ad_user *u, const char *slug)
{
	uint32_t uid;
	int rc;

	if (u->email[0] == '\0')
		return ACCT_ST_OK;
	rc = holder(w->txn, w->st, u->tenant_gid, u->email, &uid, w->err);
	if (rc == ACCT_ST_OK && uid != 0 && uid != u->uid)
		rc = st_fail(w->err, ACCT_ST_CONFLICT,
			     "email '%s' is already used in tenant '%s'",
			     u->email, slug);
	return rc;
}

int st_email_put(struct st_wtx *w, const struct ad_user *u)
{
	uint8_t key[EMAIL_KEY_MAX], val[4];

	if (u->email[0] == '\0')
		return ACCT_ST_OK;
	acct_be32_put(val, u->uid);
	return st_put(w, DB_USER_BY_EMAIL, key,
		      email_key(key, u->tenant_gid, u->email), val, sizeof(val),
		      0);
}

int st_email_del(struct st_wtx *w, const struct ad_user *u)
{
	uint8_t key[EMAIL_KEY_MAX];
	uint32_t uid;
	int rc;

	if (u->email[0] == '\0')
		return ACCT_ST_OK;
	/* a duplicate left by older data (below) is not the holder: the
	 * entry stays with the user it names */
	rc = holder(w->txn, w->st, u->tenant_gid, u->email, &uid, w->err);
	if (rc != ACCT_ST_OK || uid != u->uid)
		return rc;
	return st_del(w, DB_USER_BY_EMAIL, key,
		      email_key(key, u->tenant_gid, u->email));
}

/* ---- making the index again ---- */

struct rebuild {
	struct st_wtx *w;
	uint32_t emails, duplicates;
};

/* Log a duplicate: the first user (lowest uid) keeps the entry. */
static void log_duplicate(struct rebuild *r, const struct ad_user *u,
			  uint32_t first)
{
	struct ad_err scratch = {ACCT_ST_OK, ""};
	struct ad_user f;
	const char *name = "?";

	if (st_user_by_uid(r->w->txn, r->w->st, first, &f, &scratch) ==
	    ACCT_ST_OK)
		name = f.name;
	ad_log(LOG_WARNING,
	       "store: email '%s' of user '%s' (uid %u) is also user '%s''s "
	       "(uid %u) in the same tenant (gid %u): both keep it, only "
	       "'%s' is found by it; change one of them",
	       u->email, u->name, u->uid, name, first, u->tenant_gid, name);
	r->duplicates++;
}

static int index_user(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct rebuild *r = arg;
	struct ad_user u;
	uint32_t first;
	int rc;

	(void)key;
	if (st_user_decode(val->mv_data, val->mv_size, &u) < 0)
		return st_fail(r->w->err, ACCT_ST_INTERNAL,
			       "corrupt user record");
	/* tombstones give their address back (as user delete does) */
	if (u.status == ACCT_USER_DELETED || u.email[0] == '\0')
		return ACCT_ST_OK;
	rc = holder(r->w->txn, r->w->st, u.tenant_gid, u.email, &first,
		    r->w->err);
	if (rc != ACCT_ST_OK)
		return rc;
	if (first != 0) {
		log_duplicate(r, &u, first);
		return ACCT_ST_OK;
	}
	r->emails++;
	return st_email_put(r->w, &u);
}

static int rebuild_in(struct st_wtx *w, struct rebuild *r)
{
	int rc;

	rc = mdb_drop(w->txn, w->st->dbi[DB_USER_BY_EMAIL], 0);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "user_by_email");
	/* users in uid order: the oldest of duplicates keeps the entry */
	rc = st_walk(w->txn, w->st, DB_USERS, (struct st_range){NULL, 0, 0},
		     index_user, r, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_meta_put(w, index_key, sizeof(index_key) - 1,
				 EMAIL_INDEX_VERSION);
	return rc;
}

int st_email_index_open(struct ad_store *st, struct ad_err *err)
{
	struct rebuild r = {NULL, 0, 0};
	struct st_wtx w;
	MDB_txn *txn;
	uint32_t version = 0;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_meta_get(txn, st, index_key, sizeof(index_key) - 1, &version);
	st_read_end(st);
	if (rc != 0)
		return st_mdb_fail(err, rc, "meta");
	if (version == EMAIL_INDEX_VERSION)
		return ACCT_ST_OK;
	rc = st_write_begin(st, &w, "accountsd", err);
	if (rc != ACCT_ST_OK)
		return rc;
	r.w = &w;
	rc = st_write_end(&w, rebuild_in(&w, &r));
	if (rc != ACCT_ST_OK)
		return rc;
	if (r.emails > 0 || r.duplicates > 0)
		ad_log(r.duplicates > 0 ? LOG_WARNING : LOG_NOTICE,
		       "store: email index made again: %u addresses, %u "
		       "duplicates within a tenant (logged above)",
		       r.emails, r.duplicates);
	return ACCT_ST_OK;
}
