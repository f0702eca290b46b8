"""The ``dip:`` class hierarchy (``rdfs:subClassOf``) that gold rows and predictions are
checked and compared against."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

#: Root classes per kind: what a gold or predicted type must be a subclass of.
ROOTS = {
    "event": ("Event",),
    "relation": ("Relation",),
    "entity": ("Actor", "Place", "Infrastructure"),
}


class Hierarchy:
    """``rdfs:subClassOf`` between ``dip:`` classes (local names), transitively."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._parents: dict[str, set[str]] = defaultdict(set)
        self.classes: set[str] = set()
        for child, parent in pairs:
            self._parents[child].add(parent)
            self.classes.update((child, parent))

    def ancestors(self, cls: str) -> set[str]:
        """Every superclass of ``cls`` (not ``cls`` itself)."""
        seen: set[str] = set()
        todo = list(self._parents.get(cls, ()))
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(self._parents.get(c, ()))
        return seen

    def is_a(self, cls: str, ancestor: str) -> bool:
        """``cls rdfs:subClassOf* ancestor``."""
        return cls == ancestor or ancestor in self.ancestors(cls)

    def kind_of(self, cls: str) -> str | None:
        """``event``, ``relation`` or ``entity`` for a class, or None."""
        for kind, roots in ROOTS.items():
            if any(self.is_a(cls, r) for r in roots):
                return kind
        return None

    def most_specific(self, classes: Iterable[str]) -> list[str]:
        """Drop every class that is a superclass of another one in ``classes``."""
        cs = set(classes)
        return sorted(c for c in cs if not any(c != o and self.is_a(o, c) for o in cs))


def hierarchy_from_turtle(path: Path) -> Hierarchy:
    """The ``dip:`` class hierarchy declared in an ontology file (Turtle)."""
    from pyoxigraph import NamedNode, RdfFormat, parse

    from diplokg.rdf.vocab import DIP, RDFS

    sub = NamedNode(RDFS + "subClassOf")
    pairs = []
    with path.open("rb") as f:
        for t in parse(f, format=RdfFormat.TURTLE):
            if t.predicate == sub and isinstance(t.object, NamedNode):
                s, o = t.subject.value, t.object.value
                if s.startswith(DIP) and o.startswith(DIP):
                    pairs.append((s[len(DIP) :], o[len(DIP) :]))
    return Hierarchy(pairs)
