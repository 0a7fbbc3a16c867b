/* The requests (`create`, `open`, `stop`), parsed from JSON and validated field by field. Every
 * address is re-printed from its binary form (inet_pton/inet_ntop); domains pass a strict
 * character check and are the only engine text that reaches an argv (resolvectl's, dns.c). What
 * the checks allow is listed in docs/helper-protocol.md, "What a local user can and cannot do
 * through the helper". */
#ifndef GANGWAY_REQUEST_H
#define GANGWAY_REQUEST_H

#include <netinet/in.h>
#include <stddef.h>

#define MAX_ROUTES 256
#define MAX_DNS_SERVERS 8
#define MAX_DOMAINS 16
/* The one server address the session connects to: the only host route off the tunnel. */
#define MAX_SERVER_ADDRESSES 1
/* Narrowest connected route an interface address may create (its prefix length at least). */
#define MIN_PREFIX_V4 8
#define MIN_PREFIX_V6 32
#define MTU_MIN 576
#define MTU_MAX 9000
#define ADDR_LEN INET6_ADDRSTRLEN
#define DOMAIN_LEN 254
#define IFNAME_LEN 16

struct if_address {
    int present;
    char address[ADDR_LEN];
    int prefix;
    int has_peer;
    char peer[ADDR_LEN];
};

struct route {
    int family; /* AF_INET or AF_INET6 */
    char destination[ADDR_LEN + 4]; /* canonical "addr/prefix" */
    int has_gateway;
    char gateway[ADDR_LEN];
    int has_metric;
    long metric;
};

struct open_request {
    char name[IFNAME_LEN]; /* gangway%d or gangwayN (valid_device_name) */
    int mtu;
    struct if_address ipv4, ipv6;
    int route_count;
    struct route routes[MAX_ROUTES];
    int has_dns;
    int dns_count;
    char dns[MAX_DNS_SERVERS][ADDR_LEN];
    int domain_count;
    char domains[MAX_DOMAINS][DOMAIN_LEN];
    int search_count;
    char search[MAX_DOMAINS][DOMAIN_LEN];
    int redirect_ipv4, redirect_ipv6;
    int server_count;
    char servers[MAX_SERVER_ADDRESSES][ADDR_LEN];
};

/* A `create` request ({"type":"create","name":...}): 1 with the validated name pattern in
 * `name`, 0 when the request is of another type, -1 with a message in err. */
int request_parse_create(const char *json, size_t len, char *name, size_t namelen, char *err, size_t errlen);

/* 1 for a `stop` request ({"type":"stop"}), 0 for another type, -1 with a message in err. */
int request_is_stop(const char *json, size_t len, char *err, size_t errlen);

/* Parses and validates an open request. Returns 0, or -1 with a message in err. */
int request_parse(const char *json, size_t len, struct open_request *req, char *err, size_t errlen);

/* A device name in Gangway's own namespace: gangway%d, or gangway and 1-8 digits. */
int valid_device_name(const char *name);
/* Canonical text of an address of `family` (AF_UNSPEC: either); returns the family or -1. */
int canonical_address(const char *in, int family, char *out, size_t outlen);

#endif
