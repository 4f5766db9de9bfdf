/* check_ctl_me.c - accountsctl's side of profiles and self-service: the
 * profile options checked before anything is sent (an empty value
 * clears), and passwords read from standard input one line each, the
 * second line left for the second read however the pipe delivered them. */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acct_codec.h"
#include "ctl.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

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

#define PROFILE_BITS                                                           \
	(CTL_OPT_BIT(CTL_OPT_GIVEN_NAME) | CTL_OPT_BIT(CTL_OPT_FAMILY_NAME) |  \
	 CTL_OPT_BIT(CTL_OPT_AVATAR_URL) | CTL_OPT_BIT(CTL_OPT_BIO) |          \
	 CTL_OPT_BIT(CTL_OPT_TIMEZONE) | CTL_OPT_BIT(CTL_OPT_LOCALE))

/* Parse argv as `me profile` options, then put them into req. */
static int profile_of(struct captured *c, const char **argv, int argc,
		      struct acct_buf *req)
{
	struct ctl_args a;
	char err[128] = "";
	int i = 1;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(ctl_parse_args(argc, argv, &i,
					PROFILE_BITS | CTL_GLOBAL_OPTS, 0, &a,
					err, sizeof(err)),
			 0);
	acct_buf_reset(req);
	return ctl_put_profile_opts(&c->env, &a, req);
}

static const char *str_of(const struct acct_buf *b, uint16_t tag)
{
	static char buf[4096];
	struct acct_field f;

	ck_assert_int_eq(acct_find(b->data, b->len, tag, &f), 1);
	ck_assert_int_eq(acct_get_strcpy(&f, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(profile_options_go_into_the_request)
{
	const char *argv[] = {"x",
			      "--given-name",
			      "Ada",
			      "--family-name=King",
			      "--avatar-url",
			      "https://img.example/ada.png",
			      "--bio",
			      "Counts things: numbers",
			      "--timezone",
			      "Europe/London",
			      "--locale=",
			      "--json"};
	const char *none[] = {"x", "--json"};
	struct ctl_args a;
	struct captured c;
	struct acct_buf req;
	char err[128];
	int i = 1;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	capture_begin(&c);
	ck_assert_int_eq(profile_of(&c, argv, ARGC(argv), &req), 0);
	ck_assert_str_eq(str_of(&req, ACCT_T_GIVEN_NAME), "Ada");
	ck_assert_str_eq(str_of(&req, ACCT_T_FAMILY_NAME), "King");
	ck_assert_str_eq(str_of(&req, ACCT_T_AVATAR_URL),
			 "https://img.example/ada.png");
	ck_assert_str_eq(str_of(&req, ACCT_T_BIO), "Counts things: numbers");
	ck_assert_str_eq(str_of(&req, ACCT_T_TIMEZONE), "Europe/London");
	ck_assert_str_eq(str_of(&req, ACCT_T_LOCALE), ""); /* clear it */
	ck_assert_str_eq(capture_end(&c), "");
	free(c.buf);

	/* nothing given: nothing sent, and the verbs can tell */
	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(ctl_parse_args(ARGC(none), none, &i,
					PROFILE_BITS | CTL_GLOBAL_OPTS, 0, &a,
					err, sizeof(err)),
			 0);
	ck_assert(!ctl_profile_opts_given(&a));
	a.opt[CTL_OPT_BIO] = "";
	ck_assert(ctl_profile_opts_given(&a));
	acct_buf_free(&req);
}
END_TEST

START_TEST(profile_options_say_what_is_wrong)
{
	static const char *const bad[][3] = {
		{"x", "--given-name", "A:B"},
		{"x", "--family-name", "two\nlines"},
		{"x", "--avatar-url", "ftp://x.example/a"},
		{"x", "--bio", "tab\there"},
		{"x", "--timezone", "../etc/shadow"},
		{"x", "--locale", "english"},
	};
	struct captured c;
	struct acct_buf req;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	capture_begin(&c);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		ck_assert_int_eq(profile_of(&c, (const char **)bad[k], 3, &req),
				 CTL_EXIT_USAGE);
	ck_assert_str_eq(
		capture_end(&c),
		"accountsctl: --given-name must be printable text without ':' "
		"(at most 255 bytes)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: --family-name must be printable text without ':' "
		"(at most 255 bytes)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: 'ftp://x.example/a' is not an avatar URL "
		"(http:// "
		"or https://, at most 1024 bytes, no spaces, no user@)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: --bio must be printable text on one line, at "
		"most "
		"500 characters\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: '../etc/shadow' is not a timezone (a tz database "
		"name such as Europe/Paris)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: 'english' is not a locale (C, POSIX or "
		"language[_TERRITORY][.codeset][@modifier], such as "
		"fr_FR.UTF-8)\n"
		"Try 'accountsctl --help'.\n");
	free(c.buf);
	acct_buf_free(&req);
}
END_TEST

/* ---- passwords on standard input ---- */

/* Standard input from text, written into a pipe at once (both lines in
 * one read, if a reader took all it could); the old stdin back after. */
static int stdin_from(const char *text)
{
	int fds[2], saved = dup(STDIN_FILENO);

	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], text, strlen(text)),
			 (ssize_t)strlen(text));
	ck_assert_int_eq(close(fds[1]), 0);
	ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	ck_assert_int_eq(close(fds[0]), 0);
	return saved;
}

static void stdin_back(int saved)
{
	ck_assert_int_eq(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	ck_assert_int_eq(close(saved), 0);
}

START_TEST(two_lines_two_passwords)
{
	struct ctl_password cur, new_pw;
	struct captured c;
	int saved = stdin_from("old secret\r\nnew secret\nthird\n");

	capture_begin(&c);
	ck_assert_int_eq(ctl_password_read_as(&c.env, &cur, "current password"),
			 0);
	ck_assert_int_eq(ctl_password_read_as(&c.env, &new_pw, "new password"),
			 0);
	ck_assert_uint_eq(cur.len, 10);
	ck_assert_int_eq(memcmp(cur.buf, "old secret", 10), 0);
	ck_assert_uint_eq(new_pw.len, 10);
	ck_assert_int_eq(memcmp(new_pw.buf, "new secret", 10), 0);
	/* nothing of the next line came along, and the rest is wiped */
	ck_assert_int_eq(new_pw.buf[10], '\0');
	ck_assert_str_eq(capture_end(&c), "");
	ctl_password_wipe(&cur);
	ctl_password_wipe(&new_pw);
	ck_assert_uint_eq(cur.len, 0);
	ck_assert_int_eq(cur.buf[0], '\0');
	free(c.buf);
	stdin_back(saved);
}
END_TEST

START_TEST(a_missing_line_is_named)
{
	struct ctl_password cur, new_pw;
	struct captured c;
	int saved = stdin_from("only the current one\n");

	capture_begin(&c);
	ck_assert_int_eq(ctl_password_read_as(&c.env, &cur, "current password"),
			 0);
	ck_assert_int_eq(ctl_password_read_as(&c.env, &new_pw, "new password"),
			 CTL_EXIT_USAGE);
	ck_assert_str_eq(capture_end(&c),
			 "accountsctl: no new password on standard input\n"
			 "Try 'accountsctl --help'.\n");
	ctl_password_wipe(&cur);
	free(c.buf);
	stdin_back(saved);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ctl_me");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, profile_options_go_into_the_request);
	tcase_add_test(tc, profile_options_say_what_is_wrong);
	tcase_add_test(tc, two_lines_two_passwords);
	tcase_add_test(tc, a_missing_line_is_named);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
