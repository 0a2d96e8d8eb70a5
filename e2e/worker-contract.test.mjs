// The contract between the app's pages and its service worker, held against the real worker:
// every request written down in crates/api/tests/contract/worker.json (which the Rust side
// decodes and re-encodes with `schrieb_api::worker`) is sent to the worker the server serves,
// in order, and must get exactly the answer written there, failures included. The worker runs
// offline, so nothing it keeps is sent on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, controlled, setOnline, failWorkerStorage } from './browser.mjs';

const CONTRACT = JSON.parse(readFileSync(new URL('../crates/api/tests/contract/worker.json', import.meta.url), 'utf8'));

/** Whether `actual` is `expected`, where the string "<any>" in `expected` stands for any string. */
function matches(actual, expected) {
  if (expected === '<any>') return typeof actual === 'string' && actual.length > 0;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matches(actual[i], item));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((key) => matches(actual[key], expected[key]));
  }
  return actual === expected;
}

/** Asks the worker controlling `page`, as `src/pwa/worker.rs` does: JSON text over a MessageChannel. */
function ask(page, request) {
  return page.evaluate((text) => new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(JSON.parse(event.data));
    setTimeout(() => reject(new Error('the worker did not answer')), 10000);
    navigator.serviceWorker.controller.postMessage(text, [channel.port2]);
  }), JSON.stringify(request));
}

test('the service worker answers every request of the contract as written down, failures included', async () => {
  const context = await launch();
  try {
    const page = await open(context, '/login');
    await controlled(page);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // The worker's news to the pages, as the app hears it.
    await page.evaluate(() => {
      window.contractNews = [];
      navigator.serviceWorker.addEventListener('message', (event) => window.contractNews.push(JSON.parse(event.data)));
    });
    await setOnline(context, page, false);

    for (const [index, exchange] of [...CONTRACT.exchanges, ...CONTRACT.unknown].entries()) {
      const restore = exchange.storage_fails ? await failWorkerStorage(worker) : null;
      const answer = await ask(page, exchange.request);
      if (restore) await restore();
      assert.ok(matches(answer, exchange.answer),
        `exchange ${index} (${exchange.request.type}): expected ${JSON.stringify(exchange.answer)}, got ${JSON.stringify(answer)}`);
    }

    // Queueing and discarding told the pages that the outbox changed, in the news' own shape.
    const outboxNews = CONTRACT.news.find((news) => news.type === 'outbox');
    await page.waitForFunction((expected) => window.contractNews.some((news) => JSON.stringify(news) === expected),
      JSON.stringify(outboxNews));
    const news = await page.evaluate(() => window.contractNews);
    for (const item of news) {
      assert.ok(CONTRACT.news.some((example) => example.type === item.type && matches(Object.keys(item).sort(), Object.keys(example).sort())),
        `news not in the contract: ${JSON.stringify(item)}`);
    }
  } finally {
    await context.close();
  }
});
