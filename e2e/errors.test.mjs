// Refusals in the reader's language: the server names the rule broken as data, the app words
// it (here in German), and the text written is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GERMAN, addUser, launch, logIn, startOwnServer } from './browser.mjs';

const ARTICLE = `/a/${GERMAN}`;
const EMAIL = 'eilig@example.org';
const PASSWORD = 'eilig-eilig-eilig';

let context;
let server;

before(async () => {
  // A server of its own: its rate limits count only this test's posts.
  server = await startOwnServer();
  addUser('Eilige Erna', EMAIL, PASSWORD, server.db);
  context = await launch();
});

after(async () => {
  await context?.close();
  await server?.stop();
});

test('a German reader posting too fast is told in German how long to wait, and keeps the text', async () => {
  const page = await context.newPage();
  await logIn(page, EMAIL, PASSWORD, ARTICLE, server.url);
  // Five posts a minute are allowed: spend them as the app would send them.
  const statuses = await page.evaluate(async (slug) => {
    const answers = [];
    for (let n = 1; n <= 5; n += 1) {
      const response = await fetch(`/api/v1/articles/${slug}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: `Schnell gesagt, Nummer ${n}.` }),
      });
      answers.push(response.status);
    }
    return answers;
  }, GERMAN);
  assert.deepEqual(statuses, [201, 201, 201, 201, 201]);

  const box = page.getByLabel('Ihr Beitrag');
  const text = 'Und noch ein Gedanke, gleich hinterher.';
  await box.fill(text);
  const answered = page.waitForResponse((response) => response.request().method() === 'POST'
    && response.url().endsWith(`/api/v1/articles/${GERMAN}/comments`));
  await page.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
  const response = await answered;
  assert.equal(response.status(), 429);
  const { reason } = await response.json();
  assert.equal(reason.rule, 'too_fast');

  const error = page.locator('.reply-box p.form-error[role=alert]');
  await error.waitFor();
  const words = await error.innerText();
  const unit = reason.retry_after === 1 ? 'Sekunde' : 'Sekunden';
  assert.equal(words, `Zu viele Versuche in kurzer Zeit. Bitte warten Sie ${reason.retry_after} ${unit}.`);
  assert.doesNotMatch(words, /too many|try again/i, 'no English from the server');
  assert.equal(await box.inputValue(), text, 'the text stays in the editor');
  await page.close();
});
