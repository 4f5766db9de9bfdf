/*
 * accounts-ssh-keys - sshd's AuthorizedKeysCommand for accountsd users.
 *
 *   AuthorizedKeysCommand /usr/bin/accounts-ssh-keys %u
 *   AuthorizedKeysCommandUser nobody
 *
 * Prints the authorized_keys lines of LOGIN ("TYPE BASE64 [COMMENT]"),
 * as the daemon answers SSH_KEYS_AUTHORIZED: the user's keys while it may
 * log in, nothing otherwise (exit 0 either way).  It runs inside every
 * SSH connection attempt, so it fails fast: no daemon, a hung one or a
 * reply that is not the protocol's is exit 1 within
 * ACCT_SSH_KEYS_TIMEOUT_MS, and sshd then offers no key of ours.
 * Exit 2: a bad command line.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "acct_client.h"
#include "acct_codec.h"
#include "acct_names.h"
#include "acct_peer.h"
#include "acct_proto.h"
#include "acct_status.h"

#define PROG "accounts-ssh-keys"

enum { EXIT_KEYS = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* A field sshd reads as one word: printable, no blank. */
static bool word_ok(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] == 0x7f)
			return false;
	return true;
}

/* A comment stays on its line. */
static bool comment_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
			return false;
	return true;
}

/* One SSH_KEY rec as an authorized_keys line; a rec that would not make
 * exactly one line is left out (the daemon checked them all: this is
 * the last guard between its store and sshd). */
static void print_key(FILE *out, const struct acct_field *rec)
{
	const char *type = NULL, *data = NULL, *comment = NULL;
	size_t tlen = 0, dlen = 0, clen = 0;
	struct acct_reader r;
	struct acct_field f;

	acct_reader_sub(&r, rec);
	while (acct_next(&r, &f) == 1) {
		if (f.tag == ACCT_T_KEY_TYPE)
			(void)acct_get_str(&f, &type, &tlen);
		else if (f.tag == ACCT_T_KEY_DATA)
			(void)acct_get_str(&f, &data, &dlen);
		else if (f.tag == ACCT_T_KEY_COMMENT)
			(void)acct_get_str(&f, &comment, &clen);
	}
	if (type == NULL || data == NULL || !word_ok(type, tlen) ||
	    !word_ok(data, dlen) ||
	    (comment != NULL && !comment_ok(comment, clen)))
		return;
	fprintf(out, "%.*s %.*s", (int)tlen, type, (int)dlen, data);
	if (comment != NULL && clen > 0)
		fprintf(out, " %.*s", (int)clen, comment);
	putc('\n', out);
}

static int usage(FILE *f, int code)
{
	fprintf(f, "Usage: " PROG " LOGIN\n"
		   "Print LOGIN's SSH keys from accountsd for sshd's "
		   "AuthorizedKeysCommand.\n"
		   "See accounts-ssh-keys(8).\n");
	return code;
}

int main(int argc, char **argv)
{
	struct acct_buf req;
	struct acct_reply rep;
	struct acct_reader r;
	struct acct_field f;
	const char *login;
	int rc;

	if (argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return usage(stdout, EXIT_KEYS);
	if (argc != 2 || argv[1][0] == '\0' || argv[1][0] == '-')
		return usage(stderr, EXIT_USAGE);
	login = argv[1];
	/* a name no user can have has no keys: nothing to ask */
	if (!acct_valid_login(login, strlen(login)))
		return EXIT_KEYS;
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_put_str(&req, ACCT_T_NAME, login);
	if (req.err != 0) {
		fprintf(stderr, PROG ": out of memory\n");
		acct_buf_free(&req);
		return EXIT_FAILED;
	}
	/* what it prints lets people in: only the real daemon's answer */
	rc = acct_call_trusted(acct_socket_path(NULL), ACCT_SSH_KEYS_TIMEOUT_MS,
			       acct_peer_trusted, ACCT_OP_SSH_KEYS_AUTHORIZED,
			       req.data, req.len, ACCT_MAX_REPLY, &rep);
	acct_buf_free(&req);
	if (rc != 0) {
		fprintf(stderr, PROG ": accountsd unreachable: %s\n",
			strerror(errno));
		return EXIT_FAILED;
	}
	if (rep.status != ACCT_ST_OK) {
		fprintf(stderr, PROG ": accountsd answered: %s\n",
			acct_status_message(rep.status));
		acct_reply_free(&rep);
		return EXIT_FAILED;
	}
	acct_reader_init(&r, rep.payload, rep.len);
	while (acct_next(&r, &f) == 1)
		if (f.tag == ACCT_T_SSH_KEY)
			print_key(stdout, &f);
	acct_reply_free(&rep);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, PROG ": cannot write the keys: %s\n",
			strerror(errno));
		return EXIT_FAILED;
	}
	return EXIT_KEYS;
}
