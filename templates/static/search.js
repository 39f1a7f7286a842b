/* Client-side search over the index that `digest build` writes into search/ (see digest/render/search.py).
   Words are folded like the build folds them (lower case, no diacritics, đ -> d), so "hiep uoc" finds "Hiệp ước".
   Every query word must occur; the last one may be a prefix (results while typing). Newest first, title hits ahead. */
(function () {
  "use strict";
  var MAX_RESULTS = 50;
  var form = document.querySelector("form[data-index]");
  if (!form || !window.fetch) { return; }
  var indexUrl = form.getAttribute("data-index");
  var articlesUrl = form.getAttribute("data-articles");
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var cache = {};

  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }
  function words(text) { return fold(text).match(/[\p{L}\p{N}_]+/gu) || []; }
  function shardOf(word) { var head = word.slice(0, 2); return /^[a-z0-9]{1,2}$/.test(head) ? head : "_"; }
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(indexUrl + path).then(function (response) {
        if (response.status === 404) { return {}; }
        if (!response.ok) { throw new Error(response.status + " " + path); }
        return response.json();
      });
    }
    return cache[path];
  }
  function decode(postings) {
    var out = [], n = 0;
    postings.split(",").forEach(function (step, i) { n = i ? n - parseInt(step, 36) : parseInt(step, 36); out.push(n); });
    return out;
  }
  function matches(word, prefix) {
    return load("words/" + shardOf(word) + ".json").then(function (shard) {
      var found = new Set();
      Object.keys(shard).forEach(function (key) {
        if (key === word || (prefix && key.indexOf(word) === 0)) { decode(shard[key]).forEach(function (d) { found.add(d); }); }
      });
      return found;
    });
  }
  function show(message, results, docs, query) {
    status.textContent = message;
    list.textContent = "";
    results.forEach(function (n) {
      var doc = docs[n], item = document.createElement("li"), link = document.createElement("a");
      link.href = articlesUrl + doc[0] + "/";
      link.textContent = doc[1];
      item.appendChild(link);
      if (doc[2]) {
        var time = document.createElement("time");
        time.dateTime = doc[2];
        time.className = "meta";
        time.textContent = " " + doc[2].split("-").reverse().join("/");
        item.appendChild(time);
      }
      list.appendChild(item);
    });
  }
  var latest = 0;
  function search(query) {
    var terms = Array.from(new Set(words(query)));
    var ticket = ++latest;
    if (!terms.length) { show("", [], [], query); return; }
    status.textContent = "Đang tìm…";
    Promise.all([load("docs.json")].concat(terms.map(function (term, i) { return matches(term, i === terms.length - 1); })))
      .then(function (loaded) {
        if (ticket !== latest) { return; }
        var docs = loaded[0], sets = loaded.slice(1);
        var hits = Array.from(sets[0]).filter(function (d) { return sets.every(function (s) { return s.has(d); }); });
        function inTitle(d) { var title = " " + words(docs[d][1]).join(" ") + " "; return terms.filter(function (t) { return title.indexOf(" " + t) >= 0; }).length; }
        var scored = hits.map(function (d) { return [inTitle(d), d]; });
        scored.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1]; });  // articles are numbered oldest first
        var shown = scored.slice(0, MAX_RESULTS).map(function (pair) { return pair[1]; });
        var message = hits.length ? hits.length + " bài" + (hits.length > MAX_RESULTS ? ", hiện " + MAX_RESULTS + " bài đầu" : "") : "Không tìm thấy bài nào.";
        show(message, shown, docs, query);
      })
      .catch(function (error) { status.textContent = "Không tải được chỉ mục tìm kiếm (" + error.message + ")."; });
  }
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { search(input.value); }, 150); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
}());
