// roles.test.mjs - signing in as each role shows what that role may do and
// nothing else: the navigation follows the permissions of GET /api/v1/me;
// a verifier cannot reach administration even by its address; the analyst
// sees figures and never a person's name; a wrong password is refused;
// signing out ends the session.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hw, newPage, ROLES, screenshot, serverAndBrowser } from './harness.mjs';

// the navigation each role sees, from its permissions
const ALL = ['#/', '#/search', '#/exchanges', '#/reports'];
const NAV = {
  admin: [...ALL, '#/admin'],
  coordinator: ALL,
  registrar: ALL,
  verifier: ALL,
  medical: ALL,
  analyst: ['#/', '#/exchanges', '#/reports'],
};

describe('roles', () => {
  const env = serverAndBrowser();

  for (const role of ROLES) {
    test(`sign in as ${role}`, async () => {
      const page = await env.signedIn(role);
      await page.locator('.figures').waitFor();
      assert.equal(await page.locator('.who .user').textContent(), `${role}1`);
      const hrefs = await page.locator('nav.mainnav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, NAV[role], `the navigation of ${role}`);
      await screenshot(page, `role-${role}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  test('a wrong password is refused and the form says so', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.srv.base}/#/signin`);
    await page.locator('input[name="user"]').fill('registrar1');
    await page.locator('input[name="password"]').fill('not-the-password-at-all');
    await page.locator('button[type="submit"]').click();
    await page.locator('.form-error', { hasText: 'Неправильне ім’я користувача або пароль' }).waitFor();
    assert.equal(await page.locator('button.signout').count(), 0);
    await screenshot(page, 'signin-refused');
    await page.context().close();
  });

  test('a verifier cannot reach administration, even by its address', async () => {
    const page = await env.signedIn('verifier');
    assert.equal(await page.locator('nav.mainnav a[href="#/admin"]').count(), 0);
    const calls = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/')) calls.push(r.url()); });
    await page.goto(`${env.srv.base}/#/admin`);
    await page.locator('h1', { hasText: 'Немає доступу' }).waitFor();
    assert.deepEqual(calls.filter((u) => /users|audit/.test(u)), [], 'no administrative request was made');
    await screenshot(page, 'verifier-no-admin');
    await page.context().close();
  });

  test('the analyst sees figures and no name of any person', async () => {
    const csv = hw(env.srv.db, ['export', 'persons', '--format', 'csv']).trim().split('\n').slice(1);
    const names = csv.map((line) => line.split(',')).map((f) => `${f[1]} ${f[2]}`);
    assert.ok(names.length > 100);
    const page = await env.signedIn('analyst');
    await page.locator('.figures').waitFor();
    const seen = [];
    const open = ['#/', '#/exchanges', '#/exchanges/EX-000004', '#/exchanges/EX-000004/stages/1', '#/reports?exchange=EX-000003'];
    const closed = ['#/search?q=Kovalenko', '#/persons/HW-000001', '#/admin'];
    for (const hash of [...open, ...closed]) {
      await page.goto(`${env.srv.base}/${hash}`);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const text = await page.locator('body').innerText();
      for (const n of names) if (text.includes(n)) seen.push(`${hash}: ${n}`);
      if (closed.includes(hash)) assert.match(text, /Немає доступу/, hash);
      else assert.doesNotMatch(text, /Немає доступу/, hash);
    }
    assert.deepEqual(seen, [], 'names shown to the analyst');
    await page.goto(`${env.srv.base}/#/`);
    await page.locator('.figures').waitFor();
    await screenshot(page, 'analyst-dashboard');
    await page.context().close();
  });

  test('signing out ends the session', async () => {
    const page = await env.signedIn('coordinator');
    await page.locator('button.signout').click();
    await page.locator('form.signin').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(me, 401);
    await page.goto(`${env.srv.base}/#/search`);
    await page.locator('form.signin').waitFor();
    await screenshot(page, 'signed-out');
    await page.context().close();
  });
});
