/*
 * acct_sshkey.c - parse and check an OpenSSH public key line, and its
 * SHA256 fingerprint (see acct_sshkey.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "acct_be.h"
#include "acct_sshkey.h"
#include "acct_text.h"

enum key_kind { K_RSA, K_ED25519, K_ECDSA, K_SK_ED25519, K_SK_ECDSA };

struct key_type {
	const char *name;
	const char *curve; /* ECDSA: the curve the blob must name */
	enum key_kind kind;
	uint32_t bits; /* 0: read from the key (RSA) */
};

static const struct key_type types[] = {
	{"ssh-ed25519", NULL, K_ED25519, 256},
	{"ssh-rsa", NULL, K_RSA, 0},
	{"ecdsa-sha2-nistp256", "nistp256", K_ECDSA, 256},
	{"ecdsa-sha2-nistp384", "nistp384", K_ECDSA, 384},
	{"ecdsa-sha2-nistp521", "nistp521", K_ECDSA, 521},
	{"sk-ssh-ed25519@openssh.com", NULL, K_SK_ED25519, 256},
	{"sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", K_SK_ECDSA, 256},
};

#define NTYPES (sizeof(types) / sizeof(types[0]))
#define TYPE_LIST                                                              \
	"ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, "                  \
	"sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com"
#define ED25519_LEN 32u
#define SK_APP_MAX 256u /* a security key's application ("ssh:") */

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen,
						      const char *fmt, ...)
{
	va_list ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const struct key_type *type_find(const char *s, size_t len)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (strlen(types[i].name) == len &&
		    memcmp(types[i].name, s, len) == 0)
			return &types[i];
	return NULL;
}

int acct_sshkey_type_known(const char *s, size_t len)
{
	return type_find(s, len) != NULL;
}

static bool is_dss(const char *s, size_t len)
{
	return len == 7 && memcmp(s, "ssh-dss", 7) == 0;
}

/* ---- the blob: SSH wire strings, read against what is left ---- */

struct blob {
	const uint8_t *p;
	size_t left;
};

/* The next string (u32 length, then bytes): 0, or -1 when its length
 * runs past the end of the blob. */
static int take_string(struct blob *b, const uint8_t **s, size_t *len)
{
	uint32_t n;

	if (b->left < 4)
		return -1;
	n = acct_be32_get(b->p);
	if (n > b->left - 4)
		return -1;
	*s = b->p + 4;
	*len = n;
	b->p += 4 + n;
	b->left -= 4 + n;
	return 0;
}

/* A positive mpint in its shortest form: its bits (0 for zero), or -1
 * when it is negative or padded. */
static long mpint_bits(const uint8_t *s, size_t len)
{
	unsigned top;
	long bits;

	if (len == 0)
		return 0;
	if (s[0] & 0x80)
		return -1; /* negative */
	if (s[0] == 0) {
		/* a zero byte only to keep the next one's top bit clear */
		if (len == 1 || !(s[1] & 0x80))
			return -1;
		s++;
		len--;
	}
	bits = (long)(len - 1) * 8;
	for (top = s[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

static int check_rsa(struct blob *b, struct acct_sshkey *k, char *err,
		     size_t errlen)
{
	const uint8_t *e, *n;
	size_t elen, nlen;
	long ebits, nbits;

	if (take_string(b, &e, &elen) != 0 || take_string(b, &n, &nlen) != 0)
		return fail(err, errlen, "the RSA key is cut short");
	ebits = mpint_bits(e, elen);
	nbits = mpint_bits(n, nlen);
	if (ebits < 2 || ebits > 64 || !(e[elen - 1] & 1))
		return fail(err, errlen,
			    "the RSA key's public exponent is not valid");
	if (nbits <= 0 || !(n[nlen - 1] & 1))
		return fail(err, errlen, "the RSA key's modulus is not valid");
	if (nbits < (long)ACCT_SSHKEY_MIN_RSA_BITS)
		return fail(err, errlen,
			    "an RSA key must have at least %u bits (this one "
			    "has %ld)",
			    ACCT_SSHKEY_MIN_RSA_BITS, nbits);
	if (nbits > (long)ACCT_SSHKEY_MAX_RSA_BITS)
		return fail(err, errlen,
			    "an RSA key may have at most %u bits (this one "
			    "has %ld)",
			    ACCT_SSHKEY_MAX_RSA_BITS, nbits);
	k->bits = (uint32_t)nbits;
	return 0;
}

static int check_ed25519(struct blob *b, char *err, size_t errlen)
{
	const uint8_t *pk;
	size_t len;

	if (take_string(b, &pk, &len) != 0)
		return fail(err, errlen, "the Ed25519 key is cut short");
	if (len != ED25519_LEN)
		return fail(err, errlen, "an Ed25519 key is %u bytes, not %zu",
			    ED25519_LEN, len);
	return 0;
}

/* An uncompressed point's length on a curve of this many bits. */
static size_t point_len(uint32_t bits)
{
	return 1 + 2 * (((size_t)bits + 7) / 8);
}

static int check_ecdsa(struct blob *b, const struct key_type *t, char *err,
		       size_t errlen)
{
	const uint8_t *curve, *q;
	size_t clen, qlen;

	if (take_string(b, &curve, &clen) != 0 || take_string(b, &q, &qlen))
		return fail(err, errlen, "the ECDSA key is cut short");
	if (clen != strlen(t->curve) || memcmp(curve, t->curve, clen) != 0)
		return fail(err, errlen,
			    "the key's curve is not the %s its type names",
			    t->curve);
	if (qlen != point_len(t->bits) || q[0] != 0x04)
		return fail(err, errlen,
			    "the ECDSA key's point is not an uncompressed "
			    "point of %s",
			    t->curve);
	return 0;
}

/* A security key's blob ends with the application it was made for. */
static int check_application(struct blob *b, char *err, size_t errlen)
{
	const uint8_t *app;
	size_t len;

	if (take_string(b, &app, &len) != 0)
		return fail(err, errlen, "the security key is cut short");
	if (len == 0 || len > SK_APP_MAX)
		return fail(err, errlen,
			    "the security key's application is not valid");
	for (size_t i = 0; i < len; i++)
		if (app[i] < 0x21 || app[i] > 0x7e)
			return fail(err, errlen,
				    "the security key's application is not "
				    "valid");
	return 0;
}

static int check_blob(const uint8_t *p, size_t len, const struct key_type *t,
		      struct acct_sshkey *k, char *err, size_t errlen)
{
	struct blob b = {p, len};
	const uint8_t *name;
	size_t nlen;
	int rc;

	if (take_string(&b, &name, &nlen) != 0)
		return fail(err, errlen, "the key data is cut short");
	if (nlen != strlen(t->name) || memcmp(name, t->name, nlen) != 0)
		return fail(err, errlen,
			    "the key data is not of type %s (the line says one "
			    "type, the key holds another)",
			    t->name);
	k->bits = t->bits;
	switch (t->kind) {
	case K_RSA:
		rc = check_rsa(&b, k, err, errlen);
		break;
	case K_ED25519:
		rc = check_ed25519(&b, err, errlen);
		break;
	case K_ECDSA:
		rc = check_ecdsa(&b, t, err, errlen);
		break;
	case K_SK_ED25519:
		rc = check_ed25519(&b, err, errlen);
		if (rc == 0)
			rc = check_application(&b, err, errlen);
		break;
	case K_SK_ECDSA:
		rc = check_ecdsa(&b, t, err, errlen);
		if (rc == 0)
			rc = check_application(&b, err, errlen);
		break;
	default:
		rc = fail(err, errlen, "unknown key type");
	}
	if (rc == 0 && b.left != 0)
		rc = fail(err, errlen,
			  "the key data has %zu bytes too many after the key",
			  b.left);
	return rc;
}

/* ---- the line ---- */

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next field of line[*at..len): its start and length (0: none). */
static size_t next_field(const char *line, size_t len, size_t *at,
			 const char **start)
{
	size_t i = *at, n = 0;

	while (i < len && blank(line[i]))
		i++;
	*start = line + i;
	while (i + n < len && !blank(line[i + n]))
		n++;
	*at = i + n;
	return n;
}

/* Does a field after the first name a key type?  Then the first is an
 * options prefix ("restrict,command=... ssh-ed25519 AAAA..."). */
static bool has_options(const char *line, size_t len)
{
	const char *f;
	size_t at = 0, n;
	bool first = true;

	while ((n = next_field(line, len, &at, &f)) > 0) {
		if (!first && (type_find(f, n) != NULL || is_dss(f, n)))
			return true;
		first = false;
	}
	return false;
}

static int check_chars(const char *line, size_t len, char *err, size_t errlen)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == '\0')
			return fail(err, errlen,
				    "the key line holds a NUL byte");
		if (c == '\r' || c == '\n')
			return fail(err, errlen,
				    "the key must be one line (it holds a "
				    "line break or carriage return)");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(err, errlen,
				    "the key line holds a control character");
	}
	return 0;
}

static int read_comment(const char *s, size_t len, struct acct_sshkey *k,
			char *err, size_t errlen)
{
	while (len > 0 && blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && blank(s[len - 1]))
		len--;
	if (len > ACCT_SSHKEY_MAX_COMMENT)
		return fail(err, errlen,
			    "the key's comment is too long (%zu bytes, at most "
			    "%u)",
			    len, ACCT_SSHKEY_MAX_COMMENT);
	for (size_t i = 0; i < len;) {
		const unsigned char *c = (const unsigned char *)s + i;
		uint32_t cp;
		size_t n = *c < 0x80 ? 1 : acct_utf8_seq(c, len - i, &cp);

		if (*c == '\t')
			return fail(err, errlen,
				    "the key's comment holds a tab");
		/* C1 controls are no more printable than C0 ones */
		if (n == 0 || (n > 1 && cp < 0xa0))
			return fail(err, errlen,
				    "the key's comment is not printable UTF-8");
		i += n;
	}
	memcpy(k->comment, s, len);
	k->comment[len] = '\0';
	return 0;
}

/* The key type the line's first field names: NULL, with the reason in
 * err, when it names none we take. */
static const struct key_type *read_type(const char *f, size_t n,
					const char *line, size_t len, char *err,
					size_t errlen)
{
	const struct key_type *t;
	char shown[ACCT_SSHKEY_MAX_TYPE + 1];

	if (n == 0) {
		fail(err, errlen, "the key line is empty");
		return NULL;
	}
	if (is_dss(f, n)) {
		fail(err, errlen,
		     "ssh-dss (DSA) keys are refused: 1024 bits and disabled "
		     "by OpenSSH since 7.0; use ssh-ed25519");
		return NULL;
	}
	t = type_find(f, n);
	if (t != NULL)
		return t;
	if (has_options(line, len)) {
		fail(err, errlen,
		     "options before the key type are not accepted: give "
		     "TYPE BASE64 [COMMENT]");
		return NULL;
	}
	snprintf(shown, sizeof(shown), "%.*s", (int)n, f);
	for (char *c = shown; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f ||
		    *c == '\'')
			*c = '?';
	fail(err, errlen, "unknown key type '%s%s' (known: %s)", shown,
	     n > ACCT_SSHKEY_MAX_TYPE ? "..." : "", TYPE_LIST);
	return NULL;
}

static void fingerprint(struct acct_sshkey *k, const uint8_t *blob, size_t len)
{
	crypto_hash_sha256(k->digest, blob, len);
	memcpy(k->fingerprint, "SHA256:", 7);
	sodium_bin2base64(k->fingerprint + 7, sizeof(k->fingerprint) - 7,
			  k->digest, sizeof(k->digest),
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

int acct_sshkey_parse(const char *line, size_t len, struct acct_sshkey *k,
		      char *err, size_t errlen)
{
	uint8_t blob[ACCT_SSHKEY_MAX_BLOB + 3];
	const struct key_type *t;
	const char *f, *end = NULL;
	size_t at = 0, n, blen = 0;

	memset(k, 0, sizeof(*k));
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (check_chars(line, len, err, errlen) != 0)
		return -1;
	n = next_field(line, len, &at, &f);
	t = read_type(f, n, line, len, err, errlen);
	if (t == NULL)
		return -1;
	n = next_field(line, len, &at, &f);
	if (n == 0)
		return fail(err, errlen, "the key data (base64) is missing");
	if (n > ACCT_SSHKEY_MAX_DATA)
		return fail(err, errlen,
			    "the key data is too long (%zu characters, at most "
			    "%u)",
			    n, ACCT_SSHKEY_MAX_DATA);
	if (n % 4 != 0 ||
	    sodium_base642bin(blob, sizeof(blob), f, n, NULL, &blen, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != f + n)
		return fail(err, errlen, "the key data is not valid base64");
	if (check_blob(blob, blen, t, k, err, errlen) != 0)
		return -1;
	if (read_comment(line + at, len - at, k, err, errlen) != 0)
		return -1;
	snprintf(k->type, sizeof(k->type), "%s", t->name);
	memcpy(k->data, f, n);
	k->data[n] = '\0';
	fingerprint(k, blob, blen);
	return 0;
}

int acct_sshkey_fingerprint_parse(const char *s, size_t len,
				  uint8_t digest[ACCT_SSHKEY_DIGEST_LEN])
{
	size_t got = 0;
	const char *end = NULL;

	if (len != ACCT_SSHKEY_FP_LEN || memcmp(s, "SHA256:", 7) != 0)
		return -1;
	if (sodium_base642bin(digest, ACCT_SSHKEY_DIGEST_LEN, s + 7, len - 7,
			      NULL, &got, &end,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
	    end != s + len || got != ACCT_SSHKEY_DIGEST_LEN)
		return -1;
	return 0;
}
