"""Every event node of the store, one group of one identity at a time, in bounded memory.

The join of undated event reports (:mod:`diplokg.build.reconcile`) compares nodes
only within a group of one *identity* (their core sides), and decides each group on
its own nodes. Over the whole store (a first build, ``--all``), holding every node at
once grows with the store (~13 MiB per 1,000 generated articles). So the nodes go
through two spills to temporary files, as a hash join partitions its inputs:

1. the reports are read a few hundred graphs at a time, with the facts of the
   participants they name; each chunk's (partial) nodes are appended to one of ``k``
   files by a hash of the node IRI, so that all the reports of a node meet in one file;
2. each of those files in turn is read and its partial nodes folded into whole nodes;
   those that may join (not statements) go to one of ``k`` files by a hash of their
   identity;
3. each of those files in turn is read, and its groups are given one by one.

``k`` is one file per :data:`GRAPHS_PER_FILE` graphs, so a file holds about what that
many graphs report: memory is bounded by a chunk, a file and the largest group (the
events of one pair of actors), not by the store. The nodes are those
:func:`diplokg.build.reconcile.read_events` reads whole, grouped as
:func:`diplokg.build.reconcile.find_twins` groups them.
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from diplokg.build.reports import EventNode, event_nodes, read_entity_facts, read_reports
from diplokg.store import Store

#: named graphs whose reports are read at a time
GRAPHS_PER_READ = 200
#: named graphs per spill file (the nodes of one file are held at a time)
GRAPHS_PER_FILE = 500

#: an :class:`EventNode` as spilled: its IRI then its sets, in field order
Row = tuple
_SETS = (
    "types",
    "dates",
    "date_texts",
    "statuses",
    "sides",
    "graphs",
    "core_sides",
    "published",
)


def _row(node: EventNode) -> Row:
    return (node.iri, *(getattr(node, name) for name in _SETS))


def _node(row: Row) -> EventNode:
    return EventNode(row[0], *row[1:])


def _fold(nodes: dict[str, EventNode], row: Row) -> None:
    """Add a partial node (one chunk of graphs' reports of it) to ``nodes``."""
    node = nodes.get(row[0])
    if node is None:
        nodes[row[0]] = _node(row)
        return
    for name, values in zip(_SETS, row[1:], strict=True):
        getattr(node, name).update(values)


def _bucket(key: str, k: int) -> int:
    return zlib.crc32(key.encode()) % k


def identity_key(node: EventNode) -> str:
    """The node's identity as one string (its sides, sorted)."""
    return "\x1f".join(sorted(node.identity))


class _Spill:
    """``k`` files of pickled rows; rows are kept until :meth:`flush` appends them."""

    def __init__(self, folder: Path, name: str, k: int) -> None:
        self.paths = [folder / f"{name}-{i}.pickle" for i in range(k)]
        self._pending: list[list[Row]] = [[] for _ in range(k)]

    def add(self, key: str, row: Row) -> None:
        self._pending[_bucket(key, len(self.paths))].append(row)

    def flush(self) -> None:
        for path, rows in zip(self.paths, self._pending, strict=True):
            if rows:
                with path.open("ab") as out:
                    pickle.dump(rows, out, protocol=pickle.HIGHEST_PROTOCOL)
                rows.clear()

    def rows(self, i: int) -> Iterator[Row]:
        """The rows of file ``i``, which is then deleted."""
        path = self.paths[i]
        if not path.exists():
            return
        with path.open("rb") as stored:
            while True:
                try:
                    yield from pickle.load(stored)
                except EOFError:
                    break
        path.unlink()


def _participants(reports: dict) -> set[str]:
    return {p for graph in reports.values() for r in graph.events.values() for p in r.participants}


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def identity_groups(store: Store, folder: Path | None = None) -> Iterator[list[EventNode]]:
    """Every group of event nodes of one identity that may take part in a join (nodes
    of types that never join left out), one at a time; ``folder``: where the spill
    files go (default: a temporary folder, removed at the end)."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="diplokg-join-") as tmp:
            yield from identity_groups(store, Path(tmp))
        return
    graphs = store.graphs()
    k = max(1, -(-len(graphs) // GRAPHS_PER_FILE))
    by_iri = _Spill(folder, "nodes", k)
    for chunk in _chunks(graphs, GRAPHS_PER_READ):
        reports = read_reports(store, graphs=chunk)
        facts = read_entity_facts(store, _participants(reports))
        for node in event_nodes(reports, facts).values():
            by_iri.add(node.iri, _row(node))
        del reports, facts
        by_iri.flush()
    by_identity = _Spill(folder, "groups", k)
    for i in range(k):
        nodes: dict[str, EventNode] = {}
        for row in by_iri.rows(i):
            _fold(nodes, row)
        for node in nodes.values():
            if not node.inert:  # a statement is never joined, and never a twin
                by_identity.add(identity_key(node), _row(node))
        del nodes
        by_identity.flush()
    for i in range(k):
        groups: dict[str, list[EventNode]] = {}
        for row in by_identity.rows(i):
            node = _node(row)
            groups.setdefault(identity_key(node), []).append(node)
        while groups:
            yield groups.popitem()[1]


__all__ = ["GRAPHS_PER_FILE", "GRAPHS_PER_READ", "identity_groups", "identity_key"]
