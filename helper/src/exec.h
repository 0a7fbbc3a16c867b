/* Running the one program the helper needs (resolvectl, dns.c): absolute paths only, owned by
 * root and not writable by group or others, execve with a fixed environment, never a shell.
 * The child starts clean (no blocked signals, default dispositions, no inherited descriptors
 * but stdio) and is killed if it has not finished within a bounded time. */
#ifndef GANGWAY_EXEC_H
#define GANGWAY_EXEC_H

#include <stddef.h>

/* How long a child may run before it is killed. resolvectl answers in milliseconds; the bound
 * only matters for a hung one, which must not hang the helper, not even while it restores. A
 * test build (make test) uses a shorter bound so that its test of a hung program is quick. */
#ifndef CHILD_TIMEOUT_MS
#define CHILD_TIMEOUT_MS 5000
#endif

/* The first trusted executable among `candidates` (NULL-terminated), or NULL. */
const char *find_program(const char *const *candidates);

/* Runs argv (argv[0] an absolute path) with stdin and stdout on /dev/null, and puts the first
 * line of its stderr into err (or why it did not run, or that it was killed). Returns its exit
 * status, or -1 if it could not run, was killed or did not finish within CHILD_TIMEOUT_MS. */
int run_program(char *const argv[], char *err, size_t errlen);

#endif
