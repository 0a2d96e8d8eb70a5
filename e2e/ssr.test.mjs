// The thread with the first response: the server renders the app's own components, readers
// without JavaScript get a working thread (page links included, on the site and in the
// widget), and the app takes the page over without asking the API again for what the page
// holds, and without an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, api, appReady, addSite, apiPost, embedThread, startHostSite, startOwnServer, BASE, GERMAN, PER_PAGE, RUN } from './browser.mjs';

let scripted;
let plain;
let host;
before(async () => {
  scripted = await launch();
  plain = await launch({ javaScriptEnabled: false });
  host = await startHostSite({});
  addSite(`SSR ${RUN}`, [host.origin], { guests: true });
});
after(async () => {
  await scripted?.close();
  await plain?.close();
  await host?.close();
});

const items = (page) => page.locator('ol.comment-list > li.comment');

test('the first response holds the first page of the thread', async () => {
  const first = (await api(`/api/v1/articles/${GERMAN}/comments?page=1`)).items[0];
  const html = await (await fetch(`${BASE}/a/${GERMAN}`)).text();
  assert.ok(html.includes(`id="c${first.id}"`), 'the first comment is in the HTML');
  const words = first.body.split(/\s+/).slice(0, 3).join(' ').replace(/[*_[\]]/g, '');
  assert.ok(html.includes(words), `its words are there: ${words}`);
  // Feed readers find the thread's feed, and the latest comments', in the page's head.
  const head = html.slice(0, html.indexOf('</head>'));
  assert.match(head, new RegExp(`<link rel="alternate" type="application/atom\\+xml" href="/feeds/articles/${GERMAN}" title="Kommentare zu „`));
  assert.match(head, /<link rel="alternate" type="application\/atom\+xml" href="\/feeds\/comments"/);
  const feed = await fetch(`${BASE}/feeds/articles/${GERMAN}`);
  assert.equal(feed.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
});

test('a profile links its person\'s feed, in the head and on the page', async () => {
  const first = (await api(`/api/v1/articles/${GERMAN}/comments?page=1`)).items[0];
  const page = await scripted.newPage();
  await page.goto(`${BASE}/u/${first.author.id}`);
  await appReady(page);
  const href = `/feeds/users/${first.author.id}`;
  await page.locator(`head link[rel="alternate"][type="application/atom+xml"][href="${href}"]`).waitFor({ state: 'attached' });
  const title = await page.locator(`head link[href="${href}"]`).getAttribute('title');
  assert.equal(title, `Kommentare von ${first.author.display_name}`);
  const visible = page.getByRole('link', { name: 'Beiträge als Feed' });
  assert.equal(await visible.getAttribute('href'), href);
  const feed = await fetch(BASE + href);
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), new RegExp(`<name>${first.author.display_name}</name>`));
  await page.close();
});

// A linked stylesheet let a widget's fresh frame paint unstyled now and then (the browser's
// default margins, then the whole thread moving: a layout shift of 0.9 in about one cold load
// of ten). The styles come with the page instead.
test('the article page and the widget frame bring their styles with them', async () => {
  const post = `${host.origin}/2026/${RUN}/mit-stil`;
  await embedThread(post, 'Mit Stil');
  const framed = `${BASE}/embed?${new URLSearchParams({ url: post, title: 'Mit Stil', lang: 'de' })}`;
  for (const url of [`${BASE}/a/${GERMAN}`, framed]) {
    const html = await (await fetch(url)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    assert.doesNotMatch(head, /rel="stylesheet"/, `${url}: no stylesheet to wait for`);
    assert.match(head, /<style>[^]*?\.comment-list[^]*?<\/style>/, `${url}: the thread's styles are in the head`);
  }
});

test('without JavaScript the article page shows its thread, and its page links work', async () => {
  const total = (await api(`/api/v1/articles/${GERMAN}`)).comment_count;
  assert.ok(total > PER_PAGE, 'the demo thread has a second page');
  const page = await plain.newPage();
  await page.goto(`${BASE}/a/${GERMAN}`);
  assert.equal(await items(page).count(), PER_PAGE);
  assert.ok(await page.getByText('Zum Mitdiskutieren braucht schrieb JavaScript.').isVisible(), 'told why they cannot write');
  const second = (await api(`/api/v1/articles/${GERMAN}/comments?page=2`)).items;
  await page.locator('nav.pagination').first().locator('a.pagination__page', { hasText: /^2$/ }).click();
  await page.waitForURL(/page=2/);
  const ids = await items(page).evaluateAll((list) => list.map((item) => item.id));
  assert.deepEqual(ids, second.map((comment) => `c${comment.id}`));
  await page.close();
});

test('without JavaScript the widget shows its thread, and its page links stay in the frame', async () => {
  // A server of its own, its limits lifted: a second page of comments is more than one address
  // may post in a minute, and the other tests post from the same address.
  const own = await startOwnServer({ env: { SCHRIEB_NO_RATE_LIMITS: 'true' } });
  after(() => own.stop());
  addSite(`SSR ${RUN}`, [host.origin], { guests: true, db: own.db });
  const post = `${host.origin}/2026/${RUN}/ohne-skript`;
  const thread = await embedThread(post, 'Ohne Skript', own.url);
  for (let n = 1; n <= PER_PAGE + 3; n += 1) {
    await apiPost(thread.slug, `Beitrag ${n} im Widget`, { guest: `Leserin ${n}`, base: own.url });
  }
  const page = await plain.newPage();
  const query = new URLSearchParams({ url: post, title: 'Ohne Skript', theme: 'dark', lang: 'en' });
  await page.goto(`${own.url}/embed?${query}`);
  assert.equal(await items(page).count(), PER_PAGE);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.locator('nav.pagination').first().locator('a.pagination__page', { hasText: /^2$/ }).click();
  await page.waitForURL(/page=2/);
  assert.equal(new URL(page.url()).pathname, '/embed');
  assert.equal(await items(page).count(), 3);
  await page.getByText('Beitrag 23 im Widget').waitFor();
  await page.close();
});

test('the app takes the page over without asking again for what it holds, and without an error', async () => {
  const page = await scripted.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  const asked = [];
  page.on('request', (request) => { if (request.url().includes('/api/')) asked.push(new URL(request.url()).pathname + new URL(request.url()).search); });
  await page.goto(`${BASE}/a/${GERMAN}`);
  assert.equal(await page.getByText('Zum Mitdiskutieren braucht schrieb JavaScript.').isVisible(), false, 'no hint for readers who can write');
  await appReady(page);
  // The app is live: the first comment's reaction picker opens.
  const pick = items(page).first().locator('button.reactions__pick');
  await pick.click();
  await page.waitForFunction((button) => button.getAttribute('aria-expanded') === 'true', await pick.elementHandle());
  // Only the thread's live events are asked for, from the newest event the page showed.
  const { event } = await (await fetch(`${BASE}/api/v1/articles/${GERMAN}/comments?page=1`)).json();
  const live = `/api/v1/articles/${GERMAN}/events?after=${event}`;
  assert.deepEqual(asked.filter((path) => path.startsWith(`/api/v1/articles/${GERMAN}`) && path !== live), [],
    'the article and its page were in the HTML');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the widget takes its frame over without asking again for the thread', async () => {
  const post = `/2026/${RUN}/uebernahme`;
  host.pages[post] = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Übernahme</title></head>
<body><h1>Übernahme</h1><div id="schrieb"></div><script src="${BASE}/embed.js" async></script></body></html>`;
  const thread = await embedThread(`${host.origin}${post}`, 'Übernahme');
  await apiPost(thread.slug, 'Schon da, bevor das Widget lädt.', { guest: 'Frühe Leserin' });
  const page = await scripted.newPage();
  const asked = [];
  page.on('request', (request) => { if (request.url().includes('/api/')) asked.push(new URL(request.url()).pathname); });
  await page.goto(`${host.origin}${post}`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.getByText('Schon da, bevor das Widget lädt.').waitFor();
  await appReady(page.frames().find((candidate) => candidate.url().startsWith(`${BASE}/embed`)));
  // Its live events aside: they follow on from the page, they do not read it again.
  const asksAgain = (path) => path.startsWith('/api/v1/embed/threads')
    || (path.startsWith(`/api/v1/articles/${thread.slug}`) && path !== `/api/v1/articles/${thread.slug}/events`);
  assert.deepEqual(asked.filter(asksAgain), []);
  await page.close();
});
