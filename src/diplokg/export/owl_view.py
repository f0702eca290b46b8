"""The OWL view of the graph: what Protégé and the reasoner see.

The store is made for SPARQL: dates keep their XSD type (``xsd:date``,
``xsd:gYearMonth``, ``xsd:gYear``) and every relation is a node with roles and
provenance. :func:`owl_triples` turns ontology + data into one OWL 2 DL graph:

* literals whose datatype is outside OWL 2's datatype map (HermiT rejects them)
  become ``xsd:string`` literals with the same lexical form, so no precision is
  lost; every ``dip:date`` also gets ``dip:dateStart`` (``xsd:dateTime``, the first
  instant of the day, month or year) and ``dip:datePrecision``;
* every relation node adds the direct triple between its actors (``dip:supports``,
  ``dip:opposes``, ``dip:supplies``, ``dip:cooperatesWith``, ``dip:tradesWith``),
  and each such triple gets an OWL axiom annotation with its sources
  (``dip:sourceArticle``, ``dip:sourceSentence``, ``dip:sourceConfidence``,
  ``dip:relationNode``), which Protégé shows on the assertion.

docs/graph-shape.md ("The OWL export") documents the result.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from diplokg.rdf.vocab import DIP, OWL, PROV_DERIVED, RDF_TYPE, RDFS, XSD, dip

XSD_STRING = NamedNode(XSD + "string")
XSD_DATETIME = NamedNode(XSD + "dateTime")
#: XSD types that RDF stores know but OWL 2's datatype map lacks.
NON_OWL_DATATYPES = frozenset(
    NamedNode(XSD + local)
    for local in (
        "date", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "time", "duration",
        "dayTimeDuration", "yearMonthDuration",
    )
)  # fmt: skip
#: dip:date datatypes → (precision, suffix that completes the lexical form to a dateTime)
DATE_PRECISIONS = {
    XSD + "date": ("day", "T00:00:00"),
    XSD + "gYearMonth": ("month", "-01T00:00:00"),
    XSD + "gYear": ("year", "-01-01T00:00:00"),
}
OWL_AXIOM = NamedNode(OWL + "Axiom")
ANNOTATED_SOURCE = NamedNode(OWL + "annotatedSource")
ANNOTATED_PROPERTY = NamedNode(OWL + "annotatedProperty")
ANNOTATED_TARGET = NamedNode(OWL + "annotatedTarget")
RDFS_SUBCLASS = NamedNode(RDFS + "subClassOf")
ACTOR = dip("Actor")

#: Relation class → (subject role, object role, direct property) for directed facts.
DIRECTED = {
    "Support": ("supporter", "supported", "supports"),
    "Opposition": ("opposer", "opposed", "opposes"),
    "Supply": ("supplier", "recipient", "supplies"),
    "Trade": ("supplier", "recipient", "supplies"),
}
#: Relation class → symmetric direct property between every two actors taking part.
SYMMETRIC = {"Cooperation": "cooperatesWith", "Trade": "tradesWith"}


@dataclass
class _RelationNode:
    classes: set[str] = field(default_factory=set)
    roles: dict[str, set[NamedNode]] = field(default_factory=lambda: defaultdict(set))
    #: per named graph: the provenance triples that graph holds about the node
    sources: dict[object, dict[str, list]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )


def owl_triples(quads: list[Quad]) -> list[Triple]:
    """Ontology + data quads as one reasoner-friendly OWL 2 DL graph (see module doc).

    ``quads`` are the ontology's quads followed by the data quads, each data quad in
    its article's named graph (as :func:`diplokg.export.dataset.dataset_quads` returns them).
    """
    merged = _merged(quads)
    out: list[Triple] = []
    for t in merged:
        out.extend(_owl_literal(t))
    out.extend(direct_relation_triples(quads, _actors(merged)))
    return out


def _merged(quads: Iterable[Quad]) -> list[Triple]:
    """The union of all graphs as triples, without duplicates, grouped by subject."""
    seen: set[Triple] = set()
    triples: list[Triple] = []
    for q in quads:
        t = q.triple
        if t not in seen:
            seen.add(t)
            triples.append(t)
    # one block per subject in Turtle and RDF/XML; the ontology header stays first
    order: dict[str, int] = {}
    for t in triples:
        order.setdefault(str(t.subject), len(order))
    triples.sort(key=lambda t: order[str(t.subject)])
    return triples


def _owl_literal(t: Triple) -> list[Triple]:
    """The triple with an OWL 2 datatype, plus dateStart/datePrecision for dip:date."""
    o = t.object
    if not isinstance(o, Literal) or o.datatype not in NON_OWL_DATATYPES:
        return [t]
    out = [Triple(t.subject, t.predicate, Literal(o.value, datatype=XSD_STRING))]
    if t.predicate == dip("date") and o.datatype.value in DATE_PRECISIONS:
        precision, suffix = DATE_PRECISIONS[o.datatype.value]
        start = o.value + suffix
        if _is_datetime(start):
            out.append(Triple(t.subject, dip("dateStart"), Literal(start, datatype=XSD_DATETIME)))
        out.append(Triple(t.subject, dip("datePrecision"), Literal(precision)))
    return out


def _is_datetime(text: str) -> bool:
    """True when ``text`` is a valid xsd:dateTime without time zone (4-digit year)."""
    from datetime import datetime

    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 19


def _actors(triples: list[Triple]) -> set[NamedNode]:
    """Nodes typed with dip:Actor or one of its (transitive) subclasses."""
    subclasses: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for t in triples:
        if t.predicate == RDFS_SUBCLASS and isinstance(t.object, NamedNode):
            subclasses[t.object].add(t.subject)
    actor_classes, todo = {ACTOR}, [ACTOR]
    while todo:
        for sub in subclasses.get(todo.pop(), ()):
            if isinstance(sub, NamedNode) and sub not in actor_classes:
                actor_classes.add(sub)
                todo.append(sub)
    return {
        t.subject
        for t in triples
        if t.predicate == RDF_TYPE
        and t.object in actor_classes
        and isinstance(t.subject, NamedNode)
    }


def _relation_nodes(quads: Iterable[Quad]) -> dict[NamedNode, _RelationNode]:
    """Relation nodes (typed with a dip: relation class) with roles and sources."""
    kinds = set(DIRECTED) | set(SYMMETRIC)
    nodes: dict[NamedNode, _RelationNode] = defaultdict(_RelationNode)
    provenance = {PROV_DERIVED.value, DIP + "evidence", DIP + "confidence"}
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        if not isinstance(s, NamedNode):
            continue
        if p == RDF_TYPE and o.value.startswith(DIP) and o.value[len(DIP) :] in kinds:
            nodes[s].classes.add(o.value[len(DIP) :])
        elif p.value.startswith(DIP) and isinstance(o, NamedNode):
            nodes[s].roles[p.value[len(DIP) :]].add(o)
        if p.value in provenance:
            nodes[s].sources[q.graph_name][p.value].append(o)
    return {n: r for n, r in nodes.items() if r.classes}


def direct_relation_triples(quads: list[Quad], actors: set[NamedNode]) -> list[Triple]:
    """Direct actor-to-actor triples for the relation nodes, with axiom annotations."""
    facts: dict[Triple, list[NamedNode]] = defaultdict(list)
    nodes = _relation_nodes(quads)
    for node, rel in sorted(nodes.items(), key=lambda kv: kv[0].value):
        found: set[Triple] = set()
        for cls in sorted(rel.classes):
            if cls in DIRECTED:
                subject_role, object_role, prop = DIRECTED[cls]
                for s in rel.roles.get(subject_role, ()):
                    for o in rel.roles.get(object_role, ()):
                        if s != o:
                            found.add(Triple(s, dip(prop), o))
            if cls in SYMMETRIC:
                sides = sorted(
                    (a for a in rel.roles.get("participant", ()) if a in actors),
                    key=lambda n: n.value,
                )
                for a, b in combinations(sides, 2):
                    found.add(Triple(a, dip(SYMMETRIC[cls]), b))
        for t in found:
            facts[t].append(node)
    out: list[Triple] = []
    for t in sorted(facts, key=str):
        out.append(t)
        out.extend(_axiom_annotation(t, [nodes[n].sources for n in facts[t]], facts[t]))
    return out


def _axiom_annotation(
    t: Triple, sources: list[dict[object, dict[str, list]]], nodes: list[NamedNode]
) -> list[Triple]:
    """One owl:Axiom node annotating ``t`` with the provenance of every source.

    One node per assertion, not per article: OWL parsers (OWL API, py-horned-owl)
    keep a single annotated axiom per triple. Which sentence and confidence came
    from which article stays in the relation node's named graphs (TriG export).
    """
    values: dict[str, set] = defaultdict(set)
    for per_graph in sources:
        for prov in per_graph.values():
            for key, found in prov.items():
                values[key].update(found)
    articles = sorted(
        (a for a in values.get(PROV_DERIVED.value, ()) if isinstance(a, NamedNode)), key=str
    )
    if not articles:
        return []
    ax = BlankNode("ax" + hashlib.sha1(str(t).encode()).hexdigest()[:16])
    out = [
        Triple(ax, RDF_TYPE, OWL_AXIOM),
        Triple(ax, ANNOTATED_SOURCE, t.subject),
        Triple(ax, ANNOTATED_PROPERTY, t.predicate),
        Triple(ax, ANNOTATED_TARGET, t.object),
    ]
    out += [Triple(ax, dip("relationNode"), n) for n in sorted(set(nodes), key=str)]
    out += [Triple(ax, dip("sourceArticle"), a) for a in articles]
    for key, prop in (
        (DIP + "evidence", "sourceSentence"),
        (DIP + "confidence", "sourceConfidence"),
    ):
        out += [Triple(ax, dip(prop), v) for v in sorted(values.get(key, ()), key=str)]
    return out
