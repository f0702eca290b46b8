// diplokg query page: saved queries, run, results table. No dependencies.
// Every value from the store is inserted as text (textContent), never parsed as HTML.
(function () {
  "use strict";
  const app = document.getElementById("app");
  const baseIri = app.dataset.baseIri;
  const $ = (id) => document.getElementById(id);
  const queryBox = $("query"), saved = $("saved"), params = $("params");
  const statusEl = $("status"), results = $("results"), format = $("format");
  let savedQueries = {};
  let loadedText = null;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hrefFor(iri) {
    if (iri.startsWith(baseIri) && iri.length > baseIri.length) {
      return "/resource/" + iri.slice(baseIri.length).split("/").map(encodeURIComponent).join("/");
    }
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = hrefFor(term.value);
      td.appendChild(href ? el("a", { href: href, title: term.value }, term.value) : el("span", {}, term.value));
    } else if (term.type === "bnode") {
      td.appendChild(el("span", { class: "muted" }, "_:" + term.value));
    } else {
      td.appendChild(el("span", {}, term.value));
      if (term["xml:lang"]) td.appendChild(el("span", { class: "lang" }, " @" + term["xml:lang"]));
      else if (term.datatype && !term.datatype.endsWith("#string")) {
        td.appendChild(el("span", { class: "dt" }, " " + term.datatype.replace(/^.*[#/]/, "xsd:")));
      }
    }
    return td;
  }

  function showTable(data) {
    results.replaceChildren();
    if ("boolean" in data) {
      results.appendChild(el("p", { class: "answer" }, "ASK: " + data.boolean));
      return 1;
    }
    const vars = data.head.vars || [];
    const rows = data.results.bindings;
    const table = el("table", { class: "results" });
    const head = el("tr");
    vars.forEach((v) => head.appendChild(el("th", {}, "?" + v)));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    rows.forEach((row) => {
      const tr = el("tr");
      vars.forEach((v) => tr.appendChild(cell(row[v])));
      body.appendChild(tr);
    });
    table.appendChild(body);
    results.appendChild(table);
    return rows.length;
  }

  function showText(text) {
    results.replaceChildren(el("pre", { class: "raw" }, text));
  }

  function acceptFor(fmt) {
    return {
      "": "application/sparql-results+json, text/turtle;q=0.9",
      csv: "text/csv", tsv: "text/tab-separated-values",
      xml: "application/sparql-results+xml, application/rdf+xml;q=0.9",
      json: "application/sparql-results+json, application/ld+json;q=0.9",
    }[fmt];
  }

  async function run() {
    const fmt = format.value;
    const headers = { Accept: acceptFor(fmt) };
    let request;
    const name = saved.value;
    if (name && queryBox.value === loadedText) {
      const qs = new URLSearchParams();
      params.querySelectorAll("input").forEach((i) => qs.append(i.name, i.value));
      request = fetch("/api/queries/" + encodeURIComponent(name) + "?" + qs, { headers });
    } else {
      const body = new URLSearchParams({ query: queryBox.value });
      request = fetch("/sparql", { method: "POST", headers, body });
    }
    statusEl.textContent = "running…";
    const started = performance.now();
    try {
      const resp = await request;
      const text = await resp.text();
      const secs = ((performance.now() - started) / 1000).toFixed(2);
      if (!resp.ok) {
        let message = text;
        try { message = JSON.parse(text).detail || text; } catch (e) { /* plain text */ }
        statusEl.textContent = "error " + resp.status;
        results.replaceChildren(el("pre", { class: "error" }, message));
        return;
      }
      const type = resp.headers.get("content-type") || "";
      let note = "";
      if (resp.headers.get("x-diplokg-row-limit")) {
        note = " (capped at " + resp.headers.get("x-diplokg-row-limit") + " rows)";
      }
      if (fmt === "" && type.startsWith("application/sparql-results+json")) {
        const n = showTable(JSON.parse(text));
        statusEl.textContent = n + " result(s) in " + secs + " s" + note;
      } else {
        showText(text);
        statusEl.textContent = "done in " + secs + " s" + note;
      }
    } catch (err) {
      statusEl.textContent = "request failed";
      results.replaceChildren(el("pre", { class: "error" }, String(err)));
    }
  }

  function inputType(t) {
    return { iri: "url", date: "date", integer: "number" }[t] || "text";
  }

  function pickSaved() {
    params.replaceChildren();
    const q = savedQueries[saved.value];
    $("saved-desc").textContent = q ? q.description : "";
    if (!q) { loadedText = null; return; }
    queryBox.value = q.sparql;
    loadedText = q.sparql;
    q.params.forEach((p) => {
      const label = el("label", { title: p.description || "" }, p.name + " ");
      const input = el("input", { name: p.name, type: inputType(p.type) });
      input.value = p.default || "";
      label.appendChild(input);
      params.appendChild(label);
    });
  }

  async function loadSaved() {
    try {
      const resp = await fetch("/api/queries", { headers: { Accept: "application/json" } });
      if (!resp.ok) return;
      (await resp.json()).forEach((q) => {
        savedQueries[q.name] = q;
        saved.appendChild(el("option", { value: q.name }, q.title));
      });
    } catch (e) { /* the page still works without saved queries */ }
  }

  $("run").addEventListener("click", run);
  saved.addEventListener("change", pickSaved);
  queryBox.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  loadSaved();
})();
