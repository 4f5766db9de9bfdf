/*
 * check_session.c - sessions through ad_dispatch, with real processes:
 * each test forks children that wait, opens sessions for them, and runs
 * an event loop until the daemon's pidfd watch reports what happened.
 * waitpid then tells which signal (if any) the child got.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "audit.h"
#include "daemon_testlib.h"
#include "dispatch.h"
#include "session.h"
#include "session_proc.h"

#define NOBODY 65534
#define MAX_CHILDREN 8

static struct dt T;
static struct event_base *base;
static pid_t children[MAX_CHILDREN];
static int release_fd[MAX_CHILDREN]; /* closing it lets the child exit */
static int nchildren;
static uint32_t alice_uid, bob_uid, olga_uid;

static void setup(void)
{
	dt_setup(&T);
	T.cfg.session_kill_grace_ms = 50; /* a child that ignores SIGTERM */
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
	T.ctx.sessions = ad_sessions_new(base, T.st, &T.cfg);
	ck_assert_ptr_nonnull(T.ctx.sessions);
	dt_tenant(&T, "acme");
	alice_uid = dt_user(&T, "alice", "acme", ACCT_ROLE_OWNER);
	bob_uid = dt_user(&T, "bob", "acme", 0);
	dt_tenant(&T, "other");
	olga_uid = dt_user(&T, "olga", "other", ACCT_ROLE_OWNER);
	nchildren = 0;
}

static void teardown(void)
{
	for (int i = 0; i < nchildren; i++) {
		if (children[i] > 0) {
			kill(children[i], SIGKILL);
			waitpid(children[i], NULL, 0);
		}
		if (release_fd[i] >= 0)
			close(release_fd[i]);
	}
	ad_sessions_free(T.ctx.sessions);
	T.ctx.sessions = NULL;
	event_base_free(base);
	dt_teardown(&T);
}

/* ---- children ---- */

/* A child that waits until released (or killed); with ignore_term it
 * ignores SIGTERM.  It says it is ready before the parent goes on, so a
 * signal never arrives before SIG_IGN is in place.  Returns its index. */
static int spawn(bool ignore_term)
{
	int ready[2], hold[2];
	char c = 0;
	pid_t pid;

	ck_assert_int_lt(nchildren, MAX_CHILDREN);
	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(hold), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* nothing of the parent's: not the store's lock, not the
		 * other children's pipes (their EOF would never come) */
		for (int fd = 3; fd < 1024; fd++)
			if (fd != ready[1] && fd != hold[0])
				close(fd);
		/* Check's own SIGTERM handler would take the parent along */
		signal(SIGTERM, ignore_term ? SIG_IGN : SIG_DFL);
		if (write(ready[1], &c, 1) != 1)
			_exit(2);
		/* EOF when the parent closes its end: a clean exit */
		while (read(hold[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	children[nchildren] = pid;
	release_fd[nchildren] = hold[1];
	return nchildren++;
}

/* Reap child i: its wait status. */
static int reap(int i)
{
	int status;

	ck_assert_int_eq(waitpid(children[i], &status, 0), children[i]);
	children[i] = 0;
	return status;
}

static void assert_signalled(int i, int sig)
{
	int status = reap(i);

	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig,
		      "child %d: status %#x, want signal %d", i, status, sig);
}

static bool alive(int i)
{
	return waitpid(children[i], NULL, WNOHANG) == 0;
}

/* ---- requests ---- */

/* Dispatch t->req as uid with peer pid. */
static int send_as(uid_t uid, pid_t pid, uint16_t op)
{
	struct ad_peer peer = {.conn_id = 7, .pid = pid, .uid = uid};
	struct acct_field f;

	acct_buf_reset(&T.rep);
	T.status =
		ad_dispatch(&T.ctx, &peer, op, T.req.data, T.req.len, &T.rep);
	T.msg[0] = '\0';
	if (acct_find(T.rep.data, T.rep.len, ACCT_T_MESSAGE, &f) == 1)
		ck_assert_int_eq(acct_get_strcpy(&f, T.msg, sizeof(T.msg)), 0);
	return T.status;
}

/* SESSION_OPEN for login as uid from pid; pid_field (0: none) is PID. */
static int open_as(uid_t uid, pid_t peer_pid, const char *login,
		   pid_t pid_field)
{
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, login);
	acct_put_str(&T.req, ACCT_T_SERVICE, "sshd");
	acct_put_str(&T.req, ACCT_T_TTY, "pts/3");
	acct_put_str(&T.req, ACCT_T_RHOST, "192.0.2.7");
	if (pid_field != 0)
		acct_put_u32(&T.req, ACCT_T_PID, (uint32_t)pid_field);
	return send_as(uid, peer_pid, ACCT_OP_SESSION_OPEN);
}

static uint32_t verdict(void)
{
	return dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT);
}

/* Root opens a session of login for child i: its id. */
static uint64_t open_for(const char *login, int i)
{
	ck_assert_int_eq(open_as(0, 1, login, children[i]), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_OK);
	return dt_u64(T.rep.data, T.rep.len, ACCT_T_SESSION_ID);
}

static int by_id(uid_t uid, uint16_t op, uint64_t id)
{
	acct_buf_reset(&T.req);
	acct_put_u64(&T.req, ACCT_T_SESSION_ID, id);
	return send_as(uid, 1, op);
}

/* SESSION_LIST (filter tag 0: none): how many SESSION recs. */
static int list(uint16_t tag, const char *value)
{
	acct_buf_reset(&T.req);
	if (tag != 0)
		acct_put_str(&T.req, tag, value);
	ck_assert_int_eq(send_as(0, 1, ACCT_OP_SESSION_LIST), ACCT_ST_OK);
	return dt_count(T.rep.data, T.rep.len, ACCT_T_SESSION);
}

static bool session_exists(uint64_t id)
{
	struct ad_err err = {0, ""};
	struct ad_session s;
	int rc = ad_store_session_get(T.st, id, &s, &err);

	ck_assert(rc == ACCT_ST_OK || rc == ACCT_ST_NOTFOUND);
	return rc == ACCT_ST_OK;
}

/* Run the loop until session id has ended (Check's timeout bounds it). */
static void run_until_ended(uint64_t id)
{
	while (session_exists(id))
		ck_assert_int_ge(event_base_loop(base, EVLOOP_ONCE), 0);
}

/* The reason of the last audit record with action, or NULL. */
struct audit_find {
	const char *action;
	char reason[AD_MSG_MAX];
	bool found;
};

static int find_action(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct audit_find *a = arg;
	struct acct_field f;
	char action[64] = "";

	(void)seq;
	if (acct_find(rec, len, ACCT_T_ACTION, &f) == 1)
		acct_get_strcpy(&f, action, sizeof(action));
	if (strcmp(action, a->action) != 0)
		return 0;
	a->found = true;
	a->reason[0] = '\0';
	if (acct_find(rec, len, ACCT_T_REASON, &f) == 1)
		acct_get_strcpy(&f, a->reason, sizeof(a->reason));
	return 0;
}

static const char *audit_reason(const char *action)
{
	static struct audit_find a;
	struct ad_err err = {0, ""};

	memset(&a, 0, sizeof(a));
	a.action = action;
	ck_assert_int_eq(ad_audit_walk(T.st, find_action, &a, &err),
			 ACCT_ST_OK);
	return a.found ? a.reason : NULL;
}

/* ---- tests ---- */

START_TEST(test_open_list_revoke)
{
	struct acct_field rec;
	uint64_t id, start;
	int c = spawn(false);

	id = open_for("alice", c);
	ck_assert_uint_gt(id, 0);
	ck_assert_int_eq(list(0, NULL), 1);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_SESSION, 0);
	ck_assert_uint_eq(dt_u64(rec.val, rec.len, ACCT_T_SESSION_ID), id);
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_NAME), "alice");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_TENANT), "acme");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_SERVICE), "sshd");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_TTY), "pts/3");
	ck_assert_str_eq(dt_str(rec.val, rec.len, ACCT_T_RHOST), "192.0.2.7");
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_UID), alice_uid);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_PID),
			  (uint32_t)children[c]);
	ck_assert_int_eq(ad_proc_start_time(children[c], &start), 0);
	ck_assert_uint_eq(dt_u64(rec.val, rec.len, ACCT_T_PROC_START), start);
	ck_assert_uint_gt(dt_u64(rec.val, rec.len, ACCT_T_STARTED), 0);
	/* the filters */
	ck_assert_int_eq(list(ACCT_T_NAME, "alice"), 1);
	ck_assert_int_eq(list(ACCT_T_NAME, "bob"), 0);
	ck_assert_int_eq(list(ACCT_T_TENANT, "acme"), 1);
	ck_assert_int_eq(list(ACCT_T_TENANT, "other"), 0);
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_TENANT, "nosuch");
	ck_assert_int_eq(send_as(0, 1, ACCT_OP_SESSION_LIST), ACCT_ST_NOTFOUND);

	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_REVOKE, id), ACCT_ST_OK);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SESSION), 1);
	run_until_ended(id);
	assert_signalled(c, SIGTERM);
	ck_assert_int_eq(list(0, NULL), 0);
	ck_assert_str_eq(audit_reason("session-end"), "revoked by uid 0");
	ck_assert_ptr_nonnull(audit_reason("session-revoke"));
	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_REVOKE, id),
			 ACCT_ST_NOTFOUND);
}
END_TEST

START_TEST(test_sigkill_after_grace)
{
	int c = spawn(true);
	uint64_t id = open_for("alice", c);

	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_REVOKE, id), ACCT_ST_OK);
	run_until_ended(id);
	assert_signalled(c, SIGKILL);
}
END_TEST

START_TEST(test_process_exit_ends_session)
{
	int c = spawn(false);
	uint64_t id = open_for("bob", c);

	close(release_fd[c]);
	release_fd[c] = -1;
	run_until_ended(id);
	ck_assert_int_eq(reap(c), 0); /* it exited by itself */
	ck_assert_str_eq(audit_reason("session-end"), "process exited");
	ck_assert_int_eq(list(0, NULL), 0);
}
END_TEST

START_TEST(test_disable_terminates_users_sessions)
{
	int b1 = spawn(false), b2 = spawn(true), a = spawn(false);
	uint64_t id1 = open_for("bob", b1), id2 = open_for("bob", b2);
	uint64_t ida = open_for("alice", a);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_until_ended(id1);
	run_until_ended(id2);
	assert_signalled(b1, SIGTERM);
	assert_signalled(b2, SIGKILL);
	ck_assert_str_eq(audit_reason("session-end"), "account bob disabled");
	/* alice's session goes on */
	ck_assert(session_exists(ida));
	ck_assert(alive(a));
	ck_assert_int_eq(list(0, NULL), 1);
}
END_TEST

START_TEST(test_delete_terminates_users_sessions)
{
	int b = spawn(false), a = spawn(false);
	uint64_t idb = open_for("bob", b), ida = open_for("alice", a);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_until_ended(idb);
	assert_signalled(b, SIGTERM);
	ck_assert_str_eq(audit_reason("session-end"), "account bob deleted");
	ck_assert(session_exists(ida));
	ck_assert(alive(a));
}
END_TEST

START_TEST(test_deprovision_terminates_tenant)
{
	int a = spawn(false), b = spawn(false), o = spawn(false);
	uint64_t ida = open_for("alice", a), idb = open_for("bob", b);
	uint64_t ido = open_for("olga", o);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "contract ended"),
				 DT_END),
			 ACCT_ST_OK);
	run_until_ended(ida);
	run_until_ended(idb);
	assert_signalled(a, SIGTERM);
	assert_signalled(b, SIGTERM);
	ck_assert(session_exists(ido));
	ck_assert(alive(o));
	ck_assert_int_eq(list(ACCT_T_TENANT, "other"), 1);
	ck_assert_int_eq(list(ACCT_T_TENANT, "acme"), 0);
}
END_TEST

START_TEST(test_close)
{
	int c = spawn(false);
	uint64_t id = open_for("alice", c);

	/* by id: the record goes, the process is left alone */
	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_CLOSE, id), ACCT_ST_OK);
	ck_assert(!session_exists(id));
	ck_assert(alive(c));
	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_CLOSE, id), ACCT_ST_NOTFOUND);
	ck_assert_ptr_nonnull(audit_reason("session-close"));

	/* by name and pid: every session of that user and process */
	open_for("alice", c);
	open_for("alice", c);
	open_for("bob", c);
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "alice");
	acct_put_u32(&T.req, ACCT_T_PID, (uint32_t)children[c]);
	ck_assert_int_eq(send_as(0, 1, ACCT_OP_SESSION_CLOSE), ACCT_ST_OK);
	ck_assert_int_eq(list(ACCT_T_NAME, "alice"), 0);
	ck_assert_int_eq(list(ACCT_T_NAME, "bob"), 1);
	/* none left: still fine; an unknown user is not */
	ck_assert_int_eq(send_as(0, 1, ACCT_OP_SESSION_CLOSE), ACCT_ST_OK);
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "nosuch");
	ck_assert_int_eq(send_as(0, 1, ACCT_OP_SESSION_CLOSE),
			 ACCT_ST_NOTFOUND);
	ck_assert(alive(c));
}
END_TEST

START_TEST(test_non_root_rules)
{
	int c = spawn(false), d = spawn(false);
	struct acct_field rec;
	uint64_t id;

	/* a user's own process, pid from SO_PEERCRED */
	ck_assert_int_eq(open_as(alice_uid, children[c], "alice", 0),
			 ACCT_ST_OK);
	id = dt_u64(T.rep.data, T.rep.len, ACCT_T_SESSION_ID);
	ck_assert_int_eq(list(0, NULL), 1);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_SESSION, 0);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_PID),
			  (uint32_t)children[c]);
	/* naming its own pid is fine, another process is not */
	ck_assert_int_eq(open_as(alice_uid, children[c], "alice", children[c]),
			 ACCT_ST_OK);
	ck_assert_int_eq(open_as(alice_uid, children[c], "alice", children[d]),
			 ACCT_ST_DENIED);
	/* another user, or no user at all */
	ck_assert_int_eq(open_as(alice_uid, children[c], "bob", 0),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(open_as(NOBODY, children[c], "alice", 0),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(open_as(NOBODY, children[c], "nosuch", 0),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(list(0, NULL), 2);

	/* close: the session's own uid or root */
	ck_assert_int_eq(by_id(bob_uid, ACCT_OP_SESSION_CLOSE, id),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(by_id(alice_uid, ACCT_OP_SESSION_CLOSE, id),
			 ACCT_ST_OK);
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "alice");
	ck_assert_int_eq(send_as(olga_uid, children[c], ACCT_OP_SESSION_CLOSE),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(list(0, NULL), 1);
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "alice");
	ck_assert_int_eq(send_as(alice_uid, children[c], ACCT_OP_SESSION_CLOSE),
			 ACCT_ST_OK);
	ck_assert_int_eq(list(0, NULL), 0);

	/* listing and revoking are the operator's */
	acct_buf_reset(&T.req);
	ck_assert_int_eq(send_as(alice_uid, children[c], ACCT_OP_SESSION_LIST),
			 ACCT_ST_DENIED);
	id = open_for("alice", c);
	ck_assert_int_eq(by_id(alice_uid, ACCT_OP_SESSION_REVOKE, id),
			 ACCT_ST_DENIED);
	ck_assert(alive(c) && alive(d));
}
END_TEST

START_TEST(test_process_identity)
{
	int c = spawn(false), gone = spawn(false);
	pid_t gone_pid = children[gone];
	uint64_t start;

	/* PROC_START that is not the pid's: refused */
	ck_assert_int_eq(ad_proc_start_time(children[c], &start), 0);
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "alice");
	acct_put_str(&T.req, ACCT_T_SERVICE, "login");
	acct_put_u32(&T.req, ACCT_T_PID, (uint32_t)children[c]);
	acct_put_u64(&T.req, ACCT_T_PROC_START, start + 1);
	ck_assert_int_eq(send_as(0, 1, ACCT_OP_SESSION_OPEN), ACCT_ST_CONFLICT);
	ck_assert_msg(strstr(T.msg, "started at another time") != NULL, "%s",
		      T.msg);
	ck_assert_int_eq(list(0, NULL), 0);
	/* the right one: accepted */
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, "alice");
	acct_put_str(&T.req, ACCT_T_SERVICE, "login");
	acct_put_u32(&T.req, ACCT_T_PID, (uint32_t)children[c]);
	acct_put_u64(&T.req, ACCT_T_PROC_START, start);
	ck_assert_int_eq(send_as(0, 1, ACCT_OP_SESSION_OPEN), ACCT_ST_OK);

	/* a process that is gone */
	kill(gone_pid, SIGKILL);
	reap(gone);
	ck_assert_int_eq(open_as(0, 1, "alice", gone_pid), ACCT_ST_CONFLICT);
	ck_assert_msg(strstr(T.msg, "does not exist") != NULL, "%s", T.msg);
	ck_assert_int_eq(list(0, NULL), 1);
}
END_TEST

START_TEST(test_login_policy)
{
	int c = spawn(false);

	ck_assert_int_eq(open_as(0, 1, "nosuch", children[c]), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_USER_UNKNOWN);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SESSION_ID), 0);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(open_as(0, 1, "bob", children[c]), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_DISABLED);
	ck_assert_str_eq(T.msg, "account bob is disabled");

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_SUSPEND,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "unpaid"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(open_as(0, 1, "alice", children[c]), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_TENANT_INACTIVE);
	ck_assert_str_eq(T.msg, "organization acme is suspended");
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SESSION_ID), 0);

	dt_user(&T, "carol", "other", 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "carol"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(open_as(0, 1, "carol", children[c]), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_USER_UNKNOWN);
	ck_assert_int_eq(list(0, NULL), 0);
	ck_assert_ptr_nonnull(audit_reason("session-open"));
}
END_TEST

/* Ids only grow, even across reopening the store. */
START_TEST(test_ids_never_reused)
{
	int c = spawn(false);
	uint64_t first = open_for("alice", c), second;

	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_CLOSE, first), ACCT_ST_OK);
	second = open_for("alice", c);
	ck_assert_uint_eq(second, first + 1);
	ad_sessions_free(T.ctx.sessions);
	dt_reopen(&T);
	T.ctx.sessions = ad_sessions_new(base, T.st, &T.cfg);
	ck_assert_ptr_nonnull(T.ctx.sessions);
	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_CLOSE, second), ACCT_ST_OK);
	ck_assert_uint_eq(open_for("alice", c), second + 1);
}
END_TEST

/* A restarted daemon: live processes are watched again, the others (gone,
 * or the pid now another process's) end at once, unsignalled. */
START_TEST(test_restore)
{
	int live = spawn(false), other = spawn(false), gone = spawn(false);
	struct ad_err err = {0, ""};
	struct ad_session s;
	uint64_t id_live, id_gone, start;

	id_live = open_for("alice", live);
	id_gone = open_for("bob", gone);
	/* a record whose pid now belongs to a process started later */
	memset(&s, 0, sizeof(s));
	s.uid = bob_uid;
	ck_assert_int_eq(ad_proc_start_time(children[other], &start), 0);
	snprintf(s.name, sizeof(s.name), "bob");
	snprintf(s.service, sizeof(s.service), "su");
	s.pid = (uint32_t)children[other];
	s.proc_start = start - 1;
	dt_call(&T, 0, ACCT_OP_USER_SHOW, DT_S(ACCT_T_NAME, "bob"), DT_END);
	s.tenant_gid = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_TENANT_GID);
	ck_assert_int_eq(ad_store_session_add(T.st, &s, "test", &err),
			 ACCT_ST_OK);

	/* down: nothing watches; one process dies meanwhile */
	ad_sessions_free(T.ctx.sessions);
	kill(children[gone], SIGKILL);
	reap(gone);
	T.ctx.sessions = ad_sessions_new(base, T.st, &T.cfg);
	ck_assert_ptr_nonnull(T.ctx.sessions);
	ck_assert_int_eq(ad_sessions_restore(T.ctx.sessions, &err), ACCT_ST_OK);

	ck_assert(!session_exists(id_gone));
	ck_assert(!session_exists(s.id));
	ck_assert(alive(other)); /* never signalled: not its session */
	ck_assert_str_eq(audit_reason("session-end"),
			 "process gone while accountsd was down");
	ck_assert_int_eq(list(0, NULL), 1);
	/* the live one is watched again: its exit ends it */
	close(release_fd[live]);
	release_fd[live] = -1;
	run_until_ended(id_live);
	ck_assert_int_eq(reap(live), 0);
}
END_TEST

static Suite *session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("session");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_open_list_revoke);
	tcase_add_test(tc, test_sigkill_after_grace);
	tcase_add_test(tc, test_process_exit_ends_session);
	tcase_add_test(tc, test_disable_terminates_users_sessions);
	tcase_add_test(tc, test_delete_terminates_users_sessions);
	tcase_add_test(tc, test_deprovision_terminates_tenant);
	tcase_add_test(tc, test_close);
	tcase_add_test(tc, test_non_root_rules);
	tcase_add_test(tc, test_process_identity);
	tcase_add_test(tc, test_login_policy);
	tcase_add_test(tc, test_ids_never_reused);
	tcase_add_test(tc, test_restore);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(session_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
