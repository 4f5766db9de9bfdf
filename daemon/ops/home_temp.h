/*
 * home_temp.h - the temporary a home is built in before it is renamed
 * into place (ops/home_make.h), so that a home's name only ever leads to
 * a complete home, already the user's.
 *
 * A temporary lies in the home's own parent (a rename cannot cross
 * filesystems) and is named ".accountsd-home.<leaf>.<16 hex digits>",
 * <leaf> being the home's last component.  It is made root's and 0700,
 * and the descriptor that fills it holds an flock on it until it is
 * renamed or removed: the kernel drops the lock when the daemon dies, so
 * an unlocked, root-owned temporary is one a crash left behind, and the
 * next creation of that home removes it (a sweep).  The sweep looks at
 * names directly in the parent only, follows no link, takes only root's
 * 0700 directories of exactly that naming on the parent's filesystem,
 * and removes at most AD_HOME_TEMP_SWEEP_MAX of them each time.
 */
#ifndef AD_OPS_HOME_TEMP_H
#define AD_OPS_HOME_TEMP_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define AD_HOME_TEMP_PREFIX ".accountsd-home."
/* Stale temporaries one creation removes at most. */
#define AD_HOME_TEMP_SWEEP_MAX 8u

/*
 * Make a fresh temporary for leaf in parent: root's 0700, locked, its
 * name still leading to it.  Returns its descriptor (the name in tmp,
 * NAME_MAX + 1 bytes), or -1 with errno (ENAMETOOLONG: leaf is too long
 * for a temporary's name).
 */
int ad_home_temp_make(int parent, const char *leaf, char *tmp);

/*
 * Remove the temporary tmp of parent, open (and locked) as fd, through
 * descriptors (ops/home_fs.h): while it is root's, whatever is in it;
 * once given to uid, only what uid owns.  Returns 0 when it is gone, or
 * -1 with errno.  fd stays open.
 */
int ad_home_temp_remove(int parent, const char *tmp, int fd, uint32_t uid);

/* Remove the stale temporaries of leaf in parent (above); returns how
 * many went. */
unsigned ad_home_temp_sweep(int parent, const char *leaf);

#endif
