// schrieb's embed loader: <div id="schrieb"></div><script src="https://comments.example/embed.js" async></script>
// Puts the thread of this page into an iframe from schrieb's origin and keeps it as tall as its
// content. Plain JS, no framework: the host page pays for this file and one iframe, nothing else.
(function () {
  // Written in by the server from `schrieb_api::frame` and `schrieb_api::paths`: the names of
  // the frame's messages, and the widget's page.
  var MESSAGE = FRAME_PROTOCOL;
  var EMBED_PAGE = EMBED_PAGE_PATH;
  var script = document.currentScript;
  if (!script) return;
  var schrieb = new URL(script.src).origin;
  var data = script.dataset;
  var target = document.getElementById(data.target || 'schrieb');
  if (!target) return;
  var canonical = document.querySelector('link[rel="canonical"]');
  var page = new URL(data.pageUrl || (canonical && canonical.href) || location.href, location.href);
  page.hash = '';
  var query = new URLSearchParams({
    url: page.href,
    title: data.pageTitle || document.title,
    theme: data.theme || 'auto',
    lang: data.lang || document.documentElement.lang || navigator.language || 'de'
  });
  // "#schrieb-c123" on the host page opens the thread at comment 123.
  var linked = /^#schrieb-c(\d+)$/.exec(location.hash);
  if (linked) query.set('comment', linked[1]);
  var frame = document.createElement('iframe');
  frame.src = schrieb + EMBED_PAGE + '?' + query;
  frame.title = data.frameTitle || 'Kommentare';
  frame.loading = linked ? 'eager' : 'lazy';
  frame.setAttribute('scrolling', 'no');
  frame.style.cssText = 'width:100%;height:480px;border:0;display:block;color-scheme:normal';
  target.appendChild(frame);
  addEventListener('message', function (event) {
    // Only schrieb's frame speaks, and only of its height and of scrolling to a comment.
    if (event.origin !== schrieb || event.source !== frame.contentWindow) return;
    var message = event.data || {};
    if (message.type === MESSAGE.Height && message.height > 0) {
      frame.style.height = Math.ceil(message.height) + 'px';
    } else if (message.type === MESSAGE.Scroll && message.offset >= 0) {
      scrollTo({ top: frame.getBoundingClientRect().top + scrollY + message.offset - 80, behavior: 'smooth' });
    }
  });
})();
