"""What a validation run finds: :class:`Violation`, :class:`ValidationReport` and the
helpers that turn rdflib terms into the report's text.

Every check (SHACL, the rdflib OWL checks, HermiT) yields :class:`Violation` objects;
:func:`diplokg.validate.run.validate_store` gathers them into one report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from diplokg.rdf.vocab import PREFIXES

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"


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


def _short(term) -> str:
    """A term as a CURIE with the project's prefixes, for messages."""
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>"


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
