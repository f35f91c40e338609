import { RawCell, checkScores } from '../../src/domain/check';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { TAITUNG_SCORECARD_114_H1 } from '../../src/examples/taitungScorecard';

const addrs = Array.from({ length: 12 }, (_, i) => `E${5 + i}`);
const num = (n: number, i: number): RawCell => ({ address: addrs[i], kind: 'number', value: n });
const empty = (i: number): RawCell => ({ address: addrs[i], kind: 'empty', value: null });
const with1 = (cell: Omit<RawCell, 'address'>, at = 0) => {
  const cells: RawCell[] = addrs.map((_, i) => empty(i));
  cells[at] = { ...cell, address: addrs[at] } as RawCell;
  return checkScores(RUBRIC_114, cells, '考核評分表');
};

describe('checkScores', () => {
  it('totals the Taitung self-scores: 285 + 381 + 136 + 137 = 939', () => {
    const r = checkScores(RUBRIC_114, TAITUNG_SCORECARD_114_H1.selfScores.map(num), '考核評分表');
    expect(r.dimensions.map((d) => d.total)).toEqual([285, 381, 136, 137]);
    expect(r.total).toBe(939);
    expect(r.totalCap).toBe(1000);
    expect(r).toMatchObject({ valid: true, entered: 12, of: 12, problems: [] });
  });

  it('blank is "not yet scored", not an error', () => {
    const r = checkScores(
      RUBRIC_114,
      addrs.map((_, i) => empty(i)),
      'S'
    );
    expect(r).toMatchObject({ valid: true, entered: 0, total: 0 });
    expect(r.criteria.every((c) => c.status === 'blank')).toBe(true);
  });

  it('accepts the edges 0 and the cap, and decimals', () => {
    expect(with1({ kind: 'number', value: 0 }).valid).toBe(true);
    expect(with1({ kind: 'number', value: 100 }).valid).toBe(true);
    const r = with1({ kind: 'number', value: 94.5 });
    expect(r.total).toBe(94.5);
  });

  const cases: [string, Omit<RawCell, 'address'>, string, RegExp][] = [
    ['above its cap', { kind: 'number', value: 100.5 }, 'aboveCap', /超過配分 100/],
    ['below zero', { kind: 'number', value: -3 }, 'belowZero', /小於 0/],
    ['text', { kind: 'string', value: '優' }, 'text', /不是數字/],
    ['only spaces', { kind: 'string', value: '   ' }, 'text', /空白字元/],
    ['a number typed as text', { kind: 'string', value: ' 95 ' }, 'numberAsText', /文字格式的數字.*95/],
    ['full-width digits', { kind: 'string', value: '９５' }, 'fullWidthDigits', /全形數字.*95/],
    ['full-width decimal', { kind: 'string', value: '９４．５' }, 'fullWidthDigits', /94\.5/],
    ['an Excel error value', { kind: 'error', value: '#DIV/0!' }, 'errorValue', /#DIV\/0!/],
    ['a boolean', { kind: 'boolean', value: true }, 'boolean', /TRUE/],
    ['a formula not yet calculated', { kind: 'uncalculated', value: null, formula: '60*2' }, 'uncalculated', /尚未計算/],
    ['a cell merged into its neighbour', { kind: 'empty', value: null, hidden: true }, 'merged', /合併/],
    ['a formula result out of range', { kind: 'number', value: 120, formula: '60*2' }, 'formulaOutOfRange', /公式結果 120/],
  ];
  it.each(cases)('names %s, with the cell, the criterion and the rule in both languages', (_, cell, kind, zh) => {
    const r = with1(cell, 0);
    expect(r.valid).toBe(false);
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0];
    expect(p.kind).toBe(kind);
    expect(p).toMatchObject({ sheet: '考核評分表', address: 'E5', cap: 100, criterionId: 'innovation.local' });
    expect(p.message.zh).toMatch(zh);
    expect(p.message.zh).toContain('考核評分表!E5');
    expect(p.message.zh).toContain('創新性-提供在地化及客製化關懷服務');
    expect(p.message.en).toContain('考核評分表!E5');
    expect(p.message.en).toMatch(/[a-z]/);
    expect(r.total).toBe(0); // a bad cell never counts
  });

  it('a formula whose result is in range is a valid score', () => {
    expect(with1({ kind: 'number', value: 60, formula: '30*2' }).total).toBe(60);
  });

  it("uses each criterion's own cap: 130 is fine for 效益及影響 一 (140) but not for 二 (130.5 > 130)", () => {
    const cells = addrs.map((_, i) => empty(i));
    cells[3] = num(140, 3);
    cells[4] = num(130.5, 4);
    const r = checkScores(RUBRIC_114, cells, 'S');
    expect(r.problems.map((p) => [p.address, p.kind, p.cap])).toEqual([['E9', 'aboveCap', 130]]);
    expect(r.dimensions[1].total).toBe(140);
  });

  it('refuses input of the wrong shape (a host bug), rather than guessing', () => {
    expect(() => checkScores(RUBRIC_114, [num(1, 0)], 'S')).toThrow(/12 cells/);
  });

  it('counts a number whatever its format, as the sheet\'s formulas do (a date or "0 \\"pts\\"" format)', () => {
    expect(with1({ kind: 'number', value: 95, format: 'yyyy/m/d' }).total).toBe(95);
    expect(with1({ kind: 'number', value: 95, format: '0 "pts"' })).toMatchObject({ valid: true, total: 95 });
  });

  it('a formula giving "" is not blank to the sheet (ISBLANK is FALSE), so it is not blank here either', () => {
    expect(with1({ kind: 'string', value: '', formula: '""' }).problems[0].kind).toBe('text');
  });
});
