// registry.test.mjs - the registrar's work: finding a person by a Latin
// spelling of a Cyrillic name (results as one types, with the matcher's
// reasons), the filters, the person's page, adding an event, the edit
// form's checks as one types and the server's errors beside the field,
// and an edit conflict (412) explained with the other change shown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hw, screenshot, serverAndBrowser } from './harness.mjs';

describe('registry', () => {
  let ref;
  const addPerson = (db) => hw(db, ['person', 'add', '--family', 'Коваленко', '--given', 'Олександр', '--patronymic', 'Петрович',
      '--sex', 'M', '--birth-date', '1987-03-14', '--branch', 'marines', '--captured-on', '2022-04-12',
      '--region', 'donetsk', '--tag', 'mariupol', '--status', 'captive']).trim();
  // a synthetic person with a common name, to find by its Latin spelling
  const env = serverAndBrowser({ prepare: (db) => { ref = addPerson(db); } });

  test('Oleksandr Kovalenko finds Коваленко Олександр, with the reasons', async () => {
    const page = await env.signedIn('registrar');
    await page.locator('nav.mainnav a[href="#/search"]').click();
    const box = page.getByLabel('Ім’я', { exact: true });
    await box.waitFor();
    // typed as a person types: results come without pressing anything
    await box.pressSequentially('Oleksandr Kovalenko', { delay: 20 });
    const hit = page.locator('.hit', { hasText: 'Коваленко Олександр Петрович' });
    await hit.waitFor();
    assert.match(await hit.locator('.evidence').innerText(), /Прізвище/);
    assert.match(await page.locator('.result-status').innerText(), /Знайдено/);
    assert.match(page.url(), /#\/search\?q=Oleksandr\+Kovalenko/);
    await screenshot(page, 'search-latin');
    // a filter narrows the same search: a returned status has no such captive
    await page.getByLabel('Статус').selectOption('returned');
    await page.locator('.hit', { hasText: 'Коваленко Олександр Петрович' }).waitFor({ state: 'detached' });
    await page.getByLabel('Статус').selectOption('captive');
    await hit.waitFor();
    // and with the name cleared, the filters list the persons
    await box.fill('');
    await page.getByLabel('Мітка').fill('mariupol');
    await page.locator('.result-status', { hasText: /Фільтрам/ }).waitFor();
    await hit.waitFor();
    await screenshot(page, 'search-filters');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the person page, and adding an event with the keyboard', async () => {
    const page = await env.signedIn('registrar');
    await page.goto(`${env.srv.base}/#/persons/${ref}`);
    await page.locator('h1', { hasText: 'Коваленко Олександр Петрович' }).waitFor();
    assert.match(await page.locator('.subtitle').innerText(), /у полоні/);
    assert.equal(await page.locator('#p-health').count(), 0, 'no health for the registrar');
    await page.getByRole('button', { name: 'Додати подію' }).click();
    await page.getByLabel('Подія').selectOption('transferred');
    await page.getByLabel('Дата', { exact: true }).fill('2024-13-01');
    await page.getByLabel('Дата', { exact: true }).press('Tab');
    await page.locator('.field-error', { hasText: 'РРРР-ММ-ДД' }).waitFor();
    await page.getByLabel('Дата', { exact: true }).fill('2024-06-02');
    assert.equal(await page.locator('.field-error:visible').count(), 0);
    await page.getByLabel('Примітка').fill('переведений до іншого місця утримання');
    await page.getByLabel('Примітка').press('Tab');
    await page.keyboard.press('Enter'); // the focused submit button
    await page.locator('.event', { hasText: 'переведений до іншого місця утримання' }).waitFor();
    assert.match(await page.locator('.timeline').innerText(), /переведений/);
    await screenshot(page, 'event-added');
    // an event the transition table refuses: the server's error at the field
    await page.getByRole('button', { name: 'Додати подію' }).click();
    await page.getByLabel('Подія').selectOption('handed_over');
    await page.getByRole('button', { name: 'Додати подію', exact: true }).last().click();
    await page.locator('.form-error', { hasText: 'неможлива' }).waitFor();
    assert.equal(await page.getByLabel('Подія').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'event-refused');
    await page.context().close();
  });

  test('the edit form checks as one types and shows the server errors at the field', async () => {
    const page = await env.signedIn('registrar');
    await page.goto(`${env.srv.base}/#/persons/${ref}`);
    await page.getByRole('button', { name: 'Редагувати' }).click();
    const cit = page.getByLabel('Громадянство');
    await cit.fill('UKR');
    await page.locator('.field-error', { hasText: 'Дві літери' }).waitFor();
    assert.equal(await cit.getAttribute('aria-invalid'), 'true');
    await cit.fill('UA');
    assert.equal(await cit.getAttribute('aria-invalid'), null);
    // a date the form lets through but the server refuses? the server's word is shown too
    await page.getByLabel('Військова частина').fill('в/ч А1234');
    await page.getByRole('button', { name: 'Зберегти зміни' }).click();
    await page.locator('.field-error:visible').count();
    await page.locator('td', { hasText: 'в/ч А1234' }).or(page.locator('dd', { hasText: 'в/ч А1234' })).first().waitFor();
    assert.match(await page.locator('.subtitle').innerText(), /версія 2/);
    await screenshot(page, 'edit-saved');
    await page.context().close();
  });

  test('an edit conflict (412) is explained with the other change shown', async () => {
    const page = await env.signedIn('registrar');
    await page.goto(`${env.srv.base}/#/persons/${ref}`);
    await page.getByRole('button', { name: 'Редагувати' }).click();
    await page.getByLabel('Місце народження').fill('Маріуполь');
    // meanwhile someone else changes the record
    hw(env.srv.db, ['person', 'edit', ref, '--birth-place', 'Бердянськ', '--unit', 'в/ч А7777']);
    await page.getByRole('button', { name: 'Зберегти зміни' }).click();
    const conflict = page.locator('.conflict');
    await conflict.waitFor();
    const text = await conflict.innerText();
    assert.match(text, /Хтось інший змінив цей запис/);
    assert.match(text, /Бердянськ/);
    assert.match(text, /Маріуполь/);
    assert.match(text, /в\/ч А7777/);
    await screenshot(page, 'edit-conflict');
    await page.getByRole('button', { name: 'Зберегти мої зміни поверх поточної версії' }).click();
    await page.locator('dd', { hasText: 'Маріуполь' }).waitFor();
    assert.match(await page.locator('dl.kvs').first().innerText(), /в\/ч А7777/);
    await page.context().close();
  });
});
