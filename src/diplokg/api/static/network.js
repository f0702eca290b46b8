/* The network page: an actor's neighbourhood from /api/network drawn with
 * Cytoscape.js. Edge width = number of source articles. A click on a node adds its
 * own neighbourhood (and says what links it); a double click opens its page.
 */
(function () {
  "use strict";
  var COLORS = { Person: "#1f5f99", Country: "#b5462f", Organization: "#7a5aa6",
                 Place: "#3d8a4f", "": "#555" };

  function fetchNet(actor) {
    return fetch("/api/network?actor=" + encodeURIComponent(actor), {
      headers: { Accept: "application/json" },
    }).then(function (r) { return r.json(); });
  }

  function info(box, node, cy) {
    box.textContent = "";
    box.hidden = false;
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.textContent = node.data("label");
    if (node.data("page")) a.href = node.data("page");
    h.appendChild(a);
    box.appendChild(h);
    var ul = document.createElement("ul");
    ul.className = "plain";
    node.connectedEdges().forEach(function (e) {
      var other = e.source().id() === node.id() ? e.target() : e.source();
      var li = document.createElement("li");
      var types = Object.keys(e.data("types") || {}).join(", ");
      li.textContent = other.data("label") + " — " + e.data("weight") + " source(s), " +
        e.data("facts") + " fact(s): " + types;
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function start() {
    var box = document.getElementById("network");
    var input = document.getElementById("network-actor");
    if (input && window.diplokgSuggest) {
      window.diplokgSuggest(input, function (hit) {
        window.location.assign("/network?actor=" + encodeURIComponent(hit.iri));
      }, { types: ["Person", "Country", "Organization"] });
    }
    if (!box || !box.dataset.actor || !window.cytoscape) return;
    var panel = document.getElementById("network-info");
    var cy = window.cytoscape({
      container: box,
      style: [
        { selector: "node", style: {
          label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
          "background-color": function (n) { return COLORS[n.data("kind")] || COLORS[""]; },
          width: 18, height: 18 } },
        { selector: "node.root", style: { width: 28, height: 28, "font-weight": "bold" } },
        { selector: "node.expanded", style: { "border-width": 3, "border-color": "#f2b705" } },
        { selector: "edge", style: {
          width: "mapData(weight, 1, 10, 1.5, 10)", "line-color": "#9fb3c8", opacity: 0.8,
          "curve-style": "bezier" } },
      ],
      wheelSensitivity: 0.3,
    });
    box.cy = cy;

    function add(actor) {
      return fetchNet(actor).then(function (data) {
        var fresh = [];
        data.nodes.concat(data.edges).forEach(function (el) {
          if (cy.getElementById(el.data.id).empty()) fresh.push(el);
        });
        cy.add(fresh);
        cy.getElementById(data.actor).addClass("expanded");
        cy.layout({ name: "cose", animate: false, nodeRepulsion: 8000, idealEdgeLength: 90 }).run();
        return data;
      });
    }

    add(box.dataset.actor).then(function (data) {
      cy.getElementById(data.actor).addClass("root");
      box.classList.add("ready");
    });
    cy.on("tap", "node", function (evt) {
      var node = evt.target;
      info(panel, node, cy);
      if (!node.hasClass("expanded")) add(node.id()).then(function () { info(panel, node, cy); });
    });
    cy.on("dbltap", "node", function (evt) {
      var page = evt.target.data("page");
      if (page) window.location.assign(page);
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
