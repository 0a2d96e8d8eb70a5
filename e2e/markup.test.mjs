// Comment markup in the real thread: quotes that know their source, collapsing, formatting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, api, comments, GERMAN } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

async function byPosition(position) {
  const page = Math.ceil(position / 20);
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
