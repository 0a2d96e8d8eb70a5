// Mail in the browser: the notification settings on the account page work by keyboard alone and
// are kept; a notification mail's unsubscribe link opens a page of choices that changes nothing
// until one is confirmed, and then exactly that; an unknown link is said in words; admins see how
// the server's mail stands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, apiLogIn, apiPost, logIn, mailedUnsubscribeLink, newAccount, ownSite, BASE, RUN,
} from './browser.mjs';

const SETTINGS = '/account#notification-settings';

let context;
let site;
before(async () => {
  site = await ownSite(`Post ${RUN}`);
  context = await launch({ serviceWorkers: 'block' });
});
after(async () => {
  await context?.close();
  await site?.close();
});

/** A thread of its own (the demo threads' lengths are other tests' to count): `{ slug, title }`. */
const newThread = (title) => site.newThread(title);

/** Waits until the settings form on `page` has read the stored settings and can be used. */
const settingsReady = (page) => page.waitForFunction(() => {
  const first = document.querySelector('input[name="delivery-reply"]:checked');
  return first !== null && !first.matches(':disabled') && !document.querySelector('#notification-mail-language').disabled;
});

/** The radio of `choice` in the row of `kind`, both as the page names them. */
const delivery = (page, kind, choice) => page.getByRole('group', { name: kind, exact: true }).getByRole('radio', { name: choice, exact: true });

/** The DOM id of the focused element. */
const focused = (page) => page.evaluate(() => document.activeElement?.id);

test('the settings are made by keyboard alone, saved with one button, and shown as saved after a reload', async () => {
  const who = newAccount('Post Tastatur');
  const page = await context.newPage();
  await logIn(page, who.email, who.password, SETTINGS);
  await settingsReady(page);
  // The settings' link lands on their heading: the next Tab goes into the first row.
  await page.waitForFunction(() => document.activeElement?.id === 'notification-settings');

  const keys = async (...pressed) => { for (const key of pressed) await page.keyboard.press(key); };
  await keys('Tab');
  assert.equal(await focused(page), 'delivery-reply-email', 'the chosen way of the first row has the focus');
  await keys('ArrowRight');
  await keys('Tab', 'ArrowLeft');
  assert.equal(await focused(page), 'delivery-quote-app');
  await keys('Tab');
  assert.equal(await focused(page), 'delivery-mention-email', 'a row left alone is passed with one Tab');
  await keys('Tab', 'ArrowRight');
  assert.equal(await focused(page), 'delivery-followed-email');
  await keys('Tab', 'ArrowRight', 'ArrowRight');
  assert.equal(await focused(page), 'delivery-moderation-off');
  await keys('Tab', 'ArrowRight');
  assert.equal(await focused(page), 'delivery-reactions-off');
  await keys('Tab', 'Space');
  assert.equal(await page.getByRole('checkbox', { name: 'Themen folgen, in denen ich schreibe' }).isChecked(), false);
  await keys('Tab', 'ArrowDown');
  assert.equal(await page.getByLabel('Sprache der Mails').inputValue(), 'en');
  await keys('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent.trim()), 'Einstellungen speichern');
  const saved = page.waitForResponse((response) =>
    response.url().endsWith('/api/v1/me/notification-settings') && response.request().method() === 'PUT');
  await keys('Enter');
  assert.equal((await saved).status(), 200);
  await page.getByRole('status').filter({ hasText: 'Ihre Einstellungen sind gespeichert.' }).waitFor();

  await page.reload();
  await settingsReady(page);
  const chosen = {
    'Antworten auf Ihre Beiträge': 'In der täglichen Übersicht',
    'Zitate Ihrer Beiträge in anderen Themen': 'Nur in der App',
    'Erwähnungen (@Name)': 'Per Mail',
    'Neue Beiträge in Themen, denen Sie folgen': 'Per Mail',
    'Entscheidungen der Moderation über Ihre Beiträge': 'Aus',
    'Reaktionen auf Ihre Beiträge': 'Aus',
  };
  for (const [kind, choice] of Object.entries(chosen)) {
    assert.equal(await delivery(page, kind, choice).isChecked(), true, `${kind}: ${choice}`);
  }
  assert.equal(await page.getByRole('checkbox', { name: 'Themen folgen, in denen ich schreibe' }).isChecked(), false);
  assert.equal(await page.getByLabel('Sprache der Mails').inputValue(), 'en');
  await page.close();
});

test('a mail\'s unsubscribe link offers choices, changes nothing by itself, and stops only mails of its kind', async () => {
  const { slug, title } = await newThread('Abbestellt');
  const reader = newAccount('Post Leserin');
  const writer = newAccount('Post Schreiber');
  const cookie = await apiLogIn(writer.email, writer.password);
  await apiPost(slug, `Was meinen Sie, @"${reader.name}"?`, { cookie });
  const link = await mailedUnsubscribeLink(reader.email);
  assert.equal(link.pathname, '/unsubscribe');

  // Opened where nobody is logged in, as from a mail program: every request is noted.
  const visitor = await launch({ serviceWorkers: 'block' });
  try {
    const page = await visitor.newPage();
    const sent = [];
    page.on('request', (request) => sent.push(`${request.method()} ${new URL(request.url()).pathname}`));
    const offered = page.waitForResponse((response) => response.url().includes('/api/v1/mail/unsubscribe?token='));
    await page.goto(BASE + link.pathname + link.search);
    assert.equal((await offered).status(), 200);
    await page.getByRole('heading', { level: 1, name: 'Mails abbestellen' }).waitFor();
    await page.getByText('Dieser Link stammt aus einer Mail über eine Erwähnung.').waitFor();
    assert.equal(await page.getByRole('link', { name: title }).getAttribute('href'), `/a/${slug}`);
    const choices = page.getByRole('group', { name: 'Was möchten Sie abbestellen?' }).getByRole('radio');
    assert.deepEqual(await choices.evaluateAll((radios) => radios.map((radio) => radio.labels[0].textContent)),
      ['Nur dieses Thema', 'Mails dieser Art', 'Alle Mails']);
    assert.deepEqual(sent.filter((request) => !request.startsWith('GET ')), [], 'the visit sent no change');

    // The visit alone left the settings as they were: mentions by mail.
    const own = await context.newPage();
    await logIn(own, reader.email, reader.password, SETTINGS);
    await settingsReady(own);
    assert.equal(await delivery(own, 'Erwähnungen (@Name)', 'Per Mail').isChecked(), true);

    await page.getByRole('radio', { name: 'Mails dieser Art' }).check();
    const stopped = page.waitForResponse((response) =>
      response.url().endsWith('/api/v1/mail/unsubscribe') && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Abbestellen' }).click();
    assert.equal((await stopped).status(), 204);
    await page.getByRole('status')
      .filter({ hasText: 'Erledigt: Benachrichtigungen dieser Art kommen nicht mehr per Mail, nur noch in der App.' })
      .waitFor();
    assert.equal(await page.getByRole('link', { name: 'Zu den Einstellungen für Benachrichtigungen' }).getAttribute('href'),
      SETTINGS);

    // Mentions now in the app only; the other kinds as they were.
    await own.reload();
    await settingsReady(own);
    assert.equal(await delivery(own, 'Erwähnungen (@Name)', 'Nur in der App').isChecked(), true);
    assert.equal(await delivery(own, 'Antworten auf Ihre Beiträge', 'Per Mail').isChecked(), true);
    await own.close();
  } finally {
    await visitor.close();
  }
});

test('an unknown or missing unsubscribe token is said in words, with no choices', async () => {
  const page = await context.newPage();
  for (const path of [`/unsubscribe?token=gibt-es-nicht-${RUN}`, '/unsubscribe']) {
    await page.goto(BASE + path);
    await page.getByRole('alert').filter({ hasText: 'Diesen Link zum Abbestellen kennen wir nicht.' }).waitFor();
    assert.equal(await page.getByRole('radio').count(), 0, path);
    assert.equal(await page.getByRole('link', { name: 'Zu den Einstellungen für Benachrichtigungen' }).getAttribute('href'),
      SETTINGS);
  }
  await page.close();
});

test('the admin page shows how the mail stands: the log transport, what waits, nothing failed', async () => {
  const admin = newAccount('Post Admin', undefined, { admin: true });
  const page = await context.newPage();
  await logIn(page, admin.email, admin.password, '/admin');
  const panel = page.getByRole('region', { name: 'Mailversand' });
  await panel.getByText('Keine Mail ist gescheitert.').waitFor();
  await panel.getByText('Protokoll: Mails landen im Log des Servers, niemand bekommt sie (zum Entwickeln).').waitFor();
  assert.match(await panel.locator('.mail-status__queued').textContent(), /^\d[\d.]*$/);
  assert.equal(await panel.getByRole('table').count(), 0);
  await page.close();
});
