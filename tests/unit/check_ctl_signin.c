/* check_ctl_signin.c - accountsctl's side of sign-in tokens: a token
 * found in what `login` prints, in its --json and alone, and nothing that
 * only looks like one; token files that group or others may open, that
 * are no regular file or too long, refused with their one line; standard
 * input read whole; a token file written 0600, whole, over an older one,
 * and nothing left behind when it is given up. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl.h"

#define ACCESS "acd_access_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Abcdef"
#define REFRESH "acd_refresh_ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210-_Zyxwvu"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_ctl_signin.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* An environment whose diagnostics land in a buffer. */
struct captured {
	struct ctl_env env;
	char *buf;
	size_t len;
};

static void capture_begin(struct captured *c)
{
	memset(c, 0, sizeof(*c));
	c->env.err = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->env.err);
	c->env.out = c->env.err;
	c->env.socket = "sock";
}

static char *capture_end(struct captured *c)
{
	ck_assert_int_eq(fclose(c->env.err), 0);
	return c->buf;
}

static const char *file_with(const char *name, const char *text, mode_t mode)
{
	static char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(close(fd), 0);
	return path;
}

static const struct ctl_token_want want_access = {
	{CTL_ACCESS_PREFIX, NULL}, "access token", "Access token: "};
static const struct ctl_token_want want_either = {
	{CTL_REFRESH_PREFIX, CTL_ACCESS_PREFIX}, "sign-in token", "Token: "};

START_TEST(tokens_found_in_any_form)
{
	static const char *const forms[] = {
		"login:           alice\naccess_token:    " ACCESS
		"\nrefresh_token:   " REFRESH "\n",
		"{\"login\":\"alice\",\"access_token\":\"" ACCESS
		"\",\"refresh_token\":\"" REFRESH "\"}\n",
		ACCESS,
		"  " ACCESS "\r\n",
		ACCESS "\n" ACCESS "\n", /* the same one twice is one */
	};
	struct ctl_token t;

	for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		memset(&t, 0, sizeof(t));
		ck_assert_int_eq(ctl_token_find(forms[k], strlen(forms[k]),
						CTL_ACCESS_PREFIX, &t),
				 1);
		ck_assert_str_eq(t.text, ACCESS);
		ck_assert_uint_eq(t.len, strlen(ACCESS));
	}
	ck_assert_int_eq(ctl_token_find(forms[0], strlen(forms[0]),
					CTL_REFRESH_PREFIX, &t),
			 1);
	ck_assert_str_eq(t.text, REFRESH);
}
END_TEST

START_TEST(what_is_no_token)
{
	char big[CTL_TOKEN_MAX + 32];
	struct ctl_token t;
	const char *two = ACCESS " acd_access_other";

	/* the prefix alone, a word that merely contains it, another kind */
	ck_assert_int_eq(
		ctl_token_find("acd_access_", 11, CTL_ACCESS_PREFIX, &t), 0);
	ck_assert_int_eq(
		ctl_token_find("xacd_access_abc", 15, CTL_ACCESS_PREFIX, &t),
		0);
	ck_assert_int_eq(
		ctl_token_find(REFRESH, strlen(REFRESH), CTL_ACCESS_PREFIX, &t),
		0);
	ck_assert_int_eq(ctl_token_find("", 0, CTL_ACCESS_PREFIX, &t), 0);
	/* longer than any token of ours */
	memset(big, 'a', sizeof(big));
	for (size_t k = 0; CTL_ACCESS_PREFIX[k] != '\0'; k++)
		big[k] = CTL_ACCESS_PREFIX[k];
	ck_assert_int_eq(
		ctl_token_find(big, sizeof(big), CTL_ACCESS_PREFIX, &t), 0);
	/* two different ones: which would be a guess */
	ck_assert_int_eq(
		ctl_token_find(two, strlen(two), CTL_ACCESS_PREFIX, &t), -1);
}
END_TEST

START_TEST(token_files_checked)
{
	struct captured c;
	struct ctl_token t;
	char want[2048];
	const char *p;

	capture_begin(&c);
	p = file_with("good", "access_token: " ACCESS "\n", 0600);
	ck_assert_int_eq(ctl_token_file_read(&c.env, p, &want_access, &t), 0);
	ck_assert_str_eq(t.text, ACCESS);
	p = file_with("owner-read-only", REFRESH "\n" ACCESS "\n", 0400);
	ck_assert_int_eq(ctl_token_file_read(&c.env, p, &want_either, &t), 0);
	ck_assert_str_eq(t.text, REFRESH); /* the refresh token first */
	ck_assert_str_eq(capture_end(&c), "");
	free(c.buf);

	capture_begin(&c);
	p = file_with("group", ACCESS, 0640);
	ck_assert_int_eq(ctl_token_file_read(&c.env, p, &want_access, &t),
			 CTL_EXIT_USAGE);
	p = file_with("others-write", ACCESS, 0602);
	ck_assert_int_eq(ctl_token_file_read(&c.env, p, &want_access, &t),
			 CTL_EXIT_USAGE);
	p = file_with("empty", "nothing here\n", 0600);
	ck_assert_int_eq(ctl_token_file_read(&c.env, p, &want_access, &t),
			 CTL_EXIT_USAGE);
	p = file_with("two", ACCESS "\nacd_access_another\n", 0600);
	ck_assert_int_eq(ctl_token_file_read(&c.env, p, &want_access, &t),
			 CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_token_file_read(&c.env, dir, &want_access, &t),
			 CTL_EXIT_USAGE);
	snprintf(want, sizeof(want), "%s/missing", dir);
	ck_assert_int_eq(ctl_token_file_read(&c.env, want, &want_access, &t),
			 CTL_EXIT_USAGE);
	{
		char big[CTL_TOKEN_FILE_MAX + 2];

		memset(big, ' ', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		p = file_with("big", big, 0600);
		ck_assert_int_eq(
			ctl_token_file_read(&c.env, p, &want_access, &t),
			CTL_EXIT_USAGE);
	}
	snprintf(want, sizeof(want),
		 "accountsctl: token file '%s/group' is open to group or "
		 "others (mode 0640): anyone who reads it acts as its user; "
		 "chmod 600 it\n"
		 "Try 'accountsctl --help'.\n"
		 "accountsctl: token file '%s/others-write' is open to group "
		 "or others (mode 0602): anyone who reads it acts as its "
		 "user; chmod 600 it\n"
		 "Try 'accountsctl --help'.\n"
		 "accountsctl: token file '%s/empty' holds no access token\n"
		 "Try 'accountsctl --help'.\n"
		 "accountsctl: token file '%s/two' holds more than one access "
		 "token\n"
		 "Try 'accountsctl --help'.\n"
		 "accountsctl: token file '%s' is not a regular file\n"
		 "Try 'accountsctl --help'.\n"
		 "accountsctl: cannot open token file '%s/missing': No such "
		 "file or directory\n"
		 "Try 'accountsctl --help'.\n"
		 "accountsctl: token file '%s/big' is longer than 4096 bytes: "
		 "not a token file\n"
		 "Try 'accountsctl --help'.\n",
		 dir, dir, dir, dir, dir, dir, dir);
	ck_assert_str_eq(capture_end(&c), want);
	free(c.buf);
}
END_TEST

START_TEST(token_on_standard_input)
{
	const char *text = "{\"access_token\": \"" ACCESS "\"}\n";
	struct captured c;
	struct ctl_token t;
	int fds[2], saved = dup(STDIN_FILENO);

	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], text, strlen(text)),
			 (ssize_t)strlen(text));
	ck_assert_int_eq(close(fds[1]), 0);
	ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	ck_assert_int_eq(close(fds[0]), 0);
	capture_begin(&c);
	ck_assert_int_eq(ctl_token_stdin_read(&c.env, &want_either, &t), 0);
	ck_assert_str_eq(t.text, ACCESS);
	/* nothing left: nothing found */
	ck_assert_int_eq(ctl_token_stdin_read(&c.env, &want_either, &t),
			 CTL_EXIT_USAGE);
	ck_assert_str_eq(capture_end(&c),
			 "accountsctl: standard input holds no sign-in token\n"
			 "Try 'accountsctl --help'.\n");
	free(c.buf);
	ck_assert_int_eq(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	ck_assert_int_eq(close(saved), 0);
}
END_TEST

/* The names in dir. */
static int entries(void)
{
	char cmd[160];
	FILE *p;
	int n = 0, ch;

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((ch = fgetc(p)) != EOF)
		n += ch == '\n';
	pclose(p);
	return n;
}

START_TEST(token_file_written_whole)
{
	struct ctl_token_out o;
	struct captured c;
	struct ctl_token t;
	struct stat st;
	char path[128];
	const char *text = "access_token: " ACCESS "\n";

	snprintf(path, sizeof(path), "%s/tok", dir);
	/* an older file, open to others: replaced by a private one */
	(void)file_with("tok", "old", 0644);
	capture_begin(&c);
	ck_assert_int_eq(ctl_token_file_begin(&c.env, path, &o), 0);
	ck_assert_int_eq(entries(), 2);
	ck_assert_int_eq(ctl_token_file_commit(&c.env, &o, text, strlen(text)),
			 0);
	ck_assert_int_eq(entries(), 1);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(ctl_token_file_read(&c.env, path, &want_access, &t),
			 0);
	ck_assert_str_eq(t.text, ACCESS);
	/* given up: the old one stays, nothing else */
	ck_assert_int_eq(ctl_token_file_begin(&c.env, path, &o), 0);
	ck_assert_int_eq(entries(), 2);
	ctl_token_file_abort(&o);
	ck_assert_int_eq(entries(), 1);
	ck_assert_int_eq(ctl_token_file_read(&c.env, path, &want_access, &t),
			 0);
	/* a directory it cannot be made in */
	snprintf(path, sizeof(path), "%s/no/such/dir/tok", dir);
	ck_assert_int_eq(ctl_token_file_begin(&c.env, path, &o),
			 CTL_EXIT_LOCAL);
	ck_assert_ptr_nonnull(
		strstr(capture_end(&c), "cannot create token file"));
	free(c.buf);
}
END_TEST

static Suite *ctl_signin_suite(void)
{
	Suite *s = suite_create("ctl_signin");
	TCase *tc = tcase_create("tokens");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, tokens_found_in_any_form);
	tcase_add_test(tc, what_is_no_token);
	tcase_add_test(tc, token_files_checked);
	tcase_add_test(tc, token_on_standard_input);
	tcase_add_test(tc, token_file_written_whole);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ctl_signin_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
