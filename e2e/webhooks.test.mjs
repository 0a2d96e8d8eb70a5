// Webhooks in the browser: an admin adds an endpoint by keyboard alone, is shown its signing
// secret once (the one the deliveries are really signed with), reads the delivery log, turns
// the endpoint off, changes its events and deletes it; an endpoint that answered 410 Gone shows
// that the server turned it off, and why. A receiver of the test's own takes the deliveries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { launch, apiLogIn, apiPost, apiWrite, logIn, newAccount, ownSite, RUN } from './browser.mjs';

let context;
let site;
let receiver;
let admin;
let thread;
before(async () => {
  site = await ownSite(`Haken ${RUN}`);
  // One thread for both tests: page threads are limited per address, and the suite makes many.
  thread = await site.newThread('Haken');
  receiver = await startReceiver();
  admin = newAccount('Haken Admin', undefined, { admin: true });
  context = await launch({ serviceWorkers: 'block' });
});
after(async () => {
  await context?.close();
  await receiver?.close();
  await site?.close();
});

/**
 * An endpoint that records what is posted to it: `/gone/...` answers 410, the rest 204.
 * `{ url(path), received, next(path), close() }`; `next` waits for the next delivery to `path`.
 */
async function startReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ path: request.url, headers: request.headers, body });
      response.writeHead(request.url.startsWith('/gone') ? 410 : 204);
      response.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const next = async (path, seen = received.filter((one) => one.path === path).length) => {
    for (let waited = 0; waited < 30000; waited += 100) {
      const hits = received.filter((one) => one.path === path);
      if (hits.length > seen) return hits[seen];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no delivery to ${path} within 30 s`);
  };
  return {
    url: (path) => origin + path,
    received,
    next,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Whether `delivery` carries a Standard Webhooks signature made with `secret` (`whsec_…`). */
function signedWith(delivery, secret) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`;
  const expected = createHmac('sha256', key).update(signed).digest('base64');
  return delivery.headers['webhook-signature'].split(' ').includes(`v1,${expected}`);
}

/** The admin page of the test's site, logged in. */
async function adminPage() {
  const page = await context.newPage();
  await logIn(page, admin.email, admin.password, `/admin?site=${encodeURIComponent(site.name)}`);
  const section = page.getByRole('region', { name: 'Webhooks', exact: true });
  await section.getByLabel('Adresse des Endpunkts').waitFor();
  return { page, section };
}

test('an admin adds a webhook by keyboard, keeps its secret, reads its log, turns it off, changes and deletes it', async () => {
  const { page, section } = await adminPage();
  await section.getByText('Diese Site hat noch keine Webhooks.').waitFor();

  // Sent empty, the form says what the address needs, and the cursor is in it.
  const url = section.getByLabel('Adresse des Endpunkts');
  await url.focus();
  await page.keyboard.press('Enter');
  await section.getByRole('alert').filter({ hasText: 'beginnt mit http:// oder https://' }).waitFor();
  assert.equal(await url.evaluate((input) => input === document.activeElement), true);
  assert.equal(await url.getAttribute('aria-invalid'), 'true');

  // Typed, with a second event chosen by Tab and Space, and sent with Enter.
  const address = receiver.url(`/ok/${RUN}`);
  await page.keyboard.type(address);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'comment.published');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await url.focus();
  await page.keyboard.press('Enter');

  // The secret, once, with the focus on it.
  const secretBox = page.getByRole('region', { name: 'Das Signatur-Geheimnis des neuen Webhooks' });
  await secretBox.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'webhook-secret-title');
  const secret = await secretBox.getByRole('textbox', { name: 'Signatur-Geheimnis' }).inputValue();
  assert.match(secret, /^whsec_[A-Za-z0-9+/=]+$/);
  const item = section.locator('li.webhook', { hasText: address });
  await item.getByText('An', { exact: true }).waitFor();
  assert.deepEqual(await item.locator('.webhook__events code').allTextContents(), ['comment.published', 'comment.edited']);
  assert.equal(await url.inputValue(), '', 'the form is empty for the next one');

  // A comment on the site's thread is delivered, signed with exactly that secret.
  const writer = newAccount('Haken Schreiber');
  const posted = await apiPost(thread.slug, 'Ein Kommentar für den Haken.', { cookie: await apiLogIn(writer.email, writer.password) });
  const delivery = await receiver.next(`/ok/${RUN}`, 0);
  assert.ok(signedWith(delivery, secret), 'signed with the secret shown');
  const payload = JSON.parse(delivery.body);
  assert.equal(payload.type, 'comment.published');
  assert.equal(payload.data.comment.id, posted.comment.id);

  // Put away, the secret is gone from the page.
  await secretBox.getByRole('button', { name: 'Ich habe es gesichert' }).click();
  await secretBox.waitFor({ state: 'detached' });

  // The log: the delivery, delivered, with the endpoint's answer.
  const logButton = item.getByRole('button', { name: 'Zustellprotokoll' });
  await logButton.click();
  assert.equal(await logButton.getAttribute('aria-expanded'), 'true');
  const row = item.getByRole('table').locator('tbody tr').first();
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(`Ein Kommentar wird veröffentlicht.*${delivery.headers['webhook-id']}.*Zugestellt.*HTTP 204`));

  // Off: the state says so, and the button turns it on again.
  await item.getByRole('button', { name: 'Ausschalten' }).click();
  await item.getByText('Aus', { exact: true }).waitFor();
  await item.getByRole('button', { name: 'Einschalten' }).waitFor();

  // Changed: the deleted comments too, and on again.
  await item.getByRole('button', { name: 'Ändern' }).click();
  const form = item.locator('form');
  await form.getByLabel('Ein Kommentar wird gelöscht').check();
  await form.getByRole('button', { name: 'Webhook speichern' }).click();
  await form.waitFor({ state: 'detached' });
  assert.deepEqual(await item.locator('.webhook__events code').allTextContents(),
    ['comment.published', 'comment.edited', 'comment.deleted']);
  await item.getByText('Aus', { exact: true }).waitFor();

  // Deleted, after a second question.
  await item.getByRole('button', { name: 'Löschen' }).click();
  await item.getByRole('group', { name: 'Diesen Webhook und sein Zustellprotokoll löschen?' })
    .getByRole('button', { name: 'Ja, löschen' }).click();
  await item.waitFor({ state: 'detached' });
  await section.getByText('Diese Site hat noch keine Webhooks.').waitFor();
  await page.close();
});

test('an endpoint that answered 410 Gone shows that the server turned it off, and why', async () => {
  const cookie = await apiLogIn(admin.email, admin.password);
  const address = receiver.url(`/gone/${RUN}`);
  const made = await apiWrite('POST', `/api/v1/admin/sites/${encodeURIComponent(site.name)}/webhooks`,
    { url: address, events: ['comment.published'] }, { cookie });
  assert.equal(made.status, 201);
  const writer = newAccount('Haken Weg');
  await apiPost(thread.slug, 'Dieser Kommentar findet niemanden.', { cookie: await apiLogIn(writer.email, writer.password) });
  await receiver.next(`/gone/${RUN}`, 0);

  const { page, section } = await adminPage();
  const item = section.locator('li.webhook', { hasText: address });
  await item.getByText('Vom Server abgeschaltet: the endpoint answered 410 Gone').waitFor();
  await item.getByRole('button', { name: 'Einschalten' }).waitFor();
  await item.getByRole('button', { name: 'Zustellprotokoll' }).click();
  const row = item.getByRole('table').locator('tbody tr').first();
  await row.waitFor();
  assert.match(await row.textContent(), /Aufgegeben.*HTTP 410/);
  await page.close();
});
