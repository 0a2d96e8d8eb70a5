// Live threads under load: SUBSCRIBERS event streams open on one thread at once, then comments
// posted one at a time. Prints the server's memory per open stream (its resident size before
// and after, from /proc) and, per comment, the time from the POST being answered to its event
// arriving at each stream, as p50 / p99 / max over all streams and comments.
// Run by `cargo xtask bench` (or `--live`) against the release server.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const BASE = process.env.SCHRIEB_URL;
const PID = process.env.SCHRIEB_PID;
const COOKIE = process.env.SCHRIEB_COOKIE;
const SLUG = process.env.SCHRIEB_SLUG;
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 10000);
const COMMENTS = 5;
const BATCH = 500;

const rssKb = () => Number(readFileSync(`/proc/${PID}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** Where each stream saw each comment: arrival times by comment id. */
const arrivals = new Map();
let open = 0;
let failed = 0;

function subscribe() {
  return new Promise((resolve) => {
    const request = http.get(`${BASE}/api/v1/articles/${SLUG}/events`, { agent }, (response) => {
      if (response.statusCode !== 200) { failed += 1; response.resume(); return resolve(); }
      open += 1;
      resolve();
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (!data) continue;
          const at = performance.now();
          const id = JSON.parse(data.slice(5)).comment.id;
          if (!arrivals.has(id)) arrivals.set(id, []);
          arrivals.get(id).push(at);
        }
      });
    });
    request.on('error', () => { failed += 1; resolve(); });
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const before = rssKb();
const opening = performance.now();
for (let n = 0; n < SUBSCRIBERS; n += BATCH) {
  await Promise.all(Array.from({ length: Math.min(BATCH, SUBSCRIBERS - n) }, subscribe));
}
const opened = performance.now() - opening;
await sleep(2000);
const after = rssKb();
console.log(`\nlive threads: ${open} event streams open on one thread (${failed} refused), opened in ${(opened / 1e3).toFixed(1)} s`);
console.log(`  server memory: ${(before / 1024).toFixed(1)} MiB before, ${(after / 1024).toFixed(1)} MiB with them open: `
  + `${((after - before) / Math.max(open, 1)).toFixed(1)} KiB per stream (budget 30)`);

const latencies = [];
let missing = 0;
for (let n = 0; n < COMMENTS; n += 1) {
  const response = await fetch(`${BASE}/api/v1/articles/${SLUG}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE, cookie: COOKIE },
    body: JSON.stringify({ body: `Live-Messung ${n} ${Date.now()}` }),
  });
  const answered = performance.now();
  if (response.status !== 201) throw new Error(`posting: HTTP ${response.status} ${await response.text()}`);
  const { comment } = await response.json();
  // The server hands the event on before it answers: some streams may have it already.
  if (!arrivals.has(comment.id)) arrivals.set(comment.id, []);
  const seen = arrivals.get(comment.id);
  const deadline = performance.now() + 10000;
  while (seen.length < open && performance.now() < deadline) await sleep(10);
  missing += open - seen.length;
  for (const at of seen) latencies.push(Math.max(0, at - answered));
  await sleep(500);
}
latencies.sort((a, b) => a - b);
console.log(`  POST answered → event at each stream, ${COMMENTS} comments × ${open} streams: `
  + `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, `
  + `max ${latencies[latencies.length - 1].toFixed(0)} ms (budget p99 1000 ms); never arrived: ${missing}`);
process.exit(0);
