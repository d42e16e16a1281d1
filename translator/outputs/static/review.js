// Review pages: sort, filter and page the index; previous/next article and next flagged segment.
// Everything from the input is written with textContent or as attribute values, never as markup.
"use strict";
(function () {
  var RANK = { failed: 0, error: 1, warning: 2, info: 3, ok: 4 };
  var PAGE_SIZE = 100;
  var data = window.translatorIndex || null;

  function total(article) {
    var n = 0;
    for (var code in article.flags) n += article.flags[code];
    return n;
  }
  function byName(a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }
  var SORTS = {
    severity: function (a, b) { return RANK[a.status] - RANK[b.status] || total(b) - total(a) || byName(a, b); },
    flags: function (a, b) { return total(b) - total(a) || RANK[a.status] - RANK[b.status] || byName(a, b); },
    name: byName,
    score: function (a, b) {
      var x = a.score == null ? Infinity : a.score, y = b.score == null ? Infinity : b.score;
      return x - y || byName(a, b);
    }
  };

  function readState(text) {
    var state = { sort: "severity", flag: "", status: "", q: "", page: 1 };
    new URLSearchParams(text).forEach(function (value, key) {
      if (key in state) state[key] = key === "page" ? Math.max(1, parseInt(value, 10) || 1) : value;
    });
    if (!SORTS[state.sort]) state.sort = "severity";
    return state;
  }
  function orderQuery(state) {
    var params = new URLSearchParams();
    ["sort", "flag", "status", "q"].forEach(function (key) { if (state[key]) params.set(key, state[key]); });
    return params.toString();
  }
  function selected(state) {
    var q = state.q.toLowerCase();
    return data.articles.filter(function (a) {
      if (state.flag && !a.flags[state.flag]) return false;
      if (state.status && a.status !== state.status) return false;
      if (q && (a.name + "\n" + (a.en || "") + "\n" + (a.fr || "")).toLowerCase().indexOf(q) < 0) return false;
      return true;
    }).sort(SORTS[state.sort]);
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function link(href, text, className) {
    var a = el("a", className, text);
    a.setAttribute("href", href);
    return a;
  }

  // ---------------------------------------------------------------- the index
  function initIndex() {
    if (!data) return;
    var byId = function (id) { return document.getElementById(id); };
    var controls = byId("controls"), rows = byId("rows");
    var flagSelect = byId("flag");
    var codes = Object.keys(data.severity).sort(function (a, b) {
      return RANK[data.severity[a]] - RANK[data.severity[b]] || (a < b ? -1 : 1);
    });
    codes.forEach(function (code) {
      var option = el("option", null, data.severity[code] + ": " + code);
      option.value = code;
      option.title = data.meaning[code] || "";
      flagSelect.appendChild(option);
    });
    var hasScore = data.articles.some(function (a) { return a.score != null; });
    document.body.classList.toggle("no-score", !hasScore);
    if (!hasScore) byId("sort").querySelector('option[value="score"]').remove();
    controls.classList.remove("hidden");
    var note = byId("more-note");
    if (note) note.remove();

    function state() { return readState(location.hash.slice(1)); }
    function go(change) {
      var next = state();
      for (var key in change) next[key] = change[key];
      var params = new URLSearchParams(orderQuery(next));
      if (next.page > 1) params.set("page", next.page);
      location.hash = params.toString();
    }
    ["sort", "flag", "status"].forEach(function (id) {
      byId(id).addEventListener("change", function () { var c = { page: 1 }; c[id] = this.value; go(c); });
    });
    byId("find").addEventListener("input", function () { go({ q: this.value, page: 1 }); });
    byId("prev-page").addEventListener("click", function () { go({ page: state().page - 1 }); });
    byId("next-page").addEventListener("click", function () { go({ page: state().page + 1 }); });
    controls.addEventListener("submit", function (event) { event.preventDefault(); });

    function render() {
      var s = state();
      byId("sort").value = s.sort;
      flagSelect.value = s.flag;
      byId("status").value = s.status;
      if (document.activeElement !== byId("find")) byId("find").value = s.q;
      var list = selected(s);
      var pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
      var page = Math.min(s.page, pages);
      var query = orderQuery(s);
      var suffix = query ? "?" + query : "";
      var body = document.createDocumentFragment();
      list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).forEach(function (a) {
        var tr = el("tr", "status-row " + a.status);
        tr.dataset.name = a.name;
        var status = el("td");
        status.appendChild(el("span", "status " + a.status, a.status));
        if (a.reviewed) status.appendChild(el("span", "badge reviewed", "reviewed"));
        tr.appendChild(status);
        var name = el("td");
        name.appendChild(a.page ? link(a.page + suffix, a.name, "article-link") : el("span", null, a.name));
        if (a.en) { name.appendChild(el("br")); name.appendChild(el("span", "en-title", a.en)); }
        if (a.fr) { name.appendChild(el("br")); var fr = el("span", "muted", a.fr); fr.lang = "fr"; name.appendChild(fr); }
        if (a.reason) { name.appendChild(el("br")); name.appendChild(el("span", "muted", a.reason)); }
        tr.appendChild(name);
        tr.appendChild(el("td", null, String(a.segments) + (a.corrected ? " (" + a.corrected + " corrected)" : "")));
        var flags = el("td", "flag-cell");
        Object.keys(a.flags).sort(function (x, y) {
          return RANK[data.severity[x]] - RANK[data.severity[y]] || (x < y ? -1 : 1);
        }).forEach(function (code) {
          var chip = link(a.page + suffix + "#" + (a.anchors[code] || ""), code + " " + a.flags[code],
            "chip " + data.severity[code]);
          chip.dataset.code = code;
          chip.title = data.meaning[code] || "";
          flags.appendChild(chip);
          flags.appendChild(document.createTextNode(" "));
        });
        tr.appendChild(flags);
        tr.appendChild(el("td", "score-col", a.score == null ? "" : String(a.score)));
        body.appendChild(tr);
      });
      rows.textContent = "";
      rows.appendChild(body);
      byId("count").textContent = list.length + " of " + data.articles.length + " articles";
      byId("page-number").textContent = "page " + page + " of " + pages;
      byId("prev-page").disabled = page <= 1;
      byId("next-page").disabled = page >= pages;
      document.querySelectorAll("#totals a.total").forEach(function (a) {
        a.classList.toggle("active", a.dataset.code === s.flag);
      });
    }
    window.addEventListener("hashchange", render);
    render();
    document.body.dataset.ready = "1";
    performance.mark("review-ready");
  }

  // ---------------------------------------------------------------- an article page
  function initArticle() {
    var name = document.body.dataset.name;
    var search = location.search.slice(1);
    if (data) {
      var state = readState(search);
      var pages = function (s) { return selected(s).filter(function (a) { return a.page; }); };
      var list = pages(state);
      var at = list.findIndex(function (a) { return a.name === name; });
      if (at < 0) { state = readState(""); list = pages(state); at = list.findIndex(function (a) { return a.name === name; }); }
      var suffix = orderQuery(state) ? "?" + orderQuery(state) : "";
      var place = function (id, article) {
        var a = document.getElementById(id);
        if (!article || !article.page) return;
        a.setAttribute("href", "../" + article.page + suffix);
        a.title = article.name;
        a.classList.remove("hidden");
      };
      if (at >= 0) {
        place("prev-article", list[at - 1]);
        place("next-article", list[at + 1]);
        document.getElementById("position").textContent = "article " + (at + 1) + " of " + list.length;
      }
      document.getElementById("to-index").setAttribute("href", "../index.html" + (orderQuery(state) ? "#" + orderQuery(state) : ""));
    }
    var flagged = function () { return Array.prototype.slice.call(document.querySelectorAll("tr.flagged")); };
    var current = null;
    function jump(step) {
      var rows = flagged();
      if (!rows.length) return;
      var index = current ? rows.indexOf(current) : -1;
      if (index < 0) {
        var top = window.scrollY + 10;
        index = step > 0 ? -1 : rows.length;
        rows.forEach(function (row, i) {
          var y = row.getBoundingClientRect().top + window.scrollY;
          if (step > 0 && y < top) index = i;
          if (step < 0 && y < top) index = i + 1;
        });
      }
      var next = rows[(index + step + rows.length) % rows.length];
      if (current) current.classList.remove("current");
      current = next;
      next.classList.add("current");
      history.replaceState(null, "", "#" + next.id);
      next.scrollIntoView({ block: "center" });
    }
    document.getElementById("next-flagged").addEventListener("click", function () { jump(1); });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      var go = function (id) { var a = document.getElementById(id); if (a && a.getAttribute("href")) location.href = a.href; };
      if (event.key === "n") jump(1);
      else if (event.key === "p") jump(-1);
      else if (event.key === "]") go("next-article");
      else if (event.key === "[") go("prev-article");
      else return;
      event.preventDefault();
    });
    if (location.hash.length > 1) {
      var row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (row) { current = row; row.classList.add("current"); }
    }
    document.body.dataset.ready = "1";
  }

  window.translatorReview = { readState: readState, orderQuery: orderQuery };
  if (document.body.dataset.page === "index") initIndex();
  else if (document.body.dataset.page === "article") initArticle();
})();
