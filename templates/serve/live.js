// Live reload for `tuyentruyen serve` (never part of a built site).
// Listens to the server's build events: reloads the page when a new build is
// ready, shows the content errors over the page while the build is refused.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "";
  var events = (script && script.getAttribute("data-events")) || "/__tuyentruyen/events";
  var SCROLL_KEY = "tuyentruyen-scroll:" + location.pathname;
  var host = null;
  var shown = "";

  try {
    var saved = sessionStorage.getItem(SCROLL_KEY);
    if (saved !== null) {
      sessionStorage.removeItem(SCROLL_KEY);
      window.addEventListener("load", function () { window.scrollTo(0, +saved); });
    }
  } catch (e) { /* storage may be disabled */ }

  function showOverlay(html) {
    if (html === shown) { return; }
    if (!host) {
      host = document.createElement("div");
      host.id = "tuyentruyen-overlay";
      host.attachShadow({ mode: "open" });
      document.documentElement.appendChild(host);
    }
    host.shadowRoot.innerHTML = html;
    shown = html;
    var close = host.shadowRoot.querySelector("[data-close]");
    if (close) { close.addEventListener("click", hideOverlay); }
  }

  function hideOverlay() {
    if (host) { host.remove(); }
    host = null;
    shown = "";
  }

  function reload() {
    try { sessionStorage.setItem(SCROLL_KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  var source = new EventSource(events);
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    // Marks the page as listening (the server sends its state first thing on connect).
    document.documentElement.setAttribute("data-live", "connected");
    if (state.build && state.build !== build) {
      source.close();
      reload();
      return;
    }
    if (state.overlay) { showOverlay(state.overlay); } else { hideOverlay(); }
  });
})();
