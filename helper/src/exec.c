#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child, before execve: the helper blocks TERM/INT/HUP (they arrive through its
 * signalfd) and ignores SIGPIPE, and a blocked mask and ignored signals survive execve. The
 * program gets what a program started from a clean shell gets, in a process group of its own so
 * that a kill reaches anything it started. */
static void start_child(char *const argv[], int err_fd)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL); /* SIGKILL/SIGSTOP fail harmlessly */
    setpgid(0, 0);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(err_fd, 2) < 0) _exit(127);
    close_range(3, ~0U, 0);
    execve(argv[0], argv, clean_env);
    _exit(127);
}

/* Reads the child's stderr until EOF or the deadline; keeps what fits in err. */
static void read_stderr(int fd, char *err, size_t errlen, long deadline)
{
    size_t used = 0;
    char scratch[512];
    struct pollfd pfd = { fd, POLLIN, 0 };
    for (long left; (left = deadline - now_ms()) > 0;) {
        int r = poll(&pfd, 1, (int)left);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return;
        int keep = used + 1 < errlen;
        ssize_t n = keep ? read(fd, err + used, errlen - 1 - used) : read(fd, scratch, sizeof scratch);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        if (keep) used += (size_t)n;
        err[used] = '\0';
    }
}

int run_program(char *const argv[], char *err, size_t errlen)
{
    char scratch[1];
    if (!err || errlen == 0) { err = scratch; errlen = sizeof scratch; }
    err[0] = '\0';
    int pe[2];
    if (pipe2(pe, O_CLOEXEC) < 0) return -1;
    pid_t pid = fork();
    if (pid < 0) { close(pe[0]); close(pe[1]); return -1; }
    if (pid == 0) start_child(argv, pe[1]);
    close(pe[1]);
    long deadline = now_ms() + CHILD_TIMEOUT_MS;
    read_stderr(pe[0], err, errlen, deadline);
    close(pe[0]);
    char *nl = strchr(err, '\n');
    if (nl) *nl = '\0';
    int status = 0;
    pid_t done;
    /* stderr is closed (or the time is up); a child that closed it early may still be running. */
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < deadline) poll(NULL, 0, 10);
    if (done == 0) {
        kill(-pid, SIGKILL); /* its group: a hung child's own children go too */
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        snprintf(err, errlen, "no answer within %d ms, killed", CHILD_TIMEOUT_MS);
        return -1;
    }
    if (done < 0) return -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
    return -1;
}
