// charts.js - the charts of the interface, drawn by uPlot (a small canvas
// charting library).  Every chart is a <figure> with a caption, the canvas
// hidden from screen readers, and the same figures as a table under
// "show as table", so nothing is only in the picture.
import uPlot from 'uplot';
import { h } from './dom.js';
import { currentLang, formatDate, formatNumber, t } from './i18n.js';

const BAR = '#2f6db5';
const LINE = '#b5452f';

function css(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Month and weekday names of the interface's language, for uPlot's axes. */
function dateNames() {
  const locale = currentLang() === 'uk' ? 'uk-UA' : 'en-GB';
  const month = (style) => [...Array(12).keys()].map((m) => new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' }).format(Date.UTC(2021, m, 1)));
  // 3 January 2021 was a Sunday, as uPlot counts from
  const day = (style) => [...Array(7).keys()].map((d) => new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(Date.UTC(2021, 0, 3 + d)));
  return { MMMM: month('long'), MMM: month('short'), WWWW: day('long'), WWW: day('short') };
}

/** Redraws `plot` at the width of `box` when it changes; returns a cleanup. */
function fit(plot, box, height) {
  const ro = new ResizeObserver(() => {
    const w = Math.max(240, Math.floor(box.clientWidth));
    if (w !== plot.width) plot.setSize({ width: w, height });
  });
  ro.observe(box);
  return () => { ro.disconnect(); plot.destroy(); };
}

function tableOf(caption, headers, rows) {
  return h('details.chart-table', {},
    h('summary', {}, t('chart.asTable')),
    h('table', {},
      h('caption.sr-only', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i ? h('td.num', {}, c) : h('th', { scope: 'row' }, c))))))));
}

/**
 * A timeline of returns: one bar for each stage on its date and the
 * cumulative line.  points: [{date: "YYYY-MM-DD", returned, name, stage}].
 * Returns {node, mount()} - mount() after the node is in the page; it
 * returns the cleanup.
 */
export function timelineChart(caption, points) {
  const box = h('div.chart-box', { 'aria-hidden': 'true' });
  const table = tableOf(caption, [t('chart.date'), t('chart.stage'), t('chart.returned'), t('chart.cumulative')],
    (() => {
      let sum = 0;
      return points.map((p) => {
        sum += p.returned;
        return [`${formatDate(p.date)}`, `${p.name} (${p.stage})`, formatNumber(p.returned), formatNumber(sum)];
      });
    })());
  const node = h('figure.chart', { role: 'group', 'aria-label': caption },
    h('figcaption', {}, caption), box, table);
  const mount = () => {
    if (!points.length) {
      box.replaceWith(h('p.empty', {}, t('chart.empty')));
      return () => {};
    }
    const xs = points.map((p) => Date.parse(`${p.date.length === 4 ? `${p.date}-07-01` : p.date.length === 7 ? `${p.date}-15` : p.date}T00:00:00Z`) / 1000);
    const ys = points.map((p) => p.returned);
    let sum = 0;
    const cum = ys.map((v) => { sum += v; return sum; });
    const height = 260;
    const names = dateNames();
    const plot = new uPlot({
      fmtDate: (tpl) => uPlot.fmtDate(tpl, names),
      width: Math.max(240, box.clientWidth || 600),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] }, c: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] } },
      axes: [
        { stroke: css('--ink', '#222') },
        { stroke: css('--ink', '#222'), label: t('chart.returned'), values: (u, v) => v.map(formatNumber) },
        { side: 1, scale: 'c', stroke: LINE, label: t('chart.cumulative'), grid: { show: false }, values: (u, v) => v.map(formatNumber) },
      ],
      series: [
        { label: t('chart.date'), value: (u, v) => (v == null ? '' : formatDate(new Date(v * 1000).toISOString().slice(0, 10))) },
        { label: t('chart.returned'), fill: BAR, stroke: BAR, paths: uPlot.paths.bars({ size: [0.6, 24] }), points: { show: false } },
        { label: t('chart.cumulative'), scale: 'c', stroke: LINE, width: 2 },
      ],
    }, [xs, ys, cum], box);
    return fit(plot, box, height);
  };
  return { node, mount };
}

/**
 * Horizontal bars of counts by category: rows [{label, count}], biggest
 * first, drawn with plain elements (a bar is a width), so the chart needs
 * no canvas and reads well at any size.
 */
export function barChart(caption, rows) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const list = h('ul.bars', { 'aria-hidden': 'true' }, rows.map((r) => h('li', {},
    h('span.bar-label', {}, r.label),
    h('span.bar-track', {}, h('span.bar', { 'data-w': String(Math.round((r.count / max) * 100)) })),
    h('span.bar-count', {}, formatNumber(r.count)))));
  // widths through the CSSOM: the Content-Security-Policy allows no style attribute
  for (const bar of list.querySelectorAll('.bar')) bar.style.width = `${bar.dataset.w}%`;
  const node = h('figure.chart', { role: 'group', 'aria-label': caption },
    h('figcaption', {}, caption), list,
    tableOf(caption, [t('chart.category'), t('chart.count')], rows.map((r) => [r.label, formatNumber(r.count)])));
  return { node, mount: () => () => {} };
}
