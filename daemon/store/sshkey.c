/*
 * sshkey.c - users' SSH public keys (see store/sshkey.h): one record per
 * key under uid + SHA-256 of its blob.
 */
#include <stdio.h>

#include "store/priv.h"
#include "store/sshkey.h"

#define KEY_LEN (4 + ACCT_SSHKEY_DIGEST_LEN)

static void key_of(uint8_t key[KEY_LEN], uint32_t uid, const uint8_t *digest)
{
	acct_be32_put(key, uid);
	memcpy(key + 4, digest, ACCT_SSHKEY_DIGEST_LEN);
}

static int encode(struct acct_buf *b, const struct ad_ssh_key *k)
{
	acct_buf_reset(b);
	acct_put_str(b, ACCT_T_KEY_TYPE, k->key.type);
	acct_put_str(b, ACCT_T_KEY_DATA, k->key.data);
	if (k->key.comment[0] != '\0')
		acct_put_str(b, ACCT_T_KEY_COMMENT, k->key.comment);
	acct_put_str(b, ACCT_T_FINGERPRINT, k->key.fingerprint);
	acct_put_u32(b, ACCT_T_KEY_BITS, k->key.bits);
	acct_put_u64(b, ACCT_T_CREATED, k->created);
	return b->err != 0 ? -1 : 0;
}

/* A stored record back into k (its digest from the key it sits under). */
static int decode(const MDB_val *key, const MDB_val *val, struct ad_ssh_key *k)
{
	struct acct_reader rd;
	struct acct_field f;
	int rc, bad = 0;

	memset(k, 0, sizeof(*k));
	if (key->mv_size != KEY_LEN)
		return -1;
	memcpy(k->key.digest, (const uint8_t *)key->mv_data + 4,
	       ACCT_SSHKEY_DIGEST_LEN);
	acct_reader_init(&rd, val->mv_data, val->mv_size);
	while ((rc = acct_next(&rd, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_KEY_TYPE:
			bad |= acct_get_strcpy(&f, k->key.type,
					       sizeof(k->key.type));
			break;
		case ACCT_T_KEY_DATA:
			bad |= acct_get_strcpy(&f, k->key.data,
					       sizeof(k->key.data));
			break;
		case ACCT_T_KEY_COMMENT:
			bad |= acct_get_strcpy(&f, k->key.comment,
					       sizeof(k->key.comment));
			break;
		case ACCT_T_FINGERPRINT:
			bad |= acct_get_strcpy(&f, k->key.fingerprint,
					       sizeof(k->key.fingerprint));
			break;
		case ACCT_T_KEY_BITS:
			bad |= acct_get_u32(&f, &k->key.bits);
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &k->created);
			break;
		default:
			break;
		}
	}
	return rc < 0 || bad || k->key.type[0] == '\0' || k->key.data[0] == '\0'
		       ? -1
		       : 0;
}

/* The live user called login, inside w. */
static int live_user(struct st_wtx *w, struct ad_str login, struct ad_user *u)
{
	char shown[ST_SHOW_MAX + 4];
	int rc;

	memset(u, 0, sizeof(*u));
	rc = st_check_login_field(login, w->err);
	if (rc == ACCT_ST_OK)
		rc = st_user_by_name(w->txn, w->st, login, u, w->err);
	if (rc == ACCT_ST_NOTFOUND ||
	    (rc == ACCT_ST_OK && u->status == ACCT_USER_DELETED))
		rc = st_fail(w->err, ACCT_ST_NOTFOUND, "no such user '%s'",
			     st_show(shown, sizeof(shown), login.p, login.len));
	return rc;
}

/* ---- counting and dropping a user's keys ---- */

static int count_one(void *arg, const MDB_val *key, const MDB_val *val)
{
	(void)key;
	(void)val;
	(*(uint32_t *)arg)++;
	return ACCT_ST_OK;
}

static int count_keys(struct st_wtx *w, uint32_t uid, uint32_t *n)
{
	uint8_t from[4];

	*n = 0;
	acct_be32_put(from, uid);
	return st_walk(w->txn, w->st, DB_SSH_KEYS,
		       (struct st_range){from, sizeof(from), sizeof(from)},
		       count_one, n, w->err);
}

int st_ssh_key_drop_user(struct st_wtx *w, uint32_t uid)
{
	uint8_t from[4];
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	acct_be32_put(from, uid);
	rc = mdb_cursor_open(w->txn, w->st->dbi[DB_SSH_KEYS], &cur);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "ssh_keys");
	/* from the first key of uid again after each delete: a user has
	 * few keys, and a fresh position needs no reasoning */
	for (;;) {
		k.mv_data = from;
		k.mv_size = sizeof(from);
		rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
		if (rc != 0 || k.mv_size < 4 || memcmp(k.mv_data, from, 4) != 0)
			break;
		rc = mdb_cursor_del(cur, 0);
		if (rc != 0)
			break;
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "ssh_keys");
	return ACCT_ST_OK;
}

/* ---- add, remove, list ---- */

static int add_in(struct st_wtx *w, struct ad_str login,
		  const struct ad_ssh_key *k, uint32_t max)
{
	uint8_t key[KEY_LEN];
	struct ad_user u;
	uint32_t n;
	MDB_val val;
	int rc;

	rc = live_user(w, login, &u);
	if (rc != ACCT_ST_OK)
		return rc;
	key_of(key, u.uid, k->key.digest);
	rc = st_get(w->txn, w->st->dbi[DB_SSH_KEYS], key, sizeof(key), &val);
	if (rc == 0)
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "user '%s' already has the key %s", u.name,
			       k->key.fingerprint);
	if (rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "ssh_keys");
	rc = count_keys(w, u.uid, &n);
	if (rc == ACCT_ST_OK && n >= max)
		return st_fail(w->err, ACCT_ST_CONFLICT,
			       "user '%s' has %lu SSH keys, the most "
			       "max_ssh_keys_per_user allows: remove one "
			       "first",
			       u.name, (unsigned long)n);
	if (rc == ACCT_ST_OK && encode(&w->st->rec, k) != 0)
		rc = st_fail(w->err, ACCT_ST_INTERNAL,
			     "cannot encode an SSH key");
	if (rc == ACCT_ST_OK)
		rc = st_put(w, DB_SSH_KEYS, key, sizeof(key), w->st->rec.data,
			    w->st->rec.len, MDB_NOOVERWRITE);
	return rc;
}

int ad_store_ssh_key_add(struct ad_store *st, struct ad_str login,
			 const struct acct_sshkey *k, uint32_t max,
			 const char *actor, struct ad_ssh_key *out,
			 struct ad_err *err)
{
	struct ad_ssh_key sk;
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	sk.key = *k;
	sk.created = w.now;
	rc = st_write_end(&w, add_in(&w, login, &sk, max));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = sk;
	return rc;
}

static int remove_in(struct st_wtx *w, struct ad_str login,
		     const uint8_t *digest, struct ad_ssh_key *out)
{
	uint8_t key[KEY_LEN];
	struct ad_user u;
	MDB_val k, val;
	int rc;

	rc = live_user(w, login, &u);
	if (rc != ACCT_ST_OK)
		return rc;
	key_of(key, u.uid, digest);
	rc = st_get(w->txn, w->st->dbi[DB_SSH_KEYS], key, sizeof(key), &val);
	if (rc == MDB_NOTFOUND)
		return st_fail(w->err, ACCT_ST_NOTFOUND,
			       "user '%s' has no such SSH key", u.name);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "ssh_keys");
	k.mv_data = key;
	k.mv_size = sizeof(key);
	if (decode(&k, &val, out) != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "ssh_keys: corrupt record");
	return st_del(w, DB_SSH_KEYS, key, sizeof(key));
}

int ad_store_ssh_key_remove(struct ad_store *st, struct ad_str login,
			    const uint8_t digest[ACCT_SSHKEY_DIGEST_LEN],
			    const char *actor, struct ad_ssh_key *out,
			    struct ad_err *err)
{
	struct ad_ssh_key sk;
	struct st_wtx w;
	int rc;

	rc = st_write_begin(st, &w, actor, err);
	if (rc != ACCT_ST_OK)
		return rc;
	rc = st_write_end(&w, remove_in(&w, login, digest, &sk));
	if (rc == ACCT_ST_OK && out != NULL)
		*out = sk;
	return rc;
}

struct list_walk {
	ad_ssh_key_fn fn;
	void *arg;
	struct ad_err *err;
};

static int list_one(void *arg, const MDB_val *key, const MDB_val *val)
{
	struct list_walk *lw = arg;
	struct ad_ssh_key k;

	if (decode(key, val, &k) != 0)
		return st_fail(lw->err, ACCT_ST_INTERNAL,
			       "ssh_keys: corrupt record");
	return st_walk_step(lw->fn(lw->arg, &k), "cannot list SSH keys",
			    lw->err);
}

int ad_store_ssh_key_list(struct ad_store *st, uint32_t uid, ad_ssh_key_fn fn,
			  void *arg, struct ad_err *err)
{
	struct list_walk lw = {fn, arg, err};
	uint8_t from[4];
	MDB_txn *txn;
	int rc;

	rc = st_read_begin(st, &txn, err);
	if (rc != ACCT_ST_OK)
		return rc;
	acct_be32_put(from, uid);
	rc = st_walk(txn, st, DB_SSH_KEYS,
		     (struct st_range){from, sizeof(from), sizeof(from)},
		     list_one, &lw, err);
	st_read_end(st);
	return rc;
}
