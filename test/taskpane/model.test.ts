/**
 * The task pane's pure parts: strings, language and the view models (host results → strings). No DOM.
 */
import { msg } from '../../src/domain/message';
import { STRINGS, langFrom, pick } from '../../src/taskpane/i18n';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import {
  adoptReportView,
  followingPeriod,
  insertReportView,
  nextConfirmText,
  nextReportView,
  noScorecardYet,
  num,
  scoresView,
  trackReportView,
  where,
} from '../../src/taskpane/model';
import { ADOPT, DELETED_SHEET, NEXT, NO_SCORECARD, REPORT, SHEET, TAITUNG, TRACK, WRONG_SIZE, XSS, check } from './fakeHost';

describe('language', () => {
  it.each([
    ['zh-TW', 'zh'],
    ['zh-HK', 'zh'],
    ['zh-CN', 'zh'],
    ['ZH-tw', 'zh'],
    ['zh', 'zh'],
    ['zh_Hant', 'zh'],
    ['en-US', 'en'],
    ['ja-JP', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (display, lang) => {
    expect(langFrom(display)).toBe(lang);
  });

  it('every string exists in both languages, and only Chinese strings are in Chinese', () => {
    const zh = STRINGS.zh as unknown as Record<string, unknown>;
    const en = STRINGS.en as unknown as Record<string, unknown>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const han = /\p{Script=Han}/u;
    for (const key of Object.keys(zh)) {
      const a = zh[key];
      const b = en[key];
      expect(typeof a).toBe(typeof b);
      if (typeof a === 'string' && typeof b === 'string') {
        expect(a.length).toBeGreaterThan(0);
        expect(b.length).toBeGreaterThan(0);
        if (key !== 'htmlLang' && key !== 'listSep') expect(a).toMatch(han);
      }
    }
    // English strings may quote Chinese sheet text (period labels, the example office) but say everything in English
    for (const key of [
      'insert',
      'insertHeading',
      'scoresHeading',
      'trackingHeading',
      'buildTracking',
      'goTo',
      'example',
      'noValidation',
      'noPrint',
      'startHeading',
      'startIntro',
      'insertChoice',
      'insertAgain',
      'adopt',
      'adoptHint',
      'scoresNone',
      'nextHeading',
      'nextStart',
      'nextGo',
      'cancel',
    ] as const) {
      expect(STRINGS.en[key]).not.toMatch(han);
    }
    expect(STRINGS.zh.entered(3, 12)).toBe('已評 3 / 12');
    expect(STRINGS.en.entered(3, 12)).toBe('Scored 3 of 12');
    expect(STRINGS.zh.h1).toBe('1 月至 6 月');
    expect(STRINGS.zh.h2).toBe('7 月至 12 月');
  });

  it('the capability notes name the requirement set they miss', () => {
    expect(STRINGS.zh.noValidation).toContain('ExcelApi 1.8');
    expect(STRINGS.en.noValidation).toContain('ExcelApi 1.8');
    expect(STRINGS.zh.noPrint).toContain('ExcelApi 1.9');
    expect(STRINGS.en.noPrint).toContain('ExcelApi 1.9');
  });

  it('the year error states the range the form accepts', () => {
    expect(STRINGS.zh.rocYearError).toBe('請輸入 90 到 250 之間的整數年度，例如 114。');
    expect(STRINGS.en.rocYearError).toContain('from 90 to 250');
    expect(STRINGS.en.officeError).toContain('1 to 40 characters');
  });

  it('pick falls back to the other language when one is empty', () => {
    expect(pick(msg('中文', 'English'), 'zh')).toBe('中文');
    expect(pick(msg('中文', 'English'), 'en')).toBe('English');
    expect(pick(msg('中文', ''), 'en')).toBe('中文');
  });
});

describe('view models', () => {
  it('totals and dimension subtotals of the Taitung example', () => {
    const v = scoresView(check(TAITUNG), 'zh');
    expect(v.total).toBe('939');
    expect(v.totalCap).toBe('1000');
    expect(v.totalLabel).toBe('總分 939 / 1000 分');
    expect(v.entered).toBe('已評 12 / 12');
    expect(v.dimensions.map((d) => `${d.name} ${d.text}`)).toEqual([
      '創新性 285 / 300',
      '效益及影響 381 / 400',
      '可持續性 136 / 150',
      '擴散應用 137 / 150',
    ]);
    expect(v.dimensions.map((d) => d.fraction)).toEqual([285 / 300, 381 / 400, 136 / 150, 137 / 150]);
    expect(v.problems).toEqual([]);
    expect(v.problemCount).toBe('沒有需要修正的分數');
    expect(v.notFinal).toBe('');
    expect(scoresView(check(TAITUNG), 'en').dimensions[0].label).toBe('Innovation: 285 of 300');
  });

  it('problems carry the message in the pane language and where to go', () => {
    const r = check([150, '９５', XSS]);
    const zh = scoresView(r, 'zh');
    expect(zh.total).toBe('0');
    expect(zh.entered).toBe('已評 0 / 12');
    expect(zh.problems.map((p) => [p.sheet, p.address])).toEqual([
      [SHEET, 'E5'],
      [SHEET, 'E6'],
      [SHEET, 'E7'],
    ]);
    expect(new Set(zh.problems.map((p) => p.key)).size).toBe(3);
    expect(zh.problems[0].message).toBe(r.problems[0].message.zh);
    expect(zh.problems[0].goToLabel).toBe('前往儲存格 考核評分表!E5');
    expect(zh.problems[2].message).toContain(XSS);
    const en = scoresView(r, 'en');
    expect(en.problems[0].message).toBe(r.problems[0].message.en);
    expect(en.problemCount).toBe('3 scores to fix');
  });

  it('until every criterion holds a valid score the total is not final, as the sheet says, with how many to fix and to score', () => {
    expect(scoresView(check([150, 'x']), 'zh').notFinal).toBe('尚有 2 項需修正、10 項未評分，總分未定');
    expect(scoresView(check([150, 'x']), 'en').notFinal).toBe('2 to fix, 10 not yet scored; the total is not final');
    expect(scoresView(check([150]), 'en').notFinal).toBe('1 to fix, 11 not yet scored; the total is not final');
    // blank cells are not problems, but the total leaves them out: not final either
    expect(scoresView(check([95]), 'zh').notFinal).toBe('尚有 11 項未評分，總分未定');
    const bad: (number | string)[] = [...TAITUNG];
    bad[3] = 'x';
    expect(scoresView(check(bad), 'zh').notFinal).toBe('尚有 1 項需修正，總分未定');
  });

  it('decimals show the way the sheet shows them', () => {
    expect(num(94.5)).toBe('94.5');
    expect(num(0.1 + 0.2)).toBe('0.3');
    expect(scoresView(check([94.5, 0.5]), 'en').total).toBe('95');
  });

  it('sheet references quote names with spaces', () => {
    expect(where('考核評分表', 'E5')).toBe('考核評分表!E5');
    expect(where('考核評分表 (2)', 'E5')).toBe("'考核評分表 (2)'!E5");
    expect(where("O'Brien", 'A1')).toBe("'O''Brien'!A1");
  });

  it('the insert report: the host summary, then the renamed sheets and the names kept', () => {
    expect(insertReportView(REPORT, 'zh')).toEqual({
      summary: '已插入 4 張工作表。',
      lines: [
        { label: '已改名（原名稱已被使用）', value: '考核評分表 → 考核評分表 (2)' },
        { label: '保留原有的已定義名稱', value: 'SelfScores' },
      ],
    });
    expect(insertReportView({ ...REPORT, renamed: [], namesKept: [] }, 'en')).toEqual({
      summary: 'Inserted 4 sheets.',
      lines: [],
    });
    expect(
      insertReportView({ ...REPORT, renamed: ['plan', 'tracking'], namesKept: ['Findings', 'TotalScore'] }, 'en').lines
    ).toEqual([
      { label: 'Renamed (the name was taken)', value: 'Plan → 執行計畫, Tracking → 改善追蹤' },
      { label: 'Existing defined names kept', value: 'Findings, TotalScore' },
    ]);
  });

  it('the tracking report', () => {
    expect(trackReportView(TRACK, 'en')).toEqual({
      summary: 'The tracking sheet has 3 rows.',
      lines: [
        { label: 'Sheet', value: '改善追蹤 (created), 3 rows' },
        { label: '1. 創新性-提供在地化及客製化關懷服務', value: '補充人力' },
        { label: '4. 效益及影響-提供在地化及客製化關懷服務', value: XSS },
        { label: '7. 可持續性-提供在地化及客製化關懷服務', value: '多元訓練（彙整表已無此建議（保留））' },
      ],
    });
    expect(trackReportView({ ...TRACK, created: false, rows: 1 }, 'zh').lines[0].value).toBe('改善追蹤（已更新），共 1 列');
  });
});

describe('first run, adopt and the next period, as data', () => {
  it('a first run is told from a broken scorecard by what the check decides for a workbook with no names', () => {
    expect(noScorecardYet(NO_SCORECARD, RUBRIC_114)).toBe(true);
    expect(noScorecardYet({ ...NO_SCORECARD }, RUBRIC_114)).toBe(true); // by value, as it crosses the host
    expect(noScorecardYet(DELETED_SHEET, RUBRIC_114)).toBe(false);
    expect(noScorecardYet(WRONG_SIZE, RUBRIC_114)).toBe(false);
    expect(noScorecardYet(msg(NO_SCORECARD.zh, ''), RUBRIC_114)).toBe(false);
    expect(noScorecardYet(msg('找不到 SelfScores。', 'SelfScores was not found.'), RUBRIC_114)).toBe(false);
  });

  it('the following half-year: H1 → H2 of the same year, H2 → H1 of the next', () => {
    expect(followingPeriod({ rocYear: 114, period: 'H1' })).toEqual({ rocYear: 114, period: 'H2' });
    expect(followingPeriod({ rocYear: 114, period: 'H2' })).toEqual({ rocYear: 115, period: 'H1' });
  });

  it('the confirm question names from → to when the workbook says its year and period, and guesses nothing otherwise', () => {
    expect(nextConfirmText({ office: '台東區營業處', rocYear: 114, period: 'H1' }, 'zh')).toBe(
      '將新增下一期的工作表：114 年 1 月至 6 月 → 114 年 7 月至 12 月。本期的工作表不變。'
    );
    expect(nextConfirmText({ rocYear: 114, period: 'H2' }, 'zh')).toContain('114 年 7 月至 12 月 → 115 年 1 月至 6 月');
    expect(nextConfirmText({ rocYear: 114, period: 'H2' }, 'en')).toContain(
      'ROC 114 (2025), July to December → ROC 115 (2026), January to June'
    );
    for (const meta of [{}, { rocYear: 114 }, { period: 'H1' as const }]) {
      expect(nextConfirmText(meta, 'zh')).toBe(STRINGS.zh.nextConfirm(null, null));
      expect(nextConfirmText(meta, 'en')).not.toContain('→');
    }
  });

  it("adopt's outcome: summary, found and added parts (what + where), notes, in the language asked", () => {
    const zh = adoptReportView(ADOPT, 'zh');
    expect(zh.summary).toBe('已接手您的考核評分表：<b>12</b> 項。');
    expect(zh.found).toEqual([
      { what: '考核評分表（自評欄）', where: '考核評分表!D5:D7,D10:D12' },
      { what: `彙整表 ${XSS}`, where: `'${XSS}'!A1:F20` },
    ]);
    expect(zh.added.map((p) => p.where)).toEqual(['考核評分表!D5:D7,D10:D12', '改善追蹤']);
    expect(zh.notes).toEqual(['找不到 <b>優點</b> 欄。']);
    const en = adoptReportView({ ...ADOPT, found: [], added: [], notes: [] }, 'en');
    expect(en).toEqual({ summary: 'Took over your scorecard: <b>12</b> criteria.', found: [], added: [], notes: [] });
  });

  it("the next period's outcome: summary, the new sheets in tab order, improvements carried, names kept", () => {
    const v = nextReportView({ ...NEXT, sheets: { tracking: 'T', summary: 'S', plan: 'P', scorecard: 'C' } }, 'en');
    expect(v.summary).toBe('Added the sheets of July to December 114.');
    expect(v.lines).toEqual([
      { label: STRINGS.en.nextSheets, value: 'P, C, S, T' },
      { label: STRINGS.en.nextCarried, value: '3' },
      { label: STRINGS.en.nextKept, value: 'SelfScores, TotalScore' },
    ]);
    expect(nextReportView({ ...NEXT, kept: [] }, 'zh').lines.map((l) => l.label)).toEqual([
      STRINGS.zh.nextSheets,
      STRINGS.zh.nextCarried,
    ]);
  });
});
