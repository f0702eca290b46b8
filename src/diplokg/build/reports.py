"""What the store says of event nodes, graph by graph: the raw material of the join of
undated event reports (:mod:`diplokg.build.reconcile`).

An event node may be reported by several article graphs. Each graph's *report* of it
is what that graph alone says: its event types, participants, mediators, dates, date
phrases and statuses; a graph also gives the publication dates of its article. What
decides which side of an event an entity stands for (a place is no side, a leader
stands for the state, people and states are core sides) is read from the merged
graph, where every article's triples about the entity meet.

The same reports come from the store (a few simple queries: all events, the events
of some graphs, or some events in every graph) or from a graph's triples in hand
(a graph about to be replaced, or just written), so that a build can tell what it
changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from sys import intern

from pyoxigraph import Literal, QueryResultsFormat, parse_query_results

from diplokg.extract.merge import NEVER_MERGED, REFINES
from diplokg.rdf.vocab import DIP, RDF_TYPE, SCHEMA
from diplokg.sparql.templates import EMPTY, Fragment, iri_list, read_template, values
from diplokg.store import Store

_JSON = "application/sparql-results+json"
#: IRIs per VALUES block (keeps each query text small)
_CHUNK = 500
_EVENT_CLASSES = read_template(__file__, "event-classes")
_TYPES = read_template(__file__, "event-types")
_PARTICIPANTS = read_template(__file__, "event-participants")
_ATTRIBUTES = read_template(__file__, "event-attributes")
_PUBLISHED = read_template(__file__, "graph-published")
_ENTITY_FACTS = read_template(__file__, "entity-facts")
_ENTITY_FACTS_ELSEWHERE = read_template(__file__, "entity-facts-elsewhere")
_EVENTS_OF_SIDES = read_template(__file__, "events-of-sides")

_PARTICIPANT = DIP + "participant"
_MEDIATOR = DIP + "mediator"
_DATE = DIP + "date"
_DATE_TEXT = DIP + "dateText"
_STATUS = DIP + "status"
_LEADER_OF = DIP + "leaderOf"
_DATE_PUBLISHED = SCHEMA + "datePublished"
#: the entity classes that decide sides: a place is none, people and states are core
ENTITY_CLASSES = frozenset({DIP + "Place", DIP + "Person", DIP + "Country"})

#: ``(rdf:type IRI, class IRI)`` or ``(dip:leaderOf IRI, state IRI)``
Fact = tuple[str, str]


def local(iri: str) -> str:
    """The local name of a ``dip:`` term (the part after ``#``)."""
    return iri.rsplit("#", 1)[-1]


@dataclass(slots=True)
class EventReport:
    """What one graph says of one event node."""

    types: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    mediators: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    #: ``(phrase, language)`` of each date phrase
    date_texts: set[tuple[str, str]] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)


@dataclass(slots=True)
class GraphReports:
    """One named graph's reports of event nodes, with its publication dates and (for a
    graph read whole) what it says of entities."""

    published: set[str] = field(default_factory=set)
    #: event node IRI → the graph's report of it (only nodes with an event type)
    events: dict[str, EventReport] = field(default_factory=dict)
    #: entity IRI → the facts the graph states of it (see :data:`Fact`)
    entities: dict[str, set[Fact]] = field(default_factory=dict)


_FUTURE = {"Planned", "Expected"}
#: event types whose nodes never take part in a join: never a report to join
#: (NEVER_MERGED), and no other type refines them or is refined by them, so never a
#: twin either (statements)
INERT = frozenset(
    t
    for t in NEVER_MERGED
    if all(t != vague and t not in exact for vague, exact in REFINES.items())
)
_PLACE = (RDF_TYPE.value, DIP + "Place")
_CORE = {(RDF_TYPE.value, DIP + "Person"), (RDF_TYPE.value, DIP + "Country")}


@dataclass(slots=True)
class EventNode:
    """What the store says of one event node, over all the graphs that report it."""

    iri: str
    types: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    date_texts: set[tuple[str, str]] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    sides: set[str] = field(default_factory=set)
    graphs: set[str] = field(default_factory=set)
    #: the sides that are people or states (leaders counted as their state)
    core_sides: set[str] = field(default_factory=set)
    #: publication dates of the articles that report it
    published: set[str] = field(default_factory=set)

    @property
    def assumed(self) -> bool:
        """Dated only by the publication day of its reports (no date phrase): as good as
        undated when a report that names the date exists."""
        return bool(self.dates) and not self.date_texts and self.dates <= self.published

    @property
    def identity(self) -> set[str]:
        """The sides that identify the event: people and states when there are any
        (a bloc or delegation one report adds does not make another event)."""
        return self.core_sides or self.sides

    @property
    def inert(self) -> bool:
        """Of types that never join (:data:`INERT`)."""
        return self.types <= INERT

    @property
    def future(self) -> bool | None:
        """True when only reported as planned/expected, False when reported as
        happened, None when the status is unknown."""
        if not self.statuses:
            return None
        return self.statuses <= _FUTURE


def event_nodes(
    reports: dict[str, GraphReports],
    facts: dict[str, set[Fact]],
    into: dict[str, EventNode] | None = None,
) -> dict[str, EventNode]:
    """The event nodes of ``reports``, each over all the graphs given; ``facts``: what
    the merged graph says of the participants (:func:`read_entity_facts`); ``into``:
    nodes made from other graphs' reports so far, added to (and returned).

    A graph counts for a node only through its participants that are not mediators
    there and not places; a leader stands for the state(s) it leads.
    """
    nodes: dict[str, EventNode] = {} if into is None else into
    for g, graph in reports.items():
        for iri, report in graph.events.items():
            sides: set[str] = set()
            core: set[str] = set()
            for p in report.participants - report.mediators:
                known = facts.get(p, set())
                if _PLACE in known:
                    continue
                led = {v for k, v in known if k == _LEADER_OF} or {p}
                sides |= led
                if known & _CORE:
                    core |= led
            if not sides or not report.types:
                continue
            node = nodes.setdefault(iri, EventNode(iri))
            node.graphs.add(g)
            node.types |= report.types
            node.sides |= sides
            node.core_sides |= core
            node.published |= graph.published
            node.dates |= report.dates
            node.date_texts |= report.date_texts
            node.statuses |= report.statuses
    return nodes


def _select(store: Store, query: str) -> Iterator:
    body = store.query(query, _JSON).body
    return iter(parse_query_results(body, QueryResultsFormat.JSON))


def _scopes(var: str, iris: Iterable[str] | None) -> Iterator[Fragment]:
    """EMPTY for everything (``iris`` None), else VALUES blocks of at most _CHUNK."""
    if iris is None:
        yield EMPTY
        return
    todo = sorted(set(iris))
    for start in range(0, len(todo), _CHUNK):
        yield values(var, todo[start : start + _CHUNK])


def event_classes(store: Store) -> frozenset[str]:
    """IRIs of dip:Event and its subclasses, as the store's ontology says."""
    return frozenset(row["type"].value for row in _select(store, _EVENT_CLASSES.text))


def read_reports(
    store: Store, *, events: Iterable[str] | None = None, graphs: Iterable[str] | None = None
) -> dict[str, GraphReports]:
    """Graph IRI → its reports of event nodes: of ``events`` (in every graph that
    reports them), of every event of ``graphs``, or (neither given) of every event."""
    if events is not None and graphs is not None:
        raise ValueError("give events or graphs, not both")
    var, iris = ("e", events) if events is not None else ("g", graphs)
    out: dict[str, GraphReports] = {}
    for scope in _scopes(var, iris):
        reports: dict[tuple[str, str], EventReport] = {}
        for row in _select(store, _TYPES.fill(scope=scope)):
            g, e = row["g"].value, row["e"].value
            graph = out.setdefault(g, GraphReports())
            report = graph.events.setdefault(e, EventReport())
            report.types.add(intern(local(row["type"].value)))
            reports[g, e] = report
        for row in _select(store, _PARTICIPANTS.fill(scope=scope)):
            report = reports.get((row["g"].value, row["e"].value))
            if report is not None:  # a relation's participants: not an event
                report.participants.add(intern(row["p"].value))
        for row in _select(store, _ATTRIBUTES.fill(scope=scope)):
            report = reports.get((row["g"].value, row["e"].value))
            if report is not None:
                _attribute(report, row["k"].value, row["v"])
    for scope in _scopes("g", None if iris is None else out):
        for row in _select(store, _PUBLISHED.fill(scope=scope)):
            if row["g"].value in out:
                out[row["g"].value].published.add(row["published"].value)
    return out


def _attribute(report: EventReport, predicate: str, value) -> None:
    if predicate == _MEDIATOR:
        report.mediators.add(intern(value.value))
    elif predicate == _DATE:
        report.dates.add(intern(value.value))
    elif predicate == _DATE_TEXT:
        language = value.language if isinstance(value, Literal) else None
        report.date_texts.add((value.value, language or "en"))
    elif predicate == _STATUS:
        report.statuses.add(intern(local(value.value)))


def reports_of_triples(triples: Iterable, classes: frozenset[str]) -> GraphReports:
    """One graph's reports, from its triples (or quads) in hand; ``classes``: the
    event classes (:func:`event_classes`). Entity facts are kept too."""
    triples = list(triples)
    out = GraphReports()
    for t in triples:
        if t.predicate == RDF_TYPE and t.object.value in classes:
            out.events.setdefault(t.subject.value, EventReport()).types.add(local(t.object.value))
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == _DATE_PUBLISHED:
            out.published.add(o.value)
        elif p == _LEADER_OF or (p == RDF_TYPE.value and o.value in ENTITY_CLASSES):
            out.entities.setdefault(s, set()).add((p, o.value))
        report = out.events.get(s)
        if report is None:
            continue
        if p == _PARTICIPANT:
            report.participants.add(o.value)
        else:
            _attribute(report, p, o)
    return out


def _facts(rows: Iterable) -> dict[str, set[Fact]]:
    out: dict[str, set[Fact]] = {}
    for row in rows:
        out.setdefault(row["p"].value, set()).add((row["k"].value, row["v"].value))
    return out


def read_entity_facts(store: Store, entities: Iterable[str] | None = None) -> dict[str, set[Fact]]:
    """Entity IRI → what the merged graph says of it that decides sides (of
    ``entities``, or of every entity)."""
    out: dict[str, set[Fact]] = {}
    for scope in _scopes("p", entities):
        out |= _facts(_select(store, _ENTITY_FACTS.fill(scope=scope)))
    return out


def read_entity_facts_elsewhere(
    store: Store, entities: Iterable[str], graphs: Iterable[str]
) -> dict[str, set[Fact]]:
    """Entity IRI → what named graphs other than ``graphs`` say of each of ``entities``."""
    others = iri_list(sorted(graphs))
    out: dict[str, set[Fact]] = {}
    for scope in _scopes("p", entities):
        query = _ENTITY_FACTS_ELSEWHERE.fill(scope=scope, changed=others)
        out |= _facts(_select(store, query))
    return out


@dataclass(slots=True)
class Involvement:
    """Which of the sides asked about a node involves (as a participant that is or
    leads one), and the node's types (local names) in the merged graph."""

    sides: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)


def events_of_sides(store: Store, sides: Iterable[str]) -> dict[str, Involvement]:
    """Node IRI → how it involves ``sides`` (nodes that involve none are left out;
    relations are not told apart from events here: see the types)."""
    out: dict[str, Involvement] = {}
    for scope in _scopes("side", sides):
        for row in _select(store, _EVENTS_OF_SIDES.fill(scope=scope)):
            found = out.setdefault(row["e"].value, Involvement())
            found.sides.add(row["side"].value)
            found.types.add(local(row["type"].value))
    return out


__all__ = [
    "ENTITY_CLASSES",
    "INERT",
    "EventNode",
    "EventReport",
    "Fact",
    "GraphReports",
    "Involvement",
    "event_classes",
    "event_nodes",
    "events_of_sides",
    "local",
    "read_entity_facts",
    "read_entity_facts_elsewhere",
    "read_reports",
    "reports_of_triples",
]
