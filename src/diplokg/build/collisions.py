"""Article ids that would share one named graph: found before anything is written.

An article's graph IRI is ``{base}graph/{slug}`` (:meth:`diplokg.rdf.iris.Iris.graph`),
and the slug folds case and accents and turns every run of other characters into one
``-`` (``"../../etc"`` and ``"etc"`` are both ``etc``). Since writing an article
replaces its graph, two ids with one slug would keep only the later article. So:

* within a batch, the first article of a graph is built and every other one is
  reported as an error naming both ids and sources (the same id on two lines or in
  two files is reported too; the same source read twice is the same article);
* against the store, an article whose graph already holds a *different* id (from an
  earlier build) is reported and not written; the same id is a rebuild, as always.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Protocol

from pyoxigraph import QueryResultsFormat, parse_query_results

from diplokg.model import Article
from diplokg.rdf.iris import Iris
from diplokg.sparql.templates import read_template, values
from diplokg.store import Store

_JSON = "application/sparql-results+json"
_STORED_IDS = read_template(__file__, "stored-ids")
#: Graph IRIs asked about per query (keeps each query text small).
_CHUNK = 500


class _Identified(Protocol):
    id: str
    source: str


def _clash(article: _Identified, graph: str, other_id: str, other_where: str) -> str:
    return (
        f"{article.source}: article id {article.id!r} maps to the same graph <{graph}> as "
        f"article id {other_id!r} ({other_where}); not built: give one of them another id "
        "(ids differing only in case, accents or punctuation share a graph)"
    )


def stored_ids(store: Store, graphs: Sequence[str]) -> dict[str, set[str]]:
    """The article ids each of ``graphs`` holds in the store now (absent: not stored)."""
    found: dict[str, set[str]] = {}
    for start in range(0, len(graphs), _CHUNK):
        query = _STORED_IDS.fill(graphs=values("g", graphs[start : start + _CHUNK]))
        body = store.query(query, _JSON).body
        for row in parse_query_results(body, QueryResultsFormat.JSON):
            found.setdefault(row["g"].value, set()).add(row["id"].value)
    return found


class GraphOwners:
    """Who owns each graph while a batch streams by: the first article of the batch
    that maps to it, or the article the store already holds there.

    The owners are kept in a private temporary SQLite database on disk (deleted when
    it is closed), not in memory: one row per article of the batch, which must not
    grow the build's memory with the batch (issue 12)."""

    def __init__(self, iris: Iris, store: Store | None = None) -> None:
        self.iris = iris
        self.store = store
        # "": a temporary on-disk database, its page cache bounded (2 MB by default)
        self._owners = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._owners.execute("PRAGMA journal_mode=OFF")
        self._owners.execute("PRAGMA synchronous=OFF")
        self._owners.execute(
            "CREATE TABLE owners (graph TEXT PRIMARY KEY, id TEXT, source TEXT) WITHOUT ROWID"
        )

    def _first(self, graph: str) -> tuple[str, str] | None:
        row = self._owners.execute(
            "SELECT id, source FROM owners WHERE graph = ?", (graph,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def check(self, article: _Identified, *, stored: bool = False) -> tuple[bool, str | None]:
        """Whether to build ``article``, and the error that says why not (None when
        it is the same source read again: nothing to report).

        ``stored``: the store is known to hold this very article in its graph (its
        content hash, which covers the id, is the one stored there): not asked again.
        """
        graph = self.iris.graph(article.id)
        first = self._first(graph)
        if first is not None:
            first_id, first_source = first
            if first_source == article.source:
                return False, None
            return False, _clash(article, graph, first_id, first_source)
        if self.store is not None and not stored:
            others = sorted(stored_ids(self.store, [graph]).get(graph, set()) - {article.id})
            if others:
                return False, _clash(article, graph, others[0], "already in the store")
        self._owners.execute(
            "INSERT INTO owners VALUES (?, ?, ?)", (graph, article.id, article.source)
        )
        return True, None

    def close(self) -> None:
        """Let the temporary database go."""
        self._owners.close()

    def __enter__(self) -> GraphOwners:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def split_batch(articles: Sequence[Article], iris: Iris) -> tuple[list[Article], list[str]]:
    """The articles that own their graph in this batch (first come), and an error for
    each one that would overwrite another's graph."""
    with GraphOwners(iris) as owners:
        return _split(articles, owners)


def split_stored(
    articles: Sequence[Article], iris: Iris, store: Store
) -> tuple[list[Article], list[str]]:
    """The articles whose graph is free or holds their own id, and an error for each
    whose graph holds another article in the store."""
    kept: list[Article] = []
    errors: list[str] = []
    for article in articles:
        with GraphOwners(iris, store) as owners:
            ok, error = owners.check(article)
        if ok:
            kept.append(article)
        elif error:
            errors.append(error)
    return kept, errors


def _split(articles: Sequence[Article], owners: GraphOwners) -> tuple[list[Article], list[str]]:
    kept: list[Article] = []
    errors: list[str] = []
    for article in articles:
        ok, error = owners.check(article)
        if ok:
            kept.append(article)
        elif error:
            errors.append(error)
    return kept, errors
