// The site's promotions ("Anzeige") in the browser, on a server of its own (it changes a site's
// settings): an admin sets them up on the admin page, a card with an uploaded picture; readers
// see a slot after post N and then every M, labelled and skippable by keyboard, while the
// thread's numbering, list and count stay those of its posts; nothing shifts as the page loads;
// signed-in readers may be spared; the site's ad server shows in a sandboxed frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, logIn, apiLogIn, apiWrite, appReady, startOwnServer, RUN } from './browser.mjs';

const binary = process.env.SCHRIEB_SERVER ?? '../target/release/schrieb-server';
const PASSWORD = 'ein-gutes-passwort';
const SLUG = `anzeigen-${RUN}`;
const SITE = 'synthetic';

let server;
let context;
let admin;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'schrieb-promos-')), 'schrieb.db');
  execFileSync(binary, ['seed-demo', '--db', db]);
  execFileSync(binary, ['seed-synthetic', '--slug', SLUG, '--comments', '25', '--db', db]);
  server = await startOwnServer({ db });
  admin = { name: `Anzeigen ${RUN}`, email: `anzeigen-${RUN}@example.org` };
  execFileSync(binary, ['user', 'add', '--admin', '--db', db, admin.name, admin.email],
    { env: { ...process.env, SCHRIEB_PASSWORD: PASSWORD } });
  context = await launch();
});
after(async () => {
  await context?.close();
  await server?.stop();
});

/** The numbers the thread's posts show, in order. */
const numbers = (page) => page.locator('ol.comment-list > li.comment .comment__number').allTextContents();

/** The numbers of the posts a slot follows, in order. */
const slotsAfter = (page) => page.locator('ol.comment-list > li.comment:has(aside.promo:not([hidden])) .comment__number')
  .allTextContents();

test('an admin sets up a card; readers see "Anzeige" after post 3 and then every 10, skippable, the thread unchanged', async () => {
  const page = await context.newPage();
  await logIn(page, admin.email, PASSWORD, `/admin?site=${SITE}`, server.url);
  await page.getByRole('heading', { name: 'Anzeigen' }).waitFor();
  await page.getByLabel('Anzeigen zwischen den Beiträgen zeigen').check();
  await page.getByLabel('Erste Anzeige nach Beitrag').fill('3');
  await page.getByLabel('Danach alle so vielen Beiträge').fill('10');
  await page.getByRole('button', { name: 'Karte hinzufügen' }).click();
  await page.getByLabel('Titel', { exact: true }).fill('Unser Newsletter');
  await page.getByLabel('Text', { exact: true }).fill('Jeden Freitag die Woche in fünf Minuten.');
  await page.getByLabel('Link', { exact: true }).fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Anzeigen speichern' }).click();
  await page.getByText('Der Link einer Karte muss eine http- oder https-Adresse sein.').waitFor();
  await page.getByLabel('Link', { exact: true }).fill('https://news.example.org/newsletter');
  await page.locator('#promo-1-image').setInputFiles(join(process.cwd(), 'public/icons/icon-192.png'));
  await page.locator('.promo-card-fields__image').waitFor();
  await page.getByRole('button', { name: 'Anzeigen speichern' }).click();
  await page.locator('.admin-form__saved', { hasText: 'Gespeichert.' }).waitFor();
  await page.close();

  const reader = await launch();
  try {
    const thread = await reader.newPage();
    await thread.addInitScript(() => {
      window.schriebShifts = [];
      new PerformanceObserver((list) => window.schriebShifts.push(...list.getEntries().map((entry) => entry.value)))
        .observe({ type: 'layout-shift', buffered: true });
    });
    await thread.goto(`${server.url}/a/${SLUG}`);
    await appReady(thread);
    assert.deepEqual(await numbers(thread), Array.from({ length: 20 }, (_, n) => `#${n + 1}`), 'numbering unchanged');
    assert.equal(await thread.locator('ol.comment-list > li').count(), 20, 'the list holds posts only');
    assert.equal(await thread.locator('.discussion__count').first().textContent(), '25 Kommentare');
    assert.deepEqual(await slotsAfter(thread), ['#3', '#13']);
    const slot = thread.getByRole('complementary', { name: 'Anzeige nach Beitrag 3' });
    assert.equal(await slot.locator('.promo__label').textContent(), 'Anzeige');
    assert.equal(await slot.locator('.promo__title').textContent(), 'Unser Newsletter');
    assert.equal(await slot.locator('a.promo__card').getAttribute('rel'), 'sponsored noopener');
    const picture = await slot.locator('img.promo__image').evaluate((img) => img.currentSrc);
    assert.equal(new URL(picture).origin, server.url, 'the picture comes from schrieb');

    // Nothing moved as the page loaded and the pictures came.
    await thread.waitForFunction(() => [...document.querySelectorAll('.promo__image')].every((img) => img.naturalWidth > 0));
    const shifts = await thread.evaluate(() => window.schriebShifts.reduce((sum, value) => sum + value, 0));
    assert.ok(shifts < 0.01, `layout shift ${shifts}`);

    // Skipping by keyboard: the skip link comes first in the slot and leads to the next post;
    // it shows over the slot, moving nothing.
    const skip = slot.getByRole('link', { name: 'Anzeige überspringen' });
    await skip.focus();
    await thread.keyboard.press('Enter');
    const fourth = await thread.locator('ol.comment-list > li.comment').nth(3).getAttribute('id');
    await thread.waitForFunction((id) => document.activeElement?.id === id, fourth);

    const after = await thread.evaluate(() => window.schriebShifts.reduce((sum, value) => sum + value, 0));
    assert.ok(after < 0.01, `layout shift ${after} after skipping`);

    // The page the server sends (no script) has the slots too; the second page its own.
    const html = await (await fetch(`${server.url}/a/${SLUG}`)).text();
    assert.equal(html.match(/class="promo"/g)?.length, 2);
    await thread.goto(`${server.url}/a/${SLUG}?page=2`);
    await appReady(thread);
    assert.deepEqual(await slotsAfter(thread), ['#23']);
  } finally {
    await reader.close();
  }
});

test('signed-in readers may be spared, and an ad server shows in a sandboxed frame of fixed size', async () => {
  const cookie = await apiLogIn(admin.email, PASSWORD, server.url);
  const frame = { url: 'https://ads.example/slot?site=synthetic', width: 300, height: 250 };
  const saved = await apiWrite('PUT', `/api/v1/admin/sites/${SITE}/promos`,
    { enabled: true, after: 5, every: 5, hide_signed_in: true, frame }, { base: server.url, cookie });
  assert.equal(saved.status, 200);

  const anonymous = await launch();
  try {
    const page = await anonymous.newPage();
    await page.goto(`${server.url}/a/${SLUG}`);
    await appReady(page);
    assert.deepEqual(await slotsAfter(page), ['#5', '#10', '#15', '#20']);
    const iframe = page.locator('aside.promo iframe.promo__frame').first();
    assert.equal(await iframe.getAttribute('sandbox'), 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
    assert.equal(await iframe.getAttribute('loading'), 'lazy');
    assert.equal(await iframe.getAttribute('title'), 'Anzeige');
    assert.equal(await iframe.getAttribute('src'), frame.url);
    const box = await iframe.boundingBox();
    assert.equal(Math.round(box.width / box.height * 100), 120, 'its size as set (300 × 250)');
  } finally {
    await anonymous.close();
  }

  const page = await context.newPage();
  await page.goto(`${server.url}/a/${SLUG}`);
  await appReady(page);
  await page.locator('.user-menu__name', { hasText: admin.name }).waitFor();
  assert.deepEqual(await slotsAfter(page), [], 'none for a signed-in reader');
  await page.close();
});
