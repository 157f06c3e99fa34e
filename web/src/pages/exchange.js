// exchange.js - one agreement: what was agreed, its stages with planned
// and actual counts and progress (GET /api/v1/exchanges/{exchange}, no
// names), adding a stage, and for the coordinator the proposal of names
// for the next list (GET .../proposal, audited).
import { api, query } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { codes, formatDate, formatNumber, label, t } from '../i18n.js';
import { can } from '../session.js';
import { checkAsTyped, checker, errorMessage, field, formError, isPartialDate, onValidSubmit, setFieldError, showSubmitError } from './form.js';
import { count, countsList, loadOrNotFound, stagesTable } from './xcommon.js';

function addStageForm(x, path, reload) {
  const historic = x.historic;
  const names = historic ? ['counted_in', 'counted_out'] : ['planned_in', 'planned_out'];
  const f = {
    date: field(t('xchg.stageDate'), 'input', { name: 'date', autocomplete: 'off', hint: t('form.dateHint') }),
  };
  for (const n of names) f[n] = field(t(`xchg.${n}`), 'input', { name: n, inputmode: 'numeric', autocomplete: 'off' });
  const error = formError();
  const form = h('form.panel', { 'data-draft': 'stage', 'aria-labelledby': 'as-h', novalidate: true },
    h('h2#as-h', {}, t('xchg.addStage')), h('fieldset', {}, h('legend', {}, t('xchg.stage')), Object.values(f)), error,
    h('div.buttons', {}, h('button.primary', { type: 'submit' }, t('xchg.addStage'))));
  const validate = (all) => {
    const check = checker(all);
    check(f.date, !isPartialDate(f.date.control.value.trim()), t('form.err.date'));
    for (const n of names) check(f[n], !/^\d{0,7}$/.test(f[n].control.value.trim()), t('xchg.err.count'));
    return check.ok();
  };
  checkAsTyped(form, validate);
  onValidSubmit(form, error, validate, async () => {
    const body = {};
    if (f.date.control.value.trim()) body.date = f.date.control.value.trim();
    for (const n of names) if (f[n].control.value.trim()) body[n] = Number(f[n].control.value.trim());
    try {
      const { data } = await api('POST', `${path}/stages`, { body });
      form.reset();
      await reload(t('xchg.stageAdded', { ref: data.ref }));
    } catch (err) {
      showSubmitError(err, f, error);
    }
  });
  return form;
}

function proposalSection(path) {
  const countF = field(t('xchg.proposeCount'), 'input', { name: 'count', value: '20', inputmode: 'numeric', autocomplete: 'off' });
  const held = field(t('xchg.proposeHeld'), 'select', { name: 'held_by' },
    [['adversary', t('xchg.proposeAsk')], ['us', t('xchg.proposeOffer')]]);
  const prio = field(t('xchg.priority'), 'input', { name: 'priority', autocomplete: 'off', value: 'seriously_ill,wounded,disability,civilian,longest',
    hint: t('xchg.priorityHint', { rules: codes('priority').map((c) => `${c} (${label('priority', c)})`).join(', ') }) });
  const error = formError();
  const out = h('div.proposal', { 'aria-live': 'polite' });
  const form = h('form.panel', { 'aria-labelledby': 'pr-h', 'data-draft': 'proposal', novalidate: true },
    h('h2#pr-h', {}, t('xchg.propose')), h('p.hint', {}, t('xchg.proposeLead')),
    h('div.inline-fields', {}, countF, held, prio), error,
    h('div.buttons', {}, h('button', { type: 'submit' }, t('xchg.proposeRun'))), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    setFieldError(countF, '');
    setFieldError(prio, '');
    try {
      const { data } = await api('GET', `${path}/proposal${query({ count: countF.control.value.trim(), held_by: held.control.value, priority: prio.control.value.trim() })}`);
      replace(out, data.proposals.length ? h('table.data', {},
        h('caption', {}, t('xchg.proposalCaption', { count: data.proposals.length })),
        h('thead', {}, h('tr', {}, ['xchg.rank', 'xchg.person', 'xchg.why', 'xchg.days'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, data.proposals.map((p) => h('tr', {},
          h('td.num', {}, String(p.rank)),
          h('th', { scope: 'row' }, h('a', { href: `#/persons/${encodeURIComponent(p.person)}` }, p.name), h('span.muted', {}, ` ${p.person}`)),
          h('td', { lang: 'en' }, p.why),
          h('td.num', {}, p.days_in_captivity === null || p.days_in_captivity < 0 ? '—' : formatNumber(p.days_in_captivity)))))) : h('p.empty', {}, t('xchg.noProposal')));
      announce(t('xchg.proposalCaption', { count: data.proposals.length }));
    } catch (err) {
      if (err.status === 401) return;
      if (err.field === 'count') setFieldError(countF, errorMessage(err));
      if (err.field === 'priority') setFieldError(prio, errorMessage(err));
      error.textContent = errorMessage(err);
    }
  });
  return form;
}

export async function render(main, ctx) {
  const ref = ctx.params.exchange;
  const path = `/api/v1/exchanges/${encodeURIComponent(ref)}`;
  replace(main, h('h1', {}, ref), h('p.loading', { role: 'status' }, t('common.loading')));
  const got = await loadOrNotFound(main, ctx, api('GET', path));
  if (!got || ctx.stale()) return null;
  const x = got.data;
  ctx.setTitle(x.name);
  const reload = async (message) => {
    await render(main, ctx);
    if (message) announce(message);
  };
  const open = x.state === 'planned' || x.state === 'in_progress';
  const item = (k, v) => h('div.kv', {}, h('dt', {}, t(k)), h('dd', {}, v || '—'));
  replace(main,
    h('p.crumbs', {}, h('a', { href: '#/exchanges' }, t('nav.exchanges')), ' › ', x.ref),
    h('h1', {}, x.name),
    h('p.subtitle', {}, `${x.ref} · ${label('xstate', x.state)}`, x.historic ? ` · ${t('xchg.historic')}` : ''),
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'x-agr' }, h('h2#x-agr', {}, t('xchg.agreement')),
        h('dl.kvs', {},
          item('xchg.agreedOn', x.agreed_on && formatDate(x.agreed_on)),
          item('xchg.place', x.place),
          item('xchg.mediators', x.mediators),
          item('xchg.quotaIn', count(x.quota_in)),
          item('xchg.quotaOut', count(x.quota_out)),
          item('xchg.nationalNumber', x.national_number && `№${x.national_number}`),
          x.notes ? item('field.notes', x.notes) : null)),
      h('section.card', { 'aria-labelledby': 'x-tot' }, h('h2#x-tot', {}, t('xchg.totals')), countsList(x.totals))),
    h('section.card', { 'aria-labelledby': 'x-st' }, h('h2#x-st', {}, t('xchg.stages')),
      stagesTable(x.stages, t('xchg.stagesCaption')),
      h('p', {}, h('a', { href: `#/reports?exchange=${encodeURIComponent(x.ref)}` }, t('xchg.toReport')))),
    can('exchange.write') && open ? addStageForm(x, path, reload) : null,
    can('exchange.write') && open && !x.historic ? proposalSection(path) : null);
  return null;
}
