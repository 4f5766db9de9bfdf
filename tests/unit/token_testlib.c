/* token_testlib.c - see token_testlib.h. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "ops/password.h"
#include "ops/refusal.h"
#include "store/audit.h"
#include "token_testlib.h"

uint32_t tt_queued(struct dt *t)
{
	struct ad_err err = {0, ""};
	uint32_t n = 99;

	ck_assert_int_eq(ad_store_outbox_count(t->st, &n, &err), ACCT_ST_OK);
	return n;
}

static int keep_last(void *arg, const struct ad_mail *m)
{
	*(struct ad_mail *)arg = *m;
	return 0;
}

struct ad_mail tt_last_mail(struct dt *t)
{
	struct ad_err err = {0, ""};
	struct ad_mail m;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(ad_store_outbox_list(t->st, keep_last, &m, &err),
			 ACCT_ST_OK);
	ck_assert_uint_ne(m.id, 0);
	return m;
}

const char *tt_mailed_token(struct dt *t, uint32_t kind)
{
	static char token[AD_TOKEN_TEXT_MAX + 1];
	const char *prefix = ad_token_prefix(kind);
	struct ad_mail m = tt_last_mail(t);
	const char *p = strstr(m.body, prefix);

	ck_assert_ptr_nonnull(p);
	snprintf(token, sizeof(token), "%.*s", (int)strcspn(p, "\n "), p);
	ck_assert_uint_eq(strlen(token), strlen(prefix) + 43);
	return token;
}

struct kind_count {
	uint32_t kind;
	int n;
	struct ad_token last;
};

static int count_token(void *arg, const struct ad_token *tok)
{
	struct kind_count *k = arg;

	if (k->kind == 0 || tok->kind == k->kind) {
		k->n++;
		k->last = *tok;
	}
	return 0;
}

int tt_tokens_of(struct dt *t, uint32_t uid, uint32_t kind)
{
	struct ad_err err = {0, ""};
	struct kind_count k = {kind, 0, {0}};

	ck_assert_int_eq(ad_store_token_list(t->st, uid, count_token, &k, &err),
			 ACCT_ST_OK);
	return k.n;
}

struct ad_token tt_token_of(struct dt *t, uint32_t uid, uint32_t kind)
{
	struct ad_err err = {0, ""};
	struct kind_count k = {kind, 0, {0}};

	ck_assert_int_eq(ad_store_token_list(t->st, uid, count_token, &k, &err),
			 ACCT_ST_OK);
	ck_assert_int_eq(k.n, 1);
	return k.last;
}

struct seek {
	const char *s;
	bool found;
};

static int find_in_record(void *arg, uint64_t seq, const void *rec, size_t len)
{
	struct seek *k = arg;

	(void)seq;
	if (memmem(rec, len, k->s, strlen(k->s)) == NULL)
		return 0;
	k->found = true;
	return 1;
}

bool tt_audited_anywhere(struct dt *t, const char *s)
{
	struct ad_err err = {0, ""};
	struct seek k = {s, false};

	ad_refusals_flush(&t->ctx, true);
	ck_assert_int_eq(ad_audit_walk(t->st, find_in_record, &k, &err),
			 ACCT_ST_OK);
	return k.found;
}

void tt_audit(struct dt *t, struct dt_audit_list *l)
{
	ad_refusals_flush(&t->ctx, true);
	dt_audit_read(t, l);
}

const struct dt_audit *tt_last_of(const struct dt_audit_list *l,
				  const char *action)
{
	for (size_t i = l->n; i > 0; i--)
		if (strcmp(l->rec[i - 1].action, action) == 0)
			return &l->rec[i - 1];
	ck_abort_msg("no audit record '%s'", action);
	return NULL;
}

int tt_count_of(const struct dt_audit_list *l, const char *action)
{
	int n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += strcmp(l->rec[i].action, action) == 0;
	return n;
}

struct ad_user tt_stored(struct dt *t, const char *login)
{
	struct ad_err err = {0, ""};
	struct ad_user u;

	ck_assert_int_eq(ad_store_user_get(t->st, ad_str_c(login), &u, &err),
			 ACCT_ST_OK);
	return u;
}

bool tt_password_is(struct dt *t, const char *login, const char *password)
{
	struct ad_user u = tt_stored(t, login);
	struct ad_secret s;
	bool ok;

	if (u.password_hash[0] == '\0')
		return false;
	ck_assert_int_eq(ad_secret_set(&s, password, strlen(password)), 0);
	ok = ad_password_verify(u.password_hash, &s);
	ad_secret_free(&s);
	return ok;
}
