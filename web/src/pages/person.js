// person.js - a person's page: identity and every name record, custody
// and status, health (only when the server sends it: the roles holding
// person.read_health), the history as a timeline, the sources, the
// exchange lists the person was on (for the roles holding list.read), and
// for the roles allowed, adding an event and editing (person_edit.js,
// person_event.js).
// GET /api/v1/persons/{ref} (with its ETag), .../events and .../lists.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { formatDate, label, t } from '../i18n.js';
import { can } from '../session.js';
import { editSection } from './person_edit.js';
import { eventSection } from './person_event.js';
import { healthSection } from './person_health.js';
import { exchangeLink, stageLink, stageRefLink } from './more.js';

export function fullName(p) {
  return [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(' ');
}

function row(key, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) {
    return h('div.kv', {}, h('dt', {}, t(key)), h('dd.muted', {}, t('common.unknown')));
  }
  return h('div.kv', {}, h('dt', {}, t(key)), h('dd', {}, value));
}

function identity(p) {
  return h('dl.kvs', {},
    row('field.sex', p.sex && p.sex !== 'U' ? label('sex', p.sex) : null),
    row('field.birth_date', p.birth_date && formatDate(p.birth_date)),
    row('field.birth_place', p.birth_place),
    row('field.citizenship', p.citizenship),
    row('field.category', label('category', p.category)),
    p.category === 'military' ? [
      row('field.branch', p.branch && `${label('branch', p.branch)}${p.branch_group ? ` (${label('branch_group', p.branch_group)})` : ''}`),
      row('field.rank', p.rank && `${label('rank', p.rank)}${p.rank_class ? ` (${label('rank_class', p.rank_class)})` : ''}`),
      row('field.unit', p.unit),
      row('field.service_number', p.service_number)] : null);
}

function custody(p) {
  return h('dl.kvs', {},
    row('field.status', h('span', { class: `status status-${p.status}` }, label('status', p.status))),
    row('field.held_by', label('custody', p.held_by)),
    row('field.captured_on', p.captured_on && formatDate(p.captured_on)),
    row('field.capture_place', p.capture_place),
    row('field.region', label('region', p.region)),
    row('field.tags', p.tags.length ? h('ul.tags', {}, p.tags.map((x) => h('li.tag', {}, x))) : t('common.none')),
    p.notes ? row('field.notes', h('span.pre', {}, p.notes)) : null);
}

function health(p) {
  if (!('health' in p)) return null;
  return h('section.card', { 'aria-labelledby': 'p-health' },
    h('h2#p-health', {}, t('person.health')),
    h('dl.kvs', {},
      row('field.health', p.health.length ? p.health.map((x) => label('health', x)).join(', ') : t('person.noHealthFlags')),
      row('field.next_of_kin', p.next_of_kin)));
}

function names(p) {
  return h('table.data', {},
    h('caption.sr-only', {}, t('person.names')),
    h('thead', {}, h('tr', {}, ['field.family_name', 'field.given_name', 'field.patronymic', 'person.nameKind', 'person.script', 'person.source', 'person.recorded']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, p.names.map((n) => h('tr', {},
      h('td', {}, n.family_name), h('td', {}, n.given_name || ''), h('td', {}, n.patronymic || ''),
      h('td', {}, label('name_kind', n.kind)), h('td', {}, label('script', n.script)),
      h('td', {}, n.source_id ? t('person.sourceNo', { id: n.source_id }) : '—'),
      h('td', {}, formatDate(n.recorded_at))))));
}

/** A stage by its id: a link when the person's lists give its reference. */
function stageOf(id, stageRefs) {
  return stageRefs.has(id) ? stageRefLink(stageRefs.get(id)) : stageLink(id);
}

function timeline(history, stageRefs) {
  if (!history.events.length) return h('p.empty', {}, t('person.noEvents'));
  return h('ol.timeline', {}, history.events.slice().reverse().map((e) => h('li.event', {},
    h('p.event-head', {},
      h('span.event-date', {}, e.date ? formatDate(e.date) : t('person.undated')), ' — ',
      h('strong', {}, label('event', e.type)),
      e.status_after ? h('span.muted', {}, ` → ${label('status', e.status_after)}`) : null),
    e.note ? h('p.event-note', {}, e.note) : null,
    h('p.event-meta', {}, [
      t('person.recordedBy', { who: e.recorded_by || '?', when: formatDate(e.recorded_at) }),
      e.source_id ? t('person.sourceNo', { id: e.source_id }) : null,
    ].filter(Boolean).join(' · '), e.stage_id ? [' · ', stageOf(e.stage_id, stageRefs)] : null))));
}

function sources(p, history) {
  const ids = new Set();
  p.names.forEach((n) => n.source_id && ids.add(n.source_id));
  history.events.forEach((e) => e.source_id && ids.add(e.source_id));
  return h('div', {},
    p.refs.length ? h('ul.refs', { 'aria-label': t('person.refs') }, p.refs.map((r) => h('li', {}, h('code', {}, `${r.source}:${r.ref}`)))) : h('p.empty', {}, t('person.noRefs')),
    ids.size ? h('p', {}, t('person.sourcesCited', { list: [...ids].sort((a, b) => a - b).map((i) => `#${i}`).join(', ') })) : null);
}

/**
 * The entries of the exchange lists that name the person (GET .../lists):
 * confirmed or handed over, and proposals no verifier has decided yet.
 */
function lists(entries) {
  if (!entries.length) return h('p.empty', {}, t('person.noLists'));
  return h('table.data.person-lists', {},
    h('caption.sr-only', {}, t('person.lists')),
    h('thead', {}, h('tr', {}, ['dash.col.stage', 'dash.col.exchange', 'dash.col.date', 'dash.col.state', 'entries.direction', 'entries.line', 'entries.state', 'entries.decidedBy']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, entries.map((e) => h('tr', { class: e.on_list ? null : 'proposed' },
      h('th', { scope: 'row' }, stageRefLink(e.stage)),
      h('td', {}, exchangeLink(e.exchange, e.exchange_name)),
      h('td', {}, e.stage_date ? formatDate(e.stage_date) : '—'),
      h('td', {}, label('xstate', e.stage_state)),
      h('td', {}, label('direction', e.direction)),
      h('td', {}, e.line),
      h('td', {}, e.on_list ? label('verify', e.state) : h('em', {}, t('person.listProposed'))),
      h('td', {}, e.on_list ? [e.decided_by || '', e.decided_at ? ` · ${formatDate(e.decided_at)}` : ''] : '—')))));
}

export async function render(main, ctx) {
  const ref = ctx.params.ref;
  const path = `/api/v1/persons/${encodeURIComponent(ref)}`;
  replace(main, h('h1', {}, ref), h('p.loading', { role: 'status' }, t('common.loading')));
  let got;
  let history;
  let listed = null;
  try {
    [got, history, listed] = await Promise.all([api('GET', path), api('GET', `${path}/events`),
      can('list.read') ? api('GET', `${path}/lists`) : null]);
  } catch (e) {
    if (e.status === 404) {
      ctx.setTitle(t('person.notFound'));
      replace(main, h('h1', {}, t('person.notFound')), h('p', {}, t('person.notFoundText', { ref })),
        h('p', {}, h('a', { href: '#/search' }, t('nav.search'))));
      return null;
    }
    throw e;
  }
  if (ctx.stale()) return null;
  const state = { person: got.data, etag: got.etag, history: history.data, lists: listed && listed.data.entries };
  const stageRefs = new Map((state.lists || []).map((e) => [e.stage_id, e.stage]));
  const p = state.person;
  ctx.setTitle(fullName(p));

  // the forms reload the page's data after a change, keeping focus sensible
  const reload = async (message) => {
    await render(main, { ...ctx, reloaded: true });
    if (message) announce(message);
  };

  const actions = [];
  const sections = [];
  if (can('event.write')) {
    const ev = eventSection(path, state, reload);
    actions.push(ev.button);
    sections.push(ev.section);
  }
  if (can('health.write') && 'health' in p) {
    const he = healthSection(path, state, reload);
    actions.push(he.button);
    sections.push(he.section);
  }
  if (can('person.write')) {
    const ed = editSection(path, state, reload);
    actions.push(ed.button);
    sections.push(ed.section);
  }
  replace(main,
    h('div.person-head', {},
      h('h1', {}, fullName(p)),
      h('p.subtitle', {}, h('span.ref', {}, p.ref), ' · ',
        h('span', { class: `status status-${p.status}` }, label('status', p.status)), ' · ',
        label('custody', p.held_by), ' · ', t('person.version', { version: p.version }))),
    actions.length ? h('div.actions', { role: 'group', 'aria-label': t('person.actions') }, actions) : null,
    sections,
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'p-id' }, h('h2#p-id', {}, t('person.identity')), identity(p)),
      h('section.card', { 'aria-labelledby': 'p-cust' }, h('h2#p-cust', {}, t('person.custody')), custody(p)),
      health(p)),
    h('section.card', { 'aria-labelledby': 'p-names' }, h('h2#p-names', {}, t('person.names')), names(p)),
    h('section.card', { 'aria-labelledby': 'p-hist' }, h('h2#p-hist', {}, t('person.history')), timeline(state.history, stageRefs)),
    // the lists name the entries: only for the roles that read them
    state.lists ? h('section.card', { 'aria-labelledby': 'p-lists' }, h('h2#p-lists', {}, t('person.lists')),
      h('p.hint', {}, t('person.listsLead')), lists(state.lists)) : null,
    h('section.card', { 'aria-labelledby': 'p-src' }, h('h2#p-src', {}, t('person.sources')), sources(p, state.history)));
  return null;
}
