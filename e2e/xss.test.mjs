// The XSS suite through the whole app: `cargo xtask test` seeds every payload in every
// placement as the thread /a/xss-suite (crates/markup/tests/xss/). Every page of it is opened
// in Chromium; no payload may create an element or attribute, and none may run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, api, comments, BASE, PER_PAGE } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

// Elements the markup views create, with the attributes each may carry.
const ALLOWED = {
  div: ['class'], p: ['class', 'role'], br: [], a: ['class', 'href', 'rel', 'target'], span: ['class'],
  blockquote: ['class', 'data-source'], button: ['type', 'class', 'aria-expanded'], em: [], strong: [], del: [],
  code: ['class'], pre: ['class', 'tabindex'], ul: [], ol: ['start'], li: [], hr: [],
};

/** What the comment bodies on `page` were rendered to that the markup views never create. */
function markupProblems(page) {
  return page.$$eval('.comment__body .markup, .comment__body .markup *', (elements, allowed) => {
    const problems = [];
    for (const element of elements) {
      const name = element.localName;
      if (!(name in allowed)) { problems.push(`<${name}>: ${element.outerHTML.slice(0, 120)}`); continue; }
      for (const attribute of element.getAttributeNames()) {
        if (!allowed[name].includes(attribute)) problems.push(`${attribute} on <${name}>`);
      }
      // A quote's source is a comment id the parser read as a number, never text.
      if (element.hasAttribute('data-source') && !/^\d+$/.test(element.getAttribute('data-source'))) {
        problems.push(`data-source ${element.getAttribute('data-source')}`);
      }
      if (name === 'a') {
        const href = element.getAttribute('href').toLowerCase();
        if (!/^(https?:\/\/|mailto:|#c\d+$|\/u\/\d+$|\/c\/\d+\/revisions#r\d+$)/.test(href)) problems.push(`href ${href}`);
      }
    }
    return problems;
  }, ALLOWED);
}

/**
 * Waits until whatever a payload that got through would have done has been done: a probe of the
 * suite's own kind (an image from the server that cannot be shown, with an inline `onerror`) is
 * added after the comments and must fire. Its handler running also shows that this page runs
 * inline handlers at all, so a payload's would have set the canary too. (The server answers the
 * probe with text, not a 404, so that the console stays clean.)
 */
async function probed(page) {
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.id = 'xss-probe';
    probe.hidden = true;
    probe.innerHTML = '<img src="/healthz?xss-probe" onerror="window.__xssProbe = true">';
    document.body.append(probe);
  });
  await page.waitForFunction(() => window.__xssProbe === true);
  await page.evaluate(() => document.getElementById('xss-probe').remove());
}

test('no payload creates an element or attribute or runs, on any page of the thread', async () => {
  const first = await api('/api/v1/articles/xss-suite/comments?page=1');
  assert.ok(first.total >= 60 * 6, `the suite has ${first.total} bodies`);
  const errors = [];
  let checked = 0;
  for (let number = 1; number <= first.pages; number++) {
    const page = await open(context, `/a/xss-suite?page=${number}`, errors);
    // Every comment of the page is there (the last page holds the rest)...
    const expected = Math.min(PER_PAGE, first.total - (number - 1) * PER_PAGE);
    await page.waitForFunction((expected) => document.querySelectorAll('li.comment .comment__body').length === expected, expected);
    // ...and what any of them would have loaded or fired has.
    await probed(page);
    const found = await page.evaluate(() => ({
      bodies: document.querySelectorAll('.comment__body').length, canary: window.__xss,
    }));
    found.problems = await markupProblems(page);
    assert.deepEqual(found.problems, [], `page ${number}`);
    assert.equal(found.canary, undefined, `a payload ran on page ${number}`);
    checked += found.bodies;
    await page.close();
  }
  assert.equal(checked, first.total);
  assert.deepEqual(errors, []);
});

test('without JavaScript, the thread is readable and no payload gets through', async () => {
  const first = await api('/api/v1/articles/xss-suite/comments?page=1');
  const browser = await launch({ javaScriptEnabled: false });
  try {
    let checked = 0;
    for (let number = 1; number <= first.pages; number++) {
      const page = await browser.newPage();
      await page.goto(`${BASE}/a/xss-suite?page=${number}`);
      // The page as the server rendered it, built by a browser that runs nothing.
      assert.deepEqual(await markupProblems(page), [], `page ${number}`);
      checked += await page.locator('li.comment .comment__body').count();
      await page.close();
    }
    assert.equal(checked, first.total);
  } finally {
    await browser.close();
  }
});

test('without JavaScript, a German thread reads as a thread', async () => {
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE}/a/pergola-lizenzwechsel?page=3`);
    await page.getByRole('heading', { level: 1, name: /Pergola wechselt die Lizenz/ }).waitFor();
    assert.equal(await page.locator('li[id^="c"]').count(), 12);
    await page.getByRole('link', { name: 'Onkel Otto schrieb:' }).click();
    await page.waitForURL(/\?page=3#c\d+$/);
    const pages = await page.locator('nav.pagination').first().locator('a.pagination__page').allTextContents();
    assert.deepEqual(pages.map((text) => text.trim()), ['1', '2', '3']);
  } finally {
    await browser.close();
  }
});
