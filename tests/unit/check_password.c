/*
 * check_password.c - Argon2id hashing and verification, rehash detection,
 * the quality rules one by one, locked secrets, and the dummy hash.  The
 * smallest limits libsodium allows keep it fast.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ops/password.h"

static const struct ad_pw_limits fast = {crypto_pwhash_OPSLIMIT_MIN,
					 crypto_pwhash_MEMLIMIT_MIN};

static void secret(struct ad_secret *s, const char *text)
{
	ck_assert_int_eq(ad_secret_set(s, text, strlen(text)), 0);
}

START_TEST(test_round_trip)
{
	char hash[AD_MAX_PWHASH + 1];
	struct ad_secret right, wrong, empty;

	ck_assert_int_eq(sodium_init() >= 0, 1);
	secret(&right, "correct horse battery");
	secret(&wrong, "correct horse battery!");
	secret(&empty, "");
	ck_assert_int_eq(ad_password_hash(&right, &fast, hash), 0);
	ck_assert_int_eq(strncmp(hash, "$argon2id$", 10), 0);
	ck_assert(ad_password_verify(hash, &right));
	ck_assert(!ad_password_verify(hash, &wrong));
	ck_assert(!ad_password_verify(hash, &empty));
	/* nothing matches a broken or missing hash */
	ck_assert(!ad_password_verify("", &right));
	ck_assert(!ad_password_verify("$argon2id$garbage", &right));
	ad_secret_free(&right);
	ad_secret_free(&wrong);
	ad_secret_free(&empty);
}
END_TEST

START_TEST(test_same_password_new_salt)
{
	char h1[AD_MAX_PWHASH + 1], h2[AD_MAX_PWHASH + 1];
	struct ad_secret s;

	ck_assert_int_eq(sodium_init() >= 0, 1);
	secret(&s, "a fine password");
	ck_assert_int_eq(ad_password_hash(&s, &fast, h1), 0);
	ck_assert_int_eq(ad_password_hash(&s, &fast, h2), 0);
	ck_assert_str_ne(h1, h2);
	ck_assert(ad_password_verify(h1, &s) && ad_password_verify(h2, &s));
	ad_secret_free(&s);
}
END_TEST

START_TEST(test_needs_rehash)
{
	const struct ad_pw_limits more_ops = {fast.opslimit + 1, fast.memlimit};
	const struct ad_pw_limits more_mem = {fast.opslimit, fast.memlimit * 2};
	char hash[AD_MAX_PWHASH + 1];
	struct ad_secret s;

	ck_assert_int_eq(sodium_init() >= 0, 1);
	secret(&s, "another password");
	ck_assert_int_eq(ad_password_hash(&s, &fast, hash), 0);
	ck_assert(!ad_password_needs_rehash(hash, &fast));
	ck_assert(ad_password_needs_rehash(hash, &more_ops));
	ck_assert(ad_password_needs_rehash(hash, &more_mem));
	ck_assert(ad_password_needs_rehash("not a hash", &fast));
	ck_assert(ad_password_needs_rehash("", &fast));
	ad_secret_free(&s);
}
END_TEST

/* Each password the rules refuse, and a word of the reason. */
static const struct {
	const char *pw;
	const char *words;
} weak[] = {
	{"", "empty"},
	{"short", "too short"},
	{"123456789", "too short"},
	{"\xc3\xa9t\xc3\xa9t\xc3\xa9", "too short"}, /* 5 chars, 8 bytes */
	{"alice-smith", "login name"},
	{"ALICE-Smith", "login name"},
	{"aaaaaaaaaaaa", "repeated"},
	{"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	 "\xc3\xa9\xc3\xa9",
	 "repeated"},
};

START_TEST(test_quality_refusals)
{
	char msg[128] = "";

	ck_assert_int_eq(ad_password_check(weak[_i].pw, strlen(weak[_i].pw),
					   "alice-smith", 11, 10, msg,
					   sizeof(msg)),
			 -1);
	ck_assert_msg(strstr(msg, weak[_i].words) != NULL,
		      "case %d: '%s' lacks '%s'", _i, msg, weak[_i].words);
}
END_TEST

START_TEST(test_quality_limits)
{
	char pw[ACCT_MAX_PASSWORD + 2], msg[128] = "";

	/* exactly the minimum, counted in characters */
	ck_assert_int_eq(ad_password_check("abcdefghij", 10, "bob", 3, 10, msg,
					   sizeof(msg)),
			 0);
	ck_assert_int_eq(
		ad_password_check("\xc3\xa9t\xc3\xa9-\xc3\xa9t\xc3\xa9-ab",
				  strlen("\xc3\xa9t\xc3\xa9-\xc3\xa9t\xc3\xa9-"
					 "ab"),
				  "bob", 3, 10, msg, sizeof(msg)),
		0);
	/* the minimum is the config's */
	ck_assert_int_eq(
		ad_password_check("abcd", 4, "bob", 3, 4, msg, sizeof(msg)), 0);
	/* a password that merely contains the login is allowed */
	ck_assert_int_eq(ad_password_check("bob-and-more", 12, "bob", 3, 10,
					   msg, sizeof(msg)),
			 0);
	/* two characters alternating are not one repeated */
	ck_assert_int_eq(ad_password_check("abababababab", 12, "bob", 3, 10,
					   msg, sizeof(msg)),
			 0);
	/* 1024 bytes pass, 1025 do not */
	for (size_t i = 0; i < sizeof(pw); i++)
		pw[i] = (char)('a' + i % 26);
	ck_assert_int_eq(ad_password_check(pw, ACCT_MAX_PASSWORD, "bob", 3, 10,
					   msg, sizeof(msg)),
			 0);
	ck_assert_int_eq(ad_password_check(pw, ACCT_MAX_PASSWORD + 1, "bob", 3,
					   10, msg, sizeof(msg)),
			 -1);
	ck_assert_ptr_nonnull(strstr(msg, "too long"));
}
END_TEST

START_TEST(test_secret_buffer)
{
	char big[ACCT_MAX_PASSWORD + 1];
	struct ad_secret s;

	ck_assert_int_eq(sodium_init() >= 0, 1);
	secret(&s, "abc");
	ck_assert_uint_eq(s.len, 3);
	ck_assert_str_eq(s.p, "abc"); /* NUL-terminated for libsodium */
	ad_secret_free(&s);
	ck_assert_ptr_null(s.p);
	ck_assert_uint_eq(s.len, 0);
	ad_secret_free(&s); /* twice is harmless */
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(ad_secret_set(&s, big, sizeof(big)), -1);
	ck_assert_ptr_null(s.p);
	/* hashing nothing fails instead of hashing garbage */
	ck_assert_int_eq(ad_password_hash(&s, &fast, big), -1);
}
END_TEST

START_TEST(test_dummy)
{
	struct ad_secret s;

	ck_assert_int_eq(sodium_init() >= 0, 1);
	ck_assert_int_eq(ad_password_dummy_init(&fast), 0);
	secret(&s, "whatever anyone types");
	ck_assert(!ad_password_verify_dummy(&s));
	ad_secret_free(&s);
	secret(&s, "");
	ck_assert(!ad_password_verify_dummy(&s));
	ad_secret_free(&s);
}
END_TEST

START_TEST(test_limits_from_config)
{
	struct ad_config cfg;
	struct ad_pw_limits lim;

	ad_config_defaults(&cfg);
	ad_pw_limits_from(&cfg, &lim);
	ck_assert_uint_eq(lim.opslimit, crypto_pwhash_OPSLIMIT_INTERACTIVE);
	ck_assert_uint_eq(lim.memlimit, 64u << 20);
}
END_TEST

static Suite *password_suite(void)
{
	Suite *s = suite_create("password");
	TCase *tc = tcase_create("password");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_same_password_new_salt);
	tcase_add_test(tc, test_needs_rehash);
	tcase_add_loop_test(tc, test_quality_refusals, 0,
			    (int)(sizeof(weak) / sizeof(weak[0])));
	tcase_add_test(tc, test_quality_limits);
	tcase_add_test(tc, test_secret_buffer);
	tcase_add_test(tc, test_dummy);
	tcase_add_test(tc, test_limits_from_config);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(password_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
