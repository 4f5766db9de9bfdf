/*
 * group.c - the group database: how a GROUP rec becomes a struct group,
 * its entry points (getby.c and enum.c do the rest), and initgroups_dyn.
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

/* Count one MEMBER field, so that gr_copy knows its room in advance. */
static int count_member(const struct acct_field *f, struct gr_view *v)
{
	const char *s;
	size_t len;

	if (acct_get_str(f, &s, &len) < 0 || !acct_valid_login(s, len) ||
	    v->nmem >= ACCT_MAX_MEMBERS)
		return -1;
	v->nmem++;
	/* bounded by the reply size, which is far below SIZE_MAX */
	v->mem_bytes += len + 1;
	return 0;
}

static int gr_parse(const struct acct_field *rec, struct gr_view *v)
{
	struct acct_reader r;
	struct acct_field f;
	bool have_gid = false;
	int rc;

	memset(v, 0, sizeof(*v));
	v->rec = rec;
	acct_reader_sub(&r, rec);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (f.tag) {
		case ACCT_T_NAME:
			rc = nss_acct_take_str(&f, &v->name, &v->name_len);
			break;
		case ACCT_T_GID:
			rc = nss_acct_take_id(&f, &have_gid, &v->gid);
			break;
		case ACCT_T_MEMBER:
			rc = count_member(&f, v);
			break;
		default: /* a field from a newer daemon */
			rc = 0;
			break;
		}
		if (rc < 0)
			return -1;
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
	gr->gr_name = nss_acct_put_str(&p, v->name, v->name_len);
	gr->gr_passwd = nss_acct_put_str(&p, "x", 1);
	gr->gr_gid = v->gid;

	acct_reader_sub(&r, v->rec);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != ACCT_T_MEMBER)
			continue;
		/* checked by gr_parse */
		(void)acct_get_str(&f, &s, &len);
		mem[i++] = nss_acct_put_str(&p, s, len);
	}
	mem[i] = NULL;
	gr->gr_mem = mem;
	return 0;
}

static int gr_fill(const struct acct_field *rec,
		   const struct nss_acct_key *want, void *result, char *buf,
		   size_t buflen)
{
	struct gr_view v;

	if (gr_parse(rec, &v) < 0 ||
	    !nss_acct_key_is(want, v.name, v.name_len, v.gid))
		return EBADMSG;
	return gr_copy(&v, result, buf, buflen);
}

const struct nss_acct_db nss_acct_group_db = {
	.slot = NSS_ACCT_SLOT_GROUP,
	.byname_op = ACCT_OP_GR_BYNAME,
	.byid_op = ACCT_OP_GR_BYGID,
	.enum_op = ACCT_OP_GR_ENUM,
	.id_tag = ACCT_T_GID,
	.rec_tag = ACCT_T_GROUP,
	.valid_name = acct_valid_group,
	.fill = gr_fill,
};

enum nss_status _nss_accounts_getgrnam_r(const char *name, struct group *gr,
					 char *buf, size_t buflen, int *errnop)
{
	return nss_acct_get_byname(&nss_acct_group_db, name, gr, buf, buflen,
				   errnop);
}

enum nss_status _nss_accounts_getgrgid_r(gid_t gid, struct group *gr, char *buf,
					 size_t buflen, int *errnop)
{
	return nss_acct_get_byid(&nss_acct_group_db, gid, gr, buf, buflen,
				 errnop);
}

enum nss_status _nss_accounts_setgrent(int stayopen)
{
	(void)stayopen; /* nothing stays open: one connection per batch */
	return nss_acct_enum_reset(&nss_acct_group_db);
}

enum nss_status _nss_accounts_getgrent_r(struct group *gr, char *buf,
					 size_t buflen, int *errnop)
{
	return nss_acct_enum_next(&nss_acct_group_db, gr, buf, buflen, errnop);
}

enum nss_status _nss_accounts_endgrent(void)
{
	return nss_acct_enum_reset(&nss_acct_group_db);
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
	struct nss_acct_key key = {.name = user};
	struct acct_reply rep;
	enum nss_status st;

	key.name_len = nss_acct_name_len(user, acct_valid_login);
	st = nss_acct_admit(key.name_len != 0, &err);
	/* a local user is in no directory group: nothing to ask */
	if (st == NSS_STATUS_SUCCESS &&
	    nss_acct_initgroups_local(user, key.name_len))
		st = NSS_STATUS_NOTFOUND;
	if (st == NSS_STATUS_SUCCESS)
		st = nss_acct_lookup_key(ACCT_OP_INITGROUPS, 0, &key, &rep,
					 &err);
	if (st == NSS_STATUS_SUCCESS) {
		err = add_groups(&rep, skipgroup, start, size, groupsp, limit);
		acct_reply_free(&rep);
		/* never ERANGE: glibc would grow a buffer and loop */
		if (err == ENOMEM)
			st = NSS_STATUS_TRYAGAIN;
		else if (err != 0)
			st = NSS_STATUS_UNAVAIL;
	}
	return nss_acct_finish(st, err, saved, errnop);
}
