/*
 * server.c - connections of accountsd on the libevent loop.
 *
 * The hot path is one NSS lookup per connection: accept, read the request
 * (usually already there, so read at once instead of waiting for the next
 * loop turn), dispatch, write the reply straight away, then wait for the
 * client to close.  Plain events and a small inline buffer per connection
 * keep that path to a handful of system calls.  Only a reply that does not
 * fit in the socket buffer waits for EV_WRITE.
 *
 * Bounds: at most one request is buffered per connection; every read phase
 * (idle keep-alive or a half-sent request) has one deadline of
 * client_timeout_ms, every stuck reply one of AD_WRITE_TIMEOUT_MS.  A uid
 * other than root holds at most max_connections_per_uid connections, and
 * all of them together at most max_connections less
 * root_reserved_connections, so that no local user can take the slots
 * root's logins and lookups need; a client over its limit gets one BUSY
 * frame.  Nothing a client does blocks the loop.
 *
 * A handler may answer later (pending.h): the connection then waits with
 * its input paused and no read deadline, watched only for a hang-up, until
 * the reply arrives through its token.  A token refers to its connection
 * through a pointer that conn_close clears, so a reply for a client that
 * left is dropped, never sent to freed memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/event_struct.h> /* events embedded in struct conn */

#include "acct_be.h"
#include "acct_codec.h"
#include "acct_fdpass.h"
#include "acct_ops.h"
#include "acct_status.h"
#include "acct_wipe.h"
#include "ops/dispatch.h"
#include "server/listen.h"
#include "server/host.h"
#include "server/log.h"
#include "server/pending.h"
#include "server/server.h"
#include "server/map.h"

#define CONN_INBUF 512		  /* holds any lookup request */
#define AD_WRITE_TIMEOUT_MS 5000  /* for the whole of one stuck reply */
#define ACCEPT_BATCH 64		  /* accepts per loop turn */
#define ACCEPT_PAUSE_MS 100	  /* when accept fails for lack of memory */
#define REPLY_KEEP_CAP (1u << 20) /* don't hoard a huge reply buffer */
/* Refused clients read before their BUSY (so that it names their opcode);
 * beyond this many at once, the rest are answered without waiting. */
#define REFUSING_MAX 64u

/* What became of a connection after a step. */
enum conn_rc {
	CONN_OK,       /* still reading */
	CONN_WRITING,  /* a reply waits for EV_WRITE */
	CONN_AWAITING, /* a handler will reply later (pending.h) */
	CONN_GONE,     /* closed and freed */
};

struct conn;

/* A reply owed to a connection; the handler sees only pub. */
struct srv_pending {
	struct ad_pending pub; /* first: converted back by a cast */
	struct conn *conn;     /* NULL once the connection closed */
};

struct conn {
	struct ad_server *srv;
	struct conn *prev, *next;
	struct ad_peer peer;
	int fd;
	unsigned wr_ready : 1;	     /* wr has been assigned */
	unsigned writing : 1;	     /* a reply is pending: read nothing more */
	unsigned close_after : 1;    /* close once the pending reply is out */
	unsigned new_phase : 1;	     /* arm rd with a fresh read deadline */
	unsigned over_limit : 1;     /* refused (why): answer BUSY */
	unsigned awaiting : 1;	     /* a handler replies later: read nothing */
	struct srv_pending *pending; /* its token, while awaiting */
	int passed_fd;	     /* came with the next whole request; -1: none */
	const char *why;     /* over_limit: the limit it hit */
	struct event rd;     /* readable, or the read deadline */
	struct event wr;     /* writable, or the write deadline */
	int64_t deadline_ms; /* end of the current read/write phase */
	uint8_t *in;	     /* inbuf, or heap for one big request */
	size_t in_len, in_cap;
	struct acct_buf out; /* a reply payload waiting for EV_WRITE */
	uint8_t out_hdr[ACCT_HDR_LEN];
	size_t out_off; /* bytes of out_hdr + out sent so far */
	uint8_t inbuf[CONN_INBUF];
};

struct ad_server {
	struct ad_deferrer deferrer; /* first: converted back by a cast */
	struct conn *current;	     /* whose request is being dispatched */
	struct event_base *base;
	struct ad_ctx *ctx;
	struct ad_listen listen;
	char path[sizeof(((struct ad_config *)0)->socket_path)];
	struct event accept_ev;
	struct event pause_ev;
	struct event grace_ev;
	int accepting;
	int stopping;
	int spare_fd; /* given up to answer BUSY when out of descriptors */
	uint64_t last_conn_id;
	struct conn *conns;
	struct ad_map per_uid; /* admitted connections per uid */
	unsigned root_conns;   /* ... of which uid 0 holds this many */
	unsigned refusing;     /* over_limit connections open */
	unsigned read_ms;
	const struct timeval *read_tv; /* client_timeout_ms, common timeout */
	struct timeval read_tv_plain;
	struct acct_buf reply; /* replies are built here, sent from here */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct timeval ms_tv(int64_t ms)
{
	struct timeval tv = {.tv_sec = (time_t)(ms / 1000),
			     .tv_usec = (suseconds_t)(ms % 1000) * 1000};

	return tv;
}

/* ---- who is admitted ---- */

static uintptr_t conns_of(const struct ad_server *srv, uid_t uid)
{
	uintptr_t n = 0;

	ad_map_get(&srv->per_uid, uid, &n);
	return n;
}

/*
 * The limit a new connection of uid would break, or NULL.  Root may use
 * every slot; the others share all but root_reserved_connections, and
 * each uid may hold max_connections_per_uid.
 */
static const char *over_limit(const struct ad_server *srv, uid_t uid)
{
	const struct ad_config *cfg = srv->ctx->cfg;
	unsigned total = srv->ctx->connections;

	if (total >= cfg->max_connections)
		return "over max_connections";
	if (uid == 0)
		return NULL;
	/* (config.c keeps the reserve below max_connections) */
	if (total - srv->root_conns + cfg->root_reserved_connections >=
	    cfg->max_connections)
		return "over the connections not reserved for root";
	if (conns_of(srv, uid) >= cfg->max_connections_per_uid)
		return "over max_connections_per_uid";
	return NULL;
}

/* Count an admitted connection of uid.  0, or -1 (out of memory). */
static int count(struct ad_server *srv, uid_t uid)
{
	if (uid == 0)
		srv->root_conns++;
	else if (ad_map_put(&srv->per_uid, uid, conns_of(srv, uid) + 1) < 0)
		return -1;
	srv->ctx->connections++;
	return 0;
}

static void uncount(struct ad_server *srv, uid_t uid)
{
	uintptr_t n = conns_of(srv, uid);

	if (uid == 0)
		srv->root_conns--;
	else if (n > 1)
		(void)ad_map_put(&srv->per_uid, uid, n - 1); /* never grows */
	else
		ad_map_del(&srv->per_uid, uid);
	srv->ctx->connections--;
}

/* ---- closing ---- */

static void conn_close(struct conn *c)
{
	struct ad_server *srv = c->srv;

	event_del(&c->rd);
	if (c->wr_ready)
		event_del(&c->wr);
	if (c->pending != NULL)
		c->pending->conn = NULL; /* its reply will be dropped */
	if (c->passed_fd >= 0)
		close(c->passed_fd);
	close(c->fd);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		srv->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	/* a half-read request may hold a password */
	acct_wipe(c->in, c->in_len);
	if (c->in != c->inbuf)
		free(c->in);
	acct_buf_free(&c->out);
	if (c->over_limit)
		srv->refusing--;
	else
		uncount(srv, c->peer.uid);
	ad_log_peer(LOG_DEBUG, &c->peer, "closed");
	free(c);
	if (srv->stopping && srv->conns == NULL)
		event_base_loopexit(srv->base, NULL);
}

/* ---- writing ---- */

/* Drop the shared reply buffer's contents, and its storage if special. */
static void reply_recycle(struct ad_server *srv)
{
	if (srv->reply.secret || srv->reply.cap > REPLY_KEEP_CAP) {
		acct_buf_free(&srv->reply);
		acct_buf_init(&srv->reply, ACCT_MAX_REPLY);
	} else {
		acct_buf_reset(&srv->reply);
	}
}

/* Send what is left of out_hdr + payload.  Returns -1 on a dead peer. */
static int conn_flush(struct conn *c, const uint8_t *payload, size_t len)
{
	struct iovec iov[2];
	struct msghdr msg;
	ssize_t n;

	while (c->out_off < ACCT_HDR_LEN + len) {
		int k = 0;

		if (c->out_off < ACCT_HDR_LEN) {
			iov[k].iov_base = c->out_hdr + c->out_off;
			iov[k++].iov_len = ACCT_HDR_LEN - c->out_off;
			iov[k].iov_base = (void *)payload;
			iov[k++].iov_len = len;
		} else {
			iov[k].iov_base =
				(void *)(payload + c->out_off - ACCT_HDR_LEN);
			iov[k++].iov_len = ACCT_HDR_LEN + len - c->out_off;
		}
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = iov;
		msg.msg_iovlen = (size_t)k;
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			ad_log_peer(LOG_DEBUG, &c->peer, "write failed: %s",
				    strerror(errno));
			return -1;
		}
		c->out_off += (size_t)n;
	}
	return 0;
}

static void on_writable(evutil_socket_t fd, short what, void *arg);

/*
 * Send the reply in srv->reply with this status.  What the socket does not
 * take now waits for EV_WRITE; the connection then owns the buffer.
 */
static enum conn_rc conn_reply(struct conn *c, uint16_t opcode, int status)
{
	struct ad_server *srv = c->srv;
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .opcode = opcode,
			       .flags = 0,
			       .status = (uint16_t)status,
			       .length = (uint32_t)srv->reply.len};
	struct timeval tv;

	acct_hdr_encode(&hdr, c->out_hdr);
	c->out_off = 0;
	if (conn_flush(c, srv->reply.data, srv->reply.len) < 0) {
		reply_recycle(srv);
		conn_close(c);
		return CONN_GONE;
	}
	if (c->out_off == ACCT_HDR_LEN + srv->reply.len) {
		reply_recycle(srv);
		if (c->close_after || srv->stopping) {
			conn_close(c);
			return CONN_GONE;
		}
		c->new_phase = 1;
		return CONN_OK;
	}

	/* The slow reader keeps this buffer; the loop gets a fresh one. */
	c->out = srv->reply;
	acct_buf_init(&srv->reply, ACCT_MAX_REPLY);
	c->writing = 1;
	event_del(&c->rd);
	if (!c->wr_ready) {
		event_assign(&c->wr, srv->base, c->fd, EV_WRITE | EV_PERSIST,
			     on_writable, c);
		c->wr_ready = 1;
	}
	c->deadline_ms = now_ms() + AD_WRITE_TIMEOUT_MS;
	tv = ms_tv(AD_WRITE_TIMEOUT_MS);
	event_add(&c->wr, &tv);
	return CONN_WRITING;
}

/* An error reply with one message; the connection closes after it. */
static enum conn_rc conn_fail(struct conn *c, uint16_t opcode, int status,
			      const char *msg)
{
	acct_buf_reset(&c->srv->reply);
	acct_put_str(&c->srv->reply, ACCT_T_MESSAGE, msg);
	c->close_after = 1;
	return conn_reply(c, opcode, status);
}

/* ---- requests ---- */

/* The header did not decode: say why, then hang up. */
static enum conn_rc reject_header(struct conn *c)
{
	uint16_t opcode = acct_be16_get(c->in + 6);
	uint16_t version = acct_be16_get(c->in + 4);
	uint32_t length = acct_be32_get(c->in + 12);
	char msg[96];

	if (acct_be32_get(c->in) != ACCT_MAGIC) {
		ad_log_peer(LOG_NOTICE, &c->peer, "bad magic: not a client");
		return conn_fail(c, opcode, ACCT_ST_BADREQ, "bad magic");
	}
	if (version != ACCT_PROTO_VERSION) {
		ad_log_peer(LOG_NOTICE, &c->peer,
			    "protocol version %u not supported", version);
		snprintf(msg, sizeof(msg),
			 "protocol version %u not supported (this is %u)",
			 version, (unsigned)ACCT_PROTO_VERSION);
		return conn_fail(c, opcode, ACCT_ST_UNSUPPORTED, msg);
	}
	ad_log_peer(LOG_NOTICE, &c->peer, "request of %u bytes is too big",
		    length);
	snprintf(msg, sizeof(msg), "request of %u bytes exceeds %u", length,
		 ACCT_MAX_REQUEST);
	return conn_fail(c, opcode, ACCT_ST_TOOBIG, msg);
}

/* Run one whole request; srv->reply receives the reply payload. */
static int run_request(struct conn *c, const struct acct_hdr *hdr,
		       const uint8_t *payload, int fd)
{
	struct ad_server *srv = c->srv;
	struct acct_buf *reply = &srv->reply;
	int status;

	acct_buf_reset(reply);
	srv->current = c;
	srv->ctx->fd_passed = fd >= 0;
	srv->ctx->passed_fd = fd;
	status = ad_dispatch(srv->ctx, &c->peer, hdr->opcode, payload,
			     hdr->length, reply);
	fd = ad_ctx_take_fd(srv->ctx);
	if (fd >= 0)
		close(fd); /* the handler did not keep it */
	srv->current = NULL;
	if (status == AD_DISPATCH_PENDING && c->pending != NULL)
		return status;
	if (c->pending != NULL) {
		/* a token taken, yet answered now: its reply goes nowhere */
		ad_log_peer(LOG_ERR, &c->peer, "opcode %u: answered twice",
			    hdr->opcode);
		c->pending->conn = NULL;
		c->pending = NULL;
	}
	if (status == AD_DISPATCH_PENDING) {
		ad_log_peer(LOG_ERR, &c->peer, "opcode %u: deferred, no token",
			    hdr->opcode);
		status = ACCT_ST_INTERNAL;
		acct_buf_reset(reply);
		acct_put_str(reply, ACCT_T_MESSAGE, "internal error");
	} else if (status < 0 || status >= ACCT_ST__COUNT) {
		ad_log_peer(LOG_ERR, &c->peer, "opcode %u: bad status %d",
			    hdr->opcode, status);
		status = ACCT_ST_INTERNAL;
		acct_buf_reset(reply);
		acct_put_str(reply, ACCT_T_MESSAGE, "internal error");
	} else if (reply->err != 0) {
		int too_big = reply->err == E2BIG;

		ad_log_peer(LOG_WARNING, &c->peer, "opcode %u: reply %s",
			    hdr->opcode,
			    too_big ? "over the size limit" : "out of memory");
		status = too_big ? ACCT_ST_TOOBIG : ACCT_ST_INTERNAL;
		/* start over: a failed buffer refuses every later put */
		acct_buf_free(reply);
		acct_buf_init(reply, ACCT_MAX_REPLY);
		acct_put_str(reply, ACCT_T_MESSAGE,
			     too_big ? "reply too big" : "out of memory");
	}
	if (ad_log_debug_enabled())
		ad_log_peer(LOG_DEBUG, &c->peer,
			    "opcode %u, %u bytes -> %s, %zu bytes", hdr->opcode,
			    hdr->length, acct_status_name(status), reply->len);
	return status;
}

/* Forget the first n input bytes (wiped: they may hold a password). */
static void consume_input(struct conn *c, size_t n)
{
	size_t left = c->in_len - n;

	if (left > 0)
		memmove(c->in, c->in + n, left);
	acct_wipe(c->in + left, n);
	c->in_len = left;
	if (c->in != c->inbuf && left <= sizeof(c->inbuf)) {
		memcpy(c->inbuf, c->in, left);
		acct_wipe(c->in, left);
		free(c->in);
		c->in = c->inbuf;
		c->in_cap = sizeof(c->inbuf);
	}
}

/* Room for a whole request of need bytes (need <= header + max). */
static int grow_input(struct conn *c, size_t need)
{
	uint8_t *p = malloc(need);

	if (p == NULL)
		return -1;
	memcpy(p, c->in, c->in_len);
	acct_wipe(c->in, c->in_len);
	if (c->in != c->inbuf)
		free(c->in);
	c->in = p;
	c->in_cap = need;
	return 0;
}

/*
 * The handler replies later: read nothing more (later requests wait in
 * the socket) and drop the read deadline, hashing may take a while.  The
 * read event stays, without a timeout, to notice a client that hangs up.
 */
static enum conn_rc conn_await(struct conn *c)
{
	c->awaiting = 1;
	event_del(&c->rd);
	event_add(&c->rd, NULL);
	return CONN_AWAITING;
}

/* Readable while awaiting: a hang-up closes, a next request waits. */
static void conn_watch_hangup(struct conn *c)
{
	uint8_t b;
	ssize_t n = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);

	if (n > 0) {
		/* it would stay readable: stop watching, a hang-up
		 * behind it shows when the reply is sent */
		event_del(&c->rd);
		return;
	}
	if (n < 0 &&
	    (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	ad_log_peer(LOG_DEBUG, &c->peer, "left before its reply");
	conn_close(c);
}

/* Handle every whole request in the input buffer. */
static enum conn_rc conn_process(struct conn *c)
{
	struct acct_hdr hdr;
	enum conn_rc rc;
	size_t need;
	int status, fd;

	while (c->in_len >= ACCT_HDR_LEN) {
		if (c->over_limit) {
			ad_log_peer(LOG_WARNING, &c->peer, "refused: %s",
				    c->why);
			return conn_fail(c, acct_be16_get(c->in + 6),
					 ACCT_ST_BUSY,
					 "accountsd is busy, try again");
		}
		if (acct_hdr_decode(c->in, ACCT_MAX_REQUEST, &hdr) < 0)
			return reject_header(c);
		need = ACCT_HDR_LEN + (size_t)hdr.length;
		if (c->in_len < need) {
			if (need > c->in_cap && grow_input(c, need) < 0) {
				ad_log_peer(LOG_ERR, &c->peer,
					    "out of memory for a request");
				return conn_fail(c, hdr.opcode,
						 ACCT_ST_INTERNAL,
						 "out of memory");
			}
			return CONN_OK;
		}
		/* a descriptor belongs to the first whole request after it
		 * came, and only one operation takes one */
		fd = c->passed_fd;
		c->passed_fd = -1;
		if (fd >= 0 && !acct_op_takes_fd(hdr.opcode)) {
			close(fd);
			ad_log_peer(LOG_NOTICE, &c->peer,
				    "opcode %u: came with a descriptor",
				    hdr.opcode);
			consume_input(c, need);
			return conn_fail(c, hdr.opcode, ACCT_ST_BADREQ,
					 "this request takes no descriptor");
		}
		if (acct_validate(c->in + ACCT_HDR_LEN, hdr.length) < 0) {
			if (fd >= 0)
				close(fd);
			ad_log_peer(LOG_NOTICE, &c->peer,
				    "opcode %u: malformed payload", hdr.opcode);
			consume_input(c, need);
			return conn_fail(c, hdr.opcode, ACCT_ST_BADREQ,
					 "malformed request payload");
		}
		status = run_request(c, &hdr, c->in + ACCT_HDR_LEN, fd);
		consume_input(c, need);
		if (status == AD_DISPATCH_PENDING)
			return conn_await(c);
		rc = conn_reply(c, hdr.opcode, status);
		if (rc != CONN_OK)
			return rc;
	}
	return CONN_OK;
}

/* ---- reading ---- */

/* Arm the read event: a fresh phase after a reply, else what is left. */
static enum conn_rc conn_arm_read(struct conn *c)
{
	struct ad_server *srv = c->srv;
	struct timeval tv;
	int64_t left;

	if (c->new_phase) {
		c->new_phase = 0;
		c->deadline_ms = now_ms() + srv->read_ms;
		event_add(&c->rd, srv->read_tv);
		return CONN_OK;
	}
	left = c->deadline_ms - now_ms();
	if (left <= 0) {
		ad_log_peer(LOG_NOTICE, &c->peer,
			    "request incomplete at the deadline, dropped");
		conn_close(c);
		return CONN_GONE;
	}
	tv = ms_tv(left);
	event_add(&c->rd, &tv);
	return CONN_OK;
}

/* Read what the socket has, serve whole requests, then wait for more. */
static void conn_input(struct conn *c)
{
	enum conn_rc rc;
	size_t room;
	ssize_t n;
	int fd;

	for (;;) {
		room = c->in_cap - c->in_len;
		/* only root's descriptors are taken (BACKUP, EXPORT and
		 * IMPORT are root's): anyone else's are read without a
		 * control buffer, so the kernel drops them.  Closing one
		 * ourselves could block the loop (a FUSE file's flush
		 * waits for its server, which may never answer). */
		if (c->peer.uid == 0) {
			n = acct_recv_fd(c->fd, c->in + c->in_len, room, &fd);
		} else {
			fd = -1;
			n = recv(c->fd, c->in + c->in_len, room, MSG_DONTWAIT);
		}
		if (fd >= 0 && c->passed_fd >= 0) {
			close(fd); /* a second one before its request */
			n = -1;
			errno = EBADMSG;
		} else if (fd >= 0) {
			c->passed_fd = fd;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			ad_log_peer(LOG_DEBUG, &c->peer, "read failed: %s",
				    strerror(errno));
			conn_close(c);
			return;
		}
		if (n == 0) {
			if (c->in_len > 0)
				ad_log_peer(LOG_NOTICE, &c->peer,
					    "closed in the middle of a "
					    "request");
			conn_close(c);
			return;
		}
		c->in_len += (size_t)n;
		rc = conn_process(c);
		if (rc != CONN_OK)
			return;
		/* a short read drained the socket: skip the EAGAIN call */
		if ((size_t)n < room)
			break;
	}
	conn_arm_read(c);
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;

	if (c->awaiting) {
		conn_watch_hangup(c);
		return;
	}
	if (what & EV_TIMEOUT) {
		if (c->in_len > 0)
			ad_log_peer(LOG_NOTICE, &c->peer,
				    "request incomplete after %u ms, dropped",
				    c->srv->read_ms);
		else
			ad_log_peer(LOG_DEBUG, &c->peer, "idle, closed");
		conn_close(c);
		return;
	}
	conn_input(c);
}

static void on_writable(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	struct timeval tv;
	int64_t left;

	if (what & EV_TIMEOUT) {
		ad_log_peer(LOG_NOTICE, &c->peer,
			    "client did not read its reply in %u ms, dropped",
			    AD_WRITE_TIMEOUT_MS);
		conn_close(c);
		return;
	}
	if (conn_flush(c, c->out.data, c->out.len) < 0) {
		conn_close(c);
		return;
	}
	if (c->out_off < ACCT_HDR_LEN + c->out.len) {
		/* EV_PERSIST restarted the timer; the deadline stands */
		left = c->deadline_ms - now_ms();
		tv = ms_tv(left > 0 ? left : 0);
		event_add(&c->wr, &tv);
		return;
	}
	event_del(&c->wr);
	acct_buf_free(&c->out);
	acct_buf_init(&c->out, ACCT_MAX_REPLY);
	c->writing = 0;
	if (c->close_after || c->srv->stopping) {
		conn_close(c);
		return;
	}
	c->new_phase = 1;
	/* requests that came in with the last one are served first */
	if (conn_process(c) != CONN_OK)
		return;
	conn_arm_read(c);
}

/* ---- accepting ---- */

/*
 * No resources for a connection: answer BUSY at once and hang up.  The
 * request is usually there already; its opcode goes into the reply so that
 * the client matches it.
 */
static void reject_busy(struct ad_server *srv, int fd, const char *why)
{
	static const char msg[] = "accountsd is busy, try again";
	uint8_t frame[ACCT_HDR_LEN + ACCT_FIELD_HDR_LEN + sizeof(msg) - 1];
	uint8_t req[ACCT_HDR_LEN];
	struct acct_hdr hdr = {.version = ACCT_PROTO_VERSION,
			       .status = ACCT_ST_BUSY,
			       .length = ACCT_FIELD_HDR_LEN + sizeof(msg) - 1};
	struct ad_peer peer = {.conn_id = ++srv->last_conn_id};
	struct ucred uc;
	socklen_t ulen = sizeof(uc);
	ssize_t n;

	n = recv(fd, req, sizeof(req), MSG_DONTWAIT);
	if (n >= 8)
		hdr.opcode = acct_be16_get(req + 6);
	acct_hdr_encode(&hdr, frame);
	frame[ACCT_HDR_LEN] = 0;
	frame[ACCT_HDR_LEN + 1] = ACCT_T_MESSAGE;
	frame[ACCT_HDR_LEN + 2] = 0;
	frame[ACCT_HDR_LEN + 3] = 0;
	frame[ACCT_HDR_LEN + 4] = 0;
	frame[ACCT_HDR_LEN + 5] = sizeof(msg) - 1;
	memcpy(frame + ACCT_HDR_LEN + ACCT_FIELD_HDR_LEN, msg, sizeof(msg) - 1);
	(void)send(fd, frame, sizeof(frame), MSG_NOSIGNAL | MSG_DONTWAIT);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &ulen) == 0) {
		peer.pid = uc.pid;
		peer.uid = uc.uid;
		peer.gid = uc.gid;
	}
	ad_log_peer(LOG_WARNING, &peer, "refused: %s", why);
	close(fd);
}

/*
 * Serve a new connection.  One over its limit is still read (its opcode
 * belongs in the reply, and a client that is cut off before it could send
 * would see a broken pipe instead of BUSY), then answered BUSY and
 * closed; it does not count as a connection.  While REFUSING_MAX such
 * connections wait, more are answered at once.
 */
static void conn_start(struct ad_server *srv, int fd)
{
	const char *why;
	struct conn *c;
	struct ucred uc;
	socklen_t ulen = sizeof(uc);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &ulen) < 0) {
		ad_log(LOG_ERR, "SO_PEERCRED: %s", strerror(errno));
		close(fd);
		return;
	}
	why = over_limit(srv, uc.uid);
	if (why != NULL && srv->refusing >= REFUSING_MAX) {
		reject_busy(srv, fd, why);
		return;
	}
	c = malloc(sizeof(*c));
	if (c == NULL || (why == NULL && count(srv, uc.uid) < 0)) {
		free(c);
		reject_busy(srv, fd, "out of memory");
		return;
	}
	c->srv = srv;
	c->prev = NULL;
	c->next = srv->conns;
	if (c->next != NULL)
		c->next->prev = c;
	srv->conns = c;
	c->peer.conn_id = ++srv->last_conn_id;
	c->peer.pid = uc.pid;
	c->peer.uid = uc.uid;
	c->peer.gid = uc.gid;
	c->peer.platform = ad_host_peer_platform(fd, uc.gid, srv->ctx->cfg);
	c->fd = fd;
	c->wr_ready = 0;
	c->writing = 0;
	c->close_after = 0;
	c->new_phase = 1;
	c->over_limit = why != NULL;
	c->why = why;
	c->awaiting = 0;
	c->pending = NULL;
	c->passed_fd = -1;
	c->in = c->inbuf;
	c->in_len = 0;
	c->in_cap = sizeof(c->inbuf);
	acct_buf_init(&c->out, ACCT_MAX_REPLY);
	c->out_off = 0;
	event_assign(&c->rd, srv->base, fd, EV_READ | EV_PERSIST, on_readable,
		     c);
	if (c->over_limit)
		srv->refusing++;
	ad_log_peer(LOG_DEBUG, &c->peer, "connected");
	conn_input(c);
}

static void pause_accepting(struct ad_server *srv)
{
	struct timeval tv = ms_tv(ACCEPT_PAUSE_MS);

	if (!srv->accepting)
		return;
	event_del(&srv->accept_ev);
	srv->accepting = 0;
	event_add(&srv->pause_ev, &tv);
}

static void on_pause_end(evutil_socket_t fd, short what, void *arg)
{
	struct ad_server *srv = arg;

	if (srv->stopping || srv->accepting)
		return;
	event_add(&srv->accept_ev, NULL);
	srv->accepting = 1;
}

/*
 * Out of descriptors: give up the spare one to accept the waiting client,
 * tell it BUSY, and take the spare back.  Without the spare, rest a while
 * rather than spin on a listener that stays readable.
 */
static void shed_load(struct ad_server *srv)
{
	int fd;

	ad_log(LOG_WARNING, "out of file descriptors at %u connections",
	       srv->ctx->connections);
	if (srv->spare_fd >= 0) {
		close(srv->spare_fd);
		fd = accept4(srv->listen.fd, NULL, NULL,
			     SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd >= 0)
			reject_busy(srv, fd, "out of file descriptors");
		srv->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (srv->spare_fd >= 0)
			return;
	}
	pause_accepting(srv);
}

static void on_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct ad_server *srv = arg;
	int fd;

	for (int i = 0; i < ACCEPT_BATCH && srv->accepting; i++) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0) {
			switch (errno) {
			case EINTR:
			case ECONNABORTED:
				continue;
			case EAGAIN:
#if EWOULDBLOCK != EAGAIN
			case EWOULDBLOCK:
#endif
				return;
			case EMFILE:
			case ENFILE:
				shed_load(srv);
				return;
			default:
				ad_log(LOG_ERR, "accept: %s", strerror(errno));
				pause_accepting(srv);
				return;
			}
		}
		conn_start(srv, fd);
	}
}

/* ---- replies that come later ---- */

/* Send the reply a token owes (loop thread), then go on reading. */
static void pending_deliver(struct ad_pending *pub, int status,
			    const uint8_t *payload, size_t len)
{
	struct srv_pending *p = (struct srv_pending *)pub;
	struct conn *c = p->conn;
	uint16_t opcode = pub->opcode;
	struct ad_server *srv;

	free(p);
	if (c == NULL)
		return; /* the client left meanwhile */
	srv = c->srv;
	c->pending = NULL;
	c->awaiting = 0;
	event_del(&c->rd);
	acct_buf_reset(&srv->reply);
	/* late replies answer password work and sign-ins (tokens): the
	 * copy is wiped once sent (reply_recycle) */
	srv->reply.secret = 1;
	if (status < 0 || status >= ACCT_ST__COUNT) {
		ad_log_peer(LOG_ERR, &c->peer, "opcode %u: bad status %d",
			    opcode, status);
		status = ACCT_ST_INTERNAL;
		acct_put_str(&srv->reply, ACCT_T_MESSAGE, "internal error");
	} else if (acct_buf_append(&srv->reply, payload, len) < 0) {
		status = srv->reply.err == E2BIG ? ACCT_ST_TOOBIG
						 : ACCT_ST_INTERNAL;
		acct_buf_free(&srv->reply);
		acct_buf_init(&srv->reply, ACCT_MAX_REPLY);
		acct_put_str(&srv->reply, ACCT_T_MESSAGE,
			     status == ACCT_ST_TOOBIG ? "reply too big"
						      : "out of memory");
	}
	if (ad_log_debug_enabled())
		ad_log_peer(LOG_DEBUG, &c->peer, "opcode %u -> %s, %zu bytes",
			    opcode, acct_status_name(status), srv->reply.len);
	if (conn_reply(c, opcode, status) != CONN_OK)
		return;
	/* requests that came in with the last one are served first */
	if (conn_process(c) != CONN_OK)
		return;
	conn_arm_read(c);
}

/* A token for the request being dispatched (the handler's call). */
static struct ad_pending *pending_begin(struct ad_deferrer *d,
					const struct ad_peer *peer,
					uint16_t opcode)
{
	struct ad_server *srv = (struct ad_server *)d;
	struct conn *c = srv->current;
	struct srv_pending *p;

	if (c == NULL || c->pending != NULL || c->peer.conn_id != peer->conn_id)
		return NULL;
	p = malloc(sizeof(*p));
	if (p == NULL)
		return NULL;
	p->pub.conn_id = c->peer.conn_id;
	p->pub.opcode = opcode;
	p->pub.deliver = pending_deliver;
	p->conn = c;
	c->pending = p;
	return &p->pub;
}

void ad_server_reply(struct ad_pending *p, int status, const uint8_t *payload,
		     size_t len)
{
	ad_pending_reply(p, status, payload, len);
}

/* ---- the server ---- */

void ad_server_reconfigure(struct ad_server *srv)
{
	unsigned ms = srv->ctx->cfg->client_timeout_ms;

	if (ms == srv->read_ms && srv->read_tv != NULL)
		return;
	srv->read_ms = ms;
	srv->read_tv_plain = ms_tv(ms);
	/* one shared queue instead of a heap entry per connection */
	srv->read_tv =
		event_base_init_common_timeout(srv->base, &srv->read_tv_plain);
	if (srv->read_tv == NULL)
		srv->read_tv = &srv->read_tv_plain;
}

struct ad_server *ad_server_new(struct event_base *base, struct ad_ctx *ctx,
				char *err, size_t errlen)
{
	struct ad_server *srv = calloc(1, sizeof(*srv));

	if (srv == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	srv->deferrer.begin = pending_begin;
	srv->base = base;
	srv->ctx = ctx;
	snprintf(srv->path, sizeof(srv->path), "%s", ctx->cfg->socket_path);
	acct_buf_init(&srv->reply, ACCT_MAX_REPLY);
	srv->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ad_server_reconfigure(srv);
	if (ad_listen_open(&srv->listen, srv->path, err, errlen) < 0) {
		if (srv->spare_fd >= 0)
			close(srv->spare_fd);
		free(srv);
		return NULL;
	}
	event_assign(&srv->accept_ev, base, srv->listen.fd,
		     EV_READ | EV_PERSIST, on_accept, srv);
	evtimer_assign(&srv->pause_ev, base, on_pause_end, srv);
	event_add(&srv->accept_ev, NULL);
	srv->accepting = 1;
	ctx->defer = &srv->deferrer;
	return srv;
}

static void on_grace_end(evutil_socket_t fd, short what, void *arg)
{
	struct ad_server *srv = arg;

	ad_log(LOG_WARNING, "%u connections still busy at shutdown, closed",
	       srv->ctx->connections);
	event_base_loopexit(srv->base, NULL);
}

void ad_server_shutdown(struct ad_server *srv, unsigned grace_ms)
{
	struct conn *c, *next;
	struct timeval tv = ms_tv(grace_ms);
	uint8_t byte;

	if (srv->stopping)
		return;
	srv->stopping = 1;
	event_del(&srv->accept_ev);
	event_del(&srv->pause_ev);
	srv->accepting = 0;
	ad_listen_unlink(&srv->listen, srv->path);
	close(srv->listen.fd);
	srv->listen.fd = -1;

	/* Idle connections go now; one whose request has (partly) arrived
	 * is answered first and closed after its reply. */
	for (c = srv->conns; c != NULL; c = next) {
		next = c->next;
		if (c->writing || c->awaiting || c->in_len > 0 ||
		    recv(c->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0)
			c->close_after = 1;
		else
			conn_close(c);
	}
	if (srv->conns == NULL) {
		event_base_loopexit(srv->base, NULL);
		return;
	}
	evtimer_assign(&srv->grace_ev, srv->base, on_grace_end, srv);
	event_add(&srv->grace_ev, &tv);
}

void ad_server_free(struct ad_server *srv)
{
	if (srv == NULL)
		return;
	srv->stopping = 0; /* no loopexit from the closes below */
	for (struct conn *c = srv->conns, *next; c != NULL; c = next) {
		next = c->next;
		conn_close(c);
	}
	if (evtimer_initialized(&srv->grace_ev))
		event_del(&srv->grace_ev);
	event_del(&srv->accept_ev);
	event_del(&srv->pause_ev);
	if (srv->listen.fd >= 0)
		ad_listen_unlink(&srv->listen, srv->path);
	ad_listen_close(&srv->listen);
	if (srv->spare_fd >= 0)
		close(srv->spare_fd);
	acct_buf_free(&srv->reply);
	ad_map_free(&srv->per_uid);
	if (srv->ctx->defer == &srv->deferrer)
		srv->ctx->defer = NULL;
	free(srv);
}
