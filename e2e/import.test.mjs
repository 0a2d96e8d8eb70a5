// An import in the browser: a Disqus export with nested replies, imported with the command an
// operator runs into a running server's database, becomes a flat thread in time order whose
// replies open with "Anna schrieb:" quotes (marked as imported, unverified) leading to their
// parents, with a deleted parent kept as a placeholder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, appReady, api, comments, startOwnServer, RUN } from './browser.mjs';

const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';

let server;
let context;
before(async () => {
  server = await startOwnServer();
  context = await launch();
});
after(async () => {
  await context?.close();
  await server?.stop();
});

const post = (id, parent, name, message, at, deleted = false) => `
  <post dsq:id="${id}"><message><![CDATA[${message}]]></message><createdAt>${at}</createdAt>
    <isDeleted>${deleted}</isDeleted><isSpam>false</isSpam>
    <author><name>${name}</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="t1" />${parent ? `<parent dsq:id="${parent}" />` : ''}</post>`;

test('an imported Disqus thread quotes each reply\'s parent, in order, with a deleted parent\'s placeholder', async () => {
  const link = `https://news.example.org/alt/${RUN}`;
  // Replies listed before their parents, as exports do.
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="t1"><id>alt-${RUN}</id><link>${link}</link><title>Alter Beitrag ${RUN}</title>
    <createdAt>2022-05-01T08:00:00Z</createdAt></thread>
  ${post('p3', 'p2', 'Carla', '<p>Carla antwortet Bernd.</p>', '2022-05-01T10:20:00Z')}
  ${post('p2', 'p1', 'Bernd', '<p>Bernd antwortet Anna.</p>', '2022-05-01T10:10:00Z')}
  ${post('p1', null, 'Anna', '<p>Anna beginnt <b>hier</b>.</p>', '2022-05-01T10:00:00Z')}
  ${post('p4', null, 'Dieter', '<p>Wird gelöscht.</p>', '2022-05-01T11:00:00Z', true)}
  ${post('p5', 'p4', 'Emil', '<p>Emil antwortet dem Gelöschten.</p>', '2022-05-01T11:10:00Z')}
</disqus>`;
  const file = join(mkdtempSync(join(tmpdir(), 'schrieb-import-')), 'disqus.xml');
  writeFileSync(file, xml);
  const printed = execFileSync(binary, ['import', '--db', server.db, '--from', 'disqus', file, '--site', 'schrieb Demo'],
    { encoding: 'utf8' });
  assert.match(printed, /added: 1 threads, 5 comments, 0 people/);

  const article = (await api('/api/v1/articles', server.url)).items.find((a) => a.title === `Alter Beitrag ${RUN}`);
  assert.ok(article, 'the imported thread is listed');
  const page = await context.newPage();
  await page.goto(`${server.url}/a/${article.slug}`);
  await appReady(page);
  await comments(page).first().waitFor();
  const items = comments(page);
  assert.equal(await items.count(), 5);
  const authors = await items.locator('.comment__author').allTextContents();
  // Guests all: each name is followed by the guest mark.
  assert.deepEqual(authors.map((name) => name.trim().split(/\s+/)[0]), ['Anna', 'Bernd', 'Carla', 'Dieter', 'Emil']);

  // Bernd's and Carla's comments open with a quote of the comment they answered.
  const citations = await items.locator('.markup__quote-source a').allTextContents();
  assert.deepEqual(citations, ['Anna schrieb:', 'Bernd schrieb:', 'Dieter schrieb:']);
  await items.nth(1).locator('.markup__quote-status', { hasText: 'Importiertes Zitat, nicht überprüft.' }).waitFor();
  assert.match(await items.nth(1).locator('.markup__quote').textContent(), /Anna beginnt hier\./);

  // Dieter's comment was deleted: its place stays, its words do not, not even in Emil's quote.
  await items.nth(3).locator('.comment__deleted', { hasText: 'Dieser Kommentar wurde gelöscht.' }).waitFor();
  const emil = await items.nth(4).textContent();
  assert.doesNotMatch(emil, /Wird gelöscht/);
  await items.nth(4).locator('.markup__quote-status', { hasText: 'Der zitierte Beitrag wurde gelöscht.' }).waitFor();

  // "Anna schrieb:" leads to Anna's comment.
  await items.nth(1).locator('.markup__quote-source a').click();
  await page.locator('li.comment--highlighted', { hasText: 'Anna beginnt' }).waitFor();
  await page.close();
});
