"""``diplokg link --online``: Wikidata QIDs for entities the gazetteer does not know.

For every person, country, organisation or place in the store without an
``owl:sameAs wd:…``, each of its labels is searched in the Wikidata API (in its
language); a candidate item is accepted only when **type and name agree**: one of its
P31 values is a class listed for the entity's type (``data/wikidata.yaml``), and one
of its labels or aliases (es/en) equals one of the entity's labels, case and accents
ignored. Exactly one such candidate: accepted; none or several: left alone, and
reported.

Accepted links go to their own named graph, ``<base>linking/wikidata`` (an article
rebuild does not remove them), with the evidence of each: a ``dip:WikidataMatch``
node naming the entity, the item, the label and the class that agreed, and when it
was checked (``prov:generatedAtTime``). docs/graph-shape.md, "Wikidata links".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
)

from diplokg.build.wikidata_client import WikidataClient
from diplokg.config import Settings
from diplokg.knowledge.text import fold
from diplokg.rdf.vocab import DIP, OWL_SAME_AS, PROV, RDF_TYPE, WD, dip
from diplokg.sparql.templates import read_template, values
from diplokg.store import Store

_UNLINKED = read_template(__file__, "unlinked-entities")
_JSON = "application/sparql-results+json"
XSD_DATETIME = NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
PROV_GENERATED_AT = NamedNode(PROV + "generatedAtTime")


@dataclass(frozen=True)
class Match:
    """An accepted candidate and why."""

    entity: str
    qid: str
    label: Literal
    wd_class: str


@dataclass
class LinkReport:
    checked: int = 0
    linked: list[Match] = field(default_factory=list)
    #: entity IRI → why it was left alone ("no candidate agrees", "ambiguous: Q1, Q2")
    skipped: dict[str, str] = field(default_factory=dict)
    requests: int = 0


def load_classes(data_dir: Path) -> dict[str, frozenset[str]]:
    """Entity type (local name) → the Wikidata classes that agree with it."""
    raw = yaml.safe_load((data_dir / "wikidata.yaml").read_text(encoding="utf-8"))
    return {etype: frozenset(str(q) for q in qids) for etype, qids in raw.items()}


def linking_graph(settings: Settings) -> NamedNode:
    return NamedNode(settings.base_iri + "linking/wikidata")


def unlinked(store: Store, types: list[str]) -> dict[str, tuple[str, list[Literal]]]:
    """Entity IRI → (type local name, labels) of the entities with no Wikidata item."""
    query = _UNLINKED.fill(types=values("type", [DIP + t for t in types]))
    found: dict[str, tuple[str, list[Literal]]] = {}
    for row in parse_query_results(store.query(query, _JSON).body, QueryResultsFormat.JSON):
        etype = row["type"].value[len(DIP) :]
        entry = found.setdefault(row["e"].value, (etype, []))
        if row["label"] not in entry[1]:
            entry[1].append(row["label"])
    return found


def _names(item: dict) -> set[str]:
    names = {v["value"] for v in item.get("labels", {}).values() if "value" in v}
    for aliases in item.get("aliases", {}).values():
        names |= {a["value"] for a in aliases if "value" in a}
    return {fold(n) for n in names}


def _classes(item: dict) -> set[str]:
    out = set()
    for claim in item.get("claims", {}).get("P31", []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value", {})
        if isinstance(value, dict) and "id" in value:
            out.add(value["id"])
    return out


def match_entity(
    client: WikidataClient,
    entity: str,
    etype: str,
    labels: list[Literal],
    classes: frozenset[str],
    candidates: int,
) -> Match | str:
    """The one candidate whose type and name agree, or why there is none."""
    qids: list[str] = []
    for label in labels:
        for qid in client.search(label.value, label.language or "en", candidates):
            if qid not in qids:
                qids.append(qid)
    items = client.items(qids)
    wanted = {fold(label.value): label for label in labels}
    agreed: dict[str, Match] = {}
    for qid in qids:
        item = items.get(qid) or {}
        fits = sorted(_classes(item) & classes)
        same = sorted(_names(item) & set(wanted))
        if fits and same:
            agreed[qid] = Match(entity, qid, wanted[same[0]], fits[0])
    if len(agreed) == 1:
        return next(iter(agreed.values()))
    if agreed:
        return "ambiguous: " + ", ".join(sorted(agreed))
    return f"no candidate is a {etype} with this name" if qids else "no candidate"


def match_quads(m: Match, graph: NamedNode, settings: Settings, when: str) -> list[Quad]:
    """``owl:sameAs`` and its evidence node, in the linking graph."""
    entity, item = NamedNode(m.entity), NamedNode(WD + m.qid)
    node = NamedNode(settings.base_iri + "linking/wikidata/" + m.entity[len(settings.base_iri) :])
    triples = [
        (entity, OWL_SAME_AS, item),
        (node, RDF_TYPE, dip("WikidataMatch")),
        (node, dip("matchOf"), entity),
        (node, dip("matchedItem"), item),
        (node, dip("matchedLabel"), m.label),
        (node, dip("matchedClass"), NamedNode(WD + m.wd_class)),
        (node, PROV_GENERATED_AT, Literal(when, datatype=XSD_DATETIME)),
    ]
    return [Quad(s, p, o, graph) for s, p, o in triples]


def link_online(
    store: Store,
    settings: Settings,
    client: WikidataClient,
    *,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> LinkReport:
    """Ask Wikidata about the unlinked entities and store the agreed links."""
    classes = load_classes(settings.data_dir)
    report = LinkReport()
    todo = sorted(unlinked(store, sorted(classes)).items())[:limit]
    graph = linking_graph(settings)
    when = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    new: list[Quad] = []
    for entity, (etype, labels) in todo:
        report.checked += 1
        found = match_entity(
            client, entity, etype, labels, classes[etype], settings.wikidata_candidates
        )
        if isinstance(found, Match):
            report.linked.append(found)
            new += match_quads(found, graph, settings, when)
        else:
            report.skipped[entity] = found
        if progress:
            progress(f"{entity}: {found.qid if isinstance(found, Match) else found}")
    if new:
        kept: list[Quad] = []
        if graph.value in store.graphs():  # links of earlier runs stay
            data = store.dump_graph(graph.value, "application/n-triples")
            kept = [Quad(t.subject, t.predicate, t.object, graph)
                    for t in parse(data, RdfFormat.N_TRIPLES)]  # fmt: skip
        store.replace_graph(graph, kept + new)
    report.requests = client.requests
    return report
