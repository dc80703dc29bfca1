/*
 * Mermaid without a CDN. Material for MkDocs renders `pre.mermaid` blocks with the global
 * `mermaid` and downloads it from unpkg.com when no such global exists. This stub is that
 * global: it keeps Material's settings and loads the copy of Mermaid served by this site
 * (overrides/hooks/mermaid.py) the first time a diagram is rendered, so pages without a
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

  var stub = {
    initialize: function (config) { settings = config; },
    render: function (id, text) {
      return load().then(function (library) { return library.render(id, text); });
    }
  };
  window.mermaid = stub;
})();
