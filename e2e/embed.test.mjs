// The embed widget on a page of another origin: the host page is served from
// http://localhost:<port>, schrieb from 127.0.0.1, so every rule that keeps sites apart applies.
// The widget loads, grows with its content, takes a guest's comment, opens at a linked comment,
// follows the host's theme and language, counts comments for lists, and refuses to render on a
// site that is not registered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, addSite, addUser, startHostSite, BASE } from './browser.mjs';

const RUN = Date.now().toString(36);
const POST = `/2026/${RUN}/mein-post`;

function hostPage(origin, { theme = '', lang = 'de' } = {}) {
  const options = [theme && `data-theme="${theme}"`, lang !== 'de' && `data-lang="${lang}"`].filter(Boolean).join(' ');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Mein Blogpost ${RUN}</title>
<link rel="canonical" href="${origin}${POST}"></head>
<body><h1>Mein Blogpost</h1><p style="height:1600px">Ein langer Text vor der Diskussion.</p>
<div id="schrieb"></div><script src="${BASE}/embed.js" ${options} async></script></body></html>`;
}

function listPage(origin, lang = 'de') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Liste</title></head><body>
<p><a href="${POST}">Mein Blogpost</a> <span id="known" data-schrieb-count="${origin}${POST}?utm_source=liste"></span></p>
<p><a href="/anderer">Anderer</a> <span id="unknown" data-schrieb-count="${origin}/anderer-${RUN}"></span></p>
<script src="${BASE}/count.js" async></script></body></html>`;
}

let context;
let host;
let stranger;
before(async () => {
  context = await launch();
  const pages = {};
  host = await startHostSite(pages);
  pages[POST] = hostPage(host.origin);
  pages['/dunkel'] = hostPage(host.origin, { theme: 'dark', lang: 'en' });
  pages['/liste'] = listPage(host.origin);
  pages['/list'] = listPage(host.origin, 'en');
  addSite(`Testblog ${RUN}`, [host.origin], { guests: true });
  // The same page on a site nobody registered.
  const strangerPages = {};
  stranger = await startHostSite(strangerPages);
  strangerPages[POST] = hostPage(stranger.origin);
});
after(async () => {
  await context?.close();
  await host?.close();
  await stranger?.close();
});

const frameHeight = (page) => page.locator('#schrieb iframe').evaluate((frame) => frame.getBoundingClientRect().height);

test('the widget shows the thread, grows with it, and takes a guest\'s comment', async () => {
  const page = await context.newPage();
  await page.goto(`${host.origin}${POST}?utm_source=newsletter`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.locator('.discussion').waitFor();
  assert.equal(await page.locator('header.site-header').count(), 0);
  assert.equal(await frame.locator('.site-header, .site-footer').count(), 0, 'no site chrome in the widget');
  await frame.getByText('Noch keine Kommentare').waitFor();
  // The frame is as tall as its content: the 480 px it starts with are gone.
  await page.waitForFunction(() => document.querySelector('#schrieb iframe').style.height !== '480px');
  const empty = await frameHeight(page);

  // A guest's name follows the display-name rules, and is refused in words.
  await frame.getByLabel('Ihr Name').fill('Gast Gisela');
  await frame.locator('#reply-text').fill('Schöner Beitrag, **danke**!');
  await frame.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
  await frame.getByText('„Gast“ und „Guest“ sind für Gäste reserviert.').waitFor();
  await frame.getByLabel('Ihr Name').fill('Gisela aus Hamburg');
  await frame.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
  const comment = frame.locator('li.comment', { hasText: 'Schöner Beitrag' });
  await comment.waitFor();
  await page.waitForFunction((before) => document.querySelector('#schrieb iframe').getBoundingClientRect().height > before + 40, empty);

  // Its permalink leads to the host page, at the top level.
  const permalink = comment.locator('a.comment__permalink');
  const id = (await comment.getAttribute('id')).slice(1);
  assert.equal(await permalink.getAttribute('href'), `${host.origin}${POST}#schrieb-c${id}`);
  assert.equal(await permalink.getAttribute('target'), '_top');
  await page.close();
});

test('a link to #schrieb-c123 on the host page opens the thread at that comment', async () => {
  const page = await context.newPage();
  const article = await (await fetch(`${BASE}/api/v1/embed/threads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ url: `${host.origin}${POST}`, title: 'egal' }),
  })).json();
  const first = (await (await fetch(`${BASE}/api/v1/articles/${article.slug}/comments?page=1`)).json()).items[0];
  await page.goto(`${host.origin}${POST}#schrieb-c${first.id}`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.locator(`li#c${first.id}.comment--highlighted`).waitFor();
  // The host page scrolled down to it (the widget sits below 1,600 px of text).
  await page.waitForFunction(() => window.scrollY > 800);
  await page.close();
});

test('logging in from the widget goes through a popup, and the widget posts as the account', async () => {
  const who = { name: `Widgetleserin ${RUN}`, email: `widget-${RUN}@example.org`, password: 'ein-gutes-passwort' };
  addUser(who.name, who.email, who.password);
  const page = await context.newPage();
  await page.goto(`${host.origin}${POST}`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.locator('.discussion').waitFor();
  const opened = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Anmelden' }).click();
  const popup = await opened;
  await popup.getByLabel('E-Mail-Adresse').fill(who.email);
  await popup.getByLabel('Passwort').fill(who.password);
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Anmelden' }).click();
  await closed;
  await frame.getByText(`Angemeldet als ${who.name}`).waitFor();
  assert.equal(await frame.getByLabel('Ihr Name').count(), 0, 'an account writes under its own name');

  await frame.locator('#reply-text').fill('Jetzt mit Konto.');
  await frame.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
  const mine = frame.locator('li.comment', { hasText: 'Jetzt mit Konto.' });
  await mine.waitFor();
  assert.equal((await mine.locator('.comment__author').textContent()).trim(), who.name);
  // In a new tab (the widget's token lives in the tab's storage for the frame, which browsers
  // may not keep at all), one click logs in again: the popup finds the session at schrieb's own
  // origin and closes by itself.
  const tab = await context.newPage();
  await tab.goto(`${host.origin}${POST}`);
  const tabFrame = tab.frameLocator('#schrieb iframe');
  const again = tab.waitForEvent('popup');
  await tabFrame.getByRole('button', { name: 'Anmelden' }).click();
  // The popup may close by itself before a listener could be attached: look first.
  const popupAgain = await again;
  if (!popupAgain.isClosed()) await popupAgain.waitForEvent('close');
  await tabFrame.getByText(`Angemeldet als ${who.name}`).waitFor();
  await tabFrame.getByRole('button', { name: 'Abmelden' }).click();
  await tabFrame.getByRole('button', { name: 'Anmelden' }).waitFor();
  await tab.close();
  await page.close();
});

test('the widget follows the host page\'s theme and language', async () => {
  const page = await context.newPage();
  await page.goto(`${host.origin}/dunkel`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.getByRole('heading', { name: /^Discussion/ }).waitFor();
  assert.equal(await frame.locator('html').getAttribute('data-theme'), 'dark');
  await page.close();
});

test('count.js fills every count on a list page with one request', async () => {
  const page = await context.newPage();
  const asked = [];
  page.on('request', (request) => { if (request.url().includes('/api/v1/counts')) asked.push(request.url()); });
  await page.goto(`${host.origin}/liste`);
  await page.waitForFunction(() => document.querySelector('#unknown').textContent !== '');
  // The app's words (comment.count_one / count_many), by the page's plural rules.
  assert.match(await page.locator('#known').textContent(), /^(1 Kommentar|([2-9]|[1-9]\d+) Kommentare)$/);
  assert.equal(await page.locator('#unknown').textContent(), '0 Kommentare');
  assert.equal(asked.length, 1);
  await page.close();
});

test('count.js says a count in the words and number format of the page language', async () => {
  const page = await context.newPage();
  // Counts no thread here has: one, and more than a thousand.
  await page.route((url) => url.href.startsWith(`${BASE}/api/v1/counts?`), (route) => {
    const urls = new URL(route.request().url()).searchParams.getAll('url');
    route.fulfill({
      json: Object.fromEntries(urls.map((url, index) => [url, index === 0 ? 1 : 1234])),
      headers: { 'access-control-allow-origin': '*' },
    });
  });
  for (const [path, one, many] of [['/liste', '1 Kommentar', '1.234 Kommentare'], ['/list', '1 comment', '1,234 comments']]) {
    await page.goto(`${host.origin}${path}`);
    await page.waitForFunction(() => document.querySelector('#unknown').textContent !== '');
    assert.equal(await page.locator('#known').textContent(), one, path);
    assert.equal(await page.locator('#unknown').textContent(), many, path);
  }
  await page.close();
});

test('on a site that is not registered the widget does not render and nothing is created', async () => {
  const page = await context.newPage();
  const refused = page.waitForResponse((response) => response.url().startsWith(`${BASE}/embed?`));
  await page.goto(`${stranger.origin}${POST}`);
  const response = await refused;
  assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
  // The browser refuses to show the frame: schrieb's page never runs in it.
  await page.waitForTimeout(500);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the iframe is there');
  assert.equal(await frame.locator('.discussion').count().catch(() => 0), 0);

  const created = await fetch(`${BASE}/api/v1/embed/threads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ url: `${stranger.origin}${POST}`, title: 'Fremd' }),
  });
  assert.equal(created.status, 403);
  const counts = await (await fetch(`${BASE}/api/v1/counts?url=${encodeURIComponent(`${stranger.origin}${POST}`)}`)).json();
  assert.deepEqual(Object.values(counts), [0]);
  await page.close();
});
