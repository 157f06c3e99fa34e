// search.js - the registry search: one box for a name in any script and
// spelling (GET /api/v1/search: `Oleksandr Kovalenko` finds `Коваленко
// Олександр`), filters (status, category, branch, region, tag), results as
// one types (debounced; a newer request aborts the one in flight), and for
// each hit the matcher's reasons.  With filters and no name it lists the
// persons (GET /api/v1/persons).  The state is in the address
// (#/search?q=...&status=captive), so the page can be bookmarked and the
// Back key returns to it.
import { api, query } from '../api.js';
import { debounce, h, replace } from '../dom.js';
import { codes, formatDate, formatNumber, label, t } from '../i18n.js';
import { reason } from '../reasons.js';
import { errorMessage, field, setFieldError } from './form.js';

const FILTERS = [['status', 'status'], ['category', 'category'], ['branch', 'branch'], ['region', 'region']];
const MIN_CHARS = 2;

function vocabOptions(vocab) {
  return [['', t('search.any')], ...codes(vocab).map((c) => [c, label(vocab, c)])];
}

function evidenceList(evidence) {
  if (!evidence || !evidence.length) return null;
  return h('ul.evidence', { 'aria-label': t('search.why') }, evidence.map((e) => h('li', { class: e.weight < 0 ? 'against' : 'for' },
    h('span.ev-field', {}, t(`field.${e.field}`)), ': ',
    h('span.ev-reason', {}, reason(e.reason)),
    h('span.ev-weight', {}, ` (${e.weight > 0 ? '+' : ''}${formatNumber(Math.round(e.weight * 10) / 10)})`))));
}

function hitItem(c) {
  return h('li.hit', {},
    h('div.hit-head', {},
      h('a.hit-name', { href: `#/persons/${encodeURIComponent(c.person)}` }, c.name),
      h('span.hit-ref', {}, ` ${c.person}`),
      h('span.hit-score', {}, t('search.score', { score: Math.round(c.score * 10) / 10 }))),
    evidenceList(c.evidence));
}

function personItem(p) {
  const name = [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(' ');
  return h('li.hit', {},
    h('div.hit-head', {},
      h('a.hit-name', { href: `#/persons/${encodeURIComponent(p.ref)}` }, name),
      h('span.hit-ref', {}, ` ${p.ref}`)),
    h('p.hit-facts', {}, [label('status', p.status), p.birth_date && t('person.bornOn', { date: formatDate(p.birth_date) }),
      label('branch', p.branch), label('region', p.region)].filter(Boolean).join(' · ')));
}

export async function render(main, ctx) {
  ctx.setTitle(t('search.title'));
  const q = ctx.query;
  const box = field(t('search.box'), 'input', { type: 'search', name: 'q', value: q.get('q') || '', autocomplete: 'off', spellcheck: 'false', hint: t('search.boxHint') });
  const filters = FILTERS.map(([name, vocab]) => {
    const f = field(t(`search.filter.${name}`), 'select', { name, value: q.get(name) || '' }, vocabOptions(vocab));
    f.control.value = q.get(name) || '';
    return [name, f];
  });
  const tag = field(t('search.filter.tag'), 'input', { name: 'tag', value: q.get('tag') || '', autocomplete: 'off', spellcheck: 'false', hint: t('search.tagHint') });
  filters.push(['tag', tag]);
  const status = h('p.result-status', { role: 'status', 'aria-live': 'polite' });
  const list = h('ol.hits');
  const decision = h('p.decision');
  const form = h('form.search-form', { role: 'search', 'aria-label': t('search.title'), 'data-draft': 'search' },
    box, h('fieldset.filters', {}, h('legend', {}, t('search.filters')), filters.map(([, f]) => f)));
  let controller = null;
  let last = '';

  const values = () => {
    const v = { q: box.control.value.trim() };
    for (const [name, f] of filters) v[name] = f.control.value.trim();
    return v;
  };

  async function run() {
    const v = values();
    const key = JSON.stringify(v);
    if (key === last) return;
    last = key;
    window.history.replaceState(null, '', `#/search${query(v)}`);
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    setFieldError(box, '');
    setFieldError(tag, '');
    const anyFilter = filters.some(([, f]) => f.control.value.trim());
    if (v.q.length < MIN_CHARS && !anyFilter) {
      replace(list);
      decision.textContent = '';
      status.textContent = v.q ? t('search.tooShort', { count: MIN_CHARS }) : t('search.prompt');
      return;
    }
    status.textContent = t('search.searching');
    main.setAttribute('aria-busy', 'true');
    try {
      if (v.q.length >= MIN_CHARS) {
        const { data } = await api('GET', `/api/v1/search${query({ ...v, explain: 'true', limit: 10 })}`, { signal });
        replace(list, data.candidates.map(hitItem));
        decision.textContent = data.candidates.length ? t(`search.decision.${data.decision}`) : '';
        status.textContent = data.candidates.length
          ? t('search.found', { count: data.candidates.length }) : t('search.none');
      } else {
        const { q: ignored, ...filterValues } = v;
        const { data } = await api('GET', `/api/v1/persons${query({ ...filterValues, limit: 50 })}`, { signal });
        replace(list, data.persons.map(personItem));
        decision.textContent = data.next ? t('search.more') : '';
        status.textContent = data.persons.length
          ? t('search.listed', { count: data.persons.length }) : t('search.none');
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      last = '';
      replace(list);
      decision.textContent = '';
      if (e.status === 400 && e.field === 'tag') setFieldError(tag, errorMessage(e));
      // a name still being typed ("Oleksandr"): a hint, not an error
      status.textContent = e.status === 400 && e.field !== 'tag' ? t('search.needMore') : errorMessage(e);
    } finally {
      if (!signal.aborted) main.removeAttribute('aria-busy');
    }
  }

  const later = debounce(run, 250);
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  form.addEventListener('submit', (e) => { e.preventDefault(); later.cancel(); last = ''; run(); });

  replace(main,
    h('h1', {}, t('search.title')),
    h('p.lead', {}, t('search.lead')),
    form,
    h('section.results', { 'aria-labelledby': 'results-h' },
      h('h2#results-h', {}, t('search.results')), status, decision, list));
  run();
  return () => { later.cancel(); if (controller) controller.abort(); };
}
