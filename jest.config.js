// Jest runs TypeScript through SWC (fast, no type-check; `npm run typecheck` does that).
/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  // lit and its helpers ship as ESM only.
  transformIgnorePatterns: ['/node_modules/(?!(lit|lit-html|lit-element|@lit|@lit-labs|marked|croner)/)'],
  testMatch: ['<rootDir>/{packages/*,functions,local,web,test}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30_000,
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
