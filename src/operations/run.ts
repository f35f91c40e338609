import { addr, quoteSheet } from '../domain/a1';
import { Message, msg } from '../domain/message';
import { isFormula } from '../layouts/types';
import type { WritePlan } from './types';

/** Excel keeps at most this many characters in a cell; a longer text makes Excel repair the file. */
export const CELL_TEXT_LIMIT = 32767;

/** What no host may write, checked once for every plan: a refusal names the cell and the rule. */
export function checkPlan(plan: WritePlan): Message | undefined {
  for (const e of plan.edits) {
    const grids =
      e.kind === 'cells'
        ? [{ sheet: e.sheet, top: e.top, left: e.left, values: e.values }]
        : e.kind === 'addSheet'
          ? [{ sheet: e.layout.name, top: 1, left: 1, values: e.layout.rows }]
          : [];
    for (const g of grids) {
      for (let i = 0; i < g.values.length; i++) {
        for (let j = 0; j < g.values[i].length; j++) {
          const v = g.values[i][j];
          const text = typeof v === 'string' ? v : v && isFormula(v) ? v.formula : '';
          if (text.length > CELL_TEXT_LIMIT) {
            const where = `${quoteSheet(g.sheet)}!${addr(g.top + i, g.left + j)}`;
            return msg(
              `要寫入 ${where} 的文字有 ${text.length} 字，超過 Excel 每格 ${CELL_TEXT_LIMIT} 字的上限；請縮短來源文字後再試一次，活頁簿未變更。`,
              `The text for ${where} is ${text.length} characters, over Excel's limit of ${CELL_TEXT_LIMIT} per cell; shorten its source and try again. The workbook was not changed.`
            );
          }
        }
      }
    }
  }
  return undefined;
}
