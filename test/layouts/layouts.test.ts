import { parseRange } from '../../src/domain/a1';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { DONE_CHOICES, DONE_HEADER, FINDINGS_HEADER, NAMES, PLAN_HEADER, TRACKING_HEADER } from '../../src/contract';
import { TOTAL_FINAL, scoreCounts, totalNoteText } from '../../src/layouts/scorecard';
import { SUMMARY_SIGN_OFF, progressFormula } from '../../src/layouts/summary';
import { TRACKING_SIGN_OFF } from '../../src/layouts/tracking';
import { CellContent, Formula, SheetLayout, isFormula } from '../../src/layouts/types';
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

  it('shows the caps as the seed does, and each row its dimension (a page that continues one still names it)', () => {
    const sc = sheet('scorecard');
    expect(['A5', 'A6', 'A7'].map((a) => at(sc, a))).toEqual(Array(3).fill('創新性\n(300 分)'));
    expect(at(sc, 'A16')).toBe('擴散應用\n(150 分)');
    expect(at(sc, 'B8')).toBe('一、提供在地化及客製化關懷服務\n(140 分)');
    expect(sc.merges.filter((m) => parseRange(m).bottom >= 5)).toEqual([]);
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
    // The tool's columns, then staff's 辦理狀態 outside the name.
    expect(t.rows[r.top - 1]).toEqual([...TRACKING_HEADER, DONE_HEADER]);
    const items = t.rows.slice(r.top, r.bottom).map((row) => String(row[0]).split('.')[0]);
    expect(t.rows.slice(r.top, r.bottom).map((row) => row[5])).toEqual([
      'innovation.local',
      'impact.local',
      'sustainability.local',
      'diffusion.simplify',
    ]);
    expect(items).toEqual(['1', '4', '7', '11']);
    // The tracking table's sign-off has 課長, as its seed form: one cell across the printed columns A–D.
    expect(t.rows[r.bottom + 1]).toEqual([TRACKING_SIGN_OFF, null, null, null, null, null, null, null]);
    expect(TRACKING_SIGN_OFF.split(/\s+/)).toEqual(['經辦', '課長', '經理', '副處長', '處長']);
    expect(t.merges).toContain(`A${r.bottom + 2}:D${r.bottom + 2}`);
  });

  it("辦理狀態 follows the tool's columns, outside ImprovementTracking and the print area, with a 辦理中 / 已完成 drop-down", () => {
    for (const example of [false, true]) {
      const t = sheet('tracking', example);
      const r = parseRange(nameRange('tracking', 'ImprovementTracking', example));
      // The tool's columns keep their positions (A–G, the name's); 辦理狀態 is H, visible, blank in every row.
      expect([r.left, r.right]).toEqual([1, 7]);
      expect(t.rows[r.top - 1][7]).toBe(DONE_HEADER);
      expect(t.columnWidths[7]).toBeGreaterThan(0);
      expect(t.rows.slice(r.top, r.bottom).every((row) => row[7] === null)).toBe(true);
      // Over the rows and the blank row under them, so rows inserted at the table's end fall inside it.
      expect(t.validations).toEqual([
        expect.objectContaining({ rule: { kind: 'list', values: [...DONE_CHOICES] }, allowBlank: true, errorStyle: 'stop' }),
      ]);
      expect(parseRange(t.validations[0].range)).toEqual({ top: r.top + 1, left: 8, bottom: r.bottom + 1, right: 8 });
      expect(DONE_CHOICES).toEqual(['辦理中', '已完成']);
      expect(t.print.area).toMatch(/^A1:D\d+$/);
      expect(t.formats.map((f) => f.range)).toContain(`A${r.top}:H${r.top}`);
    }
  });

  it("the summary's sign-off has no 課長, as its seed form", () => {
    const s = sheet('summary', true);
    const f = parseRange(nameRange('summary', 'Findings', true));
    expect(s.rows[f.bottom + 1]).toEqual([SUMMARY_SIGN_OFF, null, null, null, null, null]);
    expect(SUMMARY_SIGN_OFF.split(/\s+/)).toEqual(['經辦', '經理', '副處長', '處長']);
    expect(s.merges).toContain(`A${f.bottom + 2}:F${f.bottom + 2}`);
  });

  it("prints on A4 one page wide with every table's header row repeated", () => {
    for (const s of buildWorkbook(opts).sheets) expect(s.print.fitToWidth).toBe(true);
    const plan = parseRange(nameRange('plan', 'PlanActions', true));
    expect(sheet('plan', true).print.titleRows).toBe(`${plan.top}:${plan.top}`);
    expect(sheet('scorecard').print.titleRows).toBe('4:4');
    // The scores table always fits on the summary's first page; the findings' header repeats after it.
    const findings = parseRange(nameRange('summary', 'Findings'));
    expect(sheet('summary').print.titleRows).toBe(`${findings.top}:${findings.top}`);
    expect(sheet('tracking').print.titleRows).toBe('4:4');
  });

  it("prints only the seed's columns: 配分, 計入, 檢核, 狀態, 項目代碼 and 建立依據 stay off the paper", () => {
    const printed = (s: SheetLayout) => {
      const area = parseRange(s.print.area ?? `A1:${String.fromCharCode(64 + s.rows[0].length)}${s.rows.length}`);
      // Hidden columns do not print either.
      return Array.from({ length: area.right - area.left + 1 }, (_, i) => area.left + i).filter(
        (c) => s.columnWidths[c - 1] !== 0
      );
    };
    const headers = (key: string, row: number) => {
      const s = sheet(key, true);
      return printed(s).map((c) => s.rows[row - 1][c - 1]);
    };
    const p = parseRange(nameRange('plan', 'PlanActions'));
    expect(headers('plan', p.top)).toEqual([...PLAN_HEADER]);
    expect(headers('scorecard', 4)).toEqual(['執行構面', '評核項目', '評分重點', '自評']);
    const f = parseRange(nameRange('summary', 'Findings'));
    expect(headers('summary', f.top)).toEqual([...FINDINGS_HEADER]);
    expect(headers('tracking', 4)).toEqual(['考核項目', '建議改善事項', '改善辦理情形', '備註']);
    // From the title to the last row; the tracking table's to its sign-off line and the room to sign under it.
    expect(sheet('scorecard').print.area).toBe('A1:E16');
    const t = sheet('tracking', true);
    expect(t.print.area).toBe(`A1:D${t.rows.length}`);
    expect(t.rows[t.rows.length - 2][0]).toBe(TRACKING_SIGN_OFF);
    // ScoreCaps stays where the contract has it, in the hidden column.
    expect(nameRange('scorecard', 'ScoreCaps')).toBe('C5:C16');
    expect(sheet('scorecard').columnWidths[2]).toBe(0);
  });

  it('the total says whether it is final, beside it on the scorecard and under it in the summary', () => {
    const note = (key: string, a1: string, example: boolean) => at(sheet(key, example), a1) as Formula;
    for (const [key, a1] of [
      ['scorecard', 'D2'],
      ['summary', 'A9'],
    ]) {
      expect(note(key, a1, false).formula).toContain('COUNTIF(');
      expect(note(key, a1, false).result).toMatch(/^尚有 12 項未評分，總分未定/);
      expect(note(key, a1, true).result).toMatch(new RegExp(`^${TOTAL_FINAL}`));
    }
    expect(note('scorecard', 'D2', true).result).toBe(`${TOTAL_FINAL}　　總分（滿分 1000 分）：`);
    expect(note('summary', 'A9', true).formula).toContain("'考核評分表'!G5:G16");
    expect(totalNoteText(12, 9, 1)).toBe('尚有 2 項需修正、1 項未評分，總分未定');
    expect(totalNoteText(12, 10, 0)).toBe('尚有 2 項需修正，總分未定');
    expect(totalNoteText(12, 9, 3)).toBe('尚有 3 項未評分，總分未定');
    expect(scoreCounts([100, null, 101, -1, 50], [100, 100, 100, 100, 50])).toEqual({ ok: 2, blank: 1 });
    // In red while not final.
    expect(sheet('scorecard').conditionalFormats.map((c) => c.range)).toContain('D2');
    expect(sheet('summary').conditionalFormats.map((c) => c.range)).toEqual(['A9:F9']);
  });

  it("the summary's 改善事項辦理情形 is the tracking sheet's progress for each criterion, by its hidden 項目代碼", () => {
    const s = sheet('summary', true);
    const f = parseRange(nameRange('summary', 'Findings', true));
    const cells = s.rows.slice(f.top, f.bottom).map((r) => r[4] as Formula);
    const flat = flatten(RUBRIC_114);
    cells.forEach((c, i) => {
      expect(c.formula).toBe(progressFormula(flat[i].id));
      expect(c.formula).toContain(`="${flat[i].id}"`);
    });
    expect(progressFormula('x')).toMatch(/^IFERROR\(LOOKUP\(2,1\/\(INDEX\(ImprovementTracking,0,MATCH\("項目代碼"/);
    // Written with what the example's tracking rows hold, for readers that do not calculate.
    const withText = EXAMPLES.scorecard.findings.flatMap((x, i) => (x.suggestion !== '無' ? [i] : []));
    expect(cells.map((c) => c.result)).toEqual(
      EXAMPLES.scorecard.findings.map((x, i) => (withText.includes(i) ? x.progress : ''))
    );
    const t = sheet('tracking', true);
    const tr = parseRange(nameRange('tracking', 'ImprovementTracking', true));
    expect(t.rows.slice(tr.top, tr.bottom).map((r) => r[2])).toEqual(
      withText.map((i) => EXAMPLES.scorecard.findings[i].progress)
    );
    expect(sheet('summary').rows[f.top][4]).toMatchObject({ result: '' });
  });

  it('the plan merges 服務內涵 and 服務策略 over their rows as the Word table does, and loses no text', () => {
    const p = sheet('plan', true);
    const r = parseRange(nameRange('plan', 'PlanActions', true));
    const rows = EXAMPLES.plan.rows;
    const tableMerges = p.merges.map(parseRange).filter((m) => m.top > r.top && m.bottom <= r.bottom);
    // 3 service areas; the strategies of more than one action (4 + 4 + 3)
    expect(tableMerges.filter((m) => m.left === 1)).toHaveLength(3);
    expect(tableMerges.filter((m) => m.left === 2)).toHaveLength(11);
    for (const m of tableMerges) {
      expect(m.right).toBe(m.left);
      const texts = rows.slice(m.top - r.top - 1, m.bottom - r.top).map((x) => (m.left === 1 ? x.serviceArea : x.strategy));
      expect(new Set(texts).size).toBe(1);
      expect(p.rows[m.top - 1][m.left - 1]).toBe(texts[0]);
      for (let row = m.top + 1; row <= m.bottom; row++) expect(p.rows[row - 1][m.left - 1]).toBeNull();
      // a strategy never runs over into another area
      if (m.left === 2) expect(tableMerges.some((a) => a.left === 1 && a.top <= m.top && a.bottom >= m.bottom)).toBe(true);
    }
    // every row's text is still there: shown in its cell, or by the merge above it
    rows.forEach((x, i) => {
      const row = r.top + 1 + i;
      const shown = (col: number) => {
        const m = tableMerges.find((a) => a.left === col && a.top <= row && a.bottom >= row);
        return p.rows[(m ? m.top : row) - 1][col - 1];
      };
      expect([shown(1), shown(2), p.rows[row - 1][2]]).toEqual([x.serviceArea, x.strategy, x.action]);
    });
    // A blank plan has nothing to merge in its table.
    const b = parseRange(nameRange('plan', 'PlanActions'));
    expect(
      sheet('plan')
        .merges.map(parseRange)
        .filter((m) => m.top > b.top && m.bottom <= b.bottom)
    ).toEqual([]);
  });

  it("the plan is titled with its own office: the example's is the Taipei office's", () => {
    expect(at(sheet('plan', true), 'A1')).toBe('台電公司台北市區營業處114年度提升服務效能執行計畫');
    expect(at(sheet('plan'), 'A1')).toBe('台電公司台東區營業處114年度提升服務效能執行計畫');
    const title = at(sheet('summary', true), 'A1') as Formula;
    expect(title.result).toMatch(/^台東區營業處/);
  });
});
