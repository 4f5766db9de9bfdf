/*
 * fake_pamd.c - see fake_pamd.h.
 *
 * Deliberately simple: one thread, blocking reads with a receive timeout,
 * a mutex around the script and the records, and a pipe that wakes the
 * accept loop when the test stops it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "fake_pamd.h"

#define FIRST_OP ACCT_OP_AUTH
#define NUM_OPS (ACCT_OP_SESSION_CLOSE - ACCT_OP_AUTH + 1)
#define PRELIM_SLOT NUM_OPS /* CHAUTHTOK with PRELIM */
#define MAX_HUNG 16
/* The first byte of a probe connection (a frame starts with 'A'). */
#define PROBE_BYTE 'P'

struct answer {
	uint16_t status;
	uint32_t result;
	char message[ACCT_MAX_STR + 1];
	bool has_message;
};

struct fake_pamd {
	char dir[64];
	char path[108];
	int listen_fd;
	int wake[2]; /* written to stop the thread */
	pthread_t thread;

	pthread_mutex_t lock; /* everything below */
	enum fp_mode mode;
	struct answer answers[NUM_OPS];
	uint32_t prelim_result;
	uint64_t session_id;
	unsigned connections;
	unsigned probes; /* fp_connections' own connections */
	struct fp_request last[NUM_OPS + 1];
	int hung[MAX_HUNG]; /* FP_HANG connections, closed at stop */
	unsigned nhung;
};

static void die(const char *what)
{
	perror(what);
	abort();
}

static bool read_exact(int sock, void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n > 0) {
		ssize_t got = read(sock, p, n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		p += got;
		n -= (size_t)got;
	}
	return true;
}

static bool write_exact(int sock, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	while (n > 0) {
		ssize_t put = send(sock, p, n, MSG_NOSIGNAL);

		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return false;
		p += put;
		n -= (size_t)put;
	}
	return true;
}

static void copy_str(const struct acct_field *f, char *dst, size_t size,
		     bool *has, size_t *lenp)
{
	size_t n = f->len < size - 1 ? f->len : size - 1;

	memcpy(dst, f->val, n);
	dst[n] = '\0';
	*has = true;
	if (lenp != NULL)
		*lenp = f->len;
}

/* Record what the module sent.  Returns false on a malformed payload. */
static bool parse_request(const uint8_t *p, size_t len, struct fp_request *r)
{
	struct acct_reader rd;
	struct acct_field f;
	int more;

	memset(r, 0, sizeof(*r));
	if (acct_validate(p, len) < 0)
		return false;
	acct_reader_init(&rd, p, len);
	while ((more = acct_next(&rd, &f)) > 0) {
		switch (f.tag) {
		case ACCT_T_NAME:
			copy_str(&f, r->name, sizeof(r->name), &r->has_name,
				 NULL);
			break;
		case ACCT_T_PASSWORD:
			copy_str(&f, r->password, sizeof(r->password),
				 &r->has_password, &r->password_len);
			break;
		case ACCT_T_OLD_PASSWORD:
			copy_str(&f, r->old_password, sizeof(r->old_password),
				 &r->has_old_password, &r->old_password_len);
			break;
		case ACCT_T_SERVICE:
			copy_str(&f, r->service, sizeof(r->service),
				 &r->has_service, NULL);
			break;
		case ACCT_T_RHOST:
			copy_str(&f, r->rhost, sizeof(r->rhost), &r->has_rhost,
				 NULL);
			break;
		case ACCT_T_TTY:
			copy_str(&f, r->tty, sizeof(r->tty), &r->has_tty, NULL);
			break;
		case ACCT_T_PID:
			r->has_pid = acct_get_u32(&f, &r->pid) == 0;
			break;
		case ACCT_T_SESSION_ID:
			r->has_session_id =
				acct_get_u64(&f, &r->session_id) == 0;
			break;
		case ACCT_T_PRELIM:
			r->has_prelim = acct_get_u32(&f, &r->prelim) == 0;
			break;
		default:
			break;
		}
	}
	return more == 0;
}

/* Build the scripted reply for opcode into out (a whole frame). */
static void build_reply(struct fake_pamd *fp, uint16_t opcode, bool prelim,
			struct acct_buf *out)
{
	const struct answer *a = &fp->answers[opcode - FIRST_OP];
	uint32_t result = a->result;
	struct acct_buf payload;

	if (prelim && fp->prelim_result != FP_NONE)
		result = fp->prelim_result;
	acct_buf_init(&payload, ACCT_MAX_REQUEST);
	if (result != FP_NONE)
		acct_put_u32(&payload, ACCT_T_PAM_RESULT, result);
	if (a->has_message)
		acct_put_str(&payload, ACCT_T_MESSAGE, a->message);
	if (opcode == ACCT_OP_SESSION_OPEN && fp->session_id != 0 &&
	    a->status == ACCT_ST_OK)
		acct_put_u64(&payload, ACCT_T_SESSION_ID, fp->session_id);
	if (payload.err != 0 ||
	    acct_frame(out, opcode, a->status, payload.data, payload.len) < 0)
		die("fake_pamd: build reply");
	acct_buf_free(&payload);
}

/* Serve one connection; returns true when the socket must stay open. */
static bool serve(struct fake_pamd *fp, int sock)
{
	static const char garbage[] = "this is not an accountsd frame!!";
	uint8_t raw[ACCT_HDR_LEN];
	struct fp_request req;
	struct acct_buf out;
	struct acct_hdr hdr;
	uint8_t *payload;
	enum fp_mode mode;
	bool prelim, ok;
	int slot;

	if (!read_exact(sock, raw, 1))
		return false; /* the module hung up: it did not trust us */
	if (raw[0] == PROBE_BYTE) {
		pthread_mutex_lock(&fp->lock);
		fp->probes++;
		fp->connections--;
		pthread_mutex_unlock(&fp->lock);
		return false;
	}
	if (!read_exact(sock, raw + 1, sizeof(raw) - 1))
		return false;
	if (acct_hdr_decode(raw, ACCT_MAX_REQUEST, &hdr) < 0 ||
	    hdr.opcode < FIRST_OP || hdr.opcode >= FIRST_OP + NUM_OPS) {
		fprintf(stderr, "fake_pamd: unexpected frame\n");
		return false;
	}
	payload = malloc(hdr.length ? hdr.length : 1);
	if (payload == NULL)
		die("malloc");
	ok = read_exact(sock, payload, hdr.length) &&
	     parse_request(payload, hdr.length, &req);
	free(payload);
	if (!ok) {
		fprintf(stderr, "fake_pamd: malformed request\n");
		return false;
	}

	prelim = hdr.opcode == ACCT_OP_CHAUTHTOK && req.has_prelim &&
		 req.prelim == 1;
	slot = prelim ? PRELIM_SLOT : hdr.opcode - FIRST_OP;
	acct_buf_init(&out, ACCT_HDR_LEN + ACCT_MAX_REQUEST);
	pthread_mutex_lock(&fp->lock);
	req.count = fp->last[slot].count + 1;
	fp->last[slot] = req;
	mode = fp->mode;
	build_reply(fp, hdr.opcode, prelim, &out);
	pthread_mutex_unlock(&fp->lock);

	switch (mode) {
	case FP_ANSWER:
		write_exact(sock, out.data, out.len);
		break;
	case FP_GARBAGE:
		write_exact(sock, garbage, sizeof(garbage) - 1);
		break;
	case FP_CLOSE:
		break;
	case FP_HANG:
		acct_buf_free(&out);
		return true;
	}
	acct_buf_free(&out);
	return false;
}

static void *serve_loop(void *arg)
{
	struct fake_pamd *fp = arg;
	struct pollfd pfd[2] = {
		{.fd = fp->listen_fd, .events = POLLIN},
		{.fd = fp->wake[0], .events = POLLIN},
	};
	struct timeval tv = {.tv_sec = 2};

	for (;;) {
		int sock;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("fake_pamd: poll");
		}
		if (pfd[1].revents != 0)
			return NULL;
		sock = accept4(fp->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (sock < 0)
			continue;
		pthread_mutex_lock(&fp->lock);
		fp->connections++;
		pthread_mutex_unlock(&fp->lock);
		/* a module that never sends must not wedge the test */
		setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (serve(fp, sock)) {
			pthread_mutex_lock(&fp->lock);
			if (fp->nhung < MAX_HUNG) {
				fp->hung[fp->nhung++] = sock;
				sock = -1;
			}
			pthread_mutex_unlock(&fp->lock);
		}
		if (sock >= 0)
			close(sock);
	}
}

struct fake_pamd *fp_start(void)
{
	struct fake_pamd *fp = calloc(1, sizeof(*fp));
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (fp == NULL)
		die("calloc");
	strcpy(fp->dir, "/tmp/fake_pamd.XXXXXX");
	if (mkdtemp(fp->dir) == NULL)
		die("mkdtemp");
	snprintf(fp->path, sizeof(fp->path), "%s/socket", fp->dir);
	pthread_mutex_init(&fp->lock, NULL);
	fp->mode = FP_ANSWER;
	fp->prelim_result = FP_NONE;
	for (int i = 0; i < NUM_OPS; i++) {
		uint16_t op = (uint16_t)(FIRST_OP + i);
		bool session = op == ACCT_OP_SESSION_OPEN ||
			       op == ACCT_OP_SESSION_CLOSE;

		fp->answers[i].status = ACCT_ST_OK;
		fp->answers[i].result = session ? FP_NONE : ACCT_PAM_OK;
	}

	fp->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fp->listen_fd < 0)
		die("socket");
	memcpy(sa.sun_path, fp->path, strlen(fp->path) + 1);
	if (bind(fp->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fp->listen_fd, 16) < 0)
		die("bind/listen");
	if (pipe2(fp->wake, O_CLOEXEC) < 0)
		die("pipe2");
	if (pthread_create(&fp->thread, NULL, serve_loop, fp) != 0)
		die("pthread_create");
	return fp;
}

void fp_stop(struct fake_pamd *fp)
{
	if (fp == NULL)
		return;
	if (write(fp->wake[1], "x", 1) != 1)
		die("write");
	pthread_join(fp->thread, NULL);
	for (unsigned i = 0; i < fp->nhung; i++)
		close(fp->hung[i]);
	close(fp->wake[0]);
	close(fp->wake[1]);
	close(fp->listen_fd);
	unlink(fp->path);
	rmdir(fp->dir);
	pthread_mutex_destroy(&fp->lock);
	free(fp);
}

const char *fp_socket(const struct fake_pamd *fp)
{
	return fp->path;
}

void fp_set_mode(struct fake_pamd *fp, enum fp_mode mode)
{
	pthread_mutex_lock(&fp->lock);
	fp->mode = mode;
	pthread_mutex_unlock(&fp->lock);
}

void fp_answer(struct fake_pamd *fp, uint16_t opcode, uint16_t status,
	       uint32_t result, const char *message)
{
	struct answer *a;

	if (opcode < FIRST_OP || opcode >= FIRST_OP + NUM_OPS)
		die("fp_answer: not a PAM opcode");
	pthread_mutex_lock(&fp->lock);
	a = &fp->answers[opcode - FIRST_OP];
	a->status = status;
	a->result = result;
	a->has_message = message != NULL;
	if (message != NULL)
		snprintf(a->message, sizeof(a->message), "%s", message);
	pthread_mutex_unlock(&fp->lock);
}

void fp_answer_prelim(struct fake_pamd *fp, uint32_t result)
{
	pthread_mutex_lock(&fp->lock);
	fp->prelim_result = result;
	pthread_mutex_unlock(&fp->lock);
}

void fp_session_id(struct fake_pamd *fp, uint64_t id)
{
	pthread_mutex_lock(&fp->lock);
	fp->session_id = id;
	pthread_mutex_unlock(&fp->lock);
}

/* Make sure every connection made before now has been accepted: the
 * thread serves in order, so once it has seen our probe it has seen them. */
static void drain(struct fake_pamd *fp)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	unsigned before, now;
	int sock;

	pthread_mutex_lock(&fp->lock);
	before = fp->probes;
	pthread_mutex_unlock(&fp->lock);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		die("socket");
	memcpy(sa.sun_path, fp->path, strlen(fp->path) + 1);
	if (connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    !write_exact(sock, "P", 1))
		die("fake_pamd: probe");
	close(sock);
	do {
		usleep(1000);
		pthread_mutex_lock(&fp->lock);
		now = fp->probes;
		pthread_mutex_unlock(&fp->lock);
	} while (now == before);
}

unsigned fp_connections(struct fake_pamd *fp)
{
	unsigned n;

	drain(fp);
	pthread_mutex_lock(&fp->lock);
	n = fp->connections;
	pthread_mutex_unlock(&fp->lock);
	return n;
}

void fp_last(struct fake_pamd *fp, uint16_t opcode, struct fp_request *out)
{
	if (opcode < FIRST_OP || opcode >= FIRST_OP + NUM_OPS)
		die("fp_last: not a PAM opcode");
	pthread_mutex_lock(&fp->lock);
	*out = fp->last[opcode - FIRST_OP];
	pthread_mutex_unlock(&fp->lock);
}

void fp_last_prelim(struct fake_pamd *fp, struct fp_request *out)
{
	pthread_mutex_lock(&fp->lock);
	*out = fp->last[PRELIM_SLOT];
	pthread_mutex_unlock(&fp->lock);
}
