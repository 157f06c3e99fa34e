// firefox.test.mjs - a smoke test in Firefox (Debian's firefox-esr, driven
// by puppeteer-core through WebDriver BiDi; Playwright has no driver for
// it): the registrar signs in, finds Коваленко Олександр Петрович by the
// Latin `Oleksandr Kovalenko`, opens the person's page and switches it to
// English, with no error in the page's console.  The other files test the
// same in depth in Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SHOTS, hw, password, serverAndBrowser, startFirefox } from './harness.mjs';

/** Waits until an element matching `selector` has `text` in its text. */
const waitForText = (page, selector, text) => page.waitForFunction(
  (s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)), { timeout: 15000 }, selector, text);

const shot = async (page, name) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `firefox-${name}.png`), fullPage: true });
};

describe('Firefox', () => {
  let ref;
  const env = serverAndBrowser({
    launch: startFirefox,
    prepare: (db) => {
      ref = hw(db, ['person', 'add', '--family', 'Коваленко', '--given', 'Олександр', '--patronymic', 'Петрович',
        '--sex', 'M', '--birth-date', '1987-03-14', '--captured-on', '2022-04-12', '--status', 'captive']).trim();
    },
  });

  test('sign in, find by a Latin spelling, the person page, English', async () => {
    const context = await env.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1366, height: 768 });
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[1349]/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));

    await page.goto(`${env.srv.base}/#/signin`);
    await page.waitForSelector('form.signin');
    await page.type('input[name="user"]', 'registrar1');
    await page.type('input[name="password"]', password('registrar'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('button.signout');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'uk');

    await page.click('nav.mainnav a[href="#/search"]');
    await page.waitForSelector('input[name="q"]');
    // typed as a person types: results come without pressing anything
    await page.type('input[name="q"]', 'Oleksandr Kovalenko', { delay: 20 });
    await waitForText(page, '.hit .hit-name', 'Коваленко Олександр Петрович');
    assert.match(await page.$eval('.result-status', (e) => e.textContent), /Знайдено/);
    assert.match(page.url(), /#\/search\?q=Oleksandr\+Kovalenko/);
    await shot(page, 'search');

    await page.click(`a.hit-name[href="#/persons/${ref}"]`);
    await waitForText(page, 'h1', 'Коваленко Олександр Петрович');
    assert.match(page.url(), new RegExp(`#/persons/${ref}$`));
    assert.match(await page.$eval('.subtitle', (e) => e.textContent), /у полоні/);
    await shot(page, 'person');

    await page.click('button.lang-btn[lang="en"]');
    await waitForText(page, '#p-hist', 'History');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.$eval('button.lang-btn[lang="en"]', (e) => e.getAttribute('aria-pressed')), 'true');
    await waitForText(page, 'h1', 'Коваленко Олександр Петрович');
    // the forms nobody opened stay closed across the switch (a <select>
    // once counted as typed, and reopened its form)
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('form[data-draft]')]
      .filter((f) => !f.closest('[hidden]')).length), 0);
    await shot(page, 'person-english');

    assert.deepEqual(problems, []);
    await context.close();
  });
});
