// The embeddable card's script: it tells the page that frames the card how tall
// the card is, and, where the frame cannot follow a link by itself, asks that
// page to. Optional: without it (or opened on its own) the card is a plain page
// whose links open the portal in a new tab. The messages are described in
// docs/embed.md; two kinds of host listen:
//
// - tiendo's own host script (nhung.js, in the embed code the portal offers):
//   {type: "tiendo-embed", height: N, url: U, host: H} and
//   {type: "tiendo-embed", link: L} from the card, H saying whether the card has
//   heard from the host; {type: "tiendo-embed-host"} from the host, which it
//   sends when it starts and in answer to a height with H false;
// - WordPress (its wp-embed script): {message: "height", value: N, secret: S}
//   and {message: "link", value: L, secret: S}, where S is the secret WordPress
//   puts in the frame's address (#?secret=S); {message: "ready", secret: S} from
//   WordPress asks for the height again (and names S, if the address does not).
(function () {
  "use strict";
  if (window.parent === window || !window.postMessage) {
    return;
  }
  var TYPE = "tiendo-embed";
  var card = document.querySelector(".card");
  var fit = document.querySelector(".card .fit");
  if (!card || !fit) {
    return;
  }
  // The card's own address, without the fragment a host may have added.
  var own = location.href.split("#")[0];
  // WordPress's secret, once the frame's address carries one.
  var secret = "";
  // Whether tiendo's host script has said it listens.
  var host = false;
  var posted = 0;

  function readSecret() {
    var m = /[#?&]secret=([A-Za-z0-9]{1,64})/.exec(location.hash);
    if (m && m[1] !== secret) {
      secret = m[1];
      return true;
    }
    return false;
  }

  // The card's height: its content, with the card's own padding and border
  // (the card itself is at least as tall as the frame, so that a fixed frame
  // shows one whole card).
  function height() {
    var style = getComputedStyle(card);
    var bottom = fit.getBoundingClientRect().bottom + window.pageYOffset;
    return Math.ceil(bottom + parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth));
  }

  function send(force) {
    var h = height();
    if (!force && h === posted) {
      return;
    }
    posted = h;
    window.parent.postMessage({ type: TYPE, height: h, url: own, host: host }, "*");
    if (secret) {
      window.parent.postMessage({ message: "height", value: h, secret: secret }, "*");
    }
  }

  // A frame sandboxed without allow-same-origin runs in an opaque origin; there a
  // link cannot open a tab or leave the frame unless the sandbox allows it.
  function sandboxed() {
    return window.origin === "null";
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
      return;
    }
    // Outside a sandbox the link works by itself; inside one, only a host that
    // listens can follow it.
    if (!sandboxed() || !(secret || host)) {
      return;
    }
    e.preventDefault();
    if (secret) {
      window.parent.postMessage({ message: "link", value: a.href, secret: secret }, "*");
    }
    if (host) {
      window.parent.postMessage({ type: TYPE, link: a.href }, "*");
    }
  });

  window.addEventListener("message", function (e) {
    var d = e.data;
    if (e.source !== window.parent || !d || typeof d !== "object") {
      return;
    }
    if (d.type === TYPE + "-host") {
      if (!host) {
        host = true;
        send(true);
      }
    } else if (d.message === "ready" && typeof d.secret === "string" && /^[A-Za-z0-9]{1,64}$/.test(d.secret)) {
      // WordPress is ready and names the secret (the page that frames the card
      // is the one that chose it).
      secret = d.secret;
      send(true);
    }
  });

  // Older WordPress adds the secret to the frame's address once its page has
  // loaded: look for it a while.
  function watchSecret(tries) {
    if (readSecret()) {
      send(true);
    } else if (!secret && tries > 0) {
      setTimeout(function () {
        watchSecret(tries - 1);
      }, 200);
    }
  }
  window.addEventListener("hashchange", function () {
    if (readSecret()) {
      send(true);
    }
  });
  window.addEventListener("resize", function () {
    send(false);
  });
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      send(false);
    }).observe(fit);
  }
  window.addEventListener("load", function () {
    send(true);
  });
  readSecret();
  send(true);
  watchSecret(50);
})();
