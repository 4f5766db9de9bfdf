/*
 * check_ctl_jsonl.c - the line reader of `accountsctl import`: what an
 * export writes parses back (escapes, UTF-8, null, arrays), and every
 * malformed line is refused with where it went wrong.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_jsonl.h"

static int parse(const char *line, struct ctl_jobject *o, char *err)
{
	return ctl_jobject_parse(line, strlen(line), o, err, 200);
}

START_TEST(test_good)
{
	struct ctl_jobject o;
	const struct ctl_jmember *m;
	char err[200];

	ck_assert_int_eq(
		parse("{\"type\":\"user\", \"uid\":100000,\"name\":null,"
		      "\"ok\":true,\"no\":false,\"s\":\"a\\\"b\\\\c\\u00e9"
		      "\\ud83d\\ude00/\\n\",\"members\":[\"x\",\"y\"],"
		      "\"none\":[]}",
		      &o, err),
		0);
	ck_assert_str_eq(ctl_jobject_get(&o, "type")->str, "user");
	ck_assert_uint_eq(ctl_jobject_get(&o, "uid")->num, 100000);
	ck_assert_int_eq(ctl_jobject_get(&o, "name")->type, CTL_JV_NULL);
	ck_assert(ctl_jobject_get(&o, "ok")->b);
	ck_assert(!ctl_jobject_get(&o, "no")->b);
	ck_assert_str_eq(ctl_jobject_get(&o, "s")->str,
			 "a\"b\\c\xc3\xa9\xf0\x9f\x98\x80/\n");
	m = ctl_jobject_get(&o, "members");
	ck_assert_uint_eq(m->n_items, 2);
	ck_assert_str_eq(m->items[1], "y");
	ck_assert_uint_eq(ctl_jobject_get(&o, "none")->n_items, 0);
	ck_assert_ptr_null(ctl_jobject_get(&o, "missing"));
	ctl_jobject_free(&o);
	ck_assert_int_eq(parse("{}", &o, err), 0);
	ctl_jobject_free(&o);
}
END_TEST

START_TEST(test_bad)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{"", "not a JSON object at column 1"},
		{"[1]", "not a JSON object"},
		{"{\"a\":1", "expected ',' or '}'"},
		{"{\"a\":1} x", "text after the object at column 9"},
		{"{\"a\":\"b", "unterminated string"},
		{"{\"a\":\"\\x\"}", "bad escape"},
		{"{\"a\":\"\\u0000\"}", "bad escape"},
		{"{\"a\":\"\\ud800\"}", "bad escape"},
		{"{\"a\":\"\t\"}", "control character"},
		{"{\"a\":-1}", "expected a string"},
		{"{\"a\":1.5}", "expected ',' or '}'"},
		{"{\"a\":99999999999999999999}", "number too large"},
		{"{\"a\":[1]}", "an array holds only strings"},
		{"{\"a\":{}}", "expected a string"},
		{"{\"a\":1,\"a\":2}", "a member given twice"},
		{"{a:1}", "expected a member name"},
		{"{\"a\" 1}", "expected ':'"},
		{"{\"a\":tru}", "expected a string"},
	};
	struct ctl_jobject o;
	char err[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i].line, &o, err) == -1, "%s",
			      bad[i].line);
		ck_assert_msg(strstr(err, bad[i].why) != NULL, "%s: %s",
			      bad[i].line, err);
		ctl_jobject_free(&o);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ctl_jsonl");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_bad);
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
