// Copy-link for the share block. Optional: without JavaScript the link is a plain
// link to the page and the embed code a read-only box to select; nothing here is
// loaded from another site.
(function () {
  "use strict";
  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
    }
  }
  document.querySelectorAll("a.copy-link").forEach(function (a) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-button";
    b.textContent = a.getAttribute("data-copy-label");
    b.addEventListener("click", function () {
      copy(a.href, function () {
        b.textContent = a.getAttribute("data-copied");
      });
    });
    a.parentNode.appendChild(document.createTextNode(" "));
    a.parentNode.appendChild(b);
  });
  document.querySelectorAll("textarea.copy-text").forEach(function (t) {
    t.addEventListener("focus", function () {
      t.select();
    });
  });
})();
