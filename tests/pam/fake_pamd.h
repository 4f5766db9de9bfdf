/*
 * fake_pamd.h - an in-process stand-in for accountsd's PAM opcodes.
 *
 * One thread accepts on a Unix socket in a fresh temporary directory and
 * serves one connection at a time (the module sends one request per
 * connection and waits for the answer).  Each PAM opcode is answered as
 * the test scripted it, and the last request of each opcode is kept so
 * that the test can check what the module sent.
 */
#ifndef FAKE_PAMD_H
#define FAKE_PAMD_H

#include <stdbool.h>
#include <stdint.h>

/* "Leave this field out of the reply." */
#define FP_NONE UINT32_MAX

enum fp_mode {
	FP_ANSWER,  /* answer as scripted */
	FP_HANG,    /* read the request, never answer (until stopped) */
	FP_CLOSE,   /* read the request, close without a reply */
	FP_GARBAGE, /* answer with bytes that are not a frame */
};

struct fp_request {
	unsigned count; /* requests seen with this opcode */
	bool has_name, has_password, has_old_password, has_service;
	bool has_rhost, has_tty, has_pid, has_session_id, has_prelim;
	char name[64];
	char password[4100];
	char old_password[4100];
	size_t password_len, old_password_len;
	char service[64];
	char rhost[256];
	char tty[64];
	uint32_t pid, prelim;
	uint64_t session_id;
};

struct fake_pamd;

/* Start serving; aborts the test program on failure. */
struct fake_pamd *fp_start(void);
/* Stop the thread, remove the socket and its directory, free. */
void fp_stop(struct fake_pamd *fp);
const char *fp_socket(const struct fake_pamd *fp);

void fp_set_mode(struct fake_pamd *fp, enum fp_mode mode);
/*
 * How to answer opcode from now on: wire status, PAM_RESULT (FP_NONE:
 * none) and MESSAGE (NULL: none).  Defaults: OK; PAM_RESULT OK for AUTH,
 * ACCT_MGMT and CHAUTHTOK, none for the session opcodes; no MESSAGE.
 */
void fp_answer(struct fake_pamd *fp, uint16_t opcode, uint16_t status,
	       uint32_t result, const char *message);
/* CHAUTHTOK requests with PRELIM get this verdict instead (FP_NONE: the
 * same as the others). */
void fp_answer_prelim(struct fake_pamd *fp, uint32_t result);
/* SESSION_ID for SESSION_OPEN replies (0: none). */
void fp_session_id(struct fake_pamd *fp, uint64_t id);

/* Connections accepted so far. */
unsigned fp_connections(struct fake_pamd *fp);
/* The last request with this opcode (count 0 when none came); for
 * CHAUTHTOK the last one without PRELIM. */
void fp_last(struct fake_pamd *fp, uint16_t opcode, struct fp_request *out);
/* The last CHAUTHTOK with PRELIM. */
void fp_last_prelim(struct fake_pamd *fp, struct fp_request *out);

#endif
