// The review workspace (`translator review`): correct a segment, mark reviewed, add a glossary
// term from a selection, turn a post-edit rule off. Talks only to the app that served the page.
"use strict";
(function () {
  var node = document.getElementById("workspace-data");
  if (!node) return;
  var ws = JSON.parse(node.textContent);
  var page = document.body.dataset.page;

  function el(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text != null) n.textContent = text;
    return n;
  }
  function button(text, className, onClick) {
    var b = el("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function post(path, body) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": ws.csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || ("refused (" + response.status + ")"));
        return data;
      });
    });
  }
  var bar = document.getElementById("workspace-bar");
  function notice(text, kind) {
    var line = el("p", kind === "error" ? "ws-error" : kind === "warning" ? "ws-warning" : "ws-note", text);
    line.setAttribute("role", "status");
    bar.prepend(line);
    setTimeout(function () { line.remove(); }, kind ? 20000 : 5000);
    return line;
  }

  if (page !== "article") return;
  var state = ws.state;
  var name = state.article;

  // ---- the article: reviewed mark
  var articleBox = el("input");
  articleBox.type = "checkbox";
  articleBox.id = "article-reviewed";
  articleBox.checked = state.reviewed;
  var articleLabel = el("label", null, " article reviewed");
  articleLabel.prepend(articleBox);
  articleBox.addEventListener("change", function () {
    post("/api/reviewed", { article: name, segment: null, reviewed: articleBox.checked })
      .then(function () { notice(articleBox.checked ? "article marked reviewed" : "article no longer reviewed"); })
      .catch(function (e) { articleBox.checked = !articleBox.checked; notice(e.message, "error"); });
  });
  bar.appendChild(articleLabel);

  // ---- glossary entry from a selection
  var glossary = el("form", "ws-tools");
  glossary.id = "glossary-form";
  var fr = el("input"); fr.id = "gl-fr"; fr.placeholder = "French term (select it in the French)";
  var en = el("input"); en.id = "gl-en"; en.placeholder = "English rendering";
  var kind = el("select"); kind.id = "gl-kind";
  ["term", "keep", "forbid"].forEach(function (k) { var o = el("option", null, k); o.value = k; kind.appendChild(o); });
  var file = el("select"); file.id = "gl-file";
  ws.glossaries.forEach(function (label, i) { var o = el("option", null, label); o.value = String(i); file.appendChild(o); });
  var add = button("add to glossary", "", function () {
    post("/api/glossary", { fr: fr.value, en: en.value, kind: kind.value, file: parseInt(file.value, 10) })
      .then(function (r) { notice("added " + r.added + " to " + r.file + " (used from the next run)"); fr.value = ""; en.value = ""; })
      .catch(function (e) { notice(e.message, "error"); });
  });
  add.id = "gl-add";
  glossary.append(el("strong", null, "Glossary:"), fr, en, kind, file, add);
  glossary.addEventListener("submit", function (event) { event.preventDefault(); });
  if (ws.glossaries.length) bar.appendChild(glossary);
  document.addEventListener("mouseup", function () {
    var selection = String(window.getSelection() || "").trim();
    if (!selection || selection.length > 200) return;
    var anchor = window.getSelection().anchorNode;
    var cell = anchor && (anchor.nodeType === 1 ? anchor : anchor.parentElement).closest("td.fr, td.en");
    if (cell) (cell.classList.contains("fr") ? fr : en).value = selection;
  });

  // ---- post-edit rules used here, each can be turned off for this run folder
  var rules = el("div", "ws-tools");
  rules.id = "rules";
  rules.appendChild(el("strong", null, "Post-edit rules in this article:"));
  var disabled = new Set(ws.disabled);
  ws.rules.forEach(function (rule) {
    var b = button("", "rule-toggle", function () {
      var off = !disabled.has(rule);
      post("/api/rule", { rule: rule, disabled: off }).then(function (r) {
        disabled = new Set(r.disabled);
        paint();
        notice((off ? "turned off " : "turned back on ") + rule + " for the next run into this folder");
      }).catch(function (e) { notice(e.message, "error"); });
    });
    b.dataset.rule = rule;
    function paint() { b.textContent = (disabled.has(rule) ? "enable " : "disable ") + rule; }
    b.paint = paint;
    paint();
    rules.appendChild(b);
  });
  if (ws.rules.length) bar.appendChild(rules);

  // ---- per segment: correct, revert, reviewed
  var known = {};  // segment id -> version this tab has seen
  function segmentTools(row) {
    var id = row.id, info = state.segments[id];
    if (!info) return;
    known[id] = info.version;
    var cell = row.querySelector("td.en");
    var tools = el("div", "ws-tools");
    var box = el("input"); box.type = "checkbox"; box.className = "segment-reviewed"; box.checked = info.reviewed;
    var label = el("label", null, " reviewed"); label.prepend(box);
    box.addEventListener("change", function () {
      post("/api/reviewed", { article: name, segment: id, reviewed: box.checked })
        .catch(function (e) { box.checked = !box.checked; notice(e.message, "error"); });
    });
    var edit = button("correct", "correct", function () {
      var area = el("textarea", "correction");
      area.value = text.textContent;
      var save = button("save", "save", function () {
        post("/api/correct", { article: name, segment: id, target: area.value, version: known[id] })
          .then(function (r) {
            known[id] = r.version;
            text.textContent = r.target;
            row.classList.add("corrected");
            close();
            if (r.overwrote != null) notice("Saved, over a correction made in another tab: \u201c" + r.overwrote + "\u201d", "warning");
            else notice("correction saved (used from the next run)");
          }).catch(function (e) { notice(e.message, "error"); });
      });
      var cancel = button("cancel", "", close);
      function close() { area.remove(); save.remove(); cancel.remove(); text.hidden = false; edit.hidden = false; }
      text.hidden = true; edit.hidden = true;
      cell.insertBefore(area, tools); tools.prepend(save, cancel);
      area.focus();
    });
    var revert = button("revert", "revert", function () {
      post("/api/revert", { article: name, segment: id }).then(function (r) {
        known[id] = 0; text.textContent = r.target; row.classList.remove("corrected");
        notice("correction removed");
      }).catch(function (e) { notice(e.message, "error"); });
    });
    // the English as plain text: a corrected cell is shown without the highlights of the old English
    var text = el("div", "en-text");
    while (cell.firstChild) text.appendChild(cell.firstChild);
    cell.appendChild(text);
    tools.append(edit, revert, label);
    cell.appendChild(tools);
  }
  document.querySelectorAll("table.segments tbody tr").forEach(segmentTools);

  // ---- another tab: poll, and warn about segments it changed
  function poll() {
    fetch("/api/state?article=" + encodeURIComponent(name), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (fresh) {
        if (!fresh) return;
        Object.keys(fresh.segments).forEach(function (id) {
          var info = fresh.segments[id];
          if (info.version > (known[id] || 0)) {
            var row = document.getElementById(id);
            known[id] = info.version;
            row.classList.add("changed-elsewhere");
            notice("Segment " + id + " was corrected in another tab: \u201c" + info.correction +
              "\u201d. Saving here overwrites it.", "warning");
          }
        });
      }).catch(function () {});
  }
  setInterval(poll, 3000);
})();
