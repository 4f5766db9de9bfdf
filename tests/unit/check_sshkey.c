/*
 * check_sshkey.c - acct_sshkey: keys made by the real ssh-keygen are
 * accepted with the fingerprint and size ssh-keygen -l prints; hostile
 * lines are refused with a reason, each for its own.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "acct_be.h"
#include "acct_sshkey.h"

#define KEYGEN "ssh-keygen"

static char dir[64];
static int nkeys;

static void setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	snprintf(dir, sizeof(dir), "/tmp/check_sshkey.XXXXXX");
	if (mkdtemp(dir) == NULL)
		ck_abort_msg("mkdtemp");
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

/* What cmd prints, one line at most. */
static void run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");

	ck_assert_ptr_nonnull(p);
	if (fgets(out, (int)size, p) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(p);
}

/* A new key from ssh-keygen: its .pub line into line, its path into
 * pub. */
static void keygen(const char *type, int bits, const char *comment, char *line,
		   size_t size, char *pub, size_t psize)
{
	char cmd[512], path[200];

	snprintf(path, sizeof(path), "%s/k%d", dir, nkeys++);
	snprintf(cmd, sizeof(cmd),
		 KEYGEN " -q -t %s %s%.0d -N '' -C '%s' -f %s </dev/null", type,
		 bits ? "-b " : "", bits, comment, path);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(pub, psize, "%s.pub", path);
	snprintf(cmd, sizeof(cmd), "cat %s", pub);
	run(cmd, line, size);
	ck_assert_int_gt((int)strlen(line), 0);
}

/* ssh-keygen -l of a .pub file: its size and fingerprint. */
static void keygen_l(const char *pub, unsigned *bits, char *fp, size_t size)
{
	char cmd[512], out[512];

	snprintf(cmd, sizeof(cmd), KEYGEN " -l -f %s", pub);
	run(cmd, out, sizeof(out));
	*bits = (unsigned)strtoul(out, NULL, 10);
	ck_assert_uint_gt(*bits, 0);
	snprintf(fp, size, "%.*s", (int)strcspn(strchr(out, ' ') + 1, " "),
		 strchr(out, ' ') + 1);
}

static void accepted(const char *line, const char *pub, const char *type,
		     const char *comment)
{
	struct acct_sshkey k;
	char err[256] = "", fp[128];
	unsigned bits;

	ck_assert_msg(acct_sshkey_parse(line, strlen(line), &k, err,
					sizeof(err)) == 0,
		      "%s: %s", line, err);
	keygen_l(pub, &bits, fp, sizeof(fp));
	ck_assert_str_eq(k.fingerprint, fp);
	ck_assert_uint_eq(k.bits, bits);
	ck_assert_str_eq(k.type, type);
	ck_assert_str_eq(k.comment, comment);
}

START_TEST(test_keygen_keys)
{
	static const struct {
		const char *t, *type;
		int bits;
	} kinds[] = {
		{"ed25519", "ssh-ed25519", 0},
		{"rsa", "ssh-rsa", 2048},
		{"rsa", "ssh-rsa", 3072},
		{"ecdsa", "ecdsa-sha2-nistp256", 256},
		{"ecdsa", "ecdsa-sha2-nistp384", 384},
		{"ecdsa", "ecdsa-sha2-nistp521", 521},
	};
	char line[4096], pub[256];

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		keygen(kinds[i].t, kinds[i].bits, "alice@laptop", line,
		       sizeof(line), pub, sizeof(pub));
		accepted(line, pub, kinds[i].type, "alice@laptop");
	}
}
END_TEST

/* Blanks around the fields and a comment of several words: kept as the
 * words, the line's own newline dropped. */
START_TEST(test_comment_and_blanks)
{
	char line[4096], pub[256], spaced[4200];
	struct acct_sshkey k;
	char err[256];

	keygen("ed25519", 0, "Zoë key  2026", line, sizeof(line), pub,
	       sizeof(pub));
	accepted(line, pub, "ssh-ed25519", "Zoë key  2026");
	*strchr(line, ' ') = '\0';
	snprintf(spaced, sizeof(spaced), "  %s \t%s\n", line,
		 line + strlen(line) + 1);
	ck_assert_int_eq(
		acct_sshkey_parse(spaced, strlen(spaced), &k, err, sizeof(err)),
		0);
	ck_assert_str_eq(k.comment, "Zoë key  2026");
}
END_TEST

/* ---- hand-made blobs ---- */

struct blob {
	uint8_t p[4096];
	size_t len;
};

static void put_string(struct blob *b, const void *s, size_t len)
{
	acct_be32_put(b->p + b->len, (uint32_t)len);
	memcpy(b->p + b->len + 4, s, len);
	b->len += 4 + len;
}

static void put_cstr(struct blob *b, const char *s)
{
	put_string(b, s, strlen(s));
}

/* "TYPE BASE64(blob) COMMENT" */
static void line_of(const char *type, const struct blob *b, const char *comment,
		    char *line, size_t size)
{
	char b64[6000];

	sodium_bin2base64(b64, sizeof(b64), b->p, b->len,
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(line, size, "%s %s%s%s", type, b64, comment ? " " : "",
		 comment ? comment : "");
}

/* The blob of a key line. */
static void blob_of(const char *line, struct blob *b)
{
	const char *data = strchr(line, ' ') + 1;
	size_t n = strcspn(data, " ");

	ck_assert_int_eq(sodium_base642bin(b->p, sizeof(b->p), data, n, NULL,
					   &b->len, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "%s\n", text);
	fclose(f);
}

/* Security keys, made from real points (ssh-keygen -l checks them). */
START_TEST(test_security_keys)
{
	char line[4096], pub[256], path[256], skline[8192];
	struct blob ec, b = {{0}, 0};
	uint8_t pk[32];

	keygen("ecdsa", 256, "x", line, sizeof(line), pub, sizeof(pub));
	blob_of(line, &ec);
	/* string type (19), string curve (8), string Q (65) */
	ck_assert_uint_eq(ec.len, 4 + 19 + 4 + 8 + 4 + 65);
	put_cstr(&b, "sk-ecdsa-sha2-nistp256@openssh.com");
	put_cstr(&b, "nistp256");
	put_string(&b, ec.p + 4 + 19 + 4 + 8 + 4, 65);
	put_cstr(&b, "ssh:");
	line_of("sk-ecdsa-sha2-nistp256@openssh.com", &b, "yubikey", skline,
		sizeof(skline));
	snprintf(path, sizeof(path), "%s/sk-ecdsa.pub", dir);
	write_file(path, skline);
	accepted(skline, path, "sk-ecdsa-sha2-nistp256@openssh.com", "yubikey");

	randombytes_buf(pk, sizeof(pk));
	b.len = 0;
	put_cstr(&b, "sk-ssh-ed25519@openssh.com");
	put_string(&b, pk, sizeof(pk));
	put_cstr(&b, "ssh:");
	line_of("sk-ssh-ed25519@openssh.com", &b, "solo", skline,
		sizeof(skline));
	snprintf(path, sizeof(path), "%s/sk-ed.pub", dir);
	write_file(path, skline);
	accepted(skline, path, "sk-ssh-ed25519@openssh.com", "solo");
}
END_TEST

/* line (len bytes) is refused, with words containing want. */
static void refused(const char *line, size_t len, const char *want)
{
	struct acct_sshkey k;
	char err[256] = "";

	ck_assert_msg(acct_sshkey_parse(line, len, &k, err, sizeof(err)) != 0,
		      "accepted: %.80s", line);
	ck_assert_msg(strstr(err, want) != NULL, "'%s' lacks '%s'", err, want);
}

static void refused_s(const char *line, const char *want)
{
	refused(line, strlen(line), want);
}

/* An Ed25519 blob with a public key of len bytes (a lie when the length
 * says otherwise). */
static void ed_blob(struct blob *b, uint32_t says, size_t has)
{
	uint8_t pk[64];

	memset(pk, 7, sizeof(pk));
	b->len = 0;
	put_cstr(b, "ssh-ed25519");
	acct_be32_put(b->p + b->len, says);
	memcpy(b->p + b->len + 4, pk, has);
	b->len += 4 + has;
}

START_TEST(test_hostile_blobs)
{
	char line[8192], good[4096], pub[256];
	struct blob b;

	/* truncated: the last byte of a real key gone */
	keygen("ed25519", 0, "c", good, sizeof(good), pub, sizeof(pub));
	blob_of(good, &b);
	b.len--;
	line_of("ssh-ed25519", &b, NULL, line, sizeof(line));
	refused_s(line, "cut short");
	/* a length that runs past the end */
	ed_blob(&b, 0xfffffff0u, 32);
	line_of("ssh-ed25519", &b, NULL, line, sizeof(line));
	refused_s(line, "cut short");
	/* a key of the wrong size */
	ed_blob(&b, 31, 31);
	line_of("ssh-ed25519", &b, NULL, line, sizeof(line));
	refused_s(line, "32 bytes");
	/* bytes after the key */
	ed_blob(&b, 32, 32);
	b.p[b.len++] = 0;
	line_of("ssh-ed25519", &b, NULL, line, sizeof(line));
	refused_s(line, "too many");
	/* the line says one type, the blob another */
	blob_of(good, &b);
	line_of("ssh-rsa", &b, NULL, line, sizeof(line));
	refused_s(line, "not of type ssh-rsa");
	/* an ECDSA key naming another curve than its type */
	keygen("ecdsa", 384, "c", good, sizeof(good), pub, sizeof(pub));
	blob_of(good, &b);
	memcpy(b.p + 4 + 19 - 3, "256", 3); /* type says nistp256 */
	line_of("ecdsa-sha2-nistp256", &b, NULL, line, sizeof(line));
	refused_s(line, "curve");
}
END_TEST

/* An RSA blob: e and n as given (mpint bytes). */
static void rsa_blob(struct blob *b, const uint8_t *e, size_t elen,
		     const uint8_t *n, size_t nlen)
{
	b->len = 0;
	put_cstr(b, "ssh-rsa");
	put_string(b, e, elen);
	put_string(b, n, nlen);
}

START_TEST(test_small_rsa)
{
	static const uint8_t e65537[] = {0x01, 0x00, 0x01};
	uint8_t n[258] = {0};
	char line[4096], pub[256], bad[8192];
	struct blob b;

	keygen("rsa", 1024, "old", line, sizeof(line), pub, sizeof(pub));
	refused_s(line, "at least 2048 bits (this one has 1024)");
	/* an empty, a negative and a padded modulus */
	rsa_blob(&b, e65537, sizeof(e65537), n, 0);
	line_of("ssh-rsa", &b, NULL, bad, sizeof(bad));
	refused_s(bad, "modulus is not valid");
	memset(n, 0xff, sizeof(n));
	rsa_blob(&b, e65537, sizeof(e65537), n, 256);
	line_of("ssh-rsa", &b, NULL, bad, sizeof(bad));
	refused_s(bad, "modulus is not valid");
	n[0] = 0;
	n[1] = 0;
	rsa_blob(&b, e65537, sizeof(e65537), n, 258);
	line_of("ssh-rsa", &b, NULL, bad, sizeof(bad));
	refused_s(bad, "modulus is not valid");
	/* an even exponent, an empty one */
	n[1] = 0xff;
	rsa_blob(&b, (const uint8_t *)"\x02", 1, n, 257);
	line_of("ssh-rsa", &b, NULL, bad, sizeof(bad));
	refused_s(bad, "exponent is not valid");
	rsa_blob(&b, e65537, 0, n, 257);
	line_of("ssh-rsa", &b, NULL, bad, sizeof(bad));
	refused_s(bad, "exponent is not valid");
	/* the same, well formed: 2048 bits */
	rsa_blob(&b, e65537, sizeof(e65537), n, 257);
	line_of("ssh-rsa", &b, NULL, bad, sizeof(bad));
	{
		struct acct_sshkey k;
		char err[256];

		ck_assert_int_eq(acct_sshkey_parse(bad, strlen(bad), &k, err,
						   sizeof(err)),
				 0);
		ck_assert_uint_eq(k.bits, 2048);
	}
}
END_TEST

START_TEST(test_hostile_lines)
{
	char line[4096], pub[256], bad[6000], big[400];
	size_t n;

	keygen("ed25519", 0, "c", line, sizeof(line), pub, sizeof(pub));
	refused_s("", "empty");
	refused_s("ssh-ed25519", "missing");
	refused_s("ssh-ed25519 AAAA$$$$", "base64");
	refused_s("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtXGNi4oxAQfZ36nq7",
		  "base64");
	refused_s("ssh-dss AAAAB3NzaC1kc3M= x", "DSA");
	refused_s("ssh-foo AAAA x", "unknown key type 'ssh-foo'");
	snprintf(bad, sizeof(bad), "restrict,command=\"x\" %s", line);
	refused_s(bad, "options");
	snprintf(bad, sizeof(bad), "no-pty %s", line);
	refused_s(bad, "options");
	/* a huge comment */
	memset(big, 'c', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(bad, sizeof(bad), "%s %s", line, big);
	refused_s(bad, "comment is too long");
	/* NUL, CR, a second line, a control character */
	n = strlen(line);
	memcpy(bad, line, n + 1);
	bad[n - 1] = '\0';
	refused(bad, n, "NUL");
	snprintf(bad, sizeof(bad), "%s\r\n", line);
	refused_s(bad, "carriage return");
	snprintf(bad, sizeof(bad), "%s\n%s", line, line);
	refused_s(bad, "one line");
	snprintf(bad, sizeof(bad), "%s \033[2J", line);
	refused_s(bad, "control character");
	snprintf(bad, sizeof(bad), "%s caf\xc3", line);
	refused_s(bad, "UTF-8");
	snprintf(bad, sizeof(bad),
		 "%s \xc2\x9b"
		 "2J",
		 line);
	refused_s(bad, "UTF-8");
}
END_TEST

START_TEST(test_fingerprint_parse)
{
	char line[4096], pub[256], err[256];
	uint8_t digest[ACCT_SSHKEY_DIGEST_LEN];
	struct acct_sshkey k;

	keygen("ed25519", 0, "c", line, sizeof(line), pub, sizeof(pub));
	ck_assert_int_eq(
		acct_sshkey_parse(line, strlen(line), &k, err, sizeof(err)), 0);
	ck_assert_int_eq(acct_sshkey_fingerprint_parse(
				 k.fingerprint, strlen(k.fingerprint), digest),
			 0);
	ck_assert_mem_eq(digest, k.digest, sizeof(digest));
	ck_assert_int_ne(acct_sshkey_fingerprint_parse("SHA256:", 7, digest),
			 0);
	ck_assert_int_ne(
		acct_sshkey_fingerprint_parse(
			k.fingerprint + 1, strlen(k.fingerprint) - 1, digest),
		0);
	k.fingerprint[10] = '$';
	ck_assert_int_ne(acct_sshkey_fingerprint_parse(
				 k.fingerprint, strlen(k.fingerprint), digest),
			 0);
	ck_assert_int_ne(
		acct_sshkey_fingerprint_parse(
			"MD5:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99",
			50, digest),
		0);
}
END_TEST

static Suite *sshkey_suite(void)
{
	Suite *s = suite_create("sshkey");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_keygen_keys);
	tcase_add_test(tc, test_comment_and_blanks);
	tcase_add_test(tc, test_security_keys);
	tcase_add_test(tc, test_hostile_blobs);
	tcase_add_test(tc, test_small_rsa);
	tcase_add_test(tc, test_hostile_lines);
	tcase_add_test(tc, test_fingerprint_parse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (system(KEYGEN " -? >/dev/null 2>&1; command -v " KEYGEN
			  " >/dev/null") != 0)
		return 77; /* no ssh-keygen: SKIP */
	sr = srunner_create(sshkey_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
