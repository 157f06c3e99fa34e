// harness.mjs - what every browser test needs: a fresh database with
// generated persons and exchanges (`homeward demo`) and one user of each
// role, the real server on a free loopback port serving the built web
// interface, Debian's Chromium driven by playwright-core, signing in, a
// screenshot per test (tests/browser/screenshots/, ignored by git), and an
// accessibility check with axe-core.
//
//   HOMEWARD   the homeward binary (default: build/src/cli/homeward)
//   WEB_DIR    the built interface (default: web/dist)
//   CHROMIUM   the browser (default: /usr/bin/chromium)
//   FIREFOX    Firefox for firefox.test.mjs, driven by puppeteer-core through
//              WebDriver BiDi (default: /usr/bin/firefox-esr)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

export const HOMEWARD = resolve(process.env.HOMEWARD || join(root, 'build', 'src', 'cli', 'homeward'));
const WEB_DIR = resolve(process.env.WEB_DIR || join(root, 'web', 'dist'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const SHOTS = join(here, 'screenshots');

export const ROLES = ['admin', 'coordinator', 'registrar', 'verifier', 'medical', 'analyst'];
export const password = (role) => `test-${role}-password-12`;

/** Runs `homeward --db DB ARGS`; returns stdout; throws on failure. */
export function hw(db, args, input) {
  const r = spawnSync(HOMEWARD, ['--db', db, ...args], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`homeward ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Makes the database and starts the server.  Returns {base, db, dir, stop()}.
 * `persons`: registry persons besides those of the demo's exchanges;
 * `prepare(db)` runs before the server starts (the server's name index is
 * built at its start and follows only its own writes).
 */
export async function startServer({ persons = 300, prepare } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-browser-'));
  const db = join(dir, 'test.db');
  hw(db, ['demo', '--persons', String(persons), '--seed', '5']);
  for (const role of ROLES) hw(db, ['user', 'add', `${role}1`, '--role', role, '--password-stdin'], `${password(role)}\n`);
  if (prepare) prepare(db);
  const proc = spawn(HOMEWARD, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2', '--web', WEB_DIR],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the server did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`the server exited (${code}): ${stderr}`)); });
  });
  return {
    base, db, dir,
    stderr: () => stderr,
    async stop() {
      const done = new Promise((ok) => proc.once('exit', ok));
      proc.kill('SIGTERM');
      let timer;
      await Promise.race([done, new Promise((ok) => { timer = setTimeout(ok, 15000); })]);
      clearTimeout(timer);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      // a sanitizer build of the server reports on its stderr
      if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(stderr)) {
        throw new Error(`sanitizer report from the server:\n${stderr.slice(0, 3000)}`);
      }
    },
  };
}

export async function startBrowser() {
  const args = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** Debian's Firefox ESR, a puppeteer-core Browser (its API, not Playwright's). */
export async function startFirefox() {
  const puppeteer = require('puppeteer-core');
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
}

/**
 * For a describe block: starts the server (startServer(opts)) and the
 * browser (opts.launch, default startBrowser) before its tests and stops
 * both after them.  Returns {srv, browser, signedIn(role)}, srv and browser
 * set once the tests start; signedIn gives a new page (newPage) signed in
 * as the user of `role` (Playwright's; not for opts.launch = startFirefox).
 */
export function serverAndBrowser(opts) {
  const env = {
    srv: null,
    browser: null,
    async signedIn(role) {
      const page = await newPage(env.browser);
      await signIn(page, env.srv.base, role);
      return page;
    },
  };
  before(async () => {
    env.srv = await startServer(opts);
    env.browser = await (opts?.launch || startBrowser)();
  });
  after(async () => {
    await env.browser?.close();
    await env.srv?.stop();
  });
  return env;
}

/**
 * A page on a laptop-sized screen; it records the console's errors and the
 * page's exceptions (CSP violations appear there), in page.problems.
 */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: opts.locale || 'uk-UA', ...opts.context });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[1349]/.test(m.text())) page.problems.push(m.text()); });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  return page;
}

/** Signs in as the user of `role` from the sign-in page. */
export async function signIn(page, base, role, { pass } = {}) {
  if (!page.url().includes('#/signin')) await page.goto(`${base}/#/signin`);
  await page.locator('form.signin').waitFor();
  await page.locator('input[name="user"]').fill(`${role}1`);
  await page.locator('input[name="password"]').fill(pass || password(role));
  await page.locator('input[name="password"]').press('Enter');
  await page.locator('button.signout').waitFor();
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical accessibility violations of the page (axe-core). */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
