// i18n.js - the interface's two languages: Ukrainian (the default) and
// English.  Strings live in the catalogues i18n/uk.js and i18n/en.js, which
// have the same keys (web/test/i18n.test.mjs checks it); the labels of the
// controlled vocabularies come from the C headers (build.mjs, "v.*" keys).
// A value is a string with {name} placeholders, or, for a count, an object
// of plural forms as Intl.PluralRules names them (one, few, many, other).
import vocab from 'virtual:vocab';
import en from './i18n/en.js';
import uk from './i18n/uk.js';

export const languages = ['uk', 'en'];
const catalogues = { uk: { ...vocab.uk, ...uk }, en: { ...vocab.en, ...en } };
const locales = { uk: 'uk-UA', en: 'en-GB' };
const listeners = new Set();

function stored() {
  try {
    return localStorage.getItem('homeward.lang');
  } catch {
    return null;
  }
}

let lang = languages.includes(stored()) ? stored() : 'uk';

export function currentLang() {
  return lang;
}

/** Switches the language; listeners re-render. */
export function setLang(next) {
  if (!languages.includes(next) || next === lang) return;
  lang = next;
  try {
    localStorage.setItem('homeward.lang', next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = next;
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) {
  listeners.add(fn);
}

/** The string of `key` with {placeholders} filled; a count picks the plural form. */
export function t(key, params = {}) {
  let s = catalogues[lang][key];
  if (s === undefined) s = catalogues.uk[key];
  if (s === undefined) {
    console.warn(`i18n: no string '${key}'`);
    return key;
  }
  if (typeof s === 'object') {
    const form = new Intl.PluralRules(locales[lang]).select(Number(params.count ?? 0));
    s = s[form] ?? s.other;
  }
  return s.replace(/\{(\w+)\}/g, (m, name) => {
    const v = params[name];
    if (v === undefined || v === null) return m;
    return typeof v === 'number' ? formatNumber(v) : String(v);
  });
}

/** The label of code `code` of vocabulary `vocabName` ("status", "branch"...). */
export function label(vocabName, code) {
  if (code === null || code === undefined || code === '') return '';
  const key = `v.${vocabName}.${code}`;
  return catalogues[lang][key] ?? code;
}

/** The codes of a vocabulary, in the order of its table. */
export function codes(vocabName) {
  return vocab.codes[vocabName] || [];
}

export function formatNumber(n) {
  return new Intl.NumberFormat(locales[lang]).format(n);
}

/** A date of the API ("2024", "2024-05", "2024-05-31", or a timestamp) for reading. */
export function formatDate(s) {
  if (!s) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}))?/.exec(s);
  if (!m) return s;
  const [, y, mo, d, hh, mm] = m;
  if (!mo) return y;
  const date = new Date(Date.UTC(+y, +mo - 1, d ? +d : 1, hh ? +hh : 0, mm ? +mm : 0));
  const opts = d ? { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
    : { year: 'numeric', month: 'long', timeZone: 'UTC' };
  if (hh) Object.assign(opts, { hour: '2-digit', minute: '2-digit', timeZone: undefined });
  return new Intl.DateTimeFormat(locales[lang], opts).format(date);
}
