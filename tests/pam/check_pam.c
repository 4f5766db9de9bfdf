/*
 * check_pam.c - pam_accounts.so through the real libpam.
 *
 * Each test writes a service file into a temporary directory and opens it
 * with pam_start_confdir(); the file loads the BUILT module by absolute
 * path (PAM_MODULE_PATH, or $PAM_MODULE) and points it at the in-process
 * fake daemon of fake_pamd.c.  A scripted conversation answers the prompts
 * and records the messages.  The stacks are
 *
 *   TYPE [success=done ignore=ignore default=die] pam_accounts.so ...
 *   TYPE required pam_test_helper.so rc=SENTINEL
 *
 * so the application sees pam_accounts.so's own return code, and
 * SENTINEL when it returned PAM_IGNORE.  What the module logs reaches the
 * test through syslog functions of its own (logged[]).
 *
 * The module trusts only a daemon run by root, so these tests need root
 * (exit 77 otherwise).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "acct_proto.h"
#include "fake_pamd.h"

#ifndef PAM_MODULE_PATH
#define PAM_MODULE_PATH ".libs/pam_accounts.so"
#endif
#ifndef PAM_HELPER_PATH
#define PAM_HELPER_PATH "tests/pam/.libs/pam_test_helper.so"
#endif

#define SERVICE "accounts-test"
#define RHOST "203.0.113.9"
#define TTY "pts/7"
/* Returned by the helper after pam_accounts.so said PAM_IGNORE; a code
 * pam_accounts.so itself never returns. */
#define SENTINEL PAM_CRED_INSUFFICIENT
#define NO_DAEMON "/nonexistent/accountsd/socket"

enum phase { AUTH, ACCOUNT, PASSWORD, SESSION, N_PHASES };

static const char *const phase_type[N_PHASES] = {"auth", "account", "password",
						 "session"};

/* ---- fixture ---- */

static struct fake_pamd *fp;
static char confdir[64];
static char service_file[128];

static const char *module_path(void)
{
	const char *p = getenv("PAM_MODULE");

	return p != NULL && p[0] != '\0' ? p : PAM_MODULE_PATH;
}

static void write_file(const char *text)
{
	FILE *f = fopen(service_file, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * The standard stack for every type.  socket NULL: no socket= option (the
 * module falls back to ACCOUNTSD_SOCKET); pre, when not NULL, is a line
 * (without the type) put in front of each type's stack.
 */
static void write_stack_at(const char *socket, const char *opts,
			   const char *pre)
{
	char text[4096], sockopt[200] = "";
	size_t used = 0;

	if (socket != NULL)
		snprintf(sockopt, sizeof(sockopt), "socket=%s", socket);
	text[0] = '\0';
	for (int t = 0; t < N_PHASES; t++) {
		if (pre != NULL)
			used += (size_t)snprintf(text + used,
						 sizeof(text) - used, "%s %s\n",
						 phase_type[t], pre);
		used += (size_t)snprintf(
			text + used, sizeof(text) - used,
			"%s [success=done ignore=ignore default=die] %s %s %s\n"
			"%s required %s rc=%d\n",
			phase_type[t], module_path(), sockopt, opts,
			phase_type[t], PAM_HELPER_PATH, SENTINEL);
	}
	ck_assert_uint_lt(used, sizeof(text));
	write_file(text);
}

static void write_stack(const char *opts)
{
	write_stack_at(fp_socket(fp), opts, NULL);
}

/* ---- what the module logs ----
 *
 * pam_syslog ends in libc's syslog: __syslog_chk in a libpam built with
 * _FORTIFY_SOURCE (Debian's), syslog otherwise.  Defined in the test
 * program, they take the place of libc's for libpam, so each test reads
 * the lines the module logged (one per line in logged[]).
 */

static char logged[16384];

static void log_line(const char *fmt, va_list ap)
{
	size_t used = strlen(logged);
	int n;

	if (used + 1 >= sizeof(logged))
		return;
	n = vsnprintf(logged + used, sizeof(logged) - used - 1, fmt, ap);
	if (n < 0)
		return;
	used = strlen(logged);
	logged[used] = '\n';
	logged[used + 1] = '\0';
}

/* visible (the build hides symbols by default), for libpam to bind to */
#define LOG_EXPORT __attribute__((visibility("default")))

void __syslog_chk(int pri, int flag, const char *fmt, ...);
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap);

LOG_EXPORT void syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	(void)pri;
	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
}

LOG_EXPORT void vsyslog(int pri, const char *fmt, va_list ap)
{
	(void)pri;
	log_line(fmt, ap);
}

LOG_EXPORT void __syslog_chk(int pri, int flag, const char *fmt, ...)
{
	va_list ap;

	(void)pri;
	(void)flag;
	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
}

LOG_EXPORT void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
	(void)pri;
	(void)flag;
	log_line(fmt, ap);
}

/* ---- conversation and fail delay ---- */

#define MAX_MSGS 16

static struct {
	const char *answers[8];
	int nanswers, next;
	int again_at; /* prompt number that gets PAM_CONV_AGAIN, or -1 */
	int prompts;
	int nmsgs;
	int style[MAX_MSGS];
	char text[MAX_MSGS][600];
	bool delay_called;
	unsigned delay_usec;
} cv;

static void answers(int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		cv.answers[i] = va_arg(ap, const char *);
	va_end(ap);
	cv.nanswers = n;
	cv.next = 0;
}

static int conv(int n, const struct pam_message **msg,
		struct pam_response **resp, void *appdata)
{
	struct pam_response *r = calloc((size_t)n, sizeof(*r));

	(void)appdata;
	if (r == NULL)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
		case PAM_PROMPT_ECHO_ON:
			if (cv.prompts++ == cv.again_at ||
			    cv.next >= cv.nanswers) {
				int rc = cv.prompts - 1 == cv.again_at
						 ? PAM_CONV_AGAIN
						 : PAM_CONV_ERR;

				for (int j = 0; j < i; j++)
					free(r[j].resp);
				free(r);
				return rc;
			}
			r[i].resp = strdup(cv.answers[cv.next++]);
			break;
		default:
			if (cv.nmsgs < MAX_MSGS) {
				cv.style[cv.nmsgs] = msg[i]->msg_style;
				snprintf(cv.text[cv.nmsgs], sizeof(cv.text[0]),
					 "%s", msg[i]->msg);
				cv.nmsgs++;
			}
			break;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
}

/* libpam calls this instead of sleeping: tests stay fast, and we see
 * what the module asked for. */
static void fail_delay(int status, unsigned usec, void *appdata)
{
	(void)status;
	(void)appdata;
	cv.delay_called = true;
	cv.delay_usec = usec;
}

static const struct pam_conv conversation = {conv, NULL};

static pam_handle_t *start(const char *user)
{
	union {
		void (*fn)(int, unsigned, void *);
		const void *item;
	} delay = {.fn = fail_delay};
	pam_handle_t *pamh = NULL;

	ck_assert_int_eq(
		pam_start_confdir(SERVICE, user, &conversation, confdir, &pamh),
		PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_FAIL_DELAY, delay.item),
			 PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_RHOST, RHOST), PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_TTY, TTY), PAM_SUCCESS);
	return pamh;
}

static void end(pam_handle_t *pamh, int last)
{
	ck_assert_int_eq(pam_end(pamh, last), PAM_SUCCESS);
}

/* Count the user-visible messages of one style. */
static int messages(int style)
{
	int n = 0;

	for (int i = 0; i < cv.nmsgs; i++)
		n += cv.style[i] == style;
	return n;
}

static bool has_message(int style, const char *text)
{
	for (int i = 0; i < cv.nmsgs; i++)
		if (cv.style[i] == style && strcmp(cv.text[i], text) == 0)
			return true;
	return false;
}

static int run_phase(pam_handle_t *pamh, enum phase p, int flags)
{
	switch (p) {
	case AUTH:
		return pam_authenticate(pamh, flags);
	case ACCOUNT:
		return pam_acct_mgmt(pamh, flags);
	case PASSWORD:
		return pam_chauthtok(pamh, flags);
	case SESSION:
		return pam_open_session(pamh, flags);
	case N_PHASES:
		break;
	}
	ck_abort_msg("bad phase");
	return -1;
}

static void setup(void)
{
	fp = fp_start();
	strcpy(confdir, "/tmp/check_pam.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(confdir));
	snprintf(service_file, sizeof(service_file), "%s/%s", confdir, SERVICE);
	memset(&cv, 0, sizeof(cv));
	cv.again_at = -1;
	logged[0] = '\0';
	unsetenv(ACCT_SOCKET_ENV);
}

static void teardown(void)
{
	fp_stop(fp);
	unlink(service_file);
	rmdir(confdir);
}

/* ---- authentication ---- */

START_TEST(test_auth_success)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	answers(1, "s3cret pass");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	ck_assert_int_eq(pam_setcred(pamh, PAM_ESTABLISH_CRED), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);

	ck_assert_int_eq(cv.prompts, 1);
	ck_assert_uint_eq(fp_connections(fp), 1);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert(req.has_name && req.has_password && req.has_service);
	ck_assert_str_eq(req.name, "alice");
	ck_assert_str_eq(req.password, "s3cret pass");
	ck_assert_uint_eq(req.password_len, strlen("s3cret pass"));
	ck_assert_str_eq(req.service, SERVICE);
	ck_assert(req.has_rhost && req.has_tty);
	ck_assert_str_eq(req.rhost, RHOST);
	ck_assert_str_eq(req.tty, TTY);
	ck_assert(!req.has_old_password);
}
END_TEST

/* Whatever bytes the user typed arrive unchanged. */
START_TEST(test_auth_password_intact)
{
	char pw[1200];
	struct fp_request req;
	pam_handle_t *pamh;
	size_t n = 0;

	n += (size_t)snprintf(pw, sizeof(pw), " p\xc3\xa4ss w\xc3\xb6rd\t");
	for (; n < 1000; n++)
		pw[n] = (char)('!' + n % 90);
	pw[n] = '\0';
	write_stack("");
	answers(1, pw);
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_uint_eq(req.password_len, n);
	ck_assert_mem_eq(req.password, pw, n);
}
END_TEST

struct result_case {
	uint32_t result;
	int expect;
};

static const struct result_case auth_cases[] = {
	{ACCT_PAM_OK, PAM_SUCCESS},
	{ACCT_PAM_AUTH_ERR, PAM_AUTH_ERR},
	{ACCT_PAM_USER_UNKNOWN, PAM_USER_UNKNOWN},
	{ACCT_PAM_LOCKED, PAM_MAXTRIES},
	{ACCT_PAM_DISABLED, PAM_ACCT_EXPIRED},
	{ACCT_PAM_TENANT_INACTIVE, PAM_ACCT_EXPIRED},
	{ACCT_PAM_NEW_AUTHTOK_REQD, PAM_SUCCESS},
	{ACCT_PAM_PERM_DENIED, PAM_PERM_DENIED},
	{ACCT_PAM_AUTHTOK_ERR, PAM_AUTH_ERR},
	{ACCT_PAM_NO_PASSWORD, PAM_AUTH_ERR},
	{99, PAM_AUTH_ERR},
};
#define N_AUTH_CASES (int)(sizeof(auth_cases) / sizeof(auth_cases[0]))

START_TEST(test_auth_results)
{
	const struct result_case *c = &auth_cases[_i];
	pam_handle_t *pamh;
	int rc;

	write_stack("");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, c->result, NULL);
	answers(1, "pw");
	pamh = start("alice");
	rc = pam_authenticate(pamh, 0);
	end(pamh, rc);
	ck_assert_msg(rc == c->expect, "verdict %u: got %d, want %d", c->result,
		      rc, c->expect);
	/* every authentication asks for the delay, success or not */
	ck_assert(cv.delay_called);
	if (rc != PAM_SUCCESS)
		ck_assert_uint_ge(cv.delay_usec, 1000000);
}
END_TEST

/* The daemon's one line reaches the user as an error, unless silent. */
START_TEST(test_auth_message)
{
	const char *msg = "organization acme is suspended";
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_TENANT_INACTIVE, msg);
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_ACCT_EXPIRED);
	end(pamh, PAM_ACCT_EXPIRED);
	ck_assert(has_message(PAM_ERROR_MSG, msg));
	ck_assert_int_eq(cv.nmsgs, 1);

	cv.nmsgs = 0;
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, PAM_SILENT), PAM_ACCT_EXPIRED);
	end(pamh, PAM_ACCT_EXPIRED);
	ck_assert_int_eq(cv.nmsgs, 0);

	/* lockout: stop asking, and say why */
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_LOCKED,
		  "account locked for 15 minutes");
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_MAXTRIES);
	end(pamh, PAM_MAXTRIES);
	ck_assert(has_message(PAM_ERROR_MSG, "account locked for 15 minutes"));
}
END_TEST

/* One printable line: controls are blanked, length is bounded. */
START_TEST(test_message_sanitized)
{
	char longmsg[1000];
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_ACCT_MGMT, ACCT_ST_OK, ACCT_PAM_DISABLED,
		  "user\x1b[2J disabled\nnow");
	pamh = start("alice");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_ACCT_EXPIRED);
	ck_assert(has_message(PAM_ERROR_MSG, "user [2J disabled now"));

	memset(longmsg, 'x', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	fp_answer(fp, ACCT_OP_ACCT_MGMT, ACCT_ST_OK, ACCT_PAM_DISABLED,
		  longmsg);
	cv.nmsgs = 0;
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_ACCT_EXPIRED);
	end(pamh, PAM_ACCT_EXPIRED);
	ck_assert_int_eq(cv.nmsgs, 1);
	ck_assert_uint_eq(strlen(cv.text[0]), 255);
}
END_TEST

START_TEST(test_auth_ignore_unknown_user)
{
	pam_handle_t *pamh;

	write_stack("ignore_unknown_user");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_USER_UNKNOWN, NULL);
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), SENTINEL);
	end(pamh, SENTINEL);
	ck_assert_uint_eq(fp_connections(fp), 1);
}
END_TEST

START_TEST(test_auth_use_first_pass)
{
	struct fp_request req;
	pam_handle_t *pamh;
	char pre[300];

	snprintf(pre, sizeof(pre), "optional %s authtok=from-earlier",
		 PAM_HELPER_PATH);
	write_stack_at(fp_socket(fp), "use_first_pass", pre);
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_int_eq(cv.prompts, 0);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_str_eq(req.password, "from-earlier");

	/* nothing earlier: use_first_pass never prompts, never sends */
	write_stack("use_first_pass");
	answers(1, "typed");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);
	ck_assert_int_eq(cv.prompts, 0);
	ck_assert_uint_eq(fp_connections(fp), 1);
}
END_TEST

START_TEST(test_auth_try_first_pass)
{
	struct fp_request req;
	pam_handle_t *pamh;
	char pre[300];

	snprintf(pre, sizeof(pre), "optional %s authtok=from-earlier",
		 PAM_HELPER_PATH);
	write_stack_at(fp_socket(fp), "try_first_pass", pre);
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_int_eq(cv.prompts, 0);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_str_eq(req.password, "from-earlier");

	write_stack("try_first_pass");
	answers(1, "typed");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_int_eq(cv.prompts, 1);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_str_eq(req.password, "typed");
}
END_TEST

/* The application's conversation is not ready: PAM_INCOMPLETE, and the
 * resumed call completes. */
START_TEST(test_auth_conv_again)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	cv.again_at = 0; /* the login prompt */
	pamh = start(NULL);
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_INCOMPLETE);
	ck_assert_uint_eq(fp_connections(fp), 0);

	cv.again_at = -1;
	answers(2, "alice", "pw");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_str_eq(req.name, "alice");
	ck_assert_str_eq(req.password, "pw");
}
END_TEST

/* At the password prompt, libpam's pam_get_authtok turns PAM_CONV_AGAIN
 * into PAM_AUTHTOK_ERR (Linux-PAM 1.5); either way nothing is sent. */
START_TEST(test_auth_conv_again_password)
{
	pam_handle_t *pamh;
	int rc;

	write_stack("");
	cv.again_at = 0;
	pamh = start("alice");
	rc = pam_authenticate(pamh, 0);
	end(pamh, rc);
	ck_assert_msg(rc == PAM_INCOMPLETE || rc == PAM_AUTHTOK_ERR, "rc %d",
		      rc);
	ck_assert_uint_eq(fp_connections(fp), 0);
}
END_TEST

START_TEST(test_auth_empty_password)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	answers(1, "");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);
	ck_assert_uint_eq(fp_connections(fp), 0);

	/* nullok: the daemon decides */
	write_stack("nullok");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_AUTH_ERR, NULL);
	answers(1, "");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert(req.has_password);
	ck_assert_uint_eq(req.password_len, 0);
}
END_TEST

/* Long passwords: static, as 5,000 bytes are a lot for a test's stack. */
static char pw_a[5001], pw_b[5001];

/* buf = n bytes of c; returns buf. */
static const char *fill(char *buf, char c, size_t n)
{
	ck_assert_uint_lt(n, sizeof(pw_a));
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

static const size_t too_long[] = {ACCT_MAX_PASSWORD + 1, 5000};
#define N_TOO_LONG (int)(sizeof(too_long) / sizeof(too_long[0]))

/*
 * Over ACCT_MAX_PASSWORD: cut to one byte more and sent, so the daemon
 * judges it (a wrong password, counted); its AUTH_ERR is PAM_AUTH_ERR
 * here, logged with pam_unix's failure line, with the fail delay.
 */
START_TEST(test_auth_password_too_long)
{
	size_t n = too_long[_i];
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_AUTH_ERR, NULL);
	answers(1, fill(pw_a, 'p', n));
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);

	ck_assert_uint_eq(fp_connections(fp), 1);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert(req.has_password);
	ck_assert_uint_eq(req.password_len, ACCT_MAX_PASSWORD + 1);
	ck_assert_mem_eq(req.password, pw_a, ACCT_MAX_PASSWORD + 1);
	ck_assert_msg(strstr(logged, "authentication failure; logname=") !=
				      NULL &&
			      strstr(logged, " user=alice\n") != NULL,
		      "logged: %s", logged);
	ck_assert(cv.delay_called);
}
END_TEST

/* At the limit nothing is cut. */
START_TEST(test_auth_password_at_limit)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	answers(1, fill(pw_a, 'p', ACCT_MAX_PASSWORD));
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	fp_last(fp, ACCT_OP_AUTH, &req);
	ck_assert_uint_eq(req.password_len, ACCT_MAX_PASSWORD);
}
END_TEST

/* A wrong password (any length) is logged with pam_unix's line, naming
 * the user; an unknown user is not named. */
START_TEST(test_auth_failure_logged)
{
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_AUTH_ERR, NULL);
	answers(1, "wrong");
	pamh = start("alice");
	ck_assert_int_eq(pam_set_item(pamh, PAM_RUSER, "bob"), PAM_SUCCESS);
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);
	ck_assert_msg(strstr(logged, "authentication failure; logname=") !=
			      NULL,
		      "logged: %s", logged);
	ck_assert_msg(strstr(logged, " tty=" TTY " ruser=bob rhost=" RHOST
				     " user=alice\n") != NULL,
		      "logged: %s", logged);

	logged[0] = '\0';
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_USER_UNKNOWN, NULL);
	answers(1, "wrong");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_USER_UNKNOWN);
	end(pamh, PAM_USER_UNKNOWN);
	ck_assert_ptr_null(strstr(logged, "alice"));
	ck_assert_ptr_nonnull(strstr(logged, "check pass; user unknown"));
}
END_TEST

START_TEST(test_setcred)
{
	pam_handle_t *pamh;

	write_stack_at(NO_DAEMON, "", NULL);
	pamh = start("alice");
	ck_assert_int_eq(pam_setcred(pamh, PAM_ESTABLISH_CRED), PAM_SUCCESS);
	ck_assert_int_eq(pam_setcred(pamh, PAM_DELETE_CRED), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
}
END_TEST

/* ---- user names ---- */

/* Names that are never the daemon's: invalid ones, and the host's own
 * users (in /etc/passwd; root is on every host). */
static const char *const bad_names[] = {
	"root",
	"",
	"+alice",
	"-alice",
	"+",
	"Alice",
	"al:ice",
	"al ice",
	"1234",
	"alice\xc3\xa9",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};
#define N_BAD_NAMES (int)(sizeof(bad_names) / sizeof(bad_names[0]))

/* Such a name never reaches the daemon, in any phase, hung or not. */
START_TEST(test_invalid_names)
{
	const char *name = bad_names[_i];
	pam_handle_t *pamh;

	for (int ignore = 0; ignore < 2; ignore++) {
		int want = ignore ? SENTINEL : PAM_USER_UNKNOWN;

		write_stack(ignore ? "ignore_unknown_user" : "");
		for (int p = 0; p < N_PHASES; p++) {
			int rc;

			answers(3, "pw", "pw", "pw");
			pamh = start(name);
			rc = run_phase(pamh, (enum phase)p, 0);
			end(pamh, rc);
			ck_assert_msg(rc == want, "'%s' %s: got %d want %d",
				      name, phase_type[p], rc, want);
		}
		pamh = start(name);
		ck_assert_int_eq(pam_close_session(pamh, 0), want);
		end(pamh, want);
	}
	ck_assert_int_eq(cv.prompts, 0);
	ck_assert_uint_eq(fp_connections(fp), 0);
}
END_TEST

/* System accounts stay with pam_unix: no daemon round trip. */
START_TEST(test_minimum_uid)
{
	pam_handle_t *pamh;

	write_stack("minimum_uid=1000");
	answers(1, "pw");
	pamh = start("root");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_USER_UNKNOWN);
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_USER_UNKNOWN);
	end(pamh, PAM_USER_UNKNOWN);
	ck_assert_int_eq(cv.prompts, 0);
	ck_assert_uint_eq(fp_connections(fp), 0);

	write_stack("minimum_uid=1000 ignore_unknown_user");
	pamh = start("root");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), SENTINEL);
	end(pamh, SENTINEL);

	/* a name the host does not know goes to the daemon */
	write_stack("minimum_uid=1000");
	pamh = start("alice");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_uint_eq(fp_connections(fp), 1);
}
END_TEST

/* ---- account ---- */

static const struct result_case account_cases[] = {
	{ACCT_PAM_OK, PAM_SUCCESS},
	{ACCT_PAM_AUTH_ERR, PAM_AUTH_ERR},
	{ACCT_PAM_USER_UNKNOWN, PAM_USER_UNKNOWN},
	{ACCT_PAM_LOCKED, PAM_PERM_DENIED},
	{ACCT_PAM_DISABLED, PAM_ACCT_EXPIRED},
	{ACCT_PAM_TENANT_INACTIVE, PAM_ACCT_EXPIRED},
	{ACCT_PAM_NEW_AUTHTOK_REQD, PAM_NEW_AUTHTOK_REQD},
	{ACCT_PAM_PERM_DENIED, PAM_PERM_DENIED},
	{ACCT_PAM_AUTHTOK_ERR, PAM_SERVICE_ERR},
	{ACCT_PAM_NO_PASSWORD, PAM_AUTH_ERR},
	{99, PAM_SERVICE_ERR},
};
#define N_ACCOUNT_CASES (int)(sizeof(account_cases) / sizeof(account_cases[0]))

START_TEST(test_account_results)
{
	const struct result_case *c = &account_cases[_i];
	struct fp_request req;
	pam_handle_t *pamh;
	int rc;

	write_stack("");
	fp_answer(fp, ACCT_OP_ACCT_MGMT, ACCT_ST_OK, c->result, NULL);
	pamh = start("alice");
	rc = pam_acct_mgmt(pamh, 0);
	end(pamh, rc);
	ck_assert_msg(rc == c->expect, "verdict %u: got %d, want %d", c->result,
		      rc, c->expect);
	fp_last(fp, ACCT_OP_ACCT_MGMT, &req);
	ck_assert_str_eq(req.name, "alice");
	ck_assert_str_eq(req.service, SERVICE);
	ck_assert_str_eq(req.rhost, RHOST);
	ck_assert_str_eq(req.tty, TTY);
	ck_assert(!req.has_password);
}
END_TEST

START_TEST(test_account_messages)
{
	const char *msg = "organization acme is suspended";
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_ACCT_MGMT, ACCT_ST_OK, ACCT_PAM_TENANT_INACTIVE,
		  msg);
	pamh = start("alice");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_ACCT_EXPIRED);
	ck_assert(has_message(PAM_ERROR_MSG, msg));
	ck_assert_int_eq(cv.nmsgs, 1);
	cv.nmsgs = 0;
	ck_assert_int_eq(pam_acct_mgmt(pamh, PAM_SILENT), PAM_ACCT_EXPIRED);
	ck_assert_int_eq(cv.nmsgs, 0);

	/* a notice on success is information, and no_warn drops it */
	fp_answer(fp, ACCT_OP_ACCT_MGMT, ACCT_ST_OK, ACCT_PAM_OK,
		  "your password expires in 3 days");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert(
		has_message(PAM_TEXT_INFO, "your password expires in 3 days"));
	ck_assert_int_eq(messages(PAM_ERROR_MSG), 0);

	write_stack("no_warn");
	cv.nmsgs = 0;
	pamh = start("alice");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_int_eq(cv.nmsgs, 0);
}
END_TEST

/* nslcd's pattern: authentication saw "must change", account says so. */
START_TEST(test_new_authtok_carried)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_NEW_AUTHTOK_REQD,
		  NULL);
	answers(4, "oldpw", "oldpw", "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_NEW_AUTHTOK_REQD);
	ck_assert_int_eq(messages(PAM_ERROR_MSG), 1);

	/* what login does next: change it, asking for the current one */
	ck_assert_int_eq(pam_chauthtok(pamh, PAM_CHANGE_EXPIRED_AUTHTOK),
			 PAM_SUCCESS);
	fp_last_prelim(fp, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert(req.has_prelim && req.prelim == 1);
	ck_assert(req.has_old_password && !req.has_password);
	ck_assert_str_eq(req.old_password, "oldpw");
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert(!req.has_prelim);
	ck_assert_str_eq(req.old_password, "oldpw");
	ck_assert_str_eq(req.password, "newpw");

	/* changed: nothing left to insist on */
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);

	/* a fresh handle carries nothing over */
	pamh = start("alice");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
}
END_TEST

/* The daemon itself says "must change" in the account phase. */
START_TEST(test_new_authtok_from_account)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_ACCT_MGMT, ACCT_ST_OK, ACCT_PAM_NEW_AUTHTOK_REQD,
		  "password expired");
	answers(3, "oldpw", "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_NEW_AUTHTOK_REQD);
	ck_assert(has_message(PAM_ERROR_MSG, "password expired"));
	ck_assert_int_eq(pam_chauthtok(pamh, PAM_CHANGE_EXPIRED_AUTHTOK),
			 PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_str_eq(req.password, "newpw");
}
END_TEST

/* "Change expired passwords": ours has not expired, so the module stands
 * aside for the one whose password did. */
START_TEST(test_change_expired_not_ours)
{
	pam_handle_t *pamh;

	write_stack("");
	answers(3, "oldpw", "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, PAM_CHANGE_EXPIRED_AUTHTOK),
			 SENTINEL);
	end(pamh, SENTINEL);
	ck_assert_int_eq(cv.prompts, 0);
	ck_assert_uint_eq(fp_connections(fp), 0);
}
END_TEST

/* ---- password ---- */

/* root (passwd run by root) gives no current password. */
START_TEST(test_password_as_root)
{
	struct fp_request req;
	pam_handle_t *pamh;

	ck_assert_int_eq(getuid(), 0);
	write_stack("");
	answers(2, "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_int_eq(cv.prompts, 2);
	fp_last_prelim(fp, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert_str_eq(req.name, "alice");
	ck_assert(!req.has_old_password && !req.has_password);
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert(!req.has_old_password && !req.has_prelim);
	ck_assert_str_eq(req.password, "newpw");
}
END_TEST

/* Anyone but root gives the current password, once for both passes. */
START_TEST(test_password_as_user)
{
	struct fp_request req;
	pam_handle_t *pamh;

	/* a setuid passwd run by a user: real uid the user's, euid root */
	ck_assert_int_eq(setresuid(1000, 0, 0), 0);
	write_stack("");
	answers(3, "oldpw", "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_int_eq(setresuid(0, 0, 0), 0);
	ck_assert_int_eq(cv.prompts, 3);
	fp_last_prelim(fp, &req);
	ck_assert_str_eq(req.old_password, "oldpw");
	ck_assert(req.prelim == 1 && !req.has_password);
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_str_eq(req.old_password, "oldpw");
	ck_assert_str_eq(req.password, "newpw");

	/* an empty current password is refused here without nullok */
	ck_assert_int_eq(setresuid(1000, 0, 0), 0);
	answers(1, "");
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);
	ck_assert_int_eq(setresuid(0, 0, 0), 0);
	fp_last_prelim(fp, &req);
	ck_assert_uint_eq(req.count, 1);
}
END_TEST

static const struct result_case password_cases[] = {
	{ACCT_PAM_OK, PAM_SUCCESS},
	{ACCT_PAM_AUTH_ERR, PAM_AUTH_ERR},
	{ACCT_PAM_USER_UNKNOWN, PAM_USER_UNKNOWN},
	{ACCT_PAM_LOCKED, PAM_PERM_DENIED},
	{ACCT_PAM_DISABLED, PAM_ACCT_EXPIRED},
	{ACCT_PAM_TENANT_INACTIVE, PAM_ACCT_EXPIRED},
	{ACCT_PAM_PERM_DENIED, PAM_PERM_DENIED},
	{ACCT_PAM_AUTHTOK_ERR, PAM_AUTHTOK_ERR},
	{ACCT_PAM_NO_PASSWORD, PAM_AUTH_ERR},
	{99, PAM_SERVICE_ERR},
};
#define N_PASSWORD_CASES                                                       \
	(int)(sizeof(password_cases) / sizeof(password_cases[0]))

/* The verdict on the update itself (the check before it passed). */
START_TEST(test_password_results)
{
	const struct result_case *c = &password_cases[_i];
	pam_handle_t *pamh;
	int rc;

	write_stack("");
	fp_answer(fp, ACCT_OP_CHAUTHTOK, ACCT_ST_OK, c->result,
		  "password is too short");
	fp_answer_prelim(fp, ACCT_PAM_OK);
	answers(2, "newpw", "newpw");
	pamh = start("alice");
	rc = pam_chauthtok(pamh, 0);
	end(pamh, rc);
	ck_assert_msg(rc == c->expect, "verdict %u: got %d, want %d", c->result,
		      rc, c->expect);
	if (rc != PAM_SUCCESS && rc != PAM_USER_UNKNOWN)
		ck_assert(has_message(PAM_ERROR_MSG, "password is too short"));
}
END_TEST

/* A wrong current password stops the change before the update. */
START_TEST(test_password_prelim_refused)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_NEW_AUTHTOK_REQD,
		  NULL);
	fp_answer_prelim(fp, ACCT_PAM_AUTH_ERR);
	answers(4, "pw", "wrong", "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	ck_assert_int_eq(pam_chauthtok(pamh, PAM_CHANGE_EXPIRED_AUTHTOK),
			 PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);
	fp_last_prelim(fp, &req);
	ck_assert_str_eq(req.old_password, "wrong");
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_uint_eq(req.count, 0);
}
END_TEST

START_TEST(test_password_mismatch_and_empty)
{
	struct fp_request req;
	pam_handle_t *pamh;
	int rc;

	write_stack("");
	answers(2, "newpw", "other");
	pamh = start("alice");
	rc = pam_chauthtok(pamh, 0);
	end(pamh, rc);
	ck_assert_int_eq(rc, PAM_TRY_AGAIN);

	answers(2, "", "");
	cv.nmsgs = 0;
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_AUTHTOK_ERR);
	end(pamh, PAM_AUTHTOK_ERR);
	ck_assert(has_message(PAM_ERROR_MSG, "No password has been supplied."));

	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_uint_eq(req.count, 0);
}
END_TEST

/* The same rule for both fields of CHAUTHTOK, in the check and in the
 * update: over the limit, cut to one byte more and sent; the daemon's
 * AUTH_ERR for the current one is PAM_AUTH_ERR, and logged. */
START_TEST(test_password_too_long)
{
	size_t n = too_long[_i], cut = ACCT_MAX_PASSWORD + 1;
	const char *oldpw = fill(pw_a, 'o', n), *newpw = fill(pw_b, 'n', n);
	struct fp_request req;
	pam_handle_t *pamh;

	/* as a user (a setuid passwd): the current password is sent */
	ck_assert_int_eq(setresuid(1000, 0, 0), 0);
	write_stack("");
	answers(3, oldpw, newpw, newpw);
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);

	fp_last_prelim(fp, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert_uint_eq(req.old_password_len, cut);
	ck_assert_mem_eq(req.old_password, oldpw, cut);
	ck_assert(!req.has_password);
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_uint_eq(req.count, 1);
	ck_assert_uint_eq(req.old_password_len, cut);
	ck_assert_mem_eq(req.old_password, oldpw, cut);
	ck_assert_uint_eq(req.password_len, cut);
	ck_assert_mem_eq(req.password, newpw, cut);

	fp_answer_prelim(fp, ACCT_PAM_AUTH_ERR);
	answers(1, oldpw);
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_AUTH_ERR);
	end(pamh, PAM_AUTH_ERR);
	ck_assert_int_eq(setresuid(0, 0, 0), 0);
	fp_last_prelim(fp, &req);
	ck_assert_uint_eq(req.count, 2);
	ck_assert_uint_eq(req.old_password_len, cut);
	ck_assert_msg(strstr(logged, "password check failed for alice: "
				     "auth_err\n") != NULL,
		      "logged: %s", logged);
}
END_TEST

/* Another module passed the check (pam_unix, for a local user) and then
 * failed the update: this one stands aside, asking and sending nothing
 * (without this, a local user whose new password pam_unix refused would
 * be asked once more, and the answer sent to the daemon). */
START_TEST(test_password_update_not_checked_here)
{
	pam_handle_t *pamh;
	char text[1024];

	snprintf(text, sizeof(text),
		 "password [success=1 default=ignore] %s prelim_rc=%d rc=%d\n"
		 "password [success=done ignore=ignore default=die] %s "
		 "socket=%s\n"
		 "password required %s prelim_rc=%d rc=%d\n",
		 PAM_HELPER_PATH, PAM_SUCCESS, PAM_AUTHTOK_ERR, module_path(),
		 fp_socket(fp), PAM_HELPER_PATH, PAM_SUCCESS, SENTINEL);
	write_file(text);
	answers(2, "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), SENTINEL);
	end(pamh, SENTINEL);
	ck_assert_int_eq(cv.prompts, 0);
	ck_assert_uint_eq(fp_connections(fp), 0);
}
END_TEST

START_TEST(test_password_use_authtok)
{
	struct fp_request req;
	pam_handle_t *pamh;
	char pre[300];

	snprintf(pre, sizeof(pre), "optional %s authtok=chosen-earlier",
		 PAM_HELPER_PATH);
	write_stack_at(fp_socket(fp), "use_authtok", pre);
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_int_eq(cv.prompts, 0);
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_str_eq(req.password, "chosen-earlier");

	/* use_authtok with nothing earlier: no prompt, no change */
	write_stack("use_authtok");
	answers(2, "newpw", "newpw");
	pamh = start("alice");
	ck_assert_int_eq(pam_chauthtok(pamh, 0), PAM_AUTHTOK_ERR);
	end(pamh, PAM_AUTHTOK_ERR);
	ck_assert_int_eq(cv.prompts, 0);
	fp_last(fp, ACCT_OP_CHAUTHTOK, &req);
	ck_assert_uint_eq(req.count, 1);
}
END_TEST

/* ---- sessions ---- */

START_TEST(test_session_id_kept)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	fp_session_id(fp, 4242);
	pamh = start("alice");
	ck_assert_int_eq(pam_open_session(pamh, 0), PAM_SUCCESS);
	fp_last(fp, ACCT_OP_SESSION_OPEN, &req);
	ck_assert_str_eq(req.name, "alice");
	ck_assert_str_eq(req.service, SERVICE);
	ck_assert_str_eq(req.tty, TTY);
	ck_assert_str_eq(req.rhost, RHOST);

	ck_assert_int_eq(pam_close_session(pamh, 0), PAM_SUCCESS);
	fp_last(fp, ACCT_OP_SESSION_CLOSE, &req);
	ck_assert(req.has_session_id);
	ck_assert_uint_eq(req.session_id, 4242);
	ck_assert(!req.has_name && !req.has_pid);

	/* the id went with the first close */
	ck_assert_int_eq(pam_close_session(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	fp_last(fp, ACCT_OP_SESSION_CLOSE, &req);
	ck_assert_uint_eq(req.count, 2);
	ck_assert(!req.has_session_id);
	ck_assert_str_eq(req.name, "alice");
}
END_TEST

/* No id kept (another handle, or the daemon gave none): NAME + PID. */
START_TEST(test_session_close_by_name)
{
	struct fp_request req;
	pam_handle_t *pamh;

	write_stack("");
	pamh = start("alice");
	ck_assert_int_eq(pam_open_session(pamh, 0), PAM_SUCCESS);
	ck_assert_int_eq(pam_close_session(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	fp_last(fp, ACCT_OP_SESSION_CLOSE, &req);
	ck_assert(!req.has_session_id);
	ck_assert_str_eq(req.name, "alice");
	ck_assert(req.has_pid);
	ck_assert_uint_eq(req.pid, (uint32_t)getpid());
}
END_TEST

/* The daemon ended the session already: closing it is not an error. */
START_TEST(test_session_close_gone)
{
	pam_handle_t *pamh;

	write_stack("");
	fp_session_id(fp, 7);
	fp_answer(fp, ACCT_OP_SESSION_CLOSE, ACCT_ST_NOTFOUND, FP_NONE, NULL);
	pamh = start("alice");
	ck_assert_int_eq(pam_open_session(pamh, 0), PAM_SUCCESS);
	ck_assert_int_eq(pam_close_session(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
}
END_TEST

static const struct result_case session_cases[] = {
	{FP_NONE, PAM_SUCCESS},
	{ACCT_PAM_OK, PAM_SUCCESS},
	{ACCT_PAM_USER_UNKNOWN, PAM_USER_UNKNOWN},
	{ACCT_PAM_LOCKED, PAM_PERM_DENIED},
	{ACCT_PAM_DISABLED, PAM_ACCT_EXPIRED},
	{ACCT_PAM_TENANT_INACTIVE, PAM_ACCT_EXPIRED},
	{ACCT_PAM_PERM_DENIED, PAM_PERM_DENIED},
	{99, PAM_SERVICE_ERR},
};
#define N_SESSION_CASES (int)(sizeof(session_cases) / sizeof(session_cases[0]))

START_TEST(test_session_results)
{
	const struct result_case *c = &session_cases[_i];
	pam_handle_t *pamh;
	int rc;

	write_stack("");
	fp_answer(fp, ACCT_OP_SESSION_OPEN, ACCT_ST_OK, c->result,
		  "organization acme is suspended");
	pamh = start("alice");
	rc = pam_open_session(pamh, 0);
	end(pamh, rc);
	ck_assert_msg(rc == c->expect, "verdict %u: got %d, want %d", c->result,
		      rc, c->expect);
	ck_assert_int_eq(messages(PAM_ERROR_MSG),
			 rc != PAM_SUCCESS && rc != PAM_USER_UNKNOWN);
}
END_TEST

/* ---- transport ---- */

/* Daemon down: every phase answers fast, ignorable on request. */
START_TEST(test_no_daemon)
{
	pam_handle_t *pamh;

	for (int ignore = 0; ignore < 2; ignore++) {
		int want = ignore ? SENTINEL : PAM_AUTHINFO_UNAVAIL;

		write_stack_at(NO_DAEMON,
			       ignore ? "ignore_authinfo_unavail" : "", NULL);
		for (int p = 0; p < N_PHASES; p++) {
			int rc;

			answers(3, "pw", "pw", "pw");
			pamh = start("alice");
			rc = run_phase(pamh, (enum phase)p, 0);
			end(pamh, rc);
			ck_assert_msg(rc == want, "%s: got %d want %d",
				      phase_type[p], rc, want);
		}
		pamh = start("alice");
		ck_assert_int_eq(pam_close_session(pamh, 0), want);
		end(pamh, want);
	}
}
END_TEST

/* A daemon socket that is not there but whose directory is. */
START_TEST(test_daemon_stopped)
{
	char path[200];
	pam_handle_t *pamh;

	snprintf(path, sizeof(path), "%s/gone", confdir);
	write_stack_at(path, "", NULL);
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTHINFO_UNAVAIL);
	end(pamh, PAM_AUTHINFO_UNAVAIL);
}
END_TEST

struct status_case {
	uint16_t status;
	int expect;
};

static const struct status_case status_cases[] = {
	{ACCT_ST_DENIED, PAM_PERM_DENIED},
	{ACCT_ST_BUSY, PAM_AUTHINFO_UNAVAIL},
	{ACCT_ST_INTERNAL, PAM_AUTHINFO_UNAVAIL},
	{ACCT_ST_UNSUPPORTED, PAM_AUTHINFO_UNAVAIL},
	{ACCT_ST_NOTFOUND, PAM_USER_UNKNOWN},
	{ACCT_ST_BADREQ, PAM_SERVICE_ERR},
	{ACCT_ST_INVALID, PAM_SERVICE_ERR},
	{ACCT_ST_TOOBIG, PAM_SERVICE_ERR},
	{ACCT_ST_CONFLICT, PAM_SERVICE_ERR},
	{77, PAM_SERVICE_ERR},
};
#define N_STATUS_CASES (int)(sizeof(status_cases) / sizeof(status_cases[0]))

/* Wire statuses in every phase; the MESSAGE of a failure is not shown. */
START_TEST(test_wire_status)
{
	const struct status_case *c = &status_cases[_i];
	pam_handle_t *pamh;

	write_stack("");
	for (int op = ACCT_OP_AUTH; op <= ACCT_OP_SESSION_CLOSE; op++)
		fp_answer(fp, (uint16_t)op, c->status, FP_NONE,
			  "internal detail");
	for (int p = 0; p < N_PHASES; p++) {
		int rc;

		answers(3, "pw", "pw", "pw");
		pamh = start("alice");
		rc = run_phase(pamh, (enum phase)p, 0);
		end(pamh, rc);
		ck_assert_msg(rc == c->expect, "status %u %s: got %d want %d",
			      c->status, phase_type[p], rc, c->expect);
	}
	ck_assert_int_eq(cv.nmsgs, 0);
}
END_TEST

START_TEST(test_broken_daemon)
{
	static const enum fp_mode modes[] = {FP_GARBAGE, FP_CLOSE, FP_HANG};
	pam_handle_t *pamh;

	write_stack("timeout=100");
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		fp_set_mode(fp, modes[i]);
		answers(1, "pw");
		pamh = start("alice");
		ck_assert_int_eq(pam_authenticate(pamh, 0),
				 PAM_AUTHINFO_UNAVAIL);
		ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_AUTHINFO_UNAVAIL);
		end(pamh, PAM_AUTHINFO_UNAVAIL);
	}

	/* an OK reply without a verdict is a protocol error too */
	fp_set_mode(fp, FP_ANSWER);
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, FP_NONE, NULL);
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTHINFO_UNAVAIL);
	end(pamh, PAM_AUTHINFO_UNAVAIL);
}
END_TEST

/* A socket file not owned by root: not the daemon, nothing is sent. */
START_TEST(test_socket_not_root)
{
	pam_handle_t *pamh;

	ck_assert_int_eq(chown(fp_socket(fp), 65534, 65534), 0);
	write_stack("");
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTHINFO_UNAVAIL);
	end(pamh, PAM_AUTHINFO_UNAVAIL);
	ck_assert_uint_eq(fp_connections(fp), 0);
}
END_TEST

/* A root-owned socket file, but the listener runs as another user: the
 * module hangs up without sending a byte. */
START_TEST(test_peer_not_root)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int ready[2], result[2], status;
	char path[200];
	pam_handle_t *pamh;
	long got = -1;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/impostor", confdir);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(result), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct pollfd pfd;
		long total = 0;
		char buf[256];
		ssize_t n;
		int ls, s;

		ls = socket(AF_UNIX, SOCK_STREAM, 0);
		/* bound as root (the file is root's), listening as nobody */
		if (ls < 0 ||
		    bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
		    setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0 || listen(ls, 4) < 0)
			_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		pfd.fd = ls;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 10000) != 1)
			_exit(3);
		s = accept(ls, NULL, NULL);
		if (s < 0)
			_exit(4);
		while ((n = read(s, buf, sizeof(buf))) > 0)
			total += n;
		if (write(result[1], &total, sizeof(total)) != sizeof(total))
			_exit(5);
		_exit(0);
	}
	close(ready[1]);
	close(result[1]);
	{
		char c;

		ck_assert_int_eq(read(ready[0], &c, 1), 1);
	}

	/* a short timeout: a module that did send would wait for a reply */
	write_stack_at(path, "timeout=1000", NULL);
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTHINFO_UNAVAIL);
	end(pamh, PAM_AUTHINFO_UNAVAIL);

	ck_assert_int_eq(read(result[0], &got, sizeof(got)), sizeof(got));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(got, 0);
	close(ready[0]);
	close(result[0]);
	unlink(path);
}
END_TEST

/* Without socket=, ACCOUNTSD_SOCKET (secure_getenv) names the socket. */
START_TEST(test_socket_from_environment)
{
	pam_handle_t *pamh;

	write_stack_at(NULL, "", NULL);
	ck_assert_int_eq(setenv(ACCT_SOCKET_ENV, fp_socket(fp), 1), 0);
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
	ck_assert_uint_eq(fp_connections(fp), 1);
}
END_TEST

/* Unknown options and bad values are logged and skipped, never fatal. */
START_TEST(test_options_tolerated)
{
	pam_handle_t *pamh;

	write_stack("debug bogus timeout=abc timeout=-5 timeout=99999999 "
		    "minimum_uid=x minimum_uid= socket=relative nullok=1");
	answers(1, "pw");
	pamh = start("alice");
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_SUCCESS);
	ck_assert_int_eq(pam_acct_mgmt(pamh, 0), PAM_SUCCESS);
	end(pamh, PAM_SUCCESS);
}
END_TEST

/* The module writes nothing to stdout or stderr, even with debug. */
START_TEST(test_quiet)
{
	char tmpl[] = "/tmp/check_pam_out.XXXXXX";
	int out, saved1, saved2;
	pam_handle_t *pamh;
	struct stat st;

	out = mkstemp(tmpl);
	ck_assert_int_ge(out, 0);
	unlink(tmpl);
	fflush(stdout);
	fflush(stderr);
	saved1 = dup(1);
	saved2 = dup(2);
	ck_assert_int_eq(dup2(out, 1), 1);
	ck_assert_int_eq(dup2(out, 2), 2);

	write_stack("debug bogus");
	fp_answer(fp, ACCT_OP_AUTH, ACCT_ST_OK, ACCT_PAM_AUTH_ERR, NULL);
	answers(1, "pw");
	pamh = start("alice");
	pam_authenticate(pamh, 0);
	pam_acct_mgmt(pamh, 0);
	pam_open_session(pamh, 0);
	pam_close_session(pamh, 0);
	pam_end(pamh, PAM_SUCCESS);
	write_stack_at(NO_DAEMON, "debug", NULL);
	answers(1, "pw");
	pamh = start("+bad");
	pam_authenticate(pamh, 0);
	pam_end(pamh, PAM_SUCCESS);

	fflush(stdout);
	fflush(stderr);
	dup2(saved1, 1);
	dup2(saved2, 2);
	close(saved1);
	close(saved2);
	ck_assert_int_eq(fstat(out, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	close(out);
}
END_TEST

static Suite *pam_suite(void)
{
	Suite *s = suite_create("pam");
	TCase *tc;

	tc = tcase_create("auth");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_auth_success);
	tcase_add_test(tc, test_auth_password_intact);
	tcase_add_loop_test(tc, test_auth_results, 0, N_AUTH_CASES);
	tcase_add_test(tc, test_auth_message);
	tcase_add_test(tc, test_message_sanitized);
	tcase_add_test(tc, test_auth_ignore_unknown_user);
	tcase_add_test(tc, test_auth_use_first_pass);
	tcase_add_test(tc, test_auth_try_first_pass);
	tcase_add_test(tc, test_auth_conv_again);
	tcase_add_test(tc, test_auth_conv_again_password);
	tcase_add_test(tc, test_auth_empty_password);
	tcase_add_loop_test(tc, test_auth_password_too_long, 0, N_TOO_LONG);
	tcase_add_test(tc, test_auth_password_at_limit);
	tcase_add_test(tc, test_auth_failure_logged);
	tcase_add_test(tc, test_setcred);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_invalid_names, 0, N_BAD_NAMES);
	tcase_add_test(tc, test_minimum_uid);
	suite_add_tcase(s, tc);

	tc = tcase_create("account");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_account_results, 0, N_ACCOUNT_CASES);
	tcase_add_test(tc, test_account_messages);
	tcase_add_test(tc, test_new_authtok_carried);
	tcase_add_test(tc, test_new_authtok_from_account);
	tcase_add_test(tc, test_change_expired_not_ours);
	suite_add_tcase(s, tc);

	tc = tcase_create("password");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_password_as_root);
	tcase_add_test(tc, test_password_as_user);
	tcase_add_loop_test(tc, test_password_results, 0, N_PASSWORD_CASES);
	tcase_add_test(tc, test_password_prelim_refused);
	tcase_add_test(tc, test_password_mismatch_and_empty);
	tcase_add_test(tc, test_password_use_authtok);
	tcase_add_loop_test(tc, test_password_too_long, 0, N_TOO_LONG);
	tcase_add_test(tc, test_password_update_not_checked_here);
	suite_add_tcase(s, tc);

	tc = tcase_create("session");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_session_id_kept);
	tcase_add_test(tc, test_session_close_by_name);
	tcase_add_test(tc, test_session_close_gone);
	tcase_add_loop_test(tc, test_session_results, 0, N_SESSION_CASES);
	suite_add_tcase(s, tc);

	tc = tcase_create("transport");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_no_daemon);
	tcase_add_test(tc, test_daemon_stopped);
	tcase_add_loop_test(tc, test_wire_status, 0, N_STATUS_CASES);
	tcase_add_test(tc, test_broken_daemon);
	tcase_add_test(tc, test_socket_not_root);
	tcase_add_test(tc, test_peer_not_root);
	tcase_add_test(tc, test_socket_from_environment);
	tcase_add_test(tc, test_options_tolerated);
	tcase_add_test(tc, test_quiet);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (geteuid() != 0) {
		fprintf(stderr, "SKIP: the module trusts only a daemon run by "
				"root; run as root\n");
		return 77;
	}
	if (access(module_path(), R_OK) != 0) {
		fprintf(stderr, "SKIP: %s not built\n", module_path());
		return 77;
	}
	sr = srunner_create(pam_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
