/*
 * getby.c - one entry by name or by id, for either database: the body of
 * getpwnam_r, getpwuid_r, getgrnam_r and getgrgid_r.
 */
#include <errno.h>

#include "acct_codec.h"
#include "acct_names.h"
#include "nss_accounts.h"

/*
 * Ask for key and copy the entry out if the daemon answered with exactly
 * one that is the one asked for.
 */
static enum nss_status fetch_one(const struct nss_acct_db *db,
				 const struct nss_acct_key *key, void *result,
				 char *buf, size_t buflen, int *err)
{
	struct acct_reply rep;
	struct acct_field f;
	enum nss_status st;
	int rc;

	if (buf == NULL || buflen == 0) {
		*err = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	st = nss_acct_lookup_key(key->name != NULL ? db->byname_op
						   : db->byid_op,
				 db->id_tag, key, &rep, err);
	if (st != NSS_STATUS_SUCCESS)
		return st;

	if (acct_find(rep.payload, rep.len, db->rec_tag, &f) != 1)
		rc = EBADMSG;
	else
		rc = db->fill(&f, key, result, buf, buflen);
	acct_reply_free(&rep);

	if (rc == 0)
		return NSS_STATUS_SUCCESS;
	*err = rc;
	return rc == ERANGE ? NSS_STATUS_TRYAGAIN : NSS_STATUS_UNAVAIL;
}

static enum nss_status get_entry(const struct nss_acct_db *db,
				 const struct nss_acct_key *key, bool key_valid,
				 void *result, char *buf, size_t buflen,
				 int saved_errno, int *errnop)
{
	int err = 0;
	enum nss_status st;

	st = nss_acct_admit(key_valid, &err);
	if (st == NSS_STATUS_SUCCESS)
		st = fetch_one(db, key, result, buf, buflen, &err);
	return nss_acct_finish(st, err, saved_errno, errnop);
}

enum nss_status nss_acct_get_byname(const struct nss_acct_db *db,
				    const char *name, void *result, char *buf,
				    size_t buflen, int *errnop)
{
	int saved = errno;
	struct nss_acct_key key = {.name = name};

	key.name_len = nss_acct_name_len(name, db->valid_name);
	return get_entry(db, &key, key.name_len != 0, result, buf, buflen,
			 saved, errnop);
}

enum nss_status nss_acct_get_byid(const struct nss_acct_db *db, uint32_t id,
				  void *result, char *buf, size_t buflen,
				  int *errnop)
{
	int saved = errno;
	struct nss_acct_key key = {.id = id};

	return get_entry(db, &key, acct_valid_id(id), result, buf, buflen,
			 saved, errnop);
}
