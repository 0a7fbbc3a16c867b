#include "net.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exec.h"

#define MAX_ARGS 16
#define ARG_LEN 64
#define MAX_UNDO (MAX_ROUTES + 2 * MAX_SERVER_ADDRESSES + 8)

struct command {
    int argc;
    char args[MAX_ARGS][ARG_LEN];
};

static const char *ip_path;
static struct command undo_log[MAX_UNDO];
static int undo_count;

struct server_route {
    int family;
    char address[ADDR_LEN];
    char gateway[ADDR_LEN]; /* empty when the server is on-link */
    char dev[IFNAME_LEN];
};
static struct server_route server_routes[MAX_SERVER_ADDRESSES];
static int server_route_count;

int net_init(char *err, size_t errlen)
{
    static const char *const candidates[] = { "/usr/sbin/ip", "/sbin/ip", "/bin/ip", "/usr/bin/ip", NULL };
    ip_path = find_program(candidates);
    if (!ip_path) {
        snprintf(err, errlen, "iproute2 (ip) was not found; install the iproute2 package");
        return -1;
    }
    return 0;
}

/* Builds an `ip` command from NULL-terminated words. */
static void build(struct command *c, const char *first, ...)
{
    va_list ap;
    c->argc = 0;
    snprintf(c->args[c->argc++], ARG_LEN, "%s", ip_path);
    va_start(ap, first);
    for (const char *w = first; w && c->argc < MAX_ARGS; w = va_arg(ap, const char *))
        snprintf(c->args[c->argc++], ARG_LEN, "%s", w);
    va_end(ap);
}

static void append(struct command *c, const char *w)
{
    if (c->argc < MAX_ARGS) snprintf(c->args[c->argc++], ARG_LEN, "%s", w);
}

static int run_command(const struct command *c, char *out, size_t outlen, char *err, size_t errlen)
{
    char *argv[MAX_ARGS + 1];
    char stderr_line[256];
    for (int i = 0; i < c->argc; i++) argv[i] = (char *)c->args[i];
    argv[c->argc] = NULL;
    int status = run_program(argv, out, outlen, stderr_line, sizeof stderr_line);
    if (status == 0) return 0;
    if (err) {
        size_t n = (size_t)snprintf(err, errlen, "ip");
        for (int i = 1; i < c->argc && n < errlen; i++) n += (size_t)snprintf(err + n, errlen - n, " %s", c->args[i]);
        if (n < errlen) snprintf(err + n, errlen - n, " failed: %s", stderr_line[0] ? stderr_line : "could not run ip");
    }
    return -1;
}

/* Runs `c`; on success records `undo` (when given) so that it is reverted at exit. */
static int apply(const struct command *c, const struct command *undo, char *err, size_t errlen)
{
    if (run_command(c, NULL, 0, err, errlen) < 0) return -1;
    if (undo && undo_count < MAX_UNDO) undo_log[undo_count++] = *undo;
    return 0;
}

static int add_route(int family, const char *dest, const char *gateway, long metric, const char *dev, char *err, size_t errlen)
{
    struct command add, del;
    char metric_text[24];
    const char *fam = family == AF_INET ? "-4" : "-6";
    build(&add, fam, "route", "add", dest, NULL);
    build(&del, fam, "route", "del", dest, NULL);
    if (gateway && *gateway) { append(&add, "via"); append(&add, gateway); append(&del, "via"); append(&del, gateway); }
    if (metric >= 0) {
        snprintf(metric_text, sizeof metric_text, "%ld", metric);
        append(&add, "metric"); append(&add, metric_text);
        append(&del, "metric"); append(&del, metric_text);
    }
    append(&add, "dev"); append(&add, dev);
    append(&del, "dev"); append(&del, dev);
    return apply(&add, &del, err, errlen);
}

/* Parses `ip route get` output: "ADDR [via GW] dev DEV ...". */
static int parse_route_get(char *out, struct server_route *r, char *err, size_t errlen)
{
    char *save = NULL;
    char *tok = strtok_r(out, " \t\n", &save);
    if (!tok || strcmp(tok, "local") == 0 || strcmp(tok, "unreachable") == 0 || strcmp(tok, "prohibit") == 0 ||
        strcmp(tok, "blackhole") == 0 || strcmp(tok, "broadcast") == 0 || strcmp(tok, "multicast") == 0) {
        snprintf(err, errlen, "server address %s is not reachable through a gateway (%s)", r->address, tok ? tok : "no route");
        return -1;
    }
    while ((tok = strtok_r(NULL, " \t\n", &save))) {
        char *val = NULL;
        if (strcmp(tok, "via") == 0 || strcmp(tok, "dev") == 0) val = strtok_r(NULL, " \t\n", &save);
        if (!val) continue;
        if (strcmp(tok, "via") == 0 && canonical_address(val, r->family, r->gateway, sizeof r->gateway) < 0) {
            snprintf(err, errlen, "unexpected gateway for server address %s", r->address);
            return -1;
        }
        if (strcmp(tok, "dev") == 0) {
            if (!valid_ifname(val, 0)) { snprintf(err, errlen, "unexpected device for server address %s", r->address); return -1; }
            snprintf(r->dev, sizeof r->dev, "%s", val);
        }
    }
    if (!r->dev[0]) { snprintf(err, errlen, "no route to server address %s", r->address); return -1; }
    return 0;
}

int net_lookup_server_routes(const struct open_request *req, char *err, size_t errlen)
{
    server_route_count = 0;
    for (int i = 0; i < req->server_count; i++) {
        struct server_route *r = &server_routes[server_route_count];
        memset(r, 0, sizeof *r);
        r->family = strchr(req->servers[i], ':') ? AF_INET6 : AF_INET;
        if ((r->family == AF_INET && !req->redirect_ipv4) || (r->family == AF_INET6 && !req->redirect_ipv6)) continue;
        snprintf(r->address, sizeof r->address, "%s", req->servers[i]);
        struct command get;
        char out[1024];
        build(&get, r->family == AF_INET ? "-4" : "-6", "route", "get", r->address, NULL);
        if (run_command(&get, out, sizeof out, NULL, 0) < 0) {
            snprintf(err, errlen, "no route to server address %s", r->address);
            return -1;
        }
        if (parse_route_get(out, r, err, errlen) < 0) return -1;
        server_route_count++;
    }
    return 0;
}

static int add_address(const char *ifname, int family, const struct if_address *a, char *err, size_t errlen)
{
    struct command c;
    char cidr[ADDR_LEN + 4];
    snprintf(cidr, sizeof cidr, "%s/%d", a->has_peer ? a->peer : a->address, a->prefix);
    if (a->has_peer) build(&c, family == AF_INET ? "-4" : "-6", "addr", "add", a->address, "peer", cidr, "dev", ifname, NULL);
    else build(&c, family == AF_INET ? "-4" : "-6", "addr", "add", cidr, "dev", ifname, NULL);
    if (family == AF_INET6) append(&c, "nodad");
    return apply(&c, NULL, err, errlen); /* addresses go away with the device */
}

int net_configure(const char *ifname, const struct open_request *req, char *err, size_t errlen)
{
    struct command c;
    char mtu[24];
    snprintf(mtu, sizeof mtu, "%d", req->mtu);
    build(&c, "link", "set", "dev", ifname, "mtu", mtu, "up", NULL);
    if (apply(&c, NULL, err, errlen) < 0) return -1;
    if (req->ipv4.present && add_address(ifname, AF_INET, &req->ipv4, err, errlen) < 0) return -1;
    if (req->ipv6.present && add_address(ifname, AF_INET6, &req->ipv6, err, errlen) < 0) return -1;
    /* Server host routes first, so the tunnel's own packets never loop into it. */
    for (int i = 0; i < server_route_count; i++) {
        const struct server_route *r = &server_routes[i];
        char dest[ADDR_LEN + 4];
        snprintf(dest, sizeof dest, "%s/%d", r->address, r->family == AF_INET ? 32 : 128);
        if (add_route(r->family, dest, r->gateway, -1, r->dev, err, errlen) < 0) return -1;
    }
    for (int i = 0; i < req->route_count; i++) {
        const struct route *r = &req->routes[i];
        if (add_route(r->family, r->destination, r->has_gateway ? r->gateway : NULL, r->has_metric ? r->metric : -1, ifname, err, errlen) < 0)
            return -1;
    }
    if (req->redirect_ipv4 && (add_route(AF_INET, "0.0.0.0/1", NULL, -1, ifname, err, errlen) < 0 ||
                               add_route(AF_INET, "128.0.0.0/1", NULL, -1, ifname, err, errlen) < 0))
        return -1;
    if (req->redirect_ipv6 && (add_route(AF_INET6, "::/1", NULL, -1, ifname, err, errlen) < 0 ||
                               add_route(AF_INET6, "8000::/1", NULL, -1, ifname, err, errlen) < 0))
        return -1;
    return 0;
}

void net_undo_all(void)
{
    while (undo_count > 0) run_command(&undo_log[--undo_count], NULL, 0, NULL, 0);
}
