import { promises as fs } from 'fs';
import { parseArgs } from 'util';
import { UserError, bilingual, msg, type Message } from '../domain/message';
import type { Rubric } from '../domain/rubric';
import type { Operation } from '../operations/types';
import type { CheckOutcome } from '../operations/check';
import type { ReviewResult } from '../domain/reviewTypes';
import type { ReviewInput } from '../operations/review';
import type { Found } from './files';

/**
 * `scorecard`: the whole job on .xlsx files, through the same operations the add-in runs in Excel.
 * Heavy modules (ExcelJS, the layouts, the schemas) load only when a command needs them, so `--help`
 * and usage errors answer at once.
 */

const HELP: Record<string, string> = {
  main: `scorecard: service-improvement plan and scorecard workbooks (.xlsx)

Usage:
  scorecard template --out FILE.xlsx [--office 名稱] [--year 114] [--period H1|H2] [--example] [--force]
  scorecard check PATH… [--json]
  scorecard track FILE.xlsx [--out OUT.xlsx] [--force]
  scorecard adopt FILE.xlsx [--out OUT.xlsx] [--force]
  scorecard next FILE.xlsx --out NEXT.xlsx [--force]
  scorecard review PATH… [--out review.xlsx] [--json] [--force]

Every command takes --rubric RUBRIC.json (default: the 114 rubric) and --help.
PATH is a workbook or a folder (searched, with its subfolders, for .xlsx files; Excel's ~$ lock files skipped).
Exit codes: 0 success (check: every score valid), 1 check or review found problems, 2 the input cannot be used.`,
  template: `scorecard template --out FILE.xlsx [options]

Writes the plan (執行計畫), scorecard (考核評分表), summary (彙整表) and tracking (改善追蹤) sheets.

  --out FILE.xlsx   where to write (required; an existing file is not replaced unless --force)
  --office NAME     the district office, e.g. 台東區營業處, 1–40 characters (default ○○區營業處; with --example 台東區營業處)
  --year N          ROC year from 90 to 250, e.g. 114 (default: this year)
  --period H1|H2    H1 = 1 月至 6 月, H2 = 7 月至 12 月 (default: the current half)
  --example         fill with the example: the Taipei plan's rows, the Taitung self-scores and findings
  --rubric FILE     a rubric JSON file instead of the default 114 rubric
  --force           replace FILE.xlsx if it exists`,
  check: `scorecard check PATH… [--json] [--rubric FILE]

Reads the self-scores through the defined name SelfScores and checks each against its cap, the way the
sheet's own formulas count it. Blank cells are "not yet scored", not errors. PATH is one or more workbooks
or folders (searched for .xlsx files); many are read in parallel, and one that cannot be read is listed
without stopping the others.

  --json            one workbook: one JSON object (whose form, totals, every criterion, every problem);
                    several or a folder: {"workbooks": [one such object each], "unreadable": [{file, message}]}
  --rubric FILE     the rubric the workbooks were made with (default: the 114 rubric)

Exit codes: 0 every entered score is valid, 1 at least one is not (or a file cannot be read, among several),
2 no file could be read.`,
  review: `scorecard review PATH… [--out review.xlsx] [--json] [--force] [--rubric FILE]

Reviews many workbooks at once (one per district office and half-year): totals and ranks among the workbooks of
the same year and half, per-criterion statistics, the improvements not yet done across offices, and what a
reviewer should look at (identical score sets, every score at its cap, H2 scores that repeat H1, incomplete or
invalid workbooks, files that cannot be read). PATH is any mix of workbooks and folders (searched, with their
subfolders, for .xlsx files; Excel's ~$ lock files skipped). Workbooks made by hand (a scorecard pasted from
Word) are recognised, read-only. One unreadable or foreign file never stops the run: it is listed with the reason.

  --out FILE.xlsx   write the review workbook (總表, 項目統計, 待改善事項, 疑點, and 上下半年對照 when an office has
                    both halves of a year), with ranks and averages as formulas (not replaced unless --force)
  --json            print the review as one JSON object (README: "review --json")
  --rubric FILE     the rubric the workbooks were made with (default: the 114 rubric)
  --force           replace the --out file if it exists

Exit codes: 0 every workbook readable, complete and valid; 1 any is not; 2 none could be read.`,
  track: `scorecard track FILE.xlsx [--out OUT.xlsx] [--force] [--rubric FILE]

Builds the improvement-tracking sheet (建議改善事項辦理情形表) from the Findings rows that carry a
suggestion, or updates it. Only the tool's own cells are written: progress, remarks and anything else
typed there stay exactly as they are (text, numbers, dates, formulas, links, merges); a suggestion edited
there is kept; rows whose finding lost its suggestion are kept and marked; new rows are inserted after the
row of the nearest earlier item.

  --out OUT.xlsx    write the result here instead of updating FILE.xlsx in place (not replaced unless --force)
  --rubric FILE     the rubric the workbook was made with (default: the 114 rubric)
  --force           replace OUT.xlsx if it exists

Writing in place is safe: through a link to its target, keeping the file's permissions, and never over a
file someone else saved while the command ran. A table already up to date is not written at all.`,
  adopt: `scorecard adopt FILE.xlsx [--out OUT.xlsx] [--force] [--rubric FILE]

Sets up a scorecard that staff made by hand (the Word form's tables pasted into Excel) so that check, track,
review and the add-in work on it. It finds the scorecard table in any sheet (the header row 執行構面 · 評核項目 ·
評分重點 · 自評, repeated before each dimension or not, in any column, with extra columns, titles above and merged
dimension cells), matches every row to a criterion, and checks the caps the labels state against the rubric.
Then, changing no cell that holds something, it adds: the name SelfScores over the staff's own score cells,
validation (0 to the cap) and red fill on them, a sheet 自評總分核算 (whose form, caps, each score checked,
subtotals and total as formulas), the total formulas in the summary's empty 分數 cells, the name Findings over
the findings table, and the tracking table (the pasted one, given its bookkeeping columns; or a new sheet).
A workbook set up already is left as it is.

  --out OUT.xlsx    write the result here instead of updating FILE.xlsx in place (not replaced unless --force)
  --rubric FILE     the rubric the form follows (default: the 114 rubric)
  --force           replace OUT.xlsx if it exists

Exit codes: 0 set up (or set up already), 2 the table was not found or disagrees with the rubric (a cap in a
label, a criterion missing): the message names the cell, and nothing is written.`,
  next: `scorecard next FILE.xlsx --out NEXT.xlsx [--force] [--rubric FILE]

Starts the next period: H1 → H2 of the same year, H2 → H1 of the next year. NEXT.xlsx holds the earlier period's
sheets as they are (their names kept on their own sheets, so their formulas still read their own period) and the
new period's sheets beside them: the plan carried over as it is, self-scores and findings blank, and the tracking
sheet carrying every improvement not marked 已完成 in 辦理狀態, with its progress so far and where it came from.
The workbook-scoped names (and so check, track, review and the add-in) move to the new period. FILE is never
modified.

  --out NEXT.xlsx   where to write (required; never FILE itself; not replaced unless --force)
  --rubric FILE     the rubric the workbook was made with (default: the 114 rubric)
  --force           replace NEXT.xlsx if it exists`,
};

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const usage = (zh: string, en: string, command: string): never => {
  const help = command ? `scorecard ${command} --help` : 'scorecard --help';
  throw new UserError(msg(`${zh}（用法：${help}）`, `${en} (usage: ${help})`));
};

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(argv: string[], command: string, options: Options): Parsed {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' }, rubric: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    }) as Parsed;
  } catch (e) {
    const text = (e as Error).message.split('\n')[0];
    // Node's messages name the option in quotes: "Unknown option '--bogus'. …", "Option '-o, --out <value>' argument missing".
    const quoted = /'(-[^']*)'/.exec(text)?.[1] ?? '';
    const option = /--[^\s,<]+/.exec(quoted)?.[0] ?? quoted.split(/[\s,]/)[0];
    const code = (e as NodeJS.ErrnoException).code;
    if (option && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      return usage(`無法辨識的選項 ${option}`, `unknown option ${option}`, command);
    if (option && /argument missing/.test(text))
      return usage(`選項 ${option} 需要一個值`, `option ${option} needs a value`, command);
    if (option && /does not take an argument/.test(text))
      return usage(`選項 ${option} 不接受值`, `option ${option} takes no value`, command);
    return usage('無法辨識的參數', `unrecognised arguments: ${text}`, command);
  }
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** A file argument: present, one, and plausibly a workbook. */
function oneFile(a: Parsed, command: string): string {
  if (a.positionals.length === 0) usage(`${command} 需要一個 .xlsx 檔案`, `${command} takes one FILE.xlsx`, command);
  if (a.positionals.length > 1) {
    usage(
      `${command} 只接受一個檔案，卻收到 ${a.positionals.length} 個`,
      `${command} takes one file, not ${a.positionals.length}`,
      command
    );
  }
  return a.positionals[0];
}

async function loadRubric(file: string | undefined): Promise<Rubric> {
  const { RUBRIC_114 } = await import('../domain/defaultRubric.js');
  if (file === undefined) return RUBRIC_114;
  const { parseRubric } = await import('../domain/rubric.js');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UserError(msg(`無法讀取評分規則 ${file}（${code}）`, `Cannot read the rubric ${file} (${code})`));
  }
  let json: unknown;
  try {
    // Notepad saves UTF-8 with a byte-order mark; JSON.parse refuses it.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
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

async function xlsx() {
  const [adapter, safe] = await Promise.all([import('../adapters/xlsx/index.js'), import('../adapters/xlsx/safeFile.js')]);
  return { ...adapter, ...safe };
}

function failed(error: Message): never {
  throw new UserError(error);
}

async function template(rest: string[], io: Io): Promise<number> {
  const a = parse(rest, 'template', {
    out: { type: 'string', short: 'o' },
    office: { type: 'string' },
    year: { type: 'string' },
    period: { type: 'string' },
    example: { type: 'boolean' },
    force: { type: 'boolean' },
  });
  if (a.values.help) return (io.out(HELP.template), 0);
  if (a.positionals.length) usage(`多餘的參數：${a.positionals[0]}`, `unexpected argument: ${a.positionals[0]}`, 'template');
  const out = str(a.values.out);
  if (!out) usage('需要 --out FILE.xlsx', '--out FILE.xlsx is required', 'template');
  const { defaultOptions, parseTemplateOptions } = await import('../contract.js');
  const example = a.values.example === true;
  const examples = example ? (await import('../examples/index.js')).EXAMPLES : undefined;
  // The example is the Taitung form: its office, year and half unless told otherwise.
  const defaults = examples ? examples.scorecard : defaultOptions();
  const yearText = str(a.values.year);
  const parsed = parseTemplateOptions({
    office: str(a.values.office) ?? defaults.office,
    rocYear:
      yearText === undefined
        ? defaults.rocYear
        : /^\s*\d+\s*$/.test(yearText.normalize('NFKC'))
          ? Number(yearText.normalize('NFKC'))
          : NaN,
    period: (str(a.values.period) ?? defaults.period).toUpperCase(),
    example,
  });
  if (!parsed.ok) {
    const flag: Record<string, string> = { office: '--office', rocYear: '--year', period: '--period' };
    const say = (lang: 'zh' | 'en') => parsed.issues.map((i) => `${flag[i.field] ?? i.field}: ${i.message[lang]}`);
    return usage(say('zh').join('；'), say('en').join('; '), 'template');
  }
  const opts = parsed.value;
  const rubric = await loadRubric(str(a.values.rubric));
  const x = await xlsx();
  const { insertTemplates } = await import('../operations/insertTemplates.js');
  const book = x.newBook();
  const r = x.runOnBook(book, insertTemplates, { ...opts, rubric, examples });
  if (!r.ok) failed(r.error);
  await x.writeOutputFile(out!, await x.saveBook(book), { mustNotExist: a.values.force !== true });
  io.out(`已寫入 Wrote ${out}: ${opts.office} ${opts.rocYear} ${opts.period}${opts.example ? ' (example 範例)' : ''}`);
  return 0;
}

function printCheck(file: string, r: CheckOutcome, io: Io) {
  io.out(`${file}`);
  const who = [r.meta.office, r.meta.rocYear && `${r.meta.rocYear} 年度`, r.meta.period].filter(Boolean).join(' ');
  if (who) io.out(`  ${who}`);
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
  io.out(`  ✗ ${r.problems.length} 項需修正，總分未定 / ${r.problems.length} to fix; the total is not final:`);
  for (const p of r.problems) {
    io.out(`    ${p.message.zh}`);
    io.out(`    ${p.message.en}`);
  }
}

/** The workbooks named by the positionals (files and folders), at least one. */
async function manyFiles(a: Parsed, command: string): Promise<Found & { single: boolean }> {
  if (a.positionals.length === 0)
    usage(`${command} 需要至少一個 .xlsx 檔案或資料夾`, `${command} takes at least one FILE.xlsx or folder`, command);
  const { workbookFiles } = await import('./files.js');
  const { files, unreadable } = await workbookFiles(a.positionals);
  if (files.length === 0 && unreadable.length === 0) {
    const where = a.positionals.join(', ');
    throw new UserError(msg(`${where} 中沒有 .xlsx 檔案`, `No .xlsx files in ${where}`));
  }
  const { statSync } = await import('fs');
  // One path that is not a folder keeps the one-workbook output (and refuses a FIFO or device as before).
  return { files, unreadable, single: a.positionals.length === 1 && !statSync(a.positionals[0]).isDirectory() };
}

async function check(rest: string[], io: Io): Promise<number> {
  const a = parse(rest, 'check', { json: { type: 'boolean' } });
  if (a.values.help) return (io.out(HELP.check), 0);
  const many = await manyFiles(a, 'check');
  if (!many.single) return checkMany(many, await loadRubric(str(a.values.rubric)), a.values.json === true, io);
  const file = many.files[0];
  const rubric = await loadRubric(str(a.values.rubric));
  const x = await xlsx();
  const { check: op } = await import('../operations/check.js');
  const { data } = await x.readInputFile(file);
  const r = x.runOnBook(await x.loadBook(data, file), op, { rubric });
  if (!r.ok) failed(r.error);
  const value = r.value!;
  if (a.values.json) io.out(JSON.stringify(checkJson(file, value), null, 2));
  else printCheck(file, value, io);
  return value.valid ? 0 : 1;
}

async function checkMany(found: Found, rubric: Rubric, json: boolean, io: Io): Promise<number> {
  const { readMany } = await import('./pool.js');
  const results = await readMany('check', found.files, rubric);
  const read = results.flatMap((r) => (r.ok && r.kind === 'check' ? [{ file: r.file, value: r.value }] : []));
  const unreadable = [...found.unreadable, ...results.flatMap((r) => (r.ok ? [] : [{ file: r.file, message: r.message }]))];
  if (json) {
    io.out(JSON.stringify({ workbooks: read.map((r) => checkJson(r.file, r.value)), unreadable }, null, 2));
  } else {
    for (const r of read) printCheck(r.file, r.value, io);
    for (const u of unreadable) io.out(`${u.file}\n  ✗ ${u.message.zh}\n    ${u.message.en}`);
  }
  if (read.length === 0) return 2;
  return unreadable.length || read.some((r) => !r.value.valid) ? 1 : 0;
}

/** --out must not exist (unless --force) and must never be one of the inputs, even with --force. */
async function checkOut(
  out: string,
  inputs: string[],
  force: boolean,
  role = msg('受審閱的活頁簿之一', 'one of the workbooks under review')
): Promise<void> {
  const real = (f: string) => fs.realpath(f).catch(() => undefined);
  const target = await real(out);
  if (target === undefined) return;
  for (const f of inputs)
    if ((await real(f)) === target)
      throw new UserError(
        msg(
          `--out ${out} 是${role.zh}，不可覆寫；請另取檔名`,
          `--out ${out} is ${role.en} and is never replaced; choose another name`
        )
      );
  if (!force)
    throw new UserError(msg(`${out} 已存在；要取代它請加上 --force`, `${out} already exists; add --force to replace it`));
}

async function writeReview(out: string, input: ReviewInput, force: boolean): Promise<ReviewResult> {
  const [x, { reviewWorkbooks }] = await Promise.all([xlsx(), import('../operations/review.js')]);
  const book = x.newBook();
  const ran = x.runOnBook(book, reviewWorkbooks, input);
  if (!ran.ok) failed(ran.error);
  await x.writeOutputFile(out, await x.saveBook(book), { mustNotExist: !force });
  return ran.value!.review;
}

async function review(rest: string[], io: Io): Promise<number> {
  const a = parse(rest, 'review', {
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    force: { type: 'boolean' },
  });
  if (a.values.help) return (io.out(HELP.review), 0);
  const out = str(a.values.out);
  if (out !== undefined && !/\.xlsx$/i.test(out))
    usage(`--out 須為 .xlsx 檔名：${out}`, `--out takes an .xlsx file name: ${out}`, 'review');
  const found = await manyFiles(a, 'review');
  // Refused before reading a thousand files, not after; and never over one of the workbooks under review.
  if (out !== undefined) await checkOut(out, found.files, a.values.force === true);
  const rubric = await loadRubric(str(a.values.rubric));
  const [{ readMany }, r, { reviewJson, reviewOf }] = await Promise.all([
    import('./pool.js'),
    import('./review.js'),
    import('../domain/review.js'),
  ]);
  const sorted = r.sortOut(await readMany('inspect', found.files, rubric));
  const input = { rubric, facts: sorted.facts, unreadable: [...found.unreadable, ...sorted.unreadable] };
  const write = out !== undefined && input.facts.length > 0;
  // With --out, the same operation the pane runs, on a new workbook; without, the review alone: no sheet laid out.
  const result = write
    ? await writeReview(out!, input, a.values.force === true)
    : reviewOf(rubric, input.facts, input.unreadable);
  if (a.values.json) {
    io.out(JSON.stringify(reviewJson(result), null, 2));
  } else {
    r.printReview(result, rubric, io.out);
    if (write) io.out(`已寫入 Wrote ${out}`);
    else if (out !== undefined) io.out(`沒有可讀取的活頁簿，未寫入 ${out} / No workbook could be read; ${out} was not written`);
  }
  return r.reviewExit(result);
}

/**
 * One operation on one workbook, in place or into --out: `track` and `adopt`. A plan with no edits costs no write: the
 * workbook stays byte for byte as it is (with --out, a copy of it). The outcome and where it went; undefined after --help.
 */
async function inPlace<R>(
  command: 'track' | 'adopt',
  rest: string[],
  io: Io,
  load: () => Promise<Operation<{ rubric: Rubric }, R>>
): Promise<{ outcome: R; target: string } | undefined> {
  const a = parse(rest, command, { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  if (a.values.help) return void io.out(HELP[command]);
  const file = oneFile(a, command);
  const out = str(a.values.out);
  const rubric = await loadRubric(str(a.values.rubric));
  const [x, op] = await Promise.all([xlsx(), load()]);
  const { data, stamp } = await x.readInputFile(file);
  const book = await x.loadBook(data, file);
  const r = x.runOnBook(book, op, { rubric });
  if (!r.ok) failed(r.error);
  const bytes = r.wrote ? await x.saveBook(book) : data;
  if (out === undefined) {
    if (r.wrote) await x.writeOutputFile(file, bytes, { expect: stamp });
  } else await x.writeOutputFile(out, bytes, { mustNotExist: a.values.force !== true });
  return { outcome: r.value!, target: out ?? file };
}

async function track(rest: string[], io: Io): Promise<number> {
  const done = await inPlace('track', rest, io, async () => (await import('../operations/track.js')).track);
  if (!done) return 0;
  const { outcome, target } = done;
  io.out(`${target} · ${outcome.sheet}${outcome.created ? '（新建 created）' : ''}: ${outcome.rows} 列 rows`);
  io.out(outcome.summary.zh);
  io.out(outcome.summary.en);
  return 0;
}

async function adopt(rest: string[], io: Io): Promise<number> {
  const done = await inPlace('adopt', rest, io, async () => (await import('../operations/adopt.js')).adopt);
  if (!done) return 0;
  const { outcome: o, target } = done;
  io.out(`${target}: ${o.already ? '已設定過，未變更 / set up already, not changed' : '已設定 / set up'}`);
  for (const p of o.found) io.out(`  找到 found  ${p.where}  ${p.what.zh} / ${p.what.en}`);
  for (const p of o.added) io.out(`  新增 added  ${p.where}  ${p.what.zh} / ${p.what.en}`);
  for (const n of o.notes) io.out(`  注意 note   ${n.zh} / ${n.en}`);
  return 0;
}

async function next(rest: string[], io: Io): Promise<number> {
  const a = parse(rest, 'next', { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  if (a.values.help) return (io.out(HELP.next), 0);
  const file = oneFile(a, 'next');
  const out = str(a.values.out);
  if (!out) usage('需要 --out NEXT.xlsx', '--out NEXT.xlsx is required', 'next');
  await checkOut(
    out!,
    [file],
    a.values.force === true,
    msg('來源活頁簿（next 從不修改它）', 'the source workbook (next never modifies it)')
  );
  const rubric = await loadRubric(str(a.values.rubric));
  const x = await xlsx();
  const { nextPeriod } = await import('../operations/next.js');
  const { data } = await x.readInputFile(file);
  const book = await x.loadBook(data, file);
  const r = x.runOnBook(book, nextPeriod, { rubric });
  if (!r.ok) failed(r.error);
  await x.writeOutputFile(out!, await x.saveBook(book), { mustNotExist: a.values.force !== true });
  const o = r.value!;
  io.out(`${out}: ${o.sheets.plan}、${o.sheets.scorecard}、${o.sheets.summary}、${o.sheets.tracking}`);
  io.out(o.summary.zh);
  io.out(o.summary.en);
  return 0;
}

const COMMANDS: Record<string, (rest: string[], io: Io) => Promise<number>> = { template, check, track, adopt, next, review };

export async function run(
  argv: string[],
  io: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command)
      usage(
        '需要指令：template、check、track、adopt、next 或 review',
        'a command is needed: template, check, track, adopt, next or review',
        ''
      );
    if (command === '--help' || command === '-h' || command === 'help') return (io.out(HELP.main), 0);
    const fn = COMMANDS[command];
    if (!fn) usage(`未知的指令：${command}`, `unknown command: ${command}`, '');
    return await fn(rest, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.err(`scorecard: ${bilingual(e.detail)}`);
      return e.exitCode;
    }
    // A defect: say so plainly, keep the detail for a report, and change nothing.
    io.err(`scorecard: 內部錯誤，檔案未變更 / internal error, no file was changed: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.SCORECARD_DEBUG) io.err(String((e as Error)?.stack));
    return 2;
  }
}

/** The `check --json` shape: stable, documented in the README. */
export function checkJson(file: string, r: CheckOutcome) {
  return {
    file,
    office: r.meta.office ?? null,
    year: r.meta.rocYear ?? null,
    period: r.meta.period ?? null,
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
