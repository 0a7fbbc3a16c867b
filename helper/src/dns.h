/* DNS for the tunnel's link. Through systemd-resolved (resolvectl, per link: two sessions never
 * touch each other's settings) wherever it runs and serves /etc/resolv.conf. Otherwise the
 * fallback replaces /etc/resolv.conf as a whole, in place (inside `ip netns exec` it is a bind
 * mount, so it must not be renamed over), under a lock that a second session cannot take, and
 * puts the old content back only if the file still holds what the helper wrote. The old
 * content is also saved in STATE_DIR, so that the next session puts it back after a killed
 * helper. */
#ifndef GANGWAY_DNS_H
#define GANGWAY_DNS_H

#include <stddef.h>

#include "request.h"

/* Before anything changes: picks the way DNS will be set and, for the file, takes its lock and
 * backs it up. Returns 0, or -1 with the reason (e.g. another session holds the file). */
int dns_prepare(const struct open_request *req, char *err, size_t errlen);

int dns_apply(const char *ifname, const struct open_request *req, char *err, size_t errlen);

/* Restores what dns_apply changed and drops the lock; safe to call more than once. */
void dns_restore(void);

#endif
