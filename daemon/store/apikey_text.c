/*
 * apikey_text.c - an API key's text (see apikey.h): "acd_key_", the
 * public prefix in base32 ([a-z2-7]), "_", the secret in unpadded
 * base64url; BLAKE2b-256 of the secret is what the store keeps.
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/apikey.h"

#define TAG ACCT_API_KEY_PREFIX
#define TAG_LEN (sizeof(TAG) - 1)
#define SECRET_BYTES 32
#define SECRET_CHARS 43 /* 32 bytes in unpadded base64url */

_Static_assert(TAG_LEN + AD_KEY_PREFIX_LEN == AD_KEY_PREFIX_TEXT_LEN,
	       "the prefix's text");
_Static_assert(AD_KEY_PREFIX_TEXT_LEN + 1 + SECRET_CHARS == AD_KEY_TEXT_LEN,
	       "the key's text");
_Static_assert(crypto_generichash_BYTES == AD_KEY_HASH_LEN,
	       "the hash is BLAKE2b-256");

static const char base32[] = "abcdefghijklmnopqrstuvwxyz234567";

static bool in_base32(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

static bool in_base64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void hash_secret(const char *secret, uint8_t hash[AD_KEY_HASH_LEN])
{
	crypto_generichash(hash, AD_KEY_HASH_LEN, (const unsigned char *)secret,
			   SECRET_CHARS, NULL, 0);
}

void ad_apikey_new(char *text, char prefix[AD_KEY_PREFIX_LEN + 1],
		   uint8_t hash[AD_KEY_HASH_LEN])
{
	unsigned char secret[SECRET_BYTES];
	uint8_t r[AD_KEY_PREFIX_LEN];
	char *p = text;

	randombytes_buf(r, sizeof(r));
	for (size_t i = 0; i < AD_KEY_PREFIX_LEN; i++)
		prefix[i] = base32[r[i] & 31u];
	prefix[AD_KEY_PREFIX_LEN] = '\0';
	memcpy(p, TAG, TAG_LEN);
	p += TAG_LEN;
	memcpy(p, prefix, AD_KEY_PREFIX_LEN);
	p += AD_KEY_PREFIX_LEN;
	*p++ = '_';
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2base64(p, SECRET_CHARS + 1, secret, sizeof(secret),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(secret, sizeof(secret));
	hash_secret(p, hash);
}

int ad_apikey_prefix_parse(const char *s, size_t len,
			   char prefix[AD_KEY_PREFIX_LEN + 1])
{
	if (len == AD_KEY_PREFIX_TEXT_LEN && memcmp(s, TAG, TAG_LEN) == 0) {
		s += TAG_LEN;
		len -= TAG_LEN;
	}
	if (len != AD_KEY_PREFIX_LEN)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!in_base32(s[i]))
			return -1;
	memcpy(prefix, s, AD_KEY_PREFIX_LEN);
	prefix[AD_KEY_PREFIX_LEN] = '\0';
	return 0;
}

int ad_apikey_parse(const char *text, size_t len,
		    char prefix[AD_KEY_PREFIX_LEN + 1],
		    uint8_t hash[AD_KEY_HASH_LEN])
{
	const char *secret = text + AD_KEY_PREFIX_TEXT_LEN + 1;

	if (len != AD_KEY_TEXT_LEN ||
	    ad_apikey_prefix_parse(text, AD_KEY_PREFIX_TEXT_LEN, prefix) < 0 ||
	    text[AD_KEY_PREFIX_TEXT_LEN] != '_')
		return -1;
	for (size_t i = 0; i < SECRET_CHARS; i++)
		if (!in_base64url(secret[i]))
			return -1;
	hash_secret(secret, hash);
	return 0;
}

bool ad_apikey_matches(const struct ad_apikey *k,
		       const uint8_t hash[AD_KEY_HASH_LEN])
{
	return sodium_memcmp(k->hash, hash, AD_KEY_HASH_LEN) == 0;
}

uint32_t ad_usage_month(uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		return 0;
	return (uint32_t)(tm.tm_year + 1900) * 100u + (uint32_t)tm.tm_mon + 1u;
}
