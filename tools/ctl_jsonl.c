/* ctl_jsonl.c - one line of an export (see ctl_jsonl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_jsonl.h"

struct parser {
	const char *start, *p, *end;
	char *err;
	size_t errlen;
};

static int fail(struct parser *ps, const char *what)
{
	snprintf(ps->err, ps->errlen, "%s at column %zu", what,
		 (size_t)(ps->p - ps->start) + 1);
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r'))
		ps->p++;
}

static int hex4(struct parser *ps, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = ps->p < ps->end ? *ps->p++ : '\0';

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A string at ps->p (after its '"'), into a new buffer. */
static int string(struct parser *ps, char **out)
{
	/* escapes only shrink: the raw length bounds the result */
	char *d = malloc((size_t)(ps->end - ps->p) + 1);
	size_t n = 0;
	unsigned cp, lo;

	*out = NULL;
	if (d == NULL)
		return fail(ps, "out of memory");
	while (ps->p < ps->end && *ps->p != '"') {
		char c = *ps->p++;

		if ((unsigned char)c < 0x20) {
			free(d);
			return fail(ps, "control character in a string");
		}
		if (c != '\\') {
			d[n++] = c;
			continue;
		}
		c = ps->p < ps->end ? *ps->p++ : '\0';
		switch (c) {
		case '"':
		case '\\':
		case '/':
			d[n++] = c;
			break;
		case 'b':
			d[n++] = '\b';
			break;
		case 'f':
			d[n++] = '\f';
			break;
		case 'n':
			d[n++] = '\n';
			break;
		case 'r':
			d[n++] = '\r';
			break;
		case 't':
			d[n++] = '\t';
			break;
		case 'u':
			if (hex4(ps, &cp) < 0)
				goto bad;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (ps->end - ps->p < 6 || ps->p[0] != '\\' ||
				    ps->p[1] != 'u')
					goto bad;
				ps->p += 2;
				if (hex4(ps, &lo) < 0 || lo < 0xdc00 ||
				    lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				goto bad;
			}
			if (cp == 0)
				goto bad; /* no NUL in names */
			n += put_utf8(d + n, cp);
			break;
		default:
			goto bad;
		}
	}
	if (ps->p >= ps->end) {
		free(d);
		return fail(ps, "unterminated string");
	}
	ps->p++;
	d[n] = '\0';
	*out = d;
	return 0;
bad:
	free(d);
	return fail(ps, "bad escape in a string");
}

static int literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return -1;
	ps->p += n;
	return 0;
}

static int array(struct parser *ps, struct ctl_jmember *m)
{
	char **items;
	char *s;

	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"')
			return fail(ps, "an array holds only strings");
		ps->p++;
		if (string(ps, &s) < 0)
			return -1;
		items = realloc(m->items, (m->n_items + 1) * sizeof(*items));
		if (items == NULL) {
			free(s);
			return fail(ps, "out of memory");
		}
		m->items = items;
		m->items[m->n_items++] = s;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or ']'");
	}
}

static int value(struct parser *ps, struct ctl_jmember *m)
{
	uint64_t v = 0;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "missing value");
	if (*ps->p == '"') {
		ps->p++;
		m->type = CTL_JV_STR;
		return string(ps, &m->str);
	}
	if (*ps->p == '[') {
		ps->p++;
		m->type = CTL_JV_ARR;
		return array(ps, m);
	}
	if (*ps->p >= '0' && *ps->p <= '9') {
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
			if (v > (UINT64_MAX - 9) / 10)
				return fail(ps, "number too large");
			v = v * 10 + (uint64_t)(*ps->p++ - '0');
		}
		m->type = CTL_JV_NUM;
		m->num = v;
		return 0;
	}
	if (literal(ps, "true") == 0 || literal(ps, "false") == 0) {
		m->type = CTL_JV_BOOL;
		m->b = ps->p[-1] == 'e' && ps->p[-2] == 'u';
		return 0;
	}
	if (literal(ps, "null") == 0) {
		m->type = CTL_JV_NULL;
		return 0;
	}
	return fail(ps, "expected a string, a number, true, false, null or "
			"an array of strings");
}

int ctl_jobject_parse(const char *line, size_t len, struct ctl_jobject *o,
		      char *err, size_t errlen)
{
	struct parser ps = {line, line, line + len, err, errlen};
	struct ctl_jmember *m;

	memset(o, 0, sizeof(*o));
	skip_ws(&ps);
	if (ps.p >= ps.end || *ps.p++ != '{')
		return fail(&ps, "not a JSON object");
	skip_ws(&ps);
	if (ps.p < ps.end && *ps.p == '}') {
		ps.p++;
		goto end;
	}
	for (;;) {
		skip_ws(&ps);
		if (o->n == CTL_JSONL_MAX_MEMBERS)
			return fail(&ps, "too many members");
		m = &o->m[o->n++];
		if (ps.p >= ps.end || *ps.p++ != '"')
			return fail(&ps, "expected a member name");
		if (string(&ps, &m->key) < 0)
			return -1;
		for (size_t i = 0; i + 1 < o->n; i++)
			if (strcmp(o->m[i].key, m->key) == 0)
				return fail(&ps, "a member given twice");
		skip_ws(&ps);
		if (ps.p >= ps.end || *ps.p++ != ':')
			return fail(&ps, "expected ':'");
		if (value(&ps, m) < 0)
			return -1;
		skip_ws(&ps);
		if (ps.p < ps.end && *ps.p == ',') {
			ps.p++;
			continue;
		}
		if (ps.p < ps.end && *ps.p == '}') {
			ps.p++;
			break;
		}
		return fail(&ps, "expected ',' or '}'");
	}
end:
	skip_ws(&ps);
	if (ps.p != ps.end)
		return fail(&ps, "text after the object");
	return 0;
}

void ctl_jobject_free(struct ctl_jobject *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->m[i].key);
		free(o->m[i].str);
		for (size_t k = 0; k < o->m[i].n_items; k++)
			free(o->m[i].items[k]);
		free(o->m[i].items);
	}
	memset(o, 0, sizeof(*o));
}

const struct ctl_jmember *ctl_jobject_get(const struct ctl_jobject *o,
					  const char *key)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->m[i].key != NULL && strcmp(o->m[i].key, key) == 0)
			return &o->m[i];
	return NULL;
}
