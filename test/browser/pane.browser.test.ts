/**
 * End to end: the BUILT task pane (dist/taskpane.html + taskpane.js, as webpack makes it for production)
 * in Debian's Chromium, against the in-memory fake Excel of test/support/fakeExcel.ts.
 *
 * - dist/ is served by a tiny http server on 127.0.0.1 (random port); `npm run build` runs first when
 *   dist/taskpane.js is missing or older than src/ or webpack.config.js.
 * - The page's <script src=".../office.js"> (Microsoft's CDN) is answered with a bundle of
 *   test/browser/fakeOffice.ts (webpack's Node API + ts-loader), which installs the fake's Excel and
 *   Office globals; every other request off 127.0.0.1 is aborted (no network).
 * - The test types into the workbook through the fake's accessors (window.fakeExcel.edit fires the
 *   change event, as a user's typing does) and reads the pane's DOM.
 *
 * Skipped with a warning when /usr/bin/chromium is missing, except in CI (CI=true), where it fails.
 * Screenshots of the pane: /tmp/pane.png (after the scenario), /tmp/pane-start.png (an empty workbook),
 * /tmp/pane-en.png (English), /tmp/pane-older.png (ExcelApi 1.7: the notes about what it lacks),
 * /tmp/pane-review.png (a review of picked workbooks).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { newBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { REVIEW_SHEET_NAMES } from '../../src/layouts/review';
import { insertTemplates } from '../../src/operations/insertTemplates';
import { EXAMPLE_INPUT } from '../support/books';
import { SEED_SCORECARD_ROWS, SEED_SCORECARD_TITLES, paragraphsOf } from '../support/handmade';
import type { FakeExcel, FakeExcelOptions } from '../support/fakeExcel';
import { DIST, ROOT, bundleFakeOffice, serveDist } from './harness';

jest.setTimeout(240_000);

declare global {
  interface Window {
    fakeExcel: FakeExcel;
    fakeExcelOptions?: FakeExcelOptions;
    /** Excel.run batches so far (test/browser/fakeOffice.ts) */
    excelRuns: number;
    /** Content-Security-Policy violations since the page started loading */
    cspViolations: string[];
  }
}

const CHROMIUM = '/usr/bin/chromium';
const XSS = '<img src=x onerror=alert(1)>';
const SCREENSHOT = '/tmp/pane.png';

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI !== 'true') {
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `!!  test/browser/pane.browser.test.ts is SKIPPED: ${CHROMIUM} is missing.`,
      '!!  The built task pane was NOT tested in a browser. Install it: apt-get install chromium',
      '!!  (In CI, CI=true, this suite fails instead of skipping.)',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n')
  );
}

// ------------------------------------------------------------------------------------------ setup

/** Newest modification time of a file or of any file under a folder. */
function newest(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), st.mtimeMs);
}

function ensureBuilt(): void {
  const js = path.join(DIST, 'taskpane.js');
  const html = path.join(DIST, 'taskpane.html');
  const stale =
    !fs.existsSync(js) ||
    !fs.existsSync(html) ||
    fs.statSync(js).mtimeMs < Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'webpack.config.js')));
  if (!stale) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build failed:\n${out.stdout?.toString() ?? ''}\n${out.stderr?.toString() ?? ''}`);
  }
}

// ------------------------------------------------------------------------------------------ suite

interface Opened {
  page: Page;
  /** console errors and page errors */
  errors: string[];
  /** dialogs the page opened (alert(1) would land here) */
  dialogs: string[];
  /** the scripts the page asked for, by file name (taskpane.js, then chunks as they are fetched) */
  scripts: string[];
}

const suite = haveChromium ? describe : process.env.CI === 'true' ? describe : describe.skip;

suite('task pane in Chromium (built dist/, fake Excel)', () => {
  let browser: Browser | undefined;
  let server: http.Server | undefined;
  let origin = '';
  let missing: string[] = [];
  let fakeOffice = '';

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: CI=true requires the browser test to run`);
    ensureBuilt();
    fakeOffice = await bundleFakeOffice();
    ({ server, origin, missing } = await serveDist());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function open(options: FakeExcelOptions = {}): Promise<Opened> {
    const context = await browser!.newContext({ viewport: { width: 360, height: 900 }, deviceScaleFactor: 1, locale: 'zh-TW' });
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script' && r.url().startsWith(origin)) scripts.push(new URL(r.url()).pathname.slice(1));
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    // no network: only the local server, and office.js from the fake (the later route wins)
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    await page.route('**/office.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: fakeOffice })
    );
    await page.addInitScript((o) => {
      window.fakeExcelOptions = o;
      // from the very start, so a violation while the pane loads counts too
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '?'}`)
      );
    }, options);
    await page.goto(`${origin}/taskpane.html`, { waitUntil: 'load' });
    await page.locator('.card-scores').waitFor();
    // the first check has answered (here: an empty workbook, so an alert saying what is missing)
    await page.waitForFunction(() => !document.querySelector('.card-scores')?.hasAttribute('aria-busy'));
    return { page, errors, dialogs, scripts };
  }

  /** The range of a defined name, from the fake. */
  const nameOf = (page: Page, name: string) =>
    page
      .evaluate((n) => window.fakeExcel.names().find((x) => x.name === n), name)
      .then((n) => {
        if (!n) throw new Error(`the workbook has no name ${name}`);
        const [first, last] = n.range.split(':');
        const m = /^([A-Z]+)(\d+)$/.exec(first)!;
        const lastRow = Number(/(\d+)$/.exec(last ?? first)![1]);
        return { ...n, col: m[1], top: Number(m[2]), bottom: lastRow };
      });

  /** Type into a cell like a user: the fake writes it and fires the change event. */
  const type = (page: Page, sheet: string, address: string, value: unknown) =>
    page.evaluate(([s, a, v]) => window.fakeExcel.edit(s as string, a as string, v), [sheet, address, value] as const);

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
  const waitText = (page: Page, selector: string, expected: string) =>
    page.waitForFunction(([s, e]) => (document.querySelector(s)?.textContent ?? '').trim() === e, [selector, expected] as const, {
      timeout: 10_000,
    });

  it('inserts templates, checks scores live, goes to cells and builds tracking, showing workbook text as text', async () => {
    const { page, errors, dialogs } = await open();
    try {
      // loaded: Chinese (displayLanguage zh-TW), stylesheet applied, the empty workbook welcomed (no error)
      expect(await page.getAttribute('html', 'lang')).toBe('zh-TW');
      expect(await page.locator('h2:visible').allInnerTexts()).toEqual(['開始使用', '分數', '追蹤表', '審閱']);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.btn-primary')!).backgroundColor)).toBe(
        'rgb(15, 108, 189)'
      );
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      expect(await text(page, '.scores-empty')).toBe('尚無考核評分表。');
      // that was the watch's own first check: one Excel.run, no separate check
      expect(await page.evaluate(() => window.excelRuns)).toBe(1);
      // this Excel has every requirement set: no notes about what it lacks
      expect(await page.locator('.card-insert .msgbar-warning').count()).toBe(0);
      await page.screenshot({ path: SCREENSHOT.replace('.png', '-start.png'), fullPage: true });
      expect(await page.inputValue('#' + (await page.getAttribute('label:has-text("區營業處名稱")', 'for')))).toBe('○○區營業處');

      // an invalid year: inline error, nothing inserted
      const yearId = await page.getAttribute('label:has-text("年度")', 'for');
      await page.fill(`#${yearId}`, '11.5');
      await page.click('button:has-text("插入範本")');
      await page.locator('.field-error:visible').waitFor();
      expect(await page.getAttribute(`#${yearId}`, 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => window.fakeExcel.sheetNames())).toEqual(['Sheet1']);

      // insert (example off), H1
      await page.fill(`#${yearId}`, '114');
      await page.check('label:has-text("1 月至 6 月")');
      await page.fill('#' + (await page.getAttribute('label:has-text("區營業處名稱")', 'for')), '台東區營業處');
      await page.click('button:has-text("插入範本")');
      await page.locator('.card-insert .report-summary').waitFor();
      expect(await text(page, '.card-insert .report')).toContain('已插入 4 張工作表');
      expect(await page.evaluate(() => window.fakeExcel.sheetNames())).toEqual([
        'Sheet1',
        '執行計畫',
        '考核評分表',
        '彙整表',
        '改善追蹤',
      ]);
      await waitText(page, '.entered', '已評 0 / 12');
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      expect(await text(page, '.total-value')).toBe('0');
      // the templates are here: a new half-year is the next period, and the insert form folds away
      expect(await page.locator('h2:visible').allInnerTexts()).toEqual(['插入範本', '分數', '追蹤表', '下一期', '審閱']);
      expect(await page.locator('.card-insert form').isVisible()).toBe(false);
      expect(await text(page, '.templates-note')).toContain('開始下一期');

      // scores typed into SelfScores update the totals and the problems live
      const scores = await nameOf(page, 'SelfScores');
      expect(scores.bottom - scores.top + 1).toBe(12);
      const cell = (i: number) => `${scores.col}${scores.top + i}`;
      await type(page, scores.sheet, cell(0), 95);
      await waitText(page, '.total-value', '95');
      expect(await page.locator('.dim-score').first().innerText()).toBe('95 / 300');
      expect(await text(page, '.entered')).toBe('已評 1 / 12');

      await type(page, scores.sheet, cell(0), 150); // the first criterion's cap is 100
      await page.locator('.problem').first().waitFor();
      expect(await text(page, '.problem-message')).toContain('超過配分 100 分');
      await waitText(page, '.total-value', '0');
      expect(await text(page, '.total-note')).toBe('尚有 1 項需修正、11 項未評分，總分未定');

      await type(page, scores.sheet, cell(1), '９５'); // full-width digits: text, not a number
      await page.waitForFunction(() => document.querySelectorAll('.problem').length === 2);
      expect(await page.locator('.problem-message').nth(1).innerText()).toContain('全形數字');

      // workbook text inside a message stays text
      await type(page, scores.sheet, cell(2), XSS);
      await page.waitForFunction(() => document.querySelectorAll('.problem').length === 3);
      expect(await page.locator('.problem-message').nth(2).innerText()).toContain(XSS);

      for (const [i, v] of [
        [3, 128],
        [4, 126],
        [5, 127],
        [6, 45],
        [7, 45],
        [8, 46],
        [9, 45],
        [10, 46],
        [11, 46],
      ] as const) {
        await type(page, scores.sheet, cell(i), v);
      }
      await waitText(page, '.total-value', '654');
      expect(await page.locator('.dim-score').allInnerTexts()).toEqual(['0 / 300', '381 / 400', '136 / 150', '137 / 150']);
      expect(await text(page, '.entered')).toBe('已評 9 / 12');
      expect(await page.locator('.card-scores h3').innerText()).toBe('需要修正 (3)');
      expect(await text(page, '.total-note')).toBe('尚有 3 項需修正，總分未定');

      // "go to cell" selects the cell in the workbook
      await page.locator('.problem button').nth(1).click();
      await page
        .waitForFunction(
          () => window.fakeExcel.active()?.address === 'E6' || window.fakeExcel.active()?.address === 'E6:E6',
          null,
          {
            timeout: 5_000,
          }
        )
        .catch(() => undefined);
      const active = await page.evaluate(() => window.fakeExcel.active());
      expect(active?.sheet).toBe(scores.sheet);
      expect(active?.address.split(':')[0]).toBe(cell(1));

      // a finding with a suggestion (that looks like markup) → build tracking
      const findings = await nameOf(page, 'Findings');
      const suggestionCol = String.fromCharCode(findings.col.charCodeAt(0) + 3); // 考核項目 · 優點 · 缺點 · 建議改善事項
      await type(page, findings.sheet, `${suggestionCol}${findings.top + 1}`, XSS);
      await page.click('button:has-text("建立追蹤表")');
      await page.locator('.card-tracking .report-summary').waitFor();
      expect(await text(page, '.card-tracking .report')).toContain('追蹤表');
      const tracking = await nameOf(page, 'ImprovementTracking');
      const trackedText = await page.evaluate(([s, r]) => window.fakeExcel.values(s, r).flat().map(String).join('\n'), [
        tracking.sheet,
        tracking.range,
      ] as const);
      expect(trackedText).toContain(XSS);
      // the pane lists the rows it built, the suggestion shown literally as text
      const listed = await page.locator('.card-tracking dd').allInnerTexts();
      expect(listed).toContain(XSS);

      // nothing became markup, no dialog opened, nothing went wrong
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.innerHTML.includes('<img'))).toBe(false);
      expect(dialogs).toEqual([]);
      expect(missing).toEqual([]);

      // the look, for a human: written to /tmp/pane.png
      await page.locator('.problem').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('speaks English when Office does, and keyboard alone can insert', async () => {
    const { page, errors, dialogs } = await open({ displayLanguage: 'en-US' });
    try {
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('h2:visible').allInnerTexts()).toEqual(['Get started', 'Scores', 'Tracking', 'Review']);
      // Tab order: office, year, period, example, insert
      await page.focus('input[name="office"]');
      const order: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        order.push(
          await page.evaluate(
            () => (document.activeElement as HTMLElement).getAttribute('name') ?? document.activeElement!.textContent!.trim()
          )
        );
      }
      expect(order[0]).toBe('rocYear');
      expect(order[2]).toBe('example');
      expect(order[3]).toBe('Insert templates');
      // a visible focus ring on the focused button
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
      await page.keyboard.press('Enter');
      await page.locator('.card-insert .report-summary').waitFor();
      expect(await text(page, '.card-insert .report')).toContain('Inserted 4 sheets');
      await waitText(page, '.entered', 'Scored 0 of 12');
      const scores = await nameOf(page, 'SelfScores');
      await type(page, scores.sheet, `${scores.col}${scores.top}`, 101);
      await page.locator('.problem').first().waitFor();
      expect(await text(page, '.problem-message')).toContain('above the cap of 100');
      expect(await page.locator('.problem button').first().innerText()).toBe('Go to cell');
      // inserting again never overwrites: the sheets get free names and the defined names are kept (the form is
      // folded away once the templates are here, behind a button that says what it does)
      await page.click('button:has-text("Insert another copy of the templates")');
      await page.click('button:has-text("Insert templates")');
      await page.locator('.card-insert .report-lines').waitFor();
      const report = await text(page, '.card-insert .report');
      expect(report).toContain('Renamed (the name was taken)');
      expect(report).toContain('Scorecard → ');
      expect(report).toContain('Existing defined names kept');
      expect(report).toContain('SelfScores');
      expect(await page.locator('.problem').count()).toBe(1); // still watching the scores
      await page.setViewportSize({ width: 360, height: 1100 });
      await page.screenshot({ path: SCREENSHOT.replace('.png', '-en.png'), fullPage: true });
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('an older Excel says what it lacks (no print setup: ExcelApi 1.9; no validation: 1.8) and still works', async () => {
    const notes = (page: Page) => page.locator('.card-insert .msgbar-warning .msgbar-text').allInnerTexts();
    const older = await open({ api: '1.8' });
    try {
      expect(await notes(older.page)).toEqual([expect.stringContaining('ExcelApi 1.9')]);
      expect(older.errors).toEqual([]);
    } finally {
      await older.page.context().close();
    }

    const { page, errors, dialogs } = await open({ api: '1.7', displayLanguage: 'en-US' });
    try {
      const [validation, print] = await notes(page);
      expect(validation).toContain('no data validation (ExcelApi 1.8)');
      expect(print).toContain('no page layout (ExcelApi 1.9)');
      // the notes sit with the insert form, as status messages, not alerts
      expect(await page.locator('.card-insert .msgbar-warning[role="status"]').count()).toBe(2);
      await page.screenshot({ path: SCREENSHOT.replace('.png', '-older.png'), fullPage: true });
      await page.click('button:has-text("Insert templates")');
      await page.locator('.card-insert .report-summary').waitFor();
      expect(await text(page, '.card-insert .report')).toContain('Inserted 4 sheets');
      await waitText(page, '.entered', 'Scored 0 of 12');
      // without validation the cell takes any value; the live check still catches it
      const scores = await nameOf(page, 'SelfScores');
      await type(page, scores.sheet, `${scores.col}${scores.top}`, 150);
      await page.locator('.problem').first().waitFor();
      expect(await text(page, '.total-note')).toBe('1 to fix, 11 not yet scored; the total is not final');
      await type(page, scores.sheet, `${scores.col}${scores.top}`, 95);
      await waitText(page, '.total-value', '95');
      expect(await text(page, '.total-note')).toBe('11 not yet scored; the total is not final');
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
  it('reviews picked workbooks: the reader is a chunk fetched only when the button is used, and runs under the CSP', async () => {
    const scorecard = async (office: string) => {
      const book = newBook();
      const r = runOnBook(book, insertTemplates, { ...EXAMPLE_INPUT, office });
      if (!r.ok) throw new Error(r.error.en);
      return saveBook(book);
    };
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const files = [
      { name: '台東-114-H1.xlsx', mimeType: xlsx, buffer: await scorecard('台東區營業處') },
      { name: '~$台東-114-H1.xlsx', mimeType: xlsx, buffer: Buffer.from([0x0c, 0x61, 0x64, 0x6d, 0x69, 0x6e]) },
      { name: `${XSS}.xlsx`, mimeType: xlsx, buffer: Buffer.from('not a workbook') },
      { name: '台北-114-H1.xlsx', mimeType: xlsx, buffer: await scorecard('台北區營業處') },
    ];
    const { page, errors, dialogs, scripts } = await open();
    const violations: string[] = [];
    await page.exposeFunction('cspViolation', (v: string) => violations.push(v));
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { cspViolation: (v: string) => void }).cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    );
    try {
      // the pane opened with its entry alone: no review chunk
      expect(scripts.filter((s) => s !== 'office.js')).toEqual(['taskpane.js']);
      // Once the pane's first check has been shown (nothing busy), nothing redraws under the button.
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 30_000 });
      const button = page.locator('button:has-text("審閱多本活頁簿…"):enabled');
      // keyboard: focus the button and press Enter, which opens the file picker
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.press('Enter')]);
      expect(chooser.isMultiple()).toBe(true);
      await chooser.setFiles(files);
      await page.locator('.card-review .report-summary').waitFor({ timeout: 30_000 });
      expect(scripts).toContain('review.js');

      // the review sheets were added to the open workbook, after its own
      const sheets = await page.evaluate(() => window.fakeExcel.sheetNames());
      expect(sheets[0]).toBe('Sheet1');
      for (const key of ['reviewTotals', 'reviewCriteria', 'reviewImprovements', 'reviewFlags', 'reviewScores'] as const)
        expect(sheets).toContain(REVIEW_SHEET_NAMES[key]);
      const totals = await page.evaluate(
        (s) => window.fakeExcel.values(s, 'A1:Z30').flat().map(String),
        REVIEW_SHEET_NAMES.reviewTotals
      );
      expect(totals).toEqual(expect.arrayContaining(['台東區營業處', '台北區營業處']));

      // what it did: two read, the lock file skipped, the unreadable file named as text with its reason, the flags
      expect(await text(page, '.card-review .report-summary')).toContain('已檢閱 2 份活頁簿，另有 1 份無法讀取');
      expect(await text(page, '.card-review .review-locks')).toBe('略過 1 個 Excel 暫存檔（檔名以 ~$ 開頭）');
      expect(await page.locator('.card-review .review-unreadable .review-file').allInnerTexts()).toEqual([`${XSS}.xlsx`]);
      expect(await text(page, '.card-review .review-unreadable .review-reason')).toContain(XSS);
      expect(await page.locator('.card-review .review-flags li').count()).toBeGreaterThan(0);
      expect(await page.locator('.card-review [role="alert"]').count()).toBe(0);
      expect(await button.isEnabled()).toBe(true);

      await page.locator('.card-review').scrollIntoViewIfNeeded();
      await page.screenshot({ path: SCREENSHOT.replace('.png', '-review.png'), fullPage: true });
      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
      expect(missing).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
  it('a workbook without the templates: a welcome with the two ways to start, no error, no CSP violation', async () => {
    const { page, errors, dialogs, scripts } = await open();
    try {
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      expect(await page.locator('h2:visible').allInnerTexts()).toEqual(['開始使用', '分數', '追蹤表', '審閱']);
      expect(await text(page, '.start-intro')).toBe('這個活頁簿還沒有考核評分表：請插入範本，或使用您自己做好的。');
      expect(await page.locator('.card-insert h3:visible').allInnerTexts()).toEqual(['插入範本', '使用我現有的工作表']);
      expect(await page.locator('.card-insert form').isVisible()).toBe(true);
      expect(await page.locator('button:has-text("使用我現有的工作表")').isVisible()).toBe(true);
      // a first run is not an error: nothing red anywhere, the scores card says there are none yet
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      expect(await page.locator('.msgbar-error').count()).toBe(0);
      expect(await text(page, '.scores-empty')).toBe('尚無考核評分表。');
      expect(await page.locator('.total-card').isVisible()).toBe(false);
      expect(await page.locator('.card-next').isVisible()).toBe(false);
      // and it costs nothing more: the entry alone, the watch's one read
      expect(scripts.filter((s) => s !== 'office.js')).toEqual(['taskpane.js']);
      expect(await page.evaluate(() => window.excelRuns)).toBe(1);
      await page.screenshot({ path: SCREENSHOT.replace('.png', '-welcome.png'), fullPage: true });
      expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      expect(missing).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
  it('"use my existing sheet" on a scorecard pasted from Word, then "start the next period": chunks fetched on use, under the CSP', async () => {
    const SHEET = '考核評分表';
    const { page, errors, dialogs, scripts } = await open({ sheets: [SHEET] });
    try {
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      // the seed's scorecard as staff paste it: the title, then each dimension's table under its own header row
      const cells: [string, string | number][] = SEED_SCORECARD_TITLES.map((t, i) => [`A${i + 1}`, t]);
      SEED_SCORECARD_ROWS.forEach((row, i) =>
        row.forEach((t, j) => {
          if (t) cells.push([`${'ABCD'[j]}${i + 5}`, /^\d+$/.test(t) ? Number(t) : paragraphsOf(t).join('\n')]);
        })
      );
      await page.evaluate(
        ([sheet, cs]) => {
          for (const [a, v] of cs) window.fakeExcel.setCell(sheet, a, { value: v });
        },
        [SHEET, cells] as const
      );
      expect(scripts).not.toContain('adopt.js');
      await page.click('button:has-text("使用我現有的工作表")');
      await page.locator('.choice-adopt .report-summary, .choice-adopt [role="alert"]').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('.choice-adopt [role="alert"]').allInnerTexts()).toEqual([]);
      expect(scripts).toContain('adopt.js');
      expect(await page.locator('.adopt-found li').count()).toBeGreaterThan(0);
      // the live check found the scores through the names adopt attached: 285 + 381 + 136 + 137
      await waitText(page, '.total-value', '939');
      expect(await page.locator('.dim-score').allInnerTexts()).toEqual(['285 / 300', '381 / 400', '136 / 150', '137 / 150']);
      expect(await page.locator('h2:visible').allInnerTexts()).toEqual(['插入範本', '分數', '追蹤表', '下一期', '審閱']);
      expect(await page.locator('.choice-adopt .report').isVisible()).toBe(true);
      await page.screenshot({ path: SCREENSHOT.replace('.png', '-adopted.png'), fullPage: true });

      // the next period: a question first, then the new sheets, watched
      const before = await page.evaluate(() => window.fakeExcel.sheetNames());
      await page.click('button:has-text("開始下一期…")');
      expect(await text(page, '.confirm-text')).toContain('114 年 1 月至 6 月 → 114 年 7 月至 12 月');
      await page.click('button:has-text("取消")');
      expect(await page.evaluate(() => window.fakeExcel.sheetNames())).toEqual(before);
      await page.click('button:has-text("開始下一期…")');
      await page.click('button:has-text("確定開始下一期")');
      await page.locator('.card-next .report-summary, .card-next [role="alert"]').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('.card-next [role="alert"]').allInnerTexts()).toEqual([]);
      expect(scripts).toContain('next.js');
      expect((await page.evaluate(() => window.fakeExcel.sheetNames())).length).toBeGreaterThan(before.length);
      await waitText(page, '.entered', '已評 0 / 12');
      await page.click('button:has-text("開始下一期…")');
      expect(await text(page, '.confirm-text')).toContain('114 年 7 月至 12 月 → 115 年 1 月至 6 月');
      await page.click('button:has-text("取消")');

      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      expect(missing).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
