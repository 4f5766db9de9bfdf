/*
 * acct_text.h - text for people: one printable line from bytes that may
 * hold anything, and times written the one way the messages write them.
 * Shared by the daemon, the PAM module and accountsctl.
 */
#ifndef ACCT_TEXT_H
#define ACCT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* C0 controls and DEL: what must not reach a terminal or a log line. */
static inline bool acct_is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/*
 * Copy len bytes of s into dst (size > 0 bytes) as one line: every control
 * character (acct_is_ctrl) becomes repl, and what does not fit is cut at a
 * UTF-8 character boundary.  Always NUL-terminated.  Returns dst.
 */
char *acct_printable(char *dst, size_t size, const char *s, size_t len,
		     char repl);

/*
 * Length of the well-formed UTF-8 sequence at s[0..left) (left > 0), or 0:
 * no overlong forms, no surrogates, nothing above U+10FFFF.  *cp receives
 * the code point.
 */
size_t acct_utf8_seq(const unsigned char *s, size_t left, uint32_t *cp);

/* "2026-01-31 23:59:59 UTC" and its NUL. */
#define ACCT_UTC_TIME_LEN 24u

/*
 * Write t (seconds since the epoch) into buf as "%Y-%m-%d %H:%M:%S UTC".
 * Returns 0, or -1 when t has no such time or buf is too small: buf is
 * then left as it was, so a caller may put its own fallback there first.
 */
int acct_utc_time(uint64_t t, char *buf, size_t size);

#endif
