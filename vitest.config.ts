import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const jsx = { oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } } };

// The collector (examples/collector) imports the browser package's schemas by their public name.
const alias = { 'aftercare/schema': fileURLToPath(new URL('./src/for-collectors.ts', import.meta.url)) };

export default defineConfig({
  ...jsx,
  resolve: { alias },
  test: {
    // Two files at a time on this 2-core machine, for the suites that wait on processes and sockets
    // more than on the CPU; the PostgreSQL suite and then the browser suite run after them (groupOrder),
    // one file at a time and alone, so a page's timing never shares the machine with other tests.
    maxWorkers: 2,
    projects: [
      {
        ...jsx,
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // Some unit tests start real processes (the webhook receiver, the packed collector): room for a slow machine.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        ...jsx,
        resolve: { alias },
        test: {
          name: 'component',
          include: ['tests/component/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/setup-dom.ts'],
          // Above testing-library's 5 s wait (tests/setup-dom.ts), so a slow findBy fails by its own message.
          testTimeout: 15_000,
        },
      },
      {
        ...jsx,
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/setup-dom.ts'],
          // Real fake-indexeddb and msw round trips, waited for up to 5 s each (ROUND_TRIP in helpers.ts).
          testTimeout: 15_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // The collector package's own suites (examples/collector/tests/): real collectors over HTTP,
          // real receiver and collector processes.
          name: 'collector',
          include: ['examples/collector/tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // The collector on a real PostgreSQL server: one throwaway cluster (global setup), a database per file.
          name: 'collector-postgres',
          include: ['examples/collector/tests/postgres/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['examples/collector/tests/postgres/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          // A page's render, read or sync can take seconds on a shared 2-core machine: expect.poll
          // waits up to 10 s (vitest's own default is 1 s).
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
