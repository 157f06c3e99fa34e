// exchange.test.mjs - an exchange from list to report: the coordinator
// uploads the other side's list, a verifier decides every entry with the
// keyboard (each entry beside its candidates, the next one at once), the
// coordinator completes the stage after the reconciliation, the report of
// the stage changes and the person's page lists the stage; administration
// for the admin.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { hw, screenshot, serverAndBrowser } from './harness.mjs';

/** Three of our people in captivity whose name and birth date are unique in the registry. */
function pickCaptives(db) {
  const rows = hw(db, ['export', 'persons', '--format', 'csv']).trim().split('\n').slice(1).map((l) => l.split(','));
  const key = (f) => `${f[1]} ${f[2]} ${f[3]}`;
  const seen = new Map();
  for (const f of rows) seen.set(key(f), (seen.get(key(f)) || 0) + 1);
  return rows.filter((f) => f[13] === 'captive' && f[14] === 'adversary' && f[5].length === 10 && seen.get(key(f)) === 1).slice(0, 3);
}

describe('exchange', () => {
  let xref;
  let csv;
  let people;
  const env = serverAndBrowser({
    prepare: (db) => {
      xref = hw(db, ['exchange', 'create', 'Test exchange', '--agreed', '2026-11-01', '--quota-in', '3', '--quota-out', '0']).split('\t')[0];
      hw(db, ['exchange', 'stage', 'add', 'Test exchange', '--date', '2026-11-20', '--planned-in', '3', '--planned-out', '0']);
      people = pickCaptives(db);
    },
  });
  before(() => {
    assert.equal(people.length, 3);
    // their list: our three people as they wrote them, and one nobody knows
    csv = ['line,family_name,given_name,patronymic,birth_date',
      ...people.map((f, i) => `${i + 1},${f[1]},${f[2]},${f[3]},${f[5]}`),
      '4,Неіснуючий,Вигаданий,Тестович,1950-01-01'].join('\n');
  });

  test('the coordinator uploads the other side’s list', async () => {
    const page = await env.signedIn('coordinator');
    await page.locator('nav.mainnav a[href="#/exchanges"]').click();
    await page.getByRole('link', { name: 'Test exchange' }).click();
    await page.locator('h1', { hasText: 'Test exchange' }).waitFor();
    await page.getByRole('link', { name: `${xref}/1` }).click();
    await page.getByLabel('Список (CSV)').setInputFiles({ name: 'their-list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Завантажити і зіставити' }).click();
    await page.locator('#announcer', { hasText: 'Список внесено: 4' }).waitFor();
    await page.locator('.reconcile', { hasText: 'Не готово' }).waitFor();
    await screenshot(page, 'exchange-uploaded');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a verifier decides every entry with the keyboard', async () => {
    const page = await env.signedIn('verifier');
    await page.goto(`${env.srv.base}/#/exchanges/${xref}/stages/1`);
    const queue = page.locator('.queue');
    const status = page.locator('.queue-status');
    await status.filter({ hasText: 'Запис 1 з 4' }).waitFor();
    await page.locator('table.compare').first().waitFor();
    await screenshot(page, 'verify-queue');
    await queue.focus();
    for (let left = 4; left > 0; left--) {
      const text = await status.innerText();
      const written = await page.locator('.written-line').innerText();
      if (/Неіснуючий/.test(written)) {
        await page.keyboard.press('r');
      } else {
        assert.ok(await page.locator('table.compare').count(), `candidates beside: ${text}`);
        await page.keyboard.press('c');
      }
      if (left > 1) await status.filter({ hasText: `з ${left - 1}` }).waitFor();
    }
    await status.filter({ hasText: 'Перевіряти більше нічого' }).waitFor();
    const counts = await page.locator('#st-counts').innerText();
    assert.match(counts, /підтверджено: 3/);
    assert.match(counts, /відхилено: 1/);
    assert.equal(await page.getByRole('button', { name: 'Завершити етап' }).count(), 0, 'the verifier does not complete');
    await screenshot(page, 'verify-done');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the coordinator completes the stage after the reconciliation, and the report changes', async () => {
    const page = await env.signedIn('coordinator');
    await page.goto(`${env.srv.base}/#/reports?stage=${encodeURIComponent(`${xref}/1`)}`);
    await page.locator('.report .figure').first().waitFor();
    const before = await page.locator('.report .figure').first().innerText();
    assert.match(before, /\b0\b/);
    await page.goto(`${env.srv.base}/#/exchanges/${xref}/stages/1`);
    const rec = page.locator('.reconcile');
    await rec.locator('dl').waitFor();
    assert.match(await rec.innerText(), /Звірка/);
    if (/Не готово/.test(await rec.innerText())) {
      await page.getByLabel('Завершити, хоча щось не сходиться').check();
      await page.getByLabel('Чому (записується з етапом)').fill('рядок 4 не наш: відхилено верифікатором');
    }
    await screenshot(page, 'complete-reconciliation');
    await page.getByRole('button', { name: 'Завершити етап' }).click();
    await page.locator('.subtitle', { hasText: 'завершено' }).waitFor();
    await page.getByRole('link', { name: 'Звіт за цим етапом' }).click();
    await page.locator('.report .figure').first().waitFor();
    assert.match(await page.locator('.report .figure').first().innerText(), /\b3\b/);
    assert.match(await page.locator('#report-summary').innerText(), /3/);
    const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    const got = await page.evaluate(async (u) => (await fetch(u)).text(), csvHref);
    assert.match(got, /^section,key,label,count/m);
    await page.locator('.bars').first().waitFor();
    await screenshot(page, 'report-after');
    // the dashboard counts them home too
    await page.goto(`${env.srv.base}/#/`);
    await page.locator('.figures').waitFor();
    await screenshot(page, 'dashboard-after');
    // the person page lists the stage the person came home with, a link to it
    await page.goto(`${env.srv.base}/#/persons/${people[0][0].split(';')[0]}`);
    const lists = page.locator('section[aria-labelledby="p-lists"]');
    await lists.locator('table.person-lists tbody tr').first().waitFor();
    assert.match(await lists.innerText(), /підтверджено/);
    assert.match(await lists.innerText(), /Test exchange/);
    assert.match(await page.locator('.timeline').innerText(), new RegExp(`${xref}/1`));
    await screenshot(page, 'person-lists');
    await lists.getByRole('link', { name: `${xref}/1` }).click();
    await page.locator('.subtitle', { hasText: 'завершено' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the coordinator proposes names for the next list', async () => {
    const page = await env.signedIn('coordinator');
    await page.goto(`${env.srv.base}/#/exchanges/EX-000004`);
    await page.getByRole('button', { name: 'Запропонувати' }).click();
    await page.locator('.proposal table tbody tr').first().waitFor();
    await screenshot(page, 'proposal');
    await page.context().close();
  });

  test('the admin manages users and checks the audit chain', async () => {
    const page = await env.signedIn('admin');
    await page.locator('nav.mainnav a[href="#/admin"]').click();
    await page.locator('td', { hasText: 'верифікатор' }).first().waitFor();
    await page.getByLabel('Ім’я користувача').fill('newclerk');
    await page.getByLabel('Роль').selectOption('registrar');
    await page.getByRole('button', { name: 'Додати користувача' }).click();
    await page.locator('.once code.password').waitFor();
    assert.ok((await page.locator('.once code.password').innerText()).length >= 12);
    await page.getByRole('button', { name: 'Перевірити ланцюжок' }).click();
    await page.locator('.verdict', { hasText: 'цілий' }).waitFor();
    await page.getByLabel('Дія').fill('user.*');
    await page.getByRole('button', { name: 'Показати', exact: true }).click();
    await page.locator('td code', { hasText: 'user.add' }).first().waitFor();
    await screenshot(page, 'admin');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
