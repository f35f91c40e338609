import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { defaultOptions } from '../../src/contract';
import { buildWorkbook } from '../../src/layouts/workbook';
import { TEMPLATE_RANGES, missingName } from '../../src/operations/messages';

describe('messages', () => {
  it('the template ranges quoted in messages are where the templates put each name', () => {
    const made: Record<string, string> = {};
    for (const s of buildWorkbook({ ...defaultOptions(), rubric: RUBRIC_114 }).sheets)
      for (const n of s.names) made[n.name] = `${s.name}!${n.range}`;
    expect(TEMPLATE_RANGES).toEqual(made);
  });

  it('a missing name, and a name that is not a range, are each said in both languages with the range to restore', () => {
    const gone = missingName('SelfScores');
    expect(gone.zh).toContain('考核評分表!E5:E16');
    expect(gone.en).toContain('no defined name SelfScores');
    const broken = missingName('SelfScores', { name: 'SelfScores', refersTo: '=#REF!' });
    expect(broken.en).toContain('refers to "=#REF!"');
  });
});
