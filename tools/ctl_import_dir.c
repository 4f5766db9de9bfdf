/*
 * ctl_import_dir.c - `accountsctl import FILE`: an export (JSON Lines,
 * accountsctl(8)) written back into the directory with its own uids,
 * gids, homes, shells and password hashes.
 *
 * Every line is read and checked here first (a malformed one is a usage
 * error "FILE:LINE: why" and nothing is sent); the records then go to
 * the daemon in a memfd with the request, each with its line, and the
 * daemon writes them in one transaction: all or nothing, whatever the
 * size, and a refusal names the line too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "acct_names.h"
#include "ctl.h"
#include "ctl_jsonl.h"

/* What a line is checked against: its members and their types. */
struct want {
	const char *key;
	enum ctl_jv type;
	bool nullable;
	uint16_t tag; /* 0: handled apart */
};

static const struct want tenant_keys[] = {
	{"type", CTL_JV_STR, false, 0},
	{"slug", CTL_JV_STR, false, ACCT_T_NAME},
	{"name", CTL_JV_STR, true, ACCT_T_DISPLAY_NAME},
	{"state", CTL_JV_STR, false, 0},
	{"gid", CTL_JV_NUM, false, ACCT_T_GID},
	{"admin_gid", CTL_JV_NUM, false, ACCT_T_ADMIN_GID},
	{"app_passwords", CTL_JV_BOOL, false, ACCT_T_APP_PASSWORDS},
	{NULL, CTL_JV_NULL, false, 0},
};

static const struct want user_keys[] = {
	{"type", CTL_JV_STR, false, 0},
	{"login", CTL_JV_STR, false, ACCT_T_NAME},
	{"uid", CTL_JV_NUM, false, ACCT_T_UID},
	{"gid", CTL_JV_NUM, false, ACCT_T_GID},
	{"tenant", CTL_JV_STR, false, ACCT_T_TENANT},
	{"role", CTL_JV_STR, false, 0},
	{"role_name", CTL_JV_STR, true, 0},
	{"status", CTL_JV_STR, false, 0},
	{"display_name", CTL_JV_STR, true, ACCT_T_DISPLAY_NAME},
	{"email", CTL_JV_STR, true, ACCT_T_EMAIL},
	{"home", CTL_JV_STR, false, ACCT_T_HOME},
	{"shell", CTL_JV_STR, false, ACCT_T_SHELL},
	{"password_hash", CTL_JV_STR, true, ACCT_T_PASSWORD_HASH},
	{NULL, CTL_JV_NULL, false, 0},
};

static const struct want group_keys[] = {
	{"type", CTL_JV_STR, false, 0},
	{"name", CTL_JV_STR, false, ACCT_T_NAME},
	{"gid", CTL_JV_NUM, false, ACCT_T_GID},
	{"tenant", CTL_JV_STR, false, ACCT_T_TENANT},
	{"kind", CTL_JV_STR, false, 0},
	{"members", CTL_JV_ARR, false, 0},
	{NULL, CTL_JV_NULL, false, 0},
};

/* Every member known, of its type, and each one there; the plain ones
 * put into b.  0, or -1 with why. */
static int check_put(const struct ctl_jobject *o, const struct want *keys,
		     struct acct_buf *b, char *why, size_t size)
{
	const struct ctl_jmember *m;

	for (size_t i = 0; i < o->n; i++) {
		size_t k = 0;

		while (keys[k].key != NULL &&
		       strcmp(keys[k].key, o->m[i].key) != 0)
			k++;
		if (keys[k].key == NULL) {
			snprintf(why, size, "unknown member \"%s\"",
				 o->m[i].key);
			return -1;
		}
	}
	for (size_t k = 0; keys[k].key != NULL; k++) {
		m = ctl_jobject_get(o, keys[k].key);
		if (m == NULL ||
		    (m->type == CTL_JV_NULL && !keys[k].nullable) ||
		    (m->type != CTL_JV_NULL && m->type != keys[k].type)) {
			snprintf(why, size, "\"%s\" is %s", keys[k].key,
				 m == NULL ? "missing" : "of the wrong type");
			return -1;
		}
		if (keys[k].tag == 0 || m->type == CTL_JV_NULL)
			continue;
		if (m->type == CTL_JV_STR)
			acct_put_str(b, keys[k].tag, m->str);
		else if (m->type == CTL_JV_BOOL)
			acct_put_u32(b, keys[k].tag, m->b);
		else if (m->num > UINT32_MAX) {
			snprintf(why, size, "\"%s\" is too large", keys[k].key);
			return -1;
		} else
			acct_put_u32(b, keys[k].tag, (uint32_t)m->num);
	}
	return 0;
}

/* A word of a member, as its number (0: not one of words). */
static uint32_t word(const struct ctl_jobject *o, const char *key,
		     const char *const *words, size_t n)
{
	const struct ctl_jmember *m = ctl_jobject_get(o, key);

	for (size_t i = 1; m != NULL && m->str != NULL && i < n; i++)
		if (words[i] != NULL && strcmp(words[i], m->str) == 0)
			return (uint32_t)i;
	return 0;
}

static const char *const tenant_states[] = {
	[ACCT_TENANT_ACTIVE] = "active",
	[ACCT_TENANT_SUSPENDED] = "suspended",
};
static const char *const user_states[] = {
	[ACCT_USER_ACTIVE] = "active",
	[ACCT_USER_DISABLED] = "disabled",
};
static const char *const kinds[] = {
	[ACCT_GROUP_TENANT] = "tenant",
	[ACCT_GROUP_ADMINS] = "admins",
	[ACCT_GROUP_CUSTOM] = "custom",
};
#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

/* One line as its record into b.  0, or -1 with why. */
static int encode(const struct ctl_jobject *o, unsigned line,
		  struct acct_buf *b, char *why, size_t size)
{
	const struct ctl_jmember *type = ctl_jobject_get(o, "type");
	const struct ctl_jmember *m;
	const char *t =
		type != NULL && type->type == CTL_JV_STR ? type->str : "";
	uint32_t v;
	size_t mark;

	if (strcmp(t, "tenant") == 0) {
		mark = acct_begin(b, ACCT_T_TENANT_REC);
		if (check_put(o, tenant_keys, b, why, size) < 0)
			return -1;
		v = word(o, "state", tenant_states, NWORDS(tenant_states));
		if (v == 0) {
			snprintf(why, size,
				 "\"state\" must be active or "
				 "suspended");
			return -1;
		}
		acct_put_u32(b, ACCT_T_STATUS, v);
	} else if (strcmp(t, "user") == 0) {
		mark = acct_begin(b, ACCT_T_USER);
		if (check_put(o, user_keys, b, why, size) < 0)
			return -1;
		m = ctl_jobject_get(o, "role_name");
		if (m->type != CTL_JV_NULL) {
			snprintf(why, size, "custom roles are not imported");
			return -1;
		}
		v = acct_role_parse(ctl_jobject_get(o, "role")->str);
		if (v == 0) {
			snprintf(why, size, "\"role\" is not a role");
			return -1;
		}
		acct_put_u32(b, ACCT_T_ROLE, v);
		v = word(o, "status", user_states, NWORDS(user_states));
		if (v == 0) {
			snprintf(why, size,
				 "\"status\" must be active or "
				 "disabled");
			return -1;
		}
		acct_put_u32(b, ACCT_T_STATUS, v);
	} else if (strcmp(t, "group") == 0) {
		mark = acct_begin(b, ACCT_T_GROUP);
		if (check_put(o, group_keys, b, why, size) < 0)
			return -1;
		v = word(o, "kind", kinds, NWORDS(kinds));
		if (v == 0) {
			snprintf(why, size, "\"kind\" is not a group kind");
			return -1;
		}
		acct_put_u32(b, ACCT_T_KIND, v);
		m = ctl_jobject_get(o, "members");
		for (size_t i = 0; i < m->n_items; i++)
			acct_put_str(b, ACCT_T_MEMBER, m->items[i]);
	} else {
		snprintf(why, size, "\"type\" must be tenant, user or group");
		return -1;
	}
	acct_put_u32(b, ACCT_T_LINE, line);
	if (acct_end(b, mark) < 0 || b->err != 0) {
		snprintf(why, size, "record too large");
		return -1;
	}
	return 0;
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Every line of f into fd.  0, or an exit code (reported). */
static int read_lines(const struct ctl_env *env, FILE *f, const char *name,
		      int fd, size_t *records)
{
	struct ctl_jobject o;
	struct acct_buf b;
	char *line = NULL, why[256], perr[200];
	size_t cap = 0;
	unsigned lineno = 0;
	ssize_t n;
	int rc = 0;

	*records = 0;
	acct_buf_init(&b, ACCT_MAX_REPLY);
	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (memchr(line, '\0', (size_t)n) != NULL) {
			rc = ctl_usage(env, "%s:%u: a NUL byte", name, lineno);
			break;
		}
		acct_buf_reset(&b);
		if (ctl_jobject_parse(line, (size_t)n, &o, perr, sizeof(perr)) <
		    0) {
			rc = ctl_usage(env, "%s:%u: %s", name, lineno, perr);
		} else if (encode(&o, lineno, &b, why, sizeof(why)) < 0) {
			rc = ctl_usage(env, "%s:%u: %s", name, lineno, why);
		} else if (write_all(fd, b.data, b.len) < 0) {
			rc = ctl_local_error(env, "memfd: %s", strerror(errno));
		} else {
			(*records)++;
		}
		ctl_jobject_free(&o);
	}
	if (rc == 0 && ferror(f))
		rc = ctl_usage(env, "cannot read %s: %s", name,
			       strerror(errno));
	if (rc == 0 && *records == 0)
		rc = ctl_usage(env, "%s: nothing to import", name);
	free(line);
	acct_buf_free(&b);
	return rc;
}

int ctl_cmd_import(const struct ctl_env *env, const struct ctl_args *a)
{
	const char *path = a->pos[0];
	struct acct_reply rep;
	struct acct_buf req;
	uint32_t t = 0, u = 0, g = 0;
	size_t records;
	FILE *f;
	int fd, rc;

	f = fopen(path, "re");
	if (f == NULL)
		return ctl_usage(env, "cannot open %s: %s", path,
				 strerror(errno));
	fd = memfd_create("accountsctl-import", MFD_CLOEXEC);
	if (fd < 0) {
		fclose(f);
		return ctl_local_error(env, "memfd: %s", strerror(errno));
	}
	rc = read_lines(env, f, path, fd, &records);
	fclose(f);
	if (rc != 0) {
		close(fd);
		return rc;
	}
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, path);
	rc = ctl_request_fd(env, ACCT_OP_IMPORT, &req, fd, &rep);
	acct_buf_free(&req);
	close(fd);
	if (rc != 0)
		return rc;
	ctl_rec_u32(rep.payload, rep.len, ACCT_T_COUNT_TENANTS, &t);
	ctl_rec_u32(rep.payload, rep.len, ACCT_T_COUNT_USERS, &u);
	ctl_rec_u32(rep.payload, rep.len, ACCT_T_COUNT_GROUPS, &g);
	acct_reply_free(&rep);
	if (env->json)
		fprintf(env->out,
			"{\"tenants\":%u,\"users\":%u,\"groups\":%u}\n", t, u,
			g);
	else
		fprintf(env->out, "imported %u tenants, %u users, %u groups\n",
			t, u, g);
	return CTL_EXIT_OK;
}
