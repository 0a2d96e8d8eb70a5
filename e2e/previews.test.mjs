// Link previews in the browser: a comment with a link shows its card (live, while the thread is
// open; and in the page the server sends), saying which host it leads to; its picture comes
// from schrieb's origin, so the reader's browser never contacts the linked site. The author
// removes the card by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, appReady, apiLogIn, apiPost, api, newAccount, logIn, ownSite, BASE, RUN } from './browser.mjs';
import { startLinkedSite, articlePage, cardsOf } from './linked-site.mjs';

let context;
let site;
let linked;
before(async () => {
  context = await launch();
  site = await ownSite(`Vorschau ${RUN}`);
  linked = await startLinkedSite({});
});
after(async () => {
  await context?.close();
  await site?.close();
  await linked?.close();
});

test('a link becomes a card live, naming its host, its picture from schrieb, and in the no-script page', async () => {
  const { slug } = await site.newThread('Vorschaukarten');
  const writer = newAccount('Verlinkerin');
  const cookie = await apiLogIn(writer.email, writer.password);
  const path = `/balkon-${RUN}`;
  linked.pages[path] = articlePage('Solarstrom vom Balkon');

  const page = await context.newPage();
  const elsewhere = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(BASE) && !request.url().startsWith('data:')) elsewhere.push(request.url());
  });
  const streaming = page.waitForResponse((response) => response.url().includes(`/api/v1/articles/${slug}/events`));
  await page.goto(`${BASE}/a/${slug}`);
  await appReady(page);
  await streaming;

  const posted = await apiPost(slug, `Lesenswert: ${linked.url}${path}`, { cookie });
  await page.getByRole('button', { name: /1 neuer Beitrag/ }).click();
  const card = page.locator(`#c${posted.comment.id} .link-preview__card`);
  await card.waitFor();
  assert.equal(await card.getAttribute('href'), `${linked.url}${path}`);
  assert.equal(await card.locator('.link-preview__title').textContent(), 'Solarstrom vom Balkon');
  assert.equal(await card.locator('.link-preview__site').textContent(), 'Heimwerk-Nachrichten');
  assert.equal(await card.locator('.link-preview__host').textContent(), 'führt zu 127.0.0.2');
  const image = card.locator('img.link-preview__image');
  const source = await image.evaluate((img) => img.currentSrc);
  assert.equal(new URL(source).origin, new URL(BASE).origin, 'the picture is schrieb\'s');
  await page.waitForFunction((id) => document.querySelector(`#c${id} img.link-preview__image`)?.naturalWidth > 0, posted.comment.id);
  assert.deepEqual(elsewhere, [], 'the browser asked no other site for anything');
  assert.ok(linked.requests.length >= 2, 'the server read the page and its picture');
  assert.ok(linked.requests.every(({ agent }) => agent.startsWith('schrieb-link-preview/')), 'only schrieb read the linked site');

  // The page the server sends (no script) has the card too.
  const html = await (await fetch(`${BASE}/a/${slug}`)).text();
  assert.match(html, /class="link-preview__card"/);
  assert.ok(html.includes(`href="${linked.url}${path}"`));
  await page.close();
});

test('the author removes the card by keyboard, and it stays gone', async () => {
  const { slug } = await site.newThread('Vorschau entfernen');
  const writer = newAccount('Entfernerin');
  const path = `/entfernen-${RUN}`;
  linked.pages[path] = articlePage('Eine Karte, die gehen soll');
  const cookie = await apiLogIn(writer.email, writer.password);
  const posted = await apiPost(slug, `Siehe ${linked.url}${path}`, { cookie });
  await cardsOf(api, slug, posted.comment.id);

  const page = await context.newPage();
  await logIn(page, writer.email, writer.password, `/a/${slug}`);
  const comment = page.locator(`#c${posted.comment.id}`);
  await comment.locator('.link-preview__card').waitFor();
  const remove = comment.getByRole('button', { name: 'Linkvorschau entfernen' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await comment.locator('.link-preview__card').waitFor({ state: 'detached' });
  const [item] = (await api(`/api/v1/articles/${slug}/comments?page=1`)).items;
  assert.deepEqual(item.previews, []);
  await page.reload();
  await appReady(page);
  await comment.locator('.comment__body').waitFor();
  assert.equal(await comment.locator('.link-preview__card').count(), 0);
  await page.close();
});
