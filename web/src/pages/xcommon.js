// xcommon.js - what the pages of the exchange ledger share: counts,
// progress against the plan, and the table of stages.
import { h } from '../dom.js';
import { formatDate, formatNumber, label, t } from '../i18n.js';
import { stageRefLink } from './more.js';

export function count(n) {
  return n === null || n === undefined ? '—' : formatNumber(n);
}

/** Progress of `done` against `planned` (null: not planned): a <progress> and the figures. */
export function progress(done, planned, what) {
  if (!planned) return h('span', {}, count(done));
  const pct = Math.round((done / planned) * 100);
  return h('span.progress-cell', {},
    h('progress', { max: String(planned), value: String(Math.min(done, planned)), 'aria-label': `${what}: ${t('dash.progressOf', { done, planned })}` }),
    h('span', {}, ` ${formatNumber(done)} / ${formatNumber(planned)} (${pct}%)`));
}

/** The stages of an agreement with their planned and actual counts. */
export function stagesTable(stages, caption) {
  if (!stages.length) return h('p.empty', {}, t('dash.noStages'));
  return h('table.data', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['dash.col.stage', 'dash.col.date', 'dash.col.state', 'xchg.theirList', 'xchg.confirmed',
      'xchg.undecided', 'xchg.in', 'xchg.out'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, stages.map((s) => {
      const c = s.counts;
      const inDone = s.state === 'completed' ? c.returned + (c.counted_in || 0) : c.entries.confirmed;
      const outDone = s.state === 'completed' ? c.handed_over + (c.counted_out || 0) : c.outgoing;
      return h('tr', {},
        h('th', { scope: 'row' }, stageRefLink(s.ref)),
        h('td', {}, s.date ? formatDate(s.date) : '—'),
        h('td', {}, label('xstate', s.state), s.forced ? h('span.muted', {}, ` (${t('xchg.forced')})`) : null),
        h('td.num', {}, count(c.on_their_list)),
        h('td.num', {}, count(c.entries.confirmed)),
        h('td.num', {}, count(c.differences.undecided)),
        h('td', {}, progress(inDone, c.planned_in, t('xchg.in'))),
        h('td', {}, progress(outDone, c.planned_out, t('xchg.out'))));
    })));
}

/** The reconciled counts of a stage or agreement as a definition list. */
export function countsList(c) {
  const d = c.differences;
  const item = (k, v) => h('div.kv', {}, h('dt', {}, t(k)), h('dd', {}, v));
  return h('dl.kvs', {},
    item('xchg.plannedIn', count(c.planned_in)),
    item('xchg.plannedOut', count(c.planned_out)),
    item('xchg.theirList', count(c.on_their_list)),
    item('xchg.byState', ['pending', 'ambiguous', 'not_found', 'confirmed', 'rejected']
      .map((s) => `${label('verify', s)}: ${formatNumber(c.entries[s])}`).join(' · ')),
    item('xchg.outgoing', count(c.outgoing)),
    item('xchg.returned', count(c.returned + (c.counted_in || 0))),
    item('xchg.handedOver', count(c.handed_over + (c.counted_out || 0))),
    item('xchg.diffs', [
      d.undecided ? t('xchg.diff.undecided', { count: d.undecided }) : null,
      d.confirmed_vs_their_list ? t('xchg.diff.list', { n: d.confirmed_vs_their_list }) : null,
      c.planned_in !== null && d.in_vs_planned ? t('xchg.diff.in', { n: d.in_vs_planned }) : null,
      c.planned_out !== null && d.out_vs_planned ? t('xchg.diff.out', { n: d.out_vs_planned }) : null,
    ].filter(Boolean).join('; ') || t('xchg.diff.none')));
}
