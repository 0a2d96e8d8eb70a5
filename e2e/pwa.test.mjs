// The installed app: Chromium finds it installable, a thread read once opens offline, a reply
// written offline waits ("Wartet auf Verbindung") and is published exactly once when the
// connection is back, a reply refused then keeps its text, a page never read explains itself
// offline, and a new deployment offers to reload. "Offline" is Chromium's network emulation,
// which covers the service worker's requests too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, open, api, comments, addUser, logIn, startOwnServer, failWorkerStorage, BASE, GERMAN } from './browser.mjs';

const RUN = Date.now().toString(36);
const ENGLISH = 'harborview-transit-app-outage';

// The tests that publish use a server of their own, so the shared demo thread keeps its count.
let own;
before(async () => {
  own = await startOwnServer();
});
after(() => own.stop());

/** Waits until the service worker controls `page` (it claims the page on first install). */
const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null);

/** Waits until the worker keeps `path`'s answer for offline reading. */
async function kept(page, path) {
  const has = () => page.evaluate(async (path) => Boolean(await caches.match(path, { cacheName: 'schrieb-data' })), path);
  for (let tries = 0; !(await has()); tries += 1) {
    if (tries === 100) throw new Error(`${path} was never kept for offline reading`);
    await page.waitForTimeout(100);
  }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('Chromium finds the app installable: manifest, icons and service worker', async () => {
  const context = await launch();
  try {
    const page = await open(context, '/');
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const { errors } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(errors, []);

    const manifest = await api('/manifest.webmanifest');
    assert.equal(manifest.short_name, 'schrieb');
    assert.match(manifest.name, /schrieb/);
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.scope, '/');
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
    assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
    const wanted = ['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable'];
    for (const want of wanted) {
      const [sizes, purpose] = want.split(' ');
      const icon = manifest.icons.find((icon) => icon.sizes === sizes && icon.purpose === purpose);
      assert.ok(icon, `an icon ${want}`);
      const response = await fetch(BASE + icon.src);
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.equal(pngSize(Buffer.from(await response.arrayBuffer())), sizes, `${icon.src} is as large as it says`);
    }
  } finally {
    await context.close();
  }
});

test('a thread read once opens offline; a reply written offline waits and is published once when back online', async () => {
  const email = `olga-${RUN}@example.org`;
  addUser(`Olga ${RUN}`, email, 'funkloch-passwort-1', own.db);
  const context = await launch();
  try {
    const page = await context.newPage();
    await logIn(page, email, 'funkloch-passwort-1', `/a/${GERMAN}`, own.url);
    await comments(page).first().waitFor();
    await controlled(page);
    await kept(page, `/api/v1/articles/${GERMAN}/comments?page=1`);
    await kept(page, '/api/v1/me');
    const firstComment = await comments(page).first().locator('.comment__body').innerText();
    const before = (await api(`/api/v1/articles/${GERMAN}`, own.url)).comment_count;

    await context.setOffline(true);
    await page.reload();
    await comments(page).first().waitFor();
    assert.equal(await comments(page).first().locator('.comment__body').innerText(), firstComment);
    assert.equal(await page.locator('h1').first().isVisible(), true, 'the article is there too');

    const body = `Im Funkloch geschrieben, **später** gesendet (${RUN}).`;
    await page.locator('#reply-text').fill(body);
    await page.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
    const pending = page.locator('li.comment--pending');
    await pending.waitFor();
    assert.match(await pending.innerText(), /Wartet auf Verbindung/);
    assert.match(await pending.innerText(), new RegExp(`Im Funkloch geschrieben, später gesendet \\(${RUN}\\)`));
    assert.equal(await pending.locator('strong').innerText(), 'später', 'shown as it will be published');
    assert.match(await page.locator('.reply-box__announcement').innerText(), /offline/);
    assert.equal(await page.locator('#reply-text').inputValue(), '', 'the editor is free for the next one');

    // Still there after a reload, and nothing has reached the server.
    await page.reload();
    await pending.waitFor();
    assert.equal((await api(`/api/v1/articles/${GERMAN}`, own.url)).comment_count, before);

    await context.setOffline(false);
    await page.locator('.pending__sent').waitFor({ timeout: 20000 });
    await pending.waitFor({ state: 'detached' });
    const article = await api(`/api/v1/articles/${GERMAN}`, own.url);
    assert.equal(article.comment_count, before + 1, 'published exactly once');
    await page.locator('.pending__sent a').click();
    const published = page.locator('li.comment', { hasText: `(${RUN})` });
    await published.waitFor();
    assert.equal(await published.count(), 1);
    assert.equal(await published.locator('.comment__author').innerText(), `Olga ${RUN}`);
  } finally {
    await context.close();
  }
});

test('a reply the device cannot keep offline stays in the editor, and the reader is told', async () => {
  const email = `ines-${RUN}@example.org`;
  addUser(`Ines ${RUN}`, email, 'voller-speicher-1', own.db);
  const context = await launch();
  try {
    const page = await context.newPage();
    await logIn(page, email, 'voller-speicher-1', `/a/${GERMAN}`, own.url);
    await comments(page).first().waitFor();
    await controlled(page);
    await kept(page, '/api/v1/me');
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const before = (await api(`/api/v1/articles/${GERMAN}`, own.url)).comment_count;

    await context.setOffline(true);
    await failWorkerStorage(worker);
    const body = `Kein Platz für diesen Beitrag (${RUN}).`;
    await page.locator('#reply-text').fill(body);
    await page.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
    const error = page.locator('.reply-box p.form-error[role=alert]');
    await error.waitFor();
    assert.match(await error.innerText(), /nicht für später speichern/);
    assert.equal(await page.locator('#reply-text').inputValue(), body, 'the text stays in the editor');
    assert.equal(await page.locator('li.comment--pending').count(), 0, 'nothing waits that was not kept');
    assert.doesNotMatch(await page.locator('.reply-box__announcement').innerText(), /offline/);

    // The draft is kept too: the text is back after a reload.
    await page.reload();
    await page.locator('#reply-text').waitFor();
    await page.waitForFunction((body) => document.querySelector('#reply-text')?.value === body, body);
    await context.setOffline(false);
    assert.equal((await api(`/api/v1/articles/${GERMAN}`, own.url)).comment_count, before);
  } finally {
    await context.close();
  }
});

test('a reply refused after reconnecting is shown with why, and its text goes back into the editor', async () => {
  const email = `rudi-${RUN}@example.org`;
  addUser(`Rudi ${RUN}`, email, 'alter-schluessel-1', own.db);
  const context = await launch();
  try {
    const page = await context.newPage();
    await logIn(page, email, 'alter-schluessel-1', `/a/${GERMAN}`, own.url);
    await comments(page).first().waitFor();
    await controlled(page);
    const before = (await api(`/api/v1/articles/${GERMAN}`, own.url)).comment_count;
    await context.setOffline(true);
    const body = `Das hier kommt nie an (${RUN}).`;
    await page.locator('#reply-text').fill(body);
    await page.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
    await page.locator('li.comment--pending').waitFor();

    // Meanwhile the password is changed on another device, which ends this browser's session.
    const login = await fetch(`${own.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'alter-schluessel-1' }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const change = await fetch(`${own.url}/api/v1/me/password`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie, origin: own.url },
      body: JSON.stringify({ current_password: 'alter-schluessel-1', new_password: 'neuer-schluessel-2' }),
    });
    assert.equal(change.status, 204);

    await context.setOffline(false);
    const failed = page.locator('li.comment--failed');
    await failed.waitFor({ timeout: 20000 });
    assert.match(await failed.innerText(), /Nicht gesendet/);
    assert.match(await failed.locator('.form-error').innerText(), /angemeldet|Sitzung/i);
    assert.match(await failed.innerText(), /Das hier kommt nie an/, 'the text is kept');
    assert.equal((await api(`/api/v1/articles/${GERMAN}`, own.url)).comment_count, before);

    await failed.getByRole('button', { name: 'Zurück in den Editor' }).click();
    await failed.waitFor({ state: 'detached' });
    assert.match(await page.locator('#reply-text').inputValue(), /Das hier kommt nie an/);
  } finally {
    await context.close();
  }
});

test('offline, a page never read says so and lists the articles that can be read', async () => {
  const context = await launch();
  try {
    const errors = [];
    const page = await open(context, `/a/${GERMAN}`, errors);
    await comments(page).first().waitFor();
    await controlled(page);
    await kept(page, `/api/v1/articles/${GERMAN}`);
    await kept(page, `/api/v1/articles/${GERMAN}/comments?page=1`);
    await context.setOffline(true);
    await page.goto(`${BASE}/a/${ENGLISH}`);
    const notice = page.locator('.offline-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /Sie sind offline/);
    assert.match(await notice.innerText(), /noch nicht geöffnet/);
    const link = notice.getByRole('link', { name: /Pergola wechselt die Lizenz/ });
    await link.click();
    await comments(page).first().waitFor();
    assert.equal(new URL(page.url()).pathname, `/a/${GERMAN}`);
  } finally {
    await context.close();
  }
});

test('a new deployment shows "a new version is available" and reloads into it', async () => {
  // A copy of the built app to deploy "again" with one change.
  const dist = mkdtempSync(join(tmpdir(), 'schrieb-dist-'));
  cpSync(join(process.cwd(), 'dist'), dist, { recursive: true });
  const first = await startOwnServer({ dist });
  const context = await launch();
  try {
    const page = await context.newPage();
    await page.goto(`${first.url}/a/${GERMAN}`);
    await comments(page).first().waitFor();
    await controlled(page);
    assert.equal(await page.locator('.update-banner').count(), 0, 'no banner without a new version');
    await first.stop();

    const index = join(dist, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head><meta name="schrieb-build" content="zwei">'));
    for (const compressed of ['index.html.br', 'index.html.gz']) rmSync(join(dist, compressed));
    const second = await startOwnServer({ addr: new URL(first.url).host, db: first.db, dist });
    try {
      await page.reload();
      const banner = page.locator('.update-banner');
      await banner.waitFor({ timeout: 20000 });
      assert.match(await banner.innerText(), /neue Version/);
      assert.equal(await page.locator('meta[name="schrieb-build"]').count(), 0, 'the old version until the reader reloads');
      await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Neu laden' }).click()]);
      await page.locator('meta[name="schrieb-build"][content="zwei"]').waitFor({ state: 'attached' });
      await comments(page).first().waitFor();
      assert.equal(await page.locator('.update-banner').count(), 0);
    } finally {
      await second.stop();
    }
  } finally {
    await context.close();
  }
});
