// Test tiers by file suffix (see docs/testing.md): *.unit.spec.ts are pure and fast,
// *.int.spec.ts talk to the real PostgreSQL and Kafka, *.e2e.spec.ts drive the HTTP
// API of a started platform. ES modules throughout, so jest runs with
// --experimental-vm-modules and swc emits ES modules.
import { swcOptions, tsconfigPaths } from './tools/scripts/swc-options.mjs';

const moduleNameMapper = {
  ...Object.fromEntries(Object.entries(tsconfigPaths()).map(([alias, [target]]) => [`^${alias.replace('/', '\\/')}$`, `<rootDir>/${target}`])),
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const swc = swcOptions({ withPaths: false });
const common = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, sourceMaps: 'inline' }] },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  setupFiles: ['reflect-metadata'],
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'],
      slowTestThreshold: 30,
      setupFilesAfterEnv: ['<rootDir>/tools/scripts/jest-int-timeout.mjs'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.e2e.spec.ts'],
      slowTestThreshold: 60,
      setupFilesAfterEnv: ['<rootDir>/tools/scripts/jest-e2e-timeout.mjs'],
    },
  ],
};
