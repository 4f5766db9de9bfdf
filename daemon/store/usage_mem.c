/*
 * usage_mem.c - usage counted in memory until the next flush (see
 * apikey.h): one entry per key used and one per tenant and month, in an
 * array found through a hash map.  A key's id is its prefix read as
 * base32 (60 bits); a tenant's month has the top bit set.
 */
#include <stdlib.h>

#include "store/priv.h"

#define TENANT_BIT (UINT64_C(1) << 63)

static uint64_t key_id(const char *prefix)
{
	uint64_t id = 0;

	for (size_t i = 0; i < AD_KEY_PREFIX_LEN && prefix[i] != '\0'; i++) {
		char c = prefix[i];
		unsigned v = (c >= 'a' && c <= 'z') ? (unsigned)(c - 'a')
						    : (unsigned)(c - '2') + 26u;

		id = (id << 5) | (v & 31u);
	}
	return id;
}

static uint64_t tenant_id(uint32_t gid, uint32_t month)
{
	return TENANT_BIT | ((uint64_t)month << 32) | gid;
}

static struct st_usage_delta *find(const struct st_usage *m, uint64_t id)
{
	uintptr_t i;

	if (!ad_map_get(&m->idx, id, &i) || i == 0 || i > m->n)
		return NULL;
	return &m->d[i - 1];
}

/* Room for two more entries, so that the pointers entry() gives stay
 * good while both are made.  0, or -1 when out of memory. */
static int reserve(struct st_usage *m)
{
	size_t cap;
	struct st_usage_delta *d;

	if (m->n + 2 <= m->cap)
		return 0;
	cap = m->cap != 0 ? 2 * m->cap : 16;
	d = realloc(m->d, cap * sizeof(*d));
	if (d == NULL)
		return -1;
	m->d = d;
	m->cap = cap;
	return 0;
}

/* The entry of id, made when absent (room reserved); NULL when out of
 * memory. */
static struct st_usage_delta *entry(struct st_usage *m, uint64_t id)
{
	struct st_usage_delta *e = find(m, id);

	if (e != NULL || m->n == m->cap)
		return e;
	if (ad_map_put(&m->idx, id, (uintptr_t)m->n + 1) < 0)
		return NULL;
	e = &m->d[m->n++];
	memset(e, 0, sizeof(*e));
	e->id = id;
	return e;
}

int st_usage_count(struct st_usage *m, const struct ad_apikey *k,
		   uint32_t month, uint64_t now)
{
	struct st_usage_delta *ke, *te;

	if (reserve(m) < 0)
		return -1;
	ke = entry(m, key_id(k->prefix));
	te = entry(m, tenant_id(k->tenant_gid, month));
	if (ke == NULL || te == NULL)
		return -1; /* an entry made stays empty: counts nothing */
	memcpy(ke->prefix, k->prefix, sizeof(ke->prefix));
	ke->tenant_gid = k->tenant_gid;
	ke->uses++;
	if (now > ke->last_used)
		ke->last_used = now;
	te->tenant_gid = k->tenant_gid;
	te->month = month;
	te->uses++;
	te->units++;
	return 0;
}

void st_usage_key_pending(const struct st_usage *m, struct ad_apikey *k)
{
	const struct st_usage_delta *e = find(m, key_id(k->prefix));

	if (e == NULL)
		return;
	k->use_count += e->uses;
	if (e->last_used > k->last_used)
		k->last_used = e->last_used;
}

const struct st_usage_delta *
st_usage_tenant_pending(const struct st_usage *m, uint32_t gid, uint32_t month)
{
	return find(m, tenant_id(gid, month));
}

void st_usage_clear(struct st_usage *m)
{
	ad_map_free(&m->idx);
	m->n = 0;
}
