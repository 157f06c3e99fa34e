// main.js - the application: the frame of every page (banner, navigation,
// language, sign-out), hash routing (#/search, #/persons/HW-000042: the
// server serves only "/", so every page is a hash route), the permission
// each page needs, and keeping what was typed when the session ends or the
// language changes.
import { onSessionEnd } from './api.js';
import { h, replace, announce } from './dom.js';
import { captureDrafts, restoreDrafts, saveDraftsForSignIn, takeSavedDrafts } from './drafts.js';
import { currentLang, languages, onLangChange, setLang, t } from './i18n.js';
import { can, forget, loadSession, session, signOut } from './session.js';
import * as dashboard from './pages/dashboard.js';
import * as forbidden from './pages/forbidden.js';
import * as person from './pages/person.js';
import * as search from './pages/search.js';
import * as signin from './pages/signin.js';
import { extraRoutes } from './pages/more.js';

/** The pages: path pattern, page module, permission needed, navigation entry. */
const routes = [
  { path: /^\/$/, page: dashboard, perm: 'report.read', nav: 'nav.dashboard', href: '#/' },
  { path: /^\/search$/, page: search, perm: 'name.search', nav: 'nav.search', href: '#/search' },
  { path: /^\/persons\/([^/]+)$/, page: person, perm: 'person.read', keys: ['ref'] },
  ...extraRoutes,
  { path: /^\/signin$/, page: signin, public: true },
];

const app = document.getElementById('app');
let mainEl = null;
let generation = 0;
let cleanup = null;

/** The path and query of the hash: "#/search?q=x" -> ["/search", URLSearchParams]. */
function location_() {
  const hash = window.location.hash || '#/';
  const raw = hash.startsWith('#/') ? hash.slice(1) : '/';
  const at = raw.indexOf('?');
  return at < 0 ? { path: raw, query: new URLSearchParams() }
    : { path: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)) };
}

export function navigate(hash) {
  if (window.location.hash === hash) render();
  else window.location.hash = hash;
}

function find(path) {
  for (const r of routes) {
    const m = r.path.exec(path);
    if (m) {
      const params = {};
      (r.keys || []).forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      return { route: r, params };
    }
  }
  return null;
}

function langSwitch() {
  return h('div.lang', { role: 'group', 'aria-label': t('lang.choose') },
    languages.map((l) => h('button.lang-btn', {
      type: 'button', lang: l, 'aria-pressed': String(l === currentLang()),
      onclick: () => setLang(l),
    }, t(`lang.${l}`))));
}

function banner(path) {
  const s = session();
  const items = s ? routes.filter((r) => r.nav && (!r.perm || can(r.perm))) : [];
  return h('header.banner', {},
    h('a.brand', { href: s ? '#/' : '#/signin' }, h('span.brand-mark', { 'aria-hidden': 'true' }, '◆'), ' Homeward'),
    items.length ? h('nav.mainnav', { 'aria-label': t('nav.label') }, h('ul', {},
      items.map((r) => h('li', {}, h('a', {
        href: r.href,
        'aria-current': r.path.test(path) || (find(path)?.route.navOf === r.href) ? 'page' : false,
      }, t(r.nav)))))) : null,
    h('div.userbox', {},
      s ? h('span.who', {}, h('span.user', {}, s.user), ' · ', h('span.role', {}, t(`role.${s.role}`))) : null,
      langSwitch(),
      s ? h('button.signout', { type: 'button', onclick: doSignOut }, t('nav.signout')) : null));
}

async function doSignOut() {
  try {
    await signOut();
  } catch {
    /* the session is gone either way */
  }
  navigate('#/signin');
  announce(t('signin.signedOut'));
}

function frame(path) {
  mainEl = h('main#main', { tabindex: '-1' });
  replace(app, banner(path), mainEl, h('footer.footer', {}, t('footer.note')));
}

/** Renders the page of the current hash. */
async function render(opts = {}) {
  const gen = ++generation;
  const { path, query } = location_();
  if (cleanup) { cleanup(); cleanup = null; }
  if (!session() && path !== '/signin') {
    if (path !== '/') sessionStorage.setItem('homeward.return', window.location.hash);
    window.location.replace('#/signin');
    return;
  }
  const hit = find(path);
  frame(path);
  const route = hit ? hit.route : null;
  let page = route ? route.page : forbidden;
  let params = hit ? hit.params : {};
  if (route && !route.public && route.perm && !can(route.perm)) {
    page = forbidden;
    params = { reason: 'forbidden' };
  } else if (!route) {
    params = { reason: 'notfound' };
  }
  document.title = 'Homeward';
  const ctx = {
    params, query, navigate, gen,
    stale: () => gen !== generation,
    setTitle: (title) => { document.title = `${title} — Homeward`; },
  };
  try {
    cleanup = (await page.render(mainEl, ctx)) || null;
  } catch (e) {
    if (gen !== generation || e.status === 401) return;
    replace(mainEl, h('h1', {}, t('error.title')), h('p.error', { role: 'alert' }, e.message));
  }
  if (gen !== generation) return;
  const drafts = opts.drafts || takeSavedDrafts(window.location.hash);
  if (drafts) restoreDrafts(mainEl, drafts);
  if (!opts.keepFocus) {
    const heading = mainEl.querySelector('h1');
    (heading || mainEl).setAttribute('tabindex', '-1');
    (heading || mainEl).focus({ preventScroll: false });
  }
}

onSessionEnd(() => {
  if (!session()) return;
  saveDraftsForSignIn(window.location.hash, captureDrafts(mainEl));
  sessionStorage.setItem('homeward.return', window.location.hash);
  sessionStorage.setItem('homeward.expired', '1');
  forget();
  navigate('#/signin');
});

onLangChange(() => {
  const drafts = mainEl ? captureDrafts(mainEl) : null;
  const focusedLang = document.activeElement && document.activeElement.getAttribute('lang');
  render({ drafts, keepFocus: true }).then(() => {
    const btn = focusedLang && app.querySelector(`.lang-btn[lang="${focusedLang}"]`);
    if (btn) btn.focus();
    announce(t('lang.changed'));
  });
});

document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  const target = (mainEl && mainEl.querySelector('h1')) || mainEl;
  if (target) { target.setAttribute('tabindex', '-1'); target.focus(); }
});

window.addEventListener('hashchange', () => render());

async function start() {
  document.documentElement.lang = currentLang();
  document.getElementById('skip-link').textContent = t('nav.skip');
  onLangChange(() => { document.getElementById('skip-link').textContent = t('nav.skip'); });
  try {
    await loadSession();
  } catch {
    /* the server is down: sign-in says so when tried */
  }
  await render({ keepFocus: true });
}

start();
