import { parseRange } from '../../src/domain/a1';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { NAMES, PLAN_HEADER, TRACKING_HEADER } from '../../src/contract';
import { CellContent, SheetLayout, isFormula } from '../../src/layouts/types';
import { buildWorkbook } from '../../src/layouts/workbook';
import { EXAMPLES } from '../../src/examples';

const opts = {
  rubric: RUBRIC_114,
  office: '台東區營業處',
  rocYear: 114,
  period: 'H1' as const,
  example: false,
  examples: EXAMPLES,
};
const at = (s: SheetLayout, a1: string): CellContent => {
  const r = parseRange(a1);
  return s.rows[r.top - 1]?.[r.left - 1] ?? null;
};
const sheet = (key: string, example = false) => buildWorkbook({ ...opts, example }).sheets.find((s) => s.key === key)!;
const nameRange = (key: string, name: string, example = false) => sheet(key, example).names.find((n) => n.name === name)!.range;

describe('layouts (the sheets as data)', () => {
  it('creates every contract name exactly once, each a single rectangle inside its sheet', () => {
    const wb = buildWorkbook(opts);
    const names = wb.sheets.flatMap((s) => s.names.map((n) => ({ sheet: s, ...n })));
    expect(names.map((n) => n.name).sort()).toEqual(Object.values(NAMES).sort());
    for (const n of names) {
      const r = parseRange(n.range);
      expect(r.bottom).toBeLessThanOrEqual(n.sheet.rows.length);
      expect(r.right).toBeLessThanOrEqual(n.sheet.rows[0].length);
    }
  });

  it('rows are rectangular', () => {
    for (const s of buildWorkbook({ ...opts, example: true }).sheets) {
      expect(new Set(s.rows.map((r) => r.length)).size).toBe(1);
    }
  });

  it('SelfScores, ScoreCaps and DimensionTotals have one cell per criterion / dimension, in rubric order', () => {
    const sc = sheet('scorecard');
    const caps = parseRange(nameRange('scorecard', 'ScoreCaps'));
    expect(caps.bottom - caps.top + 1).toBe(12);
    const capsRead = Array.from({ length: 12 }, (_, i) => sc.rows[caps.top - 1 + i][caps.left - 1]);
    expect(capsRead).toEqual(flatten(RUBRIC_114).map((c) => c.cap));
    expect(nameRange('scorecard', 'SelfScores')).toBe('E5:E16');
    const dt = parseRange(nameRange('summary', 'DimensionTotals'));
    expect(dt.bottom - dt.top + 1).toBe(4);
  });

  it('shows the caps as the seed does', () => {
    const sc = sheet('scorecard');
    expect(at(sc, 'A5')).toBe('創新性\n(300 分)');
    expect(at(sc, 'B8')).toBe('一、提供在地化及客製化關懷服務\n(140 分)');
    expect(sc.merges).toContain('A5:A7');
    const title = at(sc, 'A1');
    // The title follows OfficeName, RocYear and Period, and carries its text for readers that do not calculate.
    expect(isFormula(title) && title.result).toBe('台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫考核項目及評分表');
    expect(isFormula(title) && title.formula).toContain('B3&');
  });

  it('OfficeName, RocYear and Period are one cell each, holding the options as data', () => {
    const sc = sheet('scorecard');
    const byName = (n: string) => at(sc, nameRange('scorecard', n));
    expect([byName('OfficeName'), byName('RocYear'), byName('Period')]).toEqual(['台東區營業處', 114, 'H1']);
    expect(sc.validations.find((v) => v.range === nameRange('scorecard', 'Period'))?.rule).toEqual({
      kind: 'list',
      values: ['H1', 'H2'],
    });
  });

  it('totals are formulas that count valid scores only, and point at the resolved scorecard sheet name', () => {
    const wb = buildWorkbook({ ...opts, sheetNames: { scorecard: '考核評分表 (2)' } });
    const sum = wb.sheets.find((s) => s.key === 'summary')!;
    const dt = parseRange(sum.names.find((n) => n.name === 'DimensionTotals')!.range);
    const f = sum.rows[dt.top - 1][dt.left - 1];
    expect(isFormula(f) && f.formula).toBe("SUM('考核評分表 (2)'!F5:F7)");
    const counted = at(wb.sheets[1], 'F5');
    expect(isFormula(counted) && counted.formula).toMatch(/^IF\(ISLOGICAL\(E5\),0,IF\(ISNUMBER\(E5\).*E5<=C5/);
  });

  it('every score cell has a stop rule from 0 to its own cap, and a conditional format that works without the add-in', () => {
    const sc = sheet('scorecard');
    const scores = sc.validations.filter((v) => v.rule.kind === 'decimal');
    expect(scores.map((v) => [v.range, v.rule, v.errorStyle])).toEqual(
      flatten(RUBRIC_114).map((c, i) => [`E${5 + i}`, { kind: 'decimal', min: 0, max: c.cap }, 'stop'])
    );
    expect(scores[0].error.message).toContain('0 到 100');
    expect(sc.conditionalFormats[0]).toMatchObject({ range: 'E5:E16' });
    expect(sc.conditionalFormats[0].formula).toContain('$C5');
  });

  it('the plan table has the contract header, drop-downs and a deadline rule', () => {
    const p = sheet('plan');
    const r = parseRange(nameRange('plan', 'PlanActions'));
    expect(p.rows[r.top - 1].slice(0, 5)).toEqual([...PLAN_HEADER]);
    expect(p.validations.map((v) => v.rule.kind)).toEqual(['list', 'list', 'custom']);
    expect(p.validations[0].rule).toMatchObject({
      values: ['一、提供在地化及客製化關懷服務', '二、法規及流程簡化', '三、公私協力'],
    });
    expect(p.validations[2].rule).toMatchObject({ formula: expect.stringContaining('持續辦理') });
    const ex = parseRange(nameRange('plan', 'PlanActions', true));
    expect(ex.bottom - ex.top).toBe(38); // every action of the Taipei plan
  });

  it('--example: the tracking sheet is what building tracking makes of the seed findings', () => {
    const t = sheet('tracking', true);
    const r = parseRange(nameRange('tracking', 'ImprovementTracking', true));
    expect(t.rows[r.top - 1]).toEqual([...TRACKING_HEADER]);
    const items = t.rows.slice(r.top, r.bottom).map((row) => String(row[0]).split('.')[0]);
    expect(t.rows.slice(r.top, r.bottom).map((row) => row[5])).toEqual([
      'innovation.local',
      'impact.local',
      'sustainability.local',
      'diffusion.simplify',
    ]);
    expect(items).toEqual(['1', '4', '7', '11']);
    expect(t.rows[r.bottom + 1].slice(0, 5)).toEqual(['經辦', '課長', '經理', '副處長', '處長']);
  });

  it('prints on A4 one page wide with the header rows repeated', () => {
    for (const s of buildWorkbook(opts).sheets) expect(s.print.fitToWidth).toBe(true);
    expect(sheet('scorecard').print.titleRows).toBe('4:4');
    expect(sheet('tracking').print.titleRows).toBe('4:4');
  });
});
