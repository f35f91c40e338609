import { promises as fs } from 'fs';
import { parseArgs } from 'util';
import { z } from 'zod';
import { CheckResult } from '../domain/check';
import { RUBRIC_114 } from '../domain/defaultRubric';
import { UserError, msg } from '../domain/message';
import { Rubric, parseRubric } from '../domain/rubric';
import { PeriodSchema, TemplateOptionsSchema } from '../layouts/common';
import { checkWorkbook, readWorkbook, templateWorkbook, trackWorkbook, writeWorkbook } from '../hosts/xlsx/workbook';

/** `scorecard`: the whole job on .xlsx files, with the same engine the add-in uses in Excel. */

const HELP: Record<string, string> = {
  main: `scorecard: service-improvement plan and scorecard workbooks (.xlsx)

Usage:
  scorecard template --out FILE.xlsx [--office 名稱] [--year 114] [--period H1|H2] [--example]
  scorecard check FILE.xlsx [--json]
  scorecard track FILE.xlsx [--out OUT.xlsx]

Every command takes --rubric RUBRIC.json (default: the 114 rubric) and --help.
Exit codes: 0 success (check: every score valid), 1 check found problems, 2 the input cannot be used.`,
  template: `scorecard template --out FILE.xlsx [options]

Writes the plan (執行計畫), scorecard (考核評分表), summary (彙整表) and tracking (改善追蹤) sheets.

  --out FILE.xlsx   where to write (required; an existing file is not overwritten unless --force)
  --office NAME     the district office, e.g. 台東區營業處 (default ○○區營業處; with --example 台東區營業處)
  --year N          ROC year, e.g. 114 (default: this year)
  --period H1|H2    H1 = 1 月至 6 月, H2 = 7 月至 12 月 (default: the current half)
  --example         fill with the example: the Taipei plan's rows, the Taitung self-scores and findings
  --rubric FILE     a rubric JSON file instead of the default 114 rubric
  --force           overwrite FILE.xlsx if it exists`,
  check: `scorecard check FILE.xlsx [--json] [--rubric FILE]

Reads the self-scores through the defined name SelfScores and checks each against its cap.
Blank cells are "not yet scored", not errors.

  --json            print one JSON object: totals, every criterion, every problem
  --rubric FILE     the rubric the workbook was made with (default: the 114 rubric)

Exit codes: 0 every entered score is valid, 1 at least one is not, 2 the file cannot be read.`,
  track: `scorecard track FILE.xlsx [--out OUT.xlsx] [--rubric FILE]

Builds the improvement-tracking sheet (建議改善事項辦理情形表) from the Findings rows that carry a
suggestion, or updates it: progress and remarks typed there stay, a suggestion edited there is kept,
rows whose finding lost its suggestion are kept and marked, new rows are added in rubric order.

  --out OUT.xlsx    write the result here instead of updating FILE.xlsx in place
  --rubric FILE     the rubric the workbook was made with (default: the 114 rubric)`,
};

const now = new Date();
const defaultYear = now.getFullYear() - 1911;
const defaultPeriod = now.getMonth() < 6 ? 'H1' : 'H2';

const TemplateFlags = z.object({
  out: z.string({ error: '--out FILE.xlsx is required' }).min(1, '--out FILE.xlsx is required'),
  office: z.string().optional(),
  year: z
    .string()
    .regex(/^\d{1,3}$/, '--year takes a ROC year such as 114')
    .optional(),
  period: PeriodSchema.optional(),
  example: z.boolean().optional(),
  force: z.boolean().optional(),
});

async function loadRubric(file: string | undefined): Promise<Rubric> {
  if (!file) return RUBRIC_114;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(
      msg(`無法讀取評分規則 ${file}：${(e as Error).message}`, `Cannot read the rubric ${file}: ${(e as Error).message}`)
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(
      msg(
        `評分規則 ${file} 不是有效的 JSON：${(e as Error).message}`,
        `The rubric ${file} is not valid JSON: ${(e as Error).message}`
      )
    );
  }
  return parseRubric(json, file);
}

function usageError(m: string, command: string): never {
  throw new UserError(
    msg(`${m}\n執行 scorecard ${command} --help 查看用法。`, `${m}\nRun scorecard ${command} --help for usage.`)
  );
}

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(argv: string[], command: string, options: Options): Parsed {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' }, rubric: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return usageError((e as Error).message, command);
  }
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

function printCheck(file: string, r: CheckResult, io: Io) {
  io.out(`${file}`);
  for (const d of r.dimensions) io.out(`  ${d.name.zh} ${d.name.en}: ${d.total} / ${d.cap}`);
  io.out(`  總分 Total: ${r.total} / ${r.totalCap}   已評 scored: ${r.entered} / ${r.of}`);
  if (r.valid) {
    io.out(
      r.entered === r.of
        ? '  ✓ 所有分數均有效 / every score is valid'
        : `  ✓ 已填分數均有效，尚有 ${r.of - r.entered} 項未評 / the scores entered are valid; ${r.of - r.entered} not yet scored`
    );
    return;
  }
  io.out(`  ✗ ${r.problems.length} 項需修正 / ${r.problems.length} to fix:`);
  for (const p of r.problems) {
    io.out(`    ${p.message.zh}`);
    io.out(`    ${p.message.en}`);
  }
}

export async function run(
  argv: string[],
  io: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP.main);
      return command ? 0 : 2;
    }
    if (command === 'template') {
      const a = parse(rest, command, {
        out: { type: 'string', short: 'o' },
        office: { type: 'string' },
        year: { type: 'string' },
        period: { type: 'string' },
        example: { type: 'boolean' },
        force: { type: 'boolean' },
      });
      if (a.values.help) return (io.out(HELP.template), 0);
      if (a.positionals.length) usageError(`unexpected argument: ${a.positionals[0]}`, command);
      const f = TemplateFlags.safeParse(a.values);
      if (!f.success)
        usageError(
          f.error.issues.map((i) => (i.path.length ? `--${i.path.join('.')}: ${i.message}` : i.message)).join('\n'),
          command
        );
      const rubric = await loadRubric(a.values.rubric as string | undefined);
      const opts = TemplateOptionsSchema.parse({
        office: f.data.office ?? (f.data.example ? '台東區營業處' : '○○區營業處'),
        rocYear: f.data.year ? Number(f.data.year) : f.data.example ? 114 : defaultYear,
        period: f.data.period ?? (f.data.example ? 'H1' : defaultPeriod),
        example: f.data.example ?? false,
      });
      if (!f.data.force && (await exists(f.data.out))) {
        throw new UserError(
          msg(`${f.data.out} 已存在；加上 --force 才會覆寫。`, `${f.data.out} already exists; add --force to overwrite it.`)
        );
      }
      await writeWorkbook(templateWorkbook({ ...opts, rubric }), f.data.out);
      io.out(`已寫入 Wrote ${f.data.out}: ${opts.office} ${opts.rocYear} ${opts.period}${opts.example ? ' (example 範例)' : ''}`);
      return 0;
    }
    if (command === 'check') {
      const a = parse(rest, command, { json: { type: 'boolean' } });
      if (a.values.help) return (io.out(HELP.check), 0);
      if (a.positionals.length !== 1) usageError('check takes one FILE.xlsx', command);
      const file = a.positionals[0];
      const rubric = await loadRubric(a.values.rubric as string | undefined);
      const wb = await readWorkbook(file);
      const r = checkWorkbook(wb, rubric, file);
      if (a.values.json) io.out(JSON.stringify(checkJson(file, r), null, 2));
      else printCheck(file, r, io);
      return r.valid ? 0 : 1;
    }
    if (command === 'track') {
      const a = parse(rest, command, { out: { type: 'string', short: 'o' } });
      if (a.values.help) return (io.out(HELP.track), 0);
      if (a.positionals.length !== 1) usageError('track takes one FILE.xlsx', command);
      const file = a.positionals[0];
      const rubric = await loadRubric(a.values.rubric as string | undefined);
      const wb = await readWorkbook(file);
      const outcome = trackWorkbook(wb, rubric, file);
      const target = (a.values.out as string | undefined) ?? file;
      await writeWorkbook(wb, target);
      io.out(`${target} · ${outcome.sheet}${outcome.created ? '（新建 created）' : ''}: ${outcome.rows} 列 rows`);
      io.out(outcome.summary.zh);
      io.out(outcome.summary.en);
      return 0;
    }
    usageError(`unknown command: ${command}`, '');
  } catch (e) {
    if (e instanceof UserError) {
      io.err(`scorecard: ${e.detail.zh}`);
      io.err(`scorecard: ${e.detail.en}`);
      return e.exitCode;
    }
    io.err(`scorecard: 內部錯誤，檔案未變更 / internal error, no file was changed: ${(e as Error).stack ?? e}`);
    return 2;
  }
  return 2;
}

async function exists(f: string) {
  try {
    await fs.access(f);
    return true;
  } catch {
    return false;
  }
}

/** The `check --json` shape: stable, documented in the README. */
export function checkJson(file: string, r: CheckResult) {
  return {
    file,
    valid: r.valid,
    entered: r.entered,
    of: r.of,
    total: r.total,
    totalCap: r.totalCap,
    dimensions: r.dimensions.map((d) => ({ id: d.id, name: d.name, cap: d.cap, total: d.total })),
    criteria: r.criteria.map((c) => ({
      id: c.criterionId,
      label: c.label,
      cell: c.address,
      cap: c.cap,
      status: c.status,
      score: c.status === 'scored' ? c.score : null,
    })),
    problems: r.problems.map((p) => ({
      kind: p.kind,
      sheet: p.sheet,
      cell: p.address,
      criterionId: p.criterionId,
      criterion: p.criterion.zh,
      value: p.value,
      cap: p.cap,
      message: p.message,
    })),
  };
}
