/* A minimal rtnetlink client: one request at a time on one socket, answered by an
 * acknowledgement or (for RTM_GET*) by one reply message. */
#ifndef GANGWAY_NETLINK_H
#define GANGWAY_NETLINK_H

#include <linux/netlink.h>
#include <stddef.h>

struct nl_msg {
    union {
        struct nlmsghdr h;
        char raw[1024];
    };
};

/* Opens the socket; returns 0 or -errno. */
int nl_open(void);

/* Starts a request of `type` with `flags` (NLM_F_REQUEST is added) and a zeroed family
 * header of `hdrlen` bytes, which it returns. */
void *nl_start(struct nl_msg *m, int type, int flags, size_t hdrlen);

/* Appends an attribute. */
void nl_attr(struct nl_msg *m, int type, const void *data, size_t len);

/* Sends the request and waits for its answer: 0, or -errno from the kernel (or the socket).
 * With `reply`, the first answering message that is not an error is copied there. */
int nl_talk(struct nl_msg *m, struct nl_msg *reply);

/* The kernel's text for the last error (extended ack), or "" when it gave none. */
const char *nl_error_text(void);

#endif
