/*
 * acct_sshkey.h - OpenSSH public keys: the one parser and fingerprint that
 * accountsctl (a clear error before anything is sent) and accountsd (the
 * rule it stores by) share.
 *
 * A key is one line "TYPE BASE64 [COMMENT]", as in authorized_keys but
 * without its options prefix (what a key may do is not the user's to
 * say).  The blob the base64 decodes to must be well formed for its type
 * (RFC 4253 6.6, RFC 5656 3.1, PROTOCOL.u2f) with nothing after it.
 * Needs libsodium (SHA-256, base64): not for the NSS module.
 */
#ifndef ACCT_SSHKEY_H
#define ACCT_SSHKEY_H

#include <stddef.h>
#include <stdint.h>

#define ACCT_SSHKEY_MAX_TYPE 40	    /* sk-ecdsa-sha2-nistp256@openssh.com */
#define ACCT_SSHKEY_MAX_COMMENT 256 /* bytes of printable text */
#define ACCT_SSHKEY_MIN_RSA_BITS 2048u
#define ACCT_SSHKEY_MAX_RSA_BITS 16384u /* ssh-keygen's own limit */
/* the largest blob: an RSA key at its limit, e and n with room to spare */
#define ACCT_SSHKEY_MAX_BLOB 2200u
#define ACCT_SSHKEY_MAX_DATA (((ACCT_SSHKEY_MAX_BLOB + 2) / 3) * 4)
/* "SHA256:" + 43 characters of unpadded base64 */
#define ACCT_SSHKEY_FP_LEN 50u
#define ACCT_SSHKEY_DIGEST_LEN 32u

/* One key, checked. */
struct acct_sshkey {
	char type[ACCT_SSHKEY_MAX_TYPE + 1];
	char data[ACCT_SSHKEY_MAX_DATA + 1]; /* the blob, base64 */
	char comment[ACCT_SSHKEY_MAX_COMMENT + 1];
	char fingerprint[ACCT_SSHKEY_FP_LEN + 1];
	uint8_t digest[ACCT_SSHKEY_DIGEST_LEN]; /* SHA-256 of the blob */
	uint32_t bits;
};

/*
 * Parse and check the key line[0..len) (one trailing newline is allowed;
 * blanks around the fields are skipped).  0 with *k filled, or -1 with
 * one line saying what is wrong in err ("an RSA key must have at least
 * 2048 bits (this one has 1024)").  Needs sodium_init() first.
 */
int acct_sshkey_parse(const char *line, size_t len, struct acct_sshkey *k,
		      char *err, size_t errlen);

/*
 * A fingerprint as ssh-keygen -l prints it ("SHA256:" + 43 characters)
 * into its digest.  0, or -1 when s[0..len) is not one.
 */
int acct_sshkey_fingerprint_parse(const char *s, size_t len,
				  uint8_t digest[ACCT_SSHKEY_DIGEST_LEN]);

/* Is this the name of a key type we accept? */
int acct_sshkey_type_known(const char *s, size_t len);

#endif
