#!/usr/bin/env node
/*
 * Regenerates the pictures of the user guides (docs/使用說明.md, docs/user-guide.md), with the project's own engines.
 *
 *   node scripts/guide-pictures.js        (npm run guide:pictures)
 *
 * 1. docs/images/form-1..4.png: the first printed page of the plan, the scorecard, the summary and the tracking
 *    sheet of the example workbook (`scorecard template --example`), printed by LibreOffice to PDF and rendered
 *    by pdftoppm at 60 dpi. Needs soffice, pdftoppm and pdftotext, and the CLI compiled to lib/ (npm ci does it).
 * 2. docs/images/pane.png: the built task pane (dist/taskpane.html; `npm run build` runs when it is missing) in
 *    headless Chromium, against the fake Excel the browser tests use (test/browser/fakeOffice.ts, served for
 *    office.js), after inserting the example and typing one score above its cap. Skipped with a notice when
 *    /usr/bin/chromium is missing.
 *
 * Exits 1 when a picture cannot be made.
 */
'use strict';
/* global window, document -- inside page.evaluate and friends, which run in the browser */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const { URL } = require('node:url');

const ROOT = path.resolve(__dirname, '..');
const IMAGES = path.join(ROOT, 'docs', 'images');
const DIST = path.join(ROOT, 'dist');
const CHROMIUM = '/usr/bin/chromium';

/** Each sheet's first page is the first page whose text holds its title (titles are not repeated on later pages). */
const FORMS = [
  { n: 1, title: '執行計畫', find: /提升服務效能執行計畫(?!考核)/ },
  { n: 2, title: '考核評分表', find: /考核項目及評分表/ },
  { n: 3, title: '彙整表', find: /自行考核結果彙整表/ },
  { n: 4, title: '改善追蹤', find: /建議改善事項辦理情形表/ },
];

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 180000, ...opts });
}

function forms(tmp) {
  const xlsx = path.join(tmp, 'example.xlsx');
  run(process.execPath, [path.join(ROOT, 'bin', 'scorecard.js'), 'template', '--example', '--out', xlsx]);
  // A profile of its own, so a running LibreOffice (or a test's) is neither used nor disturbed.
  run('soffice', [
    '--headless',
    `-env:UserInstallation=file://${path.join(tmp, 'lo-profile')}`,
    '--convert-to',
    'pdf',
    '--outdir',
    tmp,
    xlsx,
  ]);
  const pdf = path.join(tmp, 'example.pdf');
  if (!fs.existsSync(pdf)) throw new Error('LibreOffice wrote no PDF');
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]).toString())[1]);
  const texts = [];
  for (let p = 1; p <= pages; p++) {
    texts.push(
      run('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'])
        .toString()
        .replace(/\s+/g, '')
    );
  }
  let from = 0;
  for (const form of FORMS) {
    const i = texts.findIndex((t, k) => k >= from && form.find.test(t));
    if (i < 0) throw new Error(`no page of the PDF holds the title of ${form.title}`);
    from = i + 1;
    const out = path.join(IMAGES, `form-${form.n}`);
    run('pdftoppm', ['-png', '-r', '60', '-f', String(i + 1), '-l', String(i + 1), '-singlefile', pdf, out]);
    console.log(`docs/images/form-${form.n}.png: ${form.title}, page ${i + 1} of ${pages}`);
  }
}

/** test/browser/fakeOffice.ts as one classic script (as test/browser/harness.ts bundles it). */
async function bundleFakeOffice(tmp) {
  const webpack = require('webpack');
  const out = path.join(tmp, 'fake-office');
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    target: ['web', 'es2020'],
    context: ROOT,
    entry: path.join(ROOT, 'test', 'browser', 'fakeOffice.ts'),
    output: { path: out, filename: 'office.js', iife: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.join(ROOT, 'tsconfig.json'),
              compilerOptions: { module: 'esnext', moduleResolution: 'bundler', rootDir: ROOT, sourceMap: false },
            },
          },
        },
      ],
    },
    infrastructureLogging: { level: 'error' },
  });
  const stats = await new Promise((resolve, reject) => compiler.run((err, s) => (err ? reject(err) : resolve(s))));
  await new Promise((resolve) => compiler.close(resolve));
  if (stats.hasErrors()) throw new Error(`bundling the fake office.js failed:\n${stats.toString('errors-only')}`);
  return fs.readFileSync(path.join(out, 'office.js'), 'utf8');
}

function serveDist() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
  const server = http.createServer((req, res) => {
    const file = path.resolve(DIST, `.${decodeURIComponent(new URL(req.url || '/', 'http://x').pathname)}`);
    if (!file.startsWith(DIST + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function pane(tmp) {
  if (!fs.existsSync(CHROMIUM)) {
    console.warn(`docs/images/pane.png NOT regenerated: ${CHROMIUM} is missing (apt-get install chromium).`);
    return;
  }
  if (!fs.existsSync(path.join(DIST, 'taskpane.html'))) run('npm', ['run', 'build']);
  const fakeOffice = await bundleFakeOffice(tmp);
  const server = await serveDist();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'zh-TW' });
    const page = await context.newPage();
    // No network: only the local server, and office.js from the fake (the later route wins).
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    await page.route('**/office.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: fakeOffice })
    );
    await page.addInitScript(() => {
      window.fakeExcelOptions = { displayLanguage: 'zh-TW' };
    });
    await page.goto(`${origin}/taskpane.html`, { waitUntil: 'load' });
    await page.locator('.card-scores').waitFor();
    const officeId = await page.getAttribute('label:has-text("區營業處名稱")', 'for');
    await page.fill(`#${officeId}`, '台東區營業處');
    // The pane proposes the current year and half; the example is 114, 1 月至 6 月.
    await page.fill(`#${await page.getAttribute('label:has-text("年度")', 'for')}`, '114');
    await page.check('label:has-text("1 月至 6 月")');
    await page.check('label:has-text("填入範例")');
    await page.click('button:has-text("插入範本")');
    await page.locator('.card-insert .report-summary').waitFor();
    // One score above its cap, as a paste lets through: the pane lists it and the total is not final.
    const scores = await page.evaluate(() => window.fakeExcel.names().find((x) => x.name === 'SelfScores'));
    const [col, row] = /^([A-Z]+)(\d+)/.exec(scores.range).slice(1);
    await page.evaluate(([s, a]) => window.fakeExcel.edit(s, a, 101), [scores.sheet, `${col}${row}`]);
    await page.locator('.problem').first().waitFor({ timeout: 10000 });
    await page.waitForFunction(() => /總分未定/.test(document.querySelector('.total-note')?.textContent || ''));
    await page.screenshot({ path: path.join(IMAGES, 'pane.png'), fullPage: true });
    console.log('docs/images/pane.png: the pane after inserting the example and typing 101 into the first score');
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function main() {
  fs.mkdirSync(IMAGES, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-pictures-'));
  try {
    forms(tmp);
    await pane(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  const out = e && e.stderr ? `\n${e.stderr.toString()}` : '';
  console.error(`guide-pictures: ${e && e.message ? e.message : e}${out}`);
  process.exit(1);
});
