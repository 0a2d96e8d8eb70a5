// Reading a thread: first page, paging, permalinks, errors, not found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, api, appReady, comments, BASE, GERMAN, PER_PAGE } from './browser.mjs';

// The German demo thread has 52 comments: at 20 a page (PER_PAGE), page 3 holds #41 to #52.
const LAST_PAGE = 12;

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('an article page shows the article and its first 20 comments', async () => {
  const errors = [];
  const article = await api(`/api/v1/articles/${GERMAN}`);
  const page = await open(context, `/a/${GERMAN}`, errors);
  await page.locator('h1.article__title').waitFor();
  assert.equal(await page.locator('h1.article__title').textContent(), article.title);
  await comments(page).first().waitFor();
  assert.equal(await comments(page).count(), PER_PAGE);
  assert.equal((await comments(page).first().locator('.comment__number').textContent()).trim(), '#1');
  assert.equal(await page.locator('.discussion__title').first().evaluate((h) => h.firstChild.textContent), 'Diskussion');
  assert.equal(await page.title(), article.title);
  // Edited comments say so, in German.
  assert.ok(await page.locator('.comment__edited', { hasText: 'Zuletzt bearbeitet:' }).count() >= 1);
  // The note links to the full article.
  assert.equal(await page.locator('.article__full-link').getAttribute('href'), article.canonical_url);
  await page.close();
  assert.deepEqual(errors, [], 'no error in the console');
});

test('page navigation goes to page 3 and reflects it in the URL', async () => {
  const errors = [];
  const page = await open(context, `/a/${GERMAN}`, errors);
  await comments(page).first().waitFor();
  await page.locator('nav.pagination').first().getByRole('link', { name: 'Seite 3' }).click();
  await page.waitForURL(/\?page=3#discussion$/);
  await page.locator('li.comment .comment__number', { hasText: '#41' }).waitFor();
  assert.equal(await comments(page).count(), LAST_PAGE);
  assert.equal(await page.locator('nav.pagination').first().locator('span.next[aria-disabled=true]').count(), 1);
  assert.equal(await page.locator('[aria-current=page]').first().textContent(), '3');
  // Back goes back to page 1.
  await page.goBack();
  await page.locator('li.comment .comment__number', { hasText: '#1' }).first().waitFor();
  assert.equal(await comments(page).count(), PER_PAGE);
  await page.close();
  assert.deepEqual(errors, [], 'no error in the console');
});

test('a permalink lands on the right page, scrolled to the highlighted comment', async () => {
  const errors = [];
  const second = await api(`/api/v1/articles/${GERMAN}/comments?page=2`);
  const target = second.items[12];
  const page = await open(context, `/c/${target.id}`, errors);
  await page.waitForURL(new RegExp(`/a/${GERMAN}\\?page=2#c${target.id}$`));
  const item = page.locator(`li#c${target.id}`);
  await item.waitFor();
  await page.waitForFunction((id) => {
    const element = document.getElementById(id);
    const box = element?.getBoundingClientRect();
    return box && box.top >= 0 && box.bottom <= window.innerHeight;
  }, `c${target.id}`);
  assert.match(await item.getAttribute('class'), /comment--highlighted/);
  assert.equal(await page.locator('li.comment--highlighted').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), `c${target.id}`);
  await page.close();
  assert.deepEqual(errors, [], 'no error in the console');
});

test('a deep link with page and anchor works when opened directly', async () => {
  const errors = [];
  const third = await api(`/api/v1/articles/${GERMAN}/comments?page=3`);
  const target = third.items[8];
  const page = await open(context, `/a/${GERMAN}?page=3#c${target.id}`, errors);
  await page.locator(`li#c${target.id}.comment--highlighted`).waitFor();
  assert.equal(await comments(page).count(), LAST_PAGE);
  await page.close();
  assert.deepEqual(errors, [], 'no error in the console');
});

test('an anchor to a comment on another page moves to that page', async () => {
  const errors = [];
  const third = await api(`/api/v1/articles/${GERMAN}/comments?page=3`);
  const target = third.items[3];
  const page = await open(context, `/a/${GERMAN}#c${target.id}`, errors);
  await page.waitForURL(new RegExp(`/a/${GERMAN}\\?page=3#c${target.id}$`));
  await page.locator(`li#c${target.id}.comment--highlighted`).waitFor();
  await page.close();
  assert.deepEqual(errors, [], 'no error in the console');
});

test('an unknown article gets a real not-found page', async () => {
  const page = await open(context, '/a/gibt-es-nicht');
  await page.getByRole('heading', { name: 'Seite nicht gefunden' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Zur Startseite' }).getAttribute('href'), '/');
  const unknownPath = await open(context, '/nirgendwo/hin');
  await unknownPath.getByRole('heading', { name: 'Seite nicht gefunden' }).waitFor();
  await page.close();
  await unknownPath.close();
});

test('a failed request says what went wrong and retries', async () => {
  // Routing sees only the page's own requests, not those a service worker answers.
  const blocked = await launch({ serviceWorkers: 'block' });
  const page = await blocked.newPage();
  // The first page arrives with the article; the app asks for the second when the reader goes there.
  await page.goto(`${BASE}/a/${GERMAN}`);
  await appReady(page);
  await page.route('**/api/v1/articles/*/comments*', (route) => route.abort('connectionrefused'));
  await page.locator('nav.pagination').first().locator('a.pagination__page', { hasText: /^2$/ }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Keine Verbindung zum Server/);
  await page.unroute('**/api/v1/articles/*/comments*');
  await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
  await comments(page).first().waitFor();
  assert.equal(await comments(page).count(), PER_PAGE);
  await blocked.close();
});

test('the home page lists the articles with their comment counts', async () => {
  const errors = [];
  const page = await open(context, '/', errors);
  await page.locator('.article-list__item').first().waitFor();
  const listed = await api('/api/v1/articles');
  assert.equal(await page.locator('.article-list__item').count(), listed.items.length);
  await page.getByRole('link', { name: '52 Kommentare' }).waitFor();
  await page.getByRole('link', { name: /Pergola/ }).click();
  await page.waitForURL(new RegExp(`/a/${GERMAN}$`));
  await comments(page).first().waitFor();
  await page.close();
  assert.deepEqual(errors, [], 'no error in the console');
});
