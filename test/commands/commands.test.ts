/** @jest-environment jsdom */
import { TextEncoder } from 'util';
import { NAMES } from '../../src/contract';
import { missingName } from '../../src/operations/messages';
import { PROTECTED } from '../../src/adapters/office/explain';
import type { FakeExcel } from '../support/fakeExcel';

/**
 * The ribbon commands (src/commands/commands.ts) in a page like commands.html, with the fake Excel as
 * the `Excel` and `Office` globals and a stub of Office's dialog API. A command has no surface of its
 * own: a failure opens this same page as a dialog with ?notice=…, which shows the message as text.
 */

// The fake measures payloads with TextEncoder, which jsdom's window lacks; it must be there before the fake loads.
Object.assign(globalThis, { TextEncoder });

const { installFakeExcelGlobals } = require('../support/fakeExcel') as typeof import('../support/fakeExcel');

type Command = (event: Office.AddinCommands.Event) => Promise<void>;

interface Page {
  fake: FakeExcel;
  /** URLs of the dialogs opened */
  dialogs: string[];
  dialog: { close: jest.Mock; message: () => void };
  messageParent: jest.Mock;
  command: (name: 'insertTemplates' | 'buildTracking') => Promise<{ completed: jest.Mock }>;
}

const g = globalThis as Record<string, unknown>;

/** Open commands.html (with `search`, e.g. "?notice=…") in Excel: install the globals, then load the module. */
function open(search = '', opts: { language?: string; dialogApi?: boolean } = {}): Page {
  const fake = installFakeExcelGlobals(globalThis);
  if (opts.language) fake.displayLanguage = opts.language;
  const dialogs: string[] = [];
  let onMessage: (() => void) | undefined;
  const dialog = {
    close: jest.fn(),
    addEventHandler: jest.fn((_type: string, handler: () => void) => (onMessage = handler)),
    message: () => onMessage?.(),
  };
  const messageParent = jest.fn();
  const office = g.Office as Record<string, any>;
  // What office.js has and the fake leaves out: the dialog API and its enums.
  office.AsyncResultStatus = { Succeeded: 'succeeded', Failed: 'failed' };
  office.EventType = { DialogMessageReceived: 'dialogMessageReceived' };
  if (opts.dialogApi !== false) {
    office.context.ui = {
      displayDialogAsync: jest.fn((url: string, _options: unknown, callback?: (r: unknown) => void) => {
        dialogs.push(url);
        callback?.({ status: 'succeeded', value: dialog });
      }),
      messageParent,
    };
  }
  window.history.replaceState(null, '', `/commands.html${search}`);
  jest.isolateModules(() => {
    require('../../src/commands/commands');
  });
  const command = async (name: string) => {
    const fn = fake.actions.get(name) as Command | undefined;
    if (!fn) throw new Error(`${name} is not associated`);
    const event = { completed: jest.fn() };
    await fn(event as unknown as Office.AddinCommands.Event);
    return event;
  };
  return { fake, dialogs, dialog, messageParent, command };
}

const noticeOf = (url: string) => new URL(url).searchParams.get('notice');

let consoleError: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  consoleError.mockRestore();
  delete g.Excel;
  delete g.Office;
  delete g.OfficeExtension;
  document.body.replaceChildren();
});

describe('ribbon commands', () => {
  it('a failing command opens the notice dialog with the message in Excel’s language, and completes', async () => {
    const page = open();
    const event = await page.command('buildTracking'); // a workbook without Findings
    expect(event.completed).toHaveBeenCalledTimes(1);
    expect(page.dialogs).toHaveLength(1);
    const url = new URL(page.dialogs[0]);
    expect(url.pathname).toBe('/commands.html');
    expect(noticeOf(page.dialogs[0])).toBe(missingName(NAMES.findings).zh);
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('Findings'));
    // the dialog closes when the page inside says so
    page.dialog.message();
    expect(page.dialog.close).toHaveBeenCalled();
  });

  it('in English Excel the notice is in English', async () => {
    const page = open('', { language: 'en-US' });
    await page.command('buildTracking');
    expect(noticeOf(page.dialogs[0])).toBe(missingName(NAMES.findings).en);
  });

  it('a succeeding command opens no dialog, and completes', async () => {
    const page = open();
    const inserted = await page.command('insertTemplates');
    expect(inserted.completed).toHaveBeenCalledTimes(1);
    expect(page.fake.sheetNames()).toEqual(['Sheet1', '執行計畫', '考核評分表', '彙整表', '改善追蹤']);
    const tracked = await page.command('buildTracking');
    expect(tracked.completed).toHaveBeenCalledTimes(1);
    expect(page.dialogs).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('an Excel refusal is explained: a protected tracking sheet', async () => {
    const page = open();
    await page.command('insertTemplates');
    // the blank templates have no findings: give item 1 a suggestion, so there is a row to add
    page.fake.setCell('彙整表', 'D13', { value: '簡化線上申辦流程' });
    page.fake.protect('改善追蹤');
    const event = await page.command('buildTracking');
    expect(event.completed).toHaveBeenCalledTimes(1);
    expect(page.dialogs.map(noticeOf)).toEqual([PROTECTED.zh]);
  });

  it('completes even when something throws, and without a dialog API says it on the console', async () => {
    const page = open('', { dialogApi: false });
    Object.defineProperty((g.Office as { context: object }).context, 'displayLanguage', {
      get() {
        throw new Error('the context is gone');
      },
    });
    const event = await page.command('buildTracking');
    expect(event.completed).toHaveBeenCalledTimes(1);
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('the context is gone'));
  });
});

describe('the notice dialog (commands.html?notice=…)', () => {
  it('shows the message as text: markup in it creates no element', () => {
    const text = '<img src=x onerror=alert(1)>';
    const page = open(`?notice=${encodeURIComponent(text)}`);
    const p = document.body.querySelector('p');
    expect(p?.textContent).toBe(text);
    expect(document.body.querySelector('img')).toBeNull();
    expect(document.body.children).toHaveLength(2);
    // it is a dialog, not the function file: no commands are associated
    expect(page.fake.actions.size).toBe(0);
  });

  it('shows what a failing command sent, and its button asks the parent to close the dialog', async () => {
    const failing = open();
    await failing.command('buildTracking');
    const url = new URL(failing.dialogs[0]);
    const page = open(url.search);
    expect(document.body.querySelector('p')?.textContent).toBe(missingName(NAMES.findings).zh);
    const button = document.body.querySelector('button')!;
    expect(document.activeElement).toBe(button);
    button.click();
    expect(page.messageParent).toHaveBeenCalledWith('close');
  });
});
