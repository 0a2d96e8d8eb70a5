// The installed app: Chromium finds it installable, a thread read once opens offline, a reply
// written offline waits ("Wartet auf Verbindung") and is published exactly once when the
// connection is back, a reply refused then keeps its text, a page never read explains itself
// offline, and a new deployment offers to reload. "Offline" is Chromium's network emulation,
// which covers the service worker's requests too.
import { test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, open, api, apiLogIn, apiWrite, appReader, comments, controlled, kept, postReply, setOnline, startOwnServer,
  failWorkerStorage, BASE, GERMAN, RUN,
} from './browser.mjs';

const ENGLISH = 'harborview-transit-app-outage';
const THREAD = `/a/${GERMAN}`;

/** The home page's list of articles. */
const articles = (page) => page.locator('.article-list__item');

// The tests that publish use a server of their own, so the shared demo thread keeps its count.
// Its site holds first comments written in under a second: a reply the worker sends later
// must carry how long its editor was open, as one sent at once does.
let own;
before(async () => {
  own = await startOwnServer();
  execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
    ['site', 'moderation', 'schrieb Demo', '--min-compose-seconds', '1', '--db', own.db]);
});
after(() => own.stop());

/** The German thread's comment count on the server of these tests. */
const commentCount = async () => (await api(`/api/v1/articles/${GERMAN}`, own.url)).comment_count;

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
  const { context, page, who } = await appReader('Olga', THREAD, { base: own.url, db: own.db });
  try {
    await kept(page, `/api/v1/articles/${GERMAN}/comments?page=1`);
    await kept(page, '/api/v1/me');
    const firstComment = await comments(page).first().locator('.comment__body').innerText();
    const before = await commentCount();

    await setOnline(context, page, false);
    await page.reload();
    await comments(page).first().waitFor();
    assert.equal(await comments(page).first().locator('.comment__body').innerText(), firstComment);
    assert.equal(await page.locator('h1').first().isVisible(), true, 'the article is there too');

    // Longer than the site's minimum since the editor opened (the reload above).
    await page.waitForTimeout(1200);
    await postReply(page, `Im Funkloch geschrieben, **später** gesendet (${RUN}).`);
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
    assert.equal(await commentCount(), before);

    await setOnline(context, page, true);
    await page.locator('.pending__sent').waitFor({ timeout: 20000 });
    await pending.waitFor({ state: 'detached' });
    assert.equal(await commentCount(), before + 1, 'published exactly once');
    await page.locator('.pending__sent a').click();
    const published = page.locator('li.comment', { hasText: `(${RUN})` });
    await published.waitFor();
    assert.equal(await published.count(), 1);
    assert.equal(await published.locator('.comment__author').innerText(), who.name);
  } finally {
    await context.close();
  }
});

test('a reply the device cannot keep offline stays in the editor, and the reader is told', async () => {
  const { context, page } = await appReader('Ines', THREAD, { base: own.url, db: own.db });
  try {
    await kept(page, '/api/v1/me');
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const before = await commentCount();

    await setOnline(context, page, false);
    await failWorkerStorage(worker);
    const body = `Kein Platz für diesen Beitrag (${RUN}).`;
    await postReply(page, body);
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
    await setOnline(context, page, true);
    assert.equal(await commentCount(), before);
  } finally {
    await context.close();
  }
});

test('a reply refused after reconnecting is shown with why, and its text goes back into the editor', async () => {
  const { context, page, who } = await appReader('Rudi', THREAD, { base: own.url, db: own.db });
  try {
    const before = await commentCount();
    await setOnline(context, page, false);
    await postReply(page, `Das hier kommt nie an (${RUN}).`);
    await page.locator('li.comment--pending').waitFor();

    // Meanwhile the password is changed on another device, which ends this browser's session.
    const cookie = await apiLogIn(who.email, who.password, own.url);
    const change = { current_password: who.password, new_password: 'neuer-schluessel-2' };
    assert.equal((await apiWrite('PUT', '/api/v1/me/password', change, { base: own.url, cookie })).status, 204);

    await setOnline(context, page, true);
    const failed = page.locator('li.comment--failed');
    await failed.waitFor({ timeout: 20000 });
    assert.match(await failed.innerText(), /Nicht gesendet/);
    assert.match(await failed.locator('.form-error').innerText(), /angemeldet|Sitzung/i);
    assert.match(await failed.innerText(), /Das hier kommt nie an/, 'the text is kept');
    assert.equal(await commentCount(), before);

    // The device's storage refuses to drop it: the reply stays, and the reader is told.
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const restoreStorage = await failWorkerStorage(worker);
    await failed.getByRole('button', { name: 'Verwerfen' }).click();
    const refused = failed.locator('p.form-error[role=alert]', { hasText: 'Das ging auf diesem Gerät nicht' });
    await refused.waitFor();
    assert.match(await failed.innerText(), /Das hier kommt nie an/, 'the reply is still there');
    await restoreStorage();

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
    await setOnline(context, page, false);
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

// Pages from the shell (here the home page) keep the installed version until the reader
// reloads into the new one; an article page comes from the network, rendered by the running
// server, and so is always the deployed version.
test('a new deployment shows "a new version is available" and reloads into it', async () => {
  // A copy of the built app to deploy "again" with one change.
  const dist = mkdtempSync(join(tmpdir(), 'schrieb-dist-'));
  cpSync(join(process.cwd(), 'dist'), dist, { recursive: true });
  const first = await startOwnServer({ dist });
  const context = await launch();
  try {
    const page = await context.newPage();
    await page.goto(`${first.url}/`);
    await articles(page).first().waitFor();
    await controlled(page);
    // The browser asks the server for the worker again and finds it unchanged: a banner would
    // come from that answer, and none does.
    const unchanged = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      await registration.update();
      return registration.installing === null && registration.waiting === null;
    });
    assert.equal(unchanged, true);
    assert.equal(await page.locator('.update-banner').count(), 0, 'no banner without a new version');
    await first.stop();

    const index = join(dist, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head><meta name="schrieb-build" content="zwei">'));
    for (const compressed of ['index.html.br', 'index.html.gz']) rmSync(join(dist, compressed), { force: true });
    const second = await startOwnServer({ addr: new URL(first.url).host, db: first.db, dist });
    try {
      await page.reload();
      const banner = page.locator('.update-banner');
      await banner.waitFor({ timeout: 20000 });
      assert.match(await banner.innerText(), /neue Version/);
      assert.equal(await page.locator('meta[name="schrieb-build"]').count(), 0, 'the old version until the reader reloads');
      await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Neu laden' }).click()]);
      await page.locator('meta[name="schrieb-build"][content="zwei"]').waitFor({ state: 'attached' });
      await articles(page).first().waitFor();
      assert.equal(await page.locator('.update-banner').count(), 0);
    } finally {
      await second.stop();
    }
  } finally {
    await context.close();
  }
});
