// A reader's own data on /account: downloading everything stored about them, and deleting the
// account by keyboard alone, with the comments kept (signed "gelöschtes Konto") or removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newAccount, logIn, apiLogIn, apiPost, BASE } from './browser.mjs';

const SLUG = 'harborview-transit-app-outage';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** Posts `text` as `who` through the API; the comment's id. */
async function post(who, text) {
  const cookie = await apiLogIn(who.email, who.password);
  const posted = await apiPost(SLUG, text, { cookie });
  return posted.comment.id;
}

/** Deletes the logged-in account of `page` by keyboard: the choice (`remove` or not), a wrong
 * password first, then the right one. */
async function deleteByKeyboard(page, who, { remove }) {
  const keep = page.getByRole('radio', { name: /stehen lassen/ });
  await keep.focus();
  assert.equal(await keep.isChecked(), true, 'keeping is the default');
  if (remove) {
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('radio', { name: /entfernen/ }).isChecked(), true);
  }
  await page.keyboard.press('Tab');
  const password = page.getByLabel('Ihr Passwort, zur Bestätigung');
  assert.equal(await password.evaluate((field) => field === document.activeElement), true, 'Tab reaches the password');
  await page.keyboard.type('nicht-das-passwort');
  await page.keyboard.press('Enter');
  await page.locator('#delete-password-problem', { hasText: 'Passwort stimmt nicht' }).waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.equal(await password.evaluate((field) => field === document.activeElement), true, 'the field keeps the focus');
  await password.fill('');
  await page.keyboard.type(who.password);
  await page.keyboard.press('Enter');
  const farewell = page.getByRole('status').filter({ hasText: 'Ihr Konto ist gelöscht.' });
  await farewell.waitFor();
  assert.equal(await farewell.evaluate((note) => note === document.activeElement), true, 'the notice takes the focus');
  await page.locator('.user-menu__link', { hasText: 'Anmelden' }).waitFor();
}

test('my data downloads as one JSON file, and my account goes, its comments signed "gelöschtes Konto"', async () => {
  const who = newAccount('Abschied');
  const id = await post(who, 'Ein letzter Gedanke vor dem Abschied.');
  const page = await context.newPage();
  await logIn(page, who.email, who.password, '/account');
  await page.getByRole('heading', { name: 'Ihre Daten' }).waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Meine Daten herunterladen' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^schrieb-\d+-\d{4}-\d\d-\d\d\.json$/);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(data.format, 'schrieb-personal-data');
  assert.equal(data.account.email, who.email);
  assert.deepEqual(data.comments.map((comment) => comment.body), ['Ein letzter Gedanke vor dem Abschied.']);

  await deleteByKeyboard(page, who, { remove: false });

  // The comment stays, its words too, signed by nobody.
  await page.goto(`${BASE}/c/${id}`);
  const kept = page.locator(`li#c${id}`);
  await kept.locator('.comment__deleted-account', { hasText: 'gelöschtes Konto' }).waitFor();
  assert.match(await kept.locator('.comment__body').textContent(), /Ein letzter Gedanke/);
  assert.equal(await kept.locator('.comment__author', { hasText: who.name }).count(), 0);
  // Logging in again is not possible.
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  assert.equal(login.status, 401);
  await page.close();
});

test('a deleted account can take its comments with it', async () => {
  const who = newAccount('Spurlos');
  const id = await post(who, 'Das soll mit mir gehen.');
  const page = await context.newPage();
  await logIn(page, who.email, who.password, '/account');
  await page.getByRole('heading', { name: 'Konto löschen' }).waitFor();
  await deleteByKeyboard(page, who, { remove: true });

  await page.goto(`${BASE}/c/${id}`);
  const gone = page.locator(`li#c${id}.comment--deleted`);
  await gone.waitFor();
  assert.match(await gone.textContent(), /Dieser Kommentar wurde gelöscht\./);
  assert.doesNotMatch(await gone.textContent(), /mit mir gehen/);
  await page.close();
});
