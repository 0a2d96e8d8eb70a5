// schrieb's service worker: the app installed, readable offline, replies sent once the
// connection is back. The server puts constants in front of this file (`routes/assets.rs`):
// `VERSION` (a hash of the built app) and `PRECACHE` (the app's files), so every deployment is
// a new worker; `PROTOCOL`, the wire names of the messages between the pages and this worker
// (`schrieb_api::worker`); `ROUTES`, the API's paths and the app's pages it treats apart
// (`schrieb_api::paths`); and `OFFLINE_PAGE`, the page shown when the app was never loaded.
//
// - The app shell (`index.html`) and the hashed files are precached on install. Article pages
//   come from the network, which renders them with their thread, and from the shell without a
//   connection; every other page of the app opens from the shell, with or without one.
// - Articles and threads the reader opened are answered from the cache and revalidated in the
//   background (stale-while-revalidate); when the new answer differs, the pages hear
//   `fresh` and read again. A request sent with `cache: "no-cache"` (the app's reads right
//   after its own writes) goes to the network first.
// - Replies written offline wait in IndexedDB (`schrieb` → `outbox`) and are sent on Background
//   Sync, or when a page asks (`flush`, on the `online` event). Each carries an
//   `Idempotency-Key`, so a reply sent twice is still published once.
// - A new version waits until the reader chooses to reload (`skip-waiting`).
// - Every question a page asks gets exactly one answer, and a failure is an answer of its own
//   (`failed`, with the reason), never something a page could read as done.
'use strict';

const SHELL = `schrieb-shell-${VERSION}`;
const DATA = 'schrieb-data';
const SYNC_TAG = 'schrieb-outbox';
// A copy revalidated this recently is answered without asking the server again.
const FRESH_FOR_MS = 10000;
const STORED_AT = 'x-schrieb-stored-at';
const { request: REQUEST, answer: ANSWER, failure: FAILURE, news: NEWS, state: STATE } = PROTOCOL;

// Reads that are kept for offline reading: articles, threads, comments, profiles.
const KEPT = ROUTES.kept.map((source) => new RegExp(source));
// Who is logged in: asked fresh each time, the last answer used offline so that the reply box
// is there for writing.
const LATEST = ROUTES.latest.map((source) => new RegExp(source));
// Pages the app does not render from its shell: the widget (framed by other sites, with their
// own frame policy), the widget's login popup, and everything under /api.
const NOT_SHELL = ROUTES.not_shell.map((source) => new RegExp(source));
// Pages the server renders with what they show (`routes/pages.rs`): the network's answer holds
// the thread, so it comes first.
const RENDERED = ROUTES.rendered.map((source) => new RegExp(source));

// The browser's HTTP cache may answer: the hashed files in it are immutable, and the rest is
// revalidated (`no-cache`), so the first visit does not download the app twice.
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith('schrieb-shell-') && name !== SHELL).map((name) => caches.delete(name)));
    // The first install takes over the open pages at once, so a reply written in them can wait
    // for the connection. Later versions are only installed when the reader reloads.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  let message;
  try {
    message = JSON.parse(event.data);
  } catch {
    return;
  }
  const answer = (value) => event.ports[0]?.postMessage(JSON.stringify(value));
  const work = handle(message).then(answer, (error) => {
    console.warn('schrieb service worker:', error);
    answer({ answer: ANSWER.Failed, failure: failureOf(error) });
  });
  event.waitUntil(work);
});

/** The reason for a failed errand, as the pages decode it (`WorkerFailure`). */
function failureOf(error) {
  if (error instanceof UnknownRequest) return { kind: FAILURE.UnknownRequest, request: error.request };
  // IndexedDB's refusals (full, private window, closed) are DOMExceptions.
  if (error instanceof DOMException) return { kind: FAILURE.Storage, name: error.name, message: error.message };
  return { kind: FAILURE.Other, message: String(error) };
}

class UnknownRequest extends Error {
  constructor(request) {
    super(`unknown request ${request}`);
    this.request = String(request);
  }
}

const DONE = { answer: ANSWER.Done };

async function handle(message) {
  switch (message.type) {
    case REQUEST.SkipWaiting:
      await self.skipWaiting();
      return DONE;
    case REQUEST.Queue:
      // Answered only once the reply is stored: a page empties its editor on this answer.
      await outbox('readwrite', (store) => store.put({ ...message.item, state: STATE.Waiting, error: null }));
      await broadcast({ type: NEWS.Outbox });
      await requestSync();
      return { answer: ANSWER.Queued, key: message.item.key };
    case REQUEST.Outbox: {
      const items = await outbox('readonly', (store) => store.getAll());
      return { answer: ANSWER.Outbox, items: items.filter((item) => item.slug === message.slug).sort(byQueuedAt) };
    }
    case REQUEST.Retry: {
      const item = await outbox('readonly', (store) => store.get(message.key));
      if (item) await outbox('readwrite', (store) => store.put({ ...item, state: STATE.Waiting, error: null }));
      await broadcast({ type: NEWS.Outbox });
      // Without a connection the reply waits; how it goes is told as news.
      await flush().catch(() => null);
      return DONE;
    }
    case REQUEST.Discard:
      await outbox('readwrite', (store) => store.delete(message.key));
      await broadcast({ type: NEWS.Outbox });
      return DONE;
    case REQUEST.Flush:
      await flush().catch(() => null);
      return DONE;
    case REQUEST.Readable:
      return { answer: ANSWER.Readable, articles: await readableArticles() };
    case REQUEST.Keep:
      // What a page read before this worker took it over (the first visit): kept now.
      await Promise.all(message.urls.map(keepFresh));
      return DONE;
    case REQUEST.Store:
      // What a page arrived with (the server rendered it into the page): kept as if fetched.
      await Promise.all(message.answers.map(keepArrived));
      return DONE;
    default:
      throw new UnknownRequest(message.type);
  }
}

/** The comment request a queued reply is posted as (`CommentRequest`): its body, the guest's
 * name and how long the editor was open, when there are. */
function postedBody(item) {
  const request = { body: item.body };
  if (item.guest_name) request.guest_name = item.guest_name;
  if (item.compose_ms !== undefined && item.compose_ms !== null) request.compose_ms = item.compose_ms;
  return request;
}

/** Oldest first: the order the replies were written in. */
function byQueuedAt(a, b) {
  return a.queued_at - b.queued_at;
}

async function requestSync() {
  try {
    await self.registration.sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync here (or not allowed): the pages flush on the `online` event.
  }
}

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(flush());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Logging in or out, or deleting the account, changes what every read answers (reactions
    // marked as one's own, who is logged in): nothing read under the old session is kept.
    const leaving = request.method === 'DELETE' && url.pathname === ROUTES.me;
    if (url.pathname.startsWith(ROUTES.auth) || leaving) event.respondWith(forgetDataAfter(request));
    return;
  }
  // The widget's requests carry their own token: none of them is cached under the address alone.
  if (request.headers.has('authorization')) return;
  if (request.mode === 'navigate') {
    if (NOT_SHELL.some((pattern) => pattern.test(url.pathname))) return;
    event.respondWith(RENDERED.some((pattern) => pattern.test(url.pathname)) ? rendered(request) : shell(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: SHELL }).then((hit) => hit ?? fetch(request)));
  } else if (KEPT.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else if (LATEST.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirst(request));
  }
});

/** A page the server renders, from the network; the shell (which renders it from the kept
 * answers) without a connection. */
async function rendered(request) {
  try {
    return await fetch(request);
  } catch {
    return shell(request);
  }
}

/** The app's shell for every page of the app; the network only if the shell is not there. */
async function shell(request) {
  const cached = await caches.match('/index.html', { cacheName: SHELL });
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch {
    return new Response(OFFLINE_PAGE, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(DATA);
  const cached = await cache.match(request, { ignoreVary: true });
  if (!cached || request.cache === 'no-cache') return networkFirst(request, cached);
  const storedAt = Number(cached.headers.get(STORED_AT) ?? 0);
  if (Date.now() - storedAt > FRESH_FOR_MS) event.waitUntil(revalidate(request, cached));
  return cached;
}

/** The network's answer, kept; the kept one when there is no network. */
async function networkFirst(request, cached) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = cached ?? (await caches.match(request, { cacheName: DATA, ignoreVary: true }));
    if (kept) return kept;
    throw error;
  }
  if (response.ok) await keep(request, response.clone());
  return response;
}

/** Asks the server again; tells the pages when the answer has changed. */
async function revalidate(request, cached) {
  let response;
  try {
    response = await fetch(request);
  } catch {
    return; // Offline: the kept answer stays.
  }
  if (!response.ok) return;
  const [fresh, stale] = await Promise.all([response.clone().text(), cached.text()]);
  await keep(request, response);
  if (fresh !== stale) await broadcast({ type: NEWS.Fresh, url: request.url });
}

const ARTICLE = new RegExp(ROUTES.article);

/** The articles kept for offline reading, by title. */
async function readableArticles() {
  const cache = await caches.open(DATA);
  const articles = [];
  for (const request of await cache.keys()) {
    if (!ARTICLE.test(new URL(request.url).pathname)) continue;
    try {
      const article = await (await cache.match(request, { ignoreVary: true })).json();
      articles.push({ slug: article.slug, title: article.title });
    } catch {
      // Not an article after all: left out.
    }
  }
  return articles.sort((a, b) => a.title.localeCompare(b.title));
}

/** Whether `url` is one of this origin's reads that are kept for offline reading. */
function keepable(url) {
  return url.origin === self.location.origin && [...KEPT, ...LATEST].some((pattern) => pattern.test(url.pathname));
}

async function keepFresh(address) {
  const url = new URL(address, self.location.origin);
  if (!keepable(url)) return;
  try {
    const response = await fetch(url);
    if (response.ok) await keep(new Request(url), response);
  } catch {
    // Offline already: nothing to keep.
  }
}

async function keepArrived({ url: address, json }) {
  const url = new URL(address, self.location.origin);
  if (!keepable(url)) return;
  await keep(new Request(url), new Response(json, { headers: { 'content-type': 'application/json' } }));
}

async function keep(request, response) {
  const headers = new Headers(response.headers);
  headers.set(STORED_AT, String(Date.now()));
  const body = await response.blob();
  const cache = await caches.open(DATA);
  await cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

async function forgetDataAfter(request) {
  const response = await fetch(request);
  if (!response.ok) return response;
  await caches.delete(DATA);
  // Logging in (or confirming an address, which logs in) answers with the account, as
  // `GET /api/v1/me` does: kept as that answer, the app knows who writes even offline.
  const path = new URL(request.url).pathname;
  if (ROUTES.logs_in.includes(path)) await keep(new Request(ROUTES.me), response.clone());
  return response;
}

async function broadcast(message) {
  const clients = await self.clients.matchAll({ type: 'window' });
  const text = JSON.stringify(message);
  for (const client of clients) client.postMessage(text);
}

// The outbox: one sender at a time, in the order written.
let sending = Promise.resolve();

function flush() {
  sending = sending.then(sendWaiting, sendWaiting);
  return sending;
}

async function sendWaiting() {
  const items = (await outbox('readonly', (store) => store.getAll()))
    .filter((item) => item.state === STATE.Waiting)
    .sort(byQueuedAt);
  for (const item of items) {
    let response;
    try {
      response = await fetch(ROUTES.comments.replace('{slug}', encodeURIComponent(item.slug)), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': item.key },
        body: JSON.stringify(postedBody(item)),
      });
    } catch {
      throw new Error('the server is not reachable; the outbox waits');
    }
    // The server is there but failing: try again later, the reply is kept.
    if (response.status >= 500) throw new Error(`the server answered ${response.status}; the outbox waits`);
    if (response.ok) {
      const posted = await response.json();
      await outbox('readwrite', (store) => store.delete(item.key));
      await broadcast({ type: NEWS.Sent, key: item.key, slug: item.slug, page: posted.page, id: posted.comment.id });
    } else {
      // Refused (the session ended, a rule broken, too many at once): kept with the reason, for
      // the reader to decide.
      const error = await response.json().catch(() => ({ error: 'internal', message: `HTTP ${response.status}` }));
      await outbox('readwrite', (store) => store.put({ ...item, state: STATE.Failed, error }));
      await broadcast({ type: NEWS.Outbox });
    }
  }
}

/**
 * Runs `work` on the outbox store in one transaction; resolves with its request's result once
 * the transaction has committed, and rejects with the browser's DOMException when anything
 * refuses: opening the database, the request itself, or the commit (a full disk aborts the
 * transaction with QuotaExceededError).
 */
function outbox(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('schrieb', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'key' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const database = open.result;
      const fail = (error) => {
        database.close();
        reject(error);
      };
      let transaction;
      let request;
      try {
        transaction = database.transaction('outbox', mode);
        request = work(transaction.objectStore('outbox'));
      } catch (error) {
        fail(error);
        return;
      }
      transaction.oncomplete = () => {
        database.close();
        resolve(request.result);
      };
      transaction.onerror = () => fail(transaction.error ?? request.error);
      transaction.onabort = () => fail(transaction.error ?? new DOMException('the transaction was aborted', 'AbortError'));
    };
  });
}
