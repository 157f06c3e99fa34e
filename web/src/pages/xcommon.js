// xcommon.js - what the pages of the exchange ledger share: counts,
// progress against the plan, the table of stages, and the page of an
// agreement or stage that does not exist.
import { h, replace } from '../dom.js';
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

/**
 * What a stage brought home and handed over, to set against its plan: the
 * counts once it is completed, the confirmed entries and the outgoing list
 * before.  Returns {inDone, outDone}.
 */
export function stageDone(s) {
  const c = s.counts;
  if (s.state === 'completed') return { inDone: c.returned + (c.counted_in || 0), outDone: c.handed_over + (c.counted_out || 0) };
  return { inDone: c.entries.confirmed, outDone: c.outgoing };
}

/**
 * Awaits `request` (api() answers) for a page of the ledger: on a 404 it
 * shows "not found" with the way back to the agreements and gives null;
 * any other error is thrown.
 */
export async function loadOrNotFound(main, ctx, request) {
  try {
    return await request;
  } catch (e) {
    if (e.status !== 404) throw e;
    ctx.setTitle(t('xchg.notFound'));
    replace(main, h('h1', {}, t('xchg.notFound')), h('p', {}, h('a', { href: '#/exchanges' }, t('nav.exchanges'))));
    return null;
  }
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
      const { inDone, outDone } = stageDone(s);
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
