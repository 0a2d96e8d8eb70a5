// Notifications in the browser: the bell counts what concerns the reader, live while they read
// the thread, and its page leads straight to the comment (its page, highlighted), marking it read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, apiLogIn, apiPost, logIn, newAccount, ownSite, RUN } from './browser.mjs';

let context;
let site;
before(async () => {
  site = await ownSite(`Glocke ${RUN}`);
  context = await launch({ serviceWorkers: 'block' });
});
after(async () => {
  await context?.close();
  await site?.close();
});

/** The slug of a thread of its own. */
const newThread = async (title) => (await site.newThread(title)).slug;

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
  // The highlight is drawn first, the focus follows in the next effect: wait for it.
  await page.waitForFunction((id) => document.activeElement?.id === id, `c${mention.comment.id}`);
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

let elsewhereSlug;
/** One thread for the bell's tests that read no thread (page threads are limited per address). */
const elsewhere = async () => (elsewhereSlug ??= await newThread('Anderswo'));

/** Waits until the bell on `page` says `label`. */
const bellSays = (page, label) => page.waitForFunction(
  (label) => document.querySelector('a.user-menu__bell')?.getAttribute('aria-label') === label, label);

test('the bell is live on any page: a mention elsewhere arrives by the event stream, with no count read', async () => {
  const slug = await elsewhere();
  const a = newAccount('Glocke Fern');
  const page = await context.newPage();
  const reads = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/me/notifications/unread')) reads.push(request.url());
  });
  const stream = page.waitForResponse((response) => response.url().endsWith('/api/v1/me/events'));
  await logIn(page, a.email, a.password, '/account');
  assert.equal((await stream).headers()['content-type'], 'text/event-stream');
  await bellSays(page, 'Benachrichtigungen');
  const readsBefore = reads.length;

  // No thread is open here, so no thread's live event could ask for the count.
  const b = await writer('Glocke Ferne');
  await apiPost(slug, `Hallo @"${a.name}", schau mal hier.`, { cookie: b.cookie });
  await bellSays(page, 'Benachrichtigungen: 1 ungelesen');
  assert.equal(reads.length, readsBefore, 'the count came by the stream, not by reading it');
  await page.close();
});

test('where the event stream is refused, the bell reads the count on its own round', async () => {
  const slug = await elsewhere();
  const a = newAccount('Glocke Ohne');
  const page = await context.newPage();
  // A proxy that does not pass event streams through.
  await page.route('**/api/v1/me/events', (route) => route.fulfill({ status: 502, body: 'Bad Gateway' }));
  await page.clock.install();
  await logIn(page, a.email, a.password, '/account');
  await bellSays(page, 'Benachrichtigungen');
  const b = await writer('Glocke Ohne B');
  await apiPost(slug, `@"${a.name}" liest mit?`, { cookie: b.cookie });
  // The bell's round comes every 30 seconds of the page's clock.
  await page.clock.runFor(31_000);
  await bellSays(page, 'Benachrichtigungen: 1 ungelesen');
  await page.close();
});
