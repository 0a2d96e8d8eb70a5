// The widget's first page, drawn by the loader into the host page (a shadow root) while the
// frame loads, and the frame taking its place. The frame's page is held back by the test until
// it lets it go, so what happens before and after is seen, not raced. The host page is served
// from http://localhost:<port>, schrieb from 127.0.0.1, as in embed.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, addSite, apiPost, embedThread, startHostSite, BASE, RUN } from './browser.mjs';

let context;
let host;
before(async () => {
  context = await launch();
  host = await startHostSite({});
  addSite(`Vorschaublog ${RUN}`, [host.origin], { guests: true });
});
after(async () => {
  await context?.close();
  await host?.close();
});

/** A post embedding the widget with a paragraph after it (which a jump would move), and its thread with `count` comments. */
async function postWithThread(name, count) {
  const post = `/2026/${RUN}/${name}`;
  host.pages[post] = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Vorschau ${RUN}</title></head>
<body><h1>Ein Beitrag</h1><p style="height:900px">Text vor der Diskussion.</p>
<div id="schrieb"></div><p id="after-thread">Nach der Diskussion.</p>
<script src="${BASE}/embed.js" async></script></body></html>`;
  const article = await embedThread(`${host.origin}${post}`, 'Vorschau');
  const posted = [];
  for (let n = 1; n <= count; n++) {
    posted.push((await apiPost(article.slug, `Vorschau-Kommentar ${n} von ${name}.`, { guest: 'Vera Vorschau' })).comment);
  }
  return { post, posted };
}

/**
 * Opens `post` in a window `width` wide with the frame's page held back until `release()`;
 * every layout shift of the host page is recorded (`window.__shifts`), the ones right after input too.
 */
async function openHeld(post, width = 1280) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 720 });
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`${BASE}/embed?**`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${host.origin}${post}`);
  return { page, release };
}

const taken = (page) => page.waitForFunction(() => {
  const frame = document.querySelector('#schrieb iframe');
  return frame && frame.style.visibility === 'visible' && !document.querySelector('#schrieb div div');
});

/** Where the paragraph after the thread is on the page, and how far the page is scrolled. */
const place = (page) => page.evaluate(() => ({
  after: Math.round(document.getElementById('after-thread').getBoundingClientRect().top + scrollY),
  scrolled: Math.round(scrollY),
}));

test('the loader draws the thread into the page at once, and the frame takes its place without a shift, doing the click it was given', async () => {
  const { post, posted } = await postWithThread('vorschau', 3);
  const { page, release } = await openHeld(post);
  // The comments are in the host page's own document (Playwright's CSS reaches into open shadow roots).
  const first = page.locator('#schrieb li.comment').first();
  await first.waitFor();
  assert.match(await first.textContent(), new RegExp(`Vorschau-Kommentar 1 von vorschau`));
  assert.equal(await page.locator('#schrieb li.comment').count(), 3);
  assert.equal(await page.locator('#schrieb iframe').isVisible(), false, 'the frame waits, unseen');
  assert.equal(await page.locator('#schrieb [onclick], #schrieb script').count(), 0);

  // A click before the frame is ready is not lost: the button says it is getting ready...
  const quote = page.locator(`#schrieb li#c${posted[1].id}`).getByRole('button', { name: 'Zitieren', exact: true });
  const button = await quote.elementHandle();
  await button.click();
  assert.equal(await button.getAttribute('aria-busy'), 'true');
  assert.equal(await button.getAttribute('data-getting-ready'), 'wird vorbereitet …');

  release();
  await taken(page);
  // ...and the frame does it: the quote is in its reply box, which has the focus.
  const frame = page.frameLocator('#schrieb iframe');
  const editor = frame.locator('textarea:focus');
  await editor.waitFor();
  assert.match(await editor.inputValue(), /Vorschau-Kommentar 2 von vorschau/);
  await page.close();
});

for (const [device, width] of [['desktop', 1280], ['phone', 380]]) {
  test(`a reader keeps their place (${device}): nothing moves when the frame takes over, and what had the focus has it in the frame`, async () => {
    const { post, posted } = await postWithThread(`fokus-${device}`, 2);
    const { page, release } = await openHeld(post, width);
    const quote = page.locator(`#schrieb li#c${posted[0].id}`).getByRole('button', { name: 'Zitieren', exact: true });
    await quote.focus();
    await page.locator('#after-thread').scrollIntoViewIfNeeded();
    const before = await place(page);
    const shiftsBefore = await page.evaluate(() => window.__shifts.length);
    release();
    await taken(page);
    const frame = page.frameLocator('#schrieb iframe');
    await frame.locator(`li#c${posted[0].id} button:focus`, { hasText: 'Zitieren' }).waitFor();
    // Only focused, not clicked: the reply box is still empty.
    assert.equal(await frame.locator('textarea').first().inputValue(), '');
    // Nothing moved: not the text after the thread, not the reader's place.
    assert.deepEqual(await place(page), before);
    const shifts = await page.evaluate((from) => window.__shifts.slice(from), shiftsBefore);
    assert.ok(shifts.reduce((sum, value) => sum + value, 0) <= 0.01, `layout shifts ${shifts}`);
    await page.close();
  });
}

test('whatever the first page held, nothing in it runs in the host page or reaches out of it', async () => {
  const { post } = await postWithThread('sauber', 1);
  const page = await context.newPage();
  // A preview as a server that had lost its escaping might send it.
  await page.route(`${BASE}/embed/preview?**`, (route) => route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/html', 'access-control-allow-origin': host.origin },
    body: `<style>p { color: red }</style><div class="widget-preview js" lang="de">
<p onclick="window.__xss=1" style="x">Text</p><img src="/x" onerror="window.__xss=1"><script>window.__xss=1</script>
<a id="js" href="javascript:window.__xss=1">Link</a><a id="web" href="https://example.org/ok">Web</a><a href="/about">Über</a>
<svg onload="window.__xss=1"></svg><iframe src="javascript:window.__xss=1"></iframe>
<form action="https://evil.example/"><button formaction="https://evil.example/">Senden</button></form>
<style>:host { display: none }</style><object data="/x"></object><embed src="/x"></div>`,
  }));
  await page.route(`${BASE}/embed?**`, () => new Promise(() => {}));
  await page.goto(`${host.origin}${post}`);
  await page.locator('#schrieb p', { hasText: 'Text' }).waitFor();
  // What any of it would have loaded or fired has: an image of the host page's own that fails.
  await page.evaluate(() => new Promise((resolve) => {
    const probe = new Image();
    probe.onerror = resolve;
    probe.src = '/kein-bild';
  }));
  const left = await page.evaluate(() => {
    const root = document.querySelector('#schrieb div div').shadowRoot;
    return {
      canary: window.__xss,
      elements: [...root.querySelectorAll('*')].map((element) => element.localName),
      attributes: [...root.querySelectorAll('*')].flatMap((element) => element.getAttributeNames()),
      links: [...root.querySelectorAll('a')].map((link) => link.getAttribute('href')),
    };
  });
  assert.equal(left.canary, undefined);
  assert.deepEqual(left.elements, ['style', 'div', 'p', 'a', 'a', 'a', 'form', 'button']);
  assert.deepEqual([...new Set(left.attributes)].sort(), ['class', 'href', 'id', 'lang']);
  // schrieb's own paths lead to schrieb, not to the host page.
  assert.deepEqual(left.links, [null, 'https://example.org/ok', `${BASE}/about`]);
  await page.close();
});

test('a frame whose app does not start still takes the preview\'s place, and its page works without it', async () => {
  const { post, posted } = await postWithThread('ohne-app', 1);
  const page = await context.newPage();
  await page.route(/_bg\.wasm$/, (route) => route.abort());
  await page.goto(`${host.origin}${post}`);
  await page.locator('#schrieb li.comment').first().waitFor();
  // The frame's page has loaded but its app never becomes ready: after a grace period the
  // frame is shown anyway, with the server's rendering of the thread in it.
  await taken(page);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.locator(`li#c${posted[0].id}`).waitFor();
  assert.equal(await frame.locator('body').evaluate(() => window.schriebReady), undefined, 'no app in the frame');
  await page.close();
});
