import type { HostResult } from '../adapters/office/api';
import type { ReadProgress, ReadWorkbooks } from '../adapters/office/reviewFiles';
import type { ReviewOutcome } from '../operations/review';
import type { OneAtATime } from './busy';
import { pick } from './i18n';
import type { PaneUi } from './ui';
import { fill, h } from './view';

/** What the review card asks of Excel and of the review chunk (./pane passes excelActions' functions). */
export interface ReviewActions {
  /** start fetching the reader while the user is choosing files */
  prepareReview(): void;
  readWorkbooks(files: readonly File[], progress?: ReadProgress): Promise<ReadWorkbooks>;
  reviewWorkbooks(read: ReadWorkbooks): Promise<HostResult<ReviewOutcome>>;
}

/** The picker's filter: .xlsx only (the reader says what any other file is, should one be picked anyway). */
const ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel's lock file beside an open workbook (~$name.xlsx): a few bytes of owner name, never a workbook. */
const isLockFile = (f: File) => f.name.startsWith('~$');

/** What came of a review, as text only: workbook names and messages can never become markup. */
function outcomeBlock(ui: PaneUi, read: ReadWorkbooks, locks: number, outcome: ReviewOutcome | null): DocumentFragment {
  const { s, lang } = ui;
  const frag = document.createDocumentFragment();
  // the operation's own summary names the sheets it added; without one, what was read
  const summary = outcome ? pick(outcome.summary, lang) : s.reviewRead(read.facts.length, read.unreadable.length);
  frag.appendChild(h('p', { class: 'report-summary' }, summary));
  if (locks) frag.appendChild(h('p', { class: 'hint review-locks' }, s.reviewLocks(locks)));
  if (read.unreadable.length) {
    frag.appendChild(h('h3', { class: 'subheading' }, s.reviewUnreadable(read.unreadable.length)));
    const list = h('ul', { class: 'review-list review-unreadable' });
    for (const u of read.unreadable) {
      list.appendChild(
        h('li', null, h('strong', { class: 'review-file' }, u.file), h('p', { class: 'review-reason' }, pick(u.message, lang)))
      );
    }
    frag.appendChild(list);
  }
  const flags = outcome?.review.flags ?? [];
  if (flags.length) {
    frag.appendChild(h('h3', { class: 'subheading' }, s.reviewFlags(flags.length)));
    const list = h('ul', { class: 'review-list review-flags' });
    for (const f of flags) list.appendChild(h('li', { attrs: { 'data-kind': f.kind } }, pick(f.message, lang)));
    frag.appendChild(list);
  }
  return frag;
}

/**
 * The review card: a button that opens a file picker for the offices' workbooks, reads them here in the
 * browser one at a time (saying how far it has got), and adds the review sheets to the open workbook.
 */
export function reviewSection(ui: PaneUi, busy: OneAtATime, actions: ReviewActions): HTMLElement {
  const { s } = ui;
  const hint = h('p', { class: 'hint', id: ui.id('review-hint') }, s.reviewHint);
  const button = busy.add(
    h('button', { class: 'btn btn-primary', attrs: { type: 'button', 'aria-describedby': hint.id } }, s.reviewPick)
  );
  // Hidden, with its label: the button opens it, so it is reached and named like every other action.
  const input = h('input', {
    id: ui.id('review-files'),
    class: 'review-files',
    attrs: { type: 'file', multiple: true, accept: ACCEPT, hidden: true },
  });
  const label = h('label', { attrs: { for: input.id, hidden: true } }, s.reviewPick);
  const slot = h('div', { class: 'msg-slot' });
  const report = h('div', { class: 'report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const section = ui.section('review', s.reviewHeading, hint, h('div', { class: 'actions' }, button, label, input), slot, report);

  async function review(picked: File[]): Promise<void> {
    fill(report);
    const files = picked.filter((f) => !isLockFile(f));
    const locks = picked.length - files.length;
    if (!files.length) return ui.showError(slot, s.reviewNothing);
    const read = await actions.readWorkbooks(files, (n, of) =>
      fill(report, h('p', { class: 'review-progress' }, s.reviewReading(n, of)))
    );
    if (!read.facts.length) {
      fill(report, outcomeBlock(ui, read, locks, null));
      return ui.showError(slot, s.reviewNoneRead);
    }
    fill(report, h('p', { class: 'review-progress' }, s.reviewWriting));
    const r = await actions.reviewWorkbooks(read);
    fill(report, outcomeBlock(ui, read, locks, r.ok ? r.value : null));
    if (!r.ok) ui.showError(slot, pick(r.error, ui.lang));
  }

  button.addEventListener('click', () => {
    if (busy.busy) return;
    actions.prepareReview();
    input.click();
  });
  input.addEventListener('change', () => {
    // a FileList is live: copy it before the input is emptied (so picking the same files again fires change)
    const picked = Array.from(input.files ?? []);
    input.value = '';
    if (!picked.length || busy.busy) return;
    void busy.run({ section, button, busyText: s.reviewing, slot }, () => review(picked));
  });
  return section;
}
