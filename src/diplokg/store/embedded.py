"""Embedded Oxigraph store (pyoxigraph): the default backend."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
)
from pyoxigraph import (
    Store as OxStore,
)

from diplokg.store.base import QueryResult, QuerySyntaxError, StoreError
from diplokg.store.updates import replace_graphs_update

RESULTS_DEFAULT = "application/sparql-results+json"
GRAPH_DEFAULT = "text/turtle"


def results_format(media_type: str) -> QueryResultsFormat:
    """The SPARQL results format for a media type (raises StoreError if unknown)."""
    fmt = QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise StoreError(f"unsupported SPARQL results media type: {media_type}")
    return fmt


def rdf_format(media_type: str) -> RdfFormat:
    """The RDF serialisation for a media type (raises StoreError if unknown)."""
    fmt = RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise StoreError(f"unsupported RDF media type: {media_type}")
    return fmt


class EmbeddedStore:
    """A pyoxigraph store in a folder (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        if path is None:
            self._store = OxStore()
        elif read_only:
            self._store = OxStore.read_only(str(path))
        else:
            read_only = False
            Path(path).mkdir(parents=True, exist_ok=True)
            self._store = OxStore(str(path))
        self.path = Path(path) if path is not None else None
        self.read_only = read_only

    # -- writes ---------------------------------------------------------------
    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        self.replace_graphs({graph: list(quads)})

    def replace_graphs(self, graphs: dict[NamedNode, list[Quad]]) -> None:
        update = replace_graphs_update(graphs)
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"could not write graphs: {exc}") from exc

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise StoreError(str(exc)) from exc

    def backup(self, target: str | Path) -> None:
        """Copy the store into the new folder ``target`` (hard links where possible)."""
        if self.path is None:
            raise StoreError("an in-memory store has no backup")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"could not copy the store: {exc}") from exc

    def load(self, data: bytes, media_type: str, graph: str | None) -> None:
        """Parse ``data`` and add it to ``graph`` (``None``: the default graph)."""
        to_graph = NamedNode(graph) if graph else DefaultGraph()
        try:
            self._store.load(data, format=rdf_format(media_type), to_graph=to_graph)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"could not parse {media_type}: {exc}") from exc

    def clear_graph(self, graph: str | None) -> None:
        """Remove every quad of one graph (``None``: the default graph)."""
        if graph is None:
            self._store.clear_graph(DefaultGraph())
        else:
            self._store.remove_graph(NamedNode(graph))

    # -- reads ----------------------------------------------------------------
    def query(
        self,
        sparql: str,
        media_type: str | None = None,
        *,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        timeout_s: float | None = None,
        substitutions: dict | None = None,
    ) -> QueryResult:
        # The embedded store cannot be interrupted in-process; ``timeout_s`` is
        # enforced by the API's worker process, not here.
        kwargs: dict = {}
        if default_graph_uris:
            kwargs["default_graph"] = [NamedNode(u) for u in default_graph_uris]
        elif named_graph_uris:
            # a named-graph-only dataset has an empty default graph (SPARQL 1.1 §13.2)
            kwargs["default_graph"] = []
        # otherwise the store's default graph, kept as the merge of all named graphs
        if named_graph_uris:
            kwargs["named_graphs"] = [NamedNode(u) for u in named_graph_uris]
        if substitutions:
            kwargs["substitutions"] = substitutions
        try:
            result = self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise StoreError(str(exc)) from exc
        if isinstance(result, QueryBoolean | QuerySolutions):
            mt = media_type or RESULTS_DEFAULT
            kind = "boolean" if isinstance(result, QueryBoolean) else "solutions"
            return QueryResult(kind, mt, result.serialize(format=results_format(mt)))
        mt = media_type or GRAPH_DEFAULT
        return QueryResult("graph", mt, result.serialize(format=rdf_format(mt)))

    def solutions(self, sparql: str, **kwargs) -> list[dict[str, object]]:
        """Run a SELECT and return rows as ``{variable: pyoxigraph term}`` dicts."""
        result = self._store.query(sparql, **kwargs)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    def dump_graph(self, graph: str | None, media_type: str) -> bytes:
        from_graph = NamedNode(graph) if graph else DefaultGraph()
        if graph and not self._store.contains_named_graph(from_graph):
            raise KeyError(graph)
        return self._store.dump(format=rdf_format(media_type), from_graph=from_graph)

    def dump(self, media_type: str) -> bytes:
        fmt = rdf_format(media_type)
        if not fmt.supports_datasets:
            raise StoreError(f"{media_type} cannot hold named graphs")
        return self._store.dump(format=fmt)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store
