import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import { CheckResult, checkScores, rangeMismatch } from '../../domain/check';
import { rectAddr } from '../../domain/a1';
import { Message, UserError, msg } from '../../domain/message';
import { Rubric, flatten } from '../../domain/rubric';
import { TemplateOptions } from '../../layouts/common';
import {
  TRACKING_HEADER,
  TRACKING_HIDDEN_COLUMNS,
  newTrackingSheet,
  planTrackingUpdate,
  readFindings,
} from '../../layouts/tracking';
import { MergeReport } from '../../domain/tracking';
import { buildWorkbook } from '../../layouts/workbook';
import { EXAMPLES } from '../../examples';
import { Located, cells, locate, locateOrFail, values } from './read';
import { applyFormats, removeName, renderSheet, setName, writeValues } from './render';

/** The whole job on an .xlsx file: what the add-in does in Excel, done here with ExcelJS. */

export function templateWorkbook(opts: TemplateOptions & { rubric: Rubric }): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'service-scorecard';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  // Ask every engine to recalculate on open: ExcelJS writes formulas without cached results.
  wb.calcProperties = { fullCalcOnLoad: true };
  for (const sheet of buildWorkbook({ ...opts, examples: EXAMPLES }).sheets) renderSheet(wb, sheet);
  return wb;
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (e) {
    throw new UserError(msg(`無法讀取檔案 ${file}：${(e as Error).message}`, `Cannot read ${file}: ${(e as Error).message}`));
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new UserError(
      msg(
        `${file} 不是可讀取的 .xlsx 活頁簿（${(e as Error).message}）`,
        `${file} is not a readable .xlsx workbook (${(e as Error).message})`
      )
    );
  }
  return wb;
}

/** Written beside the target and renamed over it, so a failure never leaves a half-written workbook. */
export async function writeWorkbook(wb: ExcelJS.Workbook, file: string) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await wb.xlsx.writeFile(tmp);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new UserError(msg(`無法寫入 ${file}：${(e as Error).message}`, `Cannot write ${file}: ${(e as Error).message}`));
  }
}

export function checkWorkbook(wb: ExcelJS.Workbook, rubric: Rubric, file: string): CheckResult {
  const scores = locateOrFail(wb, 'SelfScores', file);
  const caps = locate(wb, 'ScoreCaps');
  const count = (scores.rect.bottom - scores.rect.top + 1) * (scores.rect.right - scores.rect.left + 1);
  const where = `${file}: ${scores.ws.name}!${rectAddr(scores.rect)}`;
  const mismatch = rangeMismatch(rubric, where, count, caps && values(caps.ws, caps.rect).flat());
  if (mismatch) throw new UserError(mismatch);
  return checkScores(rubric, cells(scores.ws, scores.rect), scores.ws.name);
}

/** A tracking table whose name was deleted is still found by its header row. */
function findTrackingByHeader(wb: ExcelJS.Workbook): Located | undefined {
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= Math.min(ws.rowCount, 40); r++) {
      for (let c = 1; c <= Math.min(ws.columnCount, 10); c++) {
        const ok = TRACKING_HEADER.slice(0, 4).every((h, i) => String(ws.getCell(r, c + i).value ?? '').trim() === h);
        if (!ok) continue;
        // The table goes down as long as a row holds an item, suggestion, progress, remark or key.
        const filled = (row: number) => [0, 1, 2, 3, 5].some((i) => String(ws.getCell(row, c + i).value ?? '').trim() !== '');
        let bottom = r;
        while (bottom < ws.rowCount && filled(bottom + 1)) bottom++;
        return { ws, rect: { top: r, left: c, bottom, right: c + TRACKING_HEADER.length - 1 } };
      }
    }
  }
  return undefined;
}

export interface TrackOutcome {
  sheet: string;
  created: boolean;
  report: MergeReport;
  summary: Message;
  rows: number;
}

/** Build the tracking sheet from the findings, or update the existing one without losing a typed cell. */
export function trackWorkbook(wb: ExcelJS.Workbook, rubric: Rubric, file: string): TrackOutcome {
  const flat = flatten(rubric);
  const found = locateOrFail(wb, 'Findings', file);
  const findings = readFindings(flat, values(found.ws, found.rect));
  const table = locate(wb, 'ImprovementTracking') ?? findTrackingByHeader(wb);

  if (!table) {
    const scores = locate(wb, 'SelfScores');
    const title = scores ? String(scores.ws.getCell(1, 1).value ?? '') : '';
    const fresh = newTrackingSheet(
      rubric,
      findings,
      title,
      wb.worksheets.map((w) => w.name)
    );
    renderSheet(wb, fresh.layout);
    return { sheet: fresh.layout.name, created: true, report: fresh.report, summary: fresh.summary, rows: fresh.rows.length };
  }

  const { ws, rect } = table;
  const right = Math.max(rect.right, ws.columnCount);
  const existing = values(ws, { top: rect.top, left: rect.left, bottom: rect.bottom, right });
  const update = planTrackingUpdate(flat, findings, existing, rect.top, rect.left);
  if (update.insertCount > 0) {
    ws.spliceRows(update.afterRow + 1, 0, ...Array.from({ length: update.insertCount }, () => []));
  }
  writeValues(ws, update.values, update.top, update.left);
  // A table that lost blank rows is shorter: clear the copies left under it.
  const width = update.values[0].length;
  for (let i = 0; i < update.clearRows; i++) {
    const r = update.top + update.values.length + i;
    for (let c = 0; c < width; c++) ws.getCell(r, update.left + c).value = null;
  }
  applyFormats(ws, update.formats);
  for (const [r, h] of Object.entries(update.rowHeights)) ws.getRow(Number(r)).height = h;
  for (const c of TRACKING_HIDDEN_COLUMNS) ws.getColumn(update.left + c - 1).hidden = true;
  removeName(wb, 'ImprovementTracking');
  setName(wb, ws.name, update.name);
  return { sheet: ws.name, created: false, report: update.report, summary: update.summary, rows: update.values.length - 1 };
}
