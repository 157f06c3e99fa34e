// forbidden.js - the page shown for an address the role may not open, or
// that names no page.  It asks the server nothing.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

export async function render(main, ctx) {
  const notFound = ctx.params.reason === 'notfound';
  ctx.setTitle(t(notFound ? 'notfound.title' : 'forbidden.title'));
  replace(main, h('section.message-page', {},
    h('h1', {}, t(notFound ? 'notfound.title' : 'forbidden.title')),
    h('p', {}, t(notFound ? 'notfound.text' : 'forbidden.text')),
    h('p', {}, h('a', { href: '#/' }, t('forbidden.home')))));
  return null;
}
