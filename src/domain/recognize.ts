import { FINDINGS_HEADER, OFFICE_MAX, Period, SCORECARD_HEADER, YEAR_RANGE } from '../contract';
import { addr, colLetters, rectAddr } from './a1';
import { Message, msg } from './message';
import { Dimension, FlatCriterion, Rubric, flatten } from './rubric';
import type { CellSnap, RangeSnap } from '../operations/types';

/**
 * Recognise a scorecard that staff pasted from the Word form into a sheet by hand: no defined names, the
 * header row repeated or not, extra columns, titles above, merged or blank dimension cells, labels with their
 * caps in any bracket style and HTML leftovers. Pure and read-only: `review` reads the scores through it, and
 * `adopt` attaches the contract's names where it says. One pass over each sheet's block (linear in cells).
 */

export interface RecognizedRow {
  criterionId: string;
  /** 1-based sheet row of the criterion's label */
  row: number;
  /** the self-score cell, on the label's row ("D5") */
  scoreCell: string;
  /** the 評核項目 cell ("B5") */
  labelCell: string;
  /** the cap the label states ("(100 分)"), null when it states none */
  capInLabel: number | null;
}

export interface RecognizedScorecard {
  sheet: string;
  /** 1-based rows of every header row of the table (one per pasted Word table) */
  headerRows: number[];
  /**
   * 1-based sheet columns, as the first header row has them (rows carry their own cells, should a later
   * header row place them elsewhere); `cap` when the table has a 配分 column.
   */
  columns: { dimension: number; criterion: number; guidance: number; score: number; cap?: number };
  /** one per criterion, in rubric order */
  rows: RecognizedRow[];
  /** office, year, period read from a title like "台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫考核項目及評分表" above the table, when present */
  meta: { office?: string; rocYear?: number; period?: Period };
}

export interface RecognizedFindings {
  sheet: string;
  headerRow: number;
  columns: Record<'item' | 'strengths' | 'weaknesses' | 'suggestion' | 'progress' | 'remarks', number>;
  /** one per criterion, in rubric order */
  rows: { criterionId: string; row: number }[];
}

export type Recognition =
  | {
      ok: true;
      scorecard: RecognizedScorecard;
      findings?: RecognizedFindings;
      /** why a findings table that was found could not be used (findings are optional, so this is no error) */
      findingsProblem?: Message;
    }
  | { ok: false; error: Message };

/* ------------------------------------------------------------------------------------------------------------
 * Text as people read it
 * ---------------------------------------------------------------------------------------------------------- */

const ENTITIES: Record<string, string> = { nbsp: ' ', '#160': ' ', amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** What a cell says: HTML leftovers dropped, full-width forms folded (NFKC), runs of space made one. */
function plain(c: CellSnap | undefined): string {
  if (!c || c.hidden || c.value === null || c.kind === 'empty' || c.kind === 'uncalculated') return '';
  return String(c.value)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|#160|amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e])
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** "(100 分)", "（100分）" (NFKC makes it half-width), "【配分 100 分】", "(100 分" with its bracket lost. */
const CAP_IN_BRACKETS = /[([【〔]\s*(?:配分\s*:?\s*)?(\d+(?:\.\d+)?)\s*分(?!鐘)\s*[)\]】〕]?/g;
/** "公私協力 50 分", "公私協力50分)": a cap at the very end, without its opening bracket. */
const CAP_AT_END = /(?:配分\s*:?\s*)?(\d+(?:\.\d+)?)\s*分\s*\)?\s*$/;
/** 一、 二. (一) 1. 1、 (1) 1) — how the documents number items; ① is "1" after NFKC. */
const NUMBERING = /^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\(?\d+[.、)]?)/;
const EDGE_PUNCT = /^[-:、.,;。]+|[-:、.,;。]+$/g;

/** The name a label is matched by: no numbering, cap, spaces, quotes or markdown stars. */
function nameKey(s: string): string {
  let k = squash(s).replace(/[*#「」『』"“”'‘’]/g, '');
  for (let i = 0; i < 3; i++) {
    const m = NUMBERING.exec(k);
    if (!m || !m[0]) break;
    k = k.slice(m[0].length);
  }
  return k.replace(EDGE_PUNCT, '');
}

interface Label {
  /** the text as shown (for messages) */
  text: string;
  /** the matching key; '' when the label is only a cap */
  name: string;
  cap: number | null;
}

function parseLabel(text: string): Label {
  const caps = [...text.matchAll(CAP_IN_BRACKETS)];
  let cap = caps.length ? Number(caps[caps.length - 1][1]) : null;
  let rest = text.replace(CAP_IN_BRACKETS, ' ');
  if (cap === null) {
    const m = CAP_AT_END.exec(rest);
    if (m) {
      cap = Number(m[1]);
      rest = rest.slice(0, m.index);
    }
  }
  return { text, name: nameKey(rest), cap };
}

/** A totals row's label: 合計, 小計, 總計, 總分, with or without what follows (「合計（1000 分）」). */
const TOTALS_LABEL = /^(?:合計|小計|總計|總分|總和)/;

const sameCap = (a: number, b: number) => Math.abs(a - b) < 1e-9;
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/* ------------------------------------------------------------------------------------------------------------
 * Header rows
 * ---------------------------------------------------------------------------------------------------------- */

type ScKey = 'dimension' | 'criterion' | 'guidance' | 'score' | 'cap';
type FKey = keyof RecognizedFindings['columns'];
/** 0-based offsets into a block's row */
type ScCols = Partial<Record<ScKey, number>> & Record<'dimension' | 'criterion' | 'guidance' | 'score', number>;
type FCols = Record<FKey, number>;

// The contract spells the header texts; these pick them by position in SCORECARD_HEADER / FINDINGS_HEADER.
const SC_WORDS: Record<ScKey, string> = {
  dimension: SCORECARD_HEADER[0],
  criterion: SCORECARD_HEADER[1],
  cap: SCORECARD_HEADER[2],
  guidance: SCORECARD_HEADER[3],
  score: SCORECARD_HEADER[4],
};
const SC_REQUIRED = ['dimension', 'criterion', 'guidance', 'score'] as const;
const F_KEYS = ['item', 'strengths', 'weaknesses', 'suggestion', 'progress', 'remarks'] as const;

const HEADER_WORDS = new Map<string, { sc: ScKey } | { f: FKey }>([
  ...(Object.entries(SC_WORDS) as [ScKey, string][]).map(([k, w]) => [w, { sc: k }] as const),
  ['自評分數', { sc: 'score' }],
  ['自評分', { sc: 'score' }],
  ['自評成績', { sc: 'score' }],
  ...F_KEYS.map((k, i) => [FINDINGS_HEADER[i], { f: k }] as const),
  // the tracking table's wording, as some offices use it in the findings table too
  ['改善辦理情形', { f: 'progress' }],
]);

/** The first character of every header word: a cell holding none of them is no header, whatever its form. */
const HEADER_FIRST = new Set([...HEADER_WORDS.keys()].map((w) => w[0]));
/** What plain() would change: HTML, brackets, full-width forms, Kangxi radicals and compatibility ideographs. */
const NEEDS_FOLDING = /[<&(\u2E80-\u2FDF\u3000\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;

/**
 * A header cell's words: "配分(分)" and "自評 (分)" read as 配分 and 自評. Most cells are no header, so a look
 * at their characters spares them the normalising (this runs on every cell of every block).
 */
function headerWord(c: CellSnap | undefined): string {
  if (!c || c.kind !== 'string' || c.hidden || typeof c.value !== 'string' || c.value.length > 60) return '';
  if (NEEDS_FOLDING.test(c.value)) return squash(plain(c)).replace(/\([^)]*\)/g, '');
  for (const ch of c.value) if (HEADER_FIRST.has(ch)) return squash(c.value);
  return '';
}

/** What one pass over a block finds: the header rows of either table, and the best near miss for the message. */
interface SheetScan {
  snap: RangeSnap;
  scHeaders: Map<number, ScCols>;
  fHeaders: Map<number, FCols>;
  /** a row holding some of the scorecard's header words but not all: why "no header" may be a near miss */
  partial?: { row: number; col: number; have: ScKey[] };
}

function scanSheet(snap: RangeSnap): SheetScan {
  const out: SheetScan = { snap, scHeaders: new Map(), fHeaders: new Map() };
  snap.cells.forEach((row, r) => {
    const sc: Partial<Record<ScKey, number>> = {};
    const f: Partial<FCols> = {};
    for (let c = 0; c < row.length; c++) {
      const w = headerWord(row[c]);
      const hit = w ? HEADER_WORDS.get(w) : undefined;
      if (!hit) continue;
      if ('sc' in hit) sc[hit.sc] ??= c;
      else f[hit.f] ??= c;
    }
    const have = SC_REQUIRED.filter((k) => sc[k] !== undefined);
    if (have.length === SC_REQUIRED.length) out.scHeaders.set(r, sc as ScCols);
    else if (have.length >= 2 && (!out.partial || have.length > out.partial.have.length))
      out.partial = { row: r, col: Math.min(...have.map((k) => sc[k]!)), have };
    if (F_KEYS.every((k) => f[k] !== undefined)) out.fHeaders.set(r, f as FCols);
  });
  return out;
}

/** Nothing shown in the table's columns (from its first to its last known column). */
function spanBlank(row: CellSnap[], cols: Record<string, number | undefined>): boolean {
  const at = Object.values(cols).filter((c): c is number => c !== undefined);
  for (let c = Math.min(...at); c <= Math.max(...at); c++) if (plain(row[c]) !== '') return false;
  return true;
}

/* ------------------------------------------------------------------------------------------------------------
 * The rubric, indexed by the names labels are matched with
 * ---------------------------------------------------------------------------------------------------------- */

interface RubricIndex {
  flat: FlatCriterion[];
  dims: Map<string, Dimension>;
  /** dimension id → area name key → criterion */
  areas: Map<string, Map<string, FlatCriterion>>;
  /** dimension name keys, longest first (so no dimension's name is taken for the start of another's) */
  dimKeys: [string, Dimension][];
}

function indexRubric(rubric: Rubric): RubricIndex {
  const flat = flatten(rubric);
  const dims = new Map(rubric.dimensions.map((d) => [nameKey(d.zh), d]));
  const areas = new Map<string, Map<string, FlatCriterion>>(rubric.dimensions.map((d) => [d.id, new Map()]));
  for (const c of flat) areas.get(c.dimension.id)!.set(nameKey(c.area.zh), c);
  const dimKeys = [...dims].sort((a, b) => b[0].length - a[0].length);
  return { flat, dims, areas, dimKeys };
}

/* ------------------------------------------------------------------------------------------------------------
 * The scorecard table
 * ---------------------------------------------------------------------------------------------------------- */

interface Attempt {
  sheet: string;
  snap: RangeSnap;
  /** block index of the first header row */
  start: number;
  first: ScCols;
  headerRows: number[];
  found: Map<string, RecognizedRow>;
  problems: Message[];
  /** the table went on to the last row of the block: rows below it were not read */
  reachedBottom: boolean;
}

/** A cell of the block with its sheet, for messages: "工作表1!B9". */
const at = (snap: RangeSnap, r: number, c: number) => `${snap.sheet}!${addr(snap.rect.top + r, snap.rect.left + c)}`;

function numberIn(c: CellSnap | undefined): number | null {
  if (!c || c.hidden) return null;
  if (c.kind === 'number' && typeof c.value === 'number') return c.value;
  const m = /^(\d+(?:\.\d+)?)\s*分?$/.exec(plain(c));
  return m ? Number(m[1]) : null;
}

/**
 * Walk down from the first header row. A table row is a header row, a criterion row, a dimension row, or a
 * continuation (a paragraph Word split into rows of its own, a cap on a line of its own, a totals row). Blank
 * rows are allowed between blocks; after one, the table goes on only with a row it recognises, so the summary
 * or the findings pasted below end it. A later header row starts it again (notes between the Word tables).
 */
function walkScorecard(s: SheetScan, R: RubricIndex): Attempt {
  const { snap } = s;
  const headers = [...s.scHeaders.keys()].sort((a, b) => a - b);
  const start = headers[0];
  const a: Attempt = {
    sheet: snap.sheet,
    snap,
    start,
    first: s.scHeaders.get(start)!,
    headerRows: [],
    found: new Map(),
    problems: [],
    reachedBottom: false,
  };
  const problem = (m: Message) => a.problems.push(m);
  let cols = a.first;
  let dim: Dimension | undefined;
  /** an unknown dimension label was reported: criteria under it are not reported again */
  let dimLost = false;
  let gap = false;
  /** the label on the row just above, for a cap Word put on a line of its own */
  let prevCrit: { row: RecognizedRow; c: FlatCriterion } | undefined;
  let prevDim: { d: Dimension; capped: boolean } | undefined;
  let lastRow = start;

  for (let r = start; r < snap.cells.length; r++) {
    const row = snap.cells[r] ?? [];
    const header = s.scHeaders.get(r);
    if (header) {
      cols = header;
      a.headerRows.push(snap.rect.top + r);
      gap = false;
      prevCrit = undefined;
      prevDim = undefined;
      lastRow = r;
      continue;
    }
    if (spanBlank(row, cols)) {
      gap = true;
      prevCrit = undefined;
      prevDim = undefined;
      continue;
    }
    const dText = plain(row[cols.dimension]);
    const cText = plain(row[cols.criterion]);
    const d = dText ? parseLabel(dText) : undefined;
    const c = cText ? parseLabel(cText) : undefined;
    const dHit = d?.name ? R.dims.get(d.name) : undefined;
    const dUnknown = !!d?.name && !dHit;
    const effDim = dHit ?? (dUnknown ? undefined : dim);
    const crit = c?.name && effDim ? R.areas.get(effDim.id)!.get(c.name) : undefined;

    // Another table (the findings) or, after a blank row, anything this table does not know: the table ends here.
    if (s.fHeaders.has(r) || (gap && !dHit && !crit)) {
      const next = headers.find((h) => h > r);
      if (next === undefined) break;
      r = next - 1;
      continue;
    }
    gap = false;
    lastRow = r;

    // 執行構面
    const wasDim = prevDim;
    prevDim = undefined;
    if (dHit) {
      dim = dHit;
      dimLost = false;
      if (d!.cap !== null && !sameCap(d!.cap, dHit.cap)) problem(dimCapMessage(at(snap, r, cols.dimension), d!, dHit));
      prevDim = { d: dHit, capped: d!.cap !== null };
    } else if (d && !d.name && d.cap !== null && wasDim && !wasDim.capped) {
      if (!sameCap(d.cap, wasDim.d.cap)) problem(dimCapMessage(at(snap, r, cols.dimension), d, wasDim.d));
    } else if (dUnknown && TOTALS_LABEL.test(d!.name)) {
      continue;
    } else if (dUnknown && c?.name) {
      problem(unknownDimMessage(at(snap, r, cols.dimension), d!, R));
      dim = undefined;
      dimLost = true;
    }

    // 評核項目
    const wasCrit = prevCrit;
    prevCrit = undefined;
    if (!c) continue;
    const cell = at(snap, r, cols.criterion);
    if (!c.name) {
      if (c.cap !== null && wasCrit && wasCrit.row.capInLabel === null) {
        wasCrit.row.capInLabel = c.cap;
        if (!sameCap(c.cap, wasCrit.c.cap)) problem(capMessage(cell, c, wasCrit.c));
      }
      continue;
    }
    // A totals row staff added under the criteria (合計, 小計, 總分) is theirs, not a criterion.
    if (TOTALS_LABEL.test(c.name)) continue;
    if (!effDim) {
      if (!dimLost) problem(noDimMessage(cell, c, colLetters(snap.rect.left + cols.dimension)));
      continue;
    }
    if (!crit) {
      problem(unknownCritMessage(cell, c, effDim, R));
      continue;
    }
    const rec: RecognizedRow = {
      criterionId: crit.id,
      row: snap.rect.top + r,
      scoreCell: addr(snap.rect.top + r, snap.rect.left + cols.score),
      labelCell: addr(snap.rect.top + r, snap.rect.left + cols.criterion),
      capInLabel: c.cap,
    };
    const twice = a.found.get(crit.id);
    if (twice) {
      problem(duplicateMessage(cell, `${snap.sheet}!${twice.labelCell}`, crit));
      continue;
    }
    a.found.set(crit.id, rec);
    prevCrit = { row: rec, c: crit };
    if (c.cap !== null && !sameCap(c.cap, crit.cap)) problem(capMessage(cell, c, crit));
    if (cols.cap !== undefined) {
      const v = numberIn(row[cols.cap]);
      if (v !== null && !sameCap(v, crit.cap)) problem(capColumnMessage(at(snap, r, cols.cap), v, crit));
    }
  }
  a.reachedBottom = lastRow === snap.cells.length - 1;
  return a;
}

function toScorecard(a: Attempt, R: RubricIndex): RecognizedScorecard {
  const col = (c: number) => a.snap.rect.left + c;
  const f = a.first;
  return {
    sheet: a.sheet,
    headerRows: a.headerRows,
    columns: {
      dimension: col(f.dimension),
      criterion: col(f.criterion),
      guidance: col(f.guidance),
      score: col(f.score),
      ...(f.cap !== undefined ? { cap: col(f.cap) } : {}),
    },
    rows: R.flat.map((c) => a.found.get(c.id)!),
    meta: readMeta(a.snap, a.start),
  };
}

/* ------------------------------------------------------------------------------------------------------------
 * The title: whose form, which year, which half
 * ---------------------------------------------------------------------------------------------------------- */

const PERIOD_SPAN = /(\d{1,2})月份?(?:至|到|~|-|–|—)(\d{1,2})月/;

function periodIn(t: string): Period | undefined {
  const m = PERIOD_SPAN.exec(t);
  if (m) {
    const span = `${Number(m[1])}-${Number(m[2])}`;
    return span === '1-6' ? 'H1' : span === '7-12' ? 'H2' : undefined;
  }
  if (t.includes('上半年')) return 'H1';
  if (t.includes('下半年')) return 'H2';
  return undefined;
}

const yearOk = (y: number) => Number.isInteger(y) && y >= YEAR_RANGE.min && y <= YEAR_RANGE.max;

/**
 * The nearest title above the table that names a year ("台東 區營業處 114 年度 1 月至 6 月…"); failing that,
 * labelled cells as our own template has them (受考單位 · 年度 · 期間), whose title is a formula a file written
 * by a library holds no result for.
 */
function readMeta(snap: RangeSnap, header: number): RecognizedScorecard['meta'] {
  const meta: RecognizedScorecard['meta'] = {};
  title: for (let r = header - 1; r >= 0; r--) {
    for (const cell of snap.cells[r] ?? []) {
      const t = squash(plain(cell));
      const m = /^(.*?)(\d{2,3})年度/.exec(t);
      if (!m) continue;
      const office = m[1].replace(/^(?:中華民國|民國)/, '');
      if (office && office.length <= OFFICE_MAX && !/[:\d]/.test(office)) meta.office = office;
      if (yearOk(Number(m[2]))) meta.rocYear = Number(m[2]);
      const p = periodIn(t);
      if (p) meta.period = p;
      break title;
    }
  }
  for (let r = 0; r < header; r++) {
    const row = snap.cells[r] ?? [];
    row.forEach((cell, c) => {
      const word = squash(plain(cell)).replace(/:$/, '');
      if (!['受考單位', '單位', '年度', '期間'].includes(word)) return;
      const next = row.slice(c + 1, c + 3).find((x) => plain(x) !== '');
      const value = plain(next);
      if ((word === '受考單位' || word === '單位') && meta.office === undefined && value && value.length <= OFFICE_MAX)
        meta.office = squash(value);
      if (word === '年度' && meta.rocYear === undefined) {
        const y = numberIn(next);
        if (y !== null && yearOk(y)) meta.rocYear = y;
      }
      if (word === '期間' && meta.period === undefined) {
        const v = squash(value).toUpperCase();
        meta.period = v === 'H1' || v === 'H2' ? v : periodIn(v);
        if (meta.period === undefined) delete meta.period;
      }
    });
  }
  return meta;
}

/* ------------------------------------------------------------------------------------------------------------
 * The findings table
 * ---------------------------------------------------------------------------------------------------------- */

const SEPARATORS = /^[-‐‑‒–—―_:/|·・、.]+/;

/** "1. 創新性-提供在地化及客製化關懷服務", "7. 可持續性 - 提供…", with or without the number. */
function criterionOfItem(text: string, R: RubricIndex): FlatCriterion | undefined {
  const k = parseLabel(text).name;
  for (const [dk, d] of R.dimKeys) {
    if (!k.startsWith(dk)) continue;
    const crit = R.areas.get(d.id)!.get(nameKey(k.slice(dk.length).replace(SEPARATORS, '')));
    if (crit) return crit;
  }
  return undefined;
}

/**
 * The criterion a findings or tracking row's 考核項目 names ("7. 可持續性 - 提供在地化及客製化關懷服務", numbered or
 * not, any separator), for tables read by their labels.
 */
export function itemMatcher(rubric: Rubric): (text: string) => FlatCriterion | undefined {
  const R = indexRubric(rubric);
  return (text) => criterionOfItem(text, R);
}

type FindingsResult = { ok: true; value: RecognizedFindings } | { ok: false; error: Message };

/**
 * Rows by their label, else by position (the n-th row under the header is criterion n) when the table has
 * one row per criterion. A row whose item cell is blank continues the row above (a paragraph Word split).
 */
function walkFindings(s: SheetScan, h: number, R: RubricIndex): FindingsResult {
  const { snap } = s;
  const cols = s.fHeaders.get(h)!;
  const n = R.flat.length;
  const items: { r: number; text: string; crit?: FlatCriterion }[] = [];
  for (let r = h + 1; r < snap.cells.length; r++) {
    const row = snap.cells[r] ?? [];
    if (s.fHeaders.has(r) || s.scHeaders.has(r) || spanBlank(row, cols)) break;
    const text = plain(row[cols.item]);
    if (!text) continue;
    const crit = criterionOfItem(text, R);
    // A sign-off line right under a full table is not a finding.
    if (items.length >= n && !crit) break;
    items.push({ r, text, crit });
  }
  const where = at(snap, h, Math.min(...Object.values(cols)));
  const fail = (zh: string, en: string): FindingsResult => ({
    ok: false,
    error: msg(
      `${where} 的優缺點彙整表（考核項目 · 優點 · 缺點 · 建議改善事項 · 改善事項辦理情形 · 備註）無法對應評核項目：${zh}`,
      `The findings table at ${where} (考核項目 · 優點 · 缺點 · 建議改善事項 · 改善事項辦理情形 · 備註) cannot be matched to the criteria: ${en}`
    ),
  });
  const byCrit = new Map<string, number>();
  for (const it of items) {
    if (!it.crit) continue;
    const before = byCrit.get(it.crit.id);
    if (before !== undefined)
      return fail(
        `${at(snap, it.r, cols.item)} 與 ${at(snap, before, cols.item)} 都是「${it.crit.label.zh}」。`,
        `${at(snap, it.r, cols.item)} and ${at(snap, before, cols.item)} are both "${it.crit.label.en}".`
      );
    byCrit.set(it.crit.id, it.r);
  }
  const unmatched = items.filter((it) => !it.crit);
  if (unmatched.length && items.length !== n) {
    const zh = unmatched.map((it) => `${at(snap, it.r, cols.item)}「${short(it.text)}」`).join('、');
    const en = unmatched.map((it) => `${at(snap, it.r, cols.item)} "${short(it.text)}"`).join(', ');
    return fail(
      `${zh} 不是評核項目名稱，且表中有 ${items.length} 列而非 ${n} 列，無法依位置對應。`,
      `${en} name no criterion, and the table has ${items.length} rows, not ${n}, so position cannot tell either.`
    );
  }
  for (const it of unmatched) {
    const c = R.flat[items.indexOf(it)];
    const taken = byCrit.get(c.id);
    if (taken !== undefined)
      return fail(
        `${at(snap, it.r, cols.item)}「${short(it.text)}」依位置應為「${c.label.zh}」，但 ${at(snap, taken, cols.item)} 已標示為該項目。`,
        `${at(snap, it.r, cols.item)} "${short(it.text)}" would be "${c.label.en}" by position, but ${at(snap, taken, cols.item)} is labelled so.`
      );
    byCrit.set(c.id, it.r);
  }
  const missing = R.flat.filter((c) => !byCrit.has(c.id));
  if (missing.length)
    return fail(`缺少 ${missing.map((c) => c.label.zh).join('、')}。`, `missing ${missing.map((c) => c.label.en).join('; ')}.`);
  const col = (c: number) => snap.rect.left + c;
  return {
    ok: true,
    value: {
      sheet: snap.sheet,
      headerRow: snap.rect.top + h,
      columns: Object.fromEntries(F_KEYS.map((k) => [k, col(cols[k])])) as RecognizedFindings['columns'],
      rows: R.flat.map((c) => ({ criterionId: c.id, row: snap.rect.top + byCrit.get(c.id)! })),
    },
  };
}

/* ------------------------------------------------------------------------------------------------------------
 * Messages
 * ---------------------------------------------------------------------------------------------------------- */

function capMessage(cell: string, l: Label, c: FlatCriterion): Message {
  return msg(
    `${cell}「${short(l.text)}」標示 ${l.cap} 分，評分規則中「${c.label.zh}」的配分是 ${c.cap} 分`,
    `${cell} "${short(l.text)}" states ${l.cap} points, but the rubric's cap for "${c.label.en}" is ${c.cap}`
  );
}

function dimCapMessage(cell: string, l: Label, d: Dimension): Message {
  return msg(
    `${cell}「${short(l.text)}」標示 ${l.cap} 分，評分規則中執行構面「${d.zh}」的配分是 ${d.cap} 分`,
    `${cell} "${short(l.text)}" states ${l.cap} points, but the rubric's cap for the dimension ${d.en} (${d.zh}) is ${d.cap}`
  );
}

function capColumnMessage(cell: string, v: number, c: FlatCriterion): Message {
  return msg(
    `${cell} 配分為 ${v}，評分規則中「${c.label.zh}」的配分是 ${c.cap} 分`,
    `${cell}: the 配分 (cap) column says ${v}, but the rubric's cap for "${c.label.en}" is ${c.cap}`
  );
}

function unknownDimMessage(cell: string, l: Label, R: RubricIndex): Message {
  const names = [...R.dims.values()].map((d) => d.zh);
  return msg(
    `${cell}「${short(l.text)}」不是評分規則的執行構面（應為 ${names.join('、')} 之一）`,
    `${cell} "${short(l.text)}" is not a dimension of the rubric (expected one of ${names.join(', ')})`
  );
}

function unknownCritMessage(cell: string, l: Label, d: Dimension, R: RubricIndex): Message {
  const names = [...R.areas.get(d.id)!.values()].map((c) => c.area.zh);
  return msg(
    `${cell}「${short(l.text)}」不是執行構面「${d.zh}」的評核項目（應為 ${names.join('、')} 之一）`,
    `${cell} "${short(l.text)}" is not a criterion of ${d.en} (${d.zh}); expected one of ${names.join(', ')}`
  );
}

function noDimMessage(cell: string, l: Label, dimCol: string): Message {
  return msg(
    `${cell}「${short(l.text)}」的上方沒有執行構面，無法判斷屬於哪個構面；請在 ${dimCol} 欄填入執行構面`,
    `${cell} "${short(l.text)}" has no 執行構面 (dimension) above it, so its dimension is unknown; write the dimension in column ${dimCol}`
  );
}

function duplicateMessage(cell: string, first: string, c: FlatCriterion): Message {
  return msg(
    `${cell} 與 ${first} 都是「${c.label.zh}」，每個評核項目只能出現一次`,
    `${cell} and ${first} are both "${c.label.en}"; each criterion may appear only once`
  );
}

const LIST_MAX = 12;
const WORDS = SC_REQUIRED.map((k) => SC_WORDS[k]);

function blocksOf(sheets: RangeSnap[]): Message {
  const list = sheets.slice(0, 10).map((s) => `${s.sheet}!${rectAddr(s.rect)}`);
  const more = sheets.length - list.length;
  return msg(
    list.join('、') + (more > 0 ? ` 等 ${sheets.length} 個工作表` : ''),
    list.join(', ') + (more > 0 ? ` and ${more} more sheets` : '')
  );
}

function noTableMessage(sheets: RangeSnap[], scans: SheetScan[]): Message {
  if (!sheets.length)
    return msg('活頁簿中沒有可讀取的工作表，找不到評分表。', 'The workbook has no sheet to read, so no scorecard was found.');
  const blocks = blocksOf(sheets);
  const near = scans.find(
    (s) => s.partial && s.partial.have.length === Math.max(...scans.map((x) => x.partial?.have.length ?? 0))
  );
  let hint = msg('', '');
  if (near?.partial) {
    const p = near.partial;
    const have = p.have.map((k) => SC_WORDS[k]);
    const lack = SC_REQUIRED.filter((k) => !p.have.includes(k)).map((k) => SC_WORDS[k]);
    const cell = at(near.snap, p.row, p.col);
    hint = msg(
      `${cell} 那一列有「${have.join('、')}」，但缺少「${lack.join('、')}」。`,
      `The row at ${cell} has ${have.join(', ')} but lacks ${lack.join(', ')}. `
    );
  }
  return msg(
    `找不到評分表：在 ${sheets.length} 個工作表的讀取範圍（${blocks.zh}）中，沒有一列同時有「${WORDS.join('、')}」四個欄名。${hint.zh}請確認評分表的標題列有這四欄（可另有其他欄，順序不拘）。`,
    `No scorecard found: in the ${sheets.length} sheet(s) read (${blocks.en}), no row holds all four headers ${WORDS.join(', ')} (dimension, criterion, guidance, self-score). ${hint.en}Make sure the scorecard's header row has these four (other columns may stand among them, in any order).`
  );
}

function tableMessage(a: Attempt, R: RubricIndex): Message {
  const n = R.flat.length;
  const missing = R.flat.filter((c) => !a.found.has(c.id));
  const f = a.first;
  const headerCell = at(a.snap, a.start, Math.min(f.dimension, f.criterion, f.guidance, f.score));
  const lines: Message[] = a.problems.slice(0, LIST_MAX);
  if (a.problems.length > LIST_MAX)
    lines.push(msg(`另有 ${a.problems.length - LIST_MAX} 處`, `and ${a.problems.length - LIST_MAX} more`));
  if (missing.length)
    lines.push(
      msg(`缺少：${missing.map((c) => c.label.zh).join('、')}`, `missing: ${missing.map((c) => c.label.en).join('; ')}`)
    );
  if (missing.length && a.reachedBottom)
    lines.push(
      msg(
        `表格延伸到讀取範圍（${a.sheet}!${rectAddr(a.snap.rect)}）的最後一列，以下的列沒有讀取`,
        `the table runs to the last row read (${a.sheet}!${rectAddr(a.snap.rect)}); rows below it were not read`
      )
    );
  const head = missing.length
    ? msg(
        `在 ${headerCell} 找到評分表標題列，但 ${n} 個評核項目只對上 ${a.found.size} 個：`,
        `Found the scorecard header on ${headerCell}, but only ${a.found.size} of ${n} criteria matched:`
      )
    : msg(
        `在 ${headerCell} 找到評分表標題列，但與評分規則不符：`,
        `Found the scorecard header on ${headerCell}, but it disagrees with the rubric:`
      );
  return msg(
    `${head.zh}\n${lines.map((l) => `- ${l.zh}`).join('\n')}\n請修正上列儲存格：每個評核項目須恰好出現一次（依執行構面與評核項目名稱對應），標示的配分須與評分規則相同。`,
    `${head.en}\n${lines.map((l) => `- ${l.en}`).join('\n')}\nFix the cells listed: each criterion must appear exactly once (matched by its dimension and service-area name), and any cap a label states must be the rubric's.`
  );
}

/* ------------------------------------------------------------------------------------------------------------
 * Entry point
 * ---------------------------------------------------------------------------------------------------------- */

/** sheets: the top-left block of every sheet, cells[0][0] = A1 (a Snapshot's `scan`). */
export function recognize(rubric: Rubric, sheets: RangeSnap[]): Recognition {
  const R = indexRubric(rubric);
  const scans = sheets.map(scanSheet);
  const attempts = scans.filter((s) => s.scHeaders.size > 0).map((s) => walkScorecard(s, R));
  const good = attempts.find((a) => a.problems.length === 0 && a.found.size === R.flat.length);
  if (!good) {
    if (!attempts.length) return { ok: false, error: noTableMessage(sheets, scans) };
    const best = attempts.reduce((x, y) => (y.found.size > x.found.size ? y : x));
    return { ok: false, error: tableMessage(best, R) };
  }
  const out: Recognition = { ok: true, scorecard: toScorecard(good, R) };
  let firstProblem: Message | undefined;
  findings: for (const s of scans) {
    for (const h of [...s.fHeaders.keys()].sort((a, b) => a - b)) {
      const f = walkFindings(s, h, R);
      if (f.ok) {
        out.findings = f.value;
        break findings;
      }
      firstProblem ??= f.error;
    }
  }
  if (!out.findings && firstProblem) out.findingsProblem = firstProblem;
  return out;
}

/* ------------------------------------------------------------------------------------------------------------
 * The summary's score table (考核成績): where `adopt` may put the total formulas
 * ---------------------------------------------------------------------------------------------------------- */

export interface RecognizedTotals {
  sheet: string;
  /** the 分數 cell on each dimension's row, in rubric order ("C5") */
  dimensionCells: string[];
  /** the 分數 cell on the 總分 row, when the table has one */
  totalCell?: string;
  /** which of those cells hold something (staff typed a subtotal): they are never written */
  filled: string[];
}

const SCORE_WORDS = new Set(['分數', '得分', '成績', '自評分數', '自評']);
/** How far below its header the summary's score table may run (four dimensions, a total, a few stray rows). */
const TOTALS_SPAN = 16;

/**
 * The seed summary's first table: a header row 考核項目(總成績 1000 分) · … · 分數, a row per dimension labelled
 * 創新性 (300 分), and a 總分 row. Read-only, like `recognize`; undefined when no such table names every dimension.
 */
export function recognizeTotals(rubric: Rubric, sheets: RangeSnap[]): RecognizedTotals | undefined {
  const R = indexRubric(rubric);
  for (const snap of sheets) {
    for (let h = 0; h < snap.cells.length; h++) {
      const row = snap.cells[h];
      const item = row.findIndex((c) => squash(plain(c)).startsWith('考核項目'));
      if (item < 0) continue;
      const score = row.findIndex((c, j) => j > item && SCORE_WORDS.has(squash(plain(c)).replace(/\([^)]*\)/g, '')));
      if (score < 0) continue;
      const dims = new Map<string, number>();
      let total: number | undefined;
      for (let r = h + 1; r < Math.min(snap.cells.length, h + 1 + TOTALS_SPAN); r++) {
        const cells = snap.cells[r] ?? [];
        const label = cells
          .slice(0, score)
          .map(plain)
          .find((t) => t !== '');
        const whole = cells
          .slice(0, score + 1)
          .map(plain)
          .join('');
        if (squash(whole).includes('總分')) {
          total = r;
          break;
        }
        const d = label ? R.dims.get(parseLabel(label).name) : undefined;
        if (d && !dims.has(d.id)) dims.set(d.id, r);
      }
      if (dims.size !== R.dims.size) continue;
      const cell = (r: number) => addr(snap.rect.top + r, snap.rect.left + score);
      const dimensionCells = [...R.dims.values()].map((d) => cell(dims.get(d.id)!));
      const totalCell = total !== undefined ? cell(total) : undefined;
      const filled = [...dimensionCells, ...(totalCell ? [totalCell] : [])].filter((a) => {
        const rr = Number(/\d+/.exec(a)![0]) - snap.rect.top;
        const c = snap.cells[rr]?.[score];
        return c !== undefined && (c.kind !== 'empty' || c.hidden === true);
      });
      return { sheet: snap.sheet, dimensionCells, totalCell, filled };
    }
  }
  return undefined;
}
