/*
 * lookup.c - the single path from an NSS entry point to the daemon.
 *
 * One connection per request (stateless, so threads and fork need no
 * care), to a peer that acct_peer_trusted accepts, skipped while the
 * daemon is known to hang (backoff.c).  A memory-mapped cache, when it
 * comes, answers in nss_acct_lookup() before the socket is tried.
 */
#include <errno.h>
#include <string.h>

#include "acct_client.h"
#include "acct_codec.h"
#include "acct_peer.h"
#include "acct_proto.h"
#include "nss_accounts.h"

NSS_ACCT_EXPORT int _nss_accounts_enablelookups = 1;

bool nss_acct_enabled(void)
{
	return __atomic_load_n(&_nss_accounts_enablelookups,
			       __ATOMIC_RELAXED) != 0;
}

/* The one place where wire statuses become NSS statuses. */
static enum nss_status map_status(uint16_t status, int *err)
{
	switch ((enum acct_status)status) {
	case ACCT_ST_OK:
		return NSS_STATUS_SUCCESS;
	case ACCT_ST_NOTFOUND:
		return NSS_STATUS_NOTFOUND;
	case ACCT_ST_BUSY:
	case ACCT_ST_RATE_LIMITED:
		*err = EAGAIN;
		return NSS_STATUS_TRYAGAIN;
	case ACCT_ST_DENIED:
		*err = EACCES;
		return NSS_STATUS_UNAVAIL;
	case ACCT_ST_UNSUPPORTED:
		*err = EPROTONOSUPPORT;
		return NSS_STATUS_UNAVAIL;
	case ACCT_ST_TOOBIG:
		*err = EMSGSIZE;
		return NSS_STATUS_UNAVAIL;
	case ACCT_ST_BADREQ:
	case ACCT_ST_INVALID:
		*err = EINVAL;
		return NSS_STATUS_UNAVAIL;
	case ACCT_ST_INTERNAL:
	case ACCT_ST_EXISTS:
	case ACCT_ST_CONFLICT:
	case ACCT_ST_EXHAUSTED:
	case ACCT_ST_BUDGET_EXCEEDED:
		*err = EIO;
		return NSS_STATUS_UNAVAIL;
	case ACCT_ST__COUNT:
		break;
	}
	/* a status this module does not know: a newer daemon, or garbage */
	*err = EBADMSG;
	return NSS_STATUS_UNAVAIL;
}

enum nss_status nss_acct_lookup(uint16_t opcode, const uint8_t *req,
				size_t reqlen, struct acct_reply *rep, int *err)
{
	enum nss_status st;

	memset(rep, 0, sizeof(*rep));
	if (!nss_acct_enabled()) {
		*err = ENOENT;
		return NSS_STATUS_UNAVAIL;
	}

	/* the daemon hangs: fail as a timeout would, without the wait */
	if (!nss_acct_backoff_admit()) {
		*err = ETIMEDOUT;
		return NSS_STATUS_UNAVAIL;
	}
	if (acct_call_trusted(acct_socket_path(NULL), NSS_ACCT_TIMEOUT_MS,
			      acct_peer_trusted, opcode, req, reqlen,
			      ACCT_MAX_REPLY, rep) < 0) {
		int e = errno;

		nss_acct_backoff_note(e);
		memset(rep, 0, sizeof(*rep));
		*err = e != 0 ? e : EIO;
		/* out of memory here is passing, not a missing daemon */
		return e == ENOMEM ? NSS_STATUS_TRYAGAIN : NSS_STATUS_UNAVAIL;
	}
	nss_acct_backoff_note(0);

	if (rep->opcode != opcode) {
		st = NSS_STATUS_UNAVAIL;
		*err = EBADMSG;
	} else {
		st = map_status(rep->status, err);
	}
	if (st != NSS_STATUS_SUCCESS)
		acct_reply_free(rep);
	return st;
}

enum nss_status nss_acct_lookup_key(uint16_t opcode, uint16_t id_tag,
				    const struct nss_acct_key *key,
				    struct acct_reply *rep, int *err)
{
	struct acct_buf req;
	enum nss_status st;

	acct_buf_init(&req, ACCT_MAX_REQUEST);
	if (key->name != NULL)
		acct_put_strn(&req, ACCT_T_NAME, key->name, key->name_len);
	else
		acct_put_u32(&req, id_tag, key->id);
	if (req.err != 0) {
		memset(rep, 0, sizeof(*rep));
		/* out of memory passes; anything else is a key the wire refuses */
		*err = req.err == ENOMEM ? ENOMEM : EINVAL;
		st = req.err == ENOMEM ? NSS_STATUS_TRYAGAIN
				       : NSS_STATUS_UNAVAIL;
	} else {
		st = nss_acct_lookup(opcode, req.data, req.len, rep, err);
	}
	acct_buf_free(&req);
	return st;
}

enum nss_status nss_acct_admit(bool key_valid, int *err)
{
	if (!nss_acct_enabled()) {
		*err = ENOENT;
		return NSS_STATUS_UNAVAIL;
	}
	return key_valid ? NSS_STATUS_SUCCESS : NSS_STATUS_NOTFOUND;
}

size_t nss_acct_name_len(const char *name,
			 bool (*valid_name)(const char *s, size_t len))
{
	size_t len;

	if (name == NULL)
		return 0;
	/* never scan far into a huge string: longer than the cap is invalid */
	len = strnlen(name, ACCT_MAX_NAME + 1);
	return valid_name(name, len) ? len : 0;
}
