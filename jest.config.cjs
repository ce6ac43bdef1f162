// One Jest configuration, three kinds of test told apart by file name:
//   *.spec.ts      unit tests, pure logic, fakes allowed           (project "unit")
//   *.int-spec.ts  integration tests against the real local stack (project "integration")
//   *.e2e-spec.ts  flows across running services                  (project "e2e")
// Nx targets test / int-test / e2e-test select one kind and one project folder.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('*', '(.*)')}$`,
    `<rootDir>/${target.replace('*', '$1')}`,
  ]),
);

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const kind = (displayName, suffix, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/{services,libs,tools}/**/*.${suffix}.ts`],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  ...extra,
});

// Run with NODE_OPTIONS=--experimental-vm-modules (nx.json sets it): the OpenTelemetry OTLP
// exporter loads node:http with a dynamic import(), which Jest's sandbox refuses without it.
module.exports = {
  reporters: ['default', '<rootDir>/libs/testing/src/reporters/totals-reporter.cjs'],
  projects: [
    kind('unit', 'spec'),
    kind('integration', 'int-spec', {
      globalSetup: '<rootDir>/libs/testing/src/stack/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/stack/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/stack/real-stack-timeouts.ts'],
    }),
    kind('e2e', 'e2e-spec', {
      globalSetup: '<rootDir>/libs/testing/src/stack/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/stack/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/stack/real-stack-timeouts.ts'],
    }),
  ],
};
