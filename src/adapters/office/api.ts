import type { CheckResult } from '../../domain/check';
import type { Message } from '../../domain/message';
import type { TemplateOptions } from '../../layouts/common';
import type { SheetKey } from '../../layouts/types';

/**
 * What the task pane and the ribbon commands may ask of Excel. The UI holds one of these and never
 * touches Office.js itself; the implementation (./excelHost) is the only module that calls Excel.
 */
export interface ExcelHost {
  /** Insert the four sheets. Never overwrites: taken sheet names get a free variant, existing names are kept. */
  insertTemplates(options: TemplateOptions): Promise<InsertReport>;
  /** Read SelfScores and check them (one sync). */
  check(): Promise<HostResult<CheckResult>>;
  /** Build or update the tracking sheet from Findings (at most three syncs). */
  buildTracking(): Promise<HostResult<TrackReport>>;
  /** Select a cell so the user can fix it ("go to cell"). */
  select(sheet: string, address: string): Promise<HostResult<void>>;
  /**
   * Call `onResult` with a fresh check whenever a change touches SelfScores (typing, paste, fill, delete).
   * Changes elsewhere cost nothing. Returns a function that stops watching.
   */
  watchScores(onResult: (r: HostResult<CheckResult>) => void): Promise<() => Promise<void>>;
  /** Which optional features this Excel offers (data validation needs ExcelApi 1.8, …). */
  capabilities(): Capabilities;
}

export type HostResult<T> = { ok: true; value: T } | { ok: false; error: Message };

export interface Capabilities {
  /** ExcelApi 1.8: range.dataValidation */
  dataValidation: boolean;
  /** ExcelApi 1.9: getInvalidCells, autofitRows */
  invalidCells: boolean;
}

export interface InsertReport {
  /** the sheets as created, by role */
  sheets: Record<SheetKey, string>;
  /** sheets whose preferred name was taken, so they got another */
  renamed: SheetKey[];
  /** defined names that already existed and were left as they were */
  namesKept: string[];
  /** syncs the operation took */
  syncs: number;
  summary: Message;
}

export interface TrackEntry {
  item: string;
  suggestion: string;
  progress: string;
  status: string;
}

export interface TrackReport {
  sheet: string;
  created: boolean;
  rows: number;
  /** the table's rows as built: workbook text, for the pane to show as text */
  entries: TrackEntry[];
  summary: Message;
  syncs: number;
}
