import ExcelJS from 'exceljs';
import { UserError, msg } from '../../domain/message';
import type { Edit, WritePlan } from '../../operations/types';
import { type XlsxBook, linksOf } from './book';
import { insertRows } from './insertRows';
import { applyFormats, applyRules, cellValue, renderSheet, setLocalName, setName } from './render';

/** Applying an operation's write plan to an .xlsx workbook, edit by edit, in order. */

function sheet(book: XlsxBook, name: string): ExcelJS.Worksheet {
  const ws = book.wb.getWorksheet(name);
  // The plan was decided from this very workbook: a missing sheet is a defect, not a user error.
  if (!ws) throw new Error(`apply: no sheet ${name}`);
  return ws;
}

function apply(book: XlsxBook, e: Edit) {
  switch (e.kind) {
    case 'addSheet': {
      if (book.wb.getWorksheet(e.layout.name)) {
        throw new UserError(msg(`工作表「${e.layout.name}」已存在。`, `A sheet named "${e.layout.name}" already exists.`));
      }
      renderSheet(book.wb, book.names, e.layout);
      return;
    }
    case 'insertRows': {
      const ws = sheet(book, e.sheet);
      insertRows(ws, e.before, e.count, book.names, linksOf(book, ws));
      return;
    }
    case 'cells': {
      const ws = sheet(book, e.sheet);
      e.values.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v === undefined) return;
          const cell = ws.getCell(e.top + i, e.left + j);
          // A cell under a merge (not its top-left one) shows nothing and can hold nothing, as in Excel, where
          // it cannot be typed into; ExcelJS would write through it into the merge's top-left cell, replacing
          // what is typed there. (A new row inserted into a merged progress cell joins the merge.)
          if (cell.type === ExcelJS.ValueType.Merge) return;
          cell.value = cellValue(v);
        })
      );
      return;
    }
    case 'formats':
      applyFormats(sheet(book, e.sheet), e.formats);
      return;
    case 'rowHeights': {
      const ws = sheet(book, e.sheet);
      for (const [r, h] of Object.entries(e.heights)) ws.getRow(Number(r)).height = h;
      return;
    }
    case 'hideColumns': {
      const ws = sheet(book, e.sheet);
      for (const c of e.columns) ws.getColumn(c).hidden = true;
      return;
    }
    case 'setName':
      setName(book.names, e.sheet, e.name);
      return;
    case 'localName': {
      // localSheetId counts the sheets as ExcelJS writes them, in tab order.
      const scope = book.wb.worksheets.indexOf(sheet(book, e.scope));
      setLocalName(book.names, scope, sheet(book, e.sheet).name, e.name);
      return;
    }
    case 'rules':
      applyRules(sheet(book, e.sheet), e.validations, e.conditionalFormats);
      return;
  }
}

export function applyPlan(book: XlsxBook, plan: WritePlan) {
  for (const e of plan.edits) apply(book, e);
}
