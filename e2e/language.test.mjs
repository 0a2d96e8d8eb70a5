// German and English: the browser's language is used, the switcher changes it and is remembered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, comments, GERMAN } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const heading = (page) => page.locator('.discussion__title').evaluate((h) => h.firstChild.textContent);

test('switching the language turns German into English, and it is remembered', async () => {
  const page = await open(context, `/a/${GERMAN}`);
  await comments(page).first().waitFor();
  assert.equal(await heading(page), 'Diskussion');
  assert.match(await page.locator('.comment__permalink time').first().textContent(), /^(vor |vorgestern|gestern)/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');

  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('.discussion__title', { hasText: 'Discussion' }).waitFor();
  assert.equal(await heading(page), 'Discussion');
  assert.match(await page.locator('.comment__permalink time').first().textContent(), /( ago|yesterday)$/);
  assert.equal(await page.locator('.comment__edited a').first().evaluate((a) => a.firstChild.textContent), 'Last edited:');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');

  await page.reload();
  await comments(page).first().waitFor();
  assert.equal(await heading(page), 'Discussion');

  await page.getByRole('button', { name: 'Deutsch' }).click();
  await page.locator('.discussion__title', { hasText: 'Diskussion' }).waitFor();
  await page.close();
});
