// Notification fan-out: a comment that quotes four people's comments and mentions ten others
// notifies fourteen people in the request that posts it (the server makes notifications before
// it answers). Posts ROUNDS such comments and ROUNDS plain ones, one at a time, alternating, and
// prints the POST latencies side by side (p50 / p99) with their ratio, then checks that every
// one of the fourteen got exactly ROUNDS notifications.
import { performance } from 'node:perf_hooks';

const BASE = process.env.SCHRIEB_URL;
const SLUG = process.env.SCHRIEB_SLUG;
// Where the quoted comments are: their authors do not follow SLUG.
const SOURCES = process.env.SCHRIEB_SOURCES;
// [{ name, cookie }]: the writer first, then four to quote, then ten to mention.
const PEOPLE = JSON.parse(process.env.SCHRIEB_PEOPLE);
const ROUNDS = 40;

async function post(cookie, body, slug = SLUG) {
  const started = performance.now();
  const response = await fetch(`${BASE}/api/v1/articles/${slug}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE, cookie },
    body: JSON.stringify({ body }),
  });
  const took = performance.now() - started;
  if (response.status !== 201) throw new Error(`posting: HTTP ${response.status} ${await response.text()}`);
  return { took, posted: await response.json() };
}

const [writer, ...others] = PEOPLE;
const quoted = others.slice(0, 4);
const mentioned = others.slice(4, 14);
const sources = [];
for (const person of quoted) {
  sources.push({ person, id: (await post(person.cookie, `Eine These von ${person.name}.`, SOURCES)).posted.comment.id });
}
const quotes = sources.map(({ person, id }) => `[quote=${id} author="${person.name}"]\nEine These von ${person.name}.\n[/quote]\n`).join('\n');
const mentions = mentioned.map((person) => `@"${person.name}"`).join(', ');

const plain = [];
const fanned = [];
for (let n = 0; n < ROUNDS; n += 1) {
  plain.push((await post(writer.cookie, `Ein Beitrag ohne Adressaten, Nummer ${n}.`)).took);
  fanned.push((await post(writer.cookie, `${quotes}\nAntwort ${n} an alle: ${mentions}.`)).took);
}
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
console.log(`\nnotification fan-out: POST of a comment quoting 4 and mentioning 10 (14 notifications) beside a plain one, ${ROUNDS} each:`);
console.log(`  plain:     p50 ${percentile(plain, 50).toFixed(1)} ms, p99 ${percentile(plain, 99).toFixed(1)} ms`);
console.log(`  fan-out:   p50 ${percentile(fanned, 50).toFixed(1)} ms, p99 ${percentile(fanned, 99).toFixed(1)} ms `
  + `(${(percentile(fanned, 50) / percentile(plain, 50)).toFixed(2)}x the plain p50)`);

let wrong = 0;
for (const person of [...quoted, ...mentioned]) {
  const page = await (await fetch(`${BASE}/api/v1/me/notifications?page=1`, { headers: { cookie: person.cookie } })).json();
  // The quoted wrote in the sources' thread one after another: each follows it, and was told
  // of the later ones' comments there.
  const at = quoted.indexOf(person);
  const expected = ROUNDS + (at >= 0 ? quoted.length - 1 - at : 0);
  if (page.total !== expected) {
    wrong += 1;
    console.log(`  ${person.name}: ${page.total} notifications, ${expected} expected`);
  }
}
console.log(`  recipients with exactly one notification per comment that concerns them: ${14 - wrong} of 14`);
if (wrong > 0) process.exit(1);
