"""The ontology as documentation: header, class tree, properties, individuals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from diplokg.rdf.vocab import DIP, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS

DCTERMS = "http://purl.org/dc/terms/"
_MATCHES = {
    SKOS + "exactMatch": "exact match",
    SKOS + "closeMatch": "close match",
    SKOS + "broadMatch": "broad match",
}
_CHARACTERISTICS = {
    OWL + "FunctionalProperty": "functional",
    OWL + "InverseFunctionalProperty": "inverse functional",
    OWL + "SymmetricProperty": "symmetric",
    OWL + "TransitiveProperty": "transitive",
}
_PROPERTY_KINDS = {
    OWL + "ObjectProperty": "object property",
    OWL + "DatatypeProperty": "datatype property",
    OWL + "AnnotationProperty": "annotation property",
    RDF + "Property": "property",
}


@dataclass
class TermDoc:
    """One ontology term as the page shows it."""

    iri: str
    local: str
    labels: list[Literal] = field(default_factory=list)
    definition: str = ""
    kind: str = ""
    parents: list[str] = field(default_factory=list)  # super-classes / super-properties
    domains: list[list[str]] = field(default_factory=list)  # each: IRIs united
    ranges: list[list[str]] = field(default_factory=list)
    #: (relation, target IRI): skos:exactMatch / closeMatch / broadMatch mappings
    matches: list[tuple[str, str]] = field(default_factory=list)
    #: definitions by language (English first), from skos:definition or rdfs:comment
    definitions: list[Literal] = field(default_factory=list)
    #: OWL property characteristics ("functional", "symmetric"...)
    characteristics: list[str] = field(default_factory=list)
    inverses: list[str] = field(default_factory=list)
    #: property chain (IRIs, "^" prefixed for an inverse step)
    chain: list[str] = field(default_factory=list)
    #: CAMEO codes and PLOVER types (the string annotations)
    codes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """English label, else any label, else the local name."""
        for lit in self.labels:
            if lit.language == "en":
                return lit.value
        return self.labels[0].value if self.labels else self.local


@dataclass
class OntologyDoc:
    """The ontology page's content."""

    title: str
    description: str
    version: str
    version_iri: str
    #: header annotations shown as "name: value" (creator, licence, dates...)
    metadata: list[tuple[str, str]]
    classes: dict[str, TermDoc]
    #: (class IRI, depth) in tree order (a class with two parents appears twice)
    tree: list[tuple[str, int]]
    properties: list[TermDoc]
    individuals: list[TermDoc]


class _Graph:
    def __init__(self, quads: list[Quad]) -> None:
        self.po: dict[object, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        for q in quads:
            self.po[q.subject][q.predicate.value].append(q.object)

    def objects(self, subject: object, predicate: str) -> list[object]:
        return self.po.get(subject, {}).get(predicate, [])

    def first_text(self, subject: object, *predicates: str) -> str:
        for predicate in predicates:
            literals = [o for o in self.objects(subject, predicate) if isinstance(o, Literal)]
            english = [o for o in literals if o.language in ("en", None)]
            if english or literals:
                return (english or literals)[0].value
        return ""

    def items(self, node: object) -> list[object]:
        out = []
        while isinstance(node, BlankNode) and len(out) < 100:
            out.extend(self.objects(node, RDF + "first"))
            rest = self.objects(node, RDF + "rest")
            node = rest[0] if rest else None
        return out

    def class_expression(self, node: object) -> list[str]:
        """IRIs a class expression names (a union's members), or [] if complex."""
        if isinstance(node, NamedNode):
            return [node.value]
        for operand in self.objects(node, OWL + "unionOf"):
            return [m.value for m in self.items(operand) if isinstance(m, NamedNode)]
        return []


def _term(g: _Graph, node: NamedNode, kind: str) -> TermDoc:
    doc = TermDoc(iri=node.value, local=node.value[len(DIP) :], kind=kind)
    doc.labels = sorted(
        (o for o in g.objects(node, RDFS + "label") if isinstance(o, Literal)),
        key=lambda lit: (lit.language != "en", lit.language or "", lit.value),
    )
    doc.definition = g.first_text(node, SKOS + "definition", RDFS + "comment")
    doc.definitions = sorted(
        (
            o
            for predicate in (SKOS + "definition", RDFS + "comment")
            for o in g.objects(node, predicate)
            if isinstance(o, Literal)
        ),
        key=lambda lit: (lit.language != "en", lit.language or ""),
    )
    types = {o.value for o in g.objects(node, RDF + "type") if isinstance(o, NamedNode)}
    doc.characteristics = [name for iri, name in _CHARACTERISTICS.items() if iri in types]
    doc.inverses = [o.value for o in g.objects(node, OWL + "inverseOf") if isinstance(o, NamedNode)]
    doc.inverses += [
        s.value
        for s, po in g.po.items()
        if isinstance(s, NamedNode) and node in po.get(OWL + "inverseOf", [])
    ]
    for chain in g.objects(node, OWL + "propertyChainAxiom"):
        for step in g.items(chain):
            if isinstance(step, NamedNode):
                doc.chain.append(step.value)
            else:
                doc.chain += ["^" + o.value for o in g.objects(step, OWL + "inverseOf")]
    for predicate, code in ((DIP + "cameoCode", "CAMEO"), (DIP + "ploverType", "PLOVER")):
        doc.codes += [f"{code} {o.value}" for o in g.objects(node, predicate)]
    for predicate in (RDFS + "subClassOf", RDFS + "subPropertyOf"):
        doc.parents += [o.value for o in g.objects(node, predicate) if isinstance(o, NamedNode)]
    doc.domains = [e for o in g.objects(node, RDFS + "domain") if (e := g.class_expression(o))]
    doc.ranges = [e for o in g.objects(node, RDFS + "range") if (e := g.class_expression(o))]
    for predicate, relation in _MATCHES.items():
        doc.matches += [
            (relation, o.value) for o in g.objects(node, predicate) if isinstance(o, NamedNode)
        ]
    return doc


def _typed(g: _Graph, type_iri: str) -> list[NamedNode]:
    return sorted(
        (s for s, po in g.po.items()
         if isinstance(s, NamedNode) and s.value.startswith(DIP)
         and NamedNode(type_iri) in po.get(RDF + "type", [])),
        key=lambda n: n.value,
    )  # fmt: skip


def _tree(classes: dict[str, TermDoc]) -> list[tuple[str, int]]:
    children: dict[str, list[str]] = defaultdict(list)
    for iri, doc in classes.items():
        for parent in doc.parents:
            if parent in classes:
                children[parent].append(iri)
    roots = [i for i, d in classes.items() if not any(p in classes for p in d.parents)]
    out: list[tuple[str, int]] = []

    def walk(iri: str, depth: int, path: frozenset[str]) -> None:
        out.append((iri, depth))
        for child in sorted(children[iri]):
            if child not in path:
                walk(child, depth + 1, path | {child})

    for root in sorted(roots):
        walk(root, 0, frozenset({root}))
    return out


def build_doc(quads: list[Quad]) -> OntologyDoc:
    """Documentation model of the ontology given as quads."""
    g = _Graph(quads)
    header = NamedNode(ONTOLOGY_IRI)
    classes = {n.value: _term(g, n, "class") for n in _typed(g, OWL + "Class")}
    properties: dict[str, TermDoc] = {}
    for type_iri, kind in _PROPERTY_KINDS.items():
        for node in _typed(g, type_iri):
            properties.setdefault(node.value, _term(g, node, kind))
    individuals = [_term(g, n, "individual") for n in _typed(g, OWL + "NamedIndividual")]
    return OntologyDoc(
        title=g.first_text(header, DCTERMS + "title", RDFS + "label") or ONTOLOGY_IRI,
        description=g.first_text(header, DCTERMS + "description"),
        version=g.first_text(header, OWL + "versionInfo"),
        version_iri=next(
            (o.value for o in g.objects(header, OWL + "versionIRI") if isinstance(o, NamedNode)),
            "",
        ),
        metadata=[
            (name, o.value)
            for name, predicate in (
                ("creator", DCTERMS + "creator"),
                ("licence", DCTERMS + "license"),
                ("created", DCTERMS + "created"),
                ("modified", DCTERMS + "modified"),
                ("prior version", OWL + "priorVersion"),
            )
            for o in g.objects(header, predicate)
        ],
        classes=classes,
        tree=_tree(classes),
        properties=sorted(properties.values(), key=lambda d: d.local.lower()),
        individuals=individuals,
    )
