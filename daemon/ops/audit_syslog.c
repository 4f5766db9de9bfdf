/* audit_syslog.c - an audit record as one syslog line (audit_syslog.h). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "acct_status.h"
#include "ops/audit_syslog.h"
#include "server/log.h"

/* Seven strings, each at worst every byte as \xHH plus quotes and
 * "...", their keys, and the numbers, always fit: no field is dropped. */
_Static_assert(7u * (4u * AD_AUDIT_VALUE_MAX + 32u) + 512u < AD_AUDIT_LINE_MAX,
	       "an audit line must hold every field");

struct line {
	char *buf;
	size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static void put_cstr(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

static bool bare_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != 0 && strchr("._:/@+-", c));
}

/* " key=value", the value bare when it is safe so, else quoted. */
static void put_str(struct line *l, const char *key, struct ad_str v)
{
	size_t n = v.len > AD_AUDIT_VALUE_MAX ? AD_AUDIT_VALUE_MAX : v.len;
	bool bare = n > 0 && n == v.len;
	char esc[5];

	for (size_t i = 0; i < n && bare; i++)
		bare = bare_char((unsigned char)v.p[i]);
	put(l, " ", 1);
	put_cstr(l, key);
	put(l, "=", 1);
	if (bare) {
		put(l, v.p, n);
		return;
	}
	put(l, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v.p[i];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(l, esc, 2);
		} else if (c < 0x20 || c >= 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			put(l, esc, 4);
		} else {
			put(l, (const char *)&v.p[i], 1);
		}
	}
	if (n < v.len)
		put_cstr(l, "...");
	put(l, "\"", 1);
}

static void put_u64(struct line *l, const char *key, uint64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), " %s=%" PRIu64, key, v);
	put_cstr(l, num);
}

/* " key=2026-12-02T10:00:00Z" (the number when it has no date). */
static void put_time(struct line *l, const char *key, uint64_t t)
{
	char when[40];
	time_t tt = (time_t)t;
	struct tm tm;

	if ((uint64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		put_u64(l, key, t);
		return;
	}
	put(l, " ", 1);
	put_cstr(l, key);
	put(l, "=", 1);
	put_cstr(l, when);
}

size_t ad_audit_line(char *buf, uint64_t seq, const struct ad_audit_view *v)
{
	struct line l = {buf, 0};

	buf[0] = '\0';
	put_cstr(&l, "audit");
	put_u64(&l, "seq", seq);
	put_str(&l, "actor", v->actor);
	if (v->has_uid)
		put_u64(&l, "uid", v->uid);
	put_str(&l, "action", v->action);
	put_str(&l, "target", v->target);
	if (v->tenant.len > 0)
		put_str(&l, "tenant", v->tenant);
	put_str(&l, "result", ad_str_c(acct_status_name((int)v->result)));
	if (v->pam_result != 0)
		put_u64(&l, "pam_result", v->pam_result);
	if (v->reason.len > 0)
		put_str(&l, "reason", v->reason);
	if (v->message.len > 0)
		put_str(&l, "message", v->message);
	if (v->pid != 0)
		put_u64(&l, "pid", v->pid);
	if (v->count != 0) {
		put_u64(&l, "count", v->count);
		put_time(&l, "first_seen", v->first_seen);
		put_time(&l, "last_seen", v->last_seen);
	}
	return l.len;
}

int ad_audit_line_prio(const struct ad_audit_view *v)
{
	return v->result == ACCT_ST_OK ? LOG_INFO : LOG_NOTICE;
}

void ad_audit_syslog(void *arg, uint64_t seq, const void *rec, size_t len)
{
	char line[AD_AUDIT_LINE_MAX];
	struct ad_audit_view v;

	(void)arg;
	if (ad_audit_view(rec, len, &v) < 0) {
		/* the store wrote it a moment ago: cannot be, but say so */
		ad_log(LOG_ERR, "audit seq=%" PRIu64 " (unreadable record)",
		       seq);
		return;
	}
	ad_audit_line(line, seq, &v);
	ad_log_authpriv(ad_audit_line_prio(&v), line);
}
