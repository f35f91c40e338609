/** Every message a user can see exists in both languages the product speaks. */
export interface Message {
  zh: string;
  en: string;
}

export type Lang = keyof Message;

export const msg = (zh: string, en: string): Message => ({ zh, en });

/** One line holding both languages, for places that cannot choose (the CLI, thrown errors). */
export const bilingual = (m: Message): string => `${m.zh} / ${m.en}`;

/** An error whose message is known to be fit for a user; anything else is a defect. */
export class UserError extends Error {
  constructor(
    readonly detail: Message,
    readonly exitCode = 2
  ) {
    super(bilingual(detail));
    this.name = 'UserError';
  }
}
