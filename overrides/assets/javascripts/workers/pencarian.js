/*
 * Search worker for Bahasa Indonesia, wrapped around Material for MkDocs' own search worker.
 *
 * Lunr has no Indonesian: with `language: id` it matches only exact words and prefixes, so
 * "lahir" did not find "melahirkan" and "ijin" did not find "izin". The build hook
 * overrides/hooks/pencarian.py points the theme's search worker here (the original's file name
 * is the `material` query parameter) and adds to the index each page's `kata_kunci` (field
 * `kata`) and the site's synonyms (config.sinonim). This wrapper then, inside the worker:
 *   - on setup, adds the Indonesian stems of every entry's words (field `dasar`, and the stems
 *     of title and keywords to `kata`), so "lahir" finds "melahirkan" and "naik" "kenaikan";
 *   - on each query, adds the stem of every word (exact match), the site's synonyms
 *     ("ijin" -> "izin") and a one-letter typo tolerance for long words ("melahirkn").
 * The search box and the result list stay Material's own.
 */
(function () {
  "use strict";

  var SETUP = 0, QUERY = 2;                         // Material's SearchMessageType values
  var params = new URL(self.location.href).searchParams;
  var material = params.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material))
    throw new Error("pencarian.js: unexpected Material worker name: " + material);

  importScripts("stemmer-id.js?v=" + encodeURIComponent(params.get("v") || ""));
  var stem = self.stemIndonesian;

  var separator = /[\s\-]+/;
  var synonyms = {};                                // typed word -> words used on the site
  var vocabulary = [];                              // every word of the index, sorted

  // Whether some indexed word starts with `word` (a prefix query already finds it).
  function known(word) {
    var low = 0, high = vocabulary.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (vocabulary[mid] < word) low = mid + 1; else high = mid;
    }
    return low < vocabulary.length && vocabulary[low].lastIndexOf(word, 0) === 0;
  }

  function words(text) {
    return String(text || "")
      .replace(/<[^>]*>/g, " ")
      .replace(/&[a-z]+;|&#\d+;/gi, " ")
      .toLowerCase()
      .split(separator)
      .map(function (word) { return word.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ""); })
      .filter(function (word) { return word.length > 0; });
  }

  // Stems of `text` that a prefix query on the words themselves would not already find.
  function stems(text, into) {
    var list = words(text);
    for (var i = 0; i < list.length; i++) {
      var word = list[i];
      if (!/^[a-z]+$/.test(word)) continue;
      var base = stem(word);
      if (base.length > 1 && word.lastIndexOf(base, 0) !== 0) into[base] = true;
    }
    return into;
  }

  function enrich(doc) {
    var text = {}, keywords = {};
    stems(doc.text, text);
    stems(doc.title, keywords);
    if (doc.kata) stems(doc.kata, keywords);
    var dasar = Object.keys(text).join(" ");
    var kata = Object.keys(keywords).join(" ");
    if (dasar) doc.dasar = dasar;
    if (kata) doc.kata = doc.kata ? doc.kata + " " + kata : kata;
    return doc;
  }

  // "ijin pengunduran diri" -> "ijin pengunduran diri izin undur^1" (synonym of "ijin", exact
  // stem of "pengunduran"); "melahirkn" -> "melahirkn melahirkn~1". The user's words come first.
  function expand(query) {
    // Leave Lunr query syntax ("+wajib -kecuali judul:cuti~1") as the user wrote it.
    if (typeof query !== "string" || /(^|\s)[+\-]|["~^*:]/.test(query)) return query;
    var extra = [], seen = {};
    var typed = words(query);
    for (var i = 0; i < typed.length; i++) seen[typed[i]] = true;
    function add(term) {
      if (!seen[term]) { seen[term] = true; extra.push(term); }
    }
    for (var j = 0; j < typed.length; j++) {
      var word = typed[j];
      var alternatives = synonyms[word] || [];
      for (var k = 0; k < alternatives.length; k++)
        words(alternatives[k]).forEach(add);
      if (/^[a-z]+$/.test(word)) {
        var base = stem(word);
        if (base !== word && base.length > 1) add(base + "^1");
        // One typo (missing, extra or wrong letter) in a long word that the site does not
        // use: "melahirkn", "pensiunn".
        if (word.length >= 6 && !known(word)) add(word + "~1");
      }
    }
    return extra.length ? query.trim() + " " + extra.join(" ") : query;
  }

  // Wrap the message listener that Material's worker registers, before it registers it.
  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen(type, listener, options);
    return listen(type, function (event) {
      var message = event.data;
      if (message && message.type === SETUP) {
        var config = message.data.config;
        synonyms = config.sinonim || {};
        if (config.separator) separator = new RegExp(config.separator);
        var all = {};
        message.data.docs.forEach(function (doc) {
          enrich(doc);
          [doc.title, doc.text, doc.kata, doc.dasar].forEach(function (field) {
            words(field).forEach(function (word) { all[word] = true; });
          });
        });
        vocabulary = Object.keys(all).sort();
      } else if (message && message.type === QUERY) {
        message = { type: QUERY, data: expand(message.data) };
      }
      return listener.call(self, { data: message });
    }, options);
  };

  importScripts(material);
})();
