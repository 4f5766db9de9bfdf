/* ctl_token.c - sign-in tokens on the client's side: finding a token in
 * a token file (what `login` wrote, its --json, or the bare token) or on
 * standard input, refusing a token file that group or others may open
 * (as ssh refuses such a key), and writing one whole or not at all.
 *
 * Token texts pass through stack buffers that are wiped after use; they
 * are written to the token file or standard output, never elsewhere. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acct_wipe.h"
#include "ctl.h"

void ctl_token_wipe(struct ctl_token *t)
{
	acct_wipe(t, sizeof(*t));
}

static bool token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

int ctl_token_find(const char *buf, size_t len, const char *prefix,
		   struct ctl_token *out)
{
	size_t plen = strlen(prefix), i = 0;
	int found = 0;

	while (i < len) {
		size_t start = i, n;

		while (i < len && token_char(buf[i]))
			i++;
		n = i - start;
		if (n > plen && n <= CTL_TOKEN_MAX &&
		    memcmp(buf + start, prefix, plen) == 0) {
			if (found && (n != out->len ||
				      memcmp(out->text, buf + start, n) != 0))
				return -1;
			memcpy(out->text, buf + start, n);
			out->text[n] = '\0';
			out->len = n;
			found = 1;
		}
		if (i == start)
			i++;
	}
	return found;
}

/* Read fd whole into buf[size] (at most size - 1 bytes; more: *len is
 * size).  0, or -1 with errno. */
static int read_all(int fd, char *buf, size_t size, size_t *len)
{
	ssize_t n;

	*len = 0;
	while (*len < size) {
		n = read(fd, buf + *len, size - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}

/* The token w wants in buf, else the exit code of its absence (where:
 * "token file 'F'", "standard input"). */
static int pick(const struct ctl_env *env, const char *buf, size_t len,
		const struct ctl_token_want *w, const char *where,
		struct ctl_token *out)
{
	int found = 0;

	for (size_t k = 0; k < 2 && w->prefix[k] != NULL && found == 0; k++)
		found = ctl_token_find(buf, len, w->prefix[k], out);
	if (found == 1)
		return 0;
	ctl_token_wipe(out);
	if (found == 0)
		return ctl_usage(env, "%s holds no %s", where, w->what);
	return ctl_usage(env, "%s holds more than one %s", where, w->what);
}

/* The token file's text, checked: a regular file that only its owner
 * may open, of CTL_TOKEN_FILE_MAX bytes at most.  0 or an exit code. */
static int read_file(const struct ctl_env *env, const char *path, char *buf,
		     size_t size, size_t *len)
{
	struct stat st;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return ctl_usage(env, "cannot open token file '%s': %s", path,
				 strerror(errno));
	if (fstat(fd, &st) < 0)
		rc = ctl_usage(env, "cannot look at token file '%s': %s", path,
			       strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = ctl_usage(env, "token file '%s' is not a regular file",
			       path);
	else if ((st.st_mode & 077) != 0)
		rc = ctl_usage(env,
			       "token file '%s' is open to group or others "
			       "(mode %04o): anyone who reads it acts as its "
			       "user; chmod 600 it",
			       path, (unsigned)(st.st_mode & 07777));
	else if (read_all(fd, buf, size, len) < 0)
		rc = ctl_usage(env, "cannot read token file '%s': %s", path,
			       strerror(errno));
	else if (*len >= size)
		rc = ctl_usage(env,
			       "token file '%s' is longer than %d bytes: not "
			       "a token file",
			       path, CTL_TOKEN_FILE_MAX);
	close(fd);
	return rc;
}

int ctl_token_file_read(const struct ctl_env *env, const char *path,
			const struct ctl_token_want *w, struct ctl_token *out)
{
	char buf[CTL_TOKEN_FILE_MAX + 1], where[PATH_MAX + 16];
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = read_file(env, path, buf, sizeof(buf), &len);
	snprintf(where, sizeof(where), "token file '%s'", path);
	if (rc == 0)
		rc = pick(env, buf, len, w, where, out);
	acct_wipe(buf, sizeof(buf));
	return rc;
}

int ctl_token_stdin_read(const struct ctl_env *env,
			 const struct ctl_token_want *w, struct ctl_token *out)
{
	struct ctl_password line;
	char buf[CTL_TOKEN_FILE_MAX + 1];
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (isatty(STDIN_FILENO)) {
		/* pasted: asked for without echo, as a password is */
		rc = ctl_password_prompt(env, w->prompt, w->what, &line);
		if (rc == 0)
			rc = pick(env, line.buf, line.len, w, "the answer",
				  out);
		ctl_password_wipe(&line);
		return rc;
	}
	if (read_all(STDIN_FILENO, buf, sizeof(buf), &len) < 0)
		rc = ctl_local_error(env, "cannot read standard input: %s",
				     strerror(errno));
	else if (len >= sizeof(buf))
		rc = ctl_usage(env,
			       "standard input is longer than %d bytes: not a "
			       "token",
			       CTL_TOKEN_FILE_MAX);
	else
		rc = pick(env, buf, len, w, "standard input", out);
	acct_wipe(buf, sizeof(buf));
	return rc;
}

/* ---- writing one ---- */

int ctl_token_file_begin(const struct ctl_env *env, const char *path,
			 struct ctl_token_out *o)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->path = path;
	if (snprintf(o->tmp, sizeof(o->tmp), "%s.XXXXXX", path) >=
	    (int)sizeof(o->tmp))
		return ctl_usage(env, "token file name too long: '%s'", path);
	/* created 0600 next to it, renamed over it once whole */
	o->fd = mkstemp(o->tmp);
	o->created = o->fd >= 0;
	if (o->fd < 0 || fcntl(o->fd, F_SETFD, FD_CLOEXEC) < 0 ||
	    fchmod(o->fd, 0600) < 0) {
		int e = errno;

		ctl_token_file_abort(o);
		return ctl_local_error(env, "cannot create token file '%s': %s",
				       path, strerror(e));
	}
	return 0;
}

int ctl_token_file_commit(const struct ctl_env *env, struct ctl_token_out *o,
			  const char *text, size_t len)
{
	size_t done = 0;
	ssize_t n;
	int e = 0;

	while (done < len && e == 0) {
		n = write(o->fd, text + done, len - done);
		if (n < 0 && errno != EINTR)
			e = errno;
		else if (n > 0)
			done += (size_t)n;
	}
	if (e == 0 && fsync(o->fd) < 0)
		e = errno;
	if (close(o->fd) < 0 && e == 0)
		e = errno;
	o->fd = -1;
	if (e == 0 && rename(o->tmp, o->path) < 0)
		e = errno;
	if (e != 0) {
		ctl_token_file_abort(o);
		return ctl_local_error(env, "cannot write token file '%s': %s",
				       o->path, strerror(e));
	}
	o->created = false;
	return 0;
}

void ctl_token_file_abort(struct ctl_token_out *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->created)
		(void)unlink(o->tmp);
	o->created = false;
}
