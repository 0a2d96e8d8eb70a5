// What a reader pays for a thread page with 20 link preview cards (run by `cargo xtask bench
// --previews`): 20 comments, each linking a page of the linked site whose `og:image` is a
// 1200×630 picture of its own; the server reads them and re-encodes the pictures. Then a cold
// load of the page in headless Chromium, counting requests and bytes on the wire: on the
// first screen, and after scrolling to the end (the pictures load lazily), the cards'
// pictures apart; and the cards' share of the thread's JSON. The reader's browser asks the
// linked site nothing.
import { deflateSync } from 'node:zlib';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { launch, apiLogIn, apiPost, api, BASE, RUN } from '../browser.mjs';

const CARDS = 20;
const SLUG = process.env.SCHRIEB_BENCH_SLUG ?? 'bench-previews';
const LINKED = process.env.SCHRIEB_LINKED_SITE;

/** CRC-32 of `bytes`, as PNG chunks carry it. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1200×630 photo-like PNG (gradients with grain), different for each `seed`. */
function photo(seed) {
  const [width, height] = [1200, 630];
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let noise = seed * 7919 + 1;
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      noise = (noise * 1103515245 + 12345) & 0x7fffffff;
      const grain = (noise >> 16) % 24;
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw[at] = (x * 255 / width + seed * 37 + grain) & 0xff;
      raw[at + 1] = (y * 255 / height + seed * 71 + grain) & 0xff;
      raw[at + 2] = ((x + y) * 128 / (width + height) + seed * 13 + grain) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const pictures = Array.from({ length: CARDS }, (_, n) => photo(n + 1));
const linkedRequests = [];
const site = createServer((request, response) => {
  const path = new URL(request.url, LINKED).pathname;
  linkedRequests.push(path);
  const picture = path.match(/^\/bild-(\d+)\.png$/);
  if (picture) {
    response.writeHead(200, { 'content-type': 'image/png' });
    response.end(pictures[Number(picture[1])]);
    return;
  }
  const page = path.match(/^\/artikel-(\d+)$/);
  response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  response.end(page ? `<!doctype html><html><head><title>Artikel ${page[1]}</title>
<meta property="og:title" content="Ein Artikel, der verlinkt wurde, Nummer ${page[1]}">
<meta property="og:site_name" content="Verlinkte Nachrichten">
<meta property="og:description" content="Eine Beschreibung von rund hundert Zeichen, wie sie Nachrichtenseiten ihren Artikeln mitgeben.">
<meta property="og:image" content="/bild-${page[1]}.png"></head><body></body></html>` : 'not found');
});
const { hostname, port } = new URL(LINKED);
await new Promise((resolve) => site.listen(Number(port), hostname, resolve));

// 20 comments, each with its own link, by one account (the bench server lifts rate limits).
const email = `vorschau-${RUN}@example.org`;
execFileSync(process.env.SCHRIEB_SERVER, ['user', 'add', '--db', process.env.SCHRIEB_DB, `Vorschau ${RUN}`, email],
  { env: { ...process.env, SCHRIEB_PASSWORD: 'ein-gutes-passwort' } });
const cookie = await apiLogIn(email, 'ein-gutes-passwort');
for (let n = 0; n < CARDS; n++) {
  await apiPost(SLUG, `Lesenswert, Teil ${n + 1}: ${LINKED}/artikel-${n}`, { cookie });
}
const started = Date.now();
for (;;) {
  const page = await api(`/api/v1/articles/${SLUG}/comments?page=1`);
  if (page.items.filter((item) => item.previews.length > 0).length === CARDS) break;
  if (Date.now() - started > 120000) throw new Error('the cards were not made within two minutes');
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const madeIn = Date.now() - started;
site.close();

const thread = await (await fetch(`${BASE}/api/v1/articles/${SLUG}/comments?page=1`)).json();
const withCards = JSON.stringify(thread).length;
const withoutCards = JSON.stringify({ ...thread, items: thread.items.map((item) => ({ ...item, previews: [] })) }).length;

/** Requests and bytes on the wire of the page's resources so far (Resource Timing: headers
 * and body as transferred; the document itself included). */
const onTheWire = (page) => page.evaluate(() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  const sum = (list) => ({ requests: list.length, bytes: list.reduce((total, entry) => total + entry.transferSize, 0) });
  const cards = entries.filter((entry) => entry.name.includes('/api/v1/preview-images/'));
  return { all: sum(entries), cards: sum(cards) };
});

const context = await launch();
const page = await context.newPage();
const elsewhere = [];
page.on('request', (request) => { if (!request.url().startsWith(BASE)) elsewhere.push(request.url()); });
await page.goto(`${BASE}/a/${SLUG}`, { waitUntil: 'networkidle' });
const first = await onTheWire(page);
await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
await page.waitForFunction(() => [...document.querySelectorAll('img.link-preview__image')].every((img) => img.naturalWidth > 0));
await page.waitForLoadState('networkidle');
const scrolled = await onTheWire(page);
await context.close();

const rows = [
  ['first screen, everything', first.all],
  ['first screen, card pictures', first.cards],
  ['scrolled to the end, everything', scrolled.all],
  ['scrolled to the end, card pictures', scrolled.cards],
];
const cards = scrolled.cards;
console.log(`\nthread page with ${CARDS} link preview cards (/a/${SLUG}, cold load, bytes on the wire):`);
for (const [label, { requests, bytes }] of rows) {
  console.log(`  ${label.padEnd(38)} ${String(requests).padStart(4)} requests ${String(bytes).padStart(9)} bytes`);
}
console.log(`  per card picture: ${Math.round(cards.bytes / Math.max(cards.requests, 1))} bytes (from ${pictures.reduce((sum, p) => sum + p.length, 0) / CARDS | 0}-byte 1200×630 originals)`);
console.log(`  the cards in the thread's JSON: ${withCards - withoutCards} of ${withCards} bytes (uncompressed)`);
console.log(`  requests the reader's browser sent to the linked site: ${elsewhere.length}`);
console.log(`  requests schrieb sent to it: ${linkedRequests.length} (a page and a picture per card); all cards made ${madeIn} ms after the last post`);
if (elsewhere.length > 0) throw new Error(`the browser contacted ${elsewhere.join(', ')}`);
