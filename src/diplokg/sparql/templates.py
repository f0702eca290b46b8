"""Safe pieces of SPARQL text built from terms (never from raw strings), and the
``.rq`` templates they complete (the API's page data, the service description and
the evaluation's predictions).

These queries live in ``queries/*.rq`` files beside the modules that run them. A
template may hold ``{name}`` placeholders; :meth:`QueryTemplate.fill` puts in only
:class:`Fragment` values, which only the functions of this module make (from
validated IRIs, escaped literals and integers), so no caller can paste a raw string
into a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode

#: ``{name}``: SPARQL never writes a bare name between braces.
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Fragment(str):
    """SPARQL text made by this module from validated terms."""

    __slots__ = ()


def iri(value: str) -> Fragment:
    """``<value>`` as SPARQL, validated (raises ValueError for an invalid IRI)."""
    return Fragment(NamedNode(value))


def iri_list(iris: Iterable[str]) -> Fragment:
    """``<a>, <b>``: validated IRIs for an ``IN (...)`` list."""
    return Fragment(", ".join(iri(i) for i in iris))


def values(var: str, iris: Iterable[str]) -> Fragment:
    """``VALUES ?var { <a> <b> }`` for validated IRIs."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
        raise ValueError(f"not a SPARQL variable name: {var!r}")
    return Fragment(f"VALUES ?{var} {{ {' '.join(iri(i) for i in iris)} }}")


def literals(texts: Iterable[str]) -> Fragment:
    """Plain string literals, escaped, separated by spaces (for a ``VALUES`` block)."""
    return Fragment(" ".join(str(Literal(t)) for t in texts))


def terms(items: Iterable[NamedNode | Literal]) -> Fragment:
    """IRIs and literals as stored (any datatype or language), separated by spaces
    (for a ``VALUES`` block); a blank node cannot be named in a query: ValueError."""
    parts = []
    for term in items:
        if not isinstance(term, NamedNode | Literal):
            raise ValueError(f"not an IRI or a literal: {term!r}")
        parts.append(str(term))
    return Fragment(" ".join(parts))


def integer(n: int) -> Fragment:
    """A non-negative integer literal (for ``LIMIT`` and ``OFFSET``)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"not a non-negative integer: {n!r}")
    return Fragment(str(n))


EMPTY = Fragment("")


@dataclass(frozen=True)
class QueryTemplate:
    """The text of one ``.rq`` file and the placeholders it holds."""

    name: str
    text: str

    @property
    def placeholders(self) -> frozenset[str]:
        """The ``{name}`` placeholders of the text."""
        return frozenset(_PLACEHOLDER.findall(self.text))

    def fill(self, **parts: Fragment) -> Fragment:
        """The text with every placeholder replaced by its fragment.

        Raises TypeError for a value that is not a :class:`Fragment`, and ValueError
        unless ``parts`` names exactly the template's placeholders.
        """
        if set(parts) != self.placeholders:
            raise ValueError(
                f"query {self.name!r} takes {sorted(self.placeholders)}, got {sorted(parts)}"
            )
        for key, part in parts.items():
            if not isinstance(part, Fragment):
                raise TypeError(f"{key}= of query {self.name!r} must be a templates.Fragment")
        return Fragment(_PLACEHOLDER.sub(lambda m: parts[m.group(1)], self.text))


def read_template(module_file: str, name: str) -> QueryTemplate:
    """``queries/{name}.rq`` beside the module ``module_file`` (pass ``__file__``).

    Whole-line comments are dropped: they document the placeholders, which must
    not be filled in there (a fragment ending a comment line would become code).
    """
    path = Path(module_file).resolve().parent / "queries" / f"{name}.rq"
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    return QueryTemplate(name, text.strip())
