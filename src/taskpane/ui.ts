import { type Message, msg } from '../domain/message';
import { type Lang, STRINGS, type Strings, pick } from './i18n';
import { fill, h, messageBar } from './view';

/** What every section of one mounted pane shares: its language, its strings and its id prefix. */
export interface PaneUi {
  lang: Lang;
  s: Strings;
  doc: Document;
  /** an id unique to this pane, so two panes in one document never share one */
  id(name: string): string;
  /** a card with a heading that labels it */
  section(name: string, title: string, ...children: (Node | null)[]): HTMLElement;
  /** an error in a message slot, dismissible; replaces what the slot showed */
  showError(slot: HTMLElement, text: string): void;
  /** text for something a host threw rather than returned */
  thrown(e: unknown): string;
}

/** A UserError's own bilingual detail, or the error's message wrapped as unexpected. */
export function thrownMessage(e: unknown): Message {
  const detail = (e as { detail?: unknown } | null)?.detail as { zh?: unknown; en?: unknown } | undefined;
  if (detail && typeof detail.zh === 'string' && typeof detail.en === 'string') return msg(detail.zh, detail.en);
  const text = e instanceof Error ? e.message : String(e);
  return msg(STRINGS.zh.unexpected(text), STRINGS.en.unexpected(text));
}

export function paneUi(doc: Document, lang: Lang, prefix: string): PaneUi {
  const s = STRINGS[lang];
  const id = (name: string) => `${prefix}-${name}`;
  return {
    lang,
    s,
    doc,
    id,
    section(name, title, ...children) {
      const heading = h('h2', { id: id(`${name}-h`), class: 'heading' }, title);
      return h('section', { class: `card card-${name}`, attrs: { 'aria-labelledby': heading.id } }, heading, ...children);
    },
    showError(slot, text) {
      fill(slot, messageBar('error', s.error, text, { label: s.dismiss, onDismiss: () => fill(slot) }));
    },
    thrown: (e) => pick(thrownMessage(e), lang),
  };
}
