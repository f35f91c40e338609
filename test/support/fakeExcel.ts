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
 *  - Null objects (from *OrNullObject methods) are strict. Like office.js, every method or navigation
 *    property that returns a proxy is a request of its own (office.js queues an "instantiate" action for
 *    it; a navigation property once per proxy). So calling a method on a null object (getRange(),
 *    getRangeOrNullObject(), delete(), …), using a navigation property of it (.worksheet, .format, also
 *    through load('worksheet/name')), or setting a property fails the sync at that point with
 *    NULL_OBJECT_CODE ('InvalidArgument', the fake's choice: see there). Only load() of the object's own
 *    properties (which then read undefined) and isNullObject after a sync are fine: sync, check, then use
 *    the object in the next batch. getItem() of something missing fails with ItemNotFound even when only
 *    loaded. Reading a property of a null object that was not loaded still throws PropertyNotLoaded
 *    (office.js would give undefined: stricter).
 *  - fake.setCellEditMode(true): the user is editing a cell. Every sync that carries a request then fails
 *    with InvalidOperationInCellEditMode and applies nothing, until setCellEditMode(false).
 *  - Requests and responses are measured (UTF-8 bytes of the JSON of every value written or read) and a
 *    sync over 5 MB either way fails with RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded,
 *    as Excel on the web does.
 *  - Requirement sets are enforced (versions from office-js's type declarations): data validation 1.8,
 *    pageLayout 1.9, conditional formats and suspendApiCalculationUntilNextSync 1.6; freeze panes, tab
 *    colour, onChanged, hyperlink, isEntireRow/Column, getRangeByIndexes, getActiveCell 1.7; names.add,
 *    every *OrNullObject method, NamedItem.comment / delete and settings 1.4; NamedItem.formula 1.7;
 *    merge / unmerge, column widths, row heights, autofit, row / column hidden, protection,
 *    getResizedRange and getUsedRange(valuesOnly) 1.2; getMergedAreasOrNullObject 1.13. Using one the
 *    fake reports as unsupported fails the sync with ApiNotFound (office.js throws some of these at the
 *    call already).
 *  - Writing follows Excel's rules: null in a 2-D array leaves the cell as it is, '' clears it, "=…" is a
 *    formula, a leading apostrophe keeps text as text, numbers / dates / TRUE / #N/A typed as text become
 *    numbers, dates, logicals and errors (unless the cell's number format is "@"). Array sizes must match.
 *    A cell holds at most 32,767 characters, a formula at most 8,192; a formula with an unclosed quote or
 *    unbalanced brackets is refused (InvalidArgument).
 *  - Reading: values, valueTypes, formulas, numberFormat, text (as shown: numbers are String() unless the
 *    number format is a simple date such as yyyy/m/d), hyperlink ({ address | documentReference,
 *    screenTip, textToDisplay } of the top-left cell, or null), getMergedAreasOrNullObject() (the merged
 *    areas that touch the range, a null object when none). Range.getUsedRange of an empty range is
 *    ItemNotFound (Worksheet.getUsedRange of a blank sheet is A1).
 *  - merge() keeps the top-left cell's value AND its format (fill, font, borders, alignment, number
 *    format) for every cell of the merged area; whatever the other cells had is lost. So formatting a
 *    range and merging it afterwards loses the formats of its other cells, as in Excel (Excel on the web
 *    even loses the fill of a range formatted before it is merged): merge first, then format.
 *  - insert('Down') moves the cells below (values, formats, merges, validation, conditional formats, row
 *    heights), grows or moves defined names the way Excel does, and adjusts A1 references in formulas.
 *    Shifting a non-blank cell off the bottom of the sheet fails (InsertDeleteConflict).
 *  - Defined names: Excel's naming rules (no A1 or R1C1 look-alikes, at most 255 characters, comment at
 *    most 255). A name whose sheet was deleted stays, referring to #REF! (type Error): getRange() is
 *    ItemNotFound, getRangeOrNullObject() a null object, and adding the same name again ItemAlreadyExists.
 *    names.add takes a Range or a formula string, also of several areas of one sheet
 *    ("=S!$D$5:$D$7,S!$D$10:$D$12"): such a name is type Range, its value lists the areas, and getRange() /
 *    getRangeOrNullObject() fail with InvalidOperation (no one Range). Worksheet.names (ExcelApi 1.4) holds
 *    the names scoped to that sheet (they may refer to another sheet): workbook.names never lists them,
 *    getItem / add / delete on either collection reach only its own scope (a workbook name and a sheet name
 *    may share a name), and a sheet's names go with the sheet.
 *  - Data validation: a rule over cells of another rule is InvalidOperation; dataValidation.clear() takes
 *    only its own cells out of the rules it touches (the rest keep them).
 *  - Conditional formats: add() takes the ConditionalFormatType values exactly ("DataBar", not "dataBar");
 *    Custom, DataBar and ColorScale are modelled, the others are NotImplemented. Using the custom / dataBar /
 *    colorScale part of a format of another type fails (InvalidArgument, the fake's choice). Enum values,
 *    colours and thresholds are checked at sync: colour-scale criteria need minimum and maximum (midpoint
 *    makes three colours), a Number / Percent / Formula / Percentile point needs its formula (a percent or
 *    percentile within 0…100), a data bar's lower bound cannot be HighestValue nor its upper LowestValue.
 *    Read-only properties (type, threeColorScale) have no setter. fake.sheet(name).conditionalFormats
 *    shows each with its dataBar or colorScale settings.
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
 *   fake.cell(sheet, 'E5')            { value, type, formula?, numberFormat, text, quotePrefix, format, hyperlink? }
 *   fake.values(sheet, 'A1:C3')       values as Office.js returns them
 *   fake.names(scope?)                [{ name, sheet, range: 'E5:E16' | 'D5:D7,D10:D12', comment }] (sheet and range '#REF!'
 *                                     when the sheet is gone); the workbook's names, or with `scope` that sheet's own
 *   fake.settings()                   { key: value }
 *   fake.sheetNames(), fake.sheet(name)   sheet state: widths, heights, merges, validations, conditionalFormats, …
 *   fake.active()                     { sheet, address } of the selection
 *   fake.fireChange(sheet, address, changeType = 'RangeEdited')   → Promise, resolves when handlers return
 *   fake.edit(sheet, address, value | value[][])   type (or paste) like a user, then fire the change event
 *   fake.insertRows(sheet, at, count)  insert whole rows like a user, then fire RowInserted
 *   fake.setCell(sheet, address, { value?, formula?, numberFormat? })   set up state, no event, no sync
 *   fake.setCellEditMode(on), fake.cellEditMode   the user is (not) editing a cell
 *   fake.addSheet, deleteSheet, deleteName(name, scope?), protect, unprotect, failNextSync(code, message?), handlerCount(sheet?)
 *   installFakeExcelGlobals(target = globalThis, fake = createFakeExcel())   sets Excel, Office and
 *                                     OfficeExtension on target; returns the fake
 *   NULL_OBJECT_CODE                  the code a sync fails with when a null object is used
 */

import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  colLetters,
  colNumber,
  parseArea,
  quoteSheet,
  rangeAddr,
  rectMinus,
  rectsIntersect,
  splitAreaList,
} from '../../src/domain/a1';

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
  NamedItemType: {
    string: 'String',
    integer: 'Integer',
    double: 'Double',
    boolean: 'Boolean',
    range: 'Range',
    error: 'Error',
    array: 'Array',
  },
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

/**
 * The code a sync fails with when a method is called, a navigation property used or a property set on a
 * null object (from a *OrNullObject method). Excel reports this from the host, not from office.js, so the
 * code could not be checked against office.js's source; InvalidArgument is the fake's choice (code that
 * wants to know whether something exists must read isNullObject, never rely on an error code).
 */
export const NULL_OBJECT_CODE = 'InvalidArgument';

const MESSAGES = {
  notLoaded: (p: string) =>
    `The property '${p}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  notFound: "The requested resource doesn't exist.",
  protected: "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet.",
  api: 'The API you are trying to use could not be found. It may be available in a newer version of Excel.',
  dims: "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
  nullObject:
    'The object is a null object: what it stands for does not exist. Read isNullObject after a sync, and call its methods or set its properties only when it is false.',
  // office.js's own text for this code (ResourceStrings.invalidOperationInCellEditMode)
  cellEditMode:
    'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.',
  argument: 'The argument is invalid or missing or has an incorrect format.',
  severalAreas: 'This operation is not permitted for the current object.',
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
/** Where a cell's hyperlink goes (its text is the cell's value). */
export interface HyperlinkTarget {
  address?: string;
  documentReference?: string;
  screenTip?: string;
}
interface Cell {
  v: Scalar | null;
  t: ValueType;
  /** with its "=" */
  f?: string;
  nf?: string;
  q?: boolean;
  fmt?: CellFormat;
  h?: HyperlinkTarget;
}
interface Validation {
  rect: Rect;
  rule?: unknown;
  errorAlert?: unknown;
  prompt?: unknown;
  ignoreBlanks?: boolean;
}
/** A data bar's bound, as DataBarConditionalFormat.lowerBoundRule / upperBoundRule take it. */
interface BoundRule {
  type: string;
  formula?: string;
}
/** One point of a colour scale; formula is null for LowestValue / HighestValue. */
interface ColorCriterion {
  type: string;
  formula: string | null;
  color?: string;
}
interface ColorCriteria {
  minimum: ColorCriterion;
  midpoint?: ColorCriterion;
  maximum: ColorCriterion;
}
interface CondFormat {
  rect: Rect;
  type: string;
  /** Custom */
  formula?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  /** DataBar (fillColor, borderColor, gradientFill: its positiveFormat) */
  barDirection?: string;
  axisFormat?: string;
  axisColor?: string;
  showDataBarOnly?: boolean;
  lowerBoundRule?: BoundRule;
  upperBoundRule?: BoundRule;
  fillColor?: string;
  borderColor?: string;
  gradientFill?: boolean;
  /** ColorScale */
  criteria?: ColorCriteria;
  threeColorScale?: boolean;
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
  /** the first area */
  rect: Rect;
  /** every area, in order, when the name refers to several areas of `sheet` ("=S!$D$5:$D$7,S!$D$10:$D$12") */
  areas?: Rect[];
  /** the sheet it is scoped to (worksheet.names); absent: workbook-scoped (workbook.names) */
  scope?: SheetState;
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
  /** requests queued (not counting the proxies made by methods and navigation properties) */
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

const MAX_CELL_TEXT = 32767;
const MAX_FORMULA = 8192;

/**
 * Why Excel would refuse this formula (with its "="), or undefined. Only what is cheap to know is checked:
 * length, closed quotes ("text", 'sheet names') and balanced brackets; a formula that parses but means
 * nothing (an unknown name) is accepted, as Excel does (it evaluates to #NAME?).
 */
export function formulaProblem(f: string): string | undefined {
  if (f.length > MAX_FORMULA) return `a formula is at most ${MAX_FORMULA} characters`;
  const open: string[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (let i = 1; i < f.length; i++) {
    const ch = f[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= f.length)
          return ch === '"' ? 'a text in the formula is not closed (")' : "a sheet name in the formula is not closed (')";
        if (f[j] === ch) {
          if (f[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      i = j;
    } else if (ch === '(' || ch === '{' || ch === '[') open.push(ch);
    else if (ch in pairs && open.pop() !== pairs[ch]) return 'the brackets of the formula do not match';
  }
  return open.length ? 'the brackets of the formula do not match' : undefined;
}

function formulaCell(f: string): Cell {
  const bad = formulaProblem(f);
  if (bad) fail('InvalidArgument', `${MESSAGES.argument} (${bad})`);
  return { v: null, t: 'Empty', f };
}

/** What Excel makes of one entry written through values / formulas (or typed): 'keep' for null. */
function enter(input: unknown, nf: string | undefined): Cell | 'keep' {
  if (input === null || input === undefined) return 'keep';
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) fail('InvalidArgument', MESSAGES.argument);
    return { v: input, t: 'Double' };
  }
  if (typeof input === 'boolean') return { v: input, t: 'Boolean' };
  if (typeof input !== 'string') return fail('InvalidArgument', MESSAGES.argument);
  if (input === '') return { v: null, t: 'Empty' };
  if (input.length > MAX_CELL_TEXT + (input.startsWith("'") ? 1 : 0)) {
    fail('InvalidArgument', `${MESSAGES.argument} (a cell holds at most ${MAX_CELL_TEXT} characters)`);
  }
  if (nf === '@') return { v: input, t: 'String' };
  if (input.startsWith("'"))
    return input.length === 1 ? { v: null, t: 'Empty', q: true } : { v: input.slice(1), t: 'String', q: true };
  if (input.startsWith('=') && input.length > 1) return formulaCell(input);
  const t = input.trim();
  const num = /^[+-]?(\d[\d,]*\.?\d*|\.\d+)(e[+-]?\d+)?(%?)$/i.exec(t);
  if (num && !/,,|,\./.test(t)) {
    const n = Number(t.replace(/[,%]/g, ''));
    if (Number.isFinite(n)) {
      return num[3] ? { v: n / 100, t: 'Double', ...(isGeneral(nf) && { nf: '0%' }) } : { v: n, t: 'Double' };
    }
  }
  if ((input.startsWith('+') || input.startsWith('-')) && input.length > 1) return formulaCell(`=${input}`);
  const date = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(t);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
      return { v: serialOf(y, m, d), t: 'Double', ...(isGeneral(nf) && { nf: 'yyyy/m/d' }) };
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
/** Range.text: as displayed. Numbers are plain String() unless the number format is a simple date. */
const textOf = (c: Cell | undefined): string => {
  const v = valueOf(c);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return (c?.nf ? dateText(v, c.nf) : undefined) ?? String(v);
  return String(v);
};

const DATE_TOKEN = /yyyy|yy|mm|m|dd|d|"[^"]*"|\\.|[/\-. ]/giy;
/** A date serial shown in a simple date format (y, m, d, separators, quoted text), or undefined. */
function dateText(serial: number, nf: string): string | undefined {
  const body = nf.replace(/^\[\$-[^\]]*\]/, '');
  // month and day names (mmm, ddd) and anything else are not simple
  if (/m{3,}|d{3,}/i.test(body.replace(/"[^"]*"/g, ''))) return undefined;
  DATE_TOKEN.lastIndex = 0;
  const tokens: string[] = [];
  while (DATE_TOKEN.lastIndex < body.length) {
    const m = DATE_TOKEN.exec(body);
    if (!m) return undefined;
    tokens.push(m[0]);
  }
  if (!tokens.some((t) => /^[ymd]/i.test(t)) || serial < 1 || serial >= 2958466) return undefined;
  const day = Math.floor(serial);
  // Excel's 1900 leap-year bug: serial 60 is 29 February 1900; serials before it are a day off.
  const dt = new Date(Date.UTC(1899, 11, day < 60 ? 31 : 30) + day * 86400000);
  const [y, mo, d] = day === 60 ? [1900, 2, 29] : [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return tokens
    .map((t) => {
      switch (t.toLowerCase()) {
        case 'yyyy':
          return String(y);
        case 'yy':
          return pad(y % 100);
        case 'mm':
          return pad(mo);
        case 'm':
          return String(mo);
        case 'dd':
          return pad(d);
        case 'd':
          return String(d);
      }
      return t.startsWith('"') ? t.slice(1, -1) : t.startsWith('\\') ? t.slice(1) : t;
    })
    .join('');
}

/** Shift A1 references to `target` in a formula after `n` rows were inserted at row `at` in columns `cols`. */
const REF =
  /(?<![\w$.'\u0080-\uffff])((?:'(?:[^']|'')+'|[^\s!'"(),:;=<>&+\-*/^%{}[\]]+)!)?(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?::(\$?)([A-Za-z]{1,3})(\$?)(\d+))?(?![\w(])/g;
function shiftFormula(formula: string, host: string, target: string, at: number, n: number, cols: [number, number]): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2
        ? part
        : part.replace(
            REF,
            (
              m,
              sheetPart: string | undefined,
              d1: string,
              c1: string,
              d2: string,
              r1: string,
              d3?: string,
              c2?: string,
              d4?: string,
              r2?: string
            ) => {
              const sheet = sheetPart ? (splitSheet(sheetPart).sheet ?? host) : host;
              if (sheet.toLowerCase() !== target.toLowerCase()) return m;
              const move = (c: string, r: string) => {
                const col = colNumber(c);
                const row = Number(r);
                return col >= cols[0] && col <= cols[1] && row >= at ? row + n : row;
              };
              const first = `${d1}${c1}${d2}${move(c1, r1)}`;
              const second = c2 && r2 ? `:${d3}${c2}${d4}${move(c2, r2)}` : '';
              return `${sheetPart ?? ''}${first}${second}`;
            }
          )
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
  /** the user is editing a cell: every request fails (fake.setCellEditMode) */
  cellEditMode = false;
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

  /**
   * A defined name of a scope (the workbook's when `scope` is absent), also one whose sheet was deleted (it
   * refers to #REF! then, as in Excel). A sheet-scoped name goes with its sheet.
   */
  findName(name: string, scope?: SheetState): NameState | undefined {
    const k = name.toLowerCase();
    return this.liveNames(scope).find((n) => n.name.toLowerCase() === k);
  }

  /** The names of a scope: the workbook's (absent) or a sheet's. */
  liveNames(scope?: SheetState): NameState[] {
    return this.names.filter((n) => !n.deleted && n.scope === scope && !n.scope?.deleted);
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
    if (cellCount(r) > 2_000_000)
      fail('GeneralException', 'fake: per-cell formats on more than 2,000,000 cells are not modelled');
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
      if (
        m.top < at &&
        m.bottom >= at &&
        !(m.right < cols[0] || m.left > cols[1]) &&
        !(m.left >= cols[0] && m.right <= cols[1])
      ) {
        fail(
          'InvalidOperation',
          'This operation is not allowed because it tries to shift cells in a merged area.',
          'Range.insert'
        );
      }
    }
    for (const [k, c] of s.cells) {
      if (rowOf(k) >= at && rowOf(k) > MAX_ROWS - n && inCols(colOf(k)) && (c.t !== 'Empty' || c.f)) {
        fail('InsertDeleteConflict', 'Excel cannot shift nonblank cells off of the worksheet.', 'Range.insert');
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
        for (let i = 0; i < n; i++)
          moved.set(key(at + i, colOf(k)), {
            v: null,
            t: 'Empty',
            ...(c.fmt && { fmt: clone(c.fmt) }),
            ...(c.nf && { nf: c.nf }),
          });
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
    for (const nm of this.names) {
      if (nm.sheet !== s || nm.deleted) continue;
      // Each area of a name of several areas follows its own cells.
      if (nm.areas) {
        nm.areas = nm.areas.map((a) => (fits(a) ? shiftRect(a, at, n) : a));
        nm.rect = nm.areas[0];
      } else if (fits(nm.rect)) nm.rect = shiftRect(nm.rect, at, n);
    }
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
      const has = c.t !== 'Empty' || !!c.f || (!valuesOnly && (!!c.fmt || !!c.nf || !!c.h));
      if (!has) continue;
      const row = rowOf(k);
      const col = colOf(k);
      r = r
        ? {
            top: Math.min(r.top, row),
            bottom: Math.max(r.bottom, row),
            left: Math.min(r.left, col),
            right: Math.max(r.right, col),
          }
        : { top: row, bottom: row, left: col, right: col };
    }
    return r;
  }

  address(t: Target, absolute = false): string {
    return `${quoteSheet(t.sheet.name)}!${rectText(t.rect, absolute)}`;
  }

  readGrid<T>(t: Target, f: (c: Cell | undefined) => T): T[][] {
    if (cellCount(t.rect) > 5_000_000)
      fail('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
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
    const record: SyncRecord = {
      requestBytes: ops.reduce((s, o) => s + o.bytes, 0),
      responseBytes: 0,
      ops: ops.filter((o) => !o.check).length,
      calculationSuspended: false,
    };
    this.syncLog.push(record);
    // a round trip: never synchronous
    await Promise.resolve();
    try {
      if (this.failNext) {
        const e = this.failNext;
        this.failNext = undefined;
        throw e;
      }
      // Anything sent while the user edits a cell is refused as a whole; an empty sync sends nothing.
      if (this.cellEditMode && ops.length > 0) fail('InvalidOperationInCellEditMode', MESSAGES.cellEditMode);
      if (record.requestBytes > LIMIT)
        fail('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.');
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
  /**
   * Made by a method or navigation property that returns a proxy (office.js queues an "instantiate"
   * action for it): fails when the object it was called on is a null object or missing. It is sent like
   * any request, but not counted in SyncRecord.ops.
   */
  check?: boolean;
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
  protected _target<T>(where?: string): T {
    return this._existing<T>(where ?? this._kind());
  }

  /** What the proxy stands for; the sync fails with NULL_OBJECT_CODE when it is a null object. */
  _existing<T>(where: string): T {
    const v = this._resolve();
    if (v === null || v === undefined) fail(NULL_OBJECT_CODE, MESSAGES.nullObject, where);
    return v as T;
  }

  /** 'Range', 'NamedItem', … for messages */
  protected _kind(): string {
    return this.constructor.name.replace(/^Fake/, '');
  }

  /**
   * A method or navigation property of this proxy made another proxy. office.js sends that as a request
   * of its own (an "instantiate" action, which is also what makes isNullObject readable after the sync),
   * so the sync fails at this point of the batch when this proxy is a null object, is missing, or the
   * member needs a newer ExcelApi than the fake reports.
   */
  protected _use(what: string, version?: string) {
    const check = () => {
      if (version) this._book.need(version, what);
      this._existing(what);
    };
    // Inside a sync (items of a collection being loaded, which exist): check at once.
    if (this._book.current) check();
    else this._ctx.queue.push({ bytes: 0, check: true, run: check });
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

  /** A navigation property: made (and sent, see _use) once per proxy, as office.js caches it. */
  protected _nav<T extends Base>(name: string, make: () => T, version?: string): T {
    let p = this._navCache.get(name);
    if (!p) {
      this._use(`${this._kind()}.${name}`, version);
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
    if (value === null || value === undefined)
      throw new FakeOfficeError('InvalidArgument', `null is not a valid value for ${prop}.`);
    this._local.set(prop, value);
    this._queue(sizeOf(value), apply);
  }

  load(spec?: string | string[] | { select?: string | string[] } | Record<string, unknown>): this {
    const paths: string[] = [];
    const add = (x: string) =>
      x
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .forEach((p) => paths.push(p));
    if (spec === undefined) {
      this._loadPaths(null);
      return this;
    }
    if (typeof spec === 'string') add(spec);
    else if (Array.isArray(spec)) spec.forEach(add);
    else if ('select' in spec && spec.select !== undefined)
      (Array.isArray(spec.select) ? spec.select : [spec.select]).forEach((x) => add(String(x)));
    else
      Object.keys(spec)
        .filter((k) => (spec as Record<string, unknown>)[k])
        .forEach(add);
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
      // A missing item (getItem) fails the sync; a null object loads, and its properties read undefined.
      const target = this._resolve();
      const snap: Record<string, unknown> = {};
      for (const p of mine) snap[p] = target === null || target === undefined ? undefined : this._read(target, p);
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
    return {
      worksheets: () => this.worksheets,
      names: () => this.names,
      settings: () => this.settings,
      application: () => this.application,
    };
  }
  get worksheets(): FakeWorksheetCollection {
    return this._nav('worksheets', () => new FakeWorksheetCollection(this._ctx));
  }
  get names(): FakeNamedItemCollection {
    return this._nav('names', () => new FakeNamedItemCollection(this._ctx));
  }
  get settings(): FakeSettingCollection {
    return this._nav('settings', () => new FakeSettingCollection(this._ctx), '1.4');
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
    this._use('Workbook.getActiveCell', '1.7');
    return new FakeRange(this._ctx, () => {
      const a = this._book.active;
      return a
        ? { sheet: a.sheet, rect: { top: a.rect.top, left: a.rect.left, bottom: a.rect.top, right: a.rect.left } }
        : fail('ItemNotFound', MESSAGES.notFound);
    });
  }
}

/* --- collections with items */

abstract class Collection<T extends Base> extends Base {
  private _items?: T[];
  protected _compute(): unknown {
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
    const itemPaths = (paths ?? [])
      .map((p) => (p === 'items' ? '' : p.startsWith('items/') ? p.slice(6) : p))
      .filter((p) => p !== '');
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
    return new FakeWorksheet(
      this._ctx,
      () => this._book.findSheet(key) ?? fail('ItemNotFound', MESSAGES.notFound, 'Worksheets.getItem')
    );
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    this._use('WorksheetCollection.getItemOrNullObject', '1.4');
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
    private readonly find: () => SheetState | null
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
    return {
      pageLayout: () => this.pageLayout,
      protection: () => this.protection,
      freezePanes: () => this.freezePanes,
      names: () => this.names,
    };
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
    this._use('Worksheet.getRange');
    return new FakeRange(this._ctx, () => {
      const s = this._existing<SheetState>('Worksheet.getRange');
      if (address === undefined || address === '')
        return { sheet: s, rect: { top: 1, left: 1, bottom: MAX_ROWS, right: MAX_COLS } };
      const { sheet, body } = splitSheet(address);
      if (sheet && sheet.toLowerCase() !== s.name.toLowerCase()) fail('InvalidArgument', MESSAGES.argument, 'Worksheet.getRange');
      const rect = parseRef(body);
      if (rect) return { sheet: s, rect };
      const named = this._book.findName(body);
      if (named && named.sheet === s && !named.areas) return { sheet: s, rect: named.rect };
      return fail('InvalidArgument', MESSAGES.argument, 'Worksheet.getRange');
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    this._use('Worksheet.getRangeByIndexes', '1.7');
    return this.byIndexes('Worksheet.getRangeByIndexes', row, col, rows, cols);
  }
  private byIndexes(what: string, row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this._ctx, () => {
      const s = this._existing<SheetState>(what);
      return { sheet: s, rect: inSheet({ top: row + 1, left: col + 1, bottom: row + rows, right: col + cols }, what) };
    });
  }
  getCell(row: number, col: number): FakeRange {
    this._use('Worksheet.getCell');
    return this.byIndexes('Worksheet.getCell', row, col, 1, 1);
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    this._use('Worksheet.getUsedRange', valuesOnly === undefined ? undefined : '1.2');
    return new FakeRange(this._ctx, () => {
      const s = this._existing<SheetState>('Worksheet.getUsedRange');
      // a blank sheet: A1, not an error
      return { sheet: s, rect: this._book.usedRect(s, !!valuesOnly) ?? { top: 1, left: 1, bottom: 1, right: 1 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this._use('Worksheet.getUsedRangeOrNullObject', '1.4');
    return new FakeRange(this._ctx, () => {
      const s = this._existing<SheetState>('Worksheet.getUsedRangeOrNullObject');
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
      if (this._book.liveSheets().length === 1)
        fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      s.deleted = true;
      if (this._book.active?.sheet === s)
        this._book.active = { sheet: this._book.liveSheets()[0], rect: { top: 1, left: 1, bottom: 1, right: 1 } };
    });
  }
  get freezePanes() {
    return this._nav('freezePanes', () => new FakeFreezePanes(this._ctx, this), '1.7');
  }
  /** The names scoped to this sheet (ExcelApi 1.4). */
  get names(): FakeNamedItemCollection {
    return this._nav(
      'names',
      () => new FakeNamedItemCollection(this._ctx, () => this._existing<SheetState>('Worksheet.names')),
      '1.4'
    );
  }
  get pageLayout(): FakePageLayout {
    return this._nav('pageLayout', () => new FakePageLayout(this._ctx, this), '1.9');
  }
  get protection(): FakeProtection {
    return this._nav('protection', () => new FakeProtection(this._ctx, this), '1.2');
  }
  get onChanged() {
    return new FakeEventHandlers(this._ctx, this);
  }
}

class FakeFreezePanes extends Base {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._existing(`Worksheet.${this._kind()}`);
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
    private readonly ws: FakeWorksheet
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._existing(`Worksheet.${this._kind()}`);
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
const PAPER = new Set([
  'Letter',
  'LetterSmall',
  'Tabloid',
  'Ledger',
  'Legal',
  'Statement',
  'Executive',
  'A3',
  'A4',
  'A4Small',
  'A5',
  'B4',
  'B5',
  'Folio',
]);

class FakePageLayout extends Base {
  constructor(
    ctx: Ctx,
    private readonly ws: FakeWorksheet
  ) {
    super(ctx);
    for (const p of Object.keys(PAGE_SCALARS)) {
      Object.defineProperty(this, p, {
        get: () => this._get(p),
        set: (v: unknown) => {
          this._setPage(p, v);
        },
        enumerable: true,
      });
    }
  }
  protected _compute() {
    return this.ws._existing(`Worksheet.${this._kind()}`);
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
        if (
          typeof z !== 'object' ||
          (z.scale === undefined && z.horizontalFitToPages === undefined && z.verticalFitToPages === undefined)
        ) {
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
      this._target<SheetState>().pageLayout.printArea =
        typeof area === 'string' ? area : rectText(area._targetPublic().rect, true);
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
    private readonly ws: FakeWorksheet
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._existing(`Worksheet.${this._kind()}`);
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
    private readonly ws: FakeWorksheet
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.ws._existing(`Worksheet.${this._kind()}`);
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
    private readonly ws: FakeWorksheet
  ) {}
  add(handler: ChangeHandler) {
    const ctx = this.ctx;
    const ws = this.ws;
    ctx.queue.push({
      bytes: 0,
      run: () => {
        ctx.book.need('1.7', 'Worksheet.onChanged');
        ws._existing<SheetState>('Worksheet.onChanged').handlers.add(handler);
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
  hyperlink: true,
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

/** Range.hyperlink as read and written. */
export interface RangeHyperlinkValue {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

const CLEAR_APPLY_TO = new Set(['All', 'Formats', 'Contents', 'Hyperlinks', 'RemoveHyperlinks']);

class FakeRange extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => Target | null
  ) {
    super(ctx);
  }
  protected _compute() {
    const t = this.find();
    if (t && t.sheet.deleted) fail('ItemNotFound', MESSAGES.notFound);
    return t;
  }
  _targetPublic(where?: string): Target {
    return this._target<Target>(where);
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
      case 'hyperlink': {
        b.need('1.7', 'Range.hyperlink');
        // the top-left cell's link; its text is what that cell shows
        const c = t.sheet.cells.get(key(t.rect.top, t.rect.left));
        return c?.h ? { ...clone(c.h), textToDisplay: textOf(c) } : null;
      }
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
        b.need('1.2', 'Range.columnHidden');
        return range(t.rect.left, t.rect.right).every((c) => t.sheet.hiddenCols.has(c));
      case 'rowHidden':
        b.need('1.2', 'Range.rowHidden');
        return range(t.rect.top, t.rect.bottom).every((r) => t.sheet.hiddenRows.has(r));
      case 'isEntireRow':
        b.need('1.7', 'Range.isEntireRow');
        return t.rect.left === 1 && t.rect.right === MAX_COLS;
      case 'isEntireColumn':
        b.need('1.7', 'Range.isEntireColumn');
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
    this._set('values', v, () => this._book.write(this._target<Target>('Range.values'), v, 'values'));
  }
  get formulas(): any[][] {
    return this._get('formulas');
  }
  set formulas(v: any[][]) {
    this._set('formulas', v, () => this._book.write(this._target<Target>('Range.formulas'), v, 'formulas'));
  }
  get valueTypes(): string[][] {
    return this._get('valueTypes');
  }
  get numberFormat(): any[][] {
    return this._get('numberFormat');
  }
  set numberFormat(v: any[][]) {
    this._set('numberFormat', v, () => this._book.write(this._target<Target>('Range.numberFormat'), v, 'numberFormat'));
  }
  get text(): string[][] {
    return this._get('text');
  }
  get hyperlink(): RangeHyperlinkValue {
    return this._get('hyperlink');
  }
  /**
   * Every cell of the range links to the target; textToDisplay, when given, becomes the top-left cell's
   * text. Exactly one of address (a URL) and documentReference ("Sheet1!A1") is required (the fake's
   * stricter reading: Excel keeps one target per link).
   */
  set hyperlink(h: RangeHyperlinkValue) {
    this._set('hyperlink', h, () => {
      const b = this._book;
      b.need('1.7', 'Range.hyperlink');
      const t = this._target<Target>('Range.hyperlink');
      b.writable(t.sheet);
      const bad = (why: string) => fail('InvalidArgument', `${MESSAGES.argument} (${why})`, 'Range.hyperlink');
      if (typeof h !== 'object' || Array.isArray(h)) bad('a hyperlink is an object');
      for (const [k, v] of Object.entries(h)) {
        if (!['address', 'documentReference', 'screenTip', 'textToDisplay'].includes(k)) bad(`unknown hyperlink property "${k}"`);
        if (v !== undefined && typeof v !== 'string') bad(`hyperlink.${k} is text`);
      }
      if (!h.address === !h.documentReference) bad('give either address or documentReference');
      if ((h.screenTip ?? '').length > 255) bad('a screen tip is at most 255 characters');
      if (h.textToDisplay !== undefined && h.textToDisplay.length > MAX_CELL_TEXT)
        bad(`a cell holds at most ${MAX_CELL_TEXT} characters`);
      const link: HyperlinkTarget = {
        ...(h.address && { address: h.address }),
        ...(h.documentReference && { documentReference: h.documentReference }),
        ...(h.screenTip !== undefined && { screenTip: h.screenTip }),
      };
      for (let r = t.rect.top; r <= t.rect.bottom; r++) {
        for (let c = t.rect.left; c <= t.rect.right; c++) {
          const k = key(r, c);
          const old = t.sheet.cells.get(k) ?? { v: null, t: 'Empty' as ValueType };
          const shown = r === t.rect.top && c === t.rect.left && h.textToDisplay !== undefined;
          t.sheet.cells.set(k, {
            ...old,
            ...(shown &&
              (h.textToDisplay === ''
                ? { v: null, t: 'Empty', f: undefined }
                : { v: h.textToDisplay!, t: 'String', f: undefined })),
            h: { ...link },
          });
        }
      }
    });
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
      this._book.need('1.2', 'Range.columnHidden');
      const t = this._target<Target>('Range.columnHidden');
      this._book.writable(t.sheet);
      for (let c = t.rect.left; c <= t.rect.right; c++) v ? t.sheet.hiddenCols.add(c) : t.sheet.hiddenCols.delete(c);
    });
  }
  get rowHidden(): boolean {
    return this._get('rowHidden');
  }
  set rowHidden(v: boolean) {
    this._set('rowHidden', v, () => {
      this._book.need('1.2', 'Range.rowHidden');
      const t = this._target<Target>('Range.rowHidden');
      this._book.writable(t.sheet);
      for (let r = t.rect.top; r <= t.rect.bottom; r++) v ? t.sheet.hiddenRows.add(r) : t.sheet.hiddenRows.delete(r);
    });
  }

  get worksheet(): FakeWorksheet {
    return this._nav('worksheet', () => new FakeWorksheet(this._ctx, () => this._existing<Target>('Range.worksheet').sheet));
  }
  get format(): FakeRangeFormat {
    return this._nav('format', () => new FakeRangeFormat(this._ctx, this));
  }
  get dataValidation(): FakeDataValidation {
    return this._nav('dataValidation', () => new FakeDataValidation(this._ctx, this), '1.8');
  }
  get conditionalFormats(): FakeConditionalFormatCollection {
    return this._nav('conditionalFormats', () => new FakeConditionalFormatCollection(this._ctx, this), '1.6');
  }

  /** A range derived from this one by `what`: the sync fails if this one is a null object. */
  private derive(what: string, f: (t: Target) => Target | null, version?: string): FakeRange {
    this._use(what, version);
    return new FakeRange(this._ctx, () => {
      const r = f(this._existing<Target>(what));
      return r && { sheet: r.sheet, rect: inSheet(r.rect, what) };
    });
  }
  private other(o: FakeRange | string, t: Target, what: string): Target {
    if (typeof o !== 'string') return o._targetPublic(what);
    const { sheet, body } = splitSheet(o);
    const s = sheet ? this._book.sheetOrThrow(sheet) : t.sheet;
    const rect = parseRef(body) ?? fail('InvalidArgument', `fake: cannot read "${o}"`);
    return { sheet: s, rect };
  }
  getEntireRow(): FakeRange {
    return this.derive('Range.getEntireRow', (t) => ({
      sheet: t.sheet,
      rect: { top: t.rect.top, bottom: t.rect.bottom, left: 1, right: MAX_COLS },
    }));
  }
  getEntireColumn(): FakeRange {
    return this.derive('Range.getEntireColumn', (t) => ({
      sheet: t.sheet,
      rect: { top: 1, bottom: MAX_ROWS, left: t.rect.left, right: t.rect.right },
    }));
  }
  getBoundingRect(o: FakeRange | string): FakeRange {
    return this.derive('Range.getBoundingRect', (t) => {
      const u = this.other(o, t, 'Range.getBoundingRect');
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
    const what = orNull ? 'Range.getIntersectionOrNullObject' : 'Range.getIntersection';
    return this.derive(
      what,
      (t) => {
        const u = this.other(o, t, what);
        if (u.sheet !== t.sheet || !intersects(t.rect, u.rect)) {
          return orNull ? null : fail('InvalidArgument', 'The ranges do not intersect.', what);
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
      },
      orNull ? '1.4' : undefined
    );
  }
  getIntersection(o: FakeRange | string): FakeRange {
    return this.intersect(o, false);
  }
  getIntersectionOrNullObject(o: FakeRange | string): FakeRange {
    return this.intersect(o, true);
  }
  private used(valuesOnly: boolean | undefined, orNull: boolean): FakeRange {
    const what = orNull ? 'Range.getUsedRangeOrNullObject' : 'Range.getUsedRange';
    return this.derive(
      what,
      (t) => {
        if (valuesOnly !== undefined) this._book.need('1.2', `${what}(valuesOnly)`);
        const used = this._book.usedRect(t.sheet, !!valuesOnly);
        if (!used || !intersects(used, t.rect)) {
          // Range.getUsedRange of a range with nothing in it is an error (Worksheet.getUsedRange gives A1)
          return orNull ? null : fail('ItemNotFound', MESSAGES.notFound, what);
        }
        const r = {
          top: Math.max(used.top, t.rect.top),
          left: Math.max(used.left, t.rect.left),
          bottom: Math.min(used.bottom, t.rect.bottom),
          right: Math.min(used.right, t.rect.right),
        };
        return { sheet: t.sheet, rect: r };
      },
      orNull ? '1.4' : undefined
    );
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this.used(valuesOnly, false);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return this.used(valuesOnly, true);
  }
  getCell(row: number, col: number): FakeRange {
    return this.derive('Range.getCell', (t) => ({
      sheet: t.sheet,
      rect: { top: t.rect.top + row, left: t.rect.left + col, bottom: t.rect.top + row, right: t.rect.left + col },
    }));
  }
  getOffsetRange(rows: number, cols: number): FakeRange {
    return this.derive('Range.getOffsetRange', (t) => ({
      sheet: t.sheet,
      rect: { top: t.rect.top + rows, bottom: t.rect.bottom + rows, left: t.rect.left + cols, right: t.rect.right + cols },
    }));
  }
  getResizedRange(rows: number, cols: number): FakeRange {
    return this.derive(
      'Range.getResizedRange',
      (t) => ({ sheet: t.sheet, rect: { ...t.rect, bottom: t.rect.bottom + rows, right: t.rect.right + cols } }),
      '1.2'
    );
  }
  getRow(i: number): FakeRange {
    return this.derive('Range.getRow', (t) => ({
      sheet: t.sheet,
      rect: { ...t.rect, top: t.rect.top + i, bottom: t.rect.top + i },
    }));
  }
  getColumn(i: number): FakeRange {
    return this.derive('Range.getColumn', (t) => ({
      sheet: t.sheet,
      rect: { ...t.rect, left: t.rect.left + i, right: t.rect.left + i },
    }));
  }
  /**
   * The merged areas that intersect this range (each whole), or a null object when there are none.
   * ExcelApi 1.13; more than 512 areas fail, as documented.
   */
  getMergedAreasOrNullObject(): FakeRangeAreas {
    const what = 'Range.getMergedAreasOrNullObject';
    this._use(what, '1.13');
    return new FakeRangeAreas(this._ctx, () => {
      const t = this._existing<Target>(what);
      const areas = t.sheet.merges.filter((m) => intersects(m, t.rect)).sort((a, b) => a.top - b.top || a.left - b.left);
      if (areas.length > 512)
        fail('InvalidOperation', 'fake: more than 512 merged areas in the range (Excel does not return them)', what);
      return areas.length ? { sheet: t.sheet, rects: areas } : null;
    });
  }
  insert(shift: string): FakeRange {
    const shifted = this.derive('Range.insert', (t) => t);
    this._queue(sizeOf(shift), () => {
      if (shift !== 'Down') fail('NotImplemented', `fake: insert("${shift}") is not modelled; only "Down"`);
      this._book.insertDown(this._target<Target>('Range.insert'));
    });
    return shifted;
  }
  /**
   * Merge as Excel does: the merged area keeps the top-left cell's value, and its format (fill, font,
   * borders, alignment, number format) for every cell; the other cells' values, formulas, formats and
   * hyperlinks are lost. Format after merging, not before.
   */
  merge(across = false) {
    this._queue(4, () => {
      this._book.need('1.2', 'Range.merge');
      const t = this._target<Target>('Range.merge');
      this._book.writable(t.sheet);
      const rects = across ? range(t.rect.top, t.rect.bottom).map((r) => ({ ...t.rect, top: r, bottom: r })) : [t.rect];
      for (const r of rects) {
        if (cellCount(r) === 1) continue;
        for (const m of t.sheet.merges) {
          if (intersects(m, r) && !within(m, r))
            fail('InvalidOperation', 'Cannot merge a range that partly overlaps a merged area.', 'Range.merge');
        }
        if (cellCount(r) > 2_000_000) fail('GeneralException', 'fake: merging more than 2,000,000 cells is not modelled');
        t.sheet.merges = t.sheet.merges.filter((m) => !within(m, r));
        const first = t.sheet.cells.get(key(r.top, r.left));
        for (let row = r.top; row <= r.bottom; row++) {
          for (let col = r.left; col <= r.right; col++) {
            if (row === r.top && col === r.left) continue;
            const k = key(row, col);
            const c = t.sheet.cells.get(k);
            const kept: Cell = {
              v: null,
              t: 'Empty',
              ...(first?.nf && { nf: first.nf }),
              ...(first?.fmt && { fmt: clone(first.fmt) }),
            };
            if (kept.nf || kept.fmt) t.sheet.cells.set(k, kept);
            else if (c) t.sheet.cells.delete(k);
          }
        }
        t.sheet.merges.push(r);
      }
    });
  }
  unmerge() {
    this._queue(0, () => {
      this._book.need('1.2', 'Range.unmerge');
      const t = this._target<Target>('Range.unmerge');
      this._book.writable(t.sheet);
      t.sheet.merges = t.sheet.merges.filter((m) => !intersects(m, t.rect));
    });
  }
  select() {
    this._queue(0, () => {
      const t = this._target<Target>('Range.select');
      this._book.active = { sheet: t.sheet, rect: t.rect };
    });
  }
  clear(applyTo = 'All') {
    this._queue(0, () => {
      if (!CLEAR_APPLY_TO.has(applyTo)) fail('InvalidArgument', `${MESSAGES.argument} (clear: "${applyTo}")`, 'Range.clear');
      if (applyTo === 'Hyperlinks') this._book.need('1.7', 'Range.clear(Hyperlinks)');
      if (applyTo === 'RemoveHyperlinks') this._book.need('1.9', 'Range.clear(RemoveHyperlinks)');
      const t = this._target<Target>('Range.clear');
      this._book.writable(t.sheet);
      for (const [k, c] of t.sheet.cells) {
        const row = rowOf(k);
        const col = colOf(k);
        if (row < t.rect.top || row > t.rect.bottom || col < t.rect.left || col > t.rect.right) continue;
        if (applyTo === 'All') t.sheet.cells.delete(k);
        else if (applyTo === 'Contents') t.sheet.cells.set(k, { ...c, v: null, t: 'Empty', f: undefined });
        else if (applyTo === 'Formats') t.sheet.cells.set(k, { ...c, fmt: undefined, nf: undefined });
        else if (applyTo === 'Hyperlinks') t.sheet.cells.set(k, { ...c, h: undefined });
        else if (applyTo === 'RemoveHyperlinks') t.sheet.cells.set(k, { ...c, h: undefined, fmt: undefined, nf: undefined });
      }
    });
  }
}

/** A rectangle inside the sheet and not empty, or InvalidArgument. */
function inSheet(r: Rect, where: string): Rect {
  if (r.top < 1 || r.left < 1 || r.bottom > MAX_ROWS || r.right > MAX_COLS || r.bottom < r.top || r.right < r.left) {
    fail('InvalidArgument', `${MESSAGES.argument} (the range would be outside the worksheet or empty)`, where);
  }
  return r;
}

/* --- range areas (the merged areas of a range) */

interface AreasState {
  sheet: SheetState;
  rects: Rect[];
}

class FakeRangeAreas extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => AreasState | null
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.find();
  }
  protected _scalars() {
    return { address: true, addressLocal: true, areaCount: true, cellCount: true } as Loadable;
  }
  protected _read(t0: unknown, prop: string) {
    const a = t0 as AreasState;
    switch (prop) {
      case 'address':
      case 'addressLocal':
        return a.rects.map((r) => this._book.address({ sheet: a.sheet, rect: r })).join(', ');
      case 'areaCount':
        return a.rects.length;
      case 'cellCount':
        return a.rects.reduce((n, r) => n + cellCount(r), 0);
    }
    return null;
  }
  protected override _navs() {
    return { areas: () => this.areas, worksheet: () => this.worksheet };
  }
  get address(): string {
    return this._get('address');
  }
  get areaCount(): number {
    return this._get('areaCount');
  }
  get cellCount(): number {
    return this._get('cellCount');
  }
  get areas(): FakeRangeCollection {
    return this._nav('areas', () => new FakeRangeCollection(this._ctx, () => this._existing<AreasState>('RangeAreas.areas')));
  }
  get worksheet(): FakeWorksheet {
    return this._nav(
      'worksheet',
      () => new FakeWorksheet(this._ctx, () => this._existing<AreasState>('RangeAreas.worksheet').sheet)
    );
  }
}

class FakeRangeCollection extends Collection<FakeRange> {
  constructor(
    ctx: Ctx,
    private readonly of: () => AreasState
  ) {
    super(ctx);
  }
  protected override _compute() {
    return this.of();
  }
  protected _members() {
    const a = this.of();
    return a.rects.map((rect) => ({ sheet: a.sheet, rect }));
  }
  protected _itemFor(state: unknown) {
    return new FakeRange(this._ctx, () => state as Target);
  }
}

const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

/* --- formats */

type Fmt = CellFormat;

/** A group of format properties mapped onto each cell's CellFormat. */
abstract class FormatPart extends Base {
  constructor(
    ctx: Ctx,
    protected readonly rangeProxy: FakeRange
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.rangeProxy._existing(`Range.${this._kind()}`);
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
          this._book.need('1.2', 'RangeFormat.columnWidth');
          return s.colWidths.get(col) ?? DEFAULT_COLUMN_WIDTH;
        case 'rowHeight':
          this._book.need('1.2', 'RangeFormat.rowHeight');
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
      this._book.need('1.2', 'RangeFormat.columnWidth');
      const t = this.rangeProxy._targetPublic('RangeFormat.columnWidth');
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
      this._book.need('1.2', 'RangeFormat.rowHeight');
      const t = this.rangeProxy._targetPublic('RangeFormat.rowHeight');
      this._book.writable(t.sheet);
      if (!(v >= 0 && v <= 409)) fail('InvalidArgument', `rowHeight: ${v} (0 to 409 points)`);
      for (let r = t.rect.top; r <= t.rect.bottom; r++) t.sheet.rowHeights.set(r, v);
    });
  }
  autofitColumns() {
    this._queue(0, () => {
      this._book.need('1.2', 'RangeFormat.autofitColumns');
      this.rangeProxy._targetPublic('RangeFormat.autofitColumns');
    });
  }
  autofitRows() {
    this._queue(0, () => {
      this._book.need('1.2', 'RangeFormat.autofitRows');
      this.rangeProxy._targetPublic('RangeFormat.autofitRows');
    });
  }
}

class FakeFont extends FormatPart {
  protected _scalars() {
    return { bold: true, italic: true, size: true, color: true, name: true } as Loadable;
  }
  protected _getter(prop: string) {
    return (f: Fmt): unknown =>
      ({
        bold: f.bold ?? false,
        italic: f.italic ?? false,
        size: f.size ?? 11,
        color: f.fontColor ?? '#000000',
        name: f.fontName ?? 'Calibri',
      })[prop];
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
    this._use('RangeBorderCollection.getItem');
    return new FakeBorder(this._ctx, this.rangeProxy, index);
  }
}

class FakeBorder extends FormatPart {
  constructor(
    ctx: Ctx,
    rangeProxy: FakeRange,
    private readonly index: string
  ) {
    super(ctx, rangeProxy);
  }
  protected _scalars() {
    return { style: true, color: true, weight: true } as Loadable;
  }
  protected _getter(prop: string) {
    return (f: Fmt): unknown => {
      const side = { EdgeTop: 'top', EdgeBottom: 'bottom', EdgeLeft: 'left', EdgeRight: 'right' }[this.index] as
        'top' | undefined;
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
        for (const s of sides)
          f.borders[s] = { ...{ style: 'Continuous', color: '#000000', weight: 'Thin' }, ...f.borders[s], [prop]: v };
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
    private readonly rangeProxy: FakeRange
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.rangeProxy._existing(`Range.${this._kind()}`);
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
    let v = t.sheet.validations.find(
      (x) =>
        x.rect.top === t.rect.top &&
        x.rect.left === t.rect.left &&
        x.rect.bottom === t.rect.bottom &&
        x.rect.right === t.rect.right
    );
    if (!v) {
      if (t.sheet.validations.some((x) => intersects(x.rect, t.rect))) {
        fail(
          'InvalidOperation',
          'The range overlaps a range that already has data validation; clear it first.',
          'DataValidation.rule'
        );
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
      if (kinds[0] === 'custom' && !String(body.formula ?? '').startsWith('='))
        fail('InvalidArgument', 'A custom rule formula starts with "=".');
      if (kinds[0] === 'list' && typeof body.source === 'string' && body.source.length > 255)
        fail('InvalidArgument', 'A list source is at most 255 characters.');
      if (['decimal', 'wholeNumber', 'textLength'].includes(kinds[0]) && !body.operator)
        fail('InvalidArgument', 'A rule needs an operator.');
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
      if (x.style && !['Stop', 'Warning', 'Information'].includes(x.style))
        fail('InvalidArgument', `errorAlert.style: ${x.style}`);
      if ((x.title ?? '').length > 32 || (x.message ?? '').length > 225)
        fail('InvalidArgument', 'errorAlert: title ≤ 32, message ≤ 225 characters');
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
      if ((x.title ?? '').length > 32 || (x.message ?? '').length > 255)
        fail('InvalidArgument', 'prompt: title ≤ 32, message ≤ 255 characters');
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
      this._book.writable(t.sheet);
      // Only these cells lose their validation: the rest of a rule's cells keep it, as in Excel.
      t.sheet.validations = t.sheet.validations.flatMap((x) =>
        intersects(x.rect, t.rect) ? rectMinus(x.rect, t.rect).map((rect) => ({ ...clone(x), rect })) : [x]
      );
    });
  }
}

/* --- conditional formats */

class FakeConditionalFormatCollection extends Base {
  constructor(
    ctx: Ctx,
    private readonly rangeProxy: FakeRange
  ) {
    super(ctx);
  }
  protected _compute() {
    return this.rangeProxy._existing(`Range.${this._kind()}`);
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
      const types: string[] = Object.values(ExcelEnums.ConditionalFormatType);
      // Enum strings are exact: "dataBar" (the enum's key) is not "DataBar" (its value).
      if (!types.includes(type)) fail('InvalidArgument', `"${type}" is not a ConditionalFormatType (${types.join(', ')}).`);
      const defaults =
        own(CF_DEFAULTS, type) ?? fail('NotImplemented', `fake: conditional format type "${type}" is not modelled`);
      const t = this.rangeProxy._targetPublic();
      this._book.writable(t.sheet);
      holder.state = { rect: t.rect, type, ...clone(defaults) };
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

/** Own properties only (a type named "constructor" must not find Object.prototype.constructor). */
const own = <T>(rec: Record<string, T>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;

/**
 * What add() starts each modelled type with (the fake's guess at Excel's defaults: Excel's own blue bar
 * and red-yellow-green scale); other types of the enum are NotImplemented.
 */
const CF_DEFAULTS: Record<string, Partial<CondFormat>> = {
  Custom: {},
  DataBar: {
    barDirection: 'Context',
    axisFormat: 'Automatic',
    axisColor: '#000000',
    showDataBarOnly: false,
    lowerBoundRule: { type: 'Automatic' },
    upperBoundRule: { type: 'Automatic' },
    fillColor: '#638EC6',
    borderColor: '',
    gradientFill: true,
  },
  ColorScale: {
    criteria: {
      minimum: { type: 'LowestValue', formula: null, color: '#F8696B' },
      midpoint: { type: 'Percentile', formula: '50', color: '#FFEB84' },
      maximum: { type: 'HighestValue', formula: null, color: '#63BE7B' },
    },
    threeColorScale: true,
  },
};

const invalid = (what: string, v: unknown): never => fail('InvalidArgument', `${what}: ${JSON.stringify(v)} is not valid.`);
const oneOf =
  (what: string, values: readonly string[]) =>
  (v: unknown): string =>
    typeof v === 'string' && values.includes(v) ? v : invalid(`${what} (one of ${values.join(', ')})`, v);
/** "#RRGGBB" or a named HTML colour; '' where the property allows none (a border). */
const colorCheck =
  (what: string, allowNone = false) =>
  (v: unknown): string =>
    typeof v === 'string' && (/^#[0-9A-Fa-f]{6}$/.test(v) || /^[A-Za-z]+$/.test(v) || (allowNone && v === ''))
      ? v
      : invalid(what, v);
const boolCheck = (what: string) => (v: unknown) => (typeof v === 'boolean' ? v : invalid(what, v));

/** Types whose value is the formula: it must be there, and a percent or percentile lies within 0…100. */
const NEEDS_FORMULA = new Set(['Number', 'Percent', 'Formula', 'Percentile']);
function thresholdFormula(what: string, type: string, formula: unknown): string | null {
  if (!NEEDS_FORMULA.has(type)) return null;
  if (typeof formula !== 'string' || formula.trim() === '' || formula.trim() === '=')
    fail('InvalidArgument', `${what}: type ${type} needs a formula.`);
  const f = formula as string;
  if (type === 'Percent' || type === 'Percentile') {
    const n = Number(f.replace(/^=/, ''));
    if (!(n >= 0 && n <= 100)) fail('InvalidArgument', `${what}: a ${type.toLowerCase()} lies within 0 and 100, not ${f}.`);
  }
  return f;
}

/** A data bar's bound: set whole, never below the lowest value nor above the highest one. */
const boundRule =
  (what: string, notType: string) =>
  (v: unknown): BoundRule => {
    const r = v as Partial<BoundRule>;
    if (typeof v !== 'object' || v === null) return invalid(what, v);
    const type = oneOf(`${what}.type`, [
      'Automatic',
      'LowestValue',
      'HighestValue',
      'Number',
      'Percent',
      'Formula',
      'Percentile',
    ])(r.type);
    if (type === notType) invalid(`${what}.type`, type);
    const formula = thresholdFormula(what, type, r.formula);
    return formula === null ? { type } : { type, formula };
  };

const COLOR_CRITERION_TYPES = ['LowestValue', 'HighestValue', 'Number', 'Percent', 'Formula', 'Percentile'];

/** ColorScaleConditionalFormat.criteria: minimum and maximum required, midpoint for a three-colour scale. */
function colorCriteria(v: unknown): ColorCriteria {
  if (typeof v !== 'object' || v === null) return invalid('colorScale.criteria', v);
  const c = v as Record<string, unknown>;
  const point = (part: 'minimum' | 'midpoint' | 'maximum'): ColorCriterion => {
    const what = `colorScale.criteria.${part}`;
    const p = c[part] as Partial<ColorCriterion> | undefined | null;
    if (typeof p !== 'object' || p === null) return fail('InvalidArgument', `${what} is missing.`);
    const type = oneOf(`${what}.type`, COLOR_CRITERION_TYPES)(p.type);
    const out: ColorCriterion = { type, formula: thresholdFormula(what, type, p.formula) };
    if (p.color !== undefined && p.color !== null) out.color = colorCheck(`${what}.color`)(p.color);
    return out;
  };
  const minimum = point('minimum');
  const maximum = point('maximum');
  return c.midpoint === undefined || c.midpoint === null
    ? { minimum, maximum }
    : { minimum, midpoint: point('midpoint'), maximum };
}

/** A leaf property of the tree: the CondFormat field it edits, how a value is checked at sync, whether it is read-only. */
interface CfProp {
  field: keyof CondFormat;
  check?: (v: unknown) => unknown;
  readOnly?: boolean;
}
/** The shape of the conditional-format object tree: leaf properties map onto CondFormat fields. */
interface CfSpec {
  /** the ConditionalFormatType this part belongs to (custom, dataBar, colorScale): on another type it fails */
  type?: string;
  props?: Record<string, CfProp>;
  children?: Record<string, CfSpec>;
}
const CUSTOM_SPEC: CfSpec = {
  type: 'Custom',
  children: {
    rule: {
      props: {
        formula: {
          field: 'formula',
          check: (v) =>
            String(v).startsWith('=') ? v : fail('InvalidArgument', 'A conditional format formula starts with "=".'),
        },
      },
    },
    format: {
      children: {
        fill: { props: { color: { field: 'fill' } } },
        font: { props: { color: { field: 'fontColor' }, bold: { field: 'bold' } } },
      },
    },
  },
};
const DATA_BAR_SPEC: CfSpec = {
  type: 'DataBar',
  props: {
    barDirection: { field: 'barDirection', check: oneOf('dataBar.barDirection', ['Context', 'LeftToRight', 'RightToLeft']) },
    axisFormat: { field: 'axisFormat', check: oneOf('dataBar.axisFormat', ['Automatic', 'None', 'CellMidPoint']) },
    axisColor: { field: 'axisColor', check: colorCheck('dataBar.axisColor', true) },
    showDataBarOnly: { field: 'showDataBarOnly', check: boolCheck('dataBar.showDataBarOnly') },
    lowerBoundRule: { field: 'lowerBoundRule', check: boundRule('dataBar.lowerBoundRule', 'HighestValue') },
    upperBoundRule: { field: 'upperBoundRule', check: boundRule('dataBar.upperBoundRule', 'LowestValue') },
  },
  children: {
    positiveFormat: {
      props: {
        fillColor: { field: 'fillColor', check: colorCheck('dataBar.positiveFormat.fillColor') },
        borderColor: { field: 'borderColor', check: colorCheck('dataBar.positiveFormat.borderColor', true) },
        gradientFill: { field: 'gradientFill', check: boolCheck('dataBar.positiveFormat.gradientFill') },
      },
    },
  },
};
const COLOR_SCALE_SPEC: CfSpec = {
  type: 'ColorScale',
  props: {
    criteria: { field: 'criteria', check: colorCriteria },
    threeColorScale: { field: 'threeColorScale', readOnly: true },
  },
};

/** A part of the tree used on a format of another type (the fake's choice of code: Excel's is not documented). */
const wrongType = (st: CondFormat, want: string): never =>
  fail('InvalidArgument', `This conditional format is of type ${st.type}, not ${want}.`);

/** One node of the conditional-format object tree; every setter edits the CondFormat made by add(). */
class CfNode extends Base {
  constructor(
    ctx: Ctx,
    protected readonly holder: { state?: CondFormat },
    private readonly spec: CfSpec,
    /** the type of the part this node is in */
    private readonly partType?: string
  ) {
    super(ctx);
    for (const [p, prop] of Object.entries(spec.props ?? {})) {
      Object.defineProperty(this, p, {
        get: () => this._get(p),
        // Read-only properties have no setter, as in office.js: assigning one throws a TypeError.
        set: prop.readOnly
          ? undefined
          : (v: unknown) => {
              this._set(p, v, () => {
                const st = this.state();
                const value = prop.check ? prop.check(v) : v;
                (st as unknown as Record<string, unknown>)[prop.field] = clone(value);
                if (prop.field === 'criteria') st.threeColorScale = (value as ColorCriteria).midpoint !== undefined;
              });
            },
        enumerable: true,
      });
    }
    for (const [name, child] of Object.entries(spec.children ?? {})) {
      Object.defineProperty(this, name, {
        get: () =>
          this._nav(name, () => {
            // Reaching the data bar of a colour scale (and so on) is a request that fails.
            if (child.type) this._queue(0, () => this.state(child.type));
            return new CfNode(ctx, holder, child, child.type ?? this.partType);
          }),
        enumerable: true,
      });
    }
  }
  /** The format add() made, checked to be of this node's type (or `type`). */
  protected state(type = this.partType): CondFormat {
    const st = this.holder.state ?? fail('ItemNotFound', MESSAGES.notFound);
    if (type && st.type !== type) wrongType(st, type);
    return st;
  }
  protected _compute() {
    return this.holder.state ? this.state() : null;
  }
  protected _scalars() {
    return Object.fromEntries(Object.keys(this.spec.props ?? {}).map((p) => [p, true])) as Loadable;
  }
  protected _read(t: unknown, prop: string) {
    return clone((t as Record<string, unknown>)[this.spec.props![prop].field]);
  }
  protected override _navs() {
    const out: Record<string, () => Base> = {};
    for (const name of Object.keys(this.spec.children ?? {})) out[name] = () => (this as unknown as Record<string, Base>)[name];
    return out;
  }
}

class FakeConditionalFormat extends CfNode {
  constructor(ctx: Ctx, holder: { state?: CondFormat }) {
    super(ctx, holder, {
      props: { type: { field: 'type', readOnly: true } },
      children: { custom: CUSTOM_SPEC, dataBar: DATA_BAR_SPEC, colorScale: COLOR_SCALE_SPEC },
    });
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
  readonly dataBar: {
    barDirection: string;
    axisFormat: string;
    axisColor: string;
    showDataBarOnly: boolean;
    lowerBoundRule: BoundRule;
    upperBoundRule: BoundRule;
    readonly positiveFormat: { fillColor: string; borderColor: string; gradientFill: boolean };
  };
  readonly colorScale: { criteria: unknown; readonly threeColorScale: boolean };
}

/* --- names */

const NAME_SCALARS: Loadable = { name: true, type: true, value: true, formula: true, comment: true, visible: true, scope: true };
const NAME_RE = /^[A-Za-z_\\\u0080-\uffff][A-Za-z0-9_.\\\u0080-\uffff]*$/;
/** Names Excel refuses because they read as R1C1 references: R, C, RC, R1, C2, R1C2, RC3, R4C. */
const R1C1_RE = /^(r\d*c?\d*|c\d*)$/i;
const MAX_NAME_COMMENT = 255;

/**
 * What a string reference of names.add refers to: one area, or several areas of one sheet ("=S!$D$5:$D$7,S!$D$10:$D$12",
 * each area with its sheet). Areas on several sheets are the fake's InvalidArgument (Excel takes such a name, but it
 * is no range; nothing here makes one).
 */
function referenceAreas(book: Book, reference: string): { sheet: SheetState; areas: Rect[] } {
  const parts = splitAreaList(reference.replace(/^=/, ''));
  let sheet: SheetState | undefined;
  const areas = parts.map((part) => {
    const { sheet: name, body } = splitSheet(part);
    if (!name) return fail('InvalidArgument', 'fake: a string reference needs a sheet ("=Sheet!$A$1")');
    const ws = book.sheetOrThrow(name);
    if (sheet && ws !== sheet) fail('InvalidArgument', 'fake: areas of several sheets in one name are not modelled');
    sheet = ws;
    return parseRef(body) ?? fail('InvalidArgument', `fake: cannot read "${reference}"`);
  });
  return { sheet: sheet!, areas };
}

class FakeNamedItemCollection extends Collection<FakeNamedItem> {
  /** `scope`: the sheet whose names these are (worksheet.names); absent for workbook.names */
  constructor(
    ctx: Ctx,
    private readonly scope?: () => SheetState
  ) {
    super(ctx);
  }
  protected override _compute(): unknown {
    if (this.scope) this.scope();
    return this._book;
  }
  protected _members() {
    return this._book.liveNames(this.scope?.());
  }
  protected _itemFor(state: unknown) {
    return new FakeNamedItem(this._ctx, () => state as NameState);
  }
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    let made: NameState | undefined;
    const item = new FakeNamedItem(this._ctx, () => made ?? fail('ItemNotFound', MESSAGES.notFound));
    this._queue(sizeOf([name, typeof reference === 'string' ? reference : '', comment ?? '']), () => {
      this._book.need('1.4', 'NamedItemCollection.add');
      const scope = this.scope?.();
      if (typeof name !== 'string' || !NAME_RE.test(name) || name.length > 255 || parseRef(name) || R1C1_RE.test(name)) {
        fail('InvalidArgument', `"${name}" is not a valid name.`, 'NamedItemCollection.add');
      }
      if (comment !== undefined && (typeof comment !== 'string' || comment.length > MAX_NAME_COMMENT)) {
        fail(
          'InvalidArgument',
          `${MESSAGES.argument} (a name's comment is at most ${MAX_NAME_COMMENT} characters)`,
          'NamedItemCollection.add'
        );
      }
      // also a name whose sheet was deleted (it refers to #REF!) is still there and blocks a new one; a name of
      // another scope (the workbook's, another sheet's) does not
      if (this._book.findName(name, scope))
        fail('ItemAlreadyExists', 'A resource with the same name or identifier already exists.', 'NamedItemCollection.add');
      let target: { sheet: SheetState; areas: Rect[] };
      if (typeof reference === 'string') target = referenceAreas(this._book, reference);
      else {
        const t = reference._targetPublic('NamedItemCollection.add');
        target = { sheet: t.sheet, areas: [t.rect] };
      }
      made = {
        name,
        sheet: target.sheet,
        rect: target.areas[0],
        ...(target.areas.length > 1 && { areas: target.areas }),
        ...(scope && { scope }),
        comment: comment ?? '',
        visible: true,
        deleted: false,
      };
      this._book.names.push(made);
    });
    return item;
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this._ctx,
      () => this._book.findName(name, this.scope?.()) ?? fail('ItemNotFound', MESSAGES.notFound, 'NamedItemCollection.getItem')
    );
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    this._use('NamedItemCollection.getItemOrNullObject', '1.4');
    return new FakeNamedItem(this._ctx, () => {
      this._book.need('1.4', 'NamedItemCollection.getItemOrNullObject');
      return this._book.findName(name, this.scope?.()) ?? null;
    });
  }
}

/** A name whose sheet was deleted: Excel keeps it, referring to #REF!. */
const broken = (n: NameState) => n.sheet.deleted;

class FakeNamedItem extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => NameState | null
  ) {
    super(ctx);
  }
  protected _compute() {
    const n = this.find();
    return n && n.deleted ? null : n;
  }
  protected _scalars() {
    return NAME_SCALARS;
  }
  protected _read(t: unknown, prop: string) {
    const n = t as NameState;
    const ref = (n.areas ?? [n.rect])
      .map((r) => (broken(n) ? `#REF!${rectText(r, true)}` : `${quoteSheet(n.sheet.name)}!${rectText(r, true)}`))
      .join(',');
    switch (prop) {
      case 'scope':
        this._book.need('1.4', 'NamedItem.scope');
        return n.scope ? 'Worksheet' : 'Workbook';
      case 'type':
        return broken(n) ? 'Error' : 'Range';
      case 'value':
        return broken(n) ? '#REF!' : ref;
      case 'formula':
        this._book.need('1.7', 'NamedItem.formula');
        return `=${ref}`;
      case 'comment':
        this._book.need('1.4', 'NamedItem.comment');
        return n.comment;
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
  /** ExcelApi 1.7: the name refers elsewhere and stays the same name (formulas that use it follow it). */
  set formula(v: string) {
    this._set('formula', v, () => {
      this._book.need('1.7', 'NamedItem.formula');
      if (typeof v !== 'string' || !v.startsWith('=')) fail('InvalidArgument', MESSAGES.argument, 'NamedItem.formula');
      const n = this._target<NameState>('NamedItem.formula');
      const t = referenceAreas(this._book, v);
      n.sheet = t.sheet;
      n.rect = t.areas[0];
      if (t.areas.length > 1) n.areas = t.areas;
      else delete n.areas;
    });
  }
  set comment(v: string) {
    this._set('comment', v, () => {
      this._book.need('1.4', 'NamedItem.comment');
      if (typeof v !== 'string' || v.length > MAX_NAME_COMMENT) {
        fail(
          'InvalidArgument',
          `${MESSAGES.argument} (a name's comment is at most ${MAX_NAME_COMMENT} characters)`,
          'NamedItem.comment'
        );
      }
      this._target<NameState>('NamedItem.comment').comment = v;
    });
  }
  get visible(): boolean {
    return this._get('visible');
  }
  /** 'Workbook' or 'Worksheet' (ExcelApi 1.4) */
  get scope(): string {
    return this._get('scope');
  }
  /**
   * The name's range; ItemNotFound when the name is not a range (here: it refers to #REF!). A name of several
   * areas is no one Range: InvalidOperation, as Excel answers ("This operation is not permitted for the current
   * object"); read its areas from `value` instead.
   */
  getRange(): FakeRange {
    this._use('NamedItem.getRange');
    return new FakeRange(this._ctx, () => {
      const n = this._existing<NameState>('NamedItem.getRange');
      if (broken(n)) return fail('ItemNotFound', MESSAGES.notFound, 'NamedItem.getRange');
      return n.areas ? fail('InvalidOperation', MESSAGES.severalAreas, 'NamedItem.getRange') : { sheet: n.sheet, rect: n.rect };
    });
  }
  /**
   * The name's range, or a null object when the name is not a range; on a null NamedItem the sync fails. A name
   * of several areas fails as getRange does (the fake's choice: stricter than a null object).
   */
  getRangeOrNullObject(): FakeRange {
    this._use('NamedItem.getRangeOrNullObject', '1.4');
    return new FakeRange(this._ctx, () => {
      const n = this._existing<NameState>('NamedItem.getRangeOrNullObject');
      if (broken(n)) return null;
      return n.areas
        ? fail('InvalidOperation', MESSAGES.severalAreas, 'NamedItem.getRangeOrNullObject')
        : { sheet: n.sheet, rect: n.rect };
    });
  }
  delete() {
    this._queue(0, () => {
      this._book.need('1.4', 'NamedItem.delete');
      this._target<NameState>('NamedItem.delete').deleted = true;
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
      checkSetting(key, value, 'SettingCollection.add');
      this._book.settings.set(key, clone(value));
    });
    return this.getItem(key);
  }
  getItem(key: string): FakeSetting {
    this._use('SettingCollection.getItem', '1.4');
    return new FakeSetting(this._ctx, () =>
      this._book.settings.has(key) ? { key } : fail('ItemNotFound', MESSAGES.notFound, 'SettingCollection.getItem')
    );
  }
  getItemOrNullObject(key: string): FakeSetting {
    this._use('SettingCollection.getItemOrNullObject', '1.4');
    return new FakeSetting(this._ctx, () => {
      this._book.need('1.4', 'SettingCollection.getItemOrNullObject');
      return this._book.settings.has(key) ? { key } : null;
    });
  }
}

/** A setting is a non-empty key and a value JSON can carry (Office.js sends it as JSON). */
function checkSetting(key: unknown, value: unknown, where: string) {
  if (typeof key !== 'string' || key === '')
    fail('InvalidArgument', `${MESSAGES.argument} (a setting's key is non-empty text)`, where);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    fail(
      'InvalidArgument',
      `${MESSAGES.argument} (a setting's value must be JSON: text, number, boolean, array or object)`,
      where
    );
  }
}

class FakeSetting extends Base {
  constructor(
    ctx: Ctx,
    private readonly find: () => SettingState | null
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
    this._set('value', v, () => {
      const key = this._target<SettingState>('Setting.value').key;
      checkSetting(key, v, 'Setting.value');
      this._book.settings.set(key, clone(v));
    });
  }
  delete() {
    this._queue(0, () => {
      this._book.settings.delete(this._target<SettingState>('Setting.delete').key);
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
  /** where the cell links to, when it has a hyperlink */
  hyperlink?: HyperlinkTarget;
}

/** A conditional format as the sheet holds it; dataBar and colorScale only on formats of those types. */
export interface CondFormatView {
  range: string;
  type: string;
  /** Custom: the rule's formula (with "="), fill and font colour */
  formula?: string;
  fill?: string;
  fontColor?: string;
  dataBar?: {
    barDirection: string;
    axisFormat: string;
    axisColor: string;
    showDataBarOnly: boolean;
    lowerBoundRule: { type: string; formula?: string };
    upperBoundRule: { type: string; formula?: string };
    /** positiveFormat */
    fillColor: string;
    borderColor: string;
    gradientFill: boolean;
  };
  colorScale?: {
    criteria: Record<'minimum' | 'maximum', ColorCriterionView> & { midpoint?: ColorCriterionView };
    threeColorScale: boolean;
  };
}
export interface ColorCriterionView {
  type: string;
  formula: string | null;
  color?: string;
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
  conditionalFormats: CondFormatView[];
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
    ...(c?.h && { hyperlink: clone(c.h) }),
  });

  async function fireChange(
    sheet: string,
    address: string,
    changeType = 'RangeEdited',
    details?: ChangeEvent['details']
  ): Promise<void> {
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
        validations: s.validations.map((v) => ({
          ...clone({ rule: v.rule, errorAlert: v.errorAlert, prompt: v.prompt, ignoreBlanks: v.ignoreBlanks }),
          range: rectText(v.rect),
        })),
        conditionalFormats: s.conditionalFormats.map((c): CondFormatView => {
          const v: CondFormatView = {
            range: rectText(c.rect),
            type: c.type,
            formula: c.formula,
            fill: c.fill,
            fontColor: c.fontColor,
          };
          if (c.type === 'DataBar') {
            v.dataBar = clone({
              barDirection: c.barDirection!,
              axisFormat: c.axisFormat!,
              axisColor: c.axisColor!,
              showDataBarOnly: c.showDataBarOnly!,
              lowerBoundRule: c.lowerBoundRule!,
              upperBoundRule: c.upperBoundRule!,
              fillColor: c.fillColor!,
              borderColor: c.borderColor!,
              gradientFill: c.gradientFill!,
            });
          }
          if (c.type === 'ColorScale') v.colorScale = clone({ criteria: c.criteria!, threeColorScale: c.threeColorScale! });
          return v;
        }),
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
    /**
     * Defined names, the workbook's, or with `scope` those of that sheet; one whose sheet was deleted has sheet
     * and range '#REF!' (Excel keeps it). A name of several areas has them in `range`, joined: "D5:D7,D10:D12".
     */
    names(scope?: string): { name: string; sheet: string; range: string; comment: string }[] {
      return book.liveNames(scope === undefined ? undefined : book.sheetOrThrow(scope)).map((n) => ({
        name: n.name,
        sheet: broken(n) ? '#REF!' : n.sheet.name,
        range: broken(n) ? '#REF!' : (n.areas ?? [n.rect]).map((r) => rectText(r)).join(','),
        comment: n.comment,
      }));
    },
    settings(): Record<string, unknown> {
      return Object.fromEntries([...book.settings].map(([k, v]) => [k, clone(v)]));
    },
    active(): { sheet: string; address: string } | undefined {
      return book.active ? { sheet: book.active.sheet.name, address: rectText(book.active.rect) } : undefined;
    },
    handlerCount(sheet?: string): number {
      return book
        .liveSheets()
        .filter((s) => sheet === undefined || s.name === sheet)
        .reduce((n, s) => n + s.handlers.size, 0);
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
    /** Delete a workbook-scoped name, or with `scope` one of that sheet. */
    deleteName(name: string, scope?: string) {
      const n = book.findName(name, scope === undefined ? undefined : book.sheetOrThrow(scope));
      if (n) n.deleted = true;
    },
    /** Set up a cell directly (no event, no sync): a formula can be given the value Excel would compute. */
    setCell(sheet: string, address: string, c: { value?: Scalar | null; formula?: string; numberFormat?: string }) {
      const t = target(sheet, address);
      const k = key(t.rect.top, t.rect.left);
      const old = t.sheet.cells.get(k);
      const entered =
        c.value === undefined || c.value === null ? ({ v: null, t: 'Empty' } as Cell) : (enter(c.value, '@') as Cell);
      const typed: Cell =
        typeof c.value === 'string' && ERRORS.includes(c.value.toUpperCase())
          ? { v: c.value.toUpperCase(), t: 'Error' }
          : entered;
      t.sheet.cells.set(k, {
        ...typed,
        ...(c.formula && { f: c.formula.startsWith('=') ? c.formula : `=${c.formula}` }),
        nf: c.numberFormat ?? old?.nf,
        ...(old?.fmt && { fmt: old.fmt }),
        ...(old?.h && { h: old.h }),
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
      const grid = Array.isArray(input)
        ? (input as unknown[][])
        : Array.from({ length: rows }, () => Array.from({ length: cols }, () => input));
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
        single
          ? {
              valueBefore: valueOf(before),
              valueAfter: valueOf(after),
              valueTypeBefore: typeOf(before),
              valueTypeAfter: typeOf(after),
            }
          : undefined
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
    /**
     * The user starts (true) or stops (false) editing a cell. Meanwhile every sync that carries a request
     * fails with InvalidOperationInCellEditMode and applies nothing; a sync with nothing queued succeeds.
     */
    setCellEditMode(on: boolean) {
      book.cellEditMode = on;
    },
    get cellEditMode(): boolean {
      return book.cellEditMode;
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
