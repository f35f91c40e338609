/*
 * ESLint flat config: the Office add-in rules (eslint-plugin-office-addins "recommended": ESLint's
 * recommended rules, typescript-eslint's no-unused-vars, the office-addins rules about load/sync, and
 * Prettier through eslint-plugin-prettier, which reads .prettierrc.json).
 *
 * The one config for everything that is built or run: src, test, bench, scripts and the tool configs.
 * `npm run lint` is `eslint .` (office-addin-lint would look at src only).
 */
'use strict';

const officeAddins = require('eslint-plugin-office-addins');

// The plugin's recommended config names its parser as `require('@typescript-eslint/parser').default`, which is
// undefined with @typescript-eslint/parser 8 (no default export), so files would be parsed as plain JavaScript.
// office-addin-lint's own config sets the parser again; so do we, taking the copy the plugin depends on.
const tsParser = require(
  require.resolve('@typescript-eslint/parser', { paths: [require.resolve('eslint-plugin-office-addins')] })
);

const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer', 'setTimeout', 'clearTimeout'].map(
    (name) => [name, 'readonly']
  )
);

module.exports = [
  { ignores: ['dist/**', 'dist-bench/**', 'lib/**', 'coverage/**', 'node_modules/**', 'out/**', 'tmp/**'] },
  ...officeAddins.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // TypeScript resolves names itself (Office, Excel, DOM, Node), and knows overloads and declaration merging.
      'no-undef': 'off',
      'no-redeclare': 'off',
      // Sheet text is Traditional Chinese: an ideographic space (U+3000) in a string is content, e.g. the blanks in '年  月  日' on the plan sheet.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }],
    },
  },
  {
    // The office-addins rules model Office.js proxies (load, sync). The .xlsx adapter and the CLI use ExcelJS, and
    // the operations, tests and benchmarks plain data or fakes, whose objects look alike and would be reported falsely.
    files: ['src/adapters/xlsx/**', 'src/cli/**', 'src/operations/**', 'test/**', 'bench/**'],
    rules: Object.fromEntries(Object.keys(officeAddins.rules).map((rule) => [`office-addins/${rule}`, 'off'])),
  },
  {
    // The Office host syncs through a counting wrapper (`await sync()`, reported as `syncs`), and these three
    // rules recognise only a literal `context.sync()`: every read after a wrapped sync would be reported.
    // load-object-before-read also flags navigation used to write (`range.format.font.bold = true`).
    // The other office-addins rules (no sync in loops, no empty or navigational loads, isNullObject) stay on.
    files: ['src/adapters/office/**'],
    rules: {
      'office-addins/call-sync-before-read': 'off',
      'office-addins/call-sync-after-load': 'off',
      'office-addins/load-object-before-read': 'off',
    },
  },
  {
    // Node scripts and tool configs (scripts/*.js, webpack.config.js, jest.config.js, this file).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: nodeGlobals },
  },
];
