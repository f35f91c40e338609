import { parseRange } from '../domain/a1';
import type { CellSnap, RangeSnap } from './types';

/** Reading cells of a snapshot as the operations need them. */

/** The text a cell shows, near enough to compare with: numbers plainly, logicals as Excel spells them. */
export function textOf(c: CellSnap | undefined): string {
  if (!c || c.hidden) return '';
  switch (c.kind) {
    case 'empty':
    case 'uncalculated':
      return '';
    case 'boolean':
      return c.value ? 'TRUE' : 'FALSE';
    default:
      return String(c.value ?? '');
  }
}

/** Nothing typed: no value, or only spaces. A number, date, logical, formula or link is never blank. */
export const isBlank = (c: CellSnap | undefined): boolean =>
  !c || (!c.hidden && !c.formula && !c.link && (c.kind === 'empty' || (c.kind === 'string' && String(c.value).trim() === '')));

/** A header's text as headers are compared: full-width forms folded, no spaces. */
export const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * Where each expected header is in a header row (staff may move or insert columns); a header that is not
 * there falls back to the contract's position when that cell is not another expected header.
 */
export function columnsOf(header: CellSnap[], expected: readonly string[]): number[] {
  const texts = header.map((c) => norm(textOf(c)));
  const known = new Set(expected.map(norm));
  return expected.map((h, i) => {
    const at = texts.indexOf(norm(h));
    if (at >= 0) return at;
    return i < texts.length && !known.has(texts[i]) ? i : -1;
  });
}

/** Whether a row of cells starts with the given headers, from column `at`. */
export const startsWithHeaders = (row: CellSnap[], at: number, headers: readonly string[]) =>
  headers.every((h, i) => norm(textOf(row[at + i])) === norm(h));

/** The cell at an A1 address of a block read from a sheet (a scan's), undefined when the block does not reach it. */
export function cellAt(block: RangeSnap | undefined, a1: string): CellSnap | undefined {
  if (!block) return undefined;
  const at = parseRange(a1);
  return block.cells[at.top - block.rect.top]?.[at.left - block.rect.left];
}
