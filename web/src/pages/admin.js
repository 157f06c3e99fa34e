// admin.js - administration, for the admin: the users and their roles
// (GET/POST /api/v1/users, disabling, a new password), the audit trail
// with its filters (GET /api/v1/audit, itself audited) and the check of
// its hash chain (GET /api/v1/audit/verify).
import { api, query } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { can, session } from '../session.js';
import { errorField, errorMessage, field, formError, setFieldError } from './form.js';

const ROLES = ['admin', 'coordinator', 'registrar', 'verifier', 'medical', 'analyst'];

function usersSection() {
  const tbody = h('tbody');
  const shown = h('div.once', { role: 'status' });
  const name = field(t('admin.userName'), 'input', { name: 'name', autocomplete: 'off', spellcheck: 'false', hint: t('admin.userNameHint') });
  const role = field(t('admin.role'), 'select', { name: 'role' }, ROLES.map((r) => [r, t(`role.${r}`)]));
  role.control.value = 'registrar';
  const error = formError();
  const form = h('form', { 'aria-labelledby': 'nu-h', novalidate: true, 'data-draft': 'user' },
    h('h3#nu-h', {}, t('admin.addUser')), h('p.hint', {}, t('admin.addUserLead')),
    h('div.inline-fields', {}, name, role), error, h('div.buttons', {}, h('button.primary', { type: 'submit' }, t('admin.add'))));

  const showPassword = (user, password) => replace(shown, h('p.notice', {},
    t('admin.passwordOnce', { user }), ' ', h('code.password', {}, password)));

  async function act(u, what) {
    try {
      if (what === 'disable') {
        if (!window.confirm(t('admin.confirmDisable', { user: u.name }))) return;
        await api('POST', `/api/v1/users/${encodeURIComponent(u.name)}/disable`);
        announce(t('admin.disabled', { user: u.name }));
      } else {
        const { data } = await api('POST', `/api/v1/users/${encodeURIComponent(u.name)}/password`, { body: {} });
        showPassword(u.name, data.password);
      }
      await load();
    } catch (err) {
      if (err.status !== 401) replace(shown, h('p.form-error', {}, errorMessage(err)));
    }
  }

  const row = (u) => h('tr', {},
    h('th', { scope: 'row' }, u.name), h('td', {}, t(`role.${u.role}`)),
    h('td', {}, u.disabled ? t('admin.disabledState', { at: formatDate(u.disabled_at) }) : t('admin.active')),
    h('td', {}, formatDate(u.created_at)), h('td', {}, formatDate(u.password_changed_at)),
    h('td', {}, u.disabled || u.name === session().user ? null : [
      h('button', { type: 'button', onclick: () => act(u, 'password') }, t('admin.newPassword'), h('span.sr-only', {}, ` ${u.name}`)), ' ',
      h('button', { type: 'button', onclick: () => act(u, 'disable') }, t('admin.disable'), h('span.sr-only', {}, ` ${u.name}`))]));

  async function load() {
    const { data } = await api('GET', '/api/v1/users');
    replace(tbody, data.users.map(row));
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    setFieldError(name, '');
    const n = name.control.value.trim();
    if (!/^[a-z][a-z0-9._-]{1,31}$/.test(n)) { setFieldError(name, t('admin.err.name')); name.control.focus(); return; }
    try {
      const { data } = await api('POST', '/api/v1/users', { body: { name: n, role: role.control.value } });
      form.reset();
      role.control.value = 'registrar';
      showPassword(data.name, data.password);
      await load();
    } catch (err) {
      if (err.status === 401) return;
      if (errorField(err) === 'name') setFieldError(name, errorMessage(err));
      error.textContent = errorMessage(err);
    }
  });
  const section = h('section.card', { 'aria-labelledby': 'us-h' },
    h('h2#us-h', {}, t('admin.users')),
    h('table.data', {}, h('caption.sr-only', {}, t('admin.users')),
      h('thead', {}, h('tr', {}, ['admin.userName', 'admin.role', 'admin.state', 'admin.created', 'admin.passwordChanged', 'admin.actions']
        .map((k) => h('th', { scope: 'col' }, t(k))))), tbody),
    shown, form);
  return { section, start: load };
}

function auditSection() {
  const f = {
    user: field(t('audit.user'), 'input', { name: 'user', autocomplete: 'off' }),
    person: field(t('audit.person'), 'input', { name: 'person', autocomplete: 'off', hint: 'HW-000042' }),
    action: field(t('audit.action'), 'input', { name: 'action', autocomplete: 'off', hint: t('audit.actionHint') }),
    from: field(t('report.from'), 'input', { name: 'from', autocomplete: 'off', hint: 'YYYY-MM-DD' }),
    to: field(t('report.to'), 'input', { name: 'to', autocomplete: 'off', hint: 'YYYY-MM-DD' }),
  };
  const error = formError();
  const tbody = h('tbody');
  const info = h('p.result-status', { role: 'status' });
  const more = h('button', { type: 'button', hidden: true }, t('entries.more'));
  const verdict = h('div.verdict', { role: 'status' });
  const verify = h('button', { type: 'button' }, t('audit.verify'));
  let next = null;
  let shownCount = 0;
  const row = (r) => h('tr', { class: r.outcome !== 'ok' ? 'denied' : null },
    h('td.num', {}, String(r.id)), h('td', {}, formatDate(r.at)), h('td', {}, r.actor), h('td', {}, r.address),
    h('td', {}, h('code', {}, r.action)), h('td', {}, r.object_id || ''), h('td', {}, r.person || ''), h('td', {}, t(`audit.outcome.${r.outcome}`)));
  async function load(reset) {
    error.textContent = '';
    for (const x of Object.values(f)) setFieldError(x, '');
    const params = {};
    for (const [k, x] of Object.entries(f)) if (x.control.value.trim()) params[k] = x.control.value.trim();
    try {
      const { data } = await api('GET', reset ? `/api/v1/audit${query({ ...params, limit: 100 })}` : next);
      if (reset) { tbody.replaceChildren(); shownCount = 0; }
      for (const r of data.records) tbody.append(row(r));
      shownCount += data.records.length;
      next = data.next;
      more.hidden = !next;
      info.textContent = t('audit.shown', { count: shownCount });
    } catch (err) {
      if (err.status === 401) return;
      if (f[err.field]) setFieldError(f[err.field], errorMessage(err));
      error.textContent = errorMessage(err);
    }
  }
  const form = h('form', { 'aria-labelledby': 'au-f', novalidate: true, 'data-draft': 'audit' },
    h('h3#au-f', {}, t('audit.filters')), h('div.inline-fields', {}, Object.values(f)), error,
    h('div.buttons', {}, h('button.primary', { type: 'submit' }, t('audit.show'))));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(true); });
  more.addEventListener('click', () => load(false));
  verify.addEventListener('click', async () => {
    replace(verdict, t('common.loading'));
    try {
      const { data } = await api('GET', '/api/v1/audit/verify');
      replace(verdict, data.intact
        ? h('p.ok', {}, t('audit.intact', { count: data.records }), ' ', h('code', {}, data.head.hash))
        : h('p.form-error', {}, t('audit.broken', { id: data.bad_id, flaw: data.flaw }), ' ', h('span', { lang: 'en' }, data.message)));
    } catch (err) {
      if (err.status !== 401) replace(verdict, h('p.form-error', {}, errorMessage(err)));
    }
  });
  const section = h('section.card', { 'aria-labelledby': 'au-h' },
    h('h2#au-h', {}, t('audit.title')),
    h('div.buttons', {}, verify), verdict,
    form, info,
    h('table.data', {}, h('caption.sr-only', {}, t('audit.title')),
      h('thead', {}, h('tr', {}, ['audit.id', 'audit.at', 'audit.user', 'audit.address', 'audit.action', 'audit.object', 'audit.person', 'audit.outcome']
        .map((k) => h('th', { scope: 'col' }, t(k))))), tbody), more);
  return { section, start: () => load(true) };
}

export async function render(main, ctx) {
  ctx.setTitle(t('admin.title'));
  const parts = [];
  const starters = [];
  if (can('user.admin')) { const u = usersSection(); parts.push(u.section); starters.push(u.start); }
  if (can('audit.read')) { const a = auditSection(); parts.push(a.section); starters.push(a.start); }
  replace(main, h('h1', {}, t('admin.title')), parts);
  await Promise.all(starters.map((fn) => fn()));
  if (ctx.stale()) return null;
  return null;
}
