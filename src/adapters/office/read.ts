import { Rect, parseArea, rangeAddr } from '../../domain/a1';
import {
  type CellSnap,
  EMPTY,
  type RangeSnap,
  type ReadSpec,
  type Snapshot,
  aboveRect,
  areasToRead,
  joinAreas,
  nameRef,
  readRect,
} from '../../operations/types';
import { cellFrom } from './convert';
import type { Features } from './render';

/**
 * Reading an operation's Snapshot through Office.js in two round trips: what sheets and names there are,
 * then every range asked for. Ranges are reached through sheets and addresses known from the first
 * trip, never through an object that may be a null object.
 */

type Sync = () => Promise<void>;

interface Pending {
  range: Excel.Range;
  sheet: string;
  rect: Rect;
  merged?: Excel.RangeAreas;
  /** a scan's block, read as far as the sheet uses it: `range` is the used part (or a null object), `rect` the block */
  clipped?: true;
}

/**
 * What a name that is not a range refers to, written as a formula like the other hosts write it ("=5",
 * "=\"text\"", "=#REF!"): Office.js gives only its value.
 */
export function constantRef(type: unknown, value: unknown): string {
  const v = String(value ?? '');
  return type === 'String' ? `="${v.replace(/"/g, '""')}"` : `=${v}`;
}

function queue(ctx: Excel.RequestContext, sheet: string, rect: Rect, f: Features): Pending {
  const range = ctx.workbook.worksheets.getItem(sheet).getRange(rangeAddr(rect.top, rect.left, rect.bottom, rect.right));
  range.load('values, valueTypes, formulas, numberFormat');
  // Merged areas (ExcelApi 1.13) tell which cells Excel shows blank; without them nothing is hidden.
  const merged = f.mergedAreas ? range.getMergedAreasOrNullObject() : undefined;
  merged?.load('address');
  return { range, sheet, rect, merged };
}

/**
 * The top-left block of a sheet, as far as the sheet uses it: a blank sheet, or the blank rows and columns of a small
 * one, cost nothing to send (a scan reads every sheet, and Excel on the web caps what one request may carry). The
 * used part of the block is asked for in the same trip (ExcelApi 1.4), so where it starts is known only after it.
 */
function queueScan(ctx: Excel.RequestContext, sheet: string, rect: Rect, f: Features): Pending {
  if (!f.names) return queue(ctx, sheet, rect, f);
  const whole = ctx.workbook.worksheets.getItem(sheet).getRange(rangeAddr(rect.top, rect.left, rect.bottom, rect.right));
  const range = whole.getUsedRangeOrNullObject();
  range.load('address, values, valueTypes, formulas, numberFormat');
  const merged = f.mergedAreas ? whole.getMergedAreasOrNullObject() : undefined;
  merged?.load('address');
  return { range, sheet, rect, merged, clipped: true };
}

function settle(p: Pending): RangeSnap {
  if (p.clipped) {
    // nothing used in the block: one empty cell at A1, as the .xlsx host reads a blank sheet
    if (p.range.isNullObject) return { sheet: p.sheet, rect: { top: 1, left: 1, bottom: 1, right: 1 }, cells: [[EMPTY]] };
    const used = parseArea(p.range.address);
    if (used) p = { ...p, rect: used, clipped: undefined };
  }
  const hidden: Rect[] = [];
  if (p.merged && !p.merged.isNullObject) {
    for (const part of p.merged.address.split(',')) {
      const r = parseArea(part);
      if (r) hidden.push(r);
    }
  }
  const cells: CellSnap[][] = p.range.values.map((row, i) =>
    row.map((v, j) => {
      const r = p.rect.top + i;
      const c = p.rect.left + j;
      const inside = hidden.some(
        (m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right && (r !== m.top || c !== m.left)
      );
      if (inside) return { kind: 'empty', value: null, hidden: true } as CellSnap;
      return cellFrom(v, p.range.valueTypes[i]?.[j], p.range.formulas[i]?.[j], p.range.numberFormat[i]?.[j]);
    })
  );
  return { sheet: p.sheet, rect: p.rect, cells };
}

export async function readSnapshot(ctx: Excel.RequestContext, sync: Sync, spec: ReadSpec, f: Features): Promise<Snapshot> {
  const sheets = ctx.workbook.worksheets;
  sheets.load('items/name');
  const items = ctx.workbook.names;
  items.load('items/name, items/type, items/value');
  await sync();

  const sheetNames = sheets.items.map((s) => s.name);
  const names = items.items.map((n) =>
    n.type === 'Range'
      ? nameRef(sheetNames, n.name, String(n.value ?? '').trim())
      : { name: n.name, refersTo: constantRef(n.type, n.value) }
  );
  const find = (name: string) => names.find((n) => n.name.toLowerCase() === name.toLowerCase());
  const ranges = new Map<string, Pending>();
  const below = new Map<string, Pending>();
  const above = new Map<string, Pending>();
  const multi = new Map<string, { sheet: string; areas: Rect[]; parts: Pending[] }>();
  for (const name of spec.ranges) {
    const ref = find(name);
    const areas = areasToRead(ref);
    if (ref?.sheet && areas) {
      // Each area on its own, in the same trip; `wider` and `below` are for one table, not for these.
      const sheet = ref.sheet;
      multi.set(name, { sheet, areas, parts: areas.map((a) => queue(ctx, sheet, a, f)) });
      continue;
    }
    if (!ref?.sheet || !ref.rect) continue;
    const at = readRect(spec, name, ref.rect);
    ranges.set(name, queue(ctx, ref.sheet, at, f));
    const rows = spec.below?.[name];
    if (rows && at.bottom < 1048576) {
      const rect = { ...at, top: at.bottom + 1, bottom: Math.min(1048576, at.bottom + rows) };
      below.set(name, queue(ctx, ref.sheet, rect, f));
    }
    // Rows above, queued with the rest: no trip of their own.
    const up = aboveRect(spec, name, at);
    if (up) above.set(name, queue(ctx, ref.sheet, up, f));
  }
  const scan = spec.scanWhenMissing;
  const scans =
    scan && !ranges.has(scan.name) && !multi.has(scan.name)
      ? sheetNames.map((s) => queueScan(ctx, s, { top: 1, left: 1, bottom: scan.rows, right: scan.cols }, f))
      : [];
  if (ranges.size || multi.size || scans.length) await sync();

  const snap: Snapshot = { sheets: sheetNames, names, ranges: {}, below: {} };
  for (const [name, p] of ranges) snap.ranges[name] = settle(p);
  for (const [name, m] of multi) {
    const parts = m.parts.map(settle);
    snap.ranges[name] = joinAreas(m.sheet, m.areas, parts);
  }
  for (const [name, p] of below) snap.below[name] = settle(p);
  snap.above = Object.fromEntries([...above].map(([name, p]) => [name, settle(p)]));
  if (scans.length) snap.scan = scans.map(settle);
  return snap;
}
