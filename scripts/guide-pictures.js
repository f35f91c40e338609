#!/usr/bin/env node
/*
 * Regenerates the pictures of the user guides (docs/使用說明.md, docs/user-guide.md), with the project's own engines.
 *
 *   node scripts/guide-pictures.js        (npm run guide:pictures)
 *
 * 1. Printed pages: workbooks written by the CLI (lib/, compiled by npm ci or `npm run build:cli`), printed by
 *    LibreOffice to PDF and rendered by pdftoppm at 60 dpi. Needs soffice, pdftoppm, pdftotext and pdfinfo.
 *    - docs/images/form-1..4.png: the first page of the plan, the scorecard, the summary and the tracking sheet of
 *      the example workbook (`scorecard template --example`).
 *    - docs/images/form-adopt.png: the first page of the sheet 自評總分核算 that `scorecard adopt` adds to the
 *      Taitung seed pasted by hand (test/support/handmade.ts, style seed-like).
 *    - docs/images/form-next.png: the first page of the next period's tracking sheet (`scorecard next` on the
 *      example), its rows carried over with 「延續自 114 年 1 月至 6 月」.
 * 2. The task pane: the built pane (dist/; `npm run build` runs when it is missing or older than src/) in headless
 *    Chromium, against the fake Excel the browser tests use (test/browser/fakeOffice.ts, served for office.js).
 *    Skipped with a notice when /usr/bin/chromium is missing.
 *    - docs/images/pane.png: after inserting the example and typing one score above its cap.
 *    - docs/images/pane-welcome.png: a workbook without the templates (開始使用: insert, or use my existing sheet).
 *    - docs/images/pane-adopt.png: after 使用我現有的工作表 on the Taitung seed pasted as the browser test pastes it.
 *
 * The hand-made seed comes from the test fixtures (TypeScript), compiled on the fly with the project's typescript.
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
const CLI = path.join(ROOT, 'bin', 'scorecard.js');
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

const scorecard = (...args) => run(process.execPath, [CLI, ...args]);

/**
 * test/support/*.ts, required from this plain script: each .ts file is transpiled to CommonJS as it is loaded
 * (types are not checked here; `npm run typecheck` does that).
 */
function requireTs(file) {
  const ts = require('typescript');
  if (!require.extensions['.ts']) {
    require.extensions['.ts'] = (mod, filename) => {
      const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      mod._compile(out.outputText, filename);
    };
  }
  return require(file);
}

const handmade = () => requireTs(path.join(ROOT, 'test', 'support', 'handmade.ts'));

/** Prints every sheet of xlsx with LibreOffice; returns the PDF and each page's text, whitespace removed. */
function print(xlsx, tmp) {
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
  const pdf = path.join(tmp, `${path.basename(xlsx, '.xlsx')}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF of ${path.basename(xlsx)}`);
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]).toString())[1]);
  const texts = [];
  for (let p = 1; p <= pages; p++) {
    texts.push(
      run('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'])
        .toString()
        .replace(/\s+/g, '')
    );
  }
  return { pdf, texts };
}

/** Renders the first page at or after `from` whose text matches every pattern to docs/images/NAME.png; its index. */
function picture({ pdf, texts }, name, patterns, from = 0, what = name) {
  const i = texts.findIndex((t, k) => k >= from && patterns.every((p) => p.test(t)));
  if (i < 0) throw new Error(`no page of ${path.basename(pdf)} holds ${what}`);
  run('pdftoppm', ['-png', '-r', '60', '-f', String(i + 1), '-l', String(i + 1), '-singlefile', pdf, path.join(IMAGES, name)]);
  console.log(`docs/images/${name}.png: ${what}, page ${i + 1} of ${texts.length}`);
  return i;
}

/** form-1..4.png; returns the example workbook for the next period's picture. */
function forms(tmp) {
  const xlsx = path.join(tmp, 'example.xlsx');
  scorecard('template', '--example', '--out', xlsx);
  const printed = print(xlsx, tmp);
  let from = 0;
  for (const form of FORMS) from = picture(printed, `form-${form.n}`, [form.find], from, form.title) + 1;
  return xlsx;
}

/** form-adopt.png: 自評總分核算, as `scorecard adopt` adds it to the seed pasted by hand. */
async function adoptedForm(tmp) {
  const dir = path.join(tmp, 'handmade');
  fs.mkdirSync(dir);
  const pasted = await handmade().handmadeStyle('seed-like').write(dir);
  const xlsx = path.join(tmp, 'adopted.xlsx');
  scorecard('adopt', pasted, '--out', xlsx);
  picture(print(xlsx, tmp), 'form-adopt', [/自評總分核算/], 0, '自評總分核算 of the adopted seed');
}

/** form-next.png: the next period's tracking sheet, the example's open improvements carried over. */
function nextForm(tmp, example) {
  const xlsx = path.join(tmp, 'next.xlsx');
  scorecard('next', example, '--out', xlsx);
  picture(print(xlsx, tmp), 'form-next', [/建議改善事項辦理情形表/, /延續自114年1月至6月/], 0, 'the next period\u2019s tracking');
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

/** Newest modification time of a file or of any file under a folder. */
function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), st.mtimeMs);
}

/** A pane older than its sources would picture yesterday's pane: build it again then (as the browser test does). */
function ensureBuilt() {
  const js = path.join(DIST, 'taskpane.js');
  const fresh =
    fs.existsSync(js) &&
    fs.existsSync(path.join(DIST, 'taskpane.html')) &&
    fs.statSync(js).mtimeMs >= Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'webpack.config.js')));
  if (!fresh) run('npm', ['run', 'build']);
}

/**
 * The Taitung seed as staff paste it: on 考核評分表 the scorecard as the browser test pastes it (the title lines,
 * then each dimension's table under its own header row); on 彙整表 the summary, findings and tracking tables of the
 * hand-made style seed-like (its cells' values, read with ExcelJS). Each sheet: [sheet, [[A1, value], …]].
 */
async function seedPaste(tmp) {
  const { SEED_SCORECARD_TITLES, SEED_SCORECARD_ROWS, paragraphsOf, handmadeStyle } = handmade();
  const scorecardCells = SEED_SCORECARD_TITLES.map((t, i) => [`A${i + 1}`, t]);
  SEED_SCORECARD_ROWS.forEach((row, i) =>
    row.forEach((t, j) => {
      if (t) scorecardCells.push([`${'ABCD'[j]}${i + 5}`, /^\d+$/.test(t) ? Number(t) : paragraphsOf(t).join('\n')]);
    })
  );
  const dir = path.join(tmp, 'handmade-pane');
  fs.mkdirSync(dir);
  const ExcelJS = require('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await handmadeStyle('seed-like').write(dir));
  const summaryCells = [];
  book.getWorksheet('彙整表').eachRow((row) =>
    row.eachCell((c) => {
      const v = c.value;
      const plain = v && typeof v === 'object' ? (v.richText ? v.richText.map((r) => r.text).join('') : v.result) : v;
      if (typeof plain === 'string' || typeof plain === 'number') summaryCells.push([c.address, plain]);
    })
  );
  return [
    ['考核評分表', scorecardCells],
    ['彙整表', summaryCells],
  ];
}

async function panes(tmp) {
  if (!fs.existsSync(CHROMIUM)) {
    console.warn(
      `docs/images/pane.png, pane-welcome.png, pane-adopt.png NOT regenerated: ${CHROMIUM} is missing (apt-get install chromium).`
    );
    return;
  }
  ensureBuilt();
  const fakeOffice = await bundleFakeOffice(tmp);
  const server = await serveDist();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });

  /**
   * The pane in zh-TW on a fresh fake workbook, once its first check has answered; with `now`, the page's clock
   * reads that date (the insert form proposes the year and half of "today"), and timers still run.
   */
  async function open(options = {}, now = undefined) {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'zh-TW' });
    const page = await context.newPage();
    if (now) await page.clock.setFixedTime(now);
    // No network: only the local server, and office.js from the fake (the later route wins).
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    await page.route('**/office.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: fakeOffice })
    );
    await page.addInitScript(
      (o) => {
        window.fakeExcelOptions = o;
      },
      { displayLanguage: 'zh-TW', ...options }
    );
    await page.goto(`${origin}/taskpane.html`, { waitUntil: 'load' });
    await page.locator('.card-scores').waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 30000 });
    return page;
  }

  const shoot = async (page, name, what, clip) => {
    await page.screenshot({ path: path.join(IMAGES, `${name}.png`), fullPage: true, ...(clip && { clip }) });
    console.log(`docs/images/${name}.png: ${what}`);
  };

  try {
    // pane-welcome.png: nothing to check yet, the two ways to start; in March of 114, as the guides' examples are
    const welcome = await open({}, new Date('2025-03-03T09:00:00+08:00'));
    await welcome.locator('button:has-text("使用我現有的工作表")').waitFor();
    await shoot(welcome, 'pane-welcome', 'a workbook without the templates');
    await welcome.context().close();

    // pane.png
    const page = await open();
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
    await shoot(page, 'pane', 'the pane after inserting the example and typing 101 into the first score');
    await page.context().close();

    // pane-adopt.png: the seed pasted into two sheets, then 使用我現有的工作表; the live check then finds 939
    const pasted = await seedPaste(tmp);
    const adopt = await open({ sheets: pasted.map(([sheet]) => sheet) });
    await adopt.evaluate((sheets) => {
      for (const [s, cells] of sheets) for (const [a, v] of cells) window.fakeExcel.setCell(s, a, { value: v });
    }, pasted);
    await adopt.click('button:has-text("使用我現有的工作表")');
    await adopt.locator('.choice-adopt .report-summary, .choice-adopt [role="alert"]').first().waitFor({ timeout: 30000 });
    const failed = await adopt.locator('.choice-adopt [role="alert"]').allInnerTexts();
    if (failed.length) throw new Error(`使用我現有的工作表 failed on the pasted seed: ${failed.join(' ')}`);
    await adopt.waitForFunction(() => document.querySelector('.total-value')?.textContent?.trim() === '939', undefined, {
      timeout: 10000,
    });
    // What adopt did and the scores it now checks; the cards below are pane.png's.
    const scoresBox = await adopt.locator('.card-scores').boundingBox();
    await shoot(adopt, 'pane-adopt', 'the pane after 使用我現有的工作表 on the pasted Taitung seed', {
      x: 0,
      y: 0,
      width: 360,
      height: Math.ceil(scoresBox.y + scoresBox.height + 12),
    });
    await adopt.context().close();
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function main() {
  fs.mkdirSync(IMAGES, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-pictures-'));
  try {
    const example = forms(tmp);
    nextForm(tmp, example);
    await adoptedForm(tmp);
    await panes(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  const out = e && e.stderr ? `\n${e.stderr.toString()}` : '';
  console.error(`guide-pictures: ${e && e.message ? e.message : e}${out}`);
  process.exit(1);
});
