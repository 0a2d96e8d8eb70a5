// schrieb's embed loader: <div id="schrieb"></div><script src="https://comments.example/embed.js" async></script>
// Puts the thread of this page into an iframe from schrieb's origin and keeps it as tall as its
// content. Plain JS, no framework: the host page pays for this file and one iframe, nothing else.
//
// A new frame takes a while (a process of its own, then the app), so the loader first draws
// the thread's first page itself, into a shadow root: the server's rendering of that very
// frame page with its styles (`/embed/preview`), cleaned once more here. The frame loads
// hidden over it and takes its place when the app in it is ready, at the same height; what
// the reader focused or clicked meanwhile is handed on to it.
(function () {
  // Written in by the server from `schrieb_api::frame` and `schrieb_api::paths`: the names of
  // the frame's messages, the widget's pages, what counts as a control.
  var MESSAGE = FRAME_PROTOCOL;
  var EMBED_PAGE = EMBED_PAGE_PATH;
  var PREVIEW_PAGE = EMBED_PREVIEW_PATH;
  var CONTROLS = CONTROLS_SELECTOR;
  // How long after the frame's page has loaded its app may take to be ready before the frame
  // takes the preview's place without it.
  var APP_GRACE_MS = 5000;
  var script = document.currentScript;
  if (!script) return;
  var schrieb = new URL(script.src).origin;
  var data = script.dataset;
  var target = document.getElementById(data.target || 'schrieb');
  if (!target) return;
  var canonical = document.querySelector('link[rel=canonical]');
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
        // Relative luminance below a half (of 255).
        return 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2] < 127.5 ? 'dark' : 'light';
      }
    }
    return /dark/.test(getComputedStyle(document.documentElement).colorScheme) ? 'auto' : 'light';
  }
  // "#schrieb-c123" on the host page opens the thread at comment 123.
  var linked = /^#schrieb-c(\d+)$/.exec(location.hash);
  if (linked) query.set('comment', linked[1]);

  var box = document.createElement('div');
  box.style.cssText = 'position:relative;display:block';
  target.appendChild(box);
  var frame = null;
  var preview = null;
  var pending = null;
  addEventListener('message', function (event) {
    // Only schrieb's frame speaks: of its height, of scrolling to a comment, of being ready.
    if (!frame || event.origin !== schrieb || event.source !== frame.contentWindow) return;
    var message = event.data || {};
    if (message.type === MESSAGE.Height && message.height > 0) {
      frame.style.height = Math.ceil(message.height) + 'px';
    } else if (message.type === MESSAGE.Scroll && message.offset >= 0) {
      scrollTo({ top: frame.getBoundingClientRect().top + scrollY + message.offset - 80, behavior: 'smooth' });
    } else if (message.type === MESSAGE.Ready) {
      takeOver();
    }
  });

  if (linked || !previewFits()) {
    addFrame(false);
  } else {
    drawPreview().catch(function () {}).then(function () {
      addFrame(!!preview);
    });
  }

  function addFrame(behindPreview) {
    frame = document.createElement('iframe');
    frame.src = schrieb + EMBED_PAGE + '?' + query;
    frame.title = data.frameTitle || 'Kommentare';
    frame.loading = linked ? 'eager' : 'lazy';
    frame.setAttribute('scrolling', 'no');
    frame.style.cssText = 'width:100%;height:480px;border:0;display:block;color-scheme:normal';
    if (behindPreview) {
      // Laid out where the preview is (so it loads as soon as the preview is near the
      // viewport), but neither seen, nor heard, nor reachable by Tab until it takes over.
      frame.style.cssText += ';position:absolute;top:0;left:0;visibility:hidden';
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      // A frame whose app does not start (blocked, failed) still shows its page, whose links
      // work without the app; the preview's held controls would wait for ever.
      frame.addEventListener('load', function () {
        setTimeout(takeOver, APP_GRACE_MS);
      });
    }
    box.appendChild(frame);
  }

  // The preview looks as the frame will only where lengths mean the same in both: `rem` is the
  // host page's root font size here and the browser's default in the frame.
  function previewFits() {
    if (!box.attachShadow || !window.fetch) return false;
    var probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium';
    box.appendChild(probe);
    var medium = getComputedStyle(probe).fontSize;
    box.removeChild(probe);
    return medium === getComputedStyle(document.documentElement).fontSize;
  }

  function drawPreview() {
    return fetch(schrieb + PREVIEW_PAGE + '?' + query, { credentials: 'omit' })
      .then(function (response) {
        return response.status === 200 ? response.text() : '';
      })
      .then(function (html) {
        var template = document.createElement('template');
        template.innerHTML = html;
        var content = clean(template.content);
        if (!content) return;
        var holder = document.createElement('div');
        var theme = query.get('theme');
        if (theme === 'light' || theme === 'dark') holder.setAttribute('data-theme', theme);
        holder.attachShadow({ mode: 'open' }).appendChild(content);
        holder.shadowRoot.addEventListener('click', hold, true);
        holder.shadowRoot.addEventListener('submit', function (event) {
          event.preventDefault();
        }, true);
        box.appendChild(holder);
        preview = holder;
      });
  }

  // What the server sent is its own escaped rendering; this keeps it so even if it were not:
  // only the first `<style>` and one element tree of known elements, no event handler, no
  // address but http(s) and the page's own fragments (schrieb's paths made whole), nothing
  // that loads or runs anything.
  // Written in by the server from `crate::embed::preview`: what the app's components render.
  var ELEMENTS = PREVIEW_ELEMENTS;
  var ATTRIBUTES = PREVIEW_ATTRIBUTES;
  function clean(fragment) {
    var nodes = fragment.childNodes;
    if (nodes.length !== 2 || nodes[0].nodeName !== 'STYLE' || nodes[1].nodeName !== 'DIV') return null;
    // Comments stay: inert, and Leptos's markers are among them.
    var walker = document.createTreeWalker(nodes[1], NodeFilter.SHOW_ELEMENT);
    var unwanted = [];
    for (var node = walker.currentNode; node; node = walker.nextNode()) {
      if (!ELEMENTS.test(node.nodeName)) {
        unwanted.push(node);
        continue;
      }
      for (var i = node.attributes.length - 1; i >= 0; i--) {
        var name = node.attributes[i].name;
        var value = node.attributes[i].value;
        // schrieb's own pages (`/about`) are schrieb's here too, not the host page's.
        if (name === 'href' && /^\/(?!\/)/.test(value)) {
          value = schrieb + value;
          node.setAttribute(name, value);
        }
        if (!ATTRIBUTES.test(name) || (name === 'href' && !/^(https?:\/\/|#)/i.test(value))) {
          node.removeAttribute(name);
        }
      }
      // Typing goes into the frame: what was typed here would be gone when it takes over.
      if (node.nodeName === 'INPUT' || node.nodeName === 'TEXTAREA') node.setAttribute('readonly', '');
    }
    unwanted.forEach(function (node) {
      node.remove();
    });
    return fragment;
  }

  // Before the frame is ready, a control (a button, one of schrieb's links, a field) in the
  // preview does nothing yet but say it is getting ready; the frame does it once it is. Other
  // links (a comment's links, its permalink on this page) work as plain links.
  function hold(event) {
    var control = event.target.closest && event.target.closest(CONTROLS);
    if (!control) return;
    var href = control.getAttribute('href');
    if (href && href.charAt(0) !== '#' && new URL(href, location.href).origin !== schrieb) return;
    event.preventDefault();
    control.setAttribute('aria-busy', 'true');
    // The preview's root names the words, in its language.
    control.setAttribute('data-getting-ready', preview.shadowRoot.lastChild.getAttribute('data-getting-ready'));
    pending = control;
  }

  // The frame page's control that `control` of the preview is (`schrieb_api::frame::ControlPath`).
  function pathOf(control) {
    var scope = control.parentElement;
    while (scope && !scope.id && !scope.classList.contains('widget-preview')) scope = scope.parentElement;
    var within = scope && scope.id ? scope.id : null;
    var index = [].indexOf.call(scope.querySelectorAll(CONTROLS), control);
    return { within: within, index: index, text: control.textContent.trim() };
  }

  // The frame in the preview's place: as tall as the preview was (the frame reported its own
  // height meanwhile), so nothing below moves.
  function takeOver() {
    if (!preview) return;
    var focused = preview.shadowRoot.activeElement;
    var control = pending || (focused && focused.closest(CONTROLS));
    // Taken out of the page with the focus, it would have the browser scroll somewhere else.
    if (focused) focused.blur();
    frame.style.position = 'static';
    frame.style.visibility = 'visible';
    frame.removeAttribute('aria-hidden');
    frame.removeAttribute('tabindex');
    box.removeChild(preview);
    preview = null;
    if (control) {
      frame.focus({ preventScroll: true });
      frame.contentWindow.postMessage({ type: MESSAGE.Replay, control: pathOf(control), click: control === pending }, schrieb);
    } else if (focused) {
      frame.focus({ preventScroll: true });
    }
  }
})();
