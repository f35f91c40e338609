import { Rect, addr, parseRange, rangeAddr, rectAddr } from '../domain/a1';
import { rangeText } from './check';
import { Message, msg } from '../domain/message';
import { Rubric, flatten } from '../domain/rubric';
import { RecognizedFindings, RecognizedScorecard, itemMatcher, recognize, recognizeTotals } from '../domain/recognize';
import { carriesText } from '../domain/tracking';
import { T } from '../layouts/tracking';
import { DONE_CHOICES, DONE_HEADER, FormMeta, NAMES, TRACKING_HEADER, defaultOptions, formOwner } from '../contract';
import { ADOPTED, adoptedRows, adoptedSheet, scoreRules } from '../layouts/adopted';
import { cellRef, freeSheetName } from '../layouts/common';
import { cellAt, isBlank, startsWithHeaders, textOf } from './cells';
import { recognizedFindings } from './inspect';
import { META_NAMES } from './meta';
import { readFindings, track } from './track';
import { CellSnap, Edit, NO_WRITES, Operation, RangeSnap, Snapshot } from './types';

/** Attach the contract (names, validation, totals, tracking) to a scorecard staff made by hand. */
export interface AdoptInput {
  rubric: Rubric;
  /** "today", for the year and period of a workbook whose title does not say them */
  now?: Date;
}

/** One thing adopt found or added: what, and where ("考核評分表!D5:D7,D10:D12"). */
export interface AdoptPart {
  what: Message;
  where: string;
}

export interface AdoptOutcome {
  /** the workbook carried the contract already: nothing was written */
  already: boolean;
  found: AdoptPart[];
  added: AdoptPart[];
  /** what was looked for and not found or not used (a findings table, the summary's total cells): not errors */
  notes: Message[];
  summary: Message;
}

/** The block read from every sheet to find the staff's tables (the seed's three tables fit in it with room). */
const SCAN = { rows: 400, cols: 26 };

/**
 * Find the scorecard staff pasted from Word and attach the contract over their own cells: SelfScores (one area
 * per pasted table), validation and red fill on those cells, a sheet of formulas beside them (ScoreCaps, whose
 * form, what each score counts for, the totals), the totals in the summary's empty cells, Findings, and the
 * tracking sheet. No cell that holds something is written; a workbook that has SelfScores already is left alone.
 */
export const adopt: Operation<AdoptInput, AdoptOutcome> = {
  id: 'adopt',
  needs: () => ({
    ranges: [NAMES.selfScores, ...META_NAMES],
    scanWhenMissing: { name: NAMES.selfScores, rows: SCAN.rows, cols: SCAN.cols },
  }),
  decide(s, { rubric, now }) {
    const named = s.ranges[NAMES.selfScores];
    if (named) return { ok: true, result: alreadyAdopted(named), plan: NO_WRITES };
    const scan = s.scan ?? [];
    const found = recognize(rubric, scan);
    if (!found.ok)
      return {
        ok: false,
        error: msg(
          `無法接上既有的評分表，活頁簿未變更。${found.error.zh}`,
          `The existing scorecard could not be adopted; the workbook was not changed. ${found.error.en}`
        ),
      };
    return { ok: true, ...attach(s, scan, rubric, found.scorecard, found.findings, found.findingsProblem, now) };
  },
};

function alreadyAdopted(r: RangeSnap): AdoptOutcome {
  const where = `${r.sheet}!${rangeText(r)}`;
  return {
    already: true,
    found: [{ what: msg('自評儲存格（SelfScores）', 'self-score cells (SelfScores)'), where }],
    added: [],
    notes: [],
    summary: msg(
      `這本活頁簿已接上評分功能（SelfScores 指向 ${where}），不需再做；活頁簿未變更。`,
      `This workbook is set up already (SelfScores refers to ${where}); nothing to do, and the workbook was not changed.`
    ),
  };
}

const areasText = (areas: Rect[]) => areas.map(rectAddr).join(',');

/** Score cells in rubric order as areas: runs of cells one under the other in one column. */
function areasOf(cells: string[]): Rect[] {
  const out: Rect[] = [];
  for (const a of cells) {
    const r = parseRange(a);
    const last = out[out.length - 1];
    if (last && last.left === r.left && last.right === r.right && last.bottom + 1 === r.top) last.bottom = r.top;
    else out.push({ ...r });
  }
  return out;
}

const blockOf = (scan: RangeSnap[], sheet: string) => scan.find((b) => b.sheet === sheet);
/** Nothing at all in the cell, not even spaces, a link or a merge over it: the only cells adopt writes. */
const untouched = (c: CellSnap | undefined) => !c || (c.kind === 'empty' && !c.hidden && !c.link && !c.formula);

const numberOf = (c: CellSnap | undefined): number | null =>
  c && c.kind === 'number' && typeof c.value === 'number' ? c.value : null;

function attach(
  s: Snapshot,
  scan: RangeSnap[],
  rubric: Rubric,
  sc: RecognizedScorecard,
  findings: RecognizedFindings | undefined,
  findingsProblem: Message | undefined,
  now: Date | undefined
): { result: AdoptOutcome; plan: { edits: Edit[] } } {
  const flat = flatten(rubric);
  const found: AdoptPart[] = [];
  const added: AdoptPart[] = [];
  const notes: Message[] = [];
  const edits: Edit[] = [];
  const block = blockOf(scan, sc.sheet)!;
  const scoreCells = sc.rows.map((r) => r.scoreCell);
  const areas = areasOf(scoreCells);
  const scoresWhere = `${sc.sheet}!${areasText(areas)}`;
  found.push({
    what: msg(
      `評分表（${flat.length} 個評核項目，${sc.headerRows.length} 個標題列）`,
      `the scorecard (${flat.length} criteria, ${sc.headerRows.length} header row(s))`
    ),
    where: `${sc.sheet}!${rangeAddr(sc.headerRows[0], Math.min(sc.columns.dimension, sc.columns.criterion), sc.rows[sc.rows.length - 1].row, sc.columns.score)}`,
  });

  // Whose form: the title's words, else today's defaults, said so the staff can correct them.
  const defaults = defaultOptions(now);
  const meta: FormMeta = {
    office: sc.meta.office ?? defaults.office,
    rocYear: sc.meta.rocYear ?? defaults.rocYear,
    period: sc.meta.period ?? defaults.period,
  };
  const calc = freeSheetName(s.sheets, ADOPTED.title);
  const guessed = (['office', 'rocYear', 'period'] as const).filter((k) => sc.meta[k] === undefined);
  if (guessed.length) {
    const zh = { office: `單位（${meta.office}）`, rocYear: `年度（${meta.rocYear}）`, period: `期間（${meta.period}）` };
    const en = { office: `office (${meta.office})`, rocYear: `year (${meta.rocYear})`, period: `period (${meta.period})` };
    notes.push(
      msg(
        `評分表上方的標題沒有寫出${guessed.map((k) => zh[k]).join('、')}，已先填入預設值；請在「${calc}」的 ${ADOPTED.meta.office}、${ADOPTED.meta.rocYear}、${ADOPTED.meta.period} 確認。`,
        `The title above the scorecard does not state the ${guessed.map((k) => en[k]).join(', ')}; defaults were filled in. Check them on "${calc}" at ${ADOPTED.meta.office}, ${ADOPTED.meta.rocYear}, ${ADOPTED.meta.period}.`
      )
    );
  }

  // The summary's 考核成績 table: its empty 分數 cells take the total formulas; typed subtotals are kept.
  const totals = recognizeTotals(rubric, scan);
  const tBlock = totals && blockOf(scan, totals.sheet);
  const dimRows = totals?.dimensionCells.map((a) => parseRange(a)) ?? [];
  const dimsContiguous = dimRows.every((r, i) => i === 0 || (r.left === dimRows[0].left && r.top === dimRows[i - 1].top + 1));
  const dimsHere = !!totals && dimsContiguous && totals.dimensionCells.every((a) => untouched(cellAt(tBlock, a)));
  const totalHere = !!totals?.totalCell && untouched(cellAt(tBlock, totals.totalCell));
  if (totals && (!dimsHere || !totalHere)) {
    const kept = totals.filled.length ? totals.filled.join('、') : totals.dimensionCells.join('、');
    notes.push(
      msg(
        `彙整表（${totals.sheet}）的分數儲存格 ${kept} 已有內容，未覆寫；${!dimsHere ? '各構面小計' : ''}${!dimsHere && !totalHere ? '與' : ''}${!totalHere ? '總分' : ''}的公式放在「${calc}」。`,
        `The summary's score cells on ${totals.sheet} (${kept}) hold something and were left as they are; the ${[!dimsHere ? 'subtotal' : '', !totalHere ? 'total' : ''].filter(Boolean).join(' and ')} formulas are on "${calc}".`
      )
    );
  } else if (!totals) {
    notes.push(
      msg(
        `找不到彙整表的考核成績表（標題列有「考核項目」與「分數」，每個執行構面一列）；小計與總分的公式放在「${calc}」。`,
        `No summary score table was found (a header row with 考核項目 and 分數, a row per dimension); the subtotal and total formulas are on "${calc}".`
      )
    );
  }

  const values = scoreCells.map((a) => numberOf(cellAt(block, a)));
  // The results written with the formulas, for readers that do not calculate: valid scores only, as 計入 counts.
  const counted = flat.map((c, i) => (values[i] !== null && values[i]! >= 0 && values[i]! <= c.cap ? values[i]! : 0));
  const subtotal = (dimId: string) => flat.reduce((t, c, i) => (c.dimension.id === dimId ? t + counted[i] : t), 0);
  edits.push({
    kind: 'addSheet',
    layout: adoptedSheet({
      name: calc,
      rubric,
      meta,
      scores: scoreCells.map((cell) => ({ sheet: sc.sheet, cell })),
      values,
      carries: { dimensionTotals: !dimsHere, totalScore: !totalHere },
    }),
  });
  const { dimFirst } = adoptedRows(rubric);
  added.push({
    what: msg(
      '自評總分核算表：單位、年度、期間、配分、各項檢核、小計與總分（公式）',
      'a totals sheet: office, year, period, caps, each score checked, subtotals and total (formulas)'
    ),
    where: calc,
  });

  edits.push({
    kind: 'setName',
    sheet: sc.sheet,
    name: { name: NAMES.selfScores, range: areasText(areas), comment: 'Self-score input of each criterion, rubric order' },
  });
  const rules = scoreRules(rubric, scoreCells);
  edits.push({ kind: 'rules', sheet: sc.sheet, ...rules });
  added.push({
    what: msg(
      '名稱 SelfScores、資料驗證（0 到配分）與錯誤標紅',
      'the name SelfScores, validation (0 to the cap) and red fill on errors'
    ),
    where: scoresWhere,
  });

  if (totals && dimsHere) {
    edits.push({
      kind: 'cells',
      sheet: totals.sheet,
      top: dimRows[0].top,
      left: dimRows[0].left,
      values: rubric.dimensions.map((d, k) => [
        { formula: cellRef(calc, addr(dimFirst + k, ADOPTED.cols.score)), result: subtotal(d.id) },
      ]),
    });
    const range = rangeAddr(dimRows[0].top, dimRows[0].left, dimRows[dimRows.length - 1].top, dimRows[0].left);
    edits.push({
      kind: 'setName',
      sheet: totals.sheet,
      name: { name: NAMES.dimensionTotals, range, comment: 'Subtotal of the valid self-scores of each dimension' },
    });
    added.push({
      what: msg('各構面小計公式（DimensionTotals）', 'subtotal formulas (DimensionTotals)'),
      where: `${totals.sheet}!${range}`,
    });
  }
  if (totals?.totalCell && totalHere) {
    const t = parseRange(totals.totalCell);
    edits.push({
      kind: 'cells',
      sheet: totals.sheet,
      top: t.top,
      left: t.left,
      values: [[{ formula: cellRef(calc, ADOPTED.totalCell), result: counted.reduce((a, b) => a + b, 0) }]],
    });
    edits.push({
      kind: 'setName',
      sheet: totals.sheet,
      name: { name: NAMES.totalScore, range: totals.totalCell, comment: 'Grand total of the valid self-scores' },
    });
    added.push({
      what: msg('總分公式（TotalScore）', 'the total formula (TotalScore)'),
      where: `${totals.sheet}!${totals.totalCell}`,
    });
  }

  // The form's own 總分（滿分 1000 分） line above the scorecard: its total goes in the empty cell right of the label.
  const line = scorecardTotalCell(block, sc.headerRows[0]);
  if (line) {
    const t = parseRange(line);
    edits.push({
      kind: 'cells',
      sheet: sc.sheet,
      top: t.top,
      left: t.left,
      values: [[{ formula: cellRef(calc, ADOPTED.totalCell), result: counted.reduce((a, b) => a + b, 0) }]],
    });
    added.push({
      what: msg('評分表上方「總分」的公式', "the total formula on the scorecard's 總分 line"),
      where: `${sc.sheet}!${line}`,
    });
  }

  // Findings: one row per criterion right under its header, in rubric order, so the tracking sheet reads it by position.
  const fRect = findings && findingsRect(findings);
  if (findings && fRect) {
    const range = rangeAddr(fRect.top, fRect.left, fRect.bottom, fRect.right);
    edits.push({
      kind: 'setName',
      sheet: findings.sheet,
      name: { name: NAMES.findings, range, comment: 'Findings table, header row included' },
    });
    found.push({ what: msg('優缺點及建議改善事項表', 'the findings table'), where: `${findings.sheet}!${range}` });
    added.push({ what: msg('名稱 Findings', 'the name Findings'), where: `${findings.sheet}!${range}` });
  } else if (findings) {
    notes.push(
      msg(
        `${findings.sheet}!${addr(findings.headerRow, findings.columns.item)} 的優缺點表，各列不是依評核項目順序緊接在標題列下，未定義 Findings，也未建立追蹤表；請把 12 列排在標題列下方後再執行一次。`,
        `The findings table at ${findings.sheet}!${addr(findings.headerRow, findings.columns.item)} does not have its rows right under the header in rubric order, so Findings was not defined and no tracking sheet was made; put the rows directly under the header and run this again.`
      )
    );
  } else {
    notes.push(
      findingsProblem
        ? msg(`優缺點表無法使用：${findingsProblem.zh}`, `The findings table cannot be used: ${findingsProblem.en}`)
        : msg(
            '找不到優缺點表（標題列：考核項目 · 優點 · 缺點 · 建議改善事項 · 改善事項辦理情形 · 備註），未建立追蹤表。',
            'No findings table was found (header: 考核項目 · 優點 · 缺點 · 建議改善事項 · 改善事項辦理情形 · 備註), so no tracking sheet was made.'
          )
    );
  }

  // The tracking table: one staff pasted is attached where it is; otherwise `track` builds the sheet. Both read the
  // findings as the Findings name will hold them.
  const fSnap = findings && fRect ? recognizedFindings(scan, findings) : undefined;
  const pasted = pastedTracking(scan, rubric);
  if (pasted) {
    const fRows = findings && fSnap ? suggestionsOf(findings, fSnap) : undefined;
    const t = attachTracking(pasted, fRows);
    found.push({ what: msg('既有的建議改善事項辦理情形表', 'an existing improvement tracking table'), where: t.where });
    if (t.ok) {
      edits.push(...t.edits);
      added.push({
        what: msg(
          `名稱 ImprovementTracking，以及追蹤表旁的狀態、項目代碼、建立依據、${DONE_HEADER}欄（對上 ${t.keyed} 列）`,
          `the name ImprovementTracking, and the 狀態, 項目代碼, 建立依據 and ${DONE_HEADER} columns beside the table (${t.keyed} rows matched)`
        ),
        where: t.range,
      });
    } else notes.push(t.why);
  } else if (fSnap) {
    const built = trackingSheet(s, rubric, fSnap, calc, meta, now);
    if (built) {
      edits.push(...built.edits);
      added.push({
        what: msg(`建議改善事項辦理情形表（${built.rows} 列）`, `the improvement tracking sheet (${built.rows} rows)`),
        where: built.sheet,
      });
    }
  }

  const summary = msg(
    `已接上 ${formOwner(meta)}的評分表，新增 ${added.length} 項（見下列）；原有儲存格的內容均未變更。`,
    `Set up the scorecard of ${formOwner(meta)}: ${added.length} things added (listed below); no cell that held something was changed.`
  );
  return { result: { already: false, found, added, notes, summary }, plan: { edits } };
}

/** The cell right of the scorecard's 總分 label (the Word form's 「總分（滿分 1000 分）」 line above the table), when empty. */
function scorecardTotalCell(block: RangeSnap, headerRow: number): string | undefined {
  for (let r = 0; r < headerRow - block.rect.top; r++) {
    const row = block.cells[r] ?? [];
    for (let c = 0; c + 1 < Math.max(row.length, 2); c++) {
      const label = textOf(row[c]).normalize('NFKC').replace(/\s+/g, '');
      if (!label.startsWith('總分')) continue;
      // 「總分：939 分」 holds its total already: nothing goes beside it
      if (/\d/.test(label.replace(/滿分\d+分/, ''))) return undefined;
      // the label may stand in a merged cell: the first cell past the merge
      let next = c + 1;
      while (row[next]?.hidden) next++;
      return untouched(row[next]) ? addr(block.rect.top + r, block.rect.left + next) : undefined;
    }
  }
  return undefined;
}

/** The findings table as one rectangle, when its rows are right under the header in rubric order. */
function findingsRect(f: RecognizedFindings): Rect | undefined {
  if (!f.rows.every((r, i) => r.row === f.headerRow + 1 + i)) return undefined;
  const cols = Object.values(f.columns);
  return { top: f.headerRow, left: Math.min(...cols), bottom: f.headerRow + f.rows.length, right: Math.max(...cols) };
}

interface PastedTracking {
  block: RangeSnap;
  /** 0-based row and column of the header in the block */
  header: number;
  col: number;
  /** 0-based block rows of the table after the header (a repeated header and blank rows between included) */
  last: number;
  /** 0-based block rows that name a criterion, with it */
  items: { r: number; id: string }[];
}

/** Blank rows a pasted table may have between its parts (a Word table split over pages). */
const TRACKING_GAP = 6;

/**
 * A tracking table staff pasted (考核項目 · 建議改善事項 · 改善辦理情形 · 備註): its header, and its rows down to the
 * last that names a criterion; a header repeated after a page break and blank rows in between belong to it.
 */
function pastedTracking(scan: RangeSnap[], rubric: Rubric): PastedTracking | undefined {
  const match = itemMatcher(rubric);
  const head = TRACKING_HEADER.slice(0, 4);
  for (const block of scan)
    for (let h = 0; h < block.cells.length; h++)
      for (let c = 0; c + 4 <= block.cells[h].length; c++) {
        if (!startsWithHeaders(block.cells[h], c, head)) continue;
        const items: PastedTracking['items'] = [];
        let last = h;
        let gap = 0;
        for (let r = h + 1; r < block.cells.length && gap <= TRACKING_GAP; r++) {
          const row = block.cells[r];
          if (startsWithHeaders(row, c, head)) {
            gap = 0;
            continue;
          }
          if ([0, 1, 2, 3].every((j) => isBlank(row[c + j]))) {
            gap++;
            continue;
          }
          const crit = match(textOf(row[c]));
          // A sign-off line or a note under the table ends it.
          if (!crit && !isBlank(row[c])) break;
          gap = 0;
          last = r;
          if (crit) items.push({ r, id: crit.id });
        }
        return { block, header: h, col: c, last, items };
      }
  return undefined;
}

/** Each finding's suggestion by criterion id, as `track` reads the findings (by position). */
function suggestionsOf(f: RecognizedFindings, snap: RangeSnap): Map<string, string> {
  const rows = readFindings(snap);
  return new Map(f.rows.map((r, i) => [r.criterionId, rows[i]?.suggestion ?? '']));
}

type Attached =
  { ok: true; edits: Edit[]; range: string; where: string; keyed: number } | { ok: false; why: Message; where: string };

/**
 * Give a pasted tracking table what `track` needs, in cells beside it that hold nothing: the tool's headers, each
 * row's 項目代碼 (for rows whose 考核項目 names a criterion and whose suggestion carries text), 建立依據 (the
 * finding's suggestion, so a suggestion staff reworded here counts as theirs), and the name over it all. Rows
 * saying 無 stay unkeyed: they are the form's, not improvements.
 */
function attachTracking(t: PastedTracking, findings: Map<string, string> | undefined): Attached {
  const { block, header, col, last } = t;
  const top = block.rect.top + header;
  const left = block.rect.left + col;
  const bottom = block.rect.top + last;
  const where = `${block.sheet}!${rangeAddr(top, left, bottom, left + 3)}`;
  // The block read may stop at the sheet's last used column: the columns beyond it are empty, up to the scan's width.
  const width = Math.max(block.cells[header].length, SCAN.cols - block.rect.left + 1);
  const free = (j: number) => {
    for (let r = header; r <= last; r++) if (!untouched(block.cells[r]?.[j])) return false;
    return true;
  };
  // Columns staff added beside the four (their own 辦理狀態, notes) stay where they are and inside the table's
  // range; the tool's three go in the first three empty columns after them.
  let end = col + 3;
  while (end + 1 < width && !isBlank(block.cells[header][end + 1])) end++;
  let at = end + 1;
  while (at + 2 < width && !(free(at) && free(at + 1) && free(at + 2))) at++;
  if (at + 2 >= width) {
    return {
      ok: false,
      where,
      why: msg(
        `追蹤表 ${where} 右側的 ${SCAN.cols} 欄內找不到連續 3 個空白欄，無法加上狀態、項目代碼、建立依據欄；追蹤表保留原樣，未定義 ImprovementTracking，「建立追蹤表」會另找此表。`,
        `No three empty columns were found within ${SCAN.cols} columns right of the tracking table ${where} for the 狀態, 項目代碼 and 建立依據 columns; the table was kept as it is and ImprovementTracking was not defined.`
      ),
    };
  }
  const headers = block.cells[header].slice(col, end + 1).map((c) => textOf(c).trim());
  const hasDone = headers.includes(DONE_HEADER);
  const doneAt = hasDone ? col + headers.indexOf(DONE_HEADER) : at + 3;
  const addDone = !hasDone && at + 3 < width && free(at + 3);
  const abs = (j: number) => block.rect.left + j;
  const edits: Edit[] = [
    {
      kind: 'cells',
      sheet: block.sheet,
      top,
      left: abs(at),
      values: [[TRACKING_HEADER[T.status], TRACKING_HEADER[T.key], TRACKING_HEADER[T.source], ...(addDone ? [DONE_HEADER] : [])]],
    },
  ];
  const seen = new Set<string>();
  let keyed = 0;
  for (const { r, id } of t.items) {
    const suggestion = textOf(block.cells[r][col + T.suggestion]);
    if (seen.has(id) || !carriesText(suggestion)) continue;
    seen.add(id);
    keyed++;
    const finding = findings?.get(id) ?? '';
    const source = carriesText(finding) ? finding : suggestion.trim();
    edits.push({ kind: 'cells', sheet: block.sheet, top: block.rect.top + r, left: abs(at + 1), values: [[id, source]] });
  }
  const range = rangeAddr(top, left, bottom, abs(at + 2));
  edits.push({
    kind: 'setName',
    sheet: block.sheet,
    name: { name: NAMES.tracking, range, comment: 'Improvement tracking, header row included' },
  });
  if (addDone || hasDone)
    edits.push({
      kind: 'rules',
      sheet: block.sheet,
      validations: [
        {
          range: rangeAddr(top + 1, abs(doneAt), bottom, abs(doneAt)),
          rule: { kind: 'list', values: [...DONE_CHOICES] },
          errorStyle: 'stop',
          allowBlank: true,
          error: { title: DONE_HEADER, message: `請選擇 ${DONE_CHOICES.join(' 或 ')}。` },
        },
      ],
      conditionalFormats: [],
    });
  // Hidden only when nothing else on the sheet uses those columns (a findings table beside would vanish with them).
  const hide = [at + 1, at + 2].filter((j) => block.cells.every((row, r) => (r >= header && r <= last) || untouched(row[j])));
  if (hide.length) edits.push({ kind: 'hideColumns', sheet: block.sheet, columns: hide.map(abs) });
  return { ok: true, edits, range: `${block.sheet}!${range}`, where, keyed };
}

/** `track` on the workbook as adopt leaves it: Findings and whose form named, no tracking table yet. */
function trackingSheet(s: Snapshot, rubric: Rubric, findings: RangeSnap, calc: string, meta: FormMeta, now: Date | undefined) {
  const one = (a1: string, value: string | number): RangeSnap => {
    const r = parseRange(a1);
    return { sheet: calc, rect: r, cells: [[{ kind: typeof value === 'number' ? 'number' : 'string', value } as CellSnap]] };
  };
  const after: Snapshot = {
    sheets: [...s.sheets, calc],
    names: s.names,
    ranges: {
      [NAMES.findings]: findings,
      [NAMES.office]: one(ADOPTED.meta.office, meta.office),
      [NAMES.rocYear]: one(ADOPTED.meta.rocYear, meta.rocYear),
      [NAMES.period]: one(ADOPTED.meta.period, meta.period),
    },
    below: {},
  };
  const d = track.decide(after, { rubric, now });
  if (!d.ok) return undefined;
  return { edits: d.plan.edits, sheet: d.result.sheet, rows: d.result.rows };
}
