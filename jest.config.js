// Jest runs TypeScript through SWC (fast, no type-check; `npm run typecheck` does that).
// Four projects, each runnable alone (`npm run test:unit`, `test:stack`, `test:browser`,
// `test:infra`); `npm test` runs them all.
//   unit     no stack and no browser: the packages' own tests (local servers at most)
//   stack    the whole local stack in the test process: API, chat, runs, `npm start`
//   browser  the web app in Debian's Chromium against the local stack
//   infra    Terraform, Hosting, rules, bundles and deploy scripts, checked statically
/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, useDefineForClassFields: false },
      },
      module: { type: 'commonjs' },
    },
  ],
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testMatch,
  testEnvironment: 'node',
  transform,
  // lit and its helpers ship as ESM only.
  transformIgnorePatterns: ['/node_modules/(?!(lit|lit-html|lit-element|@lit|@lit-labs|marked|croner)/)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  ...extra,
});

// The browser tests and `npm start` serve web/dist: built once, before any of them runs.
const buildsWeb = { globalSetup: '<rootDir>/test/support/global-setup.js' };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30_000,
  // One worker per core (Jest's default leaves one core idle): most tests wait on
  // sockets, the stack or the browser rather than on the CPU.
  maxWorkers: '100%',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    project('unit', [
      '<rootDir>/packages/*/test/**/*.test.ts',
      '<rootDir>/functions/test/**/*.test.ts',
      '<rootDir>/local/test/**/*.test.ts',
      '<rootDir>/web/test/**/*.test.ts',
    ]),
    project('stack', ['<rootDir>/test/{api,chat,runs,qa,e2e,local,deliveries}/**/*.test.ts'], buildsWeb),
    project('browser', ['<rootDir>/test/browser/**/*.test.ts'], buildsWeb),
    project('infra', [
      '<rootDir>/test/infra/**/*.test.ts',
      '<rootDir>/test/terraform.test.ts',
      '<rootDir>/test/build.test.ts',
      '<rootDir>/test/rules.test.ts',
    ]),
  ],
};
