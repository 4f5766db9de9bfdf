/*
 * fake_pamd.c - see fake_pamd.h.
 *
 * Deliberately simple: the socket, the accept loop and the frames are
 * fake_core's (served in order on one thread, reads give up after two
 * seconds); here are a mutex around the script and the records, and the
 * answers.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct_codec.h"
#include "acct_proto.h"
#include "fake_core.h"
#include "fake_pamd.h"

#define FIRST_OP ACCT_OP_AUTH
#define NUM_OPS (ACCT_OP_SESSION_CLOSE - ACCT_OP_AUTH + 1)
#define PRELIM_SLOT NUM_OPS /* CHAUTHTOK with PRELIM */

struct answer {
	uint16_t status;
	uint32_t result;
	char message[ACCT_MAX_STR + 1];
	bool has_message;
};

struct fake_pamd {
	struct fake_core *core;

	pthread_mutex_t lock; /* everything below */
	enum fp_mode mode;
	struct answer answers[NUM_OPS];
	uint32_t prelim_result;
	uint64_t session_id;
	struct fp_request last[NUM_OPS + 1];
};

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

/* Build the scripted reply's payload for opcode into out. */
static uint16_t build_reply(struct fake_pamd *fp, uint16_t opcode, bool prelim,
			    struct acct_buf *out)
{
	const struct answer *a = &fp->answers[opcode - FIRST_OP];
	uint32_t result = a->result;

	if (prelim && fp->prelim_result != FP_NONE)
		result = fp->prelim_result;
	if (result != FP_NONE)
		acct_put_u32(out, ACCT_T_PAM_RESULT, result);
	if (a->has_message)
		acct_put_str(out, ACCT_T_MESSAGE, a->message);
	if (opcode == ACCT_OP_SESSION_OPEN && fp->session_id != 0 &&
	    a->status == ACCT_ST_OK)
		acct_put_u64(out, ACCT_T_SESSION_ID, fp->session_id);
	if (out->err != 0)
		fake_die("fake_pamd: build reply");
	return a->status;
}

/* Serve one connection (one request). */
static enum fake_after serve(void *arg, struct fake_core *core, int sock)
{
	static const char garbage[] = "this is not an accountsd frame!!";
	struct fake_pamd *fp = arg;
	struct fp_request req;
	struct acct_buf out;
	struct acct_hdr hdr;
	enum fake_frame got;
	uint8_t *payload;
	enum fp_mode mode;
	uint16_t status;
	bool prelim, ok;
	char op[48];
	int slot;

	/* NONE: the module hung up (it did not trust us), or a probe */
	got = fake_read_frame(core, sock, &hdr, &payload);
	if (got == FAKE_FRAME_NONE)
		return FAKE_AFTER_CLOSE;
	if (got == FAKE_FRAME_BAD) {
		fprintf(stderr, "fake_pamd: unexpected frame\n");
		return FAKE_AFTER_CLOSE;
	}
	if (hdr.opcode < FIRST_OP || hdr.opcode >= FIRST_OP + NUM_OPS) {
		fprintf(stderr, "fake_pamd: unexpected %s request\n",
			fake_op_label(hdr.opcode, op, sizeof(op)));
		free(payload);
		return FAKE_AFTER_CLOSE;
	}
	ok = parse_request(payload, hdr.length, &req);
	free(payload);
	if (!ok) {
		fprintf(stderr, "fake_pamd: malformed %s request\n",
			fake_op_label(hdr.opcode, op, sizeof(op)));
		return FAKE_AFTER_CLOSE;
	}

	prelim = hdr.opcode == ACCT_OP_CHAUTHTOK && req.has_prelim &&
		 req.prelim == 1;
	slot = prelim ? PRELIM_SLOT : hdr.opcode - FIRST_OP;
	acct_buf_init(&out, ACCT_MAX_REQUEST);
	pthread_mutex_lock(&fp->lock);
	req.count = fp->last[slot].count + 1;
	fp->last[slot] = req;
	mode = fp->mode;
	status = build_reply(fp, hdr.opcode, prelim, &out);
	pthread_mutex_unlock(&fp->lock);

	switch (mode) {
	case FP_ANSWER:
		fake_send_frame(sock, hdr.opcode, status, out.data, out.len);
		break;
	case FP_GARBAGE:
		fake_write_exact(sock, garbage, sizeof(garbage) - 1);
		break;
	case FP_CLOSE:
		break;
	case FP_HANG:
		acct_buf_free(&out);
		return FAKE_AFTER_KEEP;
	}
	acct_buf_free(&out);
	return FAKE_AFTER_CLOSE;
}

struct fake_pamd *fp_start(void)
{
	struct fake_pamd *fp = calloc(1, sizeof(*fp));
	struct fake_core_conf conf = {
		.name = "fake_pamd",
		.threaded = false, /* in order: fp_connections relies on it */
		/* a module that never sends must not wedge the test */
		.timeout_ms = 2000,
		.serve = serve,
		.arg = fp,
	};

	if (fp == NULL)
		fake_die("calloc");
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
	fp->core = fake_core_start(&conf);
	return fp;
}

void fp_stop(struct fake_pamd *fp)
{
	if (fp == NULL)
		return;
	fake_core_stop(fp->core);
	pthread_mutex_destroy(&fp->lock);
	free(fp);
}

const char *fp_socket(const struct fake_pamd *fp)
{
	return fake_core_socket(fp->core);
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
		fake_die("fp_answer: not a PAM opcode");
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

unsigned fp_connections(struct fake_pamd *fp)
{
	/* every connection made before now has been served */
	fake_core_sync(fp->core);
	return fake_core_connections(fp->core);
}

void fp_last(struct fake_pamd *fp, uint16_t opcode, struct fp_request *out)
{
	if (opcode < FIRST_OP || opcode >= FIRST_OP + NUM_OPS)
		fake_die("fp_last: not a PAM opcode");
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
