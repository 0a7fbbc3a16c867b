#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *const clean_env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL };

const char *find_program(const char *const *candidates)
{
    for (; *candidates; candidates++) {
        struct stat st;
        if (stat(*candidates, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0 &&
            !(st.st_mode & (S_IWGRP | S_IWOTH)) && (st.st_mode & S_IXUSR))
            return *candidates;
    }
    return NULL;
}

/* Reads both pipes until EOF, bounded by the buffers (extra output is discarded). */
static void drain(int out_fd, char *out, size_t outlen, int err_fd, char *err, size_t errlen)
{
    size_t on = 0, en = 0;
    char scratch[512];
    struct pollfd fds[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, 10000) <= 0) break; /* a wedged child: give up reading, waitpid kills */
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char *buf = i == 0 ? out : err;
            size_t cap = i == 0 ? outlen : errlen, *used = i == 0 ? &on : &en;
            ssize_t n;
            if (buf && *used + 1 < cap) n = read(fds[i].fd, buf + *used, cap - 1 - *used);
            else n = read(fds[i].fd, scratch, sizeof scratch);
            if (n > 0 && buf && *used + 1 < cap) *used += (size_t)n;
            if (n == 0 || (n < 0 && errno != EINTR)) { fds[i].fd = -1; open_fds--; }
        }
    }
    if (out && outlen) out[on] = '\0';
    if (err && errlen) {
        err[en] = '\0';
        char *nl = strchr(err, '\n');
        if (nl) *nl = '\0';
    }
}

int run_program(char *const argv[], char *out, size_t outlen, char *err, size_t errlen)
{
    int po[2], pe[2];
    if (err && errlen) err[0] = '\0';
    if (pipe2(po, O_CLOEXEC) < 0) return -1;
    if (pipe2(pe, O_CLOEXEC) < 0) { close(po[0]); close(po[1]); return -1; }
    pid_t pid = fork();
    if (pid < 0) { close(po[0]); close(po[1]); close(pe[0]); close(pe[1]); return -1; }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0) _exit(127);
        execve(argv[0], argv, clean_env);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    drain(po[0], out, outlen, pe[0], err, errlen);
    close(po[0]);
    close(pe[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
    return -1;
}
