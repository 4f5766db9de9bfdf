/*
 * settings.c - nss_accounts.conf, the module's own settings.
 *
 * glibc passes an NSS module no options, so what an administrator may
 * tune lives in a file.  Only root may write it: a file that is not
 * root's, or that its group or others may write, is ignored whole, as
 * are unknown keys and malformed lines (a module has nowhere to report
 * them, and an old module must not trip over a newer file).  Read with
 * one open(), fstat() and read(), no allocation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nss_accounts.h"

/* More than any real settings file; a bigger one is ignored. */
#define CONF_MAX 4096

static const char *conf_path(void)
{
	/* secure_getenv: a setuid program always reads the real file */
	const char *env = secure_getenv(NSS_ACCT_CONF_ENV);

	return env != NULL && env[0] != '\0' ? env : NSS_ACCT_CONF_PATH;
}

/* Read the whole file into buf (NUL-terminated) if root alone may write
 * it.  Returns its length, or -1. */
static ssize_t read_conf(char *buf, size_t size)
{
	struct stat st;
	ssize_t n = -1, got;
	int fd;

	/* O_NONBLOCK: a FIFO must not hang the lookup (it is refused below) */
	fd = open(conf_path(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0 &&
	    (st.st_mode & (S_IWGRP | S_IWOTH)) == 0 && st.st_size >= 0 &&
	    (size_t)st.st_size < size) {
		n = 0;
		while ((size_t)n < size - 1) {
			got = read(fd, buf + n, size - 1 - (size_t)n);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				n = -1;
				break;
			}
			if (got == 0)
				break;
			n += got;
		}
	}
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* Not isspace(): the host's locale has no say in this file. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static char *trim(char *s)
{
	char *end;

	while (is_blank(*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_blank(end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* 1 yes, 0 no, -1 neither (the same words as accountsd.conf). */
static int parse_bool(const char *v)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

static void apply_line(char *line, struct nss_acct_settings *s)
{
	char *eq, *key, *val;
	int b;

	line = trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return;
	eq = strchr(line, '=');
	if (eq == NULL)
		return;
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	if (strcmp(key, "initgroups_ignore_local") == 0) {
		b = parse_bool(val);
		if (b >= 0)
			s->initgroups_ignore_local = b == 1;
	}
}

void nss_acct_settings_read(struct nss_acct_settings *s)
{
	char buf[CONF_MAX + 1], *line, *next;
	int saved = errno;

	s->initgroups_ignore_local = true;
	if (read_conf(buf, sizeof(buf)) >= 0) {
		for (line = buf; line != NULL; line = next) {
			next = strchr(line, '\n');
			if (next != NULL)
				*next++ = '\0';
			apply_line(line, s);
		}
	}
	errno = saved;
}
