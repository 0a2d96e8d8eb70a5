// Benchmark of the reply editor in headless Chromium (run by `cargo xtask bench`): with a
// 5,000-character draft in the editor, the time from a key press to the preview showing it,
// median and 90th percentile of 60 presses. Two moments per press, both against the keydown
// event's time stamp: the preview's DOM changed (MutationObserver), and the next frame after
// it (requestAnimationFrame, when the change can be painted).
import { launch, logIn, addUser } from '../browser.mjs';
import { percentile } from './measure.mjs';

const PRESSES = 60;
const ARTICLE = '/a/harborview-transit-app-outage';
const PASSWORD = 'ein-gutes-passwort';

/** About 5,000 characters of what comments carry: paragraphs, emphasis, links, a list, a quote, code. */
function draft() {
  const paragraph = (n) => `Absatz ${n}: Das ist **wichtig**, und _das_ auch; siehe https://example.org/quelle/${n} `
    + `und [die Doku](https://example.org/doku/${n}). Dazu ~~alt~~ neu, \`code\`, @"Leser ${n}".\n\n`;
  let text = '[quote]\nEin Zitat ohne Quelle, damit auch ein Zitat dabei ist.\n[/quote]\n\n- eins\n- zwei\n- drei\n\n';
  for (let n = 0; text.length < 5_000; n += 1) text += paragraph(n);
  return text.slice(0, 5_000);
}


const context = await launch();
const RUN = Date.now().toString(36);
addUser(`Messung ${RUN}`, `messung-${RUN}@example.org`, PASSWORD);
const page = await context.newPage();
await logIn(page, `messung-${RUN}@example.org`, PASSWORD, ARTICLE);
const text = draft();
await page.locator('#reply-text').fill(text);
await page.locator('#reply-text-preview .comment__body').waitFor();
await page.locator('#reply-text').focus();
await page.evaluate(() => {
  const area = document.querySelector('#reply-text');
  area.setSelectionRange(area.value.length, area.value.length);
  window.__presses = [];
  let pressed = null;
  area.addEventListener('keydown', (event) => { pressed = event.timeStamp; });
  new MutationObserver(() => {
    if (pressed === null) return;
    const start = pressed;
    pressed = null;
    const dom = performance.now() - start;
    requestAnimationFrame(() => window.__presses.push({ dom, frame: performance.now() - start }));
  }).observe(document.querySelector('#reply-text-preview'), { childList: true, subtree: true, characterData: true });
});
for (let n = 0; n < PRESSES; n += 1) {
  await page.keyboard.press(n % 2 ? 'Backspace' : 'x');
  await page.waitForFunction((count) => window.__presses.length >= count, n + 1);
}
const presses = await page.evaluate(() => window.__presses);
await context.close();

const dom = presses.map((p) => p.dom);
const frame = presses.map((p) => p.frame);
console.log(`\nreply editor, ${text.length}-character draft, ${PRESSES} key presses (headless Chromium):`);
console.log(`  key press -> preview DOM updated: median ${percentile(dom, 0.5).toFixed(2)} ms, p90 ${percentile(dom, 0.9).toFixed(2)} ms`);
console.log(`  key press -> next frame:          median ${percentile(frame, 0.5).toFixed(2)} ms, p90 ${percentile(frame, 0.9).toFixed(2)} ms (budget: one frame, 16.7 ms)`);
