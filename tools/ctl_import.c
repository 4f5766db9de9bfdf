/* ctl_import.c - reading, checking and batching a `user import` file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acct_names.h"
#include "ctl_import.h"
#include "ctl_output.h"

#define MAX_FIELDS 5

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

int ctl_import_parse_line(char *line, struct ctl_import_user *u, char *err,
			  size_t errlen)
{
	char *field[MAX_FIELDS] = {NULL};
	size_t nf = 0, len = strlen(line);
	char *p, *s;

	if (len > 0 && line[len - 1] == '\r') /* files edited on Windows */
		line[--len] = '\0';
	s = trim(line);
	if (*s == '\0' || *s == '#')
		return 0;
	for (p = s;; p++) {
		char *colon = strchr(p, ':');

		if (nf == MAX_FIELDS) {
			snprintf(err, errlen,
				 "too many fields (expected "
				 "login:tenant[:role[:display name[:email]]])");
			return -1;
		}
		field[nf++] = p;
		if (colon == NULL)
			break;
		*colon = '\0';
		p = colon;
	}
	if (nf < 2) {
		snprintf(err, errlen,
			 "expected login:tenant[:role[:display name[:email]]]");
		return -1;
	}
	for (size_t k = 0; k < nf; k++)
		field[k] = trim(field[k]);
	memset(u, 0, sizeof(*u));
	u->login = field[0];
	u->tenant = field[1];
	if (!acct_valid_login(u->login, strlen(u->login))) {
		snprintf(err, errlen, "'%s' is not a valid login name",
			 u->login);
		return -1;
	}
	if (!acct_valid_slug(u->tenant, strlen(u->tenant))) {
		snprintf(err, errlen, "'%s' is not a valid tenant slug",
			 u->tenant);
		return -1;
	}
	if (nf > 2 && *field[2] != '\0' &&
	    (u->role = acct_role_parse(field[2])) == 0) {
		snprintf(err, errlen,
			 "'%s' is not a role (owner, admin, member or viewer)",
			 field[2]);
		return -1;
	}
	if (nf > 3 && *field[3] != '\0') {
		if (!acct_valid_gecos(field[3], strlen(field[3]))) {
			snprintf(err, errlen,
				 "the display name is not valid "
				 "(printable text, at most 255 "
				 "bytes)");
			return -1;
		}
		u->display_name = field[3];
	}
	if (nf > 4 && *field[4] != '\0') {
		if (!acct_valid_email(field[4], strlen(field[4]))) {
			snprintf(err, errlen,
				 "'%s' is not a valid email address", field[4]);
			return -1;
		}
		u->email = field[4];
	}
	return 1;
}

/* Read all of f into a NUL-terminated buffer; *len excludes the NUL. */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *nb;

	while (buf != NULL) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);

		n += got;
		if (got == 0) {
			if (ferror(f)) {
				int e = errno ? errno : EIO;

				free(buf);
				errno = e;
				return NULL;
			}
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		if (cap - n - 1 == 0) {
			if (cap > SIZE_MAX / 2) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			nb = realloc(buf, cap * 2);
			if (nb == NULL)
				free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	errno = ENOMEM;
	return NULL;
}

static int add_user(struct ctl_import *im, const struct ctl_import_user *u)
{
	if (im->n == im->cap) {
		size_t ncap = im->cap ? im->cap * 2 : 64;
		struct ctl_import_user *nu;

		if (ncap > SIZE_MAX / sizeof(*nu))
			return -1;
		nu = realloc(im->users, ncap * sizeof(*nu));
		if (nu == NULL)
			return -1;
		im->users = nu;
		im->cap = ncap;
	}
	im->users[im->n++] = *u;
	return 0;
}

static int by_login(const void *a, const void *b)
{
	const struct ctl_import_user *ua =
		*(const struct ctl_import_user *const *)a;
	const struct ctl_import_user *ub =
		*(const struct ctl_import_user *const *)b;
	int c = strcmp(ua->login, ub->login);

	if (c != 0)
		return c;
	return ua->line < ub->line ? -1 : ua->line > ub->line;
}

/* The same login twice would fail in the daemon, possibly after earlier
 * batches went in: refuse it up front.  0, -1 (err set) or -2. */
static int check_duplicates(const struct ctl_import *im, const char *name,
			    char *err, size_t errlen)
{
	const struct ctl_import_user **v;
	int rc = 0;

	if (im->n < 2)
		return 0;
	/* an array of pointers into im->users, sorted by login */
	v = calloc(im->n, sizeof(const struct ctl_import_user *));
	if (v == NULL)
		return -2;
	for (size_t k = 0; k < im->n; k++)
		v[k] = &im->users[k];
	qsort(v, im->n, sizeof(const struct ctl_import_user *), by_login);
	for (size_t k = 1; k < im->n; k++)
		if (strcmp(v[k - 1]->login, v[k]->login) == 0) {
			snprintf(err, errlen,
				 "%s:%u: login '%s' already on line %u", name,
				 v[k]->line, v[k]->login, v[k - 1]->line);
			rc = -1;
			break;
		}
	free(v);
	return rc;
}

int ctl_import_read(FILE *f, const char *name, struct ctl_import *im, char *err,
		    size_t errlen)
{
	char msg[256];
	size_t len, pos = 0;
	unsigned line = 0;

	memset(im, 0, sizeof(*im));
	im->text = slurp(f, &len);
	if (im->text == NULL)
		return -2;
	while (pos < len) {
		char *start = im->text + pos;
		char *nl = memchr(start, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - start) : len - pos;
		struct ctl_import_user u;
		int rc;

		line++;
		pos += llen + 1;
		if (memchr(start, '\0', llen) != NULL) {
			snprintf(err, errlen, "%s:%u: contains a NUL byte",
				 name, line);
			return -1;
		}
		start[llen] = '\0'; /* the '\n' (or the final NUL) */
		rc = ctl_import_parse_line(start, &u, msg, sizeof(msg));
		if (rc < 0) {
			snprintf(err, errlen, "%s:%u: %s", name, line, msg);
			return -1;
		}
		if (rc == 0)
			continue;
		u.line = line;
		if (add_user(im, &u) != 0) {
			errno = ENOMEM;
			return -2;
		}
	}
	switch (check_duplicates(im, name, err, errlen)) {
	case 0:
		return 0;
	case -1:
		return -1;
	default:
		errno = ENOMEM;
		return -2;
	}
}

void ctl_import_free(struct ctl_import *im)
{
	free(im->text);
	free(im->users);
	memset(im, 0, sizeof(*im));
}

static void put_user(struct acct_buf *b, const struct ctl_import_user *u)
{
	size_t mark = acct_begin(b, ACCT_T_USER);

	acct_put_str(b, ACCT_T_NAME, u->login);
	acct_put_str(b, ACCT_T_TENANT, u->tenant);
	if (u->role != 0)
		acct_put_u32(b, ACCT_T_ROLE, u->role);
	if (u->display_name != NULL)
		acct_put_str(b, ACCT_T_DISPLAY_NAME, u->display_name);
	if (u->email != NULL)
		acct_put_str(b, ACCT_T_EMAIL, u->email);
	if (mark != (size_t)-1)
		acct_end(b, mark);
}

size_t ctl_import_batch(const struct ctl_import *im, size_t from,
			struct acct_buf *req)
{
	struct acct_buf one;
	size_t k;

	acct_buf_init(&one, ACCT_MAX_REQUEST);
	for (k = from; k < im->n && k - from < CTL_IMPORT_BATCH; k++) {
		acct_buf_reset(&one);
		put_user(&one, &im->users[k]);
		if (one.err != 0) {
			req->err = one.err;
			break;
		}
		if (req->len + one.len > ACCT_MAX_REQUEST)
			break;
		if (acct_buf_append(req, one.data, one.len) != 0)
			break;
	}
	acct_buf_free(&one);
	return k - from;
}
