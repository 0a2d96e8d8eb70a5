// Answering: the reply editor's toolbar and shortcuts, a preview that is the published comment,
// drafts, quoting (whole comments, selections, several across pages and tabs), replying by
// name, mention suggestions by keyboard, and an error that keeps the text. Real keystrokes and
// real DOM selections in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, api, comments, newAccount, logIn, startOwnServer, BASE } from './browser.mjs';

// A generated thread of 30 comments by "Leser 00" … "Leser 29" (two pages) that only these
// tests post to, so the demo threads keep their pages.
const SLUG = 'schreibwerkstatt';
const ARTICLE = `/a/${SLUG}`;

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** A page of the thread, logged in as a fresh account of its own (`label`): `{ page, who }`. */
async function writer(label) {
  const who = newAccount(`Schreiberin ${label}`);
  const page = await context.newPage();
  await logIn(page, who.email, who.password, ARTICLE);
  await comments(page).first().waitFor();
  return { page, who };
}

const editor = (page) => page.locator('#reply-text');
const preview = (page) => page.locator('#reply-text-preview .comment__body');

async function selectedText(page) {
  return editor(page).evaluate((area) => area.value.slice(area.selectionStart, area.selectionEnd));
}

/**
 * Reloads `page` and waits until its editor has settled against the server's draft, which must
 * be none: this browser's copy shows at once, the server's answer may take it away after.
 */
async function reloadedWithoutDraft(page) {
  const asked = page.waitForResponse((r) => r.url().endsWith(`/articles/${SLUG}/draft`) && r.request().method() === 'GET');
  await page.reload();
  assert.equal(await (await asked).json(), null, 'the server keeps no draft');
  await page.waitForFunction(() => document.querySelector('#reply-text')?.value === '');
}

/** Clears the editor in one step that is not a formatting change. */
async function clear(page) {
  await editor(page).fill('');
}

test('the toolbar and the shortcuts format the selection, and undo takes it back', async () => {
  const { page } = await writer('toolbar');
  const area = editor(page);
  await area.click();
  await page.keyboard.type('Hallo Welt');
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Control+b');
  assert.equal(await area.inputValue(), 'Hallo **Welt**');
  assert.equal(await selectedText(page), 'Welt', 'the words stay selected');
  await preview(page).locator('strong', { hasText: 'Welt' }).waitFor();

  await page.keyboard.press('Control+z');
  assert.equal(await area.inputValue(), 'Hallo Welt', 'one undo step takes the formatting back');

  await page.keyboard.press('Control+i');
  assert.equal(await area.inputValue(), 'Hallo *Welt*');
  await page.keyboard.press('Control+i');
  assert.equal(await area.inputValue(), 'Hallo Welt', 'pressed again, it comes off');

  await page.getByRole('button', { name: /^Durchgestrichen/ }).click();
  assert.equal(await area.inputValue(), 'Hallo ~~Welt~~');
  await preview(page).locator('del', { hasText: 'Welt' }).waitFor();

  await clear(page);
  await page.keyboard.type('Doku');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Control+k');
  assert.equal(await area.inputValue(), '[Doku](https://)');
  assert.equal(await selectedText(page), 'https://', 'the address is selected to be typed over');
  await page.keyboard.type('https://example.org/doku');
  await preview(page).locator('a.markup__link[href="https://example.org/doku"]').waitFor();

  await clear(page);
  await page.keyboard.type('eins');
  await page.keyboard.press('Enter');
  await page.keyboard.type('zwei');
  await page.keyboard.press('Control+a');
  await page.getByRole('button', { name: 'Liste' }).click();
  assert.equal(await area.inputValue(), '- eins\n- zwei');
  assert.equal(await preview(page).locator('ul > li').count(), 2);
  await page.getByRole('button', { name: 'Zitat', exact: true }).click();
  assert.equal(await area.inputValue(), '> - eins\n> - zwei');
  await page.getByRole('button', { name: 'Code' }).click();
  assert.equal(await area.inputValue(), '```\n> - eins\n> - zwei\n```');
  await preview(page).locator('pre.markup__code').waitFor();

  // Pasting an address over words links them.
  await clear(page);
  await page.keyboard.type('die Quelle');
  await page.keyboard.press('Shift+Home');
  await area.evaluate((element) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'https://example.org/quelle');
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  assert.equal(await area.inputValue(), '[die Quelle](https://example.org/quelle)');
  // Pasted at the caret, an address stays a link to all of itself.
  await clear(page);
  await area.evaluate((element) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'https://example.org/ende.');
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  assert.equal(await area.inputValue(), '<https://example.org/ende.>');
  await preview(page).locator('a.markup__link[href="https://example.org/ende."]').waitFor();
  await clear(page);
  await page.close();
});

test('the preview is the published comment, and after posting the comment has the focus', async () => {
  const { page } = await writer('preview');
  const quoted = (await api(`/api/v1/articles/${SLUG}/comments?page=1`)).items[2];
  await page.locator(`#c${quoted.id}`).getByRole('button', { name: 'Zitieren', exact: true }).click();
  await page.keyboard.type('Dem stimme ich **ausdrücklich** zu, _mit_ ~~Vorbehalt~~ `Code`:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- siehe https://example.org/a.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- und [die Doku](https://example.org/doku), frag @"Leser 05"');
  await preview(page).locator('.markup__quote-source a', { hasText: `${quoted.author.display_name} schrieb:` }).waitFor();
  await preview(page).locator('a[href="https://example.org/doku"]').waitFor();
  // A mention typed out (not picked) is looked up when typing pauses, and links as it will.
  await preview(page).locator('a.markup__mention', { hasText: '@Leser 05' }).waitFor();
  const previewed = await preview(page).innerHTML();

  await page.keyboard.press('Control+Enter');
  await page.waitForURL(/\?page=\d+#c\d+$/);
  const id = page.url().match(/#c(\d+)$/)[1];
  // On the page the server placed it: the thread's last one.
  const placed = await api(`/api/v1/comments/${id}`);
  assert.equal(new URL(page.url()).searchParams.get('page'), String(placed.page));
  const published = page.locator(`li#c${id} .comment__body`);
  await published.waitFor();
  assert.equal(await published.innerHTML(), previewed, 'the preview is exactly the published comment');
  await page.waitForFunction((target) => document.activeElement?.id === target, `c${id}`);
  await page.getByRole('status').filter({ hasText: 'Ihr Beitrag wurde veröffentlicht.' }).waitFor();
  assert.equal(await editor(page).inputValue(), '', 'the editor is empty again');
  await page.close();
});

test('a draft survives a reload, follows to another device, and is gone after posting', async () => {
  const { page, who } = await writer('draft');
  await editor(page).click();
  const saved = page.waitForResponse((r) => r.url().endsWith(`/articles/${SLUG}/draft`) && r.request().method() === 'PUT');
  await page.keyboard.type('Ein Entwurf, der bleibt.');
  await page.getByText('Entwurf gespeichert').waitFor();
  assert.equal((await saved).status(), 200, 'the server has it after a pause in typing');
  await page.reload();
  await comments(page).first().waitFor();
  // The draft comes back with the page's own data or right after it from the browser's memory:
  // waited for, not read the moment the comments are there.
  await page.waitForFunction(() => document.querySelector('#reply-text')?.value !== '', null, { timeout: 5000 })
    .catch(() => {});
  assert.equal(await editor(page).inputValue(), 'Ein Entwurf, der bleibt.');

  // Another device: another browser, the same account.
  const other = await launch();
  try {
    const there = await other.newPage();
    await logIn(there, who.email, who.password, ARTICLE);
    await comments(there).first().waitFor();
    await there.waitForFunction(() => document.querySelector('#reply-text')?.value === 'Ein Entwurf, der bleibt.');

    await page.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
    await page.waitForURL(/#c\d+$/);
    // Posted, the draft is gone here, and on the other device.
    await reloadedWithoutDraft(page);
    await reloadedWithoutDraft(there);
  } finally {
    await other.close();
  }

  // Discarding empties the editor and forgets the draft.
  await editor(page).click();
  await page.keyboard.type('Lieber doch nicht.');
  await page.getByRole('button', { name: 'Entwurf verwerfen' }).click();
  assert.equal(await editor(page).inputValue(), '');
  await reloadedWithoutDraft(page);
  await page.close();
});

test('selected words in a comment are quoted with their source', async () => {
  const { page } = await writer('selection');
  const source = (await api(`/api/v1/articles/${SLUG}/comments?page=1`)).items.find((c) => c.body.includes('längerer Absatz'));
  const paragraph = page.locator(`#c${source.id} .comment__body p`).nth(1);
  // A real selection with the mouse: three clicks select the paragraph.
  await paragraph.click({ clickCount: 3 });
  const popover = page.getByRole('toolbar', { name: 'Auswahl' });
  await popover.waitFor();
  await popover.getByRole('button', { name: 'Zitieren' }).click();
  const value = await editor(page).inputValue();
  const words = (await paragraph.textContent()).trim();
  assert.equal(value, `[quote=${source.id} author="${source.author.display_name}"]\n${words}\n[/quote]\n`);
  assert.equal(await popover.count(), 0, 'the popover goes once used');
  await page.waitForFunction(() => document.activeElement?.id === 'reply-text');

  // "Antworten" in the popover quotes and names the author.
  await clear(page);
  const other = page.locator(`#c${source.id} .comment__body p`).first();
  await other.click({ clickCount: 3 });
  await popover.getByRole('button', { name: 'Antworten' }).click();
  assert.match(await editor(page).inputValue(), new RegExp(`\\[/quote\\]\\n@"${source.author.display_name}" $`));

  // The server checks the quote and takes it.
  await clear(page);
  await paragraph.click({ clickCount: 3 });
  await popover.getByRole('button', { name: 'Zitieren' }).click();
  await page.keyboard.type('Genau so.');
  await page.keyboard.press('Control+Enter');
  await page.waitForURL(/#c\d+$/);
  const id = page.url().match(/#c(\d+)$/)[1];
  await page.locator(`li#c${id} .markup__quote--verified`).waitFor();
  await page.close();
});

test('multi-quote collects across two pages and two tabs, and inserts them all', async () => {
  const { page } = await writer('multi');
  const [first, second] = [(await api(`/api/v1/articles/${SLUG}/comments?page=1`)).items[4], (await api(`/api/v1/articles/${SLUG}/comments?page=2`)).items[1]];
  await page.locator(`#c${first.id}`).getByRole('button', { name: '+ Zitat' }).click();
  await page.getByRole('button', { name: '1 Zitat einfügen' }).waitFor();
  await page.getByRole('navigation', { name: 'Seiten der Diskussion' }).first().getByRole('link', { name: 'Seite 2' }).click();
  await page.locator(`#c${second.id}`).waitFor();
  await page.locator(`#c${second.id}`).getByRole('button', { name: '+ Zitat' }).click();
  await page.getByRole('button', { name: '2 Zitate einfügen' }).waitFor();
  assert.equal(await page.locator(`#c${second.id}`).getByRole('button', { name: '✓ Vorgemerkt' }).getAttribute('aria-pressed'), 'true');

  // The other tab sees the same collection, and changes go both ways.
  const tab = await context.newPage();
  await tab.goto(`${BASE}${ARTICLE}`);
  await comments(tab).first().waitFor();
  await tab.getByRole('button', { name: '2 Zitate einfügen' }).waitFor();
  await tab.getByRole('button', { name: `Zitat von ${first.author.display_name} entfernen` }).click();
  await page.getByRole('button', { name: '1 Zitat einfügen' }).waitFor();
  await page.reload();
  await comments(page).first().waitFor();
  await page.getByRole('button', { name: '1 Zitat einfügen' }).waitFor();
  await tab.locator(`#c${first.id}`).getByRole('button', { name: '+ Zitat' }).click();
  await page.getByRole('button', { name: '2 Zitate einfügen' }).waitFor();

  await page.getByRole('button', { name: '2 Zitate einfügen' }).click();
  const value = await editor(page).inputValue();
  const sources = [...value.matchAll(/\[quote=(\d+) author="([^"]+)"\]/g)].map((m) => Number(m[1]));
  assert.deepEqual(sources, [second.id, first.id], 'in the order collected');
  await tab.getByRole('button', { name: /Zitate? einfügen/ }).waitFor({ state: 'detached' });
  await page.keyboard.type('Beides richtig.');
  await page.keyboard.press('Control+Enter');
  await page.waitForURL(/#c\d+$/);
  const id = page.url().match(/#c(\d+)$/)[1];
  const verified = page.locator(`li#c${id} .comment__body > .markup > .markup__quote--verified`);
  await verified.nth(1).waitFor();
  assert.equal(await verified.count(), 2);
  await tab.close();
  await page.close();
});

test('"Antworten" starts a reply that names the author', async () => {
  const { page } = await writer('reply');
  const target = (await api(`/api/v1/articles/${SLUG}/comments?page=1`)).items[6];
  await page.locator(`#c${target.id}`).getByRole('button', { name: 'Antworten', exact: true }).click();
  assert.equal(await editor(page).inputValue(), `@"${target.author.display_name}" `);
  await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
  await page.keyboard.type('danke!');
  await preview(page).locator('.markup__mention', { hasText: `@${target.author.display_name}` }).waitFor();
  await clear(page);
  await page.close();
});

test('mentions are suggested as you type and picked by keyboard', async () => {
  const { page } = await writer('mention');
  await editor(page).click();
  const list = page.getByRole('listbox', { name: 'Vorschläge für die Erwähnung' });
  // A space ends a bare name: the suggestions for "Leser" go, and none come for "0".
  await page.keyboard.type('Danke @Leser');
  await list.waitFor();
  await page.keyboard.type(' 0');
  await list.waitFor({ state: 'hidden' });
  // The preview has it too, after the pause in which mentions are looked up: still no list.
  await page.waitForFunction(() => document.querySelector('#reply-text-preview .comment__body')?.textContent.includes('Danke @Leser 0'));
  assert.equal(await list.isVisible(), false);
  await clear(page);
  await page.keyboard.type('Danke @Le');
  await list.waitFor();
  // The textarea stays a multi-line textbox that controls the list (no combobox role, no
  // aria-expanded: a textbox may have neither).
  assert.equal(await editor(page).getAttribute('aria-controls'), await list.getAttribute('id'));
  assert.equal(await editor(page).getAttribute('aria-autocomplete'), 'list');
  assert.equal(await editor(page).getAttribute('aria-expanded'), null);
  assert.equal(await editor(page).getAttribute('role'), null);
  const options = list.getByRole('option');
  assert.equal(await options.count(), 8);
  assert.match(await options.first().textContent(), /in dieser Diskussion/, 'people in the thread first');
  assert.equal(await options.first().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
  assert.equal(await editor(page).getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
  const chosen = (await options.nth(1).locator('.mention-list__name').textContent()).trim();
  await page.getByRole('status').filter({ hasText: '8 Vorschläge' }).waitFor();
  await page.keyboard.press('Enter');
  assert.equal(await editor(page).inputValue(), `Danke @"${chosen}" `);
  assert.equal(await list.isVisible(), false);
  await preview(page).locator('a.markup__mention', { hasText: `@${chosen}` }).waitFor();

  // Escape closes the list and keeps what was typed; Tab picks too.
  await page.keyboard.type('und @Le');
  await list.waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await list.isVisible(), false);
  await page.keyboard.type('s');
  await list.waitFor();
  await page.keyboard.press('Tab');
  assert.match(await editor(page).inputValue(), /^Danke @"Leser \d\d" und @"Leser \d\d" $/);
  await clear(page);
  await page.close();
});

// Without a service worker (a browser without one, a page over plain HTTP): with one, the reply
// waits in its outbox instead (pwa.test.mjs).
test('an error while posting is shown in words and the text stays', async () => {
  const own = await startOwnServer();
  const browser = await launch({ serviceWorkers: 'block' });
  try {
    const who = newAccount('Pechvogel', own.db);
    const page = await browser.newPage();
    await logIn(page, who.email, who.password, '/a/harborview-transit-app-outage', own.url);
    await editor(page).click();
    await page.keyboard.type('Dieser Text darf nicht verloren gehen.');
    await page.getByText('Entwurf gespeichert').waitFor();

    await own.stop();
    await page.getByRole('button', { name: 'Beitrag veröffentlichen' }).click();
    await page.getByText('Keine Verbindung zum Server').waitFor();
    assert.equal(await editor(page).inputValue(), 'Dieser Text darf nicht verloren gehen.');
    const kept = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':harborview-transit-app-outage'))?.[1]);
    assert.match(kept, /Dieser Text darf nicht verloren gehen\./, 'and this browser keeps it as a draft');
  } finally {
    await browser.close();
    await own.stop();
  }
});
