/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // LibreOffice round trips take seconds (cold start, 120 s soffice timeout
  // + one retry); suites that call test/support/libreoffice.ts may need it.
  testTimeout: 180000,
  // `import('./x.js')` in TypeScript (node16 resolution) means ./x.ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        // Transpile each file on its own (no type checking in jest; much
        // faster). Type checking is `npm run typecheck` (tsc --noEmit).
        // Given as a tsconfig override rather than the ts-jest option
        // `isolatedModules`, which ts-jest 29.4 reports as deprecated.
        // rootDir: TypeScript 6 otherwise fails every suite with TS5011 (the
        // common source dir of the files ts-jest compiles is ./test, not the
        // project). ignoreDeprecations: keeps a TS 6 deprecation in
        // tsconfig.json (e.g. moduleResolution "node", TS5107) from failing
        // all suites; `npm run typecheck` still reports it.
        // module commonjs: jest's CommonJS runtime cannot run import() (the on-demand chunks of the
        // pane); compiled to require() it can. Builds keep node16 (webpack and Node load the chunks).
        tsconfig: {
          isolatedModules: true,
          ignoreDeprecations: '6.0',
          rootDir: '.',
          module: 'commonjs',
          moduleResolution: 'node10',
        },
      },
    ],
  },
};
