// person_edit.js - editing a person (PATCH /api/v1/persons/{ref},
// person.write) with If-Match: the form checks as one types, sends only
// the fields changed, and shows the server's errors next to their field.
// When someone else changed the record since it was read (412), it says
// so, shows their change field by field beside this one, and lets the
// user either save their changes over the current version or drop them.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { codes, label, t } from '../i18n.js';
import { checkAsTyped, checker, field, formError, formToggle, isPartialDate, onValidSubmit, showSubmitError } from './form.js';

const TEXT = 'text';
/** The editable fields: name, kind, vocabulary (for selects). */
const FIELDS = [
  ['family_name', TEXT], ['given_name', TEXT], ['patronymic', TEXT],
  ['sex', 'select', 'sex'], ['birth_date', 'date'], ['birth_place', TEXT], ['citizenship', TEXT],
  ['category', 'select', 'category'], ['branch', 'select', 'branch'], ['rank', 'select', 'rank'],
  ['unit', TEXT], ['service_number', TEXT], ['held_by', 'select', 'custody'],
  ['captured_on', 'date'], ['capture_place', TEXT], ['region', 'select', 'region'],
  ['tags', 'tags'], ['notes', 'textarea'],
];

/** A person's value of `name` as the form shows it. */
function shown(p, name) {
  const v = p[name];
  if (name === 'tags') return (v || []).join(', ');
  if (name === 'sex') return v || 'U';
  return v === null || v === undefined ? '' : String(v);
}

/** The form's text of `name` as the API takes it. */
function parsed(name, text) {
  const s = text.trim();
  if (name === 'tags') return s ? s.split(/[\s,;]+/).filter(Boolean) : [];
  if (name === 'citizenship') return s ? s.toUpperCase() : null;
  return s === '' ? null : s;
}

function same(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function display(name, value, vocab) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return '—';
  if (Array.isArray(value)) return value.join(', ');
  return vocab ? label(vocab, value) : String(value);
}

function check(name, text) {
  const s = text.trim();
  if ((name === 'family_name' || name === 'given_name') && !s) return t('edit.err.required');
  if ((name === 'birth_date' || name === 'captured_on') && !isPartialDate(s)) return t('form.err.date');
  if (name === 'citizenship' && s && !/^[A-Za-z]{2}$/.test(s)) return t('edit.err.citizenship');
  if (name === 'tags' && s && !s.split(/[\s,;]+/).filter(Boolean).every((x) => /^[a-z][a-z0-9_-]{0,39}$/.test(x))) return t('edit.err.tags');
  if (s.length > 500) return t('edit.err.long');
  return '';
}

export function editSection(path, state, reload) {
  const fields = {};
  for (const [name, kind, vocab] of FIELDS) {
    const value = shown(state.person, name);
    const attrs = { name, value, autocomplete: 'off', required: name === 'family_name' || name === 'given_name' };
    if (kind === 'date') attrs.hint = t('form.dateHint');
    if (name === 'tags') attrs.hint = t('edit.tagsHint');
    if (name === 'citizenship') attrs.hint = t('edit.citizenshipHint');
    if (kind === 'select') {
      const opts = codes(vocab).map((c) => [c, label(vocab, c)]);
      if (name !== 'sex' && name !== 'held_by' && name !== 'category') opts.unshift(['', t('common.none')]);
      fields[name] = field(t(`field.${name}`), 'select', attrs, opts);
      fields[name].control.value = value;
    } else {
      fields[name] = field(t(`field.${name}`), kind === 'textarea' ? 'textarea' : 'input', attrs);
    }
  }
  const error = formError();
  const conflict = h('div.conflict', { hidden: true });
  const submit = h('button.primary', { type: 'submit' }, t('edit.submit'));
  const cancel = h('button', { type: 'button' }, t('common.cancel'));
  const form = h('form.panel', { 'data-draft': 'edit', 'aria-labelledby': 'ed-h', novalidate: true },
    h('h2#ed-h', {}, t('edit.title')),
    h('p.hint', {}, t('edit.lead')),
    h('fieldset', {}, h('legend', {}, t('edit.names')), ['family_name', 'given_name', 'patronymic'].map((n) => fields[n])),
    h('fieldset', {}, h('legend', {}, t('person.identity')),
      ['sex', 'birth_date', 'birth_place', 'citizenship', 'category', 'branch', 'rank', 'unit', 'service_number'].map((n) => fields[n])),
    h('fieldset', {}, h('legend', {}, t('person.custody')),
      ['held_by', 'captured_on', 'capture_place', 'region', 'tags', 'notes'].map((n) => fields[n])),
    conflict, error, h('div.buttons', {}, submit, cancel));
  const { button, section, open } = formToggle(form, 'ed-form', t('edit.open'), () => fields.family_name.control.focus());
  cancel.addEventListener('click', () => { form.reset(); validate(false); conflict.hidden = true; open(false); button.focus(); });

  function validate(all) {
    const bad = checker(all);
    for (const [name, f] of Object.entries(fields)) {
      const message = check(name, f.control.value);
      bad(f, !!message, message);
    }
    return bad.ok();
  }
  checkAsTyped(form, validate, ['input', 'change']);

  /** The fields the user changed against `base`: {name: value}. */
  const changes = (base) => {
    const out = {};
    for (const [name] of FIELDS) {
      const v = parsed(name, fields[name].control.value);
      const b = name === 'sex' ? base.sex || 'U' : base[name];
      if (!same(v, name === 'tags' ? b || [] : b)) out[name] = v;
    }
    return out;
  };

  async function save(body, etag) {
    submit.disabled = true;
    try {
      await api('PATCH', path, { body, ifMatch: etag });
      form.reset();
      await reload(t('edit.saved'));
    } catch (err) {
      if (err.status === 412) await showConflict(body);
      else showSubmitError(err, fields, error);
    } finally {
      submit.disabled = false;
    }
  }

  async function showConflict(mine) {
    const { data: now, etag } = await api('GET', path);
    const base = state.person;
    const rows = [];
    for (const [name, , vocab] of FIELDS) {
      const theirs = !same(base[name], now[name]);
      const yours = name in mine;
      if (!theirs && !yours) continue;
      rows.push(h('tr', { class: theirs && yours ? 'both' : null },
        h('th', { scope: 'row' }, t(`field.${name}`)),
        h('td', {}, display(name, base[name], vocab)),
        h('td', {}, theirs ? display(name, now[name], vocab) : t('conflict.unchanged')),
        h('td', {}, yours ? display(name, mine[name], vocab) : t('conflict.unchanged'))));
    }
    const overwrite = h('button.primary', { type: 'button' }, t('conflict.keepMine'));
    const drop = h('button', { type: 'button' }, t('conflict.takeTheirs'));
    overwrite.addEventListener('click', () => {
      state.person = now;
      state.etag = etag;
      conflict.hidden = true;
      save(mine, etag);
    });
    drop.addEventListener('click', () => { form.reset(); reload(t('conflict.reloaded')); });
    replace(conflict,
      h('h3', { id: 'conflict-h', tabindex: '-1' }, t('conflict.title')),
      h('p', { role: 'alert' }, t('conflict.text', { was: base.version, now: now.version, updated: now.updated_at || '' })),
      h('table.data', {},
        h('caption', {}, t('conflict.caption')),
        h('thead', {}, h('tr', {}, [t('conflict.field'), t('conflict.base'), t('conflict.theirs'), t('conflict.yours')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows)),
      h('div.buttons', {}, overwrite, drop));
    conflict.hidden = false;
    conflict.querySelector('h3').focus();
  }

  onValidSubmit(form, error, validate, () => {
    const body = changes(state.person);
    if (!Object.keys(body).length) {
      error.textContent = t('edit.nothing');
      return;
    }
    save(body, state.etag);
  }, { focus: true });
  return { button, section };
}
