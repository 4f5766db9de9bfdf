/*
 * pw_change.h - a password change, or a check of the current password,
 * with its slow part on a worker (ops/pam_password.c).  PAM's CHAUTHTOK
 * and the self-service ME_PASSWORD and ME_DISABLE take the same steps:
 * the quality rules before anything, the login policy, the current
 * password checked on a worker (a wrong one counts toward lockout like a
 * failed login, and is audited with its count), the new one hashed
 * there, the policy asked again on the loop before anything is written.
 */
#ifndef AD_OPS_PW_CHANGE_H
#define AD_OPS_PW_CHANGE_H

#include <stdbool.h>

#include "ops/handlers.h"
#include "procs/sessions.h"

/* How the outcome is answered. */
enum ad_pw_mode {
	AD_PW_PAM = 1, /* a PAM_RESULT verdict (and MESSAGE) in an OK reply */
	AD_PW_SELF,    /* a status: OK, or the refusal's with its one line
			  (a wrong current password: DENIED "wrong current
			  password"; a weak new one: INVALID) */
};

/*
 * What a right current password allows, when it is not a new password
 * (AD_PW_SELF with prelim): then runs on the loop with the request's
 * audit record set to commit with its write, and answers the request;
 * later (may be NULL) runs once that answer, a success, is on its way,
 * with the caller's lineage as read when the request came (the caller
 * may be gone by then).  Both get the change's then_arg (a copy, ""
 * when none).
 */
struct ad_pw_then {
	int (*then)(struct ad_ctx *ctx, const struct ad_peer *peer,
		    const char *login, const char *arg, struct acct_buf *reply,
		    struct ad_err *err);
	void (*later)(struct ad_ctx *ctx, const struct ad_peer *peer,
		      const char *login, const char *arg,
		      const struct ad_lineage *caller);
};

/* The longest then_arg (an email address). */
#define AD_PW_THEN_ARG_MAX 255

struct ad_pw_change {
	enum ad_pw_mode mode;
	struct ad_str name;   /* the user (AD_PW_SELF: the caller's own) */
	struct ad_str old_pw; /* absent: p NULL (only the operator may) */
	struct ad_str new_pw; /* absent with prelim */
	bool prelim;	      /* check only: change no password */
	const struct ad_pw_then *then; /* AD_PW_SELF with prelim, or NULL */
	const char *then_arg;	       /* for then (NULL: ""), copied; at most
				 AD_PW_THEN_ARG_MAX bytes */
};

/* Run c for the request rq: a status, or AD_DISPATCH_PENDING when the
 * answer comes from a worker (deferred.h). */
int ad_pw_change_run(struct ad_ctx *ctx, const struct ad_peer *peer,
		     const struct ad_request *rq, const struct ad_pw_change *c,
		     struct acct_buf *reply, struct ad_err *err);

#endif
