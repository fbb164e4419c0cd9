/* tuyentruyen search: finds resolutions without typing diacritics.
 *
 * The page loads its language's index first (assets/search-<lang>.js), which sets
 * window.TUYENTRUYEN_SEARCH = {docs: [[title, code, date, path, kind], …],
 *                              words: {"0,3": "folded words found in docs 0 and 3", "*J": …}}
 * (generator/search_index.py: a set of docs is base-36 numbers with commas, or
 * after "*" a bitmap of six docs per character). Every word typed must begin some word of a
 * document (AND of word prefixes); tone marks and đ/d are ignored the same way
 * the index was folded. Title hits rank first, then whole-word hits, then newer.
 * Results are built with DOM calls only: no text ever goes through innerHTML.
 */
(function () {
  "use strict";
  var data = window.TUYENTRUYEN_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  if (!data || !form || !input || !status || !list) {
    return;   // the fallback message stays: the index did not load
  }
  if (fallback) {
    fallback.hidden = true;
  }

  // The same folding as generator/textfold.py: đ → d, lower case, no marks, words of letters and digits.
  function fold(text) {
    return text.replace(/[đĐð]/g, "d").toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  var BITMAP_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function decodeDocs(code) {
    if (code.charAt(0) !== "*") {
      return code.split(",").map(function (n) { return parseInt(n, 36); });
    }
    var ids = [];
    for (var k = 1; k < code.length; k++) {
      var bits = BITMAP_DIGITS.indexOf(code.charAt(k));
      for (var b = 0; b < 6; b++) {
        if (bits >> b & 1) { ids.push((k - 1) * 6 + b); }
      }
    }
    return ids;
  }

  var postings = Object.create(null);
  var vocabulary = [];
  Object.keys(data.words).forEach(function (ids) {
    var docs = decodeDocs(ids);
    data.words[ids].split(" ").forEach(function (word) {
      postings[word] = docs;
      vocabulary.push(word);
    });
  });
  vocabulary.sort();
  var titleWords = data.docs.map(function (doc) { return words(doc[0]); });

  function firstAtLeast(term) {
    var low = 0, high = vocabulary.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (vocabulary[mid] < term) { low = mid + 1; } else { high = mid; }
    }
    return low;
  }

  // doc id → 2 when `term` is a whole word of the doc, 1 when only a word's beginning.
  function matches(term) {
    var found = new Map();
    for (var i = firstAtLeast(term); i < vocabulary.length && vocabulary[i].startsWith(term); i++) {
      var strength = vocabulary[i] === term ? 2 : 1;
      postings[vocabulary[i]].forEach(function (id) {
        found.set(id, Math.max(found.get(id) || 0, strength));
      });
    }
    return found;
  }

  function startsAny(word, terms) {
    return terms.some(function (term) { return word.startsWith(term); });
  }

  function search(terms) {
    var perTerm = terms.map(matches);
    var hits = [];
    perTerm[0].forEach(function (_, id) {
      if (!perTerm.every(function (found) { return found.has(id); })) { return; }
      var inTitle = terms.filter(function (term) {
        return titleWords[id].some(function (word) { return word.startsWith(term); });
      }).length;
      var whole = perTerm.reduce(function (sum, found) { return sum + found.get(id); }, 0);
      hits.push({id: id, score: inTitle * 100 + whole});
    });
    // Docs are stored newest first, so a lower id is a newer document.
    hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return hits.map(function (hit) { return hit.id; });
  }

  // Append `text` to `parent`, wrapping in <mark> every word that begins with a query word.
  function appendMarked(parent, text, terms) {
    var word = /[\p{L}\p{N}\p{M}]+/gu;
    var last = 0, found;
    while ((found = word.exec(text)) !== null) {
      if (words(found[0]).some(function (w) { return startsAny(w, terms); })) {
        parent.appendChild(document.createTextNode(text.slice(last, found.index)));
        var mark = document.createElement("mark");
        mark.textContent = found[0];
        parent.appendChild(mark);
        last = found.index + found[0].length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function element(tag, className) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    return node;
  }

  function result(doc, terms) {
    var item = element("li", "item");
    var meta = element("p", "item-meta");
    var kind = element("span", "kind");
    kind.textContent = doc[4];
    var code = element("span", "code");
    appendMarked(code, doc[1], terms);
    var date = element("span", "date");
    date.textContent = doc[2];
    meta.append(kind, " ", code, " · ", date);
    var title = element("h2", "item-title");
    var link = element("a");
    link.href = doc[3];
    appendMarked(link, doc[0], terms);
    title.appendChild(link);
    item.append(meta, title);
    return item;
  }

  function show(query) {
    var terms = Array.from(new Set(words(query)));
    list.replaceChildren();
    if (!terms.length) {
      status.textContent = status.dataset.empty;
      return;
    }
    var found = search(terms);
    status.textContent = found.length ? status.dataset.found.replace("{n}", found.length) : status.dataset.none;
    found.forEach(function (id) { list.appendChild(result(data.docs[id], terms)); });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  show(query);
  input.addEventListener("input", function () { show(input.value); });
})();
