import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['common/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}', 'models/**/*.test.ts', 'bench/**/*.test.ts', 'tests/*.test.ts'], exclude: ['**/*.int.test.ts', 'node_modules/**'] } },
      {
        test: {
          name: 'integration',
          include: ['server/**/*.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // PostgreSQL-only files (two server instances on one database) have no cases without
          // TEST_DATABASE_URL. The runner honours this per project; the project type omits it.
          ...{ passWithNoTests: true },
        },
      },
    ],
  },
});
