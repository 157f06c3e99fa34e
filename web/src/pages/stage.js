// stage.js - one stage of an exchange: its planned and actual counts and
// progress (no names), and by role: the upload of the other side's list
// (exchange.write), the verification queue (list.verify), the entries of
// its lists (list.read), and completing it with the reconciliation shown
// first (exchange.write: GET .../completion, then POST .../complete).
import { api, query } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { formatDate, label, t } from '../i18n.js';
import { can } from '../session.js';
import { errorMessage, field, formError, isPartialDate, setFieldError } from './form.js';
import { countsList, loadOrNotFound, progress, stageDone } from './xcommon.js';
import { verifyQueue } from './verify.js';

function uploadSection(path, reload) {
  const file = field(t('upload.file'), 'input', { type: 'file', name: 'list', accept: '.csv,text/csv', hint: t('upload.hint') });
  const error = formError();
  const result = h('div.upload-result', { role: 'status' });
  const submit = h('button.primary', { type: 'submit' }, t('upload.submit'));
  const form = h('form.panel', { 'aria-labelledby': 'up-h', novalidate: true },
    h('h2#up-h', {}, t('upload.title')), file, error, h('div.buttons', {}, submit), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    setFieldError(file, '');
    const f = file.control.files[0];
    if (!f) { setFieldError(file, t('upload.err.none')); file.control.focus(); return; }
    submit.disabled = true;
    result.textContent = t('upload.working');
    try {
      const { data } = await api('POST', `${path}/incoming`, { raw: await f.text(), contentType: 'text/csv; charset=utf-8' });
      form.reset();
      await reload(t('upload.done', { entries: data.entries, pending: data.pending, ambiguous: data.ambiguous, not_found: data.not_found }), data.warnings);
    } catch (err) {
      if (err.status === 401) return;
      result.textContent = '';
      error.textContent = errorMessage(err);
      const diags = (err.detail && err.detail.diagnostics) || [];
      if (diags.length) {
        replace(result, h('ul.diagnostics', {}, diags.map((d) => h('li', {},
          t('upload.at', { line: d.line, column: d.column }), d.field ? ` ${d.field}: ` : ' ', h('span', { lang: 'en' }, d.message)))));
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function entriesSection(path) {
  const state = field(t('entries.state'), 'select', { name: 'state' },
    [['', t('search.any')], ...['pending', 'ambiguous', 'not_found', 'confirmed', 'rejected'].map((s) => [s, label('verify', s)])]);
  const dir = field(t('entries.direction'), 'select', { name: 'direction' },
    [['', t('search.any')], ['in', label('direction', 'in')], ['out', label('direction', 'out')]]);
  const tbody = h('tbody');
  const info = h('p.result-status', { role: 'status' });
  const more = h('button', { type: 'button', hidden: true }, t('entries.more'));
  let next = null;
  const row = (e) => h('tr', {},
    h('td', {}, e.line), h('td', {}, label('direction', e.direction)),
    h('td', {}, e.as_written ? writtenName(e.as_written) : '—'),
    h('td', {}, (e.as_written && e.as_written.birth_date) || ''),
    h('td', {}, label('verify', e.state)),
    h('td', {}, e.person ? [h('a', { href: `#/persons/${encodeURIComponent(e.person)}` }, e.person_name || e.person)] : '—'),
    h('td', {}, e.decided_by || ''));
  async function load(reset) {
    const url = reset ? `${path}/entries${query({ state: state.control.value, direction: dir.control.value, limit: 100 })}` : next;
    const { data } = await api('GET', url);
    if (reset) tbody.replaceChildren();
    for (const e of data.entries) tbody.append(row(e));
    next = data.next;
    more.hidden = !next;
    info.textContent = t('entries.count', { count: data.total });
  }
  more.addEventListener('click', () => load(false));
  const filters = h('div.inline-fields', {}, state, dir);
  filters.addEventListener('change', () => load(true));
  const section = h('section.card', { 'aria-labelledby': 'en-h' },
    h('h2#en-h', {}, t('entries.title')), filters, info,
    h('table.data', {}, h('caption.sr-only', {}, t('entries.title')),
      h('thead', {}, h('tr', {}, ['entries.line', 'entries.direction', 'verify.asWritten', 'field.birth_date', 'entries.state', 'xchg.person', 'entries.decidedBy']
        .map((k) => h('th', { scope: 'col' }, t(k))))), tbody), more);
  return { section, start: () => load(true) };
}

function writtenName(w) {
  return w.full_name || [w.family_name, w.given_name, w.patronymic].filter(Boolean).join(' ');
}

function completionSection(path, stage, reload) {
  const box = h('div.reconcile');
  const date = field(t('complete.date'), 'input', { name: 'date', autocomplete: 'off', value: stage.date || '', hint: t('complete.dateHint') });
  const force = h('input#force', { type: 'checkbox', name: 'force' });
  const reason = field(t('complete.reason'), 'textarea', { name: 'reason', rows: '2' });
  reason.hidden = true;
  force.addEventListener('change', () => { reason.hidden = !force.checked; });
  const error = formError();
  const submit = h('button.primary', { type: 'submit' }, t('complete.submit'));
  const form = h('form.panel', { 'aria-labelledby': 'co-h', novalidate: true, 'data-draft': 'complete' },
    h('h2#co-h', {}, t('complete.title')), h('p.hint', {}, t('complete.lead')), box,
    date, h('div.check', {}, force, h('label', { for: 'force' }, t('complete.force'))), reason, error,
    h('div.buttons', {}, submit));
  const showBlockers = (b) => {
    replace(box,
      h('h3', {}, t('complete.reconciliation')),
      countsList(stage.counts),
      b && b.blocked ? h('div.notice', {}, h('strong', {}, t('complete.blocked')), h('ul', {}, [
        b.open_in ? t('complete.b.open', { count: b.open_in }) : null,
        b.in_diff ? t('complete.b.in', { n: b.in_diff }) : null,
        b.out_diff ? t('complete.b.out', { n: b.out_diff }) : null,
        b.list_diff ? t('complete.b.list', { n: b.list_diff }) : null,
      ].filter(Boolean).map((x) => h('li', {}, x))))
        : h('p.ok', {}, t('complete.ready')));
  };
  const start = async () => {
    const { data } = await api('GET', `${path}/completion`);
    showBlockers(data.blockers);
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    setFieldError(date, '');
    setFieldError(reason, '');
    const body = {};
    const d = date.control.value.trim();
    if (d && (!isPartialDate(d) || d.length !== 10)) { setFieldError(date, t('complete.err.date')); return; }
    if (d) body.date = d;
    if (force.checked) {
      if (!reason.control.value.trim()) { setFieldError(reason, t('complete.err.reason')); reason.control.focus(); return; }
      body.force = true;
      body.reason = reason.control.value.trim();
    }
    submit.disabled = true;
    try {
      await api('POST', `${path}/complete`, { body });
      await reload(t('complete.done', { ref: stage.ref }));
    } catch (err) {
      if (err.status === 401) return;
      if (err.detail && err.detail.blockers) showBlockers({ blocked: true, ...err.detail.blockers });
      if (err.field === 'date') setFieldError(date, errorMessage(err));
      if (err.field === 'reason') setFieldError(reason, errorMessage(err));
      error.textContent = errorMessage(err);
    } finally {
      submit.disabled = false;
    }
  });
  return { section: form, start };
}

export async function render(main, ctx) {
  const { exchange, stage: number } = ctx.params;
  const xpath = `/api/v1/exchanges/${encodeURIComponent(exchange)}`;
  const path = `${xpath}/stages/${number}`;
  replace(main, h('h1', {}, `${exchange}/${number}`), h('p.loading', { role: 'status' }, t('common.loading')));
  const got = await loadOrNotFound(main, ctx, Promise.all([api('GET', xpath), api('GET', path)]));
  if (!got || ctx.stale()) return null;
  const [{ data: x }, { data: s }] = got;
  ctx.setTitle(`${x.name}, ${t('xchg.stageN', { n: s.number })}`);
  const open = s.state === 'planned' || s.state === 'in_progress';
  const reload = async (message, warnings) => {
    await render(main, ctx);
    if (message) announce(message);
    if (warnings && warnings.length) {
      const list = main.querySelector('.warnings');
      if (list) replace(list, h('h3', {}, t('upload.warnings')), h('ul', {}, warnings.map((w) => h('li', {}, t('upload.at', { line: w.line, column: w.column }), ' ', h('span', { lang: 'en' }, w.message)))));
    }
  };
  const c = s.counts;
  const { inDone, outDone } = stageDone(s);
  const parts = [];
  const starters = [];
  if (open && !x.historic && can('exchange.write')) parts.push(uploadSection(path, reload), h('div.warnings', { role: 'status' }));
  if (open && can('list.verify') && can('list.read') && c.differences.undecided > 0) {
    const q = verifyQueue(path, async () => {
      const { data } = await api('GET', path);
      const box = main.querySelector('#st-counts');
      if (box) replace(box, countsList(data.counts));
    });
    parts.push(q.section);
    starters.push(q.start);
  }
  if (open && !x.historic && can('exchange.write')) {
    const co = completionSection(path, s, reload);
    parts.push(co.section);
    starters.push(co.start);
  }
  if (can('list.read') && !x.historic) {
    const en = entriesSection(path);
    parts.push(en.section);
    starters.push(en.start);
  }
  replace(main,
    h('p.crumbs', {}, h('a', { href: '#/exchanges' }, t('nav.exchanges')), ' › ',
      h('a', { href: `#/exchanges/${encodeURIComponent(x.ref)}` }, x.name), ' › ', s.ref),
    h('h1', {}, `${x.name}: ${t('xchg.stageN', { n: s.number })}`),
    h('p.subtitle', {}, `${s.ref} · ${label('xstate', s.state)}`, s.date ? ` · ${formatDate(s.date)}` : '',
      s.forced ? ` · ${t('xchg.forced')}: ${s.force_reason || ''}` : '', s.completed_by ? ` · ${t('xchg.completedBy', { who: s.completed_by })}` : ''),
    h('section.card', { 'aria-labelledby': 'st-h' },
      h('h2#st-h', {}, t('xchg.progress')),
      h('p.progress-line', {}, h('strong', {}, `${t('xchg.in')}: `), progress(inDone, c.planned_in, t('xchg.in')), ' · ',
        h('strong', {}, `${t('xchg.out')}: `), progress(outDone, c.planned_out, t('xchg.out'))),
      h('div#st-counts', {}, countsList(c)),
      h('p', {}, h('a', { href: `#/reports?stage=${encodeURIComponent(s.ref)}` }, t('xchg.toStageReport')))),
    parts);
  await Promise.all(starters.map((fn) => fn()));
  return null;
}

