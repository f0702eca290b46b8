"""What the public endpoint lets through, decided on tokens (never on raw text).

* :func:`inspect_operation` tells a query (and its form) from an update.
* :func:`check_operation` refuses texts nested or chained too deep for the engine
  (:mod:`diplokg.sparql.structure`), ``LOAD`` and any ``SERVICE`` whose target is a
  variable or an IRI outside the allowlist (prefixed names and ``BASE``-relative IRIs
  are resolved as the SPARQL parser resolves them). Oxigraph's parser also reads
  keywords run into the next token (``SERVICE:x``, ``LOADSILENT<...>``); every such
  reading is checked too, erring on the side of refusing.
* :func:`cap_rows` bounds a query's solutions with a ``LIMIT`` (see its docstring).
* :func:`is_bounded_lookup` tells the queries that cannot run long;
  :func:`plain_lookup` recognises the plainest of them without tokenizing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from diplokg.sparql.lexer import LexError, Token, expand_pname, iri_value, tokenize, tokens_of
from diplokg.sparql.structure import TooComplex, check_structure

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = (
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH",
)  # fmt: skip


class PolicyError(ValueError):
    """The operation is refused by the endpoint's policy (message is for the client)."""


@dataclass(frozen=True)
class Operation:
    """What a SPARQL text is: ``form`` is SELECT/CONSTRUCT/DESCRIBE/ASK for a query,
    ``UPDATE`` for an update, None when it cannot be told (the parser will complain)."""

    form: str | None
    tokens: tuple[Token, ...]

    @property
    def is_update(self) -> bool:
        """True for a SPARQL Update request."""
        return self.form == "UPDATE"

    @property
    def is_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE (results are RDF graphs)."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def keyword_rest(tok: Token, keyword: str) -> str | None:
    """If ``tok`` may be read as ``keyword`` run into what follows it, the rest.

    Oxigraph's parser matches keywords without a word boundary: ``SERVICE:x`` is
    ``SERVICE`` + ``:x``, ``LOADSILENT<...>`` is ``LOAD SILENT <...>``, ``LIMIT10`` is
    ``LIMIT 10``. A bare word or prefixed name starting with ``keyword``
    (case-insensitively) gives the rest of its text ('' for the keyword itself).
    """
    if tok.kind in ("word", "pname") and tok.text.upper().startswith(keyword):
        return tok.text[len(keyword) :]
    return None


def _prefix_decl(tokens: tuple[Token, ...] | list[Token], i: int) -> tuple[str, Token, int] | None:
    """``(prefix name, IRI token, tokens used)`` if a PREFIX declaration starts at ``i``."""
    tok = tokens[i]
    if tok.is_word("PREFIX") and i + 2 < len(tokens):
        name, iri = tokens[i + 1], tokens[i + 2]
        if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
            return name.text[:-1], iri, 3
    rest = keyword_rest(tok, "PREFIX") if tok.kind == "pname" else None
    if rest and rest.endswith(":") and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
        return rest[:-1], tokens[i + 1], 2  # PREFIXex: <...>
    return None


def _skip_prologue(tokens: Sequence[Token]) -> int:
    """Index of the first token after the PREFIX/BASE declarations."""
    i = 0
    while i < len(tokens):
        if tokens[i].is_word("BASE"):
            i += 2
        elif decl := _prefix_decl(tokens, i):
            i += decl[2]
        else:
            break
    return i


def inspect_operation(text: str) -> Operation:
    """Tokenize ``text`` and tell its query form (raises PolicyError if it cannot be
    tokenized, e.g. an unterminated string)."""
    try:
        tokens = tokens_of(text)
    except LexError as exc:
        raise PolicyError(f"syntax error: {exc}") from exc
    i = _skip_prologue(tokens)
    form: str | None = None
    if i < len(tokens):
        for keyword in (*QUERY_FORMS, *UPDATE_KEYWORDS):
            if keyword_rest(tokens[i], keyword) is not None:
                form = keyword if keyword in QUERY_FORMS else "UPDATE"
                break
    return Operation(form, tokens)


class _Scope:
    """Every IRI each prefix (and the base) may stand for, as far as the text goes.

    Definitions accumulate rather than replace, so that a declaration this module
    reads differently from the parser can only make the check stricter.
    """

    def __init__(self) -> None:
        self.prefixes: dict[str, set[str]] = {}
        self.bases: set[str] = set()

    def resolve(self, iri: str) -> set[str]:
        if urlsplit(iri).scheme:
            return {iri}
        return {urljoin(b, iri) for b in self.bases} or {iri}

    def expand(self, tok: Token) -> set[str]:
        prefix, _, _ = tok.text.partition(":")
        return {
            expanded
            for namespace in self.prefixes.get(prefix, ())
            if (expanded := expand_pname(tok, {prefix: namespace}))
        }

    def targets(self, tok: Token) -> set[str] | None:
        """IRIs a SERVICE target token may denote (None: not an IRI at all)."""
        if tok.kind == "iri":
            return self.resolve(iri_value(tok))
        if tok.kind == "pname":
            return self.expand(tok) or {f"{tok.text} (undeclared prefix)"}
        return None


def _relex(text: str) -> list[Token]:
    try:
        return tokenize(text)
    except LexError:
        return []


def _service_readings(tokens: tuple[Token, ...], i: int, rest: str) -> list[list[Token]]:
    """The token sequences that may follow SERVICE (SILENT read every possible way)."""
    after = _relex(rest) + list(tokens[i + 1 :])
    readings = [after]
    if after:
        silent_rest = keyword_rest(after[0], "SILENT")
        if silent_rest is not None:
            readings.append(_relex(silent_rest) + after[1:])
            if after[0].kind != "pname":
                readings.remove(after)  # a bare word cannot be the endpoint
    return readings


def _check_service(
    tokens: tuple[Token, ...], i: int, rest: str, scope: _Scope, allowed: set[str]
) -> None:
    strict = rest == "" and tokens[i].kind == "word"  # the keyword, standing alone
    for seq in _service_readings(tokens, i, rest):
        if not strict and (len(seq) < 2 or seq[1].text != "{"):
            continue  # a name merely starting with "service": not a SERVICE clause
        if not seq:
            raise PolicyError("SERVICE without an endpoint IRI")
        target = seq[0]
        if target.kind == "var":
            raise PolicyError(f"SERVICE {target.text}: a variable endpoint is not allowed")
        iris = scope.targets(target)
        if iris is None:
            raise PolicyError(f"SERVICE needs an endpoint IRI, not {target.text!r}")
        for iri in sorted(iris):
            if iri not in allowed:
                allow = ", ".join(sorted(allowed)) or "none"
                raise PolicyError(f"SERVICE <{iri}> is not allowed (allowed endpoints: {allow})")


def check_operation(
    op: Operation,
    service_allowlist: Iterable[str],
    *,
    max_nesting: int = 0,
    max_depth: int = 0,
) -> None:
    """Raise :class:`PolicyError` if ``op`` nests or chains deeper than ``max_nesting``
    / ``max_depth`` (:mod:`diplokg.sparql.structure`; 0: unchecked), or may LOAD or
    call a SERVICE not allowlisted.

    Conservative where the text is ambiguous: prefixed names beginning with
    ``service`` (or, in updates, ``load``) may be refused.
    """
    try:
        check_structure(op.tokens, max_nesting, max_depth)
    except TooComplex as exc:
        raise PolicyError(str(exc)) from None
    allowed = set(service_allowlist)
    scope = _Scope()
    tokens = op.tokens
    check_load = op.form not in QUERY_FORMS  # a query cannot load; updates and unknowns may
    depth = 0
    declared_names: set[int] = set()  # indexes of prefix names in PREFIX declarations
    for i, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.text in ("{", "{|"):
            depth += 1
        elif tok.kind == "punct" and tok.text in ("}", "|}"):
            depth -= 1
        if tok.is_word("BASE") and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            scope.bases |= scope.resolve(iri_value(tokens[i + 1]))
        elif decl := _prefix_decl(tokens, i):
            name, iri_tok, used = decl
            scope.prefixes.setdefault(name, set()).update(scope.resolve(iri_value(iri_tok)))
            if used == 3:
                declared_names.add(i + 1)
        if (
            check_load
            and depth <= 0
            and i not in declared_names
            and keyword_rest(tok, "LOAD") is not None
        ):
            raise PolicyError("LOAD is not allowed on this endpoint")
        rest = keyword_rest(tok, "SERVICE")
        if rest is not None:
            _check_service(tokens, i, rest, scope, allowed)


def _top_level(tokens: tuple[Token, ...]) -> list[tuple[int, Token]]:
    """Tokens outside any ``{...}`` group, with their indexes."""
    depth = 0
    out: list[tuple[int, Token]] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.text in ("{", "{|"):
            depth += 1
        elif tok.kind == "punct" and tok.text in ("}", "|}"):
            depth -= 1
        elif depth == 0:
            out.append((i, tok))
    return out


def _balanced(tokens: tuple[Token, ...]) -> bool:
    """True when every ``{`` has its ``}`` (never closing more than was opened)."""
    depth = 0
    for tok in tokens:
        if tok.kind == "punct" and tok.text in ("{", "{|"):
            depth += 1
        elif tok.kind == "punct" and tok.text in ("}", "|}"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def cap_rows(text: str, op: Operation, max_rows: int) -> tuple[str, bool]:
    """Bound the number of solutions of a SELECT/CONSTRUCT/DESCRIBE query.

    A top-level ``LIMIT n`` larger than ``max_rows`` is lowered to ``max_rows``; a
    query without one gets ``LIMIT max_rows`` (before its trailing ``VALUES`` block,
    if any). For CONSTRUCT/DESCRIBE the cap applies to solutions, not triples. ASK,
    updates, texts whose form is unknown and texts with unbalanced braces (which the
    parser will reject) are returned unchanged. Returns the new text and whether the
    cap was imposed.
    """
    if op.form not in ("SELECT", "CONSTRUCT", "DESCRIBE") or max_rows <= 0:
        return text, False
    if not _balanced(op.tokens):
        return text, False  # malformed: leave it to the parser to report
    top = _top_level(op.tokens)
    for k, (_, tok) in enumerate(top):
        rest = keyword_rest(tok, "LIMIT")
        if rest and rest.isdigit():  # LIMIT10: the parser reads LIMIT 10
            start, end, value = tok.start + len("LIMIT"), tok.end, rest
        elif rest == "" and k + 1 < len(top) and top[k + 1][1].kind == "number":
            number = top[k + 1][1]
            start, end, value = number.start, number.end, number.text
        else:
            continue
        if not value.isdigit() or int(value) <= max_rows:
            return text, False
        return text[:start] + str(max_rows) + text[end:], True
    # The only VALUES outside a group is the query's trailing inline data.
    insert_at = next((tok.start for _, tok in top if tok.is_word("VALUES")), len(text))
    clause = f"\nLIMIT {max_rows}\n"
    return text[:insert_at] + clause + text[insert_at:], True


_TERM_KINDS = ("iri", "pname")


def is_bounded_lookup(op: Operation) -> bool:
    """True when ``op`` is a query whose cost is bounded by its row cap: a SELECT of
    plain variables (or ``*``) over *one* triple pattern with a constant subject and
    distinct variables, with nothing after the pattern but an optional ``LIMIT n``::

        PREFIX ... SELECT ?p ?o WHERE { <iri> ?p ?o } LIMIT 10

    Such a query is one range scan of an index that streams its solutions: it stops
    after the ``LIMIT`` that :func:`cap_rows` always sets, so it cannot run long. No
    DISTINCT, ORDER BY, OFFSET, FROM, expressions, paths, filters or subqueries; any
    other text (or one this reads in any doubt) gives False.
    """
    if op.form != "SELECT":
        return False
    tokens = list(op.tokens)
    i = _skip_prologue(tokens)
    n = len(tokens)

    def at(k: int) -> Token | None:
        return tokens[k] if k < n else None

    if not (tok := at(i)) or not tok.is_word("SELECT"):
        return False
    i += 1
    projected: list[str] = []
    if (tok := at(i)) is not None and tok.kind == "punct" and tok.text == "*":
        i += 1
    else:
        while (tok := at(i)) is not None and tok.kind == "var":
            projected.append(tok.text)
            i += 1
        if not projected:
            return False
    if (tok := at(i)) is not None and tok.is_word("WHERE"):
        i += 1
    if not ((tok := at(i)) and tok.kind == "punct" and tok.text == "{"):
        return False
    subject, predicate, obj = at(i + 1), at(i + 2), at(i + 3)
    i += 4
    if subject is None or subject.kind not in _TERM_KINDS:
        return False
    if predicate is None or not (predicate.kind in (*_TERM_KINDS, "var") or predicate.text == "a"):
        return False
    if predicate.kind == "word" and predicate.text != "a":
        return False
    if obj is None or obj.kind not in (*_TERM_KINDS, "var", "string", "number"):
        return False
    if obj.kind == "string" and (tok := at(i)) is not None and tok.kind == "langtag":
        i += 1
    variables = [t.text[1:] for t in (predicate, obj) if t.kind == "var"]
    if len(set(variables)) != len(variables):
        return False
    if (tok := at(i)) is not None and tok.kind == "punct" and tok.text == ".":
        i += 1
    if not ((tok := at(i)) and tok.kind == "punct" and tok.text == "}"):
        return False
    i += 1
    if i == n:
        return True
    tok, number = at(i), at(i + 1)
    return bool(tok and tok.is_word("LIMIT") and number and number.kind == "number"
                and number.text.isdigit() and i + 2 == n)  # fmt: skip


# -- the plainest lookups, recognised without tokenizing --------------------------------
_WS = r"[ \t\r\n]"
#: An absolute IRI written plainly: no escapes, nothing a tokenizer could read otherwise.
_PLAIN_IRI = r'<[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*>'
#: An ASCII variable, followed by nothing that could continue its name.
_PLAIN_VAR = r"[?$][A-Za-z0-9_]+(?![^ \t\r\n.{}])"
_PLAIN_LOOKUP = re.compile(
    rf"{_WS}*(?i:SELECT)(?P<vars>(?:{_WS}+{_PLAIN_VAR})+{_WS}*|{_WS}*\*{_WS}*)"
    rf"(?:(?i:WHERE){_WS}*)?\{{{_WS}*"
    rf"(?P<s>{_PLAIN_IRI}){_WS}+(?P<p>{_PLAIN_VAR}|{_PLAIN_IRI}|a){_WS}+"
    rf"(?P<o>{_PLAIN_VAR}|{_PLAIN_IRI}){_WS}*\.?{_WS}*\}}"
    rf"(?:{_WS}*(?i:LIMIT){_WS}+(?P<limit>[0-9]+))?{_WS}*"
)
#: What a text :func:`plain_lookup` accepts measures at most, in the terms of
#: :mod:`diplokg.sparql.structure` (one group; ``*`` counts as one link): an endpoint
#: whose limits are at least these needs no structure check for it.
PLAIN_LOOKUP_NESTING = 1
PLAIN_LOOKUP_DEPTH = 2


def plain_lookup(text: str, max_rows: int) -> tuple[str, bool] | None:
    """The row-capped text of a plain one-subject lookup, and whether the cap was
    imposed: exactly what :func:`cap_rows` gives, for a text that
    :func:`is_bounded_lookup` accepts, that :func:`check_operation` lets through under
    any SERVICE allowlist and structure limits of at least :data:`PLAIN_LOOKUP_NESTING`
    and :data:`PLAIN_LOOKUP_DEPTH`, and that ``with_base`` leaves unchanged (only
    absolute IRIs). None for anything else (which then takes the tokenized way)::

        SELECT ?p ?o WHERE { <http://x/s> ?p ?o } LIMIT 10

    No prologue, comments, prefixed names, literals or escapes; ASCII variable names.
    It is a regular expression and a few string operations: the commonest request of
    a linked-data client costs no tokenizing (``tests/unit/test_bounded_lookup.py``
    checks it against the tokenized way).
    """
    if max_rows <= 0:
        return None
    m = _PLAIN_LOOKUP.fullmatch(text)
    if m is None:
        return None
    pred, obj = m["p"], m["o"]
    if pred[0] in "?$" and obj[0] in "?$" and pred[1:] == obj[1:]:
        return None  # a repeated variable filters: not a plain scan
    for term in (m["s"], pred, obj):
        if term[0] == "<" and not urlsplit(term[1:-1]).scheme:
            return None  # relative to a base after all
    limit = m["limit"]
    if limit is None:
        return f"{text}\nLIMIT {max_rows}\n", True
    if int(limit) <= max_rows:
        return text, False
    start, end = m.span("limit")
    return text[:start] + str(max_rows) + text[end:], True
