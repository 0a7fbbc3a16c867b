/* Link, addresses and routes through rtnetlink (netlink.h), all on the helper's own device
 * except the one host route to the server. Every route added is recorded in an undo log and
 * deleted by net_undo_all(), newest first. */
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

/* For redirect-gateway: takes this network namespace's full-tunnel lock (a second full-tunnel
 * session is refused, docs/helper-protocol.md says why). Returns 0, or -1 with the reason. */
int net_claim_full_tunnel(char *err, size_t errlen);

/* Writes the device's name into the lock, for the message a second session gets. */
void net_name_full_tunnel(const char *ifname);

/* Reverts every recorded change, newest first, and gives up the full-tunnel lock; failures are
 * ignored (best effort). */
void net_undo_all(void);

#endif
