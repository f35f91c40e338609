import type { PaneUi } from './ui';
import { fill } from './view';

/** Where an operation shows itself while it runs and when it fails. */
export interface Task {
  section: HTMLElement;
  button: HTMLButtonElement;
  /** the button's text while it runs ("正在插入…") */
  busyText: string;
  /** the message slot its errors go to */
  slot: HTMLElement;
}

export interface OneAtATime {
  readonly busy: boolean;
  /** a button that is disabled while any operation runs */
  add(button: HTMLButtonElement): HTMLButtonElement;
  /** Run `op` unless another is running; what it throws is shown in the task's slot. */
  run(task: Task, op: () => Promise<void>): Promise<void>;
}

/**
 * Operations write to the workbook, so they run one at a time: while one runs every action button is
 * disabled, the running one says so, and its section is aria-busy.
 */
export function oneAtATime(ui: PaneUi): OneAtATime {
  const buttons: HTMLButtonElement[] = [];
  let busy = false;

  function set(task: Task, on: boolean, label: string): void {
    for (const b of buttons) b.disabled = on;
    task.button.textContent = label;
    task.button.classList.toggle('is-busy', on);
    if (on) task.section.setAttribute('aria-busy', 'true');
    else task.section.removeAttribute('aria-busy');
  }

  return {
    get busy() {
      return busy;
    },
    add(button) {
      buttons.push(button);
      return button;
    },
    async run(task, op) {
      if (busy) return;
      busy = true;
      const label = task.button.textContent ?? '';
      set(task, true, task.busyText);
      fill(task.slot);
      try {
        await op();
      } catch (e) {
        ui.showError(task.slot, ui.thrown(e));
      } finally {
        busy = false;
        set(task, false, label);
      }
    },
  };
}
