/*
 * bench_pam - what an authentication through pam_accounts.so costs, against
 * a daemon that bench/run_pam.sh started, measured in one run:
 *
 *  1. latency: pam_start_confdir + pam_authenticate + pam_end, one at a
 *     time, interleaved with bare Argon2id verifications (libsodium, the
 *     daemon's limits) in this process, so that drift hits both alike: the
 *     difference is what the module, the socket and the daemon add;
 *  2. throughput: 2 x CPUs processes authenticating at once, against the
 *     ideal of every CPU hashing all the time (CPUs / one bare hash) and
 *     against bare verifications on every CPU in this process;
 *  3. name lookups (getpwnam_r through libnss_accounts) idle, then while
 *     such an authentication storm runs: the event loop must stay quick
 *     while the workers hash.
 * With -x, pam_unix with a yescrypt hash too, for context.
 *
 * Usage: bench_pam [-n CALLS] [-a AUTHS] [-l LOOKUPS] [-x UNIXUSER]
 *                  CONFDIR USERFILE PASSWORD OPSLIMIT MEMLIMIT_KB
 *   CONFDIR   holds the PAM services "bench-accounts" and "bench-unix"
 *   USERFILE  one login per line, each with the password PASSWORD
 *   OPSLIMIT, MEMLIMIT_KB  the daemon's argon2_opslimit, argon2_memlimit_kb
 */
#include <errno.h>
#include <nss.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_appl.h>
#include <sodium.h>

#define SERVICE_ACCOUNTS "bench-accounts"
#define SERVICE_UNIX "bench-unix"
#define LOOKUP_GAP_US 1000   /* between two timed lookups, idle or not */
#define STORM_RAMP_US 500000 /* before timing: every worker busy */
#define THROUGHPUT_ROUNDS 5

struct bench {
	const char *confdir;
	char *password; /* argv: libpam's conversation wants it writable */
	char **users;
	size_t nusers;
	char hash[crypto_pwhash_STRBYTES]; /* at the daemon's limits */
	long cpus;
};

/* Counters the storm's processes share (MAP_SHARED). */
struct storm_shared {
	atomic_long left; /* authentications still to start */
	atomic_long done;
	atomic_long failed;
};

struct storm {
	struct storm_shared *sh;
	pid_t *pids;
	size_t n;
	int go_w;   /* closing it starts every process at once */
	int stop_w; /* closing it stops them after their current login */
};

struct pct {
	double p50, p99;
};

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void sleep_us(long us)
{
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sorts t; p99 of 200 samples is the second largest. */
static struct pct percentiles(double *t, size_t n)
{
	struct pct p = {0, 0};

	if (n == 0)
		return p;
	qsort(t, n, sizeof(*t), cmp_double);
	p.p50 = t[n / 2];
	p.p99 = t[n * 99 / 100];
	return p;
}

static void free_users(struct bench *b)
{
	for (size_t i = 0; i < b->nusers; i++)
		free(b->users[i]);
	free(b->users);
	b->users = NULL;
	b->nusers = 0;
}

static int load_users(const char *path, struct bench *b)
{
	FILE *f = fopen(path, "r");
	char line[128];
	size_t cap = 0;

	if (!f)
		return -1;
	b->nusers = 0;
	b->users = NULL;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if (b->nusers == cap) {
			cap = cap ? 2 * cap : 64;
			char **nv = realloc(b->users, cap * sizeof(*nv));
			if (!nv)
				break;
			b->users = nv;
		}
		b->users[b->nusers] = strdup(line);
		if (!b->users[b->nusers])
			break;
		b->nusers++;
	}
	fclose(f);
	if (b->nusers > 0)
		return 0;
	free_users(b);
	return -1;
}

/* The conversation: the password for every hidden prompt, nothing else. */
static int answer(int n, const struct pam_message **msg,
		  struct pam_response **resp, void *password)
{
	struct pam_response *r;

	if (n <= 0)
		return PAM_CONV_ERR;
	r = calloc((size_t)n, sizeof(*r));
	if (!r)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		if (msg[i]->msg_style != PAM_PROMPT_ECHO_OFF)
			continue;
		r[i].resp = strdup(password);
		if (!r[i].resp) {
			while (i-- > 0)
				free(r[i].resp);
			free(r);
			return PAM_BUF_ERR;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
}

/*
 * One login as a program does it; pam_authenticate alone is timed into
 * *auth_us (may be NULL).  Returns the PAM code.
 */
static int pam_login(const struct bench *b, const char *service,
		     const char *user, double *auth_us)
{
	struct pam_conv conv = {answer, b->password};
	pam_handle_t *pamh = NULL;
	double t0;
	int rc;

	rc = pam_start_confdir(service, user, &conv, b->confdir, &pamh);
	if (rc != PAM_SUCCESS)
		return rc;
	t0 = now_us();
	rc = pam_authenticate(pamh, PAM_SILENT);
	if (auth_us)
		*auth_us = now_us() - t0;
	pam_end(pamh, rc);
	return rc;
}

static int bare_verify(const struct bench *b)
{
	return crypto_pwhash_str_verify(b->hash, b->password,
					strlen(b->password));
}

static double *samples(size_t n)
{
	double *t = calloc(n, sizeof(*t));
	if (!t) {
		fprintf(stderr, "bench_pam: out of memory\n");
		exit(1);
	}
	return t;
}

static void print_row(const char *what, struct pct p)
{
	printf("  %-48s %9.2f %9.2f\n", what, p.p50 / 1e3, p.p99 / 1e3);
}

/* 1. One authentication at a time, each next to a bare verification;
 * the bare p50 goes to *bare_p50. */
static long bench_latency(const struct bench *b, size_t calls, double *bare_p50)
{
	double *full = samples(calls), *auth = samples(calls);
	double *bare = samples(calls);
	long failed = 0;
	struct pct pf, pa, pb;

	/* warm-up: the module's first load, the daemon's first pages */
	failed += pam_login(b, SERVICE_ACCOUNTS, b->users[0], NULL) !=
		  PAM_SUCCESS;
	failed += bare_verify(b) != 0;
	for (size_t i = 0; i < calls; i++) {
		const char *user = b->users[i % b->nusers];
		double t0 = now_us();
		failed += pam_login(b, SERVICE_ACCOUNTS, user, &auth[i]) !=
			  PAM_SUCCESS;
		full[i] = now_us() - t0;
		t0 = now_us();
		failed += bare_verify(b) != 0;
		bare[i] = now_us() - t0;
	}
	pb = percentiles(bare, calls);
	*bare_p50 = pb.p50;
	pa = percentiles(auth, calls);
	pf = percentiles(full, calls);
	printf("1. one authentication at a time, %zu calls each, "
	       "interleaved (ms)   p50       p99\n",
	       calls);
	print_row("bare crypto_pwhash_str_verify", pb);
	print_row("pam_authenticate (pam_accounts.so)", pa);
	print_row("pam_start_confdir + pam_authenticate + pam_end", pf);
	print_row("difference: pam_authenticate - bare",
		  (struct pct){pa.p50 - pb.p50, pa.p99 - pb.p99});
	print_row("difference: start+authenticate+end - bare",
		  (struct pct){pf.p50 - pb.p50, pf.p99 - pb.p99});
	free(full);
	free(auth);
	free(bare);
	return failed;
}

/* For context: pam_unix over a yescrypt hash in /etc/shadow. */
static long bench_unix(const struct bench *b, const char *user, size_t calls)
{
	double *auth = samples(calls);
	long failed = 0;

	failed += pam_login(b, SERVICE_UNIX, user, NULL) != PAM_SUCCESS;
	for (size_t i = 0; i < calls; i++)
		failed += pam_login(b, SERVICE_UNIX, user, &auth[i]) !=
			  PAM_SUCCESS;
	print_row("context: pam_authenticate (pam_unix.so, yescrypt)",
		  percentiles(auth, calls));
	free(auth);
	return failed;
}

struct bare_job {
	const struct bench *b;
	atomic_long left;
	atomic_long failed;
};

static void *bare_worker(void *arg)
{
	struct bare_job *job = arg;

	while (atomic_fetch_sub(&job->left, 1) > 0)
		if (bare_verify(job->b) != 0)
			atomic_fetch_add(&job->failed, 1);
	return NULL;
}

/* total bare verifications on every CPU: what this machine can hash at
 * best.  Returns the seconds they took, or -1. */
static double bare_parallel(const struct bench *b, long total, long *failed)
{
	pthread_t *tid = calloc((size_t)b->cpus, sizeof(*tid));
	struct bare_job job = {.b = b};
	long started = 0;
	double t0;

	if (!tid)
		return -1;
	atomic_init(&job.left, total);
	atomic_init(&job.failed, 0);
	t0 = now_us();
	for (; started < b->cpus; started++)
		if (pthread_create(&tid[started], NULL, bare_worker, &job) != 0)
			break;
	for (long i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	double secs = (now_us() - t0) / 1e6;
	free(tid);
	*failed += atomic_load(&job.failed);
	return started > 0 ? secs : -1;
}

static bool stop_requested(int stop_r)
{
	struct pollfd p = {.fd = stop_r, .events = POLLIN};
	return poll(&p, 1, 0) != 0; /* EOF (or an error): stop */
}

static void storm_process(const struct bench *b, struct storm_shared *sh,
			  size_t index, int go_r, int stop_r)
{
	const char *user = b->users[index % b->nusers];
	char c;

	while (read(go_r, &c, 1) < 0 && errno == EINTR)
		;
	while (!stop_requested(stop_r) && atomic_fetch_sub(&sh->left, 1) > 0) {
		if (pam_login(b, SERVICE_ACCOUNTS, user, NULL) != PAM_SUCCESS)
			atomic_fetch_add(&sh->failed, 1);
		atomic_fetch_add(&sh->done, 1);
	}
	_exit(0);
}

static void storm_go(struct storm *s)
{
	close(s->go_w);
}

/* Reap, after stopping them (stop) or once they did all their logins;
 * returns the failed logins. */
static long storm_end(struct storm *s, bool stop)
{
	long failed;

	if (stop)
		close(s->stop_w);
	for (size_t i = 0; i < s->n; i++)
		while (waitpid(s->pids[i], NULL, 0) < 0 && errno == EINTR)
			;
	if (!stop)
		close(s->stop_w);
	failed = atomic_load(&s->sh->failed);
	free(s->pids);
	munmap(s->sh, sizeof(*s->sh));
	return failed;
}

/*
 * Fork n authenticating processes that wait for storm_go; each logs in as
 * its own user, total logins at most (or until storm_end).  On failure
 * nothing is left running and there is nothing to storm_end.
 */
static int storm_start(const struct bench *b, struct storm *s, size_t n,
		       long total)
{
	int go[2], stop[2];

	s->sh = mmap(NULL, sizeof(*s->sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->sh == MAP_FAILED)
		return -1;
	s->pids = calloc(n, sizeof(*s->pids));
	if (!s->pids || pipe(go) < 0) {
		free(s->pids);
		munmap(s->sh, sizeof(*s->sh));
		return -1;
	}
	if (pipe(stop) < 0) {
		close(go[0]);
		close(go[1]);
		free(s->pids);
		munmap(s->sh, sizeof(*s->sh));
		return -1;
	}
	atomic_init(&s->sh->left, total);
	atomic_init(&s->sh->done, 0);
	atomic_init(&s->sh->failed, 0);
	fflush(stdout);
	for (s->n = 0; s->n < n; s->n++) {
		pid_t pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			close(go[1]);
			close(stop[1]);
			storm_process(b, s->sh, s->n, go[0], stop[0]);
		}
		s->pids[s->n] = pid;
	}
	close(go[0]);
	close(stop[0]);
	s->go_w = go[1];
	s->stop_w = stop[1];
	if (s->n == n)
		return 0;
	storm_go(s);
	storm_end(s, true);
	return -1;
}

/* total logins by procs processes at once; returns the seconds they
 * took, or -1. */
static double storm_parallel(const struct bench *b, size_t procs, long total,
			     long *failed)
{
	struct storm s;
	double t0;

	if (storm_start(b, &s, procs, total) < 0)
		return -1;
	t0 = now_us();
	storm_go(&s);
	*failed += storm_end(&s, false);
	return (now_us() - t0) / 1e6;
}

/*
 * 2. Throughput with every CPU busy.  Rounds of bare verifications and of
 * logins alternate, so that a burst of other load on the machine hits
 * both alike.
 */
static long bench_throughput(const struct bench *b, double bare_us, long total)
{
	size_t procs = 2 * (size_t)b->cpus;
	long failed = 0,
	     per_round = (total + THROUGHPUT_ROUNDS - 1) / THROUGHPUT_ROUNDS;
	double ideal = (double)b->cpus / (bare_us / 1e6);
	double bare_s = 0, pam_s = 0;

	for (int r = 0; r < THROUGHPUT_ROUNDS; r++) {
		double bs = bare_parallel(b, per_round, &failed);
		double ps = storm_parallel(b, procs, per_round, &failed);
		if (bs < 0 || ps < 0) {
			fprintf(stderr, "bench_pam: cannot start threads or "
					"processes\n");
			return failed + 1;
		}
		bare_s += bs;
		pam_s += ps;
	}
	double bare_rate = (double)(per_round * THROUGHPUT_ROUNDS) / bare_s;
	double rate = (double)(per_round * THROUGHPUT_ROUNDS) / pam_s;
	printf("\n2. throughput, %d rounds of %ld each, alternating   "
	       "auths/s  of ideal\n",
	       THROUGHPUT_ROUNDS, per_round);
	printf("  %-48s %9.2f %8.1f%%\n", "ideal: CPUs / bare p50", ideal,
	       100.0);
	printf("  %-48s %9.2f %8.1f%%\n", "bare verify, one thread per CPU",
	       bare_rate, 100.0 * bare_rate / ideal);
	char what[64];
	snprintf(what, sizeof(what), "pam_accounts, %zu processes", procs);
	printf("  %-48s %9.2f %8.1f%%  (%.1f%% of bare)\n", what, rate,
	       100.0 * rate / ideal, 100.0 * rate / bare_rate);
	return failed;
}

/* Timed getpwnam_r calls, LOOKUP_GAP_US apart; returns wrong answers. */
static long timed_lookups(const struct bench *b, double *t, size_t n)
{
	static char buf[1 << 14];
	uint64_t x = 88172645463325252ull; /* xorshift: same order each time */
	long wrong = 0;

	for (size_t i = 0; i < n; i++) {
		struct passwd pw, *res = NULL;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		const char *name = b->users[x % b->nusers];
		double t0 = now_us();
		getpwnam_r(name, &pw, buf, sizeof(buf), &res);
		t[i] = now_us() - t0;
		wrong += res == NULL || strcmp(pw.pw_name, name) != 0;
		sleep_us(LOOKUP_GAP_US);
	}
	return wrong;
}

/* 3. Lookups idle, then during an authentication storm. */
static long bench_lookups(const struct bench *b, size_t n)
{
	double *idle = samples(n), *busy = samples(n);
	size_t procs = 2 * (size_t)b->cpus;
	struct storm s;
	long failed = 0;
	double t0, secs;

	__nss_configure_lookup("passwd", "accounts");
	failed += timed_lookups(b, idle, n < 100 ? n : 100); /* warm-up */
	failed += timed_lookups(b, idle, n);
	if (storm_start(b, &s, procs, 1L << 40) < 0) {
		fprintf(stderr, "bench_pam: cannot start the storm\n");
		free(idle);
		free(busy);
		return failed + 1;
	}
	storm_go(&s);
	sleep_us(STORM_RAMP_US);
	long done0 = atomic_load(&s.sh->done);
	t0 = now_us();
	failed += timed_lookups(b, busy, n);
	secs = (now_us() - t0) / 1e6;
	long done = atomic_load(&s.sh->done) - done0;
	failed += storm_end(&s, true);

	struct pct pi = percentiles(idle, n), pb = percentiles(busy, n);
	printf("\n3. getpwnam_r through libnss_accounts, %zu lookups "
	       "(us)    p50       p99       p90       max\n",
	       n);
	printf("  %-48s %9.1f %9.1f %9.1f %9.1f\n", "idle", pi.p50, pi.p99,
	       idle[n * 9 / 10], idle[n - 1]);
	char what[96];
	snprintf(what, sizeof(what), "during %zu authenticating processes",
		 procs);
	printf("  %-48s %9.1f %9.1f %9.1f %9.1f\n", what, pb.p50, pb.p99,
	       busy[n * 9 / 10], busy[n - 1]);
	printf("  %-48s %9.2fx %8.2fx\n", "ratio storm/idle",
	       pi.p50 > 0 ? pb.p50 / pi.p50 : 0.0,
	       pi.p99 > 0 ? pb.p99 / pi.p99 : 0.0);
	printf("  (the storm ran %.2f auths/s while the lookups were timed)\n",
	       (double)done / secs);
	free(idle);
	free(busy);
	return failed;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [-n CALLS] [-a AUTHS] [-l LOOKUPS] [-x UNIXUSER] "
		"CONFDIR USERFILE PASSWORD OPSLIMIT MEMLIMIT_KB\n",
		argv0);
	exit(2);
}

static size_t positive(const char *s, const char *argv0)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (end == s || *end != '\0' || v == 0)
		usage(argv0);
	return v;
}

int main(int argc, char **argv)
{
	struct bench b = {0};
	size_t calls = 200, auths = 200, lookups = 2000;
	const char *unix_user = NULL;
	unsigned long long ops;
	size_t mem;
	long failed = 0;
	int opt;

	while ((opt = getopt(argc, argv, "n:a:l:x:")) != -1) {
		switch (opt) {
		case 'n':
			calls = positive(optarg, argv[0]);
			break;
		case 'a':
			auths = positive(optarg, argv[0]);
			break;
		case 'l':
			lookups = positive(optarg, argv[0]);
			break;
		case 'x':
			unix_user = optarg;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (argc - optind != 5)
		usage(argv[0]);
	b.confdir = argv[optind];
	b.password = argv[optind + 2];
	ops = positive(argv[optind + 3], argv[0]);
	mem = positive(argv[optind + 4], argv[0]) * 1024;
	b.cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (b.cpus < 1)
		b.cpus = 1;
	if (load_users(argv[optind + 1], &b) != 0) {
		fprintf(stderr, "bench_pam: cannot read users from %s\n",
			argv[optind + 1]);
		return 1;
	}
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(b.hash, b.password, strlen(b.password), ops,
			      mem) != 0) {
		fprintf(stderr, "bench_pam: cannot hash (out of memory?)\n");
		free_users(&b);
		return 1;
	}
	printf("CPUs: %ld, Argon2id opslimit %llu, memlimit %zu KiB, "
	       "users: %zu\n\n",
	       b.cpus, ops, mem / 1024, b.nusers);
	double bare_p50;
	failed += bench_latency(&b, calls, &bare_p50);
	if (unix_user)
		failed += bench_unix(&b, unix_user, calls);
	failed += bench_throughput(&b, bare_p50, (long)auths);
	failed += bench_lookups(&b, lookups);
	if (failed)
		printf("\nFAILED: %ld authentications or lookups went wrong\n",
		       failed);
	free_users(&b);
	return failed ? 1 : 0;
}
