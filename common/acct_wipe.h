/* acct_wipe.h - wipe secrets so the compiler cannot optimise it away. */
#ifndef ACCT_WIPE_H
#define ACCT_WIPE_H

#include <stddef.h>

void acct_wipe(void *p, size_t n);

#endif
