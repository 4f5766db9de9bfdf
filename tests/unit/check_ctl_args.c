/* check_ctl_args.c - accountsctl's command-line parser, its argument
 * checks, and the `user import` file reader and batcher. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"
#include "ctl.h"
#include "ctl_import.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

/* ---- options ---- */

START_TEST(parse_mixes_options_and_positionals)
{
	const char *argv[] = {"x",	  "alice",	  "--tenant",
			      "acme",	  "--role=admin", "--json",
			      "--email=", "--",		  "-weird"};
	struct ctl_args a;
	char err[128] = "";
	int i = 1;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(ctl_parse_args(ARGC(argv), argv, &i,
					CTL_OPT_BIT(CTL_OPT_TENANT) |
						CTL_OPT_BIT(CTL_OPT_ROLE) |
						CTL_OPT_BIT(CTL_OPT_EMAIL) |
						CTL_GLOBAL_OPTS,
					2, &a, err, sizeof(err)),
			 0);
	ck_assert_int_eq(i, ARGC(argv));
	ck_assert_uint_eq(a.npos, 2);
	ck_assert_str_eq(a.pos[0], "alice");
	ck_assert_str_eq(a.pos[1], "-weird"); /* after "--": positional */
	ck_assert_str_eq(a.opt[CTL_OPT_TENANT], "acme");
	ck_assert_str_eq(a.opt[CTL_OPT_ROLE], "admin");
	ck_assert_str_eq(a.opt[CTL_OPT_EMAIL], ""); /* empty: clear */
	ck_assert_str_eq(a.opt[CTL_OPT_JSON], "");
	ck_assert_ptr_null(a.opt[CTL_OPT_SHELL]);
}
END_TEST

/* Parse argv[1..] against allowed/max_pos; return the error text. */
static const char *parse_error(const char **argv, int argc, uint64_t allowed,
			       unsigned max_pos)
{
	static char err[128];
	struct ctl_args a;
	int i = 1;

	memset(&a, 0, sizeof(a));
	err[0] = '\0';
	if (ctl_parse_args(argc, argv, &i, allowed, max_pos, &a, err,
			   sizeof(err)) == 0)
		return NULL;
	return err;
}

START_TEST(parse_errors_say_what_is_wrong)
{
	const char *unknown[] = {"x", "--frobnicate"};
	const char *single[] = {"x", "-x"};
	const char *notallowed[] = {"x", "--role", "owner"};
	const char *novalue[] = {"x", "--tenant"};
	const char *twice[] = {"x", "--tenant", "a", "--tenant=b"};
	const char *flagvalue[] = {"x", "--json=yes"};
	const char *toomany[] = {"x", "a", "b"};
	uint64_t t = CTL_OPT_BIT(CTL_OPT_TENANT) | CTL_GLOBAL_OPTS;

	ck_assert_str_eq(parse_error(unknown, 2, t, 1),
			 "unknown option '--frobnicate'");
	ck_assert_str_eq(parse_error(single, 2, t, 1), "unknown option '-x'");
	ck_assert_str_eq(parse_error(notallowed, 3, t, 1),
			 "option '--role' is not valid here");
	ck_assert_str_eq(parse_error(novalue, 2, t, 1),
			 "option '--tenant' needs a value (SLUG)");
	ck_assert_str_eq(parse_error(twice, 4, t, 1),
			 "option '--tenant' given twice");
	ck_assert_str_eq(parse_error(flagvalue, 2, t, 1),
			 "option '--json' takes no value");
	ck_assert_str_eq(parse_error(toomany, 3, t, 1),
			 "unexpected argument 'b'");
}
END_TEST

START_TEST(parse_globals_last_wins_and_dash_is_positional)
{
	const char *argv[] = {"x", "--socket", "/a", "-", "--socket=/b", "-h"};
	struct ctl_args a;
	char err[128];
	int i = 1;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(ctl_parse_args(ARGC(argv), argv, &i, CTL_GLOBAL_OPTS,
					1, &a, err, sizeof(err)),
			 0);
	ck_assert_str_eq(a.opt[CTL_OPT_SOCKET], "/b");
	ck_assert_str_eq(a.pos[0], "-");
	ck_assert_ptr_nonnull(a.opt[CTL_OPT_HELP]);
}
END_TEST

START_TEST(parse_global_phase_stops_at_the_verb)
{
	const char *argv[] = {"x",    "--json", "--timeout", "5",
			      "user", "--role", "x"};
	struct ctl_args a;
	char err[128];
	int i = 1;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(ctl_parse_args(ARGC(argv), argv, &i, CTL_GLOBAL_OPTS,
					0, &a, err, sizeof(err)),
			 0);
	ck_assert_int_eq(i, 4);
	ck_assert_str_eq(argv[i], "user");
	ck_assert_str_eq(a.opt[CTL_OPT_TIMEOUT], "5");
	ck_assert_uint_eq(a.npos, 0);
}
END_TEST

START_TEST(wants_json_skips_option_values)
{
	const char *yes[] = {"x", "user", "list", "--json"};
	const char *no[] = {"x", "user", "create", "--display-name", "--json"};
	const char *after[] = {"x", "user", "show", "--", "--json"};
	const char *eq[] = {"x", "--socket=/s", "--json", "status"};

	ck_assert(ctl_wants_json(ARGC(yes), yes));
	ck_assert(!ctl_wants_json(ARGC(no), no));
	ck_assert(!ctl_wants_json(ARGC(after), after));
	ck_assert(ctl_wants_json(ARGC(eq), eq));
}
END_TEST

START_TEST(option_table_is_complete)
{
	for (int o = 0; o < CTL_OPT__COUNT; o++) {
		const struct ctl_optdef *od = ctl_opt_def(o);

		ck_assert_ptr_nonnull(od);
		ck_assert_ptr_eq(ctl_opt_find(od->name, strlen(od->name)), od);
	}
	ck_assert_ptr_null(ctl_opt_find("nam", 3));
}
END_TEST

/* ---- import lines ---- */

/* Parse a copy of line; returns the result, *u filled on 1. */
static int parse_line(const char *line, struct ctl_import_user *u, char **copy,
		      char *err, size_t errlen)
{
	*copy = strdup(line);
	ck_assert_ptr_nonnull(*copy);
	return ctl_import_parse_line(*copy, u, err, errlen);
}

START_TEST(import_line_full_and_trimmed)
{
	struct ctl_import_user u;
	char *copy, err[256];

	ck_assert_int_eq(parse_line(" alice : acme :owner: Alice Doe :"
				    "alice@example.com\r",
				    &u, &copy, err, sizeof(err)),
			 1);
	ck_assert_str_eq(u.login, "alice");
	ck_assert_str_eq(u.tenant, "acme");
	ck_assert_uint_eq(u.role, ACCT_ROLE_OWNER);
	ck_assert_str_eq(u.display_name, "Alice Doe");
	ck_assert_str_eq(u.email, "alice@example.com");
	free(copy);

	ck_assert_int_eq(parse_line("bob:acme", &u, &copy, err, sizeof(err)),
			 1);
	ck_assert_uint_eq(u.role, 0);
	ck_assert_ptr_null(u.display_name);
	ck_assert_ptr_null(u.email);
	free(copy);

	/* empty optional fields mean "not given" */
	ck_assert_int_eq(parse_line("carol:acme:::carol@example.com", &u, &copy,
				    err, sizeof(err)),
			 1);
	ck_assert_uint_eq(u.role, 0);
	ck_assert_ptr_null(u.display_name);
	ck_assert_str_eq(u.email, "carol@example.com");
	free(copy);
}
END_TEST

START_TEST(import_line_skips_blank_and_comments)
{
	struct ctl_import_user u;
	char *copy, err[256];

	ck_assert_int_eq(parse_line("", &u, &copy, err, sizeof(err)), 0);
	free(copy);
	ck_assert_int_eq(parse_line("  \t\r", &u, &copy, err, sizeof(err)), 0);
	free(copy);
	ck_assert_int_eq(
		parse_line("  # alice:acme", &u, &copy, err, sizeof(err)), 0);
	free(copy);
}
END_TEST

static void expect_line_error(const char *line, const char *msg)
{
	struct ctl_import_user u;
	char *copy, err[256] = "";

	ck_assert_int_eq(parse_line(line, &u, &copy, err, sizeof(err)), -1);
	ck_assert_str_eq(err, msg);
	free(copy);
}

START_TEST(import_line_errors)
{
	expect_line_error("alice",
			  "expected "
			  "login:tenant[:role[:display name[:email]]]");
	expect_line_error("a:acme:member:A:a@x.org:extra",
			  "too many fields (expected "
			  "login:tenant[:role[:display name[:email]]])");
	expect_line_error("Alice:acme", "'Alice' is not a valid login name");
	expect_line_error("alice:", "'' is not a valid tenant slug");
	expect_line_error("alice:acme:root",
			  "'root' is not a role (owner, admin, member or "
			  "viewer)");
	expect_line_error("alice:acme::A:not-an-email",
			  "'not-an-email' is not a valid email address");
	expect_line_error("alice:acme::Al\x01ice",
			  "the display name is not valid (printable text, at "
			  "most 255 bytes)");
}
END_TEST

/* ---- argument checks ---- */

/* An environment whose diagnostics (and --json output) land in a buffer. */
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

START_TEST(checks_accept_valid_values_silently)
{
	struct captured c;
	uint32_t role = 0;

	capture_begin(&c);
	ck_assert_int_eq(ctl_check_login(&c.env, "alice"), 0);
	ck_assert_int_eq(ctl_check_slug(&c.env, "acme"), 0);
	ck_assert_int_eq(ctl_check_group(&c.env, "acme-dev"), 0);
	ck_assert_int_eq(ctl_check_gecos(&c.env, "name", "Acme", false), 0);
	ck_assert_int_eq(ctl_check_gecos(&c.env, "name", "", true), 0);
	ck_assert_int_eq(ctl_check_email(&c.env, "a@example.com", false), 0);
	ck_assert_int_eq(ctl_check_email(&c.env, "", true), 0);
	ck_assert_int_eq(ctl_check_path(&c.env, "home", "/srv/a"), 0);
	ck_assert_int_eq(ctl_check_role(&c.env, "admin", &role), 0);
	ck_assert_uint_eq(role, ACCT_ROLE_ADMIN);
	/* a custom role goes by its name: 0 here */
	ck_assert_int_eq(ctl_check_role(&c.env, "auditor", &role), 0);
	ck_assert_uint_eq(role, 0);
	ck_assert_str_eq(capture_end(&c), "");
	free(c.buf);
}
END_TEST

START_TEST(checks_say_what_is_wrong)
{
	struct captured c;
	uint32_t role;

	capture_begin(&c);
	ck_assert_int_eq(ctl_check_login(&c.env, "Bob"), CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_slug(&c.env, "a"), CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_group(&c.env, "-x"), CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_gecos(&c.env, "name", "", false),
			 CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_gecos(&c.env, "name", "a:b", true),
			 CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_email(&c.env, "", false), CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_email(&c.env, "x", true), CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_path(&c.env, "shell", "sh"), CTL_EXIT_USAGE);
	ck_assert_int_eq(ctl_check_role(&c.env, "Boss!", &role),
			 CTL_EXIT_USAGE);
	ck_assert_str_eq(
		capture_end(&c),
		"accountsctl: 'Bob' is not a valid login name (1-32 characters "
		"a-z 0-9 _ . -, starting with a letter or _)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: 'a' is not a valid tenant slug (2-20 characters "
		"a-z 0-9 -, starting with a letter)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: '-x' is not a valid group name (1-32 characters "
		"a-z 0-9 _ . -, starting with a letter or _)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: --name must not be empty\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: --name must be printable text without ':' (at "
		"most 255 bytes)\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: --email must not be empty\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: 'x' is not a valid email address\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: --shell must be an absolute path without ':' (at "
		"most 255 bytes), not 'sh'\n"
		"Try 'accountsctl --help'.\n"
		"accountsctl: 'Boss!' is not a role (owner, admin, member, "
		"viewer or a custom role's name)\n"
		"Try 'accountsctl --help'.\n");
	free(c.buf);
}
END_TEST

START_TEST(check_errors_in_json_name_the_usage_status)
{
	struct captured c;

	capture_begin(&c);
	c.env.json = true;
	ck_assert_int_eq(ctl_check_slug(&c.env, "A"), CTL_EXIT_USAGE);
	ck_assert_str_eq(capture_end(&c),
			 "accountsctl: 'A' is not a valid tenant slug (2-20 "
			 "characters a-z 0-9 -, starting with a letter)\n"
			 "{\"error\":{\"status\":\"usage\",\"code\":null,"
			 "\"message\":\"'A' is not a valid tenant slug (2-20 "
			 "characters a-z 0-9 -, starting with a letter)\","
			 "\"exit\":2}}\n"
			 "Try 'accountsctl --help'.\n");
	free(c.buf);
}
END_TEST

/* ---- import files ---- */

static int read_text(const char *text, size_t len, struct ctl_import *im,
		     char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = ctl_import_read(f, "users.txt", im, err, errlen);
	fclose(f);
	return rc;
}

START_TEST(import_file_numbers_lines)
{
	static const char text[] = "# header\n"
				   "alice:acme:owner\n"
				   "\n"
				   "bob:acme::Bob B\n"
				   "carol:beta"; /* no final newline */
	struct ctl_import im;
	char err[256] = "";

	ck_assert_int_eq(
		read_text(text, sizeof(text) - 1, &im, err, sizeof(err)), 0);
	ck_assert_uint_eq(im.n, 3);
	ck_assert_uint_eq(im.users[0].line, 2);
	ck_assert_str_eq(im.users[0].login, "alice");
	ck_assert_uint_eq(im.users[1].line, 4);
	ck_assert_str_eq(im.users[1].display_name, "Bob B");
	ck_assert_uint_eq(im.users[2].line, 5);
	ck_assert_str_eq(im.users[2].tenant, "beta");
	ctl_import_free(&im);
}
END_TEST

START_TEST(import_file_errors_name_the_line)
{
	static const char bad[] = "alice:acme\nbob:acme:chief\n";
	static const char dup[] = "alice:acme\nbob:acme\n#\nalice:beta\n";
	static const char nul[] = "alice:acme\nb\0b:acme\n";
	struct ctl_import im;
	char err[256] = "";

	ck_assert_int_eq(read_text(bad, sizeof(bad) - 1, &im, err, sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "users.txt:2: 'chief' is not a role (owner, "
			      "admin, member or viewer)");
	ctl_import_free(&im);

	ck_assert_int_eq(read_text(dup, sizeof(dup) - 1, &im, err, sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "users.txt:4: login 'alice' already on line 1");
	ctl_import_free(&im);

	ck_assert_int_eq(read_text(nul, sizeof(nul) - 1, &im, err, sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "users.txt:2: contains a NUL byte");
	ctl_import_free(&im);
}
END_TEST

/* Write n lines "uNNNNN:acme:member:<name>" to a malloc'd string. */
static char *make_users(size_t n, size_t name_len)
{
	size_t line = 32 + name_len;
	char *text = malloc(n * line + 1), *p = text;
	char *name = malloc(name_len + 1);

	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(name);
	memset(name, 'N', name_len);
	name[name_len] = '\0';
	for (size_t k = 0; k < n; k++)
		p += sprintf(p, "u%06zu:acme:member:%s\n", k, name);
	free(name);
	return text;
}

/* Split im into batches, checking each; returns the number of batches. */
static size_t count_batches(const struct ctl_import *im, size_t max_users)
{
	struct acct_buf req;
	size_t from = 0, batches = 0;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	while (from < im->n) {
		struct acct_reader r;
		struct acct_field f, name;
		size_t n, seen = 0;

		acct_buf_reset(&req);
		n = ctl_import_batch(im, from, &req);
		ck_assert_int_eq(req.err, 0);
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_le(n, max_users);
		ck_assert_uint_le(req.len, ACCT_MAX_REQUEST);
		ck_assert_int_eq(acct_validate(req.data, req.len), 0);
		/* the batch holds exactly users from..from+n-1, in order */
		acct_reader_init(&r, req.data, req.len);
		while (acct_next(&r, &f) == 1) {
			char login[ACCT_MAX_NAME + 1];

			ck_assert_uint_eq(f.tag, ACCT_T_USER);
			ck_assert_int_eq(
				acct_find(f.val, f.len, ACCT_T_NAME, &name), 1);
			ck_assert_int_eq(
				acct_get_strcpy(&name, login, sizeof(login)),
				0);
			ck_assert_str_eq(login, im->users[from + seen].login);
			seen++;
		}
		ck_assert_uint_eq(seen, n);
		from += n;
		batches++;
	}
	acct_buf_free(&req);
	return batches;
}

START_TEST(import_batches_by_count)
{
	char *text = make_users(1200, 4);
	struct ctl_import im;
	char err[256] = "";

	ck_assert_int_eq(read_text(text, strlen(text), &im, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(im.n, 1200);
	ck_assert_uint_eq(count_batches(&im, CTL_IMPORT_BATCH), 3);
	ctl_import_free(&im);
	free(text);
}
END_TEST

START_TEST(import_batches_by_size)
{
	/* ~270 bytes per encoded user: 500 of them would not fit in 64 KiB */
	char *text = make_users(1000, 200);
	struct ctl_import im;
	char err[256] = "";
	size_t batches;

	ck_assert_int_eq(read_text(text, strlen(text), &im, err, sizeof(err)),
			 0);
	batches = count_batches(&im, CTL_IMPORT_BATCH);
	ck_assert_uint_gt(batches, 3);
	ctl_import_free(&im);
	free(text);
}
END_TEST

START_TEST(import_empty_file)
{
	struct ctl_import im;
	char err[256] = "";

	ck_assert_int_eq(read_text("", 0, &im, err, sizeof(err)), 0);
	ck_assert_uint_eq(im.n, 0);
	ctl_import_free(&im);
}
END_TEST

static Suite *ctl_args_suite(void)
{
	Suite *s = suite_create("ctl_args");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, parse_mixes_options_and_positionals);
	tcase_add_test(tc, parse_errors_say_what_is_wrong);
	tcase_add_test(tc, parse_globals_last_wins_and_dash_is_positional);
	tcase_add_test(tc, parse_global_phase_stops_at_the_verb);
	tcase_add_test(tc, wants_json_skips_option_values);
	tcase_add_test(tc, option_table_is_complete);
	suite_add_tcase(s, tc);

	tc = tcase_create("checks");
	tcase_add_test(tc, checks_accept_valid_values_silently);
	tcase_add_test(tc, checks_say_what_is_wrong);
	tcase_add_test(tc, check_errors_in_json_name_the_usage_status);
	suite_add_tcase(s, tc);

	tc = tcase_create("import");
	tcase_add_test(tc, import_line_full_and_trimmed);
	tcase_add_test(tc, import_line_skips_blank_and_comments);
	tcase_add_test(tc, import_line_errors);
	tcase_add_test(tc, import_file_numbers_lines);
	tcase_add_test(tc, import_file_errors_name_the_line);
	tcase_add_test(tc, import_batches_by_count);
	tcase_add_test(tc, import_batches_by_size);
	tcase_add_test(tc, import_empty_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ctl_args_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
