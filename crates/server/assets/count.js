// schrieb's comment counts for article lists: <span data-schrieb-count="https://blog.example/post"></span>
// and <script src="https://comments.example/count.js" async></script>. One request for up to 50
// addresses on the page; each span gets "12 Kommentare" (or "12 comments" on an English page).
(function () {
  // Written in by the server from the app's locale files (`comment.count_one`/`count_many`, by
  // plural form) and from `schrieb_api::paths`: the words, and where the counts are.
  var WORDS = COUNT_WORDS;
  var COUNTS = COUNTS_PATH;
  var script = document.currentScript;
  if (!script) return;
  var spans = document.querySelectorAll('[data-schrieb-count]');
  if (!spans.length) return;
  var urls = [];
  spans.forEach(function (span) {
    var url = new URL(span.getAttribute('data-schrieb-count'), location.href);
    url.hash = '';
    span.schriebUrl = url.href;
    if (urls.indexOf(url.href) < 0) urls.push(url.href);
  });
  // The page's language picks the words (German for de, de-AT, ...; English for the rest), and
  // its own tag formats the number ("1.234" in de, "1’234" in de-CH); a language without words
  // of its own is English throughout, and so is a tag the browser cannot read.
  var asked = script.dataset.lang || document.documentElement.lang || navigator.language || '';
  var words = /^de/i.test(asked) ? 'de' : 'en';
  var lang = asked.slice(0, 2).toLowerCase() === words ? asked : words;
  var plural;
  try {
    plural = new Intl.PluralRules(lang);
  } catch (malformed) {
    lang = words;
    plural = new Intl.PluralRules(lang);
  }
  function say(n) {
    var forms = WORDS[words];
    var form = forms[plural.select(n)] || forms.other;
    return form.replace(/\{\{\s*count\s*\}\}/g, n.toLocaleString(lang));
  }
  // The server answers at most 50 addresses per request; a longer list takes a few.
  var requests = [];
  for (var start = 0; start < urls.length; start += 50) {
    var query = new URLSearchParams();
    urls.slice(start, start + 50).forEach(function (url) { query.append('url', url); });
    requests.push(fetch(new URL(script.src).origin + COUNTS + '?' + query)
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; }));
  }
  Promise.all(requests).then(function (answers) {
    var counts = Object.assign.apply(Object, [{}].concat(answers));
    spans.forEach(function (span) {
      span.textContent = say(counts[span.schriebUrl] || 0);
    });
  });
})();
