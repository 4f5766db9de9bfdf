/*
 * pa_options.c - the module arguments, parsed from one table.
 *
 * A typo in /etc/pam.d must not lock anyone out, so an unknown option or a
 * bad value is logged and skipped; the rest of the line still applies.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "acct_proto.h"
#include "pa.h"

enum opt_kind {
	OPT_FLAG,   /* "name": sets bit */
	OPT_UID,    /* "name=N": minimum_uid */
	OPT_MS,	    /* "name=N": timeout_ms */
	OPT_SOCKET, /* "name=PATH": socket */
};

struct opt_def {
	const char *name;
	enum opt_kind kind;
	unsigned bit;
};

static const struct opt_def opt_table[] = {
	{"debug", OPT_FLAG, PA_OPT_DEBUG},
	{"use_first_pass", OPT_FLAG, PA_OPT_USE_FIRST_PASS},
	{"try_first_pass", OPT_FLAG, PA_OPT_TRY_FIRST_PASS},
	{"use_authtok", OPT_FLAG, PA_OPT_USE_AUTHTOK},
	{"ignore_unknown_user", OPT_FLAG, PA_OPT_IGNORE_UNKNOWN},
	{"ignore_authinfo_unavail", OPT_FLAG, PA_OPT_IGNORE_UNAVAIL},
	{"nullok", OPT_FLAG, PA_OPT_NULLOK},
	{"no_warn", OPT_FLAG, PA_OPT_NO_WARN},
	{"minimum_uid", OPT_UID, 0},
	{"timeout", OPT_MS, 0},
	{"socket", OPT_SOCKET, 0},
};

/* A whole decimal number in [min, max]: no sign, no trailing junk. */
static int parse_number(const char *s, long long min, long long max,
			long long *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int apply_value(const struct opt_def *def, const char *val,
		       struct pa_opts *o)
{
	struct sockaddr_un sa;
	long long v;

	switch (def->kind) {
	case OPT_FLAG:
		break;
	case OPT_UID:
		if (parse_number(val, 0, UINT32_MAX, &v) < 0)
			return -1;
		o->minimum_uid = (unsigned long)v;
		return 0;
	case OPT_MS:
		if (parse_number(val, 1, PA_MAX_TIMEOUT_MS, &v) < 0)
			return -1;
		o->timeout_ms = (int)v;
		return 0;
	case OPT_SOCKET:
		/* connect() needs it to fit sun_path; relative paths would
		 * depend on the host program's working directory */
		if (val[0] != '/' || strlen(val) >= sizeof(sa.sun_path))
			return -1;
		o->socket = val;
		return 0;
	}
	return -1;
}

static void parse_one(pam_handle_t *pamh, const char *arg, struct pa_opts *o)
{
	const char *eq = strchr(arg, '=');
	size_t namelen = eq != NULL ? (size_t)(eq - arg) : strlen(arg);

	for (size_t i = 0; i < sizeof(opt_table) / sizeof(opt_table[0]); i++) {
		const struct opt_def *def = &opt_table[i];

		if (strlen(def->name) != namelen ||
		    strncmp(def->name, arg, namelen) != 0)
			continue;
		if (def->kind == OPT_FLAG) {
			if (eq != NULL)
				break;
			o->bits |= def->bit;
			return;
		}
		if (eq == NULL || apply_value(def, eq + 1, o) < 0) {
			pam_syslog(pamh, LOG_ERR, "bad value in option: %s",
				   arg);
			return;
		}
		return;
	}
	pam_syslog(pamh, LOG_ERR, "unknown option: %s", arg);
}

void pa_parse_options(pam_handle_t *pamh, int flags, int argc,
		      const char **argv, struct pa_opts *o)
{
	o->bits = 0;
	o->minimum_uid = 0;
	o->timeout_ms = ACCT_PAM_TIMEOUT_MS;
	o->socket = NULL;

	if (flags & PAM_SILENT)
		o->bits |= PA_OPT_SILENT;
	for (int i = 0; i < argc; i++) {
		if (argv[i] != NULL)
			parse_one(pamh, argv[i], o);
	}
}
