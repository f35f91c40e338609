/**
 * Stands in for office.js in test/browser/pane.browser.test.ts: the test bundles this file and serves it
 * for the CDN's office.js URL, so the REAL built pane (dist/taskpane.html + taskpane.js) runs against the
 * in-memory fake Excel. The fake stays reachable as `window.fakeExcel` for the test's accessors.
 *
 * Options come from `window.fakeExcelOptions`, set by the test (page.addInitScript) before the page loads.
 */
import { type FakeExcelOptions, createFakeExcel, installFakeExcelGlobals } from '../support/fakeExcel';

const w = window as unknown as { fakeExcelOptions?: FakeExcelOptions; fakeExcel?: unknown };
w.fakeExcel = installFakeExcelGlobals(window, createFakeExcel(w.fakeExcelOptions ?? {}));
