// Moderation in the browser, on a server of its own (its site's rules change): a guest's comment
// that waits for approval is shown to the guest, marked, and to nobody else; a moderator
// clears a queue by keyboard alone, narrows it, notes on an author, edits before approving
// and decides many comments at once; a reader's report holds a comment at the site's threshold
// until a moderator keeps it; a banned reader is told why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launch, appReady, comments, logIn, postReply, startOwnServer, RUN } from './browser.mjs';

const ARTICLE = '/a/harborview-transit-app-outage';
const SITE = 'schrieb Demo';
const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';

let server;
let context;
before(async () => {
  server = await startOwnServer();
  execFileSync(binary, ['site', 'guests', SITE, 'on', '--db', server.db]);
  // Guests' comments wait for a moderator; accounts' are published at once.
  execFileSync(binary, ['site', 'moderation', SITE, '--mode', 'guests', '--db', server.db]);
  context = await launch();
});
after(async () => {
  await context?.close();
  await server?.stop();
});

/** Adds an account (`--moderator` in `flags` for one) and returns how it logs in. */
function account(name, flags = []) {
  const who = { name: `${name} ${RUN}`, email: `${name.toLowerCase()}-${RUN}@example.org`, password: 'ein-gutes-passwort' };
  execFileSync(binary, ['user', 'add', ...flags, '--db', server.db, who.name, who.email],
    { env: { ...process.env, SCHRIEB_PASSWORD: who.password } });
  return who;
}

/** A page of `context` at `path` on the test's own server, the app ready. */
async function at(where, path) {
  const page = await where.newPage();
  await page.goto(server.url + path);
  await appReady(page);
  return page;
}

test('a guest comment that waits is shown to the guest, marked, and to nobody else', async () => {
  const guest = await at(context, ARTICLE);
  await guest.getByLabel('Ihr Name').fill(`Besucherin Gerda ${RUN}`);
  const text = `Erst prüfen, dann zeigen ${RUN}`;
  await postReply(guest, text);
  await guest.getByText('Ihr Beitrag ist gespeichert und wartet auf Freigabe durch die Moderation.').waitFor();
  const held = guest.locator('.held .comment', { hasText: text });
  await held.getByText('Wartet auf Freigabe.').waitFor();
  // Still there after a reload: the guest's browser remembers it.
  await guest.reload();
  await guest.locator('.held .comment', { hasText: text }).getByText('Wartet auf Freigabe.').waitFor();

  // Another reader, in a browser of their own, sees neither the comment nor a held section.
  const other = await launch();
  try {
    const reader = await at(other, ARTICLE);
    await comments(reader).first().waitFor();
    assert.equal(await reader.getByText(text).count(), 0);
    assert.equal(await reader.locator('.held').count(), 0);
    const thread = await (await fetch(`${server.url}/api/v1/articles/harborview-transit-app-outage/comments?page=1`)).json();
    assert.ok(!JSON.stringify(thread).includes(text), 'not in the API either');
  } finally {
    await other.close();
  }
});

test('a moderator clears three queue items by keyboard alone', async () => {
  // Three more guest comments wait (after the first test's).
  const texts = [1, 2, 3].map((n) => `Warteschlange ${n} ${RUN}`);
  for (const text of texts) {
    const posted = await fetch(`${server.url}/api/v1/articles/harborview-transit-app-outage/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ body: text, guest_name: `Besucher ${RUN}` }),
    });
    assert.equal(posted.status, 201);
    assert.equal((await posted.json()).comment.state, 'pending');
  }
  const moderator = account('Moderatorin', ['--moderator']);
  const desk = await context.newPage();
  await logIn(desk, moderator.email, moderator.password, '/moderation', server.url);
  const items = desk.locator('.queue-item');
  await items.first().waitFor();
  const before = await items.count();
  assert.ok(before >= 3, `${before} items wait`);
  // Oldest first: the three that the keys below decide.
  const ids = await items.evaluateAll((shown) => shown.slice(0, 3).map((item) => item.id.slice(1)));
  // Into the queue by Tab, then keys only: approve the first, move down, reject the next with a
  // reason, approve the one after.
  await desk.locator('.desk__queue-title').focus();
  const focused = () => desk.evaluate(() => document.activeElement.id);
  const itemFocused = () => desk.waitForFunction(() => /^q\d+$/.test(document.activeElement.id));
  await desk.keyboard.press('j');
  await itemFocused();
  const first = await focused();
  await desk.keyboard.press('j');
  await desk.waitForFunction((first) => document.activeElement.id !== first, first);
  await desk.keyboard.press('k');
  await desk.waitForFunction((first) => document.activeElement.id === first, first);
  await desk.keyboard.press('a');
  await desk.getByRole('status').filter({ hasText: 'Freigegeben.' }).waitFor();
  await desk.waitForFunction((count) => document.querySelectorAll('.queue-item').length === count, before - 1);
  // The focus went to the next item, not the page's top.
  await itemFocused();
  assert.notEqual(await focused(), first);
  await desk.keyboard.press('r');
  await desk.waitForFunction(() => document.activeElement?.id?.endsWith('-reason'));
  await desk.keyboard.type('Bitte beim Thema bleiben.');
  await desk.keyboard.press('Enter');
  await desk.getByRole('status').filter({ hasText: 'Abgelehnt.' }).waitFor();
  await desk.waitForFunction((count) => document.querySelectorAll('.queue-item').length === count, before - 2);
  await desk.keyboard.press('a');
  await desk.waitForFunction((count) => document.querySelectorAll('.queue-item').length === count, before - 3);
  await desk.waitForFunction(() => /^(q\d+|queue-title)$/.test(document.activeElement.id));

  // `?` lists the keys.
  await desk.keyboard.press('?');
  await desk.getByRole('heading', { name: 'Tasten' }).waitFor();

  // Approved, the first and the third are in the thread for everyone; the rejected one is not.
  const status = async (id) => (await fetch(`${server.url}/api/v1/comments/${id}`)).status;
  assert.deepEqual([await status(ids[0]), await status(ids[1]), await status(ids[2])], [200, 404, 200]);
  const approved = await (await fetch(`${server.url}/api/v1/comments/${ids[2]}`)).json();
  assert.equal(approved.comment.state, 'published');
  assert.ok(approved.comment.position > 0, 'it has its place now');
});

test('a reader reports a comment, the threshold hides it, and a moderator keeps it', async () => {
  // One report holds a comment on this site now.
  execFileSync(binary, ['site', 'moderation', SITE, '--report-threshold', '1', '--db', server.db]);
  const thread = await (await fetch(`${server.url}/api/v1/articles/harborview-transit-app-outage/comments?page=1`)).json();
  const target = thread.items.find((comment) => comment.state === 'published' && !comment.deleted);
  const words = target.body.split('\n')[0].slice(0, 40);
  const reader = account('Melderin');
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await logIn(page, reader.email, reader.password, ARTICLE, server.url);
    const comment = page.locator(`#c${target.id}`);
    await comment.getByText(words).first().waitFor();
    // By keyboard: the button opens the form with the first reason focused; arrows choose.
    await comment.getByRole('button', { name: 'Melden' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.type === 'radio');
    await page.keyboard.press('ArrowDown');
    assert.equal(await comment.getByLabel('Beleidigung oder Belästigung').isChecked(), true);
    await comment.getByLabel('Anmerkung für das Moderationsteam').fill('Greift andere persönlich an.');
    await comment.getByRole('button', { name: 'Meldung absenden' }).click();
    await comment.getByRole('status').filter({ hasText: 'Ihre Meldung ist eingegangen' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('comment-actions__done'));

    // Held now: a reader who opens the thread sees its place empty.
    const other = await launch();
    try {
      const anyone = await at(other, ARTICLE);
      await anyone.locator(`#c${target.id}`).waitFor();
      assert.equal(await anyone.locator(`#c${target.id}`).getByText(words).count(), 0);
    } finally {
      await other.close();
    }
  } finally {
    await browser.close();
  }

  // The moderator finds it waiting with the report, and keeps it.
  const moderator = account('Moderator', ['--moderator']);
  const staff = await launch();
  try {
    const desk = await staff.newPage();
    await logIn(desk, moderator.email, moderator.password, '/moderation', server.url);
    const item = desk.locator(`#q${target.id}`);
    await item.getByText(`${reader.name}: Beleidigung oder Belästigung`).waitFor();
    await item.getByText('Greift andere persönlich an.').waitFor();
    await item.getByRole('button', { name: /Freigeben/ }).click();
    await desk.getByRole('status').filter({ hasText: 'Freigegeben.' }).waitFor();
  } finally {
    await staff.close();
  }
  const back = await (await fetch(`${server.url}/api/v1/comments/${target.id}`)).json();
  assert.deepEqual([back.comment.state, back.comment.body], ['published', target.body]);
});

/** Logs `who` in through the API and returns the session cookie, for requests of a second reader. */
async function sessionOf(who) {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  assert.equal(response.status, 200);
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

test('a moderator bans a reader by keyboard; the reader is logged out and told why', async () => {
  execFileSync(binary, ['site', 'moderation', SITE, '--report-threshold', '1', '--db', server.db]);
  const offender = account('Krawallo');
  const text = `Ihr habt doch alle keine Ahnung ${RUN}`;
  const readerBrowser = await launch();
  const staff = await launch();
  try {
    const page = await readerBrowser.newPage();
    await logIn(page, offender.email, offender.password, ARTICLE, server.url);
    await postReply(page, text);
    await page.locator('.comment', { hasText: text }).waitFor();
    const thread = await (await fetch(`${server.url}/api/v1/articles/harborview-transit-app-outage/comments?page=1`)).json();
    let comment = thread.items.find((item) => item.body === text);
    for (let page = 2; !comment && page <= thread.pages; page += 1) {
      const more = await (await fetch(`${server.url}/api/v1/articles/harborview-transit-app-outage/comments?page=${page}`)).json();
      comment = more.items.find((item) => item.body === text);
    }
    // Another reader reports it, which holds it for the desk.
    const cookie = await sessionOf(account('Zeugin'));
    const reported = await fetch(`${server.url}/api/v1/comments/${comment.id}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify({ reason: 'abuse' }),
    });
    assert.equal(reported.status, 201);

    // The moderator: to the item by keyboard, `b`, the reason, Enter.
    const moderator = account('Sperrerin', ['--moderator']);
    const desk = await staff.newPage();
    await logIn(desk, moderator.email, moderator.password, '/moderation', server.url);
    const item = desk.locator(`#q${comment.id}`);
    await item.waitFor();
    await item.focus();
    await desk.keyboard.press('b');
    await desk.waitForFunction((id) => document.activeElement?.id === `q${id}-sanction`, comment.id);
    await desk.keyboard.type('Beleidigt andere Leser.');
    await desk.keyboard.press('Enter');
    await desk.getByRole('status').filter({ hasText: `${offender.name} ist gesperrt.` }).waitFor();
    await desk.waitForFunction((id) => document.activeElement?.id === `q${id}`, comment.id);

    // The reader, still on the page, writes again: told that the account is banned, and why.
    await postReply(page, `Und noch was ${RUN}`);
    await page.getByRole('alert').filter({ hasText: 'Ihr Konto ist gesperrt: Beleidigt andere Leser.' }).waitFor();
    // Logged out: a reload shows nobody logged in, and logging in again is refused with the reason.
    await page.reload();
    await appReady(page);
    assert.equal(await page.locator('.user-menu__name').count(), 0);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(offender.email);
    await page.getByLabel('Passwort').fill(offender.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Ihr Konto ist gesperrt: Beleidigt andere Leser.').waitFor();
  } finally {
    await readerBrowser.close();
    await staff.close();
  }
});

test('a moderator narrows the queue, notes on an author, reads the histories and edits before approving, by keyboard', async () => {
  execFileSync(binary, ['site', 'moderation', SITE, '--mode', 'guests', '--db', server.db]);
  const moderator = account('Notiererin', ['--moderator']);
  const author = account('Vorgemerkter');
  const staff = await sessionOf(moderator);
  const me = await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie: await sessionOf(author) } })).json();
  const premoderate = await fetch(`${server.url}/api/v1/moderation/users/${me.id}/sanction`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: server.url, cookie: staff },
    body: JSON.stringify({ kind: 'premoderate', reason: 'Neu und laut.' }),
  });
  assert.equal(premoderate.status, 200);
  const post = async (slug, body, cookie) => {
    const posted = await fetch(`${server.url}/api/v1/articles/${slug}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(cookie ? { body } : { body, guest_name: `Besucher Anderswo ${RUN}` }),
    });
    assert.equal(posted.status, 201);
    return (await posted.json()).comment;
  };
  const theirs = await post('harborview-transit-app-outage', `Vorab geprüft ${RUN}`, await sessionOf(author));
  await post('pergola-lizenzwechsel', `Ganz woanders ${RUN}`);

  const browser = await launch();
  try {
    const desk = await browser.newPage();
    await logIn(desk, moderator.email, moderator.password, '/moderation', server.url);
    await desk.locator(`#q${theirs.id}`).waitFor();
    await desk.getByText(`Ganz woanders ${RUN}`).waitFor();
    // The tab counts what the queue holds.
    const counts = await (await fetch(`${server.url}/api/v1/moderation/counts`, { headers: { cookie: staff } })).json();
    await desk.locator('.desk__tab[aria-current="page"] .desk__count', { hasText: String(counts.pending) }).waitFor();

    // One article: the other's comment goes; the address says so.
    await desk.getByLabel('Artikel').selectOption('harborview-transit-app-outage');
    await desk.waitForURL(/article=harborview-transit-app-outage/);
    await desk.locator(`#q${theirs.id}`).waitFor();
    assert.equal(await desk.getByText(`Ganz woanders ${RUN}`).count(), 0);
    // One reason: only the pre-moderated author's comment is left.
    await desk.getByLabel('Grund').selectOption('premoderated');
    await desk.waitForURL(/reason=premoderated/);
    await desk.waitForFunction(() => document.querySelectorAll('.queue-item').length === 1);
    const item = desk.locator(`#q${theirs.id}`);
    await item.getByText('Wird vorab geprüft').waitFor();

    // `n` on the item opens the note; typed, saved by keyboard, the focus goes back to the item.
    await item.focus();
    await desk.keyboard.press('n');
    await desk.waitForFunction((id) => document.activeElement?.id === `q${id}-note`, theirs.id);
    await desk.keyboard.type('Schon zweimal verwarnt.');
    await desk.keyboard.press('Tab');
    await desk.keyboard.press('Enter');
    await desk.getByRole('status').filter({ hasText: 'Notiz gespeichert.' }).waitFor();
    await desk.waitForFunction((id) => document.activeElement?.id === `q${id}`, theirs.id);
    await item.locator('.author-record__notes', { hasText: 'Schon zweimal verwarnt.' }).waitFor();

    // The comment's history: held by the checks as it was posted. The account's: pre-moderated.
    await item.getByRole('button', { name: 'Verlauf', exact: true }).click();
    await item.locator('.log-list__entry', { hasText: 'Automatische Prüfung: wartend' }).waitFor();
    await item.getByRole('button', { name: 'Kontoverlauf' }).click();
    await item.locator('.log-list__entry', { hasText: 'ohne Sanktion → vorab geprüft' }).waitFor();

    // Only this author: the filter names them, and the note is still there after a reload.
    await item.getByRole('link', { name: `Nur ${author.name} zeigen` }).click();
    await desk.waitForURL(new RegExp(`author=${me.id}`));
    await desk.getByText(`Nur Beiträge von ${author.name}.`).waitFor();
    await desk.reload();
    await appReady(desk);
    await desk.locator(`#q${theirs.id} .author-record__notes`, { hasText: 'Schon zweimal verwarnt.' }).waitFor();

    // `e`: the body to edit, its preview as readers will see it; approved as edited.
    await desk.locator(`#q${theirs.id}`).focus();
    await desk.keyboard.press('e');
    await desk.waitForFunction((id) => document.activeElement?.id === `q${id}-edit`, theirs.id);
    await desk.keyboard.press('ControlOrMeta+a');
    await desk.keyboard.type(`Geprüft und **gekürzt** ${RUN}`);
    await desk.locator(`#q${theirs.id}-edit-preview strong`, { hasText: 'gekürzt' }).waitFor();
    await desk.keyboard.press('Tab');
    await desk.keyboard.press('Enter');
    await desk.getByRole('status').filter({ hasText: 'Freigegeben.' }).waitFor();
    const published = await (await fetch(`${server.url}/api/v1/comments/${theirs.id}`)).json();
    assert.equal(published.comment.body, `Geprüft und **gekürzt** ${RUN}`);
    assert.equal(published.comment.state, 'published');
  } finally {
    await browser.close();
  }
});

test('a moderator selects comments by keyboard, and rejects all that match a filter as one job', async () => {
  execFileSync(binary, ['site', 'moderation', SITE, '--mode', 'guests', '--db', server.db]);
  const guestPost = async (slug, body) => {
    const posted = await fetch(`${server.url}/api/v1/articles/${slug}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ body, guest_name: `Besucher Welle ${RUN}` }),
    });
    assert.equal(posted.status, 201);
    return (await posted.json()).comment;
  };
  const wave = [];
  for (const n of [1, 2, 3]) wave.push(await guestPost('pergola-lizenzwechsel', `Spamwelle ${n} ${RUN}`));
  const chosen = [await guestPost('harborview-transit-app-outage', `Auswahl A ${RUN}`),
    await guestPost('harborview-transit-app-outage', `Auswahl B ${RUN}`)];
  const moderator = account('Sammlerin', ['--moderator']);
  const browser = await launch();
  try {
    const desk = await browser.newPage();
    await logIn(desk, moderator.email, moderator.password, '/moderation', server.url);
    // Two chosen with `x`, approved together.
    for (const comment of chosen) {
      await desk.locator(`#q${comment.id}`).focus();
      await desk.keyboard.press('x');
    }
    await desk.getByText('2 ausgewählt:').waitFor();
    await desk.getByRole('group', { name: 'Sammelentscheidung' }).getByRole('button', { name: 'Freigeben', exact: true }).click();
    await desk.getByText('Freigeben: wirklich 2 Beiträge?').waitFor();
    // The question takes the focus (a frame after it shows); from it, Tab reaches its button.
    await desk.waitForFunction(() => document.activeElement?.id === 'bulk-confirm');
    await desk.keyboard.press('Tab');
    await desk.keyboard.press('Enter');
    await desk.getByRole('status').filter({ hasText: 'Fertig: 2 entschieden, 0 übersprungen' }).waitFor();
    for (const comment of chosen) {
      const now = await (await fetch(`${server.url}/api/v1/comments/${comment.id}`)).json();
      assert.equal(now.comment.state, 'published');
    }

    // Every waiting comment under one article, rejected as one job with a reason.
    await desk.getByLabel('Artikel').selectOption('pergola-lizenzwechsel');
    await desk.waitForURL(/article=pergola-lizenzwechsel/);
    await desk.locator(`#q${wave[2].id}`).waitFor();
    const total = await desk.locator('.queue-item').count();
    await desk.getByRole('button', { name: `Alle ${total}: Ablehnen` }).click();
    await desk.getByText(`Ablehnen: wirklich ${total} Beiträge?`).waitFor();
    await desk.getByLabel('Begründung (sieht die Verfasserin oder der Verfasser)').fill('Werbung.');
    await desk.keyboard.press('Enter');
    await desk.getByRole('status').filter({ hasText: `Fertig: ${total} entschieden, 0 übersprungen` }).waitFor();
    await desk.getByText('Nichts gefunden, das zu diesem Filter passt.').waitFor();
    const log = await (await fetch(`${server.url}/api/v1/moderation/log?comment=${wave[0].id}`, {
      headers: { cookie: await sessionOf(moderator) },
    })).json();
    assert.equal(log.items[0].to, 'rejected');
    assert.equal(log.items[0].reason, 'Werbung.');
    // The desk's log of decisions has each of them, with the comment it is about.
    await desk.getByRole('link', { name: 'Protokoll' }).click();
    await desk.getByRole('heading', { name: 'Die letzten Entscheidungen' }).waitFor();
    await desk.locator('.log-list__entry', { hasText: `Beitrag ${wave[0].id} ` }).filter({ hasText: 'Werbung.' }).waitFor();
  } finally {
    await browser.close();
  }
});
