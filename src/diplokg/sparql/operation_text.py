"""Rewrites of a query/update text that carry protocol-level settings into the text.

The stores take a SPARQL text only (the remote one forwards it), so two things the
SPARQL 1.1 Protocol passes beside the text are written into it, on tokens (never on
raw text, see :mod:`diplokg.sparql.lexer`):

* the base IRI against which relative IRIs resolve (the Protocol lets the service
  choose it; ours is the endpoint's URL): :func:`with_base`;
* the ``using-graph-uri`` / ``using-named-graph-uri`` dataset of an update
  (Protocol §2.2.3), written as ``USING`` / ``USING NAMED`` clauses of every
  ``DELETE``/``INSERT ... WHERE`` operation: :func:`with_using`.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from pyoxigraph import NamedNode

from diplokg.sparql.lexer import LexError, Token, iri_value, tokens_of


class DatasetConflict(ValueError):
    """The update names its dataset (USING/WITH) and the request does too."""


def _tokens(text: str) -> list[Token]:
    try:
        return list(tokens_of(text))
    except LexError:
        return []  # the parser reports the error against the client's own text


def with_base(text: str, base: str) -> str:
    """``text`` with ``BASE <base>`` in front when it holds a relative IRI reference.

    Texts with only absolute IRIs are returned unchanged (so error positions stay
    the client's). A ``BASE`` of the text's own still wins: it comes later.
    """
    relative = any(
        tok.kind == "iri" and not urlsplit(iri_value(tok)).scheme for tok in _tokens(text)
    )
    return f"BASE {NamedNode(base)}\n{text}" if relative else text


def _opens(tok: Token) -> bool:
    return tok.kind == "punct" and tok.text in ("{", "{|")


def _closes(tok: Token) -> bool:
    return tok.kind == "punct" and tok.text in ("}", "|}")


def _leveled(tokens: list[Token]) -> Iterator[tuple[int, Token]]:
    """Each token with its ``{}`` nesting depth (a brace counts on its inner side)."""
    depth = 0
    for tok in tokens:
        if _opens(tok):
            depth += 1
        elif _closes(tok):
            depth -= 1
        yield depth, tok


def _operations(tokens: list[Token]) -> list[list[Token]]:
    """The update's operations: token runs between top-level ``;``."""
    ops: list[list[Token]] = [[]]
    for depth, tok in _leveled(tokens):
        if depth == 0 and tok.kind == "punct" and tok.text == ";":
            ops.append([])
        else:
            ops[-1].append(tok)
    return [op for op in ops if op]


def _body_start(op: list[Token]) -> int:
    """Index of the first token after the operation's PREFIX/BASE declarations."""
    i = 0
    while i < len(op):
        if op[i].is_word("BASE"):
            i += 2
        elif op[i].is_word("PREFIX"):
            i += 3
        else:
            return i
    return i


def _group_end(op: list[Token], start: int) -> int | None:
    """Index of the ``}`` closing the group opened at ``op[start]``."""
    for k, (depth, tok) in enumerate(_leveled(op[start:]), start):
        if depth == 0 and _closes(tok):
            return k
    return None


def with_using(text: str, using: list[str], using_named: list[str]) -> str:
    """Apply a protocol ``using-graph-uri``/``using-named-graph-uri`` dataset to ``text``.

    Every ``DELETE``/``INSERT ... WHERE`` operation gets the ``USING`` clauses before
    its ``WHERE``; a ``DELETE WHERE { P }`` becomes ``DELETE { P } USING ... WHERE
    { P }`` (the same operation, with a dataset). Other operations have no
    dataset and are unchanged. Raises :class:`DatasetConflict` when the text already
    has a ``USING`` or ``WITH`` clause (Protocol §2.2.3: the request is an error).
    """
    if not using and not using_named:
        return text
    clause = " ".join(
        [f"USING {NamedNode(g)}" for g in using]
        + [f"USING NAMED {NamedNode(g)}" for g in using_named]
    )
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) on the text
    for op in _operations(_tokens(text)):
        if any(depth == 0 and tok.is_word("USING", "WITH") for depth, tok in _leveled(op)):
            raise DatasetConflict(
                "the update has its own USING/WITH clause; do not also send "
                "using-graph-uri/using-named-graph-uri"
            )
        i = _body_start(op)
        if i + 1 >= len(op) or not op[i].is_word("DELETE", "INSERT") or op[i + 1].is_word("DATA"):
            continue
        if op[i].is_word("DELETE") and op[i + 1].is_word("WHERE"):
            end = _group_end(op, i + 2)
            if end is None:
                continue
            pattern = text[op[i + 2].start : op[end].end]
            edits.append((op[i + 1].start, op[i + 1].end, f"{pattern} {clause} WHERE"))
            continue
        for depth, tok in _leveled(op[i:]):
            if depth == 0 and tok.is_word("WHERE"):
                edits.append((tok.start, tok.start, f"{clause} "))
                break
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
