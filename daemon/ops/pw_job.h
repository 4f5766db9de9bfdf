/*
 * pw_job.h - a new password hashed on a worker, then written on the loop:
 * the job USER_PASSWD, RESET and INVITE_ACCEPT share (deferred.h).  A
 * request's job is a struct that begins with struct ad_pw_job; finish
 * writes j->hash, after ad_pw_job_hashed says it was made.
 */
#ifndef AD_OPS_PW_JOB_H
#define AD_OPS_PW_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "ops/deferred.h"
#include "ops/password.h"

struct ad_pw_job {
	struct ad_deferred d; /* first: the job is its own ad_deferred */
	size_t size;	      /* of the whole job, wiped when released */
	char actor[AD_MAX_ACTOR + 1];
	struct ad_pw_limits lim;
	struct ad_secret pw; /* the cleartext, freed once hashed */
	int hashed;	     /* 0: hash holds the result */
	char hash[AD_MAX_PWHASH + 1];
};

/* A zeroed job of size bytes (at least sizeof(struct ad_pw_job)) for
 * request rq, whose finish writes the hash; NULL when out of memory. */
void *ad_pw_job_new(size_t size, struct ad_ctx *ctx, const struct ad_peer *peer,
		    const struct ad_request *rq, ad_deferred_finish_fn finish);

/* Keep the new password (its quality checked already) in j.  OK, or
 * INTERNAL (out of memory) in err. */
int ad_pw_job_keep(struct ad_pw_job *j, struct ad_str pw, struct ad_err *err);

/* After the request's checks (status): run j for rq, or release it and
 * return status when they failed. */
int ad_pw_job_run(struct ad_pw_job *j, int status, const struct ad_request *rq,
		  struct acct_buf *reply, struct ad_err *err);

/* finish's first step: INTERNAL when the hash could not be made. */
int ad_pw_job_hashed(const struct ad_pw_job *j, struct ad_err *err);

/*
 * A password set with a token of kind (RESET, INVITE_ACCEPT): TOKEN and
 * PASSWORD read, the token's key into key, the token live and its user
 * as usable wants it (usable: ACCT_ST_OK, or a status and a line; an
 * empty line is the token's one refusal, AD_TOKEN_REFUSED), the user
 * noted in the audit record, the password of the quality rules kept in
 * j.  ACCT_ST_OK, or the refusal in err.
 */
typedef int (*ad_token_user_fn)(const struct ad_user *u,
				const struct ad_tenant *t, uint64_t now,
				char *msg, size_t msglen);
int ad_pw_job_token(struct ad_ctx *ctx, const struct ad_request *rq,
		    uint32_t kind, ad_token_user_fn usable, struct ad_pw_job *j,
		    uint8_t *key, struct ad_err *err);

#endif
