// schrieb beside Isso, the lightweight system site owners compare us with (run by
// `cargo xtask bench --isso`, which installs Isso from PyPI and names its program in ISSO).
// One host page on another origin embeds each system; both threads hold the same 20 comments;
// the loads alternate (schrieb's widget, Isso, schrieb's article page), 5 cold loads each, in one
// run, so their ratios hold on a noisy machine. For each: when the first comment is visible and
// the whole page of comments is there, the bytes from the system's server before that and in
// all (`first-screen.mjs`), and the layout shift.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './measure.mjs';
import { floor, measureLoad, report } from './first-screen.mjs';
import { launch, startHostSite, BASE } from '../browser.mjs';
import { COMMENTS, comment, schriebHostPage, seedSchrieb } from './threads.mjs';

const RUNS = 5;
const RUN = Date.now().toString(36);
const SCHRIEB_PATH = `/schrieb/${RUN}`;
const ISSO_PATH = `/isso/${RUN}`;
/** A shown comment of Isso's embed (`embed.dev.js` builds them as `div.isso-comment`). */
const ISSO_ITEMS = '#isso-thread .isso-comment';

const pages = {};
const host = await startHostSite(pages);
const isso = await startIsso(host.origin);
try {
  pages[SCHRIEB_PATH] = schriebHostPage();
  pages[ISSO_PATH] = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bench</title></head>
<body><h1>Ein Artikel</h1><p>Text.</p><section id="isso-thread" data-title="Bench"></section>
<script data-isso="${isso.url}/" data-isso-lang="de" src="${isso.url}/js/embed.min.js" async></script></body></html>`;
  const slug = await seedSchrieb(`Isso-Vergleich ${RUN}`, host.origin, `${host.origin}${SCHRIEB_PATH}`);
  await seedIsso(isso.url, ISSO_PATH);

  const loads = { widget: [], isso: [], page: [] };
  for (let run = 0; run < RUNS; run += 1) {
    loads.widget.push(await cold(`${host.origin}${SCHRIEB_PATH}`, { frame: '#schrieb iframe', expected: COMMENTS, origin: BASE }));
    loads.isso.push(await cold(`${host.origin}${ISSO_PATH}`, { expected: COMMENTS, origin: isso.url, items: ISSO_ITEMS }));
    loads.page.push(await cold(`${BASE}/a/${slug}`, { expected: COMMENTS, origin: BASE }));
  }

  console.log(`\nschrieb beside Isso ${isso.version} (${COMMENTS} comments, the same words, host page on another origin):`);
  report('Isso, embed.min.js on the host page', loads.isso, median);
  report("schrieb's widget (embed.js) on the host page", loads.widget, median);
  report(`schrieb's article page /a/${slug}`, loads.page, median);
  const first = (key) => median(loads[key].map((load) => load.first));
  const bytes = (key) => median(loads[key].map((load) => load.bytesBefore));
  console.log('\n  first comment visible, as a share of Isso\'s time (budget: at most 50 %):');
  console.log(`    widget ${(100 * first('widget') / first('isso')).toFixed(1)} %, article page ${(100 * first('page') / first('isso')).toFixed(1)} %`);
  console.log('  bytes before the first comment, as a share of Isso\'s (budget: at most 100 %):');
  console.log(`    widget ${(100 * bytes('widget') / bytes('isso')).toFixed(1)} %, article page ${(100 * bytes('page') / bytes('isso')).toFixed(1)} %`);
  await floor(launch, RUNS, median);
} finally {
  isso.stop();
  await host.close();
}

/** One cold load of `url` in a fresh browser, measured by `measureLoad`. */
async function cold(url, options) {
  const context = await launch();
  try {
    return await measureLoad(context, url, options);
  } finally {
    await context.close();
  }
}

/** Posts the same comments to Isso's thread at `path`, as its embed does (`POST /new?uri=`). */
async function seedIsso(url, path) {
  for (let n = 1; n <= COMMENTS; n += 1) {
    const { text, author } = comment(n);
    const posted = await fetch(`${url}/new?uri=${encodeURIComponent(path)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: host.origin },
      body: JSON.stringify({ text, author, title: 'Bench' }),
    });
    if (posted.status !== 201) throw new Error(`posting Isso comment ${n}: HTTP ${posted.status} ${await posted.text()}`);
  }
}

/**
 * Isso as its README starts it (`isso -c isso.cfg run`, its own HTTP server) on a free port,
 * with a fresh database, the host page's origin allowed, and its rate limit off for seeding.
 */
async function startIsso(origin) {
  const program = process.env.ISSO;
  if (!program) throw new Error('ISSO names the isso program (cargo xtask bench --isso installs it)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'schrieb-isso-'));
  const config = join(dir, 'isso.cfg');
  writeFileSync(config, `[general]
dbpath = ${join(dir, 'comments.db')}
host = ${origin}/
[server]
listen = http://127.0.0.1:${port}/
[guard]
enabled = false
`);
  const child = spawn(program, ['-c', config, 'run'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const info = await (await fetch(`${url}/info`)).json();
      return { url, version: info.version, stop: () => child.kill() };
    } catch (error) {
      if (attempt > 100 || child.exitCode !== null) throw new Error(`Isso did not start: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A port nothing listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
