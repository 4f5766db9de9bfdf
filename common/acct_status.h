/* acct_status.h - one human message per wire status code. */
#ifndef ACCT_STATUS_H
#define ACCT_STATUS_H

/* Never NULL; unknown codes give "unknown status". */
const char *acct_status_message(int status);
/* Stable lowercase identifier, e.g. "notfound", for --json output. */
const char *acct_status_name(int status);

#endif
