/*
 * fuzz_decode.c - libFuzzer target for the reading half of the codec.
 *
 * Not built by automake.  Build and run from the source tree:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I common \
 *     -include BUILDDIR/config.h tests/fuzz/fuzz_decode.c \
 *     common/acct_codec.c common/acct_wipe.c -o fuzz_decode
 *   ./fuzz_decode -max_total_time=30
 *
 * Input: a frame header followed by a payload.  Every reader entry point
 * sees it; the walk also cross-checks acct_validate against the readers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Walk every field of r, descending into every value as if it were a
 * nested payload (whatever its tag), and use every typed getter on it.
 * Returns what the last acct_next at this level returned (0 or -1).
 */
static int walk(struct acct_reader *r, const uint8_t *base, size_t len,
		unsigned depth)
{
	struct acct_reader sub;
	struct acct_field f;
	uint32_t u32;
	uint64_t u64;
	const char *s;
	size_t slen;
	char small[8];
	int rc;

	while ((rc = acct_next(r, &f)) == 1) {
		/* every value lies inside the buffer */
		if (f.val < base || f.len > len ||
		    (size_t)(f.val - base) > len - f.len)
			abort();
		(void)acct_get_u32(&f, &u32);
		(void)acct_get_u64(&f, &u64);
		if (acct_get_str(&f, &s, &slen) == 0 &&
		    (slen != f.len || (slen > 0 && memchr(s, '\0', slen))))
			abort();
		if (acct_get_strcpy(&f, small, sizeof(small)) == 0 &&
		    strlen(small) != f.len)
			abort();
		if (depth < 8) {
			acct_reader_sub(&sub, &f);
			(void)walk(&sub, base, len, depth + 1);
		}
	}
	return rc;
}

/* Re-encode a valid payload field by field: the bytes must come back. */
static void reencode(const uint8_t *p, size_t len)
{
	struct acct_reader r;
	struct acct_field f;
	struct acct_buf b;

	acct_buf_init(&b, len);
	acct_reader_init(&r, p, len);
	while (acct_next(&r, &f) == 1)
		acct_put_bytes(&b, f.tag, f.val, f.len);
	if (b.err != 0 || b.len != len || (len > 0 && memcmp(b.data, p, len)))
		abort();
	acct_buf_free(&b);
}

static int walk_all(const uint8_t *p, size_t len)
{
	struct acct_reader r;

	acct_reader_init(&r, p, len);
	return walk(&r, p, len, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acct_hdr hdr;
	struct acct_field f;
	uint8_t raw[ACCT_HDR_LEN];
	const uint8_t *payload = data;
	size_t len = size;
	int valid;

	if (size >= ACCT_HDR_LEN) {
		if (acct_hdr_decode(data, ACCT_MAX_REPLY, &hdr) == 0) {
			/* decode then encode gives the same bytes back,
			 * apart from the reserved magic we checked */
			acct_hdr_encode(&hdr, raw);
			if (memcmp(raw, data, ACCT_HDR_LEN) != 0)
				abort();
		}
		payload = data + ACCT_HDR_LEN;
		len = size - ACCT_HDR_LEN;
	}

	valid = acct_validate(payload, len);
	/* a valid payload always walks cleanly at the top level */
	if (walk_all(payload, len) < 0 && valid == 0)
		abort();
	if (valid == 0)
		reencode(payload, len);
	(void)acct_find(payload, len, ACCT_T_NAME, &f);
	(void)acct_find(payload, len, ACCT_T_PASSWD, &f);

	/* the same bytes as one whole buffer, without a header */
	(void)acct_validate(data, size);
	(void)walk_all(data, size);
	return 0;
}
