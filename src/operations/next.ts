import { rectAddr } from '../domain/a1';
import { Message, msg } from '../domain/message';
import { type FlatCriterion, type Rubric, flatten } from '../domain/rubric';
import {
  DEFAULT_OFFICE,
  type FormMeta,
  IN_PROGRESS,
  NAMES,
  PLAN_HEADER,
  type Period,
  SHEET_NAMES,
  SHEET_ORDER,
  type SheetKey,
  YEAR_RANGE,
  followingPeriod,
  formOwner,
  periodText,
} from '../contract';
import type { PlanSection } from '../examples/types';
import { type PlanOpening, type PlanTableRow, freeSheetName } from '../layouts/common';
import type { TrackingRow } from '../layouts/tracking';
import { blankDateLine } from '../layouts/plan';
import { buildWorkbook } from '../layouts/workbook';
import { columnsOf, isBlank, textOf } from './cells';
import { type OpenRow, openRows } from './inspect';
import { META_NAMES, readMeta } from './meta';
import type { CellSnap, Edit, NameRef, Operation, RangeSnap, Snapshot } from './types';

/**
 * The next period (H1 → H2 of the same year, H2 → H1 of the next) in the same workbook, beside the earlier one.
 */
export interface NextInput {
  rubric: Rubric;
  /** "today", for the defaults of a workbook that does not say its year and period */
  now?: Date;
}

export interface NextOutcome {
  from: FormMeta;
  to: FormMeta;
  /** the new period's sheets, by role */
  sheets: Record<SheetKey, string>;
  /** improvements not yet done, carried into the new tracking sheet */
  carried: number;
  /** the contract names the earlier period keeps as sheet-scoped copies */
  kept: string[];
  summary: Message;
}

/** How far under ImprovementTracking rows may go on, and how far beside it 辦理狀態 may be (as inspect reads it). */
const BELOW = 200;
const WIDER = 6;
/** Where a tracking table whose name was deleted is looked for (as track looks). */
const SCAN = { rows: 200, cols: 12 };
/** What a carried row's 備註 starts with; a row carried before already says where it came from. */
const ORIGIN = '延續自';
/** Rows read above the plan table (title, date, 壹 … 伍) and under it (陸, 柒 …): the plan's own text. */
const PLAN_ABOVE = 80;
const PLAN_BELOW = 60;

/**
 * Start the next period: four new sheets (the plan carried, its title, date and sections word for word around its
 * table, a new year's title and date aside; scores and findings blank; the improvements not yet done carried into
 * tracking), the workbook-scoped names moved onto them, and the earlier period's sheets given
 * sheet-scoped copies of the names first, so their formulas go on reading their own period. Nothing of the
 * earlier period is written.
 *
 * `now` is not used: a workbook that does not say its year and period is refused rather than guessed.
 */
export const nextPeriod: Operation<NextInput, NextOutcome> = {
  id: 'nextPeriod',
  needs: () => ({
    ranges: [NAMES.selfScores, NAMES.planActions, NAMES.findings, NAMES.tracking, ...META_NAMES],
    below: { [NAMES.tracking]: BELOW, [NAMES.planActions]: PLAN_BELOW },
    above: { [NAMES.planActions]: PLAN_ABOVE },
    wider: { [NAMES.tracking]: WIDER },
    scanWhenMissing: { name: NAMES.tracking, rows: SCAN.rows, cols: SCAN.cols },
  }),
  decide(s, { rubric }) {
    if (!s.ranges[NAMES.selfScores]) return { ok: false, error: noScorecard(s) };
    const meta = readMeta(s);
    if (meta.rocYear === undefined || meta.period === undefined) return { ok: false, error: unknownPeriod(s) };
    const from: FormMeta = { office: meta.office ?? DEFAULT_OFFICE, rocYear: meta.rocYear, period: meta.period };
    const to: FormMeta = { office: from.office, ...followingPeriod(from) };
    if (to.rocYear > YEAR_RANGE.max) return { ok: false, error: beyondYears(to.rocYear) };

    const sheets = sheetNames(s.sheets, to);
    const planTable = s.ranges[NAMES.planActions];
    const planRows = planRowsOf(planTable);
    const text = planTable && !planTable.areas ? planTextOf(s.above?.[NAMES.planActions], s.below[NAMES.planActions]) : undefined;
    const flat = flatten(rubric);
    const trackingRows = openRows(s, rubric, flat, s.ranges[NAMES.findings]).map((r) => carriedRow(r, from, flat));
    const layout = buildWorkbook({
      ...to,
      example: false,
      rubric,
      sheetNames: sheets,
      planRows,
      planSections: text?.sections,
      planOpening: text && carriedOpening(text, from, to),
      trackingRows,
    });

    // The earlier period's names, copied onto each of its sheets before the new sheets take the workbook-scoped ones.
    const earlier = Object.values(NAMES).flatMap((name) => {
      const ref = nameRef(s, name);
      const range = ref && rangeOf(ref);
      return ref?.sheet && range ? [{ name, sheet: ref.sheet, range }] : [];
    });
    const scopes = [...new Set(earlier.map((n) => n.sheet))];
    const edits: Edit[] = [
      ...scopes.flatMap((scope) =>
        earlier.map((n): Edit => ({ kind: 'localName', scope, sheet: n.sheet, name: { name: n.name, range: n.range } }))
      ),
      ...layout.sheets.map((l, i): Edit => ({ kind: 'addSheet', layout: l, activate: i === 0 })),
    ];
    const kept = earlier.map((n) => n.name);
    const notes = !planTable || planTable.areas ? [noPlanNote(s)] : text ? [] : [sectionsNote(planTable)];
    return {
      ok: true,
      result: {
        from,
        to,
        sheets,
        carried: trackingRows.length,
        kept,
        summary: nextSummary(from, to, sheets, trackingRows.length, kept, notes),
      },
      plan: { edits },
    };
  },
};

const nameRef = (s: Snapshot, name: string): NameRef | undefined =>
  s.names.find((n) => n.name.toLowerCase() === name.toLowerCase());

/** A name's range on its sheet as a NameSpec says it: one rectangle, or its areas in order. */
const rangeOf = (n: NameRef): string | undefined => (n.rect ? rectAddr(n.rect) : n.areas?.map(rectAddr).join(','));

/** "考核評分表 115年上半年": each role's name with the half it is for, or a free variant of it. */
function sheetNames(existing: string[], to: FormMeta): Record<SheetKey, string> {
  const taken = [...existing];
  const out = {} as Record<SheetKey, string>;
  const half = `${to.rocYear}年${to.period === 'H1' ? '上' : '下'}半年`;
  for (const key of SHEET_ORDER) {
    out[key] = freeSheetName(taken, `${SHEET_NAMES[key]} ${half}`);
    taken.push(out[key]);
  }
  return out;
}

/**
 * The plan table's rows as they are, by the header's columns: text as shown, a date deadline as the date it is.
 * A cell merged away under 服務內涵 or 服務策略 holds the text of the merge above it, so the new plan merges it
 * again. Undefined when there is no table or nothing in it: the new plan is then a blank one.
 */
function planRowsOf(r: RangeSnap | undefined): PlanTableRow[] | undefined {
  if (!r || r.areas || r.cells.length < 2) return undefined;
  const [header, ...rows] = r.cells;
  const cols = columnsOf(header, PLAN_HEADER);
  const above: string[] = ['', ''];
  const out = rows.map((row) => {
    const cell = (i: number): CellSnap | undefined => (cols[i] >= 0 ? row[cols[i]] : undefined);
    const [serviceArea, strategy] = [0, 1].map((i) => {
      const c = cell(i);
      if (!c?.hidden) above[i] = textOf(c);
      return above[i];
    });
    const d = cell(4);
    return {
      serviceArea,
      strategy,
      action: textOf(cell(2)),
      department: textOf(cell(3)),
      deadline: d?.kind === 'number' && !d.hidden ? Number(d.value) : textOf(d),
    };
  });
  const blank = (v: string | number) => typeof v === 'string' && v.trim() === '';
  if (out.every((p) => Object.values(p).every(blank))) return undefined;
  return out;
}

/** A plan's own text: its opening lines and its numbered sections, as the layout (layouts/plan.ts) lays them out. */
interface PlanText extends PlanOpening {
  sections: PlanSection[];
}

/** A section heading as the plans number them: a CJK ordinal and 、 (壹、 … 拾、, 拾壹、 …). */
const HEADING = /^[壹貳參叁肆伍陸柒捌玖拾]+、/;

/**
 * One row of the plan sheet as a line of text: its first cell (the line is merged across) with nothing else in the
 * row ('other' when something is); `merged` when the row is merged across, as the layout merges every line it writes.
 */
interface PlanLine {
  kind: 'heading' | 'paragraph' | 'empty' | 'other';
  text: string;
  merged: boolean;
}

function lineOf(row: CellSnap[]): PlanLine {
  const rest = row.slice(1);
  const text = textOf(row[0]);
  const merged = rest.length > 0 && rest.every((c) => c.hidden);
  if (!rest.every((c) => c.hidden || isBlank(c))) return { kind: 'other', text, merged };
  if (isBlank(row[0]) || text.trim() === '') return { kind: 'empty', text: '', merged };
  return { kind: HEADING.test(text) ? 'heading' : 'paragraph', text, merged };
}

/**
 * The plan's title, date and sections, read back from the rows above and under its table as planLines writes them:
 * title, date, a blank row, then each section's heading and paragraphs down to the table, which stands right after
 * 伍's; under it a spacer, then the other sections, down to the first row that is neither a heading nor a line of
 * text. An empty row inside a section is an empty paragraph (the layout writes one for each); after the last
 * section only one merged across is. Undefined when the rows are not laid out so (staff rearranged the plan) or
 * run on past what was read: the new plan then takes the blank sections rather than a part of them.
 */
function planTextOf(above: RangeSnap | undefined, below: RangeSnap | undefined): PlanText | undefined {
  if (!above || above.rect.top !== 1 || above.cells.length < 3) return undefined;
  const top = above.cells.map(lineOf);
  const [title, date] = top;
  if (title.kind !== 'paragraph' || (date.kind !== 'paragraph' && date.kind !== 'empty')) return undefined;
  const first = top.findIndex((l) => l.kind === 'heading');
  if (first < 2 || top.slice(2, first).some((l) => l.kind !== 'empty')) return undefined;

  const sections: PlanSection[] = [];
  for (const l of top.slice(first)) {
    if (l.kind === 'other') return undefined;
    if (l.kind === 'heading') sections.push({ heading: l.text, paragraphs: [] });
    else sections[sections.length - 1].paragraphs.push(l.text);
  }
  // The table goes right after the first section headed 伍: it must be the last one above the table.
  if (sections.findIndex((x) => x.heading.startsWith('伍')) !== sections.length - 1) return undefined;

  const under = (below?.cells ?? []).map(lineOf);
  const after: PlanSection[] = [];
  /** empty rows not yet known to be paragraphs: they are when a line of the plan follows them */
  let pending = 0;
  let i = 0;
  while (i < under.length && under[i].kind === 'empty') i++; // the spacer under the table
  for (; i < under.length; i++) {
    const l = under[i];
    if (l.kind === 'other') break;
    if (l.kind === 'empty') {
      pending++;
      continue;
    }
    const current = after[after.length - 1];
    // Text between the table and the next heading belongs to no section the layout writes there.
    if (!current && l.kind === 'paragraph') return undefined;
    current?.paragraphs.push(...Array.from({ length: pending }, () => ''));
    pending = 0;
    if (l.kind === 'heading') after.push({ heading: l.text, paragraphs: [] });
    else current.paragraphs.push(l.text);
  }
  const trailing = under.slice(i - pending, i);
  const merged = trailing.findIndex((l) => !l.merged);
  after[after.length - 1]?.paragraphs.push(...trailing.slice(0, merged < 0 ? trailing.length : merged).map(() => ''));

  // A heading further down (past a row that is no line), or one that would take the table: rearranged.
  if (under.slice(i).some((l) => l.kind === 'heading') || after.some((x) => x.heading.startsWith('伍'))) return undefined;
  // Read to the end of what was read with the text going on: the rest was not read.
  const last = under[under.length - 1];
  if (i === under.length && under.length >= PLAN_BELOW && (last.kind !== 'empty' || last.merged)) return undefined;
  return { title: title.text, date: date.text, sections: [...sections, ...after] };
}

/**
 * The opening lines of the new period's plan: as they are within the year (H1 → H2); for a new year the title with
 * the new year in place of the old (the office as the title names it) and a date to be filled in.
 */
function carriedOpening(text: PlanOpening, from: FormMeta, to: FormMeta): PlanOpening {
  if (to.rocYear === from.rocYear) return { title: text.title, date: text.date };
  return { title: text.title.replace(/[0-9０-９]+(?=\s*年)/, String(to.rocYear)), date: blankDateLine(to.rocYear) };
}

/** 備註 of a carried row: where it came from first, unless it says so already (carried before). */
function originRemarks(remarks: string, from: FormMeta): string {
  if (remarks.startsWith(ORIGIN)) return remarks;
  const origin = `${ORIGIN} ${from.rocYear} 年 ${periodText(from.period)}`;
  return remarks ? `${origin}；${remarks}` : origin;
}

/**
 * An improvement carried into the new tracking sheet: its text, the progress so far, where it came from, 辦理中; no
 * 項目代碼, so `track` on the new period leaves it alone (a row staff own) and adds the new findings' rows beside it.
 */
const carriedRow = (r: OpenRow, from: FormMeta, flat: FlatCriterion[]): TrackingRow => ({
  key: '',
  item: r.item || (flat.find((c) => c.id === r.criterionId)?.label.zh ?? ''),
  suggestion: r.suggestion,
  progress: r.progress,
  remarks: originRemarks(r.remarks, from),
  source: '',
  done: IN_PROGRESS,
});

const PERIOD_EN: Record<Period, string> = { H1: 'January–June', H2: 'July–December' };
const spanZh = (m: Pick<FormMeta, 'rocYear' | 'period'>) => `${m.rocYear} 年度 ${periodText(m.period)}`;
const spanEn = (m: Pick<FormMeta, 'rocYear' | 'period'>) => `ROC year ${m.rocYear}, ${PERIOD_EN[m.period]}`;

function nextSummary(
  from: FormMeta,
  to: FormMeta,
  sheets: Record<SheetKey, string>,
  carried: number,
  kept: string[],
  notes: Message[]
): Message {
  const list = SHEET_ORDER.map((k) => sheets[k]);
  const zh = [
    `已開始下一期：${spanZh(from)} → ${formOwner(to)}。`,
    `新增工作表：${list.join('、')}（計畫沿用前一期，自評與考核結果為空白）。`,
    carried ? `延續 ${carried} 項尚未完成的建議改善事項（含辦理情形，備註註明來源）。` : '前一期沒有尚未完成的建議改善事項。',
    kept.length
      ? `前一期的工作表未變更，並以工作表範圍的名稱（${kept.join('、')}）繼續讀取自己的資料；活頁簿層級的名稱已指向新的一期。`
      : '',
    ...notes.map((n) => n.zh),
  ];
  const en = [
    `Started the next period: ${spanEn(from)} → ${spanEn(to)} (${to.office}).`,
    `Added the sheets ${list.join(', ')} (the plan carried over; self-scores and findings blank).`,
    carried
      ? `Carried ${carried} improvement${carried === 1 ? '' : 's'} not yet done, with the progress so far and where each came from in 備註.`
      : 'The earlier period has no improvement left to do.',
    kept.length
      ? `The earlier period's sheets were not changed and go on reading their own cells through sheet-scoped names (${kept.join(', ')}); the workbook-scoped names now point at the new period.`
      : '',
    ...notes.map((n) => n.en),
  ];
  return msg(zh.filter(Boolean).join(''), en.filter(Boolean).join(' '));
}

function noScorecard(s: Snapshot): Message {
  const ref = nameRef(s, NAMES.selfScores);
  const why = ref
    ? msg(
        `定義名稱 ${NAMES.selfScores} 指向「${ref.refersTo}」，不是活頁簿中的儲存格範圍`,
        `the defined name ${NAMES.selfScores} refers to "${ref.refersTo}", which is not a range of this workbook`
      )
    : msg(`沒有定義名稱 ${NAMES.selfScores}`, `it has no defined name ${NAMES.selfScores}`);
  return msg(
    `無法開始下一期：這個活頁簿沒有可讀取的考核評分表（${why.zh}）。請先插入範本，或以「使用我現有的工作表」（命令列：scorecard adopt）接上自己的評分表，再開始下一期；活頁簿未變更。`,
    `Cannot start the next period: the workbook holds no scorecard that can be read (${why.en}). Insert the templates, or set up the sheet you made with "Use my existing sheet" (command line: scorecard adopt), then start the next period; the workbook was not changed.`
  );
}

/** Where a meta name points and what it holds, for a message: "考核評分表!D3（「abc」）", or that it is missing. */
function metaWhere(s: Snapshot, name: string): Message {
  const ref = nameRef(s, name);
  if (!ref?.sheet || !ref.rect) return msg(`${name}（名稱不存在或不是儲存格）`, `${name} (missing, or not a cell)`);
  const c = s.ranges[name]?.cells[0]?.[0];
  const shown = isBlank(c) ? msg('空白', 'blank') : msg(`「${textOf(c)}」`, `"${textOf(c)}"`);
  const at = `${ref.sheet}!${rectAddr(ref.rect)}`;
  return msg(`${name}（${at}，${shown.zh}）`, `${name} (${at}, ${shown.en})`);
}

function unknownPeriod(s: Snapshot): Message {
  const year = metaWhere(s, NAMES.rocYear);
  const period = metaWhere(s, NAMES.period);
  return msg(
    `無法開始下一期：不知道這個活頁簿是哪一年度、哪半年。請在 ${year.zh} 填入民國年（例如 114），在 ${period.zh} 填入 H1 或 H2，再試一次；活頁簿未變更。`,
    `Cannot start the next period: the workbook does not say which year and half it is for. Enter the ROC year (e.g. 114) in ${year.en} and H1 or H2 in ${period.en}, then try again; the workbook was not changed.`
  );
}

function beyondYears(year: number): Message {
  return msg(
    `無法開始下一期：下一期是民國 ${year} 年，超出可用的年度（${YEAR_RANGE.min} 到 ${YEAR_RANGE.max}）；請確認 ${NAMES.rocYear} 的年度。`,
    `Cannot start the next period: it would be ROC year ${year}, beyond the years a form can be for (${YEAR_RANGE.min} to ${YEAR_RANGE.max}); check the year in ${NAMES.rocYear}.`
  );
}

function noPlanNote(s: Snapshot): Message {
  const ref = nameRef(s, NAMES.planActions);
  return ref
    ? msg(
        `定義名稱 ${NAMES.planActions} 指向「${ref.refersTo}」，讀不到前一期的執行計畫表，新的執行計畫為空白表格，請自行填寫。`,
        `The defined name ${NAMES.planActions} refers to "${ref.refersTo}", where no plan table could be read, so the new plan is blank: fill it in.`
      )
    : msg(
        `這個活頁簿沒有執行計畫表（定義名稱 ${NAMES.planActions}），新的執行計畫為空白表格，請自行填寫。`,
        `The workbook has no plan table (the defined name ${NAMES.planActions}), so the new plan is blank: fill it in.`
      );
}

/** The earlier plan's title and sections could not be read back as the template lays them out: where they are. */
function sectionsNote(table: RangeSnap): Message {
  const at = `${table.sheet}!${rectAddr(table.rect)}`;
  return msg(
    `前一期執行計畫的標題與各節文字（壹、計畫依據…柒）未能沿用：排列與範本不同，或超過可讀取的列數（策略表上方 ${PLAN_ABOVE} 列、下方 ${PLAN_BELOW} 列）。新的執行計畫已沿用策略表，標題與各節為空白，請參考前一期的「${table.sheet}」工作表（策略表 ${at} 的上方與下方）填寫。`,
    `The earlier plan's title and sections (壹、計畫依據 … 柒) were not carried: they are not laid out as the template lays them out, or run past the rows read (${PLAN_ABOVE} above the strategy table, ${PLAN_BELOW} under it). The new plan has the strategy table and blank sections: fill them in from the earlier plan on the sheet "${table.sheet}" (above and under its table at ${at}).`
  );
}
