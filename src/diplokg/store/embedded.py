"""Embedded Oxigraph store (pyoxigraph): the default backend.

Writes keep the default graph equal to the merge of the named graphs (see
:mod:`diplokg.store.updates`). A graph the store does not hold yet (every article of
a first build) is written with one ``Store.extend``, which pyoxigraph applies as one
transaction: the named quads, plus the triples the merge lacks so far (looked up
first, so a label four articles share is written to the merge once). Replacing a
graph that exists, or editing graphs (:meth:`EmbeddedStore.edit_graphs`: the join of
undated reports renames a node in a few quads of each graph), goes through one SPARQL
update, also one transaction, that writes only what changes: the quads a graph loses
and gains, the triples the merge loses (no named graph holds them any more) and
gains. RocksDB holds a transaction in memory until it commits, so its size is that
of the change, not of the graphs. A lock makes the look-ups and the write one step for
the threads of a process; another process cannot open the same folder for writing.

Building a default-graph ``Quad`` costs pyoxigraph several times more than looking a
triple up, so the store remembers (up to :data:`MERGE_CACHE_SIZE`) triples it knows
the merge holds; any write that may remove triples from the merge forgets them all.

RocksDB keeps recent writes in memory until they are flushed to disk; pyoxigraph
leaves that to RocksDB, whose buffers grow by ~0.7 KB per quad written. The store
flushes after every :data:`FLUSH_EVERY_QUADS` quads it adds, so that a long build
holds a bounded amount of memory whatever its size.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
)
from pyoxigraph import (
    Store as OxStore,
)

from diplokg.store.base import QueryResult, QuerySyntaxError, StoreError
from diplokg.store.updates import check_graph, data_update, skolem_iri

#: merge triples remembered between writes (bounded: memory does not grow with the store)
MERGE_CACHE_SIZE = 20_000

#: quads added between two flushes of RocksDB's write buffers to disk
FLUSH_EVERY_QUADS = 50_000

RESULTS_DEFAULT = "application/sparql-results+json"
GRAPH_DEFAULT = "text/turtle"


def results_format(media_type: str) -> QueryResultsFormat:
    """The SPARQL results format for a media type (raises StoreError if unknown)."""
    fmt = QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise StoreError(f"unsupported SPARQL results media type: {media_type}")
    return fmt


def _has_blank_nodes(quads: list[Quad]) -> bool:
    return any(isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode) for q in quads)


def _skolemized(graph: NamedNode, quads: list[Quad]) -> list[Quad]:
    """The quads with their blank nodes replaced by the graph's skolem IRIs."""

    def term(t):
        return skolem_iri(graph, t) if isinstance(t, BlankNode) else t

    return [Quad(term(q.subject), q.predicate, term(q.object), graph) for q in quads]


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
        self._write_lock = threading.Lock()
        self._in_merge: set[Triple] = set()  # triples known to be in the default graph
        self._unflushed = 0  # quads added since the last flush

    # -- writes ---------------------------------------------------------------
    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        self.replace_graphs({graph: list(quads)})

    def replace_graphs(self, graphs: dict[NamedNode, list[Quad]]) -> None:
        with self._write_lock:
            try:
                if any(self._store.contains_named_graph(g) for g in graphs):
                    self._in_merge.clear()
                    self._edit(*self._differences(graphs))
                else:
                    quads = self._new_graphs_quads(graphs)
                    self._store.extend(quads)
                    self._added(len(quads))
            except (OSError, SyntaxError, ValueError) as exc:
                self._in_merge.clear()
                raise StoreError(f"could not write graphs: {exc}") from exc
            except BaseException:
                self._in_merge.clear()
                raise

    def edit_graphs(
        self,
        removed: dict[NamedNode, list[Quad]],
        added: dict[NamedNode, list[Quad]],
        dropped: Iterable[NamedNode] = (),
    ) -> None:
        """Take ``removed`` out of their named graphs, put ``added`` into theirs and
        drop the ``dropped`` graphs, in one transaction, keeping the merge: a triple no
        named graph holds afterwards leaves the default graph, every added triple is in
        it. Removed quads that a graph does not hold are ignored."""
        with self._write_lock:
            self._in_merge.clear()
            try:
                removed = {g: self._stored_form(g, q) for g, q in removed.items()}
                added = {g: self._stored_form(g, q) for g, q in added.items()}
                removed = {g: [q for q in qs if q in self._store] for g, qs in removed.items()}
                self._edit(removed, added, list(dropped), [])
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"could not write graphs: {exc}") from exc

    def _added(self, quads: int) -> None:
        """Count written quads; flush RocksDB's write buffers every FLUSH_EVERY_QUADS."""
        self._unflushed += quads
        if self._unflushed >= FLUSH_EVERY_QUADS:
            try:
                self._store.flush()
            except OSError:  # the write is committed; RocksDB flushes on its own later
                return
            self._unflushed = 0

    @staticmethod
    def _stored_form(graph: NamedNode, quads: list[Quad]) -> list[Quad]:
        """``quads`` as the store holds them (blank nodes skolemised), checked to be in
        ``graph``."""
        check_graph(graph, quads)
        return quads if not _has_blank_nodes(quads) else _skolemized(graph, quads)

    def _differences(
        self, graphs: dict[NamedNode, list[Quad]]
    ) -> tuple[
        dict[NamedNode, list[Quad]], dict[NamedNode, list[Quad]], list[NamedNode], list[Quad]
    ]:
        """What replacing ``graphs`` changes, one graph at a time: the quads each graph
        loses and gains, the graphs left empty (dropped), and the unchanged triples the
        merge lacks (a replacement writes every new triple to the merge).

        Replacing through :meth:`_edit` with these gives the result of
        :func:`diplokg.store.updates.replace_graphs_update` (drop each graph and its
        share of the merge, write it again) with a transaction, which RocksDB holds in
        memory, as small as the change: the join of undated reports renames one node
        in graphs of several hundred quads.
        """
        removed: dict[NamedNode, list[Quad]] = {}
        added: dict[NamedNode, list[Quad]] = {}
        dropped: list[NamedNode] = []
        missing: list[Quad] = []
        default = DefaultGraph()
        for graph, quads in graphs.items():
            new = dict.fromkeys(self._stored_form(graph, quads))
            old = set(self._store.quads_for_pattern(None, None, None, graph))
            if not new:
                if self._store.contains_named_graph(graph):
                    dropped.append(graph)
                continue
            removed[graph] = [q for q in old if q not in new]
            added[graph] = [q for q in new if q not in old]
            missing += [
                m
                for q in new
                if q in old
                and (m := Quad(q.subject, q.predicate, q.object, default)) not in self._store
            ]
        return removed, added, dropped, missing

    def _edit(
        self,
        removed: dict[NamedNode, list[Quad]],
        added: dict[NamedNode, list[Quad]],
        dropped: list[NamedNode],
        missing: list[Quad],
    ) -> None:
        """One update: ``removed`` (quads the graphs hold, in stored form) out of their
        graphs, ``added`` into theirs, the ``dropped`` graphs dropped; the merge loses
        the triples of the removed quads and dropped graphs that no named graph holds
        afterwards, and gains the added triples and ``missing`` it lacks."""
        out = set(dropped)
        lost = {g: set(quads) for g, quads in removed.items()}
        gained = {q.triple for quads in added.values() for q in quads}
        gone: dict[Triple, None] = {}
        for quads in removed.values():
            gone.update((q.triple, None) for q in quads)
        for graph in dropped:
            gone.update(
                (q.triple, None) for q in self._store.quads_for_pattern(None, None, None, graph)
            )

        def held_after(triple: Triple) -> bool:
            if triple in gained:
                return True
            for q in self._store.quads_for_pattern(triple.subject, triple.predicate, triple.object):
                graph = q.graph_name
                if (
                    isinstance(graph, NamedNode)
                    and graph not in out
                    and q not in lost.get(graph, ())
                ):
                    return True
            return False

        default = DefaultGraph()
        unmerged = [
            m
            for t in gone
            if not held_after(t)
            and (m := Quad(t.subject, t.predicate, t.object, default)) in self._store
        ]
        merged = dict.fromkeys(missing)
        for t in gained:
            m = Quad(t.subject, t.predicate, t.object, default)
            if m not in self._store:
                merged[m] = None
        parts = [f"DROP SILENT GRAPH {g} ;" for g in dropped]
        parts += [data_update("DELETE", g, quads) for g, quads in removed.items()]
        parts += [data_update("INSERT", g, quads) for g, quads in added.items()]
        parts += [data_update("DELETE", None, unmerged), data_update("INSERT", None, list(merged))]
        update = "\n".join(p for p in parts if p).rstrip(" ;\n")
        if update:
            self._store.update(update)
        written = sum(map(len, removed.values())) + sum(map(len, added.values()))
        self._added(written + len(unmerged) + len(merged))

    def _new_graphs_quads(self, graphs: dict[NamedNode, list[Quad]]) -> list[Quad]:
        """Quads that add ``graphs`` (none of them in the store yet) and their share of
        the merge: the named quads, then the default-graph triples not stored yet."""
        named: list[Quad] = []
        for graph, quads in graphs.items():
            check_graph(graph, quads)
            named += quads if not _has_blank_nodes(quads) else _skolemized(graph, quads)
        known, default = self._in_merge, DefaultGraph()
        triples = {q.triple: q for q in named}
        merge = [
            Quad(q.subject, q.predicate, q.object, default)
            for t, q in triples.items()
            if t not in known
        ]
        if len(known) + len(triples) > MERGE_CACHE_SIZE:
            known.clear()
        known.update(triples)  # in the merge once the write succeeds
        return named + [q for q in merge if q not in self._store]

    def update(self, sparql: str) -> None:
        with self._write_lock:
            self._in_merge.clear()  # an update may take triples out of the merge
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
        with self._write_lock:
            self._in_merge.clear()
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
