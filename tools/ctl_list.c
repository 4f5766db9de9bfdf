/* ctl_list.c - lists of records, collected whole before anything is
 * printed, so that a failure half way prints only the error. */
#include <stdlib.h>

#include "ctl.h"

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

int ctl_list_add_rec(struct ctl_list *l, const uint8_t *rec, size_t len)
{
	if (l->json) {
		ctl_record_json(&l->j, l->schema, rec, len, true);
		return 0;
	}
	return ctl_record_table_add(&l->table, l->schema, rec, len);
}

int ctl_list_add(struct ctl_list *l, const uint8_t *payload, size_t len)
{
	struct acct_reader r;
	struct acct_field f;

	acct_reader_init(&r, payload, len);
	while (acct_next(&r, &f) == 1) {
		if (f.tag == l->schema->rec_tag &&
		    ctl_list_add_rec(l, f.val, f.len) != 0)
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

int ctl_request_list(const struct ctl_env *env, uint16_t opcode,
		     const struct acct_buf *req, const struct ctl_schema *s)
{
	struct acct_reply rep;
	struct ctl_list list;
	int rc;

	rc = ctl_request(env, opcode, req, &rep);
	if (rc != 0)
		return rc;
	if (ctl_list_begin(&list, env, s) != 0 ||
	    ctl_list_add(&list, rep.payload, rep.len) != 0)
		rc = ctl_local_error(env, "out of memory");
	else
		rc = ctl_list_print(&list, env);
	ctl_list_free(&list);
	acct_reply_free(&rep);
	return rc;
}
