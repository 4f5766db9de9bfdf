/*
 * refusal.c - refusals counted per caller and kind, written as few audit
 * records (see refusal.h).  An open-addressed table keyed by a hash of
 * the record's fields; a slot holds a copy of them.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ops/handlers.h"
#include "server/log.h"
#include "ops/refusal.h"

#define PROBE 8u /* slots looked at from a key's home */
#define FLUSH_BATCH 256u

struct refusal {
	bool live;
	uint64_t key;	 /* hash of uid and fields: the fast compare */
	uint64_t opened; /* when the written one was: the window's start */
	uint32_t extra;	 /* identical ones since, not yet written */
	uint64_t first, last;
	uint32_t uid, result, pam_result;
	uint32_t pid; /* of the first one: not part of the kind */
	char actor[AD_MAX_ACTOR + 1];
	char action[32];
	char target[ACCT_MAX_NAME + 1];
	char tenant[ACCT_MAX_SLUG + 1];
	char reason[AD_MSG_MAX];
	char message[AD_MSG_MAX];
};

struct ad_refusals {
	uint8_t hash_key[crypto_generichash_KEYBYTES];
	struct refusal slot[AD_REFUSAL_SLOTS];
};

struct ad_refusals *ad_refusals_new(void)
{
	struct ad_refusals *r = calloc(1, sizeof(*r));

	if (r != NULL)
		crypto_generichash_keygen(r->hash_key);
	return r;
}

void ad_refusals_free(struct ad_refusals *r)
{
	free(r);
}

static void copy(char *dst, size_t size, const char *src)
{
	size_t n = src != NULL ? strnlen(src, size - 1) : 0;

	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The refusal as a slot would hold it (bounded copies). */
static void fill(struct refusal *f, uint32_t uid, const char *actor,
		 const struct ad_audit_event *ev)
{
	memset(f, 0, sizeof(*f));
	f->uid = uid;
	f->result = ev->result;
	f->pam_result = ev->pam_result;
	copy(f->actor, sizeof(f->actor), actor);
	copy(f->action, sizeof(f->action), ev->action);
	copy(f->target, sizeof(f->target), ev->target);
	copy(f->tenant, sizeof(f->tenant), ev->tenant);
	copy(f->reason, sizeof(f->reason), ev->reason);
	copy(f->message, sizeof(f->message), ev->message);
}

/* Everything that makes two refusals identical, from uid to message. */
static bool same(const struct refusal *a, const struct refusal *b)
{
	return a->uid == b->uid && a->result == b->result &&
	       a->pam_result == b->pam_result &&
	       strcmp(a->action, b->action) == 0 &&
	       strcmp(a->target, b->target) == 0 &&
	       strcmp(a->tenant, b->tenant) == 0 &&
	       strcmp(a->reason, b->reason) == 0 &&
	       strcmp(a->message, b->message) == 0;
}

/* A keyed hash, so that no caller can aim its refusals at one probe
 * window and push the others' counts out early. */
static uint64_t key_of(const struct ad_refusals *r, const struct refusal *f)
{
	const char *text[] = {f->action, f->target, f->tenant, f->reason,
			      f->message};
	uint32_t nums[] = {f->uid, f->result, f->pam_result};
	crypto_generichash_state s;
	uint8_t digest[crypto_generichash_BYTES_MIN];
	uint64_t k;

	crypto_generichash_init(&s, r->hash_key, sizeof(r->hash_key),
				sizeof(digest));
	crypto_generichash_update(&s, (const void *)nums, sizeof(nums));
	/* each with its NUL, so that fields cannot slide into each other */
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		crypto_generichash_update(&s, (const void *)text[i],
					  strlen(text[i]) + 1);
	crypto_generichash_final(&s, digest, sizeof(digest));
	memcpy(&k, digest, sizeof(k));
	return k;
}

/* The record of f: the refusal itself, or with extra > 0 the summary of
 * those counted since. */
static struct ad_audit_repeated record_of(const struct refusal *f)
{
	struct ad_audit_repeated r;

	memset(&r, 0, sizeof(r));
	r.ev.actor = f->actor;
	r.ev.has_uid = true; /* a refusal always answers a request */
	r.ev.uid = f->uid;
	r.ev.action = f->action;
	r.ev.target = f->target;
	r.ev.tenant = f->tenant;
	r.ev.result = f->result;
	r.ev.reason = f->reason;
	r.ev.message = f->message;
	r.ev.pam_result = f->pam_result;
	r.ev.pid = f->pid;
	if (f->extra > 0) {
		r.count = f->extra;
		r.first_seen = f->first;
		r.last_seen = f->last;
	}
	return r;
}

static void write_events(struct ad_ctx *ctx, const struct ad_audit_repeated *ev,
			 size_t n)
{
	struct ad_err err = {ACCT_ST_OK, ""};

	if (n > 0 &&
	    ad_audit_append_repeated(ctx->store, ev, n, &err) != ACCT_ST_OK)
		ad_log(LOG_ERR, "cannot audit %zu refused request(s): %s", n,
		       err.msg);
}

/* Write slot f's count now (its window closing early) and free it. */
static void retire(struct ad_ctx *ctx, struct refusal *f)
{
	struct ad_audit_repeated r = record_of(f);

	if (f->extra > 0)
		write_events(ctx, &r, 1);
	f->live = false;
}

/* The slot holding f, or the one to take for it (evicting the oldest of
 * the probe window when all are taken). */
static struct refusal *slot_for(struct ad_ctx *ctx, struct ad_refusals *r,
				const struct refusal *f, bool *found)
{
	struct refusal *oldest = NULL, *free_slot = NULL, *s;

	*found = false;
	for (unsigned i = 0; i < PROBE; i++) {
		s = &r->slot[(f->key + i) % AD_REFUSAL_SLOTS];
		if (!s->live) {
			if (free_slot == NULL)
				free_slot = s;
			continue;
		}
		if (s->key == f->key && same(s, f)) {
			*found = true;
			return s;
		}
		if (oldest == NULL || s->opened < oldest->opened)
			oldest = s;
	}
	if (free_slot != NULL)
		return free_slot;
	retire(ctx, oldest);
	return oldest;
}

void ad_refusal_audit(struct ad_ctx *ctx, const struct ad_peer *peer,
		      const struct ad_audit_event *ev)
{
	struct ad_refusals *r = ctx->refusals;
	uint64_t now = ad_ctx_now(ctx);
	struct ad_audit_repeated once;
	struct refusal f, *s;
	char actor[AD_MAX_ACTOR + 1];
	bool found;

	ad_actor(peer, actor, sizeof(actor));
	fill(&f, (uint32_t)peer->uid, actor, ev);
	f.pid = (uint32_t)peer->pid;
	if (r == NULL) {
		once = record_of(&f);
		write_events(ctx, &once, 1);
		return;
	}
	f.key = key_of(r, &f);
	s = slot_for(ctx, r, &f, &found);
	if (found && now < s->opened + ctx->cfg->audit_coalesce_s) {
		if (s->extra++ == 0)
			s->first = now;
		s->last = now;
		return;
	}
	if (found)
		retire(ctx, s); /* its window closed: a fresh one */
	*s = f;
	s->live = true;
	s->opened = now;
	once = record_of(s);
	write_events(ctx, &once, 1);
	if (ctx->cfg->audit_coalesce_s == 0)
		s->live = false; /* coalescing is off */
}

void ad_refusals_flush(struct ad_ctx *ctx, bool all)
{
	struct ad_refusals *r = ctx->refusals;
	struct ad_audit_repeated ev[FLUSH_BATCH];
	uint64_t now = ad_ctx_now(ctx);
	size_t n = 0;

	if (r == NULL)
		return;
	for (unsigned i = 0; i < AD_REFUSAL_SLOTS; i++) {
		struct refusal *s = &r->slot[i];

		if (!s->live ||
		    (!all && now < s->opened + ctx->cfg->audit_coalesce_s))
			continue;
		if (s->extra > 0)
			ev[n++] = record_of(s);
		if (n == FLUSH_BATCH) {
			write_events(ctx, ev, n);
			n = 0;
		}
		/* ev points into the slot: it stays put until written */
		s->live = false;
	}
	write_events(ctx, ev, n);
}
