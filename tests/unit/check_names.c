/* check_names.c - every rule of acct_names.h, with both sides of each. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "acct_names.h"
#include "acct_proto.h"

#define LOGIN(s) acct_valid_login((s), strlen(s))
#define GROUP(s) acct_valid_group((s), strlen(s))
#define SLUG(s) acct_valid_slug((s), strlen(s))
#define PATH(s) acct_valid_path((s), strlen(s))
#define GECOS(s) acct_valid_gecos((s), strlen(s))
#define EMAIL(s) acct_valid_email((s), strlen(s))

START_TEST(test_login_valid)
{
	ck_assert(LOGIN("a"));
	ck_assert(LOGIN("_"));
	ck_assert(LOGIN("alice"));
	ck_assert(LOGIN("_svc"));
	ck_assert(LOGIN("bob.smith"));
	ck_assert(LOGIN("a-b_c.d9"));
	ck_assert(LOGIN("acme-admins"));
	ck_assert(LOGIN("u1000"));
	ck_assert(LOGIN("a.b.c"));
	/* 32 bytes is the boundary */
	ck_assert(LOGIN("abcdefghijklmnopqrstuvwxyz012345"));
	ck_assert(GROUP("abcdefghijklmnopqrstuvwxyz012345"));
	ck_assert(GROUP("acme-dev"));
}
END_TEST

START_TEST(test_login_invalid)
{
	ck_assert(!LOGIN(""));
	ck_assert(!acct_valid_login(NULL, 0));
	ck_assert(!acct_valid_login(NULL, 3));
	ck_assert(!LOGIN("abcdefghijklmnopqrstuvwxyz0123456")); /* 33 */
	ck_assert(!LOGIN("Alice"));
	ck_assert(!LOGIN("aliCe"));
	ck_assert(!LOGIN("1alice"));
	ck_assert(!LOGIN("1000"));
	ck_assert(!LOGIN("0"));
	ck_assert(!LOGIN("."));
	ck_assert(!LOGIN(".."));
	ck_assert(!LOGIN(".alice"));
	ck_assert(!LOGIN("alice."));
	ck_assert(!LOGIN("-alice"));
	ck_assert(!LOGIN("+alice"));
	ck_assert(!LOGIN("+"));
	ck_assert(!LOGIN("ali ce"));
	ck_assert(!LOGIN("ali:ce"));
	ck_assert(!LOGIN("ali/ce"));
	ck_assert(!LOGIN("alice\n"));
	ck_assert(!LOGIN("ali$"));
	ck_assert(!LOGIN("al\xc3\xa9"));
	/* an embedded NUL inside the given length */
	ck_assert(!acct_valid_login("ab\0c", 4));
	ck_assert(!GROUP("Staff"));
	ck_assert(!GROUP("9staff"));
	ck_assert(!GROUP("abcdefghijklmnopqrstuvwxyz0123456"));
}
END_TEST

START_TEST(test_login_uses_len)
{
	/* only the first len bytes count */
	ck_assert(acct_valid_login("alice!!", 5));
	ck_assert(!acct_valid_login("alice.", 6));
	ck_assert(acct_valid_login("alice.", 5));
}
END_TEST

START_TEST(test_slug)
{
	ck_assert(SLUG("ab"));
	ck_assert(SLUG("acme"));
	ck_assert(SLUG("acme-corp"));
	ck_assert(SLUG("a1-b2-c3"));
	ck_assert(SLUG("abcdefghijklmnopqrst")); /* 20 */
	ck_assert_uint_eq(ACCT_MAX_SLUG, 20);

	ck_assert(!SLUG(""));
	ck_assert(!SLUG("a"));			   /* too short */
	ck_assert(!SLUG("abcdefghijklmnopqrstu")); /* 21 */
	ck_assert(!SLUG("1acme"));
	ck_assert(!SLUG("-acme"));
	ck_assert(!SLUG("acme-"));
	ck_assert(!SLUG("ac--me"));
	ck_assert(!SLUG("Acme"));
	ck_assert(!SLUG("ac_me"));
	ck_assert(!SLUG("ac.me"));
	ck_assert(!SLUG("ac me"));
	ck_assert(!acct_valid_slug("ac\0me", 5));
	ck_assert(!acct_valid_slug(NULL, 4));
}
END_TEST

START_TEST(test_path)
{
	char long_path[300];

	ck_assert(PATH("/"));
	ck_assert(PATH("/bin/bash"));
	ck_assert(PATH("/home/acme/alice"));
	ck_assert(PATH("/home/with space"));

	ck_assert(!PATH(""));
	ck_assert(!PATH("bin/bash"));
	ck_assert(!PATH("./bash"));
	ck_assert(!PATH("/bin:/usr/bin"));
	ck_assert(!PATH("/bin/ba\nsh"));
	ck_assert(!PATH("/bin/bash\n"));
	ck_assert(!acct_valid_path("/bin\0/sh", 8));
	ck_assert(!acct_valid_path(NULL, 1));

	memset(long_path, 'a', sizeof(long_path));
	long_path[0] = '/';
	ck_assert(acct_valid_path(long_path, 255));
	ck_assert(!acct_valid_path(long_path, 256));
}
END_TEST

START_TEST(test_gecos)
{
	char buf[300];

	ck_assert(GECOS(""));
	ck_assert(GECOS("Alice Example"));
	ck_assert(GECOS("Alice Example,Room 1,+1 555,"));
	ck_assert(GECOS("Zo\xc3\xab M\xc3\xbcller")); /* Zoë Müller */
	ck_assert(GECOS("\xe6\x9d\x8e\xe5\x9b\x9b")); /* 3-byte CJK */
	ck_assert(GECOS("\xf0\x9f\x98\x80"));	      /* 4-byte emoji */

	ck_assert(!GECOS("Alice:Example"));
	ck_assert(!GECOS("Alice\nExample"));
	ck_assert(!GECOS("Alice\tExample"));
	ck_assert(!GECOS("Alice\x7f"));
	ck_assert(!GECOS("\xc2\x85"));	       /* C1 control NEL */
	ck_assert(!GECOS("\xc3"));	       /* truncated sequence */
	ck_assert(!GECOS("\xc0\xba"));	       /* overlong ':' */
	ck_assert(!GECOS("\xe0\x80\xba"));     /* overlong, 3 bytes */
	ck_assert(!GECOS("\xed\xa0\x80"));     /* surrogate */
	ck_assert(!GECOS("\xf4\x90\x80\x80")); /* above U+10FFFF */
	ck_assert(!GECOS("\xff"));
	ck_assert(!GECOS("\x80"));
	ck_assert(!acct_valid_gecos("a\0b", 3));

	memset(buf, 'a', sizeof(buf));
	ck_assert(acct_valid_gecos(buf, 255));
	ck_assert(!acct_valid_gecos(buf, 256));
}
END_TEST

START_TEST(test_email)
{
	char buf[300];

	ck_assert(EMAIL("alice@example.com"));
	ck_assert(EMAIL("a@b"));
	ck_assert(EMAIL("first.last+tag@sub.example.org"));

	ck_assert(!EMAIL(""));
	ck_assert(!EMAIL("alice"));
	ck_assert(!EMAIL("alice@"));
	ck_assert(!EMAIL("@example.com"));
	ck_assert(!EMAIL("a@b@c"));
	ck_assert(!EMAIL("ali ce@example.com"));
	ck_assert(!EMAIL("alice@exam\tple.com"));
	ck_assert(!EMAIL("alice@example.com\n"));
	ck_assert(!acct_valid_email("a@b\0c", 5));
	ck_assert(!acct_valid_email(NULL, 5));

	/* 254 bytes is the boundary */
	memset(buf, 'a', sizeof(buf));
	buf[10] = '@';
	ck_assert(acct_valid_email(buf, 254));
	ck_assert(!acct_valid_email(buf, 255));
}
END_TEST

START_TEST(test_ids)
{
	ck_assert(acct_valid_id(1));
	ck_assert(acct_valid_id(1000));
	ck_assert(acct_valid_id(65533));
	ck_assert(acct_valid_id(65535));
	ck_assert(acct_valid_id(60000000));
	ck_assert(acct_valid_id(4294967294ul));

	ck_assert(!acct_valid_id(0));
	ck_assert(!acct_valid_id(65534));
	ck_assert(!acct_valid_id(4294967295ul)); /* (uid_t)-1 */
	ck_assert(!acct_valid_id((unsigned long)-1));
}
END_TEST

START_TEST(test_role_words)
{
	ck_assert_str_eq(acct_role_name(ACCT_ROLE_VIEWER), "viewer");
	ck_assert_str_eq(acct_role_name(ACCT_ROLE_MEMBER), "member");
	ck_assert_str_eq(acct_role_name(ACCT_ROLE_ADMIN), "admin");
	ck_assert_str_eq(acct_role_name(ACCT_ROLE_OWNER), "owner");
	/* no word for 0 or past the last value */
	ck_assert_ptr_null(acct_role_name(0));
	ck_assert_ptr_null(acct_role_name(ACCT_ROLE_OWNER + 1));
	ck_assert_ptr_null(acct_role_name(UINT32_MAX));
	for (uint32_t r = ACCT_ROLE_VIEWER; r <= ACCT_ROLE_OWNER; r++)
		ck_assert_uint_eq(acct_role_parse(acct_role_name(r)), r);
	ck_assert_uint_eq(acct_role_parse("Owner"), 0);
	ck_assert_uint_eq(acct_role_parse(""), 0);
	ck_assert_uint_eq(acct_role_parse("root"), 0);
	ck_assert_uint_eq(acct_role_parse("owner "), 0);
}
END_TEST

START_TEST(test_group_kind_words)
{
	ck_assert_str_eq(acct_group_kind_name(ACCT_GROUP_TENANT), "tenant");
	ck_assert_str_eq(acct_group_kind_name(ACCT_GROUP_ADMINS), "admins");
	ck_assert_str_eq(acct_group_kind_name(ACCT_GROUP_CUSTOM), "custom");
	ck_assert_ptr_null(acct_group_kind_name(0));
	ck_assert_ptr_null(acct_group_kind_name(ACCT_GROUP_CUSTOM + 1));
}
END_TEST

static Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_login_valid);
	tcase_add_test(tc, test_login_invalid);
	tcase_add_test(tc, test_login_uses_len);
	tcase_add_test(tc, test_slug);
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_gecos);
	tcase_add_test(tc, test_email);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_role_words);
	tcase_add_test(tc, test_group_kind_words);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(names_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
