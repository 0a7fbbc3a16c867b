#include "dns.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"

#define RESOLV_CONF "/etc/resolv.conf"
#define RESOLV_MAX 65536
#define RESOLVED_SOCKET "/run/systemd/resolve/io.systemd.Resolve"

static enum { DNS_NONE, DNS_RESOLVED, DNS_FILE } mode;
static char backup[RESOLV_MAX];
static size_t backup_len;
static char resolved_if[IFNAME_LEN];

static long read_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += (size_t)r;
        if (n == cap) { close(fd); return -2; } /* too large to back up safely */
    }
    close(fd);
    return (long)n;
}

/* Replaces the content in place (same inode: keeps bind mounts and symlinks intact). */
static int write_in_place(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { close(fd); return -1; }
        off += (size_t)w;
    }
    return close(fd);
}

static int resolved_manages_dns(const char *resolv)
{
    return access(RESOLVED_SOCKET, F_OK) == 0 && strstr(resolv, "nameserver 127.0.0.53") != NULL;
}

static int run_resolvectl(const char *exe, char *const argv[], char *err, size_t errlen)
{
    char line[256];
    int status = run_program(argv, NULL, 0, line, sizeof line);
    if (status == 0) return 0;
    snprintf(err, errlen, "%s %s failed: %s", exe, argv[1], line[0] ? line : "could not run it");
    return -1;
}

static int apply_resolved(const char *exe, const char *ifname, const struct open_request *req, char *err, size_t errlen)
{
    char *argv[2 + 1 + 2 * MAX_DOMAINS + MAX_DNS_SERVERS + 1];
    int n = 0;
    snprintf(resolved_if, sizeof resolved_if, "%s", ifname);
    mode = DNS_RESOLVED;
    argv[n++] = (char *)exe;
    argv[n++] = "dns";
    argv[n++] = (char *)ifname;
    for (int i = 0; i < req->dns_count; i++) argv[n++] = (char *)req->dns[i];
    argv[n] = NULL;
    if (run_resolvectl(exe, argv, err, errlen) < 0) return -1;
    n = 3;
    argv[1] = "domain";
    for (int i = 0; i < req->domain_count; i++) argv[n++] = (char *)req->domains[i];
    for (int i = 0; i < req->search_count; i++) argv[n++] = (char *)req->search[i];
    argv[n] = NULL;
    if (n > 3 && run_resolvectl(exe, argv, err, errlen) < 0) return -1;
    if (req->redirect_ipv4 || req->redirect_ipv6) {
        char *route[] = { (char *)exe, "default-route", (char *)ifname, "yes", NULL };
        if (run_resolvectl(exe, route, err, errlen) < 0) return -1;
    }
    return 0;
}

static int apply_file(const struct open_request *req, const char *ifname, char *err, size_t errlen)
{
    char text[RESOLV_MAX];
    size_t n = (size_t)snprintf(text, sizeof text,
                                "# Written by gangway-helper for %s; the previous content is restored when the tunnel closes.\n",
                                ifname);
    for (int i = 0; i < req->dns_count; i++) n += (size_t)snprintf(text + n, sizeof text - n, "nameserver %s\n", req->dns[i]);
    if (req->domain_count + req->search_count > 0) {
        n += (size_t)snprintf(text + n, sizeof text - n, "search");
        for (int i = 0; i < req->domain_count; i++) n += (size_t)snprintf(text + n, sizeof text - n, " %s", req->domains[i]);
        for (int i = 0; i < req->search_count; i++) n += (size_t)snprintf(text + n, sizeof text - n, " %s", req->search[i]);
        n += (size_t)snprintf(text + n, sizeof text - n, "\n");
    }
    mode = DNS_FILE;
    if (write_in_place(RESOLV_CONF, text, n) < 0) {
        snprintf(err, errlen, "cannot write %s: %s", RESOLV_CONF, strerror(errno));
        return -1;
    }
    return 0;
}

int dns_apply(const char *ifname, const struct open_request *req, char *err, size_t errlen)
{
    if (!req->has_dns || req->dns_count == 0) return 0;
    long n = read_file(RESOLV_CONF, backup, sizeof backup - 1);
    if (n < 0) {
        snprintf(err, errlen, "cannot back up %s: %s", RESOLV_CONF, n == -2 ? "file too large" : strerror(errno));
        return -1;
    }
    backup_len = (size_t)n;
    backup[backup_len] = '\0';
    static const char *const resolvectl_paths[] = { "/usr/bin/resolvectl", "/bin/resolvectl", NULL };
    const char *resolvectl = find_program(resolvectl_paths);
    if (resolvectl && resolved_manages_dns(backup)) return apply_resolved(resolvectl, ifname, req, err, errlen);
    return apply_file(req, ifname, err, errlen);
}

void dns_restore(void)
{
    if (mode == DNS_FILE) {
        write_in_place(RESOLV_CONF, backup, backup_len);
    } else if (mode == DNS_RESOLVED) {
        static const char *const resolvectl_paths[] = { "/usr/bin/resolvectl", "/bin/resolvectl", NULL };
        const char *exe = find_program(resolvectl_paths);
        char *argv[] = { (char *)exe, "revert", resolved_if, NULL };
        if (exe) run_program(argv, NULL, 0, NULL, 0);
    }
    mode = DNS_NONE;
}
