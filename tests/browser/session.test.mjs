// session.test.mjs - the session ending while one types leads back to
// sign-in, and signing in again returns to the same page with what was
// typed; the language switch (Ukrainian by default, English on a click,
// remembered, what was typed kept).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hw, newPage, screenshot, serverAndBrowser, signIn } from './harness.mjs';

describe('session and language', () => {
  const env = serverAndBrowser();

  test('the session expiring leads to sign-in and back, keeping what was typed', async () => {
    const page = await env.signedIn('registrar');
    await page.goto(`${env.srv.base}/#/persons/HW-000002`);
    await page.getByRole('button', { name: 'Додати подію' }).click();
    await page.getByLabel('Подія').selectOption('hospitalised');
    await page.getByLabel('Дата', { exact: true }).fill('2025-02-03');
    await page.getByLabel('Примітка').fill('шпиталь, дані від родини');
    // the session ends meanwhile: a new password ends all the user's sessions
    const fresh = 'a-new-password-for-the-test';
    hw(env.srv.db, ['user', 'passwd', 'registrar1', '--password-stdin'], `${fresh}\n`);
    await page.getByRole('button', { name: 'Додати подію', exact: true }).last().click();
    await page.locator('form.signin').waitFor();
    assert.match(await page.locator('.notice').innerText(), /сеанс завершився/);
    assert.match(await page.locator('.notice').innerText(), /збережено/);
    await screenshot(page, 'session-expired');
    await signIn(page, env.srv.base, 'registrar', { pass: fresh });
    await page.locator('h1').first().waitFor();
    assert.match(page.url(), /#\/persons\/HW-000002$/);
    const note = page.getByLabel('Примітка');
    await note.waitFor();
    assert.equal(await note.inputValue(), 'шпиталь, дані від родини');
    assert.equal(await page.getByLabel('Подія').inputValue(), 'hospitalised');
    assert.equal(await page.getByLabel('Дата', { exact: true }).inputValue(), '2025-02-03');
    await screenshot(page, 'session-restored');
    // and it can be sent now
    await page.getByRole('button', { name: 'Додати подію', exact: true }).last().click();
    await page.locator('.event', { hasText: 'шпиталь, дані від родини' }).waitFor();
    await page.context().close();
  });

  test('Ukrainian by default, English on a click, remembered, the typing kept', async () => {
    const page = await newPage(env.browser, { locale: 'en-GB' });
    await page.goto(`${env.srv.base}/`);
    await page.locator('h1', { hasText: 'Вхід' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'uk');
    await signIn(page, env.srv.base, 'coordinator');
    await page.goto(`${env.srv.base}/#/search`);
    await page.getByLabel('Ім’я', { exact: true }).fill('Kovalenko Oleksandr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('h1', { hasText: 'Registry search' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Kovalenko Oleksandr');
    assert.match(await page.locator('nav.mainnav').innerText(), /Overview/);
    await screenshot(page, 'language-english');
    await page.reload();
    await page.locator('h1', { hasText: 'Registry search' }).waitFor();
    await page.goto(`${env.srv.base}/#/`);
    await page.locator('h1', { hasText: 'Overview' }).waitFor();
    assert.match(await page.locator('.figures').innerText(), /In captivity/);
    await screenshot(page, 'language-english-dashboard');
    await page.getByRole('button', { name: 'Українська' }).click();
    await page.locator('h1', { hasText: 'Огляд' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
