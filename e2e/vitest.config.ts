/** Vitest for the browser and Electron end-to-end specs: `npx vitest run --config e2e/vitest.config.ts`. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    testTimeout: 400_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
