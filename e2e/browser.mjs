// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core, against
// the server that `cargo xtask test` started (SCHRIEB_URL).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = process.env.SCHRIEB_URL ?? 'http://127.0.0.1:3000';
export const GERMAN = 'pergola-lizenzwechsel';
/** Comments a page of a thread holds: the server's `schrieb_api::PER_PAGE` (the README: 20 a page). */
export const PER_PAGE = 20;
/** Unique per test process, so that names and pages made here are new even on a server that has seen a run before. */
export const RUN = Date.now().toString(36);

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

/**
 * A page that records console errors and failed page scripts into `errors`, once the app has
 * taken it over (the server's HTML shows before the app's controls work).
 */
export async function open(context, path, errors = []) {
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(BASE + path);
  await appReady(page);
  return page;
}

/** Waits until the app in `target` (a page or frame) has taken it over: `window.schriebReady`. */
export const appReady = (target) => target.waitForFunction(() => window.schriebReady === true);

/** JSON from the API, for finding ids the way an outside client would. */
export async function api(path, base = BASE) {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/**
 * A write to the API as a page of schrieb itself sends it (its `Origin`, a JSON `body`), logged
 * in with `cookie` if given: the Response.
 */
export function apiWrite(method, path, body, { base = BASE, cookie } = {}) {
  const headers = { 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}) };
  return fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/**
 * Logs in through the API, as another device would: the session cookie (`name=value`). The
 * suite logs in from one address more often than the server's limit allows a minute (20): a
 * refusal is waited out as its `Retry-After` says, as a client should.
 */
export async function apiLogIn(email, password, base = BASE) {
  for (let tries = 0; ; tries += 1) {
    const response = await apiWrite('POST', '/api/v1/auth/login', { email, password }, { base });
    if (response.status === 429 && tries < 3) {
      await waitOut(response.headers.get('retry-after'));
      continue;
    }
    if (response.status !== 200) throw new Error(`logging in ${email}: HTTP ${response.status}`);
    return response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  }
}

/** Waits the seconds of a `Retry-After` header (a second more, for the clock's edges). */
const waitOut = (retryAfter) => new Promise((resolve) => setTimeout(resolve, (Number(retryAfter ?? 5) + 1) * 1000));

/**
 * Posts a comment through the API, as `cookie`'s account or as the guest `guest` (where the site
 * allows guests): the published comment's `{ comment, article_slug, page }`.
 */
export async function apiPost(slug, body, { guest, cookie, base = BASE } = {}) {
  const response = await apiWrite('POST', `/api/v1/articles/${slug}/comments`, { body, guest_name: guest }, { base, cookie });
  if (response.status !== 201) throw new Error(`posting to ${slug}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The thread of a page of a registered site, made on its first view as the widget makes it: the article. */
export async function embedThread(url, title, base = BASE) {
  const response = await apiWrite('POST', '/api/v1/embed/threads', { url, title }, { base });
  if (response.status !== 200) throw new Error(`the thread of ${url}: HTTP ${response.status}`);
  return response.json();
}

/** The loaded comments (not skeletons). */
export const comments = (page) => page.locator('ol.comment-list:not(.comment-list--loading) > li.comment');

/** The newest confirmation link mailed to `email`, read from the server's outbox. */
export function mailedConfirmLink(email) {
  return mailedLink(email, 'confirm');
}

/** The link of the newest mail to `email` that leads to `path` (`confirm`, `password-reset`) with a token. */
export function mailedLink(email, path) {
  const output = execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
    ['outbox', '--db', process.env.SCHRIEB_DB, '--to', email], { encoding: 'utf8' });
  const pattern = new RegExp(`https?://\\S+/${path}#token=[\\w-]+`, 'g');
  const links = [...output.matchAll(pattern)].map((m) => m[0]);
  if (links.length === 0) throw new Error(`no mail with a ${path} link to ${email}:\n${output}`);
  return new URL(links.at(-1));
}

/**
 * The unsubscribe link (`/unsubscribe?token=…`) of the newest notification mail to `email`,
 * waiting for one to be sent: the server mails a notification seconds after it (the e2e server
 * runs with `SCHRIEB_MAIL_DELAY_SECONDS=1`) in its next sending round.
 */
export async function mailedUnsubscribeLink(email, { timeout = 30000 } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    const output = execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
      ['outbox', '--db', process.env.SCHRIEB_DB, '--to', email], { encoding: 'utf8' });
    const links = [...output.matchAll(/https?:\/\/\S+\/unsubscribe\?token=[\w%-]+/g)].map((m) => m[0]);
    if (links.length > 0) return new URL(links.at(-1));
    if (Date.now() > until) throw new Error(`no mail with an unsubscribe link to ${email} within ${timeout} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * A confirmed account made with the server's command line (`user add`), for a second person;
 * `flags` go to the command (`--admin`).
 */
export function addUser(name, email, password, db = process.env.SCHRIEB_DB, flags = []) {
  execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
    ['user', 'add', ...flags, '--db', db, name, email], { env: { ...process.env, SCHRIEB_PASSWORD: password } });
}

let accounts = 0;
/**
 * A confirmed account of its own for one test (`addUser`), named after `label` and new on every
 * call: `{ name, email, password }`. `db` is another server's database than the shared one;
 * `admin` makes it an admin's. Posting is limited per account (5 a minute): a test that posts
 * writes under its own.
 */
export function newAccount(label, db = process.env.SCHRIEB_DB, { admin = false } = {}) {
  accounts += 1;
  const local = label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-');
  const who = {
    name: `${label} ${RUN} ${accounts}`,
    email: `${local}-${RUN}-${accounts}@example.org`,
    password: 'ein-gutes-passwort',
  };
  addUser(who.name, who.email, who.password, db, admin ? ['--admin'] : []);
  return who;
}

/** Logs `page` in through the login form and waits until it is back at `next` (on `base`). */
export async function logIn(page, email, password, next, base = BASE) {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  for (let tries = 0; ; tries += 1) {
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const response = await answer;
    // Too many logins from this address this minute (see `apiLogIn`): waited out, sent again.
    if (response.status() === 429 && tries < 3) {
      await waitOut(response.headers()['retry-after']);
      continue;
    }
    break;
  }
  await page.waitForURL(base + next);
  await page.locator('.user-menu__name').waitFor();
}

/**
 * Writes `text` into the reply box of `where` (a page, or the widget's frame) and sends it with
 * the button, as a reader does. What follows (published, waiting, refused) is the caller's to see.
 */
export async function postReply(where, text) {
  await where.locator('#reply-text').fill(text);
  await where.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
}

/** Waits until the service worker controls `page` (it claims the page on first install). */
export const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null);

/** Waits until the service worker keeps `path`'s answer for reading offline. */
export const kept = (page, path) => page.waitForFunction((path) => {
  // Playwright does not wait for a promise here, and the cache answers with one: each poll
  // asks, and reads what the poll before it was told.
  const found = (window.e2eKept ??= new Set());
  caches.match(path, { cacheName: 'schrieb-data' }).then((answer) => { if (answer) found.add(path); });
  return found.has(path);
}, path);

/**
 * A reader of the installed app: a fresh account (`label`) in a browser of its own, logged in on
 * `base` and at `path`, with the thread shown and the service worker in control.
 * `{ context, page, who }`; close `context` when done.
 */
export async function appReader(label, path, { base = BASE, db = process.env.SCHRIEB_DB } = {}) {
  const who = newAccount(label, db);
  const context = await launch();
  try {
    const page = await context.newPage();
    await logIn(page, who.email, who.password, path, base);
    await comments(page).first().waitFor();
    await controlled(page);
    return { context, page, who };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Takes `context` off the network or back on (Chromium's emulation covers its service worker
 * too) and waits until `page` has been told, so that what it does next it does as such.
 */
export async function setOnline(context, page, online) {
  await context.setOffline(!online);
  await page.waitForFunction((online) => navigator.onLine === online, online);
}

/**
 * A server of its own (a fresh demo database, the built app) for a test that stops it:
 * `{ url, db, stop() }`. `addr`, `db` and `dist` start it again where an earlier one stood,
 * with the same data, maybe with another build of the app.
 */
export async function startOwnServer({ addr = '127.0.0.1:0', db: reused, dist = join(process.cwd(), 'dist'), env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'schrieb-own-'));
  const db = reused ?? join(dir, 'schrieb.db');
  const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';
  const child = spawn(binary, ['serve', '--demo', '--addr', addr, '--dist', dist, '--db', db],
    { env: { ...process.env, RUST_LOG: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
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
 * is at 127.0.0.1): `pages` maps paths to HTML, read at each request (add pages any time).
 * `{ origin, pages, close() }`.
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
  return { origin, pages, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Registers a site with its origins through the server's command line (`site add`). */
export function addSite(name, origins, { guests = false, db = process.env.SCHRIEB_DB } = {}) {
  const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';
  execFileSync(binary, ['site', 'add', name, ...origins.flatMap((origin) => ['--origin', origin]), '--db', db]);
  if (guests) execFileSync(binary, ['site', 'guests', name, 'on', '--db', db]);
}

/**
 * A site of a test's own, on a host page server of its own, so that its threads (and what is
 * counted, mailed or delivered of them) are nobody else's: `{ name, host, newThread(title),
 * close() }`. `newThread` makes a thread as the widget does on a page's first view and answers
 * `{ slug, title }`.
 */
export async function ownSite(name, { guests = false } = {}) {
  const host = await startHostSite({});
  addSite(name, [host.origin], { guests });
  const prefix = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  let threads = 0;
  const newThread = async (title) => {
    threads += 1;
    const article = await embedThread(`${host.origin}/${prefix}/${threads}`, `${title} ${RUN}`);
    return { slug: article.slug, title: article.title };
  };
  return { name, host, newThread, close: () => host.close() };
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
