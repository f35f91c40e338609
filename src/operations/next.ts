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
import { type PlanTableRow, freeSheetName } from '../layouts/common';
import type { TrackingRow } from '../layouts/tracking';
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

/**
 * Start the next period: four new sheets (the plan carried, scores and findings blank, the improvements not yet
 * done carried into tracking), the workbook-scoped names moved onto them, and the earlier period's sheets given
 * sheet-scoped copies of the names first, so their formulas go on reading their own period. Nothing of the
 * earlier period is written.
 *
 * `now` is not used: a workbook that does not say its year and period is refused rather than guessed.
 */
export const nextPeriod: Operation<NextInput, NextOutcome> = {
  id: 'nextPeriod',
  needs: () => ({
    ranges: [NAMES.selfScores, NAMES.planActions, NAMES.findings, NAMES.tracking, ...META_NAMES],
    below: { [NAMES.tracking]: BELOW },
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
    const flat = flatten(rubric);
    const trackingRows = openRows(s, rubric, flat, s.ranges[NAMES.findings]).map((r) => carriedRow(r, from, flat));
    const layout = buildWorkbook({ ...to, example: false, rubric, sheetNames: sheets, planRows, trackingRows });

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
    const notes = planTable && !planTable.areas ? [] : [noPlanNote(s)];
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
