// exchanges.js - the agreements of the ledger (GET /api/v1/exchanges,
// exchange.read: no names), and recording a new one (POST, exchange.write).
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, label, t } from '../i18n.js';
import { can } from '../session.js';
import { checkAsTyped, checker, field, formError, isPartialDate, onValidSubmit, showSubmitError } from './form.js';
import { exchangeLink } from './more.js';
import { count } from './xcommon.js';

function newAgreementForm(ctx) {
  const f = {
    name: field(t('xchg.name'), 'input', { name: 'name', required: true, autocomplete: 'off', hint: t('xchg.nameHint') }),
    agreed_on: field(t('xchg.agreedOn'), 'input', { name: 'agreed_on', autocomplete: 'off', hint: t('form.dateHint') }),
    place: field(t('xchg.place'), 'input', { name: 'place', autocomplete: 'off' }),
    mediators: field(t('xchg.mediators'), 'input', { name: 'mediators', autocomplete: 'off', hint: t('xchg.mediatorsHint') }),
    quota_in: field(t('xchg.quotaIn'), 'input', { name: 'quota_in', inputmode: 'numeric', autocomplete: 'off' }),
    quota_out: field(t('xchg.quotaOut'), 'input', { name: 'quota_out', inputmode: 'numeric', autocomplete: 'off' }),
  };
  const error = formError();
  const form = h('form.panel', { 'data-draft': 'agreement', 'aria-labelledby': 'na-h', novalidate: true },
    h('h2#na-h', {}, t('xchg.new')), h('fieldset', {}, h('legend', {}, t('xchg.agreement')), Object.values(f)), error,
    h('div.buttons', {}, h('button.primary', { type: 'submit' }, t('xchg.create'))));
  const validate = (all) => {
    const check = checker(all);
    check(f.name, !f.name.control.value.trim() || /^EX-|\//i.test(f.name.control.value.trim()), t('xchg.err.name'));
    check(f.agreed_on, !isPartialDate(f.agreed_on.control.value.trim()), t('form.err.date'));
    for (const k of ['quota_in', 'quota_out']) check(f[k], !/^\d{0,7}$/.test(f[k].control.value.trim()), t('xchg.err.count'));
    return check.ok();
  };
  checkAsTyped(form, validate);
  onValidSubmit(form, error, validate, async () => {
    const body = { name: f.name.control.value.trim() };
    for (const k of ['agreed_on', 'place', 'mediators']) if (f[k].control.value.trim()) body[k] = f[k].control.value.trim();
    for (const k of ['quota_in', 'quota_out']) if (f[k].control.value.trim()) body[k] = Number(f[k].control.value.trim());
    try {
      const { data } = await api('POST', '/api/v1/exchanges', { body });
      form.reset();
      ctx.navigate(`#/exchanges/${encodeURIComponent(data.ref)}`);
    } catch (err) {
      showSubmitError(err, f, error);
    }
  });
  return form;
}

export async function render(main, ctx) {
  ctx.setTitle(t('xchg.title'));
  replace(main, h('h1', {}, t('xchg.title')), h('p.loading', { role: 'status' }, t('common.loading')));
  const { data } = await api('GET', '/api/v1/exchanges');
  if (ctx.stale()) return null;
  const rows = data.exchanges.slice().reverse();
  replace(main,
    h('h1', {}, t('xchg.title')),
    h('p.lead', {}, t('xchg.lead')),
    rows.length ? h('table.data', {},
      h('caption.sr-only', {}, t('xchg.title')),
      h('thead', {}, h('tr', {}, ['xchg.name', 'xchg.ref', 'xchg.agreedOn', 'dash.col.state', 'xchg.quotaIn', 'xchg.quotaOut', 'xchg.mediators']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows.map((x) => h('tr', {},
        h('th', { scope: 'row' }, exchangeLink(x.ref, x.name), x.historic ? h('span.muted', {}, ` (${t('xchg.historic')})`) : null),
        h('td', {}, x.ref), h('td', {}, x.agreed_on ? formatDate(x.agreed_on) : '—'), h('td', {}, label('xstate', x.state)),
        h('td.num', {}, count(x.quota_in)), h('td.num', {}, count(x.quota_out)), h('td', {}, x.mediators || '—')))))
      : h('p.empty', {}, t('dash.noExchanges')),
    can('exchange.write') ? newAgreementForm(ctx) : null);
  return null;
}
