import type { HostResult } from '../adapters/office/api';
import type { FormMeta } from '../contract';
import type { NextOutcome } from '../operations/next';
import type { OneAtATime } from './busy';
import { pick } from './i18n';
import { nextConfirmText, nextReportView } from './model';
import type { PaneUi } from './ui';
import { fill, h, reportBlock, setText } from './view';

export interface NextOptions {
  nextPeriod(): Promise<HostResult<NextOutcome>>;
  /** after the next period was added: its sheets carry the workbook-scoped names now, so the check follows them */
  onNext(): Promise<void>;
}

export interface NextSection {
  el: HTMLElement;
  /** the workbook has the templates, read as `meta` says (whose form, which half); null: it has none */
  show(meta: Partial<FormMeta> | null): void;
}

/**
 * "Start the next period": a button, then a confirm step that says from → to (adding a period adds four
 * sheets, which is not something to do by a stray click), then what was added.
 */
export function nextSection(ui: PaneUi, busy: OneAtATime, o: NextOptions): NextSection {
  const { s } = ui;
  const start = busy.add(
    h('button', { class: 'btn btn-primary', attrs: { type: 'button', 'aria-expanded': 'false' } }, s.nextStart)
  );
  const question = h('p', { id: ui.id('next-confirm-text'), class: 'confirm-text' });
  const go = busy.add(h('button', { class: 'btn btn-primary', attrs: { type: 'button' } }, s.nextGo));
  const cancel = h('button', { class: 'btn btn-secondary', attrs: { type: 'button' } }, s.cancel);
  const confirm = h(
    'div',
    { id: ui.id('next-confirm'), class: 'confirm', attrs: { role: 'group', 'aria-labelledby': question.id, hidden: true } },
    question,
    h('div', { class: 'actions' }, go, cancel)
  );
  start.setAttribute('aria-controls', confirm.id);
  const startRow = h('div', { class: 'actions' }, start);
  const slot = h('div', { class: 'msg-slot' });
  const report = h('div', { class: 'report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const section = ui.section('next', s.nextHeading, h('p', { class: 'hint' }, s.nextHint), startRow, confirm, slot, report);
  section.hidden = true;
  let meta: Partial<FormMeta> | null = null;

  const ask = (open: boolean) => {
    confirm.hidden = !open;
    start.setAttribute('aria-expanded', String(open));
  };
  function close(): void {
    ask(false);
    start.focus();
  }

  start.addEventListener('click', () => {
    if (busy.busy || !meta) return;
    // from → to as the latest check read it, so a year typed meanwhile is what the question says
    setText(question, nextConfirmText(meta, ui.lang));
    fill(slot);
    ask(true);
    go.focus();
  });
  cancel.addEventListener('click', close);
  confirm.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  go.addEventListener('click', () => {
    if (busy.busy) return;
    close();
    void busy.run({ section, button: start, busyText: s.nextRunning, slot }, async () => {
      fill(report);
      const r = await o.nextPeriod();
      if (!r.ok) return ui.showError(slot, pick(r.error, ui.lang));
      fill(report, reportBlock(nextReportView(r.value, ui.lang)));
      await o.onNext();
    });
  });

  return {
    el: section,
    show(m) {
      meta = m;
      if (!m) ask(false);
      startRow.hidden = !m;
      // what it did stays readable even if the check then finds no templates
      section.hidden = !m && !report.hasChildNodes() && !slot.hasChildNodes();
    },
  };
}
