/* Link, addresses and routes through rtnetlink (netlink.h). Every route added is recorded in
 * an undo log and deleted by net_undo_all(), newest first. */
#ifndef GANGWAY_NET_H
#define GANGWAY_NET_H

#include <stddef.h>

#include "request.h"

/* Opens the netlink socket; returns 0, or -1 with a message. */
int net_init(char *err, size_t errlen);

/* Link up with the MTU, addresses, routes; redirect-gateway with host routes to each server
 * through the gateway that was in use before (looked up by net_lookup_server_routes). */
int net_configure(const char *ifname, const struct open_request *req, char *err, size_t errlen);

/* Must run before the tunnel exists: remembers how each server address is reached now. */
int net_lookup_server_routes(const struct open_request *req, char *err, size_t errlen);

/* Reverts every recorded change, newest first; failures are ignored (best effort). */
void net_undo_all(void);

#endif
