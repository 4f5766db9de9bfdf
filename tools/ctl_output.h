/*
 * ctl_output.h - accountsctl's output primitives: a JSON writer with proper
 * string escaping, aligned text tables, and value formatting (timestamps,
 * UUIDs, sizes, durations, role/status/kind words).
 *
 * Nothing here talks to the daemon, so all of it is unit-tested on its own
 * (tests/unit/check_ctl_output.c).
 */
#ifndef CTL_OUTPUT_H
#define CTL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- JSON ---- */

#define CTL_JSON_MAX_DEPTH 8

/*
 * A streaming JSON writer: compact output, commas placed automatically.
 * Nesting deeper than CTL_JSON_MAX_DEPTH or a value where a key is due is
 * a programming error; it sets err instead of writing broken JSON.
 */
struct ctl_json {
	FILE *f;
	unsigned depth;
	bool first[CTL_JSON_MAX_DEPTH + 1]; /* nothing written yet at level */
	bool in_object[CTL_JSON_MAX_DEPTH + 1];
	bool after_key; /* a key was written; its value comes next */
	int err;
};

void ctl_json_init(struct ctl_json *j, FILE *f);
void ctl_json_begin_object(struct ctl_json *j);
void ctl_json_end_object(struct ctl_json *j);
void ctl_json_begin_array(struct ctl_json *j);
void ctl_json_end_array(struct ctl_json *j);
void ctl_json_key(struct ctl_json *j, const char *key);
void ctl_json_strn(struct ctl_json *j, const char *s, size_t len);
void ctl_json_str(struct ctl_json *j, const char *s);
void ctl_json_u64(struct ctl_json *j, uint64_t v);
void ctl_json_int(struct ctl_json *j, long long v);
void ctl_json_bool(struct ctl_json *j, bool v);
void ctl_json_null(struct ctl_json *j);

/*
 * Write s[0..len) as a JSON string literal, quotes included.  '"', '\\'
 * and control characters are escaped; valid UTF-8 passes through; each
 * byte of an invalid UTF-8 sequence becomes \ufffd, so the output is
 * always valid JSON whatever the daemon sent.
 */
void ctl_json_write_string(FILE *f, const char *s, size_t len);

/* ---- tables ---- */

/*
 * An aligned text table.  Row 0 is the header (or, for key/value lists,
 * just the first row).  Cells are copied; control characters become '?'
 * and empty cells print as "-" so that every row has every column.
 * Columns are separated by two spaces; the last column is not padded.
 */
struct ctl_table {
	size_t ncols;
	size_t nrows;
	size_t cap;   /* rows allocated */
	char **cells; /* nrows * ncols */
};

void ctl_table_init(struct ctl_table *t, size_t ncols);
/* Append a row of ncols cells (NULL cells count as empty).  0 or -1. */
int ctl_table_add(struct ctl_table *t, const char *const *cells);
void ctl_table_print(const struct ctl_table *t, FILE *f);
void ctl_table_free(struct ctl_table *t);

/*
 * Print "label: value" lines with the values aligned in one column, as
 * show verbs do.  labels and values are parallel arrays of n entries.
 */
void ctl_print_kv(FILE *f, const char *const *labels, const char *const *values,
		  size_t n);

/* Write s with every control character as '?': text from the daemon or
 * the command line may hold anything, and must not drive the terminal. */
void ctl_put_printable(FILE *f, const char *s);

/* Display width of a UTF-8 string: code points, not bytes. */
size_t ctl_text_width(const char *s);

/* ---- value formatting ---- */

#define CTL_TIME_LEN 32
#define CTL_UUID_LEN 37
#define CTL_SIZE_LEN 48
#define CTL_DURATION_LEN 48

/* Unix seconds as ISO-8601 UTC, "2024-05-01T12:00:00Z". */
void ctl_fmt_time(uint64_t t, char out[CTL_TIME_LEN]);
/* 16 bytes as canonical lowercase 8-4-4-4-12 hex. */
void ctl_fmt_uuid(const uint8_t uuid[16], char out[CTL_UUID_LEN]);
/* Bytes, exact and in binary units: "1228800 (1.2 MiB)". */
void ctl_fmt_size(uint64_t bytes, char out[CTL_SIZE_LEN]);
/* Seconds as "1d 2h 3m 4s", leading zero units dropped ("45s"). */
void ctl_fmt_duration(uint64_t secs, char out[CTL_DURATION_LEN]);

/* Words for the statuses of acct_proto.h; NULL for a value we do not know
 * (roles and group kinds: acct_names.h). */
const char *ctl_user_status_name(uint32_t st);
const char *ctl_tenant_status_name(uint32_t st);

#endif
