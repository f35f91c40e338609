import { RUBRIC_114, RUBRIC_114_INPUT } from '../../src/domain/defaultRubric';
import { UserError } from '../../src/domain/message';
import { flatten, parseRubric } from '../../src/domain/rubric';

const clone = () => JSON.parse(JSON.stringify(RUBRIC_114_INPUT));

describe('rubric schema', () => {
  it('the default 114 rubric has 12 criteria with the documented caps', () => {
    const flat = flatten(RUBRIC_114);
    expect(flat.map((c) => c.cap)).toEqual([100, 100, 100, 140, 130, 130, 50, 50, 50, 50, 50, 50]);
    expect(RUBRIC_114.dimensions.map((d) => [d.zh, d.cap])).toEqual([
      ['創新性', 300],
      ['效益及影響', 400],
      ['可持續性', 150],
      ['擴散應用', 150],
    ]);
    expect(flat[0].label.zh).toBe('1. 創新性-提供在地化及客製化關懷服務');
    expect(flat[10].label.zh).toBe('11. 擴散應用-法規及流程簡化');
    expect(new Set(flat.map((c) => c.id)).size).toBe(12);
  });

  it('rejects criteria that do not add up to their dimension, naming both numbers', () => {
    const r = clone();
    r.dimensions[1].criteria[0].cap = 150;
    expect(() => parseRubric(r, 'x.json')).toThrow(UserError);
    expect(() => parseRubric(r, 'x.json')).toThrow(/410.*400|400.*410/);
  });

  it('rejects dimensions that do not add up to the total, naming both numbers', () => {
    const r = clone();
    r.total = 900;
    expect(() => parseRubric(r)).toThrow(/1000.*900|900.*1000/);
  });

  it('rejects unknown service areas, duplicate ids, negative caps and missing fields with a path', () => {
    const a = clone();
    a.dimensions[0].criteria[0].area = 'nowhere';
    expect(() => parseRubric(a)).toThrow(/dimensions\.0\.criteria\.0\.area.*nowhere/);
    const b = clone();
    b.dimensions[1].id = 'innovation';
    expect(() => parseRubric(b)).toThrow(/unique/);
    const c = clone();
    c.dimensions[0].criteria[0].cap = -100;
    expect(() => parseRubric(c)).toThrow(/cap/);
    expect(() => parseRubric({})).toThrow(/dimensions/);
    expect(() => parseRubric('nonsense')).toThrow(UserError);
  });

  it('accepts another rubric whose sums hold', () => {
    const r = clone();
    r.id = '115';
    r.dimensions[0].criteria[0].cap = 120;
    r.dimensions[0].criteria[1].cap = 80;
    expect(
      flatten(parseRubric(r))
        .map((c) => c.cap)
        .slice(0, 3)
    ).toEqual([120, 80, 100]);
  });
});

describe('the default rubric', () => {
  it('is exactly what the schema makes of it (it is data, not parsed when the add-in loads)', () => {
    expect(parseRubric(RUBRIC_114_INPUT, 'default 114')).toEqual(RUBRIC_114);
  });
});
