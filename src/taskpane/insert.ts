import type { HostResult } from '../adapters/office/api';
import { DEFAULT_OFFICE, type TemplateOptions, periodOf, rocYearOf } from '../contract';
import type { InsertOutcome } from '../operations/insertTemplates';
import type { OneAtATime } from './busy';
import { type Field, type FieldErrors, type FormValues, parseForm } from './form';
import { pick } from './i18n';
import { insertReportView } from './model';
import type { PaneUi } from './ui';
import { fill, h, reportBlock } from './view';

const FIELDS: readonly Field[] = ['office', 'rocYear', 'period'];

export interface InsertOptions {
  /** "today", for the default year and period */
  now: Date;
  /** notes about this Excel (no data validation, no print setup), shown above the section's messages */
  notes: HTMLElement[];
  insert(options: TemplateOptions): Promise<HostResult<InsertOutcome>>;
  /** after a successful insert: the scores may be new, or on another sheet */
  onInserted(): Promise<void>;
  /** shown at the end of the card (the choice to adopt a sheet made by hand) */
  after?: HTMLElement;
}

/**
 * What the card offers, by what the live check found:
 * - form: not known yet, or the scorecard is broken: the insert form, as ever;
 * - welcome: no scorecard at all (a first run): "get started", with the form as one of the choices;
 * - templates: the workbook has them: a new half-year is "Start the next period", so the form folds away
 *   behind a button (inserting again only makes "(2)" copies).
 */
export type InsertMode = 'form' | 'welcome' | 'templates';

export interface InsertSection {
  el: HTMLElement;
  mode(m: InsertMode): void;
}

/** The form's controls, and where each field's error is shown and tied to. */
interface Fields {
  form: HTMLFormElement;
  office: HTMLInputElement;
  year: HTMLInputElement;
  example: HTMLInputElement;
  periodSet: HTMLFieldSetElement;
  errors: Record<Field, HTMLParagraphElement>;
  /** the element that carries aria-invalid and aria-describedby for a field */
  targets: Record<Field, HTMLElement>;
}

function textField(ui: PaneUi, name: 'office' | 'rocYear', label: string, hint: string, input: HTMLInputElement, error: Node) {
  const hintEl = h('p', { class: 'hint', id: ui.id(`${name}-hint`) }, hint);
  input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: input.id } }, label), input, hintEl, error);
}

function periodField(ui: PaneUi, now: Date, error: Node): HTMLFieldSetElement {
  const radio = (value: 'H1' | 'H2', text: string) => {
    const input = h('input', { id: ui.id(`period-${value}`), attrs: { type: 'radio', name: ui.id('period'), value } });
    input.checked = value === periodOf(now);
    return h('div', { class: 'choice' }, input, h('label', { attrs: { for: input.id } }, text));
  };
  return h(
    'fieldset',
    { class: 'field', attrs: { role: 'radiogroup' } },
    h('legend', { class: 'label' }, ui.s.period),
    h('div', { class: 'choices' }, radio('H1', ui.s.h1), radio('H2', ui.s.h2)),
    error
  );
}

function buildFields(ui: PaneUi, now: Date, submit: HTMLButtonElement): Fields {
  const { s, id } = ui;
  const errorEl = (field: Field) => h('p', { id: id(`${field}-error`), class: 'field-error', attrs: { hidden: true } });
  const errors = { office: errorEl('office'), rocYear: errorEl('rocYear'), period: errorEl('period') };
  const officeAttrs = { type: 'text', name: 'office', autocomplete: 'organization', maxlength: 60, spellcheck: 'false' };
  const office = h('input', { id: id('office'), class: 'input', attrs: officeAttrs });
  office.value = DEFAULT_OFFICE;
  const yearAttrs = { type: 'text', name: 'rocYear', inputmode: 'numeric', autocomplete: 'off', maxlength: 6 };
  const year = h('input', { id: id('year'), class: 'input input-year', attrs: yearAttrs });
  year.value = String(rocYearOf(now));
  const example = h('input', { id: id('example'), attrs: { type: 'checkbox', name: 'example' } });
  const periodSet = periodField(ui, now, errors.period);
  const form = h(
    'form',
    { id: id('insert-form'), class: 'form', attrs: { novalidate: true } },
    textField(ui, 'office', s.office, s.officeHint, office, errors.office),
    textField(ui, 'rocYear', s.rocYear, s.rocYearHint, year, errors.rocYear),
    periodSet,
    h(
      'div',
      { class: 'field choice' },
      example,
      h('label', { attrs: { for: example.id } }, s.example, h('span', { class: 'hint hint-inline' }, s.exampleHint))
    ),
    h('div', { class: 'actions' }, submit)
  );
  return { form, office, year, example, periodSet, errors, targets: { office, rocYear: year, period: periodSet } };
}

/** Show or clear one field's error: its text, aria-invalid, and aria-describedby (the error first, then the hint). */
function setFieldError(ui: PaneUi, f: Fields, field: Field, key: FieldErrors[Field]): void {
  const target = f.targets[field];
  const error = f.errors[field];
  error.textContent = key ? ui.s[key] : '';
  error.hidden = !key;
  if (key) target.setAttribute('aria-invalid', 'true');
  else target.removeAttribute('aria-invalid');
  const hint = field === 'period' ? '' : ui.id(`${field}-hint`);
  const describedBy = `${key ? error.id : ''} ${hint}`.trim();
  if (describedBy) target.setAttribute('aria-describedby', describedBy);
  else target.removeAttribute('aria-describedby');
}

const readForm = (f: Fields): FormValues => ({
  office: f.office.value,
  rocYear: f.year.value,
  period: f.form.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.value ?? '',
  example: f.example.checked,
});

/** Move focus to the first field in error (the first radio for the period). */
function focusFirstError(f: Fields, errors: FieldErrors): boolean {
  const first = FIELDS.find((field) => errors[field]);
  if (first === 'period') f.form.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
  else if (first) f.targets[first].focus();
  return first !== undefined;
}

/** The insert card: the form, inline field errors, and what the insert did; a welcome on a first run. */
export function insertSection(ui: PaneUi, busy: OneAtATime, o: InsertOptions): InsertSection {
  const { s } = ui;
  const button = busy.add(h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, s.insert));
  const f = buildFields(ui, o.now, button);
  const slot = h('div', { class: 'msg-slot' });
  const report = h('div', { class: 'report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const intro = h('p', { class: 'start-intro', attrs: { hidden: true } }, s.startIntro);
  const choice = h('h3', { class: 'subheading', attrs: { hidden: true } }, s.insertChoice);
  const note = h('p', { class: 'hint templates-note', attrs: { hidden: true } }, s.templatesNote);
  const again = h(
    'button',
    { class: 'btn btn-secondary', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': f.form.id, hidden: true } },
    s.insertAgain
  );
  const section = ui.section(
    'insert',
    s.insertHeading,
    intro,
    note,
    again,
    choice,
    f.form,
    ...o.notes,
    slot,
    report,
    o.after ?? null
  );
  const heading = section.querySelector('h2');
  section.dataset.mode = 'form';
  const unfold = (open: boolean) => {
    f.form.hidden = !open;
    again.setAttribute('aria-expanded', String(open));
  };
  again.addEventListener('click', () => unfold(f.form.hidden !== false));

  let current: InsertMode = 'form';
  function mode(m: InsertMode): void {
    // every check reports the mode: only a change redraws, so a form opened by hand stays open while scores are typed
    if (m === current) return;
    current = m;
    section.dataset.mode = m;
    if (heading) heading.textContent = m === 'welcome' ? s.startHeading : s.insertHeading;
    intro.hidden = choice.hidden = m !== 'welcome';
    note.hidden = again.hidden = m !== 'templates';
    unfold(m !== 'templates');
  }
  const setErrors = (found: FieldErrors) => FIELDS.forEach((field) => setFieldError(ui, f, field, found[field]));

  async function insert(options: TemplateOptions): Promise<void> {
    fill(report);
    const r = await o.insert(options);
    if (!r.ok) return ui.showError(slot, pick(r.error, ui.lang));
    fill(report, reportBlock(insertReportView(r.value, ui.lang)));
    await o.onInserted();
  }

  f.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (busy.busy) return;
    const parsed = parseForm(readForm(f));
    if (!parsed.ok) {
      setErrors(parsed.errors);
      if (!focusFirstError(f, parsed.errors)) ui.showError(slot, s.unexpected('form'));
      return;
    }
    setErrors({});
    void busy.run({ section, button, busyText: s.inserting, slot }, () => insert(parsed.value));
  });
  // an error goes away as soon as its field is edited
  f.office.addEventListener('input', () => setFieldError(ui, f, 'office', undefined));
  f.year.addEventListener('input', () => setFieldError(ui, f, 'rocYear', undefined));
  f.periodSet.addEventListener('change', () => setFieldError(ui, f, 'period', undefined));
  return { el: section, mode };
}
