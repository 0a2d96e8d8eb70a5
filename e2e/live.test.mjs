// Live threads: readers see what others write while they read, without reloading. Two readers
// on one thread (a browser page and the API standing in for the other reader); each test has a
// thread of its own, made as the widget makes threads for a registered site's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, appReady, addSite, apiLogIn, apiPost, apiWrite, comments, embedThread, newAccount, logIn, setOnline,
  startHostSite, BASE, RUN,
} from './browser.mjs';

let context;
let host;
let writer;
before(async () => {
  host = await startHostSite({});
  addSite(`Live ${RUN}`, [host.origin], { guests: true });
  context = await launch({ serviceWorkers: 'block' });
});
after(async () => {
  await context?.close();
  await host?.close();
});

/** Reader B of each test, who writes through the API: an account of its own (posting is rate-limited per account). */
async function newWriter() {
  const who = newAccount('Live Schreiberin');
  writer = { ...who, cookie: await apiLogIn(who.email, who.password) };
}
let threads = 0;
/** A new, empty thread: its slug. */
async function newThread(title) {
  await newWriter();
  threads += 1;
  const article = await embedThread(`${host.origin}/live/${RUN}/${threads}`, `${title} ${RUN}`);
  return article.slug;
}

/** Reader A on the thread's page, with the app in charge and the live stream open. */
async function readerOn(slug, errors = []) {
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  const streaming = page.waitForResponse((response) => response.url().includes(`/api/v1/articles/${slug}/events`));
  await page.goto(`${BASE}/a/${slug}`);
  await appReady(page);
  await streaming;
  return page;
}

const post = (slug, body) => apiPost(slug, body, { cookie: writer.cookie });

test('B posts and A sees "1 neuer Beitrag" without reloading; showing it lands on it', async () => {
  const slug = await newThread('Zwei Leser');
  const first = await post(slug, 'Der erste Beitrag.');
  const errors = [];
  const page = await readerOn(slug, errors);
  await comments(page).first().waitFor();
  const loads = [];
  page.on('request', (request) => { if (request.url().includes('/comments?page=')) loads.push(request.url()); });

  const second = await post(slug, 'Ein neuer Beitrag, live.');
  const show = page.getByRole('button', { name: '1 neuer Beitrag – anzeigen' });
  await show.waitFor();
  assert.equal(await page.locator('.discussion__count').first().textContent(), '2 Kommentare');
  assert.equal(await comments(page).count(), 1, 'the page did not move under the reader');
  assert.equal(await page.locator('.new-comments[role=status]').count(), 1, 'said to screen readers too');
  assert.equal(loads.length, 0, 'the event carries what is needed: no page was loaded');

  await show.click();
  await page.locator(`#c${second.comment.id}.comment--highlighted`).waitFor();
  assert.equal(await comments(page).count(), 2);
  // The highlight is drawn first, the focus follows in the next effect: wait for it.
  await page.waitForFunction((id) => document.activeElement?.id === id, `c${second.comment.id}`);
  assert.equal(await show.count(), 0);
  assert.ok(first.comment.id < second.comment.id);
  await page.close();
  assert.deepEqual(errors, []);
});

test('A goes offline, B posts twice, A comes back and sees both exactly once', async () => {
  const slug = await newThread('Offline');
  await post(slug, 'Vorher.');
  const page = await readerOn(slug);
  await comments(page).first().waitFor();

  await setOnline(context, page, false);
  await page.getByText('Offline – neue Beiträge folgen, sobald Sie wieder online sind.').waitFor();
  const missed = [await post(slug, 'Verpasst eins.'), await post(slug, 'Verpasst zwei.')];
  await setOnline(context, page, true);
  const show = page.getByRole('button', { name: '2 neue Beiträge – anzeigen' });
  await show.waitFor();
  await page.getByText('Offline –').waitFor({ state: 'detached' });
  await show.click();
  await page.locator(`#c${missed[0].comment.id}`).waitFor();
  const numbers = await comments(page).locator('.comment__number').allTextContents();
  assert.deepEqual(numbers.map((n) => n.trim()), ['#1', '#2', '#3'], 'each once, in order');
  assert.equal(await page.locator('.discussion__count').first().textContent(), '3 Kommentare');
  await page.close();
});

test('an edit, a reaction and a deletion by B change A\'s page in place', async () => {
  const slug = await newThread('An Ort und Stelle');
  const mine = await post(slug, 'So stand es zuerst.');
  const other = await post(slug, 'Dieser Beitrag wird gelöscht.');
  const page = await readerOn(slug);
  const item = page.locator(`#c${mine.comment.id}`);
  await item.getByText('So stand es zuerst.').waitFor();

  const edited = await apiWrite('PATCH', `/api/v1/comments/${mine.comment.id}`, { body: 'So steht es jetzt, **bearbeitet**.' }, { cookie: writer.cookie });
  assert.equal(edited.status, 200);
  await item.locator('strong', { hasText: 'bearbeitet' }).waitFor();
  await item.locator('.comment__edited').waitFor();

  const reacted = await apiWrite('PUT', `/api/v1/comments/${mine.comment.id}/reactions/like`, undefined, { cookie: writer.cookie });
  assert.ok(reacted.ok);
  await item.getByRole('button', { name: 'Gefällt mir: 1' }).waitFor();

  const deleted = await apiWrite('DELETE', `/api/v1/comments/${other.comment.id}`, undefined, { cookie: writer.cookie });
  assert.equal(deleted.status, 204);
  await page.locator(`#c${other.comment.id}`).getByText('Dieser Kommentar wurde gelöscht.').waitFor();
  assert.equal(await page.locator('.discussion__count').first().textContent(), '1 Kommentar');
  await page.close();
});

test('the reply editor says so when a comment it quotes is edited or deleted', async () => {
  const slug = await newThread('Zitat im Wandel');
  const quoted = await post(slug, 'Ein Satz, den jemand zitiert.');
  const reader = newAccount('Live Zitierende');
  const page = await context.newPage();
  await logIn(page, reader.email, reader.password, `/a/${slug}`);
  await page.locator(`#c${quoted.comment.id}`).getByRole('button', { name: 'Zitieren', exact: true }).click();
  await page.locator('#reply-text').waitFor();
  await page.waitForFunction(() => document.querySelector('#reply-text').value.includes('[quote='));

  await apiWrite('PATCH', `/api/v1/comments/${quoted.comment.id}`, { body: 'Ein Satz, inzwischen anders.' }, { cookie: writer.cookie });
  await page.getByText('Ein Beitrag, den Sie zitieren, wurde inzwischen bearbeitet.').waitFor();
  await apiWrite('DELETE', `/api/v1/comments/${quoted.comment.id}`, undefined, { cookie: writer.cookie });
  await page.getByText('Ein Beitrag, den Sie zitieren, ist nicht mehr sichtbar (gelöscht oder in Prüfung).').waitFor();
  // Taking the quote out ends the notice.
  await page.locator('#reply-text').fill('Ohne Zitat.');
  await page.locator('.reply-box__notice').getByText('Ein Beitrag').waitFor({ state: 'detached' });
  await page.close();
});

test('the embed widget follows its thread live too', async () => {
  const path = `/live/${RUN}/widget`;
  host.pages[path] = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Widget live ${RUN}</title></head>
<body><h1>Widget</h1><div id="schrieb"></div><script src="${BASE}/embed.js" async></script></body></html>`;
  const article = await embedThread(`${host.origin}${path}`, `Widget live ${RUN}`);
  await newWriter();
  const page = await context.newPage();
  const streaming = page.waitForResponse((response) => response.url().includes(`/api/v1/articles/${article.slug}/events`));
  await page.goto(`${host.origin}${path}`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.getByText('Noch keine Kommentare').waitFor();
  await streaming;
  const posted = await post(article.slug, 'Im Widget live.');
  await frame.getByRole('button', { name: '1 neuer Beitrag – anzeigen' }).click();
  await frame.locator(`#c${posted.comment.id}`).getByText('Im Widget live.').waitFor();
  await page.close();
});
