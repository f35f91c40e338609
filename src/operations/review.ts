import { Message, msg } from '../domain/message';
import { reviewOf } from '../domain/review';
import type { ReviewResult, Unreadable, WorkbookFacts } from '../domain/reviewTypes';
import { Rubric } from '../domain/rubric';
import { freeSheetName } from '../layouts/common';
import { REVIEW_SHEET_NAMES, REVIEW_SHEET_ORDER, ReviewSheetNames, reviewSheets } from '../layouts/review';
import { Edit, Operation } from './types';

export interface ReviewInput {
  rubric: Rubric;
  /** what each readable workbook holds, read beforehand (by the command's workers or the pane) */
  facts: WorkbookFacts[];
  unreadable: Unreadable[];
}

export interface ReviewOutcome {
  review: ReviewResult;
  /** the sheets as created (a free variant when a name was taken); reviewPairs only when there are pairs */
  sheets: ReviewSheetNames;
  summary: Message;
}

/** A name for each sheet the review writes, none of them taken in the open workbook. */
function sheetNamesFor(taken: string[], withPairs: boolean): ReviewSheetNames {
  const used = [...taken];
  const names: Partial<Record<(typeof REVIEW_SHEET_ORDER)[number], string>> = {};
  for (const key of REVIEW_SHEET_ORDER) {
    if (key === 'reviewPairs' && !withPairs) continue;
    names[key] = freeSheetName(used, REVIEW_SHEET_NAMES[key]);
    used.push(names[key]);
  }
  return names as ReviewSheetNames;
}

function reviewSummary(r: ReviewResult, sheets: string[]): Message {
  const n = r.workbooks.length;
  const u = r.unreadable.length;
  const imps = r.openImprovements.length;
  return msg(
    `已檢閱 ${n} 份活頁簿${u ? `，另有 ${u} 份無法讀取` : ''}；疑點 ${r.flags.length + u} 項，待改善事項 ${imps} 項。` +
      `已新增工作表：${sheets.join('、')}。`,
    `Reviewed ${n} workbook(s)${u ? `; ${u} could not be read` : ''}: ${r.flags.length + u} point(s) to look at, ` +
      `${imps} open improvement(s). Sheets added: ${sheets.join(', ')}.`
  );
}

/**
 * Review many workbooks in one: totals and ranks, per-criterion statistics, open improvements, what to look
 * at, and each office's two halves side by side, as new sheets. Reads nothing of the open workbook but its
 * sheet names: the facts were read from the files beforehand. Never overwrites a sheet.
 */
export const reviewWorkbooks: Operation<ReviewInput, ReviewOutcome> = {
  id: 'reviewWorkbooks',
  needs: () => ({ ranges: [] }),
  decide(s, input) {
    if (!input.facts.length && !input.unreadable.length) {
      return {
        ok: false,
        error: msg(
          '沒有可檢閱的活頁簿：請指定考核評分表的 .xlsx 檔案或所在資料夾。',
          'There are no workbooks to review: give the scorecards’ .xlsx files or the folders holding them.'
        ),
      };
    }
    const review = reviewOf(input.rubric, input.facts, input.unreadable);
    const sheets = sheetNamesFor(s.sheets, review.pairs.length > 0);
    const layouts = reviewSheets(input.rubric, review, sheets);
    const edits: Edit[] = layouts.map((layout, i) => ({ kind: 'addSheet', layout, activate: i === 0 }));
    return {
      ok: true,
      result: {
        review,
        sheets,
        summary: reviewSummary(
          review,
          layouts.map((l) => l.name)
        ),
      },
      plan: { edits },
    };
  },
};
