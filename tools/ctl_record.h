/*
 * ctl_record.h - how accountsctl shows each kind of record.
 *
 * One table of fields per record (user, tenant, group, daemon status) says
 * which tag it is, how to format it, its JSON key, its label in `show`
 * output and its column in `list` output.  The show/list/JSON renderers are
 * generic over these tables, so a record gains a field in one line.
 */
#ifndef CTL_RECORD_H
#define CTL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl_output.h"

enum ctl_vkind {
	CTL_V_STR,
	CTL_V_U32,
	CTL_V_TIME,	/* u64 unix seconds: ISO-8601 UTC in text and JSON */
	CTL_V_UUID,	/* bytes[16]: canonical 8-4-4-4-12 hex */
	CTL_V_ROLE,	/* u32 enum acct_role: a word */
	CTL_V_USTATUS,	/* u32 enum acct_user_status: a word */
	CTL_V_TSTATUS,	/* u32 enum acct_tenant_status: a word */
	CTL_V_GKIND,	/* u32 enum acct_group_kind: a word */
	CTL_V_DURATION, /* u64 seconds: "1d 2h 3m 4s"; JSON: a number */
	CTL_V_SIZE,	/* u64 bytes: "1228800 (1.2 MiB)"; JSON: a number */
	CTL_V_STRLIST,	/* repeated str: "a, b"; JSON: an array */
	CTL_V_U64,	/* u64: a plain number (session ids) */
	CTL_V_RESULT,	/* u32 enum acct_status: its word ("denied") */
	CTL_V_HOMERM,	/* u32 enum acct_home_removal: a word */
	/* plans and budgets (issue 9) */
	CTL_V_SUBSTATUS, /* u32 enum acct_sub_status: a word */
	CTL_V_LIMIT,	 /* u64 budget limit; ACCT_BUDGET_UNLIMITED: "unlimited"
			    (JSON null) */
	CTL_V_ONOFF,	 /* u32 0 or 1: "off", "on" */
	/* issue 10, ops */
	CTL_V_YESNO, /* u32 0 or 1: "no", "yes" */
	/* issue 10 */
	CTL_V_ACTOR, /* str, an audit actor: as is in text; JSON: an object
			(ctl_actor.c) */
	CTL_V_STATE, /* str, a user's state word; its fallback tag is the
			record status (CTL_V_USTATUS) */
};

/* Field flags. */
#define CTL_F_OPTIONAL 1u /* absent: left out of text (else "-"); JSON: null */
#define CTL_F_SHOW 2u	  /* only in show/create output; null in JSON lists */

struct ctl_field {
	uint16_t tag;
	uint16_t fallback; /* text output: this tag when tag is absent */
	enum ctl_vkind kind;
	unsigned flags;
	const char *key;    /* JSON key */
	const char *label;  /* show label */
	unsigned column;    /* list column, 1-based; 0: not in the table */
	const char *header; /* list column header */
};

struct ctl_schema {
	uint16_t rec_tag; /* tag of the rec in replies; 0: top-level fields */
	const struct ctl_field *fields;
	size_t nfields;
	size_t ncolumns;
};

extern const struct ctl_schema ctl_user_schema;
extern const struct ctl_schema ctl_tenant_schema;
extern const struct ctl_schema ctl_group_schema;
extern const struct ctl_schema ctl_role_schema;
extern const struct ctl_schema ctl_status_schema;
/* backup (issue 10) */
extern const struct ctl_schema ctl_backup_schema;
extern const struct ctl_schema ctl_audit_schema;
extern const struct ctl_schema ctl_plan_schema;

/*
 * Text of one field of rec[0..len): 1 with *out malloc'd, 0 when absent
 * (*out NULL), -1 out of memory.  Strings come back unsanitised; the
 * table/kv printers make them printable.
 */
int ctl_field_text(const struct ctl_field *fd, const void *rec, size_t len,
		   char **out);

/* One record as a JSON object; list leaves out CTL_F_SHOW fields. */
void ctl_record_json(struct ctl_json *j, const struct ctl_schema *s,
		     const void *rec, size_t len, bool list);

/* One record as aligned "label: value" lines.  0, or -1 out of memory. */
int ctl_record_show(FILE *f, const struct ctl_schema *s, const void *rec,
		    size_t len);

/* A table with the schema's column headers as row 0.  0 or -1. */
int ctl_record_table_init(struct ctl_table *t, const struct ctl_schema *s);
/* Append one record as a table row.  0 or -1. */
int ctl_record_table_add(struct ctl_table *t, const struct ctl_schema *s,
			 const void *rec, size_t len);

/* A u32 / str field of rec, for confirmation lines.  1 found, 0 not. */
int ctl_rec_u32(const void *rec, size_t len, uint16_t tag, uint32_t *v);
int ctl_rec_str(const void *rec, size_t len, uint16_t tag, char *buf,
		size_t size);

/* An audit actor's text, in parts (pointers into the text; NULL, -1 or
 * false for what it does not say). */
struct ctl_actor {
	long long uid; /* the Unix uid that made the request */
	const char *name;
	size_t name_len;
	const char *sudo; /* root's human, from sudo */
	size_t sudo_len;
	bool token;	 /* acted with a sign-in token */
	const char *key; /* acted with this API key (acd_key_...) */
	size_t key_len;
};

void ctl_actor_parse(const char *s, size_t n, struct ctl_actor *a);
/* {"uid","name","via_sudo","via_token","via_key","text"}: uid is the
 * record's ACTOR_UID when it has one (uid >= 0), else what the text says
 * (pass -1: a record written before daemons kept it). */
void ctl_actor_json(struct ctl_json *j, const char *s, size_t n, long long uid);

#endif
