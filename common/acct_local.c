/* acct_local.c - the names in /etc/passwd (see acct_local.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "acct_local.h"
#include "acct_proto.h"

int acct_local_scan(const char *path,
		    void (*fn)(void *arg, const char *name, size_t len),
		    void *arg)
{
	char buf[4096], field[ACCT_MAX_NAME + 1];
	size_t flen = 0;
	enum { LINE_START, IN_NAME, REST } state = LINE_START;
	ssize_t n;
	int fd, rc = 0, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -1 : 0;
			err = errno;
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\n') {
				state = LINE_START;
				flen = 0;
				continue;
			}
			if (state == REST ||
			    (state == LINE_START && (c == ' ' || c == '\t')))
				continue;
			if (c == ':') {
				if (flen > 0)
					fn(arg, field, flen);
				state = REST;
			} else if (flen == sizeof(field)) {
				state = REST; /* too long to be a name */
			} else {
				field[flen++] = c;
				state = IN_NAME;
			}
		}
	}
	close(fd);
	errno = err;
	return rc;
}

struct match {
	const char *name;
	size_t len;
	bool found;
};

static void match_one(void *arg, const char *name, size_t len)
{
	struct match *m = arg;

	if (len == m->len && memcmp(name, m->name, len) == 0)
		m->found = true;
}

bool acct_local_user(const char *path, const char *name, size_t len)
{
	struct match m = {name, len, false};
	int saved = errno;
	bool found = acct_local_scan(path, match_one, &m) == 0 && m.found;

	errno = saved;
	return found;
}
