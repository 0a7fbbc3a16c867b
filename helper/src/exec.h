/* Running the few programs the helper needs (ip, resolvectl): absolute paths only, owned by
 * root and not writable by others, execve with a fixed environment, never a shell. */
#ifndef GANGWAY_EXEC_H
#define GANGWAY_EXEC_H

#include <stddef.h>

/* The first trusted executable among `candidates` (NULL-terminated), or NULL. */
const char *find_program(const char *const *candidates);

/* Runs argv (argv[0] an absolute path). Captures stdout into out (NUL-terminated, may be NULL)
 * and the first line of stderr into err. Returns the exit status, or -1 if it did not run. */
int run_program(char *const argv[], char *out, size_t outlen, char *err, size_t errlen);

#endif
