// signin.js - signing in (POST /api/v1/login, then GET /api/v1/me).  After
// the session ended, it says so, and signing in returns to the page that
// was open, with what was typed there (drafts.js).
import { h, replace } from '../dom.js';
import { hasSavedDrafts } from '../drafts.js';
import { t } from '../i18n.js';
import { session, signIn } from '../session.js';
import { errorMessage, field, formError } from './form.js';

export async function render(main, ctx) {
  if (session()) {
    ctx.navigate('#/');
    return null;
  }
  ctx.setTitle(t('signin.title'));
  const expired = sessionStorage.getItem('homeward.expired') === '1';
  const user = field(t('signin.user'), 'input', { name: 'user', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = field(t('signin.password'), 'input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = formError();
  const submit = h('button.primary', { type: 'submit' }, t('signin.submit'));
  const form = h('form.signin', { 'aria-labelledby': 'signin-h', novalidate: true }, user, password, error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!user.control.value.trim() || !password.control.value) {
      error.textContent = t('signin.missing');
      (user.control.value.trim() ? password : user).control.focus();
      return;
    }
    submit.disabled = true;
    try {
      await signIn(user.control.value.trim(), password.control.value);
      password.control.value = '';
      sessionStorage.removeItem('homeward.expired');
      const back = sessionStorage.getItem('homeward.return');
      sessionStorage.removeItem('homeward.return');
      ctx.navigate(back && back !== '#/signin' ? back : '#/');
    } catch (err) {
      error.textContent = err.status === 401 ? t('signin.failed') : errorMessage(err);
      password.control.value = '';
      password.control.focus();
    } finally {
      submit.disabled = false;
    }
  });
  replace(main,
    h('section.signin-page', {},
      h('h1#signin-h', {}, t('signin.title')),
      h('p.lead', {}, t('signin.lead')),
      expired ? h('p.notice', { role: 'status' }, t('signin.expired'),
        hasSavedDrafts() ? ` ${t('signin.draftKept')}` : '') : null,
      form));
  return null;
}
