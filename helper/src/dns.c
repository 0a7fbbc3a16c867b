#include "dns.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec.h"
#include "state.h"

#define RESOLV_CONF "/etc/resolv.conf"
#define RESOLV_MAX 65536
/* The first line of what the helper writes (apply_file). */
#define OUR_MARK "# Written by gangway-helper"
/* A test build (make test) looks for its stand-in resolved and resolvectl in a fixed, root-only
 * directory instead; a release build has no way to point these anywhere else. */
#ifdef GANGWAY_TEST_DIR
#define RESOLVED_SOCKET GANGWAY_TEST_DIR "/io.systemd.Resolve"
static const char *const resolvectl_paths[] = { GANGWAY_TEST_DIR "/resolvectl", NULL };
#else
#define RESOLVED_SOCKET "/run/systemd/resolve/io.systemd.Resolve"
static const char *const resolvectl_paths[] = { "/usr/bin/resolvectl", "/bin/resolvectl", NULL };
#endif

static enum { DNS_NONE, DNS_RESOLVED, DNS_FILE } mode;
static int applied;
static int file_fd = -1; /* /etc/resolv.conf, flock-ed while this session owns it */
static char backup[RESOLV_MAX], written[RESOLV_MAX], current[RESOLV_MAX];
static size_t backup_len, written_len;
static const char *resolvectl;
/* The content before the session, on disk: STATE_DIR/resolv.conf-DEV-INODE of the file. */
static char saved_path[96];
static char resolved_if[IFNAME_LEN];

/* Reads the whole file from offset 0; -1 on error, -2 when it is too large to back up. */
static long read_all(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        ssize_t r = pread(fd, buf + n, cap - n, (off_t)n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) return (long)n;
        n += (size_t)r;
        if (n == cap) return -2;
    }
}

/* Replaces the content in place (same inode: keeps bind mounts and symlinks intact). */
static int write_all(int fd, const char *text, size_t len)
{
    size_t off = 0;
    if (ftruncate(fd, 0) < 0) return -1;
    while (off < len) {
        ssize_t w = pwrite(fd, text + off, len - off, (off_t)off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        off += (size_t)w;
    }
    return fsync(fd);
}

/* resolved runs (its socket exists) and /etc/resolv.conf sends glibc to it: its stub, or a
 * symlink to one of the files it writes itself. */
static int resolved_serves_dns(void)
{
    char target[PATH_MAX], text[4096];
    if (access(RESOLVED_SOCKET, F_OK) != 0) return 0;
    if (realpath(RESOLV_CONF, target) && strncmp(target, "/run/systemd/resolve/", 21) == 0) return 1;
    int fd = open(RESOLV_CONF, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    long n = read_all(fd, text, sizeof text - 1);
    close(fd);
    if (n < 0) return 0;
    text[n] = '\0';
    return strstr(text, "nameserver 127.0.0.53") != NULL || strstr(text, "nameserver 127.0.0.54") != NULL;
}

/* A saved backup while we hold the lock is a killed helper's: if the file still holds what a
 * helper wrote, the content from before that session goes back now (and is our backup). If
 * someone rewrote the file since, their content stays. */
static void recover_leftover(void)
{
    int fd = open(saved_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return;
    long n = read_all(fd, current, sizeof current);
    close(fd);
    if (n >= 0 && backup_len >= sizeof OUR_MARK - 1 && memcmp(backup, OUR_MARK, sizeof OUR_MARK - 1) == 0 &&
        write_all(file_fd, current, (size_t)n) == 0) {
        memcpy(backup, current, (size_t)n);
        backup_len = (size_t)n;
    }
    unlink(saved_path);
}

/* Saves the backup where the next session finds it if this helper is killed. */
static int save_backup(char *err, size_t errlen)
{
    int fd = open(saved_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 || write_all(fd, backup, backup_len) < 0) {
        snprintf(err, errlen, "cannot save a backup of %s in %s: %s", RESOLV_CONF, STATE_DIR, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return close(fd);
}

static int prepare_file(char *err, size_t errlen)
{
    file_fd = open(RESOLV_CONF, O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (file_fd < 0) {
        snprintf(err, errlen, "cannot write %s: %s", RESOLV_CONF, strerror(errno));
        return -1;
    }
    if (flock(file_fd, LOCK_EX | LOCK_NB) < 0) {
        snprintf(err, errlen, errno == EWOULDBLOCK
                                  ? "another Gangway session has set the DNS servers in %s (there is no systemd-resolved "
                                    "here for per-link DNS); disconnect it first"
                                  : "cannot lock %s: %s",
                 RESOLV_CONF, strerror(errno));
        close(file_fd);
        file_fd = -1;
        return -1;
    }
    long n = read_all(file_fd, backup, sizeof backup);
    if (n < 0) {
        snprintf(err, errlen, "cannot back up %s: %s", RESOLV_CONF, n == -2 ? "file too large" : strerror(errno));
        close(file_fd);
        file_fd = -1;
        return -1;
    }
    backup_len = (size_t)n;
    mode = DNS_FILE;
    struct stat st;
    if (fstat(file_fd, &st) < 0) snprintf(err, errlen, "cannot stat %s: %s", RESOLV_CONF, strerror(errno));
    if (fstat(file_fd, &st) < 0 || state_dir_ready(err, errlen) < 0) {
        dns_restore();
        return -1;
    }
    snprintf(saved_path, sizeof saved_path, STATE_DIR "/resolv.conf-%lu-%lu", (unsigned long)st.st_dev,
             (unsigned long)st.st_ino);
    recover_leftover();
    return 0;
}

int dns_prepare(const struct open_request *req, char *err, size_t errlen)
{
    if (!req->has_dns || req->dns_count == 0) return 0;
    resolvectl = find_program(resolvectl_paths);
    if (resolvectl && resolved_serves_dns()) {
        mode = DNS_RESOLVED;
        return 0;
    }
    return prepare_file(err, errlen);
}

static int run_resolvectl(char *const argv[], char *err, size_t errlen)
{
    char line[256];
    if (run_program(argv, line, sizeof line) == 0) return 0;
    snprintf(err, errlen, "%s %s failed: %s", resolvectl, argv[1], line[0] ? line : "could not run it");
    return -1;
}

static int apply_resolved(const char *ifname, const struct open_request *req, char *err, size_t errlen)
{
    char *argv[2 + 1 + 2 * MAX_DOMAINS + MAX_DNS_SERVERS + 1];
    int n = 0;
    snprintf(resolved_if, sizeof resolved_if, "%s", ifname);
    argv[n++] = (char *)resolvectl;
    argv[n++] = "dns";
    argv[n++] = resolved_if;
    for (int i = 0; i < req->dns_count; i++) argv[n++] = (char *)req->dns[i];
    argv[n] = NULL;
    if (run_resolvectl(argv, err, errlen) < 0) return -1;
    n = 3;
    argv[1] = "domain";
    for (int i = 0; i < req->domain_count; i++) argv[n++] = (char *)req->domains[i];
    for (int i = 0; i < req->search_count; i++) argv[n++] = (char *)req->search[i];
    argv[n] = NULL;
    if (n > 3 && run_resolvectl(argv, err, errlen) < 0) return -1;
    if (req->redirect_ipv4 || req->redirect_ipv6) {
        char *route[] = { (char *)resolvectl, "default-route", resolved_if, "yes", NULL };
        if (run_resolvectl(route, err, errlen) < 0) return -1;
    }
    return 0;
}

static int apply_file(const struct open_request *req, const char *ifname, char *err, size_t errlen)
{
    size_t n = (size_t)snprintf(written, sizeof written,
                                "# Written by gangway-helper for %s; the previous content is restored when the tunnel closes.\n",
                                ifname);
    for (int i = 0; i < req->dns_count; i++) n += (size_t)snprintf(written + n, sizeof written - n, "nameserver %s\n", req->dns[i]);
    if (req->domain_count + req->search_count > 0) {
        n += (size_t)snprintf(written + n, sizeof written - n, "search");
        for (int i = 0; i < req->domain_count; i++) n += (size_t)snprintf(written + n, sizeof written - n, " %s", req->domains[i]);
        for (int i = 0; i < req->search_count; i++) n += (size_t)snprintf(written + n, sizeof written - n, " %s", req->search[i]);
        n += (size_t)snprintf(written + n, sizeof written - n, "\n");
    }
    written_len = n;
    if (save_backup(err, errlen) < 0) return -1;
    if (write_all(file_fd, written, written_len) < 0) {
        snprintf(err, errlen, "cannot write %s: %s", RESOLV_CONF, strerror(errno));
        write_all(file_fd, backup, backup_len); /* a half-written file is worse than none */
        return -1;
    }
    return 0;
}

int dns_apply(const char *ifname, const struct open_request *req, char *err, size_t errlen)
{
    applied = 1;
    if (mode == DNS_RESOLVED) return apply_resolved(ifname, req, err, errlen);
    if (mode == DNS_FILE) return apply_file(req, ifname, err, errlen);
    return 0;
}

void dns_restore(void)
{
    if (mode == DNS_FILE && applied && written_len > 0) {
        /* Someone else (a DHCP client, the administrator) may have rewritten the file since:
         * then their content is newer than our backup and stays. */
        long n = read_all(file_fd, current, sizeof current);
        if (n == (long)written_len && memcmp(current, written, written_len) == 0)
            write_all(file_fd, backup, backup_len);
        else
            fprintf(stderr, "gangway-helper: %s was changed by someone else; left as it is\n", RESOLV_CONF);
    }
    if (mode == DNS_FILE && saved_path[0]) unlink(saved_path); else if (mode == DNS_RESOLVED && applied) {
        char *argv[] = { (char *)resolvectl, "revert", resolved_if, NULL };
        char why[256];
        if (run_program(argv, why, sizeof why) != 0)
            fprintf(stderr, "gangway-helper: %s revert %s failed: %s\n", resolvectl, resolved_if, why);
    }
    if (file_fd >= 0) close(file_fd); /* drops the lock */
    file_fd = -1;
    mode = DNS_NONE;
    applied = 0;
}
