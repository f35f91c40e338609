import { Message, UserError, msg } from '../../domain/message';

/**
 * Every failure the Office.js host can meet, as a message fit for the user in both languages.
 * Pure: it looks at the error's shape (OfficeExtension.Error has `code`, `message`, `debugInfo`), never
 * at Office.js itself, so it also explains errors from fakes and mocks.
 */

interface OfficeLikeError {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  debugInfo?: { code?: unknown; message?: unknown; errorLocation?: unknown };
}

const textOf = (v: unknown) => (typeof v === 'string' ? v : '');

/** The detail Excel gave, for the curious and for support; never the whole message on its own. */
function detail(e: OfficeLikeError): string {
  const code = textOf(e.code) || textOf(e.debugInfo?.code);
  const where = textOf(e.debugInfo?.errorLocation);
  const text = textOf(e.message);
  return [code, where, text].filter(Boolean).join(' · ');
}

export const PROTECTED = msg(
  '工作表受到保護（或活頁簿為唯讀），增益集無法寫入。請先「校閱 > 取消保護工作表」或取得編輯權限，再試一次。',
  'The sheet is protected (or the workbook is read-only), so the add-in cannot write to it. Unprotect it (Review > Unprotect Sheet) or get edit access, then try again.'
);

export function explain(error: unknown): Message {
  if (error instanceof UserError) return error.detail;
  if (error && typeof error === 'object' && 'detail' in error && isMessage((error as { detail: unknown }).detail)) {
    return (error as { detail: Message }).detail;
  }
  if (error instanceof ReferenceError && /\b(Excel|Office)\b/.test(error.message)) {
    return msg(
      '找不到 Excel：請在 Excel 中開啟這個增益集（Office.js 尚未載入）。',
      'Excel is not available: open this add-in inside Excel (Office.js has not loaded).'
    );
  }
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as OfficeLikeError;
  const code = textOf(e.code) || textOf(e.debugInfo?.code);
  const text = textOf(e.message);
  const more = detail(e);
  const suffix = (zh: string, en: string) => msg(more ? `${zh}（${more}）` : zh, more ? `${en} (${more})` : en);

  switch (code) {
    case 'AccessDenied':
      return PROTECTED;
    case 'InvalidOperationInCellEditMode':
      return msg(
        'Excel 正在編輯儲存格，暫時無法操作。請按 Enter 或 Esc 結束編輯，再試一次。',
        'Excel is editing a cell and cannot do this now. Press Enter or Esc to finish editing, then try again.'
      );
    case 'InvalidOperation':
      if (/protect|保護/i.test(text)) return PROTECTED;
      return suffix(
        'Excel 無法執行這項操作；請確認沒有對話方塊開著、工作表未受保護，再試一次。',
        'Excel could not do this; make sure no dialog is open and the sheet is not protected, then try again.'
      );
    case 'ItemNotFound':
      return suffix(
        '找不到所需的工作表或定義名稱，可能已被刪除或更名。請重新插入範本，或以「公式 > 名稱管理員」檢查名稱。',
        'A sheet or defined name the add-in needs is missing; it may have been deleted or renamed. Insert the templates again, or check the names (Formulas > Name Manager).'
      );
    case 'ItemAlreadyExists':
      return suffix(
        '同名的工作表或名稱已經存在；請重新整理後再試一次。',
        'A sheet or name with that name already exists; refresh and try again.'
      );
    case 'RequestPayloadSizeLimitExceeded':
    case 'ResponsePayloadSizeLimitExceeded':
    case 'PayloadTooLarge':
      return msg(
        '資料量超過 Excel 單次傳輸上限（網頁版約 5 MB）。請縮小範圍（例如減少計畫列數）後再試一次。',
        'The data is larger than Excel accepts in one request (about 5 MB on the web). Make it smaller (for example fewer plan rows) and try again.'
      );
    case 'ApiNotFound':
    case 'ApiNotAvailable':
    case 'NotImplemented':
      return suffix(
        '這個版本的 Excel 不支援所需功能；請更新 Office 或改用 Microsoft 365 版 Excel。',
        'This version of Excel lacks a feature the add-in needs; update Office or use Excel for Microsoft 365.'
      );
    case 'Conflict':
    case 'ServiceNotAvailable':
    case 'Timeout':
    case 'ActivityLimitReached':
    case 'RequestAborted':
      return suffix(
        'Excel 暫時忙碌或連線中斷；請稍候再試一次。',
        'Excel is busy or the connection dropped; wait a moment and try again.'
      );
    case 'InvalidArgument':
    case 'InvalidReference':
    case 'InvalidBinding':
      return suffix(
        'Excel 不接受這個範圍或值；請確認範本沒有被改動後再試一次。',
        'Excel rejected a range or value; check that the template has not been changed, then try again.'
      );
    case 'GeneralException':
      return suffix(
        'Excel 發生一般錯誤。請再試一次；若仍失敗，請儲存並重新開啟活頁簿。',
        'Excel reported a general error. Try again; if it keeps failing, save and reopen the workbook.'
      );
    default:
      if (code) return suffix('Excel 回報錯誤，操作未完成。', 'Excel reported an error and the operation did not finish.');
      return suffix('發生未預期的錯誤，操作未完成。', 'An unexpected error stopped the operation.');
  }
}

const isMessage = (v: unknown): v is Message =>
  !!v && typeof v === 'object' && typeof (v as Message).zh === 'string' && typeof (v as Message).en === 'string';

export function missingSheet(sheet: string): Message {
  return msg(
    `找不到工作表「${sheet}」：可能已被刪除或更名。請重新檢查一次，再從結果清單前往儲存格。`,
    `There is no sheet "${sheet}": it may have been deleted or renamed. Run the check again and go to the cell from the new results.`
  );
}
