"""SPARQL Update text shared by every store and the Graph Store Protocol.

The store keeps one named graph per article. Its *default graph* is kept equal to the
RDF merge (a set) of all named graphs, inside the same transaction as every change to
a named graph. Queries then run on that default graph: a triple asserted by four
articles is one triple, not four, so joins do not multiply (a union default graph
computed at query time keeps every copy, and joins over shared nodes explode).
Triples written straight into the default graph stay there until a named graph that
also held them is dropped.

Blank nodes are skolemised on the way in (RDF 1.1 §3.5): ``_:b`` in graph ``G`` is
stored as ``G/.well-known/genid/b``, so the copy in the merge is the same node and
can be removed again exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import BlankNode, NamedNode, Quad

from diplokg.store.base import StoreError


def skolem_iri(graph: NamedNode, node: BlankNode) -> NamedNode:
    """The well-known IRI that stands for a blank node of ``graph`` in the store."""
    return NamedNode(f"{graph.value.rstrip('/#')}/.well-known/genid/{node.value}")


def unskolemize(term):
    """The blank node a skolem IRI stands for (other terms unchanged)."""
    if isinstance(term, NamedNode) and "/.well-known/genid/" in term.value:
        return BlankNode(term.value.rsplit("/", 1)[-1])
    return term


def _term(graph: NamedNode, term):
    return skolem_iri(graph, term) if isinstance(term, BlankNode) else term


def _triples_block(quads: list[Quad]) -> str:
    return "\n".join(
        f"{_term(q.graph_name, q.subject)} {q.predicate} {_term(q.graph_name, q.object)} ."
        for q in quads
    )


def _unmerge(graph: NamedNode) -> str:
    """Remove the graph's triples from the default graph unless another graph holds them."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }} ;"
    )


def _add(graph: NamedNode, quads: list[Quad]) -> list[str]:
    if not quads:
        return []
    body = _triples_block(quads)
    return [
        f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }} ;",
        f"INSERT DATA {{\n{body}\n}} ;",
    ]


def data_update(verb: str, graph: NamedNode | None, quads: list[Quad]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` (``verb``) of ``quads``' triples in ``graph``
    (``None``: the default graph); "" when there are none."""
    if not quads:
        return ""
    body = _triples_block(quads)
    if graph is None:
        return f"{verb} DATA {{\n{body}\n}} ;"
    return f"{verb} DATA {{ GRAPH {graph} {{\n{body}\n}} }} ;"


def check_graph(graph: NamedNode, quads: list[Quad]) -> None:
    """Raise :class:`StoreError` if a quad of ``graph``'s replacement is in another graph."""
    if any(q.graph_name != graph for q in quads):
        raise StoreError(f"quads outside graph {graph} in its replacement")


def _join(parts: list[str]) -> str:
    return "\n".join(parts).rstrip(" ;\n")


def replace_graphs_update(graphs: dict[NamedNode, list[Quad]]) -> str:
    """One update that replaces each named graph's content, keeping the merge.

    Oxigraph applies an update in a single transaction, so the replacement is
    all-or-nothing: a failure leaves every graph as it was.
    """
    parts: list[str] = []
    for graph, quads in graphs.items():
        check_graph(graph, quads)
        parts += [_unmerge(graph), f"DROP SILENT GRAPH {graph} ;", *_add(graph, quads)]
    return _join(parts)


def add_to_graph_update(graph: NamedNode, quads: list[Quad]) -> str:
    """One update that adds quads to a named graph and to the merge ("" if none)."""
    check_graph(graph, quads)
    return _join(_add(graph, quads))


def drop_graph_update(graph: NamedNode) -> str:
    """One update that drops a named graph and its share of the merge."""
    return _join([_unmerge(graph), f"DROP GRAPH {graph} ;"])


def _values_row(quad: Quad) -> str:
    g = quad.graph_name
    return f"({_term(g, quad.subject)} {quad.predicate} {_term(g, quad.object)})"


def edit_graphs_update(
    removed: dict[NamedNode, list[Quad]],
    added: dict[NamedNode, list[Quad]],
    dropped: Iterable[NamedNode] = (),
) -> str:
    """One update that takes ``removed`` out of their named graphs, puts ``added`` into
    theirs and drops the ``dropped`` graphs, keeping the merge: a triple that no named
    graph holds afterwards leaves the default graph, every added triple is in it.

    ``removed`` are quads the graphs hold; the update is all-or-nothing, like
    :func:`replace_graphs_update`, and only as large as the change.
    """
    parts: list[str] = []
    for graph, quads in removed.items():
        check_graph(graph, quads)
        parts.append(data_update("DELETE", graph, quads))
    for graph, quads in added.items():
        check_graph(graph, quads)
        parts.append(data_update("INSERT", graph, quads))
    for graph in dropped:
        parts += [_unmerge(graph), f"DROP SILENT GRAPH {graph} ;"]
    gone = dict.fromkeys(_values_row(q) for quads in removed.values() for q in quads)
    if gone:
        rows = "\n".join(gone)
        parts.append(
            f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}\n}} "
            "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } } } ;"
        )
    merged = [q for quads in added.values() for q in quads]
    parts.append(data_update("INSERT", None, merged))
    return _join([p for p in parts if p])


#: Appended to a user's SPARQL Update (same transaction): what it added to named graphs
#: joins the merge. Deletions from named graphs by raw updates are not propagated; the
#: Graph Store Protocol and ``diplokg build`` maintain the merge exactly.
MERGE_NAMED_GRAPHS = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
