/* Framing on stdin/stdout (docs/helper-protocol.md): u32 big-endian length, then a type byte
 * and the body. A packet batch body is u16 count, then u16 length + IP packet, per packet. */
#ifndef GANGWAY_FRAME_H
#define GANGWAY_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_CONTROL 0x01
#define FRAME_PACKETS 0x02
/* Largest frame after the length field: type byte + 64 KiB body. */
#define FRAME_MAX_BODY 65536
#define FRAME_MAX (1 + FRAME_MAX_BODY)

struct frame_reader {
    uint8_t buf[2 * (FRAME_MAX + 4)];
    size_t len;
    size_t consumed; /* bytes of the frame handed out by the last frame_next() */
};

/* Reads what is available from fd into the reader. Returns bytes read, 0 at EOF, -1 on error. */
long frame_fill(struct frame_reader *r, int fd);

/* Takes the next complete frame out of the reader. Returns 1 with type, body and body_len set
 * (valid until the next call), 0 when more bytes are needed, -1 for an oversize/empty frame. */
int frame_next(struct frame_reader *r, uint8_t *type, const uint8_t **body, size_t *body_len);

/* Writes one whole frame to fd (blocking). Returns 0, or -1 on error. */
int frame_write(int fd, uint8_t type, const void *body, size_t body_len);

#endif
