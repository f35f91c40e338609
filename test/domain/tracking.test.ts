import fc from 'fast-check';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import {
  ExistingRow,
  FindingRow,
  STATUS,
  TextCell,
  TrackField,
  TrackingPlan,
  carriesText,
  describeReport,
  planTracking,
} from '../../src/domain/tracking';
import { TAITUNG_SCORECARD_114_H1 } from '../../src/examples/taitungScorecard';

const flat = flatten(RUBRIC_114);
const seed = (): FindingRow[] => TAITUNG_SCORECARD_114_H1.findings.map((f) => ({ ...f }));
const FIELDS: TrackField[] = ['item', 'suggestion', 'progress', 'remarks', 'status', 'source'];
const cell = (text: string): TextCell => ({ text, blank: text.trim() === '' });

/** A table as the tool leaves it: the plan applied to the rows (what a host does with the write plan). */
function apply(rows: ExistingRow[], plan: TrackingPlan): ExistingRow[] {
  const out = rows.map((r) => ({ ...r }));
  for (const c of plan.changes) {
    for (const [k, v] of Object.entries(c.set)) {
      if (k === 'key') out[c.row].key = v as string;
      else out[c.row][k as TrackField] = cell(v as string);
    }
  }
  const result: ExistingRow[] = [];
  const fresh = (r: TrackingPlan['added'][number]): ExistingRow => ({
    key: r.key,
    item: cell(r.item),
    suggestion: cell(r.suggestion),
    progress: cell(r.progress),
    remarks: cell(r.remarks),
    status: cell(''),
    source: cell(r.source),
  });
  result.push(...plan.added.filter((a) => a.after === -1).map(fresh));
  out.forEach((r, i) => result.push(r, ...plan.added.filter((a) => a.after === i).map(fresh)));
  return result;
}
const numbers = (rows: ExistingRow[]) => rows.map((r) => (r.key ? flat.findIndex((c) => c.id === r.key) + 1 : 0));
const build = (findings = seed()) => apply([], planTracking(flat, findings, []));

describe('carriesText', () => {
  it.each(['', '  ', '無', '无', '無。', '-', '－', 'N/A', 'n/a', 'Ｎ／Ａ', '無建議', 'None', '—'])(
    '"%s" carries no suggestion',
    (s) => expect(carriesText(s)).toBe(false)
  );
  it.each(['增加管道以強化溝通。', '無障礙設施改善', '-> 加強訓練', '0'])('"%s" carries a suggestion', (s) =>
    expect(carriesText(s)).toBe(true)
  );
});

describe('planTracking', () => {
  it('builds exactly items 1, 4, 7, 11 from the seed findings, with their progress', () => {
    const plan = planTracking(flat, seed(), []);
    const rows = apply([], plan);
    expect(numbers(rows)).toEqual([1, 4, 7, 11]);
    expect(rows[1].suggestion.text).toBe('增加管道以強化與在地用電大戶溝通與互動。');
    expect(rows[1].progress.text).toBe('採用線上問券、電訪、或專人訪談以記錄用戶的回饋。');
    expect(plan.report.added).toEqual(['innovation.local', 'impact.local', 'sustainability.local', 'diffusion.simplify']);
  });

  it('keeps progress typed in tracking, inserts a new suggestion after the nearest earlier item, marks (never drops) a withdrawn one', () => {
    const first = build();
    first[0].progress = cell('7 月已補足人力。');
    first[2].remarks = cell('持續追蹤');
    const findings = seed();
    findings[1].suggestion = '跨機關查驗再擴充。';
    findings[6].suggestion = '無';
    const plan = planTracking(flat, findings, first);
    const rows = apply(first, plan);
    expect(numbers(rows)).toEqual([1, 2, 4, 7, 11]);
    expect(rows[0].progress.text).toBe('7 月已補足人力。');
    expect(rows[3].remarks.text).toBe('持續追蹤');
    expect(rows[3].status.text).toBe(STATUS.orphan);
    expect(rows[3].suggestion.text).toBe('人員多元化訓練，增加公司用電業務熟悉。');
    expect(plan.report.added).toEqual(['innovation.simplify']);
    expect(plan.report.orphaned).toEqual(['sustainability.local']);
    // Typed cells are not even written: the only change to row 1 is none at all.
    expect(plan.changes.find((c) => c.row === 0)).toBeUndefined();
  });

  it('a table staff sorted keeps its order; a new row goes after the row of the nearest earlier item', () => {
    const rows = build().reverse(); // 11, 7, 4, 1
    const findings = seed();
    findings[4].suggestion = '新的建議'; // item 5: after item 4
    const after = apply(rows, planTracking(flat, findings, rows));
    expect(numbers(after)).toEqual([11, 7, 4, 5, 1]);
  });

  it('a suggestion edited in the tracking sheet is not overwritten, even when the finding changes; the mark stays until they agree', () => {
    const first = build();
    first[0].suggestion = cell('因應補充人力、人員調動頻繁，須適時考量人員編制。');
    const findings = seed();
    findings[0].suggestion = '區處人力仍不足。';
    const plan = planTracking(flat, findings, first);
    const rows = apply(first, plan);
    expect(rows[0].suggestion.text).toBe('因應補充人力、人員調動頻繁，須適時考量人員編制。');
    expect(rows[0].status.text).toBe(STATUS.changed);
    expect(plan.report.conflicts).toEqual(['innovation.local']);
    const again = apply(rows, planTracking(flat, findings, rows));
    expect(again[0].status.text).toBe(STATUS.changed);
    again[0].suggestion = cell('區處人力仍不足。');
    expect(apply(again, planTracking(flat, findings, again))[0].status.text).toBe('');
  });

  it('an untouched suggestion follows the finding; with progress already written, 狀態 asks to confirm it', () => {
    const first = build();
    const findings = seed();
    findings[3].suggestion = '改為每季拜訪大用戶。';
    const plan = planTracking(flat, findings, first);
    const rows = apply(first, plan);
    expect(rows[1].suggestion.text).toBe('改為每季拜訪大用戶。');
    expect(rows[1].status.text).toBe(STATUS.updated);
    expect(plan.report.replaced).toEqual(['impact.local']);
    const summary = describeReport(plan.report, flat);
    expect(summary.zh).toContain('依彙整表更新 1 列');
    expect(summary.en).toContain('took 1 changed suggestions');
    expect(summary.zh).not.toContain('已是最新');
  });

  it('rows are matched by 項目代碼 only: a relabelled item is still its criterion; rows staff added stay untouched', () => {
    const first = build();
    first[0].item = cell('人力不足（改標題）');
    first.push({
      key: '',
      item: cell('自行新增'),
      suggestion: cell('x'),
      progress: cell(''),
      remarks: cell(''),
      status: cell(''),
      source: cell(''),
    });
    const plan = planTracking(flat, seed(), first);
    expect(plan.added).toEqual([]);
    expect(plan.changes).toEqual([]);
    expect(describeReport(plan.report, flat).en).toContain('up to date');
  });

  it('fills a blank progress from the findings, and never a non-blank one (a number or a date is not blank)', () => {
    const first = build();
    first[1].progress = cell('');
    first[2].progress = { text: '45838', blank: false };
    const plan = planTracking(flat, seed(), first);
    expect(plan.changes).toEqual([{ row: 1, set: { progress: '採用線上問券、電訪、或專人訪談以記錄用戶的回饋。' } }]);
  });

  it('property: the tool writes only its own columns and blank cells, and a rebuild of its own result changes nothing', () => {
    const text = fc.oneof(fc.constant(''), fc.constant('無'), fc.string({ minLength: 1, maxLength: 6 }));
    const findingsArb = fc.array(fc.record({ suggestion: text, progress: text, remarks: text }), {
      minLength: 12,
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        findingsArb,
        findingsArb,
        fc.array(fc.tuple(fc.nat(11), fc.constantFrom(...FIELDS), text), { maxLength: 8 }),
        (before, after, edits) => {
          const rows = apply([], planTracking(flat, before, []));
          for (const [i, field, v] of edits) if (rows[i % Math.max(1, rows.length)]) rows[i % rows.length][field] = cell(v);
          const plan = planTracking(flat, after, rows);
          for (const c of plan.changes) {
            for (const k of Object.keys(c.set) as TrackField[]) {
              const own = k === 'status' || k === 'source' || k === 'suggestion';
              expect(own || rows[c.row][k].blank).toBe(true);
            }
          }
          const once = apply(rows, plan);
          expect(once.length).toBe(rows.length + plan.added.length);
          const twice = planTracking(flat, after, once);
          expect(twice.added).toEqual([]);
          expect(twice.changes).toEqual([]);
        }
      ),
      { numRuns: 300 }
    );
  });
});
