import fc from 'fast-check';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { FindingRow, STATUS, TrackingRow, carriesText, mergeTracking } from '../../src/domain/tracking';
import { TAITUNG_SCORECARD_114_H1 } from '../../src/examples/taitungScorecard';
import { planTrackingUpdate, readFindings, readTracking, trackingTable } from '../../src/layouts/tracking';
import { FINDINGS_HEADER } from '../../src/layouts/summary';

const flat = flatten(RUBRIC_114);
const seedFindings = (): FindingRow[] =>
  TAITUNG_SCORECARD_114_H1.findings.map((f, i) => ({ criterionId: flat[i].id, item: flat[i].label.zh, ...f }));
const numbers = (rows: TrackingRow[]) => rows.map((r) => Number(r.item.split('.')[0]));

describe('carriesText', () => {
  it.each(['', '  ', '無', '无', '無。', '-', '－', 'N/A', 'n/a', 'Ｎ／Ａ', '無建議', 'None', '—'])('"%s" carries no suggestion', (s) =>
    expect(carriesText(s)).toBe(false),
  );
  it.each(['增加管道以強化溝通。', '無障礙設施改善', '-> 加強訓練', '0'])('"%s" carries a suggestion', (s) =>
    expect(carriesText(s)).toBe(true),
  );
});

describe('mergeTracking', () => {
  it('builds exactly items 1, 4, 7, 11 from the seed findings, with their progress', () => {
    const { rows, report } = mergeTracking(flat, seedFindings(), []);
    expect(numbers(rows)).toEqual([1, 4, 7, 11]);
    expect(rows[1].suggestion).toBe('增加管道以強化與在地用電大戶溝通與互動。');
    expect(rows[1].progress).toBe('採用線上問券、電訪、或專人訪談以記錄用戶的回饋。');
    expect(report.added).toEqual(['innovation.local', 'impact.local', 'sustainability.local', 'diffusion.simplify']);
  });

  it('keeps progress typed in tracking, adds a new suggestion in rubric order, and marks (never drops) a withdrawn one', () => {
    const first = mergeTracking(flat, seedFindings(), []).rows;
    first[0].progress = '7 月已補足人力。';
    first[2].remarks = '持續追蹤';
    const findings = seedFindings();
    findings[1].suggestion = '跨機關查驗再擴充。';
    findings[6].suggestion = '無';
    const { rows, report } = mergeTracking(flat, findings, first);
    expect(numbers(rows)).toEqual([1, 2, 4, 7, 11]);
    expect(rows[0].progress).toBe('7 月已補足人力。');
    expect(rows[3]).toMatchObject({ remarks: '持續追蹤', status: STATUS.orphan, suggestion: '人員多元化訓練，增加公司用電業務熟悉。' });
    expect(report.added).toEqual(['innovation.simplify']);
    expect(report.orphaned).toEqual(['sustainability.local']);
  });

  it('a suggestion edited in the tracking sheet is not overwritten, even when the finding changes', () => {
    const first = mergeTracking(flat, seedFindings(), []).rows;
    first[0].suggestion = '因應補充人力、人員調動頻繁，須適時考量人員編制。';
    const findings = seedFindings();
    findings[0].suggestion = '區處人力仍不足。';
    const { rows, report } = mergeTracking(flat, findings, first);
    expect(rows[0].suggestion).toBe('因應補充人力、人員調動頻繁，須適時考量人員編制。');
    expect(rows[0].status).toBe(STATUS.changed);
    expect(report.conflicts).toEqual(['innovation.local']);
  });

  it('an untouched suggestion follows the finding', () => {
    const first = mergeTracking(flat, seedFindings(), []).rows;
    const findings = seedFindings();
    findings[3].suggestion = '新增 LINE 官方帳號。';
    expect(mergeTracking(flat, findings, first).rows[1].suggestion).toBe('新增 LINE 官方帳號。');
  });

  it('rows staff added themselves stay, after the rubric rows', () => {
    const first = mergeTracking(flat, seedFindings(), []).rows;
    const mine: TrackingRow = { key: '', item: '其他：服務中心動線', suggestion: '增設指引', progress: '', remarks: '', status: '', source: '', extra: ['王小明'] };
    const { rows } = mergeTracking(flat, seedFindings(), [mine, ...first]);
    expect(rows[rows.length - 1]).toEqual(mine);
    expect(rows).toHaveLength(5);
  });

  it('property: no typed cell is ever lost, whatever the findings become', () => {
    const text = fc.oneof(fc.constant(''), fc.constant('無'), fc.string({ minLength: 1, maxLength: 6 }));
    const findingsArb = fc.array(fc.record({ suggestion: text, progress: text, remarks: text }), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(findingsArb, findingsArb, fc.array(fc.tuple(fc.nat(11), text, text, text), { maxLength: 8 }), (before, after, edits) => {
        const toFindings = (fs: { suggestion: string; progress: string; remarks: string }[]) =>
          fs.map((f, i) => ({ criterionId: flat[i].id, item: flat[i].label.zh, strengths: '', weaknesses: '', ...f }));
        let rows = mergeTracking(flat, toFindings(before), []).rows;
        // Staff type into the tracking sheet.
        for (const [i, progress, remarks, suggestion] of edits) {
          const r = rows[i % Math.max(1, rows.length)];
          if (!r) continue;
          if (progress) r.progress = progress;
          if (remarks) r.remarks = remarks;
          if (suggestion) r.suggestion = suggestion;
        }
        const typed = rows.map((r) => ({ ...r }));
        rows = mergeTracking(flat, toFindings(after), rows).rows;
        for (const t of typed) {
          const now = rows.find((r) => r.key === t.key);
          expect(now).toBeDefined();
          if (t.progress.trim()) expect(now!.progress).toBe(t.progress);
          if (t.remarks.trim()) expect(now!.remarks).toBe(t.remarks);
          const edited = t.suggestion.trim() !== '' && t.suggestion.trim() !== t.source.trim();
          if (edited) expect(now!.suggestion).toBe(t.suggestion);
        }
        expect(rows.length).toBeGreaterThanOrEqual(typed.length);
        // Rubric order is kept.
        const idx = rows.map((r) => flat.findIndex((c) => c.id === r.key));
        expect([...idx].sort((a, b) => a - b)).toEqual(idx);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading the tables back from cells', () => {
  it('finds findings columns by header even when staff reordered them, and matches rows by their number', () => {
    const header = ['考核項目', '建議改善事項', '優點', '缺點', '改善事項辦理情形', '備註'];
    const values = [header, ['4. 效益及影響-提供在地化及客製化關懷服務', '加強溝通', '好', '無', '已辦', '']];
    const [f] = readFindings(flat, values);
    expect(f).toMatchObject({ criterionId: 'impact.local', suggestion: '加強溝通', strengths: '好', progress: '已辦' });
  });

  it('round-trips a table through cells, extra columns included', () => {
    const { rows } = mergeTracking(flat, seedFindings(), []);
    rows[0].extra = ['note', 3, true];
    const t = trackingTable(rows, 4);
    const back = readTracking(t.values, 7);
    expect(back).toEqual(rows);
    expect(t.name.range).toBe('A4:G8');
  });

  it('plans an update that only ever inserts rows, below the old table', () => {
    const { rows } = mergeTracking(flat, seedFindings(), []);
    const existing = trackingTable(rows, 4).values;
    const findings = seedFindings();
    findings[1].suggestion = '新建議';
    findings[11].suggestion = '另一個';
    const u = planTrackingUpdate(flat, findings, existing, 4, 1);
    expect(u).toMatchObject({ insertCount: 2, afterRow: 8, top: 4 });
    expect(u.values.map((r) => r[0])).toEqual([
      '考核項目',
      flat[0].label.zh,
      flat[1].label.zh,
      flat[3].label.zh,
      flat[6].label.zh,
      flat[10].label.zh,
      flat[11].label.zh,
    ]);
    expect(u.summary.zh).toContain('新增 2 列');
    const same = planTrackingUpdate(flat, seedFindings(), existing, 4, 1);
    expect(same.insertCount).toBe(0);
    expect(same.summary.en).toMatch(/up to date/);
  });

  it('reads the findings header constant as the contract says', () => {
    expect(FINDINGS_HEADER).toEqual(['考核項目', '優點', '缺點', '建議改善事項', '改善事項辦理情形', '備註']);
  });
});
