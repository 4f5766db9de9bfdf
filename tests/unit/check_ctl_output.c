/* check_ctl_output.c - accountsctl's output: JSON escaping and writer,
 * aligned tables and key/value lines, value formatting, and the record
 * renderers (show lines, list rows, JSON objects). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"
#include "ctl_output.h"
#include "ctl_record.h"

/* ---- capture helpers ---- */

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static FILE *cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->f);
	return c->f;
}

/* Close the stream; the caller frees the returned text. */
static char *cap_close(struct capture *c)
{
	ck_assert_int_eq(fclose(c->f), 0);
	return c->buf;
}

static char *json_string(const char *s, size_t len)
{
	struct capture c;

	ctl_json_write_string(cap_open(&c), s, len);
	return cap_close(&c);
}

#define ck_json_string(in, expect)                                             \
	do {                                                                   \
		char *got_ = json_string((in), sizeof(in) - 1);                \
		ck_assert_str_eq(got_, (expect));                              \
		free(got_);                                                    \
	} while (0)

/* ---- JSON escaping ---- */

START_TEST(json_escapes_specials)
{
	ck_json_string("plain", "\"plain\"");
	ck_json_string("", "\"\"");
	ck_json_string("a\"b\\c", "\"a\\\"b\\\\c\"");
	ck_json_string("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	ck_json_string("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	ck_json_string("/ stays", "\"/ stays\"");
	/* the escape letters pair with their bytes, also amid text */
	ck_json_string("x\ty\"z\nq", "\"x\\ty\\\"z\\nq\"");
}
END_TEST

START_TEST(json_passes_valid_utf8)
{
	ck_json_string("caf\xc3\xa9", "\"caf\xc3\xa9\"");	    /* é */
	ck_json_string("\xe2\x82\xac", "\"\xe2\x82\xac\"");	    /* € */
	ck_json_string("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""); /* 😀 */
	ck_json_string("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\""); /* max */
	ck_json_string("\xed\x9f\xbf", "\"\xed\x9f\xbf\"");	    /* U+D7FF */
}
END_TEST

START_TEST(json_replaces_invalid_utf8)
{
	/* a lone continuation byte, an overlong '/', a surrogate, a
	 * truncated sequence at the end, a byte that never starts one,
	 * and a code point above U+10FFFF */
	ck_json_string("a\x80z", "\"a\\ufffdz\"");
	ck_json_string("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	ck_json_string("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	ck_json_string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	ck_json_string("x\xe2\x82", "\"x\\ufffd\\ufffd\"");
	ck_json_string("\xf5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	ck_json_string("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* a valid character right after an invalid byte survives */
	ck_json_string("\xff\xc3\xa9", "\"\\ufffd\xc3\xa9\"");
}
END_TEST

START_TEST(json_embedded_nul_is_escaped)
{
	char *got = json_string("a\0b", 3);

	ck_assert_str_eq(got, "\"a\\u0000b\"");
	free(got);
}
END_TEST

/* ---- JSON writer ---- */

START_TEST(json_writer_commas_and_nesting)
{
	struct capture c;
	struct ctl_json j;
	char *out;

	ctl_json_init(&j, cap_open(&c));
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "a");
	ctl_json_u64(&j, 18446744073709551615ull);
	ctl_json_key(&j, "b");
	ctl_json_begin_array(&j);
	ctl_json_int(&j, -1);
	ctl_json_str(&j, "x");
	ctl_json_null(&j);
	ctl_json_bool(&j, true);
	ctl_json_begin_object(&j);
	ctl_json_end_object(&j);
	ctl_json_end_array(&j);
	ctl_json_key(&j, "k\"ey");
	ctl_json_begin_array(&j);
	ctl_json_end_array(&j);
	ctl_json_end_object(&j);
	ck_assert_int_eq(j.err, 0);
	ck_assert_uint_eq(j.depth, 0);
	out = cap_close(&c);
	ck_assert_str_eq(out, "{\"a\":18446744073709551615,\"b\":[-1,\"x\","
			      "null,true,{}],\"k\\\"ey\":[]}");
	free(out);
}
END_TEST

START_TEST(json_writer_refuses_misuse)
{
	struct capture c;
	struct ctl_json j;
	char *out;

	/* a value where a key is due */
	ctl_json_init(&j, cap_open(&c));
	ctl_json_begin_object(&j);
	ctl_json_str(&j, "v");
	ck_assert_int_ne(j.err, 0);
	free(cap_close(&c));

	/* closing an object as an array */
	ctl_json_init(&j, cap_open(&c));
	ctl_json_begin_object(&j);
	ctl_json_end_array(&j);
	ck_assert_int_ne(j.err, 0);
	free(cap_close(&c));

	/* a key outside an object, and a key without a value */
	ctl_json_init(&j, cap_open(&c));
	ctl_json_begin_array(&j);
	ctl_json_key(&j, "k");
	ck_assert_int_ne(j.err, 0);
	free(cap_close(&c));
	ctl_json_init(&j, cap_open(&c));
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "k");
	ctl_json_end_object(&j);
	ck_assert_int_ne(j.err, 0);
	free(cap_close(&c));

	/* nesting past the limit; nothing more is written after an error */
	ctl_json_init(&j, cap_open(&c));
	for (int d = 0; d <= CTL_JSON_MAX_DEPTH; d++)
		ctl_json_begin_array(&j);
	ck_assert_int_ne(j.err, 0);
	out = cap_close(&c);
	ck_assert_uint_eq(strlen(out), CTL_JSON_MAX_DEPTH);
	free(out);
}
END_TEST

/* ---- tables and key/value lines ---- */

START_TEST(table_aligns_columns)
{
	struct capture c;
	struct ctl_table t;
	const char *hdr[] = {"LOGIN", "UID", "EMAIL"};
	const char *r1[] = {"alice", "100003", "alice@example.com"};
	const char *r2[] = {"bo", "7", NULL};
	const char *r3[] = {"caf\xc3\xa9", "", "x"};
	char *out;

	ctl_table_init(&t, 3);
	ck_assert_int_eq(ctl_table_add(&t, hdr), 0);
	ck_assert_int_eq(ctl_table_add(&t, r1), 0);
	ck_assert_int_eq(ctl_table_add(&t, r2), 0);
	ck_assert_int_eq(ctl_table_add(&t, r3), 0);
	ctl_table_print(&t, cap_open(&c));
	out = cap_close(&c);
	/* two spaces between columns, width in characters (é is one),
	 * empty and missing cells as "-", last column unpadded */
	ck_assert_str_eq(out, "LOGIN  UID     EMAIL\n"
			      "alice  100003  alice@example.com\n"
			      "bo     7       -\n"
			      "caf\xc3\xa9   -       x\n");
	free(out);
	ctl_table_free(&t);
}
END_TEST

START_TEST(table_sanitises_control_characters)
{
	struct capture c;
	struct ctl_table t;
	const char *hdr[] = {"A", "B"};
	const char *row[] = {"x\x1b[31my", "tab\there"};
	char *out;

	ctl_table_init(&t, 2);
	ck_assert_int_eq(ctl_table_add(&t, hdr), 0);
	ck_assert_int_eq(ctl_table_add(&t, row), 0);
	ctl_table_print(&t, cap_open(&c));
	out = cap_close(&c);
	ck_assert_str_eq(out, "A        B\nx?[31my  tab?here\n");
	free(out);
	ctl_table_free(&t);
}
END_TEST

START_TEST(table_grows_past_initial_capacity)
{
	struct capture c;
	struct ctl_table t;
	char num[16];
	const char *row[] = {num};
	char *out;
	size_t lines = 0;

	ctl_table_init(&t, 1);
	for (int i = 0; i < 1000; i++) {
		snprintf(num, sizeof(num), "%d", i);
		ck_assert_int_eq(ctl_table_add(&t, row), 0);
	}
	ck_assert_uint_eq(t.nrows, 1000);
	ctl_table_print(&t, cap_open(&c));
	out = cap_close(&c);
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, 1000);
	ck_assert_ptr_nonnull(strstr(out, "\n999\n"));
	free(out);
	ctl_table_free(&t);
}
END_TEST

START_TEST(kv_aligns_values)
{
	struct capture c;
	const char *labels[] = {"login", "display name", "email"};
	const char *values[] = {"alice", "Alice \x01 A", ""};
	char *out;

	ctl_print_kv(cap_open(&c), labels, values, 3);
	out = cap_close(&c);
	ck_assert_str_eq(out, "login:        alice\n"
			      "display name: Alice ? A\n"
			      "email:        -\n");
	free(out);
}
END_TEST

START_TEST(text_width_counts_code_points)
{
	ck_assert_uint_eq(ctl_text_width(""), 0);
	ck_assert_uint_eq(ctl_text_width("abc"), 3);
	ck_assert_uint_eq(ctl_text_width("caf\xc3\xa9"), 4);
	ck_assert_uint_eq(ctl_text_width("\xf0\x9f\x98\x80!"), 2);
}
END_TEST

/* ---- value formatting ---- */

START_TEST(format_time_iso8601_utc)
{
	char buf[CTL_TIME_LEN];

	ctl_fmt_time(0, buf);
	ck_assert_str_eq(buf, "1970-01-01T00:00:00Z");
	ctl_fmt_time(1700000000, buf);
	ck_assert_str_eq(buf, "2023-11-14T22:13:20Z");
	ctl_fmt_time(253402300799ull, buf); /* the last second of 9999 */
	ck_assert_str_eq(buf, "9999-12-31T23:59:59Z");
	ctl_fmt_time(253402300800ull, buf);
	ck_assert_str_eq(buf, "@253402300800");
	ctl_fmt_time(UINT64_MAX, buf);
	ck_assert_str_eq(buf, "@18446744073709551615");
}
END_TEST

START_TEST(format_uuid_canonical)
{
	const uint8_t u[16] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
			       0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
	char buf[CTL_UUID_LEN];

	ctl_fmt_uuid(u, buf);
	ck_assert_str_eq(buf, "12345678-9abc-def0-0123-456789abcdef");
}
END_TEST

START_TEST(format_size_and_duration)
{
	char buf[CTL_SIZE_LEN];

	ctl_fmt_size(0, buf);
	ck_assert_str_eq(buf, "0");
	ctl_fmt_size(1023, buf);
	ck_assert_str_eq(buf, "1023");
	ctl_fmt_size(1024, buf);
	ck_assert_str_eq(buf, "1024 (1.0 KiB)");
	ctl_fmt_size(1228800, buf);
	ck_assert_str_eq(buf, "1228800 (1.2 MiB)");
	ctl_fmt_size(1073741824, buf);
	ck_assert_str_eq(buf, "1073741824 (1.0 GiB)");
	ctl_fmt_duration(0, buf);
	ck_assert_str_eq(buf, "0s");
	ctl_fmt_duration(45, buf);
	ck_assert_str_eq(buf, "45s");
	ctl_fmt_duration(125, buf);
	ck_assert_str_eq(buf, "2m 5s");
	ctl_fmt_duration(3723, buf);
	ck_assert_str_eq(buf, "1h 2m 3s");
	ctl_fmt_duration(86400 + 3600 + 61, buf);
	ck_assert_str_eq(buf, "1d 1h 1m 1s");
}
END_TEST

START_TEST(enum_words)
{
	/* roles and group kinds: check_names.c */
	ck_assert_str_eq(ctl_user_status_name(ACCT_USER_DISABLED), "disabled");
	ck_assert_str_eq(ctl_tenant_status_name(ACCT_TENANT_SUSPENDED),
			 "suspended");
	ck_assert_ptr_null(ctl_tenant_status_name(99));
	/* every word, and no word for 0 or past the last value */
	ck_assert_str_eq(ctl_user_status_name(ACCT_USER_PENDING), "pending");
	ck_assert_str_eq(ctl_user_status_name(ACCT_USER_ACTIVE), "active");
	ck_assert_str_eq(ctl_user_status_name(ACCT_USER_DELETED), "deleted");
	ck_assert_str_eq(ctl_tenant_status_name(ACCT_TENANT_ACTIVE), "active");
	ck_assert_str_eq(ctl_tenant_status_name(ACCT_TENANT_DEPROVISIONING),
			 "deprovisioning");
	ck_assert_str_eq(ctl_tenant_status_name(ACCT_TENANT_DEPROVISIONED),
			 "deprovisioned");
	ck_assert_ptr_null(ctl_user_status_name(0));
	ck_assert_ptr_null(ctl_user_status_name(ACCT_USER_DELETED + 1));
	ck_assert_ptr_null(ctl_tenant_status_name(0));
	ck_assert_ptr_null(ctl_user_status_name(UINT32_MAX));
}
END_TEST

/* ---- records ---- */

static const uint8_t test_uuid[16] = {0xde, 0xad, 0xbe, 0xef, 0, 1, 0x40, 2,
				      0x80, 3,	  0,	0,    0, 0, 0,	  4};

/* A USER rec's fields (without the enclosing rec header). */
static void put_user(struct acct_buf *b, bool with_slug)
{
	acct_buf_init(b, ACCT_MAX_REPLY);
	acct_put_bytes(b, ACCT_T_UUID, test_uuid, 16);
	acct_put_str(b, ACCT_T_NAME, "alice");
	acct_put_u32(b, ACCT_T_UID, 100003);
	acct_put_u32(b, ACCT_T_GID, 5000);
	if (with_slug)
		acct_put_str(b, ACCT_T_TENANT, "acme");
	acct_put_u32(b, ACCT_T_TENANT_GID, 5000);
	acct_put_u32(b, ACCT_T_ROLE, ACCT_ROLE_ADMIN);
	acct_put_u32(b, ACCT_T_STATUS, ACCT_USER_ACTIVE);
	acct_put_str(b, ACCT_T_DISPLAY_NAME, "Alice \"Al\" Doe");
	acct_put_str(b, ACCT_T_HOME, "/home/alice");
	acct_put_str(b, ACCT_T_SHELL, "/bin/bash");
	acct_put_u64(b, ACCT_T_CREATED, 1700000000);
	acct_put_u64(b, ACCT_T_UPDATED, 1700000060);
	acct_put_u32(b, 9999, 42); /* a tag from the future: ignored */
	ck_assert_int_eq(b->err, 0);
}

START_TEST(user_record_json)
{
	struct acct_buf b;
	struct capture c;
	struct ctl_json j;
	char *out;

	put_user(&b, true);
	ctl_json_init(&j, cap_open(&c));
	ctl_record_json(&j, &ctl_user_schema, b.data, b.len, false);
	ck_assert_int_eq(j.err, 0);
	out = cap_close(&c);
	/* every documented key in a stable order; absent ones are null */
	ck_assert_str_eq(out,
			 "{\"login\":\"alice\",\"uid\":100003,\"gid\":5000,"
			 "\"tenant\":\"acme\",\"tenant_gid\":5000,"
			 "\"role\":\"admin\",\"custom_role\":null,"
			 "\"status\":\"active\","
			 "\"display_name\":\"Alice \\\"Al\\\" Doe\","
			 "\"email\":null,\"home\":\"/home/alice\","
			 "\"shell\":\"/bin/bash\","
			 "\"uuid\":\"deadbeef-0001-4002-8003-000000000004\","
			 "\"created_at\":\"2023-11-14T22:13:20Z\","
			 "\"updated_at\":\"2023-11-14T22:14:20Z\","
			 "\"deleted_at\":null,\"status_reason\":null,"
			 "\"locked_until\":null,\"failed_logins\":null,"
			 "\"email_verified_at\":null,"
			 "\"given_name\":null,\"family_name\":null,"
			 "\"avatar_url\":null,\"bio\":null,"
			 "\"timezone\":null,\"locale\":null,"
			 "\"deactivated_at\":null,\"home_removal\":null,"
			 "\"home_detail\":null}");
	free(out);
	acct_buf_free(&b);
}
END_TEST

START_TEST(user_record_show)
{
	struct acct_buf b;
	struct capture c;
	char *out;

	put_user(&b, true);
	ck_assert_int_eq(
		ctl_record_show(cap_open(&c), &ctl_user_schema, b.data, b.len),
		0);
	out = cap_close(&c);
	ck_assert_str_eq(
		out, "login:          alice\n"
		     "uid:            100003\n"
		     "gid:            5000\n"
		     "tenant:         acme\n"
		     "tenant gid:     5000\n"
		     "role:           admin\n"
		     "status:         active\n"
		     "display name:   Alice \"Al\" Doe\n"
		     "email:          -\n"
		     "home:           /home/alice\n"
		     "shell:          /bin/bash\n"
		     "uuid:           deadbeef-0001-4002-8003-000000000004\n"
		     "created:        2023-11-14T22:13:20Z\n"
		     "updated:        2023-11-14T22:14:20Z\n"
		     "deleted:        -\n"
		     "email verified: -\n"
		     "given name:     -\n"
		     "family name:    -\n"
		     "avatar url:     -\n"
		     "bio:            -\n"
		     "timezone:       -\n"
		     "locale:         -\n");
	free(out);
	acct_buf_free(&b);
}
END_TEST

START_TEST(user_rows_fall_back_to_tenant_gid)
{
	struct acct_buf with, without;
	struct capture c;
	struct ctl_table t;
	char *out;

	put_user(&with, true);
	put_user(&without, false);
	ck_assert_int_eq(ctl_record_table_init(&t, &ctl_user_schema), 0);
	ck_assert_int_eq(
		ctl_record_table_add(&t, &ctl_user_schema, with.data, with.len),
		0);
	ck_assert_int_eq(ctl_record_table_add(&t, &ctl_user_schema,
					      without.data, without.len),
			 0);
	ctl_table_print(&t, cap_open(&c));
	out = cap_close(&c);
	ck_assert_str_eq(out,
			 "LOGIN  UID     GID   TENANT  ROLE   STATUS  EMAIL\n"
			 "alice  100003  5000  acme    admin  active  -\n"
			 "alice  100003  5000  5000    admin  active  -\n");
	free(out);
	ctl_table_free(&t);
	acct_buf_free(&with);
	acct_buf_free(&without);
}
END_TEST

START_TEST(group_members_in_show_not_in_list)
{
	struct acct_buf b;
	struct capture c;
	struct ctl_json j;
	char *out;

	acct_buf_init(&b, ACCT_MAX_REPLY);
	acct_put_str(&b, ACCT_T_NAME, "acme-devs");
	acct_put_u32(&b, ACCT_T_GID, 5002);
	acct_put_str(&b, ACCT_T_MEMBER, "alice");
	acct_put_str(&b, ACCT_T_TENANT, "acme");
	acct_put_u32(&b, ACCT_T_KIND, 7); /* not a kind we know */
	acct_put_str(&b, ACCT_T_MEMBER, "bob");

	ctl_json_init(&j, cap_open(&c));
	ctl_record_json(&j, &ctl_group_schema, b.data, b.len, false);
	out = cap_close(&c);
	ck_assert_str_eq(out, "{\"name\":\"acme-devs\",\"gid\":5002,"
			      "\"tenant\":\"acme\",\"kind\":7,"
			      "\"uuid\":null,\"created_at\":null,"
			      "\"updated_at\":null,"
			      "\"members\":[\"alice\",\"bob\"]}");
	free(out);

	ctl_json_init(&j, cap_open(&c));
	ctl_record_json(&j, &ctl_group_schema, b.data, b.len, true);
	out = cap_close(&c);
	/* a list's rows carry no members: the key is there, null */
	ck_assert_str_eq(out, "{\"name\":\"acme-devs\",\"gid\":5002,"
			      "\"tenant\":\"acme\",\"kind\":7,"
			      "\"uuid\":null,\"created_at\":null,"
			      "\"updated_at\":null,\"members\":null}");
	free(out);

	ck_assert_int_eq(
		ctl_record_show(cap_open(&c), &ctl_group_schema, b.data, b.len),
		0);
	out = cap_close(&c);
	ck_assert_str_eq(out, "name:    acme-devs\n"
			      "gid:     5002\n"
			      "tenant:  acme\n"
			      "kind:    unknown (7)\n"
			      "members: alice, bob\n");
	free(out);
	acct_buf_free(&b);
}
END_TEST

START_TEST(group_without_members)
{
	struct acct_buf b;
	struct capture c;
	struct ctl_json j;
	char *out;

	acct_buf_init(&b, ACCT_MAX_REPLY);
	acct_put_str(&b, ACCT_T_NAME, "acme");
	acct_put_u32(&b, ACCT_T_GID, 5000);
	acct_put_str(&b, ACCT_T_TENANT, "acme");
	acct_put_u32(&b, ACCT_T_KIND, ACCT_GROUP_TENANT);
	ctl_json_init(&j, cap_open(&c));
	ctl_record_json(&j, &ctl_group_schema, b.data, b.len, false);
	out = cap_close(&c);
	ck_assert_str_eq(out, "{\"name\":\"acme\",\"gid\":5000,"
			      "\"tenant\":\"acme\",\"kind\":\"tenant\","
			      "\"uuid\":null,\"created_at\":null,"
			      "\"updated_at\":null,\"members\":[]}");
	free(out);
	ck_assert_int_eq(
		ctl_record_show(cap_open(&c), &ctl_group_schema, b.data, b.len),
		0);
	out = cap_close(&c);
	ck_assert_ptr_nonnull(strstr(out, "members: -\n"));
	free(out);
	acct_buf_free(&b);
}
END_TEST

START_TEST(status_fields)
{
	struct acct_buf b;
	struct capture c;
	struct ctl_json j;
	char *out;

	acct_buf_init(&b, ACCT_MAX_REPLY);
	acct_put_str(&b, ACCT_T_VERSION, "0.1.0");
	acct_put_u64(&b, ACCT_T_UPTIME, 3723);
	acct_put_u32(&b, ACCT_T_SCHEMA, 1);
	acct_put_u32(&b, ACCT_T_COUNT_TENANTS, 2);
	acct_put_u32(&b, ACCT_T_COUNT_USERS, 10);
	acct_put_u32(&b, ACCT_T_COUNT_GROUPS, 5);
	acct_put_u64(&b, ACCT_T_DB_SIZE, 1228800);
	acct_put_u64(&b, ACCT_T_DB_MAPSIZE, 1073741824);
	acct_put_str(&b, ACCT_T_AUDIT_CHAIN, "intact");
	/* no CONNECTIONS, no AUDIT_RECORDS: an older daemon */
	ctl_json_init(&j, cap_open(&c));
	ctl_record_json(&j, &ctl_status_schema, b.data, b.len, false);
	out = cap_close(&c);
	ck_assert_str_eq(
		out,
		"{\"version\":\"0.1.0\",\"uptime_seconds\":3723,"
		"\"schema_version\":1,\"tenants\":2,"
		"\"users\":10,\"groups\":5,"
		"\"db_size_bytes\":1228800,"
		"\"db_map_size_bytes\":1073741824,"
		"\"connections\":null,\"audit_records\":null,"
		"\"audit_chain\":\"intact\","
		"\"mail_queued\":null,\"ready\":null,"
		"\"audit_state\":null,"
		"\"audit_verified_records\":null,\"audit_verified_at\":null,"
		"\"audit_broken_at\":null,\"map_used_percent\":null,"
		"\"config_files\":[],\"socket\":null,\"state_dir\":null}");
	free(out);
	ck_assert_int_eq(ctl_record_show(cap_open(&c), &ctl_status_schema,
					 b.data, b.len),
			 0);
	out = cap_close(&c);
	ck_assert_str_eq(out, "version:        0.1.0\n"
			      "uptime:         1h 2m 3s\n"
			      "schema version: 1\n"
			      "tenants:        2\n"
			      "users:          10\n"
			      "groups:         5\n"
			      "database size:  1228800 (1.2 MiB)\n"
			      "map size:       1073741824 (1.0 GiB)\n"
			      "connections:    -\n"
			      "audit records:  -\n"
			      "audit chain:    intact\n");
	free(out);
	acct_buf_free(&b);
}
END_TEST

START_TEST(tenant_optional_fields)
{
	struct acct_buf b;
	struct capture c;
	struct ctl_table t;
	char *out;

	acct_buf_init(&b, ACCT_MAX_REPLY);
	acct_put_str(&b, ACCT_T_NAME, "acme");
	acct_put_str(&b, ACCT_T_DISPLAY_NAME, "Acme Corp");
	acct_put_u32(&b, ACCT_T_STATUS, ACCT_TENANT_SUSPENDED);
	acct_put_str(&b, ACCT_T_STATUS_REASON, "unpaid");
	acct_put_u32(&b, ACCT_T_GID, 5000);
	acct_put_u32(&b, ACCT_T_COUNT_USERS, 3);
	ck_assert_int_eq(ctl_record_show(cap_open(&c), &ctl_tenant_schema,
					 b.data, b.len),
			 0);
	out = cap_close(&c);
	/* status_reason shown because present; the other optional status
	 * fields are absent and left out */
	ck_assert_str_eq(out, "slug:          acme\n"
			      "display name:  Acme Corp\n"
			      "status:        suspended\n"
			      "status reason: unpaid\n"
			      "gid:           5000\n"
			      "admins gid:    -\n"
			      "users:         3\n"
			      "uuid:          -\n"
			      "created:       -\n"
			      "updated:       -\n");
	free(out);
	ck_assert_int_eq(ctl_record_table_init(&t, &ctl_tenant_schema), 0);
	ck_assert_int_eq(
		ctl_record_table_add(&t, &ctl_tenant_schema, b.data, b.len), 0);
	ctl_table_print(&t, cap_open(&c));
	out = cap_close(&c);
	ck_assert_str_eq(out, "SLUG  GID   STATUS     USERS  NAME\n"
			      "acme  5000  suspended  3      Acme Corp\n");
	free(out);
	ctl_table_free(&t);
	acct_buf_free(&b);
}
END_TEST

static Suite *ctl_output_suite(void)
{
	Suite *s = suite_create("ctl_output");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, json_escapes_specials);
	tcase_add_test(tc, json_passes_valid_utf8);
	tcase_add_test(tc, json_replaces_invalid_utf8);
	tcase_add_test(tc, json_embedded_nul_is_escaped);
	tcase_add_test(tc, json_writer_commas_and_nesting);
	tcase_add_test(tc, json_writer_refuses_misuse);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, table_aligns_columns);
	tcase_add_test(tc, table_sanitises_control_characters);
	tcase_add_test(tc, table_grows_past_initial_capacity);
	tcase_add_test(tc, kv_aligns_values);
	tcase_add_test(tc, text_width_counts_code_points);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, format_time_iso8601_utc);
	tcase_add_test(tc, format_uuid_canonical);
	tcase_add_test(tc, format_size_and_duration);
	tcase_add_test(tc, enum_words);
	suite_add_tcase(s, tc);

	tc = tcase_create("records");
	tcase_add_test(tc, user_record_json);
	tcase_add_test(tc, user_record_show);
	tcase_add_test(tc, user_rows_fall_back_to_tenant_gid);
	tcase_add_test(tc, group_members_in_show_not_in_list);
	tcase_add_test(tc, group_without_members);
	tcase_add_test(tc, status_fields);
	tcase_add_test(tc, tenant_optional_fields);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ctl_output_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
