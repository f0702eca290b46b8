"""The OWL-level checks, written with rdflib over data + ontology.

They find undeclared ``dip:`` terms, terms used as the wrong kind (a class as a
property, a literal on an object property...), nodes in two disjoint classes,
functional properties with two values, and entities linked to two different Wikidata
items. Unlike a reasoner, they name the node at fault. :data:`OWL_CHECKS` lists the
ones :func:`diplokg.validate.run.validate_store` runs; :func:`stored_ontology_check`
compares the store's copy of the ontology with the file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from diplokg.rdf.ontology import ONTOLOGY_GRAPH
from diplokg.rdf.vocab import DIP, WD

from .report import WARNING, Violation, _short, _term_text

_WIKIDATA_ITEM = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")

OwlCheck = Callable[[Graph, Graph], Iterable[Violation]]


_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _declared(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """The kinds (owl:Class, owl:ObjectProperty...) of each declared dip: term."""
    kinds: dict[URIRef, set[URIRef]] = defaultdict(set)
    for term, kind in ontology.subject_objects(RDF.type):
        if isinstance(term, URIRef) and str(term).startswith(DIP):
            kinds[term].add(kind)
    return kinds


def check_undeclared_terms(data: Graph, ontology: Graph) -> Iterable[Violation]:
    """dip: terms used in the data that the ontology does not declare (for that use)."""
    kinds = _declared(ontology)
    seen: set[tuple[str, str]] = set()

    def report(focus, term: URIRef, use: str) -> Violation | None:
        declared = kinds.get(term)
        if use == "property":
            ok = bool(declared and declared & set(_PROPERTY_KINDS))
        elif use == "class":
            ok = bool(declared and OWL.Class in declared)
        else:
            ok = bool(declared)
        key = (str(focus), str(term))
        if ok or key in seen:
            return None
        seen.add(key)
        if declared:
            message = f"{_short(term)} is used as a {use} but the ontology declares it otherwise"
        else:
            message = f"{_short(term)} is used as a {use} but the ontology does not declare it"
        return Violation(
            focus=_term_text(focus),
            path=str(term) if use == "property" else None,
            message=message,
            source_shape="owl:undeclared-term",
            value=str(term),
        )

    for s, p, o in data:
        found = []
        if str(p).startswith(DIP):
            found.append(report(s, p, "property"))
        if isinstance(o, URIRef) and str(o).startswith(DIP):
            found.append(report(s, o, "class" if p == RDF.type else "term"))
        if isinstance(s, URIRef) and str(s).startswith(DIP):
            found.append(report(s, s, "term"))
        yield from (v for v in found if v is not None)


def check_property_kinds(data: Graph, ontology: Graph) -> Iterable[Violation]:
    """Literals on object properties and IRIs or blank nodes on datatype properties."""
    object_props = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    datatype_props = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    for s, p, o in data:
        if p in object_props and isinstance(o, Literal):
            message = f"{_short(p)} is an object property but has a literal value"
        elif p in datatype_props and not isinstance(o, Literal):
            message = f"{_short(p)} is a datatype property but has a non-literal value"
        else:
            continue
        yield Violation(
            focus=_term_text(s),
            path=str(p),
            message=message,
            source_shape="owl:property-kind",
            value=_term_text(o),
        )


def disjoint_pairs(ontology: Graph) -> set[frozenset[URIRef]]:
    """Pairs of named classes declared disjoint (owl:disjointWith, owl:AllDisjointClasses)."""
    pairs: set[frozenset[URIRef]] = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pairs.add(frozenset((a, b)))
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ontology.value(node, OWL.members)
        if members is None:
            continue
        named = [m for m in Collection(ontology, members) if isinstance(m, URIRef)]
        pairs.update(frozenset(pair) for pair in combinations(named, 2))
    return pairs


def superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class mapped to itself and all its named superclasses."""
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct[sub].add(sup)
    closure: dict[URIRef, set[URIRef]] = {}

    def up(cls: URIRef) -> set[URIRef]:
        if cls not in closure:
            closure[cls] = {cls}
            for sup in direct.get(cls, ()):
                closure[cls] |= up(sup)
        return closure[cls]

    for cls in list(direct):
        up(cls)
    return closure


def _implied_types(data: Graph, ontology: Graph) -> dict[object, dict[URIRef, str]]:
    """Classes that named rdfs:domain / rdfs:range axioms give nodes, with the reason.

    Domains and ranges are inherited along rdfs:subPropertyOf; unions are skipped
    (they imply no single class).
    """
    ups: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        ups[sub].add(sup)

    def supers(prop: URIRef) -> set[URIRef]:
        seen, todo = {prop}, [prop]
        while todo:
            for sup in ups.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    implied: dict[object, dict[URIRef, str]] = defaultdict(dict)
    for prop in set(data.predicates()):
        for axis, where in ((RDFS.domain, "domain"), (RDFS.range, "range")):
            for p in supers(prop):
                for cls in ontology.objects(p, axis):
                    if not isinstance(cls, URIRef):
                        continue
                    for s, o in data.subject_objects(prop):
                        node = s if where == "domain" else o
                        if isinstance(node, Literal):
                            continue
                        implied[node].setdefault(cls, f"the {where} of {_short(prop)}")
    return implied


def check_disjoint_classes(data: Graph, ontology: Graph) -> Iterable[Violation]:
    """Nodes that are instances of two disjoint classes.

    Types come from rdf:type and from named rdfs:domain / rdfs:range axioms, and are
    closed under rdfs:subClassOf, so the message names the node a reasoner would
    only call inconsistent.
    """
    pairs = disjoint_pairs(ontology)
    closure = superclasses(ontology)
    types: dict[object, set[URIRef]] = defaultdict(set)
    for node, cls in data.subject_objects(RDF.type):
        if isinstance(cls, URIRef):
            types[node].add(cls)
    implied = _implied_types(data, ontology)
    for node in set(types) | set(implied):
        asserted = types.get(node, set())
        via = {c: why for c, why in implied.get(node, {}).items() if c not in asserted}
        classes: set[URIRef] = set()
        for cls in asserted | set(via):
            classes |= closure.get(cls, {cls})
        clashes = sorted(tuple(sorted(p)) for p in pairs if p <= classes)
        for a, b in clashes:
            reasons = [f"asserted types: {', '.join(sorted(map(_short, asserted)))}"]
            reasons += [
                f"{_short(c)} from {why}"
                for c, why in sorted(via.items())
                if {a, b} & closure.get(c, {c})
            ]
            yield Violation(
                focus=_term_text(node),
                path=str(RDF.type),
                message=(
                    f"instance of both {_short(a)} and {_short(b)}, which are disjoint "
                    f"({'; '.join(reasons)})"
                ),
                source_shape="owl:disjoint-classes",
            )


def check_functional_properties(data: Graph, ontology: Graph) -> Iterable[Violation]:
    """Nodes with two values of a functional property.

    Two literals are two distinct data values: the graph is inconsistent. Two IRIs on
    a functional object property would make a reasoner merge them (owl:sameAs); the
    graph never means that, so it is reported too.
    """
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.FunctionalProperty))):
        values: dict[object, set] = defaultdict(set)
        for s, o in data.subject_objects(prop):
            values[s].add(o)
        for node, found in values.items():
            if len(found) > 1:
                shown = ", ".join(sorted(_term_text(v) for v in found))
                yield Violation(
                    focus=_term_text(node),
                    path=str(prop),
                    message=(
                        f"{_short(prop)} is functional (at most one value) but has "
                        f"{len(found)}: {shown}"
                    ),
                    source_shape="owl:functional-property",
                )


def check_wikidata_links(data: Graph, ontology: Graph) -> Iterable[Violation]:
    """Entities with owl:sameAs to more than one Wikidata item."""
    items: dict[object, set[str]] = defaultdict(set)
    for s, o in data.subject_objects(OWL.sameAs):
        if isinstance(o, URIRef) and _WIKIDATA_ITEM.match(str(o)):
            items[s].add(str(o))
    for node, qids in items.items():
        if len(qids) > 1:
            names = ", ".join(sorted(q.removeprefix(WD) for q in qids))
            yield Violation(
                focus=_term_text(node),
                path=str(OWL.sameAs),
                message=f"owl:sameAs to {len(qids)} different Wikidata items ({names})",
                source_shape="owl:one-wikidata-item",
            )


#: The OWL-level checks run by :func:`validate_store`, in order.
OWL_CHECKS: tuple[OwlCheck, ...] = (
    check_undeclared_terms,
    check_property_kinds,
    check_disjoint_classes,
    check_functional_properties,
    check_wikidata_links,
)


def stored_ontology_check(stored: Graph | None, ontology: Graph) -> list[Violation]:
    """Warn when the store lacks the ontology graph or holds another version of it."""
    if stored is not None and isomorphic(stored, ontology):
        return []
    message = (
        "the store has no ontology graph: queries using rdfs:subClassOf or labels of "
        "ontology terms will miss results (rebuild to load it)"
        if stored is None
        else "the store's ontology graph differs from ontology/diplomacy.ttl (rebuild)"
    )
    return [
        Violation(
            focus=ONTOLOGY_GRAPH.value,
            path=None,
            message=message,
            severity=WARNING,
            source_shape="owl:stored-ontology",
        )
    ]
