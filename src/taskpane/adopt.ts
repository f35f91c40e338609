import type { HostResult } from '../adapters/office/api';
import type { AdoptOutcome } from '../operations/adopt';
import type { OneAtATime } from './busy';
import { pick } from './i18n';
import { type AdoptView, type PartView, adoptReportView } from './model';
import type { PaneUi } from './ui';
import { fill, h } from './view';

export interface AdoptOptions {
  adopt(): Promise<HostResult<AdoptOutcome>>;
  /** after a successful adopt: the scores have names now, so the live check can find them */
  onAdopted(): Promise<void>;
}

export interface AdoptBlock {
  el: HTMLElement;
  /** offer the choice (a workbook with no scorecard), or not; what it did stays shown either way */
  offer(on: boolean): void;
}

function partList(cls: string, title: string, parts: PartView[]): Node[] {
  if (!parts.length) return [];
  const items = parts.map((p) =>
    h('li', null, h('span', { class: 'part-what' }, p.what), ' ', h('span', { class: 'part-where' }, p.where))
  );
  return [h('h4', { class: 'report-heading' }, title), h('ul', { class: `report-list ${cls}` }, ...items)];
}

/** What adopt did, as text only: cell text and sheet names inside its messages can never become markup. */
function outcomeBlock(ui: PaneUi, v: AdoptView): DocumentFragment {
  const { s } = ui;
  const frag = document.createDocumentFragment();
  frag.appendChild(h('p', { class: 'report-summary' }, v.summary));
  for (const n of [
    ...partList('adopt-found', s.adoptFound, v.found),
    ...partList('adopt-added', s.adoptAdded, v.added),
    ...(v.notes.length
      ? [
          h('h4', { class: 'report-heading' }, s.adoptNotes),
          h('ul', { class: 'report-list adopt-notes' }, ...v.notes.map((t) => h('li', null, t))),
        ]
      : []),
  ])
    frag.appendChild(n);
  return frag;
}

/**
 * "Use my existing sheet": for staff who made the scorecard themselves (pasted from the Word form), the add-in
 * attaches the names, validation, totals and tracking to it instead of inserting blank templates beside it.
 */
export function adoptBlock(ui: PaneUi, busy: OneAtATime, o: AdoptOptions): AdoptBlock {
  const { s } = ui;
  const hint = h('p', { class: 'hint', id: ui.id('adopt-hint') }, s.adoptHint);
  const button = busy.add(
    h('button', { class: 'btn btn-primary', attrs: { type: 'button', 'aria-describedby': hint.id } }, s.adopt)
  );
  const actions = h('div', { class: 'actions' }, button);
  const slot = h('div', { class: 'msg-slot' });
  const report = h('div', { class: 'report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const el = h(
    'div',
    { class: 'choice-adopt', attrs: { hidden: true } },
    h('h3', { class: 'subheading' }, s.adoptHeading),
    hint,
    actions,
    slot,
    report
  );
  let offered = false;
  const redraw = () => {
    hint.hidden = actions.hidden = !offered;
    // once it has done something, what it did stays readable even though the choice is no longer offered
    el.hidden = !offered && !report.hasChildNodes() && !slot.hasChildNodes();
  };

  button.addEventListener('click', () => {
    void busy.run({ section: el, button, busyText: s.adopting, slot }, async () => {
      fill(report);
      const r = await o.adopt();
      if (!r.ok) return ui.showError(slot, pick(r.error, ui.lang));
      fill(report, outcomeBlock(ui, adoptReportView(r.value, ui.lang)));
      await o.onAdopted();
    });
  });

  return {
    el,
    offer(on) {
      offered = on;
      redraw();
    },
  };
}
