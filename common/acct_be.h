/*
 * acct_be.h - big-endian integers in byte buffers: the wire's header and
 * fields (acct_codec.c) and the store's keys and counters, so that both
 * read and write them the same way.  p need not be aligned.
 */
#ifndef ACCT_BE_H
#define ACCT_BE_H

#include <stdint.h>

static inline void acct_be16_put(void *q, uint16_t v)
{
	uint8_t *p = q;

	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void acct_be32_put(void *q, uint32_t v)
{
	uint8_t *p = q;

	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void acct_be64_put(void *q, uint64_t v)
{
	uint8_t *p = q;

	acct_be32_put(p, (uint32_t)(v >> 32));
	acct_be32_put(p + 4, (uint32_t)v);
}

static inline uint16_t acct_be16_get(const void *q)
{
	const uint8_t *p = q;

	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t acct_be32_get(const void *q)
{
	const uint8_t *p = q;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t acct_be64_get(const void *q)
{
	const uint8_t *p = q;

	return (uint64_t)acct_be32_get(p) << 32 | acct_be32_get(p + 4);
}

#endif
