// Notifications in the browser: the bell counts what concerns the reader, live while they read
// the thread, and its page leads straight to the comment (its page, highlighted), marking it read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, addSite, apiLogIn, apiPost, embedThread, logIn, newAccount, startHostSite, RUN } from './browser.mjs';

let context;
let host;
before(async () => {
  host = await startHostSite({});
  addSite(`Glocke ${RUN}`, [host.origin], { guests: false });
  context = await launch({ serviceWorkers: 'block' });
});
after(async () => {
  await context?.close();
  await host?.close();
});

let threads = 0;
async function newThread(title) {
  threads += 1;
  return (await embedThread(`${host.origin}/glocke/${RUN}/${threads}`, `${title} ${RUN}`)).slug;
}

async function writer(label) {
  const who = newAccount(label);
  return { ...who, cookie: await apiLogIn(who.email, who.password) };
}

test('A is mentioned while reading: the bell shows 1, and its page lands on the highlighted comment', async () => {
  const slug = await newThread('Erwähnt');
  const b = await writer('Glocke B');
  await apiPost(slug, 'Der Anfang.', { cookie: b.cookie });
  const a = newAccount('Glocke A');
  const page = await context.newPage();
  await logIn(page, a.email, a.password, `/a/${slug}`);
  const bell = page.locator('a.user-menu__bell');
  await page.waitForFunction(() => document.querySelector('a.user-menu__bell')?.getAttribute('aria-label') === 'Benachrichtigungen');

  const mention = await apiPost(slug, `Was meinst du, @"${a.name}"?`, { cookie: b.cookie });
  // Well before the bell's own 30-second round: the thread's live event asked for the count.
  await page.waitForFunction(() => document.querySelector('a.user-menu__bell')?.getAttribute('aria-label') === 'Benachrichtigungen: 1 ungelesen',
    null, { timeout: 10000 });
  assert.equal((await bell.locator('.user-menu__badge').textContent()).trim(), '1');

  await bell.click();
  await page.waitForURL(/\/notifications$/);
  const item = page.locator('li.notification--unread');
  await item.getByRole('link', { name: `${b.name} hat Sie erwähnt` }).waitFor();
  assert.match(await item.textContent(), /Was meinst du, @/);
  await item.getByRole('link', { name: `${b.name} hat Sie erwähnt` }).click();
  await page.locator(`#c${mention.comment.id}.comment--highlighted`).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), `c${mention.comment.id}`);
  await page.waitForFunction(() => document.querySelector('a.user-menu__bell')?.getAttribute('aria-label') === 'Benachrichtigungen');
  await page.close();
});

test('answers, followed threads and decisions are listed; "mark all as read" clears the bell', async () => {
  const slug = await newThread('Beantwortet');
  const a = newAccount('Glocke Leserin');
  const aCookie = await apiLogIn(a.email, a.password);
  const mine = await apiPost(slug, 'Meine These.', { cookie: aCookie });
  const b = await writer('Glocke Antwort');
  const quote = `[quote=${mine.comment.id} author="${a.name}"]\nMeine These.\n[/quote]\n\nDagegen spricht einiges.`;
  await apiPost(slug, quote, { cookie: b.cookie });
  await apiPost(slug, 'Noch ein Beitrag im Thema.', { cookie: (await writer('Glocke Dritte')).cookie });

  const page = await context.newPage();
  await logIn(page, a.email, a.password, '/notifications');
  const items = page.locator('li.notification');
  await items.first().waitFor();
  const texts = await items.locator('.notification__link').allTextContents();
  assert.equal(texts.length, 2);
  assert.match(texts[0], /^Neuer Beitrag von Glocke Dritte /, 'newest first');
  assert.match(texts[1], /^Glocke Antwort .* hat Ihnen geantwortet$/);
  assert.equal(await page.locator('li.notification--unread').count(), 2);
  await page.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
  await page.locator('li.notification--unread').first().waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('a.user-menu__bell')?.getAttribute('aria-label') === 'Benachrichtigungen');
  // The mark is kept: a reload shows them read.
  await page.reload();
  await items.first().waitFor();
  assert.equal(await page.locator('li.notification--unread').count(), 0);
  await page.close();
});

test('following a thread from its page notifies every new comment; the choice is kept', async () => {
  const slug = await newThread('Gefolgt');
  const a = newAccount('Glocke Folgende');
  const page = await context.newPage();
  await logIn(page, a.email, a.password, `/a/${slug}`);
  const choice = page.getByLabel('Benachrichtigungen zu diesem Thema');
  // There from the first render, usable once the stored choice is read.
  const usable = () => page.waitForFunction(() => document.querySelector('#follow-choice')?.disabled === false);
  await usable();
  assert.equal(await choice.inputValue(), 'default');
  const saved = page.waitForResponse((response) => response.url().endsWith('/follow') && response.request().method() === 'PUT');
  await choice.selectOption('follow');
  assert.equal((await saved).status(), 200);
  await page.reload();
  await usable();
  assert.equal(await page.getByLabel('Benachrichtigungen zu diesem Thema').inputValue(), 'follow');

  const b = await writer('Glocke Neuigkeit');
  await apiPost(slug, 'Etwas Neues im gefolgten Thema.', { cookie: b.cookie });
  await page.waitForFunction(() => document.querySelector('a.user-menu__bell')?.getAttribute('aria-label') === 'Benachrichtigungen: 1 ungelesen',
    null, { timeout: 10000 });
  await page.close();
});
