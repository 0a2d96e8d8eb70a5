// The widget without data-theme takes the host page's colours where it stands, whatever the
// reader's system prefers: a dark site gets a dark thread on a light system, a light site a
// light one on a dark system, and a site that leaves the canvas to the browser follows the system
// only where it allows a dark colour scheme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, addSite, startHostSite, BASE } from './browser.mjs';

const RUN = `theme-${Date.now().toString(36)}`;

function hostPage(title, { style = '', rootStyle = '' } = {}) {
  return `<!doctype html><html lang="de" style="${rootStyle}"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="${style}"><h1>${title}</h1><div id="schrieb"></div><script src="${BASE}/embed.js" async></script></body></html>`;
}

let host;
before(async () => {
  const pages = {
    [`/${RUN}/dunkel`]: hostPage('Dunkle Seite', { style: 'background:#15171a;color:#e8e8e8' }),
    [`/${RUN}/hell`]: hostPage('Helle Seite', { style: 'background:#fdfdf8;color:#111' }),
    [`/${RUN}/leinwand`]: hostPage('Leinwand'),
    [`/${RUN}/leinwand-dunkel-erlaubt`]: hostPage('Leinwand, dunkel erlaubt', { rootStyle: 'color-scheme:light dark' }),
  };
  host = await startHostSite(pages);
  addSite(`Themenblog ${RUN}`, [host.origin]);
});
after(async () => { await host?.close(); });

/** The theme the loader asked for, and the one the widget's document took. */
async function themes(colorScheme, path) {
  const context = await launch({ colorScheme });
  try {
    const page = await context.newPage();
    await page.goto(`${host.origin}/${RUN}/${path}`);
    const frame = page.frameLocator('#schrieb iframe');
    await frame.locator('.discussion').waitFor();
    const asked = new URL(await page.locator('#schrieb iframe').getAttribute('src')).searchParams.get('theme');
    const attribute = await frame.locator('html').getAttribute('data-theme');
    return { asked, attribute };
  } finally {
    await context.close();
  }
}

test('a dark host page gets a dark thread on a light system', async () => {
  assert.deepEqual(await themes('light', 'dunkel'), { asked: 'dark', attribute: 'dark' });
});

test('a light host page gets a light thread on a dark system', async () => {
  assert.deepEqual(await themes('dark', 'hell'), { asked: 'light', attribute: 'light' });
});

test('a page that leaves the canvas to the browser is light unless it allows dark', async () => {
  assert.deepEqual(await themes('dark', 'leinwand'), { asked: 'light', attribute: 'light' });
  assert.deepEqual(await themes('dark', 'leinwand-dunkel-erlaubt'), { asked: 'auto', attribute: null });
});
