/*
 * check_config.c - accountsd configuration: defaults, every key, and every
 * way a file can be wrong (which must name FILE:LINE and change nothing).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/config.h"

static char tmpdir[] = "/tmp/check_config.XXXXXX";
static char path[PATH_MAX];
static char shells[PATH_MAX]; /* the host's login shells, for default_shell */

static void setup(void)
{
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/accountsd.conf", tmpdir);
	snprintf(shells, sizeof(shells), "%s/shells", tmpdir);
	f = fopen(shells, "w");
	ck_assert_ptr_nonnull(f);
	fputs("# /etc/shells\n/bin/sh\n/bin/bash\n/bin/zsh\n", f);
	ck_assert_int_eq(fclose(f), 0);
}

static void teardown(void)
{
	unlink(path);
	unlink(shells);
	rmdir(tmpdir);
	strcpy(tmpdir, "/tmp/check_config.XXXXXX");
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* Load text over defaults; returns ad_config_load's result. */
static int load_text(const char *text, struct ad_config *cfg, char *err,
		     size_t errlen)
{
	write_file(text);
	ad_config_defaults(cfg);
	cfg->shells_file = shells;
	err[0] = '\0';
	return ad_config_load(cfg, path, 1, err, errlen);
}

/* Field by field: the struct has padding, so memcmp would compare noise. */
static int config_same(const struct ad_config *a, const struct ad_config *b)
{
	return strcmp(a->socket_path, b->socket_path) == 0 &&
	       strcmp(a->state_dir, b->state_dir) == 0 &&
	       a->uid_min == b->uid_min && a->uid_max == b->uid_max &&
	       a->gid_min == b->gid_min && a->gid_max == b->gid_max &&
	       strcmp(a->default_shell, b->default_shell) == 0 &&
	       strcmp(a->home_base, b->home_base) == 0 &&
	       a->map_size == b->map_size && a->log_debug == b->log_debug &&
	       a->max_connections == b->max_connections &&
	       a->client_timeout_ms == b->client_timeout_ms &&
	       a->workers == b->workers && a->worker_queue == b->worker_queue &&
	       a->argon2_opslimit == b->argon2_opslimit &&
	       a->argon2_memlimit == b->argon2_memlimit &&
	       a->password_min_length == b->password_min_length &&
	       a->lockout_attempts == b->lockout_attempts &&
	       a->lockout_window_s == b->lockout_window_s &&
	       a->lockout_duration_s == b->lockout_duration_s &&
	       a->session_kill_grace_ms == b->session_kill_grace_ms &&
	       a->lookup_visibility == b->lookup_visibility;
}

START_TEST(test_defaults)
{
	struct ad_config cfg;

	ad_config_defaults(&cfg);
	ck_assert_str_eq(cfg.socket_path, "/run/accountsd/socket");
	ck_assert_str_eq(cfg.state_dir, AD_DEFAULT_STATE_DIR);
	ck_assert_uint_eq(cfg.uid_min, 100000);
	ck_assert_uint_eq(cfg.uid_max, 499999);
	ck_assert_uint_eq(cfg.gid_min, 100000);
	ck_assert_uint_eq(cfg.gid_max, 499999);
	ck_assert_str_eq(cfg.default_shell, "/bin/bash");
	ck_assert_str_eq(cfg.home_base, "/home");
	ck_assert_uint_eq(cfg.map_size, 4ull << 30);
	ck_assert_int_eq(cfg.log_debug, 0);
	ck_assert_uint_eq(cfg.max_connections, 4096);
	ck_assert_uint_eq(cfg.client_timeout_ms, 1000);
}
END_TEST

START_TEST(test_every_key)
{
	struct ad_config cfg;
	char err[256];

	ck_assert_int_eq(load_text("# accountsd test\n"
				   "\n"
				   "socket = /run/acct/sock\n"
				   "state_dir=/srv/accounts\n"
				   "  uid_min   =  200000  \n"
				   "uid_max = 299999\n"
				   "gid_min = 300000\n"
				   "gid_max = 399999\n"
				   "\tdefault_shell = /bin/zsh\n"
				   "home_base = /srv/home\n"
				   "map_size_mb = 64\n"
				   "debug = yes\n"
				   "max_connections = 10\n"
				   "client_timeout_ms = 250\r\n"
				   "   # indented comment\n",
				   &cfg, err, sizeof(err)),
			 0);
	ck_assert_str_eq(cfg.socket_path, "/run/acct/sock");
	ck_assert_str_eq(cfg.state_dir, "/srv/accounts");
	ck_assert_uint_eq(cfg.uid_min, 200000);
	ck_assert_uint_eq(cfg.uid_max, 299999);
	ck_assert_uint_eq(cfg.gid_min, 300000);
	ck_assert_uint_eq(cfg.gid_max, 399999);
	ck_assert_str_eq(cfg.default_shell, "/bin/zsh");
	ck_assert_str_eq(cfg.home_base, "/srv/home");
	ck_assert_uint_eq(cfg.map_size, 64ull << 20);
	ck_assert_int_eq(cfg.log_debug, 1);
	ck_assert_uint_eq(cfg.max_connections, 10);
	ck_assert_uint_eq(cfg.client_timeout_ms, 250);
}
END_TEST

START_TEST(test_partial_file_keeps_other_values)
{
	struct ad_config cfg, want;
	char err[256];

	ck_assert_int_eq(load_text("debug = no\nuid_max = 100000\n", &cfg, err,
				   sizeof(err)),
			 0);
	ad_config_defaults(&want);
	want.uid_max = 100000;
	ck_assert_int_eq(config_same(&cfg, &want), 1);
}
END_TEST

START_TEST(test_booleans)
{
	static const char *const on[] = {"yes", "true", "on", "1"};
	static const char *const off[] = {"no", "false", "off", "0"};
	struct ad_config cfg;
	char text[64], err[256];

	for (size_t i = 0; i < 4; i++) {
		snprintf(text, sizeof(text), "debug = %s\n", on[i]);
		ck_assert_int_eq(load_text(text, &cfg, err, sizeof(err)), 0);
		ck_assert_int_eq(cfg.log_debug, 1);
		snprintf(text, sizeof(text), "debug = %s\n", off[i]);
		ck_assert_int_eq(load_text(text, &cfg, err, sizeof(err)), 0);
		ck_assert_int_eq(cfg.log_debug, 0);
	}
}
END_TEST

/* Each bad file, and the line its error must name. */
static const struct {
	const char *text;
	unsigned line;
	const char *words; /* expected somewhere in the message */
} bad[] = {
	{"bogus = 1\n", 1, "unknown key"},
	{"# ok\nsocket /run/x\n", 2, "key = value"},
	{"= 5\n", 1, "key = value"},
	{"uid_min =\n", 1, "no value"},
	{"uid_min = 12x\n", 1, "not a number"},
	{"uid_min = -5\n", 1, "not a number"},
	{"uid_min = 0x1000\n", 1, "not a number"},
	{"uid_min = 99999999999999999999999\n", 1, "not a number"},
	{"uid_min = 0\n", 1, "system ids"},
	{"uid_min = 999\n", 1, "system ids"},
	{"gid_max = 500\n", 1, "system ids"},
	{"uid_max = 4294967295\n", 1, "outside"},
	{"uid_min = 5000\nuid_max = 4000\n", 2, "above uid_max"},
	{"uid_max = 4000\n\nuid_min = 5000\n", 3, "above uid_max"},
	{"uid_min = 600000\n", 1, "above uid_max"},
	{"gid_min = 3000\ngid_max = 2000\n", 2, "above gid_max"},
	{"socket = run/sock\n", 1, "absolute"},
	{"state_dir = var/lib\n", 1, "absolute"},
	{"default_shell = bash\n", 1, "absolute"},
	{"home_base = home\n", 1, "absolute"},
	{"home_base = /home/\n", 1, "end with"},
	{"map_size_mb = 0\n", 1, "outside"},
	{"map_size_mb = 99999999999\n", 1, "outside"},
	{"max_connections = 0\n", 1, "outside"},
	{"client_timeout_ms = 1\n", 1, "outside"},
	{"client_timeout_ms = 3600000\n", 1, "outside"},
	{"debug = maybe\n", 1, "yes or no"},
	{"lookup_visibility = tenants\n", 1,
	 "lookup_visibility: 'tenants' is not all or tenant"},
	{"lookup_visibility = Tenant\n", 1, "is not all or tenant"},
	/* a bad file applies none of its lines, not even the good ones */
	{"lookup_visibility = tenant\nbogus = 1\n", 2, "unknown key"},
	{"workers = 1025\n", 1, "outside"},
	{"workers = -1\n", 1, "not a number"},
	{"worker_queue = 0\n", 1, "outside"},
	{"argon2_opslimit = 0\n", 1, "outside"},
	{"argon2_opslimit = 4294967296\n", 1, "outside"},
	{"argon2_memlimit_kb = 7\n", 1, "outside"},
	{"argon2_memlimit_kb = 18446744073709551615\n", 1, "outside"},
	{"password_min_length = 0\n", 1, "outside"},
	{"password_min_length = 1025\n", 1, "outside"},
	{"lockout_attempts = 1000001\n", 1, "outside"},
	{"lockout_window_s = 0\n", 1, "outside"},
	{"lockout_duration_s = 31622401\n", 1, "outside"},
	{"session_kill_grace_ms = 600001\n", 1, "outside"},
	{"session_kill_grace_ms = -1\n", 1, "not a number"},
	{"max_connections_per_uid = 0\n", 1, "outside"},
	{"max_connections = 100\nroot_reserved_connections = 100\n", 2,
	 "leaves no connection"},
	{"root_reserved_connections = 10\nmax_connections = 10\n", 2,
	 "leaves no connection"},
	{"max_sessions = 0\n", 1, "outside"},
	{"max_sessions_per_user = 1000001\n", 1, "outside"},
	{"max_sessions_per_caller = -3\n", 1, "not a number"},
	{"lookup_per_minute = 0\n", 1, "outside"},
	{"auth_burst = 0\n", 1, "outside"},
	{"session_per_minute = 60000001\n", 1, "outside"},
	{"rate_limit_burst = x\n", 1, "not a number"},
	{"rate_limit_per_second = 0\n", 1, "rate_limit_per_second"},
	{"operator_group = -ops\n", 1, "not a group name"},
	{"support_group = a:b\n", 1, "not a group name"},
	{"audit_coalesce_s = 86401\n", 1, "outside"},
	{"retention_days = 36501\n", 1, "outside"},
	{"retention_days = -1\n", 1, "not a number"},
};

START_TEST(test_worker_and_password_keys)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_uint_eq(cfg.workers, 0); /* one per online CPU */
	ck_assert_uint_eq(cfg.worker_queue, 1024);
	ck_assert_uint_eq(cfg.argon2_opslimit, 2);
	ck_assert_uint_eq(cfg.argon2_memlimit, 64ull << 20);
	ck_assert_uint_eq(cfg.password_min_length, 10);
	ck_assert_int_eq(load_text("workers = 3\n"
				   "worker_queue = 7\n"
				   "argon2_opslimit = 1\n"
				   "argon2_memlimit_kb = 8\n"
				   "password_min_length = 1024\n",
				   &cfg, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(cfg.workers, 3);
	ck_assert_uint_eq(cfg.worker_queue, 7);
	ck_assert_uint_eq(cfg.argon2_opslimit, 1);
	ck_assert_uint_eq(cfg.argon2_memlimit, 8192);
	ck_assert_uint_eq(cfg.password_min_length, 1024);
	ck_assert_int_eq(
		load_text("workers = 0\nargon2_opslimit = 4294967295\n", &cfg,
			  err, sizeof(err)),
		0);
	ck_assert_uint_eq(cfg.workers, 0);
	ck_assert_uint_eq(cfg.argon2_opslimit, 4294967295u);
}
END_TEST

START_TEST(test_lockout_keys)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_uint_eq(cfg.lockout_attempts, 5);
	ck_assert_uint_eq(cfg.lockout_window_s, 900);
	ck_assert_uint_eq(cfg.lockout_duration_s, 900);
	ck_assert_int_eq(load_text("lockout_attempts = 0\n"
				   "lockout_window_s = 60\n"
				   "lockout_duration_s = 31622400\n",
				   &cfg, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(cfg.lockout_attempts, 0); /* lockout off */
	ck_assert_uint_eq(cfg.lockout_window_s, 60);
	ck_assert_uint_eq(cfg.lockout_duration_s, 31622400);
}
END_TEST

START_TEST(test_session_keys)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_uint_eq(cfg.session_kill_grace_ms, 5000);
	ck_assert_int_eq(load_text("session_kill_grace_ms = 0\n", &cfg, err,
				   sizeof(err)),
			 0);
	ck_assert_uint_eq(cfg.session_kill_grace_ms, 0); /* SIGKILL at once */
	ck_assert_int_eq(load_text("session_kill_grace_ms = 600000\n", &cfg,
				   err, sizeof(err)),
			 0);
	ck_assert_uint_eq(cfg.session_kill_grace_ms, 600000);
}
END_TEST

/* lookup_visibility: all (the default, like /etc/passwd) or tenant. */
START_TEST(test_lookup_visibility)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_int_eq(cfg.lookup_visibility, AD_VISIBILITY_ALL);
	ck_assert_int_eq(load_text("lookup_visibility = tenant\n", &cfg, err,
				   sizeof(err)),
			 0);
	ck_assert_int_eq(cfg.lookup_visibility, AD_VISIBILITY_TENANT);
	ck_assert_int_eq(load_text("lookup_visibility =  all \n", &cfg, err,
				   sizeof(err)),
			 0);
	ck_assert_int_eq(cfg.lookup_visibility, AD_VISIBILITY_ALL);
}
END_TEST

/* The limits a hostile local user runs into (config.h). */
START_TEST(test_limit_keys)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_uint_eq(cfg.max_connections_per_uid, 64);
	ck_assert_uint_eq(cfg.root_reserved_connections, 256);
	ck_assert_uint_eq(cfg.max_sessions, 16384);
	ck_assert_uint_eq(cfg.max_sessions_per_user, 256);
	ck_assert_uint_eq(cfg.max_sessions_per_caller, 32);
	ck_assert_uint_eq(cfg.rate[AD_RATE_LOOKUP].per_minute, 60000);
	ck_assert_uint_eq(cfg.rate[AD_RATE_AUTH].burst, 10);
	ck_assert_uint_eq(cfg.audit_coalesce_s, 60);
	ck_assert_int_eq(load_text("max_connections_per_uid = 8\n"
				   "root_reserved_connections = 0\n"
				   "max_sessions = 100\n"
				   "max_sessions_per_user = 10\n"
				   "max_sessions_per_caller = 2\n"
				   "lookup_per_minute = 600\n"
				   "lookup_burst = 50\n"
				   "auth_per_minute = 6\n"
				   "auth_burst = 3\n"
				   "session_per_minute = 7\n"
				   "session_burst = 4\n"
				   "rate_limit_per_second = 8\n"
				   "rate_limit_burst = 5\n"
				   "operator_group = ops\n"
				   "support_group = helpdesk\n"
				   "audit_coalesce_s = 0\n",
				   &cfg, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(cfg.max_connections_per_uid, 8);
	ck_assert_uint_eq(cfg.root_reserved_connections, 0);
	ck_assert_uint_eq(cfg.max_sessions, 100);
	ck_assert_uint_eq(cfg.max_sessions_per_user, 10);
	ck_assert_uint_eq(cfg.max_sessions_per_caller, 2);
	ck_assert_uint_eq(cfg.rate[AD_RATE_LOOKUP].per_minute, 600);
	ck_assert_uint_eq(cfg.rate[AD_RATE_LOOKUP].burst, 50);
	ck_assert_uint_eq(cfg.rate[AD_RATE_AUTH].per_minute, 6);
	ck_assert_uint_eq(cfg.rate[AD_RATE_AUTH].burst, 3);
	ck_assert_uint_eq(cfg.rate[AD_RATE_SESSION].per_minute, 7);
	ck_assert_uint_eq(cfg.rate[AD_RATE_SESSION].burst, 4);
	ck_assert_uint_eq(cfg.rate[AD_RATE_MANAGE].per_minute, 8 * 60);
	ck_assert_uint_eq(cfg.rate[AD_RATE_MANAGE].burst, 5);
	ck_assert_str_eq(cfg.operator_group, "ops");
	ck_assert_str_eq(cfg.support_group, "helpdesk");
	ck_assert_uint_eq(cfg.audit_coalesce_s, 0);
	/* the default reserve never takes over a small max_connections */
	ad_config_defaults(&cfg);
	ck_assert_int_eq(
		load_text("max_connections = 100\n", &cfg, err, sizeof(err)),
		0);
	ck_assert_uint_eq(cfg.root_reserved_connections, 25);
}
END_TEST

/* How long a finalized tenant's records are kept before a purge. */
START_TEST(test_retention_days)
{
	struct ad_config cfg;
	char err[512];

	ad_config_defaults(&cfg);
	ck_assert_uint_eq(cfg.retention_days, 30);
	ck_assert_int_eq(
		load_text("retention_days = 0\n", &cfg, err, sizeof(err)), 0);
	ck_assert_uint_eq(cfg.retention_days, 0);
	ck_assert_int_eq(
		load_text("retention_days = 36500\n", &cfg, err, sizeof(err)),
		0);
	ck_assert_uint_eq(cfg.retention_days, 36500);
}
END_TEST

START_TEST(test_bad_file)
{
	struct ad_config cfg, before;
	char err[512], want[PATH_MAX + 16];

	write_file(bad[_i].text);
	ad_config_defaults(&cfg);
	cfg.uid_max = 123456; /* something not default, to see it kept */
	before = cfg;
	err[0] = '\0';
	ck_assert_int_eq(ad_config_load(&cfg, path, 0, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:%u: ", path, bad[_i].line);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
		      "case %d: '%s' does not start with '%s'", _i, err, want);
	ck_assert_msg(strstr(err, bad[_i].words) != NULL,
		      "case %d: '%s' lacks '%s'", _i, err, bad[_i].words);
	ck_assert_int_eq(config_same(&cfg, &before), 1);
}
END_TEST

START_TEST(test_too_long_values)
{
	struct ad_config cfg;
	char text[PATH_MAX + 64], err[512], want[PATH_MAX + 16];
	char longpath[PATH_MAX + 8];

	/* socket: sun_path is 108 bytes */
	memset(longpath, 'a', 120);
	longpath[0] = '/';
	longpath[120] = '\0';
	snprintf(text, sizeof(text), "socket = %s\n", longpath);
	ck_assert_int_eq(load_text(text, &cfg, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "too long"));

	memset(longpath, 'b', 300);
	longpath[0] = '/';
	longpath[300] = '\0';
	snprintf(text, sizeof(text), "# a comment\nhome_base = %s\n", longpath);
	ck_assert_int_eq(load_text(text, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: ", path);
	ck_assert_int_eq(strncmp(err, want, strlen(want)), 0);
	ck_assert_ptr_nonnull(strstr(err, "too long"));
	ck_assert_str_eq(cfg.home_base, "/home");
}
END_TEST

START_TEST(test_nul_byte)
{
	struct ad_config cfg, before;
	char err[256];
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite("debug = yes\0\n", 1, 13, f), 13);
	ck_assert_int_eq(fclose(f), 0);
	ad_config_defaults(&cfg);
	before = cfg;
	ck_assert_int_eq(ad_config_load(&cfg, path, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":1: "));
	ck_assert_int_eq(config_same(&cfg, &before), 1);
}
END_TEST

START_TEST(test_missing_optional_file)
{
	struct ad_config cfg, before;
	char err[256] = "";

	ad_config_defaults(&cfg);
	before = cfg;
	ck_assert_int_eq(ad_config_load(&cfg, path, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(config_same(&cfg, &before), 1);
}
END_TEST

START_TEST(test_missing_required_file)
{
	struct ad_config cfg, before;
	char err[512] = "";

	ad_config_defaults(&cfg);
	before = cfg;
	ck_assert_int_eq(ad_config_load(&cfg, path, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
	ck_assert_int_eq(config_same(&cfg, &before), 1);
}
END_TEST

START_TEST(test_unreadable_optional_file_is_an_error)
{
	struct ad_config cfg;
	char err[512] = "";

	/* a directory opens but cannot be read: not "absent" */
	ad_config_defaults(&cfg);
	ck_assert_int_eq(ad_config_load(&cfg, tmpdir, 0, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, tmpdir));
}
END_TEST

/* issue 10: default_shell must be a login shell of the host */
START_TEST(test_default_shell_listed)
{
	struct ad_config cfg;
	char err[256], want[2 * PATH_MAX + 64];

	ck_assert_int_eq(load_text("uid_min = 200000\n"
				   "default_shell = /usr/bin/fish\n",
				   &cfg, err, sizeof(err)),
			 -1);
	snprintf(want, sizeof(want),
		 "%s:2: default_shell /usr/bin/fish is not listed in %s", path,
		 shells);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(
		load_text("default_shell = /bin/zsh\n", &cfg, err, sizeof(err)),
		0);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_every_key);
	tcase_add_test(tc, test_partial_file_keeps_other_values);
	tcase_add_test(tc, test_booleans);
	tcase_add_test(tc, test_lookup_visibility);
	tcase_add_test(tc, test_worker_and_password_keys);
	tcase_add_test(tc, test_lockout_keys);
	tcase_add_test(tc, test_session_keys);
	tcase_add_test(tc, test_limit_keys);
	tcase_add_test(tc, test_retention_days);
	tcase_add_loop_test(tc, test_bad_file, 0,
			    (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, test_too_long_values);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_missing_optional_file);
	tcase_add_test(tc, test_missing_required_file);
	tcase_add_test(tc, test_unreadable_optional_file_is_an_error);
	tcase_add_test(tc, test_default_shell_listed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
