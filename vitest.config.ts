import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['router/**/*.test.ts', 'scorer/**/*.test.ts', 'datasets/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Compile dist/ first: tests that start bin/switchyard.mjs run the compiled code of this checkout.
    globalSetup: ['test/support/build-dist.ts'],
  },
});
