// The admin page in the browser, on a server of its own (it changes the site's rules): an admin
// sets the site's mode and thresholds, edits and imports word lists (told of entries that match
// nothing), and blocks email domains (told of one that is no domain); what is saved acts on the
// next comment. The site downloads in both export formats. Readers and moderators are turned
// away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { api, launch, logIn, startOwnServer, RUN } from './browser.mjs';

const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';
const PASSWORD = 'ein-gutes-passwort';

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

function account(name, flags = []) {
  const who = { name: `${name} ${RUN}`, email: `${name.toLowerCase()}-${RUN}@example.org` };
  execFileSync(binary, ['user', 'add', ...flags, '--db', server.db, who.name, who.email],
    { env: { ...process.env, SCHRIEB_PASSWORD: PASSWORD } });
  return who;
}

test('an admin sets the rules, the word lists and the blocked domains of a site', async () => {
  const admin = account('Adele', ['--admin']);
  const page = await context.newPage();
  await logIn(page, admin.email, PASSWORD, '/admin', server.url);
  await page.getByRole('heading', { name: 'Moderationsregeln' }).waitFor();
  assert.equal(await page.getByLabel('Website').inputValue(), 'schrieb Demo');

  // The rules: every comment waits; two reports hold one. A number left out is asked for.
  await page.getByLabel('Modus').selectOption('all');
  await page.getByLabel('Meldungen, die einen Beitrag zurückhalten').fill('');
  await page.getByRole('button', { name: 'Regeln speichern' }).click();
  await page.getByRole('alert').filter({ hasText: 'Bitte in jedes Zahlenfeld eine ganze Zahl ab 0 eintragen.' }).waitFor();
  await page.getByLabel('Meldungen, die einen Beitrag zurückhalten').fill('2');
  await page.getByRole('button', { name: 'Regeln speichern' }).click();
  await page.locator('.admin-form__saved', { hasText: 'Gespeichert.' }).waitFor();
  const rules = execFileSync(binary, ['site', 'moderation', 'schrieb Demo', '--db', server.db]).toString();
  assert.match(rules, /"mode": "all"/);
  assert.match(rules, /"report_threshold": 2/);

  // The word lists: typed, and added from a file; an entry of no letters is pointed out.
  await page.getByLabel('Verbotene Wörter (lehnen ab)').fill(`spam*\n!!`);
  await page.getByText('Diese Einträge treffen nichts, weil sie weder Buchstaben noch Ziffern haben: !!').waitFor();
  await page.locator('#words-suspect-file').setInputFiles({
    name: 'verdacht.txt', mimeType: 'text/plain', buffer: Buffer.from('# verdächtig\nbilligheimer\n\nkaufen*\n'),
  });
  await page.waitForFunction(() => document.querySelector('#words-suspect').value === 'billigheimer\nkaufen*');
  await page.getByRole('button', { name: 'Wortlisten speichern' }).click();
  await page.locator('.admin-form__saved', { hasText: 'Gespeichert: 2 verbotene, 2 verdächtige Einträge.' }).waitFor();

  // Blocked domains: one that is no domain is named; corrected, saved.
  const domains = page.getByLabel('Domains, ein Eintrag pro Zeile');
  await domains.fill('wegwerfmail.example\nkein domain');
  await page.getByRole('button', { name: 'Domains speichern' }).click();
  await page.getByRole('alert').filter({ hasText: '„kein domain“ ist kein Domainname' }).waitFor();
  await domains.fill(`wegwerfmail.example\n@Spam-${RUN}.example`);
  await page.getByRole('button', { name: 'Domains speichern' }).click();
  await page.locator('.admin-form__saved', { hasText: 'Gespeichert: 2 Domains.' }).waitFor();

  // What is saved acts: a registration with a blocked domain is refused; the page, read
  // again, shows the lists as stored.
  const registered = await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ display_name: `Wegwerfer ${RUN}`, email: `x@mail.wegwerfmail.example`, password: PASSWORD }),
  });
  assert.equal(registered.status, 422);
  await page.reload();
  await page.getByRole('heading', { name: 'Wortlisten' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#words-banned')?.value === '!!\nspam*');
  assert.equal(await page.getByLabel('Modus').inputValue(), 'all');
  assert.equal(await domains.inputValue(), `spam-${RUN}.example\nwegwerfmail.example`);
});

test('an admin downloads the site in schrieb\'s format and as WXR', async () => {
  const admin = account('Exportine', ['--admin']);
  const page = await context.newPage();
  await logIn(page, admin.email, PASSWORD, '/admin', server.url);
  await page.getByRole('heading', { name: 'Export' }).waitFor();
  const fetched = async (name) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    return { file: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
  };
  const own = await fetched('schrieb-Format herunterladen (JSON Lines)');
  assert.match(own.file, /^schrieb-schrieb-demo-\d{4}-\d\d-\d\d\.jsonl$/);
  const lines = own.text.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines[0].type, 'schrieb');
  const published = (await api('/api/v1/articles', server.url)).items.reduce((sum, article) => sum + article.comment_count, 0);
  assert.ok(published > 0 && lines.filter((line) => line.type === 'comment').length >= published, 'every comment');
  // What the command line writes, byte for byte.
  const cli = execFileSync(binary, ['export', '--db', server.db, '--site', 'schrieb Demo'], { encoding: 'utf8' });
  assert.equal(own.text, cli);
  const wxr = await fetched('WordPress-Export herunterladen (WXR)');
  assert.match(wxr.file, /\.xml$/);
  assert.match(wxr.text, /^<\?xml[^]*<wp:comment>[^]*<\/rss>\s*$/);
  await page.close();
});

test('readers and moderators are turned away from the admin page', async () => {
  const moderator = account('Mona', ['--moderator']);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await logIn(page, moderator.email, PASSWORD, '/admin', server.url);
    await page.getByRole('alert').filter({ hasText: 'Diese Seite ist für Administratorinnen und Administratoren.' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Einstellungen' }).count(), 0);
  } finally {
    await browser.close();
  }
});
