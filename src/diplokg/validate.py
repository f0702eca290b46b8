"""Check a stored graph against the ontology: SHACL shapes plus OWL-level checks.

``validate_store`` reads every quad of the store (all article graphs, as one graph),
adds the ontology from ``ontology/diplomacy.ttl`` and runs

* pySHACL with ``ontology/shapes.ttl`` (no inference: ``sh:targetClass`` follows the
  ontology's ``rdfs:subClassOf`` links in the merged graph), and
* the OWL checks in :data:`OWL_CHECKS`, written with rdflib: undeclared ``dip:``
  terms, terms used as the wrong kind (a class as a property, a literal on an object
  property...), nodes in two disjoint classes, functional properties with two
  values, and entities linked to two different Wikidata items. They name the node at
  fault, which a reasoner does not;
* the HermiT reasoner (through owlready2, on Java) over the OWL view of ontology +
  data (:mod:`diplokg.owl_view`, the graph `diplokg export --format rdfxml` writes):
  the graph must be consistent and every class satisfiable. ``settings.reasoner =
  "none"`` skips it; a missing Java is reported as a violation, not skipped.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

import pyshacl
from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from diplokg.config import Settings
from diplokg.export import dataset_quads
from diplokg.ontology import ONTOLOGY_GRAPH, ontology_path, shapes_path
from diplokg.owl_view import owl_triples
from diplokg.rdf.vocab import DIP, PREFIXES, WD
from diplokg.store.base import Store
from diplokg.store.updates import unskolemize

SH = Namespace("http://www.w3.org/ns/shacl#")
DIPSH = "https://w3id.org/diplokg/shapes#"
VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"
_SEVERITIES = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}
_WIKIDATA_ITEM = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")


@dataclass(frozen=True)
class Violation:
    """One problem found in the graph.

    ``source_shape`` is the SHACL shape that failed, or ``owl:<check>`` for the
    OWL-level checks; ``severity`` is ``Violation``, ``Warning`` or ``Info``.
    """

    focus: str
    path: str | None
    message: str
    severity: str = VIOLATION
    source_shape: str = ""
    value: str | None = None
    focus_label: str | None = None


@dataclass
class ValidationReport:
    """The outcome of a validation run."""

    violations: list[Violation] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))
    #: one line per check that ran, e.g. the reasoner's verdict and timing
    notes: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when nothing of severity ``Violation`` was found."""
        return not any(v.severity == VIOLATION for v in self.violations)

    def counts(self) -> Counter[str]:
        """Number of results per severity."""
        return Counter(v.severity for v in self.violations)

    def text(self, max_nodes: int = 10) -> str:
        """A human-readable summary: results grouped by problem, counted, with labels."""
        counts = self.counts()
        notes = "".join(f"\n{note}" for note in self.notes)
        if not self.violations:
            return "Conforms: no violations, no warnings." + notes
        summary = ", ".join(
            f"{counts[s]} {s.lower()}{'s' if counts[s] != 1 else ''}"
            for s in (VIOLATION, WARNING, INFO)
            if counts[s]
        )
        lines = [f"{'Conforms' if self.conforms else 'Does not conform'}: {summary}."]
        groups: dict[tuple[str, str, str, str], list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[(v.severity, v.source_shape, v.path or "", v.message)].append(v)
        order = {VIOLATION: 0, WARNING: 1, INFO: 2}
        for (severity, shape, path, message), items in sorted(
            groups.items(), key=lambda kv: (order.get(kv[0][0], 3), -len(kv[1]), kv[0])
        ):
            where = " ".join(x for x in (self.compact(shape), self.compact(path)) if x)
            lines.append(f"\n[{severity}] {where}: {message} ({len(items)})")
            for v in items[:max_nodes]:
                label = f' "{v.focus_label}"' if v.focus_label else ""
                value = f" value={self.compact(v.value)}" if v.value is not None else ""
                lines.append(f"    {self.compact(v.focus)}{label}{value}")
            if len(items) > max_nodes:
                lines.append(f"    ... and {len(items) - max_nodes} more")
        return "\n".join(lines) + ("\n" + notes if notes else "")

    def compact(self, iri: str | None) -> str:
        """Shorten an IRI with the report's prefixes (unchanged when none applies)."""
        if not iri:
            return ""
        best = max(
            ((p, ns) for p, ns in self.prefixes.items() if iri.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        if best is None:
            return iri
        prefix, ns = best
        return f"{prefix}:{iri[len(ns) :]}"


OwlCheck = Callable[[Graph, Graph], Iterable[Violation]]


def validate_store(
    store: Store,
    settings: Settings,
    *,
    checks: Iterable[OwlCheck] | None = None,
    reasoner: bool | None = None,
) -> ValidationReport:
    """Validate everything in ``store`` against the ontology and shapes of ``settings``.

    ``checks`` replaces the rdflib OWL-level checks (default: :data:`OWL_CHECKS`);
    ``reasoner`` overrides ``settings.reasoner`` (run HermiT unless it is "none").
    """
    data, stored_ontology = load_store_graphs(store)
    ontology = Graph().parse(ontology_path(settings), format="turtle")
    shapes = Graph().parse(shapes_path(settings), format="turtle")
    violations = list(shacl_violations(data, ontology, shapes))
    for check in OWL_CHECKS if checks is None else checks:
        violations.extend(check(data, ontology))
    violations.extend(stored_ontology_check(stored_ontology, ontology))
    notes: list[str] = []
    if settings.reasoner != "none" if reasoner is None else reasoner:
        found, note = reasoner_check(owl_triples(dataset_quads(store, settings)), settings)
        violations.extend(found)
        notes.append(note)
    violations.sort(
        key=lambda v: (
            v.severity != VIOLATION,
            v.source_shape,
            v.path or "",
            v.focus,
            v.value or "",
        )
    )
    prefixes = dict(PREFIXES) | {"res": settings.base_iri, "dipsh": DIPSH}
    return ValidationReport(with_labels(violations, data + ontology), prefixes, notes)


def load_store_graphs(store: Store) -> tuple[Graph, Graph | None]:
    """All data triples as one rdflib Graph, and the stored ontology graph (if any)."""
    quads = list(parse(store.dump("application/n-quads"), format=RdfFormat.N_QUADS))
    # the default graph is the merge of the named graphs: leave it out
    data_triples = [
        q.triple
        for q in quads
        if isinstance(q.graph_name, NamedNode) and q.graph_name != ONTOLOGY_GRAPH
    ]
    # the store holds blank nodes as skolem IRIs: turn them back for comparison
    onto_triples = [
        Triple(unskolemize(q.subject), q.predicate, unskolemize(q.object))
        for q in quads
        if q.graph_name == ONTOLOGY_GRAPH
    ]
    data = _to_rdflib(data_triples)
    return data, (_to_rdflib(onto_triples) if onto_triples else None)


def _to_rdflib(triples: list[Triple]) -> Graph:
    graph = Graph()
    if triples:
        graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    return graph


# -- SHACL ------------------------------------------------------------------------


def shacl_violations(data: Graph, ontology: Graph, shapes: Graph) -> list[Violation]:
    """Run pySHACL on data + ontology and turn its report into Violations."""
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        component = results.value(result, SH.sourceConstraintComponent)
        violations.append(
            Violation(
                focus=_term_text(focus),
                path=_term_text(path) if isinstance(path, URIRef) else None,
                message=str(message) if message is not None else _term_text(component),
                severity=_SEVERITIES.get(severity, VIOLATION),
                source_shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
                value=_term_text(value) if value is not None else None,
            )
        )
    return violations


def _shape_name(shapes: Graph, shape) -> str:
    """The IRI of a shape, or of the node shape that holds a blank property shape."""
    seen = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(iter(shapes.subjects(SH.property, shape)), None)
        if parent is None:
            break
        shape = parent
    return str(shape) if isinstance(shape, URIRef) else "shape"


# -- OWL-level checks -------------------------------------------------------------


def _short(term) -> str:
    """A term as a CURIE with the project's prefixes, for messages."""
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>"


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


# -- OWL reasoner -----------------------------------------------------------------

REASONER_SHAPE = "owl:reasoner"


def reasoner_check(triples: list[Triple], settings: Settings) -> tuple[list[Violation], str]:
    """Run HermiT on ``triples`` (ontology + data, OWL view): violations and a summary line.

    Inconsistency, unsatisfiable classes and a reasoner that cannot run (no Java,
    a literal HermiT rejects) are violations.
    """
    import owlready2

    def fail(message: str) -> tuple[list[Violation], str]:
        found = Violation(
            focus=ONTOLOGY_GRAPH.value, path=None, message=message, source_shape=REASONER_SHAPE
        )
        return [found], f"Reasoner (HermiT): {message.split(':')[0]}."

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="diplokg-owl-") as tmp:
        path = Path(tmp) / "graph.nt"
        path.write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES))
        world = owlready2.World()
        try:
            outcome = _hermit(world, path, settings)
        finally:
            world.close()
    if isinstance(outcome, str):
        return fail(outcome)
    unsatisfiable = outcome
    violations = [
        Violation(
            focus=iri,
            path=None,
            message="class is unsatisfiable (equivalent to owl:Nothing): it can have no member",
            source_shape=REASONER_SHAPE,
        )
        for iri in unsatisfiable
    ]
    seconds = time.monotonic() - started
    verdict = "consistent" if not unsatisfiable else "consistent, with unsatisfiable classes"
    return violations, f"Reasoner (HermiT): {verdict}; {len(triples)} triples in {seconds:.1f} s."


def _hermit(world, path: Path, settings: Settings) -> list[str] | str:
    """Load ``path`` (N-Triples) into ``world`` and run HermiT.

    Returns the IRIs of unsatisfiable classes, or a message saying why the graph is
    inconsistent or HermiT could not run.
    """
    import owlready2
    from owlready2 import reasoning

    try:
        world.get_ontology(path.as_uri()).load(format="ntriples")
    except Exception as exc:  # owlready2's parser errors have no common base class
        return f"owlready2 could not read the OWL view: {exc}"
    owlready2.JAVA_EXE = settings.java
    reasoning.JAVA_MEMORY = settings.reasoner_memory_mb
    try:
        reasoning.sync_reasoner_hermit(world, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return (
            "inconsistent: no interpretation satisfies the ontology and the data "
            "together. Look first at owl:disjoint-classes and owl:functional-property "
            "results above; otherwise an individual meets a domain, range or "
            "disjointness axiom it contradicts"
        )
    except owlready2.OwlReadyJavaError as exc:
        return f"HermiT failed: {_java_reason(str(exc))}"
    except FileNotFoundError:
        return (
            f"cannot run: Java executable {settings.java!r} not found (install Java, "
            "set DIPLOKG_JAVA, or DIPLOKG_REASONER=none to skip the reasoner)"
        )
    nothing = str(OWL.Nothing)
    return sorted(c.iri for c in world.inconsistent_classes() if c.iri != nothing)


def _java_reason(message: str) -> str:
    """The message of a Java exception without its stack trace, on one line."""
    lines = [line.strip() for line in message.splitlines()]
    start = next((i for i, line in enumerate(lines) if "Exception" in line), None)
    if start is None:
        return " ".join(message.split())[:500]
    out = [lines[start].split(": ", 1)[-1]]
    for line in lines[start + 1 :]:
        if line.startswith("at "):
            break
        out.append(line)
    return " ".join(x for x in out if x)[:500]


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


# -- helpers ----------------------------------------------------------------------


def with_labels(violations: list[Violation], graph: Graph) -> list[Violation]:
    """Copies of ``violations`` with the focus node's label filled in (English first)."""
    labels: dict[str, str] = {}
    for v in violations:
        if v.focus in labels:
            continue
        node = URIRef(v.focus) if not v.focus.startswith("_:") else BNode(v.focus[2:])
        found = list(graph.objects(node, RDFS.label))
        english = [x for x in found if isinstance(x, Literal) and x.language == "en"]
        pick = (english or found or [None])[0]
        if pick is not None:
            labels[v.focus] = str(pick)
    return [replace(v, focus_label=labels.get(v.focus, v.focus_label)) for v in violations]


def _term_text(term) -> str:
    """IRIs as themselves, blank nodes as ``_:id``, literals in N-Triples form."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return term.n3()
    return str(term)
