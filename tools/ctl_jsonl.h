/*
 * ctl_jsonl.h - one line of an export (JSON Lines): a flat JSON object
 * whose values are strings, non-negative integers, true, false, null, or
 * arrays of strings.  That is all `accountsctl export` writes, so that is
 * all `accountsctl import` reads; anything else is an error that says
 * what and where.
 */
#ifndef CTL_JSONL_H
#define CTL_JSONL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CTL_JSONL_MAX_MEMBERS 32

enum ctl_jv { CTL_JV_NULL, CTL_JV_STR, CTL_JV_NUM, CTL_JV_BOOL, CTL_JV_ARR };

struct ctl_jmember {
	char *key;
	enum ctl_jv type;
	char *str;    /* CTL_JV_STR (NUL-free UTF-8) */
	uint64_t num; /* CTL_JV_NUM */
	bool b;	      /* CTL_JV_BOOL */
	char **items; /* CTL_JV_ARR: strings */
	size_t n_items;
};

struct ctl_jobject {
	struct ctl_jmember m[CTL_JSONL_MAX_MEMBERS];
	size_t n;
};

/* Parse line (len bytes, no newline) into o.  0, or -1 with a message in
 * err.  Free o with ctl_jobject_free in both cases. */
int ctl_jobject_parse(const char *line, size_t len, struct ctl_jobject *o,
		      char *err, size_t errlen);
void ctl_jobject_free(struct ctl_jobject *o);
/* The member called key, or NULL. */
const struct ctl_jmember *ctl_jobject_get(const struct ctl_jobject *o,
					  const char *key);

#endif
