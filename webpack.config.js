/*
 * Builds the add-in into dist/: taskpane.{html,js}, commands.{html,js}, assets/*.png, manifest.xml.
 *
 *   npm run build        production: minified, tree-shaken; manifest URLs rewritten to $ADDIN_URL
 *   npm run build:dev    development: source maps, manifest copied as is
 *   npm run dev-server   https://localhost:3000/ with the office-addin-dev-certs certificate
 *
 * office.js is not bundled: each page loads it from Microsoft's CDN with a script tag, so `Office` and `Excel`
 * are globals. Type checking is `npm run typecheck`; ts-loader only transpiles.
 *
 * Both pages carry a Content-Security-Policy <meta> (see the templates): scripts only from 'self' and the
 * office.js CDN, no inline script, no eval. So everything webpack emits is an external file, and nothing in
 * the runtime may need `new Function` (see output.publicPath). Budgets: test/bundle.test.ts.

 * dist/ is webpack's alone: the command line compiles to lib/ (tsconfig.build.json).
 */
'use strict';

const path = require('node:path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
const DEV_PORT = 3000;
/** webpack-dev-server's live-reload socket; a CSP 'self' does not cover wss: in older webviews (EdgeHTML 18). */
const DEV_SOCKET = `wss://localhost:${DEV_PORT}`;
const dist = path.resolve(__dirname, 'dist');
const src = path.resolve(__dirname, 'src');

/** The pages: one folder per entry point, as in the Office add-in template. */
const PAGES = {
  taskpane: { entry: './src/taskpane/taskpane.ts', template: './src/taskpane/taskpane.html' },
  commands: { entry: './src/commands/commands.ts', template: './src/commands/commands.html' },
};

/** The origin the production manifest points at: $ADDIN_URL (https, ending in '/'), or localhost with a warning. */
function productionUrl() {
  const url = process.env.ADDIN_URL;
  if (!url) {
    console.warn(
      `\n[webpack] WARNING: ADDIN_URL is not set; dist/manifest.xml keeps ${DEV_URL}.\n` +
        '          Set it to where dist/ will be served, e.g. ADDIN_URL=https://addins.example.com/scorecard/ npm run build\n'
    );
    return DEV_URL;
  }
  if (!/^https:\/\/[^/\s]+(\/[^\s]*)?\/$/.test(url)) {
    throw new Error(`ADDIN_URL must be an https URL ending in '/' (Office loads add-ins over https only); got "${url}"`);
  }
  return url;
}

module.exports = async (env = {}, argv = {}) => {
  const production = argv.mode === 'production';
  const serving = Boolean(env.WEBPACK_SERVE);
  const addinUrl = production ? productionUrl() : DEV_URL;

  return {
    mode: production ? 'production' : 'development',
    // ES2017: Office 2019 (ExcelApi 1.7) runs add-ins in EdgeHTML 18, which has no object spread or `?.`.
    target: ['web', 'es2017'],
    devtool: production ? false : 'source-map',
    context: __dirname,
    entry: Object.fromEntries(Object.entries(PAGES).map(([name, page]) => [name, page.entry])),
    output: {
      path: dist,
      filename: '[name].js',
      // Chunks load relative to the page, which sits beside them in dist/. An explicit path (rather than
      // 'auto') drops the runtime that finds the script's own URL through a global object, which falls back
      // to `new Function('return this')` where globalThis is missing (EdgeHTML 18): the CSP forbids eval.
      publicPath: '',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
      // `import('./x.js')` in TypeScript (node16 resolution) means ./x.ts here.
      extensionAlias: { '.js': ['.ts', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          include: src,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: 'tsconfig.json',
              compilerOptions: {
                // tsconfig.json says node16 (CommonJS for this package); webpack needs ES modules to tree-shake.
                module: 'esnext',
                moduleResolution: 'bundler',
                target: 'ES2017',
                // TypeScript 6 wants rootDir when it emits (TS5011); the emit goes to webpack, not to disk.
                rootDir: __dirname,
                sourceMap: !production,
              },
            },
          },
        },
        {
          // zod ships ES2020+; lower it to the same ES2017 as our own code.
          test: /\.m?js$/,
          include: /node_modules[\\/]zod[\\/]/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: 'tsconfig.json',
              compilerOptions: {
                allowJs: true,
                checkJs: false,
                module: 'esnext',
                moduleResolution: 'bundler',
                target: 'ES2017',
                rootDir: __dirname,
                sourceMap: false,
              },
            },
          },
        },
        {
          // Our modules only declare things; the entries (which call Office.onReady) are always kept anyway.
          test: /\.ts$/,
          include: src,
          exclude: Object.values(PAGES).map((page) => path.resolve(__dirname, page.entry)),
          sideEffects: false,
        },
      ],
    },
    externals: {
      // Never bundle office.js: the pages load it from the CDN (see the HTML templates).
      '@microsoft/office-js': 'Office',
    },
    plugins: [
      ...Object.entries(PAGES).map(
        ([name, page]) =>
          new HtmlWebpackPlugin({
            filename: `${name}.html`,
            template: page.template,
            chunks: [name],
            // an external <script defer src>, never inline: the pages' CSP has no 'unsafe-inline'
            scriptLoading: 'defer',
            // The templates' CSP: in development only, webpack-dev-server's live-reload socket.
            templateParameters: { cspDevConnect: production ? '' : ` ${DEV_SOCKET}` },
          })
      ),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          // stylesheets the pages link as plain files (taskpane.html: <link href="taskpane.css">)
          { from: 'src/*/*.css', to: '[name][ext]', noErrorOnMissing: true },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => (production ? content.toString().split(DEV_URL).join(addinUrl) : content),
          },
        ],
      }),
    ],
    optimization: {
      minimize: production,
      usedExports: true,
      sideEffects: true,
      concatenateModules: production,
    },
    performance: {
      // A backstop on raw size; the real budgets (30 KB gzip per page at start) are test/bundle.test.ts's.
      hints: production ? 'warning' : false,
      assetFilter: (file) => file.endsWith('.js'),
      maxAssetSize: 250 * 1024,
      maxEntrypointSize: 250 * 1024,
    },
    devServer: serving
      ? {
          port: DEV_PORT,
          server: {
            type: 'https',
            options: await require('office-addin-dev-certs').getHttpsServerOptions(),
          },
          headers: { 'Access-Control-Allow-Origin': '*' },
          static: false,
          hot: false,
          client: { overlay: { warnings: false } },
        }
      : undefined,
  };
};
