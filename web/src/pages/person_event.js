// person_event.js - adding an event to a person's history (POST
// /api/v1/persons/{ref}/events, event.write).  The form checks as one
// types (a date the API takes; a note and the status for a status
// correction) and shows the server's errors next to their field: an event
// the transition table does not allow from the current status (422) at
// the type.
import { api } from '../api.js';
import { h } from '../dom.js';
import { codes, label, t } from '../i18n.js';
import { checkAsTyped, checker, field, formError, formToggle, isPartialDate, onValidSubmit, showSubmitError } from './form.js';

export function eventSection(path, state, reload) {
  const types = codes('event').filter((c) => c !== 'registered');
  const type = field(t('event.type'), 'select', { name: 'type', required: true },
    [['', t('event.choose')], ...types.map((c) => [c, label('event', c)])]);
  const date = field(t('event.date'), 'input', { name: 'date', inputmode: 'numeric', autocomplete: 'off', hint: t('form.dateHint') });
  const status = field(t('event.status'), 'select', { name: 'status' },
    [['', t('event.choose')], ...codes('status').map((c) => [c, label('status', c)])]);
  const note = field(t('event.note'), 'textarea', { name: 'note', rows: '3' });
  const error = formError();
  const submit = h('button.primary', { type: 'submit' }, t('event.submit'));
  const cancel = h('button', { type: 'button' }, t('common.cancel'));
  const fields = { type, date, status, note };
  const form = h('form.panel', { 'data-draft': 'event', 'aria-labelledby': 'ev-h', novalidate: true },
    h('h2#ev-h', {}, t('event.title')),
    h('p.hint', {}, t('event.current', { status: label('status', state.person.status) })),
    type, date, status, note, error, h('div.buttons', {}, submit, cancel));
  const { button, section, open } = formToggle(form, 'ev-form', t('event.open'), () => type.control.focus());
  cancel.addEventListener('click', () => { form.reset(); validate(false); open(false); button.focus(); });

  const corrected = () => type.control.value === 'status_corrected';
  function validate(all) {
    const check = checker(all);
    status.hidden = !corrected();
    check(type, !type.control.value, t('event.err.type'));
    check(date, !isPartialDate(date.control.value.trim()), t('form.err.date'));
    check(status, corrected() && !status.control.value, t('event.err.status'));
    check(note, corrected() && !note.control.value.trim(), t('event.err.note'));
    return check.ok();
  }
  checkAsTyped(form, validate, ['input', 'change']);
  validate(false);

  onValidSubmit(form, error, validate, async () => {
    const body = { type: type.control.value };
    if (date.control.value.trim()) body.date = date.control.value.trim();
    if (note.control.value.trim()) body.note = note.control.value.trim();
    if (corrected()) body.status = status.control.value;
    submit.disabled = true;
    try {
      const { data } = await api('POST', `${path}/events`, { body });
      form.reset();
      await reload(t('event.added', { type: label('event', data.type), status: label('status', data.status_after) }));
    } catch (err) {
      // an event the transition table refuses from the current status: at the type
      showSubmitError(err, fields, error, err.status === 422 ? { name: 'type', text: t('event.refused', { message: err.message }) } : {});
    } finally {
      submit.disabled = false;
    }
  }, { focus: true });
  return { button, section };
}
