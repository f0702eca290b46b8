"""The predictions: events, relations and entities the store derives from articles.

Six SELECTs (``queries/*.rq``, filled by :mod:`diplokg.sparql.templates`) each read
one aspect of the articles' facts. Each result set is turned into a lookup keyed by
node or entity, and :func:`read_predictions` assembles the
:class:`~diplokg.evaluate.gold.Fact` values from those lookups.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from diplokg.evaluate.gold import Fact, Participant, normalise
from diplokg.evaluate.hierarchy import Hierarchy
from diplokg.rdf.vocab import DIP, WD, sparql_prefixes
from diplokg.sparql.templates import literals, read_template

if TYPE_CHECKING:
    from diplokg.store import Store

Row = dict[str, str]  # variable name -> value; unbound variables are absent
K = TypeVar("K", bound=Hashable)


def _local(iri: str, ns: str) -> str | None:
    return iri[len(ns) :] if iri.startswith(ns) else None


_QUERIES = {
    name: read_template(__file__, name)
    for name in ("entities", "nodes", "evidence", "participants", "topics", "mentions")
}


def _select(store: Store, name: str, articles: list[str]) -> list[Row]:
    """Run ``queries/<name>.rq`` for ``articles``; its rows as plain values."""
    sparql = sparql_prefixes() + _QUERIES[name].fill(articles=literals(articles))
    result = store.query(sparql, "application/sparql-results+json")
    data = json.loads(result.body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _group(rows: list[Row], key: Callable[[Row], K], value: str) -> dict[K, list[str]]:
    """``rows``' ``value`` column, listed per ``key``, in row order."""
    out: dict[K, list[str]] = defaultdict(list)
    for r in rows:
        out[key(r)].append(r[value])
    return out


# --------------------------------------------------------------------------- lookups


@dataclass
class Entities:
    """What the store says about entities (``entities.rq``), keyed by entity IRI."""

    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    english: dict[str, str] = field(default_factory=dict)
    qids: dict[str, str] = field(default_factory=dict)
    leads: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_rows(cls, rows: list[Row]) -> Entities:
        """Collect labels, English label, QID and what each entity leads."""
        ents = cls()
        for r in rows:
            x = r["x"]
            if "l" in r:
                ents.labels[x].add(r["l"])
                if r.get("ll") == "en":
                    ents.english[x] = r["l"]
            if "same" in r and (q := _local(r["same"], WD)):
                ents.qids[x] = q
            if "leadsame" in r and (q := _local(r["leadsame"], WD)):
                ents.leads[x].add(q)
            if "leadl" in r:
                ents.leads[x].add(normalise(r["leadl"]))
        return ents

    def participant(self, x: str) -> Participant:
        """Entity ``x`` as a participant, shown by its English label if it has one."""
        names = sorted(self.labels.get(x, ()))
        shown = self.english.get(x) or (names[0] if names else x.rsplit("/", 1)[-1])
        return Participant(
            display=shown,
            qid=self.qids.get(x),
            labels=frozenset(normalise(n) for n in names),
            leads=frozenset(self.leads.get(x, ())),
        )


@dataclass
class Node:
    """A node derived from one article (``nodes.rq``): its dip classes, dates, status."""

    types: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    status: str | None = None


def nodes_by_article(rows: list[Row]) -> dict[tuple[str, str], Node]:
    """``(article id, node IRI)`` → the node's ``dip:`` classes, dates and status."""
    nodes: dict[tuple[str, str], Node] = {}
    for r in rows:
        t = _local(r["t"], DIP)
        if t is None:
            continue
        node = nodes.setdefault((r["id"], r["n"]), Node())
        node.types.add(t)
        if "d" in r:
            node.dates.add(r["d"])
        if "st" in r:
            node.status = (_local(r["st"], DIP) or "").lower() or None
    return nodes


def entity_types(rows: list[Row], hierarchy: Hierarchy) -> dict[tuple[str, str], set[str]]:
    """``(article id, entity IRI)`` → the entity classes of what the article mentions."""
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        t = _local(r["t"], DIP)
        if t and hierarchy.kind_of(t) == "entity":
            types[(r["id"], r["x"])].add(t)
    return types


# --------------------------------------------------------------------------- facts


def node_facts(
    nodes: dict[tuple[str, str], Node],
    evidence: dict[tuple[str, str], list[str]],
    participants: dict[str, list[str]],
    topics: dict[str, list[str]],
    entities: Entities,
    hierarchy: Hierarchy,
) -> list[Fact]:
    """Event and relation facts, one per article and node, sorted by both."""
    facts: list[Fact] = []
    for (article, iri), node in sorted(nodes.items()):
        specific = [t for t in hierarchy.most_specific(node.types) if hierarchy.kind_of(t)]
        kinds = {hierarchy.kind_of(t) for t in specific} - {"entity"}
        if not kinds:
            continue
        kind = sorted(kinds)[0]
        cls = next(t for t in specific if hierarchy.kind_of(t) == kind)
        facts.append(
            Fact(
                article=article,
                kind=kind,
                type=cls,
                participants=tuple(
                    entities.participant(p) for p in sorted(participants.get(iri, ()))
                ),
                date=min(node.dates, key=len) if node.dates else None,
                status=node.status,
                # set: a topic labelled in several languages may repeat a label
                topics=tuple(sorted(set(topics.get(iri, ())))),
                evidence=" | ".join(sorted(evidence.get((article, iri), ()))),
                ref=iri,
            )
        )
    return facts


def entity_facts(
    types: dict[tuple[str, str], set[str]], entities: Entities, hierarchy: Hierarchy
) -> list[Fact]:
    """Entity facts, one per article and mentioned entity, sorted by both."""
    return [
        Fact(
            article=article,
            kind="entity",
            type=hierarchy.most_specific(classes)[0],
            participants=(entities.participant(x),),
            ref=x,
        )
        for (article, x), classes in sorted(types.items())
    ]


def read_predictions(store: Store, articles: list[str], hierarchy: Hierarchy) -> list[Fact]:
    """Events, relations and mentioned entities the store derives from ``articles``.

    Evidence is read from each article's own named graph, so a node merged across
    articles shows the sentence of the article being scored.
    """
    if not articles:
        return []

    def select(name: str) -> list[Row]:
        return _select(store, name, articles)

    entities = Entities.from_rows(select("entities"))
    events_and_relations = node_facts(
        nodes_by_article(select("nodes")),
        evidence=_group(select("evidence"), lambda r: (r["id"], r["n"]), "ev"),
        participants=_group(select("participants"), lambda r: r["n"], "p"),
        topics=_group(select("topics"), lambda r: r["n"], "l"),
        entities=entities,
        hierarchy=hierarchy,
    )
    mentioned = entity_facts(entity_types(select("mentions"), hierarchy), entities, hierarchy)
    return events_and_relations + mentioned
