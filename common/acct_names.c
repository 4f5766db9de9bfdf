/*
 * acct_names.c - the one definition of a valid name, path, GECOS and email,
 * so that NSS, PAM, accountsctl and the daemon never disagree.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "acct_names.h"
#include "acct_proto.h"
#include "acct_text.h"

#define ACCT_MAX_PATH 255u
#define ACCT_MAX_GECOS 255u
#define ACCT_MAX_EMAIL 254u

/* Locale-independent classes: ctype would follow the host's locale. */
static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool valid_name(const char *s, size_t len)
{
	bool all_digits = true;
	size_t i;

	if (s == NULL || len == 0 || len > ACCT_MAX_NAME)
		return false;
	/* also rules out ".", "..", and a leading '-' or '+' */
	if (!is_lower(s[0]) && s[0] != '_')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!is_lower(c) && !is_digit(c) && c != '_' && c != '.' &&
		    c != '-')
			return false;
		if (!is_digit(c))
			all_digits = false;
	}
	if (s[len - 1] == '.' || all_digits)
		return false;
	return true;
}

bool acct_valid_login(const char *s, size_t len)
{
	return valid_name(s, len);
}

bool acct_valid_group(const char *s, size_t len)
{
	return valid_name(s, len);
}

bool acct_valid_slug(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len < 2 || len > ACCT_MAX_SLUG)
		return false;
	if (!is_lower(s[0]) || s[len - 1] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!is_lower(c) && !is_digit(c) && c != '-')
			return false;
		if (c == '-' && s[i - 1] == '-')
			return false;
	}
	return true;
}

bool acct_valid_path(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len == 0 || len > ACCT_MAX_PATH || s[0] != '/')
		return false;
	for (i = 0; i < len; i++) {
		/* ':' and newline would break passwd-format output */
		if (s[i] == '\0' || s[i] == ':' || s[i] == '\n')
			return false;
	}
	return true;
}

bool acct_valid_gecos(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	if (len > ACCT_MAX_GECOS || (s == NULL && len > 0))
		return false;
	while (i < len) {
		n = acct_utf8_seq(u + i, len - i, &cp);
		if (n == 0)
			return false;
		/* C0, DEL and the C1 controls; ':' separates passwd fields */
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == ':')
			return false;
		i += n;
	}
	return true;
}

bool acct_valid_email(const char *s, size_t len)
{
	const char *at;
	size_t i;

	if (s == NULL || len < 3 || len > ACCT_MAX_EMAIL)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\0' ||
		    acct_is_ctrl((unsigned char)s[i]))
			return false;
	}
	at = memchr(s, '@', len);
	if (at == NULL || at == s || at == s + len - 1)
		return false;
	/* exactly one '@' */
	if (memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return false;
	return true;
}

bool acct_valid_id(unsigned long id)
{
	return id != 0 && id != 65534ul && id < 0xfffffffful;
}

static const char *const role_names[] = {
	[ACCT_ROLE_VIEWER] = "viewer",
	[ACCT_ROLE_MEMBER] = "member",
	[ACCT_ROLE_ADMIN] = "admin",
	[ACCT_ROLE_OWNER] = "owner",
};

static const char *const group_kind_names[] = {
	[ACCT_GROUP_TENANT] = "tenant",
	[ACCT_GROUP_ADMINS] = "admins",
	[ACCT_GROUP_CUSTOM] = "custom",
};

/* The tables are indexed by the enum value; gaps and values past the end
 * have no word. */
#define WORD_OF(words, v)                                                      \
	((v) < sizeof(words) / sizeof((words)[0]) ? (words)[v] : NULL)

const char *acct_role_name(uint32_t role)
{
	return WORD_OF(role_names, role);
}

const char *acct_group_kind_name(uint32_t kind)
{
	return WORD_OF(group_kind_names, kind);
}

uint32_t acct_role_parse(const char *s)
{
	return acct_role_parse_n(s, strlen(s));
}

uint32_t acct_role_parse_n(const char *s, size_t len)
{
	for (uint32_t r = 0; r < sizeof(role_names) / sizeof(role_names[0]);
	     r++)
		if (role_names[r] != NULL && strlen(role_names[r]) == len &&
		    memcmp(s, role_names[r], len) == 0)
			return r;
	return 0;
}

/* Words for the bits of a mask: word i names bit 1 << i. */
static const char *bit_name(const char *const *words, size_t n, uint32_t bit)
{
	for (size_t i = 0; i < n; i++)
		if (bit == 1u << i)
			return words[i];
	return NULL;
}

static uint32_t bit_parse(const char *const *words, size_t n, const char *s,
			  size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
			return 1u << i;
	return 0;
}

static void bits_format(const char *const *words, size_t n, uint32_t bits,
			char *buf, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int k;

		if ((bits & (1u << i)) == 0)
			continue;
		k = snprintf(buf + used, size - used, "%s%s",
			     used > 0 ? "," : "", words[i]);
		if (k < 0)
			return;
		used += (size_t)k;
	}
}

static const char *const perm_names[] = {
	"user:read",   "user:invite",  "user:manage", "group:manage",
	"role:manage", "audit:read",   "key:issue",   "tenant:manage",
	"self:manage", "usage:record",
};
#define NPERMS (sizeof(perm_names) / sizeof(perm_names[0]))

_Static_assert(ACCT_PERM__ALL == (1u << NPERMS) - 1, "a name for every bit");

const char *acct_perm_name(uint32_t perm)
{
	return bit_name(perm_names, NPERMS, perm);
}

uint32_t acct_perm_parse(const char *s, size_t len)
{
	return bit_parse(perm_names, NPERMS, s, len);
}

void acct_perm_format(uint32_t perms, char *buf, size_t size)
{
	bits_format(perm_names, NPERMS, perms, buf, size);
}

static const char *const scope_names[] = {
	"directory:read", "user:invite",  "user:manage",     "group:manage",
	"role:manage",	  "audit:read",	  "key:manage",	     "tenant:manage",
	"self:manage",	  "usage:record", "budget:override", "login",
};
#define NSCOPES (sizeof(scope_names) / sizeof(scope_names[0]))

_Static_assert(ACCT_SCOPE__ALL == (1u << NSCOPES) - 1,
	       "a name for every scope");

const char *acct_scope_name(uint32_t scope)
{
	return bit_name(scope_names, NSCOPES, scope);
}

uint32_t acct_scope_parse(const char *s, size_t len)
{
	return bit_parse(scope_names, NSCOPES, s, len);
}

void acct_scope_format(uint32_t scopes, char *buf, size_t size)
{
	bits_format(scope_names, NSCOPES, scopes, buf, size);
}

/* ---- plans, subscriptions and budgets ---- */

static const char *word_of(const char *const *words, size_t n, uint32_t v)
{
	return v < n ? words[v] : NULL;
}

static uint32_t word_parse(const char *const *words, size_t n, const char *s)
{
	for (uint32_t v = 1; v < n; v++)
		if (words[v] != NULL && strcmp(words[v], s) == 0)
			return v;
	return 0;
}

static const char *const sub_words[] = {"none", "trial", "active", "cancelled",
					"expired"};
static const char *const kind_words[] = {NULL, "seats", "sessions", "keys",
					 "usage"};
static const char *const policy_words[] = {NULL, "block", "override"};
static const char *const source_words[] = {NULL, "none", "plan", "override"};
#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

const char *acct_sub_status_name(uint32_t status)
{
	return word_of(sub_words, NWORDS(sub_words), status);
}

const char *acct_budget_kind_name(uint32_t kind)
{
	return word_of(kind_words, NWORDS(kind_words), kind);
}

uint32_t acct_budget_kind_parse(const char *s)
{
	return word_parse(kind_words, NWORDS(kind_words), s);
}

const char *acct_budget_policy_name(uint32_t policy)
{
	return word_of(policy_words, NWORDS(policy_words), policy);
}

uint32_t acct_budget_policy_parse(const char *s)
{
	return word_parse(policy_words, NWORDS(policy_words), s);
}

const char *acct_budget_source_name(uint32_t source)
{
	return word_of(source_words, NWORDS(source_words), source);
}
