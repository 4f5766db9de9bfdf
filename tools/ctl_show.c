/* ctl_show.c - printing the record a reply carries: whole (`show`, and
 * every --json answer) or as a one-line confirmation of a change. */
#include "ctl.h"

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

int ctl_show_named(const struct ctl_env *env, uint16_t opcode, const char *name,
		   const struct ctl_schema *s)
{
	struct acct_reply rep;
	const uint8_t *rec;
	size_t len;
	int rc;

	rc = ctl_request_name(env, opcode, name, 0, NULL, &rep);
	if (rc != 0)
		return rc;
	rc = ctl_reply_rec(env, &rep, s->rec_tag, &rec, &len);
	if (rc == 0)
		rc = ctl_emit_record(env, s, rec, len);
	acct_reply_free(&rep);
	return rc;
}

int ctl_confirm_read(const struct ctl_env *env, const struct acct_reply *rep,
		     const struct ctl_schema *s, uint16_t id_tag,
		     const char *lacks, struct ctl_confirm *c)
{
	int rc;

	c->printed = false;
	rc = ctl_reply_rec(env, rep, s->rec_tag, &c->rec, &c->len);
	if (rc != 0)
		return rc;
	if (env->json) {
		c->printed = true;
		return ctl_emit_record(env, s, c->rec, c->len);
	}
	if (!ctl_rec_str(c->rec, c->len, ACCT_T_NAME, c->name,
			 sizeof(c->name)) ||
	    !ctl_rec_u32(c->rec, c->len, id_tag, &c->id))
		return ctl_bad_reply(env, lacks);
	return 0;
}
