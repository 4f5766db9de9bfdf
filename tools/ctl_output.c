/* ctl_output.c - JSON writer, aligned tables and value formatting. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acct_proto.h"
#include "acct_text.h"
#include "ctl_output.h"

/* ---- JSON ---- */

void ctl_json_init(struct ctl_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->first[0] = true;
}

/* The bytes JSON escapes as a backslash and a letter, and those letters. */
static const char short_escaped[] = "\"\\\b\f\n\r\t";
static const char short_escape[] = "\"\\bfnrt";

void ctl_json_write_string(FILE *f, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	putc('"', f);
	while (i < len) {
		unsigned char c = s[i];
		/* (strchr would find NUL: the terminator of short_escaped) */
		const char *e = c ? strchr(short_escaped, c) : NULL;
		uint32_t cp;
		size_t n;

		if (e != NULL) {
			putc('\\', f);
			putc(short_escape[e - short_escaped], f);
		} else if (acct_is_ctrl(c)) {
			fprintf(f, "\\u%04x", c);
		} else if (c < 0x80) {
			putc(c, f);
		} else if ((n = acct_utf8_seq(s + i, len - i, &cp)) != 0) {
			fwrite(s + i, 1, n, f);
			i += n;
			continue;
		} else {
			fputs("\\ufffd", f);
		}
		i++;
	}
	putc('"', f);
}

/* Called before any value (or key): the comma, and the key/value check. */
static bool json_pre_value(struct ctl_json *j)
{
	if (j->err)
		return false;
	if (j->in_object[j->depth] && !j->after_key) {
		j->err = 1; /* a value where a key is due */
		return false;
	}
	if (!j->after_key && !j->first[j->depth])
		putc(',', j->f);
	j->first[j->depth] = false;
	j->after_key = false;
	return true;
}

static void json_open(struct ctl_json *j, char c, bool object)
{
	if (!json_pre_value(j))
		return;
	if (j->depth >= CTL_JSON_MAX_DEPTH) {
		j->err = 1;
		return;
	}
	putc(c, j->f);
	j->depth++;
	j->first[j->depth] = true;
	j->in_object[j->depth] = object;
}

static void json_close(struct ctl_json *j, char c, bool object)
{
	if (j->err)
		return;
	if (j->depth == 0 || j->in_object[j->depth] != object || j->after_key) {
		j->err = 1;
		return;
	}
	putc(c, j->f);
	j->depth--;
}

void ctl_json_begin_object(struct ctl_json *j)
{
	json_open(j, '{', true);
}

void ctl_json_end_object(struct ctl_json *j)
{
	json_close(j, '}', true);
}

void ctl_json_begin_array(struct ctl_json *j)
{
	json_open(j, '[', false);
}

void ctl_json_end_array(struct ctl_json *j)
{
	json_close(j, ']', false);
}

void ctl_json_key(struct ctl_json *j, const char *key)
{
	if (j->err)
		return;
	if (!j->in_object[j->depth] || j->after_key) {
		j->err = 1;
		return;
	}
	if (!j->first[j->depth])
		putc(',', j->f);
	j->first[j->depth] = false;
	ctl_json_write_string(j->f, key, strlen(key));
	putc(':', j->f);
	j->after_key = true;
}

void ctl_json_strn(struct ctl_json *j, const char *s, size_t len)
{
	if (json_pre_value(j))
		ctl_json_write_string(j->f, s, len);
}

void ctl_json_str(struct ctl_json *j, const char *s)
{
	ctl_json_strn(j, s, strlen(s));
}

void ctl_json_u64(struct ctl_json *j, uint64_t v)
{
	if (json_pre_value(j))
		fprintf(j->f, "%" PRIu64, v);
}

void ctl_json_int(struct ctl_json *j, long long v)
{
	if (json_pre_value(j))
		fprintf(j->f, "%lld", v);
}

void ctl_json_bool(struct ctl_json *j, bool v)
{
	if (json_pre_value(j))
		fputs(v ? "true" : "false", j->f);
}

void ctl_json_null(struct ctl_json *j)
{
	if (json_pre_value(j))
		fputs("null", j->f);
}

/* ---- tables ---- */

size_t ctl_text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* A printable copy: control characters become '?' (a hostile name must
 * not drive the terminal), the empty string becomes "-". */
static char *cell_dup(const char *s)
{
	size_t len;
	char *d;

	if (s == NULL || *s == '\0')
		s = "-";
	len = strlen(s);
	d = malloc(len + 1);
	if (d == NULL)
		return NULL;
	return acct_printable(d, len + 1, s, len, '?');
}

void ctl_table_init(struct ctl_table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
}

int ctl_table_add(struct ctl_table *t, const char *const *cells)
{
	char **row;

	if (t->ncols == 0)
		return -1;
	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		char **n;

		if (ncap > SIZE_MAX / sizeof(char *) / t->ncols)
			return -1;
		n = realloc(t->cells, ncap * t->ncols * sizeof(char *));
		if (n == NULL)
			return -1;
		t->cells = n;
		t->cap = ncap;
	}
	row = t->cells + t->nrows * t->ncols;
	for (size_t c = 0; c < t->ncols; c++) {
		row[c] = cell_dup(cells[c]);
		if (row[c] == NULL) {
			while (c-- > 0)
				free(row[c]);
			return -1;
		}
	}
	t->nrows++;
	return 0;
}

void ctl_table_print(const struct ctl_table *t, FILE *f)
{
	size_t *width;

	if (t->nrows == 0)
		return;
	width = calloc(t->ncols, sizeof(*width));
	if (width == NULL) {
		/* Unaligned but complete beats nothing at all. */
		for (size_t r = 0; r < t->nrows; r++)
			for (size_t c = 0; c < t->ncols; c++)
				fprintf(f, "%s%c", t->cells[r * t->ncols + c],
					c + 1 < t->ncols ? ' ' : '\n');
		return;
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t w = ctl_text_width(t->cells[r * t->ncols + c]);

			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];

			fputs(cell, f);
			if (c + 1 < t->ncols)
				fprintf(f, "%*s",
					(int)(width[c] - ctl_text_width(cell) +
					      2),
					"");
		}
		putc('\n', f);
	}
	free(width);
}

void ctl_table_free(struct ctl_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	ctl_table_init(t, t->ncols);
}

void ctl_put_printable(FILE *f, const char *s)
{
	for (; *s; s++)
		putc(acct_is_ctrl((unsigned char)*s) ? '?' : *s, f);
}

/* A value of a list: "-" when there is none. */
static void put_value(FILE *f, const char *s)
{
	if (s == NULL || *s == '\0')
		putc('-', f);
	else
		ctl_put_printable(f, s);
}

void ctl_print_kv(FILE *f, const char *const *labels, const char *const *values,
		  size_t n)
{
	size_t maxw = 0;

	for (size_t i = 0; i < n; i++) {
		size_t w = ctl_text_width(labels[i]);

		if (w > maxw)
			maxw = w;
	}
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s:%*s", labels[i],
			(int)(maxw - ctl_text_width(labels[i]) + 1), "");
		put_value(f, values[i]);
		putc('\n', f);
	}
}

/* ---- value formatting ---- */

void ctl_fmt_time(uint64_t t, char out[CTL_TIME_LEN])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t > (uint64_t)INT64_MAX || (uint64_t)tt != t ||
	    gmtime_r(&tt, &tm) == NULL || tm.tm_year > 9999 - 1900 ||
	    strftime(out, CTL_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, CTL_TIME_LEN, "@%" PRIu64, t);
}

void ctl_fmt_uuid(const uint8_t u[16], char out[CTL_UUID_LEN])
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[u[i] >> 4];
		out[o++] = hex[u[i] & 0xf];
	}
	out[o] = '\0';
}

void ctl_fmt_size(uint64_t bytes, char out[CTL_SIZE_LEN])
{
	static const char *const unit[] = {"KiB", "MiB", "GiB",
					   "TiB", "PiB", "EiB"};
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(out, CTL_SIZE_LEN, "%" PRIu64, bytes);
		return;
	}
	v /= 1024;
	while (v >= 1024 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		v /= 1024;
		u++;
	}
	snprintf(out, CTL_SIZE_LEN, "%" PRIu64 " (%.1f %s)", bytes, v, unit[u]);
}

void ctl_fmt_duration(uint64_t secs, char out[CTL_DURATION_LEN])
{
	uint64_t d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60,
		 s = secs % 60;

	if (d)
		snprintf(out, CTL_DURATION_LEN,
			 "%" PRIu64 "d %" PRIu64 "h %" PRIu64 "m %" PRIu64 "s",
			 d, h, m, s);
	else if (h)
		snprintf(out, CTL_DURATION_LEN,
			 "%" PRIu64 "h %" PRIu64 "m %" PRIu64 "s", h, m, s);
	else if (m)
		snprintf(out, CTL_DURATION_LEN, "%" PRIu64 "m %" PRIu64 "s", m,
			 s);
	else
		snprintf(out, CTL_DURATION_LEN, "%" PRIu64 "s", s);
}

/* The word tables are indexed by the enum value; gaps and values past the
 * end (from a newer daemon) have no word. */
static const char *word_of(const char *const *words, size_t n, uint32_t v)
{
	return v < n ? words[v] : NULL;
}

#define WORD_OF(words, v)                                                      \
	word_of((words), sizeof(words) / sizeof((words)[0]), (v))

const char *ctl_user_status_name(uint32_t st)
{
	static const char *const words[] = {
		[ACCT_USER_PENDING] = "pending",
		[ACCT_USER_ACTIVE] = "active",
		[ACCT_USER_DISABLED] = "disabled",
		[ACCT_USER_DELETED] = "deleted",
	};

	return WORD_OF(words, st);
}

const char *ctl_tenant_status_name(uint32_t st)
{
	static const char *const words[] = {
		[ACCT_TENANT_ACTIVE] = "active",
		[ACCT_TENANT_SUSPENDED] = "suspended",
		[ACCT_TENANT_DEPROVISIONING] = "deprovisioning",
		[ACCT_TENANT_DEPROVISIONED] = "deprovisioned",
	};

	return WORD_OF(words, st);
}
