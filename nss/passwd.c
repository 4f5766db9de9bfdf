/*
 * passwd.c - the passwd database: getpwnam_r, getpwuid_r, and the
 * set/get/endpwent entry points (enumeration itself is in enum.c).
 */
#include <errno.h>
#include <string.h>

#include "acct_codec.h"
#include "acct_names.h"
#include "acct_proto.h"
#include "nss_accounts.h"

/* A PASSWD rec, checked, still pointing into the reply. */
struct pw_view {
	const char *name, *gecos, *home, *shell;
	size_t name_len, gecos_len, home_len, shell_len;
	uint32_t uid, gid;
};

/* Take a string field once; a repeated field is as malformed as a bad one. */
static int take_str(const struct acct_field *f, const char **s, size_t *len)
{
	if (*s != NULL)
		return -1;
	return acct_get_str(f, s, len);
}

static int take_id(const struct acct_field *f, bool *seen, uint32_t *id)
{
	if (*seen || acct_get_u32(f, id) < 0 || !acct_valid_id(*id))
		return -1;
	*seen = true;
	return 0;
}

static int pw_parse(const struct acct_field *rec, struct pw_view *v)
{
	struct acct_reader r;
	struct acct_field f;
	bool have_uid = false, have_gid = false;
	int rc;

	memset(v, 0, sizeof(*v));
	acct_reader_sub(&r, rec);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_NAME:
			rc = take_str(&f, &v->name, &v->name_len);
			break;
		case ACCT_T_UID:
			rc = take_id(&f, &have_uid, &v->uid);
			break;
		case ACCT_T_GID:
			rc = take_id(&f, &have_gid, &v->gid);
			break;
		case ACCT_T_GECOS:
			rc = take_str(&f, &v->gecos, &v->gecos_len);
			break;
		case ACCT_T_HOME:
			rc = take_str(&f, &v->home, &v->home_len);
			break;
		case ACCT_T_SHELL:
			rc = take_str(&f, &v->shell, &v->shell_len);
			break;
		default: /* a field from a newer daemon */
			rc = 0;
			break;
		}
		if (rc < 0)
			return -1;
	}
	if (rc < 0 || !have_uid || !have_gid || v->home == NULL ||
	    v->shell == NULL)
		return -1;
	if (v->gecos == NULL)
		v->gecos = "";
	/* what would corrupt passwd-format output is malformed too */
	if (!acct_valid_login(v->name, v->name_len) ||
	    !acct_valid_gecos(v->gecos, v->gecos_len) ||
	    !acct_valid_path(v->home, v->home_len) ||
	    !acct_valid_path(v->shell, v->shell_len))
		return -1;
	return 0;
}

static char *put_str(char **p, const char *s, size_t len)
{
	char *start = *p;

	memcpy(start, s, len);
	start[len] = '\0';
	*p = start + len + 1;
	return start;
}

static int pw_copy(const struct pw_view *v, struct passwd *pw, char *buf,
		   size_t buflen)
{
	/* every string plus its NUL; "x" is the password field */
	size_t need = v->name_len + 1 + 2 + v->gecos_len + 1 + v->home_len + 1 +
		      v->shell_len + 1;
	char *p = buf;

	if (buf == NULL || need > buflen)
		return ERANGE;
	pw->pw_name = put_str(&p, v->name, v->name_len);
	pw->pw_passwd = put_str(&p, "x", 1);
	pw->pw_uid = v->uid;
	pw->pw_gid = v->gid;
	pw->pw_gecos = put_str(&p, v->gecos, v->gecos_len);
	pw->pw_dir = put_str(&p, v->home, v->home_len);
	pw->pw_shell = put_str(&p, v->shell, v->shell_len);
	return 0;
}

int nss_acct_fill_passwd(const struct acct_field *rec, void *result, char *buf,
			 size_t buflen)
{
	struct pw_view v;

	if (pw_parse(rec, &v) < 0)
		return EBADMSG;
	return pw_copy(&v, result, buf, buflen);
}

/* Is v the entry that was asked for (by name, or by uid if name is NULL)? */
static bool pw_answers(const struct pw_view *v, const char *name,
		       size_t name_len, uid_t uid)
{
	if (name == NULL)
		return v->uid == uid;
	return v->name_len == name_len && memcmp(v->name, name, name_len) == 0;
}

/*
 * Ask for one entry by name (name != NULL) or by uid, and copy it out if
 * the daemon answered for the key that was asked.
 */
static enum nss_status pw_get(const char *name, size_t name_len, uid_t uid,
			      struct passwd *pw, char *buf, size_t buflen,
			      int *err)
{
	struct acct_reply rep;
	struct acct_field f;
	struct pw_view v;
	enum nss_status st;
	int rc;

	if (buf == NULL || buflen == 0) {
		*err = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	if (name != NULL)
		st = nss_acct_lookup_name(ACCT_OP_PW_BYNAME, name, name_len,
					  &rep, err);
	else
		st = nss_acct_lookup_id(ACCT_OP_PW_BYUID, ACCT_T_UID,
					(uint32_t)uid, &rep, err);
	if (st != NSS_STATUS_SUCCESS)
		return st;

	if (acct_find(rep.payload, rep.len, ACCT_T_PASSWD, &f) != 1 ||
	    pw_parse(&f, &v) < 0 || !pw_answers(&v, name, name_len, uid))
		rc = EBADMSG;
	else
		rc = pw_copy(&v, pw, buf, buflen);
	acct_reply_free(&rep);

	if (rc == 0)
		return NSS_STATUS_SUCCESS;
	*err = rc;
	return rc == ERANGE ? NSS_STATUS_TRYAGAIN : NSS_STATUS_UNAVAIL;
}

enum nss_status _nss_accounts_getpwnam_r(const char *name, struct passwd *pw,
					 char *buf, size_t buflen, int *errnop)
{
	int saved = errno, err = 0;
	enum nss_status st;
	size_t len;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else if ((len = nss_acct_login_len(name)) == 0) {
		st = NSS_STATUS_NOTFOUND;
	} else {
		st = pw_get(name, len, 0, pw, buf, buflen, &err);
	}
	return nss_acct_finish(st, err, saved, errnop);
}

enum nss_status _nss_accounts_getpwuid_r(uid_t uid, struct passwd *pw,
					 char *buf, size_t buflen, int *errnop)
{
	int saved = errno, err = 0;
	enum nss_status st;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else if (!acct_valid_id(uid)) {
		st = NSS_STATUS_NOTFOUND;
	} else {
		st = pw_get(NULL, 0, uid, pw, buf, buflen, &err);
	}
	return nss_acct_finish(st, err, saved, errnop);
}

enum nss_status _nss_accounts_setpwent(int stayopen)
{
	int saved = errno;

	(void)stayopen; /* nothing stays open: one connection per batch */
	if (!nss_acct_enabled())
		return nss_acct_finish(NSS_STATUS_UNAVAIL, 0, saved, NULL);
	nss_acct_enum_reset(NSS_ACCT_DB_PASSWD);
	return nss_acct_finish(NSS_STATUS_SUCCESS, 0, saved, NULL);
}

enum nss_status _nss_accounts_getpwent_r(struct passwd *pw, char *buf,
					 size_t buflen, int *errnop)
{
	int saved = errno, err = 0;
	enum nss_status st;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else {
		st = nss_acct_enum_next(NSS_ACCT_DB_PASSWD, pw, buf, buflen,
					&err);
	}
	return nss_acct_finish(st, err, saved, errnop);
}

enum nss_status _nss_accounts_endpwent(void)
{
	int saved = errno;

	if (!nss_acct_enabled())
		return nss_acct_finish(NSS_STATUS_UNAVAIL, 0, saved, NULL);
	nss_acct_enum_reset(NSS_ACCT_DB_PASSWD);
	return nss_acct_finish(NSS_STATUS_SUCCESS, 0, saved, NULL);
}
