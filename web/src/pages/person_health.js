// person_health.js - recording health and the next of kin (PUT
// /api/v1/persons/{ref}/health, health.write: the medical role), with
// If-Match like an edit; a conflict (412) says so and shows the record as
// it now is.
import { api } from '../api.js';
import { h } from '../dom.js';
import { codes, label, t } from '../i18n.js';
import { errorMessage, field, formError, formToggle, setFieldError } from './form.js';

export function healthSection(path, state, reload) {
  const p = state.person;
  const flags = codes('health').map((c) => {
    const id = `hf-${c}`;
    const box = h('input', { type: 'checkbox', id, name: `health_${c}`, checked: (p.health || []).includes(c) });
    return [c, box, h('div.check', {}, box, h('label', { for: id }, label('health', c)))];
  });
  const kin = field(t('field.next_of_kin'), 'textarea', { name: 'next_of_kin', rows: '2', value: p.next_of_kin || '', hint: t('health.kinHint') });
  const error = formError();
  const form = h('form.panel', { 'data-draft': 'health', 'aria-labelledby': 'he-h', novalidate: true },
    h('h2#he-h', {}, t('health.title')),
    h('fieldset', {}, h('legend', {}, t('field.health')), flags.map((f) => f[2])),
    kin, error, h('div.buttons', {}, h('button.primary', { type: 'submit' }, t('health.submit')),
      h('button', { type: 'button', onclick: () => { form.reset(); open(false); button.focus(); } }, t('common.cancel'))));
  const { button, section, open } = formToggle(form, 'he-form', t('health.open'), () => flags[0][1].focus());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    setFieldError(kin, '');
    const body = {
      health: flags.filter((f) => f[1].checked).map((f) => f[0]),
      next_of_kin: kin.control.value.trim() || null,
    };
    try {
      await api('PUT', `${path}/health`, { body, ifMatch: state.etag });
      form.reset();
      await reload(t('health.saved'));
    } catch (err) {
      if (err.status === 401) return;
      if (err.status === 412) { error.textContent = t('health.conflict'); return; }
      if (err.field === 'next_of_kin') setFieldError(kin, errorMessage(err));
      error.textContent = errorMessage(err);
    }
  });
  return { button, section };
}
