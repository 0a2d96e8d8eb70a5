// The linked site of the link preview tests: a page with OpenGraph tags and a picture, on the
// one address and port the test server's link previews may read (`SCHRIEB_LINKED_SITE`, which
// `cargo xtask test` passes). It counts who asked for what.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

export const LINKED_SITE = process.env.SCHRIEB_LINKED_SITE ?? 'http://127.0.0.2:3998';

const PICTURE = readFileSync(new URL('../public/icons/icon-512.png', import.meta.url));

/** The page at `path`: its title is `title`, its picture `/bild.png`. */
export function articlePage(title) {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title} (Titel)</title>
<meta property="og:title" content="${title}">
<meta property="og:site_name" content="Heimwerk-Nachrichten">
<meta property="og:description" content="Was ein Steckersolargerät auf dem Balkon im Jahr bringt.">
<meta property="og:image" content="/bild.png"></head><body><h1>${title}</h1></body></html>`;
}

/**
 * Starts the linked site: `pages` maps paths to HTML (add pages any time); `/bild.png` is a
 * picture. `{ url, requests, close() }`, `requests` each `{ path, agent }`.
 */
export async function startLinkedSite(pages = {}) {
  const requests = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url, LINKED_SITE).pathname;
    requests.push({ path, agent: request.headers['user-agent'] ?? '' });
    if (path === '/bild.png') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(PICTURE);
      return;
    }
    const page = pages[path];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  const { hostname, port } = new URL(LINKED_SITE);
  await new Promise((resolve) => server.listen(Number(port), hostname, resolve));
  return { url: LINKED_SITE, pages, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Waits until comment `id` (of thread `slug`, page 1) carries `count` cards: its previews. */
export async function cardsOf(api, slug, id, count = 1) {
  for (let tries = 0; tries < 200; tries += 1) {
    const page = await api(`/api/v1/articles/${slug}/comments?page=1`);
    const comment = page.items.find((item) => item.id === id);
    if (comment?.previews?.length >= count) return comment.previews;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`comment ${id} got no card`);
}
