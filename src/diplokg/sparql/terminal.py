"""Render SPARQL results for the terminal (``diplokg query``)."""

from __future__ import annotations

import json

from diplokg.store import Store

MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def render(store: Store, sparql: str, fmt: str) -> str:
    """The result of ``sparql`` as text in ``fmt`` (json, csv, tsv or table)."""
    media = MEDIA.get(fmt, "application/sparql-results+json")
    result = store.query(sparql, media)
    if result.kind == "graph":
        return result.body.decode("utf-8")
    if fmt != "table":
        return result.body.decode("utf-8")
    data = json.loads(result.body)
    if "boolean" in data:
        return f"{str(data['boolean']).lower()}\n"
    names = data["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names] for b in data["results"]["bindings"]]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    line = " | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out = [line, "-+-".join("-" * w for w in widths)]
    for r in rows:
        out.append(" | ".join(c[:w].ljust(w) for c, w in zip(r, widths, strict=True)))
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"


def _cell(term: dict | None) -> str:
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "literal" and term.get("xml:lang"):
        return f"{value}@{term['xml:lang']}"
    return value.replace("\n", " ")
