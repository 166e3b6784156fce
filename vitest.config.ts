/** Vitest: unit tests colocated or under test/, integration tests against real stores. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/globalSetup.ts'],
    setupFiles: ['test/setupFastCheck.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/main/engine/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'text'],
    },
  },
});
