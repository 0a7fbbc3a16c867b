#include "frame.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void drop_consumed(struct frame_reader *r)
{
    if (!r->consumed) return;
    memmove(r->buf, r->buf + r->consumed, r->len - r->consumed);
    r->len -= r->consumed;
    r->consumed = 0;
}

long frame_fill(struct frame_reader *r, int fd)
{
    drop_consumed(r);
    for (;;) {
        ssize_t n = read(fd, r->buf + r->len, sizeof r->buf - r->len);
        if (n < 0 && errno == EINTR) continue;
        if (n > 0) r->len += (size_t)n;
        return (long)n;
    }
}

int frame_next(struct frame_reader *r, uint8_t *type, const uint8_t **body, size_t *body_len)
{
    drop_consumed(r);
    if (r->len < 4) return 0;
    uint32_t n = (uint32_t)r->buf[0] << 24 | (uint32_t)r->buf[1] << 16 | (uint32_t)r->buf[2] << 8 | r->buf[3];
    if (n < 1 || n > FRAME_MAX) return -1;
    if (r->len < 4 + (size_t)n) return 0;
    *type = r->buf[4];
    *body = r->buf + 5;
    *body_len = n - 1;
    r->consumed = 4 + (size_t)n;
    return 1;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int frame_write(int fd, uint8_t type, const void *body, size_t body_len)
{
    static uint8_t out[4 + FRAME_MAX];
    if (body_len > FRAME_MAX_BODY) return -1;
    uint32_t n = (uint32_t)body_len + 1;
    out[0] = (uint8_t)(n >> 24);
    out[1] = (uint8_t)(n >> 16);
    out[2] = (uint8_t)(n >> 8);
    out[3] = (uint8_t)n;
    out[4] = type;
    if (body != out + 5) memcpy(out + 5, body, body_len);
    return write_all(fd, out, 5 + body_len);
}
