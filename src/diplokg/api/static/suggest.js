/* Name suggestions from /api/search under a text box.
 *
 * diplokgSuggest(input, onPick, options) shows, as one types, the entities whose
 * label or alias matches (case and accents ignored); arrow keys move, Enter or a
 * click picks, Escape closes. onPick receives the hit ({iri, label, type, page}).
 * Every input with data-suggest="open" (the search box of each page) opens the
 * page of the entity picked. No inline script: the pages' CSP forbids them.
 */
(function () {
  "use strict";

  function diplokgSuggest(input, onPick, options) {
    var opts = options || {};
    var list = document.createElement("ul");
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-autocomplete", "list");
    input.insertAdjacentElement("afterend", list);
    if (input.parentElement) input.parentElement.classList.add("suggest-box");
    var hits = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() { list.hidden = true; active = -1; }

    function show(found) {
      hits = found;
      list.textContent = "";
      active = hits.length ? 0 : -1;
      hits.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.dataset.iri = hit.iri;
        li.textContent = hit.label;
        var kind = document.createElement("span");
        kind.className = "muted";
        kind.textContent = hit.type + (hit.matched !== hit.label ? " · " + hit.matched : "");
        li.appendChild(kind);
        if (i === active) li.classList.add("active");
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(i); });
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
    }

    function pick(i) {
      var hit = hits[i];
      if (!hit) return;
      close();
      onPick(hit, input);
    }

    function ask() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++asked;
      var url = "/api/search?limit=" + (opts.limit || 8) + "&q=" + encodeURIComponent(q);
      (opts.types || []).forEach(function (t) { url += "&type=" + encodeURIComponent(t); });
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === asked) show(data.results || []); })
        .catch(function () { close(); });
    }

    function move(step) {
      if (!hits.length) return;
      var items = list.children;
      if (active >= 0) items[active].classList.remove("active");
      active = (active + step + hits.length) % hits.length;
      items[active].classList.add("active");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); move(-1); }
      else if (ev.key === "Escape") { close(); }
      else if (ev.key === "Enter" && !list.hidden && active >= 0) {
        ev.preventDefault();
        pick(active);
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    return { close: close };
  }

  window.diplokgSuggest = diplokgSuggest;
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest='open']").forEach(function (input) {
      diplokgSuggest(input, function (hit) {
        if (hit.page) window.location.assign(hit.page);
      });
    });
  });
})();
