// Benchmark of the embed widget in headless Chromium (run by `cargo xtask bench`), with the
// host page on another origin (localhost) than schrieb (127.0.0.1):
// 1. /embed.js as served, brotli and gzip;
// 2. what the host page pays before the iframe starts loading: requests and bytes to schrieb;
// 3. the widget's first screen on a 20-comment thread (`first-screen.mjs`), medians of 5 cold loads.
import { transferred, median } from './measure.mjs';
import { floor, measureLoad, report } from './first-screen.mjs';
import { launch, startHostSite, BASE } from '../browser.mjs';
import { COMMENTS, schriebHostPage, seedSchrieb } from './threads.mjs';

const RUNS = 5;
const RUN = Date.now().toString(36);
const PATH = `/bench/${RUN}`;

const pages = {};
const host = await startHostSite(pages);
pages[PATH] = schriebHostPage();
await seedSchrieb(`Bench ${RUN}`, host.origin, `${host.origin}${PATH}`);

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
  loads.push(await measureLoad(context, `${host.origin}${PATH}`, { frame: '#schrieb iframe', expected: COMMENTS, origin: BASE }));
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
report(`embed widget, host navigation -> ${COMMENTS} comments in the widget`, loads, median);
await floor(launch, RUNS, median);
