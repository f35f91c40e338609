import { RUBRIC_114 } from '../domain/defaultRubric';
import { type Message, bilingual } from '../domain/message';
import { defaultOptions } from '../contract';
import type { HostResult } from '../adapters/office/api';
import { type ExcelActions, excelActions } from '../adapters/office/actions';
import { createOfficeHost } from '../adapters/office/host';

/*
 * The ribbon's FunctionFile (commands.html). Two buttons run without the task pane:
 *   insertTemplates: the four blank sheets for this year and half, with a placeholder office name;
 *   buildTracking:   build or update the tracking sheet from Findings.
 * A command has no surface of its own, so a failure is shown in a small dialog: this same page, opened
 * with ?notice=…, shows the message as text. The task pane shows details (totals, problems, renames).
 */

let actions: ExcelActions | undefined;
const excel = (): ExcelActions => (actions ??= excelActions(createOfficeHost({ rubric: RUBRIC_114 }), RUBRIC_114));

const lang = (): keyof Message => (/^zh/i.test(Office.context?.displayLanguage ?? 'zh-TW') ? 'zh' : 'en');

/** Tell the user what went wrong, in a dialog; the console keeps it too. */
export function notify(text: string): void {
  console.error(`[scorecard] ${text}`);
  try {
    const url = new URL(location.href);
    url.search = `?notice=${encodeURIComponent(text)}`;
    Office.context.ui.displayDialogAsync(url.toString(), { height: 25, width: 35, displayInIframe: true }, (r) => {
      if (r.status !== Office.AsyncResultStatus.Succeeded) return;
      const dialog = r.value;
      dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => dialog.close());
    });
  } catch {
    // No dialog API here: the console line above is all that can be done.
  }
}

/** Run one command and always tell Office it has finished, or the ribbon button stays busy. */
async function run(event: Office.AddinCommands.Event, action: (a: ExcelActions) => Promise<HostResult<unknown>>): Promise<void> {
  try {
    const r = await action(excel());
    if (!r.ok) notify(r.error[lang()]);
  } catch (e) {
    notify(bilingual({ zh: `發生未預期的錯誤：${String(e)}`, en: `Unexpected error: ${String(e)}` }));
  } finally {
    event.completed();
  }
}

export function insertTemplates(event: Office.AddinCommands.Event): Promise<void> {
  return run(event, (a) => a.insertTemplates(defaultOptions()));
}

export function buildTracking(event: Office.AddinCommands.Event): Promise<void> {
  return run(event, (a) => a.buildTracking());
}

/** This page opened as the notice dialog: the message as text, and a button that closes it. */
function showNotice(text: string): void {
  const p = document.createElement('p');
  p.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '關閉 Close';
  close.addEventListener('click', () => Office.context.ui.messageParent('close'));
  document.body.replaceChildren(p, close);
  close.focus();
}

if (typeof Office !== 'undefined') {
  Office.onReady(() => {
    const notice = new URLSearchParams(location.search).get('notice');
    if (notice !== null) return showNotice(notice);
    Office.actions.associate('insertTemplates', insertTemplates);
    Office.actions.associate('buildTracking', buildTracking);
  });
}
