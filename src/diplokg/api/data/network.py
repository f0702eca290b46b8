"""An actor's neighbourhood: who shares events and relations with it, and how often.

Each neighbour is an entity taking part in some event or relation with the actor;
the edge between them carries the number of distinct source articles behind those
events and relations (its weight), how many there are, and their classes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from diplokg.api.data.labels import fetch_labels
from diplokg.api.data.search import ENTITY_CLASSES
from diplokg.api.runner import QueryRunner
from diplokg.rdf.vocab import DIP, EVENT_TYPES, RELATION_TYPES
from diplokg.sparql.templates import iri as sparql_iri
from diplokg.sparql.templates import read_template, values

_NEIGHBOURS = read_template(__file__, "network-neighbours")
_CLASSES = values("otype", (DIP + c for c in ENTITY_CLASSES))
_FACT_CLASSES = {DIP + t for t in (*EVENT_TYPES, *RELATION_TYPES)}


@dataclass
class Edge:
    """What links the actor to one neighbour."""

    other: str
    kind: str = ""
    facts: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    types: Counter[str] = field(default_factory=Counter)


async def load_neighbourhood(
    runner: QueryRunner, actor: str, limit: int
) -> tuple[list[Edge], dict[str, str]]:
    """The actor's ``limit`` strongest edges (by sources, then facts) and labels."""
    edges: dict[str, Edge] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in await runner.select(_NEIGHBOURS.fill(actor=sparql_iri(actor), classes=_CLASSES)):
        other, fact, ftype = row["other"].value, row["e"].value, row["type"].value
        if ftype not in _FACT_CLASSES:
            continue
        edge = edges.setdefault(other, Edge(other))
        if "otype" in row:
            edge.kind = row["otype"].value[len(DIP) :]
        edge.facts.add(fact)
        if (other, fact, ftype) not in seen:
            seen.add((other, fact, ftype))
            edge.types[ftype[len(DIP) :]] += 1
        if "art" in row:
            edge.sources.add(row["art"].value)
    ranked = sorted(edges.values(), key=lambda e: (-len(e.sources), -len(e.facts), e.other))[:limit]
    labels = await fetch_labels(runner, {actor, *(e.other for e in ranked)})
    return ranked, labels
