/**
 * Stands in for office.js in test/browser/pane.browser.test.ts: the test bundles this file and serves it
 * for the CDN's office.js URL, so the REAL built pane (dist/taskpane.html + taskpane.js) runs against the
 * in-memory fake Excel. The fake stays reachable as `window.fakeExcel` for the test's accessors.
 *
 * Options come from `window.fakeExcelOptions`, set by the test (page.addInitScript) before the page loads:
 * `api` ('1.8': no page layout, '1.7': no data validation either) and `displayLanguage`.
 */
import { type FakeExcelOptions, createFakeExcel, installFakeExcelGlobals } from '../support/fakeExcel';

const w = window as unknown as { fakeExcelOptions?: FakeExcelOptions; fakeExcel?: unknown; excelRuns?: number };
w.fakeExcel = installFakeExcelGlobals(window, createFakeExcel(w.fakeExcelOptions ?? {}));

// `window.excelRuns`: the Excel.run batches the page asked for, so a test can see that the live check's
// first read is the watch's own (the pane does not check separately).
const excel = (window as unknown as { Excel: { run: (...args: unknown[]) => unknown } }).Excel;
const run = excel.run;
w.excelRuns = 0;
excel.run = (...args: unknown[]) => {
  w.excelRuns = (w.excelRuns ?? 0) + 1;
  return run(...args);
};
