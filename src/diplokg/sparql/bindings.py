"""Bind query parameters as text, for stores without native substitutions.

Saved-query parameters become a ``VALUES`` block placed first in the query's WHERE
group, built from serialised RDF terms (N-Triples syntax produced by pyoxigraph) and
checked variable names, so user input is never pasted into SPARQL as raw text.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode, Variable

from diplokg.sparql.policy import inspect_operation, keyword_rest

_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _term_text(term: object) -> str:
    if isinstance(term, NamedNode | Literal):
        return str(term)
    raise ValueError(f"cannot bind {term!r}: only IRIs and literals can be bound")


def values_block(bindings: dict[Variable, object]) -> str:
    """A one-row ``VALUES (?a ?b) { (<x> "y") }`` block for ``bindings``."""
    names = []
    for var in bindings:
        if not _VAR_NAME.fullmatch(var.value):
            raise ValueError(f"invalid variable name: {var.value!r}")
        names.append("?" + var.value)
    row = " ".join(_term_text(t) for t in bindings.values())
    return f"VALUES ({' '.join(names)}) {{ ({row}) }}"


def _where_brace_end(text: str) -> int:
    """Offset just past the ``{`` that opens the query's WHERE group."""
    op = inspect_operation(text)
    if op.form is None or op.is_update:
        raise ValueError("parameters can only be bound in a SELECT/CONSTRUCT/DESCRIBE/ASK query")
    tokens = op.tokens
    i = next(k for k, t in enumerate(tokens) if keyword_rest(t, op.form) is not None)
    j = i + 1
    if op.form == "CONSTRUCT" and j < len(tokens) and tokens[j].text == "{":
        depth = 0
        while j < len(tokens):  # skip the template
            depth += tokens[j].text == "{"
            depth -= tokens[j].text == "}"
            j += 1
            if depth == 0:
                break
    parens = 0
    for tok in tokens[j:]:
        if tok.kind != "punct":
            continue
        if tok.text == "(":
            parens += 1
        elif tok.text == ")":
            parens -= 1
        elif tok.text == "{" and parens == 0:
            return tok.end
    raise ValueError("the query has no WHERE group to bind parameters in")


def inject_values(text: str, bindings: dict[Variable, object]) -> str:
    """``text`` with ``bindings`` pre-bound by a VALUES block opening its WHERE group."""
    if not bindings:
        return text
    at = _where_brace_end(text)
    return f"{text[:at]}\n  {values_block(bindings)}\n{text[at:]}"
