// The app taking over the page the server rendered, as a reader meets it: the app's Wasm is
// held back (as on a slow network) while the reader scrolls, focuses, selects and clicks; then
// it arrives. What the reader did must stand, nothing on screen may move, and a click the app
// was not there for yet is answered once it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, appReady, addSite, apiPost, comments, embedThread, logIn, newAccount, startHostSite, BASE, GERMAN, RUN } from './browser.mjs';

const THREAD = `/a/${GERMAN}`;
let context;
let host;
before(async () => {
  host = await startHostSite({});
  addSite(`Übernahme ${RUN}`, [host.origin], { guests: true });
  // Without the service worker, which would answer for the app's files from its cache, out of
  // the tests' reach.
  context = await launch({ serviceWorkers: 'block' });
  const who = newAccount('Übernahme');
  const page = await context.newPage();
  await logIn(page, who.email, who.password, THREAD);
  await page.close();
});
after(async () => {
  await context?.close();
  await host?.close();
});

/**
 * A page of the thread, logged in, whose app is held back until `release()`; layout shifts
 * (without recent input) are summed into `window.e2eShifts` from the start.
 */
async function heldBack(url = BASE + THREAD) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.e2eShifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.e2eShifts += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  let release;
  const arrived = new Promise((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => {
    await arrived;
    await route.continue();
  });
  await page.goto(url);
  return { page, release };
}

/** Selects the first `count` characters of the comment `item`'s own words; returns what is selected. */
const selectWords = (item, count) => item.locator('.comment__body').evaluate((body, count) => {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest('blockquote') || node.data.trim().length < count
      ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_ACCEPT),
  });
  const text = walker.nextNode();
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, count);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return getSelection().toString();
}, count);

/** Waits for two frames to be drawn, so that whatever the app changed is laid out. */
const drawn = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

test('the app takes over where the reader is: scroll, focus and selection kept, the same nodes, nothing moves', async () => {
  const { page, release } = await heldBack();
  await comments(page).first().waitFor();
  assert.equal(await page.evaluate(() => window.schriebReady), undefined, 'the app is not there yet');
  const list = comments(page);
  // The reader scrolls down to the sixth comment, selects words in the fifth and tabs onto a link in the seventh.
  await list.nth(5).evaluate((item) => item.scrollIntoView({ block: 'start' }));
  // The comments near the new place are laid out in the next frames (until then they take the
  // size `content-visibility` gives them), and the browser's scroll anchoring moves the page
  // by the difference: the reader's place is where that leaves it, before the app comes.
  await drawn(page);
  await list.nth(6).locator('a').first().focus();
  await drawn(page);
  const scrolled = await page.evaluate(() => scrollY);
  assert.ok(scrolled > 300, `scrolled down (${scrolled})`);
  const selected = await selectWords(list.nth(4), 12);
  await page.evaluate(() => {
    for (const [n, item] of document.querySelectorAll('ol.comment-list > li.comment').entries()) item.e2eNode = n;
    document.activeElement.e2eFocused = true;
  });
  assert.ok(selected.length > 0);
  const shown = await list.evaluateAll((items) => items.map((item) => item.innerText));

  release();
  await appReady(page);
  await drawn(page);

  assert.equal(await page.evaluate(() => scrollY), scrolled, 'the scroll position');
  assert.equal(await page.evaluate(() => document.activeElement.e2eFocused), true, 'the focused link');
  assert.equal(await page.evaluate(() => getSelection().toString()), selected, 'the selection');
  const nodes = await list.evaluateAll((items) => items.map((item) => item.e2eNode));
  assert.deepEqual(nodes, shown.map((_, n) => n), 'the very nodes the server sent, taken over');
  assert.deepEqual(await list.evaluateAll((items) => items.map((item) => item.innerText)), shown, 'what they say');
  const shifts = await page.evaluate(() => window.e2eShifts);
  assert.ok(shifts <= 0.01, `no layout shift (cumulative ${shifts})`);
  await page.close();
});

test('a Quote clicked before the app is ready says it is getting ready, and quotes the selection once it is', async () => {
  const { page, release } = await heldBack();
  const second = comments(page).nth(1);
  await second.waitFor();
  const words = await selectWords(second, 20);
  // A handle, not a locator: the button's name changes while it is getting ready.
  const quote = await second.getByRole('button', { name: 'Zitieren', exact: true }).elementHandle();
  await quote.click();
  assert.equal(await quote.getAttribute('aria-busy'), 'true');
  const said = await quote.evaluate((button) => getComputedStyle(button, '::after').content);
  assert.match(said, /wird vorbereitet/, 'the button says why nothing happens yet');
  assert.equal(await page.evaluate(() => getSelection().toString()), words, 'pressing it kept the selection');
  // Enter on the reply link of the third comment, by keyboard.
  await comments(page).nth(2).getByRole('button', { name: 'Antworten', exact: true }).focus();
  await page.keyboard.press('Enter');

  release();
  await appReady(page);
  const editor = page.locator('#reply-text');
  await page.waitForFunction(() => document.querySelector('#reply-text').value.includes('@'));
  const text = await editor.inputValue();
  assert.match(text, /^\[quote=\d+ author="[^"]+"\]\n/, 'the selection, quoted');
  assert.ok(text.includes(words.trim()), `the selected words are in the quote: ${text}`);
  assert.match(text, /\[\/quote\][\s\S]*@/, 'and the reply names the third comment\'s author after it');
  assert.equal(await quote.getAttribute('aria-busy'), null, 'the button is ready');
  await page.close();
});

test('a page link clicked before the app is ready works as a plain link', async () => {
  const { page, release } = await heldBack();
  await page.locator('nav.pagination').first().locator('a.pagination__page', { hasText: /^2$/ }).click();
  await page.waitForURL(/page=2/);
  await comments(page).first().waitFor();
  release();
  await appReady(page);
  assert.match(await page.locator('nav.pagination').first().locator('[aria-current="page"]').innerText(), /2/);
  await page.close();
});

test('the widget\'s frame is as tall as its thread from the first paint, before the app is ready', async () => {
  const path = `/2026/${RUN}/frueh-hoch`;
  host.pages[path] = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Früh hoch</title></head>
<body><h1>Früh hoch</h1><div id="schrieb"></div><script src="${BASE}/embed.js" async></script></body></html>`;
  const thread = await embedThread(`${host.origin}${path}`, 'Früh hoch');
  // With the guests' reply box under them, two comments are taller than the loader's first guess.
  for (let n = 1; n <= 2; n += 1) await apiPost(thread.slug, `Beitrag ${n}, schon da, bevor das Widget lädt.`, { guest: `Frühe Leserin ${n}` });
  const { page, release } = await heldBack(`${host.origin}${path}`);
  // The frame waits unseen behind the loader's preview (embed-preview.test.mjs) until its app is ready.
  await page.frameLocator('#schrieb iframe').locator('ol.comment-list > li.comment').nth(1).waitFor({ state: 'attached' });
  const frame = page.frames().find((candidate) => candidate.url().startsWith(`${BASE}/embed`));
  const tall = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  assert.ok(tall > 480, `taller than the loader's first guess (${tall})`);
  await page.waitForFunction((tall) => document.querySelector('#schrieb iframe').getBoundingClientRect().height === tall, tall);
  assert.equal(await frame.evaluate(() => window.schriebReady), undefined, 'before the app is ready');
  release();
  await appReady(frame);
  await page.close();
});

test('words typed into the reply box before the app is ready stay, with the caret where it was', async () => {
  const { page, release } = await heldBack();
  const editor = page.locator('#reply-text');
  await editor.focus();
  const typed = 'Schon getippt, bevor die App da war.';
  await page.keyboard.type(typed);
  for (let n = 0; n < 4; n += 1) await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => window.schriebReady), undefined, 'typed before the app was there');

  release();
  await appReady(page);
  await drawn(page);
  assert.equal(await editor.inputValue(), typed, 'the typed words');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reply-text', 'the focus');
  const caret = await editor.evaluate((area) => [area.selectionStart, area.selectionEnd]);
  assert.deepEqual(caret, [typed.length - 4, typed.length - 4], 'the caret');
  // The app has them too: the preview shows them, and typing goes on at the caret.
  await page.locator('.editor__preview').getByText(typed).waitFor();
  await page.keyboard.type('!');
  assert.equal(await editor.inputValue(), 'Schon getippt, bevor die App da !war.');
  await editor.fill('');
  await page.close();
});
