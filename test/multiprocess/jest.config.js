/**
 * The multi-process test (`npm run test:multiprocess`): API and worker processes from the built dist/ against one
 * fresh database on the local PostgreSQL server. Not part of `npm test`; CI runs it after the main suite.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/multiprocess/**/*.mp-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 300_000,
  maxWorkers: 1,
};
