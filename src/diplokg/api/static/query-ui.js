// diplokg query page: YASGUI (served from /static/vendor/yasgui/, never a CDN) set up
// for this endpoint: our prefixes, the saved queries as ready tabs, and result tables
// whose IRIs link to the local entity pages. Settings come from the page as JSON.
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("diplokg-ui-config").textContent);
  const root = document.getElementById("yasgui");
  const notice = document.getElementById("ui-notice");
  if (typeof Yasgui === "undefined") {
    notice.hidden = false;
    return;
  }
  const endpoint = new URL(settings.endpoint, window.location.href).toString();
  const OFFERED_KEY = "diplokg.savedQueriesOffered";

  // Where a result cell's IRI links: data IRIs to their entity page, ontology terms to
  // the ontology page, other http(s) IRIs (Wikidata...) to themselves; others nowhere.
  function hrefFor(iri) {
    if (iri.startsWith(settings.baseIri) && iri.length > settings.baseIri.length) {
      const path = iri.slice(settings.baseIri.length).split("/").map(encodeURIComponent);
      return { href: "/resource/" + path.join("/"), local: true };
    }
    if (iri.startsWith(settings.ontologyNs) && iri.length > settings.ontologyNs.length) {
      return { href: "/ontology#" + encodeURIComponent(iri.slice(settings.ontologyNs.length)), local: true };
    }
    return /^https?:\/\//i.test(iri) ? { href: iri, local: false } : null;
  }

  // The table plugin with our links. Built with DOM nodes, so every text and
  // attribute is escaped by the browser's serialiser (labels come from articles).
  const BaseTable = Yasgui.Yasr.plugins.table;
  class DiplokgTable extends BaseTable {
    getUriLinkFromBinding(binding, prefixes) {
      const iri = binding.value;
      let text = iri;
      let prefixed = false;
      for (const [prefix, ns] of Object.entries(prefixes || {})) {
        if (iri.startsWith(ns) && iri.length > ns.length) {
          text = prefix + ":" + iri.slice(ns.length);
          prefixed = true;
          break;
        }
      }
      const target = hrefFor(iri);
      const node = document.createElement(target ? "a" : "span");
      node.className = "iri";
      node.textContent = text;
      node.setAttribute("title", iri);
      if (target) {
        node.setAttribute("href", target.href);
        if (target.local) node.classList.add("local");
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
      const bare = prefixed || (this.persistentConfig && this.persistentConfig.compact);
      return bare ? node.outerHTML : "&lt;" + node.outerHTML + "&gt;";
    }
  }
  Yasgui.Yasr.registerPlugin("table", DiplokgTable);

  // Offline: only the variable and prefix completers, the latter with our prefixes
  // first; the property/class completers would ask a remote vocabulary service.
  const ours = Object.entries(settings.prefixes).map(([p, ns]) => p + ": <" + ns + ">");
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "diplokgPrefixes",
    persistenceId: null,
    get: () => Promise.resolve(ours.slice().sort()),
  }, false);
  const completers = Yasgui.defaults.yasqe.autocompleters;
  completers.splice(0, completers.length, "variables", "diplokgPrefixes");

  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: { value: settings.defaultQuery },
    yasr: { prefixes: settings.prefixes },
    persistenceId: "diplokg-query-ui",
    populateFromUrl: true,
  });

  function tabNamed(name) {
    return Object.values(yasgui._tabs).find((tab) => tab.getName() === name);
  }

  function openSaved(q, select) {
    let tab = tabNamed(q.title);
    if (!tab) {
      tab = yasgui.addTab(select, {
        name: q.title,
        yasqe: { value: q.sparql },
        requestConfig: { endpoint: endpoint },
      });
    } else if (select) {
      yasgui.selectTabId(tab.getId());
    }
    return tab;
  }

  // Each saved query becomes a tab once; one the analyst closed stays closed (the
  // menu above the editor reopens it).
  let offered = [];
  try { offered = JSON.parse(localStorage.getItem(OFFERED_KEY) || "[]"); } catch (e) { offered = []; }
  settings.savedQueries.forEach((q) => {
    if (!offered.includes(q.name)) {
      openSaved(q, false);
      offered.push(q.name);
    }
  });
  try { localStorage.setItem(OFFERED_KEY, JSON.stringify(offered)); } catch (e) { /* private mode */ }

  const menu = document.getElementById("saved-query");
  const desc = document.getElementById("saved-query-desc");
  settings.savedQueries.forEach((q) => {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.title;
    menu.appendChild(option);
  });
  menu.addEventListener("change", () => {
    const q = settings.savedQueries.find((s) => s.name === menu.value);
    desc.textContent = q ? q.description : "";
    if (q) openSaved(q, true);
    menu.value = "";
  });
  window.diplokgYasgui = yasgui;
})();
