import { z } from 'zod';
import { Message, UserError, msg } from './message';

/**
 * The rubric is data: dimensions (執行構面) holding criteria (評核項目), each with a cap.
 * This schema is the single source of truth; the types below are inferred from it.
 */

const text = z.string().trim().min(1);
const cap = z.number().finite().positive().max(100000);

export const ServiceAreaSchema = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9_-]*$/, 'id: lower-case letters, digits, _ or -'),
  /** 一、 二、 三、 … as the documents number them */
  numeral: text,
  zh: text,
  en: text,
});

export const CriterionSchema = z.object({
  /** id of one of the rubric's service areas: a criterion is one service area inside one dimension */
  area: z.string(),
  cap,
  /** 評分重點: what the reviewer looks for; one item per line */
  guidance: z.string().default(''),
});

export const DimensionSchema = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9_-]*$/, 'id: lower-case letters, digits, _ or -'),
  zh: text,
  en: text,
  cap,
  criteria: z.array(CriterionSchema).min(1),
});

export const RubricSchema = z
  .object({
    /** e.g. "114": the year whose rubric this is */
    id: text,
    total: cap,
    serviceAreas: z.array(ServiceAreaSchema).min(1),
    dimensions: z.array(DimensionSchema).min(1),
  })
  .superRefine((r, ctx) => {
    const areas = new Set(r.serviceAreas.map((a) => a.id));
    if (areas.size !== r.serviceAreas.length) {
      ctx.addIssue({ code: 'custom', path: ['serviceAreas'], message: 'service area ids must be unique' });
    }
    const dims = new Set(r.dimensions.map((d) => d.id));
    if (dims.size !== r.dimensions.length) {
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'dimension ids must be unique' });
    }
    r.dimensions.forEach((d, di) => {
      const seen = new Set<string>();
      d.criteria.forEach((c, ci) => {
        if (!areas.has(c.area)) {
          ctx.addIssue({
            code: 'custom',
            path: ['dimensions', di, 'criteria', ci, 'area'],
            message: `unknown service area "${c.area}" (known: ${[...areas].join(', ')})`,
          });
        }
        if (seen.has(c.area)) {
          ctx.addIssue({
            code: 'custom',
            path: ['dimensions', di, 'criteria', ci, 'area'],
            message: `service area "${c.area}" appears twice in dimension ${d.id}`,
          });
        }
        seen.add(c.area);
      });
      const sum = d.criteria.reduce((s, c) => s + c.cap, 0);
      if (!sameNumber(sum, d.cap)) {
        ctx.addIssue({
          code: 'custom',
          path: ['dimensions', di, 'cap'],
          message: `criteria of ${d.id} (${d.zh}) add up to ${sum}, but its cap is ${d.cap} / ${d.zh}各評核項目配分合計 ${sum}，與構面配分 ${d.cap} 不符`,
        });
      }
    });
    const sum = r.dimensions.reduce((s, d) => s + d.cap, 0);
    if (!sameNumber(sum, r.total)) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: `dimensions add up to ${sum}, but the total is ${r.total} / 各構面配分合計 ${sum}，與總分 ${r.total} 不符`,
      });
    }
  });

const sameNumber = (a: number, b: number) => Math.abs(a - b) < 1e-9;

export type RubricInput = z.input<typeof RubricSchema>;
export type Rubric = z.output<typeof RubricSchema>;
export type Dimension = Rubric['dimensions'][number];
export type ServiceArea = Rubric['serviceAreas'][number];

/** A criterion with everything a layout or a message needs, flattened in rubric order. */
export interface FlatCriterion {
  /** `${dimension.id}.${area.id}`: stable across label edits */
  id: string;
  /** 1-based position in rubric order, as the findings table numbers them */
  index: number;
  dimension: Dimension;
  area: ServiceArea;
  cap: number;
  guidance: string;
  /** "1. 創新性-提供在地化及客製化關懷服務", as the findings and tracking tables label a row */
  label: Message;
}

export function flatten(rubric: Rubric): FlatCriterion[] {
  const areas = new Map(rubric.serviceAreas.map((a) => [a.id, a]));
  const out: FlatCriterion[] = [];
  for (const dimension of rubric.dimensions) {
    for (const c of dimension.criteria) {
      const area = areas.get(c.area)!;
      const index = out.length + 1;
      out.push({
        id: `${dimension.id}.${area.id}`,
        index,
        dimension,
        area,
        cap: c.cap,
        guidance: c.guidance,
        label: msg(`${index}. ${dimension.zh}-${area.zh}`, `${index}. ${dimension.en} – ${area.en}`),
      });
    }
  }
  return out;
}

/** Parse a rubric from outside (a file, a setting); throws a UserError naming every problem. */
export function parseRubric(input: unknown, source = 'rubric'): Rubric {
  const r = RubricSchema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new UserError(
    msg(`評分規則 ${source} 不正確：\n${lines.join('\n')}`, `The rubric ${source} is not valid:\n${lines.join('\n')}`)
  );
}

/** Format a cap the way the documents do: "(100 分)". */
export const capText = (n: number) => `(${n} 分)`;
