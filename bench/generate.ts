/**
 * Many scorecard workbooks, fast, for the review bench and its tests. One template is written by the real
 * engine (insertTemplates through the .xlsx adapter); each workbook is that package with a few parts edited
 * as text (the office, year and half, the score cells, some findings) and zipped again with fflate, so a
 * thousand take seconds where a thousand runs of ExcelJS would take minutes.
 *
 * Deterministic: the same seed gives the same files, byte for byte, and workbook i does not depend on n
 * (the first k of n are the k a run with n = k writes).
 */
import { promises as fs } from 'fs';
import path from 'path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { FINDINGS_HEADER, NAMES, Period, formOwner, periodText } from '../src/contract';
import { addr, parseRange, sheetOf } from '../src/domain/a1';
import { flatten } from '../src/domain/rubric';
import { newBook, runOnBook, saveBook } from '../src/adapters/xlsx';
import { insertTemplates } from '../src/operations';
import { BLANK_INPUT } from '../test/support/books';

/** 22 district offices (區營業處). */
export const OFFICES = [
  '基隆區營業處',
  '台北市區營業處',
  '台北南區營業處',
  '台北北區營業處',
  '台北西區營業處',
  '新店區營業處',
  '桃園區營業處',
  '新竹區營業處',
  '苗栗區營業處',
  '台中區營業處',
  '彰化區營業處',
  '南投區營業處',
  '雲林區營業處',
  '嘉義區營業處',
  '新營區營業處',
  '台南區營業處',
  '高雄區營業處',
  '鳳山區營業處',
  '屏東區營業處',
  '台東區營業處',
  '花蓮區營業處',
  '宜蘭區營業處',
] as const;

/** Years go back from here, one step per 44 workbooks (22 offices × 2 halves), and wrap after 25. */
const LATEST_YEAR = 114;
const YEARS = 25;

export type ProblemKind = 'text' | 'aboveCap';

/** What the generator wrote into one workbook, and what a checker must make of it. */
export interface GeneratedWorkbook {
  /** the file name in the folder: 台東區營業處-114-H1.xlsx (a second lap of the years adds "-2") */
  file: string;
  office: string;
  year: number;
  period: Period;
  /** each score cell in rubric order: a number (valid, or above its cap), a text, or null (left blank) */
  scores: (number | string | null)[];
  /** each findings row's 建議改善事項 in rubric order (無 carries no suggestion); null when left blank */
  suggestions: (string | null)[];
  /** the sum of the valid scores and how many there are, as the sheet's formulas and `check` count them */
  total: number;
  entered: number;
  /** the cells that need fixing, by 0-based criterion index */
  problems: { index: number; kind: ProblemKind }[];
  /** the file whose scores this one repeats exactly (another office, same year and half), or null */
  sameScoresAs: string | null;
}

/** mulberry32: small, fast and good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT_SCORES = ['九十', '95分', '待補', '約 80'];
const STRENGTHS = ['主動拜訪大用戶，溝通管道暢通', '線上申辦件數明顯成長', '與地方政府合作宣導節電', '服務據點動線清楚'];
const WEAKNESSES = ['宣導成果缺少量化數據', '部分作法未訂完成期限', '跨部門分工未明確', '滿意度調查樣本偏少'];
const SUGGESTIONS = [
  '建議補充量化成效指標並按季追蹤',
  '建議簡化線上申辦流程，減少用戶重複填寫資料',
  '建議擴大與公所合作，辦理社區用電安全宣導',
  '建議建立大用戶拜訪紀錄，定期檢討回饋意見',
  '建議將優良作法分享至其他區處推廣',
  '建議增加偏鄉行動服務場次',
  '建議訂定各項作法之完成期限及承辦部門',
];
const PROGRESS = ['已完成初步規劃', '辦理中', '已於 5 月完成訓練', ''];

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** A cell's new content: a number, or a shared string (by index). */
type CellValue = { number: number } | { shared: number };

/**
 * Rewrite one existing cell of a sheet's XML, keeping its style. The template writes every cell the
 * generator touches (styled, empty); a missing one means the template changed, which must not pass silently.
 */
function setCell(xml: string, address: string, v: CellValue): string {
  const re = new RegExp(`<c r="${address}"([^>]*?)(?:/>|>[\\s\\S]*?</c>)`);
  const m = re.exec(xml);
  if (!m) throw new Error(`generate: the template has no cell ${address}`);
  const style = attr(m[1], 's');
  const s = style === undefined ? '' : ` s="${style}"`;
  const cell =
    'number' in v ? `<c r="${address}"${s}><v>${v.number}</v></c>` : `<c r="${address}"${s} t="s"><v>${v.shared}</v></c>`;
  return xml.slice(0, m.index) + cell + xml.slice(m.index + m[0].length);
}

/** Replace every occurrence of `from`, and insist there is at least one (the template is what we think it is). */
function replaceAll(xml: string, from: string, to: string, what: string): string {
  if (!xml.includes(from)) throw new Error(`generate: the template has no ${what} ("${from}")`);
  return from === to ? xml : xml.split(from).join(to);
}

interface Template {
  files: Record<string, Uint8Array>;
  /** the parts the generator edits, as text */
  sst: string;
  sstPart: string;
  sheets: Record<string, string>;
  /** part of each contract name's sheet, and its rectangle */
  at: (name: string) => { part: string; top: number; left: number; bottom: number; right: number };
}

/** Write the template with the product's own engine and find, through the defined names, what to edit. */
async function makeTemplate(): Promise<Template> {
  const book = newBook();
  const r = runOnBook(book, insertTemplates, BLANK_INPUT);
  if (!r.ok) throw new Error(`generate: insertTemplates failed: ${r.error.en}`);
  const files = unzipSync(new Uint8Array(await saveBook(book)));
  const text = (p: string) => {
    const f = files[p];
    if (!f) throw new Error(`generate: the template has no part ${p}`);
    return strFromU8(f);
  };
  const workbook = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  const partOfSheet = new Map<string, string>();
  for (const tag of workbook.match(/<sheet\s[^>]*>/g) ?? []) {
    const id = attr(tag, 'r:id');
    const rel = (rels.match(/<Relationship\s[^>]*>/g) ?? []).find((t) => attr(t, 'Id') === id);
    const target = rel && attr(rel, 'Target');
    if (target) partOfSheet.set(unescapeXml(attr(tag, 'name') ?? ''), target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const names = new Map<string, string>();
  for (const m of workbook.matchAll(/<definedName\s([^>]*)>([^<]*)<\/definedName>/g)) {
    if (attr(` ${m[1]}`, 'localSheetId') === undefined) names.set(attr(` ${m[1]}`, 'name') ?? '', unescapeXml(m[2]));
  }
  const at = (name: string) => {
    const ref = names.get(name);
    const part = ref && partOfSheet.get(sheetOf(ref) ?? '');
    if (!ref || !part) throw new Error(`generate: the template has no name ${name}`);
    return { part, ...parseRange(ref) };
  };
  const sstPart = 'xl/sharedStrings.xml';
  const sheets: Record<string, string> = {};
  for (const part of partOfSheet.values()) sheets[part] = text(part);
  return { files, sst: text(sstPart), sstPart, sheets, at };
}

/** One workbook's content, drawn from the random stream (and, for the first five, a fixed feature). */
interface Draw {
  scores: (number | string | null)[];
  problems: { index: number; kind: ProblemKind }[];
  suggestions: (string | null)[];
  strengths: (string | null)[];
  weaknesses: (string | null)[];
  progress: (string | null)[];
  copyPrevious: boolean;
}

/**
 * The first five workbooks show one feature each, so a small sample (the tests generate 5) meets all of
 * them: 0 findings with suggestions, 1 the same scores as 0, 2 a text score, 3 a score above its cap,
 * 4 a blank score. After that each feature comes at random, a few percent of the workbooks.
 */
const FORCED = ['suggestions', 'identical', 'text', 'aboveCap', 'blank'] as const;

function draw(random: () => number, i: number, caps: number[], officeLevel: number): Draw {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const forced = FORCED[i];
  const n = caps.length;
  // Scores gather around the office's own level, as real self-assessments do; some at the cap, a few halves.
  const scores: (number | string | null)[] = caps.map((cap) => {
    const share = Math.min(1, Math.max(0.3, officeLevel + (random() - 0.5) * 0.25));
    const halves = random() < 0.1;
    return halves ? Math.round(cap * share * 2) / 2 : Math.round(cap * share);
  });
  const allAtCap = random() < 0.01;
  if (allAtCap) caps.forEach((cap, k) => (scores[k] = cap));
  const problems: Draw['problems'] = [];
  const u = random();
  const kind: ProblemKind | 'blank' | null =
    forced === 'text' || (!forced && u < 0.03)
      ? 'text'
      : forced === 'aboveCap' || (!forced && u < 0.06)
        ? 'aboveCap'
        : forced === 'blank' || (!forced && u < 0.08)
          ? 'blank'
          : null;
  const k = Math.floor(random() * n);
  if (kind === 'text') {
    scores[k] = pick(TEXT_SCORES);
    problems.push({ index: k, kind: 'text' });
  } else if (kind === 'aboveCap') {
    scores[k] = caps[k] + 1 + Math.floor(random() * 15);
    problems.push({ index: k, kind: 'aboveCap' });
  } else if (kind === 'blank') scores[k] = null;
  const copyPrevious = forced === 'identical' || (!forced && random() < 0.03);

  const suggestions: (string | null)[] = Array(n).fill(null);
  const strengths: (string | null)[] = Array(n).fill(null);
  const weaknesses: (string | null)[] = Array(n).fill(null);
  const progress: (string | null)[] = Array(n).fill(null);
  if (forced === 'suggestions' || random() < 0.45) {
    const count = 1 + Math.floor(random() * 4);
    for (let j = 0; j < count; j++) {
      const row = Math.floor(random() * n);
      strengths[row] = pick(STRENGTHS);
      weaknesses[row] = pick(WEAKNESSES);
      suggestions[row] = pick(SUGGESTIONS);
      progress[row] = pick(PROGRESS) || null;
    }
  }
  // Rows reviewed with nothing to improve say 無, which carries no suggestion.
  if (random() < 0.3) {
    const row = Math.floor(random() * n);
    if (suggestions[row] === null) {
      strengths[row] = pick(STRENGTHS);
      suggestions[row] = '無';
    }
  }
  return { scores, problems, suggestions, strengths, weaknesses, progress, copyPrevious };
}

/** The valid scores' sum and count, as `check` counts them (numbers from 0 to the cap). */
function counted(scores: (number | string | null)[], caps: number[]): { total: number; entered: number } {
  let total = 0;
  let entered = 0;
  scores.forEach((s, k) => {
    if (typeof s === 'number' && s >= 0 && s <= caps[k]) {
      total += s;
      entered++;
    }
  });
  return { total, entered };
}

// Fixed, so the same seed gives the same bytes (DOS time in the zip: local fields, the same in every zone).
const MTIME = new Date(2025, 6, 1);

/**
 * Write n workbooks into dir (which must exist) and return what each holds, in the order written.
 * Workbook i is office i mod 22, half ⌊i/22⌋ mod 2, year 114 − ⌊i/44⌋ (wrapping after 25 years).
 */
export async function generateWorkbooks(dir: string, n: number, seed: number): Promise<GeneratedWorkbook[]> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`generateWorkbooks: n must be a whole number, not ${n}`);
  const t = await makeTemplate();
  const tpl = { office: BLANK_INPUT.office, rocYear: BLANK_INPUT.rocYear, period: BLANK_INPUT.period };
  const criteria = flatten(BLANK_INPUT.rubric);
  const caps = criteria.map((c) => c.cap);
  const scoresAt = t.at(NAMES.selfScores);
  const scoreCells: string[] = [];
  for (let row = scoresAt.top; row <= scoresAt.bottom; row++)
    for (let col = scoresAt.left; col <= scoresAt.right; col++) scoreCells.push(addr(row, col));
  if (scoreCells.length !== caps.length) throw new Error('generate: SelfScores does not fit the rubric');
  const findingsAt = t.at(NAMES.findings);
  const col = (header: (typeof FINDINGS_HEADER)[number]) => findingsAt.left + FINDINGS_HEADER.indexOf(header);
  const year = t.at(NAMES.rocYear);
  const period = t.at(NAMES.period);
  const periodString = `<si><t>${tpl.period}</t></si>`;
  if (t.sst.split(periodString).length !== 2) throw new Error('generate: the template holds its period text more than once');
  const sstCount = Number(/\scount="(\d+)"/.exec(t.sst)?.[1]);
  const sstUnique = Number(/\suniqueCount="(\d+)"/.exec(t.sst)?.[1]);
  if (!Number.isInteger(sstCount) || !Number.isInteger(sstUnique)) throw new Error('generate: unexpected sharedStrings.xml');

  const random = rng(seed);
  const officeLevel = OFFICES.map(() => 0.6 + random() * 0.35);
  const out: GeneratedWorkbook[] = [];
  for (let i = 0; i < n; i++) {
    const office = OFFICES[i % OFFICES.length];
    const half: Period = Math.floor(i / OFFICES.length) % 2 === 0 ? 'H1' : 'H2';
    const lap = Math.floor(i / (OFFICES.length * 2));
    const rocYear = LATEST_YEAR - (lap % YEARS);
    const again = Math.floor(lap / YEARS);
    const file = `${office}-${rocYear}-${half}${again ? `-${again + 1}` : ''}.xlsx`;
    const d = draw(random, i, caps, officeLevel[i % OFFICES.length]);
    // the previous workbook is another office of the same year and half, except for each group's first
    const previous = i % OFFICES.length > 0 ? out[i - 1] : undefined;
    const copied = d.copyPrevious && previous !== undefined;
    const scores = copied ? [...previous.scores] : d.scores;
    const problems = copied ? previous.problems.map((p) => ({ ...p })) : d.problems;

    // Shared strings: office, year and half rewritten in place; new texts appended.
    let sst = replaceAll(t.sst, tpl.office, office, 'office');
    sst = sst.split(`${tpl.rocYear}年`).join(`${rocYear}年`);
    sst = sst.replace(periodString, `<si><t>${half}</t></si>`);
    const added: string[] = [];
    let refs = 0;
    const shared = (s: string): CellValue => {
      refs++;
      added.push(s);
      return { shared: sstUnique + added.length - 1 };
    };

    const sheets = { ...t.sheets };
    const edit = (part: string, f: (xml: string) => string) => (sheets[part] = f(sheets[part]));
    // The titles are formulas over OfficeName, RocYear and Period; their cached results say whose form it is.
    const owner = formOwner({ ...tpl });
    const newOwner = formOwner({ office, rocYear, period: half });
    for (const part of Object.keys(sheets)) {
      if (sheets[part].includes(`<v>${owner}`)) edit(part, (x) => x.split(`<v>${owner}`).join(`<v>${newOwner}`));
    }
    edit(period.part, (x) =>
      replaceAll(x, `<v>${periodText(tpl.period)}</v>`, `<v>${periodText(half)}</v>`, 'cached period text')
    );
    edit(year.part, (x) => setCell(x, addr(year.top, year.left), { number: rocYear }));
    scores.forEach((s, k) => {
      if (s === null) return;
      edit(scoresAt.part, (x) => setCell(x, scoreCells[k], typeof s === 'number' ? { number: s } : shared(s)));
    });
    for (let k = 0; k < criteria.length; k++) {
      const row = findingsAt.top + 1 + k;
      const put = (header: (typeof FINDINGS_HEADER)[number], s: string | null) => {
        if (s !== null) edit(findingsAt.part, (x) => setCell(x, addr(row, col(header)), shared(s)));
      };
      put('優點', d.strengths[k]);
      put('缺點', d.weaknesses[k]);
      put('建議改善事項', d.suggestions[k]);
      put('改善事項辦理情形', d.progress[k]);
    }
    if (added.length) {
      sst = sst
        .replace('</sst>', `${added.map((s) => `<si><t>${escapeXml(s)}</t></si>`).join('')}</sst>`)
        .replace(/\scount="\d+"/, ` count="${sstCount + refs}"`)
        .replace(/\suniqueCount="\d+"/, ` uniqueCount="${sstUnique + added.length}"`);
    }

    const files: Record<string, Uint8Array> = {};
    for (const [part, data] of Object.entries(t.files)) {
      files[part] =
        part === t.sstPart ? strToU8(sst) : part in sheets && sheets[part] !== t.sheets[part] ? strToU8(sheets[part]) : data;
    }
    await fs.writeFile(path.join(dir, file), zipSync(files, { level: 6, mtime: MTIME }));
    out.push({
      file,
      office,
      year: rocYear,
      period: half,
      scores,
      suggestions: d.suggestions,
      ...counted(scores, caps),
      problems,
      sameScoresAs: copied ? previous.file : null,
    });
  }
  return out;
}
