// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core, against
// the server that `cargo xtask test` started (SCHRIEB_URL).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = process.env.SCHRIEB_URL ?? 'http://127.0.0.1:3000';
export const GERMAN = 'pergola-lizenzwechsel';

// Chromium as root in a closed network: no sandbox, no background traffic.
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** A fresh browser; close it in `after`. `options` go to Playwright (`javaScriptEnabled: false`). */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'schrieb-e2e-'));
  process.once('exit', () => rmSync(profile, { recursive: true, force: true }));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    locale: 'de-DE',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

/** A page that records console errors and failed page scripts into `errors`. */
export async function open(context, path, errors = []) {
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(BASE + path);
  return page;
}

/** JSON from the API, for finding ids the way an outside client would. */
export async function api(path, base = BASE) {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** The loaded comments (not skeletons). */
export const comments = (page) => page.locator('ol.comment-list:not(.comment-list--loading) > li.comment');

/** The newest confirmation link mailed to `email`, read from the server's outbox. */
export function mailedConfirmLink(email) {
  const output = execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
    ['outbox', '--db', process.env.SCHRIEB_DB, '--to', email], { encoding: 'utf8' });
  const links = [...output.matchAll(/https?:\/\/\S+\/confirm#token=[\w-]+/g)].map((m) => m[0]);
  if (links.length === 0) throw new Error(`no confirmation mail to ${email}:\n${output}`);
  return new URL(links.at(-1));
}

/** A confirmed account made with the server's command line (`user add`), for a second person. */
export function addUser(name, email, password, db = process.env.SCHRIEB_DB) {
  execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
    ['user', 'add', '--db', db, name, email], { env: { ...process.env, SCHRIEB_PASSWORD: password } });
}

/** Logs `page` in through the login form and waits until it is back at `next` (on `base`). */
export async function logIn(page, email, password, next, base = BASE) {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(base + next);
  await page.locator('.user-menu__name').waitFor();
}

/**
 * A server of its own (a fresh demo database, the built app) for a test that stops it:
 * `{ url, db, stop() }`. `addr`, `db` and `dist` start it again where an earlier one stood,
 * with the same data, maybe with another build of the app.
 */
export async function startOwnServer({ addr = '127.0.0.1:0', db: reused, dist = join(process.cwd(), 'dist') } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'schrieb-own-'));
  const db = reused ?? join(dir, 'schrieb.db');
  const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';
  const child = spawn(binary, ['serve', '--demo', '--addr', addr, '--dist', dist, '--db', db],
    { env: { ...process.env, RUST_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const found = seen.match(/schrieb is listening on (\S+)/);
      if (found) resolve(found[1].replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`schrieb-server exited (${code}) before listening`)));
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill();
  });
  process.once('exit', () => { child.kill(); rmSync(dir, { recursive: true, force: true }); });
  return { url, db, stop };
}

/**
 * A host page server on another origin than schrieb (`http://localhost:<port>`, while schrieb
 * is at 127.0.0.1): `pages` maps paths to HTML. `{ origin, close() }`.
 */
export async function startHostSite(pages) {
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    const page = pages[new URL(request.url, 'http://host').pathname];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Registers a site with its origins through the server's command line (`site add`). */
export function addSite(name, origins, { guests = false } = {}) {
  const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';
  execFileSync(binary, ['site', 'add', name, ...origins.flatMap((origin) => ['--origin', origin]), '--db', process.env.SCHRIEB_DB]);
  if (guests) execFileSync(binary, ['site', 'guests', name, 'on', '--db', process.env.SCHRIEB_DB]);
}

/**
 * Makes the service worker's storage refuse, as a full disk or a private window does: opening
 * IndexedDB fails (asynchronously, with a QuotaExceededError) until the function it returns is
 * called. `worker` is Playwright's handle (`context.serviceWorkers()`).
 */
export async function failWorkerStorage(worker) {
  await worker.evaluate(() => {
    self.e2eKeptOpen = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function () {
      const request = { error: new DOMException('e2e: the storage is full', 'QuotaExceededError') };
      setTimeout(() => request.onerror?.(), 0);
      return request;
    };
  });
  return () => worker.evaluate(() => { IDBFactory.prototype.open = self.e2eKeptOpen; });
}
