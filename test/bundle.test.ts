/**
 * What the built add-in must be, whoever changes it: small, and plain ES2017, because Office 2019
 * (ExcelApi 1.7, the minimum this add-in supports) runs add-ins in EdgeHTML 18, which has no object spread,
 * `?.`, `??` or \p{…} regular expressions. `npm test` builds dist/ first.
 *
 * Budgets are gzip (zlib level 9) of what a page loads at start: every local <script src> of its HTML, so
 * moving code into another initial chunk does not dodge them. Chunks fetched on demand (examples.js, loaded
 * when the user asks for example content; review.js and its fflate chunk, when the user reviews workbooks) are not
 * counted; office.js comes from Microsoft's CDN.
 */
import { parse } from 'acorn';
import { existsSync, readFileSync, readdirSync } from 'fs';
import path from 'path';
import { gzipSync } from 'zlib';

const dist = path.resolve(__dirname, '..', 'dist');
const KB = 1024;
/** page → its start-up JavaScript budget, bytes of gzip */
const BUDGETS: Record<string, number> = {
  'taskpane.html': 30 * KB,
  'commands.html': 30 * KB,
};
const ENTRIES = ['taskpane.js', 'commands.js'];

const read = (name: string) => readFileSync(path.join(dist, name));
const gzip = (name: string) => gzipSync(read(name), { level: 9 }).length;

/** The scripts a page loads from dist/ as it opens (the CDN's office.js is not ours). */
function startScripts(page: string): string[] {
  const html = read(page).toString('utf8');
  const out: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const url = src && (src[1] ?? src[2] ?? src[3]);
    if (url && !/^(https?:)?\/\//i.test(url)) out.push(url.replace(/^\.?\//, ''));
  }
  return out;
}

describe('the built add-in', () => {
  let emitted: string[] = [];

  beforeAll(() => {
    if (!existsSync(path.join(dist, 'taskpane.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does)');
    emitted = readdirSync(dist).filter((f) => f.endsWith('.js'));
  });

  it.each(Object.keys(BUDGETS))('%s loads at most 30 KB gzip of its own JavaScript at start', (page) => {
    const scripts = startScripts(page);
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((s) => `${s} ${gzip(s)} B`);
    const total = scripts.reduce((sum, s) => sum + gzip(s), 0);
    // The numbers in the failure, so whoever breaks the budget sees by how much.
    if (total > BUDGETS[page]) {
      throw new Error(`${page} loads ${total} B gzip at start (${sizes.join(', ')}); the budget is ${BUDGETS[page]} B`);
    }
  });

  it('loads only its entry at start; every other chunk is fetched on demand', () => {
    expect(startScripts('taskpane.html')).toEqual(['taskpane.js']);
    expect(startScripts('commands.html')).toEqual(['commands.js']);
  });

  it("keeps the review's reading code (the .xlsx reader, fflate, the review sheets) out of the entries, in on-demand chunks", () => {
    // Text that survives minification, one from each part the review brings: the pane's reading of picked files,
    // fflate's unzip, the review operation's summary. Each must be somewhere (so the check is live), and only in
    // chunks fetched when the user asks for a review: review.js and what webpack split off for it (fflate).
    const holders = (marker: string) => emitted.filter((f) => read(f).toString('utf8').includes(marker));
    expect(holders('無法從磁碟讀取')).toEqual(['review.js']);
    for (const marker of ['無法從磁碟讀取', 'invalid zip data', '已檢閱']) {
      const where = holders(marker);
      expect({ marker, found: where.length > 0 }).toEqual({ marker, found: true });
      expect({ marker, inEntries: where.filter((f) => ENTRIES.includes(f)) }).toEqual({ marker, inEntries: [] });
    }
  });

  it('emits only ES2017 JavaScript', () => {
    expect(emitted).toEqual(expect.arrayContaining([...ENTRIES, 'examples.js', 'review.js']));
    for (const name of emitted) {
      const code = read(name).toString('utf8');
      try {
        parse(code, { ecmaVersion: 2017, sourceType: 'script' });
      } catch (e) {
        throw new Error(`dist/${name} is not ES2017: ${(e as Error).message}`);
      }
    }
  });

  it('loads office.js from the CDN and never bundles it', () => {
    for (const page of Object.keys(BUDGETS)) {
      expect(read(page).toString('utf8')).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    }
    for (const name of emitted) expect(read(name).toString('utf8')).not.toContain('OfficeExtension.ClientRequestContext=');
  });
});
