/*
 * check_session.c - sessions through ad_dispatch, with real processes:
 * each test forks children that wait, opens sessions for them, and runs
 * an event loop (with a real worker pool, as the daemon has) until the
 * daemon's pidfd watch reports what happened.  waitpid then tells which
 * signal (if any) the child got.
 *
 * Users get uids from a range of their own (UID_BASE), far from anything
 * the host or other tests run: disabling a user here signals every
 * process of its uid on the host.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "store/audit.h"
#include "daemon_testlib.h"
#include "ops/dispatch.h"
#include "procs/sessions.h"
#include "procs/kill.h"
#include "procs/pidfd.h"
#include "store/priv.h"
#include "server/worker.h"

#define NOBODY 65534
#define MAX_CHILDREN 8
#define UID_BASE 3790000u
#define MANY 600 /* sessions ended at once: more than two batches */

/* records a test writes straight to the store: no process asked */
static const struct ad_audit_who test_who = {"test", false, 0};

static struct dt T;
static struct event_base *base;
static struct ad_workers *pool;
static pid_t children[MAX_CHILDREN];
static int release_fd[MAX_CHILDREN]; /* closing it lets the child exit */
static int nchildren;
static uint32_t alice_uid, bob_uid, olga_uid;

static void new_sessions(void)
{
	T.ctx.sessions = ad_sessions_new(base, T.st, &T.cfg);
	ck_assert_ptr_nonnull(T.ctx.sessions);
	ad_sessions_use_workers(T.ctx.sessions, pool);
}

static void setup(void)
{
	char err[256];

	dt_setup(&T);
	T.cfg.session_kill_grace_ms = 50; /* a child that ignores SIGTERM */
	T.cfg.uid_min = UID_BASE;
	T.cfg.uid_max = UID_BASE + 9999;
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
	pool = ad_workers_new(base, 1, 64, err, sizeof(err));
	ck_assert_msg(pool != NULL, "%s", err);
	new_sessions();
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
	/* the pool first: its done callbacks still see the sessions */
	ad_workers_free(pool);
	ad_sessions_free(T.ctx.sessions);
	T.ctx.sessions = NULL;
	event_base_free(base);
	dt_teardown(&T);
}

/* ---- children ---- */

/* How a child runs: as root (uid 0), or with these ids. */
struct as {
	uid_t ruid, euid, suid;
	bool ignore_term;
};

/* A child that waits until released (or killed), in a session of its
 * own (setsid), with a's ids.  It says it is ready, ids changed, before
 * the parent goes on, so a signal never arrives before SIG_IGN is in
 * place.  Returns its index. */
static int spawn_as(struct as a)
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
		signal(SIGTERM, a.ignore_term ? SIG_IGN : SIG_DFL);
		if (setsid() < 0 ||
		    (a.ruid != 0 && setresuid(a.ruid, a.euid, a.suid) < 0))
			_exit(3);
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

static int spawn(bool ignore_term)
{
	struct as root = {0, 0, 0, ignore_term};

	return spawn_as(root);
}

/* A child running as uid (real, effective and saved). */
static int spawn_uid(uid_t uid, bool ignore_term)
{
	struct as a = {uid, uid, uid, ignore_term};

	return spawn_as(a);
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

/* Run the loop for ms milliseconds (timers, workers, pidfds). */
static void run_for(unsigned ms)
{
	struct timespec nap = {0, 1000000};

	for (unsigned i = 0; i < ms; i++) {
		ck_assert_int_ge(
			event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK),
			0);
		nanosleep(&nap, NULL);
	}
}

/* Run the loop until child i ends by signal sig (Check's timeout bounds
 * it). */
static void run_until_signalled(int i, int sig)
{
	int status;
	pid_t r;

	while ((r = waitpid(children[i], &status, WNOHANG)) == 0)
		run_for(1);
	ck_assert_int_eq(r, children[i]);
	children[i] = 0;
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig,
		      "child %d: status %#x, want signal %d", i, status, sig);
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
	ck_assert_msg(verdict() == ACCT_PAM_OK, "verdict %u: %s", verdict(),
		      T.msg);
	return dt_u64(T.rep.data, T.rep.len, ACCT_T_SESSION_ID);
}

/* uid, from process pid, opens a session for itself: its verdict. */
static uint32_t open_self(uid_t uid, int i, const char *login)
{
	ck_assert_int_eq(open_as(uid, children[i], login, 0), ACCT_ST_OK);
	return verdict();
}

static int by_id_from(uid_t uid, pid_t pid, uint16_t op, uint64_t id)
{
	acct_buf_reset(&T.req);
	acct_put_u64(&T.req, ACCT_T_SESSION_ID, id);
	return send_as(uid, pid, op);
}

static int by_id(uid_t uid, uint16_t op, uint64_t id)
{
	return by_id_from(uid, 1, op, id);
}

/* SESSION_CLOSE by NAME [PID] as uid from peer pid. */
static int close_name(uid_t uid, pid_t peer_pid, const char *login,
		      pid_t pid_field)
{
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_NAME, login);
	if (pid_field != 0)
		acct_put_u32(&T.req, ACCT_T_PID, (uint32_t)pid_field);
	return send_as(uid, peer_pid, ACCT_OP_SESSION_CLOSE);
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
		run_for(1);
}

static int count_one(void *arg, const struct ad_session *s)
{
	(void)s;
	(*(unsigned *)arg)++;
	return 0;
}

static unsigned stored_sessions(void)
{
	struct ad_err err = {0, ""};
	unsigned n = 0;

	ck_assert_int_eq(ad_store_session_list(T.st, count_one, &n, &err),
			 ACCT_ST_OK);
	return n;
}

/* Write transactions committed so far: what "one per batch" is about. */
static size_t txn_id(void)
{
	MDB_envinfo info;

	ck_assert_int_eq(mdb_env_info(T.st->env, &info), 0);
	return info.me_last_txnid;
}

/* The last audit record with action: its reason and message. */
struct audit_find {
	const char *action;
	char reason[AD_MSG_MAX];
	char message[AD_MSG_MAX];
	unsigned count;
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
	a->count++;
	a->reason[0] = a->message[0] = '\0';
	if (acct_find(rec, len, ACCT_T_REASON, &f) == 1)
		acct_get_strcpy(&f, a->reason, sizeof(a->reason));
	if (acct_find(rec, len, ACCT_T_MESSAGE, &f) == 1)
		acct_get_strcpy(&f, a->message, sizeof(a->message));
	return 0;
}

static const struct audit_find *audit_last(const char *action)
{
	static struct audit_find a;
	struct ad_err err = {0, ""};

	memset(&a, 0, sizeof(a));
	a.action = action;
	ck_assert_int_eq(ad_audit_walk(T.st, find_action, &a, &err),
			 ACCT_ST_OK);
	return &a;
}

/* The reason of the last audit record with action, or NULL. */
static const char *audit_reason(const char *action)
{
	const struct audit_find *a = audit_last(action);

	return a->count > 0 ? a->reason : NULL;
}

static unsigned audit_count(const char *action)
{
	return audit_last(action)->count;
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
	ck_assert_str_eq(audit_reason("session-end"), "revoked by root");
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

/* A tenant's owner deactivates a user: its sessions end as on a
 * disable. */
START_TEST(test_deactivate_terminates_users_sessions)
{
	int b = spawn(false), a = spawn(false);
	uint64_t idb = open_for("bob", b), ida = open_for("alice", a);

	ck_assert_int_eq(dt_call(&T, alice_uid, ACCT_OP_USER_DEACTIVATE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_until_ended(idb);
	assert_signalled(b, SIGTERM);
	ck_assert_str_eq(audit_reason("session-end"), "account bob disabled");
	ck_assert(session_exists(ida));
	ck_assert(alive(a));
}
END_TEST

/* A tenant with a session still live is not purged until it ends. */
START_TEST(test_purge_waits_for_sessions)
{
	int o = spawn(true); /* outlives SIGTERM until the grace is over */
	uint64_t ido = open_for("olga", o);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "other"),
				 DT_S(ACCT_T_STATUS_REASON, "gone"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_FINALIZE,
				 DT_S(ACCT_T_NAME, "other"), DT_END),
			 ACCT_ST_OK);
	T.cfg.retention_days = 0;
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PURGE,
				 DT_S(ACCT_T_NAME, "other"), DT_END),
			 ACCT_ST_CONFLICT);
	ck_assert_str_eq(T.msg, "tenant other still has 1 live session(s); "
				"they end with their processes: purge it then");
	ck_assert(session_exists(ido));
	run_until_ended(ido);
	assert_signalled(o, SIGKILL);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_PURGE,
				 DT_S(ACCT_T_NAME, "other"), DT_END),
			 ACCT_ST_OK);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "olga"), DT_END),
			 ACCT_ST_NOTFOUND);
	/* acme's sessions and users never noticed */
	ck_assert_int_eq(list(ACCT_T_TENANT, "acme"), 0);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_SHOW,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
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
	/* a name the directory does not hold is no one's business: unknown
	 * (a PAM program of a local user opening its own session) */
	ck_assert_int_eq(open_as(NOBODY, children[c], "nosuch", 0), ACCT_ST_OK);
	ck_assert_uint_eq(dt_u32(T.rep.data, T.rep.len, ACCT_T_PAM_RESULT),
			  ACCT_PAM_USER_UNKNOWN);
	ck_assert_int_eq(list(0, NULL), 2);

	/* close: root, or the session's own process as its own user */
	ck_assert_int_eq(
		by_id_from(bob_uid, children[c], ACCT_OP_SESSION_CLOSE, id),
		ACCT_ST_NOTFOUND);
	ck_assert_int_eq(
		by_id_from(alice_uid, children[d], ACCT_OP_SESSION_CLOSE, id),
		ACCT_ST_NOTFOUND);
	ck_assert_int_eq(
		by_id_from(alice_uid, children[c], ACCT_OP_SESSION_CLOSE, id),
		ACCT_ST_OK);
	ck_assert_int_eq(close_name(olga_uid, children[c], "alice", 0),
			 ACCT_ST_DENIED);
	ck_assert_int_eq(list(0, NULL), 1);
	ck_assert_int_eq(close_name(alice_uid, children[c], "alice", 0),
			 ACCT_ST_OK);
	ck_assert_int_eq(list(0, NULL), 0);

	/* a member may list its tenant's sessions (user:read), not end
	 * them (user:manage) */
	acct_buf_reset(&T.req);
	ck_assert_int_eq(send_as(bob_uid, children[c], ACCT_OP_SESSION_LIST),
			 ACCT_ST_OK);
	id = open_for("alice", c);
	ck_assert_int_eq(by_id(bob_uid, ACCT_OP_SESSION_REVOKE, id),
			 ACCT_ST_DENIED);
	/* another tenant's owner: the same words as for no session */
	ck_assert_int_eq(by_id(olga_uid, ACCT_OP_SESSION_REVOKE, id),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: session-revoke: not in "
				"your organization");
	ck_assert_int_eq(by_id(olga_uid, ACCT_OP_SESSION_REVOKE, id + 1000),
			 ACCT_ST_DENIED);
	ck_assert_str_eq(T.msg, "permission denied: session-revoke: not in "
				"your organization");
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
	new_sessions();
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
	ck_assert_int_eq(ad_store_session_add(T.st, &s, &test_who, &err),
			 ACCT_ST_OK);

	/* down: nothing watches; one process dies meanwhile */
	ad_sessions_free(T.ctx.sessions);
	kill(children[gone], SIGKILL);
	reap(gone);
	new_sessions();
	ck_assert_int_eq(ad_sessions_restore(T.ctx.sessions, &err), ACCT_ST_OK);

	/* ended from the loop */
	run_until_ended(id_gone);
	run_until_ended(s.id);
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

/* ---- caps (max_sessions, max_sessions_per_user, _per_caller) ---- */

/* Refused like a policy refusal: OK, PERM_DENIED, one line; nothing
 * stored, the refusal audited. */
static void assert_capped(const char *want_msg)
{
	ck_assert_int_eq(T.status, ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_PERM_DENIED);
	ck_assert_int_eq(dt_count(T.rep.data, T.rep.len, ACCT_T_SESSION_ID), 0);
	ck_assert_msg(strstr(T.msg, want_msg) != NULL, "message '%s'", T.msg);
	ck_assert_str_eq(audit_last("session-open")->message, T.msg);
}

START_TEST(test_cap_per_caller)
{
	int a = spawn(false), b = spawn(false);
	char want[AD_MSG_MAX];
	unsigned before;

	T.cfg.max_sessions_per_caller = 3;
	for (int i = 0; i < 3; i++)
		ck_assert_uint_eq(open_self(alice_uid, a, "alice"),
				  ACCT_PAM_OK);
	before = stored_sessions();
	ck_assert_uint_eq(open_self(alice_uid, a, "alice"),
			  ACCT_PAM_PERM_DENIED);
	snprintf(want, sizeof(want),
		 "uid %u has opened too many sessions (limit 3)", alice_uid);
	assert_capped(want);
	ck_assert_uint_eq(stored_sessions(), before);
	/* another caller is not affected; root is bounded per user only */
	ck_assert_uint_eq(open_self(bob_uid, b, "bob"), ACCT_PAM_OK);
	open_for("alice", a);
	/* a live reload applies at the next open */
	T.cfg.max_sessions_per_caller = 4;
	ck_assert_uint_eq(open_self(alice_uid, a, "alice"), ACCT_PAM_OK);
	ck_assert_uint_eq(open_self(alice_uid, a, "alice"),
			  ACCT_PAM_PERM_DENIED);
	/* a closed session frees its place */
	ck_assert_int_eq(close_name(alice_uid, children[a], "alice", 0),
			 ACCT_ST_OK);
	ck_assert_uint_eq(open_self(alice_uid, a, "alice"), ACCT_PAM_OK);
}
END_TEST

START_TEST(test_cap_per_user)
{
	int a = spawn(false), b = spawn(false);

	T.cfg.max_sessions_per_user = 2;
	open_for("bob", b);
	open_for("bob", b);
	ck_assert_int_eq(open_as(0, 1, "bob", children[b]), ACCT_ST_OK);
	assert_capped("user bob has too many open sessions (limit 2)");
	ck_assert_int_eq(list(ACCT_T_NAME, "bob"), 2);
	/* bob's own requests count for bob too */
	ck_assert_uint_eq(open_self(bob_uid, b, "bob"), ACCT_PAM_PERM_DENIED);
	/* others go on */
	open_for("alice", a);
	open_for("alice", a);
	/* the end of bob's process frees his places (from the loop) */
	close(release_fd[b]);
	release_fd[b] = -1;
	while (list(ACCT_T_NAME, "bob") > 0)
		run_for(1);
	ck_assert_int_eq(reap(b), 0);
	b = spawn(false);
	open_for("bob", b);
}
END_TEST

START_TEST(test_cap_host)
{
	int a = spawn(false);

	T.cfg.max_sessions = 3;
	open_for("alice", a);
	open_for("bob", a);
	ck_assert_uint_eq(open_self(olga_uid, a, "olga"), ACCT_PAM_OK);
	ck_assert_uint_eq(open_self(olga_uid, a, "olga"), ACCT_PAM_PERM_DENIED);
	assert_capped("too many open sessions on this host (limit 3)");
	ck_assert_int_eq(open_as(0, 1, "alice", children[a]), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_PERM_DENIED);
	ck_assert_int_eq(list(0, NULL), 3);
}
END_TEST

/* Sessions get only the descriptors connections leave, unless the limit
 * can be raised (which the daemon does at startup). */
START_TEST(test_cap_descriptors)
{
	int a = spawn(false);
	struct rlimit rl;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	T.cfg.max_connections = 100;
	T.cfg.max_sessions = 1000;
	ck_assert_uint_ge(rl.rlim_max, 100 + AD_SESSION_FD_SPARE + 1000);
	rl.rlim_cur = 100 + AD_SESSION_FD_SPARE + 2;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	ad_sessions_free(T.ctx.sessions);
	new_sessions();
	open_for("alice", a);
	open_for("alice", a);
	ck_assert_int_eq(open_as(0, 1, "alice", children[a]), ACCT_ST_OK);
	assert_capped("too many open sessions on this host (limit 2)");
	/* room for all: max_sessions is the cap again */
	ad_sessions_fit_nofile(T.ctx.sessions);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	ck_assert_uint_ge(rl.rlim_cur, 100 + AD_SESSION_FD_SPARE + 1000);
	open_for("alice", a);
}
END_TEST

/* Who opened a session is stored: its caller's cap holds across a
 * restart. */
START_TEST(test_cap_survives_restart)
{
	struct ad_err err = {0, ""};
	struct acct_field rec;
	int a = spawn(false);

	T.cfg.max_sessions_per_caller = 2;
	ck_assert_uint_eq(open_self(alice_uid, a, "alice"), ACCT_PAM_OK);
	ck_assert_uint_eq(open_self(alice_uid, a, "alice"), ACCT_PAM_OK);
	open_for("alice", a);
	ck_assert_int_eq(list(0, NULL), 3);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_SESSION, 0);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_OPENED_BY),
			  alice_uid);
	rec = dt_field(T.rep.data, T.rep.len, ACCT_T_SESSION, 2);
	ck_assert_uint_eq(dt_u32(rec.val, rec.len, ACCT_T_OPENED_BY), 0);
	ad_sessions_free(T.ctx.sessions);
	new_sessions();
	ck_assert_int_eq(ad_sessions_restore(T.ctx.sessions, &err), ACCT_ST_OK);
	ck_assert_uint_eq(open_self(alice_uid, a, "alice"),
			  ACCT_PAM_PERM_DENIED);
	open_for("alice", a);
}
END_TEST

/* ---- ending many at once: one transaction per batch ---- */

/* Run the loop until login has no session left; each pass may end one
 * batch at most.  Returns the write transactions it took. */
static size_t end_in_batches(const char *login, unsigned total)
{
	size_t txn0 = txn_id();
	unsigned left = (unsigned)list(ACCT_T_NAME, login), passes = 0;

	ck_assert_uint_eq(left, total);
	while (left > 0) {
		unsigned now;

		ck_assert_int_ge(event_base_loop(base, EVLOOP_ONCE), 0);
		now = (unsigned)list(ACCT_T_NAME, login);
		ck_assert_uint_le(left - now, AD_SESSION_END_BATCH);
		left = now;
		passes++;
	}
	ck_assert_uint_ge(passes, (total + AD_SESSION_END_BATCH - 1) /
					  AD_SESSION_END_BATCH);
	return txn_id() - txn0;
}

START_TEST(test_exits_end_in_batches)
{
	int c = spawn(false), a = spawn(false);
	uint64_t ida = open_for("alice", a);
	size_t txns;

	T.cfg.max_sessions_per_user = MANY;
	for (int i = 0; i < MANY; i++)
		open_for("bob", c);
	kill(children[c], SIGKILL);
	assert_signalled(c, SIGKILL);
	txns = end_in_batches("bob", MANY);
	/* one per batch, not one per session (600 before) */
	ck_assert_msg(txns <= 2 * (MANY / AD_SESSION_END_BATCH + 1),
		      "%zu transactions", txns);
	/* each keeps its record */
	ck_assert_uint_eq(audit_count("session-end"), MANY);
	ck_assert_str_eq(audit_reason("session-end"), "process exited");
	ck_assert(session_exists(ida));
	ck_assert(alive(a));
}
END_TEST

START_TEST(test_restore_ends_in_batches)
{
	struct ad_err err = {0, ""};
	int c = spawn(false), a = spawn(false);
	uint64_t ida = open_for("alice", a);
	size_t txns;

	T.cfg.max_sessions_per_user = MANY;
	for (int i = 0; i < MANY; i++)
		open_for("bob", c);
	/* down while bob's process dies */
	ad_sessions_free(T.ctx.sessions);
	kill(children[c], SIGKILL);
	reap(c);
	new_sessions();
	ck_assert_int_eq(ad_sessions_restore(T.ctx.sessions, &err), ACCT_ST_OK);
	txns = end_in_batches("bob", MANY);
	ck_assert_msg(txns <= 2 * (MANY / AD_SESSION_END_BATCH + 1),
		      "%zu transactions", txns);
	ck_assert_uint_eq(audit_count("session-end"), MANY);
	ck_assert_str_eq(audit_reason("session-end"),
			 "process gone while accountsd was down");
	ck_assert(session_exists(ida));
	ck_assert(alive(a));
}
END_TEST

/* A session closed while its end waits in the queue: closed once. */
START_TEST(test_close_while_queued)
{
	int c = spawn(false);
	uint64_t id = open_for("alice", c);

	kill(children[c], SIGKILL);
	assert_signalled(c, SIGKILL);
	/* one pass sees the exit; the batch (a timer) comes in the next */
	ck_assert_int_ge(event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK),
			 0);
	ck_assert(session_exists(id));
	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_CLOSE, id), ACCT_ST_OK);
	run_for(20);
	ck_assert(!session_exists(id));
	ck_assert_uint_eq(audit_count("session-close"), 1);
	ck_assert_uint_eq(audit_count("session-end"), 0);
	/* and its place is free */
	T.cfg.max_sessions = 1;
	c = spawn(false);
	open_for("alice", c);
}
END_TEST

/* ---- closing: only root, or the session's own process ---- */

START_TEST(test_close_only_own_process)
{
	int leader = spawn(false), other = spawn(false);
	uint8_t live_reply[256], unused_reply[256];
	size_t live_len, unused_len;
	struct ad_err err = {0, ""};
	struct ad_session s;
	uint64_t id, own, start;

	/* root registers bob's login, whose process is sshd's (root's) */
	id = open_for("bob", leader);
	/* bob, from another process of his, by id: as if it did not exist */
	ck_assert_int_eq(
		by_id_from(bob_uid, children[other], ACCT_OP_SESSION_CLOSE, id),
		ACCT_ST_NOTFOUND);
	ck_assert_str_eq(T.msg, "no such session (it has ended)");
	live_len = T.rep.len;
	ck_assert_uint_le(live_len, sizeof(live_reply));
	memcpy(live_reply, T.rep.data, live_len);
	ck_assert_int_eq(by_id_from(bob_uid, children[other],
				    ACCT_OP_SESSION_CLOSE, id + 1000),
			 ACCT_ST_NOTFOUND);
	unused_len = T.rep.len;
	ck_assert_uint_le(unused_len, sizeof(unused_reply));
	memcpy(unused_reply, T.rep.data, unused_len);
	ck_assert_uint_eq(live_len, unused_len);
	ck_assert(memcmp(live_reply, unused_reply, live_len) == 0);
	/* by name and the session's pid, or his own pid: nothing closes */
	ck_assert_int_eq(
		close_name(bob_uid, children[other], "bob", children[leader]),
		ACCT_ST_OK);
	ck_assert_int_eq(close_name(bob_uid, children[other], "bob", 0),
			 ACCT_ST_OK);
	/* the session's pid but not its user: alice */
	ck_assert_int_eq(by_id_from(alice_uid, children[leader],
				    ACCT_OP_SESSION_CLOSE, id),
			 ACCT_ST_NOTFOUND);
	ck_assert(session_exists(id));
	ck_assert_uint_eq(audit_count("session-close"), 0);

	/* a record whose pid is now bob's process, started later: a
	 * reused pid is not bob's session */
	memset(&s, 0, sizeof(s));
	s.uid = bob_uid;
	snprintf(s.name, sizeof(s.name), "bob");
	snprintf(s.service, sizeof(s.service), "su");
	s.pid = (uint32_t)children[other];
	ck_assert_int_eq(ad_proc_start_time(children[other], &start), 0);
	s.proc_start = start - 1;
	dt_call(&T, 0, ACCT_OP_USER_SHOW, DT_S(ACCT_T_NAME, "bob"), DT_END);
	s.tenant_gid = dt_rec_u32(&T, ACCT_T_USER, ACCT_T_TENANT_GID);
	ck_assert_int_eq(ad_store_session_add(T.st, &s, &test_who, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(by_id_from(bob_uid, children[other],
				    ACCT_OP_SESSION_CLOSE, s.id),
			 ACCT_ST_NOTFOUND);
	ck_assert_int_eq(close_name(bob_uid, children[other], "bob", 0),
			 ACCT_ST_OK);
	ck_assert(session_exists(s.id));
	ck_assert_int_eq(by_id(0, ACCT_OP_SESSION_CLOSE, s.id), ACCT_ST_OK);

	/* what bob's process opened for itself, it closes: by id ... */
	ck_assert_uint_eq(open_self(bob_uid, other, "bob"), ACCT_PAM_OK);
	own = dt_u64(T.rep.data, T.rep.len, ACCT_T_SESSION_ID);
	ck_assert_int_eq(by_id_from(bob_uid, children[other],
				    ACCT_OP_SESSION_CLOSE, own),
			 ACCT_ST_OK);
	ck_assert(!session_exists(own));
	/* ... and by name */
	ck_assert_uint_eq(open_self(bob_uid, other, "bob"), ACCT_PAM_OK);
	own = dt_u64(T.rep.data, T.rep.len, ACCT_T_SESSION_ID);
	ck_assert_int_eq(close_name(bob_uid, children[other], "bob", 0),
			 ACCT_ST_OK);
	ck_assert(!session_exists(own));

	/* root's registration is still on the kill list */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_until_ended(id);
	assert_signalled(leader, SIGTERM);
	ck_assert(alive(other)); /* root's: not bob's uid */
}
END_TEST

/* ---- disable, delete, deprovision: every process of the uid ---- */

static bool need_root(void)
{
	if (geteuid() == 0)
		return true;
	fprintf(stderr, "skipped: needs root to run children as users\n");
	return false;
}

START_TEST(test_disable_kills_uid_processes)
{
	int term, stubborn, saved, alice, root;
	const struct audit_find *a;
	char want[AD_MSG_MAX];
	struct as saved_only = {NOBODY, NOBODY, 0, false};

	if (!need_root())
		return;
	term = spawn_uid(bob_uid, false);    /* a setsid job of bob's */
	stubborn = spawn_uid(bob_uid, true); /* ... that ignores SIGTERM */
	saved_only.suid = bob_uid;
	saved = spawn_as(saved_only); /* bob's only as saved uid */
	alice = spawn_uid(alice_uid, false);
	root = spawn(false);
	/* none of them is a registered session */
	ck_assert_int_eq(list(0, NULL), 0);

	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_until_signalled(term, SIGTERM);
	run_until_signalled(saved, SIGTERM);
	run_until_signalled(stubborn, SIGKILL);
	/* the last sweep finds nothing left */
	while (audit_count("processes-kill") == 0)
		run_for(1);
	a = audit_last("processes-term");
	ck_assert_str_eq(a->reason, "account bob disabled");
	snprintf(want, sizeof(want), "SIGTERM to 3 process(es) of uid %u",
		 bob_uid);
	ck_assert_str_eq(a->message, want);
	a = audit_last("processes-kill");
	snprintf(want, sizeof(want),
		 "SIGKILL to 1 process(es) of uid %u after the grace; "
		 "none left",
		 bob_uid);
	ck_assert_str_eq(a->message, want);
	ck_assert(alive(alice));
	ck_assert(alive(root));
}
END_TEST

START_TEST(test_delete_kills_uid_processes)
{
	int bob, alice;

	if (!need_root())
		return;
	bob = spawn_uid(bob_uid, true);
	alice = spawn_uid(alice_uid, true);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DELETE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_until_signalled(bob, SIGKILL);
	ck_assert_str_eq(audit_reason("processes-term"), "account bob deleted");
	ck_assert(alive(alice));
}
END_TEST

START_TEST(test_deprovision_kills_uid_processes)
{
	int alice, bob, olga;

	if (!need_root())
		return;
	alice = spawn_uid(alice_uid, false);
	bob = spawn_uid(bob_uid, true);
	olga = spawn_uid(olga_uid, false);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_TENANT_DEPROVISION,
				 DT_S(ACCT_T_NAME, "acme"),
				 DT_S(ACCT_T_STATUS_REASON, "contract ended"),
				 DT_END),
			 ACCT_ST_OK);
	run_until_signalled(alice, SIGTERM);
	run_until_signalled(bob, SIGKILL);
	ck_assert_str_eq(audit_last("processes-term")->message,
			 "SIGTERM to 2 process(es) of the 2 users of acme");
	ck_assert(alive(olga));
}
END_TEST

/* Uids outside the configured range are never swept (nor uid 0). */
START_TEST(test_sweep_only_in_uid_range)
{
	int bob;

	if (!need_root())
		return;
	bob = spawn_uid(bob_uid, false);
	T.cfg.uid_max = bob_uid - 1; /* a reload narrowed the range */
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_for(3 * T.cfg.session_kill_grace_ms);
	ck_assert(alive(bob));
	ck_assert_uint_eq(audit_count("processes-term"), 0);
}
END_TEST

/* Enabled again within the grace: no SIGKILL for its new processes. */
START_TEST(test_enable_within_grace_spares)
{
	int bob;

	if (!need_root())
		return;
	T.cfg.session_kill_grace_ms = 300;
	bob = spawn_uid(bob_uid, true);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_DISABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	while (audit_count("processes-term") == 0)
		run_for(1);
	ck_assert_int_eq(dt_call(&T, 0, ACCT_OP_USER_ENABLE,
				 DT_S(ACCT_T_NAME, "bob"), DT_END),
			 ACCT_ST_OK);
	run_for(2 * T.cfg.session_kill_grace_ms);
	ck_assert(alive(bob));
	ck_assert_uint_eq(audit_count("processes-kill"), 0);
}
END_TEST

/* ---- the map behind the counts ---- */

/* Field n (from 3) of /proc/self/stat, read here on its own. */
static unsigned long long self_stat_field(int n)
{
	char line[1024], *p, *save = NULL;
	FILE *f = fopen("/proc/self/stat", "r");
	int i = 3;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	p = strrchr(line, ')');
	ck_assert_ptr_nonnull(p);
	for (p = strtok_r(p + 1, " ", &save); p != NULL && i < n;
	     p = strtok_r(NULL, " ", &save))
		i++;
	ck_assert_ptr_nonnull(p);
	return strtoull(p, NULL, 10);
}

/* A process's parent and start time are read from the right fields of
 * /proc/PID/stat, and the start time stays as the process grows. */
START_TEST(test_proc_stat_fields)
{
	size_t big = 64u << 20;
	uint64_t before, after;
	pid_t parent = 0;
	char *mem;
	int c = spawn(false);

	ck_assert_int_eq(ad_proc_parent(getpid(), &parent), 0);
	ck_assert_int_eq(parent, getppid());
	ck_assert_int_eq(ad_proc_parent(children[c], &parent), 0);
	ck_assert_int_eq(parent, getpid());
	ck_assert_int_eq(ad_proc_start_time(getpid(), &before), 0);
	ck_assert_uint_eq(before, self_stat_field(22));
	mem = malloc(big);
	ck_assert_ptr_nonnull(mem);
	memset(mem, 1, big);
	ck_assert_int_eq(ad_proc_start_time(getpid(), &after), 0);
	ck_assert_uint_eq(after, before);
	free(mem);
	ck_assert_int_eq(ad_proc_parent(999999999, &parent), -1);
	ck_assert_int_eq(errno, ESRCH);
}
END_TEST

/* An email change (ME_EMAIL) ends the user's other sessions, not the one
 * the caller runs in: its own process's, or an ancestor's. */
START_TEST(test_email_change_ends_other_sessions)
{
	int shell = spawn(false), other = spawn(true), a = spawn(false);
	uint64_t id_self, id_shell, id_other, ida;

	T.cfg.argon2_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	T.cfg.argon2_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	ck_assert_int_eq(
		dt_call(&T, 0, ACCT_OP_USER_PASSWD, DT_S(ACCT_T_NAME, "bob"),
			DT_S(ACCT_T_PASSWORD, "bobs own password"), DT_END),
		ACCT_ST_OK);
	/* a login whose process is this test's: the caller's parent */
	ck_assert_int_eq(open_as(0, 1, "bob", getpid()), ACCT_ST_OK);
	ck_assert_uint_eq(verdict(), ACCT_PAM_OK);
	id_self = dt_u64(T.rep.data, T.rep.len, ACCT_T_SESSION_ID);
	id_shell = open_for("bob", shell);
	id_other = open_for("bob", other);
	ida = open_for("alice", a);
	/* bob, from the process of one of his sessions */
	acct_buf_reset(&T.req);
	acct_put_str(&T.req, ACCT_T_OLD_PASSWORD, "bobs own password");
	acct_put_str(&T.req, ACCT_T_EMAIL, "bob@example.org");
	ck_assert_int_eq(send_as(bob_uid, children[shell], ACCT_OP_ME_EMAIL),
			 ACCT_ST_OK);
	run_until_ended(id_other);
	assert_signalled(other, SIGKILL); /* it ignored SIGTERM */
	ck_assert_str_eq(audit_reason("session-end"), "email of bob changed");
	run_for(100);
	ck_assert(session_exists(id_self));
	ck_assert(session_exists(id_shell));
	ck_assert(alive(shell));
	ck_assert(session_exists(ida));
	ck_assert(alive(a));
	ck_assert_int_eq(list(ACCT_T_NAME, "bob"), 2);
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
	tcase_add_test(tc, test_deactivate_terminates_users_sessions);
	tcase_add_test(tc, test_purge_waits_for_sessions);
	tcase_add_test(tc, test_close);
	tcase_add_test(tc, test_non_root_rules);
	tcase_add_test(tc, test_process_identity);
	tcase_add_test(tc, test_login_policy);
	tcase_add_test(tc, test_ids_never_reused);
	tcase_add_test(tc, test_restore);
	tcase_add_test(tc, test_cap_per_caller);
	tcase_add_test(tc, test_cap_per_user);
	tcase_add_test(tc, test_cap_host);
	tcase_add_test(tc, test_cap_descriptors);
	tcase_add_test(tc, test_cap_survives_restart);
	tcase_add_test(tc, test_exits_end_in_batches);
	tcase_add_test(tc, test_restore_ends_in_batches);
	tcase_add_test(tc, test_close_while_queued);
	tcase_add_test(tc, test_close_only_own_process);
	tcase_add_test(tc, test_disable_kills_uid_processes);
	tcase_add_test(tc, test_delete_kills_uid_processes);
	tcase_add_test(tc, test_deprovision_kills_uid_processes);
	tcase_add_test(tc, test_sweep_only_in_uid_range);
	tcase_add_test(tc, test_enable_within_grace_spares);
	tcase_add_test(tc, test_proc_stat_fields);
	tcase_add_test(tc, test_email_change_ends_other_sessions);
	suite_add_tcase(s, tc);
	tc = tcase_create("map");
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
