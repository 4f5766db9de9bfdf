/* check_text.c - acct_text.h (printable copies, UTC times) and acct_be.h. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "acct_be.h"
#include "acct_text.h"

START_TEST(test_printable_controls)
{
	static const char in[] = "a\x1b[2Jb\nc\x7f\td\xc3\xa9";
	char out[64];

	ck_assert_ptr_eq(
		acct_printable(out, sizeof(out), in, sizeof(in) - 1, '?'), out);
	ck_assert_str_eq(out, "a?[2Jb?c??d\xc3\xa9");
	acct_printable(out, sizeof(out), in, sizeof(in) - 1, ' ');
	ck_assert_str_eq(out, "a [2Jb c  d\xc3\xa9");
	/* len counts, not the NUL: an embedded NUL is a control too */
	acct_printable(out, sizeof(out), "x\0y", 3, '?');
	ck_assert_str_eq(out, "x?y");
	acct_printable(out, sizeof(out), NULL, 0, '?');
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_printable_cut)
{
	char out[5];

	acct_printable(out, sizeof(out), "abcdefgh", 8, '?');
	ck_assert_str_eq(out, "abcd");
	/* "abc" + U+00E9 would need 5 bytes: the whole character goes */
	acct_printable(out, sizeof(out), "abc\xc3\xa9", 5, '?');
	ck_assert_str_eq(out, "abc");
	/* a 4-byte character that fits exactly stays */
	acct_printable(out, sizeof(out), "\xf0\x9f\x98\x80!", 5, '?');
	ck_assert_str_eq(out, "\xf0\x9f\x98\x80");
	acct_printable(out, 1, "abc", 3, '?');
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_utc_time)
{
	char buf[ACCT_UTC_TIME_LEN] = "later";

	ck_assert_int_eq(acct_utc_time(0, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "1970-01-01 00:00:00 UTC");
	ck_assert_int_eq(acct_utc_time(1800000000u, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2027-01-15 08:00:00 UTC");
	ck_assert_uint_eq(strlen(buf) + 1, ACCT_UTC_TIME_LEN);
	/* too small, or no four-digit year: buf stays as it was */
	strcpy(buf, "later");
	ck_assert_int_eq(acct_utc_time(0, buf, ACCT_UTC_TIME_LEN - 1), -1);
	ck_assert_str_eq(buf, "later");
	ck_assert_int_eq(acct_utc_time(UINT64_MAX, buf, sizeof(buf)), -1);
	ck_assert_str_eq(buf, "later");
	ck_assert_int_eq(acct_utc_time(400000000000ull, buf, sizeof(buf)), -1);
	ck_assert_str_eq(buf, "later");
}
END_TEST

START_TEST(test_be)
{
	uint8_t b[9] = {0};

	acct_be16_put(b + 1, 0x0102);
	ck_assert_mem_eq(b, "\x00\x01\x02", 3);
	ck_assert_uint_eq(acct_be16_get(b + 1), 0x0102);
	acct_be32_put(b + 1, 0x01020304u);
	ck_assert_mem_eq(b, "\x00\x01\x02\x03\x04", 5);
	ck_assert_uint_eq(acct_be32_get(b + 1), 0x01020304u);
	acct_be64_put(b + 1, 0x0102030405060708ull);
	ck_assert_mem_eq(b, "\x00\x01\x02\x03\x04\x05\x06\x07\x08", 9);
	ck_assert_uint_eq(acct_be64_get(b + 1), 0x0102030405060708ull);
	acct_be32_put(b, UINT32_MAX);
	ck_assert_uint_eq(acct_be32_get(b), UINT32_MAX);
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_printable_controls);
	tcase_add_test(tc, test_printable_cut);
	tcase_add_test(tc, test_utc_time);
	tcase_add_test(tc, test_be);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(text_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
