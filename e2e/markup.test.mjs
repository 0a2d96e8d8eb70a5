// Comment markup in the real thread: quotes that know their source, collapsing, formatting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, api, comments, GERMAN, PER_PAGE } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

async function byPosition(position) {
  const page = Math.ceil(position / PER_PAGE);
  const found = (await api(`/api/v1/articles/${GERMAN}/comments?page=${page}`)).items.find((c) => c.position === position);
  return { ...found, page };
}

test('"Martin schrieb:" leads to the quoted comment on the same page', async () => {
  const [quoting, quoted] = [await byPosition(4), await byPosition(3)];
  const page = await open(context, `/a/${GERMAN}`);
  await comments(page).first().waitFor();
  const attribution = page.locator(`#c${quoting.id} .markup__quote-source a`);
  assert.equal(await attribution.textContent(), `${quoted.author.display_name} schrieb:`);
  await attribution.click();
  await page.waitForURL(new RegExp(`#c${quoted.id}$`));
  await page.locator(`li#c${quoted.id}.comment--highlighted`).waitFor();
  await page.close();
});

test('a quote of a comment on another page leads to that page', async () => {
  const [quoting, quoted] = [await byPosition(21), await byPosition(10)];
  const page = await open(context, `/a/${GERMAN}?page=2`);
  await comments(page).first().waitFor();
  await page.locator(`#c${quoting.id} .markup__quote-source a`).first().click();
  await page.waitForURL(new RegExp(`\\?page=1#c${quoted.id}$`));
  await page.locator(`li#c${quoted.id}.comment--highlighted`).waitFor();
  await page.close();
});

test('a quote inside a quote starts collapsed and expands', async () => {
  const quoting = await byPosition(21);
  const page = await open(context, `/a/${GERMAN}?page=2`);
  await comments(page).first().waitFor();
  const inner = page.locator(`#c${quoting.id} .markup__quote .markup__quote`);
  assert.match(await inner.getAttribute('class'), /markup__quote--collapsed/);
  const toggle = inner.getByRole('button', { name: 'Zum Aufklappen klicken …' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.doesNotMatch(await inner.getAttribute('class'), /markup__quote--collapsed/);
  assert.equal(await inner.getByRole('button', { name: 'Zuklappen' }).getAttribute('aria-expanded'), 'true');
  await page.close();
});

test('a quote of a comment edited since says so and leads to the revision it quoted', async () => {
  const [quoting, quoted] = [await byPosition(45), await byPosition(44)];
  const page = await open(context, `/a/${GERMAN}?page=3`);
  await comments(page).first().waitFor();
  const quote = page.locator(`#c${quoting.id} .markup__quote`);
  assert.match(await quote.getAttribute('class'), /markup__quote--stale/);
  const status = quote.locator('.markup__quote-status');
  assert.match(await status.textContent(), /^Der zitierte Text wurde seitdem bearbeitet\./);
  // The other quotes of the thread check out and say nothing.
  assert.equal(await page.locator('.markup__quote-status').count(), 1);
  assert.ok(await page.locator('.comment__body > .markup > .markup__quote--verified').count() >= 3);

  await status.getByRole('link', { name: 'Versionen ansehen' }).click();
  await page.waitForURL(new RegExp(`/c/${quoted.id}/revisions#r1$`));
  await page.getByRole('heading', { name: 'Versionsgeschichte' }).waitFor();
  const quotedRevision = page.locator('li#r1');
  await page.locator('li#r1.revision--highlighted').waitFor();
  assert.match(await quotedRevision.locator('.revision__body').textContent(), /einfach einen FTP-Server aufgemacht\./);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'r1');
  const current = page.locator('li#r2');
  assert.match(await current.locator('.revision__title').textContent(), /aktuell/);
  assert.match(await current.locator('del.diff__removed').allTextContents().then((t) => t.join(' ')), /FTP-Server/);
  assert.match(await current.locator('ins.diff__added').allTextContents().then((t) => t.join(' ')), /Regal/);

  await page.getByRole('link', { name: 'Zurück zum Beitrag' }).click();
  await page.waitForURL(new RegExp(`\\?page=3#c${quoted.id}$`));
  await page.locator(`li#c${quoted.id}.comment--highlighted`).waitFor();
  await page.close();
});

test('"Zuletzt bearbeitet" opens the history, and a mention opens the person', async () => {
  const reply = await byPosition(45);
  const page = await open(context, `/a/${GERMAN}?page=3`);
  await comments(page).first().waitFor();
  await page.locator(`#c${reply.id} .comment__edited a`).click();
  await page.waitForURL(new RegExp(`/c/${reply.id}/revisions$`));
  // The history loads after the route changes: wait for it before counting.
  await page.locator('li.revision').nth(1).waitFor();
  assert.equal(await page.locator('li.revision').count(), 2);
  await page.goBack();
  const mention = page.locator(`#c${reply.id} a.markup__mention`);
  assert.equal(await mention.textContent(), '@Onkel Otto');
  await mention.click();
  await page.waitForURL(/\/u\/\d+$/);
  await page.getByRole('heading', { name: 'Onkel Otto', level: 1 }).waitFor();
  assert.match(await page.locator('.profile__meta').textContent(), /3 Kommentare/);
  const latest = page.locator('.user-comment').first();
  assert.match(await latest.textContent(), /Weniger kompliziert war aber auch ein Feature/);
  await latest.getByRole('link').click();
  await page.waitForURL(new RegExp(`\\?page=3#c\\d+$`));
  await page.locator('li.comment--highlighted').waitFor();
  await page.close();
});
