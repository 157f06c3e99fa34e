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
