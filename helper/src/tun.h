/* The TUN device: IFF_TUN | IFF_NO_PI, non-blocking, close-on-exec. It is not persistent, so
 * the kernel removes it (with its addresses and routes) when the descriptor is closed. */
#ifndef GANGWAY_TUN_H
#define GANGWAY_TUN_H

#include <stddef.h>

/* Creates a TUN named after `pattern`; the actual name goes into name_out. Returns the fd or -1. */
int tun_open(const char *pattern, char *name_out, size_t name_len, char *err, size_t errlen);

#endif
