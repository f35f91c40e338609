import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { reviewJson, reviewOf, scoreStats } from '../../src/domain/review';
import type { OpenImprovement, WorkbookFacts } from '../../src/domain/reviewTypes';
import { CAPS, workbookFacts as wb } from '../support/reviewFacts';

const rubric = RUBRIC_114;

/** Every criterion at `share` of its cap, then `delta` added to the first. */
const at = (share: number, delta = 0) => CAPS.map((c, i) => c * share + (i === 0 ? delta : 0));

describe('reviewOf: order and ranks', () => {
  const facts = [
    wb('c.xlsx', '花蓮區營業處', 114, 'H1', at(0.8)),
    wb('e.xlsx', '新竹區營業處', null, 'H1', at(0.95)),
    wb('d.xlsx', '花蓮區營業處', 114, 'H2', at(0.8)),
    wb('b.xlsx', '台東區營業處', 114, 'H1', at(0.9)),
    wb('a.xlsx', '台北區營業處', 114, 'H1', at(0.9)),
    wb('f.xlsx', '宜蘭區營業處', 114, null, at(0.5)),
    wb('g.xlsx', '宜蘭區營業處', 113, 'H2', at(0.6)),
  ];
  const r = reviewOf(rubric, facts, []);

  it('sorts by year, period (unknown last), then total descending, office, file', () => {
    expect(r.workbooks.map((w) => w.file)).toEqual(['g.xlsx', 'a.xlsx', 'b.xlsx', 'c.xlsx', 'd.xlsx', 'f.xlsx', 'e.xlsx']);
  });

  it('ranks within the same year and half; ties share a rank; unknown year or half is a group of its own', () => {
    const rank = Object.fromEntries(r.workbooks.map((w) => [w.file, w.rank]));
    // 114 H1: 900, 900, 800 → 1, 1, 3; 114 H2 has 800 alone → 1 (the same total as c, another group).
    expect(rank).toEqual({ 'g.xlsx': 1, 'a.xlsx': 1, 'b.xlsx': 1, 'c.xlsx': 3, 'd.xlsx': 1, 'f.xlsx': 1, 'e.xlsx': 1 });
    expect(r.workbooks.find((w) => w.file === 'a.xlsx')!.total).toBe(900);
  });

  it('carries each workbook’s dimensions, counts and scores', () => {
    const c = r.workbooks.find((w) => w.file === 'c.xlsx')!;
    expect(c.dimensions).toEqual([
      { id: 'innovation', total: 240 },
      { id: 'impact', total: 320 },
      { id: 'sustainability', total: 120 },
      { id: 'diffusion', total: 120 },
    ]);
    expect(c).toMatchObject({ entered: 12, of: 12, problems: 0, openImprovements: 0 });
    expect(c.scores).toEqual(at(0.8));
  });
});

describe('reviewOf: criteria statistics over scored values only', () => {
  const s = (first: number | null, second: number | null) => [first, second, ...CAPS.slice(2).map(() => null)];
  const r = reviewOf(
    rubric,
    [
      wb('1', 'A', 114, 'H1', s(100, 70)),
      wb('2', 'B', 114, 'H1', s(80, null)),
      wb('3', 'C', 114, 'H1', s(60, null)),
      wb('4', 'D', 114, 'H1', s(null, null)),
    ],
    []
  );

  it('mean, min, max, sample stdev and the share at cap, blanks left out', () => {
    // 100, 80, 60: mean 80, sample stdev 20, one of three at the cap of 100
    expect(r.criteria[0]).toEqual({ id: 'innovation.local', mean: 80, min: 60, max: 100, stdev: 20, atCap: 0.3333 });
  });

  it('one score has no stdev; no score has no statistics at all', () => {
    expect(r.criteria[1]).toEqual({ id: 'innovation.simplify', mean: 70, min: 70, max: 70, stdev: null, atCap: 0 });
    expect(r.criteria[2]).toEqual({ id: 'innovation.partnership', mean: null, min: null, max: null, stdev: null, atCap: null });
    expect(r.criteria).toHaveLength(12);
  });

  it('rounds for JSON: points to 2 decimals, shares to 4; scoreStats keeps them exact', () => {
    const r2 = reviewOf(
      rubric,
      [wb('1', 'A', 114, 'H1', s(10, null)), wb('2', 'B', 114, 'H1', s(20, null)), wb('3', 'C', 114, 'H1', s(20, null))],
      []
    );
    expect(r2.criteria[0]).toMatchObject({ mean: 16.67, stdev: 5.77, atCap: 0 });
    const exact = scoreStats([10, 20, 20], 100);
    expect(exact.mean).toBeCloseTo(50 / 3, 12);
    expect(exact.stdev).toBeCloseTo(Math.sqrt(100 / 3), 12);
  });
});

describe('reviewOf: flags', () => {
  const kinds = (facts: WorkbookFacts[]) => reviewOf(rubric, facts, []).flags.map((f) => [f.kind, f.files]);

  it('identicalScores: each group of two or more with the same non-empty vector, once', () => {
    const same = at(0.7);
    const flags = kinds([
      wb('a.xlsx', 'A', 114, 'H1', same),
      wb('b.xlsx', 'B', 114, 'H1', same),
      wb('c.xlsx', 'C', 114, 'H1', same),
      wb('d.xlsx', 'D', 114, 'H1', at(0.6)),
      wb('e.xlsx', 'E', 114, 'H1', at(0.6)),
      wb('f.xlsx', 'F', 114, 'H1', at(0.5)),
      // blank forms are alike, not suspicious (they are flagged incomplete)
      wb(
        'g.xlsx',
        'G',
        114,
        'H1',
        CAPS.map(() => null)
      ),
      wb(
        'h.xlsx',
        'H',
        114,
        'H1',
        CAPS.map(() => null)
      ),
    ]).filter(([k]) => k === 'identicalScores');
    expect(flags).toEqual([
      ['identicalScores', ['a.xlsx', 'b.xlsx', 'c.xlsx']],
      ['identicalScores', ['d.xlsx', 'e.xlsx']],
    ]);
  });

  it('allAtCap: every criterion at its cap, and not when one is blank', () => {
    const almost: (number | null)[] = [...CAPS];
    almost[11] = null;
    expect(kinds([wb('full.xlsx', 'A', 114, 'H1', [...CAPS]), wb('almost.xlsx', 'B', 114, 'H1', almost)])).toEqual([
      ['allAtCap', ['full.xlsx']],
      ['incomplete', ['almost.xlsx']],
    ]);
  });

  it('unchangedFromPrevious: H2 as H1 of the same year, next H1 as H2; other offices and gaps are not', () => {
    const v = at(0.75);
    const w = at(0.65);
    const flags = kinds([
      wb('t114h1.xlsx', '台東', 114, 'H1', v),
      wb('t114h2.xlsx', '台東', 114, 'H2', v),
      wb('t115h1.xlsx', '台東', 115, 'H1', v),
      wb('p113h2.xlsx', '澎湖', 113, 'H2', w),
      wb('p115h1.xlsx', '澎湖', 115, 'H1', w), // a year apart: not the half before
    ]);
    expect(flags.filter(([k]) => k === 'unchangedFromPrevious')).toEqual([
      ['unchangedFromPrevious', ['t114h1.xlsx', 't114h2.xlsx']],
      ['unchangedFromPrevious', ['t114h2.xlsx', 't115h1.xlsx']],
    ]);
  });

  it('incomplete (entered < of) and invalid (problems > 0), with bilingual messages naming the file', () => {
    const part = at(0.7).map((v, i) => (i < 10 ? v : null));
    const r = reviewOf(
      rubric,
      [wb('part.xlsx', '台東區營業處', 114, 'H1', part), wb('bad.xlsx', '台北區營業處', 114, 'H1', at(0.6), { problems: 2 })],
      []
    );
    expect(r.flags.map((f) => [f.kind, f.files])).toEqual([
      ['incomplete', ['part.xlsx']],
      ['invalid', ['bad.xlsx']],
    ]);
    const [inc, inv] = r.flags;
    expect(inc.message.zh).toContain('part.xlsx（台東區營業處 114 年度 1 月至 6 月）');
    expect(inc.message.zh).toContain('12 項中有 2 項未評分');
    expect(inc.message.en).toContain('part.xlsx (台東區營業處 114 H1)');
    expect(inv.message.zh).toContain('2 個');
    expect(inv.message.en).toMatch(/bad\.xlsx.*2 self-score cell/);
  });

  it("cells that need fixing are invalid, not incomplete; one office's two halves alike are not identicalScores", () => {
    const fixed = at(0.7).map((v, i) => (i < 9 ? v : null));
    const r = reviewOf(
      rubric,
      [
        wb('typo.xlsx', '桃園區營業處', 114, 'H1', fixed, { problems: 3 }),
        wb('h1.xlsx', '台東區營業處', 114, 'H1', at(0.8)),
        wb('h2.xlsx', '台東區營業處', 114, 'H2', at(0.8)),
      ],
      []
    );
    expect(r.flags.map((f) => [f.kind, f.files])).toEqual([
      ['unchangedFromPrevious', ['h1.xlsx', 'h2.xlsx']],
      ['invalid', ['typo.xlsx']],
    ]);
    // The same office's same half twice is a duplicate worth a look.
    const twice = reviewOf(
      rubric,
      [wb('a.xlsx', '台東區營業處', 114, 'H1', at(0.8)), wb('b.xlsx', '台東區營業處', 114, 'H1', at(0.8))],
      []
    );
    expect(twice.flags.map((f) => f.kind)).toEqual(['identicalScores']);
  });

  it('no flags for distinct, complete, valid workbooks; unreadable files pass through, not as flags', () => {
    const r = reviewOf(
      rubric,
      [wb('a', 'A', 114, 'H1', at(0.7)), wb('b', 'B', 114, 'H1', at(0.6))],
      [{ file: 'x.xls', message: { zh: '不是 .xlsx', en: 'not .xlsx' } }]
    );
    expect(r.flags).toEqual([]);
    expect(r.unreadable).toEqual([{ file: 'x.xls', message: { zh: '不是 .xlsx', en: 'not .xlsx' } }]);
  });
});

describe('reviewOf: pairs and open improvements', () => {
  const imp = (criterionId: string, suggestion: string, since = '114 H1'): OpenImprovement => ({
    criterionId,
    item: `item ${criterionId}`,
    suggestion,
    progress: '辦理中',
    since,
  });
  const facts = [
    wb('t2.xlsx', '台東', 114, 'H2', at(0.9), { improvements: [imp('impact.local', '加強宣導')] }),
    wb('t1.xlsx', '台東', 114, 'H1', at(0.8), {
      improvements: [imp('innovation.local', '擴大訪視'), imp('impact.local', '加強宣導')],
    }),
    wb('a1.xlsx', '台北', 114, 'H1', at(0.7)),
    wb('a2.xlsx', '台北', 115, 'H2', at(0.7)),
    wb('n.xlsx', null, 114, 'H2', at(0.5)),
  ];
  const r = reviewOf(rubric, facts, []);

  it('pairs: offices with both halves of one year, H1 and H2 side by side', () => {
    expect(r.pairs).toEqual([
      {
        office: '台東',
        year: 114,
        h1: { file: 't1.xlsx', total: 800, dimensions: expect.any(Array) },
        h2: { file: 't2.xlsx', total: 900, dimensions: expect.any(Array) },
      },
    ]);
    expect(r.pairs[0].h2.dimensions[0]).toEqual({ id: 'innovation', total: 270 });
  });

  it('open improvements: every one of every workbook, in review order', () => {
    // Each as the workbook gave it, with the file and office it came from.
    const from = (file: string, criterionId: string, suggestion: string) => ({
      file,
      office: '台東',
      ...imp(criterionId, suggestion),
    });
    expect(r.openImprovements).toEqual([
      from('t1.xlsx', 'innovation.local', '擴大訪視'),
      from('t1.xlsx', 'impact.local', '加強宣導'),
      from('t2.xlsx', 'impact.local', '加強宣導'),
    ]);
    expect(r.workbooks.find((w) => w.file === 't1.xlsx')!.openImprovements).toBe(2);
  });
});

describe('reviewJson', () => {
  const r = reviewOf(
    rubric,
    [
      wb('a.xlsx', '台東', 114, 'H1', at(0.8), {
        problems: 1,
        improvements: [{ criterionId: 'impact.local', item: 'x', suggestion: '加強宣導', progress: '', since: '' }],
      }),
    ],
    [{ file: 'x.xls', message: { zh: '甲', en: 'A' } }]
  );
  const json = reviewJson(r);

  it('holds exactly the documented keys, at every level', () => {
    expect(Object.keys(json)).toEqual(['workbooks', 'unreadable', 'criteria', 'openImprovements', 'flags']);
    expect(Object.keys(json.workbooks[0])).toEqual([
      'file',
      'office',
      'year',
      'period',
      'dimensions',
      'total',
      'rank',
      'entered',
      'of',
      'problems',
      'openImprovements',
    ]);
    expect(Object.keys(json.workbooks[0].dimensions[0])).toEqual(['id', 'total']);
    expect(Object.keys(json.unreadable[0])).toEqual(['file', 'message']);
    expect(Object.keys(json.unreadable[0].message)).toEqual(['zh', 'en']);
    expect(Object.keys(json.criteria[0])).toEqual(['id', 'mean', 'min', 'max', 'stdev', 'atCap']);
    expect(Object.keys(json.openImprovements[0])).toEqual(['file', 'office', 'criterionId', 'suggestion', 'progress']);
    expect(Object.keys(json.flags[0])).toEqual(['kind', 'files', 'message']);
    expect(Object.keys(json.flags[0].message)).toEqual(['zh', 'en']);
  });

  it('survives JSON and carries the values', () => {
    const back = JSON.parse(JSON.stringify(json));
    expect(back.workbooks[0]).toMatchObject({ file: 'a.xlsx', total: 800, rank: 1, problems: 1, openImprovements: 1 });
    expect(back.flags).toEqual([
      { kind: 'invalid', files: ['a.xlsx'], message: expect.objectContaining({ zh: expect.any(String) }) },
    ]);
    expect(back.criteria[0]).toEqual({ id: 'innovation.local', mean: 80, min: 80, max: 80, stdev: null, atCap: 0 });
  });
});
