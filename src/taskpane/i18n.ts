import type { Lang, Message } from '../domain/message';
import { OFFICE_MAX, YEAR_RANGE } from '../contract';
import type { Period } from '../contract';
import type { SheetKey } from '../layouts/types';

export type { Lang };

/**
 * Every string the pane shows, in zh-TW and in English. Messages that come from the host or the
 * checker are {zh, en} pairs already; `pick` chooses one.
 */
export interface Strings {
  htmlLang: string;
  title: string;
  subtitle: string;
  loading: string;
  notExcel: string;

  insertHeading: string;
  office: string;
  officeHint: string;
  rocYear: string;
  rocYearHint: string;
  period: string;
  h1: string;
  h2: string;
  example: string;
  exampleHint: string;
  insert: string;
  inserting: string;
  officeError: string;
  rocYearError: string;
  periodError: string;
  renamed: string;
  namesKept: string;
  sheetKey: Record<SheetKey, string>;
  listSep: string;
  noValidation: string;
  /** no page layout API (ExcelApi 1.9): the sheets come without print setup */
  noPrint: string;
  /** the insert card's heading on a workbook with no scorecard: insert, or adopt the one staff made */
  startHeading: string;
  startIntro: string;
  /** the subheading over the insert form on that first run */
  insertChoice: string;
  /** once the workbook has the templates: a new half-year is "Start the next period", not a second insert */
  templatesNote: string;
  /** shows the insert form again when the workbook has the templates */
  insertAgain: string;

  adoptHeading: string;
  adoptHint: string;
  adopt: string;
  adopting: string;
  adoptFound: string;
  adoptAdded: string;
  adoptNotes: string;

  scoresHeading: string;
  total: string;
  /** "scored n of 12" */
  entered: (n: number, of: number) => string;
  /** a dimension subtotal, read aloud: "創新性 285 / 300" */
  dimensionLabel: (name: string, total: string, cap: string) => string;
  totalLabel: (total: string, cap: string) => string;
  /** under the total while some score is not valid: the sum leaves those cells out */
  /** what the sheet's note beside the total says: how many to fix and how many not yet scored */
  notFinal: (toFix: number, blank: number) => string;
  problemsHeading: string;
  noProblems: string;
  /** for the live region, only when the count changes */
  problemCount: (n: number) => string;
  goTo: string;
  goToLabel: (where: string) => string;
  checking: string;
  /** instead of scores, on a workbook with no scorecard yet (not an error) */
  scoresNone: string;

  trackingHeading: string;
  trackingHint: string;
  buildTracking: string;
  building: string;
  trackingSheet: string;
  /** "改善追蹤（已更新），共 3 列" */
  sheetState: (sheet: string, created: boolean, rows: number) => string;

  nextHeading: string;
  nextHint: string;
  /** opens the confirm step */
  nextStart: string;
  /** the confirm step: from → to when the workbook says its year and period, else null */
  nextConfirm: (from: string | null, to: string | null) => string;
  nextGo: string;
  cancel: string;
  nextRunning: string;
  /** "114 年 1 月至 6 月" */
  periodSpan: (rocYear: number, period: Period) => string;
  nextSheets: string;
  nextCarried: string;
  nextKept: string;

  reviewHeading: string;
  reviewHint: string;
  /** the button that opens the file picker */
  reviewPick: string;
  reviewing: string;
  /** while reading the n-th of the picked files: "讀取中 3 / 22…" */
  reviewReading: (n: number, of: number) => string;
  reviewWriting: string;
  /** the picked files hold no workbook (nothing, or only Excel's ~$ lock files) */
  reviewNothing: string;
  /** none of the picked workbooks could be read: nothing is written */
  reviewNoneRead: string;
  /** "已讀取 20 本活頁簿，2 本無法讀取" */
  reviewRead: (read: number, unreadable: number) => string;
  /** "略過 1 個 Excel 暫存檔（~$ 開頭）" */
  reviewLocks: (n: number) => string;
  reviewUnreadable: (n: number) => string;
  reviewFlags: (n: number) => string;

  error: string;
  dismiss: string;
  unexpected: (detail: string) => string;
}

/** The keys of the strings that need no argument. */
export type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];

const zh: Strings = {
  htmlLang: 'zh-TW',
  title: '服務改善考核',
  subtitle: '執行計畫 · 考核評分表 · 改善追蹤',
  loading: '載入中…',
  notExcel: '此增益集只能在 Excel 中使用。',

  insertHeading: '插入範本',
  office: '區營業處名稱',
  officeHint: '例如：台東區營業處',
  rocYear: '年度（民國）',
  rocYearHint: '例如：114',
  period: '考核期間',
  h1: '1 月至 6 月',
  h2: '7 月至 12 月',
  example: '填入範例',
  exampleHint: '以台北、台東區營業處的內容為例',
  insert: '插入範本',
  inserting: '正在插入…',
  officeError: `請輸入區營業處名稱（1 至 ${OFFICE_MAX} 個字）。`,
  rocYearError: `請輸入 ${YEAR_RANGE.min} 到 ${YEAR_RANGE.max} 之間的整數年度，例如 114。`,
  periodError: '請選擇考核期間。',
  renamed: '已改名（原名稱已被使用）',
  namesKept: '保留原有的已定義名稱',
  sheetKey: { plan: '執行計畫', scorecard: '考核評分表', summary: '彙整表', tracking: '改善追蹤' },
  listSep: '、',
  noValidation: '此版本的 Excel 不支援資料驗證（ExcelApi 1.8），輸入時不會立即阻擋；增益集仍會檢查分數。',
  noPrint:
    '此版本的 Excel 不支援版面設定（ExcelApi 1.9），插入的工作表不會預先設定列印（A4、方向、一頁寬、頁尾、標題列）；列印前請在「版面配置」自行設定。',
  startHeading: '開始使用',
  startIntro: '這個活頁簿還沒有考核評分表：請插入範本，或使用您自己做好的。',
  insertChoice: '插入範本',
  templatesNote: '已有範本。新的半年請用下方「開始下一期」；再插入範本只會多出「(2)」空白副本。',
  insertAgain: '再插入一份範本…',

  adoptHeading: '使用我現有的工作表',
  adoptHint: '例如從 Word 貼上的評分表：加上名稱、分數驗證、總分與追蹤表，已填的內容不變。',
  adopt: '使用我現有的工作表',
  adopting: '正在辨識…',
  adoptFound: '找到',
  adoptAdded: '加上',
  adoptNotes: '說明',

  scoresHeading: '分數',
  total: '總分',
  entered: (n, of) => `已評 ${n} / ${of}`,
  dimensionLabel: (name, total, cap) => `${name} ${total} / ${cap} 分`,
  totalLabel: (total, cap) => `總分 ${total} / ${cap} 分`,
  notFinal: (toFix, blank) =>
    `尚有 ${[toFix ? `${toFix} 項需修正` : '', blank ? `${blank} 項未評分` : ''].filter(Boolean).join('、')}，總分未定`,
  problemsHeading: '需要修正',
  noProblems: '沒有問題：所有自評分數都在配分範圍內。',
  problemCount: (n) => (n === 0 ? '沒有需要修正的分數' : `${n} 個分數需要修正`),
  goTo: '前往儲存格',
  goToLabel: (where) => `前往儲存格 ${where}`,
  checking: '正在檢查…',
  scoresNone: '尚無考核評分表。',

  trackingHeading: '追蹤表',
  trackingHint: '依「建議改善事項」建立或更新建議改善事項辦理情形表；已填寫的辦理情形會保留。',
  buildTracking: '建立追蹤表',
  building: '正在建立…',
  trackingSheet: '工作表',
  sheetState: (sheet, created, rows) => `${sheet}（${created ? '新建立' : '已更新'}），共 ${rows} 列`,

  nextHeading: '下一期',
  nextHint: '在本期旁新增下一期的工作表：帶入執行計畫與未完成的改善事項，分數留白。',
  nextStart: '開始下一期…',
  nextConfirm: (from, to) =>
    `將新增下一期的工作表${from && to ? `：${from} → ${to}` : '（活頁簿未寫明年度與期間）'}。本期的工作表不變。`,
  nextGo: '確定開始下一期',
  cancel: '取消',
  nextRunning: '正在建立下一期…',
  periodSpan: (y, p) => `${y} 年 ${p === 'H1' ? '1 月至 6 月' : '7 月至 12 月'}`,
  nextSheets: '新的工作表',
  nextCarried: '帶入的未完成改善事項',
  nextKept: '前一期在其工作表上保留的名稱',

  reviewHeading: '審閱',
  reviewHint:
    '選擇各區營業處的考核評分表（.xlsx，可一次選多個），審閱結果（總分、名次、各項統計、待改善事項、疑點）會加入此活頁簿的新工作表。檔案只在這台電腦上讀取，不會上傳。',
  reviewPick: '審閱多本活頁簿…',
  reviewing: '正在審閱…',
  reviewReading: (n, of) => `讀取中 ${n} / ${of}…`,
  reviewWriting: '正在寫入審閱工作表…',
  reviewNothing: '沒有選到活頁簿：請選擇 .xlsx 檔（以 ~$ 開頭的是 Excel 開啟檔案時的暫存檔，不是活頁簿）。',
  reviewNoneRead: '選擇的檔案都無法讀取，所以沒有寫入審閱工作表；原因列在下方。',
  reviewRead: (read, unreadable) => `已讀取 ${read} 本活頁簿${unreadable ? `，${unreadable} 本無法讀取` : ''}`,
  reviewLocks: (n) => `略過 ${n} 個 Excel 暫存檔（檔名以 ~$ 開頭）`,
  reviewUnreadable: (n) => `無法讀取（${n}）`,
  reviewFlags: (n) => `評分疑點（${n}）`,

  error: '錯誤',
  dismiss: '關閉訊息',
  unexpected: (detail) => `發生未預期的錯誤：${detail}`,
};

const en: Strings = {
  htmlLang: 'en',
  title: 'Service scorecard',
  subtitle: 'Plan · scorecard · improvement tracking',
  loading: 'Loading…',
  notExcel: 'This add-in works in Excel only.',

  insertHeading: 'Insert templates',
  office: 'Office name',
  officeHint: 'For example: 台東區營業處',
  rocYear: 'Year (ROC)',
  rocYearHint: 'For example: 114 (= 2025)',
  period: 'Period',
  h1: 'January to June (1 月至 6 月)',
  h2: 'July to December (7 月至 12 月)',
  example: 'Fill with the example',
  exampleHint: 'Content from the Taipei and Taitung district offices',
  insert: 'Insert templates',
  inserting: 'Inserting…',
  officeError: `Enter the office name (1 to ${OFFICE_MAX} characters).`,
  rocYearError: `Enter the ROC year as a whole number from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}, for example 114.`,
  periodError: 'Choose the period.',
  renamed: 'Renamed (the name was taken)',
  namesKept: 'Existing defined names kept',
  sheetKey: { plan: 'Plan', scorecard: 'Scorecard', summary: 'Summary', tracking: 'Tracking' },
  listSep: ', ',
  noValidation:
    'This Excel has no data validation (ExcelApi 1.8), so it cannot block a bad score as you type; the add-in still checks every score.',
  noPrint:
    'This Excel has no page layout (ExcelApi 1.9), so the inserted sheets come without print setup (A4, orientation, one page wide, footer, title rows); set it under Page Layout before printing.',
  startHeading: 'Get started',
  startIntro: 'This workbook has no scorecard yet: insert the templates, or use the one you made.',
  insertChoice: 'Insert the templates',
  templatesNote:
    'The templates are here. For a new half-year use "Start the next period" below; inserting again adds blank "(2)" copies.',
  insertAgain: 'Insert another copy of the templates…',

  adoptHeading: 'Use my existing sheet',
  adoptHint: 'A scorecard pasted from Word, say: adds the names, score checks, totals and tracking; what you typed stays.',
  adopt: 'Use my existing sheet',
  adopting: 'Reading your sheet…',
  adoptFound: 'Found',
  adoptAdded: 'Added',
  adoptNotes: 'Notes',

  scoresHeading: 'Scores',
  total: 'Total',
  entered: (n, of) => `Scored ${n} of ${of}`,
  dimensionLabel: (name, total, cap) => `${name}: ${total} of ${cap}`,
  totalLabel: (total, cap) => `Total ${total} of ${cap}`,
  notFinal: (toFix, blank) =>
    `${[toFix ? `${toFix} to fix` : '', blank ? `${blank} not yet scored` : ''].filter(Boolean).join(', ')}; the total is not final`,
  problemsHeading: 'To fix',
  noProblems: 'No problems: every self-score is within its cap.',
  problemCount: (n) => (n === 0 ? 'No scores to fix' : n === 1 ? '1 score to fix' : `${n} scores to fix`),
  goTo: 'Go to cell',
  goToLabel: (where) => `Go to cell ${where}`,
  checking: 'Checking…',
  scoresNone: 'No scorecard yet.',

  trackingHeading: 'Tracking',
  trackingHint:
    'Builds or updates the improvement tracking sheet from the findings that carry a suggestion; progress already written is kept.',
  buildTracking: 'Build tracking sheet',
  building: 'Building…',
  trackingSheet: 'Sheet',
  sheetState: (sheet, created, rows) => `${sheet} (${created ? 'created' : 'updated'}), ${rows} ${rows === 1 ? 'row' : 'rows'}`,

  nextHeading: 'Next period',
  nextHint: "Adds the next half-year's sheets beside these: the plan and open improvements carried, scores blank.",
  nextStart: 'Start the next period…',
  nextConfirm: (from, to) =>
    `Adds the next period's sheets${from && to ? `: ${from} → ${to}` : ' (the workbook does not say its year and period)'}. This period's sheets stay as they are.`,
  nextGo: 'Start the next period',
  cancel: 'Cancel',
  nextRunning: 'Adding the next period…',
  periodSpan: (y, p) => `ROC ${y} (${y + 1911}), ${p === 'H1' ? 'January to June' : 'July to December'}`,
  nextSheets: 'New sheets',
  nextCarried: 'Open improvements carried over',
  nextKept: 'Names the earlier period keeps on its sheets',

  reviewHeading: 'Review',
  reviewHint:
    "Pick the offices' scorecards (.xlsx, several at once); the review (totals, ranks, per-criterion statistics, open improvements, what to look at) is added to this workbook as new sheets. The files are read on this computer only, never uploaded.",
  reviewPick: 'Review workbooks…',
  reviewing: 'Reviewing…',
  reviewReading: (n, of) => `Reading ${n} of ${of}…`,
  reviewWriting: 'Writing the review sheets…',
  reviewNothing:
    'No workbook was picked: choose .xlsx files (a file starting with ~$ is the lock file Excel keeps while a workbook is open, not a workbook).',
  reviewNoneRead: 'None of the picked files could be read, so no review sheets were written; the reasons are below.',
  reviewRead: (read, unreadable) =>
    `Read ${read} ${read === 1 ? 'workbook' : 'workbooks'}${unreadable ? `; ${unreadable} could not be read` : ''}`,
  reviewLocks: (n) => `Skipped ${n} Excel lock ${n === 1 ? 'file' : 'files'} (names starting with ~$)`,
  reviewUnreadable: (n) => `Could not be read (${n})`,
  reviewFlags: (n) => `Scores to look at (${n})`,

  error: 'Error',
  dismiss: 'Dismiss message',
  unexpected: (detail) => `Something went wrong: ${detail}`,
};

export const STRINGS: Record<Lang, Strings> = { zh, en };

/** zh-TW, zh-HK, zh-CN, zh-Hant… get Chinese; everything else (and nothing) gets English. */
export function langFrom(displayLanguage: string | undefined | null): Lang {
  return typeof displayLanguage === 'string' && /^zh(\b|[-_])/i.test(displayLanguage.trim()) ? 'zh' : 'en';
}

export const pick = (m: Message, lang: Lang): string => m[lang] || m.zh || m.en;
