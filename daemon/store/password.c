/*
 * password.c - a user's password hash: written into the user record
 * (store-only field, see ACCT_T_PASSWORD_HASH), one durable transaction.
 * Hashing happens elsewhere, off the loop; here only the result is kept.
 */

#include "store/audit.h"
#include "store/priv.h"

/*
 * Write hash into the live user called name; with expect set, only if the
 * stored hash is still expect (a rehash must not undo a password change
 * made while it was computed).
 */
/* What a change brings along besides the hash. */
struct hash_change {
	const char *expect;		 /* NULL: replace whatever is there */
	bool clear_lockout;		 /* a right password was shown */
	const struct ad_audit_event *ev; /* NULL: not audited */
};

static int put_hash(struct ad_store *st, struct ad_str name, const char *hash,
		    const struct hash_change *c, const char *actor,
		    struct ad_err *err)
{
	char q[ST_SHOW_MAX + 4];
	struct ad_user u;
	struct st_wtx w;
	size_t len = hash != NULL ? strlen(hash) : 0;
	int rc;

	if (!ad_str_given(name))
		return st_fail(err, ACCT_ST_BADREQ, "missing field: name");
	if (len == 0 || len > AD_MAX_PWHASH)
		return st_fail(err, ACCT_ST_INTERNAL, "bad password hash");
	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_user_by_name(w.txn, st, name, &u, err);
	/* a tombstone has no use for a password */
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && u.status == ACCT_USER_DELETED))
		rc = st_fail(err, ACCT_ST_NOTFOUND, "no user '%s'",
			     st_show(q, sizeof(q), name.p, name.len));
	if (rc == ACCT_ST_OK && c->expect != NULL &&
	    strcmp(u.password_hash, c->expect) != 0)
		rc = st_fail(err, ACCT_ST_CONFLICT,
			     "the password changed meanwhile");
	if (rc == ACCT_ST_OK) {
		memcpy(u.password_hash, hash, len + 1);
		u.updated = w.now;
		if (c->clear_lockout)
			ad_user_clear_failures(&u);
		rc = st_user_save(&w, &u);
	}
	if (rc == ACCT_ST_OK && c->ev != NULL)
		rc = ad_audit_append_in(&w, c->ev);
	return st_write_end(&w, rc);
}

int ad_store_user_set_password(struct ad_store *st, struct ad_str name,
			       const char *hash, const char *actor,
			       struct ad_err *err)
{
	/* audited by the dispatcher's record (ad_store_audit_next) */
	struct hash_change c = {NULL, false, NULL};

	return put_hash(st, name, hash, &c, actor, err);
}

int ad_store_user_change_password(struct ad_store *st, struct ad_str name,
				  const char *old_hash, const char *new_hash,
				  const struct ad_audit_event *ev,
				  struct ad_err *err)
{
	struct hash_change c = {old_hash, old_hash != NULL, ev};

	return put_hash(st, name, new_hash, &c, ev != NULL ? ev->actor : NULL,
			err);
}

int ad_store_user_rehash(struct ad_store *st, struct ad_str name,
			 const char *old_hash, const char *new_hash,
			 struct ad_err *err)
{
	struct hash_change c = {old_hash, false, NULL};

	return put_hash(st, name, new_hash, &c, "accountsd", err);
}
