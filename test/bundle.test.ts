/**
 * What the built add-in must be, whoever changes it: small enough for the pane's budget, and plain ES2017,
 * because Office 2019 (ExcelApi 1.7, the minimum this add-in supports) runs add-ins in EdgeHTML 18,
 * which has no object spread, `?.`, `??` or \p{…} regular expressions. `npm test` builds dist/ first.
 */
import { parse } from 'acorn';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { gzipSync } from 'zlib';

const dist = path.resolve(__dirname, '..', 'dist');
const bundles = ['taskpane.js', 'commands.js', 'examples.js'];

describe('the built add-in', () => {
  beforeAll(() => {
    if (!existsSync(path.join(dist, 'taskpane.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does)');
  });

  it('keeps the pane\'s own JavaScript under 60 KB gzip (office.js excluded; examples load on demand)', () => {
    const gz = gzipSync(readFileSync(path.join(dist, 'taskpane.js')), { level: 9 }).length;
    expect(gz).toBeLessThan(60 * 1024);
  });

  it.each(bundles)('%s parses as ES2017', (name) => {
    const code = readFileSync(path.join(dist, name), 'utf8');
    expect(() => parse(code, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
  });

  it('loads office.js from the CDN and never bundles it', () => {
    const html = readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    expect(html).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(readFileSync(path.join(dist, 'taskpane.js'), 'utf8')).not.toContain('OfficeExtension.ClientRequestContext=');
  });
});
