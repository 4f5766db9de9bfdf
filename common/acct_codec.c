/*
 * acct_codec.c - tag/length/value codec of acct_proto.h.
 *
 * Every length read from the wire is compared with what is left of the
 * enclosing buffer by subtraction, so no pointer is ever formed past its end
 * and no addition can wrap.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acct_be.h"
#include "acct_codec.h"
#include "acct_wipe.h"

/* ---- value types of the known tags: the one table validate uses ---- */

enum tag_type {
	TT_UNKNOWN = 0, /* skipped, as acct_proto.h requires */
	TT_U32,
	TT_U64,
	TT_STR,
	TT_UUID,
	TT_REC,
};

static const uint8_t tag_types[] = {
	[ACCT_T_MESSAGE] = TT_STR,
	[ACCT_T_NAME] = TT_STR,
	[ACCT_T_UID] = TT_U32,
	[ACCT_T_GID] = TT_U32,
	[ACCT_T_GECOS] = TT_STR,
	[ACCT_T_HOME] = TT_STR,
	[ACCT_T_SHELL] = TT_STR,
	[ACCT_T_MEMBER] = TT_STR,
	[ACCT_T_CURSOR] = TT_U32,
	[ACCT_T_LIMIT] = TT_U32,
	[ACCT_T_MORE] = TT_U32,
	[ACCT_T_TENANT] = TT_STR,
	[ACCT_T_DISPLAY_NAME] = TT_STR,
	[ACCT_T_EMAIL] = TT_STR,
	[ACCT_T_ROLE] = TT_U32,
	[ACCT_T_STATUS] = TT_U32,
	[ACCT_T_UUID] = TT_UUID,
	[ACCT_T_CREATED] = TT_U64,
	[ACCT_T_UPDATED] = TT_U64,
	[ACCT_T_KIND] = TT_U32,
	[ACCT_T_STATUS_REASON] = TT_STR,
	[ACCT_T_STATUS_UPDATED_AT] = TT_U64,
	[ACCT_T_STATUS_UPDATED_BY] = TT_STR,
	[ACCT_T_DELETED_AT] = TT_U64,
	[ACCT_T_ADMIN_GID] = TT_U32,
	[ACCT_T_TENANT_GID] = TT_U32,
	[ACCT_T_PASSWORD] = TT_STR,
	[ACCT_T_OLD_PASSWORD] = TT_STR,
	[ACCT_T_SERVICE] = TT_STR,
	[ACCT_T_RHOST] = TT_STR,
	[ACCT_T_TTY] = TT_STR,
	[ACCT_T_PID] = TT_U32,
	[ACCT_T_SESSION_ID] = TT_U64,
	[ACCT_T_PAM_RESULT] = TT_U32,
	[ACCT_T_PRELIM] = TT_U32,
	[ACCT_T_PASSWORD_HASH] = TT_STR,
	[ACCT_T_VERSION] = TT_STR,
	[ACCT_T_UPTIME] = TT_U64,
	[ACCT_T_SCHEMA] = TT_U32,
	[ACCT_T_COUNT_TENANTS] = TT_U32,
	[ACCT_T_COUNT_USERS] = TT_U32,
	[ACCT_T_COUNT_GROUPS] = TT_U32,
	[ACCT_T_DB_SIZE] = TT_U64,
	[ACCT_T_DB_MAPSIZE] = TT_U64,
	[ACCT_T_CONNECTIONS] = TT_U32,
	[ACCT_T_SUSPENDED_AT] = TT_U64,
	[ACCT_T_DEPROVISIONED_AT] = TT_U64,
	[ACCT_T_FAILED_LOGINS] = TT_U32,
	[ACCT_T_LOCKED_UNTIL] = TT_U64,
	[ACCT_T_FIRST_FAILURE] = TT_U64,
	[ACCT_T_TIME] = TT_U64,
	[ACCT_T_ACTOR] = TT_STR,
	[ACCT_T_ACTION] = TT_STR,
	[ACCT_T_TARGET] = TT_STR,
	[ACCT_T_RESULT] = TT_U32,
	[ACCT_T_REASON] = TT_STR,
	[ACCT_T_PROC_START] = TT_U64,
	[ACCT_T_STARTED] = TT_U64,
	[ACCT_T_SESSION] = TT_REC,
	[ACCT_T_AUDIT_RECORDS] = TT_U64,
	[ACCT_T_AUDIT_CHAIN] = TT_STR,
	[ACCT_T_SUDO_USER] = TT_STR,
	[ACCT_T_RETRY_AFTER] = TT_U32,
	[ACCT_T_RANK] = TT_U32,
	[ACCT_T_PERMISSION] = TT_STR,
	[ACCT_T_ROLE_NAME] = TT_STR,
	[ACCT_T_BUILTIN] = TT_U32,
	[ACCT_T_REVOKED_TOKENS] = TT_U32,
	[ACCT_T_SEQ] = TT_U64,
	[ACCT_T_SINCE] = TT_U64,
	[ACCT_T_UNTIL] = TT_U64,
	[ACCT_T_BEFORE] = TT_U64,
	[ACCT_T_BROKEN_SEQ] = TT_U64,
	[ACCT_T_TOKEN] = TT_STR,
	[ACCT_T_EXPIRES] = TT_U64,
	[ACCT_T_MAIL_QUEUED] = TT_U32,
	[ACCT_T_TOKEN_KIND] = TT_U32,
	[ACCT_T_USED_AT] = TT_U64,
	[ACCT_T_TOKEN_DATA] = TT_STR,
	[ACCT_T_SUBJECT] = TT_STR,
	[ACCT_T_BODY] = TT_STR,
	[ACCT_T_ATTEMPTS] = TT_U32,
	[ACCT_T_NEXT_ATTEMPT] = TT_U64,
	[ACCT_T_LAST_ERROR] = TT_STR,
	[ACCT_T_MAIL_ID] = TT_U64,
	[ACCT_T_ACCESS_TOKEN] = TT_STR,
	[ACCT_T_REFRESH_TOKEN] = TT_STR,
	[ACCT_T_ACCESS_EXPIRES] = TT_U64,
	[ACCT_T_REFRESH_EXPIRES] = TT_U64,
	[ACCT_T_SSH_KEY_LINE] = TT_STR,
	[ACCT_T_KEY_TYPE] = TT_STR,
	[ACCT_T_KEY_DATA] = TT_STR,
	[ACCT_T_KEY_COMMENT] = TT_STR,
	[ACCT_T_FINGERPRINT] = TT_STR,
	[ACCT_T_KEY_BITS] = TT_U32,
	/* API keys and usage (issue 9); SECRET_HASH is store-only bytes */
	[ACCT_T_API_KEY] = TT_STR,
	[ACCT_T_KEY_PREFIX] = TT_STR,
	[ACCT_T_SCOPE] = TT_STR,
	[ACCT_T_KEY_TTL] = TT_U64,
	[ACCT_T_KEY_NAME] = TT_STR,
	[ACCT_T_REVOKED_AT] = TT_U64,
	[ACCT_T_LAST_USED] = TT_U64,
	[ACCT_T_USE_COUNT] = TT_U64,
	[ACCT_T_SCOPES] = TT_U32,
	[ACCT_T_UNITS] = TT_U64,
	[ACCT_T_MONTH] = TT_U32,
	[ACCT_T_KEY_STATE] = TT_STR,
	[ACCT_T_APP_PASSWORDS] = TT_U32,
	[ACCT_T_KEY_USES] = TT_U64,
	[ACCT_T_LIVE_KEYS] = TT_U32,
	/* PREV_HASH and HASH are raw bytes; the audit verifier checks them */
	[ACCT_T_PASSWD] = TT_REC,
	[ACCT_T_GROUP] = TT_REC,
	[ACCT_T_TENANT_REC] = TT_REC,
	[ACCT_T_USER] = TT_REC,
	[ACCT_T_AUDIT] = TT_REC,
	[ACCT_T_ROLE_REC] = TT_REC,
	[ACCT_T_SSH_KEY] = TT_REC,
	[ACCT_T_APIKEY_REC] = TT_REC,
};

#define ACCT_UUID_LEN 16u

static enum tag_type tag_type(uint16_t tag)
{
	if (tag >= sizeof(tag_types) / sizeof(tag_types[0]))
		return TT_UNKNOWN;
	return (enum tag_type)tag_types[tag];
}

/* ---- frame header ---- */

void acct_hdr_encode(const struct acct_hdr *hdr, uint8_t out[ACCT_HDR_LEN])
{
	acct_be32_put(out, ACCT_MAGIC);
	acct_be16_put(out + 4, hdr->version);
	acct_be16_put(out + 6, hdr->opcode);
	acct_be16_put(out + 8, hdr->flags);
	acct_be16_put(out + 10, hdr->status);
	acct_be32_put(out + 12, hdr->length);
}

int acct_hdr_decode(const uint8_t in[ACCT_HDR_LEN], uint32_t max_payload,
		    struct acct_hdr *hdr)
{
	if (acct_be32_get(in) != ACCT_MAGIC)
		return -1;
	hdr->version = acct_be16_get(in + 4);
	hdr->opcode = acct_be16_get(in + 6);
	hdr->flags = acct_be16_get(in + 8);
	hdr->status = acct_be16_get(in + 10);
	hdr->length = acct_be32_get(in + 12);
	if (hdr->version != ACCT_PROTO_VERSION || hdr->length > max_payload)
		return -1;
	return 0;
}

/* ---- writer ---- */

void acct_buf_init(struct acct_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
	b->err = 0;
	b->secret = 0;
}

void acct_buf_free(struct acct_buf *b)
{
	if (b->data != NULL && b->secret)
		acct_wipe(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = 0;
}

void acct_buf_reset(struct acct_buf *b)
{
	if (b->data != NULL && b->secret)
		acct_wipe(b->data, b->len);
	b->len = 0;
	b->err = 0;
}

static int buf_fail(struct acct_buf *b, int err)
{
	if (b->err == 0)
		b->err = err;
	return -1;
}

/* Make room for n more bytes. */
static int buf_reserve(struct acct_buf *b, size_t n)
{
	size_t need, cap;
	uint8_t *p;

	if (b->err != 0)
		return -1;
	if (b->len > b->limit || n > b->limit - b->len)
		return buf_fail(b, E2BIG);
	need = b->len + n;
	if (need <= b->cap)
		return 0;

	cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need && cap <= SIZE_MAX / 2)
		cap *= 2;
	if (cap < need || cap > b->limit)
		cap = b->limit;

	if (b->secret) {
		/* realloc could leave the old copy behind unwiped */
		p = malloc(cap);
		if (p == NULL)
			return buf_fail(b, ENOMEM);
		if (b->data != NULL) {
			memcpy(p, b->data, b->len);
			acct_wipe(b->data, b->cap);
			free(b->data);
		}
	} else {
		p = realloc(b->data, cap);
		if (p == NULL)
			return buf_fail(b, ENOMEM);
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int acct_buf_append(struct acct_buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

/* Field header plus room for its value; returns where the value goes. */
static uint8_t *put_field(struct acct_buf *b, uint16_t tag, size_t n)
{
	uint8_t *p;

	if (b->err != 0)
		return NULL;
	if (n > UINT32_MAX) {
		buf_fail(b, E2BIG);
		return NULL;
	}
	if (n > SIZE_MAX - ACCT_FIELD_HDR_LEN) {
		buf_fail(b, E2BIG);
		return NULL;
	}
	if (buf_reserve(b, ACCT_FIELD_HDR_LEN + n) < 0)
		return NULL;
	p = b->data + b->len;
	acct_be16_put(p, tag);
	acct_be32_put(p + 2, (uint32_t)n);
	b->len += ACCT_FIELD_HDR_LEN + n;
	return p + ACCT_FIELD_HDR_LEN;
}

int acct_put_u32(struct acct_buf *b, uint16_t tag, uint32_t v)
{
	uint8_t *p = put_field(b, tag, 4);

	if (p == NULL)
		return -1;
	acct_be32_put(p, v);
	return 0;
}

int acct_put_u64(struct acct_buf *b, uint16_t tag, uint64_t v)
{
	uint8_t *p = put_field(b, tag, 8);

	if (p == NULL)
		return -1;
	acct_be64_put(p, v);
	return 0;
}

int acct_put_strn(struct acct_buf *b, uint16_t tag, const char *s, size_t len)
{
	uint8_t *p;

	if (b->err != 0)
		return -1;
	/* a string the receiver would reject is a bug here, not on the wire */
	if (len > ACCT_MAX_STR || (len > 0 && s == NULL) ||
	    (len > 0 && memchr(s, '\0', len) != NULL))
		return buf_fail(b, EINVAL);
	p = put_field(b, tag, len);
	if (p == NULL)
		return -1;
	if (len > 0)
		memcpy(p, s, len);
	return 0;
}

int acct_put_str(struct acct_buf *b, uint16_t tag, const char *s)
{
	if (s == NULL)
		return buf_fail(b, EINVAL);
	return acct_put_strn(b, tag, s, strlen(s));
}

int acct_put_bytes(struct acct_buf *b, uint16_t tag, const void *p, size_t n)
{
	uint8_t *v = put_field(b, tag, n);

	if (v == NULL)
		return -1;
	if (n > 0)
		memcpy(v, p, n);
	return 0;
}

size_t acct_begin(struct acct_buf *b, uint16_t tag)
{
	size_t mark = b->len;

	if (put_field(b, tag, 0) == NULL)
		return (size_t)-1;
	return mark;
}

int acct_end(struct acct_buf *b, size_t mark)
{
	size_t n;

	if (b->err != 0)
		return -1;
	if (mark == (size_t)-1 || mark > b->len ||
	    b->len - mark < ACCT_FIELD_HDR_LEN)
		return buf_fail(b, EINVAL);
	n = b->len - mark - ACCT_FIELD_HDR_LEN;
	if (n > UINT32_MAX)
		return buf_fail(b, E2BIG);
	acct_be32_put(b->data + mark + 2, (uint32_t)n);
	return 0;
}

int acct_frame(struct acct_buf *out, uint16_t opcode, uint16_t status,
	       const uint8_t *payload, size_t len)
{
	struct acct_hdr hdr = {
		.version = ACCT_PROTO_VERSION,
		.opcode = opcode,
		.flags = 0,
		.status = status,
	};
	uint8_t raw[ACCT_HDR_LEN];

	if (out->err != 0)
		return -1;
	if (len > UINT32_MAX)
		return buf_fail(out, E2BIG);
	hdr.length = (uint32_t)len;
	acct_hdr_encode(&hdr, raw);
	/* one growth for both parts; payload must not point into out */
	if (len > SIZE_MAX - ACCT_HDR_LEN)
		return buf_fail(out, E2BIG);
	if (buf_reserve(out, ACCT_HDR_LEN + len) < 0)
		return -1;
	if (acct_buf_append(out, raw, sizeof(raw)) < 0)
		return -1;
	return acct_buf_append(out, payload, len);
}

/* ---- reader ---- */

void acct_reader_init(struct acct_reader *r, const void *p, size_t len)
{
	r->p = p;
	r->left = p != NULL ? len : 0;
}

void acct_reader_sub(struct acct_reader *r, const struct acct_field *f)
{
	acct_reader_init(r, f->val, f->len);
}

int acct_next(struct acct_reader *r, struct acct_field *f)
{
	uint32_t len;

	if (r->left == 0)
		return 0;
	if (r->left < ACCT_FIELD_HDR_LEN)
		return -1;
	len = acct_be32_get(r->p + 2);
	if (len > r->left - ACCT_FIELD_HDR_LEN)
		return -1;
	f->tag = acct_be16_get(r->p);
	f->len = len;
	f->val = r->p + ACCT_FIELD_HDR_LEN;
	r->p += ACCT_FIELD_HDR_LEN + (size_t)len;
	r->left -= ACCT_FIELD_HDR_LEN + (size_t)len;
	return 1;
}

int acct_get_u32(const struct acct_field *f, uint32_t *v)
{
	if (f->len != 4)
		return -1;
	*v = acct_be32_get(f->val);
	return 0;
}

int acct_get_u64(const struct acct_field *f, uint64_t *v)
{
	if (f->len != 8)
		return -1;
	*v = acct_be64_get(f->val);
	return 0;
}

int acct_get_str(const struct acct_field *f, const char **s, size_t *len)
{
	if (f->len > ACCT_MAX_STR)
		return -1;
	if (f->len == 0) {
		*s = "";
		*len = 0;
		return 0;
	}
	if (memchr(f->val, '\0', f->len) != NULL)
		return -1;
	*s = (const char *)f->val;
	*len = f->len;
	return 0;
}

int acct_get_strcpy(const struct acct_field *f, char *dst, size_t dstsize)
{
	const char *s;
	size_t len;

	if (acct_get_str(f, &s, &len) < 0 || dstsize == 0 || len >= dstsize)
		return -1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 0;
}

static int validate_level(const void *p, size_t len, unsigned depth)
{
	struct acct_reader r;
	struct acct_field f;
	const char *s;
	size_t slen;
	int rc;

	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, &f)) == 1) {
		switch (tag_type(f.tag)) {
		case TT_UNKNOWN:
			break;
		case TT_U32:
			if (f.len != 4)
				return -1;
			break;
		case TT_U64:
			if (f.len != 8)
				return -1;
			break;
		case TT_UUID:
			if (f.len != ACCT_UUID_LEN)
				return -1;
			break;
		case TT_STR:
			if (acct_get_str(&f, &s, &slen) < 0)
				return -1;
			break;
		case TT_REC:
			if (depth >= ACCT_MAX_NEST)
				return -1;
			if (validate_level(f.val, f.len, depth + 1) < 0)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return rc;
}

int acct_validate(const void *p, size_t len)
{
	if (p == NULL && len > 0)
		return -1;
	return validate_level(p, len, 0);
}

int acct_find(const void *p, size_t len, uint16_t tag, struct acct_field *f)
{
	struct acct_reader r;
	int rc;

	acct_reader_init(&r, p, len);
	while ((rc = acct_next(&r, f)) == 1) {
		if (f->tag == tag)
			return 1;
	}
	return rc;
}
