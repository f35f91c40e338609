import type { Host, HostResult } from '../adapters/office/api';
import { type Loaders, excelActions } from '../adapters/office/actions';
import type { Rubric } from '../domain/rubric';
import type { CheckOutcome } from '../operations/check';
import { adoptBlock } from './adopt';
import { oneAtATime } from './busy';
import type { Lang } from './i18n';
import { insertSection } from './insert';
import { liveScores } from './live';
import { noScorecardYet } from './model';
import { nextSection } from './next';
import { reviewSection } from './review';
import { scoresSection } from './scores';
import { trackingSection } from './tracking';
import { type PaneUi, paneUi, thrownMessage } from './ui';
import { fill, h, messageBar } from './view';

export interface PaneHandle {
  /** settles when the first check has been shown (or its error) and watching has started */
  ready: Promise<void>;
  /** stop watching the workbook and empty the root */
  dispose(): Promise<void>;
}

export interface PaneOptions {
  /** "today", for the default year and period */
  now?: Date;
  /** the rubric the sheets are made with and checked against */
  rubric: Rubric;
  /** the example content; default: fetched as its own chunk when first asked for (tests cannot import() under jest) */
  /** where the on-demand parts come from (default: webpack chunks) */
  loaders?: Partial<Loaders>;
}

let mounts = 0;

/** What this Excel lacks that the inserted sheets would use: said once, above the insert messages. */
function capabilityNotes(host: Host, ui: PaneUi): HTMLElement[] {
  try {
    const c = host.capabilities();
    return [
      c.dataValidation ? null : messageBar('warning', '', ui.s.noValidation),
      c.print ? null : messageBar('warning', '', ui.s.noPrint),
    ].filter((n): n is HTMLDivElement => n !== null);
  } catch {
    // capabilities are a hint; the pane works without them
    return [];
  }
}

/**
 * The whole task pane, drawn into `root` and talking to Excel only through `host`.
 * The entry (taskpane.ts) calls this from Office.onReady; tests call it with a fake host.
 */
export function mountPane(root: HTMLElement, host: Host, lang: Lang, options: PaneOptions): PaneHandle {
  const ui = paneUi(root.ownerDocument, lang, `sc${mounts++}`);
  ui.doc.documentElement.lang = ui.s.htmlLang;
  ui.doc.title = ui.s.title;
  const actions = excelActions(host, options.rubric, options.loaders);
  const busy = oneAtATime(ui);

  const scores = scoresSection(ui, host);
  const restart = () => live.restart();
  const adopt = adoptBlock(ui, busy, { adopt: () => actions.adopt(options.now), onAdopted: restart });
  const insert = insertSection(ui, busy, {
    now: options.now ?? new Date(),
    notes: capabilityNotes(host, ui),
    insert: actions.insertTemplates,
    onInserted: restart,
    after: adopt.el,
  });
  const next = nextSection(ui, busy, { nextPeriod: () => actions.nextPeriod(options.now), onNext: restart });

  /** Each check also says what the workbook is: without a scorecard (welcome), with the templates, or broken. */
  function shown(r: HostResult<CheckOutcome>): void {
    if (!r.ok && noScorecardYet(r.error, options.rubric)) {
      // a first run is not an error: the insert card becomes "get started", with adopting as the other choice
      insert.mode('welcome');
      adopt.offer(true);
      next.show(null);
      scores.none();
      return;
    }
    insert.mode(r.ok ? 'templates' : 'form');
    adopt.offer(false);
    next.show(r.ok ? r.value.meta : null);
    scores.show(r);
  }
  const live = liveScores(host, shown, thrownMessage);
  const tracking = trackingSection(ui, busy, actions.buildTracking);
  const review = reviewSection(ui, busy, actions);
  const header = h(
    'header',
    { class: 'pane-header' },
    h('h1', { class: 'title' }, ui.s.title),
    h('p', { class: 'subtitle' }, ui.s.subtitle)
  );
  fill(root, header, insert.el, scores.el, tracking, next.el, review);
  root.removeAttribute('aria-busy');

  // Watching starts with a check of its own and reports it: one read, not two.
  scores.el.setAttribute('aria-busy', 'true');
  const ready = live.restart().then(() => scores.el.removeAttribute('aria-busy'));

  return {
    ready,
    async dispose() {
      await live.stop();
      root.replaceChildren();
    },
  };
}
