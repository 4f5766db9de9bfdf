/*
 * check_password.c - Argon2id hashing and verification, rehash detection,
 * locked secrets, and the dummy hash (the quality rules are policy's:
 * check_policy_rules).  The smallest limits libsodium allows keep it
 * fast.
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
