import * as fs from 'fs';
import * as path from 'path';
import { STRINGS, type TextKey } from '../../src/taskpane/i18n';

/**
 * The user guides (docs/使用說明.md and its English twin docs/user-guide.md): every link and picture resolves, the
 * twins have the same sections and pictures, the sections follow the order staff work in, and the pane's labels
 * the guides quote are the pane's own (src/taskpane/i18n.ts), so a renamed button shows up here.
 */

const DOCS = path.resolve(__dirname, '..', '..', 'docs');
const IMAGES = path.join(DOCS, 'images');
const ZH = '使用說明.md';
const EN = 'user-guide.md';

interface Link {
  image: boolean;
  target: string;
  line: number;
}

interface Guide {
  file: string;
  /** the text with fenced code blocks blanked (a `#` comment in a shell block is no heading) */
  prose: string;
  /** the whole text, whitespace runs collapsed to one space: what a reader reads across line breaks */
  flat: string;
  headings: { level: number; text: string }[];
  links: Link[];
}

function read(file: string): Guide {
  const text = fs.readFileSync(path.join(DOCS, file), 'utf8');
  let fenced = false;
  const lines = text.split('\n').map((l) => {
    if (/^\s*```/.test(l)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : l;
  });
  const headings = lines.flatMap((l) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(l);
    return m ? [{ level: m[1].length, text: m[2] }] : [];
  });
  const links = lines.flatMap((l, i) =>
    [...l.replace(/`[^`]*`/g, '').matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({
      image: m[1] === '!',
      target: m[2],
      line: i + 1,
    }))
  );
  return { file, prose: lines.join('\n'), flat: text.replace(/\s+/g, ' '), headings, links };
}

/** GitHub's heading anchors: lower case, punctuation (full-width too) dropped, spaces to hyphens, repeats numbered. */
function anchors(g: Guide): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of g.headings) {
    const base = h.text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

const zh = read(ZH);
const en = read(EN);
const guides = [zh, en];

/** The link's problem, or null when it resolves. */
function broken(g: Guide, l: Link): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(l.target)) return null; // https:, mailto: — not checked offline
  const [file, fragment] = l.target.split('#') as [string, string | undefined];
  const where = `${g.file}:${l.line} ${l.target}`;
  let anchorsOf = g;
  if (file) {
    const full = path.resolve(DOCS, decodeURIComponent(file));
    if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return `${where}: no such file`;
    if (l.image && !fs.readFileSync(full).subarray(0, 8).equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')))
      return `${where}: not a PNG`;
    if (fragment === undefined) return null;
    if (!full.endsWith('.md')) return `${where}: a fragment on a file that has no headings`;
    anchorsOf = read(path.relative(DOCS, full));
  }
  return fragment !== undefined && !anchors(anchorsOf).has(decodeURIComponent(fragment))
    ? `${where}: no heading with that anchor`
    : null;
}

const sections = (g: Guide) => g.headings.filter((h) => h.level === 2).map((h) => h.text);
/** How many ### each ## has, in order. */
const subsections = (g: Guide) =>
  g.headings.reduce<number[]>((acc, h) => {
    if (h.level === 2) acc.push(0);
    else if (h.level === 3 && acc.length) acc[acc.length - 1]++;
    return acc;
  }, []);
const images = (g: Guide) => [...new Set(g.links.filter((l) => l.image).map((l) => l.target))].sort();

describe('the user guides', () => {
  it.each(guides.map((g) => [g.file, g] as const))('%s: every link and picture resolves', (_file, g) => {
    expect(g.links.length).toBeGreaterThan(0);
    expect(g.links.map((l) => broken(g, l)).filter(Boolean)).toEqual([]);
  });

  it.each(guides.map((g) => [g.file, g] as const))('%s: pictures are under docs/images/', (_file, g) => {
    expect(images(g).filter((t) => !/^images\/[^/]+\.png$/.test(t))).toEqual([]);
  });

  it('the twins have the same sections, in order: each English heading ends with its Chinese one in brackets', () => {
    const zs = sections(zh);
    const es = sections(en);
    expect(es).toHaveLength(zs.length);
    expect(es.filter((e, i) => !e.endsWith(` (${zs[i]})`))).toEqual([]);
    expect(subsections(en)).toEqual(subsections(zh));
  });

  it('the sections follow the order staff work in', () => {
    const order = [
      '安裝',
      '插入範本',
      '沿用自己的評分表（使用我現有的工作表）',
      '輸入自評',
      '建立追蹤表',
      '開始下一期',
      '列印',
      '主管審閱多本活頁簿',
    ];
    const at = order.map((s) => sections(zh).indexOf(s));
    expect(at.filter((i) => i < 0)).toEqual([]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('the twins show the same pictures, and every picture in docs/images is shown', () => {
    expect(images(en)).toEqual(images(zh));
    const made = fs
      .readdirSync(IMAGES)
      .filter((f) => f.endsWith('.png'))
      .map((f) => `images/${f}`)
      .sort();
    expect(made.filter((f) => !images(zh).includes(f))).toEqual([]);
  });

  it("quotes the pane's own labels for using an existing sheet and starting the next period", () => {
    const keys: TextKey[] = [
      'startHeading',
      'insertAgain',
      'adopt',
      'adopting',
      'adoptFound',
      'adoptAdded',
      'adoptNotes',
      'nextHeading',
      'nextStart',
      'nextGo',
      'cancel',
      'nextSheets',
      'nextCarried',
      'nextKept',
    ];
    const confirm = (lang: 'zh' | 'en') => {
      const s = STRINGS[lang];
      return s.nextConfirm(s.periodSpan(114, 'H1'), s.periodSpan(114, 'H2'));
    };
    const missing = [
      ...keys.flatMap((k) => [zh, en].filter((g) => !g.flat.includes(STRINGS.zh[k])).map((g) => `${g.file}: ${STRINGS.zh[k]}`)),
      ...keys.filter((k) => !en.flat.includes(STRINGS.en[k])).map((k) => `${EN}: ${STRINGS.en[k]}`),
      ...guides.filter((g) => !g.flat.includes(confirm('zh'))).map((g) => `${g.file}: ${confirm('zh')}`),
      ...(en.flat.includes(confirm('en')) ? [] : [`${EN}: ${confirm('en')}`]),
    ];
    expect(missing).toEqual([]);
  });

  it('no longer says that using an existing sheet or starting the next period is not available', () => {
    expect(zh.prose.match(/.*(?:尚未提供|功能還沒有).*/g)).toBeNull();
    expect(en.prose.match(/.*(?:Not yet\b|is not available).*/g)).toBeNull();
  });
});
