// form.js - labelled fields with their error messages, shared by the
// forms of every page.  A field's error is shown under it, tied to it by
// aria-describedby and aria-invalid; the server's errors
// ({"error": {"field"}}) go to the field they name.
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';

/**
 * A labelled control.  kind: "input" (attrs.type), "select" (options:
 * [[value, label]...]) or "textarea".  Returns the wrapper; the control is
 * wrapper.control and the error element wrapper.error.
 */
export function field(labelText, kind, attrs = {}, options = []) {
  const id = attrs.id || uid('f');
  const errId = `${id}-err`;
  const hintId = attrs.hint ? `${id}-hint` : null;
  const common = { ...attrs, id, hint: null, 'aria-describedby': [hintId, errId].filter(Boolean).join(' ') };
  let control;
  if (kind === 'select') {
    control = h('select', common, options.map(([v, l]) => h('option', { value: v, selected: String(attrs.value ?? '') === v }, l)));
  } else if (kind === 'textarea') {
    control = h('textarea', common);
    if (attrs.value !== undefined) { control.value = attrs.value; control.defaultValue = attrs.value ?? ''; }
  } else {
    control = h('input', { type: 'text', ...common });
    if (attrs.value !== undefined && attrs.value !== null) control.defaultValue = String(attrs.value);
  }
  const error = h('p.field-error', { id: errId });
  const wrap = h('div.field', {},
    h('label', { for: id }, labelText, attrs.required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null),
    attrs.hint ? h('p.hint', { id: hintId }, attrs.hint) : null,
    control, error);
  wrap.control = control;
  wrap.error = error;
  return wrap;
}

/** Shows `message` as the error of field wrapper `wrap` ("" clears it). */
export function setFieldError(wrap, message) {
  wrap.error.textContent = message || '';
  if (message) wrap.control.setAttribute('aria-invalid', 'true');
  else wrap.control.removeAttribute('aria-invalid');
}

/** The form's error box: role=alert, so a failed submit is heard. */
export function formError() {
  return h('div.form-error', { role: 'alert' });
}

/**
 * The checks of a form's validate(all): check(wrap, bad, message) shows
 * `message` under field wrapper `wrap` when `bad` and the field was touched
 * (or `all`: on submit), and clears it otherwise; check.ok() is false once
 * a check was bad, shown or not.
 */
export function checker(all) {
  let ok = true;
  const check = (wrap, bad, message) => {
    setFieldError(wrap, bad && (all || wrap.control.dataset.touched) ? message : '');
    if (bad) ok = false;
  };
  check.ok = () => ok;
  return check;
}

/**
 * Checks `form` as one types: on each of `events`, the field it comes from
 * is marked touched and validate(false) runs, so only touched fields show
 * their errors.
 */
export function checkAsTyped(form, validate, events = ['input']) {
  for (const type of events) {
    form.addEventListener(type, (e) => { if (e.target.name) e.target.dataset.touched = '1'; validate(false); });
  }
}

/**
 * Submits `form` through send() once validate(true) passes.  On submit the
 * error box `box` is cleared; when a field is wrong the box says so (and,
 * with `focus`, the first wrong field gets the focus) and send() is not
 * called.
 */
export function onValidSubmit(form, box, validate, send, { focus = false } = {}) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    box.textContent = '';
    if (!validate(true)) {
      box.textContent = t('form.fix');
      if (focus) form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    send();
  });
}

/**
 * Shows the ApiError of a failed submit: under the field of `fields` it
 * names (`name`: by default the server's field), which gets the focus,
 * and in the form's error box `box` (`text`: by default the same message).
 * A 401 shows nothing: the session ended and api.js handles it.
 */
export function showSubmitError(err, fields, box, { name = errorField(err), text = errorMessage(err) } = {}) {
  if (err.status === 401) return;
  const wrap = fields[name];
  if (wrap) {
    setFieldError(wrap, errorMessage(err));
    wrap.control.focus();
  }
  box.textContent = text;
}

/**
 * A form that opens under a button: the section around `form` (id `id`,
 * hidden until opened) and the button that opens it (`text`; aria-expanded,
 * aria-controls) and then calls focus().  A draft restored into the form
 * opens it too.  Returns {button, section, open(yes)}.
 */
export function formToggle(form, id, text, focus) {
  const section = h('section.form-section', { id, hidden: true }, form);
  const button = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': id }, text);
  const open = (yes) => {
    section.hidden = !yes;
    button.setAttribute('aria-expanded', String(yes));
  };
  button.addEventListener('click', () => { open(true); focus(); });
  form.addEventListener('draft', () => open(true));
  return { button, section, open };
}

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD" that is a real date ("" allowed). */
export function isPartialDate(s) {
  if (!s) return true;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (+y < 1900 || +y > 2100) return false;
  if (mo && (+mo < 1 || +mo > 12)) return false;
  if (d) {
    const dt = new Date(Date.UTC(+y, +mo - 1, +d));
    if (dt.getUTCMonth() !== +mo - 1 || dt.getUTCDate() !== +d) return false;
  }
  return true;
}

/** The field a server error names, reduced to the form's field name
 * ("tags[2]" -> "tags", "lines[3].birth_date" stays). */
export function errorField(err) {
  if (!err || !err.field) return null;
  return err.field.replace(/\[\d+\]$/, '');
}

/** A message for an ApiError the user can act on. */
export function errorMessage(err) {
  if (!err) return '';
  if (err.status === 0) return t('error.network');
  if (err.status === 403) return t('error.forbidden');
  if (err.status === 429) return t('error.throttled', { seconds: Number(err.retryAfter) || 900 });
  if (err.status >= 500) return t('error.server');
  return err.message;
}
