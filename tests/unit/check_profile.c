/*
 * check_profile.c - the profile rules of acct_profile.h over tables of
 * good and bad values (both sides of every limit), and the daemon's
 * zoneinfo_dir setting.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acct_profile.h"
#include "server/config.h"

struct rule_case {
	const char *value;
	bool valid;
};

/* Run every case of a table through rule, naming the one that fails. */
static void check_table(const char *what, bool (*rule)(const char *, size_t),
			const struct rule_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(rule(cases[i].value, strlen(cases[i].value)) ==
				      cases[i].valid,
			      "%s '%s': want %s", what, cases[i].value,
			      cases[i].valid ? "valid" : "invalid");
}

#define TABLE(what, rule, cases)                                               \
	check_table(what, rule, cases, sizeof(cases) / sizeof((cases)[0]))

/* s repeated n times (n * strlen(s) < size). */
static const char *repeat(char *buf, size_t size, const char *s, size_t n)
{
	size_t len = strlen(s);

	ck_assert_uint_lt(n * len, size);
	for (size_t i = 0; i < n; i++)
		memcpy(buf + i * len, s, len);
	buf[n * len] = '\0';
	return buf;
}

START_TEST(test_bio)
{
	static const struct rule_case cases[] = {
		{"", true},
		{"Hello, I write C.", true},
		{"Ünïcödé, 日本語, emoji \xf0\x9f\x98\x80 and: colons", true},
		{"tab\there", false},
		{"two\nlines", false},
		{"carriage\rreturn", false},
		{"del\x7f", false},
		{"C1 \xc2\x85 next line", false},
		{"line \xe2\x80\xa8 separator", false},
		{"paragraph \xe2\x80\xa9 separator", false},
		{"bad utf-8 \xc3", false},
		{"overlong \xc0\xaf", false},
		{"surrogate \xed\xa0\x80", false},
	};
	char buf[4 * 502];

	TABLE("bio", acct_valid_bio, cases);
	/* 500 characters, whatever their bytes; 501 is one too many */
	ck_assert(acct_valid_bio(repeat(buf, sizeof(buf), "a", 500), 500));
	ck_assert(!acct_valid_bio(repeat(buf, sizeof(buf), "a", 501), 501));
	ck_assert(acct_valid_bio(repeat(buf, sizeof(buf), "\xc3\xa9", 500),
				 1000));
	ck_assert(!acct_valid_bio(repeat(buf, sizeof(buf), "\xc3\xa9", 501),
				  1002));
	ck_assert(acct_valid_bio(
		repeat(buf, sizeof(buf), "\xf0\x9f\x98\x80", 500), 2000));
	ck_assert(!acct_valid_bio(
		repeat(buf, sizeof(buf), "\xf0\x9f\x98\x80", 501), 2004));
	ck_assert(!acct_valid_bio("a\0b", 3));
	ck_assert(!acct_valid_bio(NULL, 1));
}
END_TEST

START_TEST(test_avatar_url)
{
	static const struct rule_case cases[] = {
		{"https://example.com/a.png", true},
		{"http://example.com", true},
		{"https://cdn.example.com:8443/u/1?size=64#x", true},
		{"https://[2001:db8::1]/me.png", true},
		{"https://example.com/a%20b.png", true},
		{"", false},
		{"example.com/a.png", false},
		{"ftp://example.com/a.png", false},
		{"HTTPS://example.com/a.png", false},
		{"javascript:alert(1)", false},
		{"data:image/png;base64,AAAA", false},
		{"https://", false},
		{"https:///path", false},
		{"https://?q", false},
		{"https://exa mple.com/", false},
		{"https://example.com/a b.png", false},
		{"https://example.com/\"onerror", false},
		{"https://example.com/<x>", false},
		{"https://example.com/\ta", false},
		{"https://good.example@evil.example/a.png", false},
		{"https://example.com/caf\xc3\xa9.png", false},
		/* '@' after the host is a path */
		{"https://example.com/@me.png", true},
	};
	char buf[1100];

	TABLE("avatar URL", acct_valid_avatar_url, cases);
	snprintf(buf, sizeof(buf), "https://e.x/");
	memset(buf + 12, 'a', 1024 - 12);
	ck_assert(acct_valid_avatar_url(buf, 1024));
	buf[1024] = 'a';
	ck_assert(!acct_valid_avatar_url(buf, 1025));
	ck_assert(!acct_valid_avatar_url("https://a\0b", 11));
	ck_assert(!acct_valid_avatar_url(NULL, 0));
}
END_TEST

START_TEST(test_timezone_name)
{
	static const struct rule_case cases[] = {
		{"UTC", true},
		{"Europe/Paris", true},
		{"America/Argentina/Buenos_Aires", true},
		{"America/Port-au-Prince", true},
		{"Etc/GMT+5", true},
		{"Etc/GMT-14", true},
		{"EST5EDT", true},
		{"", false},
		{"/Europe/Paris", false},
		{"Europe/Paris/", false},
		{"Europe//Paris", false},
		{"../etc/shadow", false},
		{"Europe/../../etc/shadow", false},
		{"..", false},
		{".", false},
		{"Europe/.hidden", false},
		{"-Europe", false},
		{"Europe/-x", false},
		{"Europe/Pa ris", false},
		{"Europe\\Paris", false},
		{"Europe/Paris\n", false},
		{"Europe/Z\xc3\xbcrich", false},
		{"Europe/Paris:00", false},
		/* one component of 33 characters */
		{"Abcdefghijklmnopqrstuvwxyzabcdefg", false},
		{"Abcdefghijklmnopqrstuvwxyzabcdef", true},
	};
	char buf[80];

	TABLE("timezone", acct_valid_timezone_name, cases);
	/* 64 bytes in all, not 65 (components of 32) */
	snprintf(buf, sizeof(buf), "%s/%s", "A1234567890123456789012345678901",
		 "B1234567890123456789012345678901");
	ck_assert_uint_eq(strlen(buf), 65);
	ck_assert(!acct_valid_timezone_name(buf, 65));
	ck_assert(acct_valid_timezone_name(buf, 64));
	ck_assert(!acct_valid_timezone_name("UT\0C", 4));
	ck_assert(!acct_valid_timezone_name(NULL, 0));
}
END_TEST

START_TEST(test_locale)
{
	static const struct rule_case cases[] = {
		{"C", true},
		{"POSIX", true},
		{"C.UTF-8", true},
		{"C.utf8", true},
		{"en", true},
		{"en_US", true},
		{"fr_FR.UTF-8", true},
		{"de_DE@euro", true},
		{"de_DE.ISO-8859-15@euro", true},
		{"ca_ES.UTF-8@valencia", true},
		{"es_419", true},
		{"es_419.UTF-8", true},
		{"ast_ES.UTF-8", true},
		{"sr_RS@latin", true},
		{"", false},
		{"c", false},
		{"posix", false},
		{"C.", false},
		{"e", false},
		{"engl_US", false},
		{"EN_us", false},
		{"en_us", false},
		{"en_USA", false},
		{"es_41", false},
		{"en_US.", false},
		{"en_US@", false},
		{"en_US.UTF-8@Euro", false},
		{"en_US.UTF 8", false},
		{"en_US.UTF-8.x", false},
		{"en_US_US", false},
		{"en_US.UTF-8@euro@x", false},
		{"../../etc/passwd", false},
		{"fr_FR.UTF-8\n", false},
		{"fr_FR.abcdefghijklmnopq", false},
		{"fr_FR.abcdefghijklmnop", true},
		{"fr_FR@abcdefghijklmnopq", false},
	};

	TABLE("locale", acct_valid_locale, cases);
	ck_assert(!acct_valid_locale("en\0US", 5));
	ck_assert(!acct_valid_locale(NULL, 0));
}
END_TEST

/* zoneinfo_dir: an absolute path, /usr/share/zoneinfo unless set. */
START_TEST(test_zoneinfo_dir_key)
{
	char path[] = "/tmp/check_profile.XXXXXX", err[512] = "";
	struct ad_config cfg;
	FILE *f;
	int fd;

	ad_config_defaults(&cfg);
	ck_assert_str_eq(cfg.zoneinfo_dir, "/usr/share/zoneinfo");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("zoneinfo_dir = /srv/tz\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(ad_config_load(&cfg, path, 1, err, sizeof(err)), 0);
	ck_assert_str_eq(cfg.zoneinfo_dir, "/srv/tz");

	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("zoneinfo_dir = share/zoneinfo\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(ad_config_load(&cfg, path, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":1: zoneinfo_dir must be an "
					  "absolute path"));
	ck_assert_str_eq(cfg.zoneinfo_dir, "/srv/tz"); /* unchanged */
	unlink(path);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_bio);
	tcase_add_test(tc, test_avatar_url);
	tcase_add_test(tc, test_timezone_name);
	tcase_add_test(tc, test_locale);
	tcase_add_test(tc, test_zoneinfo_dir_key);
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
