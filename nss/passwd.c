/*
 * passwd.c - the passwd database: how a PASSWD rec becomes a struct passwd,
 * and its entry points, which hand the rest to getby.c and enum.c.
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
			rc = nss_acct_take_str(&f, &v->name, &v->name_len);
			break;
		case ACCT_T_UID:
			rc = nss_acct_take_id(&f, &have_uid, &v->uid);
			break;
		case ACCT_T_GID:
			rc = nss_acct_take_id(&f, &have_gid, &v->gid);
			break;
		case ACCT_T_GECOS:
			rc = nss_acct_take_str(&f, &v->gecos, &v->gecos_len);
			break;
		case ACCT_T_HOME:
			rc = nss_acct_take_str(&f, &v->home, &v->home_len);
			break;
		case ACCT_T_SHELL:
			rc = nss_acct_take_str(&f, &v->shell, &v->shell_len);
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

static int pw_copy(const struct pw_view *v, struct passwd *pw, char *buf,
		   size_t buflen)
{
	/*
	 * every string plus its NUL.  The password field is "*", not "x":
	 * "x" sends pam_unix's account check to /etc/shadow, where our users
	 * are not, and Debian's common-account then denies them (sssd's
	 * pwfield default is "*" for the same reason).
	 */
	size_t need = v->name_len + 1 + 2 + v->gecos_len + 1 + v->home_len + 1 +
		      v->shell_len + 1;
	char *p = buf;

	if (buf == NULL || need > buflen)
		return ERANGE;
	pw->pw_name = nss_acct_put_str(&p, v->name, v->name_len);
	pw->pw_passwd = nss_acct_put_str(&p, "*", 1);
	pw->pw_uid = v->uid;
	pw->pw_gid = v->gid;
	pw->pw_gecos = nss_acct_put_str(&p, v->gecos, v->gecos_len);
	pw->pw_dir = nss_acct_put_str(&p, v->home, v->home_len);
	pw->pw_shell = nss_acct_put_str(&p, v->shell, v->shell_len);
	return 0;
}

static int pw_fill(const struct acct_field *rec,
		   const struct nss_acct_key *want, void *result, char *buf,
		   size_t buflen)
{
	struct pw_view v;

	if (pw_parse(rec, &v) < 0 ||
	    !nss_acct_key_is(want, v.name, v.name_len, v.uid))
		return EBADMSG;
	return pw_copy(&v, result, buf, buflen);
}

const struct nss_acct_db nss_acct_passwd_db = {
	.slot = NSS_ACCT_SLOT_PASSWD,
	.byname_op = ACCT_OP_PW_BYNAME,
	.byid_op = ACCT_OP_PW_BYUID,
	.enum_op = ACCT_OP_PW_ENUM,
	.id_tag = ACCT_T_UID,
	.rec_tag = ACCT_T_PASSWD,
	.valid_name = acct_valid_login,
	.fill = pw_fill,
};

enum nss_status _nss_accounts_getpwnam_r(const char *name, struct passwd *pw,
					 char *buf, size_t buflen, int *errnop)
{
	return nss_acct_get_byname(&nss_acct_passwd_db, name, pw, buf, buflen,
				   errnop);
}

enum nss_status _nss_accounts_getpwuid_r(uid_t uid, struct passwd *pw,
					 char *buf, size_t buflen, int *errnop)
{
	return nss_acct_get_byid(&nss_acct_passwd_db, uid, pw, buf, buflen,
				 errnop);
}

enum nss_status _nss_accounts_setpwent(int stayopen)
{
	(void)stayopen; /* nothing stays open: one connection per batch */
	return nss_acct_enum_reset(&nss_acct_passwd_db);
}

enum nss_status _nss_accounts_getpwent_r(struct passwd *pw, char *buf,
					 size_t buflen, int *errnop)
{
	return nss_acct_enum_next(&nss_acct_passwd_db, pw, buf, buflen, errnop);
}

enum nss_status _nss_accounts_endpwent(void)
{
	return nss_acct_enum_reset(&nss_acct_passwd_db);
}
