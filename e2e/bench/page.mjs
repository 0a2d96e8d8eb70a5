// Benchmark of the article page in headless Chromium (run by `cargo xtask bench`):
// 1. everything the page downloads, as served brotli, gzip and raw;
// 2. its first screen (`first-screen.mjs`): first comment visible, bytes before it, layout
//    shift; medians of 5 cold loads.
import { transferred, median } from './measure.mjs';
import { floor, measureLoad, report } from './first-screen.mjs';
import { launch, BASE, GERMAN } from '../browser.mjs';

const RUNS = 5;
const PATH = `/a/${GERMAN}`;

const firstPage = await (await fetch(`${BASE}/api/v1/articles/${GERMAN}/comments?page=1`)).json();
const expected = firstPage.items.length;
const loads = [];
let assets = [];
for (let run = 0; run < RUNS; run++) {
  const context = await launch();
  const seen = [];
  context.on('request', (req) => { if (req.url().startsWith(BASE)) seen.push(req.url()); });
  loads.push(await measureLoad(context, BASE + PATH, { expected, origin: BASE }));
  if (run === 0) assets = [...new Set(seen)];
  await context.close();
}

const documents = assets.filter((url) => !url.includes('/api/'));
const api = assets.filter((url) => url.includes('/api/'));
const rows = [];
const totals = { br: 0, gzip: 0, identity: 0 };
for (const url of documents) {
  const row = { file: new URL(url).pathname };
  for (const encoding of ['br', 'gzip', 'identity']) {
    const { bytes, encoding: served } = await transferred(url, encoding);
    row[encoding] = bytes;
    row[`${encoding}_served`] = served;
    totals[encoding] += bytes;
  }
  rows.push(row);
}
console.log(`\narticle page ${PATH}: files it downloads (bytes on the wire)`);
console.log(`${'file'.padEnd(48)} ${'brotli'.padStart(9)} ${'gzip'.padStart(9)} ${'raw'.padStart(9)}`);
for (const row of rows) {
  console.log(`${row.file.padEnd(48)} ${String(row.br).padStart(9)} ${String(row.gzip).padStart(9)} ${String(row.identity).padStart(9)}`);
}
console.log(`${'total (app: html, js, wasm, css)'.padEnd(48)} ${String(totals.br).padStart(9)} ${String(totals.gzip).padStart(9)} ${String(totals.identity).padStart(9)}`);
for (const url of api) {
  const { bytes } = await transferred(url, 'br');
  console.log(`${('API ' + new URL(url).pathname + new URL(url).search).padEnd(48)} ${String(bytes).padStart(9)}`);
}
report(`article page ${PATH}, ${expected} comments on its first page`, loads, median);
await floor(launch, RUNS, median);
