/*
 * acct_codec.h - the tag/length/value codec of acct_proto.h.
 *
 * Pure functions over a buffer and its length; no I/O, libc only.
 * Writers append to a growable buffer with a hard cap; readers walk a
 * payload field by field, checking every length against what is left.
 */
#ifndef ACCT_CODEC_H
#define ACCT_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "acct_proto.h"

/* ---- frame header ---- */

struct acct_hdr {
	uint16_t version;
	uint16_t opcode;
	uint16_t flags;
	uint16_t status;
	uint32_t length;
};

/* Encode hdr into out[ACCT_HDR_LEN]. */
void acct_hdr_encode(const struct acct_hdr *hdr, uint8_t out[ACCT_HDR_LEN]);

/*
 * Decode in[ACCT_HDR_LEN].  Returns 0, or -1 when the magic is wrong, the
 * version is not ACCT_PROTO_VERSION, or length exceeds max_payload.
 */
int acct_hdr_decode(const uint8_t in[ACCT_HDR_LEN], uint32_t max_payload,
		    struct acct_hdr *hdr);

/* ---- writer ---- */

/*
 * A growable output buffer.  Once a put fails (out of memory or over cap),
 * err sticks and every later put fails too, so a sequence of puts can be
 * checked once at the end.
 */
struct acct_buf {
	uint8_t *data;
	size_t len;
	size_t cap;   /* allocated bytes */
	size_t limit; /* never grow past this many bytes */
	int err;      /* 0, or ENOMEM / E2BIG once a put failed (EINVAL: a
			 string with NUL or over ACCT_MAX_STR) */
	int secret;   /* wipe old storage when growing and on free */
};

void acct_buf_init(struct acct_buf *b, size_t limit);
/* Frees the storage (wiping it first if b->secret). */
void acct_buf_free(struct acct_buf *b);
/* Forget the contents but keep the storage. */
void acct_buf_reset(struct acct_buf *b);
/* Append raw bytes (no field header).  Returns 0 or -1 (b->err set). */
int acct_buf_append(struct acct_buf *b, const void *p, size_t n);

int acct_put_u32(struct acct_buf *b, uint16_t tag, uint32_t v);
int acct_put_u64(struct acct_buf *b, uint16_t tag, uint64_t v);
/* s must not contain NUL; len must be <= ACCT_MAX_STR. */
int acct_put_strn(struct acct_buf *b, uint16_t tag, const char *s, size_t len);
int acct_put_str(struct acct_buf *b, uint16_t tag, const char *s);
int acct_put_bytes(struct acct_buf *b, uint16_t tag, const void *p, size_t n);

/*
 * Nested records: mark = acct_begin(b, tag); ...puts...; acct_end(b, mark)
 * back-patches the length.  Returns the mark, or (size_t)-1 on failure.
 */
size_t acct_begin(struct acct_buf *b, uint16_t tag);
int acct_end(struct acct_buf *b, size_t mark);

/*
 * Build a whole frame: header + payload.  The payload is taken from
 * payload/len.  Returns 0 or -1.
 * (Appends to out, normally empty; payload must not point into out.)
 */
int acct_frame(struct acct_buf *out, uint16_t opcode, uint16_t status,
	       const uint8_t *payload, size_t len);

/* ---- reader ---- */

struct acct_field {
	uint16_t tag;
	uint32_t len;
	const uint8_t *val;
};

struct acct_reader {
	const uint8_t *p;
	size_t left;
};

void acct_reader_init(struct acct_reader *r, const void *p, size_t len);
/* Reader over a rec field's value. */
void acct_reader_sub(struct acct_reader *r, const struct acct_field *f);

/*
 * Next field.  Returns 1 and fills f; 0 at the clean end of the buffer;
 * -1 when the remaining bytes do not hold a whole field.
 */
int acct_next(struct acct_reader *r, struct acct_field *f);

/* Typed views of a field.  Each returns 0, or -1 when the size or content
 * is wrong for the type. */
int acct_get_u32(const struct acct_field *f, uint32_t *v);
int acct_get_u64(const struct acct_field *f, uint64_t *v);
/* A string: no NUL inside, len <= ACCT_MAX_STR.  *s is NOT NUL-terminated. */
int acct_get_str(const struct acct_field *f, const char **s, size_t *len);
/* Copy a string into dst[dstsize] with a terminating NUL; -1 if too long. */
int acct_get_strcpy(const struct acct_field *f, char *dst, size_t dstsize);

/*
 * Check a whole payload: every field well-formed, known tags of the right
 * size/type, nested recs checked recursively up to ACCT_MAX_NEST.  Unknown
 * tags are accepted (and skipped).  Returns 0 or -1.
 */
int acct_validate(const void *p, size_t len);

/* Find the first field with this tag at the top level of p/len.  Returns 1
 * found, 0 absent, -1 malformed. */
int acct_find(const void *p, size_t len, uint16_t tag, struct acct_field *f);

#endif
