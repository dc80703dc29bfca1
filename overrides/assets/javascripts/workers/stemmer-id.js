/*
 * Indonesian stemmer: a port of the Snowball "indonesian" algorithm (Tala, 2003), the same
 * algorithm as the Python package snowballstemmer, which tests/browser/test_search.py uses to
 * check this port word for word. Lunr has no Indonesian, so the search worker stems both the
 * index and the query with this function: "melahirkan" -> "lahir", "kenaikan" -> "naik".
 * Defines self.stemIndonesian(word) -> stem (expects a lowercase word).
 */
(function (scope) {
  "use strict";

  var VOWELS = "aeiou";

  function isVowel(ch) {
    return ch !== undefined && ch !== "" && VOWELS.indexOf(ch) >= 0;
  }

  function countVowels(word) {
    var count = 0;
    for (var i = 0; i < word.length; i++)
      if (isVowel(word[i])) count++;
    return count;
  }

  // First-order prefixes, longest first: [prefix, kind]. Kinds follow indonesian.sbl.
  var FIRST_ORDER = [
    ["meng", "delete1"], ["peng", "delete3"],
    ["mem", "mem"], ["men", "men"], ["pem", "pem"], ["pen", "pen"], ["ter", "delete1"],
    ["di", "delete1"], ["ke", "delete3"], ["me", "delete1"]
  ];

  function stem(word) {
    var w = word;
    var measure = countVowels(w);
    var prefix = 0;
    var start = 0;               // stems never shrink below this position (after "p"/"s")
    if (measure <= 2) return w;

    // Particles: -kah, -lah, -pun.
    if (/(kah|lah|pun)$/.test(w)) { w = w.slice(0, -3); measure--; }
    if (measure <= 2) return w;

    // Possessive pronouns: -nya, -ku, -mu.
    var possessive = /(nya|ku|mu)$/.exec(w);
    if (possessive) { w = w.slice(0, -possessive[1].length); measure--; }
    if (measure <= 2) return w;

    function removeSuffix() {
      if (/an$/.test(w) && w.length - 2 >= start) {
        if (prefix !== 3 && prefix !== 2 && w.length - 3 >= start && w[w.length - 3] === "k") {
          w = w.slice(0, -3);
        } else if (prefix === 1) {
          return false;
        } else {
          w = w.slice(0, -2);
        }
        measure--;
        return true;
      }
      if (/i$/.test(w) && w.length - 1 >= start) {
        if (prefix > 2) return false;
        if (w.length - 2 >= start && w[w.length - 2] === "s") return false;
        w = w.slice(0, -1);
        measure--;
        return true;
      }
      return false;
    }

    function removeSecondOrderPrefix() {
      var head = w.slice(start, start + 2);
      var next = w[start + 2];
      var cut;
      if (head === "pe") {
        if (next === "r") { cut = 3; prefix = 2; }
        else if (next === "l" && w.substr(start + 3, 4) === "ajar") { cut = 3; }
        else { cut = 2; prefix = 2; }
      } else if (head === "be") {
        if (next === "r") cut = 3;
        else if (next === "l" && w.substr(start + 3, 4) === "ajar") cut = 3;
        else if (next !== undefined && !isVowel(next) && w.substr(start + 3, 2) === "er") cut = 2;
        else return false;
        prefix = 4;
      } else {
        return false;
      }
      measure--;
      w = w.slice(0, start) + w.slice(start + cut);
      return true;
    }

    function removeFirstOrderPrefix() {
      for (var i = 0; i < FIRST_ORDER.length; i++) {
        var p = FIRST_ORDER[i][0], kind = FIRST_ORDER[i][1];
        if (w.lastIndexOf(p, 0) !== 0) continue;
        var rest = w.slice(p.length);
        measure--;
        switch (kind) {
          case "delete1": w = rest; prefix = 1; break;
          case "delete3": w = rest; prefix = 3; break;
          case "men":
          case "pen":
            prefix = kind === "men" ? 1 : 3;
            if (rest[0] === "y" && isVowel(rest[1])) { w = "s" + rest.slice(1); start = 1; }
            else w = rest;
            break;
          case "mem":
          case "pem":
            prefix = kind === "mem" ? 1 : 3;
            if (isVowel(rest[0])) { w = "p" + rest; start = 1; }
            else w = rest;
            break;
        }
        return true;
      }
      return false;
    }

    if (removeFirstOrderPrefix()) {
      if (measure > 2 && removeSuffix() && measure > 2)
        removeSecondOrderPrefix();
    } else {
      removeSecondOrderPrefix();
      if (measure > 2) removeSuffix();
    }
    return w;
  }

  scope.stemIndonesian = stem;
})(typeof self !== "undefined" ? self : this);
