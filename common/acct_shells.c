/* acct_shells.c - /etc/shells (see acct_shells.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acct_shells.h"

static const char missing_default[] = "/bin/sh\n/bin/csh\n";

bool acct_shells_has(const char *text, size_t len, const char *shell)
{
	size_t want = strlen(shell);
	const char *p = text, *end = text + len;

	if (want == 0)
		return false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl != NULL ? nl : end;
		const char *s = p, *e = eol;

		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s &&
		       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s < e && *s != '#' && (size_t)(e - s) == want &&
		    memcmp(s, shell, want) == 0)
			return true;
		p = eol + 1;
	}
	return false;
}

int acct_shells_read(const char *path, char **text, size_t *len)
{
	char *buf;
	size_t used = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	*text = NULL;
	*len = 0;
	if (fd < 0 && errno != ENOENT)
		return -errno;
	buf = malloc(fd < 0 ? sizeof(missing_default) : ACCT_SHELLS_MAX + 1);
	if (buf == NULL) {
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	if (fd < 0) {
		memcpy(buf, missing_default, sizeof(missing_default));
		*text = buf;
		*len = sizeof(missing_default) - 1;
		return 0;
	}
	for (;;) {
		ssize_t n = read(fd, buf + used, ACCT_SHELLS_MAX + 1 - used);
		int e = errno;

		if (n < 0 && e == EINTR)
			continue;
		if (n < 0 || used + (size_t)n > ACCT_SHELLS_MAX) {
			close(fd);
			free(buf);
			return n < 0 ? -e : -ENOSPC;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	*text = buf;
	*len = used;
	return 0;
}

int acct_shell_listed(const char *path, const char *shell)
{
	char *text;
	size_t len;
	int rc = acct_shells_read(path, &text, &len);

	if (rc < 0)
		return rc;
	rc = acct_shells_has(text, len, shell) ? 1 : 0;
	free(text);
	return rc;
}
