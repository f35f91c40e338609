import type { ProblemView, ReportView, ScoresView } from './model';

/**
 * DOM building for the pane. Everything goes through createElement, setAttribute and text nodes:
 * workbook text (sheet names, findings, cell values inside messages) can never become markup here.
 * Never use innerHTML, outerHTML or insertAdjacentHTML in this folder.
 */

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  /** attributes, set with setAttribute; `false`/`undefined` leaves one out */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.id) el.id = props.id;
  for (const [k, v] of Object.entries(props?.attrs ?? {})) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [type, fn] of Object.entries(props?.on ?? {})) {
    if (fn) el.addEventListener(type, fn as EventListener);
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replace an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** Set text only when it changes, so live regions announce changes and nothing else. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export type BarKind = 'error' | 'warning' | 'success';

/**
 * A Fluent-like MessageBar. Errors are role="alert" (announced at once); the rest are role="status".
 */
export function messageBar(
  kind: BarKind,
  title: string,
  text: string,
  dismiss?: { label: string; onDismiss: () => void }
): HTMLDivElement {
  const bar = h(
    'div',
    { class: `msgbar msgbar-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    h(
      'span',
      { class: 'msgbar-icon', attrs: { 'aria-hidden': 'true' } },
      kind === 'error' ? '!' : kind === 'warning' ? '!' : '✓'
    ),
    h(
      'div',
      { class: 'msgbar-body' },
      title ? h('strong', { class: 'msgbar-title' }, title) : null,
      title ? ' ' : null,
      h('span', { class: 'msgbar-text' }, text)
    )
  );
  if (dismiss) {
    bar.appendChild(
      h(
        'button',
        {
          class: 'msgbar-dismiss',
          attrs: { type: 'button', 'aria-label': dismiss.label, title: dismiss.label },
          on: { click: dismiss.onDismiss },
        },
        '✕'
      )
    );
  }
  return bar;
}

/** The summary of an operation: one paragraph and a definition list. */
export function reportBlock(r: ReportView): DocumentFragment {
  const frag = document.createDocumentFragment();
  frag.appendChild(h('p', { class: 'report-summary' }, r.summary));
  if (r.lines.length) {
    const dl = h('dl', { class: 'report-lines' });
    for (const line of r.lines) append(dl, h('dt', null, line.label), h('dd', null, line.value));
    frag.appendChild(dl);
  }
  return frag;
}

export function dimensionItems(v: ScoresView): HTMLLIElement[] {
  return v.dimensions.map((d) => {
    const fillEl = h('div', { class: 'bar-fill' });
    fillEl.style.width = `${Math.round(d.fraction * 1000) / 10}%`;
    return h(
      'li',
      { class: 'dim', attrs: { 'data-dimension': d.id } },
      h(
        'div',
        { class: 'dim-row' },
        h('span', { class: 'dim-name', attrs: { 'aria-hidden': 'true' } }, d.name),
        h('span', { class: 'dim-score', attrs: { 'aria-hidden': 'true' } }, d.text),
        h('span', { class: 'sr-only' }, d.label)
      ),
      h('div', { class: 'bar', attrs: { 'aria-hidden': 'true' } }, fillEl)
    );
  });
}

export function problemItem(
  p: ProblemView,
  goTo: string,
  onGoTo: (p: ProblemView, button: HTMLButtonElement) => void
): HTMLLIElement {
  const button = h('button', {
    class: 'btn btn-secondary btn-small',
    attrs: { type: 'button', 'aria-label': p.goToLabel, 'data-sheet': p.sheet, 'data-address': p.address },
  });
  button.textContent = goTo;
  button.addEventListener('click', () => onGoTo(p, button));
  return h(
    'li',
    { class: 'problem' },
    h('span', { class: 'problem-icon', attrs: { 'aria-hidden': 'true' } }, '!'),
    h('div', { class: 'problem-body' }, h('p', { class: 'problem-message' }, p.message), button)
  );
}
