#include "netlink.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int nl_fd = -1;
static unsigned int nl_seq;
static char ext_ack[200]; /* the kernel's explanation of the last error, if it gave one */

const char *nl_error_text(void)
{
    return ext_ack;
}

/* Keeps the NLMSGERR_ATTR_MSG text of an error answer (extended ack). */
static void keep_ext_ack(const struct nlmsghdr *h)
{
    const struct nlmsgerr *e = NLMSG_DATA(h);
    size_t skip = NLMSG_ALIGN(sizeof *e);
    if (!(h->nlmsg_flags & NLM_F_CAPPED)) skip += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_ALIGN(sizeof e->msg);
    if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || NLMSG_LENGTH(skip) > h->nlmsg_len) return;
    const char *at = (const char *)NLMSG_DATA(h) + skip, *end = (const char *)h + h->nlmsg_len;
    while (at + NLA_HDRLEN <= end) {
        const struct nlattr *a = (const struct nlattr *)at;
        if (a->nla_len < NLA_HDRLEN || at + a->nla_len > end) return;
        if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
            snprintf(ext_ack, sizeof ext_ack, "%.*s", (int)(a->nla_len - NLA_HDRLEN), at + NLA_HDRLEN);
            return;
        }
        at += NLA_ALIGN(a->nla_len);
    }
}

int nl_open(void)
{
    if (nl_fd >= 0) return 0;
    nl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (nl_fd < 0) return -errno;
    int one = 1; /* older kernels lack extended acks; errors then carry only errno */
    setsockopt(nl_fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    return 0;
}

void *nl_start(struct nl_msg *m, int type, int flags, size_t hdrlen)
{
    memset(m, 0, sizeof *m);
    m->h.nlmsg_len = (unsigned int)NLMSG_LENGTH(hdrlen);
    m->h.nlmsg_type = (unsigned short)type;
    m->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
    return NLMSG_DATA(&m->h);
}

void nl_attr(struct nl_msg *m, int type, const void *data, size_t len)
{
    size_t at = NLMSG_ALIGN(m->h.nlmsg_len);
    if (at + NLA_HDRLEN + NLA_ALIGN(len) > sizeof m->raw) return; /* never with our few attributes */
    struct nlattr *a = (struct nlattr *)(m->raw + at);
    a->nla_type = (unsigned short)type;
    a->nla_len = (unsigned short)(NLA_HDRLEN + len);
    memcpy((char *)a + NLA_HDRLEN, data, len);
    m->h.nlmsg_len = (unsigned int)(at + NLA_HDRLEN + NLA_ALIGN(len));
}

int nl_talk(struct nl_msg *m, struct nl_msg *reply)
{
    m->h.nlmsg_seq = ++nl_seq;
    ext_ack[0] = '\0';
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(nl_fd, m, m->h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) return -errno;
    static struct nl_msg buf[8]; /* one datagram; the kernel's answers to us are small */
    for (;;) {
        ssize_t n = recv(nl_fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -errno;
        int len = (int)n;
        for (struct nlmsghdr *h = &buf[0].h; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_seq != nl_seq) continue; /* a late answer to an earlier request */
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = NLMSG_DATA(h);
                if (e->error) keep_ext_ack(h);
                return e->error;
            }
            if (reply && h->nlmsg_len <= sizeof reply->raw) {
                memcpy(reply, h, h->nlmsg_len);
                return 0;
            }
        }
    }
}
