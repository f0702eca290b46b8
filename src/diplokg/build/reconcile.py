"""Join undated event reports to their dated twins across articles.

An article without a publication date cannot resolve "el martes" or "el mes
pasado", so its events carry no ``dip:date`` and mint an "undated" IRI of their own
(``diplokg.rdf.iris``). Once the store also holds a dated report of the same
real-world event, the two are one node: same or compatible type, the same core
sides (the people and states taking part, a leader counting as their country;
blocs, places and mediators are attributes a report may add or leave out), a date
the undated text admits ("el martes" is a Tuesday, "4 de febrero" a 4 February), a
compatible status (a planned visit is not last year's visit) and, for a report of
something that happened, a date no later than the report's publication. Only a
*unique* candidate is joined: when two dated events fit, the report stays apart,
because a wrong merge is worse than a missed one.

This runs after each build, so the order in which articles arrive does not matter,
and it is idempotent: a joined report's graph points at the dated node, which then
has a date and is never a candidate for joining again, and each group of nodes is
joined until nothing more joins. After a build that changed some article graphs,
only the groups those changes touch are read (:mod:`diplokg.build.join_scope`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from diplokg.build.identity_groups import identity_groups, identity_key
from diplokg.build.reports import EventNode, event_nodes, read_entity_facts, read_reports
from diplokg.extract.dates import DateConstraint, DateResolver
from diplokg.extract.merge import NEVER_MERGED, merged_type
from diplokg.rdf.vocab import DIP, RDFS_LABEL
from diplokg.store import Store

if TYPE_CHECKING:
    from diplokg.build.join_scope import BuildChanges

_NT = "application/n-triples"
#: what a joined report's node keeps to itself: its label (the dated node's, which
#: carries the date, names it) and an assumed date (the twin's date stands)
_OWN_TO_THE_REPORT = {RDFS_LABEL, NamedNode(DIP + "date")}


#: named graphs whose reports are read at a time by :func:`read_events`
GRAPHS_PER_READ = 500


def read_events(store: Store) -> dict[str, EventNode]:
    """Every event node with its types, dates, date texts, statuses, sides, graphs.

    The reports are read a few hundred graphs at a time and folded into the nodes as
    they come; the nodes are held whole, which grows with the store: the join over the
    whole store reads the same nodes one group at a time instead
    (:func:`~diplokg.build.identity_groups.identity_groups`).
    """
    facts = read_entity_facts(store)
    graphs = store.graphs()
    nodes: dict[str, EventNode] = {}
    for start in range(0, len(graphs), GRAPHS_PER_READ):
        chunk = graphs[start : start + GRAPHS_PER_READ]
        event_nodes(read_reports(store, graphs=chunk), facts, into=nodes)
    return nodes


def _constraints(node: EventNode) -> list[DateConstraint]:
    return [DateResolver(lang, None).constraint(text) for text, lang in node.date_texts]


def _types_fit(a: set[str], b: set[str]) -> bool:
    return any(merged_type(x, y) for x in a for y in b)


def _fits(undated: EventNode, dated: EventNode, constraints: list[DateConstraint]) -> bool:
    if not _types_fit(undated.types, dated.types):
        return False
    if undated.identity != dated.identity:
        return False  # three-party talks are not the two leaders' meeting
    if undated.published and undated.future is not True:
        # a report of something that happened cannot be about a later event
        latest = max(undated.published)
        if any(d[: len(latest)] > latest for d in dated.dates):
            return False
    if not all(c.admits(d) for c in constraints for d in dated.dates):
        return False
    if undated.future is not None and dated.future is not None:
        return undated.future == dated.future
    return True


def _is_target(node: EventNode) -> bool:
    """Dated by a report that names the date: what an undated report may join."""
    return bool(node.dates) and not node.assumed


def find_twins(nodes: dict[str, EventNode]) -> dict[str, str]:
    """Undated node IRI → the IRI of its unique dated twin.

    A report only ever fits a node with the same identity (its core sides), so the
    nodes are compared within groups of one identity, and a join does not change the
    twin's identity. It can change the rest of what the twin is (a status, a type, a
    publication date its report adds), and so which twin another report fits: each
    group is joined again with its joins made until nothing more joins, as a second
    build would, so that the store is left as the next join would leave it.
    """
    return _join_groups(_groups(nodes))[0]


def _groups(nodes: dict[str, EventNode]) -> Iterable[list[EventNode]]:
    """The nodes that may take part in a join, in groups of one identity."""
    groups: dict[str, list[EventNode]] = {}
    for node in nodes.values():
        if not node.inert:  # a statement is never joined, and never a twin
            groups.setdefault(identity_key(node), []).append(node)
    return groups.values()


def _join_groups(groups: Iterable[list[EventNode]]) -> tuple[dict[str, str], set[str]]:
    """The joins of every group, and the graphs that report the joined nodes."""
    twins: dict[str, str] = {}
    graphs: set[str] = set()
    for group in groups:
        joined = _join_group({n.iri: n for n in group})
        twins |= joined
        graphs.update(g for n in group if n.iri in joined for g in n.graphs)
    return twins, graphs


def _join_group(nodes: dict[str, EventNode]) -> dict[str, str]:
    """The joins of one identity's nodes, repeated until none is left to make."""
    joins: dict[str, str] = {}
    while True:
        dated = [n for n in nodes.values() if _is_target(n)]
        found: dict[str, str] = {}
        for node in nodes.values():
            if _is_target(node) or node.types & NEVER_MERGED:
                continue
            constraints = _constraints(node)
            fits = [d for d in dated if _fits(node, d, constraints)]
            if len(fits) == 1:
                found[node.iri] = fits[0].iri
        if not found:
            break
        for undated, twin in found.items():
            nodes[twin] = _absorbed(nodes[twin], nodes.pop(undated))
        joins |= found
    # a twin may itself have joined another node later (its reports made it assumed)
    final = {}
    for undated, twin in joins.items():
        while twin in joins:
            twin = joins[twin]
        final[undated] = twin
    return final


def _absorbed(twin: EventNode, report: EventNode) -> EventNode:
    """The twin once ``report``'s graphs point at it: what they say of the report, but
    its own date (dropped), is said of the twin."""
    return EventNode(
        twin.iri,
        types=twin.types | report.types,
        dates=set(twin.dates),
        date_texts=twin.date_texts | report.date_texts,
        statuses=twin.statuses | report.statuses,
        sides=twin.sides | report.sides,
        graphs=twin.graphs | report.graphs,
        core_sides=twin.core_sides | report.core_sides,
        published=twin.published | report.published,
    )


def _rewritten(quads: Iterable[Quad], graph: NamedNode, twins: dict[str, str]) -> list[Quad]:
    """The graph's quads with every joined node renamed; its own label and assumed
    date are dropped (the dated node's label and date stand)."""

    def sub(term):
        if isinstance(term, NamedNode) and term.value in twins:
            return NamedNode(twins[term.value])
        return term

    return [
        Quad(sub(q.subject), q.predicate, sub(q.object), graph)
        for q in quads
        if not (q.predicate in _OWN_TO_THE_REPORT and q.subject.value in twins)
    ]


def _edit(store: Store, graph: NamedNode, twins: dict[str, str]) -> tuple[list[Quad], list[Quad]]:
    """The quads of ``graph`` that name a joined node, and what they become: the rest
    of the graph stays as it is, so only these are written."""
    triples = parse(store.dump_graph(graph.value, _NT), format=RdfFormat.N_TRIPLES)
    old = [
        Quad(t.subject, t.predicate, t.object, graph)
        for t in triples
        if t.subject.value in twins or (isinstance(t.object, NamedNode) and t.object.value in twins)
    ]
    return old, _rewritten(old, graph, twins)


def _joins(store: Store, changes: BuildChanges | None) -> tuple[dict[str, str], list[str]]:
    """The joins to make, and the graphs that report the joined nodes (the nodes read
    are let go before anything is written).

    After a build that changed a few graphs, the groups it touched are read whole;
    otherwise every group of the store, one at a time (:func:`identity_groups`), so
    that memory does not grow with the store."""
    nodes = changes.nodes() if changes is not None else None
    twins, graphs = _join_groups(identity_groups(store) if nodes is None else _groups(nodes))
    return twins, sorted(graphs)


def reconcile(store: Store, changes: BuildChanges | None = None) -> dict[str, str]:
    """Point undated event reports at their dated twins, in one transaction.

    ``changes``: what the build changed; only the groups of nodes it touched are read
    (:meth:`BuildChanges.nodes`), and the build's marker is removed in the same
    transaction. Without it, every event node is read.

    Only the quads that name a joined node are rewritten (:meth:`Store.edit_graphs`):
    a transaction the size of the joins, not of the graphs they touch, which RocksDB
    holds in memory until it commits.

    Returns the joins made (undated IRI → dated IRI).
    """
    twins, graphs = _joins(store, changes)
    removed: dict[NamedNode, list[Quad]] = {}
    added: dict[NamedNode, list[Quad]] = {}
    for g in graphs:
        graph = NamedNode(g)
        removed[graph], added[graph] = _edit(store, graph, twins)
    dropped = changes.cleared() if changes is not None else []
    if removed or dropped:
        store.edit_graphs(removed, added, dropped)
    return twins


__all__ = ["EventNode", "find_twins", "read_events", "reconcile"]
