import { createOfficeHost } from '../adapters/office/host';
import { RUBRIC_114 } from '../domain/defaultRubric';
import { STRINGS, langFrom } from './i18n';
import { mountPane } from './pane';

/* The entry stays tiny: everything else is in mountPane, which tests drive with a fake host. */

function note(text: string): void {
  const root = document.getElementById('app');
  if (!root) return;
  root.removeAttribute('aria-busy');
  root.textContent = text;
}

if (typeof Office === 'undefined') {
  // office.js did not load: no network, or the page was opened outside Office
  note(`${STRINGS.zh.notExcel} · ${STRINGS.en.notExcel}`);
} else {
  Office.onReady((info) => {
    const root = document.getElementById('app');
    const lang = langFrom(Office.context?.displayLanguage);
    if (root && info.host === Office.HostType.Excel)
      mountPane(root, createOfficeHost({ rubric: RUBRIC_114 }), lang, { rubric: RUBRIC_114 });
    else note(STRINGS[lang].notExcel);
  });
}
