/*
 * Mermaid without a CDN. Material for MkDocs renders `pre.mermaid` blocks with the global
 * `mermaid` and downloads it from unpkg.com when no such global exists. This stub is that
 * global: it keeps Material's settings and loads the copy of Mermaid served by this site
 * (overrides/hooks/mermaid.py) the first time a diagram comes near the screen, so pages without a
 * diagram never download it and nothing is requested from another origin.
 */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) return;

  // Same directory and same `?v=` fingerprint as this file (overrides/hooks/assets.py).
  var here = new URL(document.currentScript.src);
  var src = new URL("mermaid/mermaid.min.js" + here.search, here).href;
  var settings = null;
  var loading = null;

  function load() {
    if (!loading) loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        var library = window.mermaid;   // the library replaced this stub
        if (!library || library === stub) return reject(new Error("Mermaid did not load: " + src));
        if (settings) library.initialize(settings);
        resolve(library);
      };
      script.onerror = function () {
        loading = null;
        reject(new Error("Mermaid could not be loaded: " + src));
      };
      document.head.appendChild(script);
    });
    return loading;
  }

  // Mermaid is large (about 3 MB to parse and run): fetch it only when a diagram comes near
  // the screen, not while the page loads. On a phone the diagram sits below the fold, so the
  // page is readable and usable without waiting for it (Lighthouse: total blocking time).
  function nearScreen() {
    var targets = document.querySelectorAll("pre.mermaid, div.mermaid");
    if (loading || !targets.length || !("IntersectionObserver" in window)) return Promise.resolve();
    return new Promise(function (resolve) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          resolve();
        }
      }, { rootMargin: "200px 0px" });
      // Watch the diagram's container: the source itself may be display: none until drawn
      // (extra.css), and an element without a box never intersects.
      targets.forEach(function (target) { observer.observe(target.parentElement || target); });
    });
  }

  var stub = {
    initialize: function (config) { settings = config; },
    render: function (id, text) {
      return nearScreen().then(load).then(function (library) { return library.render(id, text); });
    }
  };
  window.mermaid = stub;
})();
