import { colLetters } from '../../domain/a1';
import type { NameSpec } from '../../layouts/types';
import type { Edit, Snapshot, WritePlan } from '../../operations/types';
import { OfficeCell, toFormulaCell } from './convert';
import { Features, applyFormats, applyRowHeights, renderSheet, writeCells } from './render';

/**
 * Queuing an operation's write plan through Office.js, edit by edit, in order; the caller syncs once.
 * Names are replaced by deleting only names known to exist (from the snapshot, or added by this plan), so
 * no request ever goes to a null object.
 */
export function queuePlan(ctx: Excel.RequestContext, plan: WritePlan, snapshot: Snapshot, f: Features) {
  const wb = ctx.workbook;
  const present = new Set(snapshot.names.map((n) => n.name.toLowerCase()));
  const setName = (sheet: Excel.Worksheet, n: NameSpec) => {
    if (!f.names) return;
    if (present.has(n.name.toLowerCase())) wb.names.getItem(n.name).delete();
    wb.names.add(n.name, sheet.getRange(n.range), n.comment);
    present.add(n.name.toLowerCase());
  };
  const sheet = (name: string) => wb.worksheets.getItem(name);

  if (f.conditionalFormats) ctx.application.suspendApiCalculationUntilNextSync();
  for (const e of plan.edits) queueEdit(e);

  function queueEdit(e: Edit) {
    switch (e.kind) {
      case 'addSheet': {
        const ws = wb.worksheets.add(e.layout.name);
        renderSheet(ws, e.layout, f, (n) => setName(ws, n));
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
        setName(sheet(e.sheet), e.name);
        return;
    }
  }
}
