/*
 * record.c - what the passwd and group fill functions share: reading a
 * rec's fields strictly, and copying strings into the caller's buffer.
 */
#include <string.h>

#include "acct_codec.h"
#include "acct_names.h"
#include "nss_accounts.h"

int nss_acct_take_str(const struct acct_field *f, const char **s, size_t *len)
{
	if (*s != NULL)
		return -1;
	return acct_get_str(f, s, len);
}

int nss_acct_take_id(const struct acct_field *f, bool *seen, uint32_t *id)
{
	if (*seen || acct_get_u32(f, id) < 0 || !acct_valid_id(*id))
		return -1;
	*seen = true;
	return 0;
}

bool nss_acct_key_is(const struct nss_acct_key *want, const char *name,
		     size_t name_len, uint32_t id)
{
	if (want == NULL)
		return true;
	if (want->name == NULL)
		return id == want->id;
	return name_len == want->name_len &&
	       memcmp(name, want->name, name_len) == 0;
}

char *nss_acct_put_str(char **p, const char *s, size_t len)
{
	char *start = *p;

	memcpy(start, s, len);
	start[len] = '\0';
	*p = start + len + 1;
	return start;
}
