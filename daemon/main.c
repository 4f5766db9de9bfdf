/*
 * main.c - accountsd: options, configuration, process setup, the event
 * loop and its signals.  Connections live in server.c, requests in
 * dispatch, data in the store.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "acct_proto.h"
#include "server/config.h"
#include "server/config_check.h"
#include "server/ctx.h"
#include "server/host.h"
#include "server/log.h"
#include "ops/audit_syslog.h"
#include "ops/audit_verify.h"
#include "ops/budget.h"
#include "server/mail.h"
#include "server/service.h"
#include "ops/password.h"
#include "ops/refusal.h"
#include "server/restore.h"
#include "server/server.h"
#include "procs/sessions.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/token.h"
#include "server/usage_flush.h"
#include "server/worker.h"

#define EXIT_USAGE 2
#define SHUTDOWN_GRACE_MS 5000
#define READER_CHECK_SECS 60
#define LOG_FLUSH_SECS 5
#define REFUSAL_FLUSH_SECS 1
#define MAP_CHECK_SECS 5
#define TOKEN_SWEEP_SECS 60
#define TOKEN_SWEEP_BATCH 1000 /* tokens removed per write, at most */
#define NSS_MODULE "libnss_accounts.so.2"
#define NSS_DISABLE_SYMBOL "_nss_accounts_enablelookups"

struct options {
	const char *config_path; /* NULL: the default, if present */
	const char *socket_path; /* overrides the file */
	const char *state_dir;	 /* overrides the file */
	int foreground;
	int debug; /* --debug: on whatever the file says */
	/* --check-config, --print-config: only read the files (ops) */
	int check_config, print_config;
	/* issue 10: --restore FILE [--id-floor UID[:GID]] (server/restore.h) */
	const char *restore;
	const char *id_floor;
};

/* Everything the signal and timer callbacks need. */
struct daemon {
	struct options opts;
	struct ad_config cfg; /* the live configuration: ctx.cfg points here */
	struct ad_ctx ctx;
	struct event_base *base;
	struct ad_server *srv;
	struct ad_mailer *mailer; /* delivers the outbox (server/mail.h) */
	int ready_fd;	 /* to the waiting parent; -1 in the foreground */
	bool map_warned; /* the database was over ACCT_MAP_WARN_PERCENT */
	/* plans: fires when the next subscription change falls due */
	struct event *sub_timer;
	struct ad_notify notify; /* the service manager, if any */
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: accountsd [OPTION]...\n"
		"Serve the account directory on a Unix socket.\n"
		"\n"
		"  -c, --config FILE    read FILE (required to exist) instead "
		"of\n"
		"                       " AD_DEFAULT_CONFIG " (if present)\n"
		"  -f, --foreground     stay in the foreground, log to stderr\n"
		"                       (to syslog if stderr is the journal)\n"
		"      --socket PATH    listen on PATH (default %s)\n"
		"      --state-dir DIR  keep the database in DIR (default %s)\n"
		"  -d, --debug          log every connection and request\n"
		"      --check-config   check the configuration (and its "
		"drop-ins), then exit\n"
		"      --print-config   check it and print every setting, "
		"then exit\n"
		"      --restore FILE   put the backup FILE in place of the "
		"data in the\n"
		"                       state directory (accountsd stopped), "
		"then exit\n"
		"      --id-floor UID[:GID]  with --restore: hand out no id "
		"below these\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           print this help and exit\n",
		ACCT_DEFAULT_SOCKET, AD_DEFAULT_STATE_DIR);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_SOCKET = 256, OPT_STATE_DIR, OPT_RESTORE, OPT_ID_FLOOR };
	enum { OPT_CHECK_CONFIG = 320, OPT_PRINT_CONFIG };
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"foreground", no_argument, NULL, 'f'},
		{"socket", required_argument, NULL, OPT_SOCKET},
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"debug", no_argument, NULL, 'd'},
		{"check-config", no_argument, NULL, OPT_CHECK_CONFIG},
		{"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
		{"restore", required_argument, NULL, OPT_RESTORE},
		{"id-floor", required_argument, NULL, OPT_ID_FLOOR},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "c:fdVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config_path = optarg;
			break;
		case 'f':
			o->foreground = 1;
			break;
		case OPT_SOCKET:
			o->socket_path = optarg;
			break;
		case OPT_STATE_DIR:
			o->state_dir = optarg;
			break;
		case 'd':
			o->debug = 1;
			break;
		case OPT_CHECK_CONFIG:
			o->check_config = 1;
			break;
		case OPT_PRINT_CONFIG:
			o->print_config = 1;
			break;
		case OPT_RESTORE:
			o->restore = optarg;
			break;
		case OPT_ID_FLOOR:
			o->id_floor = optarg;
			break;
		case 'V':
			printf("accountsd %s\n", PACKAGE_VERSION);
			exit(EXIT_SUCCESS);
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		default:
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "accountsd: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		exit(EXIT_USAGE);
	}
	if (o->id_floor != NULL && o->restore == NULL) {
		fprintf(stderr, "accountsd: --id-floor goes with --restore\n");
		exit(EXIT_USAGE);
	}
}

/* An absolute path that fits: what the file's rules ask of a path too. */
static void check_path_option(const char *opt, const char *v, size_t size)
{
	if (v[0] != '/' || strlen(v) >= size) {
		fprintf(stderr,
			"accountsd: %s needs an absolute path shorter than %zu "
			"bytes\n",
			opt, size);
		exit(EXIT_USAGE);
	}
}

/* Defaults, then the file, then the command line. */
static int build_config(const struct options *o, struct ad_config *cfg,
			char *err, size_t errlen)
{
	const char *path = o->config_path ? o->config_path : AD_DEFAULT_CONFIG;

	ad_config_defaults(cfg);
	if (ad_config_load(cfg, path, o->config_path != NULL, err, errlen) < 0)
		return -1;
	if (o->socket_path != NULL)
		snprintf(cfg->socket_path, sizeof(cfg->socket_path), "%s",
			 o->socket_path);
	if (o->state_dir != NULL)
		snprintf(cfg->state_dir, sizeof(cfg->state_dir), "%s",
			 o->state_dir);
	if (o->debug)
		cfg->log_debug = 1;
	ad_host_resolve_groups(cfg, AD_HOST_GROUP);
	return 0;
}

/* ---- startup ---- */

/* Log a startup failure, tell a waiting parent, and exit. */
__attribute__((noreturn, format(printf, 2, 3))) static void
startup_fail(const struct daemon *d, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ad_log(LOG_ERR, "%s", msg);
	if (d->ready_fd >= 0 && write(d->ready_fd, msg, strlen(msg)) < 0)
		ad_log(LOG_ERR, "cannot report to the parent: %s",
		       strerror(errno));
	exit(EXIT_FAILURE);
}

/* The parent: exit 0 once the child listens, 1 with its error if not. */
__attribute__((noreturn)) static void wait_for_child(int fd, pid_t child)
{
	char msg[1024];
	size_t got = 0;
	ssize_t n;
	int status;

	while (got < sizeof(msg) - 1) {
		n = read(fd, msg + got, sizeof(msg) - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got == 1 && msg[0] == '\0')
		exit(EXIT_SUCCESS);
	if (got > 0) {
		msg[got] = '\0';
		fprintf(stderr, "accountsd: %s\n", msg);
		exit(EXIT_FAILURE);
	}
	if (waitpid(child, &status, 0) == child && WIFSIGNALED(status))
		fprintf(stderr,
			"accountsd: daemon killed by signal %d "
			"during startup\n",
			WTERMSIG(status));
	else
		fprintf(stderr, "accountsd: daemon exited during startup\n");
	exit(EXIT_FAILURE);
}

/*
 * Detach: the parent stays until the child reports readiness through a
 * pipe, so that "accountsd && getent passwd x" works.  Returns the
 * child's end of the pipe.
 */
static int daemonize(void)
{
	int pfd[2], null_fd;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0) {
		fprintf(stderr, "accountsd: pipe: %s\n", strerror(errno));
		exit(EXIT_FAILURE);
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "accountsd: fork: %s\n", strerror(errno));
		exit(EXIT_FAILURE);
	}
	if (pid > 0) {
		close(pfd[1]);
		wait_for_child(pfd[0], pid);
	}
	close(pfd[0]);
	if (setsid() < 0 || chdir("/") < 0)
		exit(EXIT_FAILURE);
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 ||
	    dup2(null_fd, STDOUT_FILENO) < 0 ||
	    dup2(null_fd, STDERR_FILENO) < 0) {
		const char msg[] = "cannot redirect stdio to /dev/null";

		if (write(pfd[1], msg, sizeof(msg) - 1) < 0)
			exit(EXIT_FAILURE);
		exit(EXIT_FAILURE);
	}
	if (null_fd > STDERR_FILENO)
		close(null_fd);
	return pfd[1];
}

/* Thousands of clients need thousands of descriptors. */
static void raise_nofile(rlim_t *limit)
{
	struct rlimit rl;

	*limit = 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	*limit = rl.rlim_cur;
}

/*
 * The daemon must never resolve directory users through itself: if our
 * NSS module is installed, switch its lookups off in this process.
 */
static void disable_nss_recursion(void)
{
	void *h = dlopen(NSS_MODULE, RTLD_LAZY | RTLD_NODELETE);
	int *enable;

	if (h == NULL) {
		ad_log(LOG_DEBUG, "%s not loadable, no NSS recursion to avoid",
		       NSS_MODULE);
		return;
	}
	enable = dlsym(h, NSS_DISABLE_SYMBOL);
	if (enable != NULL) {
		*enable = 0;
		ad_log(LOG_DEBUG, "NSS lookups through %s disabled here",
		       NSS_MODULE);
	} else {
		ad_log(LOG_WARNING, "%s has no %s: cannot disable it here",
		       NSS_MODULE, NSS_DISABLE_SYMBOL);
	}
	dlclose(h);
}

static void tell_parent_ready(struct daemon *d)
{
	const char ok = '\0';

	if (d->ready_fd < 0)
		return;
	if (write(d->ready_fd, &ok, 1) != 1)
		ad_log(LOG_WARNING, "cannot report readiness: %s",
		       strerror(errno));
	close(d->ready_fd);
	d->ready_fd = -1;
}

/* ---- signals and timers ---- */

static void reload_config(struct daemon *d)
{
	const char *path =
		d->opts.config_path ? d->opts.config_path : AD_DEFAULT_CONFIG;
	struct ad_config next;
	char err[512];

	if (build_config(&d->opts, &next, err, sizeof(err)) < 0) {
		ad_log(LOG_ERR, "reload failed, keeping the old settings: %s",
		       err);
		return;
	}
	if (strcmp(next.socket_path, d->cfg.socket_path) != 0) {
		ad_log(LOG_WARNING, "socket change ignored until restart");
		memcpy(next.socket_path, d->cfg.socket_path,
		       sizeof(next.socket_path));
	}
	if (strcmp(next.state_dir, d->cfg.state_dir) != 0) {
		ad_log(LOG_WARNING, "state_dir change ignored until restart");
		memcpy(next.state_dir, d->cfg.state_dir,
		       sizeof(next.state_dir));
	}
	if (next.map_size != d->cfg.map_size) {
		ad_log(LOG_WARNING, "map_size_mb change ignored until restart");
		next.map_size = d->cfg.map_size;
	}
	if (next.workers != d->cfg.workers ||
	    next.worker_queue != d->cfg.worker_queue) {
		ad_log(LOG_WARNING, "workers and worker_queue changes ignored "
				    "until restart");
		next.workers = d->cfg.workers;
		next.worker_queue = d->cfg.worker_queue;
	}
	/* new hashes use new Argon2 limits at once; the dummy hash that
	 * prices unknown users keeps the startup limits */
	if (next.argon2_opslimit != d->cfg.argon2_opslimit ||
	    next.argon2_memlimit != d->cfg.argon2_memlimit)
		ad_log(LOG_NOTICE, "new Argon2 limits: unknown users are "
				   "priced at the old ones until restart");
	d->cfg = next;
	ad_log_set_debug(d->cfg.log_debug);
	ad_server_reconfigure(d->srv);
	ad_log(LOG_INFO, "configuration reloaded from %s", path);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;

	if (sig == SIGHUP) {
		ad_service_reload_begin(&d->notify);
		reload_config(d);
		ad_shells_forget(&d->ctx.shells); /* issue 10: re-read it */
		ad_service_ready(&d->notify, d->cfg.socket_path);
		return;
	}
	ad_service_stopping(&d->notify);
	ad_log(LOG_INFO, "signal %d: stopping, %u connections open", (int)sig,
	       d->ctx.connections);
	ad_server_shutdown(d->srv, SHUTDOWN_GRACE_MS);
}

static void on_reader_check(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	int n = ad_store_reader_check(d->ctx.store);

	if (n > 0)
		ad_log(LOG_NOTICE, "cleared %d stale database reader slots", n);
}

static void on_log_flush(evutil_socket_t fd, short what, void *arg)
{
	ad_log_flush_suppressed();
}

static void on_refusal_flush(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;

	ad_refusals_flush(&d->ctx, false);
}

/* The audit chain, checked once at startup.  A break is said clearly and
 * shown by STATUS; the daemon serves on (refusing logins would not mend
 * the records, and the operator must be able to look). */
static void verify_audit(struct daemon *d)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_audit_check c;

	if (ad_audit_check(d->ctx.store, &c, &err) != ACCT_ST_OK) {
		snprintf(d->ctx.audit_chain, sizeof(d->ctx.audit_chain),
			 "not verified: %s", err.msg);
		ad_log(LOG_CRIT,
		       "cannot verify the audit chain: %s; serving on",
		       err.msg);
		return;
	}
	ad_audit_chain_set(&d->ctx, &c);
	if (c.broken == 0) {
		ad_log(LOG_INFO, "audit chain intact (%llu records)",
		       (unsigned long long)c.intact);
		return;
	}
	ad_audit_broken_msg(&c, &err);
	ad_log(LOG_CRIT, "audit chain broken: %s; serving on", err.msg);
}

/* Warn once when the database passes ACCT_MAP_WARN_PERCENT of its map
 * (and again should it drop below and rise again). */
static void check_map(struct daemon *d)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	struct ad_store_stats s;
	bool full;

	if (ad_store_stats(d->ctx.store, &s, &err) != ACCT_ST_OK ||
	    s.map_size == 0)
		return;
	full = s.db_size * 100 >= s.map_size * ACCT_MAP_WARN_PERCENT;
	if (full && !d->map_warned)
		ad_log(LOG_WARNING,
		       "the database is %llu%% full (%llu of %llu bytes): "
		       "raise map_size_mb before writes fail",
		       (unsigned long long)(s.db_size * 100 / s.map_size),
		       (unsigned long long)s.db_size,
		       (unsigned long long)s.map_size);
	d->map_warned = full;
}

static void on_map_check(evutil_socket_t fd, short what, void *arg)
{
	check_map(arg);
}

/* Expired tokens go (store/token.h), a batch per write; a full batch
 * means more wait, and the next tick takes them. */
static void on_token_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct ad_err err = {ACCT_ST_OK, ""};
	uint32_t n = 0;

	if (ad_store_token_sweep(d->ctx.store, (uint64_t)time(NULL),
				 TOKEN_SWEEP_BATCH, &n, &err) != ACCT_ST_OK)
		ad_log(LOG_ERR, "cannot sweep expired tokens: %s", err.msg);
	else if (n > 0)
		ad_log(LOG_DEBUG, "swept %u expired tokens", n);
}

/* ---- subscriptions: time-driven changes (ops/subscription.c) ----
 * The timer is armed for the earliest time a subscription changes by
 * itself, and at most SUB_RECHECK_SECS ahead, so that a wall clock set
 * forward is noticed; a failed sweep is tried again after SUB_RETRY_SECS.
 */
#define SUB_RECHECK_SECS 3600
#define SUB_RETRY_SECS 30

static void apply_subscriptions(struct daemon *d)
{
	struct ad_err err = {ACCT_ST_OK, ""};
	uint64_t now = (uint64_t)time(NULL), next = 0;
	struct timeval tv = {.tv_sec = SUB_RECHECK_SECS, .tv_usec = 0};
	uint32_t n = 0;

	if (ad_subscriptions_apply(&d->ctx, now, &next, &n, &err) !=
	    ACCT_ST_OK) {
		ad_log(LOG_ERR, "cannot apply subscription changes: %s",
		       err.msg);
		tv.tv_sec = SUB_RETRY_SECS;
	} else {
		if (n > 0)
			ad_log(LOG_NOTICE, "%u subscription(s) expired", n);
		if (next != 0 && next - now < SUB_RECHECK_SECS)
			tv.tv_sec = next > now ? (time_t)(next - now) : 0;
	}
	if (event_add(d->sub_timer, &tv) < 0)
		ad_log(LOG_ERR, "cannot arm the subscription timer");
}

static void on_sub_timer(evutil_socket_t fd, short what, void *arg)
{
	apply_subscriptions(arg);
}

/* A request changed a subscription: look again from the loop, once the
 * request is over. */
static void subscriptions_changed(void *arg)
{
	struct daemon *d = arg;

	event_active(d->sub_timer, EV_TIMEOUT, 0);
}

static struct event *add_event(struct daemon *d, evutil_socket_t fd, short what,
			       event_callback_fn cb, int secs)
{
	struct timeval tv = {.tv_sec = secs, .tv_usec = 0};
	struct event *ev = event_new(d->base, fd, what, cb, d);

	if (ev == NULL || event_add(ev, secs > 0 ? &tv : NULL) < 0)
		startup_fail(d, "cannot set up the event loop");
	return ev;
}

/* Watch the stored sessions again; those whose process died while we
 * were down end from the loop, in batches.  The workers sweep for users'
 * other processes; a pidfd per session must fit the descriptor limit. */
static void start_sessions(struct daemon *d)
{
	struct ad_err err = {ACCT_ST_OK, ""};

	d->ctx.sessions = ad_sessions_new(d->base, d->ctx.store, &d->cfg);
	if (d->ctx.sessions == NULL)
		startup_fail(d, "out of memory");
	ad_sessions_use_workers(d->ctx.sessions, d->ctx.workers);
	ad_sessions_fit_nofile(d->ctx.sessions);
	if (ad_sessions_restore(d->ctx.sessions, &err) != ACCT_ST_OK)
		startup_fail(d, "cannot restore the sessions: %s", err.msg);
}

/* ---- main ---- */

int main(int argc, char **argv)
{
	static struct daemon d;
	struct event *usage_flush;
	struct event *events[8];
	struct event_config *ecfg;
	struct ad_pw_limits lim;
	char err[1024];
	rlim_t nofile;

	/* libsodium before anything may hash or draw random bytes */
	if (sodium_init() < 0) {
		fprintf(stderr, "accountsd: cannot initialise libsodium\n");
		return EXIT_FAILURE;
	}
	d.ready_fd = -1;
	parse_options(argc, argv, &d.opts);
	if (d.opts.socket_path != NULL)
		check_path_option("--socket", d.opts.socket_path,
				  sizeof(d.cfg.socket_path));
	if (d.opts.state_dir != NULL)
		check_path_option("--state-dir", d.opts.state_dir,
				  sizeof(d.cfg.state_dir));
	if (d.opts.check_config || d.opts.print_config)
		return ad_config_check(d.opts.config_path ? d.opts.config_path
							  : AD_DEFAULT_CONFIG,
				       d.opts.config_path != NULL,
				       d.opts.print_config, stdout, stderr);
	if (build_config(&d.opts, &d.cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "accountsd: %s\n", err);
		return EXIT_FAILURE;
	}
	if (d.opts.restore != NULL)
		return ad_restore_main(d.opts.restore, d.cfg.state_dir,
				       d.opts.id_floor);

	/* A client hanging up must not kill us; a crash must not dump
	 * secrets into a core file. */
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(022);
	raise_nofile(&nofile);

	if (!d.opts.foreground)
		d.ready_fd = daemonize();
	ad_log_open(d.opts.foreground && !ad_service_stderr_is_journal(),
		    d.cfg.log_debug);
	if (nofile < (rlim_t)d.cfg.max_connections + 64)
		ad_log(LOG_WARNING,
		       "open file limit %lu is low for max_connections %u",
		       (unsigned long)nofile, d.cfg.max_connections);
	ad_service_notify_open(&d.notify);
	disable_nss_recursion();

	/* the store follows d.cfg, which a reload rewrites in place */
	if (ad_store_open(&d.ctx.store, d.cfg.state_dir, d.cfg.map_size, &d.cfg,
			  err, sizeof(err)) < 0)
		startup_fail(&d, "cannot open the store in %s: %s",
			     d.cfg.state_dir, err);
	d.ctx.cfg = &d.cfg;
	d.ctx.started = time(NULL);
	d.ctx.connections = 0;
	d.ctx.refusals = ad_refusals_new();
	if (d.ctx.refusals == NULL)
		startup_fail(&d, "out of memory");
	check_map(&d);
	verify_audit(&d);
	/* every record committed from here on is also a syslog line */
	ad_audit_set_sink(d.ctx.store, ad_audit_syslog, NULL);
	/* what an unknown user's password check costs: one real hash */
	ad_pw_limits_from(&d.cfg, &lim);
	if (ad_password_dummy_init(&lim) < 0)
		startup_fail(&d,
			     "cannot hash with argon2_memlimit_kb %llu: "
			     "out of memory",
			     (unsigned long long)(d.cfg.argon2_memlimit >> 10));

	ecfg = event_config_new();
	if (ecfg == NULL)
		startup_fail(&d, "out of memory");
	/* one thread runs the loop: no locking inside libevent */
	event_config_set_flag(ecfg, EVENT_BASE_FLAG_NOLOCK);
	d.base = event_base_new_with_config(ecfg);
	event_config_free(ecfg);
	if (d.base == NULL)
		startup_fail(&d, "cannot create the event loop");

	d.ctx.workers = ad_workers_new(d.base, d.cfg.workers,
				       d.cfg.worker_queue, err, sizeof(err));
	if (d.ctx.workers == NULL)
		startup_fail(&d, "worker threads: %s", err);
	d.srv = ad_server_new(d.base, &d.ctx, err, sizeof(err));
	if (d.srv == NULL)
		startup_fail(&d, "%s", err);
	start_sessions(&d);
	d.mailer = ad_mailer_new(d.base, d.ctx.store, &d.cfg, d.ctx.workers);
	if (d.mailer == NULL)
		startup_fail(&d, "out of memory");
	events[0] =
		add_event(&d, SIGTERM, EV_SIGNAL | EV_PERSIST, on_signal, 0);
	events[1] = add_event(&d, SIGINT, EV_SIGNAL | EV_PERSIST, on_signal, 0);
	events[2] = add_event(&d, SIGHUP, EV_SIGNAL | EV_PERSIST, on_signal, 0);
	events[3] = add_event(&d, -1, EV_PERSIST, on_reader_check,
			      READER_CHECK_SECS);
	events[4] = add_event(&d, -1, EV_PERSIST, on_log_flush, LOG_FLUSH_SECS);
	events[5] = add_event(&d, -1, EV_PERSIST, on_refusal_flush,
			      REFUSAL_FLUSH_SECS);
	events[6] = add_event(&d, -1, EV_PERSIST, on_map_check, MAP_CHECK_SECS);
	events[7] =
		add_event(&d, -1, EV_PERSIST, on_token_sweep, TOKEN_SWEEP_SECS);
	/* what fell due while the daemon was down, before serving */
	d.sub_timer = evtimer_new(d.base, on_sub_timer, &d);
	if (d.sub_timer == NULL)
		startup_fail(&d, "cannot set up the event loop");
	d.ctx.subscriptions_changed = subscriptions_changed;
	d.ctx.subscriptions_arg = &d;
	apply_subscriptions(&d);

	/* key uses counted in memory are written in batches */
	usage_flush = ad_usage_flush_start(d.base, d.ctx.store, &d.cfg);
	if (usage_flush == NULL)
		startup_fail(&d, "cannot set up the event loop");

	ad_log(LOG_INFO,
	       "accountsd %s listening on %s, state %s (schema %d), "
	       "up to %u connections, %u worker threads",
	       PACKAGE_VERSION, d.cfg.socket_path, d.cfg.state_dir,
	       AD_SCHEMA_VERSION, d.cfg.max_connections,
	       ad_workers_threads(d.ctx.workers));
	tell_parent_ready(&d);
	ad_service_ready(&d.notify, d.cfg.socket_path);

	if (event_base_dispatch(d.base) < 0)
		ad_log(LOG_ERR, "event loop failed");

	/* queued jobs are cancelled, running ones finish and answer (or
	 * are dropped) while connections and the store still exist */
	ad_workers_stop(d.ctx.workers);
	ad_mailer_free(d.mailer); /* its last job's done has run */
	d.mailer = NULL;
	ad_server_free(d.srv);
	ad_sessions_free(d.ctx.sessions);
	d.ctx.sessions = NULL;
	ad_workers_free(d.ctx.workers);
	d.ctx.workers = NULL;
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		event_free(events[i]);
	event_free(d.sub_timer);
	d.ctx.subscriptions_changed = NULL;
	ad_refusals_flush(&d.ctx, true);
	ad_refusals_free(d.ctx.refusals);
	d.ctx.refusals = NULL;
	ad_log_flush_suppressed();
	event_free(usage_flush);
	ad_usage_flush_now(d.ctx.store); /* the last batch of key uses */
	ad_store_close(d.ctx.store);
	ad_shells_free(&d.ctx.shells);
	event_base_free(d.base);
	ad_log(LOG_INFO, "stopped");
	return EXIT_SUCCESS;
}
