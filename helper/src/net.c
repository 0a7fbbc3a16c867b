#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netlink.h"
#include "state.h"

#define MAX_UNDO (MAX_ROUTES + MAX_SERVER_ADDRESSES + 4)
/* The rtm_protocol of every route the helper adds (`proto 157` in `ip route`), so that a host
 * route left behind by a killed helper can be told from anyone else's. Unassigned in iproute2's
 * rt_protos. */
#define RTPROT_GANGWAY 157

/* A route in kernel form; added routes are recorded so that they can be deleted at exit. */
struct route_op {
    int family;
    unsigned char dst[16];
    int dst_len;
    int has_gateway;
    unsigned char gateway[16];
    long metric; /* -1: none */
    int oif;
};

static struct route_op undo_log[MAX_UNDO];
static int undo_count;

struct server_route {
    char address[ADDR_LEN];
    struct route_op host; /* the server's /32 or /128 through the gateway in use before */
};
static struct server_route server_routes[MAX_SERVER_ADDRESSES];
static int server_route_count;

static size_t addr_len(int family)
{
    return family == AF_INET ? 4 : 16;
}

static const char *fam_flag(int family)
{
    return family == AF_INET ? "-4" : "-6";
}

/* Errors read like the equivalent iproute2 command, so that a user can retry it by hand. */
static int failed(int rc, char *err, size_t errlen, const char *what)
{
    const char *why = nl_error_text();
    if (*why) snprintf(err, errlen, "ip %s failed: Error: %s.", what, why);
    else snprintf(err, errlen, "ip %s failed: %s", what, strerror(-rc));
    return -1;
}

int net_init(char *err, size_t errlen)
{
    int rc = nl_open();
    if (rc < 0) {
        snprintf(err, errlen, "cannot open a netlink socket: %s", strerror(-rc));
        return -1;
    }
    return 0;
}

static int send_route(int type, int flags, const struct route_op *r)
{
    struct nl_msg m;
    struct rtmsg *rt = nl_start(&m, type, flags | NLM_F_ACK, sizeof *rt);
    rt->rtm_family = (unsigned char)r->family;
    rt->rtm_dst_len = (unsigned char)r->dst_len;
    rt->rtm_table = RT_TABLE_MAIN;
    if (type == RTM_NEWROUTE) {
        rt->rtm_protocol = RTPROT_GANGWAY;
        rt->rtm_type = RTN_UNICAST;
        /* As iproute2 does: an IPv4 route without a gateway is on-link. */
        rt->rtm_scope = r->family == AF_INET && !r->has_gateway ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
    } else {
        rt->rtm_scope = RT_SCOPE_NOWHERE; /* delete: match any scope */
    }
    nl_attr(&m, RTA_DST, r->dst, addr_len(r->family));
    if (r->has_gateway) nl_attr(&m, RTA_GATEWAY, r->gateway, addr_len(r->family));
    if (r->metric >= 0) {
        unsigned int metric = (unsigned int)r->metric;
        nl_attr(&m, RTA_PRIORITY, &metric, sizeof metric);
    }
    nl_attr(&m, RTA_OIF, &r->oif, sizeof r->oif);
    return nl_talk(&m, NULL);
}

/* The route the kernel would use for `r->dst` (RTM_F_FIB_MATCH: the FIB entry itself, with its
 * prefix length and protocol, like `ip route get fibmatch`) into `found`; its protocol into
 * `protocol`. Returns 0, or -1 when there is none. */
static int fib_match(const struct route_op *r, struct route_op *found, int *protocol)
{
    struct nl_msg m, reply;
    struct rtmsg *rt = nl_start(&m, RTM_GETROUTE, 0, sizeof *rt);
    rt->rtm_family = (unsigned char)r->family;
    rt->rtm_dst_len = (unsigned char)(addr_len(r->family) * 8);
    rt->rtm_flags = RTM_F_FIB_MATCH;
    nl_attr(&m, RTA_DST, r->dst, addr_len(r->family));
    if (nl_talk(&m, &reply) < 0 || reply.h.nlmsg_type != RTM_NEWROUTE) return -1;
    const struct rtmsg *got = NLMSG_DATA(&reply.h);
    memset(found, 0, sizeof *found);
    found->family = r->family;
    found->dst_len = got->rtm_dst_len;
    found->metric = -1;
    *protocol = got->rtm_protocol;
    int table = got->rtm_table, len = (int)RTM_PAYLOAD(&reply.h);
    for (const struct rtattr *a = RTM_RTA(got); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        size_t n = RTA_PAYLOAD(a);
        if (a->rta_type == RTA_DST && n == addr_len(r->family)) memcpy(found->dst, RTA_DATA(a), n);
        else if (a->rta_type == RTA_GATEWAY && n == addr_len(r->family)) { memcpy(found->gateway, RTA_DATA(a), n); found->has_gateway = 1; }
        else if (a->rta_type == RTA_OIF && n == sizeof(int)) memcpy(&found->oif, RTA_DATA(a), n);
        else if (a->rta_type == RTA_PRIORITY && n == sizeof(unsigned int)) { unsigned int v; memcpy(&v, RTA_DATA(a), n); found->metric = v; }
        else if (a->rta_type == RTA_TABLE && n == sizeof(unsigned int)) { unsigned int v; memcpy(&v, RTA_DATA(a), n); table = (int)v; }
    }
    return table == RT_TABLE_MAIN ? 0 : -1;
}

/* A route on a Gangway TUN belongs to a live session: the device goes with its helper. */
static int on_gangway_device(int oif)
{
    char name[IF_NAMESIZE];
    return oif > 0 && if_indextoname((unsigned int)oif, name) && strncmp(name, "gangway", 7) == 0;
}

/* The same host route: destination, gateway and device (the helper's host routes have no
 * metric, which the kernel reports as none or 0). */
static int same_host_route(const struct route_op *a, const struct route_op *b)
{
    size_t n = addr_len(a->family);
    return a->family == b->family && a->dst_len == b->dst_len && memcmp(a->dst, b->dst, n) == 0 &&
           a->has_gateway == b->has_gateway && (!a->has_gateway || memcmp(a->gateway, b->gateway, n) == 0) &&
           a->oif == b->oif && a->metric <= 0 && b->metric <= 0;
}

/* Adds `r` (described in err as `ip -4 route add DEST [via GW] [metric M] dev DEV`) and
 * records it for net_undo_all(). With `take_over`, an identical route that is already there
 * (a killed helper's, or an older version's) is recorded instead, as if added now. */
static int add_route(const struct route_op *r, const char *dev, int take_over, char *err, size_t errlen)
{
    char what[160], dest[ADDR_LEN], gw[ADDR_LEN];
    int n = snprintf(what, sizeof what, "%s route add %s/%d", fam_flag(r->family),
                     inet_ntop(r->family, r->dst, dest, sizeof dest), r->dst_len);
    if (r->has_gateway) n += snprintf(what + n, sizeof what - (size_t)n, " via %s", inet_ntop(r->family, r->gateway, gw, sizeof gw));
    if (r->metric >= 0) n += snprintf(what + n, sizeof what - (size_t)n, " metric %ld", r->metric);
    snprintf(what + n, sizeof what - (size_t)n, " dev %s", dev);
    int rc = send_route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r);
    struct route_op there;
    int protocol;
    if (rc == -EEXIST && take_over && fib_match(r, &there, &protocol) == 0 && same_host_route(r, &there)) {
        /* On another session's TUN (the server is reached through that tunnel) it stays that
         * session's: used, not recorded, so never deleted by us. */
        if (on_gangway_device(there.oif)) return 0;
        rc = 0;
    }
    if (rc < 0) return failed(rc, err, errlen, what);
    if (undo_count < MAX_UNDO) undo_log[undo_count++] = *r;
    return 0;
}

/* Fills `r` from "ADDR/PREFIX" text (validated by the request parser) through `oif`. */
static void route_to(struct route_op *r, int family, const char *cidr, const char *gateway, long metric, int oif)
{
    char addr[ADDR_LEN + 4];
    memset(r, 0, sizeof *r);
    snprintf(addr, sizeof addr, "%s", cidr);
    char *slash = strchr(addr, '/');
    if (slash) *slash = '\0';
    r->family = family;
    r->dst_len = slash ? atoi(slash + 1) : (int)addr_len(family) * 8;
    inet_pton(family, addr, r->dst);
    r->has_gateway = gateway && *gateway && inet_pton(family, gateway, r->gateway) == 1;
    r->metric = metric;
    r->oif = oif;
}

/* A host route of ours to the server that is not on a Gangway TUN (where a live session's
 * requested routes are) is a killed helper's: only the holder of the full-tunnel lock
 * (net_claim_full_tunnel) adds host routes, and that is us now. It goes before the lookup, so
 * that the server is reached the way the network says today, not the way it did then. */
static void drop_leftover_host_route(int family, const unsigned char *dst)
{
    struct route_op probe, there;
    int protocol;
    memset(&probe, 0, sizeof probe);
    probe.family = family;
    memcpy(probe.dst, dst, addr_len(family));
    if (fib_match(&probe, &there, &protocol) == 0 && protocol == RTPROT_GANGWAY &&
        there.dst_len == (int)addr_len(family) * 8 && !on_gangway_device(there.oif))
        send_route(RTM_DELROUTE, 0, &there);
}

/* Asks the kernel how `r->address` is reached now (`ip route get`). */
static int lookup_route(struct server_route *s, int family, char *err, size_t errlen)
{
    struct nl_msg m, reply;
    struct rtmsg *rt = nl_start(&m, RTM_GETROUTE, 0, sizeof *rt);
    unsigned char dst[16];
    inet_pton(family, s->address, dst);
    drop_leftover_host_route(family, dst);
    rt->rtm_family = (unsigned char)family;
    rt->rtm_dst_len = (unsigned char)(addr_len(family) * 8);
    nl_attr(&m, RTA_DST, dst, addr_len(family));
    if (nl_talk(&m, &reply) < 0 || reply.h.nlmsg_type != RTM_NEWROUTE) {
        snprintf(err, errlen, "no route to server address %s", s->address);
        return -1;
    }
    const struct rtmsg *got = NLMSG_DATA(&reply.h);
    if (got->rtm_type != RTN_UNICAST) {
        snprintf(err, errlen, "server address %s is not reachable through a gateway (route type %d)", s->address,
                 got->rtm_type);
        return -1;
    }
    route_to(&s->host, family, s->address, NULL, -1, 0);
    int len = (int)RTM_PAYLOAD(&reply.h);
    for (const struct rtattr *a = RTM_RTA(got); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == RTA_GATEWAY && RTA_PAYLOAD(a) == addr_len(family)) {
            memcpy(s->host.gateway, RTA_DATA(a), addr_len(family));
            s->host.has_gateway = 1;
        } else if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) == sizeof(int)) {
            memcpy(&s->host.oif, RTA_DATA(a), sizeof(int));
        }
    }
    if (s->host.oif <= 0) {
        snprintf(err, errlen, "no route to server address %s", s->address);
        return -1;
    }
    return 0;
}

int net_lookup_server_routes(const struct open_request *req, char *err, size_t errlen)
{
    server_route_count = 0;
    for (int i = 0; i < req->server_count; i++) {
        struct server_route *s = &server_routes[server_route_count];
        int family = strchr(req->servers[i], ':') ? AF_INET6 : AF_INET;
        if ((family == AF_INET && !req->redirect_ipv4) || (family == AF_INET6 && !req->redirect_ipv6)) continue;
        snprintf(s->address, sizeof s->address, "%s", req->servers[i]);
        if (lookup_route(s, family, err, errlen) < 0) return -1;
        server_route_count++;
    }
    return 0;
}

/* `ip addr add ADDR[/N | peer PEER/N] dev DEV [nodad]`; addresses go away with the device. */
static int add_address(const char *ifname, int ifindex, int family, const struct if_address *a, char *err, size_t errlen)
{
    struct nl_msg m;
    unsigned char local[16], peer[16];
    struct ifaddrmsg *ifa = nl_start(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, sizeof *ifa);
    ifa->ifa_family = (unsigned char)family;
    ifa->ifa_prefixlen = (unsigned char)a->prefix;
    ifa->ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
    ifa->ifa_index = (unsigned int)ifindex;
    inet_pton(family, a->address, local);
    if (!a->has_peer || inet_pton(family, a->peer, peer) != 1) memcpy(peer, local, sizeof peer);
    nl_attr(&m, IFA_LOCAL, local, addr_len(family));
    nl_attr(&m, IFA_ADDRESS, peer, addr_len(family));
    int rc = nl_talk(&m, NULL);
    if (rc == 0) return 0;
    char what[160];
    if (a->has_peer)
        snprintf(what, sizeof what, "%s addr add %s peer %s/%d dev %s", fam_flag(family), a->address, a->peer, a->prefix, ifname);
    else
        snprintf(what, sizeof what, "%s addr add %s/%d dev %s", fam_flag(family), a->address, a->prefix, ifname);
    return failed(rc, err, errlen, what);
}

/* `ip link set dev DEV mtu N up` */
static int link_up(const char *ifname, int ifindex, int mtu, char *err, size_t errlen)
{
    struct nl_msg m;
    struct ifinfomsg *ifi = nl_start(&m, RTM_NEWLINK, NLM_F_ACK, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    ifi->ifi_flags = IFF_UP;
    ifi->ifi_change = IFF_UP;
    unsigned int value = (unsigned int)mtu;
    nl_attr(&m, IFLA_MTU, &value, sizeof value);
    int rc = nl_talk(&m, NULL);
    if (rc == 0) return 0;
    char what[80];
    snprintf(what, sizeof what, "link set dev %s mtu %d up", ifname, mtu);
    return failed(rc, err, errlen, what);
}

int net_configure(const char *ifname, const struct open_request *req, char *err, size_t errlen)
{
    int ifindex = (int)if_nametoindex(ifname);
    if (ifindex <= 0) {
        snprintf(err, errlen, "the device %s has disappeared", ifname);
        return -1;
    }
    if (link_up(ifname, ifindex, req->mtu, err, errlen) < 0) return -1;
    if (req->ipv4.present && add_address(ifname, ifindex, AF_INET, &req->ipv4, err, errlen) < 0) return -1;
    if (req->ipv6.present && add_address(ifname, ifindex, AF_INET6, &req->ipv6, err, errlen) < 0) return -1;
    /* Server host routes first, so the tunnel's own packets never loop into it. */
    for (int i = 0; i < server_route_count; i++) {
        char dev[IF_NAMESIZE] = "?";
        if_indextoname((unsigned int)server_routes[i].host.oif, dev);
        if (add_route(&server_routes[i].host, dev, 1, err, errlen) < 0) return -1;
    }
    struct route_op r;
    for (int i = 0; i < req->route_count; i++) {
        const struct route *q = &req->routes[i];
        route_to(&r, q->family, q->destination, q->has_gateway ? q->gateway : NULL, q->has_metric ? q->metric : -1, ifindex);
        if (add_route(&r, ifname, 0, err, errlen) < 0) return -1;
    }
    static const struct { int family; const char *half[2]; } redirect[] = {
        { AF_INET, { "0.0.0.0/1", "128.0.0.0/1" } },
        { AF_INET6, { "::/1", "8000::/1" } },
    };
    for (int f = 0; f < 2; f++) {
        if (!(redirect[f].family == AF_INET ? req->redirect_ipv4 : req->redirect_ipv6)) continue;
        for (int h = 0; h < 2; h++) {
            route_to(&r, redirect[f].family, redirect[f].half[h], NULL, -1, ifindex);
            if (add_route(&r, ifname, 0, err, errlen) < 0) return -1;
        }
    }
    return 0;
}

/* The lock is a file per network namespace (its inode number names it), held with flock for
 * the helper's life: the kernel drops it when the helper exits, however it exits. A helper that
 * exits normally also removes the file, while it still holds the lock; whoever opened it just
 * before then finds, once locked, that the path names another file (or none), and starts over. */
static int full_tunnel_lock = -1;
static char full_tunnel_path[64];

static int same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int net_claim_full_tunnel(char *err, size_t errlen)
{
    struct stat ns;
    char holder[IFNAME_LEN] = "";
    if (stat("/proc/self/ns/net", &ns) < 0) {
        snprintf(err, errlen, "cannot identify the network namespace: %s", strerror(errno));
        return -1;
    }
    if (state_dir_ready(err, errlen) < 0) return -1;
    snprintf(full_tunnel_path, sizeof full_tunnel_path, STATE_DIR "/full-tunnel-%lu", (unsigned long)ns.st_ino);
    for (int attempt = 0; attempt < 3; attempt++) {
        int fd = open(full_tunnel_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) break;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            if (same_file(fd, full_tunnel_path)) {
                full_tunnel_lock = fd;
                return 0;
            }
            close(fd); /* removed by the helper that held it: start over */
            continue;
        }
        int why = errno;
        if (why == EWOULDBLOCK) {
            ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
            holder[n > 0 ? n : 0] = '\0';
        }
        close(fd);
        if (why != EWOULDBLOCK) {
            errno = why;
            break;
        }
        snprintf(err, errlen,
                 "another Gangway session already sends all traffic through its tunnel (%s); disconnect it first: "
                 "two full tunnels would route through each other",
                 valid_device_name(holder) ? holder : "device unknown");
        return -1;
    }
    snprintf(err, errlen, "cannot lock %s: %s", full_tunnel_path, strerror(errno));
    return -1;
}

void net_name_full_tunnel(const char *ifname)
{
    if (full_tunnel_lock < 0) return;
    if (ftruncate(full_tunnel_lock, 0) == 0 && pwrite(full_tunnel_lock, ifname, strlen(ifname), 0) < 0) {
        /* only the other session's message loses the name */
    }
}

void net_undo_all(void)
{
    while (undo_count > 0) send_route(RTM_DELROUTE, 0, &undo_log[--undo_count]);
    if (full_tunnel_lock >= 0) {
        unlink(full_tunnel_path); /* while still locked: see above */
        close(full_tunnel_lock);
        full_tunnel_lock = -1;
    }
}
