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
    theme: data.theme || hostTheme(target),
    lang: data.lang || document.documentElement.lang || navigator.language || 'de'
  });
  // No data-theme: the thread takes the host page's colours where the widget will stand, not only
  // the reader's system setting, so a dark site gets a dark thread on a light system (and a light
  // site a light one on a dark system). The first background that is not transparent, from the
  // widget's box up to the root, decides by its relative luminance; with none, the page shows
  // the browser's canvas, which is dark only where the page allows a dark colour scheme.
  function hostTheme(node) {
    for (; node && node.nodeType === 1; node = node.parentElement) {
      var rgba = (getComputedStyle(node).backgroundColor.match(/[\d.]+/g) || []).map(Number);
      if (rgba.length >= 3 && (rgba.length < 4 || rgba[3] > 0)) {
        var luminance = (0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]) / 255;
        return luminance < 0.5 ? 'dark' : 'light';
      }
    }
    return /dark/.test(getComputedStyle(document.documentElement).colorScheme) ? 'auto' : 'light';
  }
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
