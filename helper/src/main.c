/* gangway-helper: the privileged half of Gangway's TUN on Linux. It reads one `open` request
 * on stdin (after an optional `create`), creates and configures the TUN device, then relays
 * packet batches between the device and stdin/stdout. When stdin closes, a `stop` request
 * comes, its parent dies or a signal arrives, it undoes every change (DNS, routes) and removes
 * the device. Protocol: docs/helper-protocol.md. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns.h"
#include "frame.h"
#include "net.h"
#include "relay.h"
#include "request.h"
#include "tun.h"

#define EXIT_RUNTIME 1
#define EXIT_BAD_REQUEST 2
#define OPEN_TIMEOUT_MS 60000

static struct frame_reader reader;
static struct open_request request;
static int tun_fd = -1;
static char device_name[IFNAME_LEN];

/* Writes {"key":"value"...}-style replies; values are escaped. */
static void reply(const char *fmt_key, const char *value, const char *name)
{
    char body[1024];
    size_t n = (size_t)snprintf(body, sizeof body, "{\"%s\":", fmt_key);
    if (strcmp(fmt_key, "ok") == 0) {
        n += (size_t)snprintf(body + n, sizeof body - n, "true,\"name\":\"%s\"}", name);
    } else if (value == NULL) {
        n += (size_t)snprintf(body + n, sizeof body - n, "true}");
    } else {
        body[n++] = '"';
        for (const char *p = value; *p && n < sizeof body - 8; p++) {
            unsigned char c = (unsigned char)*p;
            if (c == '"' || c == '\\') { body[n++] = '\\'; body[n++] = (char)c; }
            else if (c < 0x20 || c > 0x7e) n += (size_t)snprintf(body + n, sizeof body - n, "\\u%04x", c);
            else body[n++] = (char)c;
        }
        body[n++] = '"';
        body[n++] = '}';
    }
    frame_write(STDOUT_FILENO, FRAME_CONTROL, body, n);
}

static void restore_everything(void)
{
    dns_restore();
    net_undo_all();
    if (tun_fd >= 0) close(tun_fd); /* not persistent: the kernel deletes the device */
    tun_fd = -1;
}

static _Noreturn void fail(int code, const char *message)
{
    restore_everything();
    reply("error", message, NULL);
    fprintf(stderr, "gangway-helper: %s\n", message);
    exit(code);
}

/* Trust nothing inherited: environment, umask, signal dispositions, the parent. */
static int harden(void)
{
    clearenv();
    setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
    umask(022);
    /* An ignored TERM/INT/HUP (nohup, a shell's background job) would be discarded instead of
     * reaching the signalfd below. */
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0 || prctl(PR_SET_PDEATHSIG, SIGTERM) < 0) return -1;
    if (getppid() == 1) exit(0); /* the parent died before we could watch it */
    return sfd;
}

/* Restores everything and exits: 0 for a normal close (stdin EOF, `stop`), 128 + the signal
 * number after a signal, shell-style, at any stage. */
static _Noreturn void finish(int signo)
{
    restore_everything();
    exit(signo ? 128 + signo : 0);
}

static int read_signal(int sfd)
{
    struct signalfd_siginfo info;
    if (read(sfd, &info, sizeof info) != (ssize_t)sizeof info) return SIGTERM;
    return (int)info.ssi_signo;
}

/* Waits for the next frame, which must be a control frame: a request. A `stop` request ends
 * the helper here (before `open`, nothing but the device exists). */
static void next_request(int sfd, const uint8_t **body, size_t *len)
{
    uint8_t type;
    struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { sfd, POLLIN, 0 } };
    for (;;) {
        int r = frame_next(&reader, &type, body, len);
        if (r < 0) fail(EXIT_BAD_REQUEST, "frame too large");
        if (r > 0) break;
        int ready = poll(fds, 2, OPEN_TIMEOUT_MS);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) fail(EXIT_BAD_REQUEST, "no open request received");
        if (fds[1].revents) finish(read_signal(sfd));
        long n = frame_fill(&reader, STDIN_FILENO);
        if (n == 0) finish(0); /* the engine went away before asking for anything more */
        if (n < 0) fail(EXIT_RUNTIME, "reading the request failed");
    }
    if (type != FRAME_CONTROL) fail(EXIT_BAD_REQUEST, "expected an open request");
    char err[512];
    int stop = request_is_stop((const char *)*body, *len, err, sizeof err);
    if (stop < 0) fail(EXIT_BAD_REQUEST, err);
    if (stop) finish(0);
}

/* An optional `create` request, then the `open` request. `create` comes while the engine is
 * still in its handshake, so that making the device (the slowest step) is not between the
 * server's PUSH_REPLY and the first packet. */
static void read_requests(int sfd)
{
    const uint8_t *body;
    size_t len;
    char err[512], pattern[IFNAME_LEN];
    next_request(sfd, &body, &len);
    int created = request_parse_create((const char *)body, len, pattern, sizeof pattern, err, sizeof err);
    if (created < 0) fail(EXIT_BAD_REQUEST, err);
    if (created) {
        /* Only a head start: if it fails, open_device() tries again and reports why. */
        tun_fd = tun_open(pattern, device_name, sizeof device_name, err, sizeof err);
        next_request(sfd, &body, &len);
    }
    if (request_parse((const char *)body, len, &request, err, sizeof err) < 0) fail(EXIT_BAD_REQUEST, err);
    if (created && strcmp(request.name, pattern) != 0)
        fail(EXIT_BAD_REQUEST, "the open request names another device than the create request");
}

/* Replies `ok` as soon as the device carries packets, relays what the kernel queued meanwhile,
 * and only then changes DNS, which is the slowest step (a file rewrite, or resolvectl runs),
 * before replying `configured`. The engine announces the tunnel on `configured`. */
static void open_device(void)
{
    char err[512];
    /* Everything that can refuse without changing anything comes first. */
    if ((request.redirect_ipv4 || request.redirect_ipv6) && net_claim_full_tunnel(err, sizeof err) < 0) fail(EXIT_RUNTIME, err);
    if (dns_prepare(&request, err, sizeof err) < 0) fail(EXIT_RUNTIME, err);
    if (net_init(err, sizeof err) < 0 || net_lookup_server_routes(&request, err, sizeof err) < 0) fail(EXIT_RUNTIME, err);
    if (tun_fd < 0 && (tun_fd = tun_open(request.name, device_name, sizeof device_name, err, sizeof err)) < 0)
        fail(EXIT_RUNTIME, err);
    net_name_full_tunnel(device_name);
    if (net_configure(device_name, &request, err, sizeof err) < 0) fail(EXIT_RUNTIME, err);
    reply("ok", NULL, device_name);
    if (relay_from_tun(tun_fd, STDOUT_FILENO, request.mtu, err, sizeof err) < 0) fail(EXIT_RUNTIME, err);
    if (dns_apply(device_name, &request, err, sizeof err) < 0) fail(EXIT_RUNTIME, err);
    reply("configured", NULL, NULL);
}

/* Handles the frames read so far: packet batches go to the TUN. Returns 1 on a `stop` request;
 * anything else is a protocol error (exits through fail()). */
static int handle_frames(char *err, size_t errlen)
{
    uint8_t type;
    const uint8_t *body;
    size_t len;
    int r;
    while ((r = frame_next(&reader, &type, &body, &len)) > 0) {
        if (type == FRAME_CONTROL && request_is_stop((const char *)body, len, err, errlen) == 1) return 1;
        if (type != FRAME_PACKETS) fail(EXIT_BAD_REQUEST, "unexpected control message after open");
        if (relay_to_tun(tun_fd, body, len, request.mtu, err, errlen) < 0) fail(EXIT_BAD_REQUEST, err);
    }
    if (r < 0) fail(EXIT_BAD_REQUEST, "frame too large");
    return 0;
}

/* Relays until stdin closes or a `stop` request comes (returns 0) or a signal arrives (returns
 * its number); errors exit through fail(). */
static int relay(int sfd)
{
    char err[256];
    struct pollfd fds[3] = { { STDIN_FILENO, POLLIN, 0 }, { tun_fd, POLLIN, 0 }, { sfd, POLLIN, 0 } };
    /* Frames that came in the same read as the open request: poll() would not wake for them. */
    if (handle_frames(err, sizeof err)) return 0;
    for (;;) {
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            fail(EXIT_RUNTIME, "poll failed");
        }
        if (fds[2].revents) return read_signal(sfd);
        if (fds[1].revents & POLLIN) {
            if (relay_from_tun(tun_fd, STDOUT_FILENO, request.mtu, err, sizeof err) < 0) fail(EXIT_RUNTIME, err);
        }
        if (fds[0].revents) {
            if (frame_fill(&reader, STDIN_FILENO) <= 0) return 0;
            if (handle_frames(err, sizeof err)) return 0;
        }
    }
}

int main(void)
{
    int sfd = harden();
    if (sfd < 0) {
        reply("error", "cannot set up signal handling", NULL);
        return EXIT_RUNTIME;
    }
    read_requests(sfd);
    open_device();
    /* A signal (including the parent's death) is not a normal close: finish() says so. */
    finish(relay(sfd));
}
