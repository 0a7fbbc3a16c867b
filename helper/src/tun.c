#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int tun_open(const char *pattern, char *name_out, size_t name_len, char *err, size_t errlen)
{
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open /dev/net/tun: %s", strerror(errno));
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    /* EXCL: never attach to someone else's (persistent) device of the same name. */
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_TUN_EXCL;
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", pattern);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        snprintf(err, errlen, "cannot create TUN device %s: %s", pattern, strerror(errno));
        close(fd);
        return -1;
    }
    snprintf(name_out, name_len, "%s", ifr.ifr_name);
    return fd;
}
