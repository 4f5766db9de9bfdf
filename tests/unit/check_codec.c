/* check_codec.c - the TLV codec: round trips and every way input can lie. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"

/* Copy into an exact-size heap block so ASan sees any over-read. */
static uint8_t *exact_copy(const void *p, size_t len)
{
	uint8_t *q = malloc(len > 0 ? len : 1);

	ck_assert_ptr_nonnull(q);
	if (len > 0)
		memcpy(q, p, len);
	return q;
}

static int validate_exact(const void *p, size_t len)
{
	uint8_t *q = exact_copy(p, len);
	int rc = acct_validate(q, len);

	free(q);
	return rc;
}

/* A raw field header, for building malformed input by hand. */
static void raw_field(struct acct_buf *b, uint16_t tag, uint32_t len)
{
	uint8_t h[ACCT_FIELD_HDR_LEN] = {
		(uint8_t)(tag >> 8),  (uint8_t)tag,	   (uint8_t)(len >> 24),
		(uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len,
	};

	ck_assert_int_eq(acct_buf_append(b, h, sizeof(h)), 0);
}

static const uint8_t uuid[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
				 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98,
				 0x76, 0x54, 0x32, 0x10};

/* A passwd entry plus a few top-level fields of every type. */
static void build_sample(struct acct_buf *b)
{
	size_t m;

	ck_assert_int_eq(acct_put_u32(b, ACCT_T_UID, 0xdeadbeefu), 0);
	ck_assert_int_eq(acct_put_u64(b, ACCT_T_CREATED, 0x0102030405060708ull),
			 0);
	ck_assert_int_eq(acct_put_str(b, ACCT_T_NAME, "alice"), 0);
	ck_assert_int_eq(acct_put_strn(b, ACCT_T_GECOS, "", 0), 0);
	ck_assert_int_eq(acct_put_bytes(b, ACCT_T_UUID, uuid, sizeof(uuid)), 0);
	m = acct_begin(b, ACCT_T_PASSWD);
	ck_assert_uint_ne(m, (size_t)-1);
	ck_assert_int_eq(acct_put_str(b, ACCT_T_NAME, "bob"), 0);
	ck_assert_int_eq(acct_put_u32(b, ACCT_T_UID, 1001), 0);
	ck_assert_int_eq(acct_put_u32(b, ACCT_T_GID, 1002), 0);
	ck_assert_int_eq(acct_put_str(b, ACCT_T_HOME, "/home/bob"), 0);
	ck_assert_int_eq(acct_end(b, m), 0);
	ck_assert_int_eq(b->err, 0);
}

START_TEST(test_round_trip)
{
	struct acct_buf b;
	struct acct_reader r, sub;
	struct acct_field f;
	uint32_t u32;
	uint64_t u64;
	const char *s;
	size_t len;

	acct_buf_init(&b, 4096);
	build_sample(&b);
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);

	acct_reader_init(&r, b.data, b.len);
	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_UID);
	ck_assert_int_eq(acct_get_u32(&f, &u32), 0);
	ck_assert_uint_eq(u32, 0xdeadbeefu);
	/* big-endian on the wire */
	ck_assert_uint_eq(f.val[0], 0xde);
	ck_assert_int_eq(acct_get_u64(&f, &u64), -1);

	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_CREATED);
	ck_assert_int_eq(acct_get_u64(&f, &u64), 0);
	ck_assert_uint_eq(u64, 0x0102030405060708ull);
	ck_assert_uint_eq(f.val[0], 0x01);
	ck_assert_int_eq(acct_get_u32(&f, &u32), -1);

	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_NAME);
	ck_assert_int_eq(acct_get_str(&f, &s, &len), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(s, "alice", 5), 0);

	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_GECOS);
	ck_assert_int_eq(acct_get_str(&f, &s, &len), 0);
	ck_assert_uint_eq(len, 0);

	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_UUID);
	ck_assert_uint_eq(f.len, 16);
	ck_assert_int_eq(memcmp(f.val, uuid, 16), 0);

	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_PASSWD);
	acct_reader_sub(&sub, &f);
	ck_assert_int_eq(acct_next(&sub, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_NAME);
	ck_assert_int_eq(acct_get_str(&f, &s, &len), 0);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(memcmp(s, "bob", 3), 0);
	ck_assert_int_eq(acct_next(&sub, &f), 1);
	ck_assert_int_eq(acct_get_u32(&f, &u32), 0);
	ck_assert_uint_eq(u32, 1001);
	ck_assert_int_eq(acct_next(&sub, &f), 1);
	ck_assert_int_eq(acct_get_u32(&f, &u32), 0);
	ck_assert_uint_eq(u32, 1002);
	ck_assert_int_eq(acct_next(&sub, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_HOME);
	ck_assert_int_eq(acct_next(&sub, &f), 0);

	ck_assert_int_eq(acct_next(&r, &f), 0);
	ck_assert_int_eq(acct_next(&r, &f), 0);

	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_UUID, &f), 1);
	ck_assert_uint_eq(f.len, 16);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_GID, &f), 0);
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_nested_records)
{
	struct acct_buf b;
	struct acct_reader r, sub;
	struct acct_field f;
	size_t outer, inner;
	uint32_t v;
	int i;

	acct_buf_init(&b, 1 << 20);
	outer = acct_begin(&b, ACCT_T_GROUP);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_GID, 5000), 0);
	/* enough members to force the buffer to grow under open marks */
	for (i = 0; i < 500; i++)
		ck_assert_int_eq(acct_put_str(&b, ACCT_T_MEMBER, "member"), 0);
	inner = acct_begin(&b, ACCT_T_USER);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_UID, 7), 0);
	ck_assert_int_eq(acct_end(&b, inner), 0);
	ck_assert_int_eq(acct_end(&b, outer), 0);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_MORE, 1), 0);
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);

	acct_reader_init(&r, b.data, b.len);
	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_GROUP);
	ck_assert_uint_eq(f.len, b.len - 2 * ACCT_FIELD_HDR_LEN - 4);
	acct_reader_sub(&sub, &f);
	for (i = 0; i < 502; i++)
		ck_assert_int_eq(acct_next(&sub, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_USER);
	acct_reader_sub(&sub, &f);
	ck_assert_int_eq(acct_next(&sub, &f), 1);
	ck_assert_int_eq(acct_get_u32(&f, &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(acct_next(&r, &f), 1);
	ck_assert_uint_eq(f.tag, ACCT_T_MORE);
	ck_assert_int_eq(acct_next(&r, &f), 0);
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_empty_payload)
{
	struct acct_reader r;
	struct acct_field f;

	ck_assert_int_eq(acct_validate(NULL, 0), 0);
	ck_assert_int_eq(acct_validate("", 0), 0);
	acct_reader_init(&r, NULL, 0);
	ck_assert_int_eq(acct_next(&r, &f), 0);
	ck_assert_int_eq(acct_find(NULL, 0, ACCT_T_NAME, &f), 0);
}
END_TEST

/* Every proper prefix of a single record is malformed. */
START_TEST(test_truncated_record)
{
	struct acct_buf inner, b;
	struct acct_field f;
	size_t n;

	acct_buf_init(&inner, 4096);
	build_sample(&inner);
	acct_buf_init(&b, 8192);
	ck_assert_int_eq(acct_put_bytes(&b, ACCT_T_USER, inner.data, inner.len),
			 0);
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);
	for (n = 1; n < b.len; n++) {
		uint8_t *q = exact_copy(b.data, n);

		ck_assert_msg(acct_validate(q, n) == -1, "prefix %zu", n);
		ck_assert_int_eq(acct_find(q, n, ACCT_T_NAME, &f), -1);
		free(q);
	}
	acct_buf_free(&inner);
	acct_buf_free(&b);
}
END_TEST

/* A flat message cut anywhere but at a field boundary is malformed. */
START_TEST(test_truncated_flat)
{
	struct acct_buf b;
	struct acct_reader r;
	struct acct_field f;
	uint8_t boundary[4096] = {0};
	size_t n;
	int rc;

	acct_buf_init(&b, 4096);
	build_sample(&b);
	acct_reader_init(&r, b.data, b.len);
	boundary[0] = 1;
	while (acct_next(&r, &f) == 1)
		boundary[b.len - r.left] = 1;
	for (n = 0; n <= b.len; n++) {
		uint8_t *q = exact_copy(b.data, n);
		struct acct_reader rr;

		ck_assert_int_eq(acct_validate(q, n), boundary[n] ? 0 : -1);
		/* the walk ends cleanly exactly at a boundary */
		acct_reader_init(&rr, q, n);
		while ((rc = acct_next(&rr, &f)) == 1)
			;
		ck_assert_int_eq(rc, boundary[n] ? 0 : -1);
		free(q);
	}
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_string_lengths)
{
	struct acct_buf b;
	struct acct_field f;
	char *big = malloc(ACCT_MAX_STR + 2);
	const char *s;
	size_t len;

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', ACCT_MAX_STR + 1);
	big[ACCT_MAX_STR + 1] = '\0';

	/* max is accepted by writer, validator and reader */
	acct_buf_init(&b, 1 << 16);
	ck_assert_int_eq(acct_put_strn(&b, ACCT_T_NAME, big, ACCT_MAX_STR), 0);
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_NAME, &f), 1);
	ck_assert_int_eq(acct_get_str(&f, &s, &len), 0);
	ck_assert_uint_eq(len, ACCT_MAX_STR);

	/* max+1: the writer refuses (sticky), a forged one is rejected */
	ck_assert_int_eq(acct_put_str(&b, ACCT_T_NAME, big), -1);
	ck_assert_int_eq(b.err, EINVAL);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_UID, 1), -1);
	acct_buf_reset(&b);
	ck_assert_int_eq(b.err, 0);
	raw_field(&b, ACCT_T_NAME, ACCT_MAX_STR + 1);
	ck_assert_int_eq(acct_buf_append(&b, big, ACCT_MAX_STR + 1), 0);
	ck_assert_int_eq(validate_exact(b.data, b.len), -1);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_NAME, &f), 1);
	ck_assert_int_eq(acct_get_str(&f, &s, &len), -1);
	/* an unknown tag of the same size is fine: only known strs are capped */
	b.data[0] = 0x7f;
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);
	acct_buf_free(&b);
	free(big);
}
END_TEST

/* Field lengths that run past the buffer, including the top bit set. */
START_TEST(test_huge_lengths)
{
	static const uint32_t lens[] = {0x80000000u, 0xffffffffu, 0x7fffffffu,
					5, 7};
	struct acct_buf b;
	struct acct_reader r;
	struct acct_field f;
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		acct_buf_init(&b, 4096);
		raw_field(&b, 999, lens[i]);
		ck_assert_int_eq(acct_buf_append(&b, "abcd", 4), 0);
		ck_assert_int_eq(validate_exact(b.data, b.len), -1);
		acct_reader_init(&r, b.data, b.len);
		ck_assert_int_eq(acct_next(&r, &f), -1);
		/* a nested one is rejected the same way */
		acct_buf_reset(&b);
		raw_field(&b, ACCT_T_PASSWD, 10);
		raw_field(&b, ACCT_T_NAME, lens[i]);
		ck_assert_int_eq(acct_buf_append(&b, "abcd", 4), 0);
		ck_assert_int_eq(validate_exact(b.data, b.len), -1);
		acct_buf_free(&b);
	}
	/* length exactly what is left: fine; zero: fine */
	acct_buf_init(&b, 4096);
	raw_field(&b, 999, 4);
	ck_assert_int_eq(acct_buf_append(&b, "abcd", 4), 0);
	raw_field(&b, 998, 0);
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_trailing_partial)
{
	struct acct_buf b;
	size_t i;

	for (i = 1; i < ACCT_FIELD_HDR_LEN; i++) {
		acct_buf_init(&b, 4096);
		ck_assert_int_eq(acct_put_u32(&b, ACCT_T_UID, 5), 0);
		ck_assert_int_eq(acct_buf_append(&b, "\0\3\0\0\0\4", i), 0);
		ck_assert_int_eq(validate_exact(b.data, b.len), -1);
		acct_buf_free(&b);
	}
	/* a whole header whose value is missing */
	acct_buf_init(&b, 4096);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_UID, 5), 0);
	raw_field(&b, ACCT_T_GID, 4);
	ck_assert_int_eq(acct_buf_append(&b, "\0\0\0", 3), 0);
	ck_assert_int_eq(validate_exact(b.data, b.len), -1);
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_unknown_tags_skipped)
{
	struct acct_buf b;
	struct acct_field f;
	size_t m;
	uint32_t v;

	acct_buf_init(&b, 4096);
	/* unknown tags of odd sizes, also ones that contain NULs */
	ck_assert_int_eq(acct_put_bytes(&b, 60000, "\0\0\0", 3), 0);
	ck_assert_int_eq(acct_put_bytes(&b, 0, "", 0), 0);
	ck_assert_int_eq(acct_put_bytes(&b, 99, "x", 1), 0);
	m = acct_begin(&b, ACCT_T_PASSWD);
	ck_assert_int_eq(acct_put_bytes(&b, 12345, "\0\1\2\3\4\5\6", 7), 0);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_UID, 3), 0);
	ck_assert_int_eq(acct_end(&b, m), 0);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_GID, 42), 0);
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_GID, &f), 1);
	ck_assert_int_eq(acct_get_u32(&f, &v), 0);
	ck_assert_uint_eq(v, 42);
	acct_buf_free(&b);
}
END_TEST

static int validate_one(uint16_t tag, const void *val, size_t n)
{
	struct acct_buf b;
	int rc;

	acct_buf_init(&b, 4096);
	ck_assert_int_eq(acct_put_bytes(&b, tag, val, n), 0);
	rc = validate_exact(b.data, b.len);
	acct_buf_free(&b);
	return rc;
}

START_TEST(test_wrong_size_known_tags)
{
	static const uint8_t z[32];
	static const uint16_t u32_tags[] = {
		ACCT_T_UID,    ACCT_T_GID,	 ACCT_T_CURSOR,	    ACCT_T_ROLE,
		ACCT_T_STATUS, ACCT_T_ADMIN_GID, ACCT_T_CONNECTIONS};
	static const uint16_t u64_tags[] = {ACCT_T_CREATED, ACCT_T_UPDATED,
					    ACCT_T_DELETED_AT, ACCT_T_UPTIME,
					    ACCT_T_DB_MAPSIZE};
	size_t i, n;

	for (i = 0; i < sizeof(u32_tags) / sizeof(u32_tags[0]); i++) {
		for (n = 0; n <= 9; n++)
			ck_assert_int_eq(validate_one(u32_tags[i], z, n),
					 n == 4 ? 0 : -1);
	}
	for (i = 0; i < sizeof(u64_tags) / sizeof(u64_tags[0]); i++) {
		for (n = 0; n <= 9; n++)
			ck_assert_int_eq(validate_one(u64_tags[i], z, n),
					 n == 8 ? 0 : -1);
	}
	for (n = 0; n <= 32; n++)
		ck_assert_int_eq(validate_one(ACCT_T_UUID, z, n),
				 n == 16 ? 0 : -1);
	/* a wrong-size field inside a rec spoils the whole message */
	{
		struct acct_buf b;
		size_t m;

		acct_buf_init(&b, 4096);
		m = acct_begin(&b, ACCT_T_TENANT_REC);
		ck_assert_int_eq(acct_put_bytes(&b, ACCT_T_GID, z, 3), 0);
		ck_assert_int_eq(acct_end(&b, m), 0);
		ck_assert_int_eq(validate_exact(b.data, b.len), -1);
		acct_buf_free(&b);
	}
}
END_TEST

START_TEST(test_string_with_nul)
{
	static const uint16_t str_tags[] = {ACCT_T_MESSAGE, ACCT_T_NAME,
					    ACCT_T_HOME,    ACCT_T_MEMBER,
					    ACCT_T_EMAIL,   ACCT_T_VERSION};
	struct acct_buf b;
	struct acct_field f;
	const char *s;
	size_t i, len;
	char dst[16];

	for (i = 0; i < sizeof(str_tags) / sizeof(str_tags[0]); i++) {
		ck_assert_int_eq(validate_one(str_tags[i], "ab\0c", 4), -1);
		ck_assert_int_eq(validate_one(str_tags[i], "abc\0", 4), -1);
		ck_assert_int_eq(validate_one(str_tags[i], "\0", 1), -1);
		ck_assert_int_eq(validate_one(str_tags[i], "abc", 3), 0);
	}
	acct_buf_init(&b, 4096);
	/* the writer refuses to produce one */
	ck_assert_int_eq(acct_put_strn(&b, ACCT_T_NAME, "ab\0c", 4), -1);
	ck_assert_int_eq(b.err, EINVAL);
	acct_buf_reset(&b);
	ck_assert_int_eq(acct_put_bytes(&b, ACCT_T_NAME, "ab\0c", 4), 0);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_NAME, &f), 1);
	ck_assert_int_eq(acct_get_str(&f, &s, &len), -1);
	ck_assert_int_eq(acct_get_strcpy(&f, dst, sizeof(dst)), -1);
	acct_buf_free(&b);
}
END_TEST

/* depth recs, each inside the previous one, around a u32. */
static void build_nested(struct acct_buf *b, unsigned depth)
{
	size_t marks[16];
	unsigned i;

	ck_assert_uint_le(depth, 16);
	for (i = 0; i < depth; i++)
		marks[i] = acct_begin(b, i % 2 ? ACCT_T_GROUP : ACCT_T_USER);
	ck_assert_int_eq(acct_put_u32(b, ACCT_T_UID, 1), 0);
	while (i-- > 0)
		ck_assert_int_eq(acct_end(b, marks[i]), 0);
}

START_TEST(test_nesting_depth)
{
	struct acct_buf b;

	acct_buf_init(&b, 4096);
	build_nested(&b, ACCT_MAX_NEST);
	ck_assert_int_eq(validate_exact(b.data, b.len), 0);
	acct_buf_reset(&b);
	build_nested(&b, ACCT_MAX_NEST + 1);
	ck_assert_int_eq(validate_exact(b.data, b.len), -1);
	acct_buf_reset(&b);
	build_nested(&b, 16);
	ck_assert_int_eq(validate_exact(b.data, b.len), -1);
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_header)
{
	struct acct_hdr h = {.version = ACCT_PROTO_VERSION,
			     .opcode = ACCT_OP_PW_BYNAME,
			     .flags = 0x8001,
			     .status = ACCT_ST_BUSY,
			     .length = 1234};
	struct acct_hdr out;
	uint8_t raw[ACCT_HDR_LEN];

	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(memcmp(raw, "ACT1", 4), 0);
	ck_assert_uint_eq(raw[4], 0);
	ck_assert_uint_eq(raw[5], ACCT_PROTO_VERSION);
	ck_assert_uint_eq(raw[7], ACCT_OP_PW_BYNAME);
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REQUEST, &out), 0);
	ck_assert_uint_eq(out.version, h.version);
	ck_assert_uint_eq(out.opcode, h.opcode);
	ck_assert_uint_eq(out.flags, h.flags);
	ck_assert_uint_eq(out.status, h.status);
	ck_assert_uint_eq(out.length, h.length);

	/* length: max is fine, max+1 and the top bit are not */
	h.length = ACCT_MAX_REQUEST;
	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REQUEST, &out), 0);
	h.length = ACCT_MAX_REQUEST + 1;
	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REQUEST, &out), -1);
	h.length = 0x80000000u;
	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REPLY, &out), -1);
	h.length = 0xffffffffu;
	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REPLY, &out), -1);
	h.length = 0;
	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(acct_hdr_decode(raw, 0, &out), 0);

	/* wrong magic, wrong version */
	raw[0] ^= 0x20;
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REPLY, &out), -1);
	raw[0] ^= 0x20;
	h.version = ACCT_PROTO_VERSION + 1;
	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REPLY, &out), -1);
	h.version = 0;
	acct_hdr_encode(&h, raw);
	ck_assert_int_eq(acct_hdr_decode(raw, ACCT_MAX_REPLY, &out), -1);
}
END_TEST

START_TEST(test_frame)
{
	struct acct_buf b, f;
	struct acct_hdr h;

	acct_buf_init(&b, 4096);
	ck_assert_int_eq(acct_put_str(&b, ACCT_T_NAME, "carol"), 0);
	acct_buf_init(&f, ACCT_HDR_LEN + 4096);
	ck_assert_int_eq(
		acct_frame(&f, ACCT_OP_GR_BYNAME, ACCT_ST_OK, b.data, b.len),
		0);
	ck_assert_uint_eq(f.len, ACCT_HDR_LEN + b.len);
	ck_assert_int_eq(acct_hdr_decode(f.data, ACCT_MAX_REQUEST, &h), 0);
	ck_assert_uint_eq(h.opcode, ACCT_OP_GR_BYNAME);
	ck_assert_uint_eq(h.status, ACCT_ST_OK);
	ck_assert_uint_eq(h.flags, 0);
	ck_assert_uint_eq(h.length, b.len);
	ck_assert_int_eq(memcmp(f.data + ACCT_HDR_LEN, b.data, b.len), 0);

	/* an empty payload, and one over the output's limit */
	acct_buf_reset(&f);
	ck_assert_int_eq(acct_frame(&f, ACCT_OP_PING, 0, NULL, 0), 0);
	ck_assert_uint_eq(f.len, ACCT_HDR_LEN);
	acct_buf_free(&f);
	acct_buf_init(&f, ACCT_HDR_LEN + 3);
	ck_assert_int_eq(acct_frame(&f, ACCT_OP_PING, 0, b.data, b.len), -1);
	ck_assert_int_eq(f.err, E2BIG);
	acct_buf_free(&f);
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_buf_limit_sticky)
{
	struct acct_buf b;

	acct_buf_init(&b, 20);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_UID, 1), 0); /* 10 bytes */
	ck_assert_int_eq(acct_put_u64(&b, ACCT_T_CREATED, 2), -1); /* 24 */
	ck_assert_int_eq(b.err, E2BIG);
	ck_assert_uint_eq(b.len, 10);
	/* would fit, but the error sticks */
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_GID, 3), -1);
	ck_assert_int_eq(acct_buf_append(&b, "x", 1), -1);
	ck_assert_uint_eq(acct_begin(&b, ACCT_T_PASSWD), (size_t)-1);
	ck_assert_int_eq(acct_end(&b, 0), -1);
	ck_assert_int_eq(b.err, E2BIG);
	ck_assert_uint_eq(b.len, 10);
	ck_assert_uint_le(b.cap, 20);
	acct_buf_reset(&b);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_GID, 3), 0);
	ck_assert_int_eq(acct_put_u32(&b, ACCT_T_GID, 4), 0); /* exactly 20 */
	ck_assert_uint_eq(b.len, 20);
	ck_assert_int_eq(acct_buf_append(&b, "x", 1), -1);
	ck_assert_int_eq(b.err, E2BIG);
	acct_buf_free(&b);
}
END_TEST

START_TEST(test_buf_growth_secret)
{
	struct acct_buf b;
	size_t i;
	uint8_t byte;

	acct_buf_init(&b, 1 << 20);
	b.secret = 1;
	for (i = 0; i < 100000; i++) {
		byte = (uint8_t)(i * 7);
		ck_assert_int_eq(acct_buf_append(&b, &byte, 1), 0);
	}
	ck_assert_uint_eq(b.len, 100000);
	ck_assert_uint_ge(b.cap, b.len);
	for (i = 0; i < b.len; i++)
		ck_assert_uint_eq(b.data[i], (uint8_t)(i * 7));
	acct_buf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_strcpy_sizes)
{
	struct acct_buf b;
	struct acct_field f;
	char dst[8];

	acct_buf_init(&b, 4096);
	ck_assert_int_eq(acct_put_str(&b, ACCT_T_NAME, "abc"), 0);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_NAME, &f), 1);
	memset(dst, 'Z', sizeof(dst));
	ck_assert_int_eq(acct_get_strcpy(&f, dst, 3), -1);
	ck_assert_int_eq(acct_get_strcpy(&f, dst, 0), -1);
	ck_assert_int_eq(acct_get_strcpy(&f, dst, 4), 0);
	ck_assert_str_eq(dst, "abc");
	ck_assert_int_eq(dst[4], 'Z');
	acct_buf_reset(&b);
	ck_assert_int_eq(acct_put_str(&b, ACCT_T_NAME, ""), 0);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_NAME, &f), 1);
	ck_assert_int_eq(acct_get_strcpy(&f, dst, 1), 0);
	ck_assert_str_eq(dst, "");
	acct_buf_free(&b);
}
END_TEST

static Suite *codec_suite(void)
{
	Suite *s = suite_create("codec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_nested_records);
	tcase_add_test(tc, test_empty_payload);
	tcase_add_test(tc, test_truncated_record);
	tcase_add_test(tc, test_truncated_flat);
	tcase_add_test(tc, test_string_lengths);
	tcase_add_test(tc, test_huge_lengths);
	tcase_add_test(tc, test_trailing_partial);
	tcase_add_test(tc, test_unknown_tags_skipped);
	tcase_add_test(tc, test_wrong_size_known_tags);
	tcase_add_test(tc, test_string_with_nul);
	tcase_add_test(tc, test_nesting_depth);
	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_frame);
	tcase_add_test(tc, test_buf_limit_sticky);
	tcase_add_test(tc, test_buf_growth_secret);
	tcase_add_test(tc, test_strcpy_sizes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(codec_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
