/* acct_wipe.c - a wipe the compiler may not drop as a dead store. */
#include <string.h>

#include "acct_wipe.h"

void acct_wipe(void *p, size_t n)
{
	if (p == NULL || n == 0)
		return;
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(p, n);
#else
	memset(p, 0, n);
	/* tell the compiler the zeroed memory is read, so memset stays */
	__asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}
