// The embed widget on a page of another origin: the host page is served from
// http://localhost:<port>, schrieb from 127.0.0.1, so every rule that keeps sites apart applies.
// The widget loads, grows with its content, takes a guest's comment, opens at a linked comment,
// follows the host's theme and language, counts comments for lists, and refuses to render on a
// site that is not registered. Each test has a blog post (a thread) of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, addSite, newAccount, postReply, apiPost, apiWrite, embedThread, startHostSite, BASE, RUN } from './browser.mjs';

function hostPage(origin, post, { theme = '', lang = 'de' } = {}) {
  const options = [theme && `data-theme="${theme}"`, lang !== 'de' && `data-lang="${lang}"`].filter(Boolean).join(' ');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Mein Blogpost ${RUN}</title>
<link rel="canonical" href="${origin}${post}"></head>
<body><h1>Mein Blogpost</h1><p style="height:1600px">Ein langer Text vor der Diskussion.</p>
<div id="schrieb"></div><script src="${BASE}/embed.js" ${options} async></script></body></html>`;
}

/** A list of two posts with their counts: `known` (its address with a tracking query) and one nobody opened. */
function listPage(origin, known, lang = 'de') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Liste</title></head><body>
<p><a href="${known}">Mein Blogpost</a> <span id="known" data-schrieb-count="${origin}${known}?utm_source=liste"></span></p>
<p><a href="/anderer">Anderer</a> <span id="unknown" data-schrieb-count="${origin}/anderer-${RUN}"></span></p>
<script src="${BASE}/count.js" async></script></body></html>`;
}

let context;
let host;
let stranger;
before(async () => {
  context = await launch();
  host = await startHostSite({});
  addSite(`Testblog ${RUN}`, [host.origin], { guests: true });
  // A site nobody registered.
  stranger = await startHostSite({});
});
after(async () => {
  await context?.close();
  await host?.close();
  await stranger?.close();
});

/** A new post on `site` that embeds the widget: its path (its thread is made on its first view). */
function newPost(site, name, options) {
  const post = `/2026/${RUN}/${name}`;
  site.pages[post] = hostPage(site.origin, post, options);
  return post;
}

const frameHeight = (page) => page.locator('#schrieb iframe').evaluate((frame) => frame.getBoundingClientRect().height);

test('the widget shows the thread, grows with it, and takes a guest\'s comment', async () => {
  const post = newPost(host, 'gastbeitrag');
  const page = await context.newPage();
  await page.goto(`${host.origin}${post}?utm_source=newsletter`);
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
  await postReply(frame, 'Schöner Beitrag, **danke**!');
  await frame.getByText('„Gast“ und „Guest“ sind für Gäste reserviert.').waitFor();
  await frame.getByLabel('Ihr Name').fill('Gisela aus Hamburg');
  await frame.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
  const comment = frame.locator('li.comment', { hasText: 'Schöner Beitrag' });
  await comment.waitFor();
  await page.waitForFunction((before) => document.querySelector('#schrieb iframe').getBoundingClientRect().height > before + 40, empty);

  // Its permalink leads to the host page, at the top level.
  const permalink = comment.locator('a.comment__permalink');
  const id = (await comment.getAttribute('id')).slice(1);
  assert.equal(await permalink.getAttribute('href'), `${host.origin}${post}#schrieb-c${id}`);
  assert.equal(await permalink.getAttribute('target'), '_top');
  await page.close();
});

test('a link to #schrieb-c123 on the host page opens the thread at that comment', async () => {
  const post = newPost(host, 'verlinkt');
  const article = await embedThread(`${host.origin}${post}`, 'Verlinkt');
  const { comment } = await apiPost(article.slug, 'Auf mich zeigt ein Link.', { guest: 'Verlinkte Vera' });
  const page = await context.newPage();
  await page.goto(`${host.origin}${post}#schrieb-c${comment.id}`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.locator(`li#c${comment.id}.comment--highlighted`).waitFor();
  // The host page scrolled down to it (the widget sits below 1,600 px of text).
  await page.waitForFunction(() => window.scrollY > 800);
  await page.close();
});

test('logging in from the widget goes through a popup, and the widget posts as the account', async () => {
  const post = newPost(host, 'mit-konto');
  const who = newAccount('Widgetleserin');
  const page = await context.newPage();
  await page.goto(`${host.origin}${post}`);
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

  await postReply(frame, 'Jetzt mit Konto.');
  const mine = frame.locator('li.comment', { hasText: 'Jetzt mit Konto.' });
  await mine.waitFor();
  assert.equal((await mine.locator('.comment__author').textContent()).trim(), who.name);
  // In a new tab (the widget's token lives in the tab's storage for the frame, which browsers
  // may not keep at all), one click logs in again: the popup finds the session at schrieb's own
  // origin and closes by itself.
  const tab = await context.newPage();
  await tab.goto(`${host.origin}${post}`);
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
  const post = newPost(host, 'dunkel', { theme: 'dark', lang: 'en' });
  const page = await context.newPage();
  await page.goto(`${host.origin}${post}`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.getByRole('heading', { name: /^Discussion/ }).waitFor();
  assert.equal(await frame.locator('html').getAttribute('data-theme'), 'dark');
  await page.close();
});

test('count.js fills every count on a list page with one request', async () => {
  // A post with exactly one comment, and one nobody has opened.
  const post = newPost(host, 'gezaehlt');
  const article = await embedThread(`${host.origin}${post}`, 'Gezählt');
  await apiPost(article.slug, 'Der einzige Kommentar.', { guest: 'Zähl Zora' });
  host.pages[`/liste-${RUN}`] = listPage(host.origin, post);
  const page = await context.newPage();
  const asked = [];
  page.on('request', (request) => { if (request.url().includes('/api/v1/counts')) asked.push(request.url()); });
  await page.goto(`${host.origin}/liste-${RUN}`);
  await page.waitForFunction(() => document.querySelector('#unknown').textContent !== '');
  // The app's words (comment.count_one / count_many), by the page's plural rules; the tracking
  // query does not make the address another thread's.
  assert.equal(await page.locator('#known').textContent(), '1 Kommentar');
  assert.equal(await page.locator('#unknown').textContent(), '0 Kommentare');
  assert.equal(asked.length, 1);
  await page.close();
});

test('count.js says a count in the words and number format of the page language', async () => {
  const post = newPost(host, 'sprachen');
  host.pages[`/liste-${RUN}-de`] = listPage(host.origin, post);
  host.pages[`/list-${RUN}-en`] = listPage(host.origin, post, 'en');
  const page = await context.newPage();
  // Counts no thread here has: one, and more than a thousand.
  await page.route((url) => url.href.startsWith(`${BASE}/api/v1/counts?`), (route) => {
    const urls = new URL(route.request().url()).searchParams.getAll('url');
    route.fulfill({
      json: Object.fromEntries(urls.map((url, index) => [url, index === 0 ? 1 : 1234])),
      headers: { 'access-control-allow-origin': '*' },
    });
  });
  for (const [path, one, many] of [[`/liste-${RUN}-de`, '1 Kommentar', '1.234 Kommentare'], [`/list-${RUN}-en`, '1 comment', '1,234 comments']]) {
    await page.goto(`${host.origin}${path}`);
    await page.waitForFunction(() => document.querySelector('#unknown').textContent !== '');
    assert.equal(await page.locator('#known').textContent(), one, path);
    assert.equal(await page.locator('#unknown').textContent(), many, path);
  }
  await page.close();
});

test('on a site that is not registered the widget does not render and nothing is created', async () => {
  const post = newPost(stranger, 'fremd');
  const page = await context.newPage();
  const answered = page.waitForResponse((response) => response.url().startsWith(`${BASE}/embed?`));
  const refused = page.waitForEvent('requestfailed', (request) => request.url().startsWith(`${BASE}/embed?`));
  // The browser's verdict, in the frame itself: its error page instead of schrieb's.
  const errorPage = page.waitForEvent('framenavigated', (frame) => frame !== page.mainFrame() && frame.url().startsWith('chrome-error://'));
  await page.goto(`${stranger.origin}${post}`);
  assert.match((await answered).headers()['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal((await refused).failure().errorText, 'net::ERR_BLOCKED_BY_RESPONSE');
  // The browser refused to show the frame: schrieb's page never runs in it.
  const frame = await errorPage;
  assert.equal(await frame.locator('.discussion').count(), 0);

  const created = await apiWrite('POST', '/api/v1/embed/threads', { url: `${stranger.origin}${post}`, title: 'Fremd' });
  assert.equal(created.status, 403);
  const counts = await (await fetch(`${BASE}/api/v1/counts?url=${encodeURIComponent(`${stranger.origin}${post}`)}`)).json();
  assert.deepEqual(Object.values(counts), [0]);
  await page.close();
});
