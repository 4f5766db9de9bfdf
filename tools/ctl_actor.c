/* ctl_actor.c - an audit record's actor, as JSON.
 *
 * The daemon records the actor as one line of text, made in one place
 * (daemon/policy/access.c and apikey.c): "uid 1234", "alice", "root (sudo
 * by alice)", "mia (token, uid 1001)" and "mia (key acd_key_PREFIX, uid
 * 1001)", and beside it the uid of the process that asked (ACTOR_UID;
 * not in the daemon's own records, nor in those written before it
 * existed).  Scripts want the parts, so --json reads them back into
 * {"uid","name","via_sudo","via_token","via_key","text"}: every key always
 * there, null when neither the record nor its text says it (an old
 * record of a plain name carries no uid).  "uid" is the record's
 * ACTOR_UID when it has one: the kernel's word, not a parse.  "text" is
 * the line as recorded, so nothing is lost on a form this version does
 * not know. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acct_proto.h"
#include "ctl_record.h"

/* "1234" of exactly n digits: the number, or -1. */
static long long digits(const char *s, size_t n)
{
	long long v = 0;

	if (n == 0 || n > 10)
		return -1;
	for (size_t k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v > UINT32_MAX ? -1 : v;
}

/* The suffix "uid N)" ending s[0..n): N, or -1. */
static long long uid_suffix(const char *s, size_t n)
{
	const char *p;

	if (n < 6 || s[n - 1] != ')')
		return -1;
	for (p = s + n - 1; p > s && p[-1] >= '0' && p[-1] <= '9'; p--)
		;
	if ((size_t)(p - s) < 4 || memcmp(p - 4, "uid ", 4) != 0)
		return -1;
	return digits(p, (size_t)(s + n - 1 - p));
}

void ctl_actor_parse(const char *s, size_t n, struct ctl_actor *a)
{
	const char *open = memchr(s, '(', n);
	size_t name_len = open != NULL && open > s ? (size_t)(open - s) - 1 : n;
	const char *tail = open != NULL ? open + 1 : NULL;
	size_t tlen = open != NULL ? n - (size_t)(tail - s) : 0;

	memset(a, 0, sizeof(*a));
	a->uid = -1;
	if (n > 4 && memcmp(s, "uid ", 4) == 0 &&
	    (a->uid = digits(s + 4, n - 4)) >= 0)
		return;
	if (open == NULL || open == s || open[-1] != ' ') {
		a->name = s;
		a->name_len = n;
		if (n == 4 && memcmp(s, "root", 4) == 0)
			a->uid = 0;
		return;
	}
	a->name = s;
	a->name_len = name_len;
	if (tlen > 9 && memcmp(tail, "sudo by ", 8) == 0 &&
	    tail[tlen - 1] == ')') {
		a->uid = 0;
		a->sudo = tail + 8;
		a->sudo_len = tlen - 9;
	} else if (tlen > 7 && memcmp(tail, "token, ", 7) == 0) {
		a->token = true;
		a->uid = uid_suffix(tail, tlen);
	} else if (tlen > 4 && memcmp(tail, "key ", 4) == 0) {
		const char *comma = memchr(tail, ',', tlen);

		if (comma != NULL) {
			a->key = tail + 4;
			a->key_len = (size_t)(comma - a->key);
		}
		a->uid = uid_suffix(tail, tlen);
	} else { /* a form this version does not know: the text alone */
		a->name = NULL;
		a->name_len = 0;
	}
}

static void str_or_null(struct ctl_json *j, const char *key, const char *s,
			size_t n)
{
	ctl_json_key(j, key);
	if (s != NULL)
		ctl_json_strn(j, s, n);
	else
		ctl_json_null(j);
}

void ctl_actor_json(struct ctl_json *j, const char *s, size_t n, long long uid)
{
	struct ctl_actor a;

	ctl_actor_parse(s, n, &a);
	if (uid >= 0)
		a.uid = uid;
	ctl_json_begin_object(j);
	ctl_json_key(j, "uid");
	if (a.uid >= 0)
		ctl_json_u64(j, (uint64_t)a.uid);
	else
		ctl_json_null(j);
	str_or_null(j, "name", a.name, a.name_len);
	str_or_null(j, "via_sudo", a.sudo, a.sudo_len);
	ctl_json_key(j, "via_token");
	ctl_json_bool(j, a.token);
	str_or_null(j, "via_key", a.key, a.key_len);
	str_or_null(j, "text", s, n);
	ctl_json_end_object(j);
}
