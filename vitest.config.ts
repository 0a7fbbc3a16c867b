import { defineConfig } from 'vitest/config';

// One runner for every suite. Unit tests are pure Node; the netns suites start real peers
// (stock openvpn, strongSwan) in namespaces they create; e2e drives Debian's Chromium.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          setupFiles: ['test/support/short-test-names.ts'],
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'netns',
          setupFiles: ['test/support/short-test-names.ts'],
          include: ['test/netns/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          setupFiles: ['test/support/short-test-names.ts'],
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
