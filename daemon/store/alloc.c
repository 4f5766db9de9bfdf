/*
 * alloc.c - the host's own accounts and uid/gid allocation.
 *
 * The local passwd and group files are read directly (fgetpwent_r and
 * fgetgrent_r), never through NSS: the daemon must not resolve names
 * through itself.  They are read at most once per write request, so a bulk
 * import costs one read, not one per user.
 *
 * Numbers come from monotonic counters in meta and are never handed out
 * twice, even after a delete, nor after a restore of an older copy: the
 * state directory's mark (idmark.c) is a floor too.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>

#include "server/log.h"
#include "store/priv.h"

#define ENT_BUF_START 1024
#define ENT_BUF_MAX (1024 * 1024)

/* Growable arrays of names and ids. */
struct vec {
	void *items;
	size_t n, cap, size;
};

static int vec_push(struct vec *v, const void *item)
{
	void *p;
	size_t cap;

	if (v->n == v->cap) {
		cap = v->cap ? v->cap * 2 : 64;
		p = realloc(v->items, cap * v->size);
		if (p == NULL)
			return -1;
		v->items = p;
		v->cap = cap;
	}
	memcpy((char *)v->items + v->n * v->size, item, v->size);
	v->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void st_local_free(struct st_local *l)
{
	free_names(l->pw_names, l->n_pw);
	free_names(l->gr_names, l->n_gr);
	free(l->uids);
	free(l->gids);
	memset(l, 0, sizeof(*l));
}

static int add_entry(struct vec *names, struct vec *ids, const char *name,
		     uint32_t id)
{
	char *copy = strdup(name);

	if (copy == NULL || vec_push(names, &copy) < 0) {
		free(copy);
		return -1;
	}
	return vec_push(ids, &id);
}

/*
 * Read one local file with fgetpwent_r or fgetgrent_r.  A missing file is
 * an empty one (a minimal container may lack /etc/group).
 */
static int read_local(const char *path, bool group, struct vec *names,
		      struct vec *ids)
{
	FILE *fp;
	char *buf, *nbuf;
	size_t size = ENT_BUF_START;
	struct passwd pw, *pwp;
	struct group gr, *grp;
	int rc = 0, e, saved;

	fp = fopen(path, "re");
	if (fp == NULL)
		return errno == ENOENT ? 0 : -1;
	buf = malloc(size);
	if (buf == NULL) {
		fclose(fp);
		return -1;
	}
	for (;;) {
		if (group) {
			e = fgetgrent_r(fp, &gr, buf, size, &grp);
			if (e == 0 && add_entry(names, ids, gr.gr_name,
						(uint32_t)gr.gr_gid) < 0) {
				e = ENOMEM;
				rc = -1;
				break;
			}
		} else {
			e = fgetpwent_r(fp, &pw, buf, size, &pwp);
			if (e == 0 && add_entry(names, ids, pw.pw_name,
						(uint32_t)pw.pw_uid) < 0) {
				e = ENOMEM;
				rc = -1;
				break;
			}
		}
		if (e == 0)
			continue;
		if (e == ENOENT)
			break;
		if (e != ERANGE || size >= ENT_BUF_MAX) {
			rc = -1;
			break;
		}
		/* glibc rewinds to the start of the long line: retry it */
		size *= 2;
		nbuf = realloc(buf, size);
		if (nbuf == NULL) {
			e = ENOMEM;
			rc = -1;
			break;
		}
		buf = nbuf;
	}
	saved = rc < 0 ? e : 0;
	free(buf);
	fclose(fp);
	errno = saved;
	return rc;
}

static int load_local(struct st_wtx *w)
{
	struct vec pwn = {NULL, 0, 0, sizeof(char *)};
	struct vec grn = {NULL, 0, 0, sizeof(char *)};
	struct vec uids = {NULL, 0, 0, sizeof(uint32_t)};
	struct vec gids = {NULL, 0, 0, sizeof(uint32_t)};
	struct st_local *l;
	const char *bad = NULL;

	if (w->local != NULL)
		return ACCT_ST_OK;
	if (read_local(w->st->passwd_path, false, &pwn, &uids) < 0)
		bad = w->st->passwd_path;
	else if (read_local(w->st->group_path, true, &grn, &gids) < 0)
		bad = w->st->group_path;
	l = bad == NULL ? calloc(1, sizeof(*l)) : NULL;
	if (l == NULL) {
		if (bad != NULL)
			ad_log(LOG_ERR, "store: cannot read %s: %m", bad);
		free_names(pwn.items, pwn.n);
		free_names(grn.items, grn.n);
		free(uids.items);
		free(gids.items);
		return st_fail(w->err, ACCT_ST_INTERNAL,
			       "cannot read the host's local accounts "
			       "(see the log)");
	}
	l->pw_names = pwn.items;
	l->n_pw = pwn.n;
	l->gr_names = grn.items;
	l->n_gr = grn.n;
	l->uids = uids.items;
	l->n_uids = uids.n;
	l->gids = gids.items;
	l->n_gids = gids.n;
	if (l->n_pw > 1)
		qsort(l->pw_names, l->n_pw, sizeof(char *), cmp_str);
	if (l->n_gr > 1)
		qsort(l->gr_names, l->n_gr, sizeof(char *), cmp_str);
	if (l->n_uids > 1)
		qsort(l->uids, l->n_uids, sizeof(uint32_t), cmp_u32);
	if (l->n_gids > 1)
		qsort(l->gids, l->n_gids, sizeof(uint32_t), cmp_u32);
	w->local = l;
	return ACCT_ST_OK;
}

static bool has_name(char **names, size_t n, const char *name)
{
	return n > 0 &&
	       bsearch(&name, names, n, sizeof(char *), cmp_str) != NULL;
}

static bool has_id(const uint32_t *ids, size_t n, uint32_t id)
{
	return n > 0 && bsearch(&id, ids, n, sizeof(uint32_t), cmp_u32) != NULL;
}

int st_local_name_free(struct st_wtx *w, const char *name)
{
	int rc = load_local(w);

	if (rc != ACCT_ST_OK)
		return rc;
	if (has_name(w->local->pw_names, w->local->n_pw, name))
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "name '%s' is already used by a local account",
			       name);
	if (has_name(w->local->gr_names, w->local->n_gr, name))
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "name '%s' is already used by a local group",
			       name);
	return ACCT_ST_OK;
}

/*
 * The next number from counter key in [lo, hi] that is a valid id, not in
 * local[], and not already a key of db.
 */
/* The counter and the mark past a number now taken. */
static int taken(struct st_wtx *w, const char *counter, uint32_t next,
		 uint64_t cand, uint32_t *mark)
{
	uint32_t after =
		cand + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(cand + 1);
	int rc;

	/* the counter only moves up: numbers are never handed out twice */
	if (after > next) {
		rc = st_meta_put(w, counter, strlen(counter), after);
		if (rc != ACCT_ST_OK)
			return rc;
	}
	if (after > *mark) {
		*mark = after;
		w->mark_dirty = true; /* written before the commit */
	}
	return ACCT_ST_OK;
}

/* An import's own number (issue 10): in range, not the host's, free. */
static int take_wanted(struct st_wtx *w, const char *counter, enum st_db db,
		       const uint32_t *local, size_t n_local, uint32_t lo,
		       uint32_t hi, const char *what, uint32_t next,
		       uint32_t want, uint32_t *mark, uint32_t *out)
{
	uint32_t floor =
		db == DB_USERS ? w->st->mark.next_uid : w->st->mark.next_gid;
	uint8_t key[4];
	MDB_val val;
	int rc;

	if (want < lo || want > hi || !acct_valid_id(want))
		return st_fail(w->err, ACCT_ST_INVALID,
			       "%s %u is outside %u..%u (%s_min..%s_max in "
			       "accountsd.conf)",
			       what, want, lo, hi, what, what);
	if (has_id(local, n_local, want))
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "%s %u is used by a local account or group",
			       what, want);
	/* below the mark as committed: this host may have handed it out
	 * (a deleted user's files may still carry it); the import's own
	 * numbers may come in any order */
	if (want < floor)
		return st_fail(w->err, ACCT_ST_EXISTS,
			       "%s %u may have been handed out on this host "
			       "before (from %u on, none was)",
			       what, want, floor);
	acct_be32_put(key, want);
	rc = st_get(w->txn, w->st->dbi[db], key, sizeof(key), &val);
	if (rc == 0)
		return st_fail(w->err, ACCT_ST_EXISTS, "%s %u is already taken",
			       what, want);
	if (rc != MDB_NOTFOUND)
		return st_mdb_fail(w->err, rc, "id allocation");
	rc = taken(w, counter, next, want, mark);
	if (rc == ACCT_ST_OK)
		*out = want;
	return rc;
}

static int alloc_id(struct st_wtx *w, const char *counter, enum st_db db,
		    const uint32_t *local, size_t n_local, uint32_t lo,
		    uint32_t hi, const char *what, uint32_t want,
		    uint32_t *mark, uint32_t *out)
{
	uint32_t next;
	uint64_t cand;
	uint8_t key[4];
	MDB_val val;
	int rc;

	rc = st_meta_get(w->txn, w->st, counter, strlen(counter), &next);
	if (rc != 0)
		return st_mdb_fail(w->err, rc, "id counter");
	if (want != 0)
		return take_wanted(w, counter, db, local, n_local, lo, hi, what,
				   next, want, mark, out);
	/* the host's mark too: a restored older copy has older counters */
	if (*mark > next)
		next = *mark;
	for (cand = next > lo ? next : lo; cand <= hi; cand++) {
		if (!acct_valid_id((unsigned long)cand) ||
		    has_id(local, n_local, (uint32_t)cand))
			continue;
		/* a lowered range may overlap numbers handed out before */
		acct_be32_put(key, (uint32_t)cand);
		rc = st_get(w->txn, w->st->dbi[db], key, sizeof(key), &val);
		if (rc == MDB_NOTFOUND)
			break;
		if (rc != 0)
			return st_mdb_fail(w->err, rc, "id allocation");
	}
	if (cand > hi)
		return st_fail(w->err, ACCT_ST_EXHAUSTED,
			       "no free %s left in %u..%u (%s_min..%s_max in "
			       "accountsd.conf)",
			       what, lo, hi, what, what);
	rc = taken(w, counter, next, cand, mark);
	if (rc != ACCT_ST_OK)
		return rc;
	*out = (uint32_t)cand;
	return ACCT_ST_OK;
}

int st_alloc_uid(struct st_wtx *w, uint32_t *uid)
{
	const struct ad_config *cfg = st_cfg(w->st);
	uint32_t want = w->want_uid;
	int rc = load_local(w);

	if (rc != ACCT_ST_OK)
		return rc;
	w->want_uid = 0;
	return alloc_id(w, "next_uid", DB_USERS, w->local->uids,
			w->local->n_uids, cfg->uid_min, cfg->uid_max, "uid",
			want, &w->mark.next_uid, uid);
}

int st_alloc_gid(struct st_wtx *w, uint32_t *gid)
{
	const struct ad_config *cfg = st_cfg(w->st);
	uint32_t want = w->want_gid[0];
	int rc = load_local(w);

	if (rc != ACCT_ST_OK)
		return rc;
	w->want_gid[0] = w->want_gid[1];
	w->want_gid[1] = 0;
	return alloc_id(w, "next_gid", DB_GROUPS, w->local->gids,
			w->local->n_gids, cfg->gid_min, cfg->gid_max, "gid",
			want, &w->mark.next_gid, gid);
}
