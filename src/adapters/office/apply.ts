import { absRange, colLetters, parseRange, quoteSheet } from '../../domain/a1';
import type { NameSpec } from '../../layouts/types';
import type { Edit, Snapshot, WritePlan } from '../../operations/types';
import { OfficeCell, toFormulaCell } from './convert';
import { Features, applyFormats, applyRowHeights, applyRules, renderSheet, writeCells } from './render';

/**
 * Queuing an operation's write plan through Office.js, edit by edit, in order; the caller syncs once.
 * Names are replaced by deleting only names known to exist (from the snapshot, from localNamesOf, or added by this
 * plan), so no request ever goes to a null object.
 */

type Sync = () => Promise<void>;

/** "='S'!$D$5:$D$7,'S'!$D$10:$D$12": a name's reference to `range` (one area or several) on `sheet`, as names.add takes it. */
export function nameFormula(sheet: string, range: string): string {
  const areas = range.split(',').map((part) => {
    const r = parseRange(part.trim());
    return `${quoteSheet(sheet)}!${absRange(r.top, r.left, r.bottom, r.right)}`;
  });
  return `=${areas.join(',')}`;
}

/** The key of a sheet-scoped name in the set localNamesOf gives. */
const localKey = (scope: string, name: string) => `${scope.toLowerCase()}\u0000${name.toLowerCase()}`;

/**
 * Which of the sheet-scoped names the plan's localName edits replace exist already, as keys for queuePlan.
 * The snapshot holds workbook-scoped names only, and a sheet's own names are reached only through that sheet, so
 * this costs one round trip of its own, taken only by a plan that sets names on sheets that were there before it:
 * each is looked up with getItemOrNullObject and only its isNullObject is read, so nothing is ever asked of a null
 * object. Without names.add (ExcelApi 1.4) no names are written, and nothing is asked.
 */
export async function localNamesOf(
  ctx: Excel.RequestContext,
  sync: Sync,
  plan: WritePlan,
  snapshot: Snapshot,
  f: Features
): Promise<Set<string>> {
  const known = new Set<string>();
  if (!f.names) return known;
  const before = new Map(snapshot.sheets.map((s) => [s.toLowerCase(), s]));
  const looked = new Map<string, { scope: string; name: string; item: Excel.NamedItem }>();
  for (const e of plan.edits) {
    // A sheet this plan adds has no names of its own yet.
    if (e.kind === 'addSheet') before.delete(e.layout.name.toLowerCase());
    if (e.kind !== 'localName') continue;
    const scope = before.get(e.scope.toLowerCase());
    const key = localKey(e.scope, e.name.name);
    if (!scope || looked.has(key)) continue;
    const item = ctx.workbook.worksheets.getItem(scope).names.getItemOrNullObject(e.name.name);
    item.load('name');
    looked.set(key, { scope, name: e.name.name, item });
  }
  if (looked.size === 0) return known;
  await sync();
  for (const [key, l] of looked) if (!l.item.isNullObject) known.add(key);
  return known;
}

export function queuePlan(
  ctx: Excel.RequestContext,
  plan: WritePlan,
  snapshot: Snapshot,
  f: Features,
  localNames: ReadonlySet<string> = new Set()
) {
  const wb = ctx.workbook;
  const present = new Set(snapshot.names.map((n) => n.name.toLowerCase()));
  const presentLocal = new Set(localNames);
  const setName = (sheetName: string, ws: Excel.Worksheet, n: NameSpec) => {
    if (!f.names) return;
    const there = present.has(n.name.toLowerCase());
    // A name that exists is pointed elsewhere (NamedItem.formula: ExcelApi 1.7, as sheetView) rather than deleted and added again: formulas that use
    // it (an earlier period's, before their sheet has its own copy) never see it missing.
    if (there && f.sheetView) {
      const item = wb.names.getItem(n.name);
      item.formula = nameFormula(sheetName, n.range);
      if (n.comment) item.comment = n.comment;
      return;
    }
    if (there) wb.names.getItem(n.name).delete();
    // Several areas are no one Range: the name is given its reference as a formula.
    if (n.range.includes(',')) wb.names.add(n.name, nameFormula(sheetName, n.range), n.comment);
    else wb.names.add(n.name, ws.getRange(n.range), n.comment);
    present.add(n.name.toLowerCase());
  };
  const setLocalName = (scope: string, sheetName: string, n: NameSpec) => {
    if (!f.names) return;
    const names = sheet(scope).names;
    const key = localKey(scope, n.name);
    // The sheet's own names only: a workbook-scoped name of the same name is another name and stays.
    if (presentLocal.has(key)) names.getItem(n.name).delete();
    names.add(n.name, nameFormula(sheetName, n.range), n.comment);
    presentLocal.add(key);
  };
  const sheet = (name: string) => wb.worksheets.getItem(name);

  if (f.conditionalFormats) ctx.application.suspendApiCalculationUntilNextSync();
  for (const e of plan.edits) queueEdit(e);

  function queueEdit(e: Edit) {
    switch (e.kind) {
      case 'addSheet': {
        const ws = wb.worksheets.add(e.layout.name);
        renderSheet(ws, e.layout, f, (n) => setName(e.layout.name, ws, n));
        if (e.activate) ws.activate();
        return;
      }
      case 'insertRows':
        sheet(e.sheet)
          .getRange(`${e.before}:${e.before + e.count - 1}`)
          .insert('Down');
        return;
      case 'cells': {
        // undefined leaves a cell as it is (null in Office.js's 2-D arrays); null clears it.
        const rows: OfficeCell[][] = e.values.map((row) => row.map((v) => (v === undefined ? null : toFormulaCell(v, ''))));
        writeCells(sheet(e.sheet), rows, e.top, e.left);
        return;
      }
      case 'formats':
        applyFormats(sheet(e.sheet), e.formats);
        return;
      case 'rowHeights':
        applyRowHeights(sheet(e.sheet), e.heights);
        return;
      case 'hideColumns':
        for (const c of e.columns) sheet(e.sheet).getRange(`${colLetters(c)}:${colLetters(c)}`).columnHidden = true;
        return;
      case 'setName':
        setName(e.sheet, sheet(e.sheet), e.name);
        return;
      case 'localName':
        setLocalName(e.scope, e.sheet, e.name);
        return;
      case 'rules':
        applyRules(sheet(e.sheet), e.validations, e.conditionalFormats, f, true);
        return;
    }
  }
}
