import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireOpenpyxl, runPython } from '../support/openpyxl';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';
import { scorecard } from './support';

/**
 * `scorecard next` as staff run it twice a year: an H1 workbook whose tracking sheet staff filled in by another
 * program (progress typed, one row marked 已完成), taken to H2 and then to the next year's H1; the source's bytes
 * never change, and what is carried is what is not done.
 */

const SUITE = 'scorecard next';
const tools = requireOpenpyxl(SUITE) && requireOoxmlValidator(SUITE);
const maybe = tools ? describe : describe.skip;

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'next-cli-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The last sheet's tracking rows (考核項目, 改善辦理情形, 備註, 辦理狀態) and the sheet names, as openpyxl reads them. */
async function lastTracking(file: string): Promise<{ sheets: string[]; rows: (string | null)[][] }> {
  const out = await runPython(
    `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[-1]]
rows = []
for r in range(5, 40):
    a = ws.cell(r, 1).value
    if a is None or str(a).startswith('經辦'):
        break
    rows.append([a, ws.cell(r, 3).value, ws.cell(r, 4).value, ws.cell(r, 8).value])
print(json.dumps({'sheets': wb.sheetnames, 'rows': rows}, ensure_ascii=False))
`,
    [file]
  );
  return JSON.parse(out) as { sheets: string[]; rows: (string | null)[][] };
}

maybe(SUITE, () => {
  test('H1 → H2 → next year: the open improvements carried with progress and origin; the source untouched', async () => {
    const h1 = path.join(dir, 'h1.xlsx');
    expect((await scorecard(['template', '--example', '--out', h1])).code).toBe(0);
    const staff = path.join(dir, 'staff.xlsx');
    await runPython(
      `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['改善追蹤']
ws['H5'] = '已完成'
ws['C7'] = '已完成第一梯次訓練，第二梯次 9 月'
wb.save(sys.argv[2])
`,
      [h1, staff]
    );
    const before = fs.readFileSync(staff);

    const h2 = path.join(dir, 'h2.xlsx');
    const r = await scorecard(['next', staff, '--out', h2]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Carried 3 improvements/);
    expect(fs.readFileSync(staff).equals(before)).toBe(true);
    expect(await ooxmlViolations(h2)).toEqual([]);

    const t2 = await lastTracking(h2);
    expect(t2.sheets.slice(4)).toEqual([
      '執行計畫 114年下半年',
      '考核評分表 114年下半年',
      '彙整表 114年下半年',
      '改善追蹤 114年下半年',
    ]);
    expect(t2.rows.map((row) => row[0])).toEqual([
      '4. 效益及影響-提供在地化及客製化關懷服務',
      '7. 可持續性-提供在地化及客製化關懷服務',
      '11. 擴散應用-法規及流程簡化',
    ]);
    expect(t2.rows[1]).toEqual([
      '7. 可持續性-提供在地化及客製化關懷服務',
      '已完成第一梯次訓練，第二梯次 9 月',
      '延續自 114 年 1 月至 6 月',
      '辦理中',
    ]);

    // check follows the new period: blank scores, H2
    const c = JSON.parse((await scorecard(['check', h2, '--json'])).stdout) as { period: string; year: number; entered: number };
    expect([c.year, c.period, c.entered]).toEqual([114, 'H2', 0]);

    const y = path.join(dir, 'y115.xlsx');
    const n = await scorecard(['next', h2, '--out', y]);
    expect(n.code).toBe(0);
    const t3 = await lastTracking(y);
    expect(t3.sheets.slice(-4)).toEqual([
      '執行計畫 115年上半年',
      '考核評分表 115年上半年',
      '彙整表 115年上半年',
      '改善追蹤 115年上半年',
    ]);
    // still open, still saying where it started
    expect(t3.rows.map((row) => row[2])).toEqual(Array(3).fill('延續自 114 年 1 月至 6 月'));
    expect(await ooxmlViolations(y)).toEqual([]);
  });

  test('--out is required, never the source (even with --force), and an existing one needs --force', async () => {
    const src = path.join(dir, 'src.xlsx');
    expect((await scorecard(['template', '--out', src])).code).toBe(0);
    const bytes = fs.readFileSync(src);
    const none = await scorecard(['next', src]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--out NEXT\.xlsx is required/);
    const self = await scorecard(['next', src, '--out', src, '--force']);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/source workbook \(next never modifies it\)/);
    expect(fs.readFileSync(src).equals(bytes)).toBe(true);
    const out = path.join(dir, 'taken.xlsx');
    fs.writeFileSync(out, 'mine');
    const taken = await scorecard(['next', src, '--out', out]);
    expect(taken.code).toBe(2);
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
    expect((await scorecard(['next', src, '--out', out, '--force'])).code).toBe(0);
  });

  test('a workbook without a scorecard is refused, saying to insert or adopt', async () => {
    const src = path.join(dir, 'adopt-first.xlsx');
    await runPython(`import sys, openpyxl\nwb = openpyxl.Workbook()\nwb.active['A1'] = '經費'\nwb.save(sys.argv[1])`, [src]);
    const r = await scorecard(['next', src, '--out', path.join(dir, 'never.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/使用我現有的工作表/);
    expect(fs.existsSync(path.join(dir, 'never.xlsx'))).toBe(false);
  });
});
