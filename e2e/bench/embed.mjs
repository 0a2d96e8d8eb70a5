// Benchmark of the embed widget in headless Chromium (run by `cargo xtask bench`), with the
// host page on another origin (localhost) than schrieb (127.0.0.1):
// 1. /embed.js as served, brotli and gzip;
// 2. what the host page pays before the iframe starts loading: requests and bytes to schrieb;
// 3. the widget's first screen on a 20-comment thread (`first-screen.mjs`), medians of 5 cold loads.
import { transferred, median } from './measure.mjs';
import { floor, measureLoad, report } from './first-screen.mjs';
import { launch, addSite, startHostSite, BASE, PER_PAGE } from '../browser.mjs';

const RUNS = 5;
const RUN = Date.now().toString(36);
const PATH = `/bench/${RUN}`;

const pages = {};
const host = await startHostSite(pages);
pages[PATH] = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bench</title></head>
<body><h1>Ein Artikel</h1><p>Text.</p><div id="schrieb"></div><script src="${BASE}/embed.js" async></script></body></html>`;
addSite(`Bench ${RUN}`, [host.origin], { guests: true });

// A thread of one page of comments, as on a small news article.
const json = { 'content-type': 'application/json', origin: BASE };
const article = await (await fetch(`${BASE}/api/v1/embed/threads`, {
  method: 'POST', headers: json, body: JSON.stringify({ url: `${host.origin}${PATH}`, title: 'Bench' }),
})).json();
for (let n = 1; n <= PER_PAGE; n += 1) {
  const posted = await fetch(`${BASE}/api/v1/articles/${article.slug}/comments`, {
    method: 'POST', headers: json,
    body: JSON.stringify({ body: `Beitrag ${n}: Das sehe ich **anders**, siehe https://example.org/quelle/${n} und die Zahlen dort.`, guest_name: `Messgast ${n}` }),
  });
  if (posted.status !== 201) throw new Error(`posting bench comment ${n}: HTTP ${posted.status}`);
}

const brotli = await transferred(`${BASE}/embed.js`, 'br');
const gzip = await transferred(`${BASE}/embed.js`, 'gzip');
const raw = await transferred(`${BASE}/embed.js`, 'identity');

const loads = [];
let before = null;
for (let run = 0; run < RUNS; run += 1) {
  const context = await launch();
  const paid = [];
  let framed = false;
  context.on('request', (req) => {
    if (req.frame().parentFrame() !== null) return;
    if (req.resourceType() === 'document' && req.url().startsWith(`${BASE}/embed?`)) framed = true;
    if (!framed && req.url().startsWith(BASE)) {
      paid.push({ url: req.url(), bytes: req.response().then(() => req.sizes()).then((sizes) => sizes.responseBodySize) });
    }
  });
  loads.push(await measureLoad(context, `${host.origin}${PATH}`, { frame: '#schrieb iframe', expected: PER_PAGE, origin: BASE }));
  if (run === 0) {
    const sizes = await Promise.all(paid.map((req) => req.bytes));
    before = { requests: paid.length, urls: paid.map((req) => req.url), bytes: sizes.reduce((a, b) => a + b, 0) };
  }
  await context.close();
}
await host.close();

console.log('\nembed widget (host page on another origin, headless Chromium):');
console.log(`  /embed.js: ${brotli.bytes} B ${brotli.encoding}, ${gzip.bytes} B ${gzip.encoding}, ${raw.bytes} B uncompressed (budget: 2 KB compressed)`);
console.log(`  the host page pays before the iframe starts: ${before.requests} request(s) to schrieb (${before.urls.join(', ')}), ${before.bytes} B on the wire`);
report(`embed widget, host navigation -> ${PER_PAGE} comments in the widget`, loads, median);
await floor(launch, RUNS, median);
