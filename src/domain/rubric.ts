import * as z from 'zod/mini';
import { Message, UserError, msg } from './message';

/**
 * The rubric is data: dimensions (執行構面) holding criteria (評核項目), each with a cap.
 * This schema is the single source of truth; the types below are inferred from it.
 *
 * zod/mini (functional, tree-shakable) rather than zod, and built on first use rather than at load: building
 * it is what pulls zod into a bundle, so a bundle that never parses a rubric carries no zod at all.
 */
function buildSchema() {
  const text = z.string().check(z.trim(), z.minLength(1));
  // zod 4 numbers are finite already (classic `.finite()` is a no-op), so no check for it.
  const cap = z.number().check(z.positive(), z.lte(100000));
  const id = z.string().check(z.regex(/^[a-z][a-zA-Z0-9_-]*$/, 'id: lower-case letters, digits, _ or -'));

  const serviceArea = z.object({
    id,
    /** 一、 二、 三、 … as the documents number them */
    numeral: text,
    zh: text,
    en: text,
  });

  const criterion = z.object({
    /** id of one of the rubric's service areas: a criterion is one service area inside one dimension */
    area: z.string(),
    cap,
    /** 評分重點: what the reviewer looks for; one item per line */
    guidance: z._default(z.string(), ''),
  });

  const dimension = z.object({
    id,
    zh: text,
    en: text,
    cap,
    criteria: z.array(criterion).check(z.minLength(1)),
  });

  return z
    .object({
      /** e.g. "114": the year whose rubric this is */
      id: text,
      total: cap,
      serviceAreas: z.array(serviceArea).check(z.minLength(1)),
      dimensions: z.array(dimension).check(z.minLength(1)),
    })
    .check(
      z.superRefine((r, ctx) => {
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
      })
    );
}

const sameNumber = (a: number, b: number) => Math.abs(a - b) < 1e-9;

type RubricSchema = ReturnType<typeof buildSchema>;
let schema: RubricSchema | undefined;
/** The rubric's zod/mini schema, built once. */
export const rubricSchema = (): RubricSchema => (schema ??= buildSchema());

export type RubricInput = z.input<RubricSchema>;
export type Rubric = z.output<RubricSchema>;
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

/*
 * zod/mini registers no locale, so its own messages would all be "Invalid input". English messages, as
 * full zod gives them ("Invalid input: expected number, received string"), for this parse only: a global
 * z.config() here would change the messages of every other schema in the bundle.
 */
let englishMap: z.core.$ZodErrorMap | undefined;
const english = () => (englishMap ??= z.locales.en().localeError);

/** Parse a rubric from outside (a file, a setting); throws a UserError naming every problem. */
export function parseRubric(input: unknown, source = 'rubric'): Rubric {
  const r = rubricSchema().safeParse(input, { error: english() });
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new UserError(
    msg(`評分規則 ${source} 不正確：\n${lines.join('\n')}`, `The rubric ${source} is not valid:\n${lines.join('\n')}`)
  );
}

/** Format a cap the way the documents do: "(100 分)". */
export const capText = (n: number) => `(${n} 分)`;
