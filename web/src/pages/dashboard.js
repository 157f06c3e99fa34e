// dashboard.js - the first page: how many of our people are in captivity
// and missing, how many came home (in all and this year), the latest
// exchanges with their stages, and the returns of each stage over time
// (GET /api/v1/dashboard: counts only, so the analyst sees it too).
import { api } from '../api.js';
import { timelineChart } from '../charts.js';
import { h, replace } from '../dom.js';
import { formatDate, formatNumber, label, t } from '../i18n.js';
import { can } from '../session.js';
import { exchangeLink } from './more.js';

function figure(key, value, note) {
  return h('div.figure', {},
    h('dt', {}, t(key)),
    h('dd', {}, h('span.figure-value', {}, formatNumber(value)), note ? h('span.figure-note', {}, note) : null));
}

function count(n) {
  return n === null || n === undefined ? '—' : formatNumber(n);
}

function progress(stage) {
  const planned = stage.planned_in;
  const done = stage.state === 'completed' ? stage.returned : stage.confirmed;
  if (!planned) return h('span', {}, count(done));
  const pct = Math.min(100, Math.round((done / planned) * 100));
  return h('span.progress-cell', {},
    h('progress', { max: String(planned), value: String(Math.min(done, planned)), 'aria-label': t('dash.progressOf', { done, planned }) }),
    h('span', {}, ` ${formatNumber(done)} / ${formatNumber(planned)} (${pct}%)`));
}

function exchangesTable(exchanges) {
  if (!exchanges.length) return h('p.empty', {}, t('dash.noExchanges'));
  return h('table.data', {},
    h('caption.sr-only', {}, t('dash.latest')),
    h('thead', {}, h('tr', {},
      [t('dash.col.exchange'), t('dash.col.stage'), t('dash.col.date'), t('dash.col.state'),
        t('dash.col.plannedIn'), t('dash.col.progress'), t('dash.col.handedOver')]
        .map((c) => h('th', { scope: 'col' }, c)))),
    exchanges.map((x) => h('tbody', {},
      (x.stages.length ? x.stages : [null]).map((s, i) => h('tr', {},
        i === 0 ? h('th', { scope: 'rowgroup', rowspan: String(Math.max(1, x.stages.length)) },
          exchangeLink(x.ref, x.name), h('br'), h('span.muted', {}, `${x.ref} · ${label('xstate', x.state)}`),
          x.agreed_on ? h('span.muted', {}, ` · ${t('dash.agreed', { date: formatDate(x.agreed_on) })}`) : null) : null,
        s ? [h('td', {}, s.ref), h('td', {}, s.date ? formatDate(s.date) : '—'), h('td', {}, label('xstate', s.state)),
          h('td.num', {}, count(s.planned_in)), h('td', {}, progress(s)), h('td.num', {}, count(s.handed_over))]
          : h('td', { colspan: '6' }, t('dash.noStages')))))));
}

export async function render(main, ctx) {
  ctx.setTitle(t('dash.title'));
  replace(main, h('h1', {}, t('dash.title')), h('p.loading', { role: 'status' }, t('common.loading')));
  const { data } = await api('GET', '/api/v1/dashboard');
  if (ctx.stale()) return null;
  const chart = timelineChart(t('dash.chart'), data.timeline);
  replace(main,
    h('h1', {}, t('dash.title')),
    h('p.lead', {}, t('dash.asOf', { date: formatDate(data.as_of) })),
    h('section', { 'aria-labelledby': 'dash-figures' },
      h('h2#dash-figures.sr-only', {}, t('dash.figures')),
      h('dl.figures', {},
        figure('dash.inCaptivity', data.registry.in_captivity,
          t('dash.ofWhichListed', { count: data.registry.listed })),
        figure('dash.missing', data.registry.missing),
        figure('dash.returnedTotal', data.returned.total, t('dash.since', { date: formatDate(data.returned.since) })),
        figure('dash.returnedYear', data.returned.this_year, String(data.returned.year)))),
    h('section', { 'aria-labelledby': 'dash-ex' },
      h('h2#dash-ex', {}, t('dash.latest')),
      exchangesTable(data.exchanges)),
    h('section', { 'aria-labelledby': 'dash-chart' },
      h('h2#dash-chart', {}, t('dash.chartTitle')),
      chart.node),
    can('name.search') ? h('p', {}, h('a.button', { href: '#/search' }, t('dash.toSearch'))) : null);
  return chart.mount();
}
