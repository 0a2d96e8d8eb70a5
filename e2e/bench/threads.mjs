// The small thread the widget benchmarks load: one page of comments, as under a small news
// article, the same words for schrieb and for the system it is compared with (`isso.mjs`).
import { addSite, BASE, PER_PAGE } from '../browser.mjs';

/** How many comments the thread holds: one page of schrieb's. */
export const COMMENTS = PER_PAGE;

/** The words and author of comment `n` (1-based). */
export const comment = (n) => ({
  text: `Beitrag ${n}: Das sehe ich **anders**, siehe https://example.org/quelle/${n} und die Zahlen dort.`,
  author: `Messgast ${n}`,
});

/**
 * Registers the host site `origin` with schrieb (guests may write) and fills the thread of
 * `url` with [`COMMENTS`] comments through the API, as a guest on the page would. `name`
 * makes the site's name unique on a server that has seen runs before. Returns the thread's slug.
 */
export async function seedSchrieb(name, origin, url) {
  addSite(name, [origin], { guests: true });
  const json = { 'content-type': 'application/json', origin: BASE };
  const article = await (await fetch(`${BASE}/api/v1/embed/threads`, {
    method: 'POST', headers: json, body: JSON.stringify({ url, title: 'Bench' }),
  })).json();
  for (let n = 1; n <= COMMENTS; n += 1) {
    const { text, author } = comment(n);
    const posted = await fetch(`${BASE}/api/v1/articles/${article.slug}/comments`, {
      method: 'POST', headers: json, body: JSON.stringify({ body: text, guest_name: author }),
    });
    if (posted.status !== 201) throw new Error(`posting bench comment ${n}: HTTP ${posted.status}`);
  }
  return article.slug;
}

/** A host page on another origin with schrieb's widget, as a site owner adds it. */
export const schriebHostPage = () => `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bench</title></head>
<body><h1>Ein Artikel</h1><p>Text.</p><div id="schrieb"></div><script src="${BASE}/embed.js" async></script></body></html>`;
