/*
 * log.h - daemon logging: syslog, or stderr in the foreground.  Lines about
 * a request carry the connection id and the peer's pid and uid.
 */
#ifndef AD_LOG_H
#define AD_LOG_H

#include <syslog.h>

struct ad_peer;

void ad_log_open(int to_stderr, int debug);
void ad_log_set_debug(int debug);
int ad_log_debug_enabled(void);

void ad_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "[conn 12 pid 345 uid 0] ..." */
void ad_log_peer(int prio, const struct ad_peer *peer, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * ad_log_peer lines at LOG_NOTICE or more severe are rate-limited per peer
 * uid (a client can provoke them at will); dropped lines are counted and
 * reported as "suppressed N messages".  The server calls this every few
 * seconds so that the count is reported even when the flood stops.
 */
void ad_log_flush_suppressed(void);

/*
 * One audit record's line (ops/audit_syslog.h) at prio, with the facility
 * LOG_AUTHPRIV (where login records go, readable by root alone), or to
 * stderr in the foreground.  Not rate-limited: the audit path bounds what
 * a caller can write (refusal.h).
 */
void ad_log_authpriv(int prio, const char *line);

#endif
