/*
 * bench_lookup - time passwd/group lookups through glibc NSS, one backend at
 * a time, in one run: "files" (glibc's own module over /etc/passwd) as the
 * baseline and "accounts" (libnss_accounts.so.2 talking to accountsd).
 *
 * Usage: bench_lookup USERFILE GROUP [ITERATIONS]
 *   USERFILE  one "login uid" pair per line, users present in both backends
 *   GROUP     the group every user belongs to (for getgrouplist)
 *
 * Each lookup is timed alone with CLOCK_MONOTONIC; the figures are p50 and
 * p99 in microseconds, and the ratio accounts/files of the p50s.  Names are
 * drawn from the whole user list in a fixed pseudo-random order, so that
 * neither backend benefits from touching the same entry over and over.
 * accounts runs that sequence twice: "cold" is the first pass (the daemon
 * touches those pages of its database for the first time), p50/p99 the
 * second (steady state).  files reads a file in the page cache either way.
 *
 * Usage: bench_lookup --threads SECONDS USERFILE N...
 *   For each N, N threads call getpwnam_r of random users (each thread its
 *   own sequence) for SECONDS, first through "files", then through
 *   "accounts"; one line per backend and N: lookups/s over all threads,
 *   p50 and p99 of every call, and the ratio of accounts to files
 *   lookups/s.  Where the threads run (taskset) is the caller's business.
 */
#include <errno.h>
#include <grp.h>
#include <nss.h>
#include <pthread.h>
#include <pwd.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct user {
	char name[40];
	uid_t uid;
};

struct users {
	struct user *v;
	size_t n;
};

enum op { OP_BYNAME, OP_BYUID, OP_MISS, OP_GROUPLIST, OP__COUNT };
static const char *const op_names[OP__COUNT] = {
	"getpwnam_r", "getpwuid_r", "getpwnam_r miss", "getgrouplist"};

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int load_users(const char *path, struct users *u)
{
	FILE *f = fopen(path, "r");
	char line[128];
	size_t cap = 1024;

	if (!f)
		return -1;
	u->n = 0;
	u->v = malloc(cap * sizeof(*u->v));
	while (u->v && fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		char *end;
		if (!sp)
			continue;
		*sp = '\0';
		unsigned long uid = strtoul(sp + 1, &end, 10);
		if (end == sp + 1 || strlen(line) >= sizeof(u->v->name))
			continue;
		if (u->n == cap) {
			struct user *nv = realloc(u->v, 2 * cap * sizeof(*nv));
			if (!nv)
				break;
			u->v = nv;
			cap *= 2;
		}
		memcpy(u->v[u->n].name, line, strlen(line) + 1);
		u->v[u->n].uid = (uid_t)uid;
		u->n++;
	}
	fclose(f);
	if (u->v && u->n > 0)
		return 0;
	free(u->v);
	return -1;
}

/* Select one NSS source for the databases the lookups use. */
static void use_backend(const char *backend)
{
	__nss_configure_lookup("passwd", backend);
	__nss_configure_lookup("group", backend);
	__nss_configure_lookup("initgroups", backend);
}

/* One lookup; returns 0 when it gave the expected answer. */
static int lookup(enum op op, const struct user *u, gid_t gid, char *buf,
		  size_t buflen)
{
	struct passwd pw, *res = NULL;
	gid_t groups[64];
	int ngroups = 64;
	char miss[64];

	switch (op) {
	case OP_BYNAME:
		getpwnam_r(u->name, &pw, buf, buflen, &res);
		return res && pw.pw_uid == u->uid ? 0 : -1;
	case OP_BYUID:
		getpwuid_r(u->uid, &pw, buf, buflen, &res);
		return res && strcmp(pw.pw_name, u->name) == 0 ? 0 : -1;
	case OP_MISS:
		snprintf(miss, sizeof(miss), "%.30sx", u->name);
		getpwnam_r(miss, &pw, buf, buflen, &res);
		return res ? -1 : 0;
	case OP_GROUPLIST:
		if (getgrouplist(u->name, 65534, groups, &ngroups) < 0)
			return -1;
		for (int i = 0; i < ngroups; i++)
			if (groups[i] == gid)
				return 0;
		return -1;
	default:
		return -1;
	}
}

struct result {
	double p50, p99; /* of the last pass */
	double cold_p50; /* of the first pass */
	size_t errors;
};

/* One timed pass over the fixed pseudo-random sequence of users. */
static size_t timed_pass(enum op op, const struct users *u, gid_t gid,
			 double *t, size_t iterations)
{
	static char buf[1 << 16];
	uint64_t x = 88172645463325252ull; /* xorshift: same order each pass */
	size_t errors = 0;

	for (size_t i = 0; i < iterations; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		const struct user *pick = &u->v[x % u->n];
		double t0 = now_us();
		if (lookup(op, pick, gid, buf, sizeof(buf)) != 0)
			errors++;
		t[i] = now_us() - t0;
	}
	qsort(t, iterations, sizeof(*t), cmp_double);
	return errors;
}

/*
 * passes > 1 repeats the same sequence: the first pass touches each entry's
 * pages for the first time in the daemon (page faults on its LMDB map, a
 * one-time cost per page), the last shows the steady state.
 */
static struct result run(enum op op, const struct users *u, gid_t gid,
			 size_t iterations, int passes)
{
	struct result r = {0, 0, 0, 0};
	double *t = calloc(iterations, sizeof(*t));

	if (!t)
		return r;
	for (int pass = 0; pass < passes; pass++) {
		r.errors += timed_pass(op, u, gid, t, iterations);
		if (pass == 0)
			r.cold_p50 = t[iterations / 2];
	}
	r.p50 = t[iterations / 2];
	r.p99 = t[iterations * 99 / 100];
	free(t);
	return r;
}

/* Full enumeration: returns milliseconds, and the entry count in *count. */
static double enumerate(size_t *count)
{
	double t0 = now_us();
	*count = 0;
	setpwent();
	while (getpwent())
		(*count)++;
	endpwent();
	return (now_us() - t0) / 1e3;
}

/* ---- threads: throughput of N threads at once ---- */

struct worker {
	pthread_t tid;
	const struct users *u;
	uint64_t seed;
	double *t; /* latency of each call, microseconds */
	size_t n, cap;
	size_t errors;
};

static atomic_int workers_go, workers_stop;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	char *buf = malloc(1 << 16);
	uint64_t x = w->seed;

	if (buf == NULL)
		return NULL;
	while (!atomic_load_explicit(&workers_go, memory_order_acquire))
		; /* start together */
	while (!atomic_load_explicit(&workers_stop, memory_order_relaxed)) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (w->n == w->cap) {
			size_t cap = w->cap ? 2 * w->cap : 65536;
			double *nt = realloc(w->t, cap * sizeof(*nt));
			if (nt == NULL)
				break;
			w->t = nt;
			w->cap = cap;
		}
		double t0 = now_us();
		if (lookup(OP_BYNAME, &w->u->v[x % w->u->n], 0, buf, 1 << 16) !=
		    0)
			w->errors++;
		w->t[w->n++] = now_us() - t0;
	}
	free(buf);
	return NULL;
}

struct tresult {
	double per_s, p50, p99;
	size_t errors;
};

/* nthreads threads doing getpwnam_r for seconds; 0, or -1. */
static int run_threads(const struct users *u, int nthreads, double seconds,
		       struct tresult *r)
{
	struct worker *w = calloc((size_t)nthreads, sizeof(*w));
	size_t total = 0, k = 0;
	struct timespec nap;
	double t0, elapsed, *all;
	int started = 0;

	memset(r, 0, sizeof(*r));
	if (w == NULL)
		return -1;
	atomic_store(&workers_go, 0);
	atomic_store(&workers_stop, 0);
	for (int i = 0; i < nthreads; i++) {
		w[i].u = u;
		w[i].seed = 88172645463325252ull + 7919u * (uint64_t)(i + 1);
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0)
			break;
		started++;
	}
	t0 = now_us();
	atomic_store_explicit(&workers_go, 1, memory_order_release);
	nap.tv_sec = (time_t)seconds;
	nap.tv_nsec = (long)((seconds - (double)nap.tv_sec) * 1e9);
	while (nanosleep(&nap, &nap) != 0 && errno == EINTR)
		;
	atomic_store_explicit(&workers_stop, 1, memory_order_relaxed);
	elapsed = (now_us() - t0) / 1e6;
	for (int i = 0; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		total += w[i].n;
		r->errors += w[i].errors;
	}
	all = total > 0 ? malloc(total * sizeof(*all)) : NULL;
	for (int i = 0; i < started; i++) {
		if (all != NULL)
			memcpy(all + k, w[i].t, w[i].n * sizeof(*all));
		k += w[i].n;
		free(w[i].t);
	}
	free(w);
	if (all == NULL || started < nthreads) {
		free(all);
		return -1;
	}
	qsort(all, total, sizeof(*all), cmp_double);
	r->per_s = (double)total / elapsed;
	r->p50 = all[total / 2];
	r->p99 = all[total * 99 / 100];
	free(all);
	return 0;
}

static int main_threads(int argc, char **argv)
{
	struct users u;
	double seconds;
	int failed = 0;
	char buf[1 << 12];

	if (argc < 5) {
		fprintf(stderr, "usage: %s --threads SECONDS USERFILE N...\n",
			argv[0]);
		return 2;
	}
	seconds = strtod(argv[2], NULL);
	if (seconds <= 0 || load_users(argv[3], &u) != 0) {
		fprintf(stderr, "bench_lookup: bad duration or user file\n");
		return 1;
	}
	/* warm the daemon's pages for (up to) every user once */
	use_backend("accounts");
	for (size_t i = 0; i<u.n; i += u.n> 20000 ? u.n / 20000 : 1)
		(void)lookup(OP_BYNAME, &u.v[i], 0, buf, sizeof(buf));
	printf("%-8s %7s %12s %9s %9s %7s\n", "backend", "threads", "lookups/s",
	       "p50", "p99", "ratio");
	for (int i = 4; i < argc; i++) {
		int n = (int)strtol(argv[i], NULL, 10);
		struct tresult f, a;

		if (n <= 0)
			continue;
		use_backend("files");
		if (run_threads(&u, n, seconds, &f) < 0)
			failed = 1;
		use_backend("accounts");
		if (run_threads(&u, n, seconds, &a) < 0)
			failed = 1;
		printf("%-8s %7d %12.0f %7.1fus %7.1fus\n", "files", n, f.per_s,
		       f.p50, f.p99);
		printf("%-8s %7d %12.0f %7.1fus %7.1fus %6.2fx\n", "accounts",
		       n, a.per_s, a.p50, a.p99,
		       f.per_s > 0 ? a.per_s / f.per_s : 0.0);
		if (f.errors || a.errors) {
			printf("  wrong answers: files %zu, accounts %zu\n",
			       f.errors, a.errors);
			failed = 1;
		}
		fflush(stdout);
	}
	free(u.v);
	return failed;
}

int main(int argc, char **argv)
{
	struct users u;
	struct group *gr;
	size_t iterations;
	int failed = 0;

	if (argc > 1 && strcmp(argv[1], "--threads") == 0)
		return main_threads(argc, argv);
	if (argc < 3) {
		fprintf(stderr,
			"usage: %s USERFILE GROUP [ITERATIONS]\n"
			"       %s --threads SECONDS USERFILE N...\n",
			argv[0], argv[0]);
		return 2;
	}
	if (load_users(argv[1], &u) != 0) {
		fprintf(stderr, "bench_lookup: cannot read users from %s\n",
			argv[1]);
		return 1;
	}
	iterations = argc > 3 ? strtoul(argv[3], NULL, 10) : 2000;
	use_backend("accounts");
	gr = getgrnam(argv[2]);
	if (!gr) {
		fprintf(stderr, "bench_lookup: group %s not found\n", argv[2]);
		free(u.v);
		return 1;
	}
	gid_t gid = gr->gr_gid;

	printf("users: %zu, iterations per figure: %zu (files: fewer when "
	       "slow)\n\n",
	       u.n, iterations);
	printf("%-16s %11s %11s %11s %11s %11s %7s\n", "lookup", "files p50",
	       "files p99", "acct cold50", "acct p50", "acct p99", "ratio");
	for (enum op op = 0; op < OP__COUNT; op++) {
		struct result f, a;
		/* files scans linearly: cap its work at ~100M entries read */
		size_t fit = iterations;
		if (u.n * fit > 100000000u)
			fit = 100000000u / u.n < 50 ? 50 : 100000000u / u.n;
		use_backend("files");
		f = run(op, &u, gid, fit, 1);
		use_backend("accounts");
		a = run(op, &u, gid, iterations, 2);
		printf("%-16s %9.2fus %9.2fus %9.2fus %9.2fus %9.2fus %6.3fx\n",
		       op_names[op], f.p50, f.p99, a.cold_p50, a.p50, a.p99,
		       f.p50 > 0 ? a.p50 / f.p50 : 0.0);
		if (f.errors || a.errors) {
			printf("  wrong answers: files %zu, accounts %zu\n",
			       f.errors, a.errors);
			failed = 1;
		}
	}

	size_t nf, na;
	use_backend("files");
	double ef = enumerate(&nf);
	use_backend("accounts");
	double ea = enumerate(&na);
	printf("\n%-16s %10.2fms (%zu entries) %10.2fms (%zu entries) "
	       "%7.3fx\n",
	       "getpwent all", ef, nf, ea, na, ef > 0 ? ea / ef : 0.0);
	free(u.v);
	return failed;
}
