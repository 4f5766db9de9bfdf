/*
 * group.c - the group database: getgrnam_r, getgrgid_r, set/get/endgrent
 * (enumeration itself is in enum.c) and initgroups_dyn.
 */
#include <errno.h>
#include <limits.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"
#include "acct_names.h"
#include "acct_proto.h"
#include "nss_accounts.h"

/* A GROUP rec, checked; members are read again from rec when copying. */
struct gr_view {
	const struct acct_field *rec;
	const char *name;
	size_t name_len;
	uint32_t gid;
	size_t nmem;	  /* MEMBER fields */
	size_t mem_bytes; /* their lengths plus one NUL each */
};

static int gr_parse(const struct acct_field *rec, struct gr_view *v)
{
	struct acct_reader r;
	struct acct_field f;
	const char *s;
	size_t len;
	bool have_gid = false;
	int rc;

	memset(v, 0, sizeof(*v));
	v->rec = rec;
	acct_reader_sub(&r, rec);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_NAME:
			if (v->name != NULL ||
			    acct_get_str(&f, &v->name, &v->name_len) < 0)
				return -1;
			break;
		case ACCT_T_GID:
			if (have_gid || acct_get_u32(&f, &v->gid) < 0 ||
			    !acct_valid_id(v->gid))
				return -1;
			have_gid = true;
			break;
		case ACCT_T_MEMBER:
			if (acct_get_str(&f, &s, &len) < 0 ||
			    !acct_valid_login(s, len) ||
			    v->nmem >= ACCT_MAX_MEMBERS)
				return -1;
			v->nmem++;
			/* bounded by the reply size, which is far below SIZE_MAX */
			v->mem_bytes += len + 1;
			break;
		default: /* a field from a newer daemon */
			break;
		}
	}
	if (rc < 0 || !have_gid || !acct_valid_group(v->name, v->name_len))
		return -1;
	return 0;
}

static int gr_copy(const struct gr_view *v, struct group *gr, char *buf,
		   size_t buflen)
{
	struct acct_reader r;
	struct acct_field f;
	const char *s;
	size_t len, pad, need, ptrs, i = 0;
	char **mem;
	char *p;

	if (buf == NULL)
		return ERANGE;
	/* gr_mem goes first, aligned for char * wherever buf starts */
	pad = (alignof(char *) - (uintptr_t)buf % alignof(char *)) %
	      alignof(char *);
	/* a size no buffer can have is bad data, not a small buffer */
	if (v->nmem >= SIZE_MAX / sizeof(char *))
		return EBADMSG;
	ptrs = (v->nmem + 1) * sizeof(char *);
	need = pad;
	if (__builtin_add_overflow(need, ptrs, &need) ||
	    __builtin_add_overflow(need, v->name_len + 1 + 2, &need) ||
	    __builtin_add_overflow(need, v->mem_bytes, &need))
		return EBADMSG;
	if (need > buflen)
		return ERANGE;

	mem = (char **)(void *)(buf + pad);
	p = buf + pad + ptrs;
	memcpy(p, v->name, v->name_len);
	p[v->name_len] = '\0';
	gr->gr_name = p;
	p += v->name_len + 1;
	memcpy(p, "x", 2);
	gr->gr_passwd = p;
	p += 2;
	gr->gr_gid = v->gid;

	acct_reader_sub(&r, v->rec);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_MEMBER)
			continue;
		/* checked by gr_parse */
		(void)acct_get_str(&f, &s, &len);
		memcpy(p, s, len);
		p[len] = '\0';
		mem[i++] = p;
		p += len + 1;
	}
	mem[i] = NULL;
	gr->gr_mem = mem;
	return 0;
}

int nss_acct_fill_group(const struct acct_field *rec, void *result, char *buf,
			size_t buflen)
{
	struct gr_view v;

	if (gr_parse(rec, &v) < 0)
		return EBADMSG;
	return gr_copy(&v, result, buf, buflen);
}

/* Is v the entry that was asked for (by name, or by gid if name is NULL)? */
static bool gr_answers(const struct gr_view *v, const char *name,
		       size_t name_len, gid_t gid)
{
	if (name == NULL)
		return v->gid == gid;
	return v->name_len == name_len && memcmp(v->name, name, name_len) == 0;
}

/* One entry by name (name != NULL) or by gid. */
static enum nss_status gr_get(const char *name, size_t name_len, gid_t gid,
			      struct group *gr, char *buf, size_t buflen,
			      int *err)
{
	struct acct_reply rep;
	struct acct_field f;
	struct gr_view v;
	enum nss_status st;
	int rc;

	if (buf == NULL || buflen == 0) {
		*err = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	if (name != NULL)
		st = nss_acct_lookup_name(ACCT_OP_GR_BYNAME, name, name_len,
					  &rep, err);
	else
		st = nss_acct_lookup_id(ACCT_OP_GR_BYGID, ACCT_T_GID,
					(uint32_t)gid, &rep, err);
	if (st != NSS_STATUS_SUCCESS)
		return st;

	if (acct_find(rep.payload, rep.len, ACCT_T_GROUP, &f) != 1 ||
	    gr_parse(&f, &v) < 0 || !gr_answers(&v, name, name_len, gid))
		rc = EBADMSG;
	else
		rc = gr_copy(&v, gr, buf, buflen);
	acct_reply_free(&rep);

	if (rc == 0)
		return NSS_STATUS_SUCCESS;
	*err = rc;
	return rc == ERANGE ? NSS_STATUS_TRYAGAIN : NSS_STATUS_UNAVAIL;
}

enum nss_status _nss_accounts_getgrnam_r(const char *name, struct group *gr,
					 char *buf, size_t buflen, int *errnop)
{
	int saved = errno, err = 0;
	enum nss_status st;
	size_t len;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else if ((len = nss_acct_group_len(name)) == 0) {
		st = NSS_STATUS_NOTFOUND;
	} else {
		st = gr_get(name, len, 0, gr, buf, buflen, &err);
	}
	return nss_acct_finish(st, err, saved, errnop);
}

enum nss_status _nss_accounts_getgrgid_r(gid_t gid, struct group *gr, char *buf,
					 size_t buflen, int *errnop)
{
	int saved = errno, err = 0;
	enum nss_status st;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else if (!acct_valid_id(gid)) {
		st = NSS_STATUS_NOTFOUND;
	} else {
		st = gr_get(NULL, 0, gid, gr, buf, buflen, &err);
	}
	return nss_acct_finish(st, err, saved, errnop);
}

enum nss_status _nss_accounts_setgrent(int stayopen)
{
	int saved = errno;

	(void)stayopen; /* nothing stays open: one connection per batch */
	if (!nss_acct_enabled())
		return nss_acct_finish(NSS_STATUS_UNAVAIL, 0, saved, NULL);
	nss_acct_enum_reset(NSS_ACCT_DB_GROUP);
	return nss_acct_finish(NSS_STATUS_SUCCESS, 0, saved, NULL);
}

enum nss_status _nss_accounts_getgrent_r(struct group *gr, char *buf,
					 size_t buflen, int *errnop)
{
	int saved = errno, err = 0;
	enum nss_status st;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else {
		st = nss_acct_enum_next(NSS_ACCT_DB_GROUP, gr, buf, buflen,
					&err);
	}
	return nss_acct_finish(st, err, saved, errnop);
}

enum nss_status _nss_accounts_endgrent(void)
{
	int saved = errno;

	if (!nss_acct_enabled())
		return nss_acct_finish(NSS_STATUS_UNAVAIL, 0, saved, NULL);
	nss_acct_enum_reset(NSS_ACCT_DB_GROUP);
	return nss_acct_finish(NSS_STATUS_SUCCESS, 0, saved, NULL);
}

/* ---- initgroups ---- */

static bool have_gid(const gid_t *groups, long int n, gid_t gid)
{
	for (long int i = 0; i < n; i++) {
		if (groups[i] == gid)
			return true;
	}
	return false;
}

/* Make room for one more gid: double, but never past limit (if > 0). */
static int grow_groups(long int *size, gid_t **groupsp, long int limit)
{
	long int newsize;
	gid_t *p;

	if (*size < 8)
		newsize = 8;
	else if (*size > LONG_MAX / 2)
		newsize = LONG_MAX;
	else
		newsize = *size * 2;
	if (limit > 0 && newsize > limit)
		newsize = limit;
	if (newsize <= *size ||
	    (unsigned long)newsize > SIZE_MAX / sizeof(gid_t))
		return ENOMEM;
	p = realloc(*groupsp, (size_t)newsize * sizeof(gid_t));
	if (p == NULL)
		return ENOMEM;
	*groupsp = p;
	*size = newsize;
	return 0;
}

/* Add the reply's gids; every one was checked before the first is added. */
static int add_groups(const struct acct_reply *rep, gid_t skipgroup,
		      long int *start, long int *size, gid_t **groupsp,
		      long int limit)
{
	struct acct_reader r;
	struct acct_field f;
	uint32_t gid;
	int rc;

	acct_reader_init(&r, rep->payload, rep->len);
	while ((rc = acct_next(&r, &f)) == 1) {
		if (f.tag != ACCT_T_GID)
			continue;
		if (acct_get_u32(&f, &gid) < 0 || !acct_valid_id(gid))
			return EBADMSG;
	}
	if (rc < 0)
		return EBADMSG;

	acct_reader_init(&r, rep->payload, rep->len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_GID)
			continue;
		(void)acct_get_u32(&f, &gid);
		if (gid == skipgroup || have_gid(*groupsp, *start, gid))
			continue;
		if (limit > 0 && *start >= limit)
			break; /* full: the caller asked for no more */
		if (*start >= *size) {
			rc = grow_groups(size, groupsp, limit);
			if (rc != 0)
				return rc;
		}
		(*groupsp)[(*start)++] = gid;
	}
	return 0;
}

enum nss_status _nss_accounts_initgroups_dyn(const char *user, gid_t skipgroup,
					     long int *start, long int *size,
					     gid_t **groupsp, long int limit,
					     int *errnop)
{
	int saved = errno, err = 0;
	struct acct_reply rep;
	enum nss_status st;
	size_t len;

	if (!nss_acct_enabled()) {
		err = ENOENT;
		st = NSS_STATUS_UNAVAIL;
	} else if ((len = nss_acct_login_len(user)) == 0) {
		st = NSS_STATUS_NOTFOUND;
	} else {
		st = nss_acct_lookup_name(ACCT_OP_INITGROUPS, user, len, &rep,
					  &err);
		if (st == NSS_STATUS_SUCCESS) {
			err = add_groups(&rep, skipgroup, start, size, groupsp,
					 limit);
			acct_reply_free(&rep);
			/* never ERANGE: glibc would grow a buffer and loop */
			if (err == ENOMEM)
				st = NSS_STATUS_TRYAGAIN;
			else if (err != 0)
				st = NSS_STATUS_UNAVAIL;
		}
	}
	return nss_acct_finish(st, err, saved, errnop);
}
