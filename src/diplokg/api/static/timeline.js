/* The timeline page: actors picked by name, a vis-timeline chart of the events that
 * /api/timeline gives for the page's filters, and an event's details and evidence on
 * click. The list under the chart is the server's, so the page works without it.
 */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function link(node) {
    if (!node.page) return el("span", null, node.label);
    var a = el("a", null, node.label);
    a.href = node.page;
    a.title = node.iri;
    return a;
  }

  /* the first and last day an event's date covers (a month, a year or a day) */
  function span(date) {
    var v = date.value;
    if (date.precision === "year") return [v + "-01-01", (+v + 1) + "-01-01"];
    if (date.precision === "month") {
      var y = +v.slice(0, 4), m = +v.slice(5, 7);
      var next = m === 12 ? (y + 1) + "-01" : y + "-" + String(m + 1).padStart(2, "0");
      return [v + "-01", next + "-01"];
    }
    return [v, null];
  }

  function shortLabel(ev) {
    var who = ev.participants.slice(0, 3).map(function (p) { return p.label; }).join(", ");
    if (ev.participants.length > 3) who += " +" + (ev.participants.length - 3);
    return (ev.types[0] || "Event") + ": " + who;
  }

  function actorPicker() {
    var input = document.getElementById("actor-input");
    var chips = document.getElementById("actor-chips");
    if (!input || !chips || !window.diplokgSuggest) return;
    function addRemove(chip) {
      var btn = chip.querySelector("button.remove");
      if (btn) btn.addEventListener("click", function () { chip.remove(); });
    }
    chips.querySelectorAll(".chip").forEach(addRemove);
    window.diplokgSuggest(input, function (hit) {
      if (chips.querySelector('.chip[data-iri="' + CSS.escape(hit.iri) + '"]')) {
        input.value = "";
        return;
      }
      var chip = el("span", "chip", hit.label);
      chip.dataset.iri = hit.iri;
      var hidden = el("input");
      hidden.type = "hidden";
      hidden.name = "actor";
      hidden.value = hit.iri;
      chip.appendChild(hidden);
      var btn = el("button", "remove", "×");
      btn.type = "button";
      btn.setAttribute("aria-label", "remove");
      chip.appendChild(btn);
      chips.appendChild(chip);
      addRemove(chip);
      input.value = "";
    }, { types: ["Person", "Country", "Organization"] });
  }

  function showDetail(box, ev) {
    box.textContent = "";
    box.hidden = false;
    var close = el("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "close");
    close.addEventListener("click", function () { box.hidden = true; });
    box.appendChild(close);
    var h = el("h3");
    h.appendChild(link(ev));
    box.appendChild(h);
    var dl = el("dl", "facts");
    function row(name, content) {
      dl.appendChild(el("dt", null, name));
      var dd = el("dd");
      if (typeof content === "string") dd.textContent = content; else dd.appendChild(content);
      dl.appendChild(dd);
    }
    row("Type", ev.types.join(", ") || "—");
    row("Date", ev.date ? ev.date.value + " (" + ev.date.precision + ")" : "undated");
    if (ev.status.length) row("Status", ev.status.join(", "));
    var places = el("span");
    ev.places.forEach(function (p, i) { if (i) places.append(", "); places.appendChild(link(p)); });
    row("Place", ev.places.length ? places : "—");
    var who = el("ul", "plain");
    ev.participants.forEach(function (p) {
      var li = el("li");
      li.appendChild(link(p));
      if (p.roles.length) li.appendChild(el("span", "muted", " (" + p.roles.join(", ") + ")"));
      who.appendChild(li);
    });
    row("Participants", who);
    row("Sources", String(ev.source_count));
    box.appendChild(dl);
    ev.sources.forEach(function (s) {
      var div = el("div", "source");
      div.appendChild(link(s));
      var meta = [s.outlet, s.language, s.published].filter(Boolean).join(" · ");
      if (meta) div.appendChild(el("span", "muted", " " + meta));
      if (s.source_view) {
        var view = el("a", "source-view", "source view");
        view.href = s.source_view;
        div.append(" ");
        div.appendChild(view);
      }
      s.evidence.forEach(function (e) {
        var q = el("blockquote", "evidence", e.text);
        if (e.lang) q.lang = e.lang;
        div.appendChild(q);
      });
      box.appendChild(div);
    });
  }

  function chart() {
    var box = document.getElementById("timeline-chart");
    var detail = document.getElementById("event-detail");
    if (!box || !window.vis || !window.vis.Timeline) return;
    fetch(box.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var byId = {};
        var items = [];
        data.events.forEach(function (ev) {
          if (!ev.date) return;
          var s = span(ev.date);
          byId[ev.iri] = ev;
          var item = {
            id: ev.iri,
            content: shortLabel(ev),
            start: s[0],
            title: ev.label + " — " + ev.source_count + " source(s)",
            className: "precision-" + ev.date.precision + " type-" + (ev.types[0] || "Event"),
          };
          if (s[1]) { item.end = s[1]; item.type = "range"; } else { item.type = "box"; }
          items.push(item);
        });
        box.classList.add("ready");
        if (!items.length) {
          box.appendChild(el("p", "muted", "No dated events to draw."));
          return;
        }
        // never zoom in below a week: events of one day would otherwise stretch the
        // axis down to milliseconds
        var week = 7 * 24 * 3600 * 1000;
        var times = items.map(function (it) { return new Date(it.end || it.start).getTime(); })
          .concat(items.map(function (it) { return new Date(it.start).getTime(); }));
        var first = Math.min.apply(null, times), last = Math.max.apply(null, times);
        var pad = Math.max(week, (last - first) * 0.05);
        var timeline = new window.vis.Timeline(box, items, {
          stack: true,
          maxHeight: 520,
          zoomMin: week,
          start: new Date(first - pad),
          end: new Date(last + pad),
          zoomKey: "ctrlKey",
          orientation: "top",
          tooltip: { followMouse: true },
          xss: { disabled: false },
        });
        // a plain DOM click (vis-timeline's own "select" rides on touch gestures)
        box.addEventListener("click", function (domEvent) {
          var props = timeline.getEventProperties(domEvent);
          var ev = props && byId[props.item];
          if (!ev) return;
          timeline.setSelection([props.item]);
          showDetail(detail, ev);
        });
        box.timeline = timeline;
      })
      .catch(function (err) { box.appendChild(el("p", "error", "Timeline: " + err)); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    actorPicker();
    chart();
  });
})();
