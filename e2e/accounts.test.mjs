// Taking part: register, confirm by mail, log in, post, edit (marker and history), react,
// delete; another reader can neither see nor use the author's controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, comments, mailedConfirmLink, mailedLink, newAccount, logIn, postReply, BASE, RUN } from './browser.mjs';

const ARTICLE = '/a/harborview-transit-app-outage';
const PASSWORD = 'ein-gutes-passwort';
// Registered through the form below, so unique per run: the test also passes against a server
// that has seen it before.
const AUTHOR = { name: `Testerin ${RUN}`, email: `testerin-${RUN}@example.org` };

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('register, confirm, log in, post, edit, react, delete', async () => {
  const errors = [];
  const page = await open(context, '/register', errors);

  // The form checks the shared rules before sending, in words.
  await page.getByLabel('Anzeigename').fill('Gast');
  await page.getByLabel('E-Mail-Adresse').fill('keine-adresse');
  await page.getByLabel('Passwort').fill('kurz');
  await page.getByRole('button', { name: 'Registrieren' }).click();
  await page.getByText('„Gast“ und „Guest“ sind für Gäste reserviert.').waitFor();
  await page.getByText('Das ist keine E-Mail-Adresse.').waitFor();
  await page.getByText('Das Passwort braucht mindestens 10 Zeichen.').waitFor();

  await page.getByLabel('Anzeigename').fill(AUTHOR.name);
  await page.getByLabel('E-Mail-Adresse').fill(AUTHOR.email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Registrieren' }).click();
  await page.getByText('Fast geschafft').waitFor();

  const link = mailedConfirmLink(AUTHOR.email);
  await page.goto(BASE + link.pathname + link.hash);
  await page.getByText('Ihre Adresse ist bestätigt und Sie sind angemeldet.').waitFor();
  await page.locator('.user-menu__name', { hasText: AUTHOR.name }).waitFor();

  // Out and in again through the login form, which leads back to the article.
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.locator('.user-menu__link', { hasText: 'Anmelden' }).waitFor();
  await logIn(page, AUTHOR.email, PASSWORD, ARTICLE);
  await page.locator('.user-menu__name', { hasText: AUTHOR.name }).waitFor();

  // Post.
  await comments(page).first().waitFor();
  const before = await comments(page).count();
  const heading = await page.locator('.discussion__count').textContent();
  await postReply(page, 'Erster Versuch mit **Fettdruck** und einem Tippfeler.');
  await page.waitForURL(/\?page=1#c\d+$/);
  const id = new URL(page.url()).hash.slice(2);
  const mine = page.locator(`li#c${id}`);
  await page.locator(`li#c${id}.comment--highlighted`).waitFor();
  assert.equal(await comments(page).count(), before + 1);
  assert.equal(await mine.locator('.comment__body strong').textContent(), 'Fettdruck');
  assert.equal(await page.getByLabel('Ihr Beitrag').inputValue(), '', 'the box is empty again');
  assert.notEqual(await page.locator('.discussion__count').textContent(), heading, 'the count moved');

  // Edit in place: the marker appears and leads to the history with its diff.
  await mine.getByRole('button', { name: 'Bearbeiten' }).click();
  await mine.getByLabel('Beitrag bearbeiten').fill('Erster Versuch mit **Fettdruck** und ohne Tippfehler.');
  await mine.getByRole('button', { name: 'Speichern' }).click();
  await mine.locator('.comment__body', { hasText: 'ohne Tippfehler' }).waitFor();
  await mine.locator('.comment__edited', { hasText: 'Zuletzt bearbeitet' }).waitFor();
  await mine.locator('.comment__edited a').click();
  await page.waitForURL(new RegExp(`/c/${id}/revisions$`));
  // The history loads after the route changes: wait for it before counting.
  await page.locator('li.revision').nth(1).waitFor();
  assert.equal(await page.locator('li.revision').count(), 2);
  assert.match(await page.locator('li#r2 del.diff__removed').allTextContents().then((t) => t.join(' ')), /Tippfeler/);
  await page.goBack();
  await mine.waitFor();

  // React: the count and the pressed state follow, and who reacted can be seen.
  const like = mine.locator('button.reaction[data-kind="like"]');
  assert.equal(await like.count(), 0, 'kinds nobody used wait in the picker');
  await mine.getByRole('button', { name: 'Reagieren' }).click();
  await like.click();
  await mine.locator('button.reaction--mine[data-kind="like"]').waitFor();
  assert.equal(await like.getAttribute('aria-pressed'), 'true');
  assert.equal(await like.locator('.reaction__count').textContent(), '1');
  await mine.getByRole('button', { name: 'Wer?' }).click();
  await mine.locator('.reactions__names', { hasText: AUTHOR.name }).waitFor();

  // Another reader: no controls on this comment, and the API refuses the edit too. Logged in
  // means the session is known, and the controls follow it at once.
  const reader = newAccount('Zweiter');
  const other = await launch();
  try {
    const theirs = await other.newPage();
    await logIn(theirs, reader.email, reader.password, ARTICLE);
    await theirs.locator('.user-menu__name', { hasText: reader.name }).waitFor();
    const seen = theirs.locator(`li#c${id}`);
    await seen.waitFor();
    assert.equal(await seen.getByRole('button', { name: 'Bearbeiten' }).count(), 0);
    assert.equal(await seen.getByRole('button', { name: 'Löschen' }).count(), 0);
    const status = await theirs.evaluate(async (id) => (await fetch(`/api/v1/comments/${id}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: 'übernommen' }),
    })).status, id);
    assert.equal(status, 403);
  } finally {
    await other.close();
  }

  // Delete, after confirming: a placeholder keeps the place.
  await mine.getByRole('button', { name: 'Löschen' }).click();
  await mine.getByRole('button', { name: 'Ja, löschen' }).click();
  await page.locator(`li#c${id}.comment--deleted`).waitFor();
  assert.match(await page.locator(`li#c${id}`).textContent(), /gelöscht/);
  assert.equal(await comments(page).count(), before + 1, 'the place stays');
  assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
  await page.close();
});

test('a refused post keeps the text and says why', async () => {
  const who = newAccount('Zitiererin');
  const page = await context.newPage();
  await logIn(page, who.email, who.password, ARTICLE);
  const misquote = '[quote=1 author="Niemand"]\nDas hat keiner gesagt.\n[/quote]\n\nMeine Antwort.';
  await postReply(page, misquote);
  const error = page.locator('.reply-box .form-error', { hasText: 'Das verstößt gegen eine Regel' });
  await error.waitFor();
  // The rule in German, with the quoted comment and both names: not the server's English.
  assert.match(await error.innerText(), /Das Zitat aus Beitrag 1 nennt „Niemand“ als Autor, geschrieben hat ihn aber \S/);
  assert.equal(await page.getByLabel('Ihr Beitrag').inputValue(), misquote);
  await page.close();
});

test('a forgotten password: ask on the login page, follow the mailed link, set a new one, log in with it', async () => {
  const who = newAccount('Vergessen');
  const errors = [];
  const page = await open(context, '/login', errors);
  await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
  await page.waitForURL(/\/password-reset$/);
  await page.getByLabel('E-Mail-Adresse').fill('keine adresse');
  await page.getByRole('button', { name: 'Link senden' }).click();
  await page.locator('#reset-email-problem').filter({ hasText: /\S/ }).waitFor();
  await page.getByLabel('E-Mail-Adresse').fill(who.email);
  await page.getByRole('button', { name: 'Link senden' }).click();
  await page.getByText('Wenn ein Konto diese Adresse hat, ist der Link unterwegs.').waitFor();

  const link = mailedLink(who.email, 'password-reset');
  await page.goto(link.href);
  await page.getByLabel('Neues Passwort').fill('kurz');
  await page.getByRole('button', { name: 'Neues Passwort setzen' }).click();
  await page.locator('#reset-password-problem').filter({ hasText: /\S/ }).waitFor();
  await page.getByLabel('Neues Passwort').fill('ein-neues-gutes-passwort');
  await page.getByRole('button', { name: 'Neues Passwort setzen' }).click();
  await page.getByText('Ihr neues Passwort ist gesetzt.').waitFor();
  await logIn(page, who.email, 'ein-neues-gutes-passwort', '/');
  // The link was used up.
  await page.goto(link.href);
  await page.getByLabel('Neues Passwort').fill('noch-ein-anderes-passwort');
  await page.getByRole('button', { name: 'Neues Passwort setzen' }).click();
  await page.getByRole('alert').waitFor();
  await page.close();
  assert.deepEqual(errors.filter((error) => !error.includes('422')), []);
});
