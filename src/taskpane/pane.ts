import type { CheckResult } from '../domain/check';
import type { ExcelHost, HostResult } from '../hosts/office/api';
import { DEFAULT_OFFICE, type Field, type FieldErrors, parseForm, periodOf, rocYearOf } from './form';
import { type Lang, STRINGS, pick } from './i18n';
import { type ProblemView, insertReportView, scoresView, trackReportView } from './model';
import { dimensionItems, fill, h, messageBar, problemItem, reportBlock, setText } from './view';

export interface PaneHandle {
  /** settles when the first check has been shown (or its error) and watching has started */
  ready: Promise<void>;
  /** stop watching the workbook and empty the root */
  dispose(): Promise<void>;
}

export interface PaneOptions {
  /** "today", for the default year and period */
  now?: Date;
}

let mounts = 0;

/** Text for something the host threw rather than returned: a UserError's detail, or the error's message. */
function thrownText(e: unknown, lang: Lang): string {
  const detail = (e as { detail?: unknown } | null)?.detail as { zh?: unknown; en?: unknown } | undefined;
  if (detail && typeof detail.zh === 'string' && typeof detail.en === 'string')
    return pick({ zh: detail.zh, en: detail.en }, lang);
  const text = e instanceof Error ? e.message : String(e);
  return STRINGS[lang].unexpected(text);
}

/**
 * The whole task pane, drawn into `root` and talking to Excel only through `host`.
 * The entry (taskpane.ts) calls this from Office.onReady; tests call it with a fake host.
 */
export function mountPane(root: HTMLElement, host: ExcelHost, lang: Lang, options: PaneOptions = {}): PaneHandle {
  const s = STRINGS[lang];
  const prefix = `sc${mounts++}`;
  const id = (name: string) => `${prefix}-${name}`;
  const now = options.now ?? new Date();
  const doc = root.ownerDocument;
  doc.documentElement.lang = s.htmlLang;
  doc.title = s.title;

  let busy = false;
  let disposed = false;
  let stopWatching: (() => Promise<void>) | null = null;
  let lastProblemCount: number | null = null;
  /** results apply in the order they were asked for: a slow check never overwrites a newer change */
  let asked = 0;
  let applied = 0;

  // ---- insert templates ------------------------------------------------------------------------
  const officeInput = h('input', {
    id: id('office'),
    class: 'input',
    attrs: { type: 'text', name: 'office', autocomplete: 'organization', maxlength: 60, spellcheck: 'false' },
  });
  officeInput.value = DEFAULT_OFFICE;
  const yearInput = h('input', {
    id: id('year'),
    class: 'input input-year',
    attrs: { type: 'text', name: 'rocYear', inputmode: 'numeric', autocomplete: 'off', maxlength: 6 },
  });
  yearInput.value = String(rocYearOf(now));
  const radio = (value: 'H1' | 'H2', text: string) => {
    const input = h('input', { id: id(`period-${value}`), attrs: { type: 'radio', name: id('period'), value } });
    input.checked = value === periodOf(now);
    return h('div', { class: 'choice' }, input, h('label', { attrs: { for: input.id } }, text));
  };
  const exampleInput = h('input', { id: id('example'), attrs: { type: 'checkbox', name: 'example' } });
  const errorEl = (field: Field) => h('p', { id: id(`${field}-error`), class: 'field-error', attrs: { hidden: true } });
  const errors: Record<Field, HTMLParagraphElement> = {
    office: errorEl('office'),
    rocYear: errorEl('rocYear'),
    period: errorEl('period'),
  };
  const periodSet = h(
    'fieldset',
    { class: 'field', attrs: { role: 'radiogroup' } },
    h('legend', { class: 'label' }, s.period),
    h('div', { class: 'choices' }, radio('H1', s.h1), radio('H2', s.h2)),
    errors.period
  );
  const fieldTargets: Record<Field, HTMLElement> = { office: officeInput, rocYear: yearInput, period: periodSet };
  const insertButton = h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, s.insert);
  const insertMsg = h('div', { class: 'msg-slot' });
  const insertReport = h('div', { class: 'report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const form = h(
    'form',
    { class: 'form', attrs: { novalidate: true } },
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'label', attrs: { for: officeInput.id } }, s.office),
      officeInput,
      h('p', { class: 'hint', id: id('office-hint') }, s.officeHint),
      errors.office
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'label', attrs: { for: yearInput.id } }, s.rocYear),
      yearInput,
      h('p', { class: 'hint', id: id('rocYear-hint') }, s.rocYearHint),
      errors.rocYear
    ),
    periodSet,
    h(
      'div',
      { class: 'field choice' },
      exampleInput,
      h('label', { attrs: { for: exampleInput.id } }, s.example, h('span', { class: 'hint hint-inline' }, s.exampleHint))
    ),
    h('div', { class: 'actions' }, insertButton)
  );
  officeInput.setAttribute('aria-describedby', `${id('office-hint')}`);
  yearInput.setAttribute('aria-describedby', `${id('rocYear-hint')}`);
  const insertSection = section('insert', s.insertHeading, form, insertMsg, insertReport);

  // ---- scores ----------------------------------------------------------------------------------
  const totalValue = h('span', { class: 'total-value' }, '—');
  const totalCap = h('span', { class: 'total-cap' }, '/ 1000');
  const totalLive = h('span', { class: 'sr-only' });
  const total = h(
    'div',
    { class: 'total', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } },
    h('span', { class: 'total-label', attrs: { 'aria-hidden': 'true' } }, s.total),
    h('span', { class: 'total-number', attrs: { 'aria-hidden': 'true' } }, totalValue, ' ', totalCap),
    totalLive
  );
  const entered = h('p', { class: 'entered' }, s.checking);
  const totalCard = h('div', { class: 'total-card' }, total, entered);
  const dimList = h('ul', { class: 'dims' });
  // tabindex -1: focus can land here when the problem whose button had it is fixed
  const problemsHeading = h(
    'h3',
    { id: id('problems-h'), class: 'subheading', attrs: { hidden: true, tabindex: -1 } },
    s.problemsHeading
  );
  const problemList = h('ul', { class: 'problems', attrs: { 'aria-labelledby': problemsHeading.id } });
  const noProblems = h('p', { class: 'ok', attrs: { hidden: true } }, s.noProblems);
  const announcer = h('p', { class: 'sr-only', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
  const scoresMsg = h('div', { class: 'msg-slot' });
  const scoresSection = section(
    'scores',
    s.scoresHeading,
    scoresMsg,
    totalCard,
    dimList,
    problemsHeading,
    noProblems,
    problemList,
    announcer
  );

  // ---- tracking --------------------------------------------------------------------------------
  const trackButton = h('button', { class: 'btn btn-primary', attrs: { type: 'button' } }, s.buildTracking);
  const trackMsg = h('div', { class: 'msg-slot' });
  const trackReport = h('div', { class: 'report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const trackSection = section(
    'tracking',
    s.trackingHeading,
    h('p', { class: 'hint' }, s.trackingHint),
    h('div', { class: 'actions' }, trackButton),
    trackMsg,
    trackReport
  );

  fill(
    root,
    h('header', { class: 'pane-header' }, h('h1', { class: 'title' }, s.title), h('p', { class: 'subtitle' }, s.subtitle)),
    insertSection,
    scoresSection,
    trackSection
  );
  root.removeAttribute('aria-busy');

  try {
    if (!host.capabilities().dataValidation) insertMsg.before(messageBar('warning', '', s.noValidation));
  } catch {
    // capabilities are a hint; the pane works without them
  }

  function section(name: string, title: string, ...children: (Node | null)[]): HTMLElement {
    const heading = h('h2', { id: id(`${name}-h`), class: 'heading' }, title);
    return h('section', { class: `card card-${name}`, attrs: { 'aria-labelledby': heading.id } }, heading, ...children);
  }

  function showError(slot: HTMLElement, text: string): void {
    fill(slot, messageBar('error', s.error, text, { label: s.dismiss, onDismiss: () => fill(slot) }));
  }

  // ---- rendering scores ------------------------------------------------------------------------
  function applyCheck(r: HostResult<CheckResult>, order: number): void {
    if (disposed || order < applied) return;
    applied = order;
    if (!r.ok) {
      // no totals rather than stale ones: the alert says why
      showError(scoresMsg, pick(r.error, lang));
      totalCard.hidden = true;
      setText(totalValue, '—');
      setText(totalLive, '');
      fill(dimList);
      fill(problemList);
      problemList.hidden = true;
      noProblems.hidden = true;
      problemsHeading.hidden = true;
      lastProblemCount = null;
      return;
    }
    fill(scoresMsg);
    totalCard.hidden = false;
    const v = scoresView(r.value, lang);
    setText(totalValue, v.total);
    setText(totalCap, `/ ${v.totalCap}`);
    setText(totalLive, v.totalLabel);
    setText(entered, v.entered);
    fill(dimList, ...dimensionItems(v));

    // keep focus on the "go to" button of the same cell when the list is redrawn
    const focused =
      doc.activeElement instanceof HTMLElement && problemList.contains(doc.activeElement) ? doc.activeElement : null;
    const focusKey = focused ? `${focused.dataset.sheet}!${focused.dataset.address}` : null;
    fill(problemList, ...v.problems.map((p) => problemItem(p, s.goTo, goTo)));
    problemList.hidden = v.problems.length === 0;
    noProblems.hidden = v.problems.length !== 0;
    problemsHeading.hidden = false;
    setText(problemsHeading, v.problems.length ? `${s.problemsHeading} (${v.problems.length})` : s.problemsHeading);
    if (focusKey) {
      const again = [...problemList.querySelectorAll<HTMLButtonElement>('button[data-sheet]')].find(
        (b) => `${b.dataset.sheet}!${b.dataset.address}` === focusKey
      );
      (again ?? problemsHeading).focus();
    }
    if (lastProblemCount !== v.problems.length) {
      lastProblemCount = v.problems.length;
      setText(announcer, v.problemCount);
    }
  }

  const onWatch = (r: HostResult<CheckResult>) => applyCheck(r, ++asked);

  async function check(): Promise<void> {
    const order = ++asked;
    let r: HostResult<CheckResult>;
    try {
      r = await host.check();
    } catch (e) {
      r = { ok: false, error: { zh: thrownText(e, 'zh'), en: thrownText(e, 'en') } };
    }
    applyCheck(r, order);
  }

  async function watch(): Promise<void> {
    if (stopWatching) return;
    try {
      const stop = await host.watchScores(onWatch);
      if (disposed) await stop();
      else stopWatching = stop;
    } catch {
      // no scorecard yet, or the host cannot watch: the check shows why; inserting templates retries
    }
  }

  async function goTo(p: ProblemView, button: HTMLButtonElement): Promise<void> {
    button.setAttribute('aria-busy', 'true');
    try {
      const r = await host.select(p.sheet, p.address);
      if (!r.ok) showError(scoresMsg, pick(r.error, lang));
    } catch (e) {
      showError(scoresMsg, thrownText(e, lang));
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  // ---- operations ------------------------------------------------------------------------------
  const actionButtons = [insertButton, trackButton];

  async function run(
    sectionEl: HTMLElement,
    button: HTMLButtonElement,
    busyText: string,
    slot: HTMLElement,
    op: () => Promise<void>
  ) {
    if (busy) return;
    busy = true;
    const label = button.textContent ?? '';
    for (const b of actionButtons) b.disabled = true;
    button.textContent = busyText;
    button.classList.add('is-busy');
    sectionEl.setAttribute('aria-busy', 'true');
    fill(slot);
    try {
      await op();
    } catch (e) {
      showError(slot, thrownText(e, lang));
    } finally {
      busy = false;
      for (const b of actionButtons) b.disabled = false;
      button.textContent = label;
      button.classList.remove('is-busy');
      sectionEl.removeAttribute('aria-busy');
    }
  }

  function setFieldError(field: Field, key: FieldErrors[Field]): void {
    const target = fieldTargets[field];
    const hint = field === 'period' ? '' : id(`${field}-hint`);
    errors[field].textContent = key ? s[key] : '';
    errors[field].hidden = !key;
    if (key) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
    const describedBy = `${key ? errors[field].id : ''} ${hint}`.trim();
    if (describedBy) target.setAttribute('aria-describedby', describedBy);
    else target.removeAttribute('aria-describedby');
  }

  function setFieldErrors(found: FieldErrors): void {
    for (const field of Object.keys(errors) as Field[]) setFieldError(field, found[field]);
  }

  function readPeriod(): string {
    const checked = form.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    return checked?.value ?? '';
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (busy) return;
    const parsed = parseForm({
      office: officeInput.value,
      rocYear: yearInput.value,
      period: readPeriod(),
      example: exampleInput.checked,
    });
    if (!parsed.ok) {
      setFieldErrors(parsed.errors);
      const first = (['office', 'rocYear', 'period'] as Field[]).find((f) => parsed.errors[f]);
      if (first === 'period') form.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
      else if (first) fieldTargets[first].focus();
      else showError(insertMsg, s.unexpected('form'));
      return;
    }
    setFieldErrors({});
    void run(insertSection, insertButton, s.inserting, insertMsg, async () => {
      fill(insertReport);
      const report = await host.insertTemplates(parsed.value);
      fill(insertReport, reportBlock(insertReportView(report, lang)));
      // watch again: before the insert there may have been nothing to watch (the host then answers
      // with a no-op stop), and SelfScores may now be on another sheet
      const stop = stopWatching;
      stopWatching = null;
      if (stop) await stop().catch(() => undefined);
      await watch();
      await check();
    });
  });
  // an error goes away as soon as its field is edited
  officeInput.addEventListener('input', () => setFieldError('office', undefined));
  yearInput.addEventListener('input', () => setFieldError('rocYear', undefined));
  periodSet.addEventListener('change', () => setFieldError('period', undefined));

  trackButton.addEventListener('click', () => {
    void run(trackSection, trackButton, s.building, trackMsg, async () => {
      fill(trackReport);
      const r = await host.buildTracking();
      if (r.ok) fill(trackReport, reportBlock(trackReportView(r.value, lang)));
      else showError(trackMsg, pick(r.error, lang));
    });
  });

  // ---- start -----------------------------------------------------------------------------------
  scoresSection.setAttribute('aria-busy', 'true');
  const ready = Promise.all([watch(), check()]).then(() => {
    scoresSection.removeAttribute('aria-busy');
  });

  return {
    ready,
    async dispose() {
      disposed = true;
      const stop = stopWatching;
      stopWatching = null;
      if (stop) await stop();
      root.replaceChildren();
    },
  };
}
