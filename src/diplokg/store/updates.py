"""SPARQL Update text shared by every store."""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from diplokg.store.base import StoreError


def insert_data_update(graphs: dict[NamedNode, list[Quad]]) -> str:
    """One SPARQL update that replaces each graph's content with its quads.

    Oxigraph applies an update in a single transaction, so the replacement is
    all-or-nothing: a failure leaves every graph as it was.
    """
    parts: list[str] = []
    for graph, quads in graphs.items():
        if any(q.graph_name != graph for q in quads):
            raise StoreError(f"quads outside graph {graph} in its replacement")
        parts.append(f"DROP SILENT GRAPH {graph} ;")
        if quads:
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }} ;")
    return "\n".join(parts).rstrip(" ;\n")
