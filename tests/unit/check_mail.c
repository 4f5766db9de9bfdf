/*
 * check_mail.c - the mail outbox and its delivery: queueing inside a
 * write transaction (committed with it, gone with its rollback), the cap,
 * the order and the back-off of retries, waking at startup; the headers
 * no user data can inject into; the mail command (its words, its exit
 * status, its deadline, what it inherits); the mail settings; and the
 * mailer itself on a real event loop and worker pool, with a script for
 * sendmail.
 */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "daemon_testlib.h"
#include "policy/mail.h"
#include "server/mail.h"
#include "server/mail_command.h"
#include "server/mail_text.h"
#include "server/worker.h"
#include "store/outbox.h"
#include "store/priv.h"

static struct dt T;

static void setup(void)
{
	dt_setup(&T);
}

static void teardown(void)
{
	dt_teardown(&T);
}

static void fill(struct ad_mail *m, const char *to, const char *subject,
		 const char *body)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->to, sizeof(m->to), "%s", to);
	snprintf(m->subject, sizeof(m->subject), "%s", subject);
	snprintf(m->body, sizeof(m->body), "%s", body);
}

/* Queue one message in a write of its own that ends with status end
 * (ACCT_ST_OK: commit, else roll back); the put's status. */
static int queue(const char *to, int end, struct ad_err *err)
{
	struct ad_mail m;
	struct st_wtx w;
	int rc;

	fill(&m, to, "hello", "the text\n");
	ck_assert_int_eq(st_write_begin(T.st, &w, "test", err), ACCT_ST_OK);
	rc = st_outbox_put(&w, &m);
	ck_assert_int_eq(st_write_end(&w, rc == ACCT_ST_OK ? end : rc),
			 rc == ACCT_ST_OK ? end : rc);
	return rc;
}

static uint32_t queued(void)
{
	struct ad_err err = {0, ""};
	uint32_t n = 99;

	ck_assert_int_eq(ad_store_outbox_count(T.st, &n, &err), ACCT_ST_OK);
	return n;
}

static int next_due(uint64_t now, struct ad_mail *m)
{
	struct ad_err err = {0, ""};

	return ad_store_outbox_next(T.st, now, m, &err);
}

/* ---- the outbox ---- */

START_TEST(test_queue_commits_with_its_write)
{
	struct ad_err err = {0, ""};
	uint64_t before = (uint64_t)time(NULL);
	struct ad_mail m;

	ck_assert_int_eq(queue("alice@example.com", ACCT_ST_OK, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(queued(), 1);
	ck_assert_int_eq(next_due((uint64_t)time(NULL), &m), ACCT_ST_OK);
	ck_assert_uint_eq(m.id, 1);
	ck_assert_str_eq(m.to, "alice@example.com");
	ck_assert_str_eq(m.subject, "hello");
	ck_assert_str_eq(m.body, "the text\n");
	ck_assert_uint_eq(m.attempts, 0);
	ck_assert_uint_ge(m.created, before);
	ck_assert_uint_eq(m.next_attempt, m.created);
	ck_assert_str_eq(m.last_error, "");
	/* it survives a restart */
	dt_reopen(&T);
	ck_assert_uint_eq(queued(), 1);
	ck_assert_int_eq(next_due((uint64_t)time(NULL), &m), ACCT_ST_OK);
	ck_assert_str_eq(m.to, "alice@example.com");
}
END_TEST

START_TEST(test_rollback_leaves_nothing)
{
	struct ad_err err = {0, ""};
	struct ad_mail m;

	/* the write that queued it fails after the put: no message, and
	 * not even its id was used */
	ck_assert_int_eq(queue("alice@example.com", ACCT_ST_INTERNAL, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(queued(), 0);
	ck_assert_int_eq(next_due(UINT64_MAX, &m), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(queue("bob@example.com", ACCT_ST_OK, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(next_due(UINT64_MAX, &m), ACCT_ST_OK);
	ck_assert_uint_eq(m.id, 1);
}
END_TEST

START_TEST(test_cap)
{
	struct ad_err err = {0, ""};

	T.cfg.mail_queue_max = 2;
	ck_assert_int_eq(queue("a@example.com", ACCT_ST_OK, &err), ACCT_ST_OK);
	ck_assert_int_eq(queue("b@example.com", ACCT_ST_OK, &err), ACCT_ST_OK);
	ck_assert_int_eq(queue("c@example.com", ACCT_ST_OK, &err),
			 ACCT_ST_EXHAUSTED);
	ck_assert_str_eq(err.msg, "the mail queue is full (2 messages wait to "
				  "be delivered); try again later");
	ck_assert_uint_eq(queued(), 2);
	/* a delivery makes room */
	{
		struct ad_mail m;

		ck_assert_int_eq(next_due(UINT64_MAX, &m), ACCT_ST_OK);
		ck_assert_int_eq(ad_store_outbox_delivered(T.st, &m, &err),
				 ACCT_ST_OK);
	}
	ck_assert_int_eq(queue("c@example.com", ACCT_ST_OK, &err), ACCT_ST_OK);
	ck_assert_uint_eq(queued(), 2);
}
END_TEST

START_TEST(test_only_plain_addresses)
{
	static const char *const bad[] = {
		"alice@example.com\r\nBcc: evil@example.org",
		"alice@example.com, evil@example.org",
		"evil,alice@example.com",
		"Alice <alice@example.com>",
		"alice@example.com (me)",
		"\"a b\"@example.com",
		"nobody",
		"",
	};
	struct ad_err err = {0, ""};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(queue(bad[i], ACCT_ST_OK, &err),
				 ACCT_ST_INVALID);
		ck_assert_ptr_nonnull(strstr(err.msg, "not one plain address"));
		ck_assert_ptr_null(strchr(err.msg, '\n'));
	}
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

START_TEST(test_retry_order_and_backoff)
{
	struct ad_err err = {0, ""};
	struct ad_mail m, first;
	uint64_t now;

	ck_assert_int_eq(queue("a@example.com", ACCT_ST_OK, &err), ACCT_ST_OK);
	ck_assert_int_eq(queue("b@example.com", ACCT_ST_OK, &err), ACCT_ST_OK);
	now = (uint64_t)time(NULL);
	/* the first fails: it goes behind the second, until its time */
	ck_assert_int_eq(next_due(now, &first), ACCT_ST_OK);
	ck_assert_str_eq(first.to, "a@example.com");
	ck_assert_int_eq(ad_store_outbox_failed(T.st, &first,
						now + ad_mail_retry_after(1),
						"exit status 75", &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(next_due(now, &m), ACCT_ST_OK);
	ck_assert_str_eq(m.to, "b@example.com");
	ck_assert_int_eq(ad_store_outbox_delivered(T.st, &m, &err), ACCT_ST_OK);
	ck_assert_int_eq(next_due(now, &m), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(next_due(now + 29, &m), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(next_due(now + 30, &m), ACCT_ST_OK);
	ck_assert_uint_eq(m.id, first.id);
	ck_assert_uint_eq(m.attempts, 1);
	ck_assert_str_eq(m.last_error, "exit status 75");
	ck_assert_str_eq(m.body, "the text\n");
	/* failing again: twice as long */
	ck_assert_int_eq(ad_store_outbox_failed(T.st, &m,
						now + ad_mail_retry_after(2),
						"killed by signal 9", &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(next_due(now + 59, &m), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(next_due(now + 60, &m), ACCT_ST_OK);
	ck_assert_uint_eq(m.attempts, 2);
	ck_assert_str_eq(m.last_error, "killed by signal 9");
	/* an outcome for a message no longer there */
	ck_assert_int_eq(ad_store_outbox_delivered(T.st, &first, &err),
			 ACCT_ST_NOTFOUND);
	ck_assert_uint_eq(queued(), 1);
}
END_TEST

START_TEST(test_wake_at_startup)
{
	struct ad_err err = {0, ""};
	uint64_t now = (uint64_t)time(NULL);
	uint32_t n = 0;
	struct ad_mail m;

	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(queue("a@example.com", ACCT_ST_OK, &err),
				 ACCT_ST_OK);
		ck_assert_int_eq(next_due(now + 1, &m), ACCT_ST_OK);
		ck_assert_int_eq(ad_store_outbox_failed(
					 T.st, &m, now + 3600 + i, "x", &err),
				 ACCT_ST_OK);
	}
	ck_assert_int_eq(next_due(now + 1, &m), ACCT_ST_NOTFOUND);
	ck_assert_int_eq(ad_store_outbox_wake(T.st, now + 1, &n, &err),
			 ACCT_ST_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(queued(), 3);
	/* all due now, the count of their attempts kept */
	for (uint64_t id = 1; id <= 3; id++) {
		ck_assert_int_eq(next_due(now + 1, &m), ACCT_ST_OK);
		ck_assert_uint_eq(m.id, id);
		ck_assert_uint_eq(m.attempts, 1);
		ck_assert_int_eq(ad_store_outbox_delivered(T.st, &m, &err),
				 ACCT_ST_OK);
	}
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

static int count_mail(void *arg, const struct ad_mail *m)
{
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_list)
{
	struct ad_err err = {0, ""};
	int n = 0;

	ck_assert_int_eq(queue("a@example.com", ACCT_ST_OK, &err), ACCT_ST_OK);
	ck_assert_int_eq(queue("b@example.com", ACCT_ST_OK, &err), ACCT_ST_OK);
	ck_assert_int_eq(ad_store_outbox_list(T.st, count_mail, &n, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(n, 2);
}
END_TEST

/* ---- the back-off (policy/mail.h) ---- */

START_TEST(test_backoff_schedule)
{
	static const struct {
		uint32_t attempts;
		uint64_t wait;
	} cases[] = {
		{0, 0},	   {1, 30},   {2, 60},	   {3, 120},
		{4, 240},  {5, 480},  {6, 960},	   {7, 1920},
		{8, 3600}, {9, 3600}, {100, 3600}, {UINT32_MAX, 3600},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(ad_mail_retry_after(cases[i].attempts) ==
				      cases[i].wait,
			      "attempts %u: %llu, want %llu", cases[i].attempts,
			      (unsigned long long)ad_mail_retry_after(
				      cases[i].attempts),
			      (unsigned long long)cases[i].wait);
}
END_TEST

/* ---- the message (server/mail_text.h) ---- */

START_TEST(test_address_rule)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{"alice@example.com", true},
		{"a.b+tag@sub.example.org", true},
		{"\xc3\xa9l\xc3\xa8ve@example.fr", true},
		{"alice@example.com\n", false},
		{"alice@example.com\rBcc: x@y", false},
		{"a@b@c", false},
		{"a,b@c", false},
		{"a;b@c", false},
		{"a:b@c", false},
		{"<a@b>", false},
		{"a(b)@c", false},
		{"a\"b@c", false},
		{"a\\b@c", false},
		{"a[b]@c", false},
		{"a b@c", false},
		{"@c", false},
		{"a@", false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(
			ad_mail_address_ok(cases[i].s, strlen(cases[i].s)) ==
				cases[i].ok,
			"'%s'", cases[i].s);
}
END_TEST

/* Lines of a formatted message, for asserting on whole lines. */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p != NULL && *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (len == n && memcmp(p, line, n) == 0)
			return true;
		p = nl != NULL ? nl + 1 : NULL;
	}
	return false;
}

static char *format(const char *from, const struct ad_mail *m, int *rc,
		    const char **why)
{
	struct acct_buf b;
	char *text;

	acct_buf_init(&b, 1u << 20);
	b.secret = 1;
	*why = "";
	*rc = ad_mail_format(&b, from, m, why);
	acct_buf_append(&b, "", 1);
	text = strdup((const char *)b.data);
	acct_buf_free(&b);
	ck_assert_ptr_nonnull(text);
	return text;
}

START_TEST(test_format)
{
	struct ad_mail m;
	const char *why;
	char *text;
	int rc;

	fill(&m, "alice@example.com", "Password reset for alice",
	     "Hello,\n\nline two");
	m.created = 0;
	text = format("accounts@example.org", &m, &rc, &why);
	ck_assert_int_eq(rc, 0);
	ck_assert(has_line(text, "From: accounts@example.org"));
	ck_assert(has_line(text, "To: alice@example.com"));
	ck_assert(has_line(text, "Subject: Password reset for alice"));
	ck_assert(has_line(text, "Date: Thu, 01 Jan 1970 00:00:00 +0000"));
	ck_assert(has_line(text, "Content-Type: text/plain; charset=UTF-8"));
	ck_assert(has_line(text, "Auto-Submitted: auto-generated"));
	/* headers, one empty line, the text ending in a newline */
	ck_assert_ptr_nonnull(strstr(text, "\n\nHello,\n\nline two\n"));
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	free(text);
}
END_TEST

START_TEST(test_headers_not_injectable)
{
	struct ad_mail m;
	const char *why;
	char *text;
	int rc;

	fill(&m, "alice@example.com",
	     "reset\r\nBcc: evil@example.org\nX-Evil: \x01\x7f\xc3\xa9", "b");
	text = format("accounts@example.org", &m, &rc, &why);
	ck_assert_int_eq(rc, 0);
	ck_assert(has_line(text, "Subject: reset??Bcc: evil@example.org?"
				 "X-Evil: ????"));
	ck_assert_ptr_null(strstr(text, "\nBcc:"));
	ck_assert_ptr_null(strstr(text, "\nX-Evil:"));
	ck_assert_ptr_null(strchr(text, '\r'));
	free(text);

	/* an address that is not one plain address is not sent at all */
	fill(&m, "alice@example.com\nBcc: evil@example.org", "s", "b");
	text = format("accounts@example.org", &m, &rc, &why);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(why, "the recipient is not one plain address");
	free(text);
	fill(&m, "alice@example.com", "s", "b");
	text = format("root, evil@example.org", &m, &rc, &why);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(why, "the sender (mail_from) is not one plain "
			      "address");
	free(text);
}
END_TEST

START_TEST(test_date)
{
	char buf[40];

	ck_assert_int_eq(ad_mail_date(UINT64_C(1800000000), buf, sizeof(buf)),
			 0);
	ck_assert_str_eq(buf, "Fri, 15 Jan 2027 08:00:00 +0000");
	ck_assert_int_eq(ad_mail_date(951782400, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "Tue, 29 Feb 2000 00:00:00 +0000");
	ck_assert_int_eq(ad_mail_date(0, buf, 10), -1);
}
END_TEST

/* ---- the command (server/mail_command.h) ---- */

START_TEST(test_split)
{
	char buf[512], *argv[AD_MAIL_MAX_ARGS + 1];
	char many[512] = "/bin/x";
	const char *why = "";

	ck_assert_int_eq(ad_mail_split("/usr/sbin/sendmail -t -i", buf,
				       sizeof(buf), argv, &why),
			 3);
	ck_assert_str_eq(argv[0], "/usr/sbin/sendmail");
	ck_assert_str_eq(argv[1], "-t");
	ck_assert_str_eq(argv[2], "-i");
	ck_assert_ptr_null(argv[3]);
	ck_assert_int_eq(ad_mail_split("  /bin/true\t\t-x  ", buf, sizeof(buf),
				       argv, &why),
			 2);
	ck_assert_str_eq(argv[1], "-x");
	/* no shell: quotes and $ are plain characters */
	ck_assert_int_eq(ad_mail_split("/bin/echo '$HOME' \"a", buf,
				       sizeof(buf), argv, &why),
			 3);
	ck_assert_str_eq(argv[1], "'$HOME'");

	ck_assert_int_eq(
		ad_mail_split("sendmail -t", buf, sizeof(buf), argv, &why), -1);
	ck_assert_str_eq(why, "mail_command must start with an absolute path");
	ck_assert_int_eq(ad_mail_split("   ", buf, sizeof(buf), argv, &why),
			 -1);
	ck_assert_str_eq(why, "mail_command is empty");
	ck_assert_int_eq(
		ad_mail_split("/bin/x\n-t", buf, sizeof(buf), argv, &why), -1);
	ck_assert_str_eq(why, "mail_command contains a control character");
	for (int i = 0; i < AD_MAIL_MAX_ARGS; i++)
		strcat(many, " a");
	ck_assert_int_eq(ad_mail_split(many, buf, sizeof(buf), argv, &why), -1);
	ck_assert_str_eq(why, "mail_command has too many words (at most 16)");
	ck_assert_int_eq(ad_mail_split("/bin/x", buf, 4, argv, &why), -1);
}
END_TEST

/* A script at T.dir/name with body after "#!/bin/sh"; its path. */
static const char *script(const char *name, const char *body)
{
	static char path[160];
	char text[2048];

	snprintf(path, sizeof(path), "%s/%s", T.dir, name);
	snprintf(text, sizeof(text), "#!/bin/sh\n%s\n", body);
	dt_write_file(path, text);
	ck_assert_int_eq(chmod(path, 0755), 0);
	return path;
}

static void run(const char *cmd, const char *msg, unsigned timeout_ms,
		struct ad_mail_outcome *out)
{
	char buf[512], *argv[AD_MAIL_MAX_ARGS + 1];
	const char *why = "";

	ck_assert_int_gt(ad_mail_split(cmd, buf, sizeof(buf), argv, &why), 0);
	ad_mail_run(argv, msg, strlen(msg), timeout_ms, out);
}

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_msg(f != NULL, "%s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

START_TEST(test_run_outcomes)
{
	char cmd[256], path[160];
	struct ad_mail_outcome out;

	/* exit 0 with the whole message read: delivered, and the words
	 * arrive as they were */
	snprintf(cmd, sizeof(cmd), "%s -t -i",
		 script("ok", "echo \"$*\" >\"$0.args\"; cat >\"$0.in\""));
	run(cmd, "To: a@b.c\n\nhello\n", 2000, &out);
	ck_assert_msg(out.delivered, "%s", out.why);
	snprintf(path, sizeof(path), "%s/ok.in", T.dir);
	ck_assert_str_eq(slurp(path), "To: a@b.c\n\nhello\n");
	snprintf(path, sizeof(path), "%s/ok.args", T.dir);
	ck_assert_str_eq(slurp(path), "-t -i\n");

	run(script("fail", "cat >/dev/null; exit 75"), "x", 2000, &out);
	ck_assert(!out.delivered);
	ck_assert_str_eq(out.why, "exit status 75");

	run(script("sig", "kill -9 $$"), "x", 2000, &out);
	ck_assert(!out.delivered);
	ck_assert_str_eq(out.why, "killed by signal 9");

	snprintf(cmd, sizeof(cmd), "%s/nonexistent -t", T.dir);
	run(cmd, "x", 2000, &out);
	ck_assert(!out.delivered);
	ck_assert_ptr_nonnull(strstr(out.why, "cannot run "));
	ck_assert_ptr_nonnull(strstr(out.why, "No such file or directory"));
}
END_TEST

START_TEST(test_run_killed_past_deadline)
{
	char path[160], state[512];
	struct ad_mail_outcome out;
	long sleeper;
	FILE *f;

	/* the command and what it started: the whole group goes */
	run(script("hang", "sleep 30 & echo $! >\"$0.pid\"; wait"), "x", 1500,
	    &out);
	ck_assert(!out.delivered);
	ck_assert_str_eq(out.why, "no answer within 1500 ms: killed");
	snprintf(path, sizeof(path), "%s/hang.pid", T.dir);
	sleeper = strtol(slurp(path), NULL, 10);
	ck_assert_int_gt(sleeper, 1);
	/* gone, or a zombie waiting for its new parent */
	snprintf(path, sizeof(path), "/proc/%ld/stat", sleeper);
	for (int i = 0; i < 100; i++) {
		f = fopen(path, "r");
		if (f == NULL)
			break;
		ck_assert_ptr_nonnull(fgets(state, sizeof(state), f));
		fclose(f);
		if (strstr(state, ") Z ") != NULL)
			break;
		usleep(10000);
	}
	if (f != NULL)
		ck_assert_ptr_nonnull(strstr(state, ") Z "));
}
END_TEST

/* What the command inherits, seen from a thread that blocks every
 * signal, as the workers do. */
struct inherit {
	char cmd[256];
	int leaked_fd;
	struct ad_mail_outcome out;
};

static void *run_blocked(void *arg)
{
	struct inherit *in = arg;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	run(in->cmd, "x", 2000, &in->out);
	return NULL;
}

START_TEST(test_run_inherits_nothing)
{
	struct inherit in;
	char body[512], path[160];
	pthread_t th;
	const char *s;

	signal(SIGPIPE, SIG_IGN);		    /* as the daemon does */
	in.leaked_fd = open("/dev/null", O_RDONLY); /* no O_CLOEXEC */
	ck_assert_int_ge(in.leaked_fd, 3);
	snprintf(body, sizeof(body),
		 "[ -e /proc/$$/fd/%d ] && exit 3\n"
		 "grep -E '^Sig(Blk|Ign)' /proc/self/status >\"$0.sig\"\n"
		 "env >\"$0.env\"\n"
		 "cat >/dev/null",
		 in.leaked_fd);
	snprintf(in.cmd, sizeof(in.cmd), "%s", script("inherit", body));
	ck_assert_int_eq(pthread_create(&th, NULL, run_blocked, &in), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	close(in.leaked_fd);
	signal(SIGPIPE, SIG_DFL);
	ck_assert_msg(in.out.delivered, "%s", in.out.why);
	snprintf(path, sizeof(path), "%s/inherit.sig", T.dir);
	s = slurp(path);
	ck_assert_msg(strstr(s, "SigBlk:\t0000000000000000") != NULL, "%s", s);
	/* SIGPIPE (13) is bit 0x1000 of SigIgn */
	s = strstr(s, "SigIgn:\t");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(strtoull(s + 8, NULL, 16) & 0x1000, 0);
	snprintf(path, sizeof(path), "%s/inherit.env", T.dir);
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
	ck_assert_ptr_null(strstr(s, "ACCOUNTSD"));
	ck_assert_ptr_null(strstr(s, "HOME="));
}
END_TEST

/* ---- the settings ---- */

static int load(const char *text, struct ad_config *cfg, char *err,
		size_t errlen)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/accountsd.conf", T.dir);
	dt_write_file(path, text);
	ad_config_defaults(cfg);
	return ad_config_load(cfg, path, 1, err, errlen);
}

START_TEST(test_config)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_str_eq(cfg.mail_command, "/usr/sbin/sendmail -t -i");
	ck_assert_str_eq(cfg.mail_from, "");
	ck_assert_uint_eq(cfg.mail_timeout_s, 30);
	ck_assert_uint_eq(cfg.mail_queue_max, 1000);
	ck_assert_uint_eq(cfg.reset_token_ttl_s, 3600);

	ck_assert_int_eq(load("mail_command = /usr/local/bin/msmtp -t --read-"
			      "envelope-from\n"
			      "mail_from = accounts@example.org\n"
			      "mail_timeout_s = 5\nmail_queue_max = 20\n"
			      "reset_token_ttl_s = 900\n",
			      &cfg, err, sizeof(err)),
			 0);
	ck_assert_str_eq(cfg.mail_command,
			 "/usr/local/bin/msmtp -t --read-envelope-from");
	ck_assert_str_eq(cfg.mail_from, "accounts@example.org");
	ck_assert_uint_eq(cfg.mail_timeout_s, 5);
	ck_assert_uint_eq(cfg.mail_queue_max, 20);
	ck_assert_uint_eq(cfg.reset_token_ttl_s, 900);

	ck_assert_int_eq(
		load("mail_command = sendmail -t\n", &cfg, err, sizeof(err)),
		-1);
	ck_assert_ptr_nonnull(
		strstr(err, ":1: mail_command must start with an absolute "
			    "path"));
	ck_assert_int_eq(load("mail_from = Accounts <a@example.org>\n", &cfg,
			      err, sizeof(err)),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "is not one plain address"));
	ck_assert_int_eq(load("mail_timeout_s = 0\n", &cfg, err, sizeof(err)),
			 -1);
	ck_assert_int_eq(load("mail_queue_max = 0\n", &cfg, err, sizeof(err)),
			 -1);
	ck_assert_int_eq(
		load("reset_token_ttl_s = 59\n", &cfg, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "outside 60..2592000"));
	/* a failed load leaves the settings as they were */
	ck_assert_str_eq(cfg.mail_command, "/usr/sbin/sendmail -t -i");
}
END_TEST

/* ---- the mailer on a real loop ---- */

struct loop_wait {
	struct event_base *base;
	bool (*done)(void);
	int ticks;
};

static void on_poll(evutil_socket_t fd, short what, void *arg)
{
	struct loop_wait *w = arg;

	if (w->done() || ++w->ticks > 400) /* 20 s */
		event_base_loopbreak(w->base);
}

/* Run a mailer over T's store until done() says so. */
static void run_mailer(bool (*done)(void))
{
	struct timeval tv = {0, 50000};
	struct event_base *base = event_base_new();
	struct loop_wait w = {base, done, 0};
	struct ad_workers *wp;
	struct ad_mailer *m;
	struct event *poll;
	char err[128] = "";

	ck_assert_ptr_nonnull(base);
	wp = ad_workers_new(base, 1, 4, err, sizeof(err));
	ck_assert_msg(wp != NULL, "%s", err);
	m = ad_mailer_new(base, T.st, &T.cfg, wp);
	ck_assert_ptr_nonnull(m);
	poll = event_new(base, -1, EV_PERSIST, on_poll, &w);
	ck_assert_int_eq(event_add(poll, &tv), 0);
	event_base_dispatch(base);
	ck_assert_msg(done(), "the mailer did not get there in 20 s");
	event_free(poll);
	ad_workers_stop(wp);
	ad_mailer_free(m);
	ad_workers_free(wp);
	event_base_free(base);
}

static char box[160]; /* where the fake sendmail writes */

static bool two_delivered(void)
{
	char path[200];

	snprintf(path, sizeof(path), "%s/msg.2", box);
	return access(path, F_OK) == 0 && queued() == 0;
}

static bool one_failed(void)
{
	struct ad_mail m;

	return next_due(UINT64_MAX, &m) == ACCT_ST_OK && m.attempts == 1;
}

START_TEST(test_mailer_delivers)
{
	struct ad_err err = {0, ""};
	char body[1024], path[200];
	const char *s;

	snprintf(box, sizeof(box), "%s/box", T.dir);
	ck_assert_int_eq(mkdir(box, 0700), 0);
	snprintf(body, sizeof(body),
		 "n=$(ls %s | wc -l); cat >%s/tmp; "
		 "mv %s/tmp %s/msg.$((n + 1))",
		 box, box, box, box);
	snprintf(T.cfg.mail_command, sizeof(T.cfg.mail_command), "%s -t -i",
		 script("sendmail", body));
	snprintf(T.cfg.mail_from, sizeof(T.cfg.mail_from), "me@example.org");
	ck_assert_int_eq(queue("alice@example.com", ACCT_ST_OK, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(queue("bob@example.com", ACCT_ST_OK, &err),
			 ACCT_ST_OK);
	run_mailer(two_delivered);
	snprintf(path, sizeof(path), "%s/msg.1", box);
	s = slurp(path);
	ck_assert(has_line(s, "To: alice@example.com"));
	ck_assert(has_line(s, "From: me@example.org"));
	ck_assert(has_line(s, "the text"));
	snprintf(path, sizeof(path), "%s/msg.2", box);
	ck_assert(has_line(slurp(path), "To: bob@example.com"));
}
END_TEST

START_TEST(test_mailer_keeps_failures)
{
	struct ad_err err = {0, ""};
	uint64_t before = (uint64_t)time(NULL);
	struct ad_mail m;

	snprintf(T.cfg.mail_command, sizeof(T.cfg.mail_command), "%s",
		 script("sendmail", "cat >/dev/null; exit 75"));
	ck_assert_int_eq(queue("alice@example.com", ACCT_ST_OK, &err),
			 ACCT_ST_OK);
	run_mailer(one_failed);
	ck_assert_uint_eq(queued(), 1);
	ck_assert_int_eq(next_due(UINT64_MAX, &m), ACCT_ST_OK);
	ck_assert_str_eq(m.last_error, "exit status 75");
	ck_assert_uint_ge(m.next_attempt, before + AD_MAIL_RETRY_FIRST_S);
	ck_assert_uint_le(m.next_attempt,
			  (uint64_t)time(NULL) + AD_MAIL_RETRY_FIRST_S);
	ck_assert_str_eq(m.body, "the text\n");
}
END_TEST

static Suite *mail_suite(void)
{
	Suite *s = suite_create("mail");
	TCase *box_tc = tcase_create("outbox");
	TCase *pure = tcase_create("pure");
	TCase *cmd = tcase_create("command");
	TCase *mailer = tcase_create("mailer");

	tcase_add_checked_fixture(box_tc, setup, teardown);
	tcase_add_test(box_tc, test_queue_commits_with_its_write);
	tcase_add_test(box_tc, test_rollback_leaves_nothing);
	tcase_add_test(box_tc, test_cap);
	tcase_add_test(box_tc, test_only_plain_addresses);
	tcase_add_test(box_tc, test_retry_order_and_backoff);
	tcase_add_test(box_tc, test_wake_at_startup);
	tcase_add_test(box_tc, test_list);
	suite_add_tcase(s, box_tc);

	tcase_add_test(pure, test_backoff_schedule);
	tcase_add_test(pure, test_address_rule);
	tcase_add_test(pure, test_format);
	tcase_add_test(pure, test_headers_not_injectable);
	tcase_add_test(pure, test_date);
	tcase_add_test(pure, test_split);
	suite_add_tcase(s, pure);

	tcase_add_checked_fixture(cmd, setup, teardown);
	tcase_add_test(cmd, test_run_outcomes);
	tcase_add_test(cmd, test_run_killed_past_deadline);
	tcase_add_test(cmd, test_run_inherits_nothing);
	tcase_add_test(cmd, test_config);
	tcase_set_timeout(cmd, 20);
	suite_add_tcase(s, cmd);

	tcase_add_checked_fixture(mailer, setup, teardown);
	tcase_add_test(mailer, test_mailer_delivers);
	tcase_add_test(mailer, test_mailer_keeps_failures);
	tcase_set_timeout(mailer, 30);
	suite_add_tcase(s, mailer);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(mail_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
