// Benchmark of the embed widget in headless Chromium (run by `cargo xtask bench`), with the
// host page on another origin (localhost) than schrieb (127.0.0.1):
// 1. /embed.js as served, brotli and gzip;
// 2. what the host page pays before the iframe starts loading: requests and bytes to schrieb;
// 3. host page navigation → first comment visible in the widget, median of 5 cold loads.
import { transferred, median } from './measure.mjs';
import { launch, addSite, startHostSite, BASE } from '../browser.mjs';

const RUNS = 5;
const RUN = Date.now().toString(36);
const PATH = `/bench/${RUN}`;

const pages = {};
const host = await startHostSite(pages);
pages[PATH] = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bench</title></head>
<body><h1>Ein Artikel</h1><p>Text.</p><div id="schrieb"></div><script src="${BASE}/embed.js" async></script></body></html>`;
addSite(`Bench ${RUN}`, [host.origin], { guests: true });

// A thread with a comment to wait for.
const json = { 'content-type': 'application/json', origin: BASE };
const article = await (await fetch(`${BASE}/api/v1/embed/threads`, {
  method: 'POST', headers: json, body: JSON.stringify({ url: `${host.origin}${PATH}`, title: 'Bench' }),
})).json();
const posted = await fetch(`${BASE}/api/v1/articles/${article.slug}/comments`, {
  method: 'POST', headers: json, body: JSON.stringify({ body: 'Erster!', guest_name: 'Messgast' }),
});
if (posted.status !== 201) throw new Error(`posting the bench comment: HTTP ${posted.status}`);

const brotli = await transferred(`${BASE}/embed.js`, 'br');
const gzip = await transferred(`${BASE}/embed.js`, 'gzip');
const raw = await transferred(`${BASE}/embed.js`, 'identity');

const timings = [];
let before = null;
for (let run = 0; run < RUNS; run += 1) {
  const context = await launch();
  const page = await context.newPage();
  const paid = [];
  let framed = false;
  page.on('request', (req) => {
    if (req.frame() !== page.mainFrame()) return;
    if (req.resourceType() === 'document' && req.url().startsWith(`${BASE}/embed?`)) framed = true;
    if (!framed && req.url().startsWith(BASE)) paid.push(req);
  });
  await page.goto(`${host.origin}${PATH}`);
  const frame = page.frameLocator('#schrieb iframe');
  await frame.locator('li.comment').first().waitFor();
  const shown = await page.evaluate(() => performance.now());
  timings.push(shown);
  if (run === 0) {
    const sizes = await Promise.all(paid.map(async (req) => (await req.response())?.body().then((b) => b.length).catch(() => 0) ?? 0));
    before = { requests: paid.length, urls: paid.map((req) => req.url()), bytes: sizes.reduce((a, b) => a + b, 0) };
  }
  await context.close();
}
await host.close();

console.log('\nembed widget (host page on another origin, headless Chromium):');
console.log(`  /embed.js: ${brotli.bytes} B ${brotli.encoding}, ${gzip.bytes} B ${gzip.encoding}, ${raw.bytes} B uncompressed (budget: 2 KB compressed)`);
console.log(`  the host page pays before the iframe starts: ${before.requests} request(s) to schrieb (${before.urls.join(', ')}), ${before.bytes} B decoded`);
console.log(`  host navigation -> first comment in the widget: median ${median(timings).toFixed(0)} ms of ${RUNS} cold loads (${timings.map((t) => t.toFixed(0)).join(', ')})`);
