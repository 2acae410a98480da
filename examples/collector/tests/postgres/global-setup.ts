// One throwaway PostgreSQL cluster for the whole `postgres` project; each test file makes its own database.
import type { TestProject } from 'vitest/node';
import { startCluster } from '../../../../scripts/pg-cluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startCluster();
  project.provide('pgUrl', cluster.url());
  return () => cluster.stop();
}
