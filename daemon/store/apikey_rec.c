/*
 * apikey_rec.c - the records of API keys and of a tenant's monthly
 * usage (see apikey.h; the key layouts in priv.h), read and written
 * inside a transaction.
 */
#include "store/priv.h"

#define USAGE_KEY_LEN 8

static void key_encode(struct acct_buf *b, const struct ad_apikey *k)
{
	acct_put_str(b, ACCT_T_KEY_PREFIX, k->prefix);
	acct_put_u32(b, ACCT_T_UID, k->uid);
	acct_put_u32(b, ACCT_T_TENANT_GID, k->tenant_gid);
	if (k->name[0] != '\0')
		acct_put_str(b, ACCT_T_KEY_NAME, k->name);
	acct_put_u32(b, ACCT_T_SCOPES, k->scopes);
	acct_put_u64(b, ACCT_T_CREATED, k->created);
	acct_put_u64(b, ACCT_T_EXPIRES, k->expires);
	acct_put_u64(b, ACCT_T_REVOKED_AT, k->revoked_at);
	acct_put_u64(b, ACCT_T_LAST_USED, k->last_used);
	acct_put_u64(b, ACCT_T_USE_COUNT, k->use_count);
	acct_put_bytes(b, ACCT_T_SECRET_HASH, k->hash, sizeof(k->hash));
}

static int key_decode(const void *p, size_t len, struct ad_apikey *k)
{
	struct acct_reader r;
	struct acct_field f;
	int rc, bad = 0;

	memset(k, 0, sizeof(*k));
	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_KEY_PREFIX:
			bad |= acct_get_strcpy(&f, k->prefix,
					       sizeof(k->prefix));
			break;
		case ACCT_T_UID:
			bad |= acct_get_u32(&f, &k->uid);
			break;
		case ACCT_T_TENANT_GID:
			bad |= acct_get_u32(&f, &k->tenant_gid);
			break;
		case ACCT_T_KEY_NAME:
			bad |= acct_get_strcpy(&f, k->name, sizeof(k->name));
			break;
		case ACCT_T_SCOPES:
			bad |= acct_get_u32(&f, &k->scopes);
			break;
		case ACCT_T_CREATED:
			bad |= acct_get_u64(&f, &k->created);
			break;
		case ACCT_T_EXPIRES:
			bad |= acct_get_u64(&f, &k->expires);
			break;
		case ACCT_T_REVOKED_AT:
			bad |= acct_get_u64(&f, &k->revoked_at);
			break;
		case ACCT_T_LAST_USED:
			bad |= acct_get_u64(&f, &k->last_used);
			break;
		case ACCT_T_USE_COUNT:
			bad |= acct_get_u64(&f, &k->use_count);
			break;
		case ACCT_T_SECRET_HASH:
			if (f.len != sizeof(k->hash))
				bad = 1;
			else
				memcpy(k->hash, f.val, sizeof(k->hash));
			break;
		default: /* a newer version's field */
			break;
		}
	}
	return (rc < 0 || bad || k->prefix[0] == '\0') ? -1 : 0;
}

int st_apikey_get(MDB_txn *txn, struct ad_store *st, const char *prefix,
		  struct ad_apikey *k, struct ad_err *err)
{
	MDB_val val;
	int rc;

	rc = st_get(txn, st->dbi[DB_API_KEYS], prefix, AD_KEY_PREFIX_LEN, &val);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_NOTFOUND;
	if (rc == 0 && key_decode(val.mv_data, val.mv_size, k) < 0)
		rc = MDB_CORRUPTED;
	if (rc != 0)
		return st_mdb_fail(err, rc, "api_keys");
	return ACCT_ST_OK;
}

int st_apikey_save(struct st_wtx *w, const struct ad_apikey *k)
{
	acct_buf_reset(&w->st->rec);
	key_encode(&w->st->rec, k);
	if (w->st->rec.err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot encode an API key");
	return st_put(w, DB_API_KEYS, k->prefix, AD_KEY_PREFIX_LEN,
		      w->st->rec.data, w->st->rec.len, 0);
}

static void usage_key(uint8_t k[USAGE_KEY_LEN], uint32_t gid, uint32_t month)
{
	acct_be32_put(k, gid);
	acct_be32_put(k + 4, month);
}

int st_usage_get(MDB_txn *txn, struct ad_store *st, uint32_t gid,
		 uint32_t month, struct ad_usage *u, struct ad_err *err)
{
	uint8_t k[USAGE_KEY_LEN];
	struct acct_reader r;
	struct acct_field f;
	MDB_val val;
	int rc, bad = 0;

	memset(u, 0, sizeof(*u));
	usage_key(k, gid, month);
	rc = st_get(txn, st->dbi[DB_API_USAGE], k, sizeof(k), &val);
	if (rc == MDB_NOTFOUND)
		return ACCT_ST_OK; /* nothing counted yet */
	if (rc != 0)
		return st_mdb_fail(err, rc, "api_usage");
	acct_reader_init(&r, val.mv_data, val.mv_size);
	while ((rc = acct_next(&r, &f)) == 1) {
		if (f.tag == ACCT_T_UNITS)
			bad |= acct_get_u64(&f, &u->units);
		else if (f.tag == ACCT_T_KEY_USES)
			bad |= acct_get_u64(&f, &u->key_uses);
	}
	if (rc < 0 || bad)
		return st_mdb_fail(err, MDB_CORRUPTED, "api_usage");
	return ACCT_ST_OK;
}

int st_usage_put(struct st_wtx *w, uint32_t gid, uint32_t month,
		 const struct ad_usage *u)
{
	uint8_t k[USAGE_KEY_LEN];

	usage_key(k, gid, month);
	acct_buf_reset(&w->st->rec);
	acct_put_u64(&w->st->rec, ACCT_T_UNITS, u->units);
	acct_put_u64(&w->st->rec, ACCT_T_KEY_USES, u->key_uses);
	if (w->st->rec.err != 0)
		return st_fail(w->err, ACCT_ST_INTERNAL, "cannot encode usage");
	return st_put(w, DB_API_USAGE, k, sizeof(k), w->st->rec.data,
		      w->st->rec.len, 0);
}
