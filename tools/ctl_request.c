/* ctl_request.c - one request/reply with the daemon, and printing what
 * came back (single records and whole lists). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

int ctl_request(const struct ctl_env *env, uint16_t opcode,
		const struct acct_buf *req, struct acct_reply *rep)
{
	int rc;

	if (req != NULL && req->err == E2BIG)
		return ctl_usage(env, "request too large (over %u bytes)",
				 ACCT_MAX_REQUEST);
	if (req != NULL && req->err != 0)
		return ctl_local_error(env, "cannot build the request: %s",
				       strerror(req->err));
	if (acct_call(env->socket, env->timeout_ms, opcode,
		      req ? req->data : NULL, req ? req->len : 0,
		      ACCT_MAX_REPLY, rep) != 0)
		return ctl_unreachable(env, errno);
	if (rep->opcode != opcode) {
		acct_reply_free(rep);
		return ctl_bad_reply(env, "the reply answers another request");
	}
	if (rep->status != ACCT_ST_OK) {
		rc = ctl_refused(env, rep);
		acct_reply_free(rep);
		return rc;
	}
	return 0;
}

int ctl_reply_rec(const struct ctl_env *env, const struct acct_reply *rep,
		  uint16_t rec_tag, const uint8_t **rec, size_t *len)
{
	struct acct_field f;

	if (acct_find(rep->payload, rep->len, rec_tag, &f) != 1)
		return ctl_bad_reply(env, "the expected record is missing");
	*rec = f.val;
	*len = f.len;
	return 0;
}

int ctl_emit_record(const struct ctl_env *env, const struct ctl_schema *s,
		    const uint8_t *rec, size_t len)
{
	if (env->json) {
		struct ctl_json j;

		ctl_json_init(&j, env->out);
		ctl_record_json(&j, s, rec, len, false);
		putc('\n', env->out);
		return CTL_EXIT_OK;
	}
	if (ctl_record_show(env->out, s, rec, len) != 0)
		return ctl_local_error(env, "out of memory");
	return CTL_EXIT_OK;
}

/* ---- lists ---- */

int ctl_list_begin(struct ctl_list *l, const struct ctl_env *env,
		   const struct ctl_schema *s)
{
	l->schema = s;
	l->json = env->json;
	l->mem = NULL;
	l->membuf = NULL;
	l->memlen = 0;
	ctl_table_init(&l->table, s->ncolumns);
	if (!l->json)
		return ctl_record_table_init(&l->table, s);
	l->mem = open_memstream(&l->membuf, &l->memlen);
	if (l->mem == NULL)
		return -1;
	ctl_json_init(&l->j, l->mem);
	ctl_json_begin_array(&l->j);
	return 0;
}

int ctl_list_add(struct ctl_list *l, const uint8_t *payload, size_t len)
{
	struct acct_reader r;
	struct acct_field f;

	acct_reader_init(&r, payload, len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag != l->schema->rec_tag)
			continue;
		if (l->json)
			ctl_record_json(&l->j, l->schema, f.val, f.len, true);
		else if (ctl_record_table_add(&l->table, l->schema, f.val,
					      f.len) != 0)
			return -1;
	}
	return 0;
}

int ctl_list_print(struct ctl_list *l, const struct ctl_env *env)
{
	bool bad;

	if (!l->json) {
		ctl_table_print(&l->table, env->out);
		return CTL_EXIT_OK;
	}
	ctl_json_end_array(&l->j);
	putc('\n', l->mem);
	bad = ferror(l->mem) != 0 || l->j.err != 0;
	if (fclose(l->mem) != 0)
		bad = true;
	l->mem = NULL;
	if (bad)
		return ctl_local_error(env, "out of memory");
	if (l->memlen > 0)
		fwrite(l->membuf, 1, l->memlen, env->out);
	return CTL_EXIT_OK;
}

void ctl_list_free(struct ctl_list *l)
{
	if (l->mem != NULL)
		fclose(l->mem);
	free(l->membuf);
	l->mem = NULL;
	l->membuf = NULL;
	ctl_table_free(&l->table);
}
