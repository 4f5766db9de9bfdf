/*
 * ctl_key_ssh.c - accountsctl key ssh add|list|remove: a user's SSH public
 * keys.  The key to add is read from standard input and checked here
 * first, with the daemon's own rule (acct_sshkey.h), so that a bad one
 * gets its reason before anything is sent.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "acct_sshkey.h"
#include "ctl.h"

/* clang-format off */
static const struct ctl_field key_fields[] = {
	{ACCT_T_FINGERPRINT, 0, CTL_V_STR, 0, "fingerprint", "fingerprint", 1,
	 "FINGERPRINT"},
	{ACCT_T_KEY_TYPE, 0, CTL_V_STR, 0, "type", "type", 2, "TYPE"},
	{ACCT_T_KEY_BITS, 0, CTL_V_U32, 0, "bits", "bits", 3, "BITS"},
	{ACCT_T_CREATED, 0, CTL_V_TIME, 0, "created", "created", 4, "CREATED"},
	{ACCT_T_KEY_COMMENT, 0, CTL_V_STR, CTL_F_OPTIONAL, "comment",
	 "comment", 5, "COMMENT"},
	{ACCT_T_NAME, 0, CTL_V_STR, 0, "user", "user", 0, NULL},
	{ACCT_T_KEY_DATA, 0, CTL_V_STR, 0, "key", "key", 0, NULL},
};
/* clang-format on */

static const struct ctl_schema key_schema = {
	ACCT_T_SSH_KEY, key_fields, sizeof(key_fields) / sizeof(key_fields[0]),
	5};

/* The key line: all of standard input, one line (its newline dropped).
 * 0, or an exit code. */
static int read_key_line(const struct ctl_env *env, char *buf, size_t size,
			 size_t *len)
{
	size_t n = 0;

	if (isatty(STDIN_FILENO))
		fprintf(env->err, "Paste one public key line (as in a .pub "
				  "file), then press Ctrl-D.\n");
	for (;;) {
		ssize_t got = read(STDIN_FILENO, buf + n, size - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ctl_usage(env,
					 "cannot read the key from "
					 "standard input: %s",
					 strerror(errno));
		if (got == 0)
			break;
		n += (size_t)got;
		if (n == size)
			return ctl_usage(env,
					 "the key on standard input is "
					 "too long (at most %u bytes)",
					 ACCT_MAX_STR);
	}
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n > 0 && buf[n - 1] == '\r')
		return ctl_usage(env, "the key line ends with a carriage "
				      "return (a file with DOS line ends?)");
	if (n == 0)
		return ctl_usage(env, "no key on standard input (give one "
				      "line: TYPE BASE64 [COMMENT], as in a "
				      ".pub file)");
	if (memchr(buf, '\n', n) != NULL)
		return ctl_usage(env,
				 "give one key per 'key ssh add' (standard "
				 "input holds several lines)");
	*len = n;
	return 0;
}

/* The request's NAME, the login checked. */
static int start(const struct ctl_env *env, const char *login,
		 struct acct_buf *req)
{
	int rc = ctl_check_login(env, login);

	if (rc != 0)
		return rc;
	acct_buf_init(req, ACCT_MAX_REQUEST);
	acct_put_str(req, ACCT_T_NAME, login);
	return 0;
}

/* A change's reply: its record (--json), or one line naming the key. */
static int confirm(const struct ctl_env *env, const struct acct_reply *rep,
		   const char *verb, const char *login)
{
	char fp[ACCT_SSHKEY_FP_LEN + 1] = "",
				     type[ACCT_SSHKEY_MAX_TYPE + 1] = "";
	const uint8_t *rec;
	uint32_t bits = 0;
	size_t len;
	int rc;

	rc = ctl_reply_rec(env, rep, ACCT_T_SSH_KEY, &rec, &len);
	if (rc != 0)
		return rc;
	if (env->json)
		return ctl_emit_record(env, &key_schema, rec, len);
	if (ctl_rec_str(rec, len, ACCT_T_FINGERPRINT, fp, sizeof(fp)) != 1 ||
	    ctl_rec_str(rec, len, ACCT_T_KEY_TYPE, type, sizeof(type)) != 1 ||
	    ctl_rec_u32(rec, len, ACCT_T_KEY_BITS, &bits) != 1)
		return ctl_bad_reply(env, "the key has no fingerprint");
	fprintf(env->out, "%s SSH key %s (%s, %u bits) %s user '%s'\n", verb,
		fp, type, (unsigned)bits,
		strcmp(verb, "added") == 0 ? "to" : "from", login);
	return CTL_EXIT_OK;
}

int ctl_cmd_key_ssh_add(const struct ctl_env *env, const struct ctl_args *a)
{
	char line[ACCT_MAX_STR + 2], why[256];
	struct acct_sshkey k;
	struct acct_buf req;
	struct acct_reply rep;
	size_t len = 0;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if ((rc = read_key_line(env, line, sizeof(line), &len)) != 0)
		return rc;
	if (sodium_init() < 0)
		return ctl_local_error(env, "cannot initialise libsodium");
	if (acct_sshkey_parse(line, len, &k, why, sizeof(why)) != 0)
		return ctl_usage(env, "not a key accountsd accepts: %s", why);
	if ((rc = start(env, a->pos[0], &req)) != 0)
		return rc;
	acct_put_strn(&req, ACCT_T_SSH_KEY_LINE, line, len);
	rc = ctl_request(env, ACCT_OP_SSH_KEY_ADD, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = confirm(env, &rep, "added", a->pos[0]);
	acct_reply_free(&rep);
	return rc;
}

int ctl_cmd_key_ssh_list(const struct ctl_env *env, const struct ctl_args *a)
{
	struct acct_buf req;
	int rc;

	if ((rc = start(env, a->pos[0], &req)) != 0)
		return rc;
	rc = ctl_request_list(env, ACCT_OP_SSH_KEY_LIST, &req, &key_schema);
	acct_buf_free(&req);
	return rc;
}

int ctl_cmd_key_ssh_remove(const struct ctl_env *env, const struct ctl_args *a)
{
	uint8_t digest[ACCT_SSHKEY_DIGEST_LEN];
	const char *fp = a->pos[1];
	struct acct_buf req;
	struct acct_reply rep;
	int rc;

	if ((rc = ctl_check_login(env, a->pos[0])) != 0)
		return rc;
	if (sodium_init() < 0)
		return ctl_local_error(env, "cannot initialise libsodium");
	if (acct_sshkey_fingerprint_parse(fp, strlen(fp), digest) != 0)
		return ctl_usage(env,
				 "'%s' is not an SSH key fingerprint (SHA256: "
				 "and 43 base64 characters, as 'key ssh list' "
				 "and ssh-keygen -l print it)",
				 fp);
	if ((rc = start(env, a->pos[0], &req)) != 0)
		return rc;
	acct_put_str(&req, ACCT_T_FINGERPRINT, fp);
	rc = ctl_request(env, ACCT_OP_SSH_KEY_REMOVE, &req, &rep);
	acct_buf_free(&req);
	if (rc != 0)
		return rc;
	rc = confirm(env, &rep, "removed", a->pos[0]);
	acct_reply_free(&rep);
	return rc;
}
