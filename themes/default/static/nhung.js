// tiendo's host script, for a page that embeds the portal's cards (a newspaper's
// story): it gives each card's frame the card's own height, and opens a link the
// card could not open by itself (in a frame the page sandboxes). Load it from the
// portal, where the embed code names it:
//
//   <iframe src="https://PORTAL/nhung/nhiem-vu/ID/" ...></iframe>
//   <script src="https://PORTAL/nhung.js" async></script>
//
// It listens only to frames that show the portal's cards (the portal's address,
// under nhung/), and only to messages from the portal's origin, or from the
// opaque origin ("null") of such a frame when the page sandboxes it. The messages
// are described in docs/embed.md. It loads nothing and sends nothing elsewhere.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.postMessage || !window.URL) {
    return;
  }
  var TYPE = "tiendo-embed";
  // Heights a card may ask for, in CSS pixels.
  var MIN = 80;
  var MAX = 3000;
  var script = new URL(me.src, location.href);
  var origin = script.origin;
  // The portal's root: the folder this script is in.
  var root = origin + script.pathname.replace(/[^/]*$/, "");

  function isCard(frame) {
    var src = frame.getAttribute("src");
    if (!src) {
      return false;
    }
    try {
      return new URL(src, location.href).href.indexOf(root + "nhung/") === 0;
    } catch (e) {
      return false;
    }
  }

  function frameOf(win) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === win && isCard(frames[i])) {
        return frames[i];
      }
    }
    return null;
  }

  // Tell a card that its host listens: it sends its height again, and its links.
  function greet(win) {
    win.postMessage({ type: TYPE + "-host" }, "*");
  }

  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || typeof d !== "object" || d.type !== TYPE) {
      return;
    }
    if (e.origin !== origin && e.origin !== "null") {
      return;
    }
    var frame = frameOf(e.source);
    if (!frame) {
      return;
    }
    if (typeof d.height === "number" && isFinite(d.height)) {
      var h = Math.min(MAX, Math.max(MIN, Math.ceil(d.height)));
      frame.style.height = h + "px";
      frame.setAttribute("height", String(h));
      if (d.host !== true) {
        greet(e.source);
      }
    }
    if (typeof d.link === "string") {
      var url;
      try {
        url = new URL(d.link);
      } catch (err) {
        return;
      }
      // Only the portal's own pages, never another address a card might name.
      if (url.origin !== origin) {
        return;
      }
      // In a new tab, as the card's links open without a sandbox; where the
      // browser blocks that, here.
      var opened = window.open(url.href, "_blank");
      if (opened) {
        opened.opener = null;
      } else {
        location.href = url.href;
      }
    }
  });

  // Cards that loaded before this script sent their height to no one.
  function greetAll() {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (isCard(frames[i]) && frames[i].contentWindow) {
        greet(frames[i].contentWindow);
      }
    }
  }
  greetAll();
  window.addEventListener("load", greetAll);
})();
