import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { planTracking } from '../../src/domain/tracking';
import { TAIPEI_PLAN_114 } from '../../src/examples/taipeiPlan';
import { TAITUNG_SCORECARD_114_H1 } from '../../src/examples/taitungScorecard';

/**
 * Concrete actions (具體作法) in the Taipei 114 strategy table:
 *   一、提供在地化及客製化關懷服務: (一) 6, (二) 3, (三) 3, (四) 3, (五) 1  = 16
 *   二、法規及流程簡化:             (一) 5, (二) 3, (三) 3, (四) 3        = 14
 *   三、公私協力:                   (一) 2, (二) 2, (三) 1, (四) 3        =  8
 */
const PLAN_ROW_COUNT = 38;
const PER_STRATEGY: [area: string, strategyPrefix: string, count: number][] = [
  ['一、提供在地化及客製化關懷服務', '(一)', 6],
  ['一、提供在地化及客製化關懷服務', '(二)', 3],
  ['一、提供在地化及客製化關懷服務', '(三)', 3],
  ['一、提供在地化及客製化關懷服務', '(四)', 3],
  ['一、提供在地化及客製化關懷服務', '(五)', 1],
  ['二、法規及流程簡化', '(一)', 5],
  ['二、法規及流程簡化', '(二)', 3],
  ['二、法規及流程簡化', '(三)', 3],
  ['二、法規及流程簡化', '(四)', 3],
  ['三、公私協力', '(一)', 2],
  ['三、公私協力', '(二)', 2],
  ['三、公私協力', '(三)', 1],
  ['三、公私協力', '(四)', 3],
];
const AREAS = ['一、提供在地化及客製化關懷服務', '二、法規及流程簡化', '三、公私協力'];

/** Every string inside a value, however deeply nested. */
function allStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(allStrings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(allStrings);
  return [];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('Taitung scorecard 114 H1', () => {
  const sc = TAITUNG_SCORECARD_114_H1;

  it('has the header fields', () => {
    expect(sc.office).toBe('台東區營業處');
    expect(sc.rocYear).toBe(114);
    expect(sc.period).toBe('H1');
  });

  it('has 12 self scores that add up per dimension as the summary table says', () => {
    expect(sc.selfScores).toHaveLength(12);
    expect(sum(sc.selfScores.slice(0, 3))).toBe(285);
    expect(sum(sc.selfScores.slice(3, 6))).toBe(381);
    expect(sum(sc.selfScores.slice(6, 9))).toBe(136);
    expect(sum(sc.selfScores.slice(9, 12))).toBe(137);
    expect(sum(sc.selfScores)).toBe(939);
  });

  it('scores stay within the rubric caps', () => {
    const caps = RUBRIC_114.dimensions.flatMap((d) => d.criteria.map((c) => c.cap));
    expect(caps).toHaveLength(12);
    sc.selfScores.forEach((s, i) => {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(caps[i]);
    });
  });

  it('has 12 findings; exactly 1, 4, 7 and 11 carry a suggestion', () => {
    expect(sc.findings).toHaveLength(12);
    const withSuggestion = sc.findings.flatMap((f, i) => (f.suggestion !== '無' ? [i + 1] : []));
    expect(withSuggestion).toEqual([1, 4, 7, 11]);
    // a finding with a suggestion also reports how it is being handled, and vice versa
    sc.findings.forEach((f) => expect(f.progress === '無').toBe(f.suggestion === '無'));
  });

  it("the tracking rows built from it hold the summary's progress texts (the summary shows them back from there)", () => {
    const flat = flatten(RUBRIC_114);
    const rows = planTracking(flat, sc.findings, []).added;
    expect(rows.map((r) => [r.key, r.progress])).toEqual([
      ['innovation.local', '補充人力後由資深同仁帶領強化訓練。'],
      ['impact.local', '採用線上問券、電訪、或專人訪談以記錄用戶的回饋。'],
      ['sustainability.local', '透過多元的教育訓練，增加員工的業務底蘊，達成一站式服務效能。'],
      ['diffusion.simplify', '針對多數用戶表達的項目，檢討並優化作業步驟及流程。'],
    ]);
  });

  it('findings hold the document text', () => {
    expect(sc.findings[0].strengths).toBe('櫃台人員不分業務，提供一站式服務。');
    expect(sc.findings[10].progress).toBe('針對多數用戶表達的項目，檢討並優化作業步驟及流程。');
    for (const f of sc.findings) {
      expect(f.weaknesses).toBe('無');
      expect(f.remarks).toBe('');
      expect(f.strengths).not.toBe('');
    }
    const withStrengths = sc.findings.flatMap((f, i) => (f.strengths !== '無' ? [i + 1] : []));
    expect(withStrengths).toEqual([1, 2, 3, 7, 8, 11]);
  });
});

describe('Taipei plan 114', () => {
  const plan = TAIPEI_PLAN_114;

  it('has the header fields', () => {
    expect(plan.office).toBe('台北市區營業處');
    expect(plan.rocYear).toBe(114);
    expect(plan.adopted).toEqual({ month: 1, day: 20 });
  });

  it('has the seven sections in order', () => {
    expect(plan.sections.map((s) => s.heading)).toEqual([
      '壹、計畫依據：',
      '貳、計畫目標：',
      '參、實施對象：',
      '肆、服務內涵',
      '伍、執行策略及具體作法',
      '陸、實施步驟：',
      '柒、本計畫如有未盡事宜，得依實際需要修正或另行補充規定。',
    ]);
    const byHead = (p: string) => plan.sections.find((s) => s.heading.startsWith(p))!;
    expect(byHead('伍').paragraphs).toEqual(['透過前項服務內涵，落實創新性、效益及影響、可持續性、擴散應用等 4 項構面。']);
    expect(byHead('陸').paragraphs.map((p) => p.slice(0, 2))).toEqual(['一、', '二、', '三、']);
    expect(byHead('柒').paragraphs).toEqual([]);
    for (const s of plan.sections.slice(0, 6)) expect(s.paragraphs.length).toBeGreaterThan(0);
  });

  it(`has ${PLAN_ROW_COUNT} rows, one per concrete action`, () => {
    expect(plan.rows).toHaveLength(PLAN_ROW_COUNT);
    expect(sum(PER_STRATEGY.map(([, , n]) => n))).toBe(PLAN_ROW_COUNT);
  });

  it('groups rows by strategy in document order with the counted number of actions', () => {
    // consecutive runs of (serviceArea, strategy)
    const runs: [string, string, number][] = [];
    for (const r of plan.rows) {
      const last = runs[runs.length - 1];
      if (last && last[0] === r.serviceArea && last[1] === r.strategy) last[2]++;
      else runs.push([r.serviceArea, r.strategy, 1]);
    }
    expect(runs.map(([a, s, n]) => [a, s.slice(0, 3), n])).toEqual(PER_STRATEGY);
    // each strategy appears as one run only
    expect(new Set(runs.map(([a, s]) => a + s)).size).toBe(runs.length);
  });

  it('every row is complete', () => {
    for (const r of plan.rows) {
      expect(AREAS).toContain(r.serviceArea);
      expect(r.strategy).toMatch(/^\([一二三四五]\) \S/);
      expect(r.action.trim()).not.toBe('');
      expect(r.department).toMatch(/^[^、\s]+(、[^、\s]+)*$/);
      expect(r.deadline).toBe('持續辦理');
    }
  });

  it('numbers the actions 1, 2, 3… within each strategy (single unnumbered actions excepted)', () => {
    const byStrategy = new Map<string, string[]>();
    for (const r of plan.rows) {
      const k = r.serviceArea + r.strategy;
      byStrategy.set(k, [...(byStrategy.get(k) ?? []), r.action]);
    }
    for (const actions of byStrategy.values()) {
      if (actions.length === 1) {
        expect(actions[0]).not.toMatch(/^\d+\./);
        continue;
      }
      actions.forEach((a, i) => {
        // an intro sentence may come first, on its own line
        const numbered = a.split('\n').pop()!;
        expect(numbered.startsWith(`${i + 1}. `)).toBe(true);
        expect(a.split('\n').length).toBeLessThanOrEqual(2);
      });
    }
  });

  it('joins actions split over page breaks and pairs departments with actions', () => {
    const find = (start: string) => plan.rows.filter((r) => r.action.includes(start));
    const one = (start: string) => {
      const rows = find(start);
      expect(rows).toHaveLength(1);
      return rows[0];
    };
    expect(one('(亦將相關停電資訊').department).toBe('維護組、調度組');
    expect(one('其他高壓用戶則視用電特性').department).toBe('業務組');
    expect(one('本處屬轉供用戶端，係依本公司').department).toBe('電費組');
    expect(one('小額綠電').department).toBe('業務組');
    expect(
      one(
        '之流程及相關法規之正確與熟悉程度；服務人員除能精確回答用戶問題、嫻熟各項申請表格填寫外，申辦手續不全者，並應主動正確提供與問題有關的完整資訊予詢問用戶（一次告知），避免來回補件情形。另'
      ).department
    ).toBe('業務組、北客服');
    expect(one('可透過客服專線 1911').department).toBe('業務組、北客服');
    expect(one('大用戶座談會節電宣導等)').department).toBe('業務組');
    expect(one('北部客服中心下設「企業服務課」').department).toBe('業務組、北客服');
    expect(one('退休俸').department).toBe('業務組、電費組');
    const fee = one('具體作法如下：\n1. 台灣電力 APP 除原本提供信用卡');
    expect(fee.strategy).toBe('(二) 優化電費查詢及繳費作業');
    expect(fee.department).toBe('電費組');
    expect(plan.rows[0].strategy).toBe('(一) 因應所轄地區或業務之特性，並整合服務客群之需求，提供在地化、客製化之服務');
    expect(plan.rows.map((r) => r.strategy)).toContain('(三) 「水電麻吉貼心聯合服務」');
  });
});

describe('text hygiene', () => {
  const everything = [
    ...allStrings(TAIPEI_PLAN_114),
    ...allStrings(TAITUNG_SCORECARD_114_H1),
    ...RUBRIC_114.dimensions.flatMap((d) => d.criteria.map((c) => c.guidance)),
  ];

  it.each([
    ['no markup left from the extraction', /[<>]/],
    ['no doubled spaces', / {2}/],
    ['no tabs', /\t/],
    ['no leading or trailing whitespace on a line', /^[ \t]|[ \t]$|[ \t]\n|\n[ \t]/],
    // wrapping in table cells left spaces between two Chinese characters
    ['no space between two CJK characters', /[\u4e00-\u9fff] [\u4e00-\u9fff]/],
  ])('%s', (_name, re) => {
    const offenders = everything.filter((s) => re.test(s));
    expect(offenders).toEqual([]);
  });

  it('keeps real spaces between Chinese and Latin or number tokens', () => {
    const actions = TAIPEI_PLAN_114.rows.map((r) => r.action).join('\n');
    expect(actions).toContain('1911 客服專線');
    expect(actions).toContain('「里長 LINE 群組」');
    expect(TAIPEI_PLAN_114.rows.map((r) => r.strategy)).toContain('(五) AMI 應用');
  });
});

describe('RUBRIC_114 guidance', () => {
  const criteria = RUBRIC_114.dimensions.flatMap((d) => d.criteria.map((c) => ({ d: d.id, ...c })));

  it('every criterion has 評分重點 without markup', () => {
    expect(criteria).toHaveLength(12);
    for (const c of criteria) {
      expect(c.guidance.trim()).not.toBe('');
      expect(c.guidance).not.toContain('<');
      expect(c.guidance).not.toContain('>');
    }
  });

  it('has one numbered item per line, numbered 1, 2, 3… in order', () => {
    // lines: an optional lead-in ending in "：", numbered items "n.", sub-items "(n)"
    const counts = criteria.map((c) => {
      const lines = c.guidance.split('\n');
      const numbered = lines.filter((l) => /^\d+\./.test(l));
      numbered.forEach((l, i) => expect(l.startsWith(`${i + 1}.`)).toBe(true));
      lines.forEach((l, i) => {
        if (/^\d+\./.test(l) || /^\(\d+\)/.test(l)) return;
        expect(i).toBe(0);
        expect(l.endsWith('：')).toBe(true);
      });
      return numbered.length;
    });
    expect(counts).toEqual([3, 4, 2, 3, 3, 3, 4, 8, 5, 3, 2, 3]);
  });

  it('keeps lead-ins and sub-items where the scorecard has them', () => {
    const g = (dim: string, area: string) => criteria.find((c) => c.d === dim && c.area === area)!.guidance;
    expect(g('impact', 'local').split('\n')[0]).toBe(
      '服務策略或措施對服務對象產生正面影響，或解決公眾關注的重大問題；提供性別友善、族群共融及人權保障等服務具有成效：'
    );
    expect(g('sustainability', 'local').split('\n')[0]).toBe('服務策略或措施具有可持續性，且達成預期成果：');
    expect(g('diffusion', 'local').split('\n')[0]).toBe('服務策略或措施具有可學習、推廣或應用價值：');
    expect(
      g('innovation', 'local')
        .split('\n')
        .filter((l) => /^\(\d\)/.test(l))
    ).toHaveLength(2);
    expect(g('sustainability', 'partnership').split('\n')[4]).toMatch(/^5\.針對特殊或弱勢族群/);
  });
});
