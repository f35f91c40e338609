import type { HostResult } from '../adapters/office/api';
import type { TrackOutcome } from '../operations/track';
import type { OneAtATime } from './busy';
import { pick } from './i18n';
import { trackReportView } from './model';
import type { PaneUi } from './ui';
import { fill, h, reportBlock } from './view';

/** The tracking card: one button that builds or updates the tracking sheet, and what it did. */
export function trackingSection(ui: PaneUi, busy: OneAtATime, build: () => Promise<HostResult<TrackOutcome>>): HTMLElement {
  const { s } = ui;
  const button = busy.add(h('button', { class: 'btn btn-primary', attrs: { type: 'button' } }, s.buildTracking));
  const slot = h('div', { class: 'msg-slot' });
  const report = h('div', { class: 'report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const section = ui.section(
    'tracking',
    s.trackingHeading,
    h('p', { class: 'hint' }, s.trackingHint),
    h('div', { class: 'actions' }, button),
    slot,
    report
  );
  button.addEventListener('click', () => {
    void busy.run({ section, button, busyText: s.building, slot }, async () => {
      fill(report);
      const r = await build();
      if (r.ok) fill(report, reportBlock(trackReportView(r.value, ui.lang)));
      else ui.showError(slot, pick(r.error, ui.lang));
    });
  });
  return section;
}
