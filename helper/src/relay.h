/* The packet relay between the TUN device and stdin/stdout. */
#ifndef GANGWAY_RELAY_H
#define GANGWAY_RELAY_H

#include <stddef.h>
#include <stdint.h>

#define BATCH_MAX_PACKETS 64

/* Reads packets from the TUN until EAGAIN, BATCH_MAX_PACKETS or a full frame, and writes
 * them as one packet-batch frame to out_fd. Returns packets relayed, or -1 on error. */
int relay_from_tun(int tun_fd, int out_fd, int mtu, char *err, size_t errlen);

/* Validates a packet-batch body and writes each packet to the TUN. Returns 0, or -1 with err. */
int relay_to_tun(int tun_fd, const uint8_t *body, size_t len, int mtu, char *err, size_t errlen);

#endif
