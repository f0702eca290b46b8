"""Saved analyst queries: ``queries/*.rq`` files with a grlc-style comment header.

A saved query starts with comment lines beginning ``#+``::

    #+ title: Who did a leader talk to
    #+ description: Contacts of a person between two dates, by channel.
    #+ params:
    #+   - name: person  type: iri  default: https://w3id.org/diplokg/resource/person/xi-jinping
    #+   - name: from  type: date  default: 2025-01-01  description: first day

Each parameter item is one line whose fields (``name``, ``type``, ``default``,
``description``) are separated by two or more spaces; ``name`` and ``type`` are
required. A parameter is a plain SPARQL variable (``?person``) of the query body,
listed in its SELECT clause, that the caller binds by substitution
(:func:`bind_params`); every query also runs with its parameters unbound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import Literal, NamedNode, Variable

from diplokg.api.sparql_lexer import LexError, Token, tokenize
from diplokg.rdf.vocab import XSD, XSD_DATE

PARAM_TYPES = ("iri", "string", "date", "integer")
_HEADER_PREFIX = "#+"
_KEYS = ("title", "description", "params")
_PARAM_FIELDS = ("name", "type", "default", "description")
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIELD_SEP = re.compile(r"\s{2,}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
# Characters that may not appear in an IRI (RFC 3987) or that would break SPARQL.
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")
XSD_INTEGER = NamedNode(XSD + "integer")


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a saved query: a SPARQL variable with a type."""

    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its file stem as ``name``, header metadata and SPARQL text."""

    name: str
    title: str
    description: str
    params: list[QueryParam] = field(default_factory=list)
    sparql: str = ""

    def param(self, name: str) -> QueryParam:
        """The parameter called ``name`` (raises KeyError when there is none)."""
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


def load_saved_queries(queries_dir: Path) -> dict[str, SavedQuery]:
    """Read every ``*.rq`` file of ``queries_dir``, keyed by file stem, sorted by name.

    Raises ValueError naming the file when a header is malformed.
    """
    queries: dict[str, SavedQuery] = {}
    for path in sorted(Path(queries_dir).glob("*.rq")):
        query = parse_saved_query(path.stem, path.read_text(encoding="utf-8"), source=str(path))
        queries[query.name] = query
    return queries


def parse_saved_query(name: str, text: str, *, source: str = "<string>") -> SavedQuery:
    """Parse one saved query's text; ``source`` names it in error messages."""
    lines = text.splitlines()
    header: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith(_HEADER_PREFIX):
            break
        header.append((number, line[len(_HEADER_PREFIX) :]))
    if not header:
        raise ValueError(f"{source}: no '#+' header (expected '#+ title: ...' on line 1)")

    meta: dict[str, str] = {}
    params: list[QueryParam] = []
    in_params = False
    for number, content in header:
        where = f"{source}:{number}"
        stripped = content.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            if not in_params:
                raise ValueError(f"{where}: parameter item outside a 'params:' list")
            params.append(_parse_param(stripped[2:], where))
            continue
        key, sep, value = stripped.partition(":")
        key = key.strip()
        if not sep or key not in _KEYS:
            raise ValueError(f"{where}: expected one of {', '.join(_KEYS)} as 'key: value'")
        if key in meta:
            raise ValueError(f"{where}: '{key}' given twice")
        meta[key] = value.strip()
        in_params = key == "params"
        if in_params and meta[key]:
            raise ValueError(f"{where}: 'params:' takes its items on the following lines")

    if not meta.get("title"):
        raise ValueError(f"{source}: the header has no 'title:'")
    body = "\n".join(lines[len(header) :])
    seen: set[str] = set()
    for p in params:
        if p.name in seen:
            raise ValueError(f"{source}: parameter '{p.name}' declared twice")
        seen.add(p.name)
        if not re.search(rf"[?$]{p.name}\b", body):
            raise ValueError(f"{source}: parameter '{p.name}' is not a variable of the query")
    return SavedQuery(
        name=name,
        title=meta["title"],
        description=meta.get("description", ""),
        params=params,
        sparql=text,
    )


def _parse_param(item: str, where: str) -> QueryParam:
    """Parse ``name: x  type: iri  default: v  description: ...`` (one line)."""
    fields: dict[str, str] = {}
    for chunk in _FIELD_SEP.split(item.strip()):
        key, sep, value = chunk.partition(":")
        key = key.strip()
        if not sep or key not in _PARAM_FIELDS:
            raise ValueError(
                f"{where}: bad parameter field {chunk!r} (fields are "
                f"{', '.join(_PARAM_FIELDS)}, separated by two or more spaces)"
            )
        if key in fields:
            raise ValueError(f"{where}: parameter field '{key}' given twice")
        fields[key] = value.strip()
    name = fields.get("name", "")
    if not _VAR_NAME.fullmatch(name):
        raise ValueError(f"{where}: parameter name {name!r} is not a SPARQL variable name")
    ptype = fields.get("type", "")
    if ptype not in PARAM_TYPES:
        raise ValueError(
            f"{where}: parameter '{name}' has type {ptype!r}; use one of {PARAM_TYPES}"
        )
    param = QueryParam(
        name=name,
        type=ptype,
        default=fields.get("default") or None,
        description=fields.get("description", ""),
    )
    if param.default is not None:
        try:
            to_term(param.type, param.default)
        except ValueError as exc:
            raise ValueError(f"{where}: bad default for '{name}': {exc}") from exc
    return param


def bind_params(query: SavedQuery, values: dict[str, str]) -> dict[Variable, NamedNode | Literal]:
    """Turn parameter values (strings) into variable bindings for substitution.

    A parameter missing from ``values`` takes its default; one given as the empty
    string, or without a default, stays unbound (the query then ignores that
    filter). Raises ValueError on unknown parameters and on values that are not of
    the parameter's type.
    """
    known = {p.name for p in query.params}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(
            f"query '{query.name}' has no parameter {', '.join(map(repr, unknown))}"
            f" (parameters: {', '.join(sorted(known)) or 'none'})"
        )
    bindings: dict[Variable, NamedNode | Literal] = {}
    for p in query.params:
        raw = values.get(p.name, p.default)
        if raw is None or raw.strip() == "":
            continue
        try:
            bindings[Variable(p.name)] = to_term(p.type, raw.strip())
        except ValueError as exc:
            raise ValueError(f"parameter '{p.name}' of query '{query.name}': {exc}") from exc
    return bindings


def with_defaults_inlined(query: SavedQuery) -> str:
    """The query text with its parameters written in, for an editor (the query UI).

    A ``VALUES`` block naming every parameter is put first in the outermost ``WHERE``
    group: defaults as RDF terms (serialised by pyoxigraph, never pasted raw), ``UNDEF``
    for a parameter without one, so running the text gives what the API gives with
    default parameters, and the analyst sees where to change them. The text is returned
    unchanged when the query has no parameters or no group to put the block in.
    """
    if not query.params:
        return query.sparql
    at = _outer_group_start(query.sparql)
    if at is None:
        return query.sparql
    names = " ".join(f"?{p.name}" for p in query.params)
    values = " ".join(
        "UNDEF" if p.default is None else str(to_term(p.type, p.default)) for p in query.params
    )
    block = (
        "\n  # parameters (defaults from the header): change a value, or write UNDEF to"
        f" leave it open\n  VALUES ({names}) {{ ({values}) }}\n"
    )
    return query.sparql[:at] + block + query.sparql[at:].lstrip("\n")


def _outer_group_start(text: str) -> int | None:
    """Offset just past the ``{`` opening the outermost WHERE group (None: none found)."""
    try:
        tokens = tokenize(text)
    except LexError:
        return None
    form = next((t for t in tokens if t.is_word(*_QUERY_FORMS)), None)
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.text == "}":
            depth -= 1
        elif tok.text == "{":
            if depth == 0 and _opens_where_group(tokens, i, form):
                return tok.end
            depth += 1
    return None


def _opens_where_group(tokens: list[Token], i: int, form: Token | None) -> bool:
    """True when the top-level ``{`` at ``tokens[i]`` opens the query's WHERE group."""
    if i > 0 and tokens[i - 1].is_word("WHERE"):
        # CONSTRUCT WHERE { ... } is a template, where VALUES may not go
        return not (i > 1 and tokens[i - 2].is_word("CONSTRUCT"))
    # SELECT, ASK and DESCRIBE may leave out the WHERE keyword
    return form is not None and not form.is_word("CONSTRUCT") and tokens[i].start > form.start


_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def to_term(ptype: str, value: str) -> NamedNode | Literal:
    """Convert a string to the RDF term of a parameter type (ValueError if invalid)."""
    if ptype == "iri":
        return _iri(value)
    if ptype == "date":
        if not _DATE.fullmatch(value):
            raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date") from exc
        return Literal(value, datatype=XSD_DATE)
    if ptype == "integer":
        if not _INTEGER.fullmatch(value):
            raise ValueError(f"{value!r} is not an integer")
        return Literal(str(int(value)), datatype=XSD_INTEGER)
    if ptype == "string":
        return Literal(value)
    raise ValueError(f"unknown parameter type {ptype!r}")


def _iri(value: str) -> NamedNode:
    """An absolute http(s) IRI as a NamedNode (ValueError otherwise)."""
    if _IRI_FORBIDDEN.search(value):
        raise ValueError(f"{value!r} contains characters not allowed in an IRI")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an absolute http(s) IRI")
    try:
        return NamedNode(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid IRI: {exc}") from exc
