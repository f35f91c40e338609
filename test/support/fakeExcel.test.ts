import { NULL_OBJECT_CODE, createFakeExcel, formulaProblem } from './fakeExcel';

/**
 * The fake's own rules (test/support/fakeExcel.ts): where it is as strict as Excel, so that code which
 * passes against it does not fail in Excel. Every batch goes through fake.run, i.e. Excel.run.
 */

type Fake = ReturnType<typeof createFakeExcel>;
type Context = Excel.RequestContext;

/** What a promise rejected with (undefined when it resolved). */
const rejection = (p: Promise<unknown>): Promise<any> =>
  p.then(
    () => undefined,
    (e: unknown) => e
  );

/** Run one batch that queues `queue` and syncs; what it rejected with. */
const failing = (fake: Fake, queue: (context: Context) => void) =>
  rejection(
    fake.run(async (context) => {
      queue(context);
      await context.sync();
    })
  );

const nullObjectError = (where: string) => ({
  name: 'RichApi.Error',
  code: NULL_OBJECT_CODE,
  debugInfo: expect.objectContaining({ errorLocation: where }),
});

function withScores() {
  const fake = createFakeExcel({ sheets: ['Sheet1', 'Scores'] });
  fake.setCell('Scores', 'E5', { value: 95 });
  fake.setCell('Scores', 'E6', { value: 80 });
  return fake;
}

async function addName(fake: Fake, name: string, sheet: string, address: string) {
  await fake.run(async (context) => {
    context.workbook.names.add(name, context.workbook.worksheets.getItem(sheet).getRange(address));
    await context.sync();
  });
}

describe('null objects', () => {
  it('NULL_OBJECT_CODE is an OfficeExtension error code', () => {
    expect(Object.values(createFakeExcel().OfficeExtension.ErrorCodes)).toContain(NULL_OBJECT_CODE);
  });

  it('a chained *OrNullObject call on a null object fails the sync: names.getItemOrNullObject(x).getRangeOrNullObject()', async () => {
    const fake = withScores();
    const e = await failing(fake, (context) =>
      context.workbook.names.getItemOrNullObject('SelfScores').getRangeOrNullObject().load('values')
    );
    expect(e).toMatchObject(nullObjectError('NamedItem.getRangeOrNullObject'));
    expect(e).toBeInstanceOf(fake.OfficeExtension.Error);
    // the same chains on other objects
    expect(
      await failing(fake, (context) =>
        context.workbook.worksheets.getItemOrNullObject('Nope').getUsedRangeOrNullObject().load('address')
      )
    ).toMatchObject(nullObjectError('Worksheet.getUsedRangeOrNullObject'));
  });

  it('the method call alone is a request (office.js instantiates what it returns): it fails even when nothing is loaded', async () => {
    const fake = withScores();
    const e = await failing(fake, (context) => {
      context.workbook.names.getItemOrNullObject('SelfScores').getRangeOrNullObject();
    });
    expect(e).toMatchObject(nullObjectError('NamedItem.getRangeOrNullObject'));
  });

  it('getRange() on a null object fails', async () => {
    const fake = withScores();
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItemOrNullObject('Nope').getRange('A1').load('values'))
    ).toMatchObject(nullObjectError('Worksheet.getRange'));
    expect(
      await failing(fake, (context) => context.workbook.names.getItemOrNullObject('SelfScores').getRange().load('values'))
    ).toMatchObject(nullObjectError('NamedItem.getRange'));
  });

  it('a navigation property of a null object fails: .worksheet', async () => {
    const fake = withScores();
    // Sheet1 is blank: its used range (values only) is a null object
    const e = await failing(fake, (context) =>
      context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject(true).worksheet.load('name')
    );
    expect(e).toMatchObject(nullObjectError('Range.worksheet'));
  });

  it('load() of a child of a null object fails, through a path or on the child', async () => {
    const fake = withScores();
    const blank = (context: Context) => context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject();
    expect(await failing(fake, (context) => blank(context).load('address, worksheet/name'))).toMatchObject(
      nullObjectError('Range.worksheet')
    );
    expect(await failing(fake, (context) => blank(context).format.load('wrapText'))).toMatchObject(
      nullObjectError('Range.format')
    );
    expect(await failing(fake, (context) => blank(context).format.fill.load('color'))).toMatchObject(
      nullObjectError('Range.format')
    );
  });

  it('setting a property of a null object fails', async () => {
    const fake = withScores();
    expect(
      await failing(fake, (context) => {
        context.workbook.worksheets.getItemOrNullObject('Nope').tabColor = '#FF0000';
      })
    ).toMatchObject(nullObjectError('Worksheet'));
    expect(
      await failing(fake, (context) => {
        context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject().values = [[1]];
      })
    ).toMatchObject(nullObjectError('Range.values'));
    expect(
      await failing(fake, (context) => {
        context.workbook.names.getItemOrNullObject('SelfScores').comment = 'x';
      })
    ).toMatchObject(nullObjectError('NamedItem.comment'));
    expect(
      await failing(fake, (context) => {
        context.workbook.settings.getItemOrNullObject('k').value = 'x';
      })
    ).toMatchObject(nullObjectError('Setting.value'));
  });

  it('delete() on a null object fails', async () => {
    const fake = withScores();
    expect(await failing(fake, (context) => context.workbook.names.getItemOrNullObject('SelfScores').delete())).toMatchObject(
      nullObjectError('NamedItem.delete')
    );
    expect(await failing(fake, (context) => context.workbook.settings.getItemOrNullObject('k').delete())).toMatchObject(
      nullObjectError('Setting.delete')
    );
    expect(await failing(fake, (context) => context.workbook.worksheets.getItemOrNullObject('Nope').delete())).toMatchObject(
      nullObjectError('Worksheet')
    );
  });

  it('work queued before the failing request stays applied; nothing after it is', async () => {
    const fake = withScores();
    const e = await failing(fake, (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1').values = [['before']];
      context.workbook.names.getItemOrNullObject('SelfScores').getRangeOrNullObject().load('values');
      ws.getRange('B1').values = [['after']];
    });
    expect(e).toMatchObject({ code: NULL_OBJECT_CODE });
    expect(fake.values('Sheet1', 'A1:B1')).toEqual([['before', '']]);
    expect(fake.syncLog[fake.syncLog.length - 1].error).toBe(NULL_OBJECT_CODE);
  });

  it('load() of the null object itself is fine: isNullObject after the sync, its properties read undefined', async () => {
    const fake = withScores();
    await fake.run(async (context) => {
      const name = context.workbook.names.getItemOrNullObject('SelfScores');
      name.load('name, type');
      const sheet = context.workbook.worksheets.getItemOrNullObject('Nope');
      // before any sync isNullObject is not known yet: reading it is the error under test

      expect(() => sheet.isNullObject).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(name.isNullObject).toBe(true);
      expect(name.name).toBeUndefined();
      expect(sheet.isNullObject).toBe(true);
      // not loaded: still an error in the fake (office.js would give undefined)
      expect(() => sheet.name).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    });
  });

  it('the correct pattern works: sync, check isNullObject, use the object in the next batch', async () => {
    const fake = withScores();
    const read = () =>
      fake.run(async (context) => {
        const item = context.workbook.names.getItemOrNullObject('SelfScores');
        await context.sync();
        if (item.isNullObject) return undefined;
        const range = item.getRangeOrNullObject();
        range.load('values, address, worksheet/name');
        await context.sync();
        return range.isNullObject ? undefined : { values: range.values, address: range.address, sheet: range.worksheet.name };
      });
    await expect(read()).resolves.toBeUndefined();
    await addName(fake, 'SelfScores', 'Scores', 'E5:E6');
    await expect(read()).resolves.toEqual({ values: [[95], [80]], address: 'Scores!E5:E6', sheet: 'Scores' });
  });

  it('an object found null in one batch fails when used in the next', async () => {
    const fake = withScores();
    const e = await rejection(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItemOrNullObject('Nope');
        await context.sync();
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['written']];
        sheet.getRange('A1').values = [['lost']];
        await context.sync();
      })
    );
    expect(e).toMatchObject(nullObjectError('Worksheet.getRange'));
    expect(fake.cell('Sheet1', 'A1').value).toBe('written');
  });

  it('getItem() of something missing fails with ItemNotFound, also when it is only loaded', async () => {
    const fake = withScores();
    expect(await failing(fake, (context) => context.workbook.worksheets.getItem('Nope').load('name'))).toMatchObject({
      code: 'ItemNotFound',
    });
    expect(await failing(fake, (context) => context.workbook.names.getItem('SelfScores').load('name'))).toMatchObject({
      code: 'ItemNotFound',
    });
    expect(await failing(fake, (context) => context.workbook.settings.getItem('k').load('value'))).toMatchObject({
      code: 'ItemNotFound',
    });
  });

  it('a null object passed as an argument fails too', async () => {
    const fake = withScores();
    const e = await failing(fake, (context) => {
      context.workbook.names.add('X', context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject());
    });
    expect(e).toMatchObject({ code: NULL_OBJECT_CODE });
    expect(fake.names()).toEqual([]);
  });
});

describe('cell-edit mode', () => {
  it('while the user edits a cell every sync with a request fails and applies nothing', async () => {
    const fake = withScores();
    fake.setCellEditMode(true);
    expect(fake.cellEditMode).toBe(true);
    const e = await failing(fake, (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
    });
    expect(e).toMatchObject({
      name: 'RichApi.Error',
      code: 'InvalidOperationInCellEditMode',
      message: expect.stringContaining('cell-editing mode'),
    });
    expect(fake.cell('Sheet1', 'A1').value).toBe('');
    expect(fake.syncLog[fake.syncLog.length - 1].error).toBe('InvalidOperationInCellEditMode');
    // reads too, and what Excel.run sends at the end of a batch
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('Scores').getRange('E5').load('values'))
    ).toMatchObject({
      code: 'InvalidOperationInCellEditMode',
    });
    const atEnd = await rejection(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A2').values = [['y']];
      })
    );
    expect(atEnd).toMatchObject({ code: 'InvalidOperationInCellEditMode' });
    expect(fake.cell('Sheet1', 'A2').value).toBe('');
  });

  it('a sync with nothing queued still succeeds; after the edit ends the same batch works', async () => {
    const fake = withScores();
    fake.setCellEditMode(true);
    await expect(fake.run(async (context) => context.sync())).resolves.toBeUndefined();
    fake.setCellEditMode(false);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
      await context.sync();
    });
    expect(fake.cell('Sheet1', 'A1').value).toBe('x');
  });

  it('nothing queued before the failed sync is applied later either', async () => {
    const fake = withScores();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['first']];
      fake.setCellEditMode(true);
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
      fake.setCellEditMode(false);
      context.workbook.worksheets.getItem('Sheet1').getRange('B1').values = [['second']];
      await context.sync();
    });
    expect(fake.values('Sheet1', 'A1:B1')).toEqual([['', 'second']]);
  });
});

describe('merge keeps only the top-left format', () => {
  async function formatThenMerge(fake: Fake) {
    await fake.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      const r = ws.getRange('A1:C1');
      r.values = [['title', 'b', 'c']];
      r.format.fill.color = '#FFFF00';
      ws.getRange('C1').format.fill.color = '#00FF00';
      ws.getRange('C1').numberFormat = [['0.00']];
      for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const)
        r.format.borders.getItem(edge).style = 'Continuous';
      r.merge();
      await context.sync();
    });
  }

  it('format first and merge after: the other cells take the top-left cell format, theirs is lost', async () => {
    const fake = createFakeExcel();
    await formatThenMerge(fake);
    expect(fake.sheet('Sheet1').merges).toEqual(['A1:C1']);
    const a1 = fake.cell('Sheet1', 'A1');
    const c1 = fake.cell('Sheet1', 'C1');
    expect(a1.value).toBe('title');
    expect(c1.value).toBe('');
    expect(c1.format).toEqual(a1.format);
    expect(c1.format.fill).toBe('#FFFF00'); // its own green is gone
    expect(c1.numberFormat).toBe('General');
    // the right edge of the merged area had its border on C1 only: gone with C1's format
    expect(a1.format.borders?.right).toBeUndefined();
    expect(c1.format.borders?.right).toBeUndefined();
    expect(c1.format.borders?.left?.style).toBe('Continuous');
    // read back through the API, the merged area has one fill
    const fill = await fake.run(async (context) => {
      const f = context.workbook.worksheets.getItem('Sheet1').getRange('A1:C1').format.fill;
      f.load('color');
      await context.sync();
      return f.color;
    });
    expect(fill).toBe('#FFFF00');
  });

  it('merge first and format after: every cell keeps the format', async () => {
    const fake = createFakeExcel();
    await fake.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Sheet1').getRange('A1:C1');
      r.merge();
      r.format.fill.color = '#FFFF00';
      r.format.borders.getItem('EdgeRight').style = 'Continuous';
      await context.sync();
    });
    expect(fake.cell('Sheet1', 'C1').format.fill).toBe('#FFFF00');
    expect(fake.cell('Sheet1', 'C1').format.borders?.right?.style).toBe('Continuous');
  });

  it('merging also drops the other cells’ formulas, and across=true merges each row on its own', async () => {
    const fake = createFakeExcel();
    fake.setCell('Sheet1', 'B1', { formula: '=1+1', value: 2 });
    fake.setCell('Sheet1', 'A2', { value: 'row 2', numberFormat: '@' });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').merge(true);
      await context.sync();
    });
    expect(fake.sheet('Sheet1').merges).toEqual(['A1:B1', 'A2:B2']);
    expect(fake.cell('Sheet1', 'B1').formula).toBeUndefined();
    expect(fake.cell('Sheet1', 'B2').numberFormat).toBe('@');
  });
});

describe('reading ranges', () => {
  it('text: numbers as String(), simple date formats as dates, booleans as TRUE / FALSE', async () => {
    const fake = createFakeExcel();
    fake.setCell('Sheet1', 'A1', { value: 45658, numberFormat: 'yyyy/m/d' });
    fake.setCell('Sheet1', 'B1', { value: 45658, numberFormat: 'yyyy"年"m"月"d"日"' });
    fake.setCell('Sheet1', 'C1', { value: 45689, numberFormat: '[$-zh-TW]yyyy-mm-dd' });
    fake.setCell('Sheet1', 'D1', { value: 0.5, numberFormat: '0%' });
    fake.setCell('Sheet1', 'E1', { value: 95 });
    fake.setCell('Sheet1', 'F1', { value: true });
    fake.setCell('Sheet1', 'G1', { value: '#N/A' });
    const text = await fake.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Sheet1').getRange('A1:H1');
      r.load('text');
      await context.sync();
      return r.text;
    });
    expect(text).toEqual([['2025/1/1', '2025年1月1日', '2025-02-01', '0.5', '95', 'TRUE', '#N/A', '']]);
    expect(fake.cell('Sheet1', 'A1').text).toBe('2025/1/1');
  });

  it('hyperlink: written to every cell, textToDisplay shown in the top-left cell, read back from it', async () => {
    const fake = createFakeExcel();
    const link = await fake.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:B1').hyperlink = { address: 'https://example.org/', textToDisplay: 'Example', screenTip: 'tip' };
      const r = ws.getRange('A1');
      const none = ws.getRange('C1');
      r.load('hyperlink, values');
      none.load('hyperlink');
      await context.sync();
      return { link: r.hyperlink, values: r.values, none: none.hyperlink };
    });
    expect(link).toEqual({
      link: { address: 'https://example.org/', screenTip: 'tip', textToDisplay: 'Example' },
      values: [['Example']],
      none: null,
    });
    expect(fake.cell('Sheet1', 'B1').hyperlink).toEqual({ address: 'https://example.org/', screenTip: 'tip' });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').clear('Hyperlinks');
      await context.sync();
    });
    expect(fake.cell('Sheet1', 'A1')).toMatchObject({ value: 'Example' });
    expect(fake.cell('Sheet1', 'A1').hyperlink).toBeUndefined();
  });

  it('hyperlink needs ExcelApi 1.7 and exactly one target', async () => {
    const old = createFakeExcel({ api: '1.6' });
    expect(
      await failing(old, (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').hyperlink = { documentReference: "'Sheet1'!B2" };
      })
    ).toMatchObject({ code: 'ApiNotFound' });
    expect(
      await failing(old, (context) => context.workbook.worksheets.getItem('Sheet1').getRange('A1').load('hyperlink'))
    ).toMatchObject({ code: 'ApiNotFound' });
    const fake = createFakeExcel();
    expect(
      await failing(fake, (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').hyperlink = {
          address: 'https://example.org/',
          documentReference: 'Sheet1!B2',
        };
      })
    ).toMatchObject({ code: 'InvalidArgument' });
    expect(
      await failing(fake, (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').hyperlink = { textToDisplay: 'nowhere' };
      })
    ).toMatchObject({ code: 'InvalidArgument' });
    expect(fake.cell('Sheet1', 'A1').value).toBe('');
  });

  it('getMergedAreasOrNullObject: the merged areas touching the range, or a null object; ExcelApi 1.13', async () => {
    const fake = createFakeExcel();
    const areas = await fake.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:C1').merge();
      ws.getRange('B3:B4').merge();
      const some = ws.getRange('B1:D4').getMergedAreasOrNullObject();
      some.load('address, areaCount, cellCount');
      some.areas.load('items/address');
      const none = ws.getRange('E1:F9').getMergedAreasOrNullObject();
      await context.sync();
      return {
        none: none.isNullObject,
        some: some.isNullObject,
        address: some.address,
        areaCount: some.areaCount,
        cellCount: some.cellCount,
        items: some.areas.items.map((r) => r.address),
      };
    });
    expect(areas).toEqual({
      none: true,
      some: false,
      address: 'Sheet1!A1:C1, Sheet1!B3:B4',
      areaCount: 2,
      cellCount: 5,
      items: ['Sheet1!A1:C1', 'Sheet1!B3:B4'],
    });
    const old = createFakeExcel({ api: '1.12' });
    expect(
      await failing(old, (context) =>
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').getMergedAreasOrNullObject().load('address')
      )
    ).toMatchObject({
      code: 'ApiNotFound',
    });
    // a null RangeAreas is a null object like any other
    expect(
      await failing(fake, (context) =>
        context.workbook.worksheets.getItem('Sheet1').getRange('E1').getMergedAreasOrNullObject().areas.load('items')
      )
    ).toMatchObject(nullObjectError('RangeAreas.areas'));
  });

  it('Range.getUsedRange of a range with nothing in it is ItemNotFound; the OrNullObject variant is a null object', async () => {
    const fake = createFakeExcel();
    fake.setCell('Sheet1', 'A1', { value: 1 });
    expect(
      await failing(fake, (context) =>
        context.workbook.worksheets.getItem('Sheet1').getRange('C3:D4').getUsedRange().load('address')
      )
    ).toMatchObject({
      code: 'ItemNotFound',
    });
    const r = await fake.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      const none = ws.getRange('C3:D4').getUsedRangeOrNullObject();
      const sheetUsed = context.workbook.worksheets.getItem('Sheet1').getUsedRange();
      sheetUsed.load('address');
      await context.sync();
      return { none: none.isNullObject, sheetUsed: sheetUsed.address };
    });
    expect(r).toEqual({ none: true, sheetUsed: 'Sheet1!A1' });
  });
});

describe('writing: what Excel refuses', () => {
  const write = (fake: Fake, address: string, formulas: unknown[][]) =>
    failing(fake, (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange(address).formulas = formulas;
    });

  it('formulas Excel cannot parse, over-long formulas and over-long text', async () => {
    const fake = createFakeExcel();
    expect(await write(fake, 'A1', [['=SUM(A2:A3']])).toMatchObject({ code: 'InvalidArgument' });
    expect(await write(fake, 'A1', [['="open']])).toMatchObject({ code: 'InvalidArgument' });
    expect(await write(fake, 'A1', [[`=${'1+'.repeat(4100)}1`]])).toMatchObject({ code: 'InvalidArgument' });
    expect(await write(fake, 'A1', [['x'.repeat(32768)]])).toMatchObject({ code: 'InvalidArgument' });
    expect(await write(fake, 'A1', [['x'.repeat(32767)]])).toBeUndefined();
    expect(await write(fake, 'A2', [['=SUM(\'My (sheet)\'!A1:A2)&")"']])).toBeUndefined();
    expect(formulaProblem('=IF(A1="(",1,2)')).toBeUndefined();
    expect(formulaProblem('=A1)')).toBeDefined();
  });

  it('an offset or resize that leaves the sheet is InvalidArgument', async () => {
    const fake = createFakeExcel();
    expect(
      await failing(fake, (context) =>
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').getOffsetRange(-1, 0).load('address')
      )
    ).toMatchObject({
      code: 'InvalidArgument',
    });
    expect(
      await failing(fake, (context) =>
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').getResizedRange(-2, 0).load('address')
      )
    ).toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('inserting rows that would push a non-blank cell off the sheet fails', async () => {
    const fake = createFakeExcel();
    fake.setCell('Sheet1', 'A1048576', { value: 'last' });
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('Sheet1').getRange('3:3').insert('Down'))
    ).toMatchObject({
      code: 'InsertDeleteConflict',
    });
    expect(fake.cell('Sheet1', 'A1048576').value).toBe('last');
  });

  it('clear() knows its kinds', async () => {
    const fake = createFakeExcel();
    expect(
      await failing(fake, (context) =>
        context.workbook.worksheets
          .getItem('Sheet1')
          .getRange('A1')
          .clear('Everything' as Excel.ClearApplyTo)
      )
    ).toMatchObject({
      code: 'InvalidArgument',
    });
  });
});

describe('names, sheets and settings: what Excel refuses', () => {
  it('names that read as references, and comments over 255 characters', async () => {
    const fake = createFakeExcel();
    for (const bad of ['A1', 'R1C1', 'RC', 'R2', 'C', 'XFD1', '1st', 'has space']) {
      expect(
        await failing(fake, (context) =>
          context.workbook.names.add(bad, context.workbook.worksheets.getItem('Sheet1').getRange('A1'))
        )
      ).toMatchObject({
        code: 'InvalidArgument',
      });
    }
    expect(
      await failing(fake, (context) =>
        context.workbook.names.add('Fine', context.workbook.worksheets.getItem('Sheet1').getRange('A1'), 'x'.repeat(256))
      )
    ).toMatchObject({ code: 'InvalidArgument' });
    await addName(fake, 'XFE1', 'Sheet1', 'A1'); // beyond the last column: a valid name
    expect(fake.names().map((n) => n.name)).toEqual(['XFE1']);
  });

  it('a name whose sheet was deleted stays, refers to #REF! and blocks a new name of that name', async () => {
    const fake = withScores();
    await addName(fake, 'SelfScores', 'Scores', 'E5:E6');
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Scores').delete();
      await context.sync();
    });
    expect(fake.names()).toEqual([{ name: 'SelfScores', sheet: '#REF!', range: '#REF!', comment: '' }]);
    const seen = await fake.run(async (context) => {
      const item = context.workbook.names.getItemOrNullObject('SelfScores');
      item.load('type, value, formula');
      const range = item.getRangeOrNullObject();
      await context.sync();
      return { item: item.isNullObject, type: item.type, value: item.value, formula: item.formula, range: range.isNullObject };
    });
    expect(seen).toEqual({ item: false, type: 'Error', value: '#REF!', formula: '=#REF!$E$5:$E$6', range: true });
    expect(
      await failing(fake, (context) => context.workbook.names.getItem('SelfScores').getRange().load('address'))
    ).toMatchObject({
      code: 'ItemNotFound',
    });
    expect(
      await failing(fake, (context) =>
        context.workbook.names.add('SelfScores', context.workbook.worksheets.getItem('Sheet1').getRange('A1'))
      )
    ).toMatchObject({
      code: 'ItemAlreadyExists',
    });
  });

  it('settings need a key and a JSON value', async () => {
    const fake = createFakeExcel();
    expect(await failing(fake, (context) => context.workbook.settings.add('', 'x'))).toMatchObject({ code: 'InvalidArgument' });
    expect(await failing(fake, (context) => context.workbook.settings.add('k', undefined))).toMatchObject({
      code: 'InvalidArgument',
    });
    await fake.run(async (context) => {
      context.workbook.settings.add('k', { a: [1, 'b'] });
      await context.sync();
    });
    expect(fake.settings()).toEqual({ k: { a: [1, 'b'] } });
  });

  it('sheet names Excel refuses', async () => {
    const fake = createFakeExcel();
    for (const bad of ['', 'a/b', 'x'.repeat(32), "'quoted'", 'History', 'sheet1']) {
      expect(await failing(fake, (context) => context.workbook.worksheets.add(bad))).toMatchObject({
        code: expect.stringMatching(/InvalidArgument|ItemAlreadyExists/),
      });
    }
    expect(fake.sheetNames()).toEqual(['Sheet1']);
  });
});

describe('requirement sets', () => {
  it('members newer than the reported ExcelApi fail the sync with ApiNotFound', async () => {
    const fake = createFakeExcel({ api: '1.3' });
    const cases: [string, (context: Context) => void][] = [
      ['names.getItemOrNullObject (1.4)', (context) => context.workbook.names.getItemOrNullObject('x').load('name')],
      ['worksheets.getItemOrNullObject (1.4)', (context) => context.workbook.worksheets.getItemOrNullObject('x')],
      ['workbook.settings (1.4)', (context) => context.workbook.settings.load('items')],
      [
        'getRangeByIndexes (1.7)',
        (context) => context.workbook.worksheets.getItem('Sheet1').getRangeByIndexes(0, 0, 1, 1).load('address'),
      ],
      ['getActiveCell (1.7)', (context) => context.workbook.getActiveCell().load('address')],
      ['isEntireRow (1.7)', (context) => context.workbook.worksheets.getItem('Sheet1').getRange('1:1').load('isEntireRow')],
      ['freezePanes (1.7)', (context) => context.workbook.worksheets.getItem('Sheet1').freezePanes.freezeRows(1)],
    ];
    for (const [what, queue] of cases) {
      expect([what, await failing(fake, queue)]).toEqual([what, expect.objectContaining({ code: 'ApiNotFound' })]);
    }
    fake.setApiVersion('1.2');
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').merge())
    ).toBeUndefined();
    fake.setApiVersion('1.1');
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').unmerge())
    ).toMatchObject({
      code: 'ApiNotFound',
    });
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('Sheet1').getUsedRange(true).load('address'))
    ).toMatchObject({ code: 'ApiNotFound' });
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('Sheet1').getUsedRange().load('address'))
    ).toBeUndefined();
  });
});

describe('conditional formats: data bars and colour scales', () => {
  const formats = (context: Context, address = 'B2:B5') =>
    context.workbook.worksheets.getItem('Sheet1').getRange(address).conditionalFormats;
  const CRITERIA = {
    minimum: { formula: null, type: 'LowestValue', color: '#F8696B' },
    midpoint: { formula: '50', type: 'Percentile', color: '#FFEB84' },
    maximum: { type: 'HighestValue', color: '#63BE7B' },
  } as unknown as Excel.ConditionalColorScaleCriteria;

  it('a data bar and a colour scale are recorded with what was set, and read back after a sync', async () => {
    const fake = createFakeExcel();
    const read = await fake.run(async (context) => {
      const bar = formats(context).add('DataBar').dataBar;
      bar.barDirection = 'LeftToRight';
      bar.lowerBoundRule = { type: 'LowestValue' };
      bar.upperBoundRule = { type: 'Percentile', formula: '90' };
      bar.positiveFormat.fillColor = '#5B9BD5';
      const scale = formats(context, 'C2:C5').add('ColorScale').colorScale;
      scale.criteria = CRITERIA;
      scale.load('threeColorScale, criteria');
      bar.positiveFormat.load('gradientFill');
      await context.sync();
      return { three: scale.threeColorScale, criteria: scale.criteria, gradient: bar.positiveFormat.gradientFill };
    });
    expect(fake.sheet('Sheet1').conditionalFormats).toEqual([
      {
        range: 'B2:B5',
        type: 'DataBar',
        dataBar: {
          barDirection: 'LeftToRight',
          axisFormat: 'Automatic',
          axisColor: '#000000',
          showDataBarOnly: false,
          lowerBoundRule: { type: 'LowestValue' },
          upperBoundRule: { type: 'Percentile', formula: '90' },
          fillColor: '#5B9BD5',
          borderColor: '',
          gradientFill: true,
        },
      },
      {
        range: 'C2:C5',
        type: 'ColorScale',
        colorScale: {
          criteria: {
            minimum: { type: 'LowestValue', formula: null, color: '#F8696B' },
            midpoint: { type: 'Percentile', formula: '50', color: '#FFEB84' },
            maximum: { type: 'HighestValue', formula: null, color: '#63BE7B' },
          },
          threeColorScale: true,
        },
      },
    ]);
    expect(read).toEqual({
      three: true,
      criteria: fake.sheet('Sheet1').conditionalFormats[1].colorScale!.criteria,
      gradient: true,
    });
  });

  it('without a midpoint the scale has two colours', async () => {
    const fake = createFakeExcel();
    await fake.run(async (context) => {
      formats(context).add('ColorScale').colorScale.criteria = {
        minimum: { type: 'LowestValue', color: '#FFFFFF' },
        maximum: { type: 'HighestValue', color: '#63BE7B' },
      };
      await context.sync();
    });
    expect(fake.sheet('Sheet1').conditionalFormats[0].colorScale).toEqual({
      criteria: {
        minimum: { type: 'LowestValue', formula: null, color: '#FFFFFF' },
        maximum: { type: 'HighestValue', formula: null, color: '#63BE7B' },
      },
      threeColorScale: false,
    });
  });

  it('a wrong enum string, a criterion missing or without its formula, a bound on the wrong side: InvalidArgument', async () => {
    const cases: [string, (context: Context) => void][] = [
      [
        'add("dataBar"): the enum key, not its value',
        (context) => formats(context).add('dataBar' as Excel.ConditionalFormatType),
      ],
      [
        'barDirection "leftToRight"',
        (context) => (formats(context).add('DataBar').dataBar.barDirection = 'leftToRight' as 'LeftToRight'),
      ],
      [
        'fill colour that is no colour',
        (context) => (formats(context).add('DataBar').dataBar.positiveFormat.fillColor = '#5B9BD'),
      ],
      [
        'lower bound at the highest value',
        (context) => (formats(context).add('DataBar').dataBar.lowerBoundRule = { type: 'HighestValue' }),
      ],
      [
        'number bound without a formula',
        (context) => (formats(context).add('DataBar').dataBar.upperBoundRule = { type: 'Number' }),
      ],
      [
        'criteria without a maximum',
        (context) =>
          (formats(context).add('ColorScale').colorScale.criteria = {
            minimum: CRITERIA.minimum,
            midpoint: CRITERIA.midpoint,
          } as Excel.ConditionalColorScaleCriteria),
      ],
      [
        'criterion type "lowestValue"',
        (context) =>
          (formats(context).add('ColorScale').colorScale.criteria = {
            ...CRITERIA,
            minimum: { type: 'lowestValue' as 'LowestValue', color: '#FFFFFF' },
          }),
      ],
      [
        'percentile midpoint without a formula',
        (context) =>
          (formats(context).add('ColorScale').colorScale.criteria = {
            ...CRITERIA,
            midpoint: { type: 'Percentile', color: '#FFEB84' },
          }),
      ],
      [
        'percentile 150',
        (context) =>
          (formats(context).add('ColorScale').colorScale.criteria = {
            ...CRITERIA,
            midpoint: { type: 'Percentile', formula: '150', color: '#FFEB84' },
          }),
      ],
      ['the data bar of a colour scale', (context) => (formats(context).add('ColorScale').dataBar.barDirection = 'LeftToRight')],
      ['the custom rule of a data bar', (context) => (formats(context).add('DataBar').custom.rule.formula = '=B2>1')],
    ];
    for (const [what, queue] of cases) {
      const fake = createFakeExcel();
      expect([what, await failing(fake, queue)]).toEqual([what, expect.objectContaining({ code: 'InvalidArgument' })]);
    }
  });

  it('work before the failing request stays: the format is added, the bad criteria are not set', async () => {
    const fake = createFakeExcel();
    const e = await failing(fake, (context) => {
      formats(context).add('ColorScale').colorScale.criteria = {
        minimum: CRITERIA.minimum,
      } as Excel.ConditionalColorScaleCriteria;
    });
    expect(e).toMatchObject({ code: 'InvalidArgument', message: expect.stringMatching(/maximum is missing/) });
    expect(fake.sheet('Sheet1').conditionalFormats).toHaveLength(1);
    expect(fake.sheet('Sheet1').conditionalFormats[0].colorScale!.criteria.minimum.color).toBe('#F8696B'); // the default
  });

  it('types the fake does not model are NotImplemented; read-only properties cannot be set; ExcelApi 1.6', async () => {
    expect(await failing(createFakeExcel(), (context) => formats(context).add('IconSet'))).toMatchObject({
      code: 'NotImplemented',
    });
    await createFakeExcel().run(async (context) => {
      const cf = formats(context).add('ColorScale');
      expect(() => ((cf.colorScale as { threeColorScale: boolean }).threeColorScale = false)).toThrow(TypeError);
      expect(() => ((cf as { type: string }).type = 'DataBar')).toThrow(TypeError);
      await context.sync();
    });
    expect(await failing(createFakeExcel({ api: '1.5' }), (context) => formats(context).add('DataBar'))).toMatchObject({
      code: 'ApiNotFound',
    });
  });

  it('inserted rows move them like the other formats', async () => {
    const fake = createFakeExcel();
    await fake.run(async (context) => {
      formats(context).add('DataBar');
      formats(context, 'C2:C5').add('ColorScale');
      await context.sync();
      context.workbook.worksheets.getItem('Sheet1').getRange('1:2').insert('Down');
      await context.sync();
    });
    expect(fake.sheet('Sheet1').conditionalFormats.map((c) => [c.type, c.range])).toEqual([
      ['DataBar', 'B4:B7'],
      ['ColorScale', 'C4:C7'],
    ]);
  });
});

describe('names of several areas, and names scoped to a sheet', () => {
  const AREAS = "='My sheet'!$D$5:$D$7,'My sheet'!$D$10:$D$12";

  it('a name of several areas of one sheet: type Range, its value lists the areas, getRange is InvalidOperation', async () => {
    const fake = createFakeExcel({ sheets: ['Sheet1', 'My sheet'] });
    await fake.run(async (context) => {
      context.workbook.names.add('SelfScores', AREAS, 'scores');
      await context.sync();
    });
    expect(fake.names()).toEqual([{ name: 'SelfScores', sheet: 'My sheet', range: 'D5:D7,D10:D12', comment: 'scores' }]);
    const seen = await fake.run(async (context) => {
      const item = context.workbook.names.getItem('SelfScores');
      item.load('type, value, formula, scope');
      await context.sync();
      return { type: item.type, value: item.value, formula: item.formula, scope: item.scope };
    });
    expect(seen).toEqual({
      type: 'Range',
      value: "'My sheet'!$D$5:$D$7,'My sheet'!$D$10:$D$12",
      formula: AREAS,
      scope: 'Workbook',
    });
    for (const queue of [
      (context: Context) => context.workbook.names.getItem('SelfScores').getRange().load('address'),
      (context: Context) => context.workbook.names.getItem('SelfScores').getRangeOrNullObject().load('address'),
      (context: Context) => context.workbook.worksheets.getItem('My sheet').getRange('SelfScores').load('address'),
    ]) {
      expect(await failing(fake, queue)).toMatchObject({ code: expect.stringMatching(/InvalidOperation|InvalidArgument/) });
    }
    // areas of two sheets are not modelled; an area without its sheet is not a reference
    for (const bad of ["=Sheet1!$A$1,'My sheet'!$A$2", "='My sheet'!$A$1,$A$2"]) {
      expect(await failing(fake, (context) => context.workbook.names.add('Other', bad))).toMatchObject({
        code: 'InvalidArgument',
      });
    }
  });

  it('inserted rows move each area with its own cells', async () => {
    const fake = createFakeExcel({ sheets: ['My sheet'] });
    await fake.run(async (context) => {
      context.workbook.names.add('SelfScores', AREAS);
      await context.sync();
    });
    await fake.insertRows('My sheet', 9, 2);
    expect(fake.names()[0].range).toBe('D5:D7,D12:D14');
    await fake.insertRows('My sheet', 6, 1);
    expect(fake.names()[0].range).toBe('D5:D8,D13:D15');
  });

  it('worksheet.names: a sheet’s own names, apart from the workbook’s; the same name may be in both', async () => {
    const fake = createFakeExcel({ sheets: ['Old', 'New'] });
    await fake.run(async (context) => {
      context.workbook.names.add('SelfScores', '=New!$E$5:$E$16');
      context.workbook.worksheets.getItem('Old').names.add('SelfScores', '=Old!$E$5:$E$16', 'kept');
      // a sheet's name may refer to another sheet
      context.workbook.worksheets.getItem('New').names.add('Previous', '=Old!$E$5:$E$16');
      await context.sync();
    });
    expect(fake.names()).toEqual([{ name: 'SelfScores', sheet: 'New', range: 'E5:E16', comment: '' }]);
    expect(fake.names('Old')).toEqual([{ name: 'SelfScores', sheet: 'Old', range: 'E5:E16', comment: 'kept' }]);
    expect(fake.names('New')).toEqual([{ name: 'Previous', sheet: 'Old', range: 'E5:E16', comment: '' }]);
    const listed = await fake.run(async (context) => {
      const wb = context.workbook.names;
      const old = context.workbook.worksheets.getItem('Old').names;
      wb.load('items/name');
      old.load('items/name, items/scope');
      const missing = context.workbook.worksheets.getItem('New').names.getItemOrNullObject('SelfScores');
      missing.load('name');
      await context.sync();
      return {
        workbook: wb.items.map((n) => n.name),
        old: old.items.map((n) => [n.name, n.scope]),
        missing: missing.isNullObject,
      };
    });
    expect(listed).toEqual({ workbook: ['SelfScores'], old: [['SelfScores', 'Worksheet']], missing: true });
    // the same name twice in one scope is refused
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('Old').names.add('SelfScores', '=Old!$A$1'))
    ).toMatchObject({ code: 'ItemAlreadyExists' });
    // getItem and delete reach their own scope only
    expect(
      await failing(fake, (context) => context.workbook.worksheets.getItem('New').names.getItem('SelfScores').delete())
    ).toMatchObject({ code: 'ItemNotFound' });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Old').names.getItem('SelfScores').delete();
      await context.sync();
    });
    expect(fake.names('Old')).toEqual([]);
    expect(fake.names()).toHaveLength(1);
  });

  it('a sheet’s names go with the sheet; worksheet.names needs ExcelApi 1.4', async () => {
    const fake = createFakeExcel({ sheets: ['Old', 'New'] });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Old').names.add('Local', '=New!$A$1');
      context.workbook.worksheets.getItem('Old').delete();
      await context.sync();
    });
    const left = await fake.run(async (context) => {
      const wb = context.workbook.names;
      wb.load('items/name');
      await context.sync();
      return wb.items.map((n) => n.name);
    });
    expect(left).toEqual([]);
    fake.setApiVersion('1.3');
    expect(await failing(fake, (context) => context.workbook.worksheets.getItem('New').names.load('items/name'))).toMatchObject({
      code: 'ApiNotFound',
    });
  });
});

describe('data validation over cells that have one', () => {
  const rule = { wholeNumber: { formula1: 0, formula2: 10, operator: 'Between' } };

  it('a rule over cells of another rule is refused; clear() takes out only its own cells', async () => {
    const fake = createFakeExcel();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('D5:D20').dataValidation.rule = rule as never;
      await context.sync();
    });
    expect(
      await failing(fake, (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('C6:D7').dataValidation.rule = rule as never;
      })
    ).toMatchObject({ code: 'InvalidOperation' });
    await fake.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Sheet1').getRange('D5:D7');
      r.dataValidation.clear();
      r.dataValidation.rule = { decimal: { formula1: 0, formula2: 1, operator: 'Between' } } as never;
      await context.sync();
    });
    expect(fake.sheet('Sheet1').validations.map((v) => [v.range, Object.keys(v.rule as object)[0]])).toEqual([
      ['D8:D20', 'wholeNumber'],
      ['D5:D7', 'decimal'],
    ]);
  });
});
