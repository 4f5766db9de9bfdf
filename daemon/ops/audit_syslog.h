/*
 * audit_syslog.h - each audit record, once committed, also goes to
 * syslog as one line of key=value fields, for journald, fail2ban and a
 * remote log host (the copy that shows records cut off the end):
 *
 *   audit seq=12 actor=adam uid=1005 action=user-disable target=bob
 *   tenant=acme result=ok reason="left the company" pid=1234
 *
 * in this order, optional fields left out when empty: seq actor [uid]
 * action target [tenant] result [pam_result] [reason] [message] [pid] [count
 * first_seen last_seen].  result is the status's word (acct_status_name:
 * ok, denied, notfound...), uid the acting uid (ACTOR_UID: none in the
 * daemon's own records), pam_result a PAM verdict's number, times ISO
 * 8601 UTC.  A value of letters, digits and . _ : / @ + - stands bare;
 * anything else is quoted: " and \ escaped with \, every byte outside
 * printable ASCII (controls, DEL, UTF-8) as \xHH, so no value (a hostile
 * name with spaces, quotes, '=' or a newline) can end early or forge a
 * field or a line.  Values over AD_AUDIT_VALUE_MAX bytes are cut, and
 * end in "...".  Facility LOG_AUTHPRIV; LOG_INFO for a success, LOG_NOTICE
 * for a refusal or failure.
 */
#ifndef AD_OPS_AUDIT_SYSLOG_H
#define AD_OPS_AUDIT_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "store/audit.h"

#define AD_AUDIT_VALUE_MAX 256u
#define AD_AUDIT_LINE_MAX 8192u

/* The line of record seq into buf[AD_AUDIT_LINE_MAX]; returns its
 * length. */
size_t ad_audit_line(char *buf, uint64_t seq, const struct ad_audit_view *v);

/* Its syslog priority. */
int ad_audit_line_prio(const struct ad_audit_view *v);

/* The sink (store/audit.h) main.c sets: every committed record to the
 * log through ad_log_authpriv (arg unused). */
void ad_audit_syslog(void *arg, uint64_t seq, const void *rec, size_t len);

#endif
