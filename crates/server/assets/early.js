// schrieb's early script, inlined into the <head> of every page the server renders. The page
// arrives with the thread in it; the app (Wasm) starts only after the first paint and then
// takes the very same nodes over. Until it has (`schrieb-ready`), this keeps what the reader
// does from being lost:
// - a click (or Enter, Space) on one of the app's buttons is held, the button says it is
//   getting ready, and the click is given to the button again once the app is ready;
//   links are left alone: they work as plain links;
// - pressing the mouse on a button that keeps the reader's selection (Quote) keeps it, as the
//   app's own handler will;
// - in the widget's frame, the host page hears how tall the thread is from the first paint
//   on, so its iframe does not wait for the app to stop scrolling; it hears when the app is
//   ready (the loader then shows the frame in place of the first page it drew itself), and
//   the frame focuses or clicks what the reader focused or clicked in that first page;
// - `html.js` says that scripts run, so hints for readers without them stay hidden.
// Plain JS, no framework: it runs before anything is drawn, on every page view.
(function () {
  // Written in by the server: the words for "getting ready" by language (`locales/*.json`),
  // the names of the frame's messages and what counts as a control (`schrieb_api::frame`).
  var GETTING_READY = GETTING_READY_WORDS;
  var MESSAGE = FRAME_PROTOCOL;
  var CONTROLS = CONTROLS_SELECTOR;
  var root = document.documentElement;
  root.classList.add('js');
  var held = [];

  function button(event) {
    var target = event.target;
    var found = target && target.closest ? target.closest('button') : null;
    return found && document.body && document.body.contains(found) ? found : null;
  }
  function hold(event) {
    var pressed = button(event);
    if (!pressed) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (held.indexOf(pressed) < 0) held.push(pressed);
    pressed.setAttribute('aria-busy', 'true');
    pressed.setAttribute('data-getting-ready', GETTING_READY[root.lang] || GETTING_READY.de);
  }
  function keepSelection(event) {
    var pressed = button(event);
    if (pressed && pressed.hasAttribute('data-keeps-selection')) event.preventDefault();
  }
  document.addEventListener('click', hold, true);
  document.addEventListener('mousedown', keepSelection, true);

  var host = hostOrigin();
  var stopReporting = reportHeight();
  if (host) addEventListener('message', replay);
  document.addEventListener('schrieb-ready', function () {
    document.removeEventListener('click', hold, true);
    document.removeEventListener('mousedown', keepSelection, true);
    stopReporting();
    if (host) window.parent.postMessage({ type: MESSAGE.Ready }, host);
    held.splice(0).forEach(function (pressed) {
      pressed.removeAttribute('aria-busy');
      pressed.removeAttribute('data-getting-ready');
      // The app took over these very nodes; one it has replaced meanwhile is gone.
      if (pressed.isConnected) pressed.click();
    });
  });

  // The widget speaks only with the page the frame was opened for (`url=`), whose origin the
  // server allowed to frame it.
  function hostOrigin() {
    if (!root.classList.contains('embedded') || window.parent === window) return null;
    try {
      return new URL(new URLSearchParams(location.search).get('url')).origin;
    } catch (error) {
      return null;
    }
  }

  // What the reader focused or clicked in the loader's preview, done again here: the same
  // control (`schrieb_api::frame::ControlPath`) of the same rendering, if its text agrees.
  function replay(event) {
    var message = event.data || {};
    if (event.origin !== host || event.source !== window.parent || message.type !== MESSAGE.Replay) return;
    var path = message.control || {};
    var scope = path.within ? document.getElementById(path.within) : document.body;
    var control = scope && scope.querySelectorAll(CONTROLS)[path.index];
    if (!control || control.textContent.trim() !== path.text) return;
    control.focus({ preventScroll: true });
    if (message.click) control.click();
  }

  // The frame's height for the host page (`embed.js`). The app's own report takes over once it
  // is ready.
  function reportHeight() {
    var none = function () {};
    if (!host) return none;
    var last = 0;
    function report() {
      if (!document.body) return;
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ type: MESSAGE.Height, height: height }, host);
      }
    }
    var resized = new ResizeObserver(report);
    function watch() {
      report();
      resized.observe(document.body);
    }
    if (document.body) watch();
    else document.addEventListener('DOMContentLoaded', watch);
    return function () {
      resized.disconnect();
      document.removeEventListener('DOMContentLoaded', watch);
    };
  }
})();
