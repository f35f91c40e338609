import type ExcelJS from 'exceljs';
import { addr, parseRange, rangeAddr } from '../../src/domain/a1';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { createOfficeHost } from '../../src/adapters/office/host';
import { needsQuote } from '../../src/adapters/office/convert';
import { XlsxBook, loadBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { readCell } from '../../src/adapters/xlsx/snapshot';
import type { Operation } from '../../src/operations/types';
import { createFakeExcel } from './fakeExcel';

/**
 * One operation, two hosts: the .xlsx adapter on a workbook in memory, and the Office.js adapter on the
 * fake Excel seeded with the very same workbook. Both end states are dumped the same way, cell by cell.
 */

export type Dumped = {
  sheets: Record<string, Record<string, string | number | boolean>>;
  names: Record<string, string>;
  merges: Record<string, string[]>;
};

const shown = (c: ReturnType<typeof readCell>): string | number | boolean | undefined => {
  if (c.hidden) return undefined;
  if (c.formula !== undefined) return `=${c.formula}`;
  if (c.kind === 'empty' || c.value === null) return undefined;
  return c.value;
};

/** A copy of a book (its bytes, reloaded), so each host starts from the same state. */
export async function copyBook(book: XlsxBook): Promise<XlsxBook> {
  return loadBook(await saveBook(book), 'copy.xlsx');
}

export function dumpBook(book: XlsxBook): Dumped {
  const out: Dumped = { sheets: {}, names: {}, merges: {} };
  for (const ws of book.wb.worksheets) {
    const cells: Record<string, string | number | boolean> = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = shown(readCell(cell, false));
        if (v !== undefined && v !== '') cells[cell.address] = v;
      })
    );
    out.sheets[ws.name] = cells;
    out.merges[ws.name] = [...((ws as unknown as { model: { merges: string[] } }).model.merges ?? [])].sort();
  }
  for (const n of book.names)
    if (n.localSheetId === undefined) out.names[n.name] = n.formula.replace(/\$/g, '').replace(/^'([^']+)'!/, '$1!');
  return out;
}

type Fake = ReturnType<typeof createFakeExcel>;

/** The fake Excel holding what the book holds: values, formulas, number formats, merges, links, names. */
export async function seedFake(book: XlsxBook, api = '1.17'): Promise<Fake> {
  const fake = createFakeExcel({ sheets: book.wb.worksheets.map((w) => w.name), api });
  await fake.run(async (ctx) => {
    for (const ws of book.wb.worksheets) {
      const sheet = ctx.workbook.worksheets.getItem(ws.name);
      const rows = Math.max(1, ws.rowCount);
      const cols = Math.max(1, ws.columnCount);
      const formulas: (string | number | boolean)[][] = [];
      const formats: string[][] = [];
      for (let r = 1; r <= rows; r++) {
        const fr: (string | number | boolean)[] = [];
        const nr: string[] = [];
        for (let c = 1; c <= cols; c++) {
          const cell = ws.getCell(r, c);
          const snap = readCell(cell, false);
          nr.push(cell.numFmt || 'General');
          if (snap.hidden || snap.kind === 'empty') fr.push(snap.formula ? `=${snap.formula}` : '');
          else if (snap.formula !== undefined) fr.push(`=${snap.formula}`);
          else if (typeof snap.value === 'string') fr.push(needsQuote(snap.value) ? `'${snap.value}` : snap.value);
          else fr.push(snap.value as number | boolean);
        }
        formulas.push(fr);
        formats.push(nr);
      }
      const all = sheet.getRange(rangeAddr(1, 1, rows, cols));
      all.numberFormat = formats;
      all.formulas = formulas;
      for (const m of (ws as unknown as { model: { merges: string[] } }).model.merges ?? []) sheet.getRange(m).merge(false);
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const link = (cell as ExcelJS.Cell & { hyperlink?: string }).hyperlink;
          if (link) sheet.getRange(cell.address).hyperlink = { address: link, textToDisplay: String(cell.text ?? '') };
        })
      );
    }
    for (const n of book.names) if (n.localSheetId === undefined) ctx.workbook.names.add(n.name, `=${n.formula}`, n.comment);
    await ctx.sync();
  });
  // The fake stores formulas without evaluating them: give each the result the file holds.
  for (const ws of book.wb.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const snap = readCell(cell, false);
        if (snap.formula !== undefined && snap.kind !== 'uncalculated' && snap.value !== null) {
          fake.setCell(ws.name, cell.address, { formula: `=${snap.formula}`, value: snap.value });
        }
      })
    );
  }
  fake.resetCounters();
  return fake;
}

export function dumpFake(fake: Fake): Dumped {
  const out: Dumped = { sheets: {}, names: {}, merges: {} };
  for (const name of fake.sheetNames()) {
    const view = fake.sheet(name);
    const cells: Record<string, string | number | boolean> = {};
    if (view.usedRange) {
      const u = parseRange(view.usedRange);
      const addrs: string[] = [];
      for (let r = u.top; r <= u.bottom; r++) for (let c = u.left; c <= u.right; c++) addrs.push(addr(r, c));
      for (const a of addrs) {
        const c = fake.cell(name, a);
        const hidden = view.merges.some((m) => m.split(':')[0] !== a && inRange(a, m));
        if (hidden) continue;
        const v = c.formula ?? c.value;
        if (v !== '' && v !== null && v !== undefined) cells[a] = v as string | number | boolean;
      }
    }
    out.sheets[name] = cells;
    out.merges[name] = [...view.merges].sort();
  }
  for (const n of fake.names()) out.names[n.name] = `${n.sheet}!${n.range}`;
  return out;
}

function inRange(a: string, range: string): boolean {
  const [tl, br] = range.split(':');
  const p = (x: string) => ({ c: x.replace(/\d+/g, ''), r: Number(x.replace(/[A-Z]+/g, '')) });
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const x = p(a);
  const t = p(tl);
  const b = p(br ?? tl);
  return x.r >= t.r && x.r <= b.r && col(x.c) >= col(t.c) && col(x.c) <= col(b.c);
}

/** Run `op` on both hosts from the same workbook; their results and end states, side by side. */
export async function onBothHosts<I, R>(book: XlsxBook, op: Operation<I, R>, input: I) {
  const fileBook = await copyBook(book);
  const fake = await seedFake(await copyBook(book));
  const file = runOnBook(fileBook, op, input);
  const host = createOfficeHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported });
  const excel = await host.run(op, input);
  return {
    file: { result: file, state: dumpBook(await copyBook(fileBook)) },
    excel: { result: excel, state: dumpFake(fake), syncs: excel.syncs },
  };
}
