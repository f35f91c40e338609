import ExcelJS from 'exceljs';
import { msg, UserError } from '../../domain/message';
import { MAX_ROWS, colNumber } from '../../domain/a1';
import { shiftFormulaRows, shiftSqref, translateFormula } from './shiftRefs';

/**
 * Inserting whole rows into an ExcelJS worksheet the way Excel's Insert > Entire Row does.
 *
 * ExcelJS's own spliceRows copies values row by row but leaves the old merge ranges behind (Excel then
 * "repairs" the file), and moves no validation, conditional format, print area or formula reference.
 * Here every cell of the rows that move is rebuilt from its model at its new address, and everything
 * that names rows by number is shifted with the same rule Excel uses (shiftRefs.ts).
 *
 * ExcelJS 4.4 internals used (none of them is in its typings; see the interfaces below):
 *  - worksheet._rows: the sparse row array, truncated so that rows which were absent stay absent;
 *  - worksheet._merges: the merge list keyed by master address; entries that move are deleted here and
 *    added again through mergeCellsWithoutStyle;
 *  - worksheet.dataValidations.model: validations keyed by address or range;
 *  - worksheet.conditionalFormattings: { ref, rules }[];
 *  - Cell.model / Row.model round trips (what ExcelJS's own reader uses to build cells).
 */

interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

type Validation = { formulae?: unknown[] } & Record<string, unknown>;

interface CfRule {
  formulae?: unknown[];
  ref?: string;
  cfvo?: { type?: string; value?: unknown }[];
  [k: string]: unknown;
}

interface Cf {
  ref: string;
  rules: CfRule[];
}

interface WorksheetInternals {
  _rows: (ExcelJS.Row | undefined)[];
  _merges: Record<string, Area>;
  dataValidations?: { model: Record<string, Validation | undefined> };
  conditionalFormattings?: Cf[];
}

interface CellModel {
  address: string;
  type: ExcelJS.ValueType;
  style?: Partial<ExcelJS.Style>;
  value?: unknown;
  formula?: string;
  sharedFormula?: string;
  shareType?: string;
  ref?: string;
  result?: unknown;
  [k: string]: unknown;
}

interface RowModel {
  number: number;
  cells: CellModel[];
  height?: number;
  hidden?: boolean;
  outlineLevel?: number;
  style?: Partial<ExcelJS.Style>;
  [k: string]: unknown;
}

interface Anchor {
  nativeRow: number;
}

const internals = (ws: ExcelJS.Worksheet) => ws as unknown as WorksheetInternals;

const rowOf = (address: string) => Number(/\d+$/.exec(address)?.[0]);
const colOf = (address: string) => colNumber(/^[A-Za-z]+/.exec(address)?.[0] ?? '');

/** Top and bottom row of a range such as "E5:E7" (rows of its cell references). */
function rowSpan(ref: string): [number, number] {
  const rows = [...ref.matchAll(/[A-Za-z]{1,3}\$?(\d+)/g)].map((m) => Number(m[1]));
  return [Math.min(...rows), Math.max(...rows)];
}

const formulaCells = (ws: ExcelJS.Worksheet) => {
  const found: { cell: ExcelJS.Cell; m: CellModel }[] = [];
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) found.push({ cell, m: cell.model as unknown as CellModel });
    })
  );
  return found;
};

/** Refuse, before changing anything, what Excel refuses too. */
function checkInsertable(ws: ExcelJS.Worksheet, before: number, count: number) {
  const last = ws.rowCount;
  for (let r = Math.max(before, MAX_ROWS - count + 1); r <= last; r++) {
    if (ws.findRow(r)?.hasValues) {
      throw new UserError(
        msg(
          `無法在「${ws.name}」插入 ${count} 列：第 ${r} 列的內容會被推出工作表底端`,
          `Cannot insert ${count} rows into "${ws.name}": row ${r} would be pushed off the bottom of the sheet`
        )
      );
    }
  }
  for (const { cell, m } of formulaCells(ws)) {
    if (m.shareType !== 'array' || !m.ref) continue;
    const [top, bottom] = rowSpan(m.ref);
    if (top < before && before <= bottom) {
      throw new UserError(
        msg(
          `無法在「${ws.name}」第 ${before} 列插入：會切開 ${cell.address} 的陣列公式（${m.ref}）`,
          `Cannot insert at row ${before} of "${ws.name}": it would split the array formula of ${cell.address} (${m.ref})`
        )
      );
    }
  }
}

const formulaValue = (v: { formula: string; result?: unknown; shareType?: string; ref?: string }) =>
  v as unknown as ExcelJS.CellFormulaValue;

/**
 * Formulas of every sheet, adjusted in place (before any cell moves: shared formulas are resolved from
 * their masters' current positions). A shared-formula group that any of this touches becomes one plain
 * formula per cell: re-basing it would be correct only when every member shifts alike.
 */
function adjustFormulas(target: ExcelJS.Worksheet, before: number, count: number) {
  for (const ws of target.workbook.worksheets) {
    const onTarget = ws === target;
    const cells = formulaCells(ws);
    const masters = new Map(cells.filter((c) => c.m.formula !== undefined).map((c) => [c.cell.address, c]));
    const withClones = new Set(cells.map((c) => c.m.sharedFormula).filter((a) => a !== undefined));
    const plan = cells.map((c) => {
      const master = c.m.sharedFormula === undefined ? undefined : masters.get(c.m.sharedFormula);
      // A clone's own text is its master's, slid by the distance between them.
      const own =
        c.m.formula ??
        (master &&
          translateFormula(
            master.m.formula as string,
            rowOf(c.cell.address) - rowOf(master.cell.address),
            colOf(c.cell.address) - colOf(master.cell.address)
          ));
      const next =
        own === undefined ? undefined : shiftFormulaRows(own, { target: target.name, formulaSheet: ws.name, before, count });
      // A group is keyed by its master, which ExcelJS may or may not have marked as shared.
      const shared = c.m.shareType === 'shared' || withClones.has(c.cell.address);
      const group = c.m.sharedFormula ?? (shared ? c.cell.address : undefined);
      return { ...c, own, next, group };
    });
    const touched = new Set<string>();
    for (const p of plan) {
      const moves = onTarget && (rowOf(p.cell.address) >= before || (p.m.ref !== undefined && rowSpan(p.m.ref)[1] >= before));
      if (p.group !== undefined && (p.next !== p.own || moves)) touched.add(p.group);
    }
    for (const { cell, m, own, next, group } of plan) {
      if (own === undefined || next === undefined) continue; // a clone without its master: nothing to build from
      if (group !== undefined) {
        if (touched.has(group)) cell.value = formulaValue({ formula: next, result: m.result });
      } else if (m.shareType === 'array' && m.ref) {
        const ref = onTarget ? shiftSqref(m.ref, before, count) : m.ref;
        if (next !== own || ref !== m.ref)
          cell.value = formulaValue({ formula: next, result: m.result, shareType: 'array', ref });
      } else if (next !== own) {
        cell.value = formulaValue({ formula: next, result: m.result });
      }
    }
  }
}

/** A cell's model at its new address. Merge placeholders keep only their style: the merge is redone afterwards. */
function movedCell(c: CellModel, count: number): CellModel {
  const address = `${/^[A-Za-z]+/.exec(c.address)?.[0]}${rowOf(c.address) + count}`;
  if (c.type === ExcelJS.ValueType.Merge) {
    return { address, type: ExcelJS.ValueType.Null, style: c.style, ...(c.comment !== undefined && { comment: c.comment }) };
  }
  // ExcelJS reports rich text as a String model; rebuilt as one, it would lose its RichText type.
  const richText =
    c.type === ExcelJS.ValueType.String && typeof c.value === 'object' && c.value !== null && 'richText' in c.value;
  return { ...c, address, ...(richText && { type: ExcelJS.ValueType.RichText }) };
}

/** The inserted rows take the format of the row above (Excel's default "Format Same As Above"). */
function formatNewRows(ws: ExcelJS.Worksheet, before: number, count: number) {
  // With nothing above, Excel formats like the row below: the one that was at `before`.
  const source = ws.findRow(before > 1 ? before - 1 : before + count);
  const below = ws.findRow(before + count);
  if (!source) return;
  const style = (source as unknown as { style: Partial<ExcelJS.Style> }).style;
  const cells = ((source.model as RowModel | null)?.cells ?? []).filter((c) => c.style && Object.keys(c.style).length);
  // Inside an outline group (both neighbours grouped) the new rows join the group.
  const outline = Math.min(source.outlineLevel ?? 0, below?.outlineLevel ?? 0);
  if (!Object.keys(style).length && !cells.length && !source.height && !outline) return;
  for (let r = before; r < before + count; r++) {
    const row = ws.getRow(r);
    (row as unknown as { style: Partial<ExcelJS.Style> }).style = structuredClone(style);
    if (source.height) row.height = source.height;
    if (outline) row.outlineLevel = outline;
    for (const c of cells) row.getCell(colOf(c.address)).style = structuredClone(c.style as Partial<ExcelJS.Style>);
  }
}

function moveRowsAndMerges(ws: ExcelJS.Worksheet, before: number, count: number) {
  const { _rows: rows, _merges: merges } = internals(ws);
  // Snapshot first: unmerging below resets the placeholders' styles.
  const moved: RowModel[] = [];
  const last = ws.rowCount;
  for (let r = before; r <= last; r++) {
    const m = ws.findRow(r)?.model as RowModel | null | undefined;
    // A row with neither cells nor height is one ExcelJS does not write: it stays absent.
    if (!m || r + count > MAX_ROWS) continue; // checkInsertable allowed only empty rows past the end
    moved.push({ ...m, number: r + count, cells: m.cells.map((c) => movedCell(c, count)) });
  }

  const affected = Object.entries(merges).filter(([, a]) => a.bottom >= before);
  for (const [key, a] of affected) {
    // The master of a merge straddling `before` stays; release the placeholders that leave it.
    if (a.top < before) {
      for (let r = before; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) ws.findCell(r, c)?.unmerge();
    }
    delete merges[key];
  }

  rows.length = Math.min(rows.length, before - 1);
  for (const m of moved) ws.getRow(m.number).model = m as unknown as ExcelJS.RowModel;
  formatNewRows(ws, before, count);

  for (const [, a] of affected) {
    const top = a.top >= before ? a.top + count : a.top;
    const bottom = Math.min(a.bottom + count, MAX_ROWS);
    // A merge pushed off the sheet (possible only when empty) is gone, as in Excel.
    if (top <= MAX_ROWS && (top < bottom || a.left < a.right)) ws.mergeCellsWithoutStyle(top, a.left, bottom, a.right);
  }
}

function shiftValidations(target: ExcelJS.Worksheet, before: number, count: number) {
  for (const ws of target.workbook.worksheets) {
    const dv = internals(ws).dataValidations;
    if (!dv?.model) continue;
    const shift = (f: unknown) =>
      typeof f === 'string' ? shiftFormulaRows(f, { target: target.name, formulaSheet: ws.name, before, count }) : f;
    // After loading, one rule object serves every cell of its range: adjust it once and keep it shared.
    const copies = new Map<Validation, Validation>();
    const copy = (v: Validation) => {
      let c = copies.get(v);
      if (!c) copies.set(v, (c = v.formulae ? { ...v, formulae: v.formulae.map(shift) } : { ...v }));
      return c;
    };
    const next: Record<string, Validation> = {};
    for (const [key, v] of Object.entries(dv.model)) {
      if (!v) continue; // removed (ExcelJS's remove() leaves the key with undefined)
      const k = ws === target ? shiftSqref(key, before, count) : key;
      if (k) next[k] = copy(v);
    }
    if (ws === target) {
      // Single-cell keys (how ExcelJS loads a range): a range straddling `before` grows over the new rows.
      for (const [key, above] of Object.entries(dv.model)) {
        if (!above || !/^\$?[A-Za-z]{1,3}\$?\d+$/.test(key) || rowOf(key) !== before - 1) continue;
        const col = /[A-Za-z]+/.exec(key)?.[0] as string;
        const below = dv.model[`${col}${before}`];
        if (!below || JSON.stringify(below) !== JSON.stringify(above)) continue;
        for (let r = before; r < before + count; r++) next[`${col}${r}`] = copy(above);
      }
    }
    dv.model = next;
  }
}

function shiftConditionalFormats(target: ExcelJS.Worksheet, before: number, count: number) {
  for (const ws of target.workbook.worksheets) {
    const list = internals(ws).conditionalFormattings;
    if (!list?.length) continue;
    const shift = (f: unknown) =>
      typeof f === 'string' ? shiftFormulaRows(f, { target: target.name, formulaSheet: ws.name, before, count }) : f;
    const onTarget = ws === target;
    // New objects, not edits: a rule object may have been passed to more than one sheet.
    internals(ws).conditionalFormattings = list
      .map((cf) => ({
        ...cf,
        ref: onTarget ? shiftSqref(cf.ref, before, count) : cf.ref,
        rules: cf.rules.map((rule) => ({
          ...rule,
          ...(rule.formulae && { formulae: rule.formulae.map(shift) }),
          // ExcelJS's writer stamps the range onto each rule.
          ...(onTarget && typeof rule.ref === 'string' && { ref: shiftSqref(rule.ref, before, count) }),
          ...(rule.cfvo && { cfvo: rule.cfvo.map((v) => (v.type === 'formula' ? { ...v, value: shift(v.value) } : v)) }),
        })),
      }))
      .filter((cf) => cf.ref !== '');
  }
}

function shiftSheetSettings(ws: ExcelJS.Worksheet, before: number, count: number) {
  const ps = ws.pageSetup;
  if (ps.printArea) {
    // ExcelJS keeps several print areas joined by '&&'.
    const areas = ps.printArea
      .split('&&')
      .map((a) => shiftSqref(a, before, count))
      .filter(Boolean);
    if (areas.length) ps.printArea = areas.join('&&');
    else delete ps.printArea;
  }
  if (ps.printTitlesRow) {
    const t = shiftSqref(ps.printTitlesRow, before, count);
    if (t) ps.printTitlesRow = t;
    else delete ps.printTitlesRow;
  }

  const shiftRow = (r: number) => (r >= before ? Math.min(r + count, MAX_ROWS) : r);
  const af = ws.autoFilter;
  if (typeof af === 'string') ws.autoFilter = shiftSqref(af, before, count) || undefined;
  else if (af) {
    const end = (e: string | { row: number; column: number }) =>
      typeof e === 'string' ? shiftSqref(e, before, count) : { ...e, row: shiftRow(e.row) };
    ws.autoFilter = { from: end(af.from), to: end(af.to) };
  }

  // A break's id is the last row of its page; the break belongs to the row that starts the next one.
  for (const b of (ws as unknown as { rowBreaks?: { id: number }[] }).rowBreaks ?? [])
    if (b.id + 1 >= before && b.id + count < MAX_ROWS) b.id += count;

  // Pictures move with the cells under them (anchor rows are 0-based), except those placed 'absolute';
  // a two-cell anchor straddling the insert grows, as Excel's "move and size with cells".
  for (const img of ws.getImages()) {
    const range = img.range as unknown as { tl: Anchor; br?: Anchor; editAs?: string };
    if (range.editAs === 'absolute') continue;
    const tlMoves = range.tl.nativeRow >= before - 1;
    if (tlMoves) range.tl.nativeRow += count;
    if (range.br && (range.editAs === 'oneCell' ? tlMoves : range.br.nativeRow >= before - 1)) range.br.nativeRow += count;
  }
}

/**
 * Insert `count` empty rows before row `before` of `ws`, like Excel's Insert Entire Row.
 *
 * Everything at or below `before` moves down intact: values of every type, styles, row heights and hidden
 * state, comments, hyperlinks, merges (a merge straddling `before` grows), data validations, conditional
 * formats, the print area, print titles, auto filter, row breaks and pictures. Formulas on every sheet of
 * the workbook, validation and conditional-format formulas, the given defined names (our own list;
 * ExcelJS's definedNames is not touched) and the given hyperlinks of this sheet (our own list, see book.ts)
 * are adjusted to follow the moved cells. The new rows are empty
 * and formatted like the row above.
 *
 * Throws a UserError, changing nothing, when Excel would refuse too: content pushed off the sheet, or an
 * array formula split in two.
 */
export function insertRows(
  ws: ExcelJS.Worksheet,
  before: number,
  count: number,
  names?: { formula: string; localSheetId?: number }[],
  links?: { ref: string }[]
): void {
  if (!Number.isInteger(before) || before < 1 || before > MAX_ROWS) throw new RangeError(`insertRows: bad row ${before}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`insertRows: bad count ${count}`);
  if (count === 0) return;
  checkInsertable(ws, before, count);

  adjustFormulas(ws, before, count);
  moveRowsAndMerges(ws, before, count);
  shiftValidations(ws, before, count);
  shiftConditionalFormats(ws, before, count);
  shiftSheetSettings(ws, before, count);

  // The sheet's hyperlinks kept apart from ExcelJS (book.ts) move with their cells; one pushed off the sheet goes.
  if (links) {
    const kept = links.filter((l) => (l.ref = shiftSqref(l.ref, before, count)) !== '');
    links.splice(0, links.length, ...kept);
  }

  const sheets = ws.workbook.worksheets;
  for (const n of names ?? []) {
    const formulaSheet = n.localSheetId === undefined ? undefined : sheets[n.localSheetId]?.name;
    const eq = n.formula.startsWith('=') ? '=' : '';
    n.formula = eq + shiftFormulaRows(n.formula.slice(eq.length), { target: ws.name, formulaSheet, before, count });
  }
}
