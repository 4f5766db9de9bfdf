/*
 * mail_command.c - the mail command for one message (see mail_command.h):
 * posix_spawn with the message through a socket, a deadline kept with a
 * pidfd and poll, SIGKILL to its process group past it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "acct_text.h"
#include "server/mail_command.h"

#define POLL_SLICE_MS 50 /* without a pidfd: how often to look */

int ad_mail_split(const char *cmd, char *buf, size_t bufsize,
		  char *argv[AD_MAIL_MAX_ARGS + 1], const char **why)
{
	size_t len = strlen(cmd);
	int n = 0;
	char *p;

	if (len + 1 > bufsize) {
		*why = "mail_command is too long";
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (cmd[i] != '\t' && acct_is_ctrl((unsigned char)cmd[i])) {
			*why = "mail_command contains a control character";
			return -1;
		}
	}
	memcpy(buf, cmd, len + 1);
	for (p = buf; *p != '\0';) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n == AD_MAIL_MAX_ARGS) {
			*why = "mail_command has too many words (at most 16)";
			return -1;
		}
		argv[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
	}
	argv[n] = NULL;
	if (n == 0) {
		*why = "mail_command is empty";
		return -1;
	}
	if (argv[0][0] != '/') {
		*why = "mail_command must start with an absolute path";
		return -1;
	}
	return n;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Milliseconds left before deadline (0 past it). */
static int left_ms(uint64_t deadline)
{
	uint64_t now = now_ms();

	if (now >= deadline)
		return 0;
	return deadline - now > INT32_MAX ? INT32_MAX : (int)(deadline - now);
}

/* Send msg into the socket fd before deadline (MSG_NOSIGNAL: a command
 * that stops reading is an error, not a SIGPIPE).  0 all written, or an
 * errno (ETIMEDOUT past the deadline, EPIPE: the command stopped
 * reading). */
static int feed(int fd, const char *msg, size_t len, uint64_t deadline)
{
	struct pollfd pfd = {.fd = fd, .events = POLLOUT};
	size_t done = 0;

	while (done < len) {
		ssize_t n = send(fd, msg + done, len - done,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			return errno;
		if (left_ms(deadline) == 0)
			return ETIMEDOUT;
		if (poll(&pfd, 1, left_ms(deadline)) < 0 && errno != EINTR)
			return errno;
	}
	return 0;
}

/* Wait for pid until deadline: 0 with *status, or ETIMEDOUT. */
static int wait_until(pid_t pid, uint64_t deadline, int *status)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int rc = ETIMEDOUT;

	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);

		if (got == pid) {
			rc = 0;
			break;
		}
		if (got < 0 && errno != EINTR) {
			rc = errno;
			break;
		}
		if (left_ms(deadline) == 0)
			break;
		if (pidfd >= 0) {
			struct pollfd pfd = {.fd = pidfd, .events = POLLIN};

			(void)poll(&pfd, 1, left_ms(deadline));
		} else {
			struct timespec ts = {0, POLL_SLICE_MS * 1000000L};

			nanosleep(&ts, NULL);
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	return rc;
}

/* The spawn's settings: stdin from the socket, output to /dev/null, every
 * other descriptor closed, a process group of its own, no signal blocked
 * or ignored (the worker blocks them all, the daemon ignores SIGPIPE). */
static int spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at,
		       int in_fd)
{
	sigset_t none, dfl;
	int rc;

	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	rc = posix_spawn_file_actions_adddup2(fa, in_fd, STDIN_FILENO);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(fa, STDOUT_FILENO,
						      "/dev/null", O_WRONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(fa, STDOUT_FILENO,
						      STDERR_FILENO);
#ifdef __GLIBC__
#if __GLIBC_PREREQ(2, 34)
	/* the daemon's are close-on-exec; this is for what is not */
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(fa, 3);
#endif
#endif
	if (rc == 0)
		rc = posix_spawnattr_setflags(
			at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
				    POSIX_SPAWN_SETPGROUP);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(at, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(at, &dfl);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(at, 0);
	return rc;
}

static pid_t spawn(char *const argv[], int in_fd, int *err)
{
	/* a fixed environment: nothing of the daemon's goes along */
	static char path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	char *const envp[] = {path, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	pid_t pid = -1;

	*err = posix_spawn_file_actions_init(&fa);
	if (*err != 0)
		return -1;
	*err = posix_spawnattr_init(&at);
	if (*err == 0) {
		*err = spawn_setup(&fa, &at, in_fd);
		if (*err == 0)
			*err = posix_spawn(&pid, argv[0], &fa, &at, argv, envp);
		posix_spawnattr_destroy(&at);
	}
	posix_spawn_file_actions_destroy(&fa);
	return *err == 0 ? pid : -1;
}

/* "30 s", or "250 ms" for a deadline that is not whole seconds. */
static void say_timeout(char *buf, size_t size, unsigned timeout_ms)
{
	if (timeout_ms % 1000u == 0)
		snprintf(buf, size, "%u s", timeout_ms / 1000u);
	else
		snprintf(buf, size, "%u ms", timeout_ms);
}

/* The verdict from how the command ended. */
static void judge(int status, int fed, unsigned timeout_ms,
		  struct ad_mail_outcome *out)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && fed == 0) {
		out->delivered = true;
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(out->why, sizeof(out->why), "exit status %d",
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(out->why, sizeof(out->why), "killed by signal %d",
			 WTERMSIG(status));
	else if (fed == ETIMEDOUT) {
		char t[32];

		say_timeout(t, sizeof(t), timeout_ms);
		snprintf(out->why, sizeof(out->why),
			 "did not read the message within %s", t);
	} else
		snprintf(out->why, sizeof(out->why),
			 "did not read the whole message (%s)", strerror(fed));
}

void ad_mail_run(char *const argv[], const void *msg, size_t len,
		 unsigned timeout_ms, struct ad_mail_outcome *out)
{
	uint64_t deadline = now_ms() + timeout_ms;
	int sv[2], err, fed, status = 0;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	/* a socket, not a pipe: sending to it raises no SIGPIPE */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(out->why, sizeof(out->why), "socketpair: %s",
			 strerror(errno));
		return;
	}
	pid = spawn(argv, sv[0], &err);
	close(sv[0]);
	if (pid < 0) {
		close(sv[1]);
		snprintf(out->why, sizeof(out->why), "cannot run %s: %s",
			 argv[0], strerror(err));
		return;
	}
	fed = feed(sv[1], msg, len, deadline);
	close(sv[1]); /* end of the message */
	err = wait_until(pid, deadline, &status);
	if (err == ETIMEDOUT) {
		char t[32];

		/* unreaped, its pid names its group still: whatever it
		 * started goes too */
		(void)kill(-pid, SIGKILL);
		(void)kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		say_timeout(t, sizeof(t), timeout_ms);
		snprintf(out->why, sizeof(out->why),
			 "no answer within %s: killed", t);
		return;
	}
	if (err != 0) {
		snprintf(out->why, sizeof(out->why), "cannot wait for %s: %s",
			 argv[0], strerror(err));
		return;
	}
	judge(status, fed, timeout_ms, out);
}
