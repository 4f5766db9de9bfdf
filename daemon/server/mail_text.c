/*
 * mail_text.c - a queued mail as the mail command reads it (see
 * mail_text.h).  Pure.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "acct_names.h"
#include "server/mail_text.h"
#include "store/outbox.h"

bool ad_mail_address_ok(const char *s, size_t len)
{
	if (!acct_valid_email(s, len))
		return false;
	/* one addr-spec: nothing that makes a list, a group, a comment or
	 * a display name of it (acct_valid_email refuses controls, spaces) */
	for (size_t i = 0; i < len; i++)
		if (strchr(",;:<>()[]\"\\", s[i]) != NULL)
			return false;
	return true;
}

int ad_mail_date(uint64_t t, char *buf, size_t size)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed",
					"Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	int n;

	/* the English names RFC 5322 wants, whatever the locale */
	if ((uint64_t)tt != t || gmtime_r(&tt, &tm) == NULL || tm.tm_wday < 0 ||
	    tm.tm_wday > 6 || tm.tm_mon < 0 || tm.tm_mon > 11)
		return -1;
	n = snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		     days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static void put(struct acct_buf *out, const char *s)
{
	acct_buf_append(out, s, strlen(s));
}

/* "Name: value\n" for an address: only one plain address goes in. */
static int address_header(struct acct_buf *out, const char *name,
			  const char *addr)
{
	if (!ad_mail_address_ok(addr, strlen(addr)))
		return -1;
	put(out, name);
	put(out, addr);
	put(out, "\n");
	return 0;
}

/* The subject as printable ASCII: anything else (CR and LF above all)
 * becomes '?'. */
static void subject_header(struct acct_buf *out, const char *subject)
{
	put(out, "Subject: ");
	for (const char *p = subject; *p != '\0'; p++) {
		char c = (*p >= 0x20 && *p < 0x7f) ? *p : '?';

		acct_buf_append(out, &c, 1);
	}
	put(out, "\n");
}

int ad_mail_format(struct acct_buf *out, const char *from,
		   const struct ad_mail *m, const char **why)
{
	char date[40];
	size_t body_len;

	if (address_header(out, "From: ", from) < 0) {
		*why = "the sender (mail_from) is not one plain address";
		return -1;
	}
	if (address_header(out, "To: ", m->to) < 0) {
		*why = "the recipient is not one plain address";
		return -1;
	}
	subject_header(out, m->subject);
	if (ad_mail_date(m->created, date, sizeof(date)) == 0) {
		put(out, "Date: ");
		put(out, date);
		put(out, "\n");
	}
	put(out, "MIME-Version: 1.0\n"
		 "Content-Type: text/plain; charset=UTF-8\n"
		 "Content-Transfer-Encoding: 8bit\n"
		 "Auto-Submitted: auto-generated\n"
		 "\n");
	body_len = strnlen(m->body, sizeof(m->body));
	acct_buf_append(out, m->body, body_len);
	if (body_len == 0 || m->body[body_len - 1] != '\n')
		put(out, "\n");
	if (out->err != 0) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}
