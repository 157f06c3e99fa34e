// reports.js - the breakdowns the office publishes (GET /api/v1/reports,
// report.read: aggregates, no names): for an agreement, a stage or a
// period; tables of every breakdown, bars for branch and region, the
// timeline of returns, the plain-language summary ready to copy, and the
// export as CSV and JSON (the server's own files).
import { api, query } from '../api.js';
import { barChart, timelineChart } from '../charts.js';
import { announce, h, replace } from '../dom.js';
import { currentLang, formatDate, formatNumber, label, t } from '../i18n.js';
import { field, formError, isPartialDate, setFieldError, errorMessage } from './form.js';
import { stageRefLink } from './more.js';

/** The label of `key` in report section `section`. */
function keyLabel(section, key) {
  const vocab = { branch: 'branch', region: 'region', category: 'category', branch_group: 'branch_group', rank_class: 'rank_class', health: 'health' }[section];
  if (key === 'unknown') return t('report.key.unknown');
  if (vocab && !['privates_and_sergeants', 'any', 'none'].includes(key)) return label(vocab, key);
  if (section === 'tags' || section === 'capture_year') return key;
  return t(`report.key.${section}.${key}`);
}

const SECTIONS = ['category', 'sex', 'rank_class', 'branch_group', 'branch', 'announced', 'region', 'capture_year', 'captivity', 'tags', 'health'];

function sectionTable(section, values) {
  const rows = Object.entries(values || {});
  return h('table.data.small', {},
    h('caption', {}, t(`report.section.${section}`)),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('chart.category')), h('th.num', { scope: 'col' }, t('chart.count')))),
    h('tbody', {}, rows.length ? rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, keyLabel(section, k)), h('td.num', {}, formatNumber(v))))
      : h('tr', {}, h('td', { colspan: '2' }, t('report.none')))));
}

function bars(section, values) {
  const rows = Object.entries(values || {}).filter(([, v]) => v > 0).map(([k, v]) => ({ label: keyLabel(section, k), count: v }))
    .sort((a, b) => b.count - a.count);
  return barChart(t(`report.chart.${section}`), rows);
}

function scopeForm(ctx, exchanges) {
  const q = ctx.query;
  const kind = q.get('stage') ? 'stage' : q.get('from') || q.get('to') ? 'period' : 'exchange';
  const kindF = field(t('report.scope'), 'select', { name: 'kind', value: kind },
    [['exchange', t('report.scope.exchange')], ['stage', t('report.scope.stage')], ['period', t('report.scope.period')]]);
  const exF = field(t('report.exchange'), 'select', { name: 'exchange', value: q.get('exchange') || '' },
    [['', t('event.choose')], ...exchanges.map((x) => [x.ref, `${x.name} (${x.ref})`])]);
  const stF = field(t('report.stage'), 'input', { name: 'stage', value: q.get('stage') || '', autocomplete: 'off', hint: t('report.stageHint') });
  const fromF = field(t('report.from'), 'input', { name: 'from', value: q.get('from') || '', autocomplete: 'off', hint: t('form.dateHint') });
  const toF = field(t('report.to'), 'input', { name: 'to', value: q.get('to') || '', autocomplete: 'off', hint: t('form.dateHint') });
  kindF.control.value = kind;
  exF.control.value = q.get('exchange') || '';
  const error = formError();
  const form = h('form.panel.report-scope', { 'aria-labelledby': 'rs-h', novalidate: true },
    h('h2#rs-h', {}, t('report.scopeTitle')), h('div.inline-fields', {}, kindF, exF, stF, fromF, toF), error,
    h('div.buttons', {}, h('button.primary', { type: 'submit' }, t('report.show'))));
  const sync = () => {
    const k = kindF.control.value;
    exF.hidden = k !== 'exchange';
    stF.hidden = k !== 'stage';
    fromF.hidden = toF.hidden = k !== 'period';
  };
  sync();
  kindF.control.addEventListener('change', sync);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    for (const f of [exF, stF, fromF, toF]) setFieldError(f, '');
    const k = kindF.control.value;
    let params;
    if (k === 'exchange') {
      if (!exF.control.value) { setFieldError(exF, t('report.err.exchange')); exF.control.focus(); return; }
      params = { exchange: exF.control.value };
    } else if (k === 'stage') {
      if (!stF.control.value.trim()) { setFieldError(stF, t('report.err.stage')); stF.control.focus(); return; }
      params = { stage: stF.control.value.trim() };
    } else {
      const from = fromF.control.value.trim();
      const to = toF.control.value.trim();
      if (!isPartialDate(from)) { setFieldError(fromF, t('form.err.date')); return; }
      if (!isPartialDate(to)) { setFieldError(toF, t('form.err.date')); return; }
      if (!from && !to) { setFieldError(fromF, t('report.err.period')); return; }
      params = { from, to };
    }
    ctx.navigate(`#/reports${query(params)}`);
  });
  return { form, fields: { exchange: exF, stage: stF, from: fromF, to: toF }, error };
}

function summaryBox(text) {
  const p = h('p.summary#report-summary', {}, text);
  const done = h('span.copied', { role: 'status' });
  const copy = h('button', { type: 'button' }, t('report.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // without the clipboard (an insecure origin), select it for Ctrl+C
      const range = document.createRange();
      range.selectNodeContents(p);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    done.textContent = t('report.copied');
  });
  return h('section.card', { 'aria-labelledby': 'sum-h' }, h('h2#sum-h', {}, t('report.summary')), p, h('div.buttons', {}, copy, done));
}

export async function render(main, ctx) {
  ctx.setTitle(t('report.title'));
  replace(main, h('h1', {}, t('report.title')), h('p.loading', { role: 'status' }, t('common.loading')));
  const { data: xs } = await api('GET', '/api/v1/exchanges');
  if (ctx.stale()) return null;
  const scope = scopeForm(ctx, xs.exchanges.slice().reverse());
  const out = h('div.report');
  replace(main, h('h1', {}, t('report.title')), h('p.lead', {}, t('report.lead')), scope.form, out);
  const params = {};
  for (const k of ['exchange', 'stage', 'from', 'to']) if (ctx.query.get(k)) params[k] = ctx.query.get(k);
  if (!Object.keys(params).length) {
    replace(out, h('p.empty', {}, t('report.choose')));
    return null;
  }
  let r;
  try {
    ({ data: r } = await api('GET', `/api/v1/reports${query({ ...params, format: 'json' })}`));
  } catch (e) {
    if (e.status === 400 || e.status === 404) {
      const f = scope.fields[e.field];
      if (f) setFieldError(f, errorMessage(e));
      scope.error.textContent = errorMessage(e);
      return null;
    }
    throw e;
  }
  if (ctx.stale()) return null;
  const lang = currentLang();
  const title = r.scope.kind === 'exchange' ? r.scope.exchange.name
    : r.scope.kind === 'stage' ? `${r.scope.exchange ? r.scope.exchange.name : ''} ${r.scope.stage ? r.scope.stage.ref || '' : ''}`
      : t('report.periodTitle', { from: r.scope.from ? formatDate(r.scope.from) : '…', to: r.scope.to ? formatDate(r.scope.to) : '…' });
  const stages = (r.scope.stages || []).filter((s) => s.date);
  const timeline = timelineChart(t('report.chart.timeline'), stages.map((s) => ({ date: s.date, stage: s.ref, name: r.scope.exchange ? r.scope.exchange.name : s.ref, returned: (s.returned || 0) + (s.counted_in || 0) })));
  const csv = `/api/v1/reports${query({ ...params, format: 'csv', lang })}`;
  const json = `/api/v1/reports${query({ ...params, format: 'json' })}`;
  const branch = bars('branch', r.branch);
  const region = bars('region', r.region);
  replace(out,
    h('h2.report-title', {}, title),
    h('dl.figures', {},
      h('div.figure', {}, h('dt', {}, t('report.returned')), h('dd', {}, h('span.figure-value', {}, formatNumber(r.returned)))),
      h('div.figure', {}, h('dt', {}, t('report.handedOver')), h('dd', {}, h('span.figure-value', {}, formatNumber(r.handed_over)))),
      r.cumulative ? h('div.figure', {}, h('dt', {}, t('report.cumulative')), h('dd', {}, h('span.figure-value', {}, formatNumber(r.cumulative.returned)),
        h('span.figure-note', {}, t('dash.since', { date: formatDate(r.cumulative.since) })))) : null),
    summaryBox((r.summary && r.summary[lang]) || ''),
    h('p.exports', {}, t('report.export'), ' ',
      h('a.button', { href: csv, download: '' }, t('report.csv')), ' ',
      h('a.button', { href: json, download: 'report.json' }, t('report.json'))),
    stages.length ? h('ul.report-stages', { 'aria-label': t('xchg.stages') }, (r.scope.stages || []).map((s) => h('li', {}, stageRefLink(s.ref), `: ${s.date ? formatDate(s.date) : '—'}, ${t('report.returned').toLowerCase()} ${formatNumber((s.returned || 0) + (s.counted_in || 0))}`))) : null,
    h('div.grid', {}, branch.node, region.node),
    stages.length > 1 ? timeline.node : null,
    h('section', { 'aria-labelledby': 'tabs-h' }, h('h2#tabs-h', {}, t('report.tables')),
      h('div.tables', {}, SECTIONS.filter((s) => r[s]).map((s) => sectionTable(s, r[s])))));
  return stages.length > 1 ? timeline.mount() : null;
}
