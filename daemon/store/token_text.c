/*
 * token_text.c - a token's text and its key (see token.h): the kind's
 * prefix, 32 random bytes in unpadded base64url, BLAKE2b-256 of it all.
 */
#include <string.h>

#include <sodium.h>

#include "store/token.h"

/* 32 bytes in unpadded base64url */
#define SECRET_CHARS 43

_Static_assert(crypto_generichash_BYTES == AD_TOKEN_KEY_LEN,
	       "the key is BLAKE2b-256");
_Static_assert(
	sodium_base64_ENCODED_LEN(AD_TOKEN_SECRET_LEN,
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING) ==
		SECRET_CHARS + 1,
	"43 characters and a NUL");

static const char *const prefixes[AD_TOKEN__COUNT] = {
	[AD_TOKEN_INVITE] = "acd_invite_",
	[AD_TOKEN_RESET] = "acd_reset_",
	[AD_TOKEN_EMAIL_VERIFY] = "acd_verify_",
	[AD_TOKEN_ACCESS] = "acd_access_",
	[AD_TOKEN_REFRESH] = "acd_refresh_",
};

const char *ad_token_prefix(uint32_t kind)
{
	return kind < AD_TOKEN__COUNT ? prefixes[kind] : NULL;
}

static void key_of(const char *text, size_t len, uint8_t key[AD_TOKEN_KEY_LEN])
{
	crypto_generichash(key, AD_TOKEN_KEY_LEN, (const unsigned char *)text,
			   len, NULL, 0);
}

int ad_token_new(uint32_t kind, char *text, uint8_t key[AD_TOKEN_KEY_LEN])
{
	const char *prefix = ad_token_prefix(kind);
	unsigned char secret[AD_TOKEN_SECRET_LEN];
	size_t plen;

	if (prefix == NULL)
		return -1;
	plen = strlen(prefix);
	memcpy(text, prefix, plen);
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2base64(text + plen, AD_TOKEN_TEXT_MAX + 1 - plen, secret,
			  sizeof(secret),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(secret, sizeof(secret));
	key_of(text, plen + SECRET_CHARS, key);
	return 0;
}

static bool base64url(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

int ad_token_key(uint32_t kind, const char *text, size_t len,
		 uint8_t key[AD_TOKEN_KEY_LEN])
{
	const char *prefix = ad_token_prefix(kind);
	size_t plen = prefix != NULL ? strlen(prefix) : 0;

	if (prefix == NULL || len != plen + SECRET_CHARS ||
	    memcmp(text, prefix, plen) != 0 ||
	    !base64url(text + plen, SECRET_CHARS))
		return -1;
	key_of(text, len, key);
	return 0;
}
