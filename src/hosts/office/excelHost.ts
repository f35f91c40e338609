import { Rect, addr, colLetters, parseRange, rangeAddr, rectAddr, sheetOf } from '../../domain/a1';
import { CheckResult, RawCell, checkScores, rangeMismatch } from '../../domain/check';
import { RUBRIC_114 } from '../../domain/defaultRubric';
import { Message, UserError, msg } from '../../domain/message';
import { Rubric, flatten } from '../../domain/rubric';
import { TrackingRow } from '../../domain/tracking';
import type { Examples, PlanExample } from '../../examples/types';
import { DEFAULT_SHEET_NAMES, TemplateOptions, TemplateOptionsSchema } from '../../layouts/common';
import { SCORECARD, scoreRows } from '../../layouts/scorecard';
import {
  TRACKING_HIDDEN_COLUMNS,
  TRACKING_WIDTH,
  newTrackingSheet,
  planTrackingUpdate,
  readFindings,
} from '../../layouts/tracking';
import { SheetKey } from '../../layouts/types';
import { SHEET_ORDER, buildWorkbook } from '../../layouts/workbook';
import type { Capabilities, ExcelHost, HostResult, InsertReport, TrackEntry, TrackReport } from './api';
import {
  OfficeCell,
  SETTINGS_KEY,
  SheetRef,
  changeTouches,
  freeSheetName,
  parseRecord,
  rawCellFrom,
  recordInsert,
  toFormulaCell,
} from './convert';
import { explain, missingName, missingSheet } from './explain';
import { Features, applyFormats, applyRowHeights, renderSheet, writeCells } from './render';

/**
 * The ExcelHost of the task pane and the ribbon commands: the only module of the product that calls
 * Office.js. Every operation is a fixed, small number of `context.sync()` round trips however large the
 * sheets are, and reports how many it took. Failures come back as bilingual messages (explain.ts);
 * nothing here rejects except insertTemplates, whose report has no error slot: it rejects with a
 * UserError whose `detail` is the message.
 */

export interface ExcelHostOptions {
  rubric?: Rubric;
  /** Excel.run; defaults to the global */
  run?: typeof Excel.run;
  /** Office.context.requirements.isSetSupported; defaults to the global (false outside Office) */
  isSetSupported?: (set: string, version: string) => boolean;
  /** quiet time before watchScores re-reads after a burst of changes; default 150 ms */
  debounceMs?: number;
  /** rows of the plan sheet's strategy table instead of the blank or example ones (benchmarks, tests) */
  planExample?: PlanExample;
  /** where the example content comes from (default: a lazily loaded chunk) */
  loadExamples?: () => Promise<Examples>;
  /** the clock for the settings record; default new Date() */
  now?: () => Date;
}

/** An operation's result and the round trips it took. */
export type Counted<T> = T & { syncs: number };

/** The ExcelHost this module makes: the same contract, with the sync count on every result. */
export interface OfficeExcelHost extends ExcelHost {
  check(): Promise<Counted<HostResult<CheckResult>>>;
  buildTracking(): Promise<Counted<HostResult<TrackReport>>>;
  select(sheet: string, address: string): Promise<Counted<HostResult<void>>>;
}

const SCORES = 'SelfScores';
const CAPS = 'ScoreCaps';
const FINDINGS = 'Findings';
const TRACKING = 'ImprovementTracking';

type Sync = () => Promise<void>;

export function createExcelHost(options: ExcelHostOptions = {}): OfficeExcelHost {
  const rubric = options.rubric ?? RUBRIC_114;
  const flat = flatten(rubric);
  const debounceMs = options.debounceMs ?? 150;
  const planExample = options.planExample;
  const loadExamples =
    options.loadExamples ?? (() => import(/* webpackChunkName: "examples" */ '../../examples/index.js').then((m) => m.EXAMPLES));
  const now = options.now ?? (() => new Date());
  const run: typeof Excel.run =
    options.run ?? (((...args: unknown[]) => (Excel.run as (...a: unknown[]) => unknown)(...args)) as typeof Excel.run);
  const supported =
    options.isSetSupported ??
    ((set: string, version: string) =>
      typeof Office !== 'undefined' &&
      !!Office.context?.requirements &&
      Office.context.requirements.isSetSupported(set, version));
  const api = (version: string) => {
    try {
      return !!supported('ExcelApi', version);
    } catch {
      return false;
    }
  };
  const features = (): Features => ({
    validation: api('1.8'),
    print: api('1.9'),
    conditionalFormats: api('1.6'),
    sheetView: api('1.7'),
    names: api('1.4'),
  });

  /** A context.sync() that counts. */
  const counter = (ctx: Excel.RequestContext) => {
    const c: { n: number; sync: Sync } = {
      n: 0,
      sync: async () => {
        c.n++;
        await ctx.sync();
      },
    };
    return c;
  };

  /** One Excel.run with a counting sync: its value or what it threw, and the round trips it took either way. */
  async function counted<T>(
    body: (ctx: Excel.RequestContext, sync: Sync) => Promise<T>
  ): Promise<{ ok: true; value: T; syncs: number } | { ok: false; error: unknown; syncs: number }> {
    let syncs = 0;
    try {
      const value = await run(async (ctx) => {
        const c = counter(ctx);
        try {
          return await body(ctx, c.sync);
        } finally {
          syncs = c.n;
        }
      });
      return { ok: true, value, syncs };
    } catch (error) {
      return { ok: false, error, syncs };
    }
  }

  const scoresExample = () => {
    const { first, last } = scoreRows(flat.length);
    return `${DEFAULT_SHEET_NAMES.scorecard}!${rangeAddr(first, SCORECARD.cols.score, last, SCORECARD.cols.score)}`;
  };

  /**
   * Queue the reads of SelfScores (and ScoreCaps, to verify the caps), sync once, and check. The name is
   * resolved on every read, so rows inserted above the scores are followed.
   */
  async function readScores(
    ctx: Excel.RequestContext,
    sync: Sync
  ): Promise<{ result: HostResult<CheckResult>; rect?: Rect; sheetId?: string }> {
    const scores = ctx.workbook.names.getItemOrNullObject(SCORES).getRangeOrNullObject();
    scores.load('address, values, valueTypes, formulas, numberFormat, worksheet/name, worksheet/id');
    const caps = ctx.workbook.names.getItemOrNullObject(CAPS).getRangeOrNullObject();
    caps.load('values');
    await sync();
    if (scores.isNullObject) return { result: { ok: false, error: missingName(SCORES, scoresExample()) } };
    const rect = parseRange(scores.address);
    const sheet = scores.worksheet.name ?? sheetOf(scores.address) ?? '';
    const cells: RawCell[] = [];
    scores.values.forEach((row, i) =>
      row.forEach((v, j) =>
        cells.push(
          rawCellFrom(
            addr(rect.top + i, rect.left + j),
            v,
            scores.valueTypes[i]?.[j],
            scores.formulas[i]?.[j],
            scores.numberFormat[i]?.[j]
          )
        )
      )
    );
    const sheetId = scores.worksheet.id;
    const mismatch = rangeMismatch(
      rubric,
      `${sheet}!${rectAddr(rect)}`,
      cells.length,
      caps.isNullObject ? undefined : caps.values.flat()
    );
    if (mismatch) return { rect, sheetId, result: { ok: false, error: mismatch } };
    return { rect, sheetId, result: { ok: true, value: checkScores(rubric, cells, sheet) } };
  }

  async function insertTemplates(input: TemplateOptions): Promise<InsertReport> {
    const parsed = TemplateOptionsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
      throw new UserError(msg(`範本選項不正確：${issues}`, `The template options are not valid: ${issues}`));
    }
    const opts = parsed.data;
    // The example content is a separate chunk, fetched only when asked for: the pane stays small.
    const examples = opts.example ? await loadExamples() : undefined;
    const f = features();
    const r = await counted(async (ctx, sync) => {
      const wb = ctx.workbook;
      // (1) what is there: sheet names, defined names, the record of earlier insertions
      const sheets = wb.worksheets;
      sheets.load('items/name');
      const names = f.names ? wb.names : undefined;
      names?.load('items/name');
      const stored = f.names ? wb.settings.getItemOrNullObject(SETTINGS_KEY) : undefined;
      stored?.load('value');
      await sync();

      const taken = sheets.items.map((s) => s.name);
      const sheetNames = {} as Record<SheetKey, string>;
      const renamed: SheetKey[] = [];
      for (const key of SHEET_ORDER) {
        const name = freeSheetName(taken, DEFAULT_SHEET_NAMES[key]);
        taken.push(name);
        sheetNames[key] = name;
        if (name !== DEFAULT_SHEET_NAMES[key]) renamed.push(key);
      }
      const layout = buildWorkbook({ rubric, ...opts, sheetNames, examples, planExample });
      const existing = new Set((names?.items ?? []).map((n) => n.name.toLowerCase()));
      const namesKept: string[] = [];
      const ownsNames: Partial<Record<SheetKey, boolean>> = {};

      // (2) every sheet, in one batch
      if (f.conditionalFormats) ctx.application.suspendApiCalculationUntilNextSync();
      const made = layout.sheets.map((l) => {
        const ws = sheets.add(l.name);
        let owns = true;
        renderSheet(ctx, ws, l, f, (name) => {
          if (existing.has(name.toLowerCase())) {
            namesKept.push(name);
            owns = false;
            return false;
          }
          return true;
        });
        ownsNames[l.key] = owns && f.names;
        ws.load('id, name');
        return { key: l.key, ws };
      });
      made[0]?.ws.activate();
      await sync();

      // (3) remember the sheets by id, so a renamed sheet is still found
      if (f.names) {
        const before = parseRecord(stored && !stored.isNullObject ? stored.value : undefined);
        const refs: Partial<Record<SheetKey, SheetRef>> = {};
        for (const m of made) refs[m.key] = { id: m.ws.id, name: m.ws.name };
        const record = recordInsert(before, refs, ownsNames, now().toISOString());
        wb.settings.add(SETTINGS_KEY, JSON.stringify(record));
        await sync();
      }
      return { sheets: sheetNames, renamed, namesKept, summary: insertSummary(sheetNames, renamed, namesKept, f) };
    });
    if (!r.ok) throw new UserError(explain(r.error));
    return { ...r.value, syncs: r.syncs };
  }

  async function check(): Promise<Counted<HostResult<CheckResult>>> {
    const r = await counted(readScores);
    return r.ok ? { ...r.value.result, syncs: r.syncs } : { ok: false, error: scoresError(r.error), syncs: r.syncs };
  }

  /** ItemNotFound while reading through SelfScores means the name is gone (whichever way Excel reports it). */
  const scoresError = (e: unknown): Message =>
    (e as { code?: unknown })?.code === 'ItemNotFound' ? missingName(SCORES, scoresExample()) : explain(e);

  async function buildTracking(): Promise<Counted<HostResult<TrackReport>>> {
    const f = features();
    const r = await counted((ctx, sync) => track(ctx, sync, f));
    return r.ok
      ? { ok: true, value: { ...r.value, syncs: r.syncs }, syncs: r.syncs }
      : { ok: false, error: explain(r.error), syncs: r.syncs };
  }

  async function track(ctx: Excel.RequestContext, sync: Sync, f: Features): Promise<Omit<TrackReport, 'syncs'>> {
    const wb = ctx.workbook;
    // (1) the findings, the tracking table with every column to its right that holds something,
    //     and what a new tracking sheet needs (free name, the scorecard's title, the record)
    const findings = wb.names.getItemOrNullObject(FINDINGS).getRangeOrNullObject();
    findings.load('address, values');
    const trackItem = wb.names.getItemOrNullObject(TRACKING);
    trackItem.load('type');
    const table = trackItem.getRangeOrNullObject();
    table.load('address');
    const tableSheet = table.worksheet;
    tableSheet.load('name, id');
    const block = table.getEntireRow().getIntersection(table.getBoundingRect(tableSheet.getUsedRange(true)));
    block.load('address, values');
    const sheets = wb.worksheets;
    sheets.load('items/name');
    const title = wb.names.getItemOrNullObject(SCORES).getRangeOrNullObject().worksheet.getRange('A1');
    title.load('values');
    const stored = f.names ? wb.settings.getItemOrNullObject(SETTINGS_KEY) : undefined;
    stored?.load('value');
    await sync();

    if (findings.isNullObject) throw new UserError(missingName(FINDINGS, `${DEFAULT_SHEET_NAMES.summary}!A11:F23`));
    const found = readFindings(flat, findings.values);

    if (table.isNullObject) {
      // No table yet: a new sheet, as the xlsx host makes it.
      const fresh = newTrackingSheet(
        rubric,
        found,
        title.isNullObject ? '' : String(title.values?.[0]?.[0] ?? ''),
        sheets.items.map((s) => s.name)
      );
      const { layout } = fresh;
      const name = layout.name;
      if (f.conditionalFormats) ctx.application.suspendApiCalculationUntilNextSync();
      // A name that exists but is not a range (a constant, a formula) would block the new one.
      if (!trackItem.isNullObject) trackItem.delete();
      const ws = sheets.add(name);
      renderSheet(ctx, ws, layout, f, () => true);
      ws.load('id, name');
      ws.activate();
      await sync();
      if (f.names) {
        const before = parseRecord(stored && !stored.isNullObject ? stored.value : undefined);
        const record = recordInsert(before, { tracking: { id: ws.id, name: ws.name } }, { tracking: true }, now().toISOString());
        wb.settings.add(SETTINGS_KEY, JSON.stringify(record));
        await sync();
      }
      return {
        sheet: name,
        created: true,
        rows: fresh.rows.length,
        entries: entriesOf(fresh.rows),
        summary: fresh.summary,
      };
    }

    // (2) rebuild in place: insert rows below the old table, rewrite it, move the name
    const t = parseRange(table.address);
    const b = parseRange(block.address);
    const existing = block.values.map((row) => row.slice(t.left - b.left));
    const update = planTrackingUpdate(flat, found, existing, t.top, t.left);
    const oldRows = t.bottom - t.top;
    const newRows = update.values.length - 1;
    const width = update.values[0].length;

    if (f.conditionalFormats) ctx.application.suspendApiCalculationUntilNextSync();
    if (update.insertCount > 0) {
      tableSheet
        .getRange(rangeAddr(update.afterRow + 1, update.left, update.afterRow + update.insertCount, update.left))
        .getEntireRow()
        .insert('Down');
    }
    // Empty means clear (rows move). In the header row only the table's own headers are written:
    // whatever staff put beside them stays as it is, formulas included.
    const cells: OfficeCell[][] = update.values.map((row, i) =>
      row.map((v, j) => (i === 0 && j >= TRACKING_WIDTH ? null : toFormulaCell(v, '')))
    );
    // A table that lost blank rows is shorter: clear the copies left under it.
    for (let i = newRows; i < oldRows; i++) cells.push(Array.from({ length: width }, () => ''));
    writeCells(tableSheet, cells, update.top, update.left);
    applyFormats(tableSheet, update.formats);
    applyRowHeights(tableSheet, update.rowHeights);
    for (const col of TRACKING_HIDDEN_COLUMNS) {
      const letter = colLetters(update.left + col - 1);
      tableSheet.getRange(`${letter}:${letter}`).columnHidden = true;
    }
    trackItem.delete();
    wb.names.add(update.name.name, tableSheet.getRange(update.name.range), update.name.comment);
    await sync();
    return { sheet: tableSheet.name, created: false, rows: newRows, entries: entriesOf(update.rows), summary: update.summary };
  }

  async function select(sheet: string, address: string): Promise<Counted<HostResult<void>>> {
    try {
      parseRange(address);
    } catch {
      return {
        ok: false,
        syncs: 0,
        error: msg(`「${address}」不是儲存格位址（例如 E5）。`, `"${address}" is not a cell address (for example E5).`),
      };
    }
    const r = await counted(async (ctx, sync) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await sync();
    });
    if (r.ok) return { ok: true, value: undefined, syncs: r.syncs };
    const code = (r.error as { code?: unknown })?.code;
    return { ok: false, error: code === 'ItemNotFound' ? missingSheet(sheet) : explain(r.error), syncs: r.syncs };
  }

  async function watchScores(onResult: (r: HostResult<CheckResult>) => void): Promise<() => Promise<void>> {
    const emit = (r: HostResult<CheckResult>) => {
      try {
        onResult(r);
      } catch {
        // The listener's own failure is the UI's to report; it must not stop the watch.
      }
    };
    let rect: Rect | undefined;
    let registration: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let busy = false;
    let again = false;

    const refresh = async () => {
      if (stopped) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        const read = await run(async (ctx) => readScores(ctx, counter(ctx).sync));
        if (read.rect) rect = read.rect;
        if (!stopped) emit(read.result);
      } catch (e) {
        if (!stopped) emit({ ok: false, error: scoresError(e) });
      } finally {
        busy = false;
        if (again && !stopped) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void refresh();
      }, debounceMs);
    };
    // Must stay cheap: most changes are elsewhere on the sheet and cost no round trip at all.
    const handler = async (event: Excel.WorksheetChangedEventArgs) => {
      try {
        if (stopped) return;
        if (rect && !changeTouches(event, rect)) return;
        schedule();
      } catch {
        // never let an event turn into an unhandled rejection
      }
    };

    try {
      await run(async (ctx) => {
        const scores = ctx.workbook.names.getItemOrNullObject(SCORES).getRangeOrNullObject();
        scores.load('address, worksheet/id');
        const stored = api('1.4') ? ctx.workbook.settings.getItemOrNullObject(SETTINGS_KEY) : undefined;
        stored?.load('value');
        await ctx.sync();
        let sheetId: string | undefined;
        if (!scores.isNullObject) {
          sheetId = scores.worksheet.id;
          rect = parseRange(scores.address);
        } else {
          sheetId = parseRecord(stored && !stored.isNullObject ? stored.value : undefined).sheets.scorecard?.id;
        }
        if (!sheetId) return;
        registration = ctx.workbook.worksheets.getItem(sheetId).onChanged.add(handler);
        await ctx.sync();
      });
    } catch (e) {
      registration = undefined;
      emit({ ok: false, error: scoresError(e) });
      return async () => undefined;
    }
    if (!registration) {
      emit({ ok: false, error: missingName(SCORES, scoresExample()) });
      return async () => undefined;
    }

    return async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const reg = registration;
      registration = undefined;
      if (!reg) return;
      try {
        await run(reg.context, async (ctx) => {
          reg.remove();
          await ctx.sync();
        });
      } catch {
        // The workbook was closed or the handler is already gone: nothing is left to stop.
      }
    };
  }

  function capabilities(): Capabilities {
    return { dataValidation: api('1.8'), invalidCells: api('1.9') };
  }

  return { insertTemplates, check, buildTracking, select, watchScores, capabilities };
}

function insertSummary(sheets: Record<SheetKey, string>, renamed: SheetKey[], kept: string[], f: Features): Message {
  const zh = [`已插入 ${SHEET_ORDER.length} 張工作表：${SHEET_ORDER.map((k) => sheets[k]).join('、')}。`];
  const en = [`Inserted ${SHEET_ORDER.length} sheets: ${SHEET_ORDER.map((k) => sheets[k]).join(', ')}.`];
  if (renamed.length) {
    zh.push(`原名稱已被使用，改用 ${renamed.map((k) => `「${sheets[k]}」`).join('、')}。`);
    en.push(`Names already taken, so these were used instead: ${renamed.map((k) => `"${sheets[k]}"`).join(', ')}.`);
  }
  if (kept.length) {
    zh.push(`定義名稱 ${kept.join('、')} 已存在，保留原樣（仍指向原本的工作表）。`);
    en.push(
      `The defined names ${kept.join(', ')} already existed and were kept as they were (they still point at the earlier sheets).`
    );
  }
  if (!f.validation) {
    zh.push('這個版本的 Excel 不支援資料驗證（需要 ExcelApi 1.8）：超出範圍的分數仍會以紅色標示，並由增益集檢查。');
    en.push(
      'This Excel has no data validation (it needs ExcelApi 1.8): out-of-range scores are still painted red and checked by the add-in.'
    );
  }
  if (!f.print) {
    zh.push('這個版本的 Excel 不支援版面設定（需要 ExcelApi 1.9）：列印前請自行設定 A4、調整為一頁寬。');
    en.push('This Excel cannot set up printing (it needs ExcelApi 1.9): choose A4 and fit to one page wide before printing.');
  }
  return msg(zh.join(''), en.join(' '));
}

const entriesOf = (rows: TrackingRow[]): TrackEntry[] =>
  rows.map((r) => ({ item: r.item, suggestion: r.suggestion, progress: r.progress, status: r.status }));
