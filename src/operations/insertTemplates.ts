import { Message, msg } from '../domain/message';
import { Rubric } from '../domain/rubric';
import { SHEET_NAMES, SHEET_ORDER, SheetKey, TemplateOptions } from '../contract';
import type { Examples, PlanExample } from '../examples/types';
import { freeSheetName } from '../layouts/common';
import { buildWorkbook } from '../layouts/workbook';
import { Edit, Operation } from './types';

export interface InsertInput extends TemplateOptions {
  rubric: Rubric;
  /** the example content, when `example` is set */
  examples?: Examples;
  /** plan rows instead of the blank or example ones (benchmarks, tests) */
  planExample?: PlanExample;
}

export interface InsertOutcome {
  /** the sheets as created, by role */
  sheets: Record<SheetKey, string>;
  /** sheets whose preferred name was taken, so they got another */
  renamed: SheetKey[];
  /** defined names that already existed and were left as they were */
  namesKept: string[];
  summary: Message;
}

/**
 * Insert the four sheets. Never overwrites: a taken sheet name gets a free variant ("考核評分表 (2)"), and
 * a defined name that exists already is kept pointing where it points.
 */
export const insertTemplates: Operation<InsertInput, InsertOutcome> = {
  id: 'insertTemplates',
  needs: () => ({ ranges: [] }),
  decide(s, input) {
    const taken = [...s.sheets];
    const sheets = {} as Record<SheetKey, string>;
    const renamed: SheetKey[] = [];
    for (const key of SHEET_ORDER) {
      sheets[key] = freeSheetName(taken, SHEET_NAMES[key]);
      taken.push(sheets[key]);
      if (sheets[key] !== SHEET_NAMES[key]) renamed.push(key);
    }
    const layout = buildWorkbook({ ...input, sheetNames: sheets });
    // A name that still points at a range is someone's: kept. One left broken by a deleted sheet (#REF!) is replaced.
    const existing = new Set(s.names.filter((n) => n.sheet && n.rect).map((n) => n.name.toLowerCase()));
    const namesKept: string[] = [];
    const edits: Edit[] = layout.sheets.map((l, i) => {
      const names = l.names.filter((n) => {
        const keep = existing.has(n.name.toLowerCase());
        if (keep) namesKept.push(n.name);
        return !keep;
      });
      return { kind: 'addSheet', layout: { ...l, names }, activate: i === 0 };
    });
    return {
      ok: true,
      result: { sheets, renamed, namesKept, summary: insertSummary(sheets, renamed, namesKept) },
      plan: { edits },
    };
  },
};

function insertSummary(sheets: Record<SheetKey, string>, renamed: SheetKey[], kept: string[]): Message {
  const zh = [`已插入 ${SHEET_ORDER.length} 張工作表：${SHEET_ORDER.map((k) => sheets[k]).join('、')}。`];
  const en = [`Inserted ${SHEET_ORDER.length} sheets: ${SHEET_ORDER.map((k) => sheets[k]).join(', ')}.`];
  if (renamed.length) {
    zh.push(`原名稱已被使用，改用 ${renamed.map((k) => `「${sheets[k]}」`).join('、')}。`);
    en.push(`Names already taken, so these were used instead: ${renamed.map((k) => `"${sheets[k]}"`).join(', ')}.`);
  }
  if (kept.length) {
    zh.push(`定義名稱 ${kept.join('、')} 已存在，保留原樣（仍指向原本的工作表）。`);
    en.push(
      `The defined names ${kept.join(', ')} already existed and were kept as they were (they still point at the earlier sheets).`
    );
  }
  return msg(zh.join(''), en.join(' '));
}
