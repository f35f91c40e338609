import { rectAddr } from '../domain/a1';
import { Message, msg } from '../domain/message';
import { NAMES } from '../contract';
import type { NameRef } from './types';

/** Messages every operation shares, whichever host runs it. */

/**
 * Where the templates put each name, for messages that say how to restore one. A table, not a layout
 * built on the spot: the pane's bundle stays free of the layouts (test/operations/messages.test.ts keeps
 * it equal to what buildWorkbook makes for the default rubric).
 */
export const TEMPLATE_RANGES: Record<string, string> = {
  [NAMES.planActions]: '執行計畫!A14:E34',
  [NAMES.scoreCaps]: '考核評分表!C5:C16',
  [NAMES.selfScores]: '考核評分表!E5:E16',
  [NAMES.office]: '考核評分表!B3',
  [NAMES.rocYear]: '考核評分表!D3',
  [NAMES.period]: '考核評分表!F3',
  [NAMES.dimensionTotals]: '彙整表!F4:F7',
  [NAMES.totalScore]: '彙整表!F8',
  [NAMES.findings]: '彙整表!A12:F24',
  [NAMES.tracking]: '改善追蹤!A4:G4',
};

/** A contract name the workbook lacks, or has pointing at something that is not one range. */
export function missingName(name: string, found?: NameRef): Message {
  const example = TEMPLATE_RANGES[name] ?? name;
  if (found) {
    const what = found.sheet && found.rect ? `${found.sheet}!${rectAddr(found.rect)}` : found.refersTo;
    return msg(
      `定義名稱 ${name} 指向「${what}」，不是活頁簿中的一個儲存格範圍。請以「公式 > 名稱管理員」將 ${name} 改回原本的範圍（例如 ${example}）。`,
      `The defined name ${name} refers to "${what}", which is not one range of this workbook. Make ${name} refer to its range again (Formulas > Name Manager), for example ${example}.`
    );
  }
  // A scorecard staff pasted from Word has no names at all: adopting it is the way on, beside inserting templates.
  const adopt =
    name === NAMES.selfScores
      ? {
          zh: '若評分表是自己貼上的，請用「使用我現有的工作表」（命令列：scorecard adopt）接上；',
          en: 'If the scorecard was pasted by hand, set it up with "Use my existing sheet" (command line: scorecard adopt); ',
        }
      : { zh: '', en: '' };
  return msg(
    `找不到定義名稱 ${name}：這個活頁簿不是由範本建立，或名稱已被刪除。${adopt.zh}否則請插入範本，或以「公式 > 名稱管理員」將 ${name} 重新定義為原本的範圍（例如 ${example}）。`,
    `The workbook has no defined name ${name}: it was not made from the templates, or the name was deleted. ${adopt.en}otherwise insert the templates, or define ${name} again (Formulas > Name Manager) as its range (for example ${example}).`
  );
}
