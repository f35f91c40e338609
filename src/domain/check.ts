import { Message, msg } from './message';
import { FlatCriterion, Rubric, flatten } from './rubric';
import type { CellSnap } from '../operations/types';

/** One score cell as a host read it, with its address on its sheet ("E5"). */
export type RawCell = CellSnap & { address: string };

export type ProblemKind =
  | 'aboveCap'
  | 'belowZero'
  | 'text'
  | 'numberAsText'
  | 'fullWidthDigits'
  | 'errorValue'
  | 'boolean'
  | 'formulaOutOfRange'
  | 'uncalculated'
  | 'merged'
  | 'notFinite';

export interface Problem {
  kind: ProblemKind;
  sheet: string;
  address: string;
  criterionId: string;
  criterion: Message;
  /** the cell's content as read, for display */
  value: string | number | boolean | null;
  cap: number;
  message: Message;
}

export type CriterionStatus = { status: 'scored'; score: number } | { status: 'blank' } | { status: 'problem'; problem: Problem };

export type CriterionResult = CriterionStatus & {
  criterionId: string;
  label: Message;
  address: string;
  cap: number;
};

export interface DimensionTotal {
  id: string;
  name: Message;
  cap: number;
  /** the sum of the valid scores, as the sheet's formulas compute it */
  total: number;
}

export interface CheckResult {
  /** true when no cell has a problem (blank cells are allowed: not yet scored) */
  valid: boolean;
  /** criteria holding a valid score */
  entered: number;
  of: number;
  dimensions: DimensionTotal[];
  total: number;
  totalCap: number;
  criteria: CriterionResult[];
  problems: Problem[];
}

const HALF_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const FULL_WIDTH = /[０-９．－＋]/;

/** Excel shows numbers without trailing noise; so do the messages. */
const show = (n: number) => String(Number.isInteger(n) ? n : Math.round(n * 1e6) / 1e6);

function describe(kind: ProblemKind, where: string, label: Message, shown: string, cap: number, hint?: number): Message {
  const range = msg(`請輸入 0 到 ${cap} 之間的數字`, `enter a number from 0 to ${cap}`);
  switch (kind) {
    case 'aboveCap':
      return msg(
        `${where}（${label.zh}）自評 ${shown} 超過配分 ${cap} 分；${range.zh}。`,
        `${where} (${label.en}): self-score ${shown} is above the cap of ${cap}; ${range.en}.`
      );
    case 'belowZero':
      return msg(
        `${where}（${label.zh}）自評 ${shown} 小於 0；${range.zh}。`,
        `${where} (${label.en}): self-score ${shown} is below 0; ${range.en}.`
      );
    case 'formulaOutOfRange':
      return msg(
        `${where}（${label.zh}）公式結果 ${shown} 不在 0 到 ${cap} 之間；請檢查公式或改填分數。`,
        `${where} (${label.en}): the formula gives ${shown}, outside 0 to ${cap}; check the formula or type the score.`
      );
    case 'numberAsText':
      return msg(
        `${where}（${label.zh}）「${shown}」是文字格式的數字，不會計入總分；請重新輸入數字 ${show(hint!)}。`,
        `${where} (${label.en}): "${shown}" is a number stored as text and is left out of the totals; re-enter it as the number ${show(hint!)}.`
      );
    case 'fullWidthDigits':
      return msg(
        `${where}（${label.zh}）「${shown}」使用全形數字，不會計入總分；請改用半形數字 ${show(hint!)}。`,
        `${where} (${label.en}): "${shown}" uses full-width digits and is left out of the totals; type the half-width number ${show(hint!)}.`
      );
    case 'text':
      return msg(
        `${where}（${label.zh}）「${shown}」不是數字；${range.zh}。`,
        `${where} (${label.en}): "${shown}" is not a number; ${range.en}.`
      );
    case 'errorValue':
      return msg(
        `${where}（${label.zh}）是錯誤值 ${shown}；${range.zh}。`,
        `${where} (${label.en}) holds the error value ${shown}; ${range.en}.`
      );
    case 'boolean':
      return msg(
        `${where}（${label.zh}）是邏輯值 ${shown}，不是分數；${range.zh}。`,
        `${where} (${label.en}) holds the logical value ${shown}, not a score; ${range.en}.`
      );
    case 'uncalculated':
      return msg(
        `${where}（${label.zh}）的公式 =${shown} 尚未計算，無法得知分數；請在 Excel 或 LibreOffice 開啟並儲存一次後再檢查。`,
        `${where} (${label.en}): the formula =${shown} has not been calculated, so its score is unknown; open and save the file in Excel or LibreOffice, then check again.`
      );
    case 'merged':
      return msg(
        `${where}（${label.zh}）與上方或左方的儲存格合併，無法填入分數；請取消合併，讓每個評核項目各有一格自評。`,
        `${where} (${label.en}) is merged into a neighbouring cell and cannot hold a score; unmerge it so each criterion has its own self-score cell.`
      );
    case 'notFinite':
      return msg(
        `${where}（${label.zh}）不是有效數字；${range.zh}。`,
        `${where} (${label.en}) is not a valid number; ${range.en}.`
      );
  }
}

/** Classify one score cell. Blank means "not yet scored" and is not a problem. */
export function classify(cell: RawCell, c: FlatCriterion, sheet: string): CriterionStatus {
  const where = `${sheet}!${cell.address}`;
  const problem = (kind: ProblemKind, value: Problem['value'], shown: string, hint?: number): CriterionStatus => ({
    status: 'problem',
    problem: {
      kind,
      sheet,
      address: cell.address,
      criterionId: c.id,
      criterion: c.label,
      value,
      cap: c.cap,
      message: describe(kind, where, c.label, shown, c.cap, hint),
    },
  });

  if (cell.hidden) return problem('merged', null, '');
  switch (cell.kind) {
    case 'empty':
      return { status: 'blank' };
    case 'uncalculated':
      return problem('uncalculated', cell.formula ?? '', cell.formula ?? '');
    case 'error':
      return problem('errorValue', String(cell.value), String(cell.value));
    case 'boolean':
      return problem('boolean', Boolean(cell.value), cell.value ? 'TRUE' : 'FALSE');
    case 'string': {
      const s = String(cell.value ?? '');
      const t = s.trim();
      if (HALF_NUMBER.test(t)) return problem('numberAsText', s, s, Number(t));
      const normal = t.normalize('NFKC');
      if (FULL_WIDTH.test(t) && HALF_NUMBER.test(normal)) return problem('fullWidthDigits', s, s, Number(normal));
      return problem('text', s, s === '' || t === '' ? '（空白字元）' : s);
    }
    case 'number': {
      // Whatever its number format (a date, "0 \"pts\""), a number is what the sheet's formulas count.
      const n = typeof cell.value === 'number' ? cell.value : Number.NaN;
      if (!Number.isFinite(n)) return problem('notFinite', String(cell.value), String(cell.value));
      if (n < 0 || n > c.cap) {
        if (cell.formula) return problem('formulaOutOfRange', n, show(n));
        return problem(n < 0 ? 'belowZero' : 'aboveCap', n, show(n));
      }
      return { status: 'scored', score: n };
    }
  }
}

/**
 * Check the self-scores read back from a sheet, one cell per criterion in rubric order.
 * Totals count only valid scores, exactly as the sheet's formulas do, so the pane, the CLI and the
 * workbook always agree.
 */
export function checkScores(rubric: Rubric, cells: RawCell[], sheet: string): CheckResult {
  const flat = flatten(rubric);
  if (cells.length !== flat.length) throw new Error(`checkScores: expected ${flat.length} cells, got ${cells.length}`);
  const criteria: CriterionResult[] = flat.map((c, i) => ({
    ...classify(cells[i], c, sheet),
    criterionId: c.id,
    label: c.label,
    address: cells[i].address,
    cap: c.cap,
  }));
  const scoreOf = (r: CriterionResult) => (r.status === 'scored' ? r.score : 0);
  const dimensions: DimensionTotal[] = rubric.dimensions.map((d) => ({
    id: d.id,
    name: msg(d.zh, d.en),
    cap: d.cap,
    total: round(criteria.filter((r, i) => flat[i].dimension.id === d.id).reduce((s, r) => s + scoreOf(r), 0)),
  }));
  const problems = criteria.flatMap((r) => (r.status === 'problem' ? [r.problem] : []));
  return {
    valid: problems.length === 0,
    entered: criteria.filter((r) => r.status === 'scored').length,
    of: flat.length,
    dimensions,
    total: round(dimensions.reduce((s, d) => s + d.total, 0)),
    totalCap: rubric.total,
    criteria,
    problems,
  };
}

/** Sums of decimal scores (94.5 + 0.1) should read as people add them. */
const round = (n: number) => Math.round(n * 1e9) / 1e9;

/**
 * Does the workbook's score range fit the rubric? `where` names it ("考核評分表!E5:E16"); `caps` is what
 * ScoreCaps holds, when it is there. Checking 95 against the wrong cap would mislead, so a mismatch is
 * reported instead of a check.
 */
export function rangeMismatch(rubric: Rubric, where: string, cellCount: number, caps?: unknown[]): Message | undefined {
  const flat = flatten(rubric);
  if (cellCount !== flat.length) {
    return msg(
      `SelfScores（${where}）有 ${cellCount} 格，評分規則有 ${flat.length} 個評核項目；請確認範本與評分規則相符（命令列：--rubric），或以「公式 > 名稱管理員」修正 SelfScores 的範圍。`,
      `SelfScores (${where}) has ${cellCount} cells but the rubric has ${flat.length} criteria; check that the template matches the rubric (command line: --rubric), or fix the range of SelfScores (Formulas > Name Manager).`
    );
  }
  const read = caps ?? [];
  const diff = flat.findIndex((c, i) => read[i] !== '' && read[i] !== null && read[i] !== undefined && Number(read[i]) !== c.cap);
  if (diff < 0) return undefined;
  return msg(
    `活頁簿的配分（ScoreCaps 第 ${diff + 1} 格為 ${String(read[diff])}）與評分規則（${flat[diff].label.zh} ${flat[diff].cap} 分）不同；請使用這份活頁簿所用的評分規則（命令列：--rubric）。`,
    `The caps in the workbook (ScoreCaps cell ${diff + 1} holds ${String(read[diff])}) differ from the rubric (${flat[diff].label.en}: ${flat[diff].cap}); use the rubric this workbook was made with (command line: --rubric).`
  );
}
