/** A1-style addresses: 1-based rows and columns. */

export function colLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export const addr = (row: number, col: number) => `${colLetters(col)}${row}`;

export const rangeAddr = (r1: number, c1: number, r2: number, c2: number) =>
  r1 === r2 && c1 === c2 ? addr(r1, c1) : `${addr(r1, c1)}:${addr(r2, c2)}`;

export const absRange = (r1: number, c1: number, r2: number, c2: number) => {
  const a = (r: number, c: number) => `$${colLetters(c)}$${r}`;
  return r1 === r2 && c1 === c2 ? a(r1, c1) : `${a(r1, c1)}:${a(r2, c2)}`;
};

export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

const rect = (r1: number, c1: number, r2: number, c2: number): Rect | undefined => {
  const r = { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
  return r.top >= 1 && r.bottom <= MAX_ROWS && r.left >= 1 && r.right <= MAX_COLS ? r : undefined;
};

/**
 * One area, with or without its sheet: "E5", "$E$5:F9", whole rows "3:5", whole columns "C:D".
 * undefined when it is none of these or lies off the sheet.
 */
export function parseArea(ref: string): Rect | undefined {
  const bang = ref.lastIndexOf('!');
  const body = (bang >= 0 ? ref.slice(bang + 1) : ref).replace(/\$/g, '').toUpperCase();
  let m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(body);
  if (m) return rect(Number(m[2]), colNumber(m[1]), m[4] ? Number(m[4]) : Number(m[2]), colNumber(m[3] ?? m[1]));
  m = /^(\d+):(\d+)$/.exec(body);
  if (m) return rect(Number(m[1]), 1, Number(m[2]), MAX_COLS);
  m = /^([A-Z]{1,3}):([A-Z]{1,3})$/.exec(body);
  if (m) return rect(1, colNumber(m[1]), MAX_ROWS, colNumber(m[2]));
  return undefined;
}

/** Like parseArea, for references the code itself made: one that cannot be read is a defect. */
export function parseRange(ref: string): Rect {
  const r = parseArea(ref);
  if (!r) throw new Error(`not an A1 range: ${ref}`);
  return r;
}

export const rectsIntersect = (a: Rect, b: Rect) =>
  a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

/** `a` without the cells of `hole`: up to four rectangles. */
export function rectMinus(a: Rect, hole: Rect): Rect[] {
  if (!rectsIntersect(a, hole)) return [a];
  const out: Rect[] = [];
  if (a.top < hole.top) out.push({ ...a, bottom: hole.top - 1 });
  if (a.bottom > hole.bottom) out.push({ ...a, top: hole.bottom + 1 });
  const top = Math.max(a.top, hole.top);
  const bottom = Math.min(a.bottom, hole.bottom);
  if (a.left < hole.left) out.push({ top, bottom, left: a.left, right: hole.left - 1 });
  if (a.right > hole.right) out.push({ top, bottom, left: hole.right + 1, right: a.right });
  return out;
}

/** A list of areas ("S!A1,'a,b'!B2") split at its commas, but not at those inside a quoted sheet name; parts trimmed. */
export function splitAreaList(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    // '' inside a quoted name toggles twice: the name goes on.
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

/** The sheet name of "Sheet!A1" or "'My sheet'!A1", unquoted; undefined when there is none. */
export function sheetOf(ref: string): string | undefined {
  const bang = ref.lastIndexOf('!');
  if (bang < 0) return undefined;
  const s = ref.slice(0, bang);
  return s.startsWith("'") ? s.slice(1, -1).replace(/''/g, "'") : s;
}

/** Quote a sheet name for use in a formula or a reference. */
export const quoteSheet = (name: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);

export const rectAddr = (r: Rect) => rangeAddr(r.top, r.left, r.bottom, r.right);
