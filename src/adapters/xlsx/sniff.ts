/**
 * What a file is, when it is not an .xlsx: the first look at the bytes (sniff) and at the zip's part names
 * (checkKind, checkMain), with the bilingual message that says what it is and what to do.
 *
 * Shared by the ExcelJS path (package.ts preparePackage) and the light reader (quickRead.ts), so both say the
 * same thing about the same file. No Node APIs (no Buffer): the light reader runs in the task pane too.
 */
import { UserError, msg } from '../../domain/message';

const SAVE_AS_ZH = '請在 Excel 開啟後，另存為「Excel 活頁簿 (.xlsx)」再試一次。';
const SAVE_AS_EN = 'Open it in Excel and save it as "Excel Workbook (.xlsx)", then try again.';

export function notXlsx(label: string, zh: string, en: string): UserError {
  return new UserError(msg(`「${label}」${zh}${SAVE_AS_ZH}`, `"${label}" ${en} ${SAVE_AS_EN}`));
}

/** A zip that cannot be opened, or a part of it that cannot be read (`where`). */
export const damaged = (label: string, where?: string): UserError =>
  new UserError(
    msg(
      `「${label}」已損毀或不完整${where ? `（${where} 無法讀取）` : ''}，無法當作 Excel 活頁簿開啟（可能是下載或複製時中斷）。請重新取得檔案，或在 Excel 開啟後另存為「Excel 活頁簿 (.xlsx)」。`,
      `"${label}" is damaged or incomplete${where ? ` (${where} cannot be read)` : ''} and cannot be opened as an Excel workbook (a download or copy may have been cut short). Get the file again, or open it in Excel and save it as "Excel Workbook (.xlsx)".`
    )
  );

/** UTF-16LE bytes of ASCII text (OLE stream names). */
const utf16 = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) out[i * 2] = s.charCodeAt(i);
  return out;
};

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function includes(hay: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  const last = hay.length - needle.length;
  outer: for (let i = hay.indexOf(first); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Bytes as Latin-1 text (each byte one character, as Buffer's 'latin1'). */
function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 1024) s += String.fromCharCode(...b.subarray(i, i + 1024));
  return s;
}

/** Bytes as UTF-16 (code units taken as they are; a trailing odd byte is dropped, as Buffer's 'utf16le'). */
function utf16Text(b: Uint8Array, bigEndian: boolean): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) units.push(bigEndian ? (b[i] << 8) | b[i + 1] : b[i] | (b[i + 1] << 8));
  let s = '';
  for (let i = 0; i < units.length; i += 1024) s += String.fromCharCode(...units.slice(i, i + 1024));
  return s;
}

/** Throws a UserError for anything that is not a zip package. */
export function sniff(input: Uint8Array, label: string): void {
  if (input.length === 0)
    throw notXlsx(label, '是空的檔案（0 位元組），不是 Excel 活頁簿。', 'is empty (0 bytes), not an Excel workbook.');
  if (input.length >= 4 && input[0] === 0x50 && input[1] === 0x4b && [3, 5, 7].includes(input[2])) return;

  if (input.length >= 8 && OLE_MAGIC.every((b, i) => input[i] === b)) {
    // An OLE compound file: a legacy binary Office file, or an encrypted OOXML file (Office wraps a
    // password-protected .xlsx in one, with the streams EncryptionInfo and EncryptedPackage).
    if (includes(input, utf16('EncryptedPackage'))) {
      throw new UserError(
        msg(
          `「${label}」有密碼保護（已加密），無法讀取。請在 Excel 開啟後移除密碼（檔案 > 資訊 > 保護活頁簿 > 以密碼加密，清空密碼），另存為「Excel 活頁簿 (.xlsx)」再試一次。`,
          `"${label}" is password-protected (encrypted) and cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save it as "Excel Workbook (.xlsx)" and try again.`
        )
      );
    }
    if (includes(input, utf16('WordDocument'))) {
      throw new UserError(
        msg(
          `「${label}」是 Word 文件 (.doc)，不是 Excel 活頁簿。請把表格複製到 Excel，存為「Excel 活頁簿 (.xlsx)」再試一次。`,
          `"${label}" is a Word document (.doc), not an Excel workbook. Copy the table into Excel, save it as "Excel Workbook (.xlsx)" and try again.`
        )
      );
    }
    if (includes(input, utf16('Workbook')) || includes(input, utf16('Book'))) {
      throw notXlsx(
        label,
        '是舊版 Excel 97-2003 活頁簿 (.xls)，本工具只讀 .xlsx。',
        'is an Excel 97-2003 workbook (.xls); this tool reads .xlsx only.'
      );
    }
    throw notXlsx(
      label,
      '是舊版 Office 格式（例如 Excel 97-2003 .xls），也可能是有密碼保護的活頁簿（請先移除密碼）。',
      'is in a legacy Office format (such as Excel 97-2003 .xls), or it may be a password-protected workbook (remove the password first).'
    );
  }
  if (latin1(input.subarray(0, 5)) === '%PDF-') {
    throw notXlsx(label, '是 PDF 檔，不是 Excel 活頁簿。', 'is a PDF file, not an Excel workbook.');
  }

  const head = decodeHead(input);
  if (head !== undefined) {
    const h = head.trimStart().toLowerCase();
    if (/^<\?xml[\s\S]*urn:schemas-microsoft-com:office:spreadsheet/.test(h.slice(0, 2000))) {
      throw notXlsx(
        label,
        '是「XML 試算表 2003」檔，不是 Excel 活頁簿 (.xlsx)。',
        'is an "XML Spreadsheet 2003" file, not an Excel workbook (.xlsx).'
      );
    }
    if (
      /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|table|meta)\b/.test(h) ||
      /<html[\s>]/.test(h.slice(0, 2000))
    ) {
      throw notXlsx(
        label,
        '是網頁 (HTML) 檔，不是 Excel 活頁簿（有些系統匯出的 .xls 其實是網頁）。',
        'is a web page (HTML), not an Excel workbook (some systems export web pages named .xls).'
      );
    }
    throw notXlsx(label, '是純文字檔（例如 CSV），不是 Excel 活頁簿。', 'is a text file (such as CSV), not an Excel workbook.');
  }
  throw notXlsx(
    label,
    '不是 Excel 活頁簿 (.xlsx)，無法辨識其格式。',
    'is not an Excel workbook (.xlsx); its format is not recognised.'
  );
}

/** The start of the input as text if it looks like text (no binary control bytes), else undefined. */
function decodeHead(input: Uint8Array): string | undefined {
  const b = input.subarray(0, 4096);
  if (b[0] === 0xff && b[1] === 0xfe) return utf16Text(b.subarray(2), false);
  if (b[0] === 0xfe && b[1] === 0xff) return utf16Text(b.subarray(2), true);
  const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (let i = start; i < b.length; i++) {
    const c = b[i];
    if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1a && c !== 0x1b)) return undefined;
  }
  // Not necessarily UTF-8 (Big5 CSV exports are common); good enough to look for markup.
  return latin1(b.subarray(start));
}

/** What checkKind needs to see of a zip. */
export interface ZipView {
  /** The text of the part "mimetype" (found in any case), when there is one. */
  mimetype: string | undefined;
  /** Whether the zip holds a part of this name, in any case (part names are case-insensitive). */
  has(part: string): boolean;
}

/** Throws a UserError for a zip that is another kind of document (OpenDocument, Word, PowerPoint, .xlsb). */
export function checkKind(zip: ZipView, label: string): void {
  const { mimetype } = zip;
  if (mimetype !== undefined && mimetype.startsWith('application/vnd.oasis.opendocument')) {
    if (mimetype.startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
      throw notXlsx(
        label,
        '是 OpenDocument 試算表 (.ods)，不是 Excel 活頁簿。',
        'is an OpenDocument spreadsheet (.ods), not an Excel workbook.'
      );
    }
    throw notXlsx(
      label,
      '是 OpenDocument 文件（例如 .odt），不是 Excel 活頁簿。',
      'is an OpenDocument file (such as .odt), not an Excel workbook.'
    );
  }
  if (zip.has('word/document.xml')) {
    throw new UserError(
      msg(
        `「${label}」是 Word 文件 (.docx)，不是 Excel 活頁簿。請把表格複製到 Excel，存為「Excel 活頁簿 (.xlsx)」再試一次。`,
        `"${label}" is a Word document (.docx), not an Excel workbook. Copy the table into Excel, save it as "Excel Workbook (.xlsx)" and try again.`
      )
    );
  }
  if (zip.has('ppt/presentation.xml')) {
    throw notXlsx(
      label,
      '是 PowerPoint 簡報 (.pptx)，不是 Excel 活頁簿。',
      'is a PowerPoint presentation (.pptx), not an Excel workbook.'
    );
  }
  if (zip.has('xl/workbook.bin')) {
    throw notXlsx(
      label,
      '是 Excel 二進位活頁簿 (.xlsb)，本工具只讀 .xlsx。',
      'is an Excel Binary Workbook (.xlsb); this tool reads .xlsx only.'
    );
  }
}

/** The only place ExcelJS reads a workbook from. */
export const WORKBOOK_PART = 'xl/workbook.xml';

/**
 * Throws a UserError unless the package is transitional SpreadsheetML whose workbook is xl/workbook.xml.
 * `officeType` is the type of the root relationship to the main part (undefined when there is none), `main`
 * the stored name of the part it names (or of xl/workbook.xml when there is no such relationship), if present.
 */
export function checkMain(officeType: string | undefined, main: string | undefined, label: string): void {
  if (officeType?.startsWith('http://purl.oclc.org/ooxml/')) {
    throw notXlsx(
      label,
      '是「Strict Open XML 試算表」格式，本工具只讀一般的 Excel 活頁簿。',
      'is a "Strict Open XML Spreadsheet"; this tool reads the ordinary Excel Workbook format only.'
    );
  }
  if (main === undefined)
    throw notXlsx(label, '是 ZIP 壓縮檔，但不是 Excel 活頁簿。', 'is a ZIP archive but not an Excel workbook.');
  // ExcelJS reads the workbook only from exactly this name.
  if (main !== WORKBOOK_PART)
    throw notXlsx(label, '的內部結構不是本工具能讀的樣式。', 'is laid out in a way this tool cannot read.');
}
