/*
 * bench_dispatch - the daemon's own time per lookup: ad_dispatch of real
 * requests over a real LMDB store, in process, without the socket.  A
 * round trip through the socket costs ~50 µs and varies by more than a
 * setting adds, so what lookup_visibility costs is measured here.
 *
 * Usage: bench_dispatch USERS TENANTS [ROUNDS]
 *   A temporary store (under $TMPDIR, removed at the end) gets a tenant
 *   "big" of USERS users, then TENANTS - 1 tenants of one user each; the
 *   last of them, "small", is the one whose groups come last, after every
 *   other tenant's.  For each caller (root; b0000000 of big; small's
 *   user; uid 999, below uid_min; a uid in the directory's range that
 *   nobody owns), under
 *   lookup_visibility all and tenant alternately, it times:
 *     PW_BYNAME of big's users in a fixed pseudo-random order, of names
 *     nobody has, PW_BYUID and INITGROUPS of big's users: ns per call,
 *     the median of ROUNDS (default 20) batches of 1,000 calls;
 *     a whole PW_ENUM and GR_ENUM walk (batches of 1,000): ms, the
 *     median of 5 walks, and the entries it gave.
 *   The daemon's log goes to stderr; the figures to stdout.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "ops/dispatch.h"
#include "ops/refusal.h"
#include "server/config.h"
#include "server/ctx.h"
#include "server/log.h"
#include "store/store.h"

#define BATCH 1000
#define WALKS 5

static struct ad_config cfg;
static struct ad_ctx ctx;
static struct acct_buf req, rep;
static char dir[256];

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_dispatch: %s\n", what);
	exit(1);
}

static int call(uint32_t uid, uint16_t op)
{
	struct ad_peer peer = {.conn_id = 1, .pid = 1, .uid = uid, .gid = uid};

	acct_buf_reset(&rep);
	return ad_dispatch(&ctx, &peer, op, req.data, req.len, &rep);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		die("cannot write the local files");
}

static uint32_t reply_u32(uint16_t rec, uint16_t tag)
{
	struct acct_field f, v;
	uint32_t x = 0;

	if (acct_find(rep.data, rep.len, rec, &f) != 1 ||
	    acct_find(f.val, f.len, tag, &v) != 1 || acct_get_u32(&v, &x) < 0)
		die("unexpected reply");
	return x;
}

static void tenant(const char *slug)
{
	acct_buf_reset(&req);
	acct_put_str(&req, ACCT_T_NAME, slug);
	if (call(0, ACCT_OP_TENANT_CREATE) != ACCT_ST_OK)
		die("tenant create failed");
}

/* Import n users "<prefix>%07d" into slug, 1,000 a request. */
static void users(const char *slug, const char *prefix, unsigned n)
{
	char login[32];

	for (unsigned done = 0; done < n;) {
		acct_buf_reset(&req);
		for (unsigned i = 0; i < BATCH && done < n; i++, done++) {
			size_t m = acct_begin(&req, ACCT_T_USER);

			snprintf(login, sizeof(login), "%s%07u", prefix, done);
			acct_put_str(&req, ACCT_T_NAME, login);
			acct_put_str(&req, ACCT_T_TENANT, slug);
			acct_end(&req, m);
		}
		if (call(0, ACCT_OP_USER_IMPORT) != ACCT_ST_OK)
			die("import failed");
	}
}

static uint32_t uid_of(const char *login)
{
	acct_buf_reset(&req);
	acct_put_str(&req, ACCT_T_NAME, login);
	if (call(0, ACCT_OP_PW_BYNAME) != ACCT_ST_OK)
		die("a user is missing");
	return reply_u32(ACCT_T_PASSWD, ACCT_T_UID);
}

static void setup(unsigned nusers, unsigned ntenants)
{
	char path[300], grp[300], err[512], slug[16], login[32];
	struct ad_store *st;

	snprintf(dir, sizeof(dir), "%s/bench_dispatch.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	snprintf(path, sizeof(path), "%s/passwd", dir);
	snprintf(grp, sizeof(grp), "%s/group", dir);
	write_file(path, "root:x:0:0:root:/root:/bin/sh\n");
	write_file(grp, "root:x:0:\n");
	ad_config_defaults(&cfg);
	/* callers other than root: never over their rate here */
	cfg.rate[AD_RATE_LOOKUP].per_minute = 60000000;
	cfg.rate[AD_RATE_LOOKUP].burst = 60000000;
	if (ad_store_open(&st, dir, UINT64_C(8) << 30, &cfg, err, sizeof(err)) <
	    0)
		die(err);
	if (ad_store_set_local_files(st, path, grp) < 0)
		die("local files");
	ctx.store = st;
	ctx.cfg = &cfg;
	ctx.host_passwd = path;
	ctx.refusals = ad_refusals_new();
	if (ctx.refusals == NULL)
		die("out of memory");
	tenant("big");
	users("big", "b", nusers);
	for (unsigned t = 1; t < ntenants; t++) {
		if (t + 1 == ntenants)
			snprintf(slug, sizeof(slug), "small");
		else
			snprintf(slug, sizeof(slug), "t%05u", t);
		snprintf(login, sizeof(login), "%s", slug);
		tenant(slug);
		users(slug, login, 1);
	}
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

/* ---- what is timed ---- */

enum probe { P_BYNAME, P_MISS, P_BYUID, P_INITGROUPS, P__COUNT };
static const char *const probe_names[P__COUNT] = {"PW_BYNAME", "miss",
						  "PW_BYUID", "INITGROUPS"};

struct order {
	uint32_t *idx; /* big's users, shuffled */
	uint32_t first_uid;
	size_t n;
};

/* One batch of probe p as uid: ns per call; *found counts OK answers. */
static double batch(enum probe p, uint32_t uid, const struct order *o,
		    size_t *pos, size_t *found)
{
	char name[32];
	double t0, total = 0;

	for (int i = 0; i < BATCH; i++) {
		uint32_t k = o->idx[(*pos)++ % o->n];
		int rc;

		acct_buf_reset(&req);
		switch (p) {
		case P_BYNAME:
		case P_INITGROUPS:
			snprintf(name, sizeof(name), "b%07u", k);
			acct_put_str(&req, ACCT_T_NAME, name);
			break;
		case P_MISS:
			snprintf(name, sizeof(name), "x%07u", k);
			acct_put_str(&req, ACCT_T_NAME, name);
			break;
		case P_BYUID:
			acct_put_u32(&req, ACCT_T_UID, o->first_uid + k);
			break;
		case P__COUNT:
			break;
		}
		t0 = now_ns();
		rc = call(uid, p == P_BYUID	   ? ACCT_OP_PW_BYUID
			       : p == P_INITGROUPS ? ACCT_OP_INITGROUPS
						   : ACCT_OP_PW_BYNAME);
		total += now_ns() - t0;
		*found += rc == ACCT_ST_OK;
	}
	return total / BATCH;
}

/* A whole walk of op as uid: ms; *n gets the entries. */
static double walk(uint16_t op, uint32_t uid, size_t *n)
{
	uint16_t rec = op == ACCT_OP_PW_ENUM ? ACCT_T_PASSWD : ACCT_T_GROUP;
	uint32_t cursor = 0, more = 1;
	bool first = true;
	double t0 = now_ns();
	struct acct_reader r;
	struct acct_field f;

	*n = 0;
	while (more) {
		acct_buf_reset(&req);
		if (!first)
			acct_put_u32(&req, ACCT_T_CURSOR, cursor);
		acct_put_u32(&req, ACCT_T_LIMIT, ACCT_ENUM_BATCH);
		first = false;
		if (call(uid, op) != ACCT_ST_OK)
			die("enumeration failed");
		more = 0;
		acct_reader_init(&r, rep.data, rep.len);
		while (acct_next(&r, &f) == 1) {
			if (f.tag == rec)
				(*n)++;
			else if (f.tag == ACCT_T_MORE)
				(void)acct_get_u32(&f, &more);
			else if (f.tag == ACCT_T_CURSOR)
				(void)acct_get_u32(&f, &cursor);
		}
	}
	return (now_ns() - t0) / 1e6;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static void set_visibility(int tenant)
{
	cfg.lookup_visibility =
		tenant ? AD_VISIBILITY_TENANT : AD_VISIBILITY_ALL;
}

/* "*": nothing found (hidden, or missing), "?": some not, " ": all. */
static const char *found_mark(size_t found, size_t calls)
{
	return found == 0 ? "*" : found < calls ? "?" : " ";
}

/* One caller: each probe and walk under both settings, alternately, so
 * that the machine's drift hits both alike. */
static void measure(const char *who, uint32_t uid, const struct order *o,
		    unsigned rounds)
{
	static const char *const walk_names[2] = {"PW_ENUM walk",
						  "GR_ENUM walk"};
	static const uint16_t walk_ops[2] = {ACCT_OP_PW_ENUM, ACCT_OP_GR_ENUM};
	double *t[2], w[2][WALKS], m[2];
	size_t pos[2] = {0, 0}, found[2] = {0, 0}, n[2] = {0, 0};

	t[0] = malloc(rounds * sizeof(double));
	t[1] = malloc(rounds * sizeof(double));
	if (t[0] == NULL || t[1] == NULL)
		die("out of memory");
	for (enum probe p = 0; p < P__COUNT; p++) {
		for (int s = 0; s < 2; s++) { /* warm-up */
			set_visibility(s);
			(void)batch(p, uid, o, &pos[s], &found[s]);
			found[s] = 0;
		}
		for (unsigned r = 0; r < rounds; r++) {
			for (int s = 0; s < 2; s++) {
				set_visibility(s);
				t[s][r] = batch(p, uid, o, &pos[s], &found[s]);
			}
		}
		m[0] = median(t[0], rounds);
		m[1] = median(t[1], rounds);
		printf("%-10s %-14s %9.0f%s %9.0f%s %+9.0f\n", who,
		       probe_names[p], m[0],
		       found_mark(found[0], (size_t)rounds * BATCH), m[1],
		       found_mark(found[1], (size_t)rounds * BATCH),
		       m[1] - m[0]);
	}
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < WALKS; i++) {
			for (int s = 0; s < 2; s++) {
				set_visibility(s);
				w[s][i] = walk(walk_ops[k], uid, &n[s]);
			}
		}
		m[0] = median(w[0], WALKS);
		m[1] = median(w[1], WALKS);
		printf("%-10s %-14s %8.2fms %8.2fms %+8.2fms  (%zu / %zu "
		       "entries)\n",
		       who, walk_names[k], m[0], m[1], m[1] - m[0], n[0], n[1]);
	}
	fflush(stdout);
	free(t[0]);
	free(t[1]);
}

int main(int argc, char **argv)
{
	unsigned nusers, ntenants, rounds;
	struct order o;
	uint64_t x = 88172645463325252ull;
	struct {
		const char *name;
		uint32_t uid;
	} callers[5];

	if (argc < 3) {
		fprintf(stderr, "usage: %s USERS TENANTS [ROUNDS]\n", argv[0]);
		return 2;
	}
	nusers = (unsigned)strtoul(argv[1], NULL, 10);
	ntenants = (unsigned)strtoul(argv[2], NULL, 10);
	rounds = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 20;
	if (nusers == 0 || ntenants < 2 || rounds == 0)
		die("USERS must be at least 1, TENANTS at least 2");
	ad_log_open(1, 0);
	acct_buf_init(&req, ACCT_MAX_REQUEST);
	acct_buf_init(&rep, ACCT_MAX_REPLY);
	setup(nusers, ntenants);

	o.n = nusers;
	o.idx = malloc(o.n * sizeof(*o.idx));
	if (o.idx == NULL)
		die("out of memory");
	for (size_t i = 0; i < o.n; i++)
		o.idx[i] = (uint32_t)i;
	for (size_t i = o.n - 1; i > 0; i--) { /* xorshift Fisher-Yates */
		size_t j;
		uint32_t tmp;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = (size_t)(x % (i + 1));
		tmp = o.idx[i];
		o.idx[i] = o.idx[j];
		o.idx[j] = tmp;
	}
	o.first_uid = uid_of("b0000000");
	callers[0].name = "root";
	callers[0].uid = 0;
	callers[1].name = "big user";
	callers[1].uid = o.first_uid;
	callers[2].name = "small user";
	callers[2].uid = uid_of("small0000000");
	callers[3].name = "system";
	callers[3].uid = 999; /* below uid_min, nobody's */
	callers[4].name = "stranger";
	callers[4].uid = cfg.uid_max; /* in the range, nobody's */

	printf("%u users in big, %u tenants; ns per call (median of %u "
	       "batches of %d),\nwhole walks in ms (median of %d); the two "
	       "settings alternate batch by batch\n"
	       "(* nothing found: hidden or missing; ? some not found)\n\n",
	       nusers, ntenants, rounds, BATCH, WALKS);
	printf("%-10s %-14s %10s %10s %9s\n", "caller", "lookup", "all",
	       "tenant", "tenant-all");
	for (size_t c = 0; c < 5; c++)
		measure(callers[c].name, callers[c].uid, &o, rounds);

	free(o.idx);
	ad_refusals_free(ctx.refusals);
	ad_store_close(ctx.store);
	acct_buf_free(&req);
	acct_buf_free(&rep);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
