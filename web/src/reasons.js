// reasons.js - the matcher's explanations in the interface's language.
// The matcher explains every weight and every decision in English
// sentences of a fixed form; reasons_table.js recognises them and names
// the catalogue's words ("reason.*" and "why.*" keys, in both catalogues).
// A sentence it does not know is shown as the matcher wrote it, marked as
// English, so a new reason is never lost, only untranslated.
import { h } from './dom.js';
import { currentLang, t } from './i18n.js';
import { reasonKey } from './reasons_table.js';

/** A node with the matcher's `text` in the interface's language. */
export function reason(text) {
  const known = currentLang() === 'en' ? null : reasonKey(text);
  if (known) return h('span.reason', {}, t(known.key, known.params));
  // a "but ..." decision names its contradiction: translate both halves
  const but = /^one stands out \(([\d.]+) bits\), but (.*)$/.exec(text || '');
  if (but && currentLang() !== 'en') {
    const rest = reasonKey(but[2]);
    return h('span.reason', {}, t('why.standsOutBut', { score: Number(but[1]) }), ' ',
      rest ? t(rest.key, rest.params) : h('span', { lang: 'en' }, but[2]));
  }
  return h('span.reason', { lang: 'en' }, text || '');
}
