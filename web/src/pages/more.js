// more.js - the pages of the second milestone (exchanges, reports,
// administration): their routes, and the links other pages make to them.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as admin from './admin.js';
import * as exchange from './exchange.js';
import * as exchanges from './exchanges.js';
import * as reports from './reports.js';
import * as stage from './stage.js';

export const extraRoutes = [
  { path: /^\/exchanges$/, page: exchanges, perm: 'exchange.read', nav: 'nav.exchanges', href: '#/exchanges' },
  { path: /^\/exchanges\/([^/]+)$/, page: exchange, perm: 'exchange.read', keys: ['exchange'], navOf: '#/exchanges' },
  { path: /^\/exchanges\/([^/]+)\/stages\/(\d+)$/, page: stage, perm: 'exchange.read', keys: ['exchange', 'stage'], navOf: '#/exchanges' },
  { path: /^\/reports$/, page: reports, perm: 'report.read', nav: 'nav.reports', href: '#/reports' },
  { path: /^\/admin$/, page: admin, perm: 'user.admin', nav: 'nav.admin', href: '#/admin' },
];

/** The name of exchange `ref`, a link to its page. */
export function exchangeLink(ref, name) {
  return h('a.exchange-name', { href: `#/exchanges/${encodeURIComponent(ref)}` }, name);
}

/** A stage by its reference ("EX-000052/2"), a link to its page. */
export function stageRefLink(ref) {
  const m = /^(EX-\d+)\/(\d+)$/.exec(ref || '');
  if (!m) return h('span', {}, ref || '');
  return h('a', { href: `#/exchanges/${m[1]}/stages/${m[2]}` }, ref);
}

/** A stage by its id (as events carry it): no route gives its reference. */
export function stageLink(id) {
  return h('span.stage', {}, t('person.stageNo', { id }));
}
