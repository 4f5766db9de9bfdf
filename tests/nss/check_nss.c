/*
 * check_nss.c - libnss_accounts.so.2 through the real loader.
 *
 * The BUILT module is dlopen()ed (path from $NSS_MODULE, else the build
 * directory, see tests/nss.mk) and its _nss_accounts_* entry points are
 * called directly, as glibc would, against the in-process fake daemon of
 * fake_daemon.c, which ACCOUNTSD_SOCKET points at.
 */
#include <check.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <nss.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "fake_daemon.h"
/* the module's constants: deadline, back-off, settings file */
#include "../../nss/nss_accounts.h"

#ifndef NSS_MODULE_PATH
#define NSS_MODULE_PATH ".libs/libnss_accounts.so.2"
#endif

/* Any value the module has no reason to write. */
#define SENTINEL 4242

/* ---- the module ---- */

static struct {
	enum nss_status (*getpwnam_r)(const char *, struct passwd *, char *,
				      size_t, int *);
	enum nss_status (*getpwuid_r)(uid_t, struct passwd *, char *, size_t,
				      int *);
	enum nss_status (*setpwent)(int);
	enum nss_status (*getpwent_r)(struct passwd *, char *, size_t, int *);
	enum nss_status (*endpwent)(void);
	enum nss_status (*getgrnam_r)(const char *, struct group *, char *,
				      size_t, int *);
	enum nss_status (*getgrgid_r)(gid_t, struct group *, char *, size_t,
				      int *);
	enum nss_status (*setgrent)(int);
	enum nss_status (*getgrent_r)(struct group *, char *, size_t, int *);
	enum nss_status (*endgrent)(void);
	enum nss_status (*initgroups_dyn)(const char *, gid_t, long int *,
					  long int *, gid_t **, long int,
					  int *);
	int *enablelookups;
} nss;

static void *sym(void *h, const char *name)
{
	void *p = dlsym(h, name);

	if (p == NULL) {
		fprintf(stderr, "check_nss: %s: %s\n", name, dlerror());
		exit(1);
	}
	return p;
}

static void load_module(void)
{
	const char *path = getenv("NSS_MODULE");
	void *h;

	if (path == NULL || path[0] == '\0')
		path = NSS_MODULE_PATH;
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		fprintf(stderr, "check_nss: dlopen %s: %s\n", path, dlerror());
		exit(1);
	}
	/* the handle stays open for the life of the program */
	*(void **)&nss.getpwnam_r = sym(h, "_nss_accounts_getpwnam_r");
	*(void **)&nss.getpwuid_r = sym(h, "_nss_accounts_getpwuid_r");
	*(void **)&nss.setpwent = sym(h, "_nss_accounts_setpwent");
	*(void **)&nss.getpwent_r = sym(h, "_nss_accounts_getpwent_r");
	*(void **)&nss.endpwent = sym(h, "_nss_accounts_endpwent");
	*(void **)&nss.getgrnam_r = sym(h, "_nss_accounts_getgrnam_r");
	*(void **)&nss.getgrgid_r = sym(h, "_nss_accounts_getgrgid_r");
	*(void **)&nss.setgrent = sym(h, "_nss_accounts_setgrent");
	*(void **)&nss.getgrent_r = sym(h, "_nss_accounts_getgrent_r");
	*(void **)&nss.endgrent = sym(h, "_nss_accounts_endgrent");
	*(void **)&nss.initgroups_dyn = sym(h, "_nss_accounts_initgroups_dyn");
	nss.enablelookups = sym(h, "_nss_accounts_enablelookups");
}

/* ---- fixture: a fake daemon with a small directory ---- */

static struct fake_daemon *fake;

static void fill_directory(void)
{
	static const char *const acme[] = {"alice", "bob"};
	static const char *const admins[] = {"alice"};
	static const char *const dev[] = {"carol", "alice"};

	fake_add_user(fake, "alice", 10001, 20000, "Alice Example",
		      "/home/alice", "/bin/bash");
	fake_add_user(fake, "bob", 10002, 20000, "", "/home/bob", "/bin/sh");
	fake_add_user(fake, "carol", 10003, 20000, "Carol, Room 4",
		      "/home/carol", "/usr/bin/zsh");
	fake_add_group(fake, "acme", 20000, acme, 2);
	fake_add_group(fake, "acme-admins", 20001, admins, 1);
	fake_add_group(fake, "acme-empty", 20002, NULL, 0);
	fake_add_group(fake, "acme-dev", 20003, dev, 2);
}

static void setup(void)
{
	fake = fake_start();
	ck_assert_int_eq(setenv("ACCOUNTSD_SOCKET", fake_socket(fake), 1), 0);
	*nss.enablelookups = 1;
	fill_directory();
}

static void teardown(void)
{
	nss.endpwent();
	nss.endgrent();
	fake_stop(fake);
	fake = NULL;
}

/* ---- helpers ---- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A payload built with the codec; the caller frees b.data. */
static struct acct_buf new_buf(void)
{
	struct acct_buf b;

	acct_buf_init(&b, ACCT_MAX_REPLY);
	return b;
}

static void put_passwd(struct acct_buf *b, const char *name, uint32_t uid,
		       uint32_t gid, const char *gecos, const char *home,
		       const char *shell)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	if (name != NULL)
		acct_put_str(b, ACCT_T_NAME, name);
	if (uid != 0)
		acct_put_u32(b, ACCT_T_UID, uid);
	acct_put_u32(b, ACCT_T_GID, gid);
	if (gecos != NULL)
		acct_put_str(b, ACCT_T_GECOS, gecos);
	if (home != NULL)
		acct_put_str(b, ACCT_T_HOME, home);
	if (shell != NULL)
		acct_put_str(b, ACCT_T_SHELL, shell);
	acct_end(b, mark);
}

/* Serve this payload (status OK) to every request from now on. */
static void serve_payload(struct acct_buf *b)
{
	ck_assert_int_eq(b->err, 0);
	fake_set_bytes(fake, b->data, b->len);
	fake_set_mode(fake, FAKE_PAYLOAD);
	acct_buf_free(b);
}

static void serve_raw(const void *p, size_t len)
{
	fake_set_bytes(fake, p, len);
	fake_set_mode(fake, FAKE_RAW);
}

static size_t count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/* A Unix socket path with nobody listening on it (connect: ECONNREFUSED). */
static void make_dead_socket(char *path, size_t size)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int s, n;

	n = snprintf(path, size, "%s.dead", fake_socket(fake));
	ck_assert(n > 0 && (size_t)n < sizeof(sa.sun_path) && (size_t)n < size);
	memcpy(sa.sun_path, path, (size_t)n + 1);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(s);
}

/* ---- lookups that succeed ---- */

START_TEST(test_getpwnam)
{
	struct passwd pw;
	char buf[1024];
	int err = SENTINEL;

	errno = EDOM;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_int_eq(err, SENTINEL);
	ck_assert_str_eq(pw.pw_name, "alice");
	ck_assert_str_eq(pw.pw_passwd, "*");
	ck_assert_uint_eq(pw.pw_uid, 10001);
	ck_assert_uint_eq(pw.pw_gid, 20000);
	ck_assert_str_eq(pw.pw_gecos, "Alice Example");
	ck_assert_str_eq(pw.pw_dir, "/home/alice");
	ck_assert_str_eq(pw.pw_shell, "/bin/bash");
	/* every string lives in the caller's buffer */
	ck_assert(pw.pw_name >= buf && pw.pw_shell < buf + sizeof(buf));

	ck_assert_int_eq(nss.getpwnam_r("bob", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_gecos, "");
	ck_assert_uint_eq(fake_requests(fake, ACCT_OP_PW_BYNAME), 2);
}
END_TEST

START_TEST(test_getpwuid)
{
	struct passwd pw;
	char buf[1024];
	int err = SENTINEL;

	errno = EDOM;
	ck_assert_int_eq(nss.getpwuid_r(10003, &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_int_eq(err, SENTINEL);
	ck_assert_str_eq(pw.pw_name, "carol");
	ck_assert_str_eq(pw.pw_passwd, "*");
	ck_assert_uint_eq(pw.pw_uid, 10003);
	ck_assert_str_eq(pw.pw_gecos, "Carol, Room 4");
	ck_assert_str_eq(pw.pw_shell, "/usr/bin/zsh");
	ck_assert_uint_eq(fake_requests(fake, ACCT_OP_PW_BYUID), 1);
}
END_TEST

START_TEST(test_getgr)
{
	struct group gr;
	char buf[1024];
	int err = SENTINEL;

	errno = EDOM;
	ck_assert_int_eq(nss.getgrnam_r("acme", &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_int_eq(err, SENTINEL);
	ck_assert_str_eq(gr.gr_name, "acme");
	ck_assert_str_eq(gr.gr_passwd, "x");
	ck_assert_uint_eq(gr.gr_gid, 20000);
	ck_assert_uint_eq((uintptr_t)gr.gr_mem % alignof(char *), 0);
	ck_assert_str_eq(gr.gr_mem[0], "alice");
	ck_assert_str_eq(gr.gr_mem[1], "bob");
	ck_assert_ptr_null(gr.gr_mem[2]);

	ck_assert_int_eq(nss.getgrgid_r(20002, &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(gr.gr_name, "acme-empty");
	ck_assert_ptr_null(gr.gr_mem[0]);

	ck_assert_int_eq(nss.getgrgid_r(20003, &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(gr.gr_name, "acme-dev");
	ck_assert_str_eq(gr.gr_mem[0], "carol");
	ck_assert_str_eq(gr.gr_mem[1], "alice");
	ck_assert_ptr_null(gr.gr_mem[2]);
}
END_TEST

/* Fields a newer daemon might add are skipped, not errors. */
START_TEST(test_unknown_fields_skipped)
{
	struct acct_buf b = new_buf();
	struct passwd pw;
	char buf[512];
	int err = SENTINEL;
	size_t mark;

	acct_put_str(&b, 999, "a top-level field from the future");
	mark = acct_begin(&b, ACCT_T_PASSWD);
	acct_put_u64(&b, 998, 7);
	acct_put_str(&b, ACCT_T_NAME, "alice");
	acct_put_u32(&b, ACCT_T_UID, 10001);
	acct_put_u32(&b, ACCT_T_GID, 20000);
	acct_put_str(&b, ACCT_T_HOME, "/home/alice");
	acct_put_str(&b, ACCT_T_SHELL, "/bin/bash");
	acct_end(&b, mark);
	serve_payload(&b);

	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "alice");
	ck_assert_str_eq(pw.pw_gecos, ""); /* absent GECOS is empty */
}
END_TEST

/* ---- not found, invalid keys ---- */

START_TEST(test_notfound)
{
	struct passwd pw;
	struct group gr;
	char buf[1024];
	int err = SENTINEL;

	errno = EDOM;
	ck_assert_int_eq(nss.getpwnam_r("nosuch", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert(err == SENTINEL || err == ENOENT);
	ck_assert_int_eq(errno, EDOM);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwuid_r(4242, &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert(err == SENTINEL || err == ENOENT);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrnam_r("nosuch", &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert(err == SENTINEL || err == ENOENT);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrgid_r(4242, &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert(err == SENTINEL || err == ENOENT);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_uint_eq(fake_connections(fake), 4);

	/* the daemon's NOTFOUND status, whatever the lookup */
	fake_set_status(fake, ACCT_ST_NOTFOUND);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert(err == SENTINEL || err == ENOENT);
}
END_TEST

START_TEST(test_invalid_keys_not_sent)
{
	static const char *const bad[] = {
		"",	  "Alice",
		"al ice", "a:b",
		"-rf",	  "+nis",
		"1234",	  ".",
		"..",	  "alice.",
		"al/ice", "al\nice",
		"alicé",  "a23456789012345678901234567890123", /* 33 bytes */
	};
	static const uid_t bad_ids[] = {0, (uid_t)-1, 65534};
	struct passwd pw;
	struct group gr;
	char buf[1024];
	gid_t *groups = malloc(sizeof(gid_t));
	long start = 0, size = 1;
	int err = SENTINEL;

	ck_assert_ptr_nonnull(groups);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(
			nss.getpwnam_r(bad[i], &pw, buf, sizeof(buf), &err),
			NSS_STATUS_NOTFOUND);
		ck_assert_int_eq(
			nss.getgrnam_r(bad[i], &gr, buf, sizeof(buf), &err),
			NSS_STATUS_NOTFOUND);
		ck_assert_int_eq(nss.initgroups_dyn(bad[i], 1, &start, &size,
						    &groups, 0, &err),
				 NSS_STATUS_NOTFOUND);
	}
	ck_assert_int_eq(nss.getpwnam_r(NULL, &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		ck_assert_int_eq(
			nss.getpwuid_r(bad_ids[i], &pw, buf, sizeof(buf), &err),
			NSS_STATUS_NOTFOUND);
		ck_assert_int_eq(
			nss.getgrgid_r(bad_ids[i], &gr, buf, sizeof(buf), &err),
			NSS_STATUS_NOTFOUND);
	}
	ck_assert_int_eq(err, SENTINEL);
	ck_assert_int_eq(start, 0);
	ck_assert_uint_eq(fake_connections(fake), 0);
	free(groups);
}
END_TEST

/* ---- ERANGE discipline ---- */

#define CANARY 0xa5
#define CANARY_LEN 64

/* A heap buffer of len bytes followed by canary bytes. */
static char *canary_buf(size_t len)
{
	char *b = malloc(len + CANARY_LEN + alignof(char *));

	ck_assert_ptr_nonnull(b);
	memset(b, CANARY, len + CANARY_LEN + alignof(char *));
	return b;
}

static void check_canary(const char *b, size_t len)
{
	for (size_t i = 0; i < CANARY_LEN; i++)
		ck_assert_uint_eq((unsigned char)b[len + i], CANARY);
}

START_TEST(test_pw_buffer_grows_to_exact_size)
{
	/* "carol" "x" "Carol, Room 4" "/home/carol" "/usr/bin/zsh" */
	const size_t exact = 6 + 2 + 14 + 12 + 13;
	struct passwd pw;
	enum nss_status st;
	size_t len;
	int err;

	for (len = 1;; len++) {
		char *b = canary_buf(len);

		err = SENTINEL;
		st = nss.getpwnam_r("carol", &pw, b, len, &err);
		check_canary(b, len);
		if (st == NSS_STATUS_SUCCESS) {
			ck_assert_str_eq(pw.pw_name, "carol");
			ck_assert_str_eq(pw.pw_gecos, "Carol, Room 4");
			ck_assert_str_eq(pw.pw_shell, "/usr/bin/zsh");
			ck_assert_int_eq(err, SENTINEL);
			free(b);
			break;
		}
		free(b);
		ck_assert_int_eq(st, NSS_STATUS_TRYAGAIN);
		ck_assert_int_eq(err, ERANGE);
		ck_assert_uint_lt(len, 4096);
	}
	ck_assert_uint_eq(len, exact);
}
END_TEST

START_TEST(test_null_or_empty_buffer)
{
	struct passwd pw;
	struct group gr;
	char buf[8];
	int err;

	err = SENTINEL;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, NULL, 0, &err),
			 NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(err, ERANGE);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwuid_r(10001, &pw, buf, 0, &err),
			 NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(err, ERANGE);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrnam_r("acme", &gr, NULL, 100, &err),
			 NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(err, ERANGE);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrgid_r(20000, &gr, buf, 0, &err),
			 NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(err, ERANGE);
	nss.setpwent(0);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwent_r(&pw, NULL, 0, &err),
			 NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(err, ERANGE);
}
END_TEST

/*
 * The group layout: gr_mem aligned wherever the buffer starts, and the
 * first buffer that fits is exactly pointers + strings (+ the padding).
 */
START_TEST(test_gr_buffer_grows_aligned)
{
	/* "acme-dev" "x" "carol" "alice"; gr_mem: 3 pointers */
	const size_t strings = 9 + 2 + 6 + 6, ptrs = 3 * sizeof(char *);
	struct group gr;
	enum nss_status st;
	size_t len;
	int err, shift = _i; /* misalign the buffer by 0..7 bytes */

	for (len = 1;; len++) {
		char *base = canary_buf(len + (size_t)shift);
		char *b = base + shift;

		err = SENTINEL;
		st = nss.getgrnam_r("acme-dev", &gr, b, len, &err);
		check_canary(b, len);
		if (st == NSS_STATUS_SUCCESS) {
			ck_assert_uint_eq(
				(uintptr_t)gr.gr_mem % alignof(char *), 0);
			ck_assert((char *)gr.gr_mem >= b &&
				  (char *)(gr.gr_mem + 3) <= b + len);
			ck_assert_str_eq(gr.gr_name, "acme-dev");
			ck_assert_str_eq(gr.gr_mem[0], "carol");
			ck_assert_str_eq(gr.gr_mem[1], "alice");
			ck_assert_ptr_null(gr.gr_mem[2]);
			free(base);
			break;
		}
		free(base);
		ck_assert_int_eq(st, NSS_STATUS_TRYAGAIN);
		ck_assert_int_eq(err, ERANGE);
		ck_assert_uint_lt(len, 4096);
	}
	/* malloc aligns at least for pointers, so the padding is known */
	ck_assert_uint_eq(len, strings + ptrs +
				       (alignof(char *) - (size_t)shift) %
					       alignof(char *));
}
END_TEST

#define HUGE_MEMBERS 100000

/* A 100,000-member group comes back whole through glibc's doubling. */
START_TEST(test_gr_huge_group)
{
	char **names = malloc(HUGE_MEMBERS * sizeof(char *));
	struct group gr;
	enum nss_status st;
	size_t len = 1;
	char *buf = NULL;
	int err = SENTINEL, tries = 0;

	ck_assert_ptr_nonnull(names);
	for (size_t i = 0; i < HUGE_MEMBERS; i++) {
		names[i] = malloc(8);
		ck_assert_ptr_nonnull(names[i]);
		snprintf(names[i], 8, "m%06zu", i);
	}
	fake_add_group(fake, "acme-all", 29999, (const char *const *)names,
		       HUGE_MEMBERS);

	for (;;) {
		char *grown = realloc(buf, len);
		ck_assert_ptr_nonnull(grown);
		buf = grown;
		st = nss.getgrgid_r(29999, &gr, buf, len, &err);
		tries++;
		if (st != NSS_STATUS_TRYAGAIN)
			break;
		ck_assert_int_eq(err, ERANGE);
		len *= 2;
	}
	ck_assert_int_eq(st, NSS_STATUS_SUCCESS);
	ck_assert_str_eq(gr.gr_name, "acme-all");
	for (size_t i = 0; i < HUGE_MEMBERS; i++)
		ck_assert_str_eq(gr.gr_mem[i], names[i]);
	ck_assert_ptr_null(gr.gr_mem[HUGE_MEMBERS]);
	ck_assert_uint_eq(fake_requests(fake, ACCT_OP_GR_BYGID),
			  (unsigned)tries);

	for (size_t i = 0; i < HUGE_MEMBERS; i++)
		free(names[i]);
	free(names);
	free(buf);
}
END_TEST

/* ---- malformed replies: UNAVAIL/EBADMSG, never ERANGE ---- */

enum mal_kind { MAL_RAW, MAL_PAYLOAD };

struct malformed {
	const char *what;
	enum mal_kind kind;
	int err, alt_err; /* the errno expected (alt: also acceptable) */
	void (*build)(struct acct_buf *b);
};

static void mal_garbage(struct acct_buf *b)
{
	acct_buf_append(b, "this is not a frame, not at all", 31);
}

static void mal_bad_version(struct acct_buf *b)
{
	struct acct_hdr h = {.version = 99, .opcode = ACCT_OP_PW_BYNAME};
	uint8_t raw[ACCT_HDR_LEN];

	acct_hdr_encode(&h, raw);
	acct_buf_append(b, raw, sizeof(raw));
}

static void mal_wrong_opcode(struct acct_buf *b)
{
	struct acct_buf p = new_buf();

	put_passwd(&p, "alice", 10001, 20000, "", "/home/alice", "/bin/sh");
	acct_frame(b, ACCT_OP_PW_BYUID, ACCT_ST_OK, p.data, p.len);
	acct_buf_free(&p);
}

static void mal_cut_frame(struct acct_buf *b)
{
	struct acct_hdr h = {.version = ACCT_PROTO_VERSION,
			     .opcode = ACCT_OP_PW_BYNAME,
			     .length = 200};
	uint8_t raw[ACCT_HDR_LEN];

	acct_hdr_encode(&h, raw);
	acct_buf_append(b, raw, sizeof(raw));
	acct_buf_append(b, "\0\144\0\0\0\100ab", 8);
}

static void mal_oversized_frame(struct acct_buf *b)
{
	struct acct_hdr h = {.version = ACCT_PROTO_VERSION,
			     .opcode = ACCT_OP_PW_BYNAME,
			     .length = ACCT_MAX_REPLY + 1};
	uint8_t raw[ACCT_HDR_LEN];

	acct_hdr_encode(&h, raw);
	acct_buf_append(b, raw, sizeof(raw));
}

static void mal_field_past_end(struct acct_buf *b)
{
	/* tag PASSWD, length 50, but only 3 bytes follow */
	acct_buf_append(b, "\0\144\0\0\0\062abc", 9);
}

static void mal_inner_past_end(struct acct_buf *b)
{
	/* PASSWD rec of 8 bytes holding a NAME field that claims 40 */
	acct_buf_append(b, "\0\144\0\0\0\010\0\002\0\0\0\050ab", 14);
}

static void mal_short_uid(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	acct_put_str(b, ACCT_T_NAME, "alice");
	acct_put_bytes(b, ACCT_T_UID, "\0\1", 2);
	acct_put_u32(b, ACCT_T_GID, 20000);
	acct_put_str(b, ACCT_T_HOME, "/home/alice");
	acct_put_str(b, ACCT_T_SHELL, "/bin/sh");
	acct_end(b, mark);
}

static void mal_long_gid(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	acct_put_str(b, ACCT_T_NAME, "alice");
	acct_put_u32(b, ACCT_T_UID, 10001);
	acct_put_u64(b, ACCT_T_GID, 20000);
	acct_put_str(b, ACCT_T_HOME, "/home/alice");
	acct_put_str(b, ACCT_T_SHELL, "/bin/sh");
	acct_end(b, mark);
}

static void mal_no_uid(struct acct_buf *b)
{
	put_passwd(b, "alice", 0, 20000, "", "/home/alice", "/bin/sh");
}

static void mal_no_shell(struct acct_buf *b)
{
	put_passwd(b, "alice", 10001, 20000, "", "/home/alice", NULL);
}

static void mal_empty(struct acct_buf *b)
{
	(void)b;
}

static void mal_other_user(struct acct_buf *b)
{
	put_passwd(b, "bob", 10002, 20000, "", "/home/bob", "/bin/sh");
}

static void mal_uid_zero(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	acct_put_str(b, ACCT_T_NAME, "alice");
	acct_put_u32(b, ACCT_T_UID, 0);
	acct_put_u32(b, ACCT_T_GID, 20000);
	acct_put_str(b, ACCT_T_HOME, "/home/alice");
	acct_put_str(b, ACCT_T_SHELL, "/bin/sh");
	acct_end(b, mark);
}

static void mal_relative_home(struct acct_buf *b)
{
	put_passwd(b, "alice", 10001, 20000, "", "home/alice", "/bin/sh");
}

static void mal_colon_gecos(struct acct_buf *b)
{
	put_passwd(b, "alice", 10001, 20000, "a:b", "/home/alice", "/bin/sh");
}

static void mal_newline_shell(struct acct_buf *b)
{
	put_passwd(b, "alice", 10001, 20000, "", "/home/alice", "/bin/sh\n");
}

static void mal_nul_in_name(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	acct_put_bytes(b, ACCT_T_NAME, "alice\0x", 7);
	acct_put_u32(b, ACCT_T_UID, 10001);
	acct_put_u32(b, ACCT_T_GID, 20000);
	acct_put_str(b, ACCT_T_HOME, "/home/alice");
	acct_put_str(b, ACCT_T_SHELL, "/bin/sh");
	acct_end(b, mark);
}

static void mal_twice_named(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_PASSWD);

	acct_put_str(b, ACCT_T_NAME, "alice");
	acct_put_str(b, ACCT_T_NAME, "alice");
	acct_put_u32(b, ACCT_T_UID, 10001);
	acct_put_u32(b, ACCT_T_GID, 20000);
	acct_put_str(b, ACCT_T_HOME, "/home/alice");
	acct_put_str(b, ACCT_T_SHELL, "/bin/sh");
	acct_end(b, mark);
}

static void mal_group_not_passwd(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_GROUP);

	acct_put_str(b, ACCT_T_NAME, "alice");
	acct_put_u32(b, ACCT_T_GID, 20000);
	acct_end(b, mark);
}

static const struct malformed malformed[] = {
	{"garbage", MAL_RAW, EBADMSG, 0, mal_garbage},
	{"bad version", MAL_RAW, EBADMSG, 0, mal_bad_version},
	{"wrong opcode", MAL_RAW, EBADMSG, 0, mal_wrong_opcode},
	/* cut off by a close: an I/O error as much as a protocol one */
	{"frame cut short", MAL_RAW, EBADMSG, ECONNRESET, mal_cut_frame},
	{"frame over the cap", MAL_RAW, EMSGSIZE, EBADMSG, mal_oversized_frame},
	{"field past end", MAL_PAYLOAD, EBADMSG, 0, mal_field_past_end},
	{"inner field past end", MAL_PAYLOAD, EBADMSG, 0, mal_inner_past_end},
	{"2-byte uid", MAL_PAYLOAD, EBADMSG, 0, mal_short_uid},
	{"8-byte gid", MAL_PAYLOAD, EBADMSG, 0, mal_long_gid},
	{"no uid", MAL_PAYLOAD, EBADMSG, 0, mal_no_uid},
	{"no shell", MAL_PAYLOAD, EBADMSG, 0, mal_no_shell},
	{"empty payload", MAL_PAYLOAD, EBADMSG, 0, mal_empty},
	{"someone else", MAL_PAYLOAD, EBADMSG, 0, mal_other_user},
	{"uid 0", MAL_PAYLOAD, EBADMSG, 0, mal_uid_zero},
	{"relative home", MAL_PAYLOAD, EBADMSG, 0, mal_relative_home},
	{"':' in gecos", MAL_PAYLOAD, EBADMSG, 0, mal_colon_gecos},
	{"newline in shell", MAL_PAYLOAD, EBADMSG, 0, mal_newline_shell},
	{"NUL in name", MAL_PAYLOAD, EBADMSG, 0, mal_nul_in_name},
	{"name twice", MAL_PAYLOAD, EBADMSG, 0, mal_twice_named},
	{"group for passwd", MAL_PAYLOAD, EBADMSG, 0, mal_group_not_passwd},
};

#define N_MALFORMED ((int)(sizeof(malformed) / sizeof(malformed[0])))

START_TEST(test_malformed_passwd)
{
	const struct malformed *m = &malformed[_i];
	static const size_t lens[] = {1, 8, 4096};
	struct acct_buf b = new_buf();
	struct passwd pw;
	char buf[4096];

	m->build(&b);
	ck_assert_int_eq(b.err, 0);
	if (m->kind == MAL_RAW) {
		serve_raw(b.data, b.len);
		acct_buf_free(&b);
	} else {
		serve_payload(&b);
	}
	/* a small buffer must not turn a bad reply into ERANGE */
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		int err = SENTINEL;
		enum nss_status st;

		errno = EDOM;
		st = nss.getpwnam_r("alice", &pw, buf, lens[i], &err);
		ck_assert_msg(st == NSS_STATUS_UNAVAIL, "%s: status %d",
			      m->what, st);
		ck_assert_msg(err == m->err ||
				      (m->alt_err && err == m->alt_err),
			      "%s: errno %d", m->what, err);
		ck_assert_int_eq(errno, EDOM);
	}
}
END_TEST

static void gr_member_colon(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_GROUP);

	acct_put_str(b, ACCT_T_NAME, "acme");
	acct_put_u32(b, ACCT_T_GID, 20000);
	acct_put_str(b, ACCT_T_MEMBER, "alice");
	acct_put_str(b, ACCT_T_MEMBER, "bob:x");
	acct_end(b, mark);
}

static void gr_member_empty(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_GROUP);

	acct_put_str(b, ACCT_T_NAME, "acme");
	acct_put_u32(b, ACCT_T_GID, 20000);
	acct_put_str(b, ACCT_T_MEMBER, "");
	acct_end(b, mark);
}

static void gr_no_gid(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_GROUP);

	acct_put_str(b, ACCT_T_NAME, "acme");
	acct_put_str(b, ACCT_T_MEMBER, "alice");
	acct_end(b, mark);
}

static void gr_other_group(struct acct_buf *b)
{
	size_t mark = acct_begin(b, ACCT_T_GROUP);

	acct_put_str(b, ACCT_T_NAME, "acme-admins");
	acct_put_u32(b, ACCT_T_GID, 20001);
	acct_end(b, mark);
}

static void (*const gr_malformed[])(struct acct_buf *) = {
	gr_member_colon, gr_member_empty,    gr_no_gid,
	gr_other_group,	 mal_field_past_end, mal_empty,
};

START_TEST(test_malformed_group)
{
	struct acct_buf b = new_buf();
	struct group gr;
	char buf[4096];
	int err;

	gr_malformed[_i](&b);
	serve_payload(&b);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrnam_r("acme", &gr, buf, 1, &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, EBADMSG);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrgid_r(20000, &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, EBADMSG);
}
END_TEST

/* ---- the daemon's other answers ---- */

START_TEST(test_status_map)
{
	static const struct {
		uint16_t status;
		enum nss_status nss;
		int err; /* 0: any errno but ERANGE/EAGAIN */
	} map[] = {
		{ACCT_ST_BUSY, NSS_STATUS_TRYAGAIN, EAGAIN},
		{ACCT_ST_INTERNAL, NSS_STATUS_UNAVAIL, 0},
		{ACCT_ST_DENIED, NSS_STATUS_UNAVAIL, 0},
		{ACCT_ST_BADREQ, NSS_STATUS_UNAVAIL, 0},
		{ACCT_ST_UNSUPPORTED, NSS_STATUS_UNAVAIL, 0},
		{ACCT_ST_TOOBIG, NSS_STATUS_UNAVAIL, 0},
		{999, NSS_STATUS_UNAVAIL, EBADMSG},
	};
	struct passwd pw;
	struct group gr;
	char buf[1024];

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		int err = SENTINEL, err2 = SENTINEL;

		fake_set_status(fake, map[i].status);
		ck_assert_int_eq(
			nss.getpwuid_r(10001, &pw, buf, sizeof(buf), &err),
			map[i].nss);
		ck_assert_int_eq(
			nss.getgrnam_r("acme", &gr, buf, sizeof(buf), &err2),
			map[i].nss);
		ck_assert_int_eq(err, err2);
		if (map[i].err != 0) {
			ck_assert_int_eq(err, map[i].err);
		} else {
			ck_assert_int_ne(err, SENTINEL);
			ck_assert_int_ne(err, 0);
			ck_assert_int_ne(err, ERANGE);
			ck_assert_int_ne(err, EAGAIN);
		}
	}
}
END_TEST

/* ---- no daemon, hung daemon ---- */

START_TEST(test_no_daemon)
{
	char dead[200], missing[200];
	struct passwd pw;
	struct group gr;
	char buf[1024];
	gid_t *groups = NULL;
	long start = 0, size = 0;
	int err;

	snprintf(missing, sizeof(missing), "%s.missing", fake_socket(fake));
	setenv("ACCOUNTSD_SOCKET", missing, 1);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ENOENT);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrgid_r(20000, &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ENOENT);
	err = SENTINEL;
	ck_assert_int_eq(nss.initgroups_dyn("alice", 20000, &start, &size,
					    &groups, 0, &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ENOENT);
	ck_assert_int_eq(start, 0);
	nss.setpwent(0);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ENOENT);

	make_dead_socket(dead, sizeof(dead));
	setenv("ACCOUNTSD_SOCKET", dead, 1);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwuid_r(10001, &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ECONNREFUSED);
	err = SENTINEL;
	ck_assert_int_eq(nss.getgrnam_r("acme", &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ECONNREFUSED);
	unlink(dead);

	/* the daemon comes back: the enumeration goes on from where it was */
	setenv("ACCOUNTSD_SOCKET", fake_socket(fake), 1);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "alice");
	ck_assert_uint_eq(fake_connections(fake), 1);
	free(groups);
}
END_TEST

START_TEST(test_hung_daemon_times_out)
{
	struct passwd pw;
	char buf[1024];
	int err = SENTINEL;
	double t0;

	fake_set_mode(fake, FAKE_HANG);
	t0 = now_s();
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ETIMEDOUT);
	/* bounded, not timed: only that it came back at all */
	ck_assert(now_s() - t0 < 30.0);
	ck_assert_uint_eq(fake_connections(fake), 1);
}
END_TEST

/* ---- a hung daemon: one deadline, then a back-off ---- */

#define DEADLINE_S (NSS_ACCT_TIMEOUT_MS / 1000.0)
#define BACKOFF_S (NSS_ACCT_BACKOFF_MS / 1000.0)

static gid_t *gids(size_t n, const gid_t *init, size_t ninit);
static int in_child(int (*fn)(void));

static void sleep_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* One lookup that times out on the hung fake; returns when it gave up. */
static double time_out_once(void)
{
	struct passwd pw;
	char buf[1024];
	int err = SENTINEL;
	double t0 = now_s();

	fake_set_mode(fake, FAKE_HANG);
	errno = EDOM;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ETIMEDOUT);
	ck_assert_int_eq(errno, EDOM);
	/* it did wait for the deadline (a deadline cannot end early) */
	ck_assert_double_ge(now_s() - t0, DEADLINE_S - 0.05);
	return now_s();
}

/*
 * Every kind of lookup answers UNAVAIL with ETIMEDOUT in *errnop, errno
 * as it was, and connects to nothing: the fake still counts connections.
 */
static void expect_quiet(unsigned connections)
{
	struct passwd pw;
	struct group gr;
	char buf[1024];
	gid_t *g = gids(1, NULL, 0);
	long start = 0, size = 1;
	int err[6];
	double t0 = now_s();

	for (size_t i = 0; i < 6; i++)
		err[i] = SENTINEL;
	errno = EDOM;
	ck_assert_int_eq(
		nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err[0]),
		NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getpwuid_r(10002, &pw, buf, sizeof(buf), &err[1]),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getgrnam_r("acme", &gr, buf, sizeof(buf), &err[2]),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getgrgid_r(20001, &gr, buf, sizeof(buf), &err[3]),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.initgroups_dyn("alice", 20000, &start, &size, &g,
					    0, &err[4]),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(start, 0);
	nss.setpwent(0);
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err[5]),
			 NSS_STATUS_UNAVAIL);
	nss.endpwent();
	ck_assert_int_eq(errno, EDOM);
	for (size_t i = 0; i < 6; i++)
		ck_assert_int_eq(err[i], ETIMEDOUT);
	ck_assert_uint_eq(fake_connections(fake), connections);
	/* the count says it all; this only tells "at once" from "waited" */
	ck_assert_double_lt(now_s() - t0, DEADLINE_S);
	free(g);
}

START_TEST(test_hang_backs_off)
{
	struct passwd pw;
	struct group gr;
	char buf[1024];
	enum nss_status st;
	double t_out;
	int err;

	t_out = time_out_once();
	ck_assert_uint_eq(fake_connections(fake), 1);
	expect_quiet(1);

	/* the daemon recovers; this process learns it when the back-off
	 * ends, and not before: until then nothing connects */
	fake_set_mode(fake, FAKE_SERVE);
	expect_quiet(1);
	for (;;) {
		err = SENTINEL;
		st = nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err);
		if (st != NSS_STATUS_UNAVAIL || now_s() - t_out > 60)
			break;
		ck_assert_int_eq(err, ETIMEDOUT);
		ck_assert_uint_eq(fake_connections(fake), 1);
		sleep_s(0.02);
	}
	ck_assert_int_eq(st, NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(fake_connections(fake), 2);
	/* a back-off, not a retry at the next call */
	ck_assert_double_ge(now_s() - t_out, BACKOFF_S - 0.1);
	/* and it is over */
	ck_assert_int_eq(nss.getgrgid_r(20001, &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(fake_connections(fake), 3);
}
END_TEST

static void *probe_main(void *arg)
{
	struct passwd pw;
	char buf[1024];
	int *err = arg;

	return (void *)(intptr_t)nss.getpwnam_r("bob", &pw, buf, sizeof(buf),
						err);
}

/* When a back-off ends and the daemon still hangs, one lookup waits for
 * it again; the others go on answering at once. */
START_TEST(test_backoff_one_probe)
{
	pthread_t t;
	double t_out;
	void *st;
	int err = SENTINEL;

	t_out = time_out_once();
	sleep_s(BACKOFF_S + 0.2 - (now_s() - t_out));
	ck_assert_int_eq(pthread_create(&t, NULL, probe_main, &err), 0);
	while (fake_connections(fake) < 2 && now_s() - t_out < 60)
		sleep_s(0.005);
	ck_assert_uint_eq(fake_connections(fake), 2);
	/* the probe is waiting for its deadline: nobody else connects */
	expect_quiet(2);
	ck_assert_int_eq(pthread_join(t, &st), 0);
	ck_assert_int_eq((intptr_t)st, NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ETIMEDOUT);
	/* and its timeout starts the next back-off */
	expect_quiet(2);
}
END_TEST

/* Only a timeout means "hung": a daemon that answers badly, or is not
 * there, is asked again at the next lookup. */
START_TEST(test_only_timeouts_back_off)
{
	struct passwd pw;
	char buf[1024];
	char missing[200];
	unsigned before;
	int err;

	fake_set_status(fake, ACCT_ST_INTERNAL);
	for (unsigned i = 0; i < 3; i++)
		ck_assert_int_eq(
			nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			NSS_STATUS_UNAVAIL);
	ck_assert_uint_eq(fake_connections(fake), 3);
	fake_set_mode(fake, FAKE_CLOSE_ON_READ);
	for (unsigned i = 0; i < 3; i++) {
		before = fake_connections(fake);
		ck_assert_int_eq(
			nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			NSS_STATUS_UNAVAIL);
		ck_assert_int_ne(err, ETIMEDOUT);
		ck_assert_uint_gt(fake_connections(fake), before);
	}
	snprintf(missing, sizeof(missing), "%s.missing", fake_socket(fake));
	setenv("ACCOUNTSD_SOCKET", missing, 1);
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, ENOENT);
	setenv("ACCOUNTSD_SOCKET", fake_socket(fake), 1);
	fake_set_mode(fake, FAKE_SERVE);
	before = fake_connections(fake);
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(fake_connections(fake), before + 1);
}
END_TEST

static int child_quiet(void)
{
	struct passwd pw;
	char buf[1024];
	int err = SENTINEL;

	if (nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err) !=
	    NSS_STATUS_UNAVAIL)
		return 1;
	return err == ETIMEDOUT ? 0 : 2;
}

/* A child forked during a back-off keeps it (same daemon, no lock). */
START_TEST(test_backoff_across_fork)
{
	time_out_once();
	fake_set_mode(fake, FAKE_SERVE);
	ck_assert_int_eq(in_child(child_quiet), 0);
	ck_assert_uint_eq(fake_connections(fake), 1);
}
END_TEST

/* ---- errno hygiene ---- */

START_TEST(test_errno_hygiene)
{
	struct passwd pw;
	char buf[1024];
	int err;

	/* glibc passes &errno as errnop: the cause must survive the restore */
	setenv("ACCOUNTSD_SOCKET", "/nonexistent/accountsd/socket", 1);
	errno = EDOM;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &errno),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(errno, ENOENT);

	/* a separate errnop: errno is restored, *errnop holds the cause */
	errno = EDOM;
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_int_eq(err, ENOENT);

	/* TRYAGAIN/ERANGE through &errno */
	setenv("ACCOUNTSD_SOCKET", fake_socket(fake), 1);
	errno = EDOM;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, 3, &errno),
			 NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(errno, ERANGE);

	/* success and NOTFOUND leave both alone */
	errno = EDOM;
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.getpwnam_r("zed", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(nss.setpwent(1), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.endpwent(), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(errno, EDOM);
	ck_assert(err == SENTINEL || err == ENOENT);
}
END_TEST

/* ---- enumeration ---- */

#define ENUM_USERS 2500
#define ENUM_UID0 100000

static void add_enum_users(void)
{
	char name[32], home[64];

	for (unsigned i = 0; i < ENUM_USERS; i++) {
		snprintf(name, sizeof(name), "e%05u", i);
		snprintf(home, sizeof(home), "/home/%s", name);
		fake_add_user(fake, name, ENUM_UID0 + i, 20000, "", home,
			      "/bin/sh");
	}
}

/* The i-th entry of the walk: the fixture's three users, then ours. */
static uid_t enum_uid(unsigned i)
{
	return i < 3 ? 10001 + i : ENUM_UID0 + (i - 3);
}

START_TEST(test_enum_all_once_in_order)
{
	struct passwd pw;
	char buf[256];
	unsigned n = 0;
	enum nss_status st;
	int err = SENTINEL;

	add_enum_users();
	ck_assert_int_eq(nss.setpwent(0), NSS_STATUS_SUCCESS);
	while ((st = nss.getpwent_r(&pw, buf, sizeof(buf), &err)) ==
	       NSS_STATUS_SUCCESS) {
		ck_assert_uint_lt(n, ENUM_USERS + 3);
		ck_assert_uint_eq(pw.pw_uid, enum_uid(n));
		ck_assert_str_eq(pw.pw_passwd, "*");
		n++;
	}
	ck_assert_int_eq(st, NSS_STATUS_NOTFOUND);
	ck_assert(err == SENTINEL || err == ENOENT);
	ck_assert_uint_eq(n, ENUM_USERS + 3);
	/* 2503 entries in batches of ACCT_ENUM_BATCH */
	ck_assert_uint_eq(fake_requests(fake, ACCT_OP_PW_ENUM),
			  (ENUM_USERS + 3 + ACCT_ENUM_BATCH - 1) /
				  ACCT_ENUM_BATCH);
	/* the end stays the end until setpwent */
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(nss.setpwent(0), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "alice");
	ck_assert_int_eq(fake_last_cursor(fake, ACCT_OP_PW_ENUM), -1);
}
END_TEST

START_TEST(test_enum_erange_replays_same_entry)
{
	struct passwd pw;
	char small[8], buf[256];
	unsigned n = 0;
	enum nss_status st;
	int err;

	add_enum_users();
	nss.setpwent(0);
	for (;;) {
		err = SENTINEL;
		st = nss.getpwent_r(&pw, small, sizeof(small), &err);
		if (st == NSS_STATUS_NOTFOUND)
			break;
		ck_assert_int_eq(st, NSS_STATUS_TRYAGAIN);
		ck_assert_int_eq(err, ERANGE);
		/* twice too small, then big enough: still the same entry */
		ck_assert_int_eq(nss.getpwent_r(&pw, small, 1, &err),
				 NSS_STATUS_TRYAGAIN);
		ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
				 NSS_STATUS_SUCCESS);
		ck_assert_uint_eq(pw.pw_uid, enum_uid(n));
		n++;
	}
	ck_assert_uint_eq(n, ENUM_USERS + 3);
	/* a retry never refetches */
	ck_assert_uint_eq(fake_requests(fake, ACCT_OP_PW_ENUM), 3);
}
END_TEST

START_TEST(test_enum_reset)
{
	struct passwd pw;
	struct group gr;
	char buf[1024];
	int err = SENTINEL;

	/* getpwent without setpwent starts at the beginning */
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "alice");
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "bob");
	ck_assert_int_eq(nss.endpwent(), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "alice");
	ck_assert_int_eq(nss.setpwent(0), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "alice");

	/* the group walk is separate from the passwd walk */
	ck_assert_int_eq(nss.setgrent(0), NSS_STATUS_SUCCESS);
	ck_assert_int_eq(nss.getgrent_r(&gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(gr.gr_name, "acme");
	ck_assert_str_eq(gr.gr_mem[1], "bob");
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "bob");
	ck_assert_int_eq(nss.getgrent_r(&gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(gr.gr_name, "acme-admins");
	ck_assert_int_eq(nss.getgrent_r(&gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(gr.gr_name, "acme-empty");
	ck_assert_ptr_null(gr.gr_mem[0]);
	ck_assert_int_eq(nss.getgrent_r(&gr, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(gr.gr_name, "acme-dev");
	ck_assert_int_eq(nss.getgrent_r(&gr, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert_int_eq(err, SENTINEL);
	ck_assert_int_eq(nss.endgrent(), NSS_STATUS_SUCCESS);
}
END_TEST

START_TEST(test_enum_busy_then_retry)
{
	struct passwd pw;
	char buf[256];
	unsigned n = 0;
	int err;

	add_enum_users();
	nss.setpwent(0);
	for (; n < ACCT_ENUM_BATCH; n++)
		ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
				 NSS_STATUS_SUCCESS);
	/* the next batch is refused: TRYAGAIN, and the walk does not move */
	fake_set_status(fake, ACCT_ST_BUSY);
	err = SENTINEL;
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(err, EAGAIN);
	fake_set_mode(fake, FAKE_SERVE);
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(pw.pw_uid, enum_uid(n));
	ck_assert_int_eq(fake_last_cursor(fake, ACCT_OP_PW_ENUM),
			 (long)enum_uid(n - 1));
}
END_TEST

/* A daemon whose cursor does not move must not make the walk loop. */
START_TEST(test_enum_stuck_cursor)
{
	struct acct_buf b = new_buf();
	struct passwd pw;
	char buf[256];
	int err = SENTINEL, n = 0;
	enum nss_status st;

	put_passwd(&b, "alice", 10001, 20000, "", "/home/alice", "/bin/sh");
	acct_put_u32(&b, ACCT_T_MORE, 1);
	acct_put_u32(&b, ACCT_T_CURSOR, 10001);
	serve_payload(&b);
	nss.setpwent(0);
	while ((st = nss.getpwent_r(&pw, buf, sizeof(buf), &err)) ==
	       NSS_STATUS_SUCCESS)
		ck_assert_int_lt(++n, 10);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(st, NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, EBADMSG);
	/* the broken walk is over, not stuck on the error */
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_NOTFOUND);
	ck_assert_uint_eq(fake_requests(fake, ACCT_OP_PW_ENUM), 2);
}
END_TEST

START_TEST(test_enum_more_without_cursor)
{
	struct acct_buf b = new_buf();
	struct passwd pw;
	char buf[256];
	int err = SENTINEL;

	put_passwd(&b, "alice", 10001, 20000, "", "/home/alice", "/bin/sh");
	acct_put_u32(&b, ACCT_T_MORE, 1);
	serve_payload(&b);
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, EBADMSG);
}
END_TEST

/* ---- fork ---- */

/* Runs fn in a child; returns its exit status (0 = all good). */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(fn());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int child_lookup(void)
{
	struct passwd pw;
	char buf[1024];
	int err;

	if (nss.getpwnam_r("bob", &pw, buf, sizeof(buf), &err) !=
	    NSS_STATUS_SUCCESS)
		return 1;
	return pw.pw_uid == 10002 ? 0 : 2;
}

START_TEST(test_fork_lookup)
{
	struct passwd pw;
	char buf[1024];
	int err;

	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_int_eq(in_child(child_lookup), 0);
	ck_assert_int_eq(nss.getpwuid_r(10002, &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_str_eq(pw.pw_name, "bob");
}
END_TEST

/* The child goes on from its copy of the position: entries 5.. once each. */
static int child_enum(void)
{
	struct passwd pw;
	char buf[256];
	unsigned n = 5;
	int err;

	while (nss.getpwent_r(&pw, buf, sizeof(buf), &err) ==
	       NSS_STATUS_SUCCESS) {
		if (pw.pw_uid != enum_uid(n))
			return 1;
		n++;
	}
	return n == ENUM_USERS + 3 ? 0 : 2;
}

START_TEST(test_fork_mid_enumeration)
{
	struct passwd pw;
	char buf[256];
	unsigned n;
	int err;

	add_enum_users();
	nss.setpwent(0);
	for (n = 0; n < 5; n++) {
		ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
				 NSS_STATUS_SUCCESS);
	}
	ck_assert_int_eq(in_child(child_enum), 0);
	/* the parent's walk is where it was */
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(pw.pw_uid, enum_uid(n));
}
END_TEST

/* ---- initgroups ---- */

static gid_t *gids(size_t n, const gid_t *init, size_t ninit)
{
	gid_t *g = malloc((n > 0 ? n : 1) * sizeof(gid_t));

	ck_assert_ptr_nonnull(g);
	if (ninit > 0)
		memcpy(g, init, ninit * sizeof(gid_t));
	return g;
}

START_TEST(test_initgroups)
{
	static const gid_t primary[] = {20000};
	gid_t *g = gids(1, primary, 1);
	long start = 1, size = 1;
	int err = SENTINEL;

	errno = EDOM;
	/* alice: primary 20000 (also a member of acme), 20001, 20003 */
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 20000, &start, &size, &g, -1, &err),
		NSS_STATUS_SUCCESS);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_int_eq(err, SENTINEL);
	ck_assert_int_eq(start, 3);
	ck_assert_int_ge(size, 3);
	ck_assert_uint_eq(g[0], 20000);
	ck_assert_uint_eq(g[1], 20001);
	ck_assert_uint_eq(g[2], 20003);
	free(g);

	/* another skipgroup: the primary comes in, once */
	g = NULL;
	start = 0;
	size = 0;
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 4242, &start, &size, &g, 0, &err),
		NSS_STATUS_SUCCESS);
	ck_assert_int_eq(start, 3);
	ck_assert_uint_eq(g[0], 20000);
	ck_assert_uint_eq(g[1], 20001);
	ck_assert_uint_eq(g[2], 20003);
	free(g);
}
END_TEST

START_TEST(test_initgroups_limit_and_duplicates)
{
	static const gid_t have[] = {20000, 20003};
	gid_t *g = gids(1, have, 1);
	long start = 1, size = 1;
	int err = SENTINEL;

	/* limit 2: one more fits, the array never grows past it */
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 20000, &start, &size, &g, 2, &err),
		NSS_STATUS_SUCCESS);
	ck_assert_int_eq(start, 2);
	ck_assert_int_le(size, 2);
	ck_assert_uint_eq(g[1], 20001);

	/* already full: nothing happens, still SUCCESS */
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 20000, &start, &size, &g, 2, &err),
		NSS_STATUS_SUCCESS);
	ck_assert_int_eq(start, 2);
	free(g);

	/* what the caller already has is not added again */
	g = gids(2, have, 2);
	start = 2;
	size = 2;
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 20000, &start, &size, &g, 0, &err),
		NSS_STATUS_SUCCESS);
	ck_assert_int_eq(start, 3);
	ck_assert_uint_eq(g[2], 20001);
	ck_assert_int_eq(err, SENTINEL);
	free(g);
}
END_TEST

START_TEST(test_initgroups_many)
{
	const char *members[] = {"dave"};
	char name[32];
	gid_t *g = gids(1, NULL, 0);
	long start = 0, size = 1;
	int err = SENTINEL;

	fake_add_user(fake, "dave", 10004, 21000, "", "/home/dave", "/bin/sh");
	for (unsigned i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many%u", i);
		fake_add_group(fake, name, 30000 + i, members, 1);
	}
	ck_assert_int_eq(
		nss.initgroups_dyn("dave", 21000, &start, &size, &g, 0, &err),
		NSS_STATUS_SUCCESS);
	ck_assert_int_eq(start, 300);
	ck_assert_int_ge(size, 300);
	for (unsigned i = 0; i < 300; i++)
		ck_assert_uint_eq(g[i], 30000 + i);
	free(g);
}
END_TEST

START_TEST(test_initgroups_failures)
{
	struct acct_buf b = new_buf();
	gid_t *g = gids(1, NULL, 0);
	long start = 0, size = 1;
	int err;

	err = SENTINEL;
	ck_assert_int_eq(
		nss.initgroups_dyn("nosuch", 1, &start, &size, &g, 0, &err),
		NSS_STATUS_NOTFOUND);
	ck_assert(err == SENTINEL || err == ENOENT);

	fake_set_status(fake, ACCT_ST_BUSY);
	err = SENTINEL;
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 1, &start, &size, &g, 0, &err),
		NSS_STATUS_TRYAGAIN);
	ck_assert_int_eq(err, EAGAIN);

	/* a bad gid anywhere: nothing is added */
	acct_put_u32(&b, ACCT_T_GID, 20001);
	acct_put_u32(&b, ACCT_T_GID, 0);
	serve_payload(&b);
	err = SENTINEL;
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 1, &start, &size, &g, 0, &err),
		NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, EBADMSG);
	ck_assert_int_eq(start, 0);
	free(g);
}
END_TEST

/* ---- initgroups of local users stays local ---- */

#define NOBODY 65534

/* Whether /etc/passwd names this user (the test's own reading of it). */
static bool in_etc_passwd(const char *name)
{
	FILE *f = fopen("/etc/passwd", "r");
	char line[4096];
	size_t len = strlen(name);
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strncmp(line, name, len) == 0 && line[len] == ':';
	fclose(f);
	return found;
}

/* initgroups_dyn of name; its status, and no group may be added. */
static enum nss_status initgroups_of(const char *name)
{
	gid_t *g = gids(1, NULL, 0);
	long start = 0, size = 1;
	int err = SENTINEL;
	enum nss_status st;

	errno = EDOM;
	st = nss.initgroups_dyn(name, 4242, &start, &size, &g, 0, &err);
	ck_assert_int_eq(errno, EDOM);
	if (st != NSS_STATUS_SUCCESS) {
		ck_assert_int_eq(start, 0);
		ck_assert(err == SENTINEL || err == ENOENT);
	}
	free(g);
	return st;
}

/* No settings file: the defaults, whatever the host has. */
static void setup_local(void)
{
	setup();
	ck_assert_int_eq(setenv(NSS_ACCT_CONF_ENV, "/nonexistent/nss.conf", 1),
			 0);
}

START_TEST(test_initgroups_local_not_asked)
{
	FILE *f = fopen("/etc/passwd", "r");
	char line[4096], name[64];
	unsigned local = 0;

	ck_assert_msg(in_etc_passwd("root"), "no root in /etc/passwd");
	ck_assert_msg(!in_etc_passwd("alice"), "alice is in /etc/passwd");
	ck_assert_int_eq(initgroups_of("root"), NSS_STATUS_NOTFOUND);
	ck_assert_uint_eq(fake_connections(fake), 0);
	/* every local user: none of them reaches the daemon */
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%63[^:]:", name) != 1)
			continue;
		initgroups_of(name);
		local++;
	}
	fclose(f);
	ck_assert_uint_gt(local, 0);
	ck_assert_uint_eq(fake_connections(fake), 0);

	/* a directory user is asked for, and gets its groups */
	ck_assert_int_eq(initgroups_of("alice"), NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(fake_connections(fake), 1);
	/* and so is every other name /etc/passwd does not have */
	for (unsigned i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "dir%03u", i);
		ck_assert(!in_etc_passwd(name));
		ck_assert_int_eq(initgroups_of(name), NSS_STATUS_NOTFOUND);
	}
	ck_assert_uint_eq(fake_connections(fake), 201);
}
END_TEST

/* One settings file to try: is root's initgroups then sent? */
struct settings_case {
	const char *text;
	mode_t mode;  /* 0: a FIFO instead of a file */
	bool as_root; /* owned by root (needs root), else by nobody */
	bool big;     /* padded past 4 KiB */
	bool asks;    /* initgroups of root reaches the daemon */
};

static const struct settings_case settings_cases[] = {
	{"initgroups_ignore_local = no\n", 0644, true, false, true},
	{"# off\n\n  initgroups_ignore_local=off  \r\n", 0600, true, false,
	 true},
	{"initgroups_ignore_local = yes\n", 0644, true, false, false},
	/* unknown keys, malformed lines and values: the defaults */
	{"some_future_key = 1\ngarbage\ninitgroups_ignore_local = maybe\n",
	 0644, true, false, false},
	/* a file root does not alone control is ignored whole */
	{"initgroups_ignore_local = no\n", 0664, true, false, false},
	{"initgroups_ignore_local = no\n", 0646, true, false, false},
	{"initgroups_ignore_local = no\n", 0644, false, false, false},
	{"initgroups_ignore_local = no\n", 0, true, false, false},
	{"initgroups_ignore_local = no\n", 0644, true, true, false},
};
#define N_SETTINGS_CASES (sizeof(settings_cases) / sizeof(settings_cases[0]))

/* Write c's file in a fresh directory; returns its path in path. */
static void write_settings(const struct settings_case *c, char *dir, char *path,
			   size_t size)
{
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, size, "%s/nss_accounts.conf", dir);
	if (c->mode == 0) {
		ck_assert_int_eq(mkfifo(path, 0644), 0);
	} else {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(write(fd, c->text, strlen(c->text)),
				 (ssize_t)strlen(c->text));
		for (int i = 0; c->big && i < 300; i++)
			ck_assert_int_eq(write(fd, "# padding padding\n", 18),
					 18);
		close(fd);
		ck_assert_int_eq(chmod(path, c->mode), 0);
	}
	if (!c->as_root)
		ck_assert_int_eq(chown(path, NOBODY, NOBODY), 0);
	ck_assert_int_eq(setenv(NSS_ACCT_CONF_ENV, path, 1), 0);
}

START_TEST(test_settings_file)
{
	const struct settings_case *c = &settings_cases[_i];
	char dir[] = "/tmp/nss-conf-XXXXXX", path[64];

	if (geteuid() != 0) {
		/* files owned by root, or by another user, need root */
		fprintf(stderr, "test_settings_file: not root, skipped\n");
		return;
	}
	write_settings(c, dir, path, sizeof(path));
	/* root is not in the directory: NOTFOUND either way */
	ck_assert_int_eq(initgroups_of("root"), NSS_STATUS_NOTFOUND);
	ck_assert_uint_eq(fake_connections(fake), (c->asks ? 1u : 0u));
	unlink(path);
	rmdir(dir);
}
END_TEST

static void rewrite(const char *path, const char *text)
{
	FILE *f = fopen(path, "w"); /* in place: owner and mode stay */

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/* An edit of the file takes effect within NSS_ACCT_LOCAL_TTL_MS. */
START_TEST(test_settings_edit_takes_effect)
{
	static const struct settings_case off = {
		"initgroups_ignore_local = no\n", 0644, true, false, true};
	char dir[] = "/tmp/nss-conf-XXXXXX", path[64];
	const double ttl = NSS_ACCT_LOCAL_TTL_MS / 1000.0 + 0.2;

	if (geteuid() != 0) {
		fprintf(stderr, "test_settings_edit: not root, skipped\n");
		return;
	}
	write_settings(&off, dir, path, sizeof(path));
	initgroups_of("root");
	ck_assert_uint_eq(fake_connections(fake), 1);
	rewrite(path, "initgroups_ignore_local = yes\n");
	sleep_s(ttl);
	initgroups_of("root");
	initgroups_of("root");
	ck_assert_uint_eq(fake_connections(fake), 1);
	rewrite(path, "initgroups_ignore_local = no\n");
	sleep_s(ttl);
	initgroups_of("root");
	ck_assert_uint_eq(fake_connections(fake), 2);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* ---- whom the module believes ---- */

/*
 * A fake daemon in a child process that runs as nobody, in a directory of
 * nobody's, with one user: injected (uid 4242).  Closing `stop` ends it;
 * it then reports its connection and PW_BYNAME counts on `from`.
 */
struct foreign {
	pid_t pid;
	int stop, from;
	char path[108];
};

static void foreign_main(int stop, int to)
{
	struct fake_daemon *fk;
	unsigned n[2];
	char path[108] = "", c;

	if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0)
		_exit(1);
	fk = fake_start();
	fake_add_user(fk, "injected", 4242, 4242, "", "/tmp", "/bin/sh");
	snprintf(path, sizeof(path), "%s", fake_socket(fk));
	if (write(to, path, sizeof(path)) != (ssize_t)sizeof(path))
		_exit(1);
	while (read(stop, &c, 1) > 0)
		;
	n[0] = fake_connections(fk);
	n[1] = fake_requests(fk, ACCT_OP_PW_BYNAME);
	if (write(to, n, sizeof(n)) != (ssize_t)sizeof(n))
		_exit(1);
	fake_stop(fk);
	_exit(0);
}

static void foreign_start(struct foreign *f)
{
	int down[2], up[2];

	ck_assert_int_eq(pipe(down), 0);
	ck_assert_int_eq(pipe(up), 0);
	f->pid = fork();
	ck_assert_int_ge(f->pid, 0);
	if (f->pid == 0) {
		close(down[1]);
		close(up[0]);
		foreign_main(down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	f->stop = down[1];
	f->from = up[0];
	ck_assert_int_eq(read(f->from, f->path, sizeof(f->path)),
			 (ssize_t)sizeof(f->path));
}

static void foreign_stop(struct foreign *f, unsigned *conns, unsigned *reqs)
{
	unsigned n[2] = {0, 0};
	int status;

	close(f->stop);
	ck_assert_int_eq(read(f->from, n, sizeof(n)), (ssize_t)sizeof(n));
	close(f->from);
	ck_assert_int_eq(waitpid(f->pid, &status, 0), f->pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	*conns = n[0];
	*reqs = n[1];
}

/* Every lookup through path: UNAVAIL with EPERM, nothing filled in. */
static void expect_refused(const char *path)
{
	struct passwd pw = {0};
	struct group gr;
	char buf[1024];
	int err = SENTINEL, err2 = SENTINEL;

	ck_assert_int_eq(setenv("ACCOUNTSD_SOCKET", path, 1), 0);
	errno = EDOM;
	ck_assert_int_eq(
		nss.getpwnam_r("injected", &pw, buf, sizeof(buf), &err),
		NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err, EPERM);
	ck_assert_ptr_null(pw.pw_name);
	ck_assert_int_eq(nss.getgrgid_r(4242, &gr, buf, sizeof(buf), &err2),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(err2, EPERM);
	ck_assert_int_eq(errno, EDOM);
}

static void expect_believed(const char *path)
{
	struct passwd pw;
	char buf[1024];
	int err = SENTINEL;

	ck_assert_int_eq(setenv("ACCOUNTSD_SOCKET", path, 1), 0);
	ck_assert_int_eq(
		nss.getpwnam_r("injected", &pw, buf, sizeof(buf), &err),
		NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(pw.pw_uid, 4242);
}

START_TEST(test_untrusted_server)
{
	char dir[] = "/tmp/nss-root-XXXXXX", sock[64], link[64];
	struct foreign f;
	unsigned conns, reqs, believed = 0;

	if (geteuid() != 0) {
		fprintf(stderr, "test_untrusted_server: not root, skipped\n");
		return;
	}
	foreign_start(&f);
	/* nobody's server, in nobody's directory */
	expect_refused(f.path);

	/* its socket moved to a directory only root may write to: the
	 * socket's owner runs it, so it is believed (a daemon user) */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	ck_assert_int_eq(rename(f.path, sock), 0);
	expect_believed(sock);
	believed++;
	/* ...but not when others may write there, sticky or not, */
	static const mode_t open_modes[] = {0775, 0757, 01777, 01775};
	for (size_t i = 0; i < sizeof(open_modes) / sizeof(open_modes[0]);
	     i++) {
		ck_assert_int_eq(chmod(dir, open_modes[i]), 0);
		expect_refused(sock);
	}
	ck_assert_int_eq(chmod(dir, 0755), 0);
	/* when the directory is another user's, */
	ck_assert_int_eq(chown(dir, NOBODY, 0), 0);
	expect_refused(sock);
	ck_assert_int_eq(chown(dir, 0, 0), 0);
	/* when the socket file is not the server's, */
	ck_assert_int_eq(chown(sock, 0, 0), 0);
	expect_refused(sock);
	ck_assert_int_eq(chown(sock, NOBODY, NOBODY), 0);
	/* or when it is reached through a symlink */
	snprintf(link, sizeof(link), "%s/link", dir);
	ck_assert_int_eq(symlink(sock, link), 0);
	expect_refused(link);
	expect_believed(sock);
	believed++;

	foreign_stop(&f, &conns, &reqs);
	/* a server that was not believed was not even asked */
	ck_assert_uint_eq(reqs, believed);
	ck_assert_uint_gt(conns, reqs);
	unlink(link);
	unlink(sock);
	rmdir(dir);
}
END_TEST

/* A process believes a server of its own uid: it gains nothing by it. */
static int child_own_uid(void)
{
	struct fake_daemon *fk;
	struct passwd pw;
	char buf[1024];
	int err, rc;

	if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0)
		return 10;
	fk = fake_start();
	fake_add_user(fk, "injected", 4242, 4242, "", "/tmp", "/bin/sh");
	setenv("ACCOUNTSD_SOCKET", fake_socket(fk), 1);
	rc = nss.getpwnam_r("injected", &pw, buf, sizeof(buf), &err) ==
			     NSS_STATUS_SUCCESS
		     ? 0
		     : 20 + err;
	fake_stop(fk);
	return rc;
}

START_TEST(test_own_uid_server)
{
	if (geteuid() != 0) {
		fprintf(stderr, "test_own_uid_server: not root, skipped\n");
		return;
	}
	ck_assert_int_eq(in_child(child_own_uid), 0);
}
END_TEST

/* ---- recursion guard ---- */

START_TEST(test_enablelookups_off)
{
	struct passwd pw;
	struct group gr;
	char buf[1024];
	gid_t *g = gids(1, NULL, 0);
	long start = 0, size = 1;
	int err = SENTINEL;

	*nss.enablelookups = 0;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getpwuid_r(10001, &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.setpwent(0), NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getpwent_r(&pw, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.endpwent(), NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getgrnam_r("acme", &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getgrgid_r(20000, &gr, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.setgrent(0), NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.getgrent_r(&gr, buf, sizeof(buf), &err),
			 NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(nss.endgrent(), NSS_STATUS_UNAVAIL);
	ck_assert_int_eq(
		nss.initgroups_dyn("alice", 20000, &start, &size, &g, 0, &err),
		NSS_STATUS_UNAVAIL);
	ck_assert_int_ne(err, SENTINEL);
	ck_assert_int_ne(err, ERANGE);
	ck_assert_int_eq(start, 0);
	ck_assert_uint_eq(fake_connections(fake), 0);

	*nss.enablelookups = 1;
	ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err),
			 NSS_STATUS_SUCCESS);
	ck_assert_uint_eq(fake_connections(fake), 1);
	free(g);
}
END_TEST

/* ---- threads ---- */

#define THREADS 16
#define THREAD_ROUNDS 60
#define T_USERS 64

static void *lookup_thread(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg, bad = 0;
	struct passwd pw;
	struct group gr;
	char buf[1024], name[32];
	int err;

	for (unsigned r = 0; r < THREAD_ROUNDS; r++) {
		unsigned i = (seed * 7 + r * 13) % T_USERS;

		snprintf(name, sizeof(name), "t%03u", i);
		if (nss.getpwnam_r(name, &pw, buf, sizeof(buf), &err) !=
			    NSS_STATUS_SUCCESS ||
		    pw.pw_uid != 50000 + i || strcmp(pw.pw_name, name) != 0)
			bad++;
		if (nss.getgrgid_r(60000 + i, &gr, buf, sizeof(buf), &err) !=
			    NSS_STATUS_SUCCESS ||
		    strncmp(gr.gr_name, "tg", 2) != 0 ||
		    strcmp(gr.gr_name + 2, name + 1) != 0 ||
		    gr.gr_mem[0] == NULL || strcmp(gr.gr_mem[0], name) != 0 ||
		    gr.gr_mem[1] != NULL)
			bad++;
	}
	return (void *)(uintptr_t)bad;
}

START_TEST(test_threads)
{
	pthread_t t[THREADS];
	char name[32], gname[32], home[64];
	uintptr_t bad = 0;

	for (unsigned i = 0; i < T_USERS; i++) {
		const char *m[1] = {name};

		snprintf(name, sizeof(name), "t%03u", i);
		snprintf(gname, sizeof(gname), "tg%03u", i);
		snprintf(home, sizeof(home), "/home/%s", name);
		fake_add_user(fake, name, 50000 + i, 60000 + i, "", home,
			      "/bin/sh");
		fake_add_group(fake, gname, 60000 + i, m, 1);
	}
	for (uintptr_t i = 0; i < THREADS; i++)
		ck_assert_int_eq(
			pthread_create(&t[i], NULL, lookup_thread, (void *)i),
			0);
	for (unsigned i = 0; i < THREADS; i++) {
		void *r;

		ck_assert_int_eq(pthread_join(t[i], &r), 0);
		bad += (uintptr_t)r;
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(fake_connections(fake), THREADS * THREAD_ROUNDS * 2);
}
END_TEST

/* ---- a guest's manners ---- */

/* Peers that hang up: the default SIGPIPE disposition must not kill us. */
START_TEST(test_no_sigpipe)
{
	static const enum fake_mode modes[] = {FAKE_CLOSE_ON_ACCEPT,
					       FAKE_CLOSE_ON_READ};
	struct passwd pw;
	struct group gr;
	char buf[1024];

	ck_assert(signal(SIGPIPE, SIG_DFL) != SIG_ERR);
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		fake_set_mode(fake, modes[m]);
		for (int i = 0; i < 20; i++) {
			int err = SENTINEL;

			ck_assert_int_eq(nss.getpwnam_r("alice", &pw, buf,
							sizeof(buf), &err),
					 NSS_STATUS_UNAVAIL);
			ck_assert_int_ne(err, SENTINEL);
			ck_assert_int_ne(err, ERANGE);
			err = SENTINEL;
			ck_assert_int_eq(nss.getgrgid_r(20000, &gr, buf,
							sizeof(buf), &err),
					 NSS_STATUS_UNAVAIL);
			ck_assert_int_ne(err, ERANGE);
		}
	}
}
END_TEST

/* Nothing on stdout or stderr, on any path. */
START_TEST(test_quiet)
{
	char path[] = "/tmp/nss-quiet-XXXXXX";
	int out = mkstemp(path), saved1, saved2;
	struct passwd pw;
	struct group gr;
	struct stat st;
	char buf[1024];
	int err;

	ck_assert_int_ge(out, 0);
	unlink(path);
	fflush(stdout);
	fflush(stderr);
	saved1 = dup(1);
	saved2 = dup(2);
	dup2(out, 1);
	dup2(out, 2);

	nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err);
	nss.getpwnam_r("Bad Name", &pw, buf, sizeof(buf), &err);
	nss.getgrnam_r("acme", &gr, buf, 3, &err);
	serve_raw("garbage garbage garbage", 23);
	nss.getpwuid_r(10001, &pw, buf, sizeof(buf), &err);
	fake_set_status(fake, ACCT_ST_INTERNAL);
	nss.getgrgid_r(20000, &gr, buf, sizeof(buf), &err);
	setenv("ACCOUNTSD_SOCKET", "/nonexistent/socket", 1);
	nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err);
	nss.setpwent(0);
	nss.getpwent_r(&pw, buf, sizeof(buf), &err);
	nss.endpwent();

	dup2(saved1, 1);
	dup2(saved2, 2);
	close(saved1);
	close(saved2);
	ck_assert_int_eq(fstat(out, &st), 0);
	close(out);
	ck_assert_int_eq(st.st_size, 0);
}
END_TEST

/* Every path closes its socket. */
START_TEST(test_no_fd_leak)
{
	struct passwd pw;
	struct group gr;
	char buf[1024];
	size_t before;
	int err;

	fake_wait_idle(fake);
	before = count_fds();

	for (int i = 0; i < 10; i++) {
		fake_set_mode(fake, FAKE_SERVE);
		nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err);
		nss.getpwnam_r("alice", &pw, buf, 2, &err);
		nss.getgrgid_r(4242, &gr, buf, sizeof(buf), &err);
		nss.setpwent(0);
		nss.getpwent_r(&pw, buf, sizeof(buf), &err);
		serve_raw("garbage garbage garbage", 23);
		nss.getpwnam_r("alice", &pw, buf, sizeof(buf), &err);
		fake_set_mode(fake, FAKE_CLOSE_ON_READ);
		nss.getgrnam_r("acme", &gr, buf, sizeof(buf), &err);
	}
	/* the fake daemon's ends of the connections are ours too */
	fake_wait_idle(fake);
	ck_assert_uint_eq(count_fds(), before);
}
END_TEST

/* ---- the suite ---- */

static Suite *nss_suite(void)
{
	Suite *s = suite_create("nss");
	TCase *tc;

	tc = tcase_create("lookup");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_getpwnam);
	tcase_add_test(tc, test_getpwuid);
	tcase_add_test(tc, test_getgr);
	tcase_add_test(tc, test_unknown_fields_skipped);
	tcase_add_test(tc, test_notfound);
	tcase_add_test(tc, test_invalid_keys_not_sent);
	tcase_add_test(tc, test_status_map);
	tcase_add_test(tc, test_no_daemon);
	tcase_add_test(tc, test_hung_daemon_times_out);
	tcase_add_test(tc, test_errno_hygiene);
	tcase_add_test(tc, test_enablelookups_off);
	suite_add_tcase(s, tc);

	tc = tcase_create("hung");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_hang_backs_off);
	tcase_add_test(tc, test_backoff_one_probe);
	tcase_add_test(tc, test_only_timeouts_back_off);
	tcase_add_test(tc, test_backoff_across_fork);
	suite_add_tcase(s, tc);

	tc = tcase_create("buffers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pw_buffer_grows_to_exact_size);
	tcase_add_test(tc, test_null_or_empty_buffer);
	tcase_add_loop_test(tc, test_gr_buffer_grows_aligned, 0,
			    (int)alignof(char *));
	tcase_add_test(tc, test_gr_huge_group);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_malformed_passwd, 0, N_MALFORMED);
	tcase_add_loop_test(
		tc, test_malformed_group, 0,
		(int)(sizeof(gr_malformed) / sizeof(gr_malformed[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("enumeration");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_enum_all_once_in_order);
	tcase_add_test(tc, test_enum_erange_replays_same_entry);
	tcase_add_test(tc, test_enum_reset);
	tcase_add_test(tc, test_enum_busy_then_retry);
	tcase_add_test(tc, test_enum_stuck_cursor);
	tcase_add_test(tc, test_enum_more_without_cursor);
	suite_add_tcase(s, tc);

	tc = tcase_create("initgroups");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_initgroups);
	tcase_add_test(tc, test_initgroups_limit_and_duplicates);
	tcase_add_test(tc, test_initgroups_many);
	tcase_add_test(tc, test_initgroups_failures);
	suite_add_tcase(s, tc);

	tc = tcase_create("local");
	tcase_add_checked_fixture(tc, setup_local, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_initgroups_local_not_asked);
	tcase_add_loop_test(tc, test_settings_file, 0, N_SETTINGS_CASES);
	tcase_add_test(tc, test_settings_edit_takes_effect);
	suite_add_tcase(s, tc);

	/* no fixture: the fake daemons run in children, as nobody */
	tc = tcase_create("trust");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_untrusted_server);
	tcase_add_test(tc, test_own_uid_server);
	suite_add_tcase(s, tc);

	tc = tcase_create("host");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fork_lookup);
	tcase_add_test(tc, test_fork_mid_enumeration);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_no_sigpipe);
	tcase_add_test(tc, test_quiet);
	tcase_add_test(tc, test_no_fd_leak);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	load_module();
	sr = srunner_create(nss_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
