#include "state.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int state_dir_ready(char *err, size_t errlen)
{
    struct stat st;
    if (mkdir(STATE_DIR, 0755) < 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", STATE_DIR, strerror(errno));
        return -1;
    }
    if (lstat(STATE_DIR, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) {
        snprintf(err, errlen, "%s is not a directory that only root can write", STATE_DIR);
        return -1;
    }
    return 0;
}
