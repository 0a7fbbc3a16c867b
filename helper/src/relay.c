#include "relay.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "frame.h"

int relay_from_tun(int tun_fd, int out_fd, int mtu, char *err, size_t errlen)
{
    static uint8_t body[FRAME_MAX_BODY];
    size_t off = 2;
    int count = 0;
    while (count < BATCH_MAX_PACKETS && off + 2 + (size_t)mtu <= sizeof body) {
        /* All the room left, not just the MTU: a packet is never truncated, even if someone
         * raised the device's MTU behind our back. */
        size_t room = sizeof body - off - 2;
        ssize_t n = read(tun_fd, body + off + 2, room > 65535 ? 65535 : room);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n < 0) {
            snprintf(err, errlen, "reading the TUN device failed: %s", strerror(errno));
            return -1;
        }
        if (n == 0) break;
        body[off] = (uint8_t)(n >> 8);
        body[off + 1] = (uint8_t)n;
        off += 2 + (size_t)n;
        count++;
    }
    if (count == 0) return 0;
    body[0] = (uint8_t)(count >> 8);
    body[1] = (uint8_t)count;
    if (frame_write(out_fd, FRAME_PACKETS, body, off) < 0) {
        snprintf(err, errlen, "writing to the engine failed: %s", strerror(errno));
        return -1;
    }
    return count;
}

int relay_to_tun(int tun_fd, const uint8_t *body, size_t len, int mtu, char *err, size_t errlen)
{
    if (len < 2) {
        snprintf(err, errlen, "malformed packet batch: no count");
        return -1;
    }
    size_t count = (size_t)body[0] << 8 | body[1], off = 2;
    /* Validate the whole batch before writing any of it. */
    for (size_t i = 0; i < count; i++) {
        if (off + 2 > len) { snprintf(err, errlen, "malformed packet batch: truncated"); return -1; }
        size_t n = (size_t)body[off] << 8 | body[off + 1];
        if (n == 0 || off + 2 + n > len) { snprintf(err, errlen, "malformed packet batch: truncated"); return -1; }
        if (n > (size_t)mtu) { snprintf(err, errlen, "packet of %zu bytes is larger than the MTU (%d)", n, mtu); return -1; }
        unsigned version = body[off + 2] >> 4;
        if (version != 4 && version != 6) { snprintf(err, errlen, "packet is not IPv4 or IPv6"); return -1; }
        off += 2 + n;
    }
    if (off != len) { snprintf(err, errlen, "malformed packet batch: trailing bytes"); return -1; }
    off = 2;
    for (size_t i = 0; i < count; i++) {
        size_t n = (size_t)body[off] << 8 | body[off + 1];
        /* A full queue or a packet the kernel refuses is dropped, as a NIC would. */
        while (write(tun_fd, body + off + 2, n) < 0 && errno == EINTR) {
        }
        off += 2 + n;
    }
    return 0;
}
