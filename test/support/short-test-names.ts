import { beforeEach } from 'vitest';

/**
 * Every suite loads this: a test whose name is longer than this fails before it runs. Names end
 * up in every log line of the CI run; one test once formatted an 8 MiB byte array into its name
 * and made the log ~100 MB. Summarize data in names (lengths, not contents).
 */
export const MAX_TEST_NAME_CHARS = 200;

beforeEach(({ task }) => {
  if (task.name.length > MAX_TEST_NAME_CHARS) {
    throw new Error(
      `test name is ${task.name.length} characters (limit ${MAX_TEST_NAME_CHARS}); ` +
        `summarize the data it formats: ${task.name.slice(0, 80)}…`,
    );
  }
});
