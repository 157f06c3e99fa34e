// verify.js - the verification queue of a stage's incoming list: each
// entry as the other side wrote it, beside the registry persons the
// matcher proposes, field by field, with the matcher's reasons; confirm
// or reject with one key, and the next entry is there at once (it was
// loaded while this one was read).  Keys, when the queue has the focus:
// 1-9 choose a candidate, C (or Enter) confirm, R reject, S or → skip,
// ← back.  Decisions go with If-Match: when another verifier decided
// first (412), the entry is shown again as it is now.
import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { formatDate, label, t } from '../i18n.js';
import { reason as reasonText } from '../reasons.js';
import { errorMessage, field, setFieldError } from './form.js';

const UNDECIDED = new Set(['pending', 'ambiguous', 'not_found']);

/** Every undecided incoming entry of the stage (pages of 1000). */
async function loadQueue(stagePath) {
  const out = [];
  let next = `${stagePath}/entries?direction=in&limit=1000`;
  while (next) {
    const { data } = await api('GET', next);
    for (const e of data.entries) if (UNDECIDED.has(e.state)) out.push(e.id);
    next = data.next;
  }
  return out;
}

/** An entry with the registry records of its candidates. */
async function loadEntry(id) {
  const { data: entry, etag } = await api('GET', `/api/v1/entries/${id}`);
  const cands = (entry.matcher && entry.matcher.candidates) || [];
  const persons = await Promise.all(cands.map((c) => api('GET', `/api/v1/persons/${encodeURIComponent(c.person)}`)
    .then((r) => r.data).catch(() => null)));
  return { entry, etag: etag || entry.etag, cands, persons };
}

function writtenName(w) {
  return w.full_name || [w.family_name, w.given_name, w.patronymic].filter(Boolean).join(' ');
}

function personName(p) {
  return p ? [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(' ') : '';
}

function evidenceFor(c, fieldName) {
  return (c.evidence || []).filter((e) => e.field === fieldName);
}

function reasons(list) {
  if (!list.length) return null;
  return h('ul.evidence', {}, list.map((e) => h('li', { class: e.weight < 0 ? 'against' : 'for' },
    reasonText(e.reason), h('span.ev-weight', {}, ` (${e.weight > 0 ? '+' : ''}${Math.round(e.weight * 10) / 10})`))));
}

/** The entry beside its candidates: one row per field, one column per candidate. */
function comparison(item, chosen, onChoose) {
  const { entry, cands, persons } = item;
  const w = entry.as_written;
  const rows = [
    ['verify.row.name', writtenName(w), (c, p) => [h('span', {}, c.name), p && personName(p) !== c.name ? h('span.muted', {}, ` (${personName(p)})`) : null],
      (c) => reasons([...evidenceFor(c, 'family_name'), ...evidenceFor(c, 'given_name'), ...evidenceFor(c, 'patronymic')])],
    ['field.birth_date', w.birth_date, (c, p) => (p && p.birth_date ? formatDate(p.birth_date) : '—'), (c) => reasons(evidenceFor(c, 'birth_date'))],
    ['field.unit', w.unit, (c, p) => (p && p.unit) || '—', (c) => reasons(evidenceFor(c, 'unit'))],
    ['field.sex', null, (c, p) => (p && p.sex ? label('sex', p.sex) : '—'), (c) => reasons(evidenceFor(c, 'sex'))],
    ['field.status', null, (c, p) => (p ? label('status', p.status) : '—'), () => null],
    ['field.held_by', null, (c, p) => (p ? label('custody', p.held_by) : '—'), () => null],
    ['verify.row.notes', w.notes, () => '', () => null],
  ];
  if (!cands.length) return h('p.notice', {}, t('verify.noCandidates'));
  return h('table.data.compare', {},
    h('caption', {}, t('verify.caption', { line: entry.line })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('verify.field')),
      h('th', { scope: 'col' }, t('verify.asWritten')),
      cands.map((c, i) => h('th', { scope: 'col', class: i === chosen ? 'chosen' : null },
        h('label.choose', {},
          h('input', { type: 'radio', name: `cand-${entry.id}`, value: String(i), checked: i === chosen, onchange: () => onChoose(i) }),
          ` ${i + 1}. `, h('a', { href: `#/persons/${encodeURIComponent(c.person)}`, tabindex: '-1' }, c.person)),
        h('span.muted', {}, t('search.score', { score: Math.round(c.score * 10) / 10 })),
        c.person === entry.proposed ? h('span.badge', {}, t('verify.proposed')) : null)))),
    h('tbody', {}, rows.map(([key, written, cell, why]) => h('tr', {},
      h('th', { scope: 'row' }, t(key)),
      h('td.written', {}, written || '—'),
      cands.map((c, i) => h('td', { class: i === chosen ? 'chosen' : null }, cell(c, persons[i]), why(c)))))));
}

/**
 * The queue of stage `stagePath` ("/api/v1/exchanges/EX-1/stages/1").
 * onDecided() is called after each decision (to refresh the counts).
 */
export function verifyQueue(stagePath, onDecided) {
  const status = h('p.queue-status', { role: 'status' });
  const body = h('div.queue-body');
  const errorBox = h('div.form-error', { role: 'alert' });
  const reason = field(t('verify.reason'), 'input', { name: 'reason', autocomplete: 'off', value: t('verify.defaultReason'), hint: t('verify.reasonHint') });
  const other = field(t('verify.other'), 'input', { name: 'other', autocomplete: 'off', spellcheck: 'false', hint: t('verify.otherHint') });
  const btn = (key, text, keys, fn) => h('button', { type: 'button', 'data-key': key, 'aria-keyshortcuts': keys, onclick: fn }, text);
  const section = h('section.card.queue', { 'aria-labelledby': 'q-h', tabindex: '-1' },
    h('h2#q-h', {}, t('verify.title')),
    h('p.hint#q-keys', {}, t('verify.keys')),
    status, body, errorBox,
    h('div.queue-actions', {},
      btn('confirm', t('verify.confirm'), 'C', () => decide('confirm')),
      btn('reject', t('verify.reject'), 'R', () => decide('reject')),
      btn('skip', t('verify.skip'), 'S ArrowRight', () => move(1)),
      btn('back', t('verify.back'), 'ArrowLeft', () => move(-1))),
    h('div.inline-fields', {}, reason, other));
  section.setAttribute('aria-describedby', 'q-keys');
  let queue = [];
  let pos = 0;
  let current = null;
  let chosen = 0;
  const cache = new Map();
  let busy = false;

  const fetchItem = (id) => {
    if (!cache.has(id)) cache.set(id, loadEntry(id).catch((e) => { cache.delete(id); throw e; }));
    return cache.get(id);
  };

  function draw() {
    if (!current) return;
    const { entry } = current;
    const hadFocus = body.contains(document.activeElement);
    status.textContent = t('verify.position', { n: pos + 1, total: queue.length, line: entry.line, state: label('verify', entry.state) });
    replace(body,
      h('p.written-line', {}, h('strong', {}, t('verify.asWritten')), ': ', writtenName(entry.as_written),
        entry.as_written.birth_date ? ` · ${entry.as_written.birth_date}` : '',
        h('span.muted', {}, ` · ${t('verify.matcher')}: `), reasonText(entry.reason)),
      comparison(current, chosen, (i) => { chosen = i; draw(); }));
    section.querySelector('[data-key="confirm"]').disabled = !current.cands.length && !other.control.value.trim();
    if (hadFocus) section.focus();
  }

  async function show() {
    errorBox.textContent = '';
    if (!queue.length) {
      current = null;
      status.textContent = t('verify.done');
      replace(body, h('p.empty', {}, t('verify.doneText')));
      for (const b of section.querySelectorAll('.queue-actions button')) b.disabled = true;
      return;
    }
    pos = Math.max(0, Math.min(pos, queue.length - 1));
    for (const b of section.querySelectorAll('.queue-actions button')) b.disabled = false;
    const id = queue[pos];
    current = await fetchItem(id);
    if (queue[pos] !== id) return;
    const proposedAt = current.cands.findIndex((c) => c.person === current.entry.proposed);
    chosen = proposedAt >= 0 ? proposedAt : 0;
    other.control.value = '';
    draw();
    // the next entry is loaded while this one is read
    if (queue[pos + 1]) fetchItem(queue[pos + 1]).catch(() => {});
  }

  function move(step) {
    if (!queue.length) return;
    pos = (pos + step + queue.length) % queue.length;
    show();
  }

  async function decide(kind) {
    if (!current || busy) return;
    const { entry, etag, cands } = current;
    const why = reason.control.value.trim();
    const otherRef = other.control.value.trim();
    setFieldError(reason, '');
    setFieldError(other, '');
    errorBox.textContent = '';
    let body;
    if (kind === 'reject') {
      if (!why) { setFieldError(reason, t('verify.err.reason')); reason.control.focus(); return; }
      body = { reason: why };
    } else if (otherRef) {
      body = { person: otherRef, reason: why || undefined };
    } else {
      if (!cands.length) { setFieldError(other, t('verify.err.other')); other.control.focus(); return; }
      body = { person: cands[chosen].person };
    }
    busy = true;
    try {
      const { data } = await api('POST', `/api/v1/entries/${entry.id}/${kind}`, { body, ifMatch: etag });
      cache.delete(entry.id);
      queue.splice(pos, 1);
      announce(kind === 'reject' ? t('verify.rejected', { line: entry.line })
        : t('verify.confirmed', { line: entry.line, person: data.person_name || data.person || '' }));
      await show();
      section.focus();
      if (onDecided) onDecided();
    } catch (err) {
      if (err.status === 401) return;
      if (err.status === 412) {
        cache.delete(entry.id);
        errorBox.textContent = t('verify.conflict');
        current = await fetchItem(entry.id);
        if (!UNDECIDED.has(current.entry.state)) queue.splice(pos, 1);
        await show();
        errorBox.textContent = t('verify.conflict');
        return;
      }
      if (err.field === 'reason') setFieldError(reason, errorMessage(err));
      else if (err.field === 'person' && otherRef) setFieldError(other, errorMessage(err));
      errorBox.textContent = errorMessage(err);
    } finally {
      busy = false;
    }
  }

  section.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = e.target.tagName;
    const typing = (tag === 'INPUT' && e.target.type !== 'radio') || tag === 'TEXTAREA' || tag === 'SELECT';
    if (typing) return;
    const k = e.key.toLowerCase();
    if (/^[1-9]$/.test(k) && current && Number(k) <= current.cands.length) {
      chosen = Number(k) - 1;
      draw();
      announce(t('verify.chosen', { n: k, person: current.cands[chosen].name }));
    } else if (k === 'c' || (k === 'enter' && tag !== 'BUTTON' && tag !== 'A')) {
      decide('confirm');
    } else if (k === 'r') {
      decide('reject');
    } else if (k === 's' || k === 'arrowright') {
      move(1);
    } else if (k === 'arrowleft') {
      move(-1);
    } else {
      return;
    }
    e.preventDefault();
  });
  other.control.addEventListener('input', () => {
    section.querySelector('[data-key="confirm"]').disabled = !(current && current.cands.length) && !other.control.value.trim();
  });

  const start = async () => {
    status.textContent = t('common.loading');
    queue = await loadQueue(stagePath);
    pos = 0;
    await show();
  };
  return { section, start };
}
