// Accessibility: axe-core over every kind of page (home, an article with its thread and the
// open mention suggestions, a comment's revisions, login, register, about, the account page with
// its notification settings, a mailed unsubscribe link's choices and confirmation) and over the embed
// widget on another site's page, signed out and signed in, in the light and the dark scheme
// (the app follows `prefers-color-scheme`; the widget too, unless the host page names a theme).
// Their threads hold a comment with a link preview card. Zero violations; a failure lists each
// in words. And the widget's credit leads to the
// instance's own about page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, api, apiLogIn, apiPost, comments, addUser, addSite, embedThread, logIn, mailedUnsubscribeLink, newAccount,
  startHostSite, BASE, GERMAN,
} from './browser.mjs';
import { startLinkedSite, articlePage, cardsOf } from './linked-site.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const RUN = Date.now().toString(36);
const PASSWORD = 'ein-gutes-passwort';
const POST = `/2026/${RUN}/barrierefrei`;

/**
 * A host page that follows the reader's scheme, as a site with a dark mode does. The widget is
 * transparent in the light scheme (this page shows through) and dark on its own background in
 * the dark one, which axe, checking inside the frame, can see.
 */
function hostPage(origin) {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Barrierefrei ${RUN}</title>
<meta name="color-scheme" content="light dark"><link rel="canonical" href="${origin}${POST}"></head>
<body><main><h1>Barrierefrei</h1><p>Ein Text vor der Diskussion.</p>
<div id="schrieb"></div><script src="${BASE}/embed.js" async></script></main></body></html>`;
}

let host;
before(async () => {
  const pages = {};
  host = await startHostSite(pages);
  pages[POST] = hostPage(host.origin);
  // Guests may write, so the reply editor is there signed out as well.
  addSite(`A11y-Blog ${RUN}`, [host.origin], { guests: true });
  // The thread exists before the first check, so the loader has a first page to draw.
  ({ slug: widgetSlug } = await embedThread(`${host.origin}${POST}`, 'Barrierefrei'));
  // A comment with a link preview card (and its picture), in the app's thread and the widget.
  const linked = await startLinkedSite({ [`/a11y-${RUN}`]: articlePage('Barrierefreie Karten') });
  try {
    const posted = await apiPost(widgetSlug, `Mit Vorschau: ${linked.url}/a11y-${RUN}`, { guest: 'Karla Karte' });
    await cardsOf(api, widgetSlug, posted.comment.id);
  } finally {
    await linked.close();
  }
});
after(async () => { await host?.close(); });

/** The widget's thread (also an article page of the app), where the checks may write. */
let widgetSlug;

const OPTIONS = { resultTypes: ['violations'] };

/** Puts axe-core into `frame` (a page or a frame) unless it is there. */
async function withAxe(frame) {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.addScriptTag({ path: AXE });
}

/**
 * axe-core's violations in `page` and in its frames, each as `{ id, impact, help, nodes }`.
 * Each frame is checked in its own origin (`runPartial`) and the results are put together in
 * the page (`finishRun`), so page-wide rules (one main heading, unique landmarks) see the page
 * as the reader does: the widget's discussion under the host page's own heading.
 */
async function violations(page) {
  await withAxe(page);
  const partials = [await page.evaluate((options) => window.axe.runPartial(document, options), OPTIONS)];
  const frames = await page.evaluate((options) => window.axe.utils.getFrameContexts(document, options), OPTIONS);
  for (const { frameSelector, frameContext } of frames) {
    const element = await page.evaluateHandle((selector) => window.axe.utils.shadowSelect(selector), frameSelector);
    const frame = await element.asElement().contentFrame();
    await withAxe(frame);
    partials.push(await frame.evaluate(([context, options]) => window.axe.runPartial(context, options), [frameContext, OPTIONS]));
  }
  const results = await page.evaluate(([partials, options]) => window.axe.finishRun(partials, options), [partials, OPTIONS]);
  return results.violations.map(({ id, impact, help, nodes }) => ({
    id, impact, help,
    nodes: nodes.map((node) => ({ target: node.target.flat().join(' ▸ '), summary: node.failureSummary })),
  }));
}

/** Checks what `page` shows now; the findings go into `found`, labelled `where`. */
async function check(page, where, found) {
  for (const violation of await violations(page)) found.push({ where, ...violation });
}

/** All findings in words, for the failure message. */
function inWords(found) {
  return found.map(({ where, id, impact, help, nodes }) => [
    `${where}: ${id} (${impact}): ${help}`,
    ...nodes.map(({ target, summary }) => `    at ${target}\n      ${summary.replaceAll('\n', '\n      ')}`),
  ].join('\n')).join('\n\n');
}

/** A comment of the German demo thread that was edited, for its revisions page. */
async function editedComment() {
  for (let page = 1; ; page += 1) {
    const { items, pages } = await api(`/api/v1/articles/${GERMAN}/comments?page=${page}`);
    const edited = items.find((comment) => comment.edit_count > 0 && !comment.deleted);
    if (edited) return edited.id;
    if (page >= pages) throw new Error(`no edited comment in /a/${GERMAN}`);
  }
}

/** Types `@` and the first two letters of `name` into `editor` until suggestions show. */
async function openSuggestions(target, editor, name) {
  await editor.click();
  await editor.pressSequentially(`Hallo @${name.slice(0, 2)}`);
  await target.getByRole('listbox').getByRole('option').first().waitFor();
}

/** Every page of the app, as it stands for whoever is signed in to `context`, into `found`. */
async function checkApp(context, signedIn, found) {
  const page = await context.newPage();
  const visit = async (path, ready) => {
    await page.goto(BASE + path);
    await ready();
    await check(page, path, found);
  };
  await visit('/', () => page.locator('.article-list').waitFor());
  await visit(`/a/${GERMAN}`, () => comments(page).first().waitFor());
  if (signedIn) {
    // The mention suggestions open: the textarea controls a listbox, with an active option.
    const editor = page.locator('#reply-text');
    await openSuggestions(page, editor, signedIn.name);
    await check(page, `/a/${GERMAN} with mention suggestions open`, found);
    await editor.fill('');
    // The report form open under someone else's comment, its rule broken ("other" needs a note).
    const reportable = comments(page).filter({ has: page.getByRole('button', { name: 'Melden' }) }).first();
    await reportable.getByRole('button', { name: 'Melden' }).click();
    await reportable.getByLabel('Anderes', { exact: true }).check();
    await reportable.getByRole('button', { name: 'Meldung absenden' }).click();
    await reportable.getByRole('alert').waitFor();
    await check(page, `/a/${GERMAN} with the report form open`, found);
    await reportable.getByRole('button', { name: 'Abbrechen' }).click();
  }
  // Someone else writes while the thread is shown (in the widget's thread: the demo thread's
  // length is other tests' to count): the "new comments" notice; for a reader who is signed
  // in, a mention of them too, for the notifications page.
  const { pages } = await api(`/api/v1/articles/${widgetSlug}/comments`);
  const streaming = page.waitForResponse((response) => response.url().includes('/events?'));
  await visit(`/a/${widgetSlug}?page=${pages}`, () => page.locator('#reply-text').waitFor());
  await streaming;
  const other = newAccount('Axe Schreiberin');
  const cookie = await apiLogIn(other.email, other.password);
  await apiPost(widgetSlug, signedIn ? `Eine Frage an @"${signedIn.name}".` : 'Ein Beitrag, während Sie lesen.', { cookie });
  await page.locator('.new-comments__show').waitFor();
  await check(page, `/a/${widgetSlug} with a new comment waiting`, found);
  if (signedIn) {
    await visit('/notifications', () => page.locator('li.notification').first().waitFor());
    // The notification settings, read and usable.
    await visit('/account', () => page.waitForFunction(() =>
      document.querySelector('input[name="delivery-reply"]:checked') !== null
      && !document.querySelector('#notification-mail-language').disabled));
    // The mention above was mailed: its unsubscribe link's choices, then what one of them did.
    const link = await mailedUnsubscribeLink(signedIn.email);
    await visit(link.pathname + link.search, () => page.getByRole('radio', { name: 'Mails dieser Art' }).waitFor());
    await page.getByRole('button', { name: 'Abbestellen', exact: true }).click();
    await page.locator('.unsubscribe__done').waitFor();
    await check(page, '/unsubscribe after unsubscribing', found);
  }
  const id = await editedComment();
  await visit(`/c/${id}/revisions`, () => page.locator('.revisions__list > li').first().waitFor());
  await visit('/login', () => page.getByRole('heading', { level: 1 }).waitFor());
  await visit('/register', () => page.getByRole('heading', { level: 1 }).waitFor());
  await visit('/about', () => page.getByRole('heading', { level: 1, name: 'Über schrieb' }).waitFor());
  await page.close();
}

/**
 * The widget on the host page, signed out or (logged in at schrieb's origin) signed in: first
 * the loader's preview alone (the frame's page held back), then the frame once it has taken
 * the preview's place.
 */
async function checkWidget(context, signedIn, found) {
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`${BASE}/embed?**`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(host.origin + POST);
  await page.locator('#schrieb .discussion').waitFor();
  await check(page, 'widget preview on the host page', found);
  release();
  await page.waitForFunction(() => document.querySelector('#schrieb iframe')?.style.visibility === 'visible');
  const frameElement = await page.locator('#schrieb iframe').elementHandle();
  const frame = await frameElement.contentFrame();
  await frame.locator('.discussion').waitFor();
  if (signedIn) {
    // The session at schrieb's origin lets the login popup close by itself (maybe before a
    // listener for its closing could be added, so that is checked first).
    const opened = page.waitForEvent('popup');
    await frame.getByRole('button', { name: 'Anmelden' }).click();
    const popup = await opened;
    await frame.getByText(`Angemeldet als ${signedIn.name}`).waitFor();
    if (!popup.isClosed()) await new Promise((resolve) => popup.once('close', resolve));
  } else {
    await frame.getByRole('button', { name: 'Anmelden' }).waitFor();
  }
  await frame.locator('#reply-text').waitFor();
  await check(page, 'widget on the host page', found);
  if (signedIn) {
    const editor = frame.locator('#reply-text');
    await openSuggestions(frame, editor, signedIn.name);
    await check(page, 'widget with mention suggestions open', found);
    await editor.fill('');
  }
  await page.close();
}

for (const colorScheme of ['light', 'dark']) {
  for (const signedIn of [false, true]) {
    const state = `${signedIn ? 'signed in' : 'signed out'}, ${colorScheme}`;
    test(`axe finds nothing in the app and the widget (${state})`, async () => {
      const context = await launch({ colorScheme });
      try {
        let who = false;
        if (signedIn) {
          who = { name: `Axel ${colorScheme} ${RUN}`, email: `axe-${colorScheme}-${RUN}@example.org` };
          addUser(who.name, who.email, PASSWORD);
          await logIn(await context.newPage(), who.email, PASSWORD, '/');
        }
        const found = [];
        await checkApp(context, who, found);
        await checkWidget(context, who, found);
        assert.equal(found.length, 0, `axe-core (${state}):\n\n${inWords(found)}`);
      } finally {
        await context.close();
      }
    });
  }
}

/**
 * A comment of `who` held for review on the demo site: a suspect word of this run's, added to
 * the site's list with the server's command line (only comments with it are held).
 */
async function heldComment(who) {
  const word = `pruefwort${RUN}`;
  const file = join(tmpdir(), `suspect-${RUN}.txt`);
  writeFileSync(file, `${word}\n`);
  execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
    ['site', 'moderation', 'schrieb Demo', '--suspect-words', file, '--db', process.env.SCHRIEB_DB]);
  const cookie = await apiLogIn(who.email, PASSWORD);
  const posted = await apiPost(GERMAN, `Ein Beitrag mit ${word}, der auf Freigabe wartet.`, { cookie });
  assert.equal(posted.comment.state, 'pending');
  return posted;
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds nothing at the moderation desk and on a held comment (${colorScheme})`, async () => {
    const author = { name: `Wartende ${colorScheme} ${RUN}`, email: `wartende-${colorScheme}-${RUN}@example.org` };
    addUser(author.name, author.email, PASSWORD);
    const held = await heldComment(author);
    const moderator = { name: `Mona ${colorScheme} ${RUN}`, email: `mona-${colorScheme}-${RUN}@example.org` };
    execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
      ['user', 'add', '--moderator', '--db', process.env.SCHRIEB_DB, moderator.name, moderator.email],
      { env: { ...process.env, SCHRIEB_PASSWORD: PASSWORD } });
    const found = [];
    const writer = await launch({ colorScheme });
    const desk = await launch({ colorScheme });
    try {
      // The author sees the comment under the last page, marked.
      const page = await writer.newPage();
      await logIn(page, author.email, PASSWORD, `/a/${GERMAN}?page=${held.page}`);
      await page.locator('.held .comment').first().waitFor();
      await check(page, 'a held comment, to its author', found);
      // The desk, its reject form open, and its keys listed.
      const mod = await desk.newPage();
      await logIn(mod, moderator.email, PASSWORD, '/moderation');
      await mod.locator('.queue-item').first().waitFor();
      await check(mod, '/moderation', found);
      await mod.locator('.desk__queue-title').focus();
      await mod.keyboard.press('j');
      await mod.keyboard.press('r');
      await mod.locator('.queue-item__reject input').first().waitFor();
      await check(mod, '/moderation with the reject form open', found);
      await mod.keyboard.press('Escape');
      await mod.keyboard.press('s');
      await mod.locator('.queue-item__sanction select').first().waitFor();
      await check(mod, '/moderation with the suspend form open', found);
      await mod.keyboard.press('Escape');
      await mod.keyboard.press('?');
      await mod.getByRole('heading', { name: 'Tasten' }).waitFor();
      await check(mod, '/moderation with the keys listed', found);
      // The author's note form, the edit form with its preview, both histories, a selection
      // and the question a bulk decision asks first.
      const item = mod.locator('.queue-item').first();
      await item.focus();
      await mod.keyboard.press('n');
      await item.locator('textarea[id$="-note"]').waitFor();
      await mod.keyboard.press('Escape');
      await mod.keyboard.press('e');
      await item.locator('.queue-item__preview').waitFor();
      await item.getByRole('button', { name: 'Verlauf', exact: true }).click();
      await item.getByRole('button', { name: 'Kontoverlauf' }).click();
      await item.locator('.log-list__entry').first().waitFor();
      await item.focus();
      await mod.keyboard.press('x');
      await mod.getByRole('group', { name: 'Sammelentscheidung' }).getByRole('button', { name: 'Ablehnen', exact: true }).click();
      await mod.locator('.desk__bulk-confirm').waitFor();
      await check(mod, '/moderation with a note, an edit, the histories and a bulk question open', found);
      await mod.keyboard.press('Escape');
      await mod.getByRole('link', { name: 'Protokoll' }).click();
      await mod.locator('.log-list__entry').first().waitFor();
      await check(mod, '/moderation?queue=log', found);
      // The admin page, with a word list entry that matches nothing pointed out.
      const admin = { name: `Ada ${colorScheme} ${RUN}`, email: `ada-${colorScheme}-${RUN}@example.org` };
      execFileSync(process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server',
        ['user', 'add', '--admin', '--db', process.env.SCHRIEB_DB, admin.name, admin.email],
        { env: { ...process.env, SCHRIEB_PASSWORD: PASSWORD } });
      const settings = await writer.newPage();
      await logIn(settings, admin.email, PASSWORD, '/admin');
      await settings.getByRole('heading', { name: 'Wortlisten' }).waitFor();
      await settings.locator('#words-banned').fill('!!');
      await settings.locator('.admin-form__warning').waitFor();
      await settings.locator('.mail-status__facts').waitFor();
      // A webhook added: its secret shown once, its (empty) delivery log open, its change form.
      const hooks = settings.getByRole('region', { name: 'Webhooks', exact: true });
      const address = `http://127.0.0.1:9/a11y/${colorScheme}/${RUN}`;
      await hooks.getByLabel('Adresse des Endpunkts').fill(address);
      await hooks.getByRole('button', { name: 'Webhook hinzufügen' }).click();
      await settings.getByRole('textbox', { name: 'Signatur-Geheimnis' }).waitFor();
      const hook = hooks.locator('li.webhook', { hasText: address });
      await hook.getByRole('button', { name: 'Zustellprotokoll' }).click();
      await hook.getByText('Bisher wurde nichts zugestellt.').waitFor();
      await hook.getByRole('button', { name: 'Ändern' }).click();
      await hook.locator('form').waitFor();
      await check(settings, '/admin', found);
      await hook.getByRole('button', { name: 'Löschen' }).click();
      await hook.getByRole('button', { name: 'Ja, löschen' }).click();
      await hook.waitFor({ state: 'detached' });
      assert.equal(found.length, 0, `axe-core (desk, ${colorScheme}):\n\n${inWords(found)}`);
    } finally {
      await writer.close();
      await desk.close();
    }
  });
}

test('the widget\'s credit opens the instance\'s own about page', async () => {
  const context = await launch();
  try {
    const page = await context.newPage();
    await page.goto(host.origin + POST);
    const frame = page.frameLocator('#schrieb iframe');
    const credit = frame.getByRole('link', { name: /^Diskussion mit schrieb/ });
    await credit.waitFor();
    // The frame is schrieb's: the link resolves to schrieb's origin, not the host's.
    assert.equal(await credit.evaluate((link) => link.href), `${BASE}/about`);
    assert.equal(await credit.getAttribute('target'), '_blank');
    assert.match(await credit.getAttribute('rel'), /\bnoopener\b/);
    const response = await fetch(`${BASE}/about`);
    assert.equal(response.status, 200);

    const opened = page.waitForEvent('popup');
    await credit.click();
    const about = await opened;
    await about.getByRole('heading', { level: 1, name: 'Über schrieb' }).waitFor();
    assert.equal(about.url(), `${BASE}/about`);
    await about.getByText('AGPL-3.0-or-later').waitFor();
  } finally {
    await context.close();
  }
});
