/**
 * The Content-Security-Policy of the BUILT pages (dist/taskpane.html, dist/commands.html), as webpack makes
 * them for production: each carries a <meta> policy that lets scripts come only from the add-in's origin and
 * Microsoft's office.js CDN, with no inline script and no eval.
 *
 * - Without a browser: the policy in each page (first in <head>, before every script), no inline script or
 *   handler in the HTML, no string evaluation in any emitted .js, and the development-only additions.
 * - In Debian's Chromium (playwright-core): dist/ served on 127.0.0.1, office.js answered with the fake of
 *   test/browser/fakeOffice.ts (as pane.browser.test.ts does), everything else off 127.0.0.1 aborted. No
 *   `securitypolicyviolation` while the pane mounts, checks and inserts, nor while the commands page shows a
 *   notice (?notice=hello); and an inline <script> and an inline handler injected later are blocked, which
 *   proves the policy is in force rather than merely present.
 *
 * dist/ must be built first (`npm test` builds before jest; alone: `npm run build`). The browser part is
 * skipped with a warning when /usr/bin/chromium is missing, except in CI (CI=true), where it fails.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import webpack from 'webpack';
import type { FakeExcel } from '../support/fakeExcel';
import { DIST, ROOT, bundleFakeOffice, serveDist } from './harness';

jest.setTimeout(240_000);

declare global {
  interface Window {
    fakeExcel: FakeExcel;
    cspViolations: string[];
    parentMessages?: string[];
    inlineRan?: boolean;
    handlerRan?: boolean;
    evalResult?: string;
  }
}

const CHROMIUM = '/usr/bin/chromium';
const CDN = 'https://appsforoffice.microsoft.com';
const PAGES = ['taskpane.html', 'commands.html'];

/** The production policy, directive by directive (the templates justify each). */
const EXPECTED: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", CDN],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI !== 'true') {
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `!!  test/browser/csp.browser.test.ts: the browser part is SKIPPED: ${CHROMIUM} is missing.`,
      "!!  The pages' Content-Security-Policy was NOT tested in a browser. Install it: apt-get install chromium",
      '!!  (In CI, CI=true, this suite fails instead of skipping.)',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n')
  );
}

function assertBuilt(): void {
  if (!fs.existsSync(path.join(DIST, 'taskpane.html'))) {
    throw new Error('dist/taskpane.html is missing: build first with `npm run build` (`npm test` builds before jest)');
  }
}

const html = (page: string) => fs.readFileSync(path.join(DIST, page), 'utf8');

/** "a b; c d e" → { a: [b], c: [d, e] } */
function directives(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

/** The content of each CSP <meta> of a page, with where it sits. */
function cspMetas(source: string): { content: string; index: number }[] {
  const out: { content: string; index: number }[] = [];
  for (const m of source.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/http-equiv\s*=\s*["']?content-security-policy/i.test(m[0])) continue;
    const c = /\scontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(m[0]);
    out.push({ content: (c?.[1] ?? c?.[2] ?? '').replace(/&#39;|&apos;/g, "'"), index: m.index ?? -1 });
  }
  return out;
}

// ------------------------------------------------------------------------------------ in the files

describe('Content-Security-Policy in the built pages', () => {
  beforeAll(assertBuilt);

  it.each(PAGES)('%s carries the production policy first in <head>, before any script', (page) => {
    const source = html(page);
    const metas = cspMetas(source);
    expect(metas).toHaveLength(1);
    expect(directives(metas[0].content)).toEqual(EXPECTED);
    // a policy in <meta> governs only what comes after it, and only from <head>
    expect(metas[0].index).toBeLessThan(source.search(/<script\b/i));
    expect(metas[0].index).toBeLessThan(source.search(/<\/head>/i));
  });

  it.each(PAGES)('%s has no inline script: every <script> has a src and no body, no handler attributes', (page) => {
    const source = html(page);
    const scripts = [...source.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThanOrEqual(2); // office.js and the page's bundle
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\ssrc\s*=/i);
      expect(body.trim()).toBe('');
    }
    expect(source).not.toMatch(/\son[a-z]+\s*=/i);
    expect(source).not.toMatch(/javascript:/i);
  });

  it('no emitted script evaluates strings (the policy has no unsafe-eval)', () => {
    for (const name of fs.readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(DIST, name), 'utf8');
      expect({ name, evaluates: /\beval\s*\(|\bFunction\s*\(/.test(code) }).toEqual({ name, evaluates: false });
    }
  });

  it('adds the dev server socket in development only', async () => {
    // webpack.config.js exports (env, argv) => config; production needs an https ADDIN_URL or warns
    const saved = process.env.ADDIN_URL;
    process.env.ADDIN_URL = 'https://addins.example.com/scorecard/';
    try {
      const make = require(path.join(ROOT, 'webpack.config.js')) as (env: object, argv: object) => Promise<webpack.Configuration>;
      const params = async (mode: string) =>
        (await make({}, { mode }))
          .plugins!.filter((p) => p?.constructor.name === 'HtmlWebpackPlugin')
          .map(
            (p) =>
              (p as unknown as { userOptions: { templateParameters: { cspDevConnect: string } } }).userOptions.templateParameters
                .cspDevConnect
          );
      expect(await params('production')).toEqual(['', '']);
      expect(await params('development')).toEqual([' wss://localhost:3000', ' wss://localhost:3000']);
    } finally {
      if (saved === undefined) delete process.env.ADDIN_URL;
      else process.env.ADDIN_URL = saved;
    }
  });
});

// ------------------------------------------------------------------------------------ in Chromium

/** The fake office.js, plus the dialog call the notice's Close button makes (the fake has no dialog API). */
async function fakeOfficeWithDialog(): Promise<string> {
  const code = await bundleFakeOffice();
  return `${code}\n;window.Office.context.ui = { messageParent: function (m) { (window.parentMessages = window.parentMessages || []).push(String(m)); } };\n`;
}

interface Opened {
  page: Page;
  /** console errors and page errors */
  errors: string[];
  /** the policy of the page as the browser sees it */
  policy: Record<string, string[]>;
}

const suite = haveChromium || process.env.CI === 'true' ? describe : describe.skip;

suite('Content-Security-Policy in Chromium (built dist/, fake office.js)', () => {
  let browser: Browser | undefined;
  let server: http.Server | undefined;
  let origin = '';
  let fakeOffice = '';

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: CI=true requires the browser test to run`);
    assertBuilt();
    fakeOffice = await fakeOfficeWithDialog();
    ({ server, origin } = await serveDist());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function open(pathAndQuery: string): Promise<Opened> {
    const context = await browser!.newContext({ viewport: { width: 360, height: 900 }, locale: 'zh-TW' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    // Every violation from the first byte on: init scripts run before the page's own, and the policy does
    // not apply to them (they come from the browser's automation, not the page).
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener(
        'securitypolicyviolation',
        (e) =>
          window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '?'} (${e.sourceFile}:${e.lineNumber})`),
        true
      );
    });
    // no network: only the local server, and office.js from the fake (the later route wins)
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    await page.route(`${CDN}/**/office.js`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: fakeOffice })
    );
    await page.goto(`${origin}/${pathAndQuery}`, { waitUntil: 'load' });
    const content = await page.evaluate(
      () => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? ''
    );
    return { page, errors, policy: directives(content) };
  }

  const violations = (page: Page) => page.evaluate(() => window.cspViolations);

  it('the task pane mounts, checks and inserts templates without a single violation', async () => {
    const { page, errors, policy } = await open('taskpane.html');
    try {
      expect(policy['script-src']).toEqual(["'self'", CDN]);
      await page.locator('.card-scores').waitFor();
      await page.waitForFunction(() => !document.querySelector('.card-scores')?.hasAttribute('aria-busy'));
      // render more: insert the templates, so the scores card draws its bars (widths set through CSSOM)
      await page.click('button:has-text("插入範本")');
      await page.locator('.card-insert .report-summary').waitFor();
      await page.locator('.dim-score').first().waitFor();
      expect(await page.evaluate(() => window.fakeExcel.sheetNames().length)).toBe(5);
      expect(await violations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('the commands page registers its commands, and shows a notice (?notice=hello), without a violation', async () => {
    const plain = await open('commands.html');
    try {
      expect(plain.policy['script-src']).toEqual(["'self'", CDN]);
      await plain.page.waitForFunction(() => window.fakeExcel.actions.size === 2);
      expect(await violations(plain.page)).toEqual([]);
      expect(plain.errors).toEqual([]);
    } finally {
      await plain.page.context().close();
    }

    const { page, errors, policy } = await open('commands.html?notice=hello');
    try {
      expect(policy).toEqual(EXPECTED);
      await page.locator('p', { hasText: 'hello' }).waitFor();
      await page.click('button:has-text("Close")');
      expect(await page.evaluate(() => window.parentMessages)).toEqual(['close']);
      expect(await violations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('is in force: inline script, inline handlers, eval and other origins are blocked; our origin is not', async () => {
    const { page, errors } = await open('taskpane.html');
    try {
      await page.locator('.card-scores').waitFor();
      expect(await violations(page)).toEqual([]);
      // A script of our own origin that tries eval: page.evaluate itself is exempt from the policy, a page's
      // script is not. (Served by the route, not from dist/.)
      await page.route(`${origin}/probe.js`, (route) =>
        route.fulfill({
          contentType: 'text/javascript',
          body: 'try { window.evalResult = String(eval("1 + 1")); } catch (e) { window.evalResult = e.name; }',
        })
      );
      await page.evaluate(() => {
        const add = (src: string | null, text = '') => {
          const s = document.createElement('script');
          if (src) s.src = src;
          s.textContent = text;
          document.head.appendChild(s);
        };
        add(null, 'window.inlineRan = true;');
        add('probe.js');
        add('https://scripts.example.com/x.js');
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.handlerRan = true');
        img.src = 'no-such-image.png';
        document.body.appendChild(img);
      });
      await page.waitForFunction(() => window.cspViolations.length >= 4 && window.evalResult !== undefined);
      expect(await page.evaluate(() => [window.inlineRan, window.handlerRan, window.evalResult])).toEqual([
        undefined,
        undefined,
        'EvalError',
      ]);
      const seen = await violations(page);
      expect(seen).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^script-src-elem blocked inline /),
          expect.stringMatching(/^script-src-attr blocked inline /),
          expect.stringMatching(/^script-src blocked eval /),
          expect.stringMatching(/^script-src-elem blocked https:\/\/scripts\.example\.com\/x\.js /),
        ])
      );
      expect(seen).toHaveLength(4);
      // besides the browser's reports of what it refused (and the missing image), nothing went wrong
      expect(errors.filter((e) => !/Content Security Policy|status of 404/.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
