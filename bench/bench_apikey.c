/*
 * bench_apikey - what an API key costs a request: the same request
 * (ME_SHOW, which reads the caller's user) sent by a directory user's
 * Unix identity alone, and with an API key of that user's (ACCT_T_API_KEY:
 * the daemon reads the key, compares its secret's hash, reads its owner
 * and tenant, asks the login policy and counts the use), all over one
 * connection to a running daemon, one request at a time.
 *
 * Usage: bench_apikey SOCKET KEYFILE [ROUNDS] [BATCH]
 *   Run as the key's owner's uid (run_apikey.sh does).  ROUNDS (default
 *   20) rounds of BATCH (default 2,000) requests of each kind, the kinds
 *   taking turns to go first; every request is timed alone
 *   (CLOCK_MONOTONIC) from its send to the end of its reply.  Prints the
 *   p50 and p99 of each kind in microseconds and the ratio of the p50s.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "acct_be.h"
#include "acct_codec.h"
#include "acct_proto.h"

static void die(const char *what)
{
	fprintf(stderr, "bench_apikey: %s: %s\n", what, strerror(errno));
	exit(1);
}

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

static void io_all(int fd, void *p, size_t n, int writing)
{
	uint8_t *b = p;

	while (n > 0) {
		ssize_t k = writing ? write(fd, b, n) : read(fd, b, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die(writing ? "write" : "read");
		b += k;
		n -= (size_t)k;
	}
}

/* One request out, its reply in; the reply's status. */
static unsigned round_trip(int fd, const struct acct_buf *frame, uint8_t *buf,
			   size_t size)
{
	uint8_t hdr[ACCT_HDR_LEN];
	uint32_t len;

	io_all(fd, frame->data, frame->len, 1);
	io_all(fd, hdr, sizeof(hdr), 0);
	len = acct_be32_get(hdr + 12);
	if (len > size) {
		errno = EMSGSIZE;
		die("reply");
	}
	io_all(fd, buf, len, 0);
	return acct_be16_get(hdr + 10);
}

/* Time batch requests of frame into t (microseconds each). */
static void batch(int fd, const struct acct_buf *frame, double *t, int n,
		  const char *kind)
{
	static uint8_t buf[ACCT_MAX_REQUEST];

	for (int i = 0; i < n; i++) {
		double t0 = now_us();

		if (round_trip(fd, frame, buf, sizeof(buf)) != ACCT_ST_OK) {
			fprintf(stderr, "bench_apikey: %s refused\n", kind);
			exit(1);
		}
		t[i] = now_us() - t0;
	}
}

static void report(const char *kind, double *t, size_t n, double *p50)
{
	qsort(t, n, sizeof(*t), cmp_double);
	*p50 = t[n / 2];
	printf("%-24s p50 %7.2f us   p99 %7.2f us   (%zu requests)\n", kind,
	       *p50, t[n * 99 / 100], n);
}

/* A positive count from the command line; 0 when it is none. */
static int count_arg(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 10000000)
		return 0;
	return (int)v;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct acct_buf unix_frame, key_frame, payload;
	char key[256];
	int rounds = argc > 3 ? count_arg(argv[3]) : 20;
	int n = argc > 4 ? count_arg(argv[4]) : 2000;
	double *tu, *tk, pu, pk;
	FILE *f;
	int fd;

	if (argc < 3 || rounds < 1 || n < 1)
		return fprintf(stderr, "usage: bench_apikey SOCKET KEYFILE "
				       "[ROUNDS] [BATCH]\n"),
		       2;
	f = fopen(argv[2], "r");
	if (f == NULL || fgets(key, sizeof(key), f) == NULL)
		die("the key file");
	fclose(f);
	key[strcspn(key, "\r\n")] = '\0';
	acct_buf_init(&payload, ACCT_MAX_REQUEST);
	acct_buf_init(&unix_frame, ACCT_MAX_REQUEST + ACCT_HDR_LEN);
	acct_buf_init(&key_frame, ACCT_MAX_REQUEST + ACCT_HDR_LEN);
	acct_frame(&unix_frame, ACCT_OP_ME_SHOW, 0, NULL, 0);
	acct_put_str(&payload, ACCT_T_API_KEY, key);
	acct_frame(&key_frame, ACCT_OP_ME_SHOW, 0, payload.data, payload.len);
	tu = calloc((size_t)rounds * (size_t)n, sizeof(double));
	tk = calloc((size_t)rounds * (size_t)n, sizeof(double));
	if (tu == NULL || tk == NULL || unix_frame.err || key_frame.err)
		die("memory");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("connect");
	/* warm up both paths */
	batch(fd, &unix_frame, tu, n < 200 ? n : 200, "unix");
	batch(fd, &key_frame, tk, n < 200 ? n : 200, "key");
	for (int r = 0; r < rounds; r++) {
		double *u = tu + (size_t)r * (size_t)n;
		double *k = tk + (size_t)r * (size_t)n;

		if (r % 2 == 0) {
			batch(fd, &unix_frame, u, n, "unix");
			batch(fd, &key_frame, k, n, "key");
		} else {
			batch(fd, &key_frame, k, n, "key");
			batch(fd, &unix_frame, u, n, "unix");
		}
	}
	close(fd);
	report("me show, Unix identity", tu, (size_t)rounds * (size_t)n, &pu);
	report("me show, API key", tk, (size_t)rounds * (size_t)n, &pk);
	printf("ratio (API key p50 / Unix identity p50): %.3f\n", pk / pu);
	free(tu);
	free(tk);
	acct_buf_free(&payload);
	acct_buf_free(&unix_frame);
	acct_buf_free(&key_frame);
	return 0;
}
