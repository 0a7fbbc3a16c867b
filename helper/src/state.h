/* /run/gangway: the helper's locks and the resolv.conf backup that outlives a killed helper.
 * On tmpfs, so nothing in it survives a reboot, when nothing of a session does either. */
#ifndef GANGWAY_STATE_H
#define GANGWAY_STATE_H

#include <stddef.h>

#define STATE_DIR "/run/gangway"

/* Creates STATE_DIR if needed and checks that only root can write it. 0, or -1 with a reason. */
int state_dir_ready(char *err, size_t errlen);

#endif
