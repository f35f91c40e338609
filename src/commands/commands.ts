import { bilingual } from '../domain/message';
import type { ExcelHost } from '../hosts/office/api';
import { createExcelHost } from '../hosts/office/excelHost';
import type { TemplateOptions } from '../layouts/common';

/*
 * The ribbon's FunctionFile (commands.html). Two buttons run without the task pane:
 *   insertTemplates: the four blank sheets for this year and half, with a placeholder office name;
 *   buildTracking:   build or update the tracking sheet from Findings.
 * A command has no UI surface, so results and problems go to the console only; the task pane shows details
 * (totals, problems, what was renamed). Excel is reached only through the ExcelHost.
 */

/** Options for the ribbon's "insert templates": a placeholder office, the current ROC year and half. */
export function defaultTemplateOptions(now: Date = new Date()): TemplateOptions {
  return {
    office: '○○區營業處',
    rocYear: now.getFullYear() - 1911,
    period: now.getMonth() < 6 ? 'H1' : 'H2',
    example: false,
  };
}

let host: ExcelHost | undefined;
const excel = (): ExcelHost => (host ??= createExcelHost());

/** Run one command and always tell Office it has finished, or the ribbon button stays busy. */
async function run(name: string, event: Office.AddinCommands.Event, action: (h: ExcelHost) => Promise<unknown>): Promise<void> {
  try {
    const result = await action(excel());
    console.info(`[scorecard] ${name}`, result);
  } catch (e) {
    console.error(`[scorecard] ${name} failed`, e);
  } finally {
    event.completed();
  }
}

export function insertTemplates(event: Office.AddinCommands.Event): Promise<void> {
  return run('insertTemplates', event, (h) => h.insertTemplates(defaultTemplateOptions()));
}

export function buildTracking(event: Office.AddinCommands.Event): Promise<void> {
  return run('buildTracking', event, async (h) => {
    const r = await h.buildTracking();
    if (!r.ok) throw new Error(bilingual(r.error));
    return r.value;
  });
}

if (typeof Office !== 'undefined') {
  Office.onReady(() => {
    Office.actions.associate('insertTemplates', insertTemplates);
    Office.actions.associate('buildTracking', buildTracking);
  });
}
