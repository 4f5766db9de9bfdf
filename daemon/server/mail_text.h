/*
 * mail_text.h - a queued mail (store/outbox.h) as the mail command reads
 * it on its standard input: headers, an empty line, the text.  Pure.
 *
 * The headers are the only place where data could turn into commands
 * ("sendmail -t" takes its recipients from them): an address goes in only
 * when it is one plain addr-spec (ad_mail_address_ok), and the subject
 * loses every byte that is not printable ASCII, so no CR, LF or other
 * control character from a user's data ever reaches a header.
 */
#ifndef AD_MAIL_TEXT_H
#define AD_MAIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acct_codec.h"

struct ad_mail;

/* The sender when mail_from is not set: "accountsd@" + the host name. */
#define AD_MAIL_FROM_USER "accountsd"

/*
 * One address that may stand alone in a To: or From: header: a valid
 * email (acct_valid_email) of printable ASCII or UTF-8, without the
 * characters that would make it a list, a group or a display name
 * (,;:<>()[]"\ and spaces).
 */
bool ad_mail_address_ok(const char *s, size_t len);

/* "Mon, 02 Jan 2006 15:04:05 +0000" (RFC 5322) for t, into buf (at
 * least 32 bytes).  Returns 0, or -1 when t has no such date. */
int ad_mail_date(uint64_t t, char *buf, size_t size);

/*
 * The message m from from, into out (appended; make it a secret buffer:
 * the text may hold a token).  Returns 0, or -1 with why (a static
 * string) when an address may not go into a header or out is full.
 */
int ad_mail_format(struct acct_buf *out, const char *from,
		   const struct ad_mail *m, const char **why);

#endif
