import type { Host, HostResult } from '../adapters/office/api';
import type { CheckOutcome } from '../operations/check';
import { pick } from './i18n';
import { type ProblemView, type ScoresView, scoresView } from './model';
import type { PaneUi } from './ui';
import { dimensionItems, fill, h, problemItem, setText } from './view';

export interface ScoresSection {
  el: HTMLElement;
  /** show a check: totals, subtotals and problems, or why there are none */
  show(r: HostResult<CheckOutcome>): void;
  /** the workbook has no scorecard yet: no totals and no error, a word on where to start instead */
  none(): void;
}

/** The elements the scores section updates. */
interface Parts {
  msg: HTMLElement;
  card: HTMLElement;
  value: HTMLElement;
  cap: HTMLElement;
  /** the total as one sentence, for screen readers */
  live: HTMLElement;
  notFinal: HTMLElement;
  entered: HTMLElement;
  dims: HTMLElement;
  heading: HTMLElement;
  problems: HTMLElement;
  none: HTMLElement;
  /** "no scorecard yet", on a first run */
  empty: HTMLElement;
  announcer: HTMLElement;
}

function totalCard(ui: PaneUi): Pick<Parts, 'card' | 'value' | 'cap' | 'live' | 'notFinal' | 'entered'> {
  const { s } = ui;
  const value = h('span', { class: 'total-value' }, '—');
  const cap = h('span', { class: 'total-cap' }, '/ 1000');
  const live = h('span', { class: 'sr-only' });
  const total = h(
    'div',
    { class: 'total', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } },
    h('span', { class: 'total-label', attrs: { 'aria-hidden': 'true' } }, s.total),
    h('span', { class: 'total-number', attrs: { 'aria-hidden': 'true' } }, value, ' ', cap),
    live
  );
  // Not live: the announcer already says when the count of problems changes.
  const notFinal = h('p', { class: 'total-note', attrs: { hidden: true } });
  const entered = h('p', { class: 'entered' }, s.checking);
  return { card: h('div', { class: 'total-card' }, total, notFinal, entered), value, cap, live, notFinal, entered };
}

function buildParts(ui: PaneUi): Parts {
  const { s, id } = ui;
  // tabindex -1: focus can land here when the problem whose button had it is fixed
  const heading = h(
    'h3',
    { id: id('problems-h'), class: 'subheading', attrs: { hidden: true, tabindex: -1 } },
    s.problemsHeading
  );
  return {
    ...totalCard(ui),
    msg: h('div', { class: 'msg-slot' }),
    dims: h('ul', { class: 'dims' }),
    heading,
    problems: h('ul', { class: 'problems', attrs: { 'aria-labelledby': heading.id } }),
    none: h('p', { class: 'ok', attrs: { hidden: true } }, s.noProblems),
    empty: h('p', { class: 'hint scores-empty', attrs: { hidden: true } }, s.scoresNone),
    announcer: h('p', { class: 'sr-only', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } }),
  };
}

/** No totals rather than stale ones: the alert says why. */
function clear(p: Parts): void {
  p.card.hidden = true;
  setText(p.value, '—');
  setText(p.live, '');
  fill(p.dims);
  fill(p.problems);
  p.problems.hidden = true;
  p.none.hidden = true;
  p.heading.hidden = true;
}

function showTotals(p: Parts, v: ScoresView): void {
  p.card.hidden = false;
  setText(p.value, v.total);
  setText(p.cap, `/ ${v.totalCap}`);
  setText(p.live, v.totalLabel);
  setText(p.notFinal, v.notFinal);
  p.notFinal.hidden = !v.notFinal;
  setText(p.entered, v.entered);
  fill(p.dims, ...dimensionItems(v));
}

const cellKey = (b: HTMLElement) => `${b.dataset.sheet}!${b.dataset.address}`;

/** Redraw the problem list, keeping focus on the "go to" button of the same cell (or the heading, when fixed). */
function showProblems(ui: PaneUi, p: Parts, v: ScoresView, item: (pv: ProblemView) => HTMLLIElement): void {
  const active = ui.doc.activeElement;
  const focusKey = active instanceof HTMLElement && p.problems.contains(active) ? cellKey(active) : null;
  fill(p.problems, ...v.problems.map(item));
  p.problems.hidden = v.problems.length === 0;
  p.none.hidden = v.problems.length !== 0;
  p.heading.hidden = false;
  setText(p.heading, v.problems.length ? `${ui.s.problemsHeading} (${v.problems.length})` : ui.s.problemsHeading);
  if (focusKey) {
    const buttons = [...p.problems.querySelectorAll<HTMLButtonElement>('button[data-sheet]')];
    (buttons.find((b) => cellKey(b) === focusKey) ?? p.heading).focus();
  }
}

/** Totals, subtotals and the problems to fix, from the live check; "go to cell" selects a problem's cell. */
export function scoresSection(ui: PaneUi, host: Pick<Host, 'select'>): ScoresSection {
  const p = buildParts(ui);
  let lastCount: number | null = null;

  async function goTo(pv: ProblemView, button: HTMLButtonElement): Promise<void> {
    button.setAttribute('aria-busy', 'true');
    try {
      const r = await host.select(pv.sheet, pv.address);
      if (!r.ok) ui.showError(p.msg, pick(r.error, ui.lang));
    } catch (e) {
      ui.showError(p.msg, ui.thrown(e));
    } finally {
      button.removeAttribute('aria-busy');
    }
  }
  const item = (pv: ProblemView) => problemItem(pv, ui.s.goTo, goTo);

  function show(r: HostResult<CheckOutcome>): void {
    p.empty.hidden = true;
    if (!r.ok) {
      ui.showError(p.msg, pick(r.error, ui.lang));
      clear(p);
      lastCount = null;
      return;
    }
    fill(p.msg);
    const v = scoresView(r.value, ui.lang);
    showTotals(p, v);
    showProblems(ui, p, v, item);
    // announced only when the count changes, not on every keystroke
    if (lastCount !== v.problems.length) {
      lastCount = v.problems.length;
      setText(p.announcer, v.problemCount);
    }
  }

  function none(): void {
    fill(p.msg);
    clear(p);
    p.empty.hidden = false;
    lastCount = null;
  }

  const el = ui.section('scores', ui.s.scoresHeading, p.msg, p.empty, p.card, p.dims, p.heading, p.none, p.problems, p.announcer);
  return { el, show, none };
}
