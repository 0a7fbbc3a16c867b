#include "request.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

static struct json_doc doc; /* large; one request at a time */

struct ctx {
    char *err;
    size_t errlen;
};

static int reject(struct ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Only Gangway's own namespace: "gangway%d" (the kernel picks the number) or "gangway" and 1-8
 * digits. A name such as wg0 or eth0.100 could impersonate another interface in firewall rules
 * that match on names, and the helper creates the device itself (IFF_TUN_EXCL, tun.c), so it
 * never needs to name anyone else's. */
int valid_device_name(const char *name)
{
    static const char prefix[] = "gangway";
    size_t n = strlen(name), p = sizeof prefix - 1;
    if (strncmp(name, prefix, p) != 0) return 0;
    if (strcmp(name + p, "%d") == 0) return 1;
    if (n == p || n - p > 8) return 0;
    for (size_t i = p; i < n; i++)
        if (name[i] < '0' || name[i] > '9') return 0;
    return 1;
}

int canonical_address(const char *in, int family, char *out, size_t outlen)
{
    unsigned char bin[sizeof(struct in6_addr)];
    if ((family == AF_UNSPEC || family == AF_INET) && inet_pton(AF_INET, in, bin) == 1)
        return inet_ntop(AF_INET, bin, out, (socklen_t)outlen) ? AF_INET : -1;
    if ((family == AF_UNSPEC || family == AF_INET6) && inet_pton(AF_INET6, in, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, (socklen_t)outlen) ? AF_INET6 : -1;
    return -1;
}

/* Loopback, multicast, link-local, unspecified, "this network" (0/8) and the limited broadcast
 * never belong to a VPN tunnel: not as its address, peer or gateway, not as its DNS server, not
 * as the server it connects to. */
static int special_address(int family, const unsigned char *a)
{
    if (family == AF_INET)
        return a[0] == 0 || a[0] == 127 || a[0] >= 224 || (a[0] == 169 && a[1] == 254);
    static const unsigned char zero[16];
    if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1)) return 1; /* :: and ::1 */
    if (a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)) return 1;  /* ff00::/8, fe80::/10 */
    /* IPv4-mapped ::ffff:0:0/96: the IPv4 rules apply. */
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
    return memcmp(a, mapped, 12) == 0 && special_address(AF_INET, a + 12);
}

/* canonical_address() for an address the tunnel may use (see special_address()). */
static int usable_address(const char *in, int family, char *out, size_t outlen)
{
    unsigned char bin[16];
    int f = canonical_address(in, family, out, outlen);
    if (f < 0 || inet_pton(f, out, bin) != 1 || special_address(f, bin)) return -1;
    return f;
}

static int valid_domain(const char *d)
{
    size_t n = strlen(d), label = 0;
    if (n == 0 || n > 253 || d[0] == '.' || d[0] == '-') return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = d[i];
        if (ch == '.') {
            if (label == 0) return 0;
            label = 0;
            continue;
        }
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
            return 0;
        if (++label > 63) return 0;
    }
    return 1;
}

/* Checks that object `obj` has only the listed members. */
static int only_members(struct ctx *c, int obj, const char *where, const char *const *allowed)
{
    for (int i = doc.nodes[obj].first_child; i >= 0; i = doc.nodes[i].next) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++) ok |= strcmp(*a, doc.nodes[i].key) == 0;
        if (!ok) return reject(c, "unknown field %s%s", where, doc.nodes[i].key);
    }
    return 0;
}

static int get_int(struct ctx *c, int node, const char *field, long min, long max, long *out)
{
    double v = doc.nodes[node].number;
    if (doc.nodes[node].type != JSON_NUMBER || v != floor(v) || v < (double)min || v > (double)max)
        return reject(c, "%s must be an integer from %ld to %ld", field, min, max);
    *out = (long)v;
    return 0;
}

static const char *get_string(struct ctx *c, int node, const char *field)
{
    if (node < 0 || doc.nodes[node].type != JSON_STRING) {
        reject(c, "%s must be a string", field);
        return NULL;
    }
    return doc.nodes[node].string;
}

static int parse_if_address(struct ctx *c, int obj, int family, struct if_address *a)
{
    static const char *const allowed[] = { "address", "prefixLength", "peer", NULL };
    const char *field = family == AF_INET ? "ipv4" : "ipv6";
    if (doc.nodes[obj].type != JSON_OBJECT) return reject(c, "%s must be an object", field);
    if (only_members(c, obj, family == AF_INET ? "ipv4." : "ipv6.", allowed)) return -1;
    const char *s = get_string(c, json_member(&doc, obj, "address"), family == AF_INET ? "ipv4.address" : "ipv6.address");
    if (!s) return -1;
    if (usable_address(s, family, a->address, sizeof a->address) < 0)
        return reject(c, "invalid %s address: %s", field, s);
    long prefix;
    int p = json_member(&doc, obj, "prefixLength");
    if (p < 0) return reject(c, "%s.prefixLength is missing", field);
    /* The prefix makes a connected route on the device; a wide one would take over a large part
     * of the address space without any entry in `routes` (see docs/helper-protocol.md). */
    if (get_int(c, p, family == AF_INET ? "ipv4.prefixLength" : "ipv6.prefixLength", family == AF_INET ? MIN_PREFIX_V4 : MIN_PREFIX_V6,
                family == AF_INET ? 32 : 128, &prefix))
        return -1;
    a->prefix = (int)prefix;
    int peer = json_member(&doc, obj, "peer");
    if (peer >= 0) {
        if (!(s = get_string(c, peer, family == AF_INET ? "ipv4.peer" : "ipv6.peer"))) return -1;
        if (usable_address(s, family, a->peer, sizeof a->peer) < 0)
            return reject(c, "invalid %s peer address: %s", field, s);
        a->has_peer = 1;
    }
    a->present = 1;
    return 0;
}

/* Networks no route into the tunnel may lie inside: loopback, link-local, multicast. */
static int special_network(int family, const unsigned char *net, int prefix)
{
    static const struct { int family; unsigned char net[16]; int prefix; } special[] = {
        { AF_INET, { 127 }, 8 },      { AF_INET, { 169, 254 }, 16 }, { AF_INET, { 224 }, 4 },
        { AF_INET6, { [15] = 1 }, 128 }, { AF_INET6, { 0xfe, 0x80 }, 10 }, { AF_INET6, { 0xff }, 8 },
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        if (special[i].family != family || prefix < special[i].prefix) continue;
        int whole = special[i].prefix / 8, rest = special[i].prefix % 8;
        if (memcmp(net, special[i].net, (size_t)whole) != 0) continue;
        if (rest && ((net[whole] ^ special[i].net[whole]) & (0xff << (8 - rest)) & 0xff)) continue;
        return 1;
    }
    return 0;
}

/* "addr/prefix" -> canonical network (host bits cleared); returns the family, -1 when it is not
 * a network, -2 when it is one no route may go to: a default route (prefix 0; redirect-gateway
 * adds the two halves instead and leaves the system's default in place), or a network inside
 * special_network(). */
static int parse_cidr(const char *in, char *out, size_t outlen)
{
    char addr[ADDR_LEN];
    const char *slash = strchr(in, '/');
    if (!slash || (size_t)(slash - in) >= sizeof addr || slash[1] == '\0' || strlen(slash + 1) > 3) return -1;
    memcpy(addr, in, (size_t)(slash - in));
    addr[slash - in] = '\0';
    int prefix = 0;
    for (const char *d = slash + 1; *d; d++) {
        if (*d < '0' || *d > '9') return -1;
        prefix = prefix * 10 + (*d - '0');
    }
    unsigned char bin[16];
    int family = inet_pton(AF_INET, addr, bin) == 1 ? AF_INET : inet_pton(AF_INET6, addr, bin) == 1 ? AF_INET6 : -1;
    if (family < 0) return -1;
    int bits = family == AF_INET ? 32 : 128;
    if (prefix > bits) return -1;
    for (int i = 0; i < bits / 8; i++) {
        int keep = prefix - i * 8;
        bin[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));
    }
    char text[ADDR_LEN];
    if (!inet_ntop(family, bin, text, sizeof text)) return -1;
    snprintf(out, outlen, "%s/%d", text, prefix);
    return prefix == 0 || special_network(family, bin, prefix) ? -2 : family;
}

static int parse_routes(struct ctx *c, int arr, struct open_request *req)
{
    static const char *const allowed[] = { "destination", "gateway", "metric", NULL };
    if (doc.nodes[arr].type != JSON_ARRAY) return reject(c, "routes must be an array");
    for (int i = doc.nodes[arr].first_child; i >= 0; i = doc.nodes[i].next) {
        if (req->route_count >= MAX_ROUTES) return reject(c, "too many routes (at most %d)", MAX_ROUTES);
        struct route *r = &req->routes[req->route_count++];
        if (doc.nodes[i].type != JSON_OBJECT) return reject(c, "each route must be an object");
        if (only_members(c, i, "routes[].", allowed)) return -1;
        const char *s = get_string(c, json_member(&doc, i, "destination"), "routes[].destination");
        if (!s) return -1;
        if ((r->family = parse_cidr(s, r->destination, sizeof r->destination)) == -2)
            return reject(c, "route destination not allowed: %s (no default route, loopback, link-local or multicast)", s);
        if (r->family < 0) return reject(c, "invalid route destination: %s", s);
        int g = json_member(&doc, i, "gateway");
        if (g >= 0) {
            if (!(s = get_string(c, g, "routes[].gateway"))) return -1;
            if (usable_address(s, r->family, r->gateway, sizeof r->gateway) < 0)
                return reject(c, "invalid route gateway for %s: %s", r->destination, s);
            r->has_gateway = 1;
        }
        int m = json_member(&doc, i, "metric");
        if (m >= 0) {
            if (get_int(c, m, "routes[].metric", 0, 65535, &r->metric)) return -1;
            r->has_metric = 1;
        }
    }
    return 0;
}

/* An array of strings, each checked by `check` (which canonicalizes into out[i]). */
static int parse_list(struct ctx *c, int arr, const char *field, int max, char *out, size_t width, int *count, int is_address)
{
    if (arr < 0) return 0;
    if (doc.nodes[arr].type != JSON_ARRAY) return reject(c, "%s must be an array", field);
    for (int i = doc.nodes[arr].first_child; i >= 0; i = doc.nodes[i].next) {
        if (*count >= max) return reject(c, "too many entries in %s (at most %d)", field, max);
        const char *s = get_string(c, i, field);
        if (!s) return -1;
        char *slot = out + (size_t)(*count)++ * width;
        if (is_address) {
            if (usable_address(s, AF_UNSPEC, slot, width) < 0) return reject(c, "invalid address in %s: %s", field, s);
        } else {
            if (!valid_domain(s)) return reject(c, "invalid domain in %s: %s", field, s);
            snprintf(slot, width, "%s", s);
        }
    }
    return 0;
}

static int parse_dns(struct ctx *c, int obj, struct open_request *req)
{
    static const char *const allowed[] = { "servers", "domains", "searchDomains", NULL };
    if (doc.nodes[obj].type != JSON_OBJECT) return reject(c, "dns must be an object");
    if (only_members(c, obj, "dns.", allowed)) return -1;
    req->has_dns = 1;
    return parse_list(c, json_member(&doc, obj, "servers"), "dns.servers", MAX_DNS_SERVERS, &req->dns[0][0], ADDR_LEN, &req->dns_count, 1) ||
           parse_list(c, json_member(&doc, obj, "domains"), "dns.domains", MAX_DOMAINS, &req->domains[0][0], DOMAIN_LEN, &req->domain_count, 0) ||
           parse_list(c, json_member(&doc, obj, "searchDomains"), "dns.searchDomains", MAX_DOMAINS, &req->search[0][0], DOMAIN_LEN, &req->search_count, 0);
}

static int parse_bool(struct ctx *c, int node, const char *field, int *out)
{
    if (node < 0) return 0;
    if (doc.nodes[node].type != JSON_BOOL) return reject(c, "%s must be true or false", field);
    *out = doc.nodes[node].boolean;
    return 0;
}

static int parse_redirect(struct ctx *c, int obj, struct open_request *req)
{
    static const char *const allowed[] = { "ipv4", "ipv6", "serverAddresses", NULL };
    if (doc.nodes[obj].type != JSON_OBJECT) return reject(c, "redirectGateway must be an object");
    if (only_members(c, obj, "redirectGateway.", allowed)) return -1;
    return parse_bool(c, json_member(&doc, obj, "ipv4"), "redirectGateway.ipv4", &req->redirect_ipv4) ||
           parse_bool(c, json_member(&doc, obj, "ipv6"), "redirectGateway.ipv6", &req->redirect_ipv6) ||
           parse_list(c, json_member(&doc, obj, "serverAddresses"), "redirectGateway.serverAddresses", MAX_SERVER_ADDRESSES,
                      &req->servers[0][0], ADDR_LEN, &req->server_count, 1);
}

/* Parses a request object and its "type"; returns the root node, or -1 with a message. */
static int parse_request_root(struct ctx *c, const char *json, size_t len, const char **type)
{
    int root = json_parse(&doc, json, len);
    if (root < 0) return reject(c, "malformed request: %s", doc.error);
    if (doc.nodes[root].type != JSON_OBJECT) return reject(c, "malformed request: not a JSON object");
    if (!(*type = get_string(c, json_member(&doc, root, "type"), "type"))) return -1;
    return root;
}

/* The optional "name" (default gangway%d), validated and copied to out. */
static int parse_name(struct ctx *c, int root, char *out, size_t outlen)
{
    int n = json_member(&doc, root, "name");
    const char *name = n >= 0 ? get_string(c, n, "name") : "gangway%d";
    if (!name) return -1;
    if (!valid_device_name(name))
        return reject(c, "invalid interface name: %.40s (only gangway%%d or gangway and a number)", name);
    snprintf(out, outlen, "%s", name);
    return 0;
}

int request_parse_create(const char *json, size_t len, char *name, size_t namelen, char *err, size_t errlen)
{
    static const char *const allowed[] = { "type", "name", NULL };
    struct ctx c = { err, errlen };
    const char *type;
    int root = parse_request_root(&c, json, len, &type);
    if (root < 0) return -1;
    if (strcmp(type, "create") != 0) return 0;
    if (only_members(&c, root, "", allowed) || parse_name(&c, root, name, namelen)) return -1;
    return 1;
}

int request_is_stop(const char *json, size_t len, char *err, size_t errlen)
{
    static const char *const allowed[] = { "type", NULL };
    struct ctx c = { err, errlen };
    const char *type;
    int root = parse_request_root(&c, json, len, &type);
    if (root < 0) return -1;
    if (strcmp(type, "stop") != 0) return 0;
    return only_members(&c, root, "", allowed) < 0 ? -1 : 1;
}

int request_parse(const char *json, size_t len, struct open_request *req, char *err, size_t errlen)
{
    static const char *const allowed[] = { "type", "name", "mtu", "ipv4", "ipv6", "routes", "dns", "redirectGateway", NULL };
    struct ctx c = { err, errlen };
    memset(req, 0, sizeof *req);
    const char *type;
    int root = parse_request_root(&c, json, len, &type);
    if (root < 0) return -1;
    if (strcmp(type, "open") != 0) return reject(&c, "unknown request type: %.40s", type);
    if (only_members(&c, root, "", allowed) || parse_name(&c, root, req->name, sizeof req->name)) return -1;

    int n;
    long mtu;
    if ((n = json_member(&doc, root, "mtu")) < 0) return reject(&c, "mtu is missing");
    if (get_int(&c, n, "mtu", MTU_MIN, MTU_MAX, &mtu)) return -1;
    req->mtu = (int)mtu;
    if ((n = json_member(&doc, root, "ipv4")) >= 0 && parse_if_address(&c, n, AF_INET, &req->ipv4)) return -1;
    if ((n = json_member(&doc, root, "ipv6")) >= 0 && parse_if_address(&c, n, AF_INET6, &req->ipv6)) return -1;
    if (req->ipv6.present && req->mtu < 1280) return reject(&c, "mtu must be at least 1280 with IPv6");
    if ((n = json_member(&doc, root, "routes")) >= 0 && parse_routes(&c, n, req)) return -1;
    if ((n = json_member(&doc, root, "dns")) >= 0 && parse_dns(&c, n, req)) return -1;
    if ((n = json_member(&doc, root, "redirectGateway")) >= 0 && parse_redirect(&c, n, req)) return -1;
    if ((req->redirect_ipv4 || req->redirect_ipv6) && req->server_count != 1)
        return reject(&c, "redirectGateway needs serverAddresses: the one server address the session connects to");
    return 0;
}
