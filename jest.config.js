/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // LibreOffice round trips take seconds (cold start, 120 s soffice timeout
  // + one retry); suites that call test/support/libreoffice.ts may need it.
  testTimeout: 180000,
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        // Transpile each file on its own (no type checking in jest; much
        // faster). Type checking is `npm run typecheck` (tsc --noEmit).
        // Given as a tsconfig override rather than the ts-jest option
        // `isolatedModules`, which ts-jest 29.4 reports as deprecated.
        // TypeScript 6 turns two things in tsconfig.json into errors under
        // ts-jest: moduleResolution "node" (TS5107, deprecated) and a missing
        // rootDir when only test/ files are compiled (TS5011).
        tsconfig: { isolatedModules: true, ignoreDeprecations: '6.0', rootDir: '.' },
      },
    ],
  },
};
