// a11y.test.mjs - every page passes axe-core without a serious or critical
// violation (WCAG 2.1 A and AA and best practice), in both languages and
// with its forms open; the whole path from sign-in to a person's page
// works with the keyboard alone; and no page breaks the
// Content-Security-Policy or throws.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, hw, newPage, screenshot, serverAndBrowser } from './harness.mjs';

describe('accessibility', () => {
  const env = serverAndBrowser();

  async function check(page, name) {
    const v = await axeViolations(page);
    await screenshot(page, `a11y-${name}`);
    assert.deepEqual(v, [], `${name}: ${v.join('\n')}`);
    assert.deepEqual(page.problems, [], `${name}: console errors`);
  }

  test('sign-in', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.srv.base}/`);
    await page.locator('form.signin').waitFor();
    await check(page, 'signin');
    await page.locator('button[type="submit"]').click();
    await page.locator('.form-error:not(:empty)').waitFor();
    await check(page, 'signin-error');
    await page.context().close();
  });

  test('the pages of the registrar, in both languages', async () => {
    const page = await env.signedIn('registrar');
    await page.locator('.figures').waitFor();
    await page.locator('.chart-box canvas').waitFor();
    await check(page, 'dashboard');
    await page.goto(`${env.srv.base}/#/search?q=${encodeURIComponent('Kovalenko Oleksandr')}&status=captive`);
    await page.locator('.result-status:not(:empty)').waitFor();
    await page.waitForTimeout(400);
    await check(page, 'search');
    await page.goto(`${env.srv.base}/#/persons/HW-000003`);
    await page.locator('.timeline, .empty').first().waitFor();
    await page.getByRole('button', { name: 'Додати подію' }).click();
    await page.getByRole('button', { name: 'Редагувати' }).click();
    await page.getByLabel('Громадянство').fill('X');
    await check(page, 'person-forms');
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#p-hist', { hasText: 'History' }).waitFor();
    await check(page, 'person-english');
    await page.goto(`${env.srv.base}/#/nowhere`);
    await page.locator('h1', { hasText: 'Page not found' }).waitFor();
    await check(page, 'notfound');
    await page.context().close();
  });

  test('the person page with health, for the medical role', async () => {
    const page = await env.signedIn('medical');
    await page.goto(`${env.srv.base}/#/persons/HW-000004`);
    await page.locator('#p-health').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Редагувати' }).count(), 0, 'medical does not edit persons');
    assert.equal(await page.getByRole('button', { name: 'Додати подію' }).count(), 0, 'medical adds no events');
    await page.getByRole('button', { name: 'Внести стан здоров’я' }).click();
    await page.getByLabel('поранений').check();
    await page.getByLabel('Особа для повідомлення', { exact: true }).fill('дружина, тел. 000 000 00 00');
    await check(page, 'person-medical');
    await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
    await page.locator('#p-health ~ dl', { hasText: 'поранений' }).waitFor();
    assert.match(await page.locator('.subtitle').innerText(), /версія/);
    await page.context().close();
  });

  test('the pages of the exchange ledger, reports and administration', async () => {
    const pages = [
      ['coordinator', '#/exchanges', 'table.data', 'exchanges'],
      ['coordinator', '#/exchanges/EX-000004', '.proposal', 'exchange'],
      ['coordinator', '#/exchanges/EX-000004/stages/1', '.reconcile dl', 'stage-coordinator'],
      ['verifier', '#/exchanges/EX-000004/stages/1', 'table.compare', 'stage-verifier'],
      ['analyst', '#/exchanges/EX-000004/stages/1', '#st-counts', 'stage-analyst'],
      ['analyst', '#/reports?exchange=EX-000003', '.bars', 'reports'],
      ['admin', '#/admin', '.verdict', 'admin'],
    ];
    for (const [role, hash, ready, name] of pages) {
      const page = await env.signedIn(role);
      await page.goto(`${env.srv.base}/${hash}`);
      await page.locator(ready).first().waitFor({ state: 'attached' });
      await page.waitForTimeout(300);
      await check(page, name);
      if (name === 'reports') {
        await page.getByRole('button', { name: 'English' }).click();
        await page.locator('h1', { hasText: 'Reports' }).waitFor();
        await page.locator('.bars').first().waitFor();
        await check(page, 'reports-english');
      }
      await page.context().close();
    }
  });

  test('from sign-in to a person with the keyboard alone', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.srv.base}/`);
    await page.locator('form.signin').waitFor();
    const tabTo = async (predicate, max = 30) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(predicate)) return;
      }
      assert.fail(`not reached with Tab: ${predicate}`);
    };
    await tabTo(() => document.activeElement.name === 'user');
    await page.keyboard.type('verifier1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('test-verifier-password-12');
    await page.keyboard.press('Enter');
    await page.locator('.figures').waitFor();
    await tabTo(() => document.activeElement.getAttribute('href') === '#/search');
    await page.keyboard.press('Enter');
    await page.locator('input[name="q"]').waitFor();
    await tabTo(() => document.activeElement.name === 'q');
    const someone = JSON.parse(hw(env.srv.db, ['person', 'show', 'HW-000001', '--format', 'json']));
    await page.keyboard.type(`${someone.family_name} ${someone.given_name}`);
    await page.locator('.hit-name').first().waitFor();
    await tabTo(() => document.activeElement.classList.contains('hit-name'), 60);
    await page.keyboard.press('Enter');
    await page.locator('h2', { hasText: 'Історія' }).waitFor();
    await screenshot(page, 'keyboard-person');
    await page.context().close();
  });
});
