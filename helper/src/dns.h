/* DNS for the tunnel's link: through systemd-resolved (resolvectl) when it is running and
 * manages /etc/resolv.conf, otherwise by rewriting /etc/resolv.conf in place (inside
 * `ip netns exec` it is a bind mount, so it must not be renamed over) and restoring it. */
#ifndef GANGWAY_DNS_H
#define GANGWAY_DNS_H

#include <stddef.h>

#include "request.h"

int dns_apply(const char *ifname, const struct open_request *req, char *err, size_t errlen);

/* Restores what dns_apply changed; safe to call more than once. */
void dns_restore(void);

#endif
