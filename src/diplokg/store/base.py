"""The Store protocol: what the pipeline, CLI and API need from a quad store.

Stores know nothing of news: they hold quads in named graphs and answer SPARQL.
Query results are returned already serialised (bytes in a requested media type), so
that the embedded and remote stores behave the same and the API never re-encodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pyoxigraph import NamedNode, Quad


class StoreError(Exception):
    """A store could not do what was asked (bad query, unreachable server, ...)."""


class QuerySyntaxError(StoreError):
    """The SPARQL text does not parse."""


class QueryTimeout(StoreError):
    """A query ran past its time budget and was stopped (HTTP 504 at the endpoint)."""


class UpstreamError(StoreError):
    """A remote store sent an answer that is not a complete, valid result (HTTP 502):
    e.g. Oxigraph's HTTP 200 with a body cut short by its timeout or a failed SERVICE."""


@dataclass(frozen=True)
class QueryResult:
    """A serialised SPARQL result.

    ``kind`` is ``"solutions"``, ``"boolean"`` or ``"graph"``; ``body`` is in
    ``media_type``.
    """

    kind: str
    media_type: str
    body: bytes


class Store(Protocol):
    """A SPARQL 1.1 quad store holding one named graph per article."""

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Atomically replace the content of ``graph`` with ``quads``."""

    def replace_graphs(self, graphs: dict[NamedNode, list[Quad]]) -> None:
        """Atomically replace several graphs at once (all or nothing)."""

    def edit_graphs(
        self,
        removed: dict[NamedNode, list[Quad]],
        added: dict[NamedNode, list[Quad]],
        dropped: Iterable[NamedNode] = (),
    ) -> None:
        """Atomically take ``removed`` (quads the graphs hold) out of their named graphs,
        put ``added`` into theirs and drop the ``dropped`` graphs (all or nothing); the
        default graph stays the merge of the named graphs. A write as small as the
        change, where a replacement rewrites whole graphs."""

    def query(
        self,
        sparql: str,
        media_type: str | None = None,
        *,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        timeout_s: float | None = None,
    ) -> QueryResult:
        """Run a SPARQL query and serialise its result.

        ``media_type`` picks the serialisation (SPARQL JSON/XML/CSV/TSV for
        solutions and booleans; Turtle/N-Triples/RDF-XML/JSON-LD... for graphs);
        ``None`` means the store's default for the query form.
        """

    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""

    def graphs(self) -> list[str]:
        """IRIs of the named graphs."""

    def dump_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one named graph (``None``: the default graph)."""

    def dump(self, media_type: str) -> bytes:
        """Serialise the whole dataset (a quad format such as TriG or N-Quads)."""

    def close(self) -> None:
        """Release the store."""
