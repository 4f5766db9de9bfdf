/*
 * local.c - initgroups for a user of /etc/passwd never reaches the daemon
 * (nslcd's nss_initgroups_ignoreusers ALLLOCAL).
 *
 * Directory groups hold directory users only, and the daemon refuses a
 * directory user whose name is in /etc/passwd, so for a local name its
 * answer is always "none".  Asking anyway would make every login, su and
 * sudo of root wait on the daemon (group: files accounts asks every
 * module).  The setting initgroups_ignore_local (settings.c) turns it off.
 *
 * The files are read directly (getpwnam here would recurse into NSS), at
 * most once per NSS_ACCT_LOCAL_TTL_MS per process: the result is kept as
 * the setting plus a Bloom filter of the names in /etc/passwd.  A name
 * the filter has never seen is not local, which is the answer for every
 * directory user, found in well under a microsecond; a name it may have
 * seen is looked up in the file itself, so the answer is always exact.
 *
 * The snapshot is published under a sequence counter (a seqlock made of
 * atomics): readers never wait and never write, a writer that finds
 * another at work leaves it be, and no lock can be left held by fork().
 * (A child forked while another thread was publishing sees an odd counter
 * forever and reads the files on every call: slower, still right.)
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "acct_io.h"
#include "acct_local.h"
#include "acct_proto.h"
#include "nss_accounts.h"

#define BLOOM_BITS 8192u /* 1 KiB; ~5% false hits at 1,000 local users */
#define BLOOM_WORDS (BLOOM_BITS / 64u)

static struct {
	uint32_t seq;	  /* odd while a writer is publishing */
	int64_t built_ms; /* CLOCK_MONOTONIC ms; 0: nothing published */
	uint32_t ignore;  /* initgroups_ignore_local */
	uint64_t bloom[BLOOM_WORDS];
} snap; /* every field read and written with __atomic builtins */

/* Two bit positions for a name, from one well-mixed 64-bit hash. */
static void bloom_pos(const char *name, size_t len, uint32_t pos[2])
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, then a finaliser */

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	pos[0] = (uint32_t)h % BLOOM_BITS;
	pos[1] = (uint32_t)(h >> 32) % BLOOM_BITS;
}

static void bloom_add(uint64_t *bits, const char *name, size_t len)
{
	uint32_t pos[2];

	bloom_pos(name, len, pos);
	for (int i = 0; i < 2; i++)
		bits[pos[i] / 64] |= 1ull << (pos[i] % 64);
}

struct scan {
	const char *name; /* what we look for */
	size_t len;
	uint64_t *bloom; /* every name goes in here, when not NULL */
	bool found;
};

static void scan_name(void *arg, const char *field, size_t flen)
{
	struct scan *sc = arg;

	if (sc->bloom != NULL)
		bloom_add(sc->bloom, field, flen);
	if (flen == sc->len && memcmp(field, sc->name, flen) == 0)
		sc->found = true;
}

static int scan_passwd(struct scan *sc)
{
	return acct_local_scan(ACCT_PASSWD_PATH, scan_name, sc);
}

/* Publish a new snapshot, unless another thread is publishing one. */
static void publish(bool ignore, const uint64_t *bloom, int64_t now)
{
	uint32_t seq = __atomic_load_n(&snap.seq, __ATOMIC_RELAXED);

	if ((seq & 1) != 0 ||
	    !__atomic_compare_exchange_n(&snap.seq, &seq, seq + 1, false,
					 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return;
	/* readers that see any store below also see the odd counter */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&snap.built_ms, now, __ATOMIC_RELAXED);
	__atomic_store_n(&snap.ignore, ignore ? 1u : 0u, __ATOMIC_RELAXED);
	for (size_t i = 0; i < BLOOM_WORDS; i++)
		__atomic_store_n(&snap.bloom[i], bloom[i], __ATOMIC_RELAXED);
	__atomic_store_n(&snap.seq, seq + 2, __ATOMIC_RELEASE);
}

/* What the snapshot says: -1 nothing usable (absent, old, or changing
 * under us), 0 not local, 1 local if /etc/passwd still says so. */
static int ask_snapshot(const char *name, size_t len, int64_t now)
{
	uint32_t seq = __atomic_load_n(&snap.seq, __ATOMIC_ACQUIRE);
	uint32_t pos[2];
	int64_t built;
	int answer;

	if ((seq & 1) != 0)
		return -1;
	built = __atomic_load_n(&snap.built_ms, __ATOMIC_RELAXED);
	if (built == 0 || now < built || now - built >= NSS_ACCT_LOCAL_TTL_MS)
		return -1;
	if (__atomic_load_n(&snap.ignore, __ATOMIC_RELAXED) == 0) {
		answer = 0; /* the setting is off: nobody is local here */
	} else {
		bloom_pos(name, len, pos);
		answer = 1;
		for (int i = 0; i < 2; i++) {
			uint64_t w = __atomic_load_n(&snap.bloom[pos[i] / 64],
						     __ATOMIC_RELAXED);

			if ((w & (1ull << (pos[i] % 64))) == 0)
				answer = 0;
		}
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&snap.seq, __ATOMIC_RELAXED) != seq)
		return -1;
	return answer;
}

bool nss_acct_initgroups_local(const char *name, size_t len)
{
	struct nss_acct_settings set;
	uint64_t bloom[BLOOM_WORDS];
	struct scan sc = {.name = name, .len = len};
	int64_t now = acct_monotonic_ms();
	int saved = errno, answer;

	answer = ask_snapshot(name, len, now);
	if (answer == 0)
		return false;
	if (answer == 1) {
		/* perhaps local: the file decides (a local name, or one
		 * the filter mistakes for one) */
		answer = scan_passwd(&sc) == 0 && sc.found;
	} else {
		nss_acct_settings_read(&set);
		memset(bloom, 0, sizeof(bloom));
		sc.bloom = bloom;
		if (!set.initgroups_ignore_local) {
			publish(false, bloom, now);
			answer = 0;
		} else if (scan_passwd(&sc) == 0) {
			publish(true, bloom, now);
			answer = sc.found;
		} else {
			answer = 0; /* cannot tell: ask the daemon */
		}
	}
	errno = saved;
	return answer == 1;
}
