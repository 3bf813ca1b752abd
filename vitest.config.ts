import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for a browser page as long as the browser helper's own waits (1 s by default).
    expect: { poll: { timeout: 15_000 } },
    // Tests start real servers and processes; two cores, so keep parallelism modest.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
