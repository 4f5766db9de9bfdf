/*
 * check_config_files.c - the configuration as files: every error of one
 * read reported with its file and line, drop-ins (FILE.d/NAME.conf) read
 * in byte order after the main file, a later value winning (in one file
 * too), a bad drop-in applying nothing, --print-config's output read
 * back as the same settings, and the home keys.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/config.h"
#include "server/config_check.h"

static char tmpdir[] = "/tmp/check_config_files.XXXXXX";
static char path[PATH_MAX], dropdir[PATH_MAX + 8];

/* The errors of one read, in order. */
static char errors[16][600];
static unsigned n_errors;

static void collect(void *arg, const char *msg)
{
	(void)arg;
	if (n_errors < 16)
		snprintf(errors[n_errors], sizeof(errors[0]), "%s", msg);
	n_errors++;
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/accountsd.conf", tmpdir);
	snprintf(dropdir, sizeof(dropdir), "%s.d", path);
	n_errors = 0;
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(tmpdir, "/tmp/check_config_files.XXXXXX");
}

static void write_at(const char *file, const char *text)
{
	FILE *f = fopen(file, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/* A drop-in NAME with text (the directory made on first use). */
static void dropin(const char *name, const char *text)
{
	char file[PATH_MAX + 300];

	mkdir(dropdir, 0755);
	snprintf(file, sizeof(file), "%s/%s", dropdir, name);
	write_at(file, text);
}

static int read_config(struct ad_config *cfg)
{
	struct ad_config_errors errs = {collect, NULL, 0};
	int rc;

	n_errors = 0;
	rc = ad_config_read(cfg, path, 1, &errs);
	ck_assert_uint_eq(errs.count, n_errors);
	return rc;
}

/* "FILE:LINE: " starts error i, and words are in it. */
static void assert_error(unsigned i, const char *file, unsigned line,
			 const char *words)
{
	char want[PATH_MAX + 400];

	ck_assert_uint_lt(i, n_errors);
	snprintf(want, sizeof(want), "%s:%u: ", file, line);
	ck_assert_msg(strncmp(errors[i], want, strlen(want)) == 0,
		      "error %u: '%s' does not start with '%s'", i, errors[i],
		      want);
	ck_assert_msg(strstr(errors[i], words) != NULL,
		      "error %u: '%s' lacks '%s'", i, errors[i], words);
}

START_TEST(test_every_error_with_its_line)
{
	struct ad_config cfg;
	char drop[PATH_MAX + 300];

	write_at(path, "# comment\n"
		       "bogus = 1\n"
		       "uid_min = x\n"
		       "debug = yes\n"
		       "home_mode = 0777\n"
		       "socket\n");
	dropin("10-a.conf", "\nhome_create = maybe\n");
	ad_config_defaults(&cfg);
	ck_assert_int_eq(read_config(&cfg), -1);
	ck_assert_uint_eq(n_errors, 5);
	assert_error(0, path, 2, "unknown key 'bogus'");
	assert_error(1, path, 3, "uid_min: 'x' is not a number");
	assert_error(2, path, 5, "home_mode: 0777");
	assert_error(3, path, 6, "expected 'key = value'");
	snprintf(drop, sizeof(drop), "%s/10-a.conf", dropdir);
	assert_error(4, drop, 2, "home_create: 'maybe' is not yes or no");
	/* nothing applied, not even the good line */
	ck_assert_int_eq(cfg.log_debug, 0);
}
END_TEST

START_TEST(test_later_value_wins)
{
	struct ad_config cfg;

	write_at(path, "uid_min = 200000\nuid_min = 300000\n"
		       "lookup_visibility = tenant\n");
	dropin("20-b.conf", "uid_min = 250000\nhome_mode = 0750\n");
	dropin("10-a.conf", "uid_min = 210000\nlookup_visibility = all\n"
			    "home_mode = 0755\n");
	ad_config_defaults(&cfg);
	ck_assert_int_eq(read_config(&cfg), 0);
	ck_assert_uint_eq(cfg.uid_min, 250000); /* 20-b after 10-a */
	ck_assert_uint_eq(cfg.home_mode, 0750); /* the same */
	ck_assert_int_eq(cfg.lookup_visibility, AD_VISIBILITY_ALL);
}
END_TEST

START_TEST(test_dropins_in_byte_order_and_only_conf)
{
	struct ad_config cfg;
	char want[4 * PATH_MAX];

	write_at(path, "debug = no\n");
	/* byte order: 'Z' (0x5a) before 'a' (0x61) whatever the locale */
	dropin("a.conf", "retention_days = 2\n");
	dropin("Z.conf", "retention_days = 1\n");
	dropin("b.conf.dpkg-old", "bogus = 1\n");
	dropin(".hidden.conf", "bogus = 1\n");
	dropin("notes.txt", "bogus = 1\n");
	ad_config_defaults(&cfg);
	ck_assert_int_eq(read_config(&cfg), 0);
	ck_assert_uint_eq(cfg.retention_days, 2);
	snprintf(want, sizeof(want), "%s\n%s/Z.conf\n%s/a.conf\n", path,
		 dropdir, dropdir);
	ck_assert_str_eq(cfg.config_files, want);
}
END_TEST

START_TEST(test_bad_dropin_leaves_config_untouched)
{
	struct ad_config cfg, before;
	char drop[PATH_MAX + 300];

	write_at(path, "retention_days = 5\n");
	dropin("10-good.conf", "home_create = yes\n");
	dropin("20-bad.conf", "max_sessions = 0\n");
	ad_config_defaults(&cfg);
	cfg.retention_days = 9; /* the live value, as before a reload */
	before = cfg;
	ck_assert_int_eq(read_config(&cfg), -1);
	snprintf(drop, sizeof(drop), "%s/20-bad.conf", dropdir);
	ck_assert_uint_eq(n_errors, 1);
	assert_error(0, drop, 1, "max_sessions: 0 is outside");
	ck_assert_uint_eq(cfg.retention_days, 9);
	ck_assert_int_eq(cfg.home_create, 0);
	ck_assert_str_eq(cfg.config_files, before.config_files);
}
END_TEST

START_TEST(test_cross_key_rule_names_the_later_file)
{
	struct ad_config cfg;
	char drop[PATH_MAX + 300];

	write_at(path, "uid_min = 200000\n");
	dropin("50-max.conf", "\nuid_max = 150000\n");
	ad_config_defaults(&cfg);
	ck_assert_int_eq(read_config(&cfg), -1);
	snprintf(drop, sizeof(drop), "%s/50-max.conf", dropdir);
	ck_assert_uint_eq(n_errors, 1);
	assert_error(0, drop, 2, "uid_min 200000 is above uid_max 150000");
}
END_TEST

START_TEST(test_missing_dropin_dir_and_main_file)
{
	struct ad_config cfg;
	struct ad_config_errors errs = {collect, NULL, 0};

	/* no file, no directory, not required: the defaults */
	ad_config_defaults(&cfg);
	ck_assert_int_eq(ad_config_read(&cfg, path, 0, &errs), 0);
	ck_assert_str_eq(cfg.config_files, "");
	/* no main file, but drop-ins: read */
	dropin("x.conf", "home_create = yes\n");
	ck_assert_int_eq(ad_config_read(&cfg, path, 0, &errs), 0);
	ck_assert_int_eq(cfg.home_create, 1);
	/* required and missing: an error */
	ck_assert_int_eq(ad_config_read(&cfg, path, 1, &errs), -1);
	ck_assert_uint_eq(errs.count, 1);
}
END_TEST

START_TEST(test_home_keys)
{
	static const char *const bad[] = {
		"home_mode = 700x\n", "home_mode = 07777\n",
		"home_mode = 0600\n", "home_mode = 0770\n",
		"home_mode = 0702\n", "home_mode = 7\n",
		"home_create = 2\n",  "skel_dir = etc/skel\n",
	};
	struct ad_config cfg;

	ad_config_defaults(&cfg);
	ck_assert_int_eq(cfg.home_create, 0);
	ck_assert_uint_eq(cfg.home_mode, 0700);
	ck_assert_str_eq(cfg.skel_dir, "/etc/skel");
	write_at(path, "home_create = yes\nhome_mode = 755\n"
		       "skel_dir = /srv/skel\n");
	ck_assert_int_eq(read_config(&cfg), 0);
	ck_assert_int_eq(cfg.home_create, 1);
	ck_assert_uint_eq(cfg.home_mode, 0755);
	ck_assert_str_eq(cfg.skel_dir, "/srv/skel");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_at(path, bad[i]);
		ck_assert_msg(read_config(&cfg) == -1, "accepted %s", bad[i]);
		assert_error(0, path, 1,
			     bad[i][0] == 's' ? "absolute" : "home_");
	}
}
END_TEST

/* --print-config's output is a configuration that reads back the same. */
START_TEST(test_print_config_reads_back)
{
	struct ad_config cfg, again;
	char out[PATH_MAX + 16];
	FILE *f;

	write_at(path, "home_create = yes\nrate_limit_per_second = 7\n"
		       "mail_command = /bin/true -x\nargon2_memlimit_kb = 8\n"
		       "map_size_mb = 12\n");
	snprintf(out, sizeof(out), "%s/printed", tmpdir);
	f = fopen(out, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ad_config_check(path, 1, 1, f, stderr), 0);
	ck_assert_int_eq(fclose(f), 0);
	ad_config_defaults(&cfg);
	ck_assert_int_eq(read_config(&cfg), 0);
	/* empty values are written "key =", which no file may say: drop */
	snprintf(path, sizeof(path), "%s/printed.conf", tmpdir);
	{
		char cmd[3 * PATH_MAX];

		snprintf(cmd, sizeof(cmd), "grep -v ' =$' '%s' > '%s'", out,
			 path);
		ck_assert_int_eq(system(cmd), 0);
	}
	ad_config_defaults(&again);
	ck_assert_int_eq(read_config(&again), 0);
	ck_assert_int_eq(again.home_create, 1);
	ck_assert_uint_eq(again.rate[AD_RATE_MANAGE].per_minute, 7 * 60);
	ck_assert_str_eq(again.mail_command, "/bin/true -x");
	ck_assert_uint_eq(again.argon2_memlimit, 8 * 1024);
	ck_assert_uint_eq(again.map_size, 12u << 20);
	ck_assert_uint_eq(again.root_reserved_connections,
			  cfg.root_reserved_connections);
}
END_TEST

START_TEST(test_check_exit_status)
{
	FILE *err = tmpfile();
	char line[700];

	ck_assert_ptr_nonnull(err);
	write_at(path, "debug = yes\n");
	ck_assert_int_eq(ad_config_check(path, 1, 0, stdout, err), 0);
	ck_assert_int_eq(ftell(err), 0); /* silent when good */
	write_at(path, "bogus = 1\nuid_min = 1\n");
	ck_assert_int_eq(ad_config_check(path, 1, 0, stdout, err), 1);
	rewind(err);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), err));
	ck_assert_ptr_nonnull(strstr(line, ":1: unknown key"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), err));
	ck_assert_ptr_nonnull(strstr(line, ":2: uid_min"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), err));
	ck_assert_str_eq(line, "accountsd: 2 errors in the configuration\n");
	fclose(err);
}
END_TEST

static Suite *config_files_suite(void)
{
	Suite *s = suite_create("config_files");
	TCase *tc = tcase_create("config_files");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_error_with_its_line);
	tcase_add_test(tc, test_later_value_wins);
	tcase_add_test(tc, test_dropins_in_byte_order_and_only_conf);
	tcase_add_test(tc, test_bad_dropin_leaves_config_untouched);
	tcase_add_test(tc, test_cross_key_rule_names_the_later_file);
	tcase_add_test(tc, test_missing_dropin_dir_and_main_file);
	tcase_add_test(tc, test_home_keys);
	tcase_add_test(tc, test_print_config_reads_back);
	tcase_add_test(tc, test_check_exit_status);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_files_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
