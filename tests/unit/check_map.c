/*
 * check_map.c - the daemon's hash map (map.h) against plain arrays,
 * through random puts and deletes that make it grow, wrap its probe runs
 * and shift entries back on deletion.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "server/map.h"

START_TEST(test_map)
{
	enum { N = 5000 };
	static uintptr_t ref[N];
	static bool in[N];
	struct ad_map m = AD_MAP_INIT;
	uintptr_t v;

	srand(7);
	memset(in, 0, sizeof(in));
	for (int round = 0; round < 20 * N; round++) {
		int k = rand() % N;
		/* keys spread like ids, uids and their neighbours */
		uint64_t key = (uint64_t)k * 977u + (k % 3 == 0 ? 1u << 20 : 0);

		if (rand() % 3 == 0) {
			ad_map_del(&m, key);
			in[k] = false;
		} else {
			ref[k] = (uintptr_t)rand();
			ck_assert_int_eq(ad_map_put(&m, key, ref[k]), 0);
			in[k] = true;
		}
	}
	for (int k = 0; k < N; k++) {
		uint64_t key = (uint64_t)k * 977u + (k % 3 == 0 ? 1u << 20 : 0);

		ck_assert(ad_map_get(&m, key, &v) == in[k]);
		if (in[k])
			ck_assert_uint_eq(v, ref[k]);
	}
	ad_map_free(&m);
	ck_assert(!ad_map_get(&m, 977, NULL));
}
END_TEST

START_TEST(test_empty)
{
	struct ad_map m = AD_MAP_INIT;
	uintptr_t v = 42;

	ck_assert(!ad_map_get(&m, 0, &v));
	ck_assert_uint_eq(v, 42);
	ad_map_del(&m, 7); /* nothing to take away: no crash */
	ck_assert_int_eq(ad_map_put(&m, 7, 1), 0);
	ck_assert_int_eq(ad_map_put(&m, 7, 2), 0); /* replaced */
	ck_assert(ad_map_get(&m, 7, &v));
	ck_assert_uint_eq(v, 2);
	ck_assert_uint_eq(m.n, 1);
	ad_map_del(&m, 7);
	ck_assert_uint_eq(m.n, 0);
	ad_map_free(&m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("map");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_map);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
