/**
 * An honest in-memory fake of the slice of the Excel JavaScript API (Office.js) that the add-in uses,
 * so tests can assert WHAT is written WHERE, and HOW MANY round trips it takes.
 *
 * Browser-safe: no Node imports (only the pure A1 helpers of src/domain/a1.ts); it is bundled into a
 * headless-Chromium test page as well as used by jest.
 *
 * What is honest about it
 *  - Proxies queue their work; nothing happens until `context.sync()`, which applies the queue in order.
 *    A loaded property is readable only after load() + sync(); reading it earlier throws like Office.js
 *    (code PropertyNotLoaded). `isNullObject` is readable only after a sync.
 *  - Errors are shaped like OfficeExtension.Error: { name: 'RichApi.Error', code, message, debugInfo }.
 *    Work queued before a failing request stays applied, as in Excel.
 *  - Requests and responses are measured (UTF-8 bytes of the JSON of every value written or read) and a
 *    sync over 5 MB either way fails with RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded,
 *    as Excel on the web does.
 *  - Requirement sets are enforced: data validation needs ExcelApi 1.8, pageLayout 1.9, conditional formats
 *    and suspendApiCalculationUntilNextSync 1.6, freeze panes / tab colour / onChanged 1.7, names and
 *    settings 1.4. Using one the fake reports as unsupported fails the sync with ApiNotFound.
 *  - Writing follows Excel's rules: null in a 2-D array leaves the cell as it is, '' clears it, "=…" is a
 *    formula, a leading apostrophe keeps text as text, numbers / dates / TRUE / #N/A typed as text become
 *    numbers, dates, logicals and errors (unless the cell's number format is "@"). Array sizes must match.
 *  - insert('Down') moves the cells below (values, formats, merges, validation, conditional formats, row
 *    heights), grows or moves defined names the way Excel does, and adjusts A1 references in formulas.
 *  - Protected sheets reject writes with AccessDenied.
 *  Formulas are stored, not evaluated: a formula cell reads back as Empty unless a test gives it a value
 *  with setCell (totals are checked in LibreOffice elsewhere).
 *
 * Shape
 *   const fake = createFakeExcel({ sheets?: string[] = ['Sheet1'], api?: '1.17', displayLanguage?: 'zh-TW' })
 *   fake.run                          like Excel.run: (batch), (context | object | objects | options, batch)
 *   fake.Excel                        { run, ...enums }: what installFakeExcelGlobals puts on `Excel`
 *   fake.enums                        InsertShiftDirection, ConditionalFormatType, DataValidationAlertStyle, …
 *   fake.Office                       { onReady, context: { requirements.isSetSupported, displayLanguage }, actions.associate }
 *   fake.isSetSupported(set, ver)     what Office.context.requirements.isSetSupported answers
 *   fake.setApiVersion('1.7')         highest ExcelApi version reported (and enforced)
 *   fake.displayLanguage              read / write
 *   fake.syncs, fake.payloadBytes     totals since creation or resetCounters(); fake.syncLog: one entry per sync;
 *                                     fake.writes: every values / formulas / numberFormat assignment (sheet, address, sync)
 *   fake.cell(sheet, 'E5')            { value, type, formula?, numberFormat, text, quotePrefix, format }
 *   fake.values(sheet, 'A1:C3')       values as Office.js returns them
 *   fake.names()                      [{ name, sheet, range: 'E5:E16', comment }]
 *   fake.settings()                   { key: value }
 *   fake.sheetNames(), fake.sheet(name)   sheet state: widths, heights, merges, validations, conditionalFormats, …
 *   fake.active()                     { sheet, address } of the selection
 *   fake.fireChange(sheet, address, changeType = 'RangeEdited')   → Promise, resolves when handlers return
 *   fake.edit(sheet, address, value | value[][])   type (or paste) like a user, then fire the change event
 *   fake.insertRows(sheet, at, count)  insert whole rows like a user, then fire RowInserted
 *   fake.setCell(sheet, address, { value?, formula?, numberFormat? })   set up state, no event, no sync
 *   fake.addSheet, deleteSheet, deleteName, protect, unprotect, failNextSync(code, message?), handlerCount(sheet?)
 *   installFakeExcelGlobals(target = globalThis, fake = createFakeExcel())   sets Excel, Office and
 *                                     OfficeExtension on target; returns the fake
 */

import { MAX_COLS, MAX_ROWS, Rect, colLetters, colNumber, parseArea, quoteSheet, rangeAddr, rectsIntersect } from '../../src/domain/a1';

/* ------------------------------------------------------------------ enums */

export const ExcelEnums = {
  InsertShiftDirection: { down: 'Down', right: 'Right' },
  DeleteShiftDirection: { up: 'Up', left: 'Left' },
  ConditionalFormatType: {
    custom: 'Custom',
    dataBar: 'DataBar',
    colorScale: 'ColorScale',
    iconSet: 'IconSet',
    topBottom: 'TopBottom',
    presetCriteria: 'PresetCriteria',
    containsText: 'ContainsText',
    cellValue: 'CellValue',
  },
  DataValidationAlertStyle: { stop: 'Stop', warning: 'Warning', information: 'Information' },
  DataValidationOperator: {
    between: 'Between',
    notBetween: 'NotBetween',
    equalTo: 'EqualTo',
    notEqualTo: 'NotEqualTo',
    greaterThan: 'GreaterThan',
    lessThan: 'LessThan',
    greaterThanOrEqualTo: 'GreaterThanOrEqualTo',
    lessThanOrEqualTo: 'LessThanOrEqualTo',
  },
  DataValidationType: {
    none: 'None',
    wholeNumber: 'WholeNumber',
    decimal: 'Decimal',
    list: 'List',
    date: 'Date',
    time: 'Time',
    textLength: 'TextLength',
    custom: 'Custom',
    inconsistent: 'Inconsistent',
    mixedCriteria: 'MixedCriteria',
  },
  HorizontalAlignment: { general: 'General', left: 'Left', center: 'Center', right: 'Right', fill: 'Fill', justify: 'Justify' },
  VerticalAlignment: { top: 'Top', center: 'Center', bottom: 'Bottom', justify: 'Justify', distributed: 'Distributed' },
  BorderIndex: {
    edgeTop: 'EdgeTop',
    edgeBottom: 'EdgeBottom',
    edgeLeft: 'EdgeLeft',
    edgeRight: 'EdgeRight',
    insideVertical: 'InsideVertical',
    insideHorizontal: 'InsideHorizontal',
    diagonalDown: 'DiagonalDown',
    diagonalUp: 'DiagonalUp',
  },
  BorderLineStyle: { none: 'None', continuous: 'Continuous', dash: 'Dash', dot: 'Dot', double: 'Double' },
  BorderWeight: { hairline: 'Hairline', thin: 'Thin', medium: 'Medium', thick: 'Thick' },
  PageOrientation: { portrait: 'Portrait', landscape: 'Landscape' },
  PaperType: { letter: 'Letter', legal: 'Legal', a3: 'A3', a4: 'A4', a5: 'A5', b4: 'B4', b5: 'B5' },
  RangeValueType: {
    unknown: 'Unknown',
    empty: 'Empty',
    string: 'String',
    integer: 'Integer',
    double: 'Double',
    boolean: 'Boolean',
    error: 'Error',
    richValue: 'RichValue',
  },
  DataChangeType: {
    unknown: 'Unknown',
    rangeEdited: 'RangeEdited',
    rowInserted: 'RowInserted',
    rowDeleted: 'RowDeleted',
    columnInserted: 'ColumnInserted',
    columnDeleted: 'ColumnDeleted',
    cellInserted: 'CellInserted',
    cellDeleted: 'CellDeleted',
  },
  EventSource: { local: 'Local', remote: 'Remote' },
  SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
  NamedItemType: { string: 'String', integer: 'Integer', double: 'Double', boolean: 'Boolean', range: 'Range', error: 'Error', array: 'Array' },
  CalculationMode: { automatic: 'Automatic', automaticExceptTables: 'AutomaticExceptTables', manual: 'Manual' },
  ErrorCodes: {
    accessDenied: 'AccessDenied',
    apiNotFound: 'ApiNotFound',
    generalException: 'GeneralException',
    insertDeleteConflict: 'InsertDeleteConflict',
    invalidArgument: 'InvalidArgument',
    invalidOperation: 'InvalidOperation',
    invalidOperationInCellEditMode: 'InvalidOperationInCellEditMode',
    invalidReference: 'InvalidReference',
    itemAlreadyExists: 'ItemAlreadyExists',
    itemNotFound: 'ItemNotFound',
    notImplemented: 'NotImplemented',
    requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded',
    responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded',
  },
} as const;

/* ------------------------------------------------------------------ errors */

/** Shaped like OfficeExtension.Error. */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: unknown = null;
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, ...(errorLocation && { errorLocation }) };
  }
}

const fail = (code: string, message: string, where?: string): never => {
  throw new FakeOfficeError(code, message, where);
};

const MESSAGES = {
  notLoaded: (p: string) =>
    `The property '${p}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  notFound: 'The requested resource doesn\'t exist.',
  protected: "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet.",
  api: 'The API you are trying to use could not be found. It may be available in a newer version of Excel.',
  dims: "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
};

/* ------------------------------------------------------------------ state */

export { MAX_COLS, MAX_ROWS };
const LIMIT = 5 * 1024 * 1024;
const DEFAULT_COLUMN_WIDTH = 48;
const DEFAULT_ROW_HEIGHT = 15;

type Scalar = string | number | boolean;
type ValueType = 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error';

interface Border {
  style: string;
  color: string;
  weight: string;
}
export interface CellFormat {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  fontColor?: string;
  fontName?: string;
  fill?: string;
  hAlign?: string;
  vAlign?: string;
  wrap?: boolean;
  borders?: Partial<Record<'top' | 'bottom' | 'left' | 'right', Border>>;
}
interface Cell {
  v: Scalar | null;
  t: ValueType;
  /** with its "=" */
  f?: string;
  nf?: string;
  q?: boolean;
  fmt?: CellFormat;
}
interface Validation {
  rect: Rect;
  rule?: unknown;
  errorAlert?: unknown;
  prompt?: unknown;
  ignoreBlanks?: boolean;
}
interface CondFormat {
  rect: Rect;
  type: string;
  formula?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
}
type ChangeHandler = (args: unknown) => Promise<unknown> | unknown;
interface PageLayoutState {
  orientation: string;
  paperSize: string;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  centerHorizontally: boolean;
  centerVertically: boolean;
  leftMargin: number;
  rightMargin: number;
  topMargin: number;
  bottomMargin: number;
  headerMargin: number;
  footerMargin: number;
  printTitleRows?: string;
  printArea?: string;
  centerFooter: string;
  centerHeader: string;
}
interface SheetState {
  id: string;
  name: string;
  cells: Map<number, Cell>;
  colWidths: Map<number, number>;
  hiddenCols: Set<number>;
  rowHeights: Map<number, number>;
  hiddenRows: Set<number>;
  merges: Rect[];
  validations: Validation[];
  conditionalFormats: CondFormat[];
  freezeRows: number;
  tabColor: string;
  visibility: string;
  pageLayout: PageLayoutState;
  protected: boolean;
  handlers: Set<ChangeHandler>;
  deleted: boolean;
}
interface NameState {
  name: string;
  sheet: SheetState;
  rect: Rect;
  comment: string;
  visible: boolean;
  deleted: boolean;
}
interface Target {
  sheet: SheetState;
  rect: Rect;
}

export interface WriteRecord {
  sheet: string;
  address: string;
  kind: 'values' | 'formulas' | 'numberFormat';
  rows: number;
  cols: number;
  /** the sync (1-based, counting from creation or resetCounters) that applied it */
  sync: number;
}

export interface SyncRecord {
  /** bytes of the values written (request) */
  requestBytes: number;
  /** bytes of the values read (response) */
  responseBytes: number;
  /** requests queued */
  ops: number;
  /** suspendApiCalculationUntilNextSync was queued */
  calculationSuspended: boolean;
  /** the sync failed with this code */
  error?: string;
}

const KEY_STRIDE = MAX_COLS + 1;
const key = (r: number, c: number) => r * KEY_STRIDE + c;
const rowOf = (k: number) => Math.floor(k / KEY_STRIDE);
const colOf = (k: number) => k % KEY_STRIDE;
const cellCount = (r: Rect) => (r.bottom - r.top + 1) * (r.right - r.left + 1);
const intersects = rectsIntersect;
const within = (inner: Rect, outer: Rect) =>
  inner.top >= outer.top && inner.bottom <= outer.bottom && inner.left >= outer.left && inner.right <= outer.right;

const encoder = new TextEncoder();
const sizeOf = (v: unknown): number => {
  if (v === undefined) return 0;
  try {
    return encoder.encode(JSON.stringify(v)).length;
  } catch {
    return 0;
  }
};
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** "A1", "A1:B2", "3:5", "C:D", "$A$1": the rectangle, or undefined (the product's own A1 reader). */
const parseRef = parseArea;

function splitSheet(ref: string): { sheet?: string; body: string } {
  const bang = ref.lastIndexOf('!');
  if (bang < 0) return { body: ref };
  let s = ref.slice(0, bang).replace(/^=/, '');
  if (s.startsWith("'")) s = s.slice(1, -1).replace(/''/g, "'");
  return { sheet: s, body: ref.slice(bang + 1) };
}

/** A1 text of a rectangle, whole rows as "3:5" and whole columns as "C:D", as Excel writes them. */
export function rectText(r: Rect, absolute = false): string {
  const d = absolute ? '$' : '';
  if (r.left === 1 && r.right === MAX_COLS) return `${d}${r.top}:${d}${r.bottom}`;
  if (r.top === 1 && r.bottom === MAX_ROWS) return `${d}${colLetters(r.left)}:${d}${colLetters(r.right)}`;
  const a = (row: number, col: number) => `${d}${colLetters(col)}${d}${row}`;
  return r.top === r.bottom && r.left === r.right ? a(r.top, r.left) : `${a(r.top, r.left)}:${a(r.bottom, r.right)}`;
}

const serialOf = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86400000 + 25569;
const ERRORS = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!'];

/** What Excel makes of one entry written through values / formulas (or typed): 'keep' for null. */
function enter(input: unknown, nf: string | undefined): Cell | 'keep' {
  if (input === null || input === undefined) return 'keep';
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
    return { v: input, t: 'Double' };
  }
  if (typeof input === 'boolean') return { v: input, t: 'Boolean' };
  if (typeof input !== 'string') return fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
  if (input === '') return { v: null, t: 'Empty' };
  if (nf === '@') return { v: input, t: 'String' };
  if (input.startsWith("'")) return input.length === 1 ? { v: null, t: 'Empty', q: true } : { v: input.slice(1), t: 'String', q: true };
  if (input.startsWith('=') && input.length > 1) return { v: null, t: 'Empty', f: input };
  const t = input.trim();
  const num = /^[+-]?(\d[\d,]*\.?\d*|\.\d+)(e[+-]?\d+)?(%?)$/i.exec(t);
  if (num && !/,,|,\./.test(t)) {
    const n = Number(t.replace(/[,%]/g, ''));
    if (Number.isFinite(n)) {
      return num[3] ? { v: n / 100, t: 'Double', ...(isGeneral(nf) && { nf: '0%' }) } : { v: n, t: 'Double' };
    }
  }
  if ((input.startsWith('+') || input.startsWith('-')) && input.length > 1) return { v: null, t: 'Empty', f: `=${input}` };
  const date = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(t);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) return { v: serialOf(y, m, d), t: 'Double', ...(isGeneral(nf) && { nf: 'yyyy/m/d' }) };
  }
  if (/^(true|false)$/i.test(t)) return { v: /^true$/i.test(t), t: 'Boolean' };
  const err = ERRORS.find((e) => e === t.toUpperCase());
  if (err) return { v: err, t: 'Error' };
  return { v: input, t: 'String' };
}
const isGeneral = (nf: string | undefined) => nf === undefined || nf === 'General';

/** Office.js reads of one cell. */
const valueOf = (c: Cell | undefined): Scalar => (!c || c.t === 'Empty' || c.v === null ? '' : c.v);
const typeOf = (c: Cell | undefined): ValueType => (!c ? 'Empty' : c.t);
const formulaOf = (c: Cell | undefined): Scalar => (c?.f ? c.f : valueOf(c));
const formatOf = (c: Cell | undefined): string => c?.nf ?? 'General';
const textOf = (c: Cell | undefined): string => {
  const v = valueOf(c);
  return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
};

/** Shift A1 references to `target` in a formula after `n` rows were inserted at row `at` in columns `cols`. */
const REF =
  /(?<![\w$.'\u0080-\uffff])((?:'(?:[^']|'')+'|[^\s!'"(),:;=<>&+\-*/^%{}[\]]+)!)?(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?::(\$?)([A-Za-z]{1,3})(\$?)(\d+))?(?![\w(])/g;
function shiftFormula(formula: string, host: string, target: string, at: number, n: number, cols: [number, number]): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2
        ? part
        : part.replace(REF, (m, sheetPart: string | undefined, d1: string, c1: string, d2: string, r1: string, d3?: string, c2?: string, d4?: string, r2?: string) => {
            const sheet = sheetPart ? splitSheet(sheetPart).sheet ?? host : host;
            if (sheet.toLowerCase() !== target.toLowerCase()) return m;
            const move = (c: string, r: string) => {
              const col = colNumber(c);
              const row = Number(r);
              return col >= cols[0] && col <= cols[1] && row >= at ? row + n : row;
            };
            const first = `${d1}${c1}${d2}${move(c1, r1)}`;
            const second = c2 && r2 ? `:${d3}${c2}${d4}${move(c2, r2)}` : '';
            return `${sheetPart ?? ''}${first}${second}`;
          }),
    )
    .join('');
}

function shiftRect(r: Rect, at: number, n: number): Rect {
  if (r.top >= at) return { ...r, top: Math.min(MAX_ROWS, r.top + n), bottom: Math.min(MAX_ROWS, r.bottom + n) };
  if (r.bottom >= at) return { ...r, bottom: Math.min(MAX_ROWS, r.bottom + n) };
  return r;
}

/* ------------------------------------------------------------------ the workbook */

interface Current {
  response: number;
  staged: (() => void)[];
  calculationSuspended: boolean;
}

class Book {
  sheets: SheetState[] = [];
  names: NameState[] = [];
  settings = new Map<string, unknown>();
  active?: { sheet: SheetState; rect: Rect };
  apiVersion: number[];
  displayLanguage: string;
  syncs = 0;
  payloadBytes = 0;
  syncLog: SyncRecord[] = [];
  failNext?: FakeOfficeError;
  current?: Current;
  /** every values / formulas / numberFormat assignment, in order */
  writes: WriteRecord[] = [];
  private seq = 0;

  constructor(sheets: string[], api: string, lang: string) {
    this.apiVersion = api.split('.').map(Number);
    this.displayLanguage = lang;
    for (const s of sheets) this.addSheet(s);
    this.active = this.sheets[0] ? { sheet: this.sheets[0], rect: { top: 1, left: 1, bottom: 1, right: 1 } } : undefined;
  }

  supports(set: string, version: string): boolean {
    if (set.toLowerCase() !== 'excelapi') return false;
    const want = version.split('.').map(Number);
    for (let i = 0; i < Math.max(want.length, this.apiVersion.length); i++) {
      const a = this.apiVersion[i] ?? 0;
      const b = want[i] ?? 0;
      if (a !== b) return a > b;
    }
    return true;
  }

  need(version: string, what: string) {
    if (!this.supports('ExcelApi', version)) fail('ApiNotFound', MESSAGES.api, what);
  }

  liveSheets() {
    return this.sheets.filter((s) => !s.deleted);
  }

  findSheet(key: string): SheetState | undefined {
    const k = key.toLowerCase();
    return this.liveSheets().find((s) => s.name.toLowerCase() === k || s.id.toLowerCase() === k);
  }

  sheetOrThrow(name: string): SheetState {
    return this.findSheet(name) ?? fail('ItemNotFound', `fake: no sheet "${name}"`);
  }

  findName(name: string): NameState | undefined {
    const k = name.toLowerCase();
    return this.names.find((n) => !n.deleted && n.name.toLowerCase() === k && !n.sheet.deleted);
  }

  validSheetName(name: string) {
    if (!name || name.length > 31 || /[\\/?*[\]:]/.test(name) || /^'|'$/.test(name) || name.toLowerCase() === 'history') {
      fail('InvalidArgument', `The sheet name "${name}" is not valid.`);
    }
  }

  addSheet(name?: string): SheetState {
    const taken = new Set(this.liveSheets().map((s) => s.name.toLowerCase()));
    let n = name;
    if (n === undefined) {
      let i = this.sheets.length + 1;
      while (taken.has(`sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    this.validSheetName(n);
    if (taken.has(n.toLowerCase())) fail('ItemAlreadyExists', 'A resource with the same name or identifier already exists.');
    this.seq++;
    const s: SheetState = {
      id: `{${this.seq.toString(16).toUpperCase().padStart(8, '0')}-0001-0000-0000-000000000000}`,
      name: n,
      cells: new Map(),
      colWidths: new Map(),
      hiddenCols: new Set(),
      rowHeights: new Map(),
      hiddenRows: new Set(),
      merges: [],
      validations: [],
      conditionalFormats: [],
      freezeRows: 0,
      tabColor: '',
      visibility: 'Visible',
      pageLayout: {
        orientation: 'Portrait',
        paperSize: 'Letter',
        zoom: { scale: 100 },
        centerHorizontally: false,
        centerVertically: false,
        leftMargin: 50.4,
        rightMargin: 50.4,
        topMargin: 54,
        bottomMargin: 54,
        headerMargin: 21.6,
        footerMargin: 21.6,
        centerFooter: '',
        centerHeader: '',
      },
      protected: false,
      handlers: new Set(),
      deleted: false,
    };
    this.sheets.push(s);
    return s;
  }

  writable(s: SheetState) {
    if (s.deleted) fail('ItemNotFound', MESSAGES.notFound);
    if (s.protected) fail('AccessDenied', MESSAGES.protected);
  }

  /** Apply a 2-D array of entries (values / formulas / numberFormat) to a rectangle. */
  write(t: Target, data: unknown, kind: 'values' | 'formulas' | 'numberFormat') {
    this.writable(t.sheet);
    const rows = t.rect.bottom - t.rect.top + 1;
    const cols = t.rect.right - t.rect.left + 1;
    if (!Array.isArray(data) || data.length !== rows || data.some((r) => !Array.isArray(r) || r.length !== cols)) {
      fail('InvalidArgument', MESSAGES.dims, `Range.${kind}`);
    }
    const grid = data as unknown[][];
    this.writes.push({ sheet: t.sheet.name, address: rectText(t.rect), kind, rows, cols, sync: this.syncs });
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const k = key(t.rect.top + i, t.rect.left + j);
        const old = t.sheet.cells.get(k);
        const input = grid[i][j];
        if (kind === 'numberFormat') {
          if (input === null || input === undefined) continue;
          if (typeof input !== 'string') fail('InvalidArgument', 'A number format must be text.', 'Range.numberFormat');
          const nf = input === '' ? undefined : (input as string);
          t.sheet.cells.set(k, { ...(old ?? { v: null, t: 'Empty' }), nf });
          continue;
        }
        const next = enter(input, old?.nf);
        if (next === 'keep') continue;
        t.sheet.cells.set(k, { ...next, nf: next.nf ?? old?.nf, ...(old?.fmt && { fmt: old.fmt }) });
      }
    }
  }

  /** Apply a per-cell format change to every cell of a bounded rectangle. */
  format(t: Target, change: (f: CellFormat, row: number, col: number) => void) {
    this.writable(t.sheet);
    const r = t.rect;
    if (cellCount(r) > 2_000_000) fail('GeneralException', 'fake: per-cell formats on more than 2,000,000 cells are not modelled');
    for (let row = r.top; row <= r.bottom; row++) {
      for (let col = r.left; col <= r.right; col++) {
        const k = key(row, col);
        const c = t.sheet.cells.get(k) ?? { v: null, t: 'Empty' as ValueType };
        const fmt: CellFormat = { ...(c.fmt ?? {}), ...(c.fmt?.borders && { borders: { ...c.fmt.borders } }) };
        change(fmt, row, col);
        t.sheet.cells.set(k, { ...c, fmt });
      }
    }
  }

  /** Insert cells at `rect`, shifting down (whole rows when the rectangle spans every column). */
  insertDown(t: Target) {
    const s = t.sheet;
    this.writable(s);
    const { rect } = t;
    const n = rect.bottom - rect.top + 1;
    const at = rect.top;
    const cols: [number, number] = [rect.left, rect.right];
    const entire = rect.left === 1 && rect.right === MAX_COLS;
    const inCols = (c: number) => c >= cols[0] && c <= cols[1];
    for (const m of s.merges) {
      if (m.top < at && m.bottom >= at && !(m.right < cols[0] || m.left > cols[1]) && !(m.left >= cols[0] && m.right <= cols[1])) {
        fail('InvalidOperation', 'This operation is not allowed because it tries to shift cells in a merged area.', 'Range.insert');
      }
    }
    const moved = new Map<number, Cell>();
    for (const [k, c] of s.cells) {
      const r = rowOf(k);
      const col = colOf(k);
      const nr = r >= at && inCols(col) ? r + n : r;
      if (nr <= MAX_ROWS) moved.set(key(nr, col), c);
    }
    // New cells take the format of the row above, as Excel's default insert does.
    if (at > 1) {
      for (const [k, c] of s.cells) {
        if (rowOf(k) !== at - 1 || !inCols(colOf(k)) || (!c.fmt && !c.nf)) continue;
        for (let i = 0; i < n; i++) moved.set(key(at + i, colOf(k)), { v: null, t: 'Empty', ...(c.fmt && { fmt: clone(c.fmt) }), ...(c.nf && { nf: c.nf }) });
      }
    }
    s.cells = moved;
    if (entire) {
      const heights = new Map<number, number>();
      for (const [r, h] of s.rowHeights) heights.set(r >= at ? r + n : r, h);
      s.rowHeights = heights;
      s.hiddenRows = new Set([...s.hiddenRows].map((r) => (r >= at ? r + n : r)));
    }
    const fits = (r: Rect) => r.left >= cols[0] && r.right <= cols[1];
    s.merges = s.merges.map((m) => (fits(m) ? shiftRect(m, at, n) : m));
    for (const v of s.validations) if (fits(v.rect)) v.rect = shiftRect(v.rect, at, n);
    for (const c of s.conditionalFormats) {
      if (!fits(c.rect)) continue;
      c.rect = shiftRect(c.rect, at, n);
      if (c.formula) c.formula = shiftFormula(c.formula, s.name, s.name, at, n, cols);
    }
    for (const nm of this.names) if (nm.sheet === s && !nm.deleted && fits(nm.rect)) nm.rect = shiftRect(nm.rect, at, n);
    for (const other of this.liveSheets()) {
      for (const [k, c] of other.cells) {
        if (c.f) {
          const f = shiftFormula(c.f, other.name, s.name, at, n, cols);
          if (f !== c.f) other.cells.set(k, { ...c, f });
        }
      }
    }
    if (s.freezeRows >= at && entire) s.freezeRows += n;
  }

  usedRect(s: SheetState, valuesOnly: boolean): Rect | undefined {
    let r: Rect | undefined;
    for (const [k, c] of s.cells) {
      const has = c.t !== 'Empty' || !!c.f || (!valuesOnly && (!!c.fmt || !!c.nf));
      if (!has) continue;
      const row = rowOf(k);
      const col = colOf(k);
      r = r
        ? { top: Math.min(r.top, row), bottom: Math.max(r.bottom, row), left: Math.min(r.left, col), right: Math.max(r.right, col) }
        : { top: row, bottom: row, left: col, right: col };
    }
    return r;
  }

  address(t: Target, absolute = false): string {
    return `${quoteSheet(t.sheet.name)}!${rectText(t.rect, absolute)}`;
  }

  readGrid<T>(t: Target, f: (c: Cell | undefined) => T): T[][] {
    if (cellCount(t.rect) > 5_000_000) fail('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
    const out: T[][] = [];
    for (let r = t.rect.top; r <= t.rect.bottom; r++) {
      const row: T[] = [];
      for (let c = t.rect.left; c <= t.rect.right; c++) row.push(f(t.sheet.cells.get(key(r, c))));
      out.push(row);
    }
    return out;
  }

  async sync(ctx: Ctx): Promise<void> {
    const ops = ctx.queue;
    ctx.queue = [];
    const created = ctx.created;
    ctx.created = [];
    this.syncs++;
    const record: SyncRecord = { requestBytes: ops.reduce((s, o) => s + o.bytes, 0), responseBytes: 0, ops: ops.length, calculationSuspended: false };
    this.syncLog.push(record);
    // a round trip: never synchronous
    await Promise.resolve();
    try {
      if (this.failNext) {
        const e = this.failNext;
        this.failNext = undefined;
        throw e;
      }
      if (record.requestBytes > LIMIT) fail('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.');
      const current: Current = { response: 0, staged: [], calculationSuspended: false };
      this.current = current;
      try {
        for (const op of ops) op.run();
      } finally {
        this.current = undefined;
        record.calculationSuspended = current.calculationSuspended;
        record.responseBytes = current.response;
      }
      if (current.response > LIMIT) fail('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
      for (const p of created) p._settle();
      for (const commit of current.staged) commit();
    } catch (e) {
      record.error = (e as { code?: string }).code ?? String(e);
      for (const p of created) p._settleFailed();
      throw e;
    } finally {
      this.payloadBytes += record.requestBytes + record.responseBytes;
    }
  }
}

/* ------------------------------------------------------------------ proxies */

interface Op {
  bytes: number;
  run: () => void;
}

class Ctx {
  queue: Op[] = [];
  created: Base[] = [];
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;
  readonly trackedObjects = { add: () => undefined, remove: () => undefined };
  constructor(readonly book: Book) {
    this.workbook = new FakeWorkbook(this);
    this.application = new FakeApplication(this);
  }
  sync(): Promise<void> {
    return this.book.sync(this);
  }
}

type Loadable = Record<string, true>;

/** Proxy base: queued writes, loads readable after sync, null objects. */
abstract class Base {
  readonly _ctx: Ctx;
  private _loaded = new Map<string, unknown>();
  private _local = new Map<string, unknown>();
  private _null?: boolean;
  private _resolved = false;
  private _value: unknown = null;
  private _navCache = new Map<string, Base>();

  constructor(ctx: Ctx) {
    this._ctx = ctx;
    ctx.created.push(this);
  }

  get context(): Ctx {
    return this._ctx;
  }

  get isNullObject(): boolean {
    if (this._null === undefined) fail('PropertyNotLoaded', MESSAGES.notLoaded('isNullObject'));
    return this._null!;
  }

  /** What the proxy stands for: null for a null object; may throw ItemNotFound. Computed once, at first use. */
  protected abstract _compute(): unknown;
  /** Scalar properties load() may read, and how. */
  protected abstract _scalars(): Loadable;
  protected abstract _read(target: unknown, prop: string): unknown;
  protected _navs(): Record<string, () => Base> {
    return {};
  }
  protected get _book() {
    return this._ctx.book;
  }

  _resolve(): unknown {
    if (!this._resolved) {
      this._value = this._compute();
      this._resolved = true;
    }
    return this._value;
  }

  /** For writes and methods: a null object is an error here. */
  protected _target<T>(): T {
    const v = this._resolve();
    if (v === null || v === undefined) fail('ItemNotFound', MESSAGES.notFound);
    return v as T;
  }

  _settle() {
    if (this._null !== undefined) return;
    try {
      this._null = this._resolve() === null;
    } catch {
      this._null = true;
    }
  }
  _settleFailed() {
    // the sync failed: nothing became known
  }

  protected _nav<T extends Base>(name: string, make: () => T): T {
    let p = this._navCache.get(name);
    if (!p) {
      p = make();
      this._navCache.set(name, p);
    }
    return p as T;
  }

  protected _get(prop: string): any {
    if (this._local.has(prop)) return this._local.get(prop);
    if (this._loaded.has(prop)) return this._loaded.get(prop);
    return fail('PropertyNotLoaded', MESSAGES.notLoaded(prop));
  }

  protected _queue(bytes: number, run: () => void) {
    this._ctx.queue.push({ bytes, run });
  }

  /** Set a property: readable locally at once, applied at sync. */
  protected _set(prop: string, value: unknown, apply: () => void) {
    if (value === null || value === undefined) throw new FakeOfficeError('InvalidArgument', `null is not a valid value for ${prop}.`);
    this._local.set(prop, value);
    this._queue(sizeOf(value), apply);
  }

  load(spec?: string | string[] | { select?: string | string[] } | Record<string, unknown>): this {
    const paths: string[] = [];
    const add = (x: string) => x.split(',').map((p) => p.trim()).filter(Boolean).forEach((p) => paths.push(p));
    if (spec === undefined) {
      this._loadPaths(null);
      return this;
    }
    if (typeof spec === 'string') add(spec);
    else if (Array.isArray(spec)) spec.forEach(add);
    else if ('select' in spec && spec.select !== undefined) (Array.isArray(spec.select) ? spec.select : [spec.select]).forEach((x) => add(String(x)));
    else Object.keys(spec).filter((k) => (spec as Record<string, unknown>)[k]).forEach(add);
    this._loadPaths(paths);
    return this;
  }

  /** Load `paths` (null: every scalar) at the next sync, or at once when `now` (items of a collection being loaded). */
  _loadPaths(paths: string[] | null, now = false) {
    const scalars = this._scalars();
    const navs = this._navs();
    const mine: string[] = [];
    const deeper = new Map<string, string[]>();
    for (const p of paths ?? Object.keys(scalars)) {
      const [head, ...rest] = p.split('/');
      if (rest.length === 0 && head in scalars) mine.push(head);
      else if (head in navs) {
        const list = deeper.get(head) ?? [];
        if (rest.length) list.push(rest.join('/'));
        deeper.set(head, list);
      } else throw new Error(`fake: property "${p}" of ${this.constructor.name} cannot be loaded (not modelled)`);
    }
    for (const [head, rest] of deeper) navs[head]()._loadPaths(rest.length ? rest : null, now);
    if (mine.length === 0) return;
    const exec = () => {
      const book = this._book;
      let target: unknown;
      try {
        target = this._resolve();
      } catch {
        target = null;
      }
      const snap: Record<string, unknown> = {};
      for (const p of mine) snap[p] = target === null || target === undefined ? null : this._read(target, p);
      if (book.current) {
        book.current.response += sizeOf(snap);
        book.current.staged.push(() => {
          for (const p of mine) {
            this._loaded.set(p, snap[p]);
            this._local.delete(p);
          }
        });
      }
    };
    if (now) exec();
    else this._queue(0, exec);
  }

  toJSON() {
    return Object.fromEntries(this._loaded);
  }
}

/* --- application */

class FakeApplication extends Base {
  protected _compute() {
    return this._book;
  }
  protected _scalars() {
    return { calculationMode: true } as Loadable;
  }
  protected _read() {
    return 'Automatic';
  }
  suspendApiCalculationUntilNextSync() {
    this._queue(0, () => {
      this._book.need('1.6', 'Application.suspendApiCalculationUntilNextSync');
      if (this._book.current) this._book.current.calculationSuspended = true;
    });
  }
  calculate() {
    this._queue(0, () => undefined);
  }
}

/* --- workbook */

class FakeWorkbook extends Base {
  protected _compute() {
    return this._book;
  }
  protected _scalars() {
    return { name: true } as Loadable;
  }
  protected _read() {
    return 'Book1';
  }
  protected override _navs() {
    return { worksheets: () => this.worksheets, names: () => this.names, settings: () => this.settings, application: () => this.application };
  }
  get worksheets(): FakeWorksheetCollection {
    return this._nav('worksheets', () => new FakeWorksheetCollection(this._ctx));
  }
  get names(): FakeNamedItemCollection {
    return this._nav('names', () => new FakeNamedItemCollection(this._ctx));
  }
  get settings(): FakeSettingCollection {
    return this._nav('settings', () => new FakeSettingCollection(this._ctx));
  }
  get application(): FakeApplication {
    return this._ctx.application;
  }
  getSelectedRange(): FakeRange {
    return new FakeRange(this._ctx, () => {
      const a = this._book.active;
      return a && !a.sheet.deleted ? { sheet: a.sheet, rect: a.rect } : fail('ItemNotFound', MESSAGES.notFound);
    });
  }
  getActiveCell(): FakeRange {
    return new FakeRange(this._ctx, () => {
      const a = this._book.active;
      return a ? { sheet: a.sheet, rect: { top: a.rect.top, left: a.rect.left, bottom: a.rect.top, right: a.rect.left } } : fail('ItemNotFound', MESSAGES.notFound);
    });
  }
}

/* --- collections with items */

abstract class Collection<T extends Base> extends Base {
  private _items?: T[];
  protected _compute() {
    return this._book;
  }
  protected _scalars() {
    return {} as Loadable;
  }
  protected _read() {
    return null;
  }
  protected abstract _members(): unknown[];
  protected abstract _itemFor(state: unknown): T;

  get items(): T[] {
    if (!this._items) return fail('PropertyNotLoaded', MESSAGES.notLoaded('items'));
    return this._items;
  }

  override _loadPaths(paths: string[] | null, now = false) {
    const itemPaths = (paths ?? []).map((p) => (p === 'items' ? '' : p.startsWith('items/') ? p.slice(6) : p)).filter((p) => p !== '');
    const exec = () => {
      const items = this._members().map((m) => this._itemFor(m));
      for (const it of items) {
        it._settle();
        it._loadPaths(itemPaths.length ? itemPaths : null, true);
      }
      this._book.current?.staged.push(() => {
        this._items = items;
      });
    };
    if (now) exec();
    else this._queue(0, exec);
  }
}

/* --- worksheets */

class FakeWorksheetCollection extends Collection<FakeWorksheet> {
  protected _members() {
    return this._book.liveSheets();
  }
  protected _itemFor(state: unknown) {
    return new FakeWorksheet(this._ctx, () => state as SheetState);
  }
  add(name?: string): FakeWorksheet {
    let made: SheetState | undefined;
    const ws = new FakeWorksheet(this._ctx, () => made ?? fail('ItemNotFound', MESSAGES.notFound));
    this._queue(sizeOf(name ?? ''), () => {
      made = this._book.addSheet(name);
    });
    return ws;
  }
  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this._ctx, () => this._book.findSheet(key) ?? fail('ItemNotFound', MESSAGES.notFound, 'Worksheets.getItem'));
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this._ctx, () => this._book.findSheet(key) ?? null);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this._ctx, () => this._book.active?.sheet ?? fail('ItemNotFound', MESSAGES.notFound));
  }
}

const WORKSHEET_SCALARS: Loadable = { id: true, name: true, position: true, visibility: true, tabColor: true };

class FakeWorksheet extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => SheetState | null,
  ) {
    super(ctx);
  }
  protected _compute() {
    const s = this.find();
    return s && !s.deleted ? s : s === null ? null : fail('ItemNotFound', MESSAGES.notFound);
  }
  protected _scalars() {
    return WORKSHEET_SCALARS;
  }
  protected _read(t: unknown, prop: string) {
    const s = t as SheetState;
    switch (prop) {
      case 'position':
        return this._book.liveSheets().indexOf(s);
      default:
        return (s as unknown as Record<string, unknown>)[prop];
    }
  }
  protected override _navs() {
    return { pageLayout: () => this.pageLayout, protection: () => this.protection, freezePanes: () => this.freezePanes };
  }
  get id(): string {
    return this._get('id');
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._set('name', v, () => {
      const s = this._target<SheetState>();
      this._book.validSheetName(v);
      const clash = this._book.findSheet(v);
      if (clash && clash !== s) fail('ItemAlreadyExists', 'A resource with the same name or identifier already exists.');
      s.name = v;
    });
  }
  get position(): number {
    return this._get('position');
  }
  get visibility(): string {
    return this._get('visibility');
  }
  get tabColor(): string {
    return this._get('tabColor');
  }
  set tabColor(v: string) {
    this._set('tabColor', v, () => {
      this._book.need('1.7', 'Worksheet.tabColor');
      this._target<SheetState>().tabColor = v;
    });
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this._ctx, () => {
      const s = this._resolve() as SheetState | null;
      if (s === null) return null;
      if (address === undefined || address === '') return { sheet: s, rect: { top: 1, left: 1, bottom: MAX_ROWS, right: MAX_COLS } };
      const { sheet, body } = splitSheet(address);
      if (sheet && sheet.toLowerCase() !== s.name.toLowerCase()) fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', 'Worksheet.getRange');
      const rect = parseRef(body);
      if (rect) return { sheet: s, rect };
      const named = this._book.findName(body);
      if (named && named.sheet === s) return { sheet: s, rect: named.rect };
      return fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', 'Worksheet.getRange');
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this._ctx, () => {
      const s = this._resolve() as SheetState | null;
      return s === null ? null : { sheet: s, rect: { top: row + 1, left: col + 1, bottom: row + rows, right: col + cols } };
    });
  }
  getCell(row: number, col: number): FakeRange {
    return this.getRangeByIndexes(row, col, 1, 1);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this._ctx, () => {
      const s = this._resolve() as SheetState | null;
      if (s === null) return null;
      return { sheet: s, rect: this._book.usedRect(s, !!valuesOnly) ?? { top: 1, left: 1, bottom: 1, right: 1 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this._ctx, () => {
      const s = this._resolve() as SheetState | null;
      if (s === null) return null;
      const r = this._book.usedRect(s, !!valuesOnly);
      return r ? { sheet: s, rect: r } : null;
    });
  }
  activate() {
    this._queue(0, () => {
      const s = this._target<SheetState>();
      if (this._book.active?.sheet !== s) this._book.active = { sheet: s, rect: { top: 1, left: 1, bottom: 1, right: 1 } };
    });
  }
  delete() {
    this._queue(0, () => {
      const s = this._target<SheetState>();
      if (this._book.liveSheets().length === 1) fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      s.deleted = true;
      if (this._book.active?.sheet === s) this._book.active = { sheet: this._book.liveSheets()[0], rect: { top: 1, left: 1, bottom: 1, right: 1 } };
    });
  }
  get freezePanes() {
    return this._nav('freezePanes', () => new FakeFreezePanes(this._ctx, this));
  }
  get pageLayout(): FakePageLayout {
    return this._nav('pageLayout', () => new FakePageLayout(this._ctx, this));
  }
  get protection(): FakeProtection {
    return this._nav('protection', () => new FakeProtection(this._ctx, this));
  }
  get onChanged() {
    return new FakeEventHandlers(this._ctx, this);
  }
}

class FakeFreezePanes extends Base {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._resolve();
  }
  protected _scalars() {
    return {} as Loadable;
  }
  protected _read() {
    return null;
  }
  freezeRows(count = 1) {
    this._queue(4, () => {
      this._book.need('1.7', 'WorksheetFreezePanes.freezeRows');
      this._target<SheetState>().freezeRows = count;
    });
  }
  unfreeze() {
    this._queue(0, () => {
      this._book.need('1.7', 'WorksheetFreezePanes.unfreeze');
      this._target<SheetState>().freezeRows = 0;
    });
  }
}

class FakeProtection extends Base {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._resolve();
  }
  protected _scalars() {
    return { protected: true } as Loadable;
  }
  protected _read(t: unknown) {
    return (t as SheetState).protected;
  }
  get protected(): boolean {
    return this._get('protected');
  }
  protect() {
    this._queue(0, () => {
      const s = this._target<SheetState>();
      if (s.protected) fail('InvalidOperation', 'The worksheet is already protected.', 'WorksheetProtection.protect');
      s.protected = true;
    });
  }
  unprotect() {
    this._queue(0, () => {
      this._target<SheetState>().protected = false;
    });
  }
}

const PAGE_SCALARS: Loadable = {
  orientation: true,
  paperSize: true,
  zoom: true,
  centerHorizontally: true,
  centerVertically: true,
  leftMargin: true,
  rightMargin: true,
  topMargin: true,
  bottomMargin: true,
  headerMargin: true,
  footerMargin: true,
};
const PAPER = new Set(['Letter', 'LetterSmall', 'Tabloid', 'Ledger', 'Legal', 'Statement', 'Executive', 'A3', 'A4', 'A4Small', 'A5', 'B4', 'B5', 'Folio']);

class FakePageLayout extends Base {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet,
  ) {
    super(ctx);
    for (const p of Object.keys(PAGE_SCALARS)) {
      Object.defineProperty(this, p, {
        get: () => this._get(p),
        set: (v: unknown) => this._setPage(p, v),
        enumerable: true,
      });
    }
  }
  protected _compute() {
    return this.ws._resolve();
  }
  protected _scalars() {
    return PAGE_SCALARS;
  }
  protected _read(t: unknown, prop: string) {
    this._book.need('1.9', 'PageLayout');
    return clone((t as SheetState).pageLayout[prop as keyof PageLayoutState]);
  }
  protected override _navs() {
    return { headersFooters: () => this.headersFooters };
  }
  private _setPage(prop: string, v: unknown) {
    this._set(prop, v, () => {
      this._book.need('1.9', `PageLayout.${prop}`);
      const s = this._target<SheetState>();
      this._book.writable(s);
      if (prop === 'orientation' && v !== 'Portrait' && v !== 'Landscape') fail('InvalidArgument', `orientation: ${String(v)}`);
      if (prop === 'paperSize' && !PAPER.has(String(v))) fail('InvalidArgument', `paperSize: ${String(v)}`);
      if (prop === 'zoom') {
        const z = v as PageLayoutState['zoom'];
        if (typeof z !== 'object' || (z.scale === undefined && z.horizontalFitToPages === undefined && z.verticalFitToPages === undefined)) {
          fail('InvalidArgument', 'zoom: give scale or fit-to-pages');
        }
      }
      (s.pageLayout as unknown as Record<string, unknown>)[prop] = clone(v);
    });
  }
  setPrintTitleRows(rows: string | FakeRange) {
    this._queue(sizeOf(typeof rows === 'string' ? rows : ''), () => {
      this._book.need('1.9', 'PageLayout.setPrintTitleRows');
      const s = this._target<SheetState>();
      const text = typeof rows === 'string' ? rows : rectText(rows._targetPublic().rect, true);
      const r = parseRef(text);
      if (!r || r.left !== 1 || r.right !== MAX_COLS) fail('InvalidArgument', `setPrintTitleRows: "${text}" is not whole rows`);
      s.pageLayout.printTitleRows = rectText(r!, true);
    });
  }
  setPrintArea(area: string | FakeRange) {
    this._queue(sizeOf(typeof area === 'string' ? area : ''), () => {
      this._book.need('1.9', 'PageLayout.setPrintArea');
      this._target<SheetState>().pageLayout.printArea = typeof area === 'string' ? area : rectText(area._targetPublic().rect, true);
    });
  }
  get headersFooters() {
    return this._nav('headersFooters', () => new FakeHeadersFooters(this._ctx, this.ws));
  }
}
interface FakePageLayout {
  orientation: string;
  paperSize: string;
  zoom: PageLayoutState['zoom'];
  centerHorizontally: boolean;
  centerVertically: boolean;
  leftMargin: number;
  rightMargin: number;
  topMargin: number;
  bottomMargin: number;
  headerMargin: number;
  footerMargin: number;
}

class FakeHeadersFooters extends Base {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._resolve();
  }
  protected _scalars() {
    return {} as Loadable;
  }
  protected _read() {
    return null;
  }
  get defaultForAllPages() {
    return this._nav('default', () => new FakeHeaderFooter(this._ctx, this.ws));
  }
}

class FakeHeaderFooter extends Base {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._resolve();
  }
  protected _scalars() {
    return { centerFooter: true, centerHeader: true } as Loadable;
  }
  protected _read(t: unknown, p: string) {
    return (t as SheetState).pageLayout[p as 'centerFooter'];
  }
  get centerFooter(): string {
    return this._get('centerFooter');
  }
  set centerFooter(v: string) {
    this.setText('centerFooter', v);
  }
  get centerHeader(): string {
    return this._get('centerHeader');
  }
  set centerHeader(v: string) {
    this.setText('centerHeader', v);
  }
  private setText(p: 'centerFooter' | 'centerHeader', v: string) {
    this._set(p, v, () => {
      this._book.need('1.9', `HeaderFooter.${p}`);
      this._target<SheetState>().pageLayout[p] = v;
    });
  }
}

/* --- events */

class FakeEventHandlers {
  constructor(
    private readonly ctx: Ctx,
    private readonly ws: FakeWorksheet,
  ) {}
  add(handler: ChangeHandler) {
    const ctx = this.ctx;
    const ws = this.ws;
    ctx.queue.push({
      bytes: 0,
      run: () => {
        ctx.book.need('1.7', 'Worksheet.onChanged');
        const sheet = ws._resolve() as SheetState | null;
        if (!sheet) fail('ItemNotFound', MESSAGES.notFound);
        sheet!.handlers.add(handler);
      },
    });
    return {
      context: ctx,
      remove: () => {
        ctx.queue.push({
          bytes: 0,
          run: () => {
            (ws._resolve() as SheetState | null)?.handlers.delete(handler);
          },
        });
      },
    };
  }
  remove(handler: ChangeHandler) {
    this.ctx.queue.push({ bytes: 0, run: () => (this.ws._resolve() as SheetState | null)?.handlers.delete(handler) });
  }
}

/* --- ranges */

const RANGE_SCALARS: Loadable = {
  address: true,
  addressLocal: true,
  values: true,
  formulas: true,
  formulasLocal: true,
  valueTypes: true,
  numberFormat: true,
  text: true,
  rowIndex: true,
  columnIndex: true,
  rowCount: true,
  columnCount: true,
  cellCount: true,
  columnHidden: true,
  rowHidden: true,
  isEntireRow: true,
  isEntireColumn: true,
};

class FakeRange extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => Target | null,
  ) {
    super(ctx);
  }
  protected _compute() {
    const t = this.find();
    if (t && t.sheet.deleted) fail('ItemNotFound', MESSAGES.notFound);
    return t;
  }
  _targetPublic(): Target {
    return this._target<Target>();
  }
  protected _scalars() {
    return RANGE_SCALARS;
  }
  protected _read(t0: unknown, prop: string) {
    const t = t0 as Target;
    const b = this._book;
    switch (prop) {
      case 'address':
      case 'addressLocal':
        return b.address(t);
      case 'values':
        return b.readGrid(t, valueOf);
      case 'formulas':
      case 'formulasLocal':
        return b.readGrid(t, formulaOf);
      case 'valueTypes':
        return b.readGrid(t, typeOf);
      case 'numberFormat':
        return b.readGrid(t, formatOf);
      case 'text':
        return b.readGrid(t, textOf);
      case 'rowIndex':
        return t.rect.top - 1;
      case 'columnIndex':
        return t.rect.left - 1;
      case 'rowCount':
        return t.rect.bottom - t.rect.top + 1;
      case 'columnCount':
        return t.rect.right - t.rect.left + 1;
      case 'cellCount':
        return cellCount(t.rect);
      case 'columnHidden':
        return range(t.rect.left, t.rect.right).every((c) => t.sheet.hiddenCols.has(c));
      case 'rowHidden':
        return range(t.rect.top, t.rect.bottom).every((r) => t.sheet.hiddenRows.has(r));
      case 'isEntireRow':
        return t.rect.left === 1 && t.rect.right === MAX_COLS;
      case 'isEntireColumn':
        return t.rect.top === 1 && t.rect.bottom === MAX_ROWS;
    }
    return null;
  }
  protected override _navs() {
    return { worksheet: () => this.worksheet, format: () => this.format };
  }

  get address(): string {
    return this._get('address');
  }
  get values(): any[][] {
    return this._get('values');
  }
  set values(v: any[][]) {
    this._set('values', v, () => this._book.write(this._target<Target>(), v, 'values'));
  }
  get formulas(): any[][] {
    return this._get('formulas');
  }
  set formulas(v: any[][]) {
    this._set('formulas', v, () => this._book.write(this._target<Target>(), v, 'formulas'));
  }
  get valueTypes(): string[][] {
    return this._get('valueTypes');
  }
  get numberFormat(): any[][] {
    return this._get('numberFormat');
  }
  set numberFormat(v: any[][]) {
    this._set('numberFormat', v, () => this._book.write(this._target<Target>(), v, 'numberFormat'));
  }
  get text(): string[][] {
    return this._get('text');
  }
  get rowIndex(): number {
    return this._get('rowIndex');
  }
  get columnIndex(): number {
    return this._get('columnIndex');
  }
  get rowCount(): number {
    return this._get('rowCount');
  }
  get columnCount(): number {
    return this._get('columnCount');
  }
  get columnHidden(): boolean {
    return this._get('columnHidden');
  }
  set columnHidden(v: boolean) {
    this._set('columnHidden', v, () => {
      const t = this._target<Target>();
      this._book.writable(t.sheet);
      for (let c = t.rect.left; c <= t.rect.right; c++) (v ? t.sheet.hiddenCols.add(c) : t.sheet.hiddenCols.delete(c));
    });
  }
  get rowHidden(): boolean {
    return this._get('rowHidden');
  }
  set rowHidden(v: boolean) {
    this._set('rowHidden', v, () => {
      const t = this._target<Target>();
      this._book.writable(t.sheet);
      for (let r = t.rect.top; r <= t.rect.bottom; r++) (v ? t.sheet.hiddenRows.add(r) : t.sheet.hiddenRows.delete(r));
    });
  }

  get worksheet(): FakeWorksheet {
    return this._nav('worksheet', () => new FakeWorksheet(this._ctx, () => (this._resolve() as Target | null)?.sheet ?? null));
  }
  get format(): FakeRangeFormat {
    return this._nav('format', () => new FakeRangeFormat(this._ctx, this));
  }
  get dataValidation(): FakeDataValidation {
    return this._nav('dataValidation', () => new FakeDataValidation(this._ctx, this));
  }
  get conditionalFormats(): FakeConditionalFormatCollection {
    return this._nav('conditionalFormats', () => new FakeConditionalFormatCollection(this._ctx, this));
  }

  /** A range derived from this one; a null object when this one is. */
  private derive(f: (t: Target) => Target | null): FakeRange {
    return new FakeRange(this._ctx, () => {
      const t = this._resolve() as Target | null;
      return t === null ? null : f(t);
    });
  }
  private other(o: FakeRange | string, t: Target): Target {
    if (typeof o !== 'string') return o._targetPublic();
    const { sheet, body } = splitSheet(o);
    const s = sheet ? this._book.sheetOrThrow(sheet) : t.sheet;
    const rect = parseRef(body) ?? fail('InvalidArgument', `fake: cannot read "${o}"`);
    return { sheet: s, rect };
  }
  getEntireRow(): FakeRange {
    return this.derive((t) => ({ sheet: t.sheet, rect: { top: t.rect.top, bottom: t.rect.bottom, left: 1, right: MAX_COLS } }));
  }
  getEntireColumn(): FakeRange {
    return this.derive((t) => ({ sheet: t.sheet, rect: { top: 1, bottom: MAX_ROWS, left: t.rect.left, right: t.rect.right } }));
  }
  getBoundingRect(o: FakeRange | string): FakeRange {
    return this.derive((t) => {
      const u = this.other(o, t);
      if (u.sheet !== t.sheet) fail('InvalidArgument', 'The ranges are on different worksheets.', 'Range.getBoundingRect');
      return {
        sheet: t.sheet,
        rect: {
          top: Math.min(t.rect.top, u.rect.top),
          left: Math.min(t.rect.left, u.rect.left),
          bottom: Math.max(t.rect.bottom, u.rect.bottom),
          right: Math.max(t.rect.right, u.rect.right),
        },
      };
    });
  }
  private intersect(o: FakeRange | string, orNull: boolean): FakeRange {
    return this.derive((t) => {
      const u = this.other(o, t);
      if (u.sheet !== t.sheet || !intersects(t.rect, u.rect)) {
        return orNull ? null : fail('InvalidArgument', 'The ranges do not intersect.', 'Range.getIntersection');
      }
      return {
        sheet: t.sheet,
        rect: {
          top: Math.max(t.rect.top, u.rect.top),
          left: Math.max(t.rect.left, u.rect.left),
          bottom: Math.min(t.rect.bottom, u.rect.bottom),
          right: Math.min(t.rect.right, u.rect.right),
        },
      };
    });
  }
  getIntersection(o: FakeRange | string): FakeRange {
    return this.intersect(o, false);
  }
  getIntersectionOrNullObject(o: FakeRange | string): FakeRange {
    return this.intersect(o, true);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this.derive((t) => {
      const used = this._book.usedRect(t.sheet, !!valuesOnly);
      const r = used && intersects(used, t.rect)
        ? { top: Math.max(used.top, t.rect.top), left: Math.max(used.left, t.rect.left), bottom: Math.min(used.bottom, t.rect.bottom), right: Math.min(used.right, t.rect.right) }
        : { top: t.rect.top, left: t.rect.left, bottom: t.rect.top, right: t.rect.left };
      return { sheet: t.sheet, rect: r };
    });
  }
  getCell(row: number, col: number): FakeRange {
    return this.derive((t) => ({ sheet: t.sheet, rect: { top: t.rect.top + row, left: t.rect.left + col, bottom: t.rect.top + row, right: t.rect.left + col } }));
  }
  getOffsetRange(rows: number, cols: number): FakeRange {
    return this.derive((t) => ({
      sheet: t.sheet,
      rect: { top: t.rect.top + rows, bottom: t.rect.bottom + rows, left: t.rect.left + cols, right: t.rect.right + cols },
    }));
  }
  getResizedRange(rows: number, cols: number): FakeRange {
    return this.derive((t) => ({ sheet: t.sheet, rect: { ...t.rect, bottom: t.rect.bottom + rows, right: t.rect.right + cols } }));
  }
  getRow(i: number): FakeRange {
    return this.derive((t) => ({ sheet: t.sheet, rect: { ...t.rect, top: t.rect.top + i, bottom: t.rect.top + i } }));
  }
  getColumn(i: number): FakeRange {
    return this.derive((t) => ({ sheet: t.sheet, rect: { ...t.rect, left: t.rect.left + i, right: t.rect.left + i } }));
  }
  insert(shift: string): FakeRange {
    const shifted = this.derive((t) => t);
    this._queue(sizeOf(shift), () => {
      if (shift !== 'Down') fail('NotImplemented', `fake: insert("${shift}") is not modelled; only "Down"`);
      this._book.insertDown(this._target<Target>());
    });
    return shifted;
  }
  merge(across = false) {
    this._queue(4, () => {
      const t = this._target<Target>();
      this._book.writable(t.sheet);
      const rects = across ? range(t.rect.top, t.rect.bottom).map((r) => ({ ...t.rect, top: r, bottom: r })) : [t.rect];
      for (const r of rects) {
        if (cellCount(r) === 1) continue;
        for (const m of t.sheet.merges) {
          if (intersects(m, r) && !within(m, r)) fail('InvalidOperation', 'Cannot merge a range that partly overlaps a merged area.', 'Range.merge');
        }
        t.sheet.merges = t.sheet.merges.filter((m) => !within(m, r));
        for (const [k, c] of t.sheet.cells) {
          const row = rowOf(k);
          const col = colOf(k);
          if (row >= r.top && row <= r.bottom && col >= r.left && col <= r.right && !(row === r.top && col === r.left) && c.t !== 'Empty') {
            t.sheet.cells.set(k, { ...c, v: null, t: 'Empty', f: undefined });
          }
        }
        t.sheet.merges.push(r);
      }
    });
  }
  unmerge() {
    this._queue(0, () => {
      const t = this._target<Target>();
      this._book.writable(t.sheet);
      t.sheet.merges = t.sheet.merges.filter((m) => !intersects(m, t.rect));
    });
  }
  select() {
    this._queue(0, () => {
      const t = this._target<Target>();
      this._book.active = { sheet: t.sheet, rect: t.rect };
    });
  }
  clear(applyTo = 'All') {
    this._queue(0, () => {
      const t = this._target<Target>();
      this._book.writable(t.sheet);
      for (const [k, c] of t.sheet.cells) {
        const row = rowOf(k);
        const col = colOf(k);
        if (row < t.rect.top || row > t.rect.bottom || col < t.rect.left || col > t.rect.right) continue;
        if (applyTo === 'All') t.sheet.cells.delete(k);
        else if (applyTo === 'Contents') t.sheet.cells.set(k, { ...c, v: null, t: 'Empty', f: undefined });
        else if (applyTo === 'Formats') t.sheet.cells.set(k, { ...c, fmt: undefined, nf: undefined });
      }
    });
  }
}

const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

/* --- formats */

type Fmt = CellFormat;

/** A group of format properties mapped onto each cell's CellFormat. */
abstract class FormatPart extends Base {
  constructor(
    ctx: Ctx,
    protected readonly rangeProxy: FakeRange,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.rangeProxy._resolve();
  }
  protected _read(t0: unknown, prop: string) {
    const t = t0 as Target;
    const get = this._getter(prop);
    let first: unknown;
    let seen = false;
    const rect = cellCount(t.rect) > 100000 ? { ...t.rect, bottom: t.rect.top, right: t.rect.left } : t.rect;
    for (let r = rect.top; r <= rect.bottom; r++) {
      for (let c = rect.left; c <= rect.right; c++) {
        const v = get(t.sheet.cells.get(key(r, c))?.fmt ?? {}, r, c, t.sheet);
        if (!seen) {
          first = v;
          seen = true;
        } else if (JSON.stringify(v) !== JSON.stringify(first)) return null;
      }
    }
    return first;
  }
  protected abstract _getter(prop: string): (f: Fmt, row: number, col: number, s: SheetState) => unknown;
  protected _fmt(prop: string, v: unknown, change: (f: Fmt, row: number, col: number) => void) {
    this._set(prop, v, () => this._book.format(this.rangeProxy._targetPublic(), change));
  }
}

class FakeRangeFormat extends FormatPart {
  protected _scalars() {
    return { horizontalAlignment: true, verticalAlignment: true, wrapText: true, columnWidth: true, rowHeight: true } as Loadable;
  }
  protected _getter(prop: string) {
    return (f: Fmt, row: number, col: number, s: SheetState): unknown => {
      switch (prop) {
        case 'horizontalAlignment':
          return f.hAlign ?? 'General';
        case 'verticalAlignment':
          return f.vAlign ?? 'Bottom';
        case 'wrapText':
          return f.wrap ?? false;
        case 'columnWidth':
          return s.colWidths.get(col) ?? DEFAULT_COLUMN_WIDTH;
        case 'rowHeight':
          return s.rowHeights.get(row) ?? DEFAULT_ROW_HEIGHT;
      }
      return null;
    };
  }
  protected override _navs() {
    return { font: () => this.font, fill: () => this.fill };
  }
  get font(): FakeFont {
    return this._nav('font', () => new FakeFont(this._ctx, this.rangeProxy));
  }
  get fill(): FakeFill {
    return this._nav('fill', () => new FakeFill(this._ctx, this.rangeProxy));
  }
  get borders(): FakeBorders {
    return this._nav('borders', () => new FakeBorders(this._ctx, this.rangeProxy));
  }
  get horizontalAlignment(): string {
    return this._get('horizontalAlignment');
  }
  set horizontalAlignment(v: string) {
    this._fmt('horizontalAlignment', v, (f) => (f.hAlign = v));
  }
  get verticalAlignment(): string {
    return this._get('verticalAlignment');
  }
  set verticalAlignment(v: string) {
    this._fmt('verticalAlignment', v, (f) => (f.vAlign = v));
  }
  get wrapText(): boolean {
    return this._get('wrapText');
  }
  set wrapText(v: boolean) {
    this._fmt('wrapText', v, (f) => (f.wrap = v));
  }
  get columnWidth(): number {
    return this._get('columnWidth');
  }
  set columnWidth(v: number) {
    this._set('columnWidth', v, () => {
      const t = this.rangeProxy._targetPublic();
      this._book.writable(t.sheet);
      if (!(v >= 0)) fail('InvalidArgument', `columnWidth: ${v}`);
      for (let c = t.rect.left; c <= t.rect.right; c++) t.sheet.colWidths.set(c, v);
    });
  }
  get rowHeight(): number {
    return this._get('rowHeight');
  }
  set rowHeight(v: number) {
    this._set('rowHeight', v, () => {
      const t = this.rangeProxy._targetPublic();
      this._book.writable(t.sheet);
      if (!(v >= 0 && v <= 409)) fail('InvalidArgument', `rowHeight: ${v} (0 to 409 points)`);
      for (let r = t.rect.top; r <= t.rect.bottom; r++) t.sheet.rowHeights.set(r, v);
    });
  }
  autofitColumns() {
    this._queue(0, () => undefined);
  }
  autofitRows() {
    this._queue(0, () => undefined);
  }
}

class FakeFont extends FormatPart {
  protected _scalars() {
    return { bold: true, italic: true, size: true, color: true, name: true } as Loadable;
  }
  protected _getter(prop: string) {
    return (f: Fmt): unknown =>
      ({ bold: f.bold ?? false, italic: f.italic ?? false, size: f.size ?? 11, color: f.fontColor ?? '#000000', name: f.fontName ?? 'Calibri' })[prop];
  }
  get bold(): boolean {
    return this._get('bold');
  }
  set bold(v: boolean) {
    this._fmt('bold', v, (f) => (f.bold = v));
  }
  get italic(): boolean {
    return this._get('italic');
  }
  set italic(v: boolean) {
    this._fmt('italic', v, (f) => (f.italic = v));
  }
  get size(): number {
    return this._get('size');
  }
  set size(v: number) {
    this._fmt('size', v, (f) => (f.size = v));
  }
  get color(): string {
    return this._get('color');
  }
  set color(v: string) {
    this._fmt('color', v, (f) => (f.fontColor = v));
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._fmt('name', v, (f) => (f.fontName = v));
  }
}

class FakeFill extends FormatPart {
  protected _scalars() {
    return { color: true } as Loadable;
  }
  protected _getter() {
    return (f: Fmt): unknown => f.fill ?? '#FFFFFF';
  }
  get color(): string {
    return this._get('color');
  }
  set color(v: string) {
    this._fmt('color', v, (f) => (f.fill = v));
  }
  clear() {
    this._queue(0, () => this._book.format(this.rangeProxy._targetPublic(), (f) => delete f.fill));
  }
}

const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideHorizontal', 'InsideVertical'];

class FakeBorders extends FormatPart {
  protected _scalars() {
    return {} as Loadable;
  }
  protected _getter() {
    return () => null;
  }
  getItem(index: string): FakeBorder {
    if (!EDGES.includes(index)) throw new FakeOfficeError('InvalidArgument', `fake: border "${index}" is not modelled`);
    return new FakeBorder(this._ctx, this.rangeProxy, index);
  }
}

class FakeBorder extends FormatPart {
  constructor(
    ctx: Ctx,
    rangeProxy: FakeRange,
    private readonly index: string,
  ) {
    super(ctx, rangeProxy);
  }
  protected _scalars() {
    return { style: true, color: true, weight: true } as Loadable;
  }
  protected _getter(prop: string) {
    return (f: Fmt): unknown => {
      const side = { EdgeTop: 'top', EdgeBottom: 'bottom', EdgeLeft: 'left', EdgeRight: 'right' }[this.index] as 'top' | undefined;
      const b = side ? f.borders?.[side] : undefined;
      return b ? b[prop as keyof Border] : prop === 'style' ? 'None' : null;
    };
  }
  private edit(prop: keyof Border, v: string) {
    this._set(prop, v, () => {
      const t = this.rangeProxy._targetPublic();
      const r = t.rect;
      this._book.format(t, (f, row, col) => {
        const sides: ('top' | 'bottom' | 'left' | 'right')[] = [];
        if (this.index === 'EdgeTop' && row === r.top) sides.push('top');
        if (this.index === 'EdgeBottom' && row === r.bottom) sides.push('bottom');
        if (this.index === 'EdgeLeft' && col === r.left) sides.push('left');
        if (this.index === 'EdgeRight' && col === r.right) sides.push('right');
        if (this.index === 'InsideHorizontal') {
          if (row > r.top) sides.push('top');
          if (row < r.bottom) sides.push('bottom');
        }
        if (this.index === 'InsideVertical') {
          if (col > r.left) sides.push('left');
          if (col < r.right) sides.push('right');
        }
        if (!sides.length) return;
        f.borders = { ...(f.borders ?? {}) };
        for (const s of sides) f.borders[s] = { ...{ style: 'Continuous', color: '#000000', weight: 'Thin' }, ...f.borders[s], [prop]: v };
      });
    });
  }
  get style(): string {
    return this._get('style');
  }
  set style(v: string) {
    this.edit('style', v);
  }
  get color(): string {
    return this._get('color');
  }
  set color(v: string) {
    this.edit('color', v);
  }
  get weight(): string {
    return this._get('weight');
  }
  set weight(v: string) {
    this.edit('weight', v);
  }
}

/* --- data validation */

class FakeDataValidation extends Base {
  constructor(
    ctx: Ctx,
    private readonly rangeProxy: FakeRange,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.rangeProxy._resolve();
  }
  protected _scalars() {
    return { rule: true, errorAlert: true, prompt: true, ignoreBlanks: true, type: true } as Loadable;
  }
  protected _read(t0: unknown, prop: string) {
    this._book.need('1.8', 'DataValidation');
    const t = t0 as Target;
    const v = t.sheet.validations.find((x) => within(t.rect, x.rect));
    if (prop === 'type') return v?.rule ? Object.keys(v.rule as object)[0].replace(/^./, (c) => c.toUpperCase()) : 'None';
    return clone((v as unknown as Record<string, unknown> | undefined)?.[prop] ?? null);
  }
  /** The validation object for exactly this range, made on first write. */
  private entry(): Validation {
    const t = this.rangeProxy._targetPublic();
    this._book.writable(t.sheet);
    let v = t.sheet.validations.find((x) => x.rect.top === t.rect.top && x.rect.left === t.rect.left && x.rect.bottom === t.rect.bottom && x.rect.right === t.rect.right);
    if (!v) {
      if (t.sheet.validations.some((x) => intersects(x.rect, t.rect))) {
        fail('InvalidOperation', 'The range overlaps a range that already has data validation; clear it first.', 'DataValidation.rule');
      }
      v = { rect: t.rect };
      t.sheet.validations.push(v);
    }
    return v;
  }
  get rule(): unknown {
    return this._get('rule');
  }
  set rule(r: unknown) {
    this._set('rule', r, () => {
      this._book.need('1.8', 'DataValidation.rule');
      const kinds = Object.keys(r as object);
      if (kinds.length !== 1) fail('InvalidArgument', 'A data validation rule has exactly one kind.');
      const body = (r as Record<string, Record<string, unknown>>)[kinds[0]];
      if (kinds[0] === 'custom' && !String(body.formula ?? '').startsWith('=')) fail('InvalidArgument', 'A custom rule formula starts with "=".');
      if (kinds[0] === 'list' && typeof body.source === 'string' && body.source.length > 255) fail('InvalidArgument', 'A list source is at most 255 characters.');
      if (['decimal', 'wholeNumber', 'textLength'].includes(kinds[0]) && !body.operator) fail('InvalidArgument', 'A rule needs an operator.');
      this.entry().rule = clone(r);
    });
  }
  get errorAlert(): unknown {
    return this._get('errorAlert');
  }
  set errorAlert(a: unknown) {
    this._set('errorAlert', a, () => {
      this._book.need('1.8', 'DataValidation.errorAlert');
      const x = a as { style?: string; title?: string; message?: string };
      if (x.style && !['Stop', 'Warning', 'Information'].includes(x.style)) fail('InvalidArgument', `errorAlert.style: ${x.style}`);
      if ((x.title ?? '').length > 32 || (x.message ?? '').length > 225) fail('InvalidArgument', 'errorAlert: title ≤ 32, message ≤ 225 characters');
      this.entry().errorAlert = clone(a);
    });
  }
  get prompt(): unknown {
    return this._get('prompt');
  }
  set prompt(p: unknown) {
    this._set('prompt', p, () => {
      this._book.need('1.8', 'DataValidation.prompt');
      const x = p as { title?: string; message?: string };
      if ((x.title ?? '').length > 32 || (x.message ?? '').length > 255) fail('InvalidArgument', 'prompt: title ≤ 32, message ≤ 255 characters');
      this.entry().prompt = clone(p);
    });
  }
  get ignoreBlanks(): boolean {
    return this._get('ignoreBlanks');
  }
  set ignoreBlanks(b: boolean) {
    this._set('ignoreBlanks', b, () => {
      this._book.need('1.8', 'DataValidation.ignoreBlanks');
      this.entry().ignoreBlanks = b;
    });
  }
  clear() {
    this._queue(0, () => {
      this._book.need('1.8', 'DataValidation.clear');
      const t = this.rangeProxy._targetPublic();
      t.sheet.validations = t.sheet.validations.filter((x) => !intersects(x.rect, t.rect));
    });
  }
}

/* --- conditional formats */

class FakeConditionalFormatCollection extends Base {
  constructor(
    ctx: Ctx,
    private readonly rangeProxy: FakeRange,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.rangeProxy._resolve();
  }
  protected _scalars() {
    return { count: true } as Loadable;
  }
  protected _read(t0: unknown) {
    const t = t0 as Target;
    return t.sheet.conditionalFormats.filter((c) => intersects(c.rect, t.rect)).length;
  }
  get count(): number {
    return this._get('count');
  }
  add(type: string): FakeConditionalFormat {
    const holder: { state?: CondFormat } = {};
    const cf = new FakeConditionalFormat(this._ctx, holder);
    this._queue(sizeOf(type), () => {
      this._book.need('1.6', 'ConditionalFormatCollection.add');
      if (type !== 'Custom') fail('NotImplemented', `fake: conditional format type "${type}" is not modelled; only "Custom"`);
      const t = this.rangeProxy._targetPublic();
      this._book.writable(t.sheet);
      holder.state = { rect: t.rect, type };
      t.sheet.conditionalFormats.push(holder.state);
    });
    return cf;
  }
  clearAll() {
    this._queue(0, () => {
      const t = this.rangeProxy._targetPublic();
      t.sheet.conditionalFormats = t.sheet.conditionalFormats.filter((c) => !intersects(c.rect, t.rect));
    });
  }
}

/** The shape of the conditional-format object tree: leaf properties map onto CondFormat fields. */
interface CfSpec {
  props?: Record<string, keyof CondFormat>;
  children?: Record<string, CfSpec>;
}
const CUSTOM_SPEC: CfSpec = {
  children: {
    rule: { props: { formula: 'formula' } },
    format: { children: { fill: { props: { color: 'fill' } }, font: { props: { color: 'fontColor', bold: 'bold' } } } },
  },
};

/** One node of the conditional-format object tree; every setter edits the CondFormat made by add(). */
class CfNode extends Base {
  constructor(
    ctx: Ctx,
    protected readonly holder: { state?: CondFormat },
    private readonly spec: CfSpec,
  ) {
    super(ctx);
    for (const [p, field] of Object.entries(spec.props ?? {})) {
      Object.defineProperty(this, p, {
        get: () => this._get(p),
        set: (v: unknown) =>
          this._set(p, v, () => {
            const st = this.holder.state ?? fail('ItemNotFound', MESSAGES.notFound);
            if (field === 'formula' && !String(v).startsWith('=')) fail('InvalidArgument', 'A conditional format formula starts with "=".');
            (st as unknown as Record<string, unknown>)[field] = v;
          }),
        enumerable: true,
      });
    }
    for (const [name, child] of Object.entries(spec.children ?? {})) {
      Object.defineProperty(this, name, { get: () => this._nav(name, () => new CfNode(ctx, holder, child)), enumerable: true });
    }
  }
  protected _compute() {
    return this.holder.state ?? null;
  }
  protected _scalars() {
    return Object.fromEntries(Object.keys(this.spec.props ?? {}).map((p) => [p, true])) as Loadable;
  }
  protected _read(t: unknown, prop: string) {
    return (t as Record<string, unknown>)[this.spec.props![prop]];
  }
  protected override _navs() {
    const out: Record<string, () => Base> = {};
    for (const name of Object.keys(this.spec.children ?? {})) out[name] = () => (this as unknown as Record<string, Base>)[name];
    return out;
  }
}

class FakeConditionalFormat extends CfNode {
  constructor(ctx: Ctx, holder: { state?: CondFormat }) {
    super(ctx, holder, { props: { type: 'type' }, children: { custom: CUSTOM_SPEC } });
  }
  delete() {
    this._queue(0, () => {
      const st = this.holder.state;
      if (!st) return;
      for (const sheet of this._book.sheets) sheet.conditionalFormats = sheet.conditionalFormats.filter((c) => c !== st);
    });
  }
}
interface FakeConditionalFormat {
  readonly type: string;
  readonly custom: {
    readonly rule: { formula: string };
    readonly format: { readonly fill: { color: string }; readonly font: { color: string; bold: boolean } };
  };
}

/* --- names */

const NAME_SCALARS: Loadable = { name: true, type: true, value: true, formula: true, comment: true, visible: true };
const NAME_RE = /^[A-Za-z_\\\u0080-\uffff][A-Za-z0-9_.\\\u0080-\uffff]*$/;

class FakeNamedItemCollection extends Collection<FakeNamedItem> {
  protected _members() {
    return this._book.names.filter((n) => !n.deleted && !n.sheet.deleted);
  }
  protected _itemFor(state: unknown) {
    return new FakeNamedItem(this._ctx, () => state as NameState);
  }
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    let made: NameState | undefined;
    const item = new FakeNamedItem(this._ctx, () => made ?? fail('ItemNotFound', MESSAGES.notFound));
    this._queue(sizeOf([name, typeof reference === 'string' ? reference : '', comment ?? '']), () => {
      this._book.need('1.4', 'NamedItemCollection.add');
      if (!NAME_RE.test(name) || name.length > 255 || parseRef(name) || /^(r|c|rc)$/i.test(name)) fail('InvalidArgument', `"${name}" is not a valid name.`);
      if (this._book.findName(name)) fail('ItemAlreadyExists', 'A resource with the same name or identifier already exists.');
      let target: Target;
      if (typeof reference === 'string') {
        const { sheet, body } = splitSheet(reference.replace(/^=/, ''));
        if (!sheet) fail('InvalidArgument', 'fake: a string reference needs a sheet ("=Sheet!$A$1")');
        target = { sheet: this._book.sheetOrThrow(sheet!), rect: parseRef(body) ?? fail('InvalidArgument', `fake: cannot read "${reference}"`) };
      } else target = reference._targetPublic();
      made = { name, sheet: target.sheet, rect: target.rect, comment: comment ?? '', visible: true, deleted: false };
      this._book.names.push(made);
    });
    return item;
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(this._ctx, () => this._book.findName(name) ?? fail('ItemNotFound', MESSAGES.notFound, 'NamedItemCollection.getItem'));
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(this._ctx, () => {
      this._book.need('1.4', 'NamedItemCollection.getItemOrNullObject');
      return this._book.findName(name) ?? null;
    });
  }
}

class FakeNamedItem extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => NameState | null,
  ) {
    super(ctx);
  }
  protected _compute() {
    const n = this.find();
    return n && (n.deleted || n.sheet.deleted) ? null : n;
  }
  protected _scalars() {
    return NAME_SCALARS;
  }
  protected _read(t: unknown, prop: string) {
    const n = t as NameState;
    const ref = `${quoteSheet(n.sheet.name)}!${rectText(n.rect, true)}`;
    switch (prop) {
      case 'type':
        return 'Range';
      case 'value':
        return ref;
      case 'formula':
        return `=${ref}`;
      default:
        return (n as unknown as Record<string, unknown>)[prop];
    }
  }
  get name(): string {
    return this._get('name');
  }
  get type(): string {
    return this._get('type');
  }
  get value(): string {
    return this._get('value');
  }
  get formula(): string {
    return this._get('formula');
  }
  get comment(): string {
    return this._get('comment');
  }
  set comment(v: string) {
    this._set('comment', v, () => (this._target<NameState>().comment = v));
  }
  get visible(): boolean {
    return this._get('visible');
  }
  getRange(): FakeRange {
    return new FakeRange(this._ctx, () => {
      const n = this._target<NameState>();
      return { sheet: n.sheet, rect: n.rect };
    });
  }
  getRangeOrNullObject(): FakeRange {
    return new FakeRange(this._ctx, () => {
      const n = this._resolve() as NameState | null;
      return n ? { sheet: n.sheet, rect: n.rect } : null;
    });
  }
  delete() {
    this._queue(0, () => {
      this._target<NameState>().deleted = true;
    });
  }
}

/* --- settings */

interface SettingState {
  key: string;
}

class FakeSettingCollection extends Collection<FakeSetting> {
  protected _members() {
    return [...this._book.settings.keys()].map((key) => ({ key }));
  }
  protected _itemFor(state: unknown) {
    return new FakeSetting(this._ctx, () => state as SettingState);
  }
  add(key: string, value: unknown): FakeSetting {
    this._queue(sizeOf([key, value]), () => {
      this._book.need('1.4', 'SettingCollection.add');
      this._book.settings.set(key, clone(value));
    });
    return this.getItemOrNullObject(key);
  }
  getItem(key: string): FakeSetting {
    return new FakeSetting(this._ctx, () => (this._book.settings.has(key) ? { key } : fail('ItemNotFound', MESSAGES.notFound, 'SettingCollection.getItem')));
  }
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this._ctx, () => {
      this._book.need('1.4', 'SettingCollection.getItemOrNullObject');
      return this._book.settings.has(key) ? { key } : null;
    });
  }
}

class FakeSetting extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => SettingState | null,
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.find();
  }
  protected _scalars() {
    return { key: true, value: true } as Loadable;
  }
  protected _read(t: unknown, prop: string) {
    const s = t as SettingState;
    return prop === 'key' ? s.key : clone(this._book.settings.get(s.key));
  }
  get key(): string {
    return this._get('key');
  }
  get value(): unknown {
    return this._get('value');
  }
  set value(v: unknown) {
    this._set('value', v, () => this._book.settings.set(this._target<SettingState>().key, clone(v)));
  }
  delete() {
    this._queue(0, () => {
      this._book.settings.delete(this._target<SettingState>().key);
    });
  }
}

/* ------------------------------------------------------------------ the test-facing object */

export interface CellView {
  address: string;
  /** as Office.js returns it: '' for an empty cell */
  value: Scalar;
  type: ValueType;
  /** with its "=", when the cell holds a formula */
  formula?: string;
  numberFormat: string;
  text: string;
  quotePrefix: boolean;
  format: CellFormat;
}

export interface SheetView {
  id: string;
  name: string;
  position: number;
  /** points, by column letter; undefined = default */
  columnWidth(col: string): number | undefined;
  columnHidden(col: string): boolean;
  rowHeight(row: number): number | undefined;
  merges: string[];
  validations: { range: string; rule?: unknown; errorAlert?: unknown; prompt?: unknown; ignoreBlanks?: boolean }[];
  conditionalFormats: { range: string; type: string; formula?: string; fill?: string; fontColor?: string }[];
  freezeRows: number;
  tabColor: string;
  pageLayout: PageLayoutState;
  protected: boolean;
  usedRange: string | undefined;
}

export interface FakeExcelOptions {
  /** worksheets the workbook starts with; default ['Sheet1'] */
  sheets?: string[];
  /** highest ExcelApi version reported and enforced; default '1.17' */
  api?: string;
  displayLanguage?: string;
}

export interface ChangeEvent {
  address: string;
  changeType: string;
  worksheetId: string;
  source: 'Local' | 'Remote';
  type: 'WorksheetChanged';
  triggerSource: string;
  details?: { valueBefore: unknown; valueAfter: unknown; valueTypeBefore: string; valueTypeAfter: string };
}

export function createFakeExcel(options: FakeExcelOptions = {}) {
  const book = new Book(options.sheets ?? ['Sheet1'], options.api ?? '1.17', options.displayLanguage ?? 'zh-TW');
  const actions = new Map<string, unknown>();

  const run = (async (a: unknown, b?: unknown) => {
    const batch = (typeof a === 'function' ? a : b) as (ctx: Ctx) => Promise<unknown>;
    if (typeof batch !== 'function') throw new TypeError('Excel.run: a batch function is required');
    let ctx: Ctx | undefined;
    if (a instanceof Ctx) ctx = a;
    else if (a instanceof Base) ctx = a._ctx;
    else if (Array.isArray(a) && a[0] instanceof Base) ctx = (a[0] as Base)._ctx;
    ctx ??= new Ctx(book);
    const result = await batch(ctx);
    // Excel.run sends whatever is still queued when the batch returns.
    if (ctx.queue.length) await ctx.sync();
    return result;
  }) as unknown as typeof Excel.run;

  const isSetSupported = (set: string, version = '1.1') => book.supports(set, version);

  const target = (sheet: string, address: string): Target => {
    const s = book.sheetOrThrow(sheet);
    const rect = parseRef(splitSheet(address).body) ?? fail('InvalidArgument', `fake: cannot read "${address}"`);
    return { sheet: s, rect };
  };

  const view = (c: Cell | undefined, address: string): CellView => ({
    address,
    value: valueOf(c),
    type: typeOf(c),
    ...(c?.f && { formula: c.f }),
    numberFormat: formatOf(c),
    text: textOf(c),
    quotePrefix: !!c?.q,
    format: clone(c?.fmt ?? {}),
  });

  async function fireChange(sheet: string, address: string, changeType = 'RangeEdited', details?: ChangeEvent['details']): Promise<void> {
    const s = book.sheetOrThrow(sheet);
    const event: ChangeEvent = {
      address: parseRef(address) ? rectText(parseRef(address)!) : address,
      changeType,
      worksheetId: s.id,
      source: 'Local',
      type: 'WorksheetChanged',
      triggerSource: 'Unknown',
      ...(details && { details }),
    };
    await Promise.all([...s.handlers].map(async (h) => h(event)));
  }

  const Office = {
    HostType: { Excel: 'Excel' },
    PlatformType: { OfficeOnline: 'OfficeOnline', PC: 'PC', Mac: 'Mac' },
    onReady(cb?: (info: { host: string; platform: string }) => void) {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      cb?.(info);
      return Promise.resolve(info);
    },
    context: {
      requirements: { isSetSupported },
      get displayLanguage() {
        return book.displayLanguage;
      },
      set displayLanguage(v: string) {
        book.displayLanguage = v;
      },
    },
    actions: {
      associate(name: string, fn: unknown) {
        actions.set(name, fn);
      },
    },
  };

  const fake = {
    run,
    enums: ExcelEnums,
    Excel: { run, ...ExcelEnums },
    Office,
    OfficeExtension: { Error: FakeOfficeError, ErrorCodes: ExcelEnums.ErrorCodes },
    isSetSupported,
    /** highest ExcelApi version reported and enforced, e.g. '1.7' for Office 2019 */
    setApiVersion(v: string) {
      book.apiVersion = v.split('.').map(Number);
    },
    get displayLanguage() {
      return book.displayLanguage;
    },
    set displayLanguage(v: string) {
      book.displayLanguage = v;
    },
    /** functions registered with Office.actions.associate */
    actions,
    get syncs() {
      return book.syncs;
    },
    get payloadBytes() {
      return book.payloadBytes;
    },
    get syncLog(): readonly SyncRecord[] {
      return book.syncLog;
    },
    /** every values / formulas / numberFormat assignment applied, in order */
    get writes(): readonly WriteRecord[] {
      return book.writes;
    },
    resetCounters() {
      book.syncs = 0;
      book.payloadBytes = 0;
      book.syncLog = [];
      book.writes = [];
    },
    sheetNames(): string[] {
      return book.liveSheets().map((s) => s.name);
    },
    sheet(name: string): SheetView {
      const s = book.sheetOrThrow(name);
      const used = book.usedRect(s, false);
      return {
        id: s.id,
        name: s.name,
        position: book.liveSheets().indexOf(s),
        columnWidth: (col) => s.colWidths.get(colNumber(col)),
        columnHidden: (col) => s.hiddenCols.has(colNumber(col)),
        rowHeight: (row) => s.rowHeights.get(row),
        merges: s.merges.map((m) => rectText(m)),
        validations: s.validations.map((v) => ({ ...clone({ rule: v.rule, errorAlert: v.errorAlert, prompt: v.prompt, ignoreBlanks: v.ignoreBlanks }), range: rectText(v.rect) })),
        conditionalFormats: s.conditionalFormats.map((c) => ({ range: rectText(c.rect), type: c.type, formula: c.formula, fill: c.fill, fontColor: c.fontColor })),
        freezeRows: s.freezeRows,
        tabColor: s.tabColor,
        pageLayout: clone(s.pageLayout),
        protected: s.protected,
        usedRange: used ? rectText(used) : undefined,
      };
    },
    cell(sheet: string, address: string): CellView {
      const t = target(sheet, address);
      return view(t.sheet.cells.get(key(t.rect.top, t.rect.left)), rangeAddr(t.rect.top, t.rect.left, t.rect.top, t.rect.left));
    },
    values(sheet: string, address: string): Scalar[][] {
      return book.readGrid(target(sheet, address), valueOf);
    },
    formulas(sheet: string, address: string): Scalar[][] {
      return book.readGrid(target(sheet, address), formulaOf);
    },
    names(): { name: string; sheet: string; range: string; comment: string }[] {
      return book.names.filter((n) => !n.deleted && !n.sheet.deleted).map((n) => ({ name: n.name, sheet: n.sheet.name, range: rectText(n.rect), comment: n.comment }));
    },
    settings(): Record<string, unknown> {
      return Object.fromEntries([...book.settings].map(([k, v]) => [k, clone(v)]));
    },
    active(): { sheet: string; address: string } | undefined {
      return book.active ? { sheet: book.active.sheet.name, address: rectText(book.active.rect) } : undefined;
    },
    handlerCount(sheet?: string): number {
      return book.liveSheets().filter((s) => sheet === undefined || s.name === sheet).reduce((n, s) => n + s.handlers.size, 0);
    },
    addSheet(name: string) {
      book.addSheet(name);
    },
    deleteSheet(name: string) {
      const s = book.sheetOrThrow(name);
      s.deleted = true;
    },
    renameSheet(from: string, to: string) {
      book.validSheetName(to);
      book.sheetOrThrow(from).name = to;
    },
    deleteName(name: string) {
      const n = book.findName(name);
      if (n) n.deleted = true;
    },
    /** Set up a cell directly (no event, no sync): a formula can be given the value Excel would compute. */
    setCell(sheet: string, address: string, c: { value?: Scalar | null; formula?: string; numberFormat?: string }) {
      const t = target(sheet, address);
      const k = key(t.rect.top, t.rect.left);
      const old = t.sheet.cells.get(k);
      const entered = c.value === undefined || c.value === null ? ({ v: null, t: 'Empty' } as Cell) : (enter(c.value, '@') as Cell);
      const typed: Cell =
        typeof c.value === 'string' && ERRORS.includes(c.value.toUpperCase()) ? { v: c.value.toUpperCase(), t: 'Error' } : entered;
      t.sheet.cells.set(k, {
        ...typed,
        ...(c.formula && { f: c.formula.startsWith('=') ? c.formula : `=${c.formula}` }),
        nf: c.numberFormat ?? old?.nf,
        ...(old?.fmt && { fmt: old.fmt }),
      });
    },
    /**
     * Type (one value) or paste (a 2-D array) like a user: Excel's parsing applies (numbers, dates,
     * "'" for text, "=" for formulas); data validation is not applied (paste bypasses it anyway).
     * Fires the change event; `details` only for a single cell, as Excel does.
     */
    async edit(sheet: string, address: string, input: unknown | unknown[][]): Promise<void> {
      const t = target(sheet, address);
      const rows = t.rect.bottom - t.rect.top + 1;
      const cols = t.rect.right - t.rect.left + 1;
      const grid = Array.isArray(input) ? (input as unknown[][]) : Array.from({ length: rows }, () => Array.from({ length: cols }, () => input));
      const before = t.sheet.cells.get(key(t.rect.top, t.rect.left));
      const wasProtected = t.sheet.protected;
      if (wasProtected) fail('AccessDenied', MESSAGES.protected);
      book.write(t, grid, 'values');
      const after = t.sheet.cells.get(key(t.rect.top, t.rect.left));
      const single = rows === 1 && cols === 1;
      await fireChange(
        sheet,
        rectText(t.rect),
        'RangeEdited',
        single ? { valueBefore: valueOf(before), valueAfter: valueOf(after), valueTypeBefore: typeOf(before), valueTypeAfter: typeOf(after) } : undefined,
      );
    },
    /** Insert whole rows like a user (Home > Insert > Sheet Rows), then fire RowInserted. */
    async insertRows(sheet: string, at: number, count = 1): Promise<void> {
      const s = book.sheetOrThrow(sheet);
      book.insertDown({ sheet: s, rect: { top: at, bottom: at + count - 1, left: 1, right: MAX_COLS } });
      await fireChange(sheet, `${at}:${at + count - 1}`, 'RowInserted');
    },
    fireChange,
    protect(sheet: string) {
      book.sheetOrThrow(sheet).protected = true;
    },
    unprotect(sheet: string) {
      book.sheetOrThrow(sheet).protected = false;
    },
    /** The next sync fails with this error before doing anything (e.g. 'InvalidOperationInCellEditMode'). */
    failNextSync(code: string, message = 'fake failure') {
      book.failNext = new FakeOfficeError(code, message);
    },
  };
  return fake;
}

export type FakeExcel = ReturnType<typeof createFakeExcel>;

/** Put the fake's `Excel`, `Office` and `OfficeExtension` on `target` (globalThis or a page's window). */
export function installFakeExcelGlobals(target: object = globalThis, fake: FakeExcel = createFakeExcel()): FakeExcel {
  const t = target as Record<string, unknown>;
  t.Excel = fake.Excel;
  t.Office = fake.Office;
  t.OfficeExtension = fake.OfficeExtension;
  return fake;
}
