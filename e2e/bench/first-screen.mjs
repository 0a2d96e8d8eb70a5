// What a new reader meets when a thread loads, measured in headless Chromium for the page
// and the widget alike (`page.mjs`, `embed.mjs`):
// - when the first comment becomes visible: the later of its insertion into the DOM and the
//   document's first contentful paint (a comment parsed before anything was painted is not
//   yet seen), and when the whole first page of comments is there;
// - the cumulative layout shift (PerformanceObserver, shifts without recent input), read once
//   the network is idle, so it includes the app taking over (in the widget: the host page's
//   and the frame's);
// - the bytes on the wire (encoded bodies, as Chromium received them) of every response from
//   schrieb that ended before the first comment was visible, and of all of them.
// Times are in milliseconds after the top document's navigation started; frames convert
// through their `timeOrigin`.

/** The comment items a reader sees in schrieb (the loading skeleton's items do not count). */
const ITEMS = 'ol.comment-list:not(.comment-list--loading) > li.comment';

/**
 * Installed in every frame before its own scripts run. Comments count in the document and in
 * the shadow roots made in it (the widget's loader draws its first page into one).
 */
function observe({ items, expected }) {
  const seen = { cls: 0, first: null, complete: null };
  window.__schriebFirstScreen = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) seen.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const roots = [document];
  const watched = { childList: true, subtree: true };
  const watcher = new MutationObserver((_, observer) => {
    const count = roots.reduce((sum, root) => sum + root.querySelectorAll(items).length, 0);
    if (count > 0 && seen.first === null) seen.first = performance.now();
    if (count >= expected && seen.complete === null) {
      seen.complete = performance.now();
      observer.disconnect();
    }
  });
  watcher.observe(document, watched);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    roots.push(root);
    watcher.observe(root, watched);
    return root;
  };
}

/**
 * The figures of a frame (or the page), its times moved to the top document's clock; a
 * comment never seen there is seen at `Infinity`.
 */
async function figures(target, topOrigin) {
  const raw = await target.evaluate(() => ({
    ...window.__schriebFirstScreen,
    origin: performance.timeOrigin,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
  const shift = raw.origin - topOrigin;
  const at = (time) => (time === null ? Infinity : Math.max(time, raw.fcp ?? time) + shift);
  return { first: at(raw.first), complete: at(raw.complete), fcp: raw.fcp + shift, cls: raw.cls };
}

/** A widget's figures: its comments are seen first in the host page (the loader's preview) or in the frame. */
function earliest(page, frame) {
  return {
    first: Math.min(page.first, frame.first),
    complete: Math.min(page.complete, frame.complete),
    fcp: frame.fcp,
    cls: page.cls + frame.cls,
  };
}

/**
 * Loads `url` in a fresh `context` and measures its first screen. `frame` is the iframe's
 * selector when the thread is in a widget; `expected` how many comments the first page holds;
 * `origin` the server whose bytes count; `items` the selector of a shown comment (another
 * system's, when it is measured beside schrieb).
 */
export async function measureLoad(context, url, { frame, expected, origin, items = ITEMS }) {
  const page = await context.newPage();
  await page.addInitScript(observe, { items, expected });
  const responses = [];
  page.on('requestfinished', async (request) => {
    if (!request.url().startsWith(origin)) return;
    const timing = request.timing();
    const done = request.sizes().then((sizes) => ({
      url: request.url(),
      end: timing.startTime + timing.responseEnd,
      bytes: sizes.responseBodySize,
    }));
    responses.push(done);
  });
  await page.goto(url);
  const target = frame ? page.frameLocator(frame) : page;
  await target.locator(items).nth(expected - 1).waitFor();
  await page.waitForLoadState('networkidle');
  const topOrigin = await page.evaluate(() => performance.timeOrigin);
  const inPage = await figures(page.mainFrame(), topOrigin);
  const result = frame
    ? earliest(inPage, await figures(await (await page.locator(frame).elementHandle()).contentFrame(), topOrigin))
    : inPage;
  const all = await Promise.all(responses);
  const visibleAt = topOrigin + result.first;
  const before = all.filter((response) => response.end <= visibleAt);
  await page.close();
  return {
    ...result,
    bytesBefore: before.reduce((sum, response) => sum + response.bytes, 0),
    filesBefore: before.map((response) => new URL(response.url).pathname),
    bytesAll: all.reduce((sum, response) => sum + response.bytes, 0),
    files: all.length,
  };
}

/** Prints the medians of `loads` (from [`measureLoad`]) under `title`. */
export function report(title, loads, median) {
  const column = (key, digits = 0) => median(loads.map((load) => load[key])).toFixed(digits);
  console.log(`\n${title}, ${loads.length} cold loads (medians):`);
  console.log(`  first comment visible ${column('first')} ms (runs ${loads.map((l) => l.first.toFixed(0)).join(', ')}), whole first page ${column('complete')} ms, first contentful paint ${column('fcp')} ms`);
  console.log(`  bytes before the first comment: ${column('bytesBefore')} B (${loads[0].filesBefore.join(', ')}); all of the load: ${column('bytesAll')} B in ${loads[0].files} responses`);
  console.log(`  cumulative layout shift: ${column('cls', 4)} (runs ${loads.map((l) => l.cls.toFixed(4)).join(', ')}; budget 0.01)`);
}

/**
 * The machine's floor: first contentful paint of a page of one paragraph, served by Node on
 * loopback, in a fresh context each time (`launch` makes one), median of `runs`. Chromium's
 * own start of a page (process, compositor, first frame) is in every figure above; this says
 * how much of them it is on this machine, in the same run.
 */
export async function floor(launch, runs, median) {
  const http = await import('node:http');
  const server = http.createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><html lang="de"><meta charset="utf-8"><title>Boden</title><p>Ein Absatz.</p>');
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  // Each browser launched cleans up after itself on exit: as many listeners as runs more.
  process.setMaxListeners(process.getMaxListeners() + runs);
  const times = [];
  for (let run = 0; run < runs; run++) {
    const context = await launch();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    times.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime));
    await context.close();
  }
  server.close();
  const middle = median(times);
  console.log(`  the machine's floor: a page of one paragraph paints at ${Math.round(middle)} ms (runs ${times.map(Math.round).join(', ')})`);
  return middle;
}
