/**
 * The insert form's parsing: the same schema as the CLI, errors as keys into the pane's strings. No DOM.
 */
import { DEFAULT_OFFICE, parseForm, periodOf, rocYearOf, yearNumber } from '../../src/taskpane/form';

describe('insert form', () => {
  const ok = { office: DEFAULT_OFFICE, rocYear: '114', period: 'H1', example: false };

  it('parses with the template options schema', () => {
    expect(parseForm(ok)).toEqual({ ok: true, value: { office: '○○區營業處', rocYear: 114, period: 'H1', example: false } });
    expect(parseForm({ ...ok, office: '  台東區營業處 ', period: 'H2', example: true })).toEqual({
      ok: true,
      value: { office: '台東區營業處', rocYear: 114, period: 'H2', example: true },
    });
  });

  it('reads full-width and padded years', () => {
    expect(yearNumber('１１４')).toBe(114);
    expect(yearNumber(' 114 ')).toBe(114);
    expect(parseForm({ ...ok, rocYear: '１１４' })).toMatchObject({ ok: true, value: { rocYear: 114 } });
  });

  it.each(['', ' ', 'abc', '114年', '0', '-1', '12.5', '89', '251', '301', '1e2'])('rejects the year %p', (year) => {
    expect(parseForm({ ...ok, rocYear: year })).toEqual({ ok: false, errors: { rocYear: 'rocYearError' } });
  });

  it.each(['90', '250'])('accepts the year %p', (year) => {
    expect(parseForm({ ...ok, rocYear: year })).toMatchObject({ ok: true, value: { rocYear: Number(year) } });
  });

  it('rejects a blank or long office name and an unknown period, each on its own field', () => {
    expect(parseForm({ ...ok, office: '   ', period: 'H3' })).toEqual({
      ok: false,
      errors: { office: 'officeError', period: 'periodError' },
    });
    expect(parseForm({ ...ok, office: '台'.repeat(41) })).toEqual({ ok: false, errors: { office: 'officeError' } });
    expect(parseForm({ ...ok, period: '' })).toEqual({ ok: false, errors: { period: 'periodError' } });
  });

  it('defaults: ROC year = Gregorian − 1911, the half that is ending', () => {
    expect(rocYearOf(new Date(2025, 6, 1))).toBe(114);
    expect(periodOf(new Date(2025, 5, 30))).toBe('H1');
    expect(periodOf(new Date(2025, 6, 1))).toBe('H2');
  });
});
