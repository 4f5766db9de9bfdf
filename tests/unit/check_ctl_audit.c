/*
 * check_ctl_audit.c - `accountsctl audit`: the times --since and --until
 * accept, how an audit record prints, and the verbs against an
 * in-process daemon that pages a log of its own the way accountsd does
 * (newest first, LIMIT, BEFORE, a bound on records read per page), so
 * that following the cursor, the order printed and the exit codes are
 * checked end to end through a real socket.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "acct_codec.h"
#include "ctl.h"

/* ---- times ---- */

static uint64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_sec = s};

	return (uint64_t)timegm(&tm);
}

START_TEST(time_forms)
{
	uint64_t t = 1;

	ck_assert_int_eq(ctl_parse_time("0", &t), 0);
	ck_assert_uint_eq(t, 0);
	ck_assert_int_eq(ctl_parse_time("1796205600", &t), 0);
	ck_assert_uint_eq(t, 1796205600);
	ck_assert_int_eq(ctl_parse_time("2026-12-02", &t), 0);
	ck_assert_uint_eq(t, utc(2026, 12, 2, 0, 0, 0));
	ck_assert_int_eq(ctl_parse_time("2026-12-02T10:00:00Z", &t), 0);
	ck_assert_uint_eq(t, 1796205600);
	ck_assert_int_eq(ctl_parse_time("2026-12-02T10:00Z", &t), 0);
	ck_assert_uint_eq(t, 1796205600);
	ck_assert_int_eq(ctl_parse_time("2026-12-02 10:00:59Z", &t), 0);
	ck_assert_uint_eq(t, 1796205659);
	ck_assert_int_eq(ctl_parse_time("1970-01-01", &t), 0);
	ck_assert_uint_eq(t, 0);
	ck_assert_int_eq(ctl_parse_time("2024-02-29T23:59:59Z", &t), 0);
	ck_assert_uint_eq(t, utc(2024, 2, 29, 23, 59, 59));
	ck_assert_int_eq(ctl_parse_time("2000-03-01", &t), 0);
	ck_assert_uint_eq(t, utc(2000, 3, 1, 0, 0, 0));
	ck_assert_int_eq(ctl_parse_time("9999-12-31T23:59:59Z", &t), 0);
	ck_assert_uint_eq(t, UINT64_C(253402300799));
	ck_assert_int_eq(ctl_parse_time("253402300799", &t), 0);
}
END_TEST

static const char *const bad_times[] = {
	"",
	"abc",
	"-5",
	"+5",
	" 5",
	"5 ",
	"12.5",
	"1e9",
	"253402300800", /* past 9999 */
	"9999999999999",
	"2026-13-01",
	"2026-00-10",
	"2026-02-29", /* not a leap year */
	"2100-02-29",
	"2026-04-31",
	"2026-12-00",
	"1969-12-31",
	"2026-1-02",
	"2026/12/02",
	"2026-12-02Z",
	"2026-12-02T",
	"2026-12-02T10:00:00", /* no Z: local time would be a guess */
	"2026-12-02T10:00:00+01:00",
	"2026-12-02T24:00Z",
	"2026-12-02T10:60Z",
	"2026-12-02T10:00:60Z",
	"2026-12-02T1:00Z",
	"2026-12-02x10:00Z",
	"2026-12-02T10:00:00ZZ",
};

START_TEST(time_refused)
{
	uint64_t t = 7;

	ck_assert_msg(ctl_parse_time(bad_times[_i], &t) == -1,
		      "'%s' was taken for %llu", bad_times[_i],
		      (unsigned long long)t);
}
END_TEST

/* ---- an audit record, printed ---- */

static void put_record(struct acct_buf *b, uint64_t seq, bool full)
{
	size_t mark;

	acct_buf_init(b, 1u << 20);
	mark = acct_begin(b, ACCT_T_AUDIT);
	acct_put_u64(b, ACCT_T_SEQ, seq);
	if (full) {
		acct_put_u64(b, ACCT_T_TIME, 1796205600);
		acct_put_str(b, ACCT_T_ACTOR, "uid 4242");
		acct_put_str(b, ACCT_T_ACTION, "tenant-create");
		acct_put_str(b, ACCT_T_TARGET, "evil");
		acct_put_u32(b, ACCT_T_RESULT, ACCT_ST_DENIED);
		acct_put_str(b, ACCT_T_MESSAGE, "only root");
		acct_put_u32(b, ACCT_T_PID, 99);
		acct_put_u32(b, ACCT_T_COUNT, 4);
		acct_put_u64(b, ACCT_T_FIRST_SEEN, 1796205601);
		acct_put_u64(b, ACCT_T_LAST_SEEN, 1796205660);
	}
	acct_end(b, mark);
	ck_assert_int_eq(b->err, 0);
}

static char *render(const struct acct_buf *b, bool json)
{
	struct acct_field f;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	struct ctl_table t;
	struct ctl_json j;

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(acct_find(b->data, b->len, ACCT_T_AUDIT, &f), 1);
	if (json) {
		ctl_json_init(&j, mem);
		ctl_record_json(&j, &ctl_audit_schema, f.val, f.len, true);
		ck_assert_int_eq(j.err, 0);
	} else {
		ck_assert_int_eq(ctl_record_table_init(&t, &ctl_audit_schema),
				 0);
		ck_assert_int_eq(ctl_record_table_add(&t, &ctl_audit_schema,
						      f.val, f.len),
				 0);
		ctl_table_print(&t, mem);
		ctl_table_free(&t);
	}
	ck_assert_int_eq(fclose(mem), 0);
	return buf;
}

/* The actor's text, each form the daemon makes, in parts. */
static char *actor_json(const char *text)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	struct ctl_json j;

	ck_assert_ptr_nonnull(mem);
	ctl_json_init(&j, mem);
	ctl_actor_json(&j, text, strlen(text), -1);
	ck_assert_int_eq(fclose(mem), 0);
	return buf;
}

START_TEST(actor_forms)
{
	static const struct {
		const char *text, *json;
	} cases[] = {
		{"root (sudo by alice)",
		 "{\"uid\":0,\"name\":\"root\",\"via_sudo\":\"alice\","
		 "\"via_token\":false,\"via_key\":null,"
		 "\"text\":\"root (sudo by alice)\"}"},
		{"root", "{\"uid\":0,\"name\":\"root\",\"via_sudo\":null,"
			 "\"via_token\":false,\"via_key\":null,"
			 "\"text\":\"root\"}"},
		{"uid 1234", "{\"uid\":1234,\"name\":null,\"via_sudo\":null,"
			     "\"via_token\":false,\"via_key\":null,"
			     "\"text\":\"uid 1234\"}"},
		{"alice", "{\"uid\":null,\"name\":\"alice\",\"via_sudo\":null,"
			  "\"via_token\":false,\"via_key\":null,"
			  "\"text\":\"alice\"}"},
		{"mia (token, uid 1001)",
		 "{\"uid\":1001,\"name\":\"mia\",\"via_sudo\":null,"
		 "\"via_token\":true,\"via_key\":null,"
		 "\"text\":\"mia (token, uid 1001)\"}"},
		{"mia (key acd_key_ab12cd, uid 1001)",
		 "{\"uid\":1001,\"name\":\"mia\",\"via_sudo\":null,"
		 "\"via_token\":false,\"via_key\":\"acd_key_ab12cd\","
		 "\"text\":\"mia (key acd_key_ab12cd, uid 1001)\"}"},
		/* a form this version does not know: the text alone */
		{"bob (something new)",
		 "{\"uid\":null,\"name\":null,\"via_sudo\":null,"
		 "\"via_token\":false,\"via_key\":null,"
		 "\"text\":\"bob (something new)\"}"},
		{"uid 99999999999",
		 "{\"uid\":null,\"name\":\"uid 99999999999\","
		 "\"via_sudo\":null,\"via_token\":false,\"via_key\":null,"
		 "\"text\":\"uid 99999999999\"}"},
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char *out = actor_json(cases[k].text);

		ck_assert_str_eq(out, cases[k].json);
		free(out);
	}
}
END_TEST

/* A record that keeps its actor's uid (ACTOR_UID): the object's uid is
 * that one, the plain name's too; without it, what the text says. */
static char *actor_record_json(const char *actor, long long uid)
{
	struct acct_buf b;
	struct acct_field f;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	struct ctl_json j;
	size_t mark;

	ck_assert_ptr_nonnull(mem);
	acct_buf_init(&b, 4096);
	mark = acct_begin(&b, ACCT_T_AUDIT);
	acct_put_u64(&b, ACCT_T_SEQ, 7);
	acct_put_str(&b, ACCT_T_ACTOR, actor);
	if (uid >= 0)
		acct_put_u32(&b, ACCT_T_ACTOR_UID, (uint32_t)uid);
	acct_end(&b, mark);
	ck_assert_int_eq(b.err, 0);
	ck_assert_int_eq(acct_find(b.data, b.len, ACCT_T_AUDIT, &f), 1);
	ctl_json_init(&j, mem);
	ctl_record_json(&j, &ctl_audit_schema, f.val, f.len, true);
	ck_assert_int_eq(j.err, 0);
	ck_assert_int_eq(fclose(mem), 0);
	acct_buf_free(&b);
	return buf;
}

START_TEST(actor_uid_recorded)
{
	static const struct {
		const char *text;
		long long uid;
		const char *json; /* the actor object */
	} cases[] = {
		/* a directory user or an operator's login: the text has no
		 * uid, the record has */
		{"alice", 1005,
		 "{\"uid\":1005,\"name\":\"alice\",\"via_sudo\":null,"
		 "\"via_token\":false,\"via_key\":null,\"text\":\"alice\"}"},
		/* an old record of a plain name: nothing to say */
		{"alice", -1,
		 "{\"uid\":null,\"name\":\"alice\",\"via_sudo\":null,"
		 "\"via_token\":false,\"via_key\":null,\"text\":\"alice\"}"},
		{"root (sudo by alice)", 0,
		 "{\"uid\":0,\"name\":\"root\",\"via_sudo\":\"alice\","
		 "\"via_token\":false,\"via_key\":null,"
		 "\"text\":\"root (sudo by alice)\"}"},
		/* the record's uid is the kernel's: it wins over the text */
		{"mia (token, uid 1001)", 33,
		 "{\"uid\":33,\"name\":\"mia\",\"via_sudo\":null,"
		 "\"via_token\":true,\"via_key\":null,"
		 "\"text\":\"mia (token, uid 1001)\"}"},
		/* a form this version does not know still gets its uid */
		{"bob (something new)", 4242,
		 "{\"uid\":4242,\"name\":null,\"via_sudo\":null,"
		 "\"via_token\":false,\"via_key\":null,"
		 "\"text\":\"bob (something new)\"}"},
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char *out = actor_record_json(cases[k].text, cases[k].uid);
		char want[512];

		snprintf(want, sizeof(want), "\"actor\":%s,", cases[k].json);
		ck_assert_msg(strstr(out, want) != NULL, "%s\nhas no %s", out,
			      want);
		free(out);
	}
}
END_TEST

START_TEST(record_printed)
{
	struct acct_buf b;
	char *out;

	put_record(&b, 12, true);
	out = render(&b, true);
	ck_assert_str_eq(out,
			 "{\"seq\":12,\"time\":\"2026-12-02T10:00:00Z\","
			 "\"actor\":{\"uid\":4242,\"name\":null,"
			 "\"via_sudo\":null,\"via_token\":false,"
			 "\"via_key\":null,\"text\":\"uid 4242\"},"
			 "\"action\":"
			 "\"tenant-create\",\"target\":\"evil\","
			 "\"tenant\":null,\"result\":\"permission_denied\","
			 "\"count\":4,\"pid\":99,\"reason\":null,"
			 "\"message\":\"only root\",\"pam_result\":null,"
			 "\"first_seen\":\"2026-12-02T10:00:01Z\","
			 "\"last_seen\":\"2026-12-02T10:01:00Z\"}");
	free(out);
	out = render(&b, false);
	ck_assert_str_eq(out, "SEQ  TIME                  ACTOR     ACTION   "
			      "      TARGET  TENANT  RESULT             COUNT  "
			      "PID  REASON\n"
			      "12   2026-12-02T10:00:00Z  uid 4242  "
			      "tenant-create  evil    -       permission_denied"
			      "  4      99   -\n");
	free(out);
	acct_buf_free(&b);

	/* a record the daemon could not read: its number, nothing made up */
	put_record(&b, 3, false);
	out = render(&b, true);
	ck_assert_str_eq(out, "{\"seq\":3,\"time\":null,\"actor\":null,"
			      "\"action\":null,\"target\":null,\"tenant\":null,"
			      "\"result\":null,\"count\":null,\"pid\":null,"
			      "\"reason\":null,\"message\":null,"
			      "\"pam_result\":null,\"first_seen\":null,"
			      "\"last_seen\":null}");
	free(out);
	acct_buf_free(&b);
}
END_TEST

/* ---- the verbs against a daemon of our own ---- */

/* A log of LOG_LEN records, seq 1..LOG_LEN, action "even" or "odd". */
#define LOG_LEN 2500u
#define EXAMINE 700u /* records read per page, as ACCT_AUDIT_EXAMINE */

enum fake_kind {
	FAKE_LOG,    /* page the log properly */
	FAKE_STUCK,  /* MORE 1 with the same cursor forever */
	FAKE_BROKEN, /* verify: record 3 was changed */
	FAKE_INTACT, /* verify: all of it intact */
};

struct fake {
	char dir[64], path[96];
	int lfd;
	pthread_t thread;
	enum fake_kind kind;
	unsigned requests;
};

static struct fake F;

static bool read_all(int fd, void *p, size_t n)
{
	uint8_t *b = p;

	while (n > 0) {
		ssize_t got = read(fd, b, n);

		if (got <= 0)
			return false;
		b += got;
		n -= (size_t)got;
	}
	return true;
}

/* One AUDIT_LIST page of the fake log, as the daemon would answer. */
static void fake_page(const uint8_t *req, size_t len, struct acct_buf *rep)
{
	struct acct_field f;
	uint64_t before = 0, lowest = 0, seq;
	uint32_t limit = 0, sent = 0, read_n = 0;
	const char *action = NULL;
	size_t alen = 0;
	bool more = false;

	if (acct_find(req, len, ACCT_T_BEFORE, &f) == 1)
		ck_assert_int_eq(acct_get_u64(&f, &before), 0);
	if (acct_find(req, len, ACCT_T_LIMIT, &f) == 1)
		ck_assert_int_eq(acct_get_u32(&f, &limit), 0);
	if (acct_find(req, len, ACCT_T_ACTION, &f) == 1)
		ck_assert_int_eq(acct_get_str(&f, &action, &alen), 0);
	/* the CLI never asks for more than a page holds */
	ck_assert_uint_ge(limit, 1);
	ck_assert_uint_le(limit, ACCT_ENUM_BATCH);
	seq = before == 0 || before > LOG_LEN + 1 ? LOG_LEN : before - 1;
	for (; seq >= 1; seq--) {
		const char *act = seq % 2 ? "odd" : "even";
		size_t mark;

		if (sent == limit || read_n == EXAMINE) {
			more = true;
			break;
		}
		read_n++;
		lowest = seq;
		if (action != NULL &&
		    (alen != strlen(act) || memcmp(action, act, alen) != 0))
			continue;
		mark = acct_begin(rep, ACCT_T_AUDIT);
		acct_put_u64(rep, ACCT_T_SEQ, seq);
		acct_put_str(rep, ACCT_T_ACTION, act);
		acct_end(rep, mark);
		sent++;
	}
	if (F.kind == FAKE_STUCK) {
		more = true;
		lowest = 2000;
	}
	acct_put_u32(rep, ACCT_T_MORE, more ? 1 : 0);
	acct_put_u64(rep, ACCT_T_BEFORE, lowest);
}

static void fake_verdict(struct acct_buf *rep)
{
	uint8_t hash[32];

	memset(hash, 0xab, sizeof(hash));
	if (F.kind == FAKE_BROKEN) {
		acct_put_u64(rep, ACCT_T_AUDIT_RECORDS, 2);
		acct_put_u64(rep, ACCT_T_SEQ, 2);
		acct_put_bytes(rep, ACCT_T_HASH, hash, sizeof(hash));
		acct_put_str(rep, ACCT_T_AUDIT_CHAIN,
			     "audit record 3 was changed after it was written "
			     "(the 2 before it are intact)");
		acct_put_u64(rep, ACCT_T_BROKEN_SEQ, 3);
	} else {
		acct_put_u64(rep, ACCT_T_AUDIT_RECORDS, LOG_LEN);
		acct_put_u64(rep, ACCT_T_SEQ, LOG_LEN);
		acct_put_bytes(rep, ACCT_T_HASH, hash, sizeof(hash));
		acct_put_str(rep, ACCT_T_AUDIT_CHAIN, "intact");
	}
}

static void *fake_serve(void *arg)
{
	(void)arg;
	for (;;) {
		uint8_t hdr[ACCT_HDR_LEN], *req;
		struct acct_buf rep, frame;
		struct acct_hdr h;
		int fd = accept(F.lfd, NULL, NULL);

		if (fd < 0)
			return NULL; /* the listener was shut */
		if (!read_all(fd, hdr, sizeof(hdr)) ||
		    acct_hdr_decode(hdr, ACCT_MAX_REQUEST, &h) != 0) {
			close(fd);
			continue;
		}
		req = malloc(h.length + 1u);
		ck_assert_ptr_nonnull(req);
		ck_assert(read_all(fd, req, h.length));
		F.requests++;
		acct_buf_init(&rep, ACCT_MAX_REPLY);
		if (h.opcode == ACCT_OP_AUDIT_LIST)
			fake_page(req, h.length, &rep);
		else
			fake_verdict(&rep);
		acct_buf_init(&frame, ACCT_MAX_REPLY + ACCT_HDR_LEN);
		ck_assert_int_eq(acct_frame(&frame, h.opcode, ACCT_ST_OK,
					    rep.data, rep.len),
				 0);
		ck_assert_int_eq(write(fd, frame.data, frame.len),
				 (ssize_t)frame.len);
		acct_buf_free(&frame);
		acct_buf_free(&rep);
		free(req);
		close(fd);
	}
}

static void fake_start(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	memset(&F, 0, sizeof(F));
	snprintf(F.dir, sizeof(F.dir), "/tmp/check_ctl_audit.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(F.dir));
	snprintf(F.path, sizeof(F.path), "%s/sock", F.dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", F.path);
	F.lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(F.lfd, 0);
	ck_assert_int_eq(bind(F.lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(F.lfd, 8), 0);
	ck_assert_int_eq(pthread_create(&F.thread, NULL, fake_serve, NULL), 0);
}

static void fake_stop(void)
{
	shutdown(F.lfd, SHUT_RDWR);
	pthread_join(F.thread, NULL);
	close(F.lfd);
	unlink(F.path);
	rmdir(F.dir);
}

/* Run a verb: argv after the program name; out and err captured. */
struct run {
	int rc;
	char *out, *err;
	size_t outlen, errlen;
};

static struct run run_verb(ctl_handler fn, const char *opts[][2], size_t n,
			   bool json)
{
	struct run r;
	struct ctl_env env;
	struct ctl_args a;
	FILE *out, *err;

	memset(&r, 0, sizeof(r));
	memset(&env, 0, sizeof(env));
	memset(&a, 0, sizeof(a));
	out = open_memstream(&r.out, &r.outlen);
	err = open_memstream(&r.err, &r.errlen);
	ck_assert(out != NULL && err != NULL);
	env.socket = F.path;
	env.timeout_ms = 5000;
	env.json = json;
	env.out = out;
	env.err = err;
	for (size_t i = 0; i < n; i++) {
		const struct ctl_optdef *od =
			ctl_opt_find(opts[i][0], strlen(opts[i][0]));

		ck_assert_ptr_nonnull(od);
		a.opt[od->id] = opts[i][1];
	}
	r.rc = fn(&env, &a);
	fclose(out);
	fclose(err);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* The "seq" values of a JSON list, in order, as "a b c". */
static char *json_seqs(const char *json)
{
	char *buf = calloc(1, 1u << 16);
	size_t used = 0;

	ck_assert_ptr_nonnull(buf);
	for (const char *p = json; (p = strstr(p, "\"seq\":")) != NULL;) {
		p += 6;
		used += (size_t)snprintf(buf + used, (1u << 16) - used, "%s%ld",
					 used ? " " : "", strtol(p, NULL, 10));
	}
	return buf;
}

START_TEST(list_follows_the_cursor)
{
	const char *opts[][2] = {{"limit", "1200"}};
	struct run r;
	char *seqs, want[16];

	fake_start();
	r = run_verb(ctl_cmd_audit_list, opts, 1, true);
	ck_assert_msg(r.rc == 0, "rc %d: %s", r.rc, r.err);
	/* the newest 1200, oldest first: 1301 .. 2500 */
	seqs = json_seqs(r.out);
	ck_assert_uint_eq(strlen(seqs), 1200 * 5 - 1);
	ck_assert(strncmp(seqs, "1301 1302 ", 10) == 0);
	snprintf(want, sizeof(want), " %u", LOG_LEN);
	ck_assert_str_eq(seqs + strlen(seqs) - strlen(want), want);
	/* 1000 then 200: two pages */
	ck_assert_uint_eq(F.requests, 2);
	free(seqs);
	run_free(&r);
	fake_stop();
}
END_TEST

START_TEST(list_filtered_through_empty_pages)
{
	const char *opts[][2] = {{"action", "odd"}, {"limit", "3"}};
	const char *all[][2] = {{"action", "even"}, {"limit", "1000000"}};
	struct run r;
	char *seqs;

	fake_start();
	r = run_verb(ctl_cmd_audit_list, opts, 2, true);
	ck_assert_int_eq(r.rc, 0);
	seqs = json_seqs(r.out);
	ck_assert_str_eq(seqs, "2495 2497 2499");
	free(seqs);
	run_free(&r);

	/* everything there is: 1250 records over pages of 700 read */
	F.requests = 0;
	r = run_verb(ctl_cmd_audit_list, all, 2, false);
	ck_assert_int_eq(r.rc, 0);
	/* header, then 2 .. 2500, the newest last */
	ck_assert(strncmp(r.out, "SEQ ", 4) == 0);
	ck_assert(strstr(r.out, "\n2    ") != NULL);
	ck_assert(strstr(r.out, "\n2500 ") != NULL);
	ck_assert(strstr(r.out, "\n2500 ") > strstr(r.out, "\n2    "));
	ck_assert_uint_eq(F.requests, (LOG_LEN + EXAMINE - 1) / EXAMINE);
	run_free(&r);
	fake_stop();
}
END_TEST

START_TEST(list_refuses_a_stuck_cursor)
{
	const char *opts[][2] = {{"action", "none"}};
	struct run r;

	fake_start();
	F.kind = FAKE_STUCK;
	r = run_verb(ctl_cmd_audit_list, opts, 1, false);
	ck_assert_int_eq(r.rc, CTL_EXIT_UNREACHABLE);
	ck_assert(strstr(r.err, "the audit cursor does not move on") != NULL);
	ck_assert_uint_eq(F.requests, 2); /* no endless loop */
	ck_assert_str_eq(r.out, "");	  /* nothing half printed */
	run_free(&r);
	fake_stop();
}
END_TEST

START_TEST(list_usage_errors)
{
	static const struct {
		const char *opt, *val, *msg;
	} bad[] = {
		{"limit", "0", "--limit wants a number from 1 to 1000000"},
		{"limit", "1000001", "--limit wants a number"},
		{"limit", "-3", "--limit wants a number"},
		{"limit", "ten", "--limit wants a number"},
		{"since", "yesterday", "--since wants unix seconds or an ISO"},
		{"until", "2026-12-02T10:00:00", "--until wants unix seconds"},
		{"until", "0", "--until 0 leaves nothing to list"},
		{"tenant", "Not_A_Slug", "is not a valid tenant slug"},
		{"action", "User Disable", "is not an action"},
		{"actor", "", "--actor wants 1 to 255 bytes"},
	};
	struct run r;

	fake_start();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *opts[][2] = {{bad[i].opt, bad[i].val}};

		r = run_verb(ctl_cmd_audit_list, opts, 1, false);
		ck_assert_int_eq(r.rc, CTL_EXIT_USAGE);
		ck_assert_msg(strstr(r.err, bad[i].msg) != NULL, "%s: %s",
			      bad[i].opt, r.err);
		run_free(&r);
	}
	{
		const char *opts[][2] = {{"since", "2026-12-02"},
					 {"until", "2026-12-01T23:59Z"}};

		r = run_verb(ctl_cmd_audit_list, opts, 2, false);
		ck_assert_int_eq(r.rc, CTL_EXIT_USAGE);
		ck_assert(strstr(r.err, "--since must be before --until"));
		run_free(&r);
	}
	/* none of them reached the daemon */
	ck_assert_uint_eq(F.requests, 0);
	fake_stop();
}
END_TEST

/* The fake's hash, 0xab 32 times, in hex. */
#define AB32                                                                   \
	"abababababababababababababababab"                                     \
	"abababababababababababababababab"

START_TEST(verify_intact_and_broken)
{
	struct run r;

	fake_start();
	F.kind = FAKE_INTACT;
	r = run_verb(ctl_cmd_audit_verify, NULL, 0, false);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(r.out, "audit chain intact: 2500 records verified; "
				"the last, 2500, has hash " AB32 "\n");
	run_free(&r);

	F.kind = FAKE_BROKEN;
	r = run_verb(ctl_cmd_audit_verify, NULL, 0, false);
	ck_assert_int_eq(r.rc, CTL_EXIT_REFUSED);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "accountsctl: audit chain broken: audit "
				"record 3 was changed after it was written "
				"(the 2 before it are intact)\n");
	run_free(&r);
	r = run_verb(ctl_cmd_audit_verify, NULL, 0, true);
	ck_assert_int_eq(r.rc, CTL_EXIT_REFUSED);
	ck_assert_str_eq(
		r.out,
		"{\"error\":{\"status\":\"broken\",\"code\":null,\"message\":"
		"\"audit chain broken: audit record 3 was changed after it "
		"was written (the 2 before it are intact)\",\"exit\":1},"
		"\"audit\":{\"intact\":false,\"records_verified\":2,"
		"\"last_seq\":2,\"last_hash\":\"" AB32 "\",\"broken_seq\":3,"
		"\"problem\":\"audit record 3 was changed after it was "
		"written (the 2 before it are intact)\"}}\n");
	run_free(&r);
	fake_stop();
}
END_TEST

static Suite *ctl_audit_suite(void)
{
	Suite *s = suite_create("ctl_audit");
	TCase *tt = tcase_create("times");
	TCase *tr = tcase_create("records");
	TCase *tv = tcase_create("verbs");

	tcase_add_test(tt, time_forms);
	tcase_add_loop_test(tt, time_refused, 0,
			    (int)(sizeof(bad_times) / sizeof(bad_times[0])));
	suite_add_tcase(s, tt);
	tcase_add_test(tr, record_printed);
	tcase_add_test(tr, actor_forms);
	tcase_add_test(tr, actor_uid_recorded);
	suite_add_tcase(s, tr);
	tcase_set_timeout(tv, 30);
	tcase_add_test(tv, list_follows_the_cursor);
	tcase_add_test(tv, list_filtered_through_empty_pages);
	tcase_add_test(tv, list_refuses_a_stuck_cursor);
	tcase_add_test(tv, list_usage_errors);
	tcase_add_test(tv, verify_intact_and_broken);
	suite_add_tcase(s, tv);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ctl_audit_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
